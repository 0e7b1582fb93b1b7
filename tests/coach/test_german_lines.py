"""The coach's lines in German for the situations a user meets first: a step up, a hold
for missing pain, a red flag, a gap; no English word may be left in them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support_english import english_left

from hipcoach import i18n
from hipcoach.coach.prescribe import plan_next
from hipcoach.coach.profile import Profile
from hipcoach.coach.safety import RED_FLAG_IDS
from hipcoach.program.catalog import discover

from .helpers import TODAY, session, sets

DRILL = "pure-hip-extension"
ALL_NO = Profile(red_flags=dict.fromkeys(RED_FLAG_IDS, False), screened_on=TODAY - timedelta(days=3))


@pytest.fixture
def german():
    i18n.use("de")
    yield
    i18n.use("en")


def _programme():
    return next(e.program for e in discover(None) if e.id == "hip-extension")


def _drill(days_ago: int, sid: int, *, pain: int | None = 1, after: int | None = 1):
    both = sets(DRILL, [5, 5], 5, pain=pain, side="left") + sets(DRILL, [5, 5], 5, pain=pain,
                                                                  side="right")
    return session(days_ago, both, sid=sid, stage="foundation", program="hip-extension",
                   before=1 if after is not None else None, after=after)


def _plan(history, profile=ALL_NO):
    return plan_next(_programme(), history, today=TODAY, profile=profile)


def _line(plan, rule: str, name: str = "") -> str:
    return next(line for line in plan.lines() if f"[{rule} ·" in line and line.startswith(name))


def _all_german(plan) -> str:
    text = "\n".join(plan.lines())
    assert english_left(text) == [], text
    return text


def test_a_step_up_in_german(german):
    plan = _plan([_drill(4, 1), _drill(2, 2)])
    line = _line(plan, "R1")
    assert line.startswith("Reine Hüftstreck-Übung: 2x5 geschafft mit Schmerz 1 oder weniger -> 2x6")
    assert line.endswith("[R1 · doppelte Progression]")
    _all_german(plan)


def test_a_hold_for_missing_pain_in_german(german):
    plan = _plan([_drill(4, 1, pain=None, after=None), _drill(2, 2, pain=None, after=None)])
    assert "Schmerz nicht eingetragen" in _line(plan, "E2")
    assert plan.needs_pain is not None and "Bitte geben Sie" in plan.needs_pain
    _all_german(plan)


def test_a_red_flag_holds_in_german(german):
    flagged = Profile(red_flags={**dict.fromkeys(RED_FLAG_IDS, False), "night_pain": True},
                      screened_on=TODAY - timedelta(days=1))
    plan = _plan([_drill(4, 1), _drill(2, 2)], flagged)
    assert plan.hold is not None
    assert plan.hold.startswith("Steigerung angehalten: Sie haben mit Ja geantwortet bei: "
                                "starke anhaltende Nachtschmerzen")
    assert flagged.advice().message.startswith("Sie haben mit Ja geantwortet")
    assert english_left(flagged.advice().message) == []
    _all_german(plan)


@pytest.mark.parametrize(("days", "rule", "words"), [
    (15, "G1", "zurück nach 15 Tagen: diesmal weniger Umfang"),
    (40, "G2", "40 Tage seit dem letzten Mal: sanft neu beginnen"),
])
def test_a_gap_in_german(german, days, rule, words):
    plan = _plan([_drill(days + 2, 1), _drill(days, 2)])
    assert words in _line(plan, rule, "Reine Hüftstreck-Übung")
    text = _all_german(plan)
    if rule == "G2":
        assert "Zurück nach 40 Tagen: Jede Übung beginnt sanft wieder" in text


def test_the_same_history_in_english_is_unchanged():
    plan = _plan([_drill(4, 1), _drill(2, 2)])
    assert _line(plan, "R1").startswith("Pure hip extension drill: 2x5 done with pain 1 or less -> 2x6")

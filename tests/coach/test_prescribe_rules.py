"""Table-driven: histories that must progress, and histories that must not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from hipcoach.coach.history import SessionLog
from hipcoach.coach.prescribe import plan_next
from hipcoach.coach.rules import CoachConfig

from .helpers import TODAY, make_program, session, sets


@dataclass(frozen=True)
class Case:
    name: str
    history: Callable[[], list[SessionLog]]
    slot: str
    step: str
    expect: dict[str, Any]
    line_has: tuple[str, ...] = ()
    ladders: dict[str, str] | None = None


def topped_bridge(days_ago: int, pain: int | None = 1) -> SessionLog:
    return session(days_ago, sets("bridge", [12, 12, 12], 12, pain=pain))


MUST_PROGRESS = [
    Case("bodyweight: every set reached the target -> +1 rep",
         lambda: [session(2, sets("bridge", [9, 9, 10], 9, pain=2))],
         "bridge", "reps_up", {"sets": 3, "reps": 10, "load": "bodyweight"},
         ("Glute bridge: 3x9 done with pain 2 or less -> 3x10",)),
    Case("bodyweight at the top, ladder, mastered 3 sessions in a row -> harder variant",
         lambda: [topped_bridge(6), topped_bridge(4, 2), topped_bridge(2, 0)],
         "bridge", "variant_up", {"exercise": "slb", "sets": 3, "reps": 6},
         ("Glute bridge: 3x12 3 times in a row with pain 2 or less -> single-leg bridge 3x6",),
         {"bridge": "slb"}),
    Case("the mastery count is configurable: twice is enough with N = 2",
         lambda: [topped_bridge(4), topped_bridge(2)],
         "bridge", "variant_up", {"exercise": "slb"}, ("3x12 twice with pain 1 or less",),
         {"bridge": "slb"}),
    Case("weight at the top, effort 7 -> +2.5 kg, back to the bottom",
         lambda: [session(2, sets("rdl", [12, 12, 12], 12, load="6kg", rpe=7))],
         "rdl", "load_up", {"reps": 8, "load": "8.5kg"}, ("effort 7", "-> 3x8 at 8.5kg")),
    Case("weight at the top, effort 6 -> +5 kg",
         lambda: [session(2, sets("rdl", [12, 12, 12], 12, load="6kg", rpe=6))],
         "rdl", "load_up", {"reps": 8, "load": "11kg"}),
    Case("weight at the top, no effort logged -> the smallest step",
         lambda: [session(2, sets("rdl", [12, 12, 12], 12, load="6kg"))],
         "rdl", "load_up", {"reps": 8, "load": "8.5kg"}),
    Case("weight at the top, effort 8 -> the smallest step (double progression)",
         lambda: [session(2, sets("rdl", [12, 12, 12], 12, load="6kg", rpe=8))],
         "rdl", "load_up", {"reps": 8, "load": "8.5kg"}),
    Case("weight in lb: effort 7 -> +5 lb",
         lambda: [session(2, sets("rdl", [12, 12, 12], 12, load="15lb", rpe=7))],
         "rdl", "load_up", {"load": "20lb"}),
    Case("weight, target met at effort 8 -> +1 rep, same load",
         lambda: [session(2, sets("rdl", [9, 9, 9], 9, load="6kg", rpe=8))],
         "rdl", "reps_up", {"reps": 10, "load": "6kg"}),
    Case("weight, target met at effort 7 -> +2.5 kg, same reps",
         lambda: [session(2, sets("rdl", [9, 9, 9], 9, load="6kg", rpe=7))],
         "rdl", "load_up", {"reps": 9, "load": "8.5kg"}),
    Case("weight, effort 9 -> -2.5 kg",
         lambda: [session(2, sets("rdl", [9, 9, 8], 9, load="6kg", rpe=9))],
         "rdl", "load_down", {"reps": 9, "load": "3.5kg"}),
    Case("weight, effort 10 -> -5 kg",
         lambda: [session(2, sets("rdl", [9, 7, 6], 9, load="10kg", rpe=10))],
         "rdl", "load_down", {"load": "5kg"}),
    Case("band at the top -> the next colour, back to the bottom",
         lambda: [session(2, sets("banded", [15, 15], 15, load="band:red"))],
         "banded", "load_up", {"reps": 10, "load": "band:green"}, ("green band",)),
    Case("holds all done -> +5 s",
         lambda: [session(2, sets("squeeze", [5, 5], 5, hold=10))],
         "squeeze", "hold_up", {"hold_s": 15.0, "reps": 5}, ("holds of 15 s",)),
    Case("amber pain (4) still allows +1 rep",
         lambda: [session(2, sets("bridge", [9, 9, 9], 9, pain=4))],
         "bridge", "reps_up", {"reps": 10}),
    Case("after a deload week, progression resumes from the last loading session",
         lambda: [session(d, sets("bridge", [9, 9, 9], 9)) for d in (30, 26, 22, 18, 12)]
         + [session(5, sets("bridge", [5, 5], 5))],  # day 25: week 4 of the block, lighter
         "bridge", "reps_up", {"reps": 10, "sets": 3}),
]

MUST_NOT_PROGRESS = [
    Case("no history -> the programme as written",
         lambda: [], "bridge", "as_written", {"sets": 3, "reps": 8, "load": "bodyweight"},
         ("no history yet -> 3x8 as written",)),
    Case("red pain during the last session -> repeat",
         lambda: [session(2, sets("bridge", [9, 9, 9], 9, pain=7))],
         "bridge", "repeat", {"level.reps": 9, "deload": True},
         ("pain 7 during the session", "no progression -> 2x8 instead of 3x9")),
    Case("red pain in another exercise of the last session also blocks",
         lambda: [session(2, sets("bridge", [9, 9, 9], 9, pain=1), sets("rdl", [8] * 3, 8, pain=8,
                                                                          load="6kg"))],
         "bridge", "repeat", {"level.reps": 9}),
    Case("next-morning pain above the usual level -> repeat",
         lambda: [session(9, sets("bridge", [8, 8, 8], 8), before=2),
                  session(2, sets("bridge", [9, 9, 9], 9, pain=2), before=2, morning=5)],
         "bridge", "repeat", {"level.reps": 9}, ("pain 5 the next morning, above your usual 2",)),
    Case("contradictory check-ins (calm after, bad morning) are read conservatively",
         lambda: [session(2, sets("bridge", [9, 9, 9], 9, pain=0), before=1, after=0, morning=6)],
         "bridge", "repeat", {"level.reps": 9}, ("next morning",)),
    Case("not every set reached the target -> repeat",
         lambda: [session(2, sets("bridge", [9, 9, 7], 9))],
         "bridge", "repeat", {"reps": 9}, ("not every set reached 9",)),
    Case("fewer sets than asked -> repeat",
         lambda: [session(2, sets("bridge", [9, 9], 9))],
         "bridge", "repeat", {"reps": 9}, ("2 of 3 sets done",)),
    Case("weight at the top but effort 9 -> stay at this load",
         lambda: [session(2, sets("rdl", [12, 12, 12], 12, load="6kg", rpe=9))],
         "rdl", "repeat", {"reps": 12, "load": "6kg"}, ("effort 9",)),
    Case("weight, effort 7 but reps missed -> repeat, no load added",
         lambda: [session(2, sets("rdl", [9, 8, 7], 9, load="6kg", rpe=7))],
         "rdl", "repeat", {"load": "6kg"}),
    Case("hold cut short -> repeat",
         lambda: [session(2, sets("squeeze", [5], 5, hold=10) + sets("squeeze", [5], 5, hold=7,
                                                                      first=2))],
         "squeeze", "repeat", {"hold_s": 10.0}, ("not every hold reached 10 s",)),
    Case("a programme without a ladder: at the top -> stay, and say why",
         lambda: [topped_bridge(6), topped_bridge(4), topped_bridge(2)],
         "bridge", "stay", {"reps": 12, "exercise": "bridge"}, ("lists no harder variant",)),
    Case("a ladder naming an exercise that does not exist -> stay, and say why",
         lambda: [topped_bridge(6), topped_bridge(4), topped_bridge(2)],
         "bridge", "stay", {"exercise": "bridge"}, ("'nope', which is not in the programme",),
         {"bridge": "nope"}),
    Case("at the top only twice of the three sessions needed -> stay",
         lambda: [topped_bridge(4), topped_bridge(2)],
         "bridge", "stay", {"exercise": "bridge"}, ("twice so far; 3 in a row",), {"bridge": "slb"}),
    Case("at the top but amber pain -> no harder variant yet",
         lambda: [topped_bridge(6, 4), topped_bridge(4, 4), topped_bridge(2, 4)],
         "bridge", "stay", {"exercise": "bridge"}, ("pain was not green",), {"bridge": "slb"}),
    Case("a band colour outside the known order -> stay",
         lambda: [session(2, sets("banded", [15, 15], 15, load="band:purple"))],
         "banded", "stay", {"load": "band:purple"}),
    Case("two weeks off -> repeat",
         lambda: [session(20, sets("bridge", [9, 9, 9], 9))],
         "bridge", "repeat", {"reps": 9}, ("back after 20 days",)),
    Case("months off -> restart gently from the programme's start, not where left off",
         lambda: [session(200, sets("bridge", [12, 12, 12], 12)),
                  session(100, sets("bridge", [12, 12, 12], 12))],
         "bridge", "restart", {"sets": 2, "reps": 7},
         ("100 days since", "the programme's start, about 40% less")),
    Case("two red sessions in a row on a weight -> one load step back",
         lambda: [session(4, sets("rdl", [9, 9, 9], 9, load="8kg", pain=7)),
                  session(2, sets("rdl", [9, 9, 9], 9, load="8kg", pain=6))],
         "rdl", "step_back", {"load": "5.5kg", "deload": True}, ("red in the last 2 sessions",)),
    Case("two red sessions on a harder variant -> back to the easier rung",
         lambda: [topped_bridge(12), session(4, sets("slb", [6] * 3, 6, side="left", pain=7)
                                             + sets("slb", [6] * 3, 6, side="right", pain=7)),
                  session(2, sets("slb", [6] * 3, 6, side="left", pain=8)
                          + sets("slb", [6] * 3, 6, side="right", pain=8))],
         "bridge", "step_back", {"exercise": "bridge", "deload": True},
         ("Single-leg bridge: red in the last 2 sessions", "back to glute bridge"),
         {"bridge": "slb"}),
    Case("two red sessions at the easiest level -> repeat, lighter",
         lambda: [session(4, sets("bridge", [8] * 3, 8, pain=7)),
                  session(2, sets("bridge", [8] * 3, 8, pain=7))],
         "bridge", "repeat", {"exercise": "bridge", "deload": True}, ("easiest level",)),
    Case("a warm-up is done as written",
         lambda: [session(2, sets("rock", [8], 8))], "rock", "as_written", {"reps": 8}),
    Case("a timed block is done as written",
         lambda: [], "march", "as_written", {"work_s": 60.0}, ("60 s as written",)),
]


def _check(case: Case, config: CoachConfig | None = None) -> None:
    program = make_program(case.ladders)
    plan = plan_next(program, case.history(), today=TODAY, config=config, stage_id="one")
    p = plan.prescription_for(case.slot)
    assert p is not None
    assert p.step == case.step, p.line
    for key, value in case.expect.items():
        holder: Any = p
        for part in key.split("."):
            holder = getattr(holder, part)
        assert holder == value, (key, p)
    for text in case.line_has:
        assert text in p.line, p.line
    assert p.line.count("->") == (0 if p.step == "as_written" and p.phase == "warmup" else 1)
    assert "\n" not in p.line


@pytest.mark.parametrize("case", MUST_PROGRESS, ids=lambda c: c.name)
def test_histories_that_must_progress(case: Case) -> None:
    config = CoachConfig(mastery_sessions=2) if "N = 2" in case.name else None
    _check(case, config)


@pytest.mark.parametrize("case", MUST_NOT_PROGRESS, ids=lambda c: c.name)
def test_histories_that_must_not_progress(case: Case) -> None:
    _check(case)


def test_weaker_side_goes_first_with_an_extra_set() -> None:
    history = [session(2, sets("lunge", [6, 6, 6], 6, side="left"),
                       sets("lunge", [8, 8, 8], 6, side="right"))]
    p = plan_next(make_program(), history, today=TODAY, stage_id="one").prescription_for("lunge")
    assert p is not None
    assert p.side_order == ("left", "right") and p.extra_set_side == "left"
    assert p.step == "reps_up" and p.reps == 7
    assert "left side first (25% weaker than the right), plus one extra left set" in p.line


def test_right_side_weaker_goes_first() -> None:
    history = [session(2, sets("lunge", [9, 9, 9], 8, side="left"),
                       sets("lunge", [8, 8, 8], 8, side="right"))]
    p = plan_next(make_program(), history, today=TODAY, stage_id="one").prescription_for("lunge")
    assert p is not None and p.side_order == ("right", "left") and p.extra_set_side == "right"


def test_sides_within_ten_percent_keep_the_usual_order() -> None:
    history = [session(2, sets("lunge", [10, 10, 10], 8, side="left"),
                       sets("lunge", [10, 9, 10], 8, side="right"))]
    p = plan_next(make_program(), history, today=TODAY, stage_id="one").prescription_for("lunge")
    assert p is not None and p.side_order == ("left", "right") and p.extra_set_side is None


def test_no_extra_set_after_a_red_session() -> None:
    history = [session(2, sets("lunge", [6, 6, 6], 6, side="left", pain=8),
                       sets("lunge", [8, 8, 8], 6, side="right", pain=8))]
    p = plan_next(make_program(), history, today=TODAY, stage_id="one").prescription_for("lunge")
    assert p is not None and p.side_order[0] == "left" and p.extra_set_side is None
    assert p.step == "repeat"


def test_scheduled_deload_every_fourth_week() -> None:
    # Sessions twice a week for three weeks; today is in the fourth week of the block.
    history = [session(d, sets("bridge", [9, 9, 9], 9)) for d in (24, 21, 17, 14, 10, 7, 3)]
    plan = plan_next(make_program(), history, today=TODAY, stage_id="one")
    assert plan.deload.active and plan.deload.reason == "scheduled" and plan.deload.week == 4
    p = plan.prescription_for("bridge")
    assert p is not None and p.deload and p.step == "repeat"
    assert (p.sets, p.reps) == (2, 8)  # 3x9 = 27 -> about 16
    assert "deload week -> 2x8 instead of 3x9" in p.line
    assert plan.lines()[0].startswith("Deload week (every 4th week)")
    plan5 = plan_next(make_program(), history, today=TODAY,
                      config=CoachConfig(deload_every_weeks=5), stage_id="one")
    assert not plan5.deload.active


def test_a_flare_starts_a_lighter_week_at_once() -> None:
    history = [session(5, sets("bridge", [9, 9, 9], 9)),
               session(1, sets("bridge", [9, 9, 9], 9, pain=7))]
    plan = plan_next(make_program(), history, today=TODAY, stage_id="one")
    assert plan.deload.active and plan.deload.reason == "flare"
    assert "pain flare" in plan.lines()[0]
    assert all(p.deload for p in plan.prescriptions if p.phase in ("activation", "loaded"))
    assert not any(p.deload for p in plan.prescriptions if p.phase == "warmup")


def test_restart_after_months_off_says_so() -> None:
    history = [session(120, sets("bridge", [12, 12, 12], 12), sets("rdl", [12] * 3, 12, load="20kg"))]
    plan = plan_next(make_program(), history, today=TODAY, stage_id="one")
    assert plan.restart and plan.lines()[0].startswith("Back after 120 days")
    rdl = plan.prescription_for("rdl")
    assert rdl is not None and rdl.step == "restart" and rdl.load == "6kg"  # not 20kg
    assert plan.stage_advice.reason == "restart"


def test_sessions_of_other_programmes_are_ignored() -> None:
    history = [session(2, sets("bridge", [12, 12, 12], 12), program="something-else")]
    p = plan_next(make_program(), history, today=TODAY).prescription_for("bridge")
    assert p is not None and p.step == "as_written"


def test_future_sessions_are_ignored() -> None:
    history = [session(-3, sets("bridge", [9, 9, 9], 9))]
    p = plan_next(make_program(), history, today=TODAY).prescription_for("bridge")
    assert p is not None and p.step == "as_written"


def test_intake_adds_extension_cues_to_bridges_only() -> None:
    from hipcoach.coach.safety import Intake

    plan = plan_next(make_program(), [], today=TODAY,
                     intake=Intake(frozenset({"walking"}), "walking", 2))
    bridge = plan.prescription_for("bridge")
    rock = plan.prescription_for("rock")
    assert bridge is not None and rock is not None
    assert "Tilt the pelvis back before you lift" in bridge.extra_cues
    assert rock.extra_cues == ()


def test_usual_pain_from_the_intake_is_the_baseline_without_checkins() -> None:
    history = [session(2, sets("bridge", [9, 9, 9], 9), morning=4)]
    calm = plan_next(make_program(), history, today=TODAY, usual_pain=4).prescription_for("bridge")
    assert calm is not None and calm.step == "reps_up"
    sore = plan_next(make_program(), history, today=TODAY, usual_pain=1).prescription_for("bridge")
    assert sore is not None and sore.step == "repeat"


def test_a_red_session_in_another_programme_blocks_progression_too() -> None:
    history = [session(3, sets("bridge", [9, 9, 9], 9)),
               session(1, sets("drill", [5, 5], 5, pain=8), program="daily-drill")]
    plan = plan_next(make_program(), history, today=TODAY, stage_id="one")
    p = plan.prescription_for("bridge")
    assert p is not None and p.step == "repeat" and p.deload
    assert plan.deload.reason == "flare"


def test_the_played_programme_puts_the_weaker_side_first_with_its_extra_set() -> None:
    """What the player gets from a plan: side order and the extra set are in the file."""
    from dataclasses import replace

    from hipcoach.coach.prescribe import prescribed_program
    from hipcoach.program.catalog import resolve
    from hipcoach.session.set_tracker import set_spans
    from hipcoach.session.timeline import compile_stage

    program = resolve("hip-extension", None)
    plan = plan_next(program, [], today=TODAY, stage_id="unilateral-endurance")
    slb = plan.prescription_for("single-leg-bridge")
    assert slb is not None
    weaker = replace(slb, side_order=("right", "left"), extra_set_side="right")
    plan = replace(plan, prescriptions=tuple(weaker if p is slb else p
                                             for p in plan.prescriptions))
    timeline = compile_stage(prescribed_program(plan))
    spans = [(s.set_no, s.side) for s in set_spans(timeline) if s.exercise == "single-leg-bridge"]
    assert spans[0] == (1, "right")
    assert spans[-1] == (slb.sets + 1, "right")
    assert len(spans) == 2 * slb.sets + 1

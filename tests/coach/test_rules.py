"""Each rule on its own, table-driven."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hipcoach.coach.rules import (
    CoachConfig,
    block_starts,
    deload_state,
    deload_volume,
    effort_change,
    judge_pain,
    pain_light,
    side_balance,
    step_load,
)
from hipcoach.domain.entries import Load, SetEntry
from hipcoach.settings import Settings

CFG = CoachConfig()
D0 = date(2025, 1, 6)  # a block starts here


@pytest.mark.parametrize("pain, light", [(None, None), (0, "green"), (3, "green"), (4, "amber"),
                                         (5, "amber"), (6, "red"), (10, "red")])
def test_traffic_light(pain: int | None, light: str | None) -> None:
    assert pain_light(pain, CFG) == light


def test_traffic_light_follows_the_settings() -> None:
    config = CoachConfig.from_settings(Settings(pain_green_max=2, pain_amber_max=4))
    assert (pain_light(3, config), pain_light(5, config)) == ("amber", "red")
    assert CoachConfig.from_settings(Settings(deload_every_weeks=6)).deload_every_weeks == 6
    with pytest.raises(ValueError, match="unknown coach setting"):
        CoachConfig.from_settings(Settings(), nope=1)
    with pytest.raises(ValueError, match="deload_every_weeks"):
        CoachConfig(deload_every_weeks=7)


@pytest.mark.parametrize("during, after, morning, baseline, light", [
    (None, None, None, None, None),
    (2, None, None, None, "green"),
    (4, None, None, None, "amber"),
    (6, None, None, None, "red"),
    (2, 7, None, None, "red"),  # right after counts as during
    (0, 0, 1, 0.0, "green"),  # a one-point rise inside green is noise
    (0, 0, 2, 0.0, "red"),  # two points up
    (3, 3, 4, 3.0, "red"),  # one point up, out of green
    (2, 2, 3, 3.0, "green"),  # back to the usual level
    (None, None, 5, None, "red"),  # no baseline: the green limit stands in
    (None, None, 2, None, "green"),
    (5, None, 9, 8.0, "red"),  # outside green every rise counts, even from a high usual level
    (5, None, 8, 8.0, "amber"),  # the usual level is not a rise
])
def test_judge_pain(during, after, morning, baseline, light) -> None:  # type: ignore[no-untyped-def]
    assert judge_pain(during, after, morning, baseline, CFG).light == light


def test_any_morning_rise_counts_with_margin_zero() -> None:
    strict = CoachConfig(morning_margin=0)
    assert judge_pain(0, 0, 1, 0.0, strict).red


@pytest.mark.parametrize("rpe, unit, change", [
    (None, "kg", None), (4, "kg", 5.0), (5, "kg", 5.0), (6, "kg", 5.0), (7, "kg", 2.5),
    (8, "kg", 0.0), (9, "kg", -2.5), (10, "kg", -5.0), (6, "lb", 10.0), (7, "lb", 5.0),
    (9, "lb", -5.0), (10, "lb", -10.0), (7, "band", None),
])
def test_effort_table(rpe: int | None, unit: str, change: float | None) -> None:
    assert effort_change(rpe, unit) == change


@pytest.mark.parametrize("load, direction, result", [
    ("6kg", 1, "8.5kg"), ("6kg", -1, "3.5kg"), ("2kg", -1, "0kg"), ("0kg", -1, None),
    ("10lb", 1, "15lb"), ("band:red", 1, "band:green"), ("band:yellow", -1, None),
    ("band:gold", 1, None), ("band:purple", 1, None), ("bodyweight", 1, None),
])
def test_one_load_step(load: str, direction: int, result: str | None) -> None:
    stepped = step_load(Load.parse(load), direction)
    assert (str(stepped) if stepped else None) == result


@pytest.mark.parametrize("sets, reps, hold, expected", [
    (3, 12, None, (2, 11, None)),
    (3, 8, None, (2, 7, None)),
    (2, 10, None, (2, 6, None)),
    (1, 12, None, (1, 7, None)),
    (2, 5, 10.0, (2, 3, 10.0)),
    (1, 1, 60.0, (1, 1, 36.0)),
    (1, 1, None, (1, 1, None)),
])
def test_deload_volume_is_about_forty_percent_less(sets, reps, hold, expected) -> None:  # type: ignore[no-untyped-def]
    assert deload_volume(sets, reps, hold, 0.4) == expected


@pytest.mark.parametrize("sets", range(1, 6))
@pytest.mark.parametrize("reps", range(1, 21))
def test_deload_volume_always_less_and_never_more_sets_or_reps(sets: int, reps: int) -> None:
    new_sets, new_reps, _ = deload_volume(sets, reps, None, 0.4)
    assert 1 <= new_sets <= sets and 1 <= new_reps <= reps
    if sets * reps > 1:
        assert new_sets * new_reps < sets * reps
        assert new_sets * new_reps <= round(0.75 * sets * reps)


@pytest.mark.parametrize("day, every, active", [
    (0, 4, False), (20, 4, False), (21, 4, True), (27, 4, True), (28, 4, False),
    (49, 4, True), (21, 3, False), (14, 3, True), (28, 5, True), (35, 6, True), (34, 6, False),
])
def test_scheduled_deload_calendar(day: int, every: int, active: bool) -> None:
    state = deload_state(D0 + timedelta(days=day), D0, [], every)
    assert state.active is active
    assert state.reason == ("scheduled" if active else None)


def test_a_flare_deload_lasts_seven_days_and_moves_the_next_scheduled_one() -> None:
    flare = D0 + timedelta(days=9)
    assert deload_state(flare, D0, [flare], 4).reason == "flare"
    assert deload_state(flare + timedelta(days=6), D0, [flare], 4).active
    assert not deload_state(flare + timedelta(days=7), D0, [flare], 4).active
    # Week 4 (days 21-27) would start 5 days after the flare's week: skipped.
    assert not deload_state(D0 + timedelta(days=22), D0, [flare], 4).active
    assert deload_state(D0 + timedelta(days=50), D0, [flare], 4).active  # week 8 as usual
    later = deload_state(D0 + timedelta(days=17), D0, [flare], 4)
    assert later.next_scheduled == D0 + timedelta(days=49)


def test_blocks_restart_after_a_long_break() -> None:
    days = [D0, D0 + timedelta(days=3), D0 + timedelta(days=80), D0 + timedelta(days=82)]
    assert block_starts(days, 56) == [D0, D0, days[2], days[2]]


def _side_sets(left: list[int], right: list[int]) -> list[SetEntry]:
    return ([SetEntry(1, "x", n, r, side="left") for n, r in enumerate(left, 1)]
            + [SetEntry(1, "x", n, r, side="right") for n, r in enumerate(right, 1)])


@pytest.mark.parametrize("left, right, weaker", [
    ([10, 10], [10, 10], None), ([9, 10], [10, 10], None), ([8, 8], [10, 10], "left"),
    ([10, 10], [7, 8], "right"), ([0, 0], [0, 0], None),
])
def test_side_balance(left: list[int], right: list[int], weaker: str | None) -> None:
    balance = side_balance(_side_sets(left, right), 0.10)
    assert balance is not None and balance.weaker == weaker


def test_side_balance_needs_both_sides() -> None:
    assert side_balance(_side_sets([10], []), 0.10) is None


@pytest.mark.parametrize("during, after, morning", [(-1, None, None), (11, None, None),
                                                    (None, 42, None), (None, None, -3)])
def test_pain_outside_the_scale_is_unknown_never_green(during, after, morning) -> None:
    from hipcoach.coach.rules import judge_pain

    check = judge_pain(during, after, morning, 2.0, CoachConfig())
    assert not check.green and not check.recorded


@pytest.mark.parametrize(("during", "after", "said"), [
    (None, 4, "pain 4 after the session"),   # amber, given on the end screen
    (4, None, "pain 4 during the session"),  # amber, given with a set
    (3, 5, "pain 5 after the session"),
    (None, 8, "pain 8 after the session"),   # red
    (8, 2, "pain 8 during the session"),
])
def test_the_reason_says_when_the_pain_was_given(during, after, said) -> None:  # type: ignore[no-untyped-def]
    assert list(judge_pain(during, after, None, None, CFG).reasons) == [said]

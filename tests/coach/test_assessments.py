"""Re-tests: validation, norm bands with sources, when due, and the re-test session."""

from __future__ import annotations

from datetime import date

import pytest

from hipcoach.coach.assessments import (
    compare,
    interpret,
    result_fields,
    retest_due,
    retest_program,
    retest_reminder,
)
from hipcoach.domain.assessments import TESTS, AssessmentResult
from hipcoach.session.timeline import compile_stage


@pytest.mark.parametrize("last, today, due", [
    (None, date(2025, 3, 1), True),
    (date(2025, 3, 1), date(2025, 3, 1), False),
    (date(2025, 3, 1), date(2025, 3, 21), False),
    (date(2025, 3, 1), date(2025, 3, 22), True),
    (date(2025, 3, 1), date(2025, 6, 1), True),
])
def test_retest_due_every_three_weeks(last: date | None, today: date, due: bool) -> None:
    assert retest_due(last, today) is due


def test_reminder_lines() -> None:
    assert retest_reminder(None, date(2025, 3, 1)).startswith("Re-test: none yet")
    assert retest_reminder(date(2025, 3, 1), date(2025, 3, 25)) == (
        "Re-test due: the last one was 24 days ago (1 Mar).")
    assert retest_reminder(date(2025, 3, 1), date(2025, 3, 21)) == "Next re-test in 1 day (22 Mar)."


def test_every_norm_names_its_source_and_none_claims_validation() -> None:
    for spec in TESTS.values():
        assert spec.source and spec.validated is False
        assert spec.bands or spec.caveat


@pytest.mark.parametrize("seconds, band, concern", [
    (15, "sub-optimal", True), (25, "building", True), (30, "walking level", False),
    (59, "walking level", False), (60, "running level", False),
])
def test_single_leg_bridge_bands(seconds: float, band: str, concern: bool) -> None:
    [finding] = interpret([AssessmentResult("slb_hold", "left", seconds)])
    assert finding.band == band and finding.concern is concern
    assert "clinician heuristic" in finding.source and not finding.validated


def test_runners_need_sixty_seconds() -> None:
    [walker] = interpret([AssessmentResult("slb_hold", "left", 40)], goal="walking")
    [runner] = interpret([AssessmentResult("slb_hold", "left", 40)], goal="running")
    assert not walker.concern and runner.concern and "target 60 s not yet reached" in runner.line


def test_a_side_gap_over_ten_seconds_is_flagged() -> None:
    findings = interpret([AssessmentResult("slb_hold", "left", 18),
                          AssessmentResult("slb_hold", "right", 31)])
    gap = findings[-1]
    assert gap.band == "side gap" and gap.concern
    assert gap.line == ("Single-leg bridge sides: 13 s apart (58% symmetry); the left side needs "
                        "work (a gap over 10 s is flagged)")
    even = interpret([AssessmentResult("slb_hold", "left", 30),
                      AssessmentResult("slb_hold", "right", 38)])[-1]
    assert even.band == "even" and not even.concern


def test_other_tests_read_plainly() -> None:
    results = [
        AssessmentResult("prone_hip_extension", "left", quality="poor"),
        AssessmentResult("thomas", "right", passed=False, value=12),
        AssessmentResult("thomas", "left", value=-5),
        AssessmentResult("prone_dslr", None, 45),
        AssessmentResult("pain_walking", None, 6),
        AssessmentResult("pain_standing", None, 2),
    ]
    lines = {(f.test, f.side): f for f in interpret(results)}
    assert lines[("prone_hip_extension", "left")].concern
    assert "trends only" in lines[("thomas", "right")].line and lines[("thomas", "right")].concern
    assert lines[("thomas", "left")].band == "pass"
    assert "no norm" in lines[("prone_dslr", None)].line
    assert lines[("pain_walking", None)].band == "red" and "Silbernagel" in lines[
        ("pain_walking", None)].source
    assert lines[("pain_standing", None)].band == "green"


@pytest.mark.parametrize("result, problem", [
    (AssessmentResult("headstand"), "unknown test"),
    (AssessmentResult("slb_hold", None, 20), "needs a side"),
    (AssessmentResult("prone_dslr", "left", 20), "has no sides"),
    (AssessmentResult("slb_hold", "left", -1), "expected a number from 0 to 600"),
    (AssessmentResult("slb_hold", "left", None), "a value is needed"),
    (AssessmentResult("pain_running", None, 4.5), "whole number"),
    (AssessmentResult("pain_running", None, 11), "from 0 to 10"),
    (AssessmentResult("prone_hip_extension", "left", quality="great"), "good, fair or poor"),
    (AssessmentResult("thomas", "left"), "pass or fail"),
    (AssessmentResult("thomas", "left", value=15, passed=True), "a pass means"),
    (AssessmentResult("slb_hold", "left", 20, passed=True), "only the Thomas test"),
])
def test_impossible_results_are_named(result: AssessmentResult, problem: str) -> None:
    assert any(problem in p for p in result.problems()), result.problems()


def test_compare_two_retests() -> None:
    before = [AssessmentResult("slb_hold", "left", 18), AssessmentResult("thomas", "left", passed=False),
              AssessmentResult("pain_walking", None, 5)]
    after = [AssessmentResult("slb_hold", "left", 26), AssessmentResult("thomas", "left", passed=True),
             AssessmentResult("pain_walking", None, 3)]
    assert compare(before, after) == [
        "Single-leg bridge hold left: 18 s -> 26 s (+8 s)",
        "Modified Thomas test left: tight -> pass",
        "Pain when walking: 5/10 -> 3/10 (-2/10)",
    ]


def test_the_retest_session_compiles_for_the_player() -> None:
    program = retest_program()
    assert program.id == "retest" and len(program.stage) == 1
    timeline = compile_stage(program)
    holds = [s for s in timeline.steps if s.kind == "hold" and s.exercise == "slb-hold-test"]
    assert [(s.side, s.duration) for s in holds] == [("left", 60.0), ("right", 60.0)]
    waits = {s.exercise for s in timeline.steps if s.kind == "wait"}
    assert waits == {"slb-hold-test", "prone-hip-extension-test", "thomas-test", "prone-dslr-test"}
    assert any(s.kind == "switch_side" for s in timeline.steps)
    assert 5 * 60 < timeline.total < 15 * 60


def test_the_results_form_has_one_field_per_test_and_side() -> None:
    fields = result_fields()
    assert [(f.test, f.side) for f in fields][:4] == [
        ("slb_hold", "left"), ("slb_hold", "right"),
        ("prone_hip_extension", "left"), ("prone_hip_extension", "right")]
    assert len(fields) == 2 + 2 + 2 + 1 + 3


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_nan_and_infinity_are_refused_with_a_message_not_an_error(value: float) -> None:
    from hipcoach.domain.assessments import AssessmentResult

    for test, side in (("pain_standing", None), ("slb_hold", "left"), ("thomas", "right")):
        problems = AssessmentResult(test, side, value).problems()
        assert problems and "expected a number from" in problems[0]

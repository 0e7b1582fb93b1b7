"""The set tracker, fed by a real player on a fake clock: which sets were done, and how far."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hipcoach.program.model import Program
from hipcoach.session.clock import FakeClock
from hipcoach.session.player import BACK_RESTART_S, Player
from hipcoach.session.set_tracker import FinishedSet, SetSpan, SetTracker, set_spans
from hipcoach.session.timeline import CompileOptions, Step, Timeline, compile_stage

MakeProgram = Callable[..., Program]
OPTIONS = CompileOptions(countdown_s=5, first_countdown_s=10, switch_side_s=5)

BOTH = {"id": "bridge", "name": "Bridge", "sets": 3, "reps": 3, "tempo": "2-0-1-1",
        "start": "concentric", "rest": "10s"}
EACH = {"id": "rdl", "name": "RDL", "sets": 2, "reps": 2, "tempo": "3-0-1-0", "sides": "each",
        "rest": "10s"}
ALTERNATE = {"id": "bird", "name": "Bird dog", "sets": 2, "reps": 2, "tempo": "1-0-1-0",
             "sides": "alternate", "rest": "10s"}
HOLDS = {"id": "plank-hold", "name": "Hold", "sets": 2, "reps": 3, "hold": "10s",
         "rest_between_reps": "5s", "rest": "10s"}
UNPACED = {"id": "squat", "name": "Squat", "sets": 2, "reps": 10, "rest": "10s"}
TIMED = {"id": "stretch", "name": "Stretch", "work": "30s", "sides": "each"}


def compile_with(make_program: MakeProgram, *exercises: dict[str, Any]) -> Timeline:
    return compile_stage(make_program(*exercises), options=OPTIONS)


class Session:
    """A player on a fake clock with a tracker attached; records what the tracker reports."""

    def __init__(self, timeline: Timeline, start_index: int = 0) -> None:
        self.timeline = timeline
        self.clock = FakeClock(1000.0)
        self.player = Player(timeline, self.clock.now)
        self.reported: list[FinishedSet] = []
        self.report_at: list[int | None] = []  # the step index when each report came
        self.tracker = SetTracker(timeline, self._report, start_index)
        self.player.subscribe(self.tracker.on_event)
        self.player.start(self.clock.now(), index=start_index)

    def _report(self, finished: FinishedSet) -> None:
        self.reported.append(finished)
        step = self.player.step
        self.report_at.append(None if step is None else step.index)

    def step_on(self) -> None:
        """One transition: confirm a wait, or run the clock to the next deadline."""
        if self.player.state == "waiting":
            self.clock.advance(3.0)
            self.player.confirm(self.clock.now())
            return
        deadline = self.player.next_deadline()
        assert deadline is not None
        self.clock.set(deadline)
        self.player.tick(self.clock.now())

    def until(self, found: Callable[[Step], bool], limit: int = 10_000) -> Step:
        """Run until the current step matches (the match's start time, nothing into it)."""
        for _ in range(limit):
            step = self.player.step
            if step is not None and found(step):
                return step
            assert self.player.active, "the session ended before the step was reached"
            self.step_on()
        raise AssertionError("step not reached")

    def to_end(self, limit: int = 100_000) -> None:
        for _ in range(limit):
            if not self.player.active:
                return
            self.step_on()
        raise AssertionError("session did not end")


def key(span: SetSpan) -> tuple[str, int, str | None]:
    return span.exercise, span.set_no, span.side


def at(exercise: str, set_no: int, kind: str, rep: int | None = None,
       side: str | None = None) -> Callable[[Step], bool]:
    def match(step: Step) -> bool:
        return (step.exercise == exercise and step.set == set_no and step.kind == kind
                and (rep is None or step.rep == rep) and (side is None or step.side == side))
    return match


def work_steps(timeline: Timeline, exercise: str, set_no: int,
               side: str | None = None) -> list[int]:
    return [s.index for s in timeline.steps
            if s.exercise == exercise and s.set == set_no
            and s.kind in ("rep_phase", "hold", "wait") and (side is None or s.side == side)]


# Spans ----------------------------------------------------------------------------------


def test_spans_for_sides_both(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    spans = set_spans(timeline)
    assert [key(s) for s in spans] == [("bridge", 1, None), ("bridge", 2, None), ("bridge", 3, None)]
    for span in spans:
        steps = work_steps(timeline, "bridge", span.set_no)
        assert (span.first, span.last) == (min(steps), max(steps))
        assert len(steps) == 3 * 3  # three reps of three tempo phases (no bottom pause)
        assert span.target_reps == 3
        assert span.phase == "loaded"
        # the countdown before and the rest after are not part of the set
        assert timeline.steps[span.first - 1].kind == "countdown"
        if span.set_no < 3:
            assert timeline.steps[span.last + 1].kind == "rest"


def test_spans_for_sides_each_are_one_per_side(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, EACH)
    spans = set_spans(timeline)
    assert [key(s) for s in spans] == [("rdl", 1, "left"), ("rdl", 1, "right"),
                                       ("rdl", 2, "left"), ("rdl", 2, "right")]
    for span in spans:
        steps = work_steps(timeline, "rdl", span.set_no, span.side)
        assert (span.first, span.last) == (min(steps), max(steps))
        assert all(timeline.steps[i].side == span.side
                   for i in range(span.first, span.last + 1))
    left, right = spans[0], spans[1]
    assert timeline.steps[left.last + 1].kind == "switch_side"
    assert right.first == left.last + 2


def test_spans_for_alternate_sides_cover_both_sides(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, ALTERNATE)
    spans = set_spans(timeline)
    assert [key(s) for s in spans] == [("bird", 1, None), ("bird", 2, None)]
    first = spans[0]
    sides = {timeline.steps[i].side for i in range(first.first, first.last + 1)}
    assert sides == {"left", "right"}
    assert first.last - first.first + 1 == 2 * 2 * 2  # 2 reps x 2 sides x 2 phases
    assert first.target_reps == 2


def test_spans_for_holds_include_the_rests_between_reps(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, HOLDS)
    spans = set_spans(timeline)
    assert [key(s) for s in spans] == [("plank-hold", 1, None), ("plank-hold", 2, None)]
    inside = [timeline.steps[i].kind for i in range(spans[0].first, spans[0].last + 1)]
    assert inside == ["hold", "rest", "hold", "rest", "hold"]


def test_spans_for_unpaced_reps_are_the_wait_step(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, UNPACED)
    spans = set_spans(timeline)
    assert [key(s) for s in spans] == [("squat", 1, None), ("squat", 2, None)]
    for span in spans:
        assert span.first == span.last
        assert timeline.steps[span.first].kind == "wait"
        assert span.target_reps == 10


def test_timed_blocks_and_confirm_waits_are_not_sets(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, {**BOTH, "confirm": True}, TIMED)
    spans = set_spans(timeline)
    assert {s.exercise for s in spans} == {"bridge"}
    assert timeline.steps[0].kind == "wait"  # the confirm step before the exercise
    assert all(s.first > 0 for s in spans)


# Full runs ------------------------------------------------------------------------------


@pytest.mark.parametrize("exercises", [
    [BOTH], [EACH], [ALTERNATE], [HOLDS], [UNPACED],
    [{**BOTH, "confirm": True}, EACH, TIMED, HOLDS, UNPACED, ALTERNATE],
], ids=["both", "each", "alternate", "holds", "unpaced", "mixed"])
def test_a_full_run_reports_every_planned_set_once_complete(make_program: MakeProgram,
                                                            exercises: list[dict]) -> None:
    timeline = compile_with(make_program, *exercises)
    session = Session(timeline)
    session.to_end()
    assert session.player.state == "finished"
    spans = set_spans(timeline)
    assert [f.span for f in session.reported] == spans
    for finished in session.reported:
        assert finished.reps == finished.span.target_reps
        assert finished.complete is True


def test_a_set_is_reported_when_the_player_leaves_its_last_step(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH, EACH)
    session = Session(timeline)
    session.to_end()
    by_span = dict(zip([f.span for f in session.reported], session.report_at, strict=True))
    for span, index in by_span.items():
        if index is not None:
            assert index == span.last + 1
    # only the very last set waits for the session to finish
    assert list(by_span.values()).count(None) == 1


# Skips, early ends, resume, back --------------------------------------------------------


def test_skipping_a_whole_set_reports_nothing_for_it(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 2, "countdown"))
    session.player.skip("set", session.clock.now())
    assert session.player.step is not None and session.player.step.set == 3
    session.to_end()
    assert [key(f.span) for f in session.reported] == [("bridge", 1, None), ("bridge", 3, None)]
    assert all(f.complete for f in session.reported)


def test_skipping_a_whole_exercise_reports_nothing_for_it(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH, EACH)
    session = Session(timeline)
    session.player.skip("exercise", session.clock.now())
    session.to_end()
    assert [key(f.span) for f in session.reported] == [
        ("rdl", 1, "left"), ("rdl", 1, "right"), ("rdl", 2, "left"), ("rdl", 2, "right")]


def test_skipping_mid_set_reports_the_reps_begun(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 1, "rep_phase", rep=2))
    session.clock.advance(0.5)
    session.player.skip("set", session.clock.now())
    assert len(session.reported) == 1
    first = session.reported[0]
    assert key(first.span) == ("bridge", 1, None)
    assert (first.reps, first.complete) == (2, False)
    session.to_end()
    assert [(f.span.set_no, f.reps, f.complete) for f in session.reported] == [
        (1, 2, False), (2, 3, True), (3, 3, True)]


def test_skipping_steps_within_a_set_does_not_end_it(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 1, "rep_phase", rep=1))
    for _ in range(3):  # skip through rep 1's phases into rep 2
        session.player.skip("step", session.clock.now())
    assert session.reported == []
    assert session.player.step is not None and session.player.step.rep == 2


def test_skipping_one_side_reports_only_the_side_begun(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, EACH)
    session = Session(timeline)
    session.until(at("rdl", 1, "rep_phase", rep=1, side="left"))
    session.player.skip("set", session.clock.now())  # the whole set, both sides
    assert [(key(f.span), f.reps, f.complete) for f in session.reported] == [
        (("rdl", 1, "left"), 1, False)]


def test_ending_early_reports_the_part_done_set(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 2, "rep_phase", rep=2))
    session.player.end(session.clock.now())
    assert [(f.span.set_no, f.reps, f.complete) for f in session.reported] == [
        (1, 3, True), (2, 2, False)]


def test_ending_in_a_rest_reports_nothing_more(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(lambda s: s.kind == "rest" and s.set == 1)
    assert len(session.reported) == 1
    session.player.end(session.clock.now())
    assert [f.span.set_no for f in session.reported] == [1]


def test_ending_an_unpaced_set_counts_the_prescribed_reps(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, UNPACED)
    session = Session(timeline)
    session.until(at("squat", 1, "wait"))
    session.player.end(session.clock.now())
    assert [(f.span.set_no, f.reps, f.complete) for f in session.reported] == [(1, 10, True)]


def test_alternating_reps_count_once_per_rep_number(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, ALTERNATE)
    session = Session(timeline)
    session.until(at("bird", 1, "rep_phase", rep=2, side="left"))
    session.player.end(session.clock.now())
    assert [(f.reps, f.complete) for f in session.reported] == [(2, True)]


def test_resume_start_index_skips_the_sets_before_it(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    start = next(s.index for s in timeline.steps if at("bridge", 2, "countdown")(s))
    session = Session(timeline, start_index=start)
    session.to_end()
    assert [(f.span.set_no, f.reps, f.complete) for f in session.reported] == [
        (2, 3, True), (3, 3, True)]


def test_resume_at_the_second_side_skips_the_first(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, EACH)
    start = next(s.index for s in timeline.steps if s.kind == "switch_side")
    session = Session(timeline, start_index=start)
    session.to_end()
    assert [key(f.span) for f in session.reported] == [
        ("rdl", 1, "right"), ("rdl", 2, "left"), ("rdl", 2, "right")]


def test_going_back_to_redo_a_finished_set_does_not_report_it_again(
        make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 2, "countdown"))
    assert [f.span.set_no for f in session.reported] == [1]
    session.clock.advance(BACK_RESTART_S / 2)
    session.player.back("set", session.clock.now())  # early in set 2: back to set 1
    assert session.player.step is not None and session.player.step.set == 1
    session.to_end()
    assert [(f.span.set_no, f.reps, f.complete) for f in session.reported] == [
        (1, 3, True), (2, 3, True), (3, 3, True)]


def test_restarting_the_current_set_reports_it_once_after_the_redo(
        make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 1, "rep_phase", rep=2))
    session.clock.advance(0.5)
    session.player.back("set", session.clock.now())  # start set 1 again from its countdown
    assert session.player.step is not None and session.player.step.kind == "countdown"
    assert session.reported == []  # not finished: it is being done again
    session.until(lambda s: s.kind == "rest" and s.set == 1)
    assert [(f.span.set_no, f.reps, f.complete) for f in session.reported] == [(1, 3, True)]
    session.to_end()
    assert [f.span.set_no for f in session.reported] == [1, 2, 3]


def test_stepping_back_within_a_set_reports_it_once(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 1, "rep_phase", rep=3))
    for _ in range(4):
        session.player.back("step", session.clock.now())
    session.to_end()
    assert [(f.span.set_no, f.reps, f.complete) for f in session.reported] == [
        (1, 3, True), (2, 3, True), (3, 3, True)]


def test_going_back_from_a_part_done_set_reports_it_once_when_left(
        make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 2, "rep_phase", rep=2))
    session.player.back("set", session.clock.now())  # to set 2's countdown
    session.player.back("set", session.clock.now())  # at once again: to set 1
    assert session.player.step is not None and session.player.step.set == 1
    assert [f.span.set_no for f in session.reported] == [1]
    session.to_end()
    assert [(f.span.set_no, f.reps, f.complete) for f in session.reported] == [
        (1, 3, True), (2, 3, True), (3, 3, True)]


def test_stepping_through_a_set_with_skip_counts_no_rep(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 1, "countdown"))
    session.player.skip("step", session.clock.now())  # into rep 1, not in the flow
    while session.player.step is not None and session.player.step.set == 1:
        session.player.skip("step", session.clock.now())
    assert session.reported == []  # the set is left to the session to record as skipped
    session.to_end()
    assert [(f.span.set_no, f.reps) for f in session.reported] == [(2, 3), (3, 3)]


def test_a_rep_skipped_into_counts_once_it_runs_its_course(make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 1, "countdown"))
    session.player.skip("step", session.clock.now())  # into rep 1's first phase
    session.until(at("bridge", 1, "rep_phase", rep=2))  # rep 1's phases ran their course
    session.player.skip("set", session.clock.now())
    assert [(f.span.set_no, f.reps) for f in session.reported] == [(1, 2)]


def test_ending_right_after_skipping_into_a_rep_does_not_count_it(
        make_program: MakeProgram) -> None:
    timeline = compile_with(make_program, BOTH)
    session = Session(timeline)
    session.until(at("bridge", 2, "countdown"))
    session.player.skip("step", session.clock.now())
    session.player.end(session.clock.now())
    assert [(f.span.set_no, f.reps) for f in session.reported] == [(1, 3)]

"""The session player, driven by a fake clock: deadlines, pauses, skips, waits, marks."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from hipcoach.program.model import Program
from hipcoach.session.clock import FakeClock
from hipcoach.session.player import BACK_RESTART_S, EXTEND_REST_S, HALFWAY_MIN_S, Event, Player
from hipcoach.session.timeline import CompileOptions, Timeline, compile_stage

MakeProgram = Callable[..., Program]
T0 = 1000.0
OPTIONS = CompileOptions(countdown_s=5, first_countdown_s=10, switch_side_s=5)


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def of(self, *kinds: str) -> list[Event]:
        return [e for e in self.events if e.kind in kinds]


def setup(timeline: Timeline) -> tuple[Player, FakeClock, Recorder]:
    clock = FakeClock(T0)
    player = Player(timeline, clock.now)
    recorder = Recorder()
    player.subscribe(recorder)
    return player, clock, recorder


@pytest.fixture
def timeline(make_program: MakeProgram) -> Timeline:
    """Two exercises: 2 sets x 2 reps on a 2-0-2-0 tempo with a 30 s rest, then a 40 s block."""
    program = make_program(
        {"id": "bridge", "name": "Bridge", "sets": 2, "reps": 2, "tempo": "2-0-2-0",
         "start": "concentric", "rest": "30s", "rest_after": "20s"},
        {"id": "plank", "name": "Plank", "work": "40s"},
    )
    return compile_stage(program, options=OPTIONS)


def run_to_end(player: Player, clock: FakeClock, confirm_after: float = 3.0) -> int:
    """Drive the player deadline by deadline, as the Qt adapter does; returns the ticks."""
    ticks = 0
    while player.state not in ("finished", "ended"):
        if player.state == "waiting":
            clock.advance(confirm_after)
            player.confirm()
            continue
        deadline = player.next_deadline()
        assert deadline is not None and deadline >= clock.t
        clock.set(deadline)
        player.tick()
        ticks += 1
    return ticks


def step_starts(recorder: Recorder) -> list[tuple[int, float]]:
    return [(e.step.index, e.planned) for e in recorder.of("step")]


# Starting and natural advance ----------------------------------------------------------
def test_start_enters_the_first_step(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    assert player.state == "ready" and player.step is None
    assert player.session_remaining() == timeline.total
    player.start()
    assert player.state == "running" and player.index == 0
    assert rec.events == [Event("step", timeline.steps[0], T0)]
    assert player.step_deadline() == T0 + timeline.steps[0].duration
    assert player.session_remaining() == timeline.total


def test_advance_happens_at_the_deadline(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    first = timeline.steps[0].duration
    early = player.tick(T0 + first - 0.001)
    assert [e.kind for e in early] == ["second"] * 9  # its whole-second marks, not the end
    assert player.index == 0
    events = player.tick(T0 + first)
    assert [e.kind for e in events] == ["step"]
    assert events[0].planned == T0 + first and player.index == 1


def test_a_late_tick_fires_everything_at_its_own_deadline(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    events = player.tick(T0 + timeline.total + 123.4)  # one very late tick
    assert player.state == "finished"
    assert step_starts(rec) == [(s.index, T0 + s.t) for s in timeline.steps]
    assert events[-1] == Event("finished", None, T0 + timeline.total)
    planned = [e.planned for e in rec.events]
    assert planned == sorted(planned)


def test_late_ticks_do_not_drift(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    now = T0
    while player.state == "running":
        now += 0.37  # every tick is late by a little
        player.tick(now)
    assert step_starts(rec) == [(s.index, T0 + s.t) for s in timeline.steps]
    assert rec.of("finished")[0].planned == T0 + timeline.total


def test_tick_returns_what_listeners_got(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    returned = player.tick(T0 + 25)
    assert returned == rec.events[1:]


def test_start_at_an_index(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start(index=3)
    assert player.index == 3 and rec.events[0].step.index == 3


# Marks: whole seconds and halfway ------------------------------------------------------
def test_second_events_each_whole_second(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.tick(T0 + 10)  # the 10 s countdown
    seconds = [(e.planned - T0, e.value) for e in rec.of("second") if e.step.index == 0]
    assert seconds == [(float(i), 10 - i) for i in range(1, 10)]


@pytest.mark.parametrize("length", [19, 20, 21, 30, 45, 60])
def test_halfway_for_steps_of_twenty_seconds_or_more(make_program: MakeProgram, length: int) -> None:
    program = make_program({"id": "plank", "name": "Plank", "work": f"{length}s"})
    tl = compile_stage(program, options=OPTIONS)
    player, clock, rec = setup(tl)
    player.start()
    run_to_end(player, clock)
    work = tl.steps[1]
    halfway = rec.of("halfway")
    if length >= HALFWAY_MIN_S:
        assert [(e.step.index, e.planned) for e in halfway] == [(1, T0 + work.t + length / 2)]
    else:
        assert halfway == []
    # the whole seconds of the work step are all there, once each, counting down
    values = [e.value for e in rec.of("second") if e.step.index == 1]
    assert values == list(range(length - 1, 0, -1))


# Pause and resume ----------------------------------------------------------------------
def test_pause_resume_shifts_later_deadlines_exactly(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.tick(T0 + 12.5)
    player.pause(T0 + 12.5)
    assert player.state == "paused" and player.next_deadline() is None
    remaining = player.remaining()
    assert player.tick(T0 + 500) == []
    assert player.remaining(T0 + 500) == remaining
    player.resume(T0 + 19.75)  # paused 7.25 s
    assert player.state == "running"
    player.tick(T0 + 10_000)
    shift = 7.25
    for index, planned in step_starts(rec):
        step = timeline.steps[index]
        expected = T0 + step.t + (shift if step.t > 12.5 else 0.0)
        assert planned == pytest.approx(expected, abs=1e-9)
    assert [e.kind for e in rec.events].count("paused") == 1
    assert rec.of("resumed")[0].planned == T0 + 19.75


def test_pause_on_a_mark_does_not_repeat_it(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.pause(T0 + 4.0)  # exactly on the "6 s left" mark of the countdown
    player.resume(T0 + 9.0)
    player.tick(T0 + 15.0)  # the countdown ends at 15 now
    values = [e.value for e in rec.of("second") if e.step.index == 0]
    assert values == [9, 8, 7, 6, 5, 4, 3, 2, 1]
    assert [e.planned - T0 for e in rec.of("second") if e.step.index == 0][-4:] == [11, 12, 13, 14]


def test_pause_fires_what_was_already_due(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.pause(T0 + 11)  # the countdown ended at 10
    assert player.index == 1 and player.state == "paused"
    assert rec.of("step")[-1].planned == T0 + 10


def test_toggle_pause(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.toggle_pause(T0 + 1)
    assert player.state == "paused"
    player.toggle_pause(T0 + 2)
    assert player.state == "running"
    assert player.step_deadline() == T0 + 11


# Skip and back -------------------------------------------------------------------------
def test_skip_step(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.skip("step", T0 + 3)
    assert player.index == 1
    assert rec.events[-1].planned == T0 + 3
    assert player.step_deadline() == T0 + 3 + timeline.steps[1].duration


def test_skip_set_and_exercise(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.skip("set", T0 + 1)
    step = player.step
    assert (step.exercise, step.set, step.kind) == ("bridge", 2, "countdown")
    player.skip("set", T0 + 2)
    assert (player.step.exercise, player.step.set, player.step.kind) == ("bridge", None, "rest")
    player.back("exercise", T0 + 10)
    assert player.index == 0
    player.skip("exercise", T0 + 11)
    assert player.step.exercise == "plank" and player.step.kind == "countdown"
    player.skip("exercise", T0 + 12)
    assert player.state == "finished" and rec.events[-1] == Event("finished", None, T0 + 12, jumped=True)


def test_back_restarts_the_current_step_after_two_seconds(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    work = timeline.steps[-1]
    player.start(T0, index=work.index)
    player.back("step", T0 + BACK_RESTART_S + 0.5)
    assert player.index == work.index
    assert player.elapsed(T0 + BACK_RESTART_S + 0.5) == 0
    assert player.step_deadline() == T0 + BACK_RESTART_S + 0.5 + work.duration


def test_back_within_two_seconds_goes_to_the_previous_step(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.tick(T0 + 11)
    player.back("step", T0 + 11.5)
    assert player.index == 0
    assert player.step_deadline() == T0 + 11.5 + 10


def test_back_by_set(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    set2 = next(s for s in timeline.steps if s.set == 2 and s.kind == "countdown")
    player.start(T0, index=set2.index + 3)  # well into set 2
    player.back("set", T0 + 5)  # 5 s into the step: restart set 2
    assert player.index == set2.index
    player.back("set", T0 + 6)  # 1 s into set 2: go to set 1
    assert player.index == 0


def test_back_by_exercise(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    plank = next(s for s in timeline.steps if s.exercise == "plank")
    player.start(T0, index=plank.index)
    player.back("exercise", T0 + 5)  # 5 s in: restart the plank
    assert player.index == plank.index
    player.back("exercise", T0 + 6)  # within 2 s of the plank starting: the bridge
    assert player.index == 0 and player.step.exercise == "bridge"


def test_back_at_the_first_step_restarts_it(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.back("step", T0 + 0.5)
    assert player.index == 0 and player.step_deadline() == T0 + 10.5


def test_actions_are_ignored_when_not_active(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.skip()
    player.back()
    player.pause()
    player.confirm()
    assert player.state == "ready" and rec.events == []


# Rests ---------------------------------------------------------------------------------
def test_extend_rest_only_in_rests(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    assert player.extend_rest(now=T0 + 1) is False
    rest = next(s for s in timeline.steps if s.kind == "rest")
    player.tick(T0 + rest.t + 3.5)
    assert player.step is rest
    assert player.extend_rest(now=T0 + rest.t + 3.5) is True
    assert rec.events[-1].kind == "extended" and rec.events[-1].value == EXTEND_REST_S
    assert player.step_deadline() == T0 + rest.end + 15
    assert player.remaining(T0 + rest.t + 3.5) == pytest.approx(rest.duration - 3.5 + 15)
    player.tick(T0 + 10_000)
    after = [(i, p) for i, p in step_starts(rec) if i > rest.index]
    assert after == [(s.index, T0 + s.t + 15) for s in timeline.steps[rest.index + 1:]]
    seconds = [e.value for e in rec.of("second") if e.step is rest]
    left = rest.duration - 3.5 + 15  # 41.5 s when extended
    assert seconds == [29, 28, 27, *range(math.floor(left), 0, -1)]


def test_extend_rest_while_paused(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    rest = next(s for s in timeline.steps if s.kind == "rest")
    player.start(T0, index=rest.index)
    player.pause(T0 + 5)
    assert player.extend_rest(now=T0 + 6)
    player.resume(T0 + 8)
    assert player.step_deadline() == T0 + rest.duration + 15 + 3


def test_extend_rest_after_halfway_does_not_repeat_it(make_program: MakeProgram) -> None:
    program = make_program({"id": "ex", "name": "Ex", "sets": 2, "reps": 1, "tempo": "1-0-1-0",
                            "rest": "60s"})
    tl = compile_stage(program, options=OPTIONS)
    rest = next(s for s in tl.steps if s.kind == "rest")
    player, clock, rec = setup(tl)
    player.start(T0, index=rest.index)
    player.tick(T0 + 31)
    assert [e.planned for e in rec.of("halfway")] == [T0 + 30]
    assert player.extend_rest(now=T0 + 31)
    player.tick(T0 + 200)
    assert len(rec.of("halfway")) == 1


def test_extend_rest_too_late_is_refused(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    rest = next(s for s in timeline.steps if s.kind == "rest")
    player.start(T0, index=rest.index)
    # no tick ran, but the rest is over: the player moves on instead of growing it
    assert player.extend_rest(now=T0 + rest.duration + 0.5) is False
    assert player.index == rest.index + 1
    assert rec.of("step")[-1].planned == T0 + rest.duration
    assert rec.of("extended") == []


# Waits ---------------------------------------------------------------------------------
def test_confirm_ends_a_wait_step(make_program: MakeProgram) -> None:
    program = make_program(
        {"id": "march", "name": "March", "work": "20s"},
        {"id": "rdl", "name": "RDL", "sets": 1, "reps": 2, "tempo": "3-0-3-0", "load": "8kg",
         "confirm": True},
    )
    tl = compile_stage(program, options=OPTIONS)
    player, clock, rec = setup(tl)
    player.start()
    player.tick(T0 + 30)
    assert player.state == "waiting" and player.step.kind == "wait"
    assert player.next_deadline() is None and player.remaining(T0 + 99) == 0
    assert player.tick(T0 + 500) == []
    player.confirm(T0 + 42)
    assert player.state == "running" and player.step.kind == "countdown"
    assert rec.events[-1].planned == T0 + 42
    player.tick(T0 + 10_000)
    assert rec.of("finished")[0].planned == T0 + 42 + (tl.total - 30)


def test_confirm_outside_a_wait_does_nothing(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.confirm(T0 + 1)
    assert player.index == 0 and len(rec.events) == 1


# Ending --------------------------------------------------------------------------------
def test_end_early(timeline: Timeline) -> None:
    player, clock, rec = setup(timeline)
    player.start()
    player.tick(T0 + 30)
    player.end(T0 + 31)
    assert player.state == "ended" and not player.active and player.step is None
    assert rec.events[-1] == Event("ended", None, T0 + 31)
    assert player.tick(T0 + 10_000) == []
    assert player.next_deadline() is None
    player.end(T0 + 32)
    assert rec.of("ended") == [rec.events[-1]]


def test_an_empty_timeline_finishes_at_once(timeline: Timeline) -> None:
    empty = Timeline(timeline.program, timeline.stage, ())
    player, clock, rec = setup(empty)
    player.start()
    assert player.state == "finished" and [e.kind for e in rec.events] == ["finished"]


# A whole session -----------------------------------------------------------------------
def test_a_45_minute_session_in_milliseconds(make_program: MakeProgram) -> None:
    exercises = [
        {"id": "march", "name": "March", "work": "2m", "rest_after": "15s"},
        {"id": "stretch", "name": "Stretch", "work": "45s", "sides": "each"},
        {"id": "squeeze", "name": "Squeeze", "sets": 2, "reps": 6, "hold": "10s", "rest": "30s"},
        {"id": "rdl", "name": "RDL", "sets": 4, "reps": "10-12", "tempo": "3-0-3-0", "load": "8kg",
         "confirm": True, "rest": "90s", "rest_after": "30s"},
        {"id": "thrust", "name": "Thrust", "sets": 4, "reps": 10, "tempo": "3-0-1-2",
         "start": "concentric", "load": "10kg", "confirm": True, "rest": "90s"},
        {"id": "slrdl", "name": "SL RDL", "sets": 3, "reps": 8, "tempo": "3-0-2-1", "sides": "each",
         "rest": "60s"},
        {"id": "alt", "name": "Alt", "sets": 3, "reps": 8, "tempo": "X-0-2-1", "sides": "alternate",
         "rest": "45s"},
        {"id": "bridge", "name": "Bridge", "sets": 3, "reps": 15, "tempo": "2-0-2-2",
         "start": "concentric", "rest": "45s"},
        {"id": "cool", "name": "Cool", "work": "2m"},
    ]
    tl = compile_stage(make_program(*exercises))
    assert 42 * 60 <= tl.total <= 48 * 60
    player, clock, rec = setup(tl)
    player.start()
    run_to_end(player, clock, confirm_after=20)

    timed = [s for s in tl.steps if s.kind != "wait"]
    assert player.state == "finished"
    assert len(rec.of("step")) == len(tl.steps)
    assert len(rec.of("second")) == sum(max(0, math.ceil(s.duration) - 1) for s in timed)
    assert len(rec.of("halfway")) == sum(1 for s in timed if s.duration >= HALFWAY_MIN_S)
    assert len(rec.of("finished")) == 1
    assert clock.t == T0 + tl.total + 20 * tl.waits
    assert step_starts(rec)[-1][1] == T0 + tl.steps[-1].t + 20 * tl.waits

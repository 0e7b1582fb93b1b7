"""The timeline compiler: a stage becomes contiguous, fully described steps."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hipcoach.cli import main
from hipcoach.program.model import Program
from hipcoach.session.timeline import STEP_KINDS, CompileOptions, Step, Timeline, compile_stage

MakeProgram = Callable[..., Program]
OPTIONS = CompileOptions(countdown_s=5, first_countdown_s=10, switch_side_s=5)


def compile_one(make_program: MakeProgram, **fields: Any) -> Timeline:
    return compile_stage(make_program({"id": "ex", "name": "Ex", **fields}), options=OPTIONS)


def kinds(steps: tuple[Step, ...] | list[Step]) -> list[str]:
    return [s.kind for s in steps]


def reps_of(timeline: Timeline) -> list[Step]:
    return [s for s in timeline.steps if s.kind in ("rep_phase", "hold")]


def assert_contiguous(timeline: Timeline) -> None:
    t = 0.0
    for i, step in enumerate(timeline.steps):
        assert step.index == i
        assert step.t == pytest.approx(t)
        t = step.t + step.duration
    assert timeline.total == pytest.approx(t)


# Tempo ---------------------------------------------------------------------------------
def test_concentric_first_rep_runs_c_t_e_b(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, reps=2, tempo="3-1-2-4", start="concentric")
    phases = [(s.tempo_phase, s.duration, s.label) for s in reps_of(tl)]
    one_rep = [("concentric", 2, "LIFT"), ("top", 4, "HOLD"), ("eccentric", 3, "LOWER"),
               ("bottom", 1, "PAUSE")]
    assert phases == one_rep * 2
    assert [s.rep for s in reps_of(tl)] == [1] * 4 + [2] * 4


def test_eccentric_first_rep_runs_e_b_c_t(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, reps=1, tempo="3-1-2-4")
    assert [(s.tempo_phase, s.duration) for s in reps_of(tl)] == [
        ("eccentric", 3), ("bottom", 1), ("concentric", 2), ("top", 4),
    ]


def test_zero_phases_are_skipped(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, reps=3, tempo="3-0-3-0")
    assert [s.tempo_phase for s in reps_of(tl)] == ["eccentric", "concentric"] * 3
    assert all(s.duration > 0 for s in tl.steps if s.kind != "wait")


def test_x_counts_one_second(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, reps=2, tempo="2-0-X-1", start="concentric")
    assert [(s.tempo_phase, s.duration) for s in reps_of(tl)] == [
        ("concentric", 1), ("top", 1), ("eccentric", 2),
    ] * 2


def test_last_rep_is_marked(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, reps=3, tempo="1-0-1-0")
    assert [s.last_rep for s in reps_of(tl)] == [False] * 4 + [True] * 2


@pytest.mark.parametrize(("sides", "factor"), [("both", 1), ("each", 2), ("alternate", 2)])
@pytest.mark.parametrize(("reps", "tempo"), [(8, "3-0-3-0"), ("6-10", "2-1-X-2"), (5, "4-0-4-2")])
def test_time_under_tension_is_reps_times_tempo_per_side(
    make_program: MakeProgram, sides: str, factor: int, reps: int | str, tempo: str
) -> None:
    tl = compile_one(make_program, sets=3, reps=reps, tempo=tempo, sides=sides)
    exercise = tl.exercises["ex"]
    per_side = exercise.rep_range.target * exercise.tempo_spec.rep_seconds
    for set_no in (1, 2, 3):
        tut = sum(s.duration for s in reps_of(tl) if s.set == set_no)
        assert tut == pytest.approx(per_side * factor)
        if sides != "both":
            for side in ("left", "right"):
                side_tut = sum(s.duration for s in reps_of(tl) if s.set == set_no and s.side == side)
                assert side_tut == pytest.approx(per_side)


# Sides ---------------------------------------------------------------------------------
def test_each_side_does_all_left_reps_then_switches(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, sets=1, reps=3, tempo="1-0-1-0", sides="each")
    assert kinds(tl.steps) == ["countdown"] + ["rep_phase"] * 6 + ["switch_side"] + ["rep_phase"] * 6
    assert tl.steps[0].side == "left"
    assert [s.side for s in tl.steps[1:7]] == ["left"] * 6
    assert tl.steps[7].side == "right" and tl.steps[7].label == "SWITCH SIDES"
    assert tl.steps[7].duration == 5
    assert [s.side for s in tl.steps[8:]] == ["right"] * 6
    assert [s.rep for s in reps_of(tl)] == [1, 1, 2, 2, 3, 3] * 2


def test_each_side_switches_in_every_set(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, sets=2, reps=1, tempo="1-0-1-0", sides="each", rest="30s")
    assert kinds(tl.steps) == [
        "countdown", "rep_phase", "rep_phase", "switch_side", "rep_phase", "rep_phase", "rest",
        "countdown", "rep_phase", "rep_phase", "switch_side", "rep_phase", "rep_phase",
    ]


def test_alternate_sides_go_left_right(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, reps=3, tempo="1-0-1-0", sides="alternate")
    assert "switch_side" not in kinds(tl.steps)
    steps = reps_of(tl)
    assert [(s.rep, s.side) for s in steps[::2]] == [
        (1, "left"), (1, "right"), (2, "left"), (2, "right"), (3, "left"), (3, "right"),
    ]
    assert tl.steps[0].side is None


def test_both_sides_have_no_side(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, reps=3, tempo="1-0-1-0")
    assert {s.side for s in tl.steps} == {None}


# Holds and rests -----------------------------------------------------------------------
def test_holds_rest_between_reps_but_not_after_the_last(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, reps=3, hold="10s", rest_between_reps="4s")
    assert [(s.kind, s.duration, s.rep) for s in tl.steps] == [
        ("countdown", 10, None), ("hold", 10, 1), ("rest", 4, 1), ("hold", 10, 2), ("rest", 4, 2),
        ("hold", 10, 3),
    ]


def test_holds_each_side(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, reps=2, hold="5s", rest_between_reps="2s", sides="each")
    assert kinds(tl.steps) == ["countdown", "hold", "rest", "hold", "switch_side", "hold", "rest", "hold"]
    assert [s.side for s in tl.steps if s.kind == "hold"] == ["left", "left", "right", "right"]


def test_default_rest_between_reps_is_five_seconds(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, reps=2, hold="5s")
    assert [s.duration for s in tl.steps if s.kind == "rest"] == [5]


def test_rests_between_sets_not_after_the_last(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, sets=3, reps=2, tempo="1-0-1-0", rest="45s")
    rests = [s for s in tl.steps if s.kind == "rest"]
    assert [(s.duration, s.set, s.sets) for s in rests] == [(45, 1, 3), (45, 2, 3)]
    assert tl.steps[-1].kind == "rep_phase"


def test_default_rest_between_sets_is_a_minute(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, sets=2, reps=1, tempo="1-0-1-0")
    assert [s.duration for s in tl.steps if s.kind == "rest"] == [60]


def test_a_countdown_before_every_set(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, sets=4, reps=2, tempo="1-0-1-0", rest="20s")
    countdowns = [s for s in tl.steps if s.kind == "countdown"]
    assert [(c.set, c.duration) for c in countdowns] == [(1, 10), (2, 5), (3, 5), (4, 5)]
    for c in countdowns:
        following = tl.steps[c.index + 1]
        assert following.kind == "rep_phase" and following.set == c.set and following.rep == 1
        assert c.label == "GET READY"


def test_rest_after_comes_between_exercises_only(make_program: MakeProgram) -> None:
    program = make_program(
        {"id": "a", "name": "A", "reps": 1, "tempo": "1-0-1-0", "rest_after": "30s"},
        {"id": "b", "name": "B", "work": "20s", "rest_after": "15s"},
        {"id": "c", "name": "C", "reps": 1, "hold": "5s", "rest_after": "1m"},
    )
    tl = compile_stage(program, options=OPTIONS)
    rests = [(s.exercise, s.duration, s.set) for s in tl.steps if s.kind == "rest"]
    assert rests == [("a", 30, None), ("b", 15, None)]  # nothing after the last exercise
    i = next(s.index for s in tl.steps if s.kind == "rest")
    assert tl.steps[i + 1].exercise == "b" and tl.steps[i + 1].kind == "countdown"


def test_timed_work_blocks(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, work="1m30s")
    assert [(s.kind, s.duration, s.label) for s in tl.steps] == [
        ("countdown", 10, "GET READY"), ("work", 90, "GO"),
    ]
    tl = compile_one(make_program, work="30s", sides="each")
    assert [(s.kind, s.side) for s in tl.steps] == [
        ("countdown", "left"), ("work", "left"), ("switch_side", "right"), ("work", "right"),
    ]


# Waits ---------------------------------------------------------------------------------
def test_confirm_adds_a_wait_before_the_exercise(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, sets=2, reps=2, tempo="1-0-1-0", confirm=True)
    assert tl.steps[0].kind == "wait" and tl.steps[0].duration == 0 and tl.steps[0].label == "READY?"
    assert tl.steps[1].kind == "countdown" and tl.steps[1].t == 0
    assert tl.waits == 1
    assert kinds(tl.steps).count("wait") == 1  # only before the exercise, not each set


def test_unpaced_reps_wait_for_the_user(make_program: MakeProgram) -> None:
    tl = compile_one(make_program, sets=2, reps=8, rest="30s")
    assert [(s.kind, s.label) for s in tl.steps] == [
        ("countdown", "GET READY"), ("wait", "8 REPS"), ("rest", "REST"),
        ("countdown", "GET READY"), ("wait", "8 REPS"),
    ]


# Whole timelines -----------------------------------------------------------------------
def test_steps_are_contiguous(make_program: MakeProgram) -> None:
    program = make_program(phases=[
        {"kind": "warmup", "name": "W", "exercise": [
            {"id": "march", "name": "March", "work": "45s", "rest_after": "10s"},
            {"id": "stretch", "name": "Stretch", "work": "30s", "sides": "each"},
        ]},
        {"kind": "loaded", "name": "L", "exercise": [
            {"id": "bridge", "name": "Bridge", "sets": 3, "reps": "8-12", "tempo": "3-0-X-2",
             "start": "concentric", "rest": "45s", "confirm": True, "rest_after": "20s"},
            {"id": "sl", "name": "SL", "sets": 2, "reps": 5, "tempo": "2-1-2-0", "sides": "each"},
            {"id": "alt", "name": "Alt", "sets": 2, "reps": 4, "hold": "5s", "sides": "alternate"},
        ]},
    ])
    tl = compile_stage(program)
    assert_contiguous(tl)
    assert {s.kind for s in tl.steps} <= set(STEP_KINDS)
    assert [s.phase for s in tl.steps][:1] == ["warmup"] and tl.steps[-1].phase == "loaded"
    assert tl.exercise_of(tl.steps[-1]).id == "alt"


def test_compile_options_change_the_fixed_lengths(make_program: MakeProgram) -> None:
    program = make_program({"id": "ex", "name": "Ex", "sets": 2, "reps": 1, "tempo": "1-0-1-0",
                            "sides": "each", "rest": "10s"})
    tl = compile_stage(program, options=CompileOptions(countdown_s=3, first_countdown_s=7,
                                                       switch_side_s=2))
    assert [(s.kind, s.duration) for s in tl.steps if s.kind in ("countdown", "switch_side")] == [
        ("countdown", 7), ("switch_side", 2), ("countdown", 3), ("switch_side", 2),
    ]


def test_stage_by_id(make_program: MakeProgram) -> None:
    program = make_program({"id": "ex", "name": "Ex", "work": "10s"})
    assert compile_stage(program, "only").stage.id == "only"
    with pytest.raises(KeyError):
        compile_stage(program, "nope")


# `hipcoach plan --json` ----------------------------------------------------------------
PLAN_KEYS = {"t", "duration", "kind", "exercise", "set", "rep", "side", "tempo_phase"}


@pytest.mark.parametrize(
    ("programme", "stage"),
    [("daily-drill", None), ("hip-extension", "foundation"), ("hip-extension", "unilateral-endurance")],
)
def test_plan_json_lines(
    programme: str, stage: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["plan", programme, "--json", "--data-dir", str(tmp_path)]
    if stage:
        argv += ["--stage", stage]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    t = 0.0
    for record in records:
        assert isinstance(record, dict)
        assert record.keys() >= PLAN_KEYS
        assert record["kind"] in STEP_KINDS
        assert record["t"] == pytest.approx(t, abs=1e-3)
        assert record["duration"] >= 0
        assert (record["tempo_phase"] is not None) == (record["kind"] == "rep_phase")
        assert record["tempo_phase"] in (None, "eccentric", "bottom", "concentric", "top")
        assert record["side"] in (None, "left", "right")
        assert isinstance(record["exercise"], str) and record["exercise"]
        t = record["t"] + record["duration"]


def test_plan_text_ends_with_the_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "daily-drill", "--data-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Daily hip-extension drill — Daily"
    assert lines[-1].startswith("Total: ")


def test_plan_of_an_unknown_programme_or_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "nope", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "unknown programme 'nope'" in err and "hip-extension" in err
    assert main(["plan", "hip-extension", "--stage", "nope", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "unknown stage 'nope'" in err and "foundation" in err and "Traceback" not in err


def test_the_rest_before_an_exercise_shows_that_exercise() -> None:
    """Figure, cues and how-to in the rest before the next exercise are the next one's,
    so a person across the room gets ready for the right thing."""
    from hipcoach.program.catalog import resolve
    from hipcoach.session.describe import shown_exercise
    from hipcoach.session.timeline import compile_stage

    program = resolve("hip-extension", None)
    timeline = compile_stage(program, program.stage[0])
    between = [s for s in timeline.steps if s.kind == "rest" and s.set is None]
    assert between
    for step in between:
        later = next((t for t in timeline.steps[step.index + 1:]
                      if t.exercise != step.exercise), None)
        expected = timeline.exercises[later.exercise if later else step.exercise]
        assert shown_exercise(step, timeline) is expected
    inside = next(s for s in timeline.steps if s.kind == "rest" and s.set is not None)
    assert shown_exercise(inside, timeline) is timeline.exercises[inside.exercise]

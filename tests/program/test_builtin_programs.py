"""The shipped programmes: valid, every stage compiles, and sessions of a sensible length."""

from __future__ import annotations

import re

import pytest

from hipcoach.program.catalog import builtin_dir
from hipcoach.program.loader import load_program
from hipcoach.program.model import Program, Stage
from hipcoach.session.timeline import compile_stage

PROGRAMS = {p.stem: load_program(p) for p in sorted(builtin_dir().glob("*.toml"))}
STAGES = [(program, stage) for program in PROGRAMS.values() for stage in program.stage]
STAGE_IDS = [f"{program.id}/{stage.id}" for program, stage in STAGES]


def test_file_names_match_programme_ids() -> None:
    assert {name: p.id for name, p in PROGRAMS.items()} == {name: name for name in PROGRAMS}


@pytest.mark.parametrize(("program", "stage"), STAGES, ids=STAGE_IDS)
def test_every_stage_compiles(program: Program, stage: Stage) -> None:
    timeline = compile_stage(program, stage)
    assert timeline.steps
    assert {s.exercise for s in timeline.steps} == {e.id for e in stage.exercises}


@pytest.mark.parametrize(("program", "stage"), STAGES, ids=STAGE_IDS)
def test_every_paced_exercise_has_a_tempo_or_hold(program: Program, stage: Stage) -> None:
    for exercise in stage.exercises:
        if exercise.work_s is None:
            assert exercise.tempo_spec or exercise.hold_s, exercise.id
        if exercise.load != "bodyweight":
            assert exercise.confirm, f"{exercise.id}: fetching {exercise.load} needs a wait step"


@pytest.mark.parametrize(("program", "stage"), STAGES, ids=STAGE_IDS)
def test_cues_are_short_enough_to_read_across_a_room(program: Program, stage: Stage) -> None:
    for exercise in stage.exercises:
        assert exercise.cues, exercise.id
        assert all(len(cue) <= 40 for cue in exercise.cues), exercise.id


@pytest.mark.parametrize(("program", "stage"), STAGES, ids=STAGE_IDS)
def test_bridges_and_thrusts_stop_at_a_neutral_hip(program: Program, stage: Stage) -> None:
    neutral = re.compile(r"straight hip|no arch|tail tucks", re.I)
    for exercise in stage.exercises:
        if re.search("bridge|thrust", exercise.id):
            assert any(neutral.search(cue) for cue in exercise.cues), exercise.id
            if exercise.tempo_spec:
                assert exercise.start == "concentric", f"{exercise.id} starts by lifting"


def test_daily_drill_takes_about_five_minutes() -> None:
    total = compile_stage(PROGRAMS["daily-drill"]).total
    assert 270 <= total <= 330


def test_hip_extension_stages_easiest_first() -> None:
    program = PROGRAMS["hip-extension"]
    assert [s.id for s in program.stage] == [
        "foundation", "hinge", "light-resistance", "unilateral-endurance",
    ]
    for stage in program.stage:
        kinds = [p.kind for p in stage.phase]
        assert kinds[0] == "warmup" and kinds[1] == "activation" and kinds[-1] == "cooldown"
        assert "loaded" in kinds
        minutes = compile_stage(program, stage).total / 60
        assert 15 <= minutes <= 35, stage.id


def test_hip_extension_stages_cover_the_progression() -> None:
    stages = {s.id: {e.id for e in s.exercises} for s in PROGRAMS["hip-extension"].stage}
    assert {"hip-flexor-stretch", "glute-squeeze", "pure-hip-extension"} <= stages["foundation"]
    assert {"dowel-hinge", "glute-bridge"} <= stages["hinge"]
    assert {"romanian-deadlift", "hip-thrust", "paused-bridge"} <= stages["light-resistance"]
    assert {"single-leg-rdl", "step-up", "single-leg-bridge", "slow-bridge",
            "side-lying-abduction", "adductor-squeeze"} <= stages["unilateral-endurance"]
    drill = PROGRAMS["hip-extension"].stage[0].exercises
    pure = next(e for e in drill if e.id == "pure-hip-extension")
    assert pure.sides == "each" and 2 <= pure.set_count <= 3
    assert (pure.rep_range.low, pure.rep_range.high) == (5, 10)


def test_the_pure_hip_extension_drill_is_one_exercise_everywhere() -> None:
    """One id, one tempo, one dose (the seed: 2-3 sets of 5-10 reps per side, daily)."""
    found = [(p.id, s.id, e) for p in PROGRAMS.values() for s in p.stage for e in s.exercises
             if "hip-extension" in e.id and "test" not in e.id]
    assert {p for p, _, _ in found} >= {"hip-extension", "daily-drill"}
    assert {e.id for _, _, e in found} == {"pure-hip-extension"}
    assert len({(e.tempo, e.set_count, str(e.rep_range), e.sides) for _, _, e in found}) == 1
    assert found[0][2].set_count == 2 and str(found[0][2].rep_range) == "5-10"

"""The demonstration figure's pose follows the tempo: checked against the declared key
poses at the start and end of every tempo phase, for the built-in programmes."""

from __future__ import annotations

import pytest

from hipcoach.program.catalog import discover
from hipcoach.program.loader import ProgramError, parse_program_text
from hipcoach.program.model import Poses
from hipcoach.session.poses import Angles, joints, pose_at
from hipcoach.session.timeline import compile_stage


def builtin(program_id: str):
    return next(e.program for e in discover(None) if e.program and e.program.id == program_id)


def test_the_figure_follows_each_tempo_phase_of_the_glute_bridge():
    program = builtin("hip-extension")
    timeline = next(t for t in (compile_stage(program, s) for s in program.stage)
                    if "glute-bridge" in t.exercises)
    poses = timeline.exercises["glute-bridge"].poses
    assert poses is not None and poses.end is not None
    start, end = Angles.of(poses.start), Angles.of(poses.end)
    phases = [s for s in timeline.steps if s.exercise == "glute-bridge" and s.kind == "rep_phase"]
    assert {s.tempo_phase for s in phases} >= {"concentric", "eccentric"}
    expected = {  # (at the phase's start, at its end)
        "concentric": (start, end),  # lifts
        "top": (end, end),  # still at the top
        "eccentric": (end, start),  # lowers
        "bottom": (start, start),  # still at the bottom
    }
    for step in phases:
        first, last = expected[step.tempo_phase]
        assert pose_at(poses, step, 0.0) == first
        assert pose_at(poses, step, 1.0) == last
    lifting = next(s for s in phases if s.tempo_phase == "concentric")
    halfway = pose_at(poses, lifting, 0.5)
    assert halfway is not None
    assert halfway.trunk == pytest.approx((start.trunk + end.trunk) / 2)
    # the hips are higher at the top than at the start
    assert joints(end).pelvis[1] > joints(start).pelvis[1]


def test_every_paced_exercise_moves_between_its_declared_poses():
    seen = set()
    for entry in discover(None):
        assert entry.program is not None
        for stage in entry.program.stage:
            timeline = compile_stage(entry.program, stage)
            for step in timeline.steps:
                poses = timeline.exercises[step.exercise].poses
                if step.kind != "rep_phase" or poses is None:
                    continue
                start = Angles.of(poses.start)
                end = Angles.of(poses.end or poses.start)
                first, last = {"concentric": (start, end), "top": (end, end),
                               "eccentric": (end, start), "bottom": (start, start)}[
                    step.tempo_phase]
                assert (pose_at(poses, step, 0), pose_at(poses, step, 1)) == (first, last)
                seen.add(step.tempo_phase)
    assert seen == {"concentric", "top", "eccentric", "bottom"}


def test_holds_show_the_top_and_pauses_between_sets_the_start():
    program = builtin("hip-extension")
    for stage in program.stage:
        timeline = compile_stage(program, stage)
        for step in timeline.steps:
            poses = timeline.exercises[step.exercise].poses
            if poses is None:
                continue
            top = Angles.of(poses.end or poses.start)
            if step.kind == "hold":
                assert pose_at(poses, step, 0.3) == top
            elif step.kind in ("countdown", "rest", "switch_side", "wait", "work"):
                assert pose_at(poses, step, 0.7) == Angles.of(poses.start)


def test_the_right_side_is_the_mirror_image():
    poses = builtin("hip-extension").stage[0].exercises[0].poses
    assert poses is not None
    left, right = joints(Angles.of(poses.start)), joints(Angles.of(poses.start), mirror=True)
    assert right.knee == pytest.approx((-left.knee[0], left.knee[1]))


def test_an_arch_bows_the_low_back_off_the_neutral_line():
    flat = joints(Angles(180, 50, -50, arch=0))
    arched = joints(Angles(180, 50, -50, arch=25))
    assert flat.lumbar == pytest.approx(flat.neutral_lumbar)
    assert arched.lumbar[1] > arched.neutral_lumbar[1]  # on the back: the belly rises


def test_an_exercise_without_poses_falls_back_to_no_figure():
    program = builtin("hip-extension")
    timeline = compile_stage(program, "foundation")
    step = timeline.steps[0]
    assert pose_at(None, step, 0.5) is None


POSE_PROGRAM = """
[program]
id = "p"
name = "P"
[[stage]]
id = "s"
name = "S"
  [[stage.phase]]
  kind = "loaded"
  name = "L"
    [[stage.phase.exercise]]
    id = "my-lift"
    name = "My lift"
    reps = 5
    tempo = "2-0-2-0"
    poses = {{ start = {{ trunk = 180, thigh = 50, shin = {shin} }} }}
"""


def test_a_programme_may_declare_its_own_poses():
    program = parse_program_text(POSE_PROGRAM.format(shin=-50))
    poses = program.stage[0].exercises[0].poses
    assert isinstance(poses, Poses) and poses.end is None
    step = compile_stage(program).steps[1]
    assert pose_at(poses, step, 0.5) == Angles.of(poses.start)  # a still figure


def test_a_knee_bent_backwards_is_refused_with_a_clear_message():
    with pytest.raises(ProgramError) as caught:
        parse_program_text(POSE_PROGRAM.format(shin=120), "mine.toml")
    problem = caught.value.problem
    assert problem.path.endswith("poses.start.shin")
    assert "knee would bend" in problem.message

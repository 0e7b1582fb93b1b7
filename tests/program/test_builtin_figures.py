"""The demonstration figure lies the way the words say: a built-in exercise described
face down shows a face-down figure, one described on the back a figure on its back."""

from __future__ import annotations

import pytest

from hipcoach.program.catalog import builtin_dir
from hipcoach.program.loader import load_program

EXERCISES = [
    (path.name, exercise)
    for path in sorted(builtin_dir().glob("*.toml"))
    for stage in load_program(path).stage
    for phase in stage.phase
    for exercise in phase.exercise
]


def lying(words: str) -> str | None:
    text = words.lower()
    if "face down" in text:
        return "face down"
    if "on your back" in text or "on the back" in text:
        return "on the back"
    return None


@pytest.mark.parametrize(("programme", "exercise"), EXERCISES,
                         ids=[f"{p}:{e.id}" for p, e in EXERCISES])
def test_the_figure_lies_as_the_words_say(programme, exercise):
    said = lying(f"{exercise.setup} {exercise.description}")
    if said is None or exercise.poses is None:
        return
    trunk = exercise.poses.start.trunk % 360  # pelvis to shoulders: 0 head right, 180 left
    flat = min(abs(trunk - 0), abs(trunk - 360), abs(trunk - 180)) <= 30
    assert flat, f"{exercise.id}: lying {said} but the trunk is at {trunk}°"
    thigh = exercise.poses.start.thigh % 360
    # face down the thigh points away from the head along the floor (180 with the head
    # right); on the back the knees are bent up (thigh between 0 and 90 with the head left)
    if said == "face down":
        assert trunk <= 30 or trunk >= 330, f"{exercise.id}: face down, figure on its back"
        assert 150 <= thigh <= 210
    else:
        assert 150 <= trunk <= 210, f"{exercise.id}: on the back, figure face down"

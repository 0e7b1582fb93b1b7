"""The exercise catalogue: every built-in exercise and re-test says how it is done, the
catalogue validates, and a programme's own words win over it."""

from __future__ import annotations

import pytest

from hipcoach.coach.assessments import retest_program
from hipcoach.program.catalog import discover
from hipcoach.program.exercise_info import catalogue_path, read_catalogue
from hipcoach.program.loader import ProgramError, parse_program_text

PROGRAM = """
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
    id = "glute-bridge"
    name = "Bridge"
    reps = 5
    {extra}
"""


def all_exercises():
    programs = [e.program for e in discover(None)] + [retest_program()]
    for program in programs:
        assert program is not None
        for stage in program.stage:
            yield from ((program.id, e) for e in stage.exercises)


def test_every_built_in_exercise_and_re_test_says_how_it_is_done():
    for program_id, exercise in all_exercises():
        where = f"{program_id}: {exercise.id}"
        assert len(exercise.description) >= 40, where
        assert len(exercise.setup) >= 20, where
        assert exercise.common_fault, where


def test_loaded_exercises_warn_about_the_back_arching():
    by_id = {e.id: e for _p, e in all_exercises()}
    for exercise_id in ("glute-bridge", "hip-thrust", "romanian-deadlift", "pure-hip-extension"):
        assert "arch" in by_id[exercise_id].common_fault.lower()
    assert "dowel" in by_id["dowel-hinge"].setup.lower()  # fetch it before the set


def test_the_catalogue_file_is_valid():
    book = read_catalogue(catalogue_path())
    assert len(book.exercise) >= 20
    for key, info in book.exercise.items():
        assert info.figure is None or info.figure in book.figure, key


def test_a_programme_keeps_its_own_words():
    program = parse_program_text(PROGRAM.format(extra='setup = "Use the blue mat."'))
    exercise = program.stage[0].exercises[0]
    assert exercise.setup == "Use the blue mat."
    assert "straight line" in exercise.description  # the rest comes from the catalogue
    assert exercise.poses is not None


def test_a_description_of_ten_thousand_characters_is_refused():
    with pytest.raises(ProgramError) as caught:
        parse_program_text(PROGRAM.format(extra=f'description = "{"x" * 10_000}"'), "m.toml")
    problem = caught.value.problem
    assert problem.path.endswith("exercise[0].description")
    assert "400" in problem.message


def test_a_catalogue_naming_a_missing_figure_is_refused(tmp_path):
    path = tmp_path / "exercises.toml"
    path.write_text('[exercise.x]\nfigure = "nowhere"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no figure named 'nowhere'"):
        read_catalogue(path)

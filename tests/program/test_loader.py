"""Loading programme files: every kind of bad input becomes one ProgramProblem."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach.program.loader import (
    MAX_FILE_BYTES,
    ProgramError,
    ProgramProblem,
    load_program,
    parse_program_text,
)

# The exercise under test is stage[1].phase[0].exercise[2]; {target} is its body.
TEMPLATE = """\
[program]
id = "tpl"
name = "Template"

[[stage]]
id = "one"
name = "One"

  [[stage.phase]]
  kind = "warmup"
  name = "Warm-up"

    [[stage.phase.exercise]]
    id = "march"
    name = "March"
    work = "60s"

[[stage]]
id = "two"
name = "Two"

  [[stage.phase]]
  kind = "loaded"
  name = "Main"

    [[stage.phase.exercise]]
    id = "a"
    name = "A"
    reps = 5
    tempo = "2-0-2-0"

    [[stage.phase.exercise]]
    id = "b"
    name = "B"
    reps = 5
    hold = "10s"

    [[stage.phase.exercise]]
    id = "target"
    name = "Target"
{target}
"""

GOOD_TARGET = 'sets = 3\nreps = "8-12"\ntempo = "3-0-3-0"\nstart = "concentric"\nrest = "1m"'
TARGET = "stage[1].phase[0].exercise[2]"


def problem_for(target: str, file: str = "prog.toml") -> ProgramProblem:
    with pytest.raises(ProgramError) as info:
        parse_program_text(TEMPLATE.format(target=target), file)
    return info.value.problem


def assert_sentence(message: str) -> None:
    assert message and (message[0].islower() or message[0] == '"')
    assert "\n" not in message
    assert "Traceback" not in message


def test_the_template_itself_is_valid() -> None:
    program = parse_program_text(TEMPLATE.format(target=GOOD_TARGET))
    assert [s.id for s in program.stage] == ["one", "two"]
    target = program.stage[1].phase[0].exercise[2]
    assert target.set_count == 3 and target.rest_s == 60 and target.start == "concentric"


@pytest.mark.parametrize(
    ("target", "field", "words"),
    [
        ('reps = 5\ntempo = "3-0-3"', "tempo", "four digits"),
        ('reps = 5\ntempo = "0-0-0-0"', "tempo", "zeros"),
        ("reps = 5\ntempo = 3030", "tempo", "text in quotes"),
        ("reps = 5\nsets = 0", "sets", ">= 1"),
        ("reps = 5\nsets = 21", "sets", "<= 20"),
        ('reps = 5\nsets = "3"', "sets", "whole number"),
        ('reps = "12-8"', "reps", "backwards"),
        ("reps = 101", "reps", "between 1 and 100"),
        ('reps = "lots"', "reps", "range"),
        ("reps = true", "reps", "true or false"),
        ("reps = 5.5", "reps", "decimal number"),
        ('reps = 5\nrest = "0s"', "rest", "between 1 s and 10 min"),
        ('reps = 5\nrest = "11m"', "rest", "between 1 s and 10 min"),
        ('reps = 5\nrest = "soon"', "rest", '"1m30s"'),
        ('reps = 5\nrest_after = "1h"', "rest_after", "duration"),
        ('reps = 5\nhold = "10s"\nrest_between_reps = "0s"', "rest_between_reps", "duration"),
        ('reps = 5\nrest_between_reps = "5s"', "rest_between_reps", "only applies"),
        ('reps = 5\nhold = "5s"\ntempo = "1-1-1-1"', "hold", "not both"),
        ('work = "60s"\nsets = 2', "sets", "timed block"),
        ('work = "60s"\nsides = "alternate"', "sides", "alternate"),
        ("sets = 2", "reps", "work"),
        ('reps = 5\nload = "heavy"', "load", "band:<colour>"),
        ('reps = 5\nsides = "left"', "sides", "invalid enum value 'left'"),
        ('reps = 5\nstart = "top"', "start", "invalid enum value"),
        ('reps = 5\nconfirm = "yes"', "confirm", "true or false"),
        ('reps = 5\ncues = "one cue"', "cues", "a list"),
        ('reps = 5\ncues = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]', "cues", "<= 8"),
        ("reps = 5\ncues = [1]", "cues[0]", "text in quotes"),
        ('reps = 5\ndescription = """' + "x" * 401 + '"""', "description", "<= 400"),
        ("reps = 5\ntempi = 1", "tempi", "unknown field"),
    ],
)
def test_bad_exercise_fields_are_reported_with_their_path(target: str, field: str, words: str) -> None:
    problem = problem_for(target)
    assert problem.file == "prog.toml"
    assert problem.path == f"{TARGET}.{field}"
    assert words in problem.message
    assert_sentence(problem.message)
    assert str(problem) == f"prog.toml: {TARGET}.{field}: {problem.message}"


def test_a_bad_id_is_explained_without_a_regex() -> None:
    text = TEMPLATE.format(target="reps = 5").replace('id = "target"', 'id = "Not An Id"')
    with pytest.raises(ProgramError) as info:
        parse_program_text(text)
    problem = info.value.problem
    assert problem.path == f"{TARGET}.id"
    assert "lower-case letters, digits and dashes" in problem.message
    assert "regex" not in problem.message


def test_a_duplicate_key_is_a_toml_error_with_its_line() -> None:
    problem = problem_for("reps = 5\nreps = 6")
    lines = TEMPLATE.format(target="reps = 5\nreps = 6").splitlines()
    line_no = len(lines)  # the duplicate is the last line
    assert problem.path == ""
    assert problem.message.startswith("not valid TOML")
    assert f"line {line_no}" in problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[program]\nid = "x"\nname = "unterminated\n', 3),
        ("[program]\nid = \n", 2),
        ("[program\n", 1),
        ('[program]\nid = "x"\n\n\n= 5\n', 5),
    ],
)
def test_toml_syntax_errors_mention_the_line(text: str, line: int) -> None:
    with pytest.raises(ProgramError) as info:
        parse_program_text(text, "broken.toml")
    problem = info.value.problem
    assert problem.file == "broken.toml" and problem.path == ""
    assert "not valid TOML" in problem.message
    assert f"line {line}" in problem.message
    assert str(problem).startswith("broken.toml: not valid TOML")


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("", "program"),
        ('[program]\nid = "x"\nname = "X"\n', "stage"),
        ('[program]\nname = "X"\n[[stage]]\n', "program.id"),
        ('[program]\nid = "x"\n[[stage]]\n', "program.name"),
        ('[program]\nid = "x"\nname = "X"\n[[stage]]\nname = "S"\n', "stage[0].id"),
        ('[program]\nid = "x"\nname = "X"\n[[stage]]\nid = "s"\nname = "S"\n', "stage[0].phase"),
        ('[program]\nid = "x"\nname = "X"\n[[stage]]\nid = "s"\nname = "S"\n[[stage.phase]]\nname = "P"\n',
         "stage[0].phase[0].kind"),
        ('[program]\nid = "x"\nname = "X"\n[[stage]]\nid = "s"\nname = "S"\n[[stage.phase]]\n'
         'kind = "loaded"\nname = "P"\n', "stage[0].phase[0].exercise"),
    ],
)
def test_missing_fields_are_named(text: str, path: str) -> None:
    with pytest.raises(ProgramError) as info:
        parse_program_text(text)
    assert info.value.problem.path == path
    assert info.value.problem.message == "this field is required"


def test_missing_exercise_name() -> None:
    problem = problem_for('reps = 5\n[[stage.phase.exercise]]\nid = "nameless"\nreps = 3')
    assert problem.path == "stage[1].phase[0].exercise[3].name"
    assert problem.message == "this field is required"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('[program]\nid = "x"\nname = "X"\nauthor = "me"\n', "program.author"),
        ('colour = "red"\n[program]\nid = "x"\nname = "X"\n', "colour"),
        ('[program]\nid = "x"\nname = "X"\n[[stage]]\nid = "s"\nname = "S"\nlevel = 2\n', "stage[0].level"),
        ('[program]\nid = "x"\nname = "X"\n[[stage]]\nid = "s"\nname = "S"\n[[stage.phase]]\n'
         'kind = "loaded"\nname = "P"\nnotes = ""\n', "stage[0].phase[0].notes"),
    ],
)
def test_unknown_fields_are_named(text: str, path: str) -> None:
    with pytest.raises(ProgramError) as info:
        parse_program_text(text)
    assert info.value.problem.path == path
    assert "unknown field" in info.value.problem.message


def test_wrong_kind_of_phase() -> None:
    problem = problem_for('reps = 5\n[[stage.phase]]\nkind = "stretching"\nname = "X"\n'
                         '[[stage.phase.exercise]]\nid = "z"\nname = "Z"\nwork = 5')
    assert problem.path == "stage[1].phase[1].kind"
    assert "invalid enum value 'stretching'" in problem.message


def test_duplicate_ids_are_reported_at_their_container() -> None:
    problem = problem_for('reps = 5\n[[stage.phase.exercise]]\nid = "a"\nname = "Again"\nwork = 5')
    assert problem.path == "stage[1].phase"
    assert "'a' is used twice" in problem.message
    text = TEMPLATE.format(target="reps = 5").replace('id = "two"', 'id = "one"')
    with pytest.raises(ProgramError) as info:
        parse_program_text(text)
    assert info.value.problem.path == "stage"
    assert "'one' is used twice" in info.value.problem.message


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    text = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(ProgramError) as info:
        parse_program_text(text)
    assert info.value.problem.message


# Files ---------------------------------------------------------------------------------
def test_load_program_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(TEMPLATE.format(target=GOOD_TARGET), encoding="utf-8")
    assert load_program(path).id == "tpl"


def test_a_problem_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(TEMPLATE.format(target='reps = 5\ntempo = "fast"'), encoding="utf-8")
    with pytest.raises(ProgramError) as info:
        load_program(path)
    assert info.value.problem.file == str(path)
    assert str(info.value) == str(info.value.problem)
    assert str(info.value).startswith(f"{path}: {TARGET}.tempo: ")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(TEMPLATE.format(target='reps = 5\ndescription = "café"').encode("latin-1"))
    with pytest.raises(ProgramError) as info:
        load_program(path)
    assert info.value.problem == ProgramProblem(str(path), "", "is not UTF-8 text")


def test_utf8_text_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "utf8.toml"
    path.write_text(TEMPLATE.format(target='reps = 5\ndescription = "café, naïve, 膝"'), encoding="utf-8")
    assert load_program(path).stage[1].phase[0].exercise[2].description == "café, naïve, 膝"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProgramError) as info:
        load_program(tmp_path / "nope.toml")
    assert "cannot be read" in info.value.problem.message


def test_a_directory_is_not_a_programme(tmp_path: Path) -> None:
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    with pytest.raises(ProgramError) as info:
        load_program(folder)
    assert "cannot be read" in info.value.problem.message


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(ProgramError) as info:
        load_program(path)
    assert "larger than 1 MB" in info.value.problem.message

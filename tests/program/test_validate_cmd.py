"""``hipcoach validate``: exit 0 for good files, 1 with one line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach.cli import main
from hipcoach.program.catalog import builtin_dir

BUILTINS = sorted(str(p) for p in builtin_dir().glob("*.toml"))

GOOD = """\
[program]
id = "good"
name = "Good"

[[stage]]
id = "s"
name = "S"

  [[stage.phase]]
  kind = "warmup"
  name = "W"

    [[stage.phase.exercise]]
    id = "walk"
    name = "Walk"
    work = "1m"
"""


def test_builtins_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(BUILTINS) >= 2
    assert main(["validate", *BUILTINS]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == len(BUILTINS)
    assert all(": ok (" in line for line in lines)
    assert any("Hip extension progression, 4 stages" in line for line in lines)
    assert any("1 stage)" in line for line in lines)


def test_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad_tempo = tmp_path / "tempo.toml"
    bad_tempo.write_text(GOOD.replace('work = "1m"', 'reps = 5\ntempo = "slow"'), encoding="utf-8")
    bad_syntax = tmp_path / "syntax.toml"
    bad_syntax.write_text(GOOD.replace('name = "Good"', 'name = "Good'), encoding="utf-8")
    not_utf8 = tmp_path / "latin1.toml"
    not_utf8.write_bytes(GOOD.replace("Good", "Gööd").encode("latin-1"))
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    missing = tmp_path / "missing.toml"

    files = [bad_tempo, good, bad_syntax, not_utf8, missing]
    assert main(["validate", *map(str, files)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{good}: ok (Good, 1 stage)"]
    problems = err.splitlines()
    assert len(problems) == 4
    assert problems[0] == (
        f"{bad_tempo}: stage[0].phase[0].exercise[0].tempo: expected a tempo of four digits 0-9 or X "
        "such as \"3-0-3-0\", got 'slow'"
    )
    assert problems[1].startswith(f"{bad_syntax}: not valid TOML") and "line 3" in problems[1]
    assert problems[2] == f"{not_utf8}: is not UTF-8 text"
    assert problems[3].startswith(f"{missing}: cannot be read")
    assert "Traceback" not in err


def test_a_single_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "extra.toml"
    path.write_text(GOOD + "    colour = 'red'\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{path}: stage[0].phase[0].exercise[0].colour: unknown field (check the spelling)\n"


def test_no_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    assert "FILE" in capsys.readouterr().err

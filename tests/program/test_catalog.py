"""The catalogue: built-in programmes beside the user's, broken files listed not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach import i18n
from hipcoach.program import catalog
from hipcoach.program.catalog import UnknownProgram, builtin_dir, discover, resolve, user_dir
from hipcoach.program.loader import ProgramError, load_program
from hipcoach.program.model import Program
from hipcoach.program.texts import localize

BUILTIN_IDS = {"daily-drill", "hip-extension"}


def user_programme(program_id: str, name: str = "Mine") -> str:
    return f"""\
[program]
id = "{program_id}"
name = "{name}"

[[stage]]
id = "only"
name = "Only"

  [[stage.phase]]
  kind = "warmup"
  name = "Warm-up"

    [[stage.phase.exercise]]
    id = "walk"
    name = "Walk"
    work = "2m"
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = user_dir(tmp_path)
    folder.mkdir()
    (folder / "mine.toml").write_text(user_programme("my-routine"), encoding="utf-8")
    (folder / "broken.toml").write_text(user_programme("broken").replace('work = "2m"', 'work = "forever"'),
                                        encoding="utf-8")
    (folder / "also-mine.toml").write_text(user_programme("zz-routine", "Also mine"), encoding="utf-8")
    (folder / "notes.txt").write_text("not a programme", encoding="utf-8")
    return tmp_path


def test_builtins_are_found_without_a_data_dir() -> None:
    entries = discover(None)
    assert {e.id for e in entries} >= BUILTIN_IDS
    assert all(e.builtin and e.program is not None and e.problem is None for e in entries)
    assert all(e.path.parent == builtin_dir() for e in entries)


def test_a_missing_user_folder_is_fine(tmp_path: Path) -> None:
    assert {e.id for e in discover(tmp_path)} == {e.id for e in discover(None)}


def test_user_programmes_appear_beside_the_builtins(data_dir: Path) -> None:
    entries = discover(data_dir)
    by_id = {e.id: e for e in entries}
    assert by_id.keys() >= BUILTIN_IDS
    assert {"my-routine", "zz-routine"} <= by_id.keys()
    assert not by_id["my-routine"].builtin
    assert by_id["my-routine"].title == "Mine"
    assert by_id["hip-extension"].builtin
    # built-ins first, then the user's
    flags = [e.builtin for e in entries]
    assert flags == sorted(flags, reverse=True)


def test_a_broken_user_file_is_listed_with_its_problem(data_dir: Path) -> None:
    entries = discover(data_dir)
    broken = [e for e in entries if e.problem is not None]
    assert len(broken) == 1
    entry = broken[0]
    assert entry.program is None
    assert entry.id == "broken"  # the file stem stands in for the id
    assert entry.title == "broken.toml"
    assert entry.problem.file == str(user_dir(data_dir) / "broken.toml")
    assert entry.problem.path == "stage[0].phase[0].exercise[0].work"
    # the others still load
    assert sum(1 for e in entries if not e.builtin and e.program) == 2


def test_unreadable_bytes_do_not_stop_the_others(data_dir: Path) -> None:
    (user_dir(data_dir) / "binary.toml").write_bytes(b"\xff\xfe\x00garbage")
    entries = discover(data_dir)
    binary = next(e for e in entries if e.path.name == "binary.toml")
    assert binary.problem is not None and "UTF-8" in binary.problem.message
    assert "my-routine" in {e.id for e in entries if e.program}


def test_a_user_file_cannot_take_a_builtin_id(data_dir: Path) -> None:
    (user_dir(data_dir) / "copy.toml").write_text(user_programme("hip-extension", "Imposter"),
                                                  encoding="utf-8")
    entries = discover(data_dir)
    ours = [e for e in entries if e.id == "hip-extension" and e.program]
    assert len(ours) == 1 and ours[0].builtin
    copy = next(e for e in entries if e.path.name == "copy.toml")
    assert copy.program is None
    assert copy.problem.path == "program.id"
    assert "already used" in copy.problem.message
    assert resolve("hip-extension", data_dir).name == "Hip extension progression"


def test_resolve_by_id(data_dir: Path) -> None:
    assert resolve("hip-extension", data_dir).id == "hip-extension"
    assert resolve("daily-drill", None).id == "daily-drill"
    assert resolve("my-routine", data_dir).name == "Mine"


def test_resolve_by_path(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.toml"
    path.write_text(user_programme("elsewhere"), encoding="utf-8")
    assert resolve(str(path), None).id == "elsewhere"
    assert resolve(str(builtin_dir() / "daily-drill.toml"), None).id == "daily-drill"


def test_resolve_a_file_without_the_toml_suffix(tmp_path: Path) -> None:
    path = tmp_path / "routine.txt"
    path.write_text(user_programme("plain-text"), encoding="utf-8")
    assert resolve(str(path), None).id == "plain-text"


def test_resolve_a_broken_file_raises_its_problem(data_dir: Path) -> None:
    with pytest.raises(ProgramError) as info:
        resolve(str(user_dir(data_dir) / "broken.toml"), data_dir)
    assert info.value.problem.path.endswith(".work")
    with pytest.raises(ProgramError):
        resolve("broken", data_dir)


def test_resolve_a_missing_toml_path(tmp_path: Path) -> None:
    with pytest.raises(ProgramError) as info:
        resolve(str(tmp_path / "gone.toml"), None)
    assert "cannot be read" in info.value.problem.message


def test_unknown_programme_lists_the_valid_ids(data_dir: Path) -> None:
    with pytest.raises(UnknownProgram) as info:
        resolve("no-such-thing", data_dir)
    message = str(info.value)
    assert "'no-such-thing'" in message
    for program_id in (*BUILTIN_IDS, "my-routine", "zz-routine"):
        assert program_id in message
    assert "broken" not in message.split("available:")[1]


def test_a_builtin_id_is_resolved_from_its_own_file_alone(data_dir: Path, monkeypatch) -> None:
    """A built-in's file is named by its id: resolving it parses that one file (a
    command's start-up) and gives what the catalogue lists, in the user's language, even
    beside a user file that claims the same id."""
    (user_dir(data_dir) / "copy.toml").write_text(user_programme("daily-drill", "Imposter"),
                                                  encoding="utf-8")
    listed = next(e.program for e in discover(data_dir) if e.id == "daily-drill")
    read: list[str] = []

    def reading(path: Path) -> Program:
        read.append(Path(path).name)
        return load_program(path)

    monkeypatch.setattr(catalog, "load_program", reading)
    assert resolve("daily-drill", data_dir) == listed
    assert read == ["daily-drill.toml"]
    i18n.use("de")
    try:
        german = resolve("daily-drill", data_dir).name
        expected = localize(listed).name  # (in place)
    finally:
        i18n.use("en")
    assert german == expected != "Daily hip-extension drill"
    copy = next(e for e in discover(data_dir) if e.path.name == "copy.toml")
    assert copy.program is None and "already used" in copy.problem.message


def test_a_builtin_file_not_named_by_its_id_is_still_found_by_id(tmp_path: Path,
                                                                 monkeypatch) -> None:
    """Should a built-in file's name and id disagree, or the file be broken, resolving
    falls back to the whole catalogue: the same programme, problem or list of ids."""
    builtins = tmp_path / "builtins"
    builtins.mkdir()
    (builtins / "old-name.toml").write_text(user_programme("new-name", "Renamed"),
                                            encoding="utf-8")
    (builtins / "broken.toml").write_text(user_programme("broken").replace('"2m"', '"ever"'),
                                          encoding="utf-8")
    monkeypatch.setattr(catalog, "builtin_dir", lambda: builtins)
    assert resolve("new-name", None).name == "Renamed"
    with pytest.raises(UnknownProgram) as info:
        resolve("old-name", None)
    assert str(info.value) == "unknown programme 'old-name'; available: new-name"
    with pytest.raises(ProgramError) as broken:
        resolve("broken", None)
    assert broken.value.problem == next(e.problem for e in discover(None) if e.id == "broken")
    assert broken.value.problem.path.endswith(".work")

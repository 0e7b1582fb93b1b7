"""Programme and settings files that are not what they say: a FIFO or a device named
``x.toml``, absurd nesting, duplicate ids, NaN. Every case gives a clear line quickly;
nothing blocks, nothing raises a traceback. Commands run in a child with a timeout, so a
hang fails the test instead of stalling the suite."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hipcoach.program.catalog import UnknownProgram, discover, resolve
from hipcoach.program.loader import ProgramError, load_program
from hipcoach.settings import Settings, load, settings_path
from tests.reliability.conftest import hipcoach

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = sorted((ROOT / "assets" / "programs").glob("*.toml"))[0]


def programs(data_dir: Path) -> Path:
    folder = data_dir / "programs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def user_copy(data_dir: Path, name: str, new_id: str) -> Path:
    text = BUILTIN.read_text(encoding="utf-8")
    builtin_id = load_program(BUILTIN).id
    path = programs(data_dir) / name
    path.write_text(text.replace(f'id = "{builtin_id}"', f'id = "{new_id}"', 1),
                    encoding="utf-8")
    return path


def test_a_fifo_named_like_a_programme_is_refused_at_once(data_dir: Path) -> None:
    fifo = programs(data_dir) / "x.toml"
    os.mkfifo(fifo)
    with pytest.raises(ProgramError, match="named pipe"):
        load_program(fifo)
    entry = next(e for e in discover(data_dir) if e.path == fifo)
    assert entry.problem is not None and "named pipe" in entry.problem.message
    done = hipcoach("validate", str(fifo), timeout=20)
    assert done.returncode == 1 and "named pipe" in done.stderr
    plan = hipcoach("plan", load_program(BUILTIN).id, "--data-dir", str(data_dir), timeout=30)
    assert plan.returncode == 0, plan.stderr  # the other programmes still load


def test_a_link_to_dev_zero_is_refused_not_read_forever(data_dir: Path) -> None:
    link = programs(data_dir) / "zero.toml"
    link.symlink_to("/dev/zero")
    done = hipcoach("validate", str(link), timeout=20)
    assert done.returncode == 1 and "device" in done.stderr
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr


def test_a_deeply_nested_dotted_key_is_a_clear_problem(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    # 3000 levels: enough to need hundreds of MB in a TOML parser without the guard
    path.write_text("a" + ".a" * 3000 + " = 1\n", encoding="utf-8")
    with pytest.raises(ProgramError) as info:
        load_program(path)
    assert "nested more than 32 levels" in str(info.value)
    done = hipcoach("validate", str(path), timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# x\n" * 400_000)
    with pytest.raises(ProgramError, match="larger than 1 MB"):
        load_program(path)


def test_empty_programme_and_stage_names_answer_at_once(data_dir: Path) -> None:
    with pytest.raises(UnknownProgram, match="empty name"):
        resolve("", data_dir)
    plan = hipcoach("plan", "", "--data-dir", str(data_dir), timeout=20)
    assert plan.returncode == 1 and "empty" in plan.stderr
    stage = hipcoach("plan", load_program(BUILTIN).id, "--stage", "", timeout=20)
    assert stage.returncode == 1 and "unknown stage ''" in stage.stderr


def test_two_user_programmes_with_one_id_are_both_reported_by_name(data_dir: Path) -> None:
    first = user_copy(data_dir, "mine.toml", "twin")
    second = user_copy(data_dir, "copy-of-mine.toml", "twin")
    entries = {e.path: e for e in discover(data_dir)}
    for path, other in ((first, second), (second, first)):
        problem = entries[path].problem
        assert problem is not None and other.name in problem.message
        assert entries[path].program is None  # neither is offered: no mixing sessions
    with pytest.raises(ProgramError, match="also used by"):
        resolve("twin", data_dir)


def test_a_user_programme_never_silently_shadows_a_built_in(data_dir: Path) -> None:
    builtin_id = load_program(BUILTIN).id
    mine = user_copy(data_dir, "mine.toml", builtin_id)
    entry = next(e for e in discover(data_dir) if e.path == mine)
    assert entry.problem is not None and BUILTIN.name in entry.problem.message
    assert resolve(builtin_id, data_dir).id == builtin_id  # the built-in one


@pytest.mark.parametrize("text", [
    '{"text_scale": NaN}', '{"text_scale": Infinity}', '{"text_scale": 1e999}',
    '{"volume": ' + "9" * 5000 + "}", "[" * 100_000 + "]" * 100_000,
    '{"text_scale": ' + "[" * 50_000 + "]" * 50_000 + "}",
])
def test_settings_with_nan_huge_numbers_or_deep_nesting_fall_back(data_dir: Path,
                                                                  text: str) -> None:
    data_dir.mkdir()
    settings_path(data_dir).write_text(text, encoding="utf-8")
    loaded = load(data_dir)
    assert loaded.settings.text_scale == 1.0 and loaded.settings.volume == Settings().volume
    assert loaded.problems  # the user is told


def test_a_nan_text_scale_is_refused_in_code_too() -> None:
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ValueError, match="finite"):
            Settings().replace(text_scale=bad)


def test_a_fifo_in_place_of_the_settings_does_not_block(data_dir: Path) -> None:
    data_dir.mkdir()
    os.mkfifo(settings_path(data_dir))
    loaded = load(data_dir)
    assert loaded.settings == Settings() and "named pipe" in loaded.problems[0]
    json.dumps(loaded.problems)

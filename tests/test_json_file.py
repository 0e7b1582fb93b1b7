"""The one settings-like JSON file helper: tolerant reads that keep a damaged file aside,
whole-or-nothing private writes (settings, coach profile and decisions use it)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from hipcoach.json_file import read_object, write_json


@pytest.mark.parametrize(("content", "why"), [
    (b'{"volume": NaN}', "is not valid JSON"),
    (b'{"volume": 1' + b"0" * 5000 + b"}", "is not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "is not valid JSON"),
    (b'{"volume": 4, "theme": ', "is not valid JSON"),
    (b"\xff\xfe{}", "is not UTF-8 text"),
    (b"[1, 2]", "does not hold a JSON object"),
])
def test_an_unusable_file_is_one_problem_and_is_kept_aside(tmp_path: Path, content: bytes,
                                                           why: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    read = read_object(path, "using defaults")
    assert read.data is None
    assert read.problem is not None
    assert read.problem.startswith(f"x.json {why} (the file is kept as ")
    assert read.problem.endswith("; using defaults")
    aside = tmp_path / "x.json.damaged"
    assert aside.read_bytes() == content
    before = aside.stat().st_mtime_ns
    read_object(path, "using defaults")  # the same content is not copied again
    assert aside.stat().st_mtime_ns == before


def test_missing_and_special_files(tmp_path: Path) -> None:
    assert read_object(tmp_path / "none.json", "x").problem is None
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    read = read_object(fifo, "using defaults")  # never blocks waiting for a writer
    assert read.data is None and read.problem is not None and "named pipe" in read.problem
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"a": "x" * 2000}))
    read = read_object(big, "using defaults", limit=1000)
    assert read.data is None and "larger than" in (read.problem or "")


def test_write_then_read_round_trips_privately(tmp_path: Path) -> None:
    path = tmp_path / "folder" / "s.json"
    write_json(path, {"b": 1.5, "a": ["ü", None, True]}, sorted_keys=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n") and text.index('"a"') < text.index('"b"')
    assert read_object(path, "x").data == {"b": 1.5, "a": ["ü", None, True]}

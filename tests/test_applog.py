"""The app's log file: private, and rolled over before it grows past its limit."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from hipcoach import applog


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(applog, "MAX_BYTES", 2000)
    path = applog.setup(tmp_path)
    assert path is not None
    yield path.parent
    root = logging.getLogger("hipcoach")
    for handler in root.handlers:
        handler.close()
    root.handlers[:] = []


def test_the_log_rolls_over_keeping_the_newest_lines_and_three_old_files(log_folder: Path) -> None:
    log = logging.getLogger("hipcoach.test")
    for number in range(200):
        log.warning("line %03d %s", number, "x" * 40)
    names = sorted(p.name for p in log_folder.iterdir() if p.name.startswith(applog.LOG_NAME))
    assert names == [applog.LOG_NAME, f"{applog.LOG_NAME}.1", f"{applog.LOG_NAME}.2",
                     f"{applog.LOG_NAME}.3"]
    current = (log_folder / applog.LOG_NAME).read_text(encoding="utf-8")
    previous = (log_folder / f"{applog.LOG_NAME}.1").read_text(encoding="utf-8")
    assert "line 199" in current and "line 199" not in previous
    assert "line 000" not in current + previous  # the oldest files dropped off
    for path in log_folder.iterdir():
        if path.name.startswith(applog.LOG_NAME):
            assert path.stat().st_size <= 2000
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # each line is in exactly one file: nothing is lost at a roll-over
    lines = [line for n in ("", ".1", ".2", ".3")
             for line in (log_folder / f"{applog.LOG_NAME}{n}").read_text().splitlines()]
    numbers = [int(line.split("line ")[1][:3]) for line in lines]
    assert len(numbers) == len(set(numbers)) and max(numbers) == 199

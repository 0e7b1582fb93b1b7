"""The reliability suite: real files, real SQLite, real signals, hostile input.

Every test here carries the ``reliability`` marker (``pytest -m reliability`` runs just
these); they are part of ``make test`` and together take well under three minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.reliability)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The common default umask, under which files would be readable by everyone."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def hipcoach(*args: str, timeout: float = 60, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HIPCOACH_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "hipcoach", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777

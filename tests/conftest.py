"""Fixtures shared across the test packages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from hipcoach.program.model import Program, decode_program
from hipcoach.store.engine import Database, prepare_database

if TYPE_CHECKING:
    from hipcoach.store.repo import Store


def build_program(*exercises: dict[str, Any], phases: list[dict[str, Any]] | None = None) -> Program:
    """A one-stage programme around these exercise tables (or these whole phases)."""
    if phases is None:
        phases = [{"kind": "loaded", "name": "Main", "exercise": list(exercises)}]
    return decode_program({
        "program": {"id": "test", "name": "Test programme"},
        "stage": [{"id": "only", "name": "Only", "phase": phases}],
    })


@pytest.fixture
def make_program() -> Callable[..., Program]:
    return build_program


@pytest.fixture(autouse=True)
def _no_env_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their data dir; a developer's $HIPCOACH_DATA_DIR must not leak in."""
    monkeypatch.delenv("HIPCOACH_DATA_DIR", raising=False)


@pytest.fixture(autouse=True)
def _private_xdg_homes(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The per-user folders (platformdirs) point into a temporary home: no test reads or
    moves a developer's real HipCoach files."""
    home = tmp_path_factory.mktemp("xdg")
    for name in ("DATA", "CONFIG", "CACHE", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(home / name.lower()))


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read the English texts whatever the developer's locale; tests of the
    translations set their own locale."""
    monkeypatch.setenv("LANGUAGE", "en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    """A fresh, migrated SQLite database per test."""
    database = prepare_database(data_dir)
    yield database
    database.close()


@pytest.fixture
def store(db: Database) -> Store:
    return db.store()

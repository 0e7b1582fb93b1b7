"""Fixtures: a fresh data dir and SQLite file per test, under tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hipcoach.store.engine import Database, prepare_database
from hipcoach.store.repo import Store


@pytest.fixture(autouse=True)
def _no_env_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIPCOACH_DATA_DIR", raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    database = prepare_database(data_dir)
    yield database
    database.close()


@pytest.fixture
def store(db: Database) -> Store:
    return db.store()


@pytest.fixture
def session_id(store: Store) -> int:
    return store.start_session(
        program_id="hip-extension", program_name="Hip extension progression",
        stage_id="foundation", stage_name="Foundation", planned_sets=6, planned_seconds=900,
    )

"""Fixtures for the chart tests: a fresh SQLite file per test, the known history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from chart_history import build_history

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
def history(store: Store) -> Store:
    return build_history(store)

"""Fixtures: a fresh data dir and SQLite file per test, under tmp_path."""

from __future__ import annotations

import pytest

from hipcoach.store.repo import Store


@pytest.fixture
def session_id(store: Store) -> int:
    return store.start_session(
        program_id="hip-extension", program_name="Hip extension progression",
        stage_id="foundation", stage_name="Foundation", planned_sets=6, planned_seconds=900,
    )

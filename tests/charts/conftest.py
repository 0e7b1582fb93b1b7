"""Fixtures for the chart model tests: a fresh SQLite file per test, the known history."""

from __future__ import annotations

import pytest
from chart_history import build_history

from hipcoach.store.repo import Store


@pytest.fixture
def history(store: Store) -> Store:
    return build_history(store)

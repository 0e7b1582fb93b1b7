"""Fixtures shared across the test packages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from hipcoach.program.decode import decode_program
from hipcoach.program.model import Program
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


# The session every reader must report the same way: 14 sets planned, 11 done, 2 skipped
# (one exercise entirely, one set of another), 1 not reached because the user ended early,
# 1256 s exercised (20:56) in 31 minutes from start to end (pauses included).
RECORD_START = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
RECORD_END = RECORD_START + timedelta(minutes=31)
RECORD_ACTIVE_S = 1256.0


def record_ended_early_session(store: Store) -> int:
    """Write the session above through the store API; returns its id."""
    from hipcoach.domain.entries import Load, SetEntry, SkippedSet

    sid = store.start_session(program_id="hip-extension", program_name="Hip extension",
                              stage_id="foundation", stage_name="Foundation", planned_sets=14,
                              planned_seconds=1500.0, started_at=RECORD_START, pain_before=2)
    done = [("glute-bridge", "Glute bridge", None, n) for n in (1, 2, 3)]
    done += [("single-leg-bridge", "Single-leg bridge", side, n)
             for n in (1, 2, 3) for side in ("left", "right")]
    done += [("prone-hip-extension", "Prone hip extension", None, n) for n in (1, 2)]
    for minute, (exercise, name, side, set_no) in enumerate(done, 2):
        store.log_set(SetEntry(sid, exercise, set_no, 10, exercise_name=name, phase="loaded",
                               side=side, target_reps=10, load=Load(), tempo="2-0-2-1",  # type: ignore[arg-type]
                               tut_s=50.0, rpe=7, pain=2,
                               performed_at=RECORD_START + timedelta(minutes=minute)))
    store.record_skipped(sid, [SkippedSet("clam", "Side-lying clam", "activation", None, 1),
                               SkippedSet("bird-dog", "Bird dog", "activation", None, 2)])
    store.finish_session(sid, "abandoned", ended_at=RECORD_END, pain_after=3,
                         active_s=RECORD_ACTIVE_S)
    return sid


@pytest.fixture
def ended_early_session(store: Store) -> int:
    """The id of ``record_ended_early_session`` in the per-test database."""
    return record_ended_early_session(store)

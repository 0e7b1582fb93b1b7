"""Migrations: a database made at the first revision, with data, upgrades intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hipcoach.store import database_path
from hipcoach.store.engine import prepare_database, run_migrations
from hipcoach.store.errors import StoreError
from hipcoach.store.schema import FIRST, HEAD
from hipcoach.store.sqlite_file import inspect


def _first_revision_database(data_dir: Path) -> Path:
    """A database at revision 0001 with two sessions, sets (one-sided and not), check-ins."""
    data_dir.mkdir(parents=True)
    path = database_path(data_dir)
    run_migrations(path, FIRST)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    con.executemany(
        "INSERT INTO sessions (id, program_id, program_name, stage_id, stage_name, started_at,"
        " ended_at, status, planned_sets, done_sets, planned_seconds, position, pain_before,"
        " pain_after) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (1, "hip-extension", "Hip extension", "foundation", "Foundation",
             "2025-03-01 08:00:00.000000", "2025-03-01 08:40:00.000000", "completed",
             3, 3, 2400.0, 57, 2, 3),
            (2, "daily-drill", "Daily drill", "daily", "Daily",
             "2025-03-02 08:00:00.000000", None, "in_progress", 4, 1, 300.0, 12, None, None),
        ],
    )
    con.executemany(
        "INSERT INTO sets (session_id, exercise, exercise_name, phase, side, set_no,"
        " target_reps, reps, load_value, load_unit, band_colour, tempo, hold_s, tut_s, rpe,"
        " pain, note, performed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (1, "glute-bridge", "Glute bridge", "loaded", None, 1, 8, 9, 10.0, "kg", None,
             "3-0-3-0", None, 54.0, 7, 2, "solid", "2025-03-01 08:10:00.000000"),
            (1, "single-leg-bridge", "Single-leg bridge", "loaded", "left", 1, 6, 5, None,
             "bodyweight", None, None, None, None, 8, 3, "", "2025-03-01 08:20:00.000000"),
            (1, "band-walk", "Band walk", "activation", None, 1, 10, 10, None, "band", "red",
             None, None, None, None, None, "", "2025-03-01 08:30:00.000000"),
            (2, "glute-squeeze", "Glute squeeze", "activation", None, 1, 3, 3, None,
             "bodyweight", None, None, 10.0, 30.0, None, 0, "", "2025-03-02 08:05:00.000000"),
        ],
    )
    con.execute("INSERT INTO checkins (session_id, kind, pain, stiffness, at) VALUES "
                "(1, 'next_morning', 4, 2, '2025-03-02 07:00:00.000000')")
    con.commit()
    con.close()
    return path


def test_upgrade_from_the_first_revision_keeps_the_data(data_dir: Path) -> None:
    path = _first_revision_database(data_dir)
    with prepare_database(data_dir) as db:
        assert db.upgraded_from == FIRST and not db.created
        backup = db.pre_migration_backup
        assert backup is not None and backup.name.startswith("pre-migration-")
        assert inspect(backup).revision == FIRST  # the copy is of the old schema
        store = db.store()
        summaries = store.sessions()
        assert [s.id for s in summaries] == [2, 1]
        done = store.session_detail(1)
        assert done.summary.status == "completed" and done.summary.position == 57
        assert done.summary.duration_s == 2400
        assert done.summary.max_pain == 3
        assert [(s.exercise, s.side, s.reps) for s in done.sets] == [
            ("glute-bridge", None, 9), ("single-leg-bridge", "left", 5), ("band-walk", None, 10)
        ]
        assert done.sets[0].load.value == 10.0 and done.sets[0].tempo == "3-0-3-0"
        assert str(done.sets[2].load) == "band:red"
        assert done.checkins[0].kind == "next_morning" and done.checkins[0].pain == 4
        resume = store.interrupted_session()
        assert resume is not None and resume.id == 2 and resume.position == 12
        with db.engine.connect() as conn:
            names = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index'")}
            columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(sessions)")}
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert {"ix_sets_exercise_performed_at", "ix_sessions_started_at", "uq_sets_slot"} <= names
        assert "morning_asked_at" in columns
    assert inspect(path).revision == HEAD


def test_upgraded_database_still_refuses_duplicates_and_cascades(data_dir: Path) -> None:
    _first_revision_database(data_dir)
    with prepare_database(data_dir) as db:
        store = db.store()
        before = store.session_detail(1).sets
        from hipcoach.domain.entries import Load, SetEntry

        set_id = store.log_set(SetEntry(1, "glute-bridge", 1, 11, load=Load("kg", 12.5)))
        after = {s.id: s for s in store.session_detail(1).sets}
        assert len(after) == len(before)
        assert set_id == before[0].id and after[set_id].reps == 11
        store.delete_session(1)
        with db.engine.connect() as conn:
            orphans = conn.exec_driver_sql("SELECT count(*) FROM sets WHERE session_id = 1")
            assert orphans.scalar() == 0


def test_downgrade_then_upgrade_keeps_every_set(data_dir: Path) -> None:
    """The downgrade rebuilds the sessions table; with foreign keys on, that would
    cascade-delete every set. The migration runner turns them off."""
    _first_revision_database(data_dir)
    path = database_path(data_dir)
    prepare_database(data_dir).close()
    run_migrations(path, FIRST)
    assert inspect(path).revision == FIRST
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM sets").fetchone()[0] == 4
    con.close()
    with prepare_database(data_dir) as db:
        assert db.upgraded_from == FIRST
        assert len(db.store().session_detail(1).sets) == 3


def test_a_failed_upgrade_rolls_back_completely(data_dir: Path) -> None:
    path = _first_revision_database(data_dir)
    con = sqlite3.connect(path)  # an index in the way makes revision 0002 fail half-way
    con.execute("CREATE INDEX ix_sets_exercise_performed_at ON sets (note)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="left unchanged") as caught:
        prepare_database(data_dir)
    assert "pre-migration-" in str(caught.value)
    assert inspect(path).revision == FIRST
    con = sqlite3.connect(path)
    columns = {r[1] for r in con.execute("PRAGMA table_info(sessions)")}
    assert "morning_asked_at" not in columns  # the column added before the failure is gone
    assert con.execute("SELECT count(*) FROM sets").fetchone()[0] == 4
    con.close()

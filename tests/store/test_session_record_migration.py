"""Revision 0004: a 0003 database with data upgrades intact, gains active_s and skipped_sets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hipcoach.store import database_path
from hipcoach.store.engine import prepare_database, run_migrations
from hipcoach.store.schema import HEAD, REVISIONS
from hipcoach.store.sqlite_file import inspect

PREVIOUS = "0003_assessments"


def _previous_revision_database(data_dir: Path) -> Path:
    """A 0003 database: a finished session with two sets and a check-in, one in progress."""
    data_dir.mkdir(parents=True)
    path = database_path(data_dir)
    run_migrations(path, PREVIOUS)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    con.executemany(
        "INSERT INTO sessions (id, program_id, program_name, stage_id, stage_name, started_at,"
        " ended_at, status, planned_sets, done_sets, planned_seconds, position, pain_before,"
        " pain_after) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(1, "hip-extension", "Hip extension", "foundation", "Foundation",
          "2025-03-01 08:00:00.000000", "2025-03-01 08:40:00.000000", "completed",
          3, 2, 2400.0, 57, 2, 3),
         (2, "daily-drill", "Daily drill", "daily", "Daily",
          "2025-03-02 08:00:00.000000", None, "in_progress", 4, 0, 300.0, 12, None, None)],
    )
    con.executemany(
        "INSERT INTO sets (session_id, exercise, exercise_name, phase, side, set_no,"
        " target_reps, reps, load_unit, tempo, tut_s, note, performed_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(1, "glute-bridge", "Glute bridge", "loaded", None, 1, 8, 9, "bodyweight", "3-0-3-0",
          54.0, "", "2025-03-01 08:10:00.000000"),
         (1, "single-leg-bridge", "Single-leg bridge", "loaded", "left", 1, 6, 5, "bodyweight",
          None, None, "", "2025-03-01 08:20:00.000000")],
    )
    con.execute("INSERT INTO checkins (session_id, kind, pain, at) VALUES "
                "(1, 'after', 3, '2025-03-01 08:40:00.000000')")
    con.commit()
    con.close()
    return path


def test_the_record_revision_follows_the_assessments() -> None:
    # Later revisions (function goals, 0007) come after it; it still follows 0003.
    assert REVISIONS[REVISIONS.index("0004_session_record") - 1] == PREVIOUS
    assert HEAD != PREVIOUS


def test_upgrade_from_0003_keeps_the_data_and_adds_the_record(data_dir: Path) -> None:
    path = _previous_revision_database(data_dir)
    with prepare_database(data_dir) as db:
        assert db.upgraded_from == PREVIOUS and db.pre_migration_backup is not None
        with db.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT id, status, done_sets, position, active_s FROM sessions ORDER BY id"
            ).fetchall()
            sets = conn.exec_driver_sql("SELECT session_id, exercise, side FROM sets").fetchall()
            checkins = conn.exec_driver_sql("SELECT session_id, kind FROM checkins").fetchall()
            schema = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'sessions'").scalar()
            index = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'uq_skipped_sets_slot'").scalar()
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert rows == [(1, "completed", 2, 57, 0.0), (2, "in_progress", 0, 12, 0.0)]
    assert sorted(sets) == [(1, "glute-bridge", None), (1, "single-leg-bridge", "left")]
    assert checkins == [(1, "after")]
    # The table was copied to add the CHECK: its constraints and AUTOINCREMENT survive.
    assert "AUTOINCREMENT" in schema and "ck_sessions_active_s" in schema
    assert "ck_sessions_status" in schema and "ck_sessions_pain_after" in schema
    assert {"ix_sessions_started_at", "skipped_sets"} <= names
    assert "coalesce(side, '')" in index
    assert inspect(path).revision == HEAD


def test_the_new_constraints_hold(data_dir: Path) -> None:
    path = _previous_revision_database(data_dir)
    prepare_database(data_dir).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match="active_s"):
        con.execute("UPDATE sessions SET active_s = -1 WHERE id = 1")
    insert = ("INSERT INTO skipped_sets (session_id, exercise, exercise_name, phase, side,"
              " set_no) VALUES (?,?,?,?,?,?)")
    con.execute(insert, (1, "glute-bridge", "Glute bridge", "loaded", None, 2))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):  # a NULL side is one slot
        con.execute(insert, (1, "glute-bridge", "Glute bridge", "loaded", None, 2))
    with pytest.raises(sqlite3.IntegrityError, match="side"):
        con.execute(insert, (1, "clam", "Clam", "loaded", "both", 1))
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        con.execute(insert, (99, "clam", "Clam", "loaded", "left", 1))
    con.execute("DELETE FROM sessions WHERE id = 1")
    assert con.execute("SELECT count(*) FROM skipped_sets").fetchone() == (0,)
    con.close()


def test_downgrade_to_0003_keeps_sessions_and_sets(data_dir: Path) -> None:
    path = _previous_revision_database(data_dir)
    prepare_database(data_dir).close()
    run_migrations(path, PREVIOUS)
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    columns = {r[1] for r in con.execute("PRAGMA table_info(sessions)")}
    assert "skipped_sets" not in tables and "active_s" not in columns
    assert con.execute("SELECT count(*) FROM sets").fetchone() == (2,)
    assert con.execute("SELECT count(*) FROM sessions").fetchone() == (2,)
    con.close()

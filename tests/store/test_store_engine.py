"""Opening the database: pragmas, start-up checks, damaged files set aside."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from hipcoach.store import APPLICATION_ID, database_path
from hipcoach.store.engine import MIGRATIONS_DIR, Database, open_database, prepare_database
from hipcoach.store.errors import CorruptDatabase, NewerDatabase
from hipcoach.store.models import Base
from hipcoach.store.repo import Store
from hipcoach.store.schema import HEAD, REVISIONS

NOW = datetime(2025, 3, 5, 18, 30, tzinfo=UTC)


def _pragmas(conn) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
    }


def test_pragmas_are_set_on_every_connection(db: Database) -> None:
    expected = {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2, "busy_timeout": 5000}
    with db.engine.connect() as first, db.engine.connect() as second:
        assert _pragmas(first) == expected
        assert _pragmas(second) == expected
    fresh = open_database(db.path)
    try:
        with fresh.connect() as conn:
            assert _pragmas(conn) == expected
    finally:
        fresh.dispose()


def test_transactions_are_real(db: Database, store: Store, session_id: int) -> None:
    with pytest.raises(RuntimeError), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM sessions"))
        raise RuntimeError("roll back")
    assert store.session_count() == 1


def test_new_database_is_stamped_at_head(db: Database) -> None:
    assert db.created and db.upgraded_from is None and db.pre_migration_backup is None
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD


def test_reopening_a_current_database_changes_nothing(data_dir: Path) -> None:
    prepare_database(data_dir).close()
    again = prepare_database(data_dir)
    again.close()
    assert not again.created and again.upgraded_from is None
    assert not (data_dir / "backups").exists()


def test_schema_revisions_match_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    assert scripts.get_heads() == [HEAD]
    chain = [s.revision for s in scripts.walk_revisions()]
    assert tuple(reversed(chain)) == REVISIONS


def test_models_match_the_migrated_schema(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # expression indexes cannot be reflected
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        indexes = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'uq_sets_slot'").scalar()
    assert "coalesce(side, '')" in indexes


def test_opening_a_current_database_does_not_load_alembic(data_dir: Path) -> None:
    prepare_database(data_dir).close()
    code = (
        "import sys; from hipcoach.store.engine import prepare_database; "
        f"prepare_database({str(data_dir)!r}).close(); "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_garbage_file_is_moved_aside_and_reported(data_dir: Path) -> None:
    data_dir.mkdir()
    path = database_path(data_dir)
    garbage = os.urandom(3000) + b"definitely not sqlite"
    path.write_bytes(garbage)
    with pytest.raises(CorruptDatabase) as caught:
        prepare_database(data_dir, now=NOW)
    error = caught.value
    assert error.moved_to is not None and error.moved_to.name in str(error)
    assert error.moved_to.name == "hipcoach.db.corrupt-20250305-183000"
    assert error.moved_to.read_bytes() == garbage  # kept intact
    assert not path.exists()
    # The next start makes a new, empty database beside the old file.
    fresh = prepare_database(data_dir, now=NOW)
    assert fresh.created
    fresh.close()
    assert error.moved_to.read_bytes() == garbage


def test_second_corrupt_file_does_not_overwrite_the_first(data_dir: Path) -> None:
    data_dir.mkdir()
    path = database_path(data_dir)
    path.write_bytes(b"first garbage" * 100)
    with pytest.raises(CorruptDatabase) as first:
        prepare_database(data_dir, now=NOW)
    path.write_bytes(b"second garbage" * 100)
    (data_dir / "hipcoach.db-wal").write_bytes(b"stale log")
    with pytest.raises(CorruptDatabase) as second:
        prepare_database(data_dir, now=NOW)
    assert first.value.moved_to != second.value.moved_to
    assert first.value.moved_to.read_bytes() == b"first garbage" * 100  # type: ignore[union-attr]
    moved = second.value.moved_to
    assert moved is not None and moved.read_bytes() == b"second garbage" * 100
    assert moved.with_name(moved.name + "-wal").read_bytes() == b"stale log"
    assert not (data_dir / "hipcoach.db-wal").exists()


def test_damaged_pages_fail_the_integrity_check(data_dir: Path) -> None:
    with prepare_database(data_dir) as db:
        store = db.store()
        for n in range(40):
            store.start_session(program_id="p", program_name="P" * 60, stage_id="s",
                                stage_name="S" * 60, planned_sets=n)
    path = database_path(data_dir)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    raw = bytearray(path.read_bytes())
    page = 4096
    assert len(raw) > 3 * page
    raw[2 * page: 3 * page] = os.urandom(page)  # scribble over a b-tree page
    path.write_bytes(bytes(raw))
    with pytest.raises(CorruptDatabase) as caught:
        prepare_database(data_dir, now=NOW)
    assert caught.value.moved_to is not None and caught.value.moved_to.exists()


def test_another_programs_database_is_not_touched_in_place(data_dir: Path) -> None:
    data_dir.mkdir()
    path = database_path(data_dir)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(CorruptDatabase, match="not a HipCoach database"):
        prepare_database(data_dir, now=NOW)
    assert not path.exists()


def test_database_from_a_newer_version_is_refused_untouched(data_dir: Path) -> None:
    prepare_database(data_dir).close()
    path = database_path(data_dir)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(NewerDatabase, match="newer version"):
        prepare_database(data_dir)
    assert path.exists()


def test_empty_file_counts_as_a_new_database(data_dir: Path) -> None:
    data_dir.mkdir()
    database_path(data_dir).write_bytes(b"")
    with prepare_database(data_dir) as db:
        assert db.created

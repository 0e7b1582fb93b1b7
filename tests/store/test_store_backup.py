"""Backups: online copies, rotation, restore, and the ``hipcoach backup`` command."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipcoach import cli
from hipcoach.domain.entries import SetEntry
from hipcoach.store import backup_dir, database_path
from hipcoach.store.backup import (
    BackupInfo,
    auto_backup,
    list_backups,
    make_backup,
    restore,
    rotate,
    rotation_keep,
)
from hipcoach.store.engine import Database, prepare_database, run_migrations
from hipcoach.store.errors import NotAHipCoachDatabase, StoreError
from hipcoach.store.instance import InstanceLock
from hipcoach.store.repo import Store
from hipcoach.store.schema import FIRST, HEAD
from hipcoach.store.sqlite_file import inspect

NOW = datetime(2025, 3, 5, 18, 30, tzinfo=UTC)  # a Wednesday


def _session(store: Store, name: str) -> int:
    sid = store.start_session(program_id="p", program_name=name, stage_id="s", stage_name="S")
    store.log_set(SetEntry(sid, "glute-bridge", 1, 10))
    return sid


def test_backup_is_a_complete_single_file_copy(db: Database, store: Store) -> None:
    _session(store, "before the backup")  # still in the WAL: not checkpointed
    path = make_backup(db.data_dir, "manual", now=NOW)
    assert path == backup_dir(db.data_dir) / "manual-20250305-183000.db"
    assert not Path(f"{path}-wal").exists()
    assert inspect(path).revision == HEAD
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("SELECT program_name FROM sessions").fetchall() == [("before the backup",)]
    con.close()
    again = make_backup(db.data_dir, "manual", now=NOW)  # same second: a new name
    assert again != path and again.exists() and path.exists()


def test_backup_without_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        make_backup(tmp_path, "manual")


def _fake_auto(data_dir: Path, when: datetime) -> Path:
    folder = backup_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"auto-{when.strftime('%Y%m%d-%H%M%S')}.db"
    path.write_bytes(b"x")
    return path


def test_rotation_keeps_the_last_ten_and_one_per_week_for_eight_weeks(data_dir: Path) -> None:
    made = [_fake_auto(data_dir, NOW - timedelta(days=d, hours=h))
            for d in range(0, 90) for h in (0, 9)]
    manual = backup_dir(data_dir) / "manual-20240101-000000.db"
    manual.write_bytes(b"keep me")
    deleted = rotate(data_dir, now=NOW)
    kept = [b for b in list_backups(data_dir) if b.kind == "auto"]
    kept_paths = {b.path for b in kept}
    assert set(made) == kept_paths | set(deleted)
    assert manual.exists()
    newest_ten = sorted(made, key=lambda p: p.name, reverse=True)[:10]
    assert set(newest_ten) <= kept_paths
    this_monday = datetime(2025, 3, 3, tzinfo=UTC)
    for week in range(8):
        start = this_monday - timedelta(weeks=week)
        in_week = [b for b in kept if start <= b.taken_at < start + timedelta(weeks=1)]
        assert in_week, f"no backup kept for the week of {start:%Y-%m-%d}"
    oldest_allowed = this_monday - timedelta(weeks=7)
    assert all(b.taken_at >= oldest_allowed for b in kept)
    # 10 newest cover this week and last; then one for each of the 6 older weeks.
    assert len(kept) == 10 + 6
    assert rotate(data_dir, now=NOW) == []  # stable


def test_rotation_keep_is_newest_per_week() -> None:
    backups = [BackupInfo(Path(f"auto-{n}.db"), "auto", NOW - timedelta(days=n), 1)
               for n in range(60)]
    keep = rotation_keep(backups, NOW, keep_last=2, weeks=3)
    # 2 newest (today, yesterday), then the newest of last week and the week before.
    assert keep == {Path("auto-0.db"), Path("auto-1.db"), Path("auto-3.db"), Path("auto-10.db")}


def test_auto_backup_rotates_and_respects_min_age(db: Database, store: Store) -> None:
    _session(store, "x")
    for n in range(14):
        assert auto_backup(db.data_dir, now=NOW + timedelta(hours=n)) is not None
    assert len([b for b in list_backups(db.data_dir) if b.kind == "auto"]) == 10
    assert auto_backup(db.data_dir, now=NOW + timedelta(hours=14),
                       min_age=timedelta(hours=2)) is None


def test_restore_replaces_the_data_and_keeps_the_current_one(db: Database, store: Store) -> None:
    _session(store, "kept in the backup")
    saved = make_backup(db.data_dir, "manual", now=NOW)
    _session(store, "made after the backup")
    result = restore(db.data_dir, saved, now=NOW + timedelta(minutes=1))
    # The open engine sees the restored content: no file was swapped under it.
    assert [s.program_name for s in store.sessions()] == ["kept in the backup"]
    assert result.previous is not None and result.previous.name.startswith("pre-restore-")
    con = sqlite3.connect(result.previous)
    names = {r[0] for r in con.execute("SELECT program_name FROM sessions")}
    con.close()
    assert names == {"kept in the backup", "made after the backup"}
    assert saved.exists() and inspect(saved).revision == HEAD


@pytest.mark.parametrize("content", [b"", b"garbage" * 1000, "sqlite-other"])
def test_restore_refuses_what_is_not_a_hipcoach_database(
    db: Database, store: Store, tmp_path: Path, content: bytes | str
) -> None:
    _session(store, "current")
    bad = tmp_path / "bad.db"
    if content == "sqlite-other":
        con = sqlite3.connect(bad)
        con.execute("CREATE TABLE recipes (name TEXT)")
        con.commit()
        con.close()
    else:
        bad.write_bytes(content)  # type: ignore[arg-type]
    before = bad.read_bytes()
    with pytest.raises(NotAHipCoachDatabase):
        restore(db.data_dir, bad)
    assert [s.program_name for s in store.sessions()] == ["current"]
    assert bad.read_bytes() == before
    assert list_backups(db.data_dir) == []


def test_restoring_an_old_revision_is_migrated_on_next_open(data_dir: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    run_migrations(old, FIRST)
    prepare_database(data_dir).close()
    restore(data_dir, old)
    assert inspect(database_path(data_dir)).revision == FIRST
    with prepare_database(data_dir) as db:
        assert db.upgraded_from == FIRST


# The command ----------------------------------------------------------------------------


def test_backup_command_makes_lists_and_restores(
    db: Database, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(db.data_dir)
    _session(store, "one")
    assert cli.main(["backup", "--data-dir", folder]) == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.is_file() and made.parent == backup_dir(db.data_dir)
    _session(store, "two")
    assert cli.main(["backup", "--list", "--data-dir", folder]) == 0
    listing = capsys.readouterr().out
    assert made.name in listing and "manual" in listing
    db.close()
    assert cli.main(["backup", "--restore", made.name, "--data-dir", folder]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "pre-restore-" in out
    with prepare_database(db.data_dir) as again:
        assert [s.program_name for s in again.store().sessions()] == ["one"]


def test_backup_command_errors_are_one_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(data_dir)
    assert cli.main(["backup", "--data-dir", folder]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no database" in err and "Traceback" not in err
    assert cli.main(["backup", "--list", "--data-dir", folder]) == 0
    assert "no backups" in capsys.readouterr().out
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"junk" * 100)
    assert cli.main(["backup", "--restore", str(junk), "--data-dir", folder]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a usable HipCoach database" in err
    assert cli.main(["backup", "--restore", "nope.db", "--data-dir", folder]) == 1
    assert "no such backup file" in capsys.readouterr().err


def test_restore_refused_while_the_app_runs(
    db: Database, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _session(store, "one")
    saved = make_backup(db.data_dir, "manual")
    with InstanceLock(db.data_dir):
        assert cli.main(["backup", "--restore", str(saved), "--data-dir", str(db.data_dir)]) == 1
    assert "already running" in capsys.readouterr().err

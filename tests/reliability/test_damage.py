"""Damage contained: a row that breaks a rule leaves the history in use and is listed;
a damaged page moves the file aside (byte for byte) and what SQLite can read comes back
in a fresh database, with the number of sets said."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipcoach import cli
from hipcoach.domain.entries import SetEntry
from hipcoach.store import database_path
from hipcoach.store.engine import prepare_database
from hipcoach.store.errors import CorruptDatabase
from hipcoach.store.sqlite_file import inspect

T0 = datetime(2025, 3, 5, 17, 0, tzinfo=UTC)


def history(data_dir: Path, sessions: int = 30, sets: int = 6) -> None:
    with prepare_database(data_dir) as db:
        store = db.store()
        for k in range(sessions):
            sid = store.start_session(program_id="p", program_name="P", stage_id="s",
                                      stage_name="S", planned_sets=sets,
                                      started_at=T0 + timedelta(days=k))
            for n in range(1, sets + 1):
                store.log_set(SetEntry(sid, "bridge", n, 10, note="n" * 200,
                                       performed_at=T0 + timedelta(days=k, minutes=n)))
            store.finish_session(sid, ended_at=T0 + timedelta(days=k, hours=1))


def single_file(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()


def test_a_row_breaking_a_rule_is_listed_and_the_history_stays_in_use(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history(data_dir, sessions=3, sets=2)
    con = sqlite3.connect(database_path(data_dir))
    con.execute("PRAGMA ignore_check_constraints = ON")
    con.execute("UPDATE sets SET reps = 500 WHERE id = 2")
    con.commit()
    con.close()
    with prepare_database(data_dir) as db:  # not moved aside
        assert [(b.table, b.row_id) for b in db.bad_rows] == [("sets", 2)]
        assert "reps BETWEEN 0 AND 100" in db.bad_rows[0].rule
        assert db.bad_rows[0].values["reps"] == 500
        assert db.store().session_count() == 3
        assert len(db.store().sets()) == 6  # every set, the bad one too, still in view
    assert [p.name for p in data_dir.iterdir() if ".corrupt-" in p.name] == []
    out = tmp_path / "bad.csv"
    assert cli.main(["check", "--export", str(out), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "sets row 2: breaks CHECK (reps BETWEEN 0 AND 100)" in err
    assert "1 row break" in err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "table,row,rule,values" and lines[1].startswith("sets,2,")
    assert cli.main(["export", "--csv", str(tmp_path / "all.csv"),
                     "--data-dir", str(data_dir)]) == 0


def test_a_sound_database_checks_clean(data_dir: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    history(data_dir, sessions=1, sets=1)
    assert cli.main(["check", "--data-dir", str(data_dir)]) == 0
    assert "is sound" in capsys.readouterr().out


def test_a_damaged_page_is_moved_aside_and_readable_sets_recovered(data_dir: Path) -> None:
    history(data_dir)
    path = database_path(data_dir)
    single_file(path)
    con = sqlite3.connect(path)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sets'").fetchone()[0]
    # a leaf page of the sets table: walk from the root to its first child
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    raw = bytearray(path.read_bytes())
    header = (root - 1) * page_size
    assert raw[header] == 0x05  # an interior table page: its children are leaves
    child = int.from_bytes(raw[header + 8: header + 12], "big")  # right-most child
    start = (child - 1) * page_size
    raw[start + 8: start + page_size] = os.urandom(page_size - 8)  # scribble over a leaf
    path.write_bytes(bytes(raw))
    damaged = bytes(raw)

    with pytest.raises(CorruptDatabase) as caught:
        prepare_database(data_dir)
    error = caught.value
    assert error.moved_to is not None and error.moved_to.read_bytes() == damaged  # untouched
    assert error.recovered_sets is not None and 0 < error.recovered_sets < 180
    assert f"{error.recovered_sets} sets in " in str(error)
    assert "were recovered" in str(error) and "restore a backup" in str(error)
    assert inspect(path).row_problems == ()  # the fresh file is sound
    with prepare_database(data_dir) as db:
        store = db.store()
        assert len(store.sets()) == error.recovered_sets
        assert store.session_count() == 30  # the sessions' pages were not hit


def test_garbage_recovers_nothing_and_leaves_no_empty_file(data_dir: Path) -> None:
    data_dir.mkdir()
    database_path(data_dir).write_bytes(b"not a database" * 500)
    with pytest.raises(CorruptDatabase) as caught:
        prepare_database(data_dir)
    assert caught.value.recovered_sets is None
    assert not database_path(data_dir).exists()

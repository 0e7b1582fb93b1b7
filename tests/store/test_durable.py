"""Writes that survive: a real "database or disk is full" (SQLite's page limit) and a real
exclusive lock held by another connection; the journal keeps the writes and replays them.

Waiting on a busy database uses an injected sleep; the engine's busy timeout is short.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from hipcoach.domain.entries import Checkin, SetEntry
from hipcoach.store import database_path
from hipcoach.store.durable import DurableStore, KeptForLater
from hipcoach.store.engine import open_database, prepare_database
from hipcoach.store.errors import InvalidEntry
from hipcoach.store.journal import Journal, journal_path


class Disk:
    """Makes the database "full" for real: every connection gets PRAGMA max_page_count
    at the file's current size, so any write needing a new page fails in SQLite."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.full = False
        event.listen(engine, "connect", self._on_connect)

    def _on_connect(self, dbapi: sqlite3.Connection, _record: Any) -> None:
        if self.full:
            pages = dbapi.execute("PRAGMA page_count").fetchone()[0]
            dbapi.execute(f"PRAGMA max_page_count = {pages}")

    def fill(self) -> None:
        self.full = True
        self.engine.dispose()

    def free(self) -> None:
        self.full = False
        self.engine.dispose()


@pytest.fixture
def folder(data_dir: Path) -> Path:
    prepare_database(data_dir).close()
    return data_dir


@pytest.fixture
def engine(folder: Path) -> Iterator[Engine]:
    engine = open_database(database_path(folder), busy_timeout_ms=20)
    yield engine
    engine.dispose()


def durable(engine: Engine, folder: Path, sleeps: list[float] | None = None) -> DurableStore:
    waits = sleeps if sleeps is not None else []
    return DurableStore(engine, Journal(journal_path(folder)), sleep=waits.append)


def start(store: DurableStore) -> int:
    return store.start_session(program_id="p", program_name="P", stage_id="s",
                               stage_name="S", planned_sets=5)


def big_note(n: int) -> str:
    return f"set {n} " + "x" * 900  # each set needs fresh pages


def fill_until_kept(store: DurableStore, session: int, first: int) -> int:
    """Log sets from ``first`` until the full disk refuses one; returns its number."""
    for n in range(first, first + 60):
        try:
            store.log_set(SetEntry(session, "bridge", n, 10, note=big_note(n)))
        except KeptForLater:
            return n
    raise AssertionError("the disk never filled up")


def test_sets_written_to_a_full_disk_are_kept_and_replayed_in_order(engine: Engine,
                                                                   folder: Path) -> None:
    disk = Disk(engine)
    store = durable(engine, folder)
    session = start(store)
    store.log_set(SetEntry(session, "bridge", 1, 10))
    disk.fill()
    refused = fill_until_kept(store, session, 2)
    on_disk = refused - 1
    for n in range(refused + 1, refused + 4):
        with pytest.raises(KeptForLater) as caught:
            store.log_set(SetEntry(session, "bridge", n, 10, note="short"))
        kept = n - refused + 1
        assert str(caught.value) == (f"your last {kept} sets are kept safely and will be saved "
                                     "when there is space on the disk")
    with pytest.raises(KeptForLater):
        store.finish_session(session, "completed")
    assert store.pending == 5 and store.pending_sets == 4
    # the session does not claim what is not on disk: still in progress
    summary = store.session_detail(session).summary
    assert (summary.status, summary.done_sets) == ("in_progress", on_disk)
    disk.free()
    store.save_position(session, 3)  # the next write replays everything first
    detail = store.session_detail(session)
    assert [s.set_no for s in detail.sets] == list(range(1, refused + 4))
    assert detail.summary.status == "completed" and detail.summary.done_sets == refused + 3
    assert store.pending == 0 and len(Journal(journal_path(folder))) == 0


def test_closing_the_app_loses_nothing_the_next_start_replays(engine: Engine,
                                                             folder: Path) -> None:
    disk = Disk(engine)
    store = durable(engine, folder)
    session = start(store)
    disk.fill()
    refused = fill_until_kept(store, session, 1)
    with pytest.raises(KeptForLater):
        store.log_set(SetEntry(session, "bridge", refused + 1, 9))
    with pytest.raises(KeptForLater):
        store.add_checkin(Checkin(session, "after", 3))
    store.journal.close()
    engine.dispose()
    assert len(Journal(journal_path(folder))) == 3  # on disk, not only in memory
    with prepare_database(folder) as db:  # the next start
        detail = db.store().session_detail(session)
    assert [s.set_no for s in detail.sets] == list(range(1, refused + 2))
    assert detail.summary.pain_after == 3
    assert len(Journal(journal_path(folder))) == 0


def test_a_session_started_on_a_full_disk_is_created_once_even_if_replayed_twice(
        engine: Engine, folder: Path) -> None:
    disk = Disk(engine)
    store = durable(engine, folder)
    first = start(store)
    disk.fill()
    fill_until_kept(store, first, 1)
    provisional = start(store)
    assert provisional < 0  # kept in the journal with a provisional id
    with pytest.raises(KeptForLater):
        store.log_set(SetEntry(provisional, "bridge", 1, 7))
    records = store.journal.records
    disk.free()
    twin = Journal(journal_path(folder).with_name("copy.pending"))
    for record in records:  # a crash after the replay and before the journal was cleared
        twin.append(record)
    assert store.replay() == 3
    again = DurableStore(engine, twin)
    assert again.pending == 0
    assert store.session_count() == 2  # the kept session once, not twice
    second = next(s for s in store.sessions() if s.id != first)
    assert second.done_sets == 1 and second.planned_sets == 5


def test_a_locked_database_is_waited_on_with_backoff_then_kept(engine: Engine,
                                                             folder: Path) -> None:
    sleeps: list[float] = []
    store = durable(engine, folder, sleeps)
    session = start(store)
    other = sqlite3.connect(database_path(folder), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(KeptForLater) as caught:
            store.log_set(SetEntry(session, "bridge", 1, 10))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert sleeps == [0.25, 0.5, 1.0, 2.0]  # waited, growing, before keeping it
    assert "when the database is free again" in str(caught.value)
    assert "locked" not in str(caught.value)
    store.log_set(SetEntry(session, "bridge", 2, 10))
    assert [s.set_no for s in store.session_detail(session).sets] == [1, 2]


def test_a_lock_released_during_the_wait_is_not_reported(engine: Engine, folder: Path) -> None:
    other = sqlite3.connect(database_path(folder), isolation_level=None)
    store = durable(engine, folder)
    session = start(store)
    other.execute("BEGIN EXCLUSIVE")

    def release(_pause: float) -> None:
        if other.in_transaction:
            other.execute("ROLLBACK")

    store._sleep = release
    store.log_set(SetEntry(session, "bridge", 1, 10))  # no exception: it was saved
    other.close()
    assert store.pending == 0
    assert len(store.session_detail(session).sets) == 1


def test_impossible_values_are_refused_not_kept(engine: Engine, folder: Path) -> None:
    disk = Disk(engine)
    store = durable(engine, folder)
    session = start(store)
    disk.fill()
    with pytest.raises(InvalidEntry):
        store.log_set(SetEntry(session, "bridge", 1, reps=500))
    assert store.pending == 0


def test_a_torn_record_at_the_end_is_ignored_and_overwritten(folder: Path) -> None:
    path = journal_path(folder)
    journal = Journal(path)
    assert journal.reserve()
    journal.append({"op": "x", "n": 1})
    end = journal._end
    journal.close()
    with open(path, "r+b") as handle:  # a crash in the middle of the second record
        handle.seek(end)
        handle.write(b"1234abcd {\"op\":\"log_set\",\"entr")
    again = Journal(path)
    assert again.records == [{"op": "x", "n": 1}]
    again.append({"op": "y"})
    again.close()
    assert Journal(path).records == [{"op": "x", "n": 1}, {"op": "y"}]
    assert path.stat().st_size >= 256 * 1024  # the space stays reserved
    assert (path.stat().st_mode & 0o777) == 0o600


def test_the_worker_says_one_plain_line_and_counts_what_is_kept(engine: Engine,
                                                                folder: Path) -> None:
    from hipcoach.store.jobs import StoreWorker

    disk = Disk(engine)
    problems: list[str] = []
    worker = StoreWorker(lambda: durable(engine, folder), on_problem=problems.append)
    try:
        ids: list[int] = []
        worker.submit(start, ids.append, keep=True)
        assert worker.flush()
        disk.fill()
        errors: list[Exception] = []
        for n in range(1, 40):
            worker.submit(lambda store, n=n: store.log_set(
                SetEntry(ids[0], "bridge", n, 10, note=big_note(n))), on_error=errors.append,
                keep=True)
        assert worker.flush()
        kept = worker.unsaved
        assert kept >= 1 and len(errors) == kept
        assert problems[-1].endswith("kept safely and will be saved when there is space "
                                     "on the disk")
        assert not any("sqlite" in p.lower() or "Errno" in p for p in problems)
        assert len(problems) == kept  # one line each time more is kept, not per job
        disk.free()
        worker.submit(lambda store: store.save_position(ids[0], 1))
        assert worker.flush()
        assert worker.unsaved == 0
        worker.submit(lambda store: store.session_detail(ids[0]), ids.append)
        assert worker.flush()
        assert ids[-1].summary.done_sets == 39
    finally:
        worker.close()


def test_a_database_locked_at_start_up_is_waited_for_and_nothing_is_lost(
        folder: Path) -> None:
    from hipcoach.store.jobs import StoreWorker

    other = sqlite3.connect(database_path(folder), isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")  # readers are locked out too
    other.execute("BEGIN EXCLUSIVE")
    pauses: list[float] = []
    problems: list[str] = []
    opened: list[Any] = []

    def open_store() -> DurableStore:
        # the start-up check, with a short busy timeout so the test does not wait
        from hipcoach.store.sqlite_file import inspect

        inspect(database_path(folder), full_check=False, timeout=0.02)
        engine = open_database(database_path(folder), busy_timeout_ms=20)
        opened.append(engine)
        return durable(engine, folder)

    worker = StoreWorker(open_store, on_problem=problems.append, sleep=pauses.append,
                         open_waits=(0.5, 1.0))
    try:
        ids: list[int] = []
        worker.submit(start, ids.append, keep=True)
        assert worker.flush()
        assert pauses == [0.5, 1.0] and worker.store is None
        assert worker.unsaved == 1  # held, not failed
        assert problems == ["another program is using the database; HipCoach keeps what you "
                            "logged and tries again with each new set"]
        other.close()  # the other program lets go
        worker.submit(lambda store: store.session_count(), ids.append)
        assert worker.flush()
        assert worker.unsaved == 0 and ids[-1] == 1 and ids[0] == 1
    finally:
        other.close()
        worker.close()
        for engine in opened:
            engine.dispose()


def test_restoring_a_backup_sets_kept_writes_aside_instead_of_replaying_them(
        engine: Engine, folder: Path) -> None:
    from hipcoach.store.backup import make_backup, restore

    store = durable(engine, folder)
    session = start(store)
    backup = make_backup(folder, "manual")
    disk = Disk(engine)
    disk.fill()
    refused = fill_until_kept(store, session, 1)
    assert store.pending >= 1 and refused >= 1
    store.journal.close()
    engine.dispose()
    restore(folder, backup)
    aside = [p for p in folder.iterdir() if p.name.startswith("hipcoach.pending.before-restore")]
    assert len(aside) == 1 and len(Journal(aside[0])) == store.pending  # kept, not lost
    with prepare_database(folder) as db:  # the restored history gets none of them
        assert db.store().session_detail(session).sets == ()


def test_only_one_process_writes_or_replays_the_journal(engine: Engine, folder: Path) -> None:
    """A command run while the app is open sees the kept writes but leaves them to the
    app: it neither replays nor clears them (two writers would corrupt the file)."""
    from hipcoach.store.journal import JournalBusy

    app = durable(engine, folder)  # claims the journal
    session = start(app)
    disk = Disk(engine)
    disk.fill()
    fill_until_kept(app, session, 1)
    kept = app.pending
    disk.free()
    stored = len(app.session_detail(session).sets)
    other = DurableStore(engine, Journal(journal_path(folder)))  # "another process"
    assert other.replay() == 0 and other.pending == kept
    assert len(app.session_detail(session).sets) == stored  # nothing replayed by it
    with pytest.raises(JournalBusy):
        other.journal.append({"op": "x"})
    app.close()  # the app quits: now the other one may take over
    assert other.replay() == kept and other.pending == 0

"""A real full file system: a few-MB tmpfs mounted for the test (needs root), the data
folder on it, filled to the last byte. Sets logged then are kept in the journal (its
space was reserved), nothing is claimed that is not on disk, and after the app is closed
and space is freed the next start saves every set exactly once."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from hipcoach.domain.entries import SetEntry
from hipcoach.store.durable import KeptForLater
from hipcoach.store.engine import prepare_database
from hipcoach.store.jobs import StoreWorker
from hipcoach.store.journal import Journal, journal_path


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the full-disk path is also covered "
                    "with SQLite's page limit in tests/store/test_durable.py")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs",
                           str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Write a filler file until the file system says it is full, to the last block."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512):
            while True:
                try:
                    os.write(fd, b"\xff" * size)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_keeps_every_set_and_the_next_start_saves_them(small_disk: Path) -> None:
    data = small_disk / "data"
    problems: list[str] = []
    database = prepare_database(data)
    worker = StoreWorker(database.store, on_problem=problems.append)
    try:
        ids: list[int] = []
        worker.submit(lambda store: store.start_session(
            program_id="p", program_name="P", stage_id="s", stage_name="S", planned_sets=8),
            ids.append, keep=True)
        assert worker.flush() and ids
        sid = ids[0]
        worker.submit(lambda store: store.log_set(SetEntry(sid, "bridge", 1, 10)), keep=True)
        assert worker.flush()
        filler = fill(small_disk)
        errors: list[Exception] = []
        for n in range(2, 9):
            worker.submit(lambda store, n=n: store.log_set(
                SetEntry(sid, "bridge", n, 10, note="x" * 900)), on_error=errors.append,
                keep=True)
        worker.submit(lambda store: store.finish_session(sid, "completed"),
                      on_error=errors.append, keep=True)
        assert worker.flush(timeout=60)
        kept = worker.unsaved
        assert kept >= 2 and all(isinstance(e, KeptForLater) for e in errors)
        assert problems and problems[-1].endswith(
            "kept safely and will be saved when there is space on the disk")
        assert not any("sqlite" in p.lower() or "errno" in p.lower() for p in problems)
        detail: list[object] = []
        worker.submit(lambda store: store.session_detail(sid), detail.append)
        assert worker.flush()
        summary = detail[0].summary  # type: ignore[attr-defined]
        assert summary.status == "in_progress"  # not "completed" with sets missing
    finally:
        worker.close()
        database.close()
    assert len(Journal(journal_path(data))) == kept  # on disk, fsynced

    filler.unlink()  # space again; the app starts anew
    with prepare_database(data) as db:
        store = db.store()
        detail = store.session_detail(sid)
        assert [s.set_no for s in detail.sets] == list(range(1, 9))  # each exactly once
        assert detail.summary.status == "completed" and detail.summary.done_sets == 8
        assert store.pending == 0
    con_ok = __import__("sqlite3").connect(data / "hipcoach.db")
    assert con_ok.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con_ok.close()

"""The store worker against a real SQLite file: order, results, retries, problems, open failure.

Callbacks run on the worker thread; each test waits with ``flush()`` (which returns once
everything submitted before it has run), never with a sleep.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hipcoach.domain.entries import SetEntry
from hipcoach.store.engine import Database, prepare_database
from hipcoach.store.errors import DatabaseUnavailable, InvalidEntry
from hipcoach.store.jobs import StoreWorker
from hipcoach.store.repo import Store


class Calls:
    """What the worker reported through its callbacks."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.ready: list[Any] = []
        self.open_errors: list[Exception] = []
        self.threads: set[str] = set()

    def problem(self, message: str) -> None:
        self.threads.add(threading.current_thread().name)
        self.problems.append(message)

    def on_ready(self, store: Any) -> None:
        self.threads.add(threading.current_thread().name)
        self.ready.append(store)

    def open_error(self, exc: Exception) -> None:
        self.open_errors.append(exc)


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def make_worker(data_dir: Path, calls: Calls) -> Iterator[Callable[..., StoreWorker]]:
    workers: list[StoreWorker] = []
    databases: list[Database] = []

    def open_store() -> Store:
        database = prepare_database(data_dir)
        databases.append(database)
        return database.store()

    def make(opener: Callable[[], Any] | None = None) -> StoreWorker:
        worker = StoreWorker(opener or open_store, on_problem=calls.problem,
                             on_ready=calls.on_ready, on_open_error=calls.open_error)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.close()
    for database in databases:
        database.close()


@pytest.fixture
def worker(make_worker: Callable[..., StoreWorker]) -> StoreWorker:
    return make_worker()


def new_session(store: Store) -> int:
    return store.start_session(program_id="p", program_name="P", stage_id="s", stage_name="S",
                               planned_sets=3)


class Flaky:
    """A job that raises OSError ``failures`` times, then writes a set for real.

    Each attempt is noted in ``log`` (shared by the jobs of a test) as "<name> failed" or
    "<name> saved", so a test can see what ran in which order.
    """

    def __init__(self, session_id: int, failures: int, set_no: int = 1,
                 log: list[str] | None = None, name: str = "set") -> None:
        self.session_id = session_id
        self.failures = failures
        self.set_no = set_no
        self.log = log if log is not None else []
        self.name = name
        self.calls = 0

    def __call__(self, store: Store) -> int:
        self.calls += 1
        if self.calls <= self.failures:
            self.log.append(f"{self.name} failed")
            raise OSError(28, "No space left on device")
        set_id = store.log_set(SetEntry(self.session_id, "bridge", self.set_no, 10))
        self.log.append(f"{self.name} saved")
        return set_id


def mark(log: list[str], name: str) -> Callable[[Any], None]:
    """A job that only notes that it ran."""
    return lambda _store: log.append(name)


def session_of(worker: StoreWorker) -> int:
    found: list[int] = []
    worker.submit(new_session, found.append)
    assert worker.flush()
    return found[0]


# Order and results ---------------------------------------------------------------------


def test_opens_the_store_on_its_thread_and_says_when_ready(worker: StoreWorker,
                                                           calls: Calls) -> None:
    assert worker.flush()
    assert len(calls.ready) == 1 and isinstance(calls.ready[0], Store)
    assert worker.store is calls.ready[0]
    assert calls.threads == {"hipcoach-store"}
    assert calls.open_errors == [] and worker.failed_open is None


def test_jobs_run_one_at_a_time_in_the_order_submitted(worker: StoreWorker) -> None:
    ran: list[int] = []
    results: list[int] = []
    threads: set[str] = set()

    def job(n: int) -> Callable[[Any], int]:
        def run(_store: Any) -> int:
            threads.add(threading.current_thread().name)
            ran.append(n)
            return n * n
        return run

    for n in range(50):
        worker.submit(job(n), results.append)
    assert worker.flush()
    assert ran == list(range(50))
    assert results == [n * n for n in range(50)]
    assert threads == {"hipcoach-store"}


def test_on_done_gets_the_results_of_real_writes_and_reads(worker: StoreWorker) -> None:
    session_id = session_of(worker)
    set_ids: list[int] = []
    for set_no in (1, 2, 3):
        worker.submit(lambda store, n=set_no: store.log_set(SetEntry(session_id, "bridge", n, 8)),
                      set_ids.append, keep=True, label=f"set {set_no}")
    worker.submit(lambda store: store.save_position(session_id, 7))
    details: list[Any] = []
    worker.submit(lambda store: store.session_detail(session_id), details.append)
    assert worker.flush()
    assert len(set_ids) == 3 and len(set(set_ids)) == 3
    detail = details[0]
    assert [s.id for s in detail.sets] == set_ids
    assert [s.set_no for s in detail.sets] == [1, 2, 3]
    assert detail.summary.done_sets == 3
    assert detail.summary.position == 7
    assert worker.unsaved == 0


def test_a_failing_job_reports_its_error_and_the_next_ones_still_run(worker: StoreWorker,
                                                                    calls: Calls) -> None:
    errors: list[Exception] = []
    done: list[Any] = []

    def broken(_store: Any) -> None:
        raise RuntimeError("boom")

    worker.submit(broken, done.append, errors.append, label="broken read")
    worker.submit(lambda _store: "after", done.append)
    assert worker.flush()
    assert [type(e) for e in errors] == [RuntimeError]
    assert done == ["after"]
    assert worker.unsaved == 0  # not kept: only keep=True writes are retried
    assert calls.problems == []


# Keeping failed writes ------------------------------------------------------------------


def test_a_failed_write_is_retried_before_each_later_job_until_it_succeeds(
        worker: StoreWorker, calls: Calls, data_dir: Path) -> None:
    session_id = session_of(worker)
    log: list[str] = []
    flaky = Flaky(session_id, failures=2, log=log, name="A")
    done: list[Any] = []
    errors: list[Exception] = []
    worker.submit(flaky, done.append, errors.append, keep=True, label="log set 1")
    worker.submit(mark(log, "B"))
    worker.submit(mark(log, "C"))
    worker.submit(mark(log, "D"))
    assert worker.flush()
    assert log == ["A failed", "A failed", "B", "A saved", "C", "D"]
    assert flaky.calls == 3  # once saved, never run again
    assert worker.unsaved == 0
    assert len(done) == 1 and isinstance(done[0], int)  # on_done once, with the set's id
    assert [type(e) for e in errors] == [OSError]  # on_error once, at the first failure
    assert len(calls.problems) == 1
    # one plain line in HipCoach's words, never the driver's message
    assert calls.problems[0].startswith("the disk is full; HipCoach keeps what you logged")
    assert "Errno" not in calls.problems[0] and "No space left" not in calls.problems[0]

    with prepare_database(data_dir) as database:  # it is really on disk
        detail = database.store().session_detail(session_id)
    assert [(s.set_no, s.reps) for s in detail.sets] == [(1, 10)]


def test_a_kept_write_waits_while_it_keeps_failing(worker: StoreWorker, calls: Calls) -> None:
    session_id = session_of(worker)
    log: list[str] = []
    flaky = Flaky(session_id, failures=5, log=log, name="A")
    worker.submit(flaky, keep=True)
    for name in "BCD":
        worker.submit(mark(log, name))
    assert worker.flush()  # the flush is a job too: one more retry before it
    assert log == ["A failed", "A failed", "B", "A failed", "C", "A failed", "D", "A failed"]
    assert worker.unsaved == 1
    worker.submit(mark(log, "E"))
    assert worker.flush()
    assert log[-2:] == ["A saved", "E"]
    assert worker.unsaved == 0
    assert len(calls.problems) == 1


def test_several_kept_writes_stay_in_order(worker: StoreWorker, calls: Calls) -> None:
    session_id = session_of(worker)
    log: list[str] = []
    worker.submit(Flaky(session_id, failures=3, set_no=1, log=log, name="set 1"), keep=True)
    worker.submit(Flaky(session_id, failures=1, set_no=2, log=log, name="set 2"), keep=True)
    worker.submit(mark(log, "next"))
    worker.submit(mark(log, "last"))
    assert worker.flush()
    assert log == [
        "set 1 failed",  # its own run
        "set 1 failed",  # retried before set 2, which waits behind it and is not run
        "set 1 failed",  # retried before "next": still failing
        "next",
        "set 1 saved",  # before "last"; then set 2's first try fails
        "set 2 failed",
        "last",
        "set 2 saved",  # before the flush: never before set 1
    ]
    assert worker.unsaved == 0
    assert len(calls.problems) == 1


def test_the_problem_is_reported_once_while_writes_keep_failing(worker: StoreWorker,
                                                                 calls: Calls) -> None:
    session_id = session_of(worker)
    jobs = [Flaky(session_id, failures=10**6, set_no=n) for n in range(1, 6)]
    for job in jobs:
        worker.submit(job, keep=True)
        worker.submit(lambda _store: None)
    assert worker.flush()
    assert worker.unsaved == 5
    assert len(calls.problems) == 1
    assert calls.threads == {"hipcoach-store"}


def test_after_a_recovery_a_new_failure_is_reported_again(worker: StoreWorker,
                                                          calls: Calls) -> None:
    session_id = session_of(worker)
    worker.submit(Flaky(session_id, failures=1, set_no=1), keep=True)
    worker.submit(lambda _store: None)  # the retry succeeds here
    assert worker.flush()
    assert worker.unsaved == 0 and len(calls.problems) == 1
    worker.submit(Flaky(session_id, failures=2, set_no=2), keep=True)
    assert worker.flush()
    assert len(calls.problems) == 2


def test_an_invalid_entry_is_refused_and_not_retried(worker: StoreWorker, calls: Calls) -> None:
    session_id = session_of(worker)
    attempts: list[int] = []
    errors: list[Exception] = []

    def impossible(store: Store) -> int:
        attempts.append(1)
        return store.log_set(SetEntry(session_id, "bridge", 1, reps=500))

    worker.submit(impossible, errors.append, errors.append, keep=True, label="bad set")
    worker.submit(lambda _store: None)
    worker.submit(lambda _store: None)
    assert worker.flush()
    assert len(attempts) == 1
    assert [type(e) for e in errors] == [InvalidEntry]
    assert "reps" in str(errors[0])
    assert worker.unsaved == 0
    assert calls.problems == []


# Opening fails -------------------------------------------------------------------------


def test_an_open_failure_is_reported_and_every_later_job_gets_the_error(
        make_worker: Callable[..., StoreWorker], calls: Calls) -> None:
    failure = DatabaseUnavailable("the data folder is read-only")

    def cannot_open() -> Any:
        raise failure

    worker = make_worker(cannot_open)
    errors: list[Exception] = []
    ran: list[int] = []
    worker.submit(lambda _store: ran.append(1), ran.append, errors.append, keep=True)
    worker.submit(lambda _store: ran.append(2), ran.append, errors.append)
    assert worker.flush()
    assert calls.open_errors == [failure]
    assert calls.ready == []
    assert worker.failed_open is failure and worker.store is None
    assert errors == [failure, failure]
    assert ran == []
    assert worker.unsaved == 0  # nothing to retry against: no database
    assert calls.problems == []


# flush and close -----------------------------------------------------------------------


def test_flush_waits_for_what_was_submitted_before_it(worker: StoreWorker) -> None:
    release = threading.Event()
    ran: list[str] = []

    def blocked(_store: Any) -> None:
        assert release.wait(10)
        ran.append("blocked")

    worker.submit(blocked)
    assert worker.flush(timeout=0) is False  # still running: flush does not pretend
    release.set()
    assert worker.flush() is True
    assert ran == ["blocked"]


def test_close_runs_what_is_queued_then_stops_the_thread(worker: StoreWorker) -> None:
    ran: list[int] = []
    for n in range(10):
        worker.submit(lambda _store, n=n: ran.append(n))
    worker.close()
    assert ran == list(range(10))
    assert not worker._thread.is_alive()

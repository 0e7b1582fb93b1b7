"""The store's worker thread: every database call of the running app goes through it.

Jobs run one at a time, in the order they were submitted, so a set is always written
before the position after it. The caller never waits: ``submit`` queues and returns.
A write that fails (disk full, read-only folder) is kept and retried before the next
job, and the failure is reported once through ``on_problem`` until a write succeeds.
Results and errors are handed to callbacks on the worker thread; the UI passes them
on to its own thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

Job = Callable[[Any], Any]


@dataclass(slots=True)
class _Item:
    job: Job
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Exception], None] | None
    keep: bool  # a write that must not be lost: retried when it fails
    label: str
    needs_store: bool = True  # False: runs (with None) even when the database did not open


class StoreWorker:
    def __init__(self, open_store: Callable[[], Any],
                 on_problem: Callable[[str], None] | None = None,
                 on_ready: Callable[[Any], None] | None = None,
                 on_open_error: Callable[[Exception], None] | None = None) -> None:
        self._open = open_store
        self.on_problem = on_problem
        self.on_ready = on_ready
        self.on_open_error = on_open_error
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._unsaved: list[_Item] = []
        self._problem_shown = False
        self.store: Any = None
        self.failed_open: Exception | None = None
        self._thread = threading.Thread(target=self._run, name="hipcoach-store", daemon=True)
        self._thread.start()

    # Caller's side --------------------------------------------------------------------
    def submit(self, job: Job, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None, *, keep: bool = False,
               label: str = "", needs_store: bool = True) -> None:
        self._queue.put(_Item(job, on_done, on_error, keep, label, needs_store))

    @property
    def unsaved(self) -> int:
        """Writes that failed and are waiting to be retried."""
        return len(self._unsaved)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything submitted so far has run (quitting, tests)."""
        done = threading.Event()
        # on_error too: without a database every job fails, and a flush must still return
        self.submit(lambda _store: done.set(), on_error=lambda _exc: done.set())
        return done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    # Worker side ----------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self.store = self._open()
        except Exception as exc:  # noqa: BLE001 - reported to the UI, never raised there
            self.failed_open = exc
            log.exception("opening the database failed")
            if self.on_open_error is not None:
                self.on_open_error(exc)
        else:
            if self.on_ready is not None:
                self.on_ready(self.store)
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self.store is None and item.needs_store:
                self._fail(item, self.failed_open or RuntimeError("no database"))
                continue
            self._retry_unsaved()
            self._execute(item)

    def _execute(self, item: _Item, retrying: bool = False) -> bool:
        try:
            result = item.job(self.store)
        except Exception as exc:  # noqa: BLE001
            if not retrying:
                self._fail(item, exc)
            return False
        if self._problem_shown and not self._unsaved:
            self._problem_shown = False
        if item.on_done is not None:
            item.on_done(result)
        return True

    def _fail(self, item: _Item, exc: Exception) -> None:
        from hipcoach.store.errors import InvalidEntry

        log.warning("store job %s failed: %s", item.label or item.job, exc)
        if item.keep and not isinstance(exc, InvalidEntry) and self.store is not None:
            self._unsaved.append(item)
            if not self._problem_shown and self.on_problem is not None:
                self._problem_shown = True
                self.on_problem(f"could not save to the database ({exc}); HipCoach keeps "
                                "what you logged and tries again with each new set")
        if item.on_error is not None:
            item.on_error(exc)

    def _retry_unsaved(self) -> None:
        while self._unsaved:
            if not self._execute(self._unsaved[0], retrying=True):
                return  # still failing: keep this one and the rest, in order
            self._unsaved.pop(0)

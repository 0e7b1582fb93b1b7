"""The store's worker thread: every database call of the running app goes through it.

Jobs run one at a time, in the order they were submitted, so a set is always written
before the position after it. The caller never waits: ``submit`` queues and returns.

A session write the database cannot take (full disk, held lock, I/O error) is kept on
disk by the store itself (``durable.DurableStore``: the pending-writes journal) and
replayed before the next write or at the next start, so closing the app loses nothing.
Any other ``keep`` write that fails is kept in memory and retried before the next job.
Either way the user hears one plain line through ``on_problem`` (never a driver
message), again whenever more is kept, until a write succeeds.
Results and errors are handed to callbacks on the worker thread; the UI passes them
on to its own thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hipcoach.i18n import _

log = logging.getLogger(__name__)

Job = Callable[[Any], Any]
OPEN_WAITS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)  # a busy database at start-up


def _busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


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
                 on_open_error: Callable[[Exception], None] | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 open_waits: tuple[float, ...] = OPEN_WAITS) -> None:
        self._open = open_store
        self._sleep = sleep
        self._open_waits = open_waits
        self.on_problem = on_problem
        self.on_ready = on_ready
        self.on_open_error = on_open_error
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._unsaved: list[_Item] = []
        self._problem_shown = False
        self._kept_reported = 0  # journal records the user has been told about
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
        """Writes that failed and are waiting to be retried (in memory or on disk)."""
        return len(self._unsaved) + self._journalled()

    def _journalled(self) -> int:
        return int(getattr(self.store, "pending", 0) or 0)

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
    def _try_open(self, waits: tuple[float, ...]) -> bool:
        """Open the store; a busy database is waited on (``waits``) before giving up."""
        for pause in (*waits, None):
            try:
                self.store = self._open()
            except Exception as exc:  # noqa: BLE001 - reported to the UI, never raised there
                self.failed_open = exc
                if pause is not None and _busy(exc):
                    log.info("the database is busy; opening again in %.1f s", pause)
                    self._sleep(pause)
                    continue
                log.warning("opening the database failed: %s", exc)
                return False
            self.failed_open = None
            return True
        return False  # pragma: no cover

    def _run(self) -> None:
        if self._try_open(self._open_waits):
            if self.on_ready is not None:
                self.on_ready(self.store)
        elif self.on_open_error is not None and self.failed_open is not None:
            self.on_open_error(self.failed_open)
        while True:
            item = self._queue.get()
            if item is None:
                return
            if (self.store is None and self.failed_open is not None
                    and _busy(self.failed_open) and self._try_open(())
                    and self.on_ready is not None):  # the other program let go of it
                self.on_ready(self.store)
            if self.store is None and item.needs_store:
                failure = self.failed_open or RuntimeError(_("no database"))
                if item.keep and _busy(failure):  # held until the database opens
                    self._unsaved.append(item)
                    if not self._problem_shown and self.on_problem is not None:
                        self._problem_shown = True
                        self.on_problem(self._plain(failure))
                    continue
                self._fail(item, failure)
                continue
            self._retry_unsaved()
            if item.keep and self._unsaved:
                # behind a write that is still waiting: never overtake it (a session is
                # not finished before its sets are saved)
                self._unsaved.append(item)
                continue
            self._execute(item)
            self._report_kept()

    def _execute(self, item: _Item, retrying: bool = False) -> bool:
        from hipcoach.store.errors import InvalidEntry, UnknownSession

        try:
            result = item.job(self.store)
        except Exception as exc:  # noqa: BLE001
            if not retrying:
                self._fail(item, exc)
            elif isinstance(exc, InvalidEntry | UnknownSession):
                self._unsaved.remove(item)  # refused for good: retrying cannot help
                log.warning("kept job %s refused: %s", item.label or item.job, exc)
                if item.on_error is not None:
                    item.on_error(exc)
                return True  # let the ones behind it go
            return False
        if self._problem_shown and not self._unsaved and not self._journalled():
            self._problem_shown = False
        if item.on_done is not None:
            item.on_done(result)
        return True

    def _fail(self, item: _Item, exc: Exception) -> None:
        from hipcoach.store.durable import KeptForLater
        from hipcoach.store.errors import InvalidEntry

        log.warning("store job %s failed: %s", item.label or item.job, exc)
        kept_on_disk = isinstance(exc, KeptForLater)
        if (item.keep and not kept_on_disk and not isinstance(exc, InvalidEntry)
                and self.store is not None):
            self._unsaved.append(item)
            if not self._problem_shown and self.on_problem is not None:
                self._problem_shown = True
                self.on_problem(self._plain(exc))
        if item.on_error is not None:
            item.on_error(exc)

    def _report_kept(self) -> None:
        """Tell the user, once per change, what the journal keeps for them."""
        kept = self._journalled()
        if kept == self._kept_reported:
            return
        self._kept_reported = kept
        message = getattr(self.store, "pending_message", lambda: None)()
        if kept and message and self.on_problem is not None:
            self._problem_shown = True
            self.on_problem(message)

    @staticmethod
    def _plain(exc: Exception) -> str:
        """What to tell the user about a failed write: our words, never the driver's."""
        from hipcoach.store.errors import InvalidEntry, StoreError

        text = str(exc).lower()
        if isinstance(exc, InvalidEntry) or (isinstance(exc, StoreError) and not _busy(exc)):
            return str(exc)
        if "full" in text or "no space" in text:
            why = "the disk is full"
        elif "locked" in text or "busy" in text:
            why = "another program is using the database"
        elif "read-only" in text or "readonly" in text or "permission" in text:
            why = "the data folder cannot be written"
        else:
            why = "the database could not be written"
        return (f"{why}; HipCoach keeps what you logged and tries again with each new set")

    def _retry_unsaved(self) -> None:
        while self._unsaved and self.store is not None:
            first = self._unsaved[0]
            if not self._execute(first, retrying=True):
                return  # still failing: keep this one and the rest, in order
            if self._unsaved and self._unsaved[0] is first:
                self._unsaved.pop(0)


class InPlace:
    """The worker's ``submit`` run at once on the caller's thread, over one store: for a
    command or a test that has no event loop to hand results back to."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def submit(self, job: Job, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None, **_options: Any) -> None:
        try:
            result = job(self.store)
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        if on_done is not None:
            on_done(result)

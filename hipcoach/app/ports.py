"""What the application layer asks of its host: a way to run store jobs in order.

The window passes its store bridge (jobs on a worker thread, answers on the GUI
thread); the command line and core tests pass an ``InlineRunner`` that runs each job
at once. Either way a job is ``job(store) -> result`` and its answer comes back through
``on_done`` or ``on_error``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

Job = Callable[[Any], Any]


class Runner(Protocol):
    def submit(self, job: Job, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None, *, keep: bool = False,
               label: str = "", needs_store: bool = True) -> None: ...


class InlineRunner:
    """Runs every job at once on the caller's thread, against one store (or None)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def submit(self, job: Job, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None, *, keep: bool = False,
               label: str = "", needs_store: bool = True) -> None:
        try:
            if self.store is None and needs_store:
                raise RuntimeError("the training history is not open")
            result = job(self.store)
        except Exception as exc:  # noqa: BLE001 - handed to the caller like the worker does
            log.warning("job %s failed: %s", label or job, exc)
            if on_error is not None:
                on_error(exc)
            return
        if on_done is not None:
            on_done(result)

"""The database as the window sees it: the store worker, with every answer delivered on
the GUI thread. Opening the database (integrity check, backup, migrations) happens on
the worker, after the first window is up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from hipcoach.store.jobs import StoreWorker
from hipcoach.ui.gui_thread import GuiCaller

if TYPE_CHECKING:
    from hipcoach.store.repo import Store


class StoreBridge(QObject):
    ready = Signal(object)  # the Store
    open_failed = Signal(object)  # the exception
    problem = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None,
                 opener: Callable[[], Store] | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._gui = GuiCaller(self)
        self._opener = opener
        self.worker: StoreWorker | None = None
        self.store: Store | None = None
        self.ready.connect(self._remember)

    def start(self) -> None:
        if self.worker is not None:
            return
        self.worker = StoreWorker(
            self._opener or self._open,
            on_problem=self._gui.wrap(self.problem.emit),
            on_ready=self._gui.wrap(self.ready.emit),
            on_open_error=self._gui.wrap(self.open_failed.emit),
        )

    def _open(self) -> Store:
        from hipcoach.store.backup import auto_backup
        from hipcoach.store.engine import prepare_database

        database = prepare_database(self.data_dir)
        try:
            auto_backup(self.data_dir, min_age=timedelta(hours=1))
        except Exception:  # noqa: BLE001 - a missed backup must not stop the session
            import logging

            logging.getLogger(__name__).exception("automatic backup failed")
        return database.store()

    def _remember(self, store: Store) -> None:
        self.store = store

    def submit(self, job: Callable[[Store], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None, *, keep: bool = False,
               label: str = "", needs_store: bool = True) -> None:
        """Run ``job(store)`` on the worker; callbacks come back on the GUI thread."""
        if self.worker is None:
            self.start()
        assert self.worker is not None
        self.worker.submit(job, self._gui.wrap(on_done) if on_done else None,
                           self._gui.wrap(on_error) if on_error else None, keep=keep,
                           label=label, needs_store=needs_store)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()

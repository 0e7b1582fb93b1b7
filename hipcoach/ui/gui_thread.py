"""Hand a callback from a worker thread to the GUI thread (queued signal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


class GuiCaller(QObject):
    _call = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def wrap(self, fn: Callable[[Any], None]) -> Callable[[Any], None]:
        """A callable safe to call from any thread; ``fn`` then runs on the GUI thread."""
        return lambda value=None: self._call.emit(fn, value)

    def _run(self, fn: Callable[[Any], None], value: Any) -> None:
        fn(value)

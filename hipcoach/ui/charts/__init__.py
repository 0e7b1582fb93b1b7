"""Progress charts on screen: the charts view and chart export (the data behind them is
``hipcoach.charts``, Qt-free).

Importing this package is cheap: pyqtgraph and numpy load only when a chart is first
drawn (``render``), so the main window can import ``ChartsView`` at start-up.

- ``ChartsView(store, parent=None)`` the view (``hipcoach.ui.charts.view``)
- ``hipcoach.ui.charts.render``  pyqtgraph drawing, hover lookup, PNG/SVG export
- ``hipcoach.ui.charts.export``  render a chart to a file without a window
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hipcoach.ui.charts.view import ChartsView

__all__ = ["ChartsView", "preload", "preload_in_background"]


def preload() -> None:
    """Import pyqtgraph and numpy now: about 0.4 s on the calling thread, once.

    On the GUI thread that is a 0.4 s freeze: never call it during a session.
    """
    from hipcoach.ui.charts import render  # noqa: F401


def preload_in_background() -> threading.Thread:
    """Import pyqtgraph and numpy on a worker thread, so the first ``ChartsView`` opens
    without that cost. The GUI keeps running meanwhile (longest stall measured: ~40 ms,
    the GIL handing over); opening the view before it finishes just waits for it.
    pyqtgraph creates no QObject at import, so importing it off the GUI thread is safe.
    """
    thread = threading.Thread(target=_import_quietly, name="charts-preload", daemon=True)
    thread.start()
    return thread


def _import_quietly() -> None:
    try:
        preload()
    except Exception:  # noqa: BLE001 - the view reports a real failure when it opens
        import logging

        logging.getLogger(__name__).exception("preloading the charts failed")


def __getattr__(name: str) -> Any:
    if name == "ChartsView":
        from hipcoach.ui.charts.view import ChartsView

        return ChartsView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

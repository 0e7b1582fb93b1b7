"""The charts page of the window: made the first time it is opened (pyqtgraph is
imported then, not at start-up), refreshed each time after."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from hipcoach.i18n import _

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow


def preload(window: MainWindow) -> None:
    """Import the chart libraries in the background while nothing is playing, so the
    charts open quickly; skipped during a session (imports compete for the GIL)."""
    if window.app.session_active:
        return
    from hipcoach.ui.charts import preload_in_background

    preload_in_background()


def show(window: MainWindow) -> None:
    if window.app.session_active:
        window.statusBar().showMessage(_("The charts open between sessions"), 4000)
        return
    bridge = window.store_bridge
    if bridge is None or bridge.store is None:
        window.statusBar().showMessage(_("The training history is not open yet"), 4000)
        return
    if window.charts is None:
        from hipcoach.ui.charts import ChartsView

        page = QWidget()
        page.setObjectName("charts_page")
        back = QPushButton(_("Back  (Esc)"))
        back.clicked.connect(window.show_start)
        window.charts = ChartsView(bridge, page, colours=window.colours,
                                   settings=window.app.settings.current)
        layout = QVBoxLayout(page)
        layout.addWidget(window.charts, 1)
        layout.addWidget(back)
        window.charts_page = page
        window.pages.addWidget(page)
    else:
        window.charts.refresh()
    window.show_page(window.charts_page)

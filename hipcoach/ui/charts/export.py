"""Render a chart straight to a PNG or SVG file, without showing a window.

Needs a QApplication (``ensure_app`` makes one, on the offscreen platform when there is
no display). Used by ``hipcoach chart``; the view exports through ``ChartsView.export``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hipcoach.charts.data import Chart, History, Options, build_chart
from hipcoach.ui.charts.style import chart_style
from hipcoach.ui.theme import Colours

DEFAULT_SIZE = (1200, 700)


def has_display() -> bool:
    """Whether Qt can reach a window system here (always true off Linux/BSD)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_app() -> Any:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        return app
    if not os.environ.get("QT_QPA_PLATFORM") and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QApplication(["hipcoach-chart"])


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    chart: Chart


def write_chart(bind: Any, options: Options, path: str | Path, *, fmt: str = "png",
                size: tuple[int, int] = DEFAULT_SIZE, colours: Colours | None = None,
                now: datetime | None = None, history: History | None = None) -> Written:
    """Draw ``options`` from the database ``bind`` and save it as ``fmt`` at ``path``."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"save as png or svg, not {fmt!r}")
    app = ensure_app()
    import pyqtgraph as pg
    from PySide6.QtCore import Qt

    from hipcoach.ui.charts import render

    style = chart_style(colours)
    chart = build_chart(bind, options, now=now, history=history)
    widget = pg.GraphicsLayoutWidget()
    try:
        widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        widget.setBackground(style.background)
        widget.resize(*size)
        widget.show()
        render.Canvas(widget.ci).draw(chart, style)
        app.processEvents()
        if fmt == "svg":
            written = render.export_svg(widget.ci, path, style, chart.title)
        else:
            written = render.export_png(widget.ci, path, style, width=size[0])
    finally:
        widget.close()
        widget.deleteLater()
    return Written(written, chart)


@contextmanager
def quiet_qt() -> Iterator[None]:
    """Keep Qt's platform chatter (offscreen plugin notes) off the terminal."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            print(f"hipcoach chart: Qt: {message}", file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)

"""The chart tabs draw their whole labels: the descenders of g, p and y are not cut off
the tabs that are not chosen (Fusion draws those a little lower)."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QTabBar

from hipcoach.ui.charts.view import RoomyTabBar
from hipcoach.ui.theme import use_fusion


def _lowest_ink_row(image: QImage, left: int, right: int, top: int, bottom: int) -> int:
    """The lowest row in the box holding text-dark pixels (the borders are lighter)."""
    lowest = -1
    for y in range(top, bottom + 1):
        dark = sum(1 for x in range(left, right) if max(
            image.pixelColor(x, y).red(), image.pixelColor(x, y).green(),
            image.pixelColor(x, y).blue()) < 120)
        if dark >= 2:
            lowest = y
    return lowest


def _descender_drawn(tabs: QTabBar, qtbot) -> int:
    """How many rows lower "ggg" reaches than "ooo" on a tab that is not chosen."""
    qtbot.addWidget(tabs)
    for label in ("chosen", "ooo", "ggg"):
        tabs.addTab(label)
    tabs.setCurrentIndex(0)
    tabs.resize(tabs.sizeHint())
    tabs.show()
    image = tabs.grab().toImage()
    rows = []
    for index in (1, 2):
        rect = tabs.tabRect(index)
        rows.append(_lowest_ink_row(image, rect.left() + 3, rect.right() - 3, rect.top(),
                                    rect.bottom()))
    return rows[1] - rows[0]


def test_the_chart_tabs_show_the_descenders_of_their_labels(qtbot):
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_fusion(app)
    depth = QTabBar().fontMetrics().descent()
    assert _descender_drawn(RoomyTabBar(), qtbot) >= depth  # a plain QTabBar cuts one row

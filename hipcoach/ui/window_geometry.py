"""The window's size and place, remembered in one ini file in the config folder."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

KEY = "window/geometry"


FIRST_SHARE = 0.85  # of a large screen, the first time: read from across the room


def restore(window: QWidget, path: Path | None) -> None:
    """The size and place of last time; the first time, most of a large screen."""
    if path is None:
        return
    stored = QSettings(str(path), QSettings.Format.IniFormat).value(KEY)
    if isinstance(stored, QByteArray) and not stored.isEmpty() and window.restoreGeometry(stored):
        return
    grow_to_screen(window)


def grow_to_screen(window: QWidget) -> None:
    """Grow the window to most of its screen, centred, when the screen has room for more
    than its default size (never shrink it: a small screen keeps the default)."""
    screen = window.screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    width = max(window.width(), int(area.width() * FIRST_SHARE))
    height = max(window.height(), int(area.height() * FIRST_SHARE))
    if (width, height) == (window.width(), window.height()):
        return
    window.resize(min(width, area.width()), min(height, area.height()))
    window.move(area.x() + (area.width() - window.width()) // 2,
                area.y() + (area.height() - window.height()) // 2)


def save(window: QWidget, path: Path | None) -> None:
    if path is None:
        return
    store = QSettings(str(path), QSettings.Format.IniFormat)
    store.setValue(KEY, window.saveGeometry())
    store.sync()
    from hipcoach.private_files import make_private

    with contextlib.suppress(OSError):
        make_private(path)  # QSettings writes with the umask's mode

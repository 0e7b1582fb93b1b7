"""The window's size and place, remembered in one ini file in the config folder."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

KEY = "window/geometry"


def restore(window: QWidget, path: Path | None) -> None:
    if path is None:
        return
    stored = QSettings(str(path), QSettings.Format.IniFormat).value(KEY)
    if isinstance(stored, QByteArray) and not stored.isEmpty():
        window.restoreGeometry(stored)


def save(window: QWidget, path: Path | None) -> None:
    if path is None:
        return
    store = QSettings(str(path), QSettings.Format.IniFormat)
    store.setValue(KEY, window.saveGeometry())
    store.sync()
    from hipcoach.private_files import make_private

    with contextlib.suppress(OSError):
        make_private(path)  # QSettings writes with the umask's mode

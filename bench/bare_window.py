"""The start-up baseline: a bare PySide6 window with one label, reporting its first paint
exactly as the app does (HIPCOACH_STARTUP_REPORT), then quitting."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class PaintWatch(QObject):
    def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            with open(os.environ["HIPCOACH_STARTUP_REPORT"], "a", encoding="utf-8") as out:
                out.write(f"{time.monotonic():.6f}\n")
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("HipCoach"))
    window.resize(1100, 720)
    watch = PaintWatch(window)
    window.installEventFilter(watch)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())

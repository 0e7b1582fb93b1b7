"""Qt's own messages: into our log instead of the terminal."""

from __future__ import annotations


def route_qt_messages() -> None:
    """Qt's own warnings go to the log file, not the terminal (the offscreen platform
    repeats one about size hints on every label change)."""
    import logging

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    log = logging.getLogger("hipcoach.qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind, _context, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)

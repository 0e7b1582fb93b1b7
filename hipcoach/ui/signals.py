"""SIGINT and SIGTERM: save the running session where it is, say so in one line, exit 0.

Python runs signal handlers only when it gets control, and Qt's event loop is C++: the
signal's byte on a wake-up socket wakes a QSocketNotifier, whose slot quits the window
quietly (no question: nobody may be there to answer). The session stays resumable.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication

from hipcoach.i18n import _

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow

NAMES = {signal.SIGINT: "Ctrl+C", signal.SIGTERM: "SIGTERM"}


def quit_on_signals(window: MainWindow) -> None:
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        signal.set_wakeup_fd(writer.fileno())
    except ValueError:  # not the main thread: leave the default handlers
        return
    received: list[int] = []

    def handler(signum: int, _frame: object) -> None:
        received.append(signum)

    for signum in NAMES:
        signal.signal(signum, handler)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)

    def woken() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)
        if not received:
            return
        name = NAMES.get(received[0], _("a signal"))
        message = (_("stopped by {signal}; the session is saved and can be resumed.")
                   if window.app.session_active else _("stopped by {signal}; nothing was lost."))
        print("hipcoach: " + message.format(signal=name), file=sys.stderr)
        window.leave_quietly()
        QApplication.quit()

    notifier.activated.connect(woken)
    window._signal_parts = (reader, writer, notifier)  # kept alive with the window

"""Keeps the screen from blanking while a session runs: the freedesktop ScreenSaver
``Inhibit`` call over D-Bus, where a session bus offers it.

Each hold opens its own bus connection and asks for the inhibition on it; letting go
closes that connection, which the screen saver takes as the end of the inhibition (it
watches the caller's name), so nothing depends on the cookie's exact D-Bus type. Calls
are asynchronous: the player never waits for the bus. Without a bus or a screen saver
service it does nothing and says so in ``status``.
"""

from __future__ import annotations

import itertools
import os

from PySide6.QtCore import QObject
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusInterface,
    QDBusPendingCall,
    QDBusPendingCallWatcher,
)

from hipcoach.i18n import N_, _

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
REASON = N_("A guided exercise session is running")  # the desktop shows it
_names = itertools.count(1)


class ScreenAwake(QObject):
    def __init__(self, address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address = address  # a bus address (tests); None: the user's session bus
        self.connection_name: str | None = None
        self.status = "not asked yet"
        self.held = False
        self._watcher: QDBusPendingCallWatcher | None = None

    def hold(self) -> None:
        """Ask the screen saver to stay off (again a no-op while held)."""
        if self.connection_name is not None:
            return
        if self.address is None and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            # no desktop session bus: asking would only make libdbus try to start one
            self.status = "no session bus here: the screen may blank on its own timer"
            return
        name = f"hipcoach-awake-{next(_names)}"
        if self.address is not None:
            bus = QDBusConnection.connectToBus(self.address, name)
        else:
            bus = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, name)
        if not bus.isConnected():
            QDBusConnection.disconnectFromBus(name)
            self.status = "no session bus here: the screen may blank on its own timer"
            return
        self.connection_name = name
        interface = QDBusInterface(SERVICE, PATH, SERVICE, bus)
        pending: QDBusPendingCall = interface.asyncCallWithArgumentList(
            "Inhibit", ["HipCoach", _(REASON)])
        watcher = QDBusPendingCallWatcher(pending, self)
        watcher.finished.connect(self._answered)
        self._watcher = watcher

    def _answered(self, watcher: QDBusPendingCallWatcher) -> None:
        reply = watcher.reply()
        watcher.deleteLater()
        if self._watcher is watcher:
            self._watcher = None
        if self.connection_name is None:
            return  # let go before the answer came
        if watcher.isError():
            self.status = f"the screen saver did not answer ({reply.errorName()})"
            self.release()
            return
        self.held = True
        self.status = "the screen stays on while a session runs"

    def release(self) -> None:
        """Let the screen saver run again (pause, end of session, quitting)."""
        name, self.connection_name = self.connection_name, None
        self.held = False
        if name is not None:
            QDBusConnection.disconnectFromBus(name)

    def unique_name(self) -> str | None:
        """The bus name the inhibition was asked under (tests check it goes away)."""
        if self.connection_name is None:
            return None
        return QDBusConnection(self.connection_name).baseService()

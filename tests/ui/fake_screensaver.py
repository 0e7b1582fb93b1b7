"""A stand-in freedesktop screen saver on a private bus (run by test_screen_awake.py):
it answers Inhibit and prints each call, so the test sees what the app asked for."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection

SERVICE = "org.freedesktop.ScreenSaver"


class Saver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.cookie = 0

    @Slot(str, str, result=int)
    def Inhibit(self, application: str, reason: str) -> int:  # noqa: N802 (D-Bus name)
        self.cookie += 1
        print(f"inhibit {application} | {reason}", flush=True)
        return self.cookie


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.sessionBus()
    saver = Saver()
    if not bus.registerService(SERVICE):
        print("could not take the name", flush=True)
        return 1
    bus.registerObject("/org/freedesktop/ScreenSaver", SERVICE, saver,
                       QDBusConnection.RegisterOption.ExportAllSlots)
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

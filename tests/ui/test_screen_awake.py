"""Keeping the screen awake: a real D-Bus daemon and a stand-in screen saver service."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtDBus import QDBusConnection

from hipcoach.ui.screen_awake import ScreenAwake

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")


@pytest.fixture
def saver():
    """(bus address, the service's output) on a private session bus."""
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, text=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, QT_QPA_PLATFORM="offscreen")
    service = subprocess.Popen([sys.executable, str(Path(__file__).with_name("fake_screensaver.py"))],
                               stdout=subprocess.PIPE, text=True, env=env)
    assert service.stdout is not None
    assert service.stdout.readline().strip() == "ready"
    yield address, service.stdout
    service.kill()
    service.wait()
    daemon.kill()
    daemon.wait()


def on_bus(address: str, name: str) -> bool:
    """Whether ``name`` is still connected to the bus (asked of the bus daemon itself)."""
    bus = QDBusConnection.connectToBus(address, "checker")
    try:
        return bool(bus.interface().isServiceRegistered(name).value())
    finally:
        QDBusConnection.disconnectFromBus("checker")


def test_hold_asks_the_screen_saver_and_release_lets_go(saver, qtbot):
    address, said = saver
    awake = ScreenAwake(address)
    awake.hold()
    qtbot.waitUntil(lambda: awake.held, timeout=5000)
    assert said.readline().strip() == "inhibit HipCoach | A guided exercise session is running"
    name = awake.unique_name()
    assert name and on_bus(address, name)
    awake.release()
    assert not awake.held
    qtbot.waitUntil(lambda: not on_bus(address, name), timeout=5000)  # the inhibition ends


def test_without_a_session_bus_nothing_happens(monkeypatch):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    awake = ScreenAwake()
    awake.hold()
    assert not awake.held and "no session bus" in awake.status
    awake.release()


def test_the_window_keeps_the_screen_on_while_a_session_runs(saver, window_factory,
                                                             short_program, driver_for, qtbot):
    address, said = saver
    window = window_factory(awake_address=address).window
    driver = driver_for(window)
    player = window.start_session(short_program, "one")
    qtbot.waitUntil(lambda: window.awake is not None and window.awake.held, timeout=5000)
    assert said.readline().startswith("inhibit HipCoach")
    name = window.awake.unique_name()
    qtbot.keyClick(window, Qt.Key.Key_Space)  # paused: the screen may blank
    assert player.state == "paused" and not window.awake.held
    qtbot.waitUntil(lambda: not on_bus(address, name), timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.awake.held, timeout=5000)
    assert said.readline().startswith("inhibit HipCoach")
    driver.run_to_end()
    assert player.state == "finished" and not window.awake.held

"""Leaving the real app mid-session: kill -9 with the set panel open, SIGTERM, Ctrl+C
(SIGINT) and an uncaught exception. Nothing finished is lost and the session can be
resumed. The only waiting here is for the real child process: its trace, written to a
named pipe, says where the session is."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support_fifo import LineFifo, step_of

SPEED = "20"


def _start(data_dir: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    args = [sys.executable, "-m", "hipcoach", "--data-dir", str(data_dir), "--program",
            "daily-drill", "--start", "--speed", SPEED, *extra]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture
def trace(tmp_path):
    fifo = LineFifo(tmp_path / "trace.fifo")
    yield fifo
    fifo.close()


def _rows(data_dir: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(data_dir / "hipcoach.db")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_kill_9_with_the_set_panel_open_keeps_the_finished_set(tmp_path, trace):
    # no --auto-log: the panel opens after each set
    process = _start(tmp_path, "--trace", str(trace.path))
    trace.wait_for(step_of("set_panel"), process)  # the panel is open
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    sets = _rows(tmp_path, "SELECT exercise, set_no, reps FROM sets")
    assert len(sets) >= 1, "the finished set was lost with the panel open"
    status = _rows(tmp_path, "SELECT status FROM sessions")
    assert status == [("in_progress",)]  # resumable at the next start


@pytest.mark.parametrize("signum, name", [(signal.SIGTERM, "SIGTERM"),
                                          (signal.SIGINT, "Ctrl+C")])
def test_a_signal_saves_the_session_and_exits_cleanly(tmp_path, trace, signum, name):
    process = _start(tmp_path, "--auto-log", "--trace", str(trace.path))
    trace.wait_for(step_of("rest"), process)
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    text = err.decode()
    assert process.returncode == 0, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
    assert f"stopped by {name}" in text and "can be resumed" in text
    (status, position, active), = _rows(tmp_path,
                                        "SELECT status, position, active_s FROM sessions")
    assert status == "in_progress" and position > 0 and active > 0
    # the next start offers exactly that session again
    again = _start(tmp_path, "--auto-log", "--resume", "--quit-when-done", "--speed", "100")
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()
    assert _rows(tmp_path, "SELECT count(*), min(status) FROM sessions") == [(1, "completed")]


def test_the_crash_handler_really_saves_the_position(tmp_path):
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "import hipcoach.ui.main_window as mw\n"
        "QMessageBox.critical = staticmethod(lambda *a, **k: None)\n"
        "original = mw.MainWindow.start_session\n"
        "def start(self, *a, **k):\n"
        "    player = original(self, *a, **k)\n"
        "    def boom():\n"
        "        raise RuntimeError('test explosion')\n"
        "    QTimer.singleShot(1500, boom)\n"
        "    QTimer.singleShot(1700, lambda: __import__('os')._exit(3))\n"
        "    return player\n"
        "mw.MainWindow.start_session = start\n"
        "from hipcoach.cli import main\n"
        f"sys.exit(main(['--data-dir', {str(tmp_path)!r}, '--program', 'daily-drill',"
        f" '--start', '--speed', '{SPEED}', '--auto-log']))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60, check=False)
    assert result.returncode == 3, result.stderr
    (status, active), = _rows(tmp_path, "SELECT status, active_s FROM sessions")
    # saved by the handler at the moment of the crash (about 1.5 s x SPEED of session time)
    assert status == "in_progress" and active >= 20

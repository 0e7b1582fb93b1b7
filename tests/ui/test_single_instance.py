"""A second start hands its command line to the running window over a real local socket:
the window comes to the front, opens what was asked, refuses while a session runs; a
socket left by a crash does not stop the next start."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from support_fifo import LineFifo

from hipcoach.cli import gui_parser
from hipcoach.program.catalog import discover
from hipcoach.store.instance import InstanceLock
from hipcoach.ui.second_start import SESSION_RUNNING, serve_second_starts
from hipcoach.ui.single_instance import InstanceServer, Reply, server_name


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch):
    """A private, short socket folder (Unix socket paths are limited to ~100 bytes)."""
    folder = tempfile.mkdtemp(prefix="hc-run-")
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIPCOACH_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _second_start(qtbot, data_dir: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Start `hipcoach` again while this process's event loop serves the socket."""
    process = subprocess.Popen([sys.executable, "-m", "hipcoach", "--data-dir", str(data_dir), *argv],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**_env(), **env})
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=60_000)
    finally:
        if process.poll() is None:
            process.kill()
    out, err = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture
def served(window, tmp_path):
    """The test window listening as the running instance of ``tmp_path``'s data folder."""
    lock = InstanceLock(tmp_path)
    assert lock.acquire()
    server = serve_second_starts(window, tmp_path, gui_parser)
    assert server.server.isListening()
    yield window
    server.close()
    lock.release()


def test_second_start_brings_the_minimised_window_to_the_front(qtbot, served, tmp_path):
    served.showMinimized()
    qtbot.waitUntil(served.isMinimized)
    result = _second_start(qtbot, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "already open" in result.stdout and "Traceback" not in result.stderr
    assert not served.isMinimized()
    assert served.isVisible()
    assert served.windowState() & Qt.WindowState.WindowActive


def test_the_desktop_s_activation_token_reaches_the_running_window(qtbot, served, tmp_path,
                                                                  monkeypatch):
    monkeypatch.delenv("XDG_ACTIVATION_TOKEN", raising=False)
    result = _second_start(qtbot, tmp_path, XDG_ACTIVATION_TOKEN="token-from-the-launcher")
    assert result.returncode == 0, result.stderr
    # where Qt's Wayland activation request reads it (offscreen leaves it unused)
    assert os.environ.get("XDG_ACTIVATION_TOKEN") == "token-from-the-launcher"


def test_second_start_with_a_programme_chooses_it(qtbot, served, tmp_path):
    assert served.start_view.select("daily-drill", None)
    result = _second_start(qtbot, tmp_path, "--program", "hip-extension", "--stage", "hinge")
    assert result.returncode == 0, result.stderr
    assert served.start_view.current_program().id == "hip-extension"
    assert served.start_view.current_stage_id() == "hinge"
    assert served.player is None  # chosen, not started


def test_second_start_with_start_begins_the_session(qtbot, served, tmp_path):
    result = _second_start(qtbot, tmp_path, "--program", "daily-drill", "--start")
    assert result.returncode == 0, result.stderr
    assert "Started" in result.stdout
    assert served.player is not None and served.player.active
    assert served.player.timeline.program.id == "daily-drill"


def test_second_start_with_a_programme_is_refused_while_a_session_runs(qtbot, served, tmp_path,
                                                                       short_program):
    served.set_entries(discover(None))
    running = served.start_session(short_program, "one", record=False)
    result = _second_start(qtbot, tmp_path, "--program", "daily-drill", "--start")
    assert result.returncode == 1
    assert SESSION_RUNNING in result.stderr and "Traceback" not in result.stderr
    assert served.statusBar().currentMessage() == SESSION_RUNNING
    assert served.player is running and running.active
    assert running.timeline.program.id == "short"


def test_a_programme_file_is_found_from_the_second_start_s_folder(qtbot, served, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    source = discover(None)[0].path
    (folder / "copy.toml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "hipcoach", "--data-dir", str(tmp_path),
                                "--program", "copy.toml"], cwd=folder, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=_env())
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=60_000)
    _out, err = process.communicate()
    assert process.returncode == 0, err
    assert served.start_view.current_program().id == discover(None)[0].id


def test_a_stale_socket_from_a_crash_is_cleared(qtbot, window, tmp_path, runtime_dir):
    name = server_name(tmp_path)
    assert name.startswith(str(runtime_dir))
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)  # bound and closed without unlinking: what a killed process leaves
    stale.close()
    assert Path(name).exists()
    lock = InstanceLock(tmp_path)
    assert lock.acquire()
    try:
        server = InstanceServer(tmp_path, lambda request: Reply(True, "heard " + " ".join(request.argv)))
        assert server.listen(), server.problem
        result = _second_start(qtbot, tmp_path, "--stage", "daily")
        assert result.returncode == 0, result.stderr
        assert f"heard --data-dir {tmp_path} --stage daily" in result.stdout
        server.close()
    finally:
        lock.release()


def _start_app(data_dir: Path, report: Path) -> subprocess.Popen[str]:
    env = _env()
    env["HIPCOACH_STARTUP_REPORT"] = str(report)
    return subprocess.Popen([sys.executable, "-m", "hipcoach", "--data-dir", str(data_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_painted(process: subprocess.Popen[str], report: LineFifo) -> None:
    """Until the app says (through a named pipe) that its first frame is painted."""
    report.wait_for(lambda line: bool(line.strip()), process)


def _plain_second_start(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hipcoach", "--data-dir", str(data_dir)],
                          capture_output=True, text=True, env=_env(), timeout=60, check=False)


def _handed_over_while_running(app: subprocess.Popen[str], report: LineFifo,
                               data_dir: Path) -> None:
    """Once ``app`` has painted, a plain second start hands over to it and ends at once."""
    _wait_painted(app, report)
    second = _plain_second_start(data_dir)
    assert second.returncode == 0, second.stderr
    assert "already open" in second.stdout
    assert app.poll() is None


def test_two_real_apps_and_a_crash_in_between(tmp_path, runtime_dir):
    report = LineFifo(tmp_path / "first.fifo")
    first = _start_app(tmp_path, report.path)
    try:
        _handed_over_while_running(first, report, tmp_path)
    finally:
        first.send_signal(signal.SIGKILL)  # a crash: no clean-up runs
        first.communicate()
        report.close()
    assert Path(server_name(tmp_path)).exists(), "a killed app leaves its socket behind"

    report = LineFifo(tmp_path / "again.fifo")
    again = _start_app(tmp_path, report.path)
    try:
        _handed_over_while_running(again, report, tmp_path)
    finally:
        again.terminate()
        again.communicate(timeout=60)
        report.close()

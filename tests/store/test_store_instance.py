"""The single-instance lock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hipcoach import cli
from hipcoach.store.instance import AlreadyRunning, InstanceLock


def test_second_lock_is_refused_until_the_first_is_released(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path)
    second = InstanceLock(tmp_path)
    assert first.acquire() and first.held
    assert first.acquire()  # re-entrant for its holder
    assert not second.acquire()
    message = second.message()
    assert "already running" in message and f"pid {os.getpid()}" in message
    assert str(tmp_path) in message
    first.release()
    assert second.acquire()
    second.release()
    assert (tmp_path / "hipcoach.lock").exists()  # never deleted


def test_context_manager(tmp_path: Path) -> None:
    with InstanceLock(tmp_path), pytest.raises(AlreadyRunning, match="already running"):
        InstanceLock(tmp_path).__enter__()
    with InstanceLock(tmp_path) as lock:
        assert lock.held


def test_lock_of_another_process_and_after_it_dies(tmp_path: Path) -> None:
    code = (
        "import sys, time; from hipcoach.store.instance import InstanceLock; "
        f"lock = InstanceLock({str(tmp_path)!r}); print(lock.acquire(), flush=True); "
        "sys.stdin.readline()"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "True"
        lock = InstanceLock(tmp_path)
        assert not lock.acquire()
        assert f"pid {child.pid}" in lock.message()
    finally:
        child.kill()
        child.wait()
    assert lock.acquire()  # the OS dropped the dead process's lock: nothing stale
    lock.release()


def test_writing_commands_respect_the_lock(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with InstanceLock(tmp_path):
        assert cli.main(["demo-data", "--weeks", "1", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "already running" in err and err.count("\n") == 1

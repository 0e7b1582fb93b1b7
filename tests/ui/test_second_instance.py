"""A second app on the same data folder is refused with a clear message; no write lost."""

from __future__ import annotations

import os
import subprocess
import sys

from hipcoach.store.instance import InstanceLock


def test_second_instance_is_refused(tmp_path):
    lock = InstanceLock(tmp_path)
    assert lock.acquire()
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        result = subprocess.run([sys.executable, "-m", "hipcoach", "--data-dir", str(tmp_path)],
                                capture_output=True, text=True, env=env, timeout=60,
                                check=False)
    finally:
        lock.release()
    assert result.returncode == 1
    assert "already running" in result.stderr
    assert str(os.getpid()) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "hipcoach.db").exists()  # it never touched the database

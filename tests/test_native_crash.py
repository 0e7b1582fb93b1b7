"""A native crash leaves the Python stack in the log (faulthandler), and the next start
moves it into the app's log file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from hipcoach import applog
from hipcoach.native_crash import CRASH_NAME

CRASHER = (
    "import sys, faulthandler\n"
    "from hipcoach import applog\n"
    "applog.setup(sys.argv[1])\n"
    "def deep_in_the_app():\n"
    "    faulthandler._sigsegv()\n"
    "deep_in_the_app()\n"
)
STARTER = "import sys\nfrom hipcoach import applog\napplog.setup(sys.argv[1])\n"


def test_segfault_writes_the_stack_to_the_log_folder_and_then_into_the_log(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIPCOACH_")}
    crashed = subprocess.run([sys.executable, "-c", CRASHER, str(tmp_path)], capture_output=True,
                             text=True, env=env, timeout=60, check=False)
    assert crashed.returncode == -signal.SIGSEGV
    report = (tmp_path / "logs" / CRASH_NAME).read_text(encoding="utf-8")
    assert "Segmentation fault" in report
    assert "deep_in_the_app" in report
    assert (tmp_path / "logs" / CRASH_NAME).stat().st_mode & 0o777 == 0o600

    restarted = subprocess.run([sys.executable, "-c", STARTER, str(tmp_path)], capture_output=True,
                               text=True, env=env, timeout=60, check=False)
    assert restarted.returncode == 0, restarted.stderr
    log = (tmp_path / "logs" / applog.LOG_NAME).read_text(encoding="utf-8")
    assert "the previous run ended in a native crash" in log
    assert "deep_in_the_app" in log
    assert (tmp_path / "logs" / CRASH_NAME).read_text(encoding="utf-8") == ""


def test_a_clean_run_adds_nothing_to_the_log(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIPCOACH_")}
    clean = subprocess.run([sys.executable, "-c", STARTER,
                            str(tmp_path)], env=env, timeout=60, check=False)
    assert clean.returncode == 0
    assert (tmp_path / "logs" / CRASH_NAME).read_text(encoding="utf-8") == ""
    assert not (tmp_path / "logs" / applog.LOG_NAME).exists()

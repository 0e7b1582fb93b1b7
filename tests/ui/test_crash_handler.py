"""An uncaught exception in the app: the state is saved, it is logged, the user is told."""

from __future__ import annotations

import os
import subprocess
import sys


def test_uncaught_exception_is_logged_and_reported(tmp_path):
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication, QMessageBox\n"
        "import hipcoach.ui.main_window as mw\n"
        "shown = []\n"
        "QMessageBox.critical = staticmethod(lambda *a, **k: shown.append(a[2]))\n"
        "saved = []\n"
        "mw.MainWindow.save_state = lambda self: saved.append(True)\n"
        "def boom():\n"
        "    raise RuntimeError('test explosion')\n"
        "def check():\n"
        "    print('saved' if saved else 'not saved', '|', shown[0] if shown else 'no dialog')\n"
        "    QApplication.quit()\n"
        "original_show = mw.MainWindow.show\n"
        "def show(self):\n"
        "    original_show(self)\n"
        "    QTimer.singleShot(50, boom)\n"
        "    QTimer.singleShot(150, check)\n"
        "mw.MainWindow.show = show\n"
        "from hipcoach.cli import main\n"
        f"sys.exit(main(['--data-dir', {str(tmp_path)!r}]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    out = result.stdout.strip()
    assert out.startswith("saved |"), out
    assert "test explosion" in out and str(tmp_path / "logs" / "hipcoach.log") in out
    log = (tmp_path / "logs" / "hipcoach.log").read_text()
    assert "RuntimeError: test explosion" in log
    assert "Traceback" not in result.stderr

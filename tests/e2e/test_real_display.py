"""The app on a real X server (Xvfb): a whole session runs in a real window, and a
screenshot of it shows the huge instruction (not a blank window)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(shutil.which("xvfb-run") is None,
                                reason="xvfb-run is not installed (make test installs xvfb)")


def test_session_in_a_real_window(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    shot = tmp_path / "shot.png"
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import hipcoach.ui.main_window as mw\n"
        "original = mw.MainWindow.start_session\n"
        "def start(self, *a, **k):\n"
        "    player = original(self, *a, **k)\n"
        "    QTimer.singleShot(400, lambda: self.grab().save(" + repr(str(shot)) + "))\n"
        "    return player\n"
        "mw.MainWindow.start_session = start\n"
        "from hipcoach.cli import main\n"
        f"sys.exit(main(['--data-dir', {str(tmp_path)!r}, '--program', 'daily-drill',"
        " '--start', '--speed', '60', '--auto-log', '--quit-when-done']))\n"
    )
    result = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable,
                             "-c", code], capture_output=True, text=True, env=env, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert not image.isNull() and image.width() > 600
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23)
               for y in range(0, image.height(), 23)}
    assert len(colours) > 3, "the window was blank"

"""Starting the app with bad options or no display: one clear line, no Qt abort."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _run(args, **env_changes):
    env = dict(os.environ)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, "-m", "hipcoach", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


def test_no_display_gives_one_line_and_status_2(tmp_path):
    result = _run(["--data-dir", str(tmp_path)], DISPLAY=None, WAYLAND_DISPLAY=None,
                  QT_QPA_PLATFORM=None)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "display" in lines[0] and "xvfb-run" in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_programme_lists_the_valid_ones(tmp_path):
    result = _run(["--program", "nonsense", "--data-dir", str(tmp_path)])
    assert result.returncode == 2
    assert "daily-drill" in result.stderr and "nonsense" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_stage_lists_the_valid_ones(tmp_path):
    result = _run(["--program", "daily-drill", "--stage", "zzz", "--data-dir", str(tmp_path)])
    assert result.returncode == 2
    assert "daily" in result.stderr and "zzz" in result.stderr


def test_malformed_programme_file_is_reported(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[program]\nid = "x"\nname = "X"\n[[stage]]\nid = "s"\nname = "S"\n'
                   '[[stage.phase]]\nkind = "loaded"\nname = "L"\n'
                   '[[stage.phase.exercise]]\nid = "e"\nname = "E"\nreps = 5\ntempo = "3-0-Q-0"\n')
    result = _run(["--program", str(bad), "--data-dir", str(tmp_path)])
    assert result.returncode == 2
    assert "stage[0].phase[0].exercise[0].tempo" in result.stderr
    assert "Traceback" not in result.stderr


def test_start_speed_and_trace_run_a_session_offscreen(tmp_path):
    """--start --speed runs the real Qt timer path and --trace records every step."""
    program = tmp_path / "tiny.toml"
    program.write_text('[program]\nid = "tiny"\nname = "Tiny"\n[[stage]]\nid = "s"\nname = "S"\n'
                       '[[stage.phase]]\nkind = "activation"\nname = "A"\n'
                       '[[stage.phase.exercise]]\nid = "b"\nname = "Bridge"\nsets = 1\n'
                       'reps = 2\ntempo = "1-0-1-0"\n')
    trace = tmp_path / "trace.jsonl"
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from hipcoach.cli import main\n"
        "import hipcoach.ui.main_window as mw\n"
        "orig = mw.MainWindow._show_end\n"
        "def done(self, finished):\n"
        "    orig(self, finished)\n"
        "    QApplication.quit()\n"
        "mw.MainWindow._show_end = done\n"
        f"sys.exit(main(['--program', {str(program)!r}, '--start', '--speed', '20',"
        f" '--trace', {str(trace)!r}, '--data-dir', {str(tmp_path)!r}]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    import json

    lines = [json.loads(line) for line in trace.read_text().splitlines()]
    assert [line["kind"] for line in lines] == ["countdown"] + ["rep_phase"] * 4
    for line in lines:
        assert line["shown"] >= line["planned"]
    planned = [line["planned"] for line in lines]
    # 10 s countdown then 1 s phases, at 20x: 0.5 s then 0.05 s apart on the real clock
    gaps = [round(b - a, 3) for a, b in zip(planned, planned[1:], strict=False)]
    assert gaps == [0.5, 0.05, 0.05, 0.05]


def test_unwritable_data_folder_still_runs_the_session():
    result = _run(["--data-dir", "/proc/hipcoach-test", "--program", "daily-drill", "--start",
                   "--speed", "200", "--auto-log", "--quit-when-done"],
                  QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0
    assert "will not be recorded" in result.stderr
    assert "Traceback" not in result.stderr


# Starts the real app in this process and, once the start screen lists the programmes
# (read after the first frame), prints what it shows and quits.
AFTER_FIRST_FRAME = """
import gc, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from hipcoach import entry
from hipcoach.ui.main_window import MainWindow

def look():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    window = windows[0] if windows else None
    if window is None or window.start_view.programs.count() == 0 or window.app.plan is None:
        QTimer.singleShot(20, look)
        return
    view = window.start_view.programs
    print("programmes:", "|".join(view.item(i).text() for i in range(view.count())))
    print("pages made:", window.made_player_view is not None)
    print("plan:", window.app.plan.program.id)
    print("collector:", gc.isenabled(), gc.get_freeze_count() > 0)
    window.close()

QTimer.singleShot(0, look)
sys.argv = ["hipcoach", "--data-dir", sys.argv[1]]
sys.exit(entry.run())
"""


def test_the_programmes_and_the_other_pages_come_just_after_the_first_frame(tmp_path):
    """The start-up reads the programme files and makes the player and end screens once
    the first frame is painted; the window then shows them and plans as before."""
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "broken.toml").write_text("[program\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANGUAGE="en")
    result = subprocess.run([sys.executable, "-c", AFTER_FIRST_FRAME, str(tmp_path)],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    programmes = lines["programmes"].split("|")
    assert programmes[:2] == ["Daily hip-extension drill", "Hip extension progression"]
    assert any("broken.toml" in name for name in programmes)  # a bad file is still listed
    assert lines["pages made"] == "True"
    assert lines["plan"] == "hip-extension"  # the coach's default on a fresh install
    # the garbage collector, off while the app loads, runs again after the first frame,
    # with what start-up made frozen
    assert lines["collector"] == "True True"


# The window's first size on a screen of the given size (a Qt offscreen screen).
FIRST_SIZE = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
from hipcoach.ui import window_geometry

app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(1100, 720)
window_geometry.restore(window, __import__("pathlib").Path(sys.argv[1]))
area = app.primaryScreen().availableGeometry()
print(window.width(), window.height(), window.x(), window.y(), area.width(), area.height())
"""


def _first_size(tmp_path, width: int, height: int) -> list[int]:
    config = tmp_path / f"screen-{width}.json"
    screen = {"name": "s", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    result = subprocess.run([sys.executable, "-c", FIRST_SIZE, str(tmp_path / "window.ini")],
                            capture_output=True, text=True, env=env, timeout=60, check=True)
    return [int(n) for n in result.stdout.split()]


def test_the_first_window_takes_most_of_a_large_screen_and_keeps_its_size_on_a_small_one(
        tmp_path):
    """Read from across the room: the first start fills most of a large screen, centred;
    a laptop screen keeps the default size (never shrunk below it)."""
    width, height, x, y, area_w, area_h = _first_size(tmp_path, 1920, 1080)
    assert (width, height) == (int(area_w * 0.85), int(area_h * 0.85))
    assert x == (area_w - width) // 2 and y == (area_h - height) // 2
    assert _first_size(tmp_path, 1280, 800)[:2] == [1100, 720]

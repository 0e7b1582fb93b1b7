"""``hipcoach chart KIND --png FILE``: real images, headless, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from hipcoach.cli import main
from hipcoach.commands.charts_cmd import CLI_KINDS
from hipcoach.store.demo import DemoPlan, generate
from hipcoach.store.engine import prepare_database

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def filled(data_dir: Path) -> Path:
    """Three weeks of demo history ending yesterday (the command charts up to now)."""
    plan = DemoPlan(weeks=3, seed=3, until=date.today() - timedelta(days=1))
    with prepare_database(data_dir) as db:
        db.store().add_history(generate(plan).sessions)
    return data_dir


def distinct_colours(path: Path, step: int = 7) -> int:
    image = QImage(str(path))
    assert not image.isNull()
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


def test_volume_png_is_a_real_chart(filled, tmp_path, qapp, capsys):
    target = tmp_path / "volume.png"
    assert main(["chart", "volume", "--png", str(target), "--data-dir", str(filled)]) == 0
    assert target.read_bytes()[:8] == PNG_MAGIC
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1200, 700)
    assert distinct_colours(target) > 20  # bars, text and axes, not a blank page
    assert "wrote Reps per week" in capsys.readouterr().out


@pytest.mark.parametrize("kind", [k for k in CLI_KINDS if k != "volume"])
def test_every_kind_renders(filled, tmp_path, qapp, kind):
    target = tmp_path / f"{kind}.png"
    args = ["chart", kind, "--png", str(target), "--range", "4w", "--data-dir", str(filled)]
    assert main(args) == 0
    assert distinct_colours(target) > 10


def test_options_svg_exercise_size_theme(filled, tmp_path, qapp):
    png, svg = tmp_path / "load.png", tmp_path / "load.svg"
    with prepare_database(filled) as db:
        exercise = db.engine.connect().exec_driver_sql(
            "SELECT exercise FROM sets WHERE load_unit != 'bodyweight' LIMIT 1").scalar()
    args = ["chart", "load", "--png", str(png), "--svg", str(svg), "--exercise", exercise,
            "--range", "all", "--size", "800x500", "--theme", "dark", "--data-dir",
            str(filled)]
    assert main(args) == 0
    assert QImage(str(png)).width() == 800
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_empty_history_still_writes_the_empty_state(data_dir, tmp_path, qapp, capsys):
    prepare_database(data_dir).close()
    target = tmp_path / "empty.png"
    assert main(["chart", "pain", "--png", str(target), "--data-dir", str(data_dir)]) == 0
    assert target.read_bytes()[:8] == PNG_MAGIC
    assert "no sessions are logged yet" in capsys.readouterr().err


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("hipcoach chart: ")
    assert "Traceback" not in err[0]
    return err[0]


def test_errors_are_one_line(filled, data_dir, tmp_path, qapp, capsys):
    missing = tmp_path / "nowhere"
    assert main(["chart", "volume", "--png", str(tmp_path / "a.png"),
                 "--data-dir", str(missing)]) == 1
    assert "no HipCoach database" in one_error_line(capsys)
    assert not missing.exists()  # a wrong folder is not turned into a database

    assert main(["chart", "volume", "--data-dir", str(filled)]) == 1
    assert "--png" in one_error_line(capsys)

    assert main(["chart", "load", "--png", str(tmp_path / "b.png"), "--exercise", "nope",
                 "--data-dir", str(filled)]) == 1
    assert "nope" in one_error_line(capsys)

    assert main(["chart", "volume", "--png", str(tmp_path / "no" / "dir" / "c.png"),
                 "--data-dir", str(filled)]) == 1
    one_error_line(capsys)

    with pytest.raises(SystemExit) as exit_info:
        main(["chart", "volume", "--png", "x.png", "--range", "2w"])
    assert exit_info.value.code == 2


def test_works_without_a_display(filled, tmp_path):
    """A fresh process with no DISPLAY and no QT_QPA_PLATFORM picks offscreen itself."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    target = tmp_path / "headless.png"
    result = subprocess.run(
        [sys.executable, "-m", "hipcoach", "chart", "adherence", "--png", str(target),
         "--data-dir", str(filled)],
        env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert target.read_bytes()[:8] == PNG_MAGIC


def test_retests_and_goals_kinds_are_the_window_tabs(filled, tmp_path, qapp, capsys):
    for kind, title in (("retests", "wrote Re-test results"), ("goals", "wrote Function goals")):
        target = tmp_path / f"{kind}.png"
        assert main(["chart", kind, "--png", str(target), "--data-dir", str(filled)]) == 0
        assert title in capsys.readouterr().out

"""The player's layout cannot feed back: every text fits its rectangle and the window keeps
its size, for every step kind, overlay, text size and screen size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from layout_probe import probe, representative_steps
from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from hipcoach.ui.fit_label import FitLabel

SCREENS = [(1280, 800), (1366, 768), (1920, 1080), (640, 480)]


def test_the_probe_covers_every_step_kind():
    kinds = {(what.split()[1], what.split()[2] if what.split()[1] == "rep_phase" else "")
             for *_rest, what in representative_steps()}
    assert kinds >= {("countdown", ""), ("work", ""), ("hold", ""), ("rest", ""),
                     ("switch_side", ""), ("wait", ""), ("rep_phase", "eccentric"),
                     ("rep_phase", "bottom"), ("rep_phase", "concentric"),
                     ("rep_phase", "top")}
    assert any(what.startswith("retest/") for *_rest, what in representative_steps())


@pytest.mark.parametrize("width,height", SCREENS)
def test_every_text_fits_and_the_window_keeps_its_size(window, width, height):
    app = QApplication.instance()
    problems = probe(window, QSize(width, height), app)
    assert problems == []


@pytest.mark.parametrize("width,height", [SCREENS[0], SCREENS[-1]])
def test_the_german_texts_fit_too(german, window_factory, width, height):
    """German is about a third longer: the largest and the smallest screen still fit."""
    window = window_factory().window
    assert window.player_view.buttons["ready"].text() == "Bin bereit"
    assert probe(window, QSize(width, height), QApplication.instance()) == []


def test_a_4k_screen_at_scale_factor_2_fits_too():
    probe_script = Path(__file__).with_name("layout_probe.py")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2")
    done = subprocess.run([sys.executable, str(probe_script), "1920", "1080"], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "ratio 2.0"  # 3840 x 2160 device pixels
    assert lines[1:] == []


def test_a_text_size_of_4_from_a_hand_edited_file_is_clamped(window):
    window.player_view.set_text_scale(4)
    assert window.player_view.text_scale == 2.0
    window.player_view.set_text_scale(float("nan"))
    assert window.player_view.text_scale == 1.0


def test_a_very_long_text_is_elided_with_the_whole_text_as_tooltip(qtbot):
    label = FitLabel("long", max_lines=3)
    qtbot.addWidget(label)
    label.resize(400, 90)
    label.show()
    text = "Keep the ribs down and the pelvis level. " * 250  # 10 000 characters
    label.setText(text)
    assert label.text() == text
    assert label.toolTip() == text
    assert label.shown().endswith("…") and len(label.shown()) < 400
    metrics = QFontMetrics(label.font())
    assert all(metrics.horizontalAdvance(line) <= 400 for line in label.shown().split("\n"))
    assert label.size() == QSize(400, 90)


def test_the_font_comes_from_the_space_and_stops_at_the_cap(qtbot):
    label = FitLabel("word", bold=True)
    qtbot.addWidget(label)
    label.set_cap(500)
    label.resize(300, 200)
    label.show()
    label.setText("LIFT")
    small = label.font().pixelSize()
    label.resize(900, 600)
    assert label.font().pixelSize() > small
    label.set_cap(120)
    assert label.font().pixelSize() == 120
    assert label.size() == QSize(900, 600)  # the text never sizes the label


def test_the_rep_count_and_side_read_from_three_metres_at_1280x800(window):
    """Cap height aimed for: 60 px or more at text size 1.0 (about 13 mm on a 13-14 inch
    laptop screen, some three times the smallest letter a sharp eye reads at 3 m)."""
    from hipcoach.session.timeline import compile_stage

    program = next(p for p, *_rest in representative_steps() if p.id == "hip-extension")
    stage, index = next((stage, s.index) for stage in program.stage
                        for s in compile_stage(program, stage).steps
                        if s.kind == "rep_phase" and s.side)
    window.resize(1280, 800)
    window.start_session(program, stage.id, index=index, record=False)
    QApplication.instance().processEvents()
    view = window.player_view
    assert view.counter.text() and view.side.text() in ("LEFT", "RIGHT")
    caps = {label.objectName(): QFontMetrics(label.font()).capHeight()
            for label in (view.instruction, view.counter, view.side, view.headline)}
    assert caps["rep_count"] >= 60 and caps["side"] >= 60
    assert caps["instruction"] > caps["rep_count"] > caps["exercise"]


def test_the_exercise_cues_sit_in_its_panel_above_what_comes_next(window):
    """The cue line belongs to the exercise being done; under "Next: ..." it read as the
    next exercise's."""
    program = next(p for p, *_rest in representative_steps() if p.id == "hip-extension")
    stage = program.stage[0]
    window.resize(1280, 800)
    window.start_session(program, stage.id, record=False)
    QApplication.instance().processEvents()
    view = window.player_view
    assert view.cues.text()
    assert view.cues.parentWidget() is view.panel
    below_cues = view.cues.mapTo(view, view.cues.rect().bottomLeft()).y()
    assert below_cues <= view.next_up.geometry().top()
    assert view.panel.geometry().contains(view.cues.mapTo(view, view.cues.rect().center()))

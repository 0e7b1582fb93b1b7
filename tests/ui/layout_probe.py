"""Render the player for every step kind x overlay x text size in a window of a given size
and report every text that does not fit its rectangle, and any change of the window's size.

Used by ``test_player_layout.py`` in-process, and run as a script in a child process for a
screen with a scale factor (``QT_SCALE_FACTOR`` must be set before Qt starts):
``python tests/ui/layout_probe.py WIDTH HEIGHT`` prints one problem per line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QRect, QSize  # noqa: E402
from PySide6.QtGui import QFontMetrics  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton  # noqa: E402

from hipcoach.coach.assessments import retest_program  # noqa: E402
from hipcoach.program.catalog import discover  # noqa: E402
from hipcoach.program.model import Program  # noqa: E402
from hipcoach.session.set_tracker import FinishedSet, SetSpan  # noqa: E402
from hipcoach.session.timeline import compile_stage  # noqa: E402
from hipcoach.ui.fit_label import FitLabel  # noqa: E402
from hipcoach.ui.main_window import MainWindow  # noqa: E402

SCALES = (1.0, 1.5, 2.0)
OVERLAYS = ("none", "set panel", "no sound", "paused", "all")
NOTICE = ("No sound: the audio player 'paplay' could not be started (exit status 1); "
          "the session carries on with the screen only. ") * 3


def representative_steps() -> list[tuple[Program, str, int, str]]:
    """One step of each kind (each tempo phase, one- and two-sided, last rep, both kinds of
    wait) from the built-in programmes and the re-test: (programme, stage, index, what)."""
    programs = [e.program for e in discover(None) if e.program is not None]
    programs.append(retest_program())
    seen: set[tuple[object, ...]] = set()
    found = []
    for program in programs:
        for stage in program.stage:
            timeline = compile_stage(program, stage)
            for step in timeline.steps:
                key = (step.kind, step.tempo_phase, step.side is not None,
                       step.last_rep, step.label if step.kind == "wait" else "",
                       program.id == "retest")
                if key not in seen:
                    seen.add(key)
                    what = f"{program.id}/{stage.id}#{step.index} {step.kind} " \
                           f"{step.tempo_phase or ''} {step.label}"
                    found.append((program, stage.id, step.index, what))
    return found


def text_problems(window: MainWindow, where: str) -> list[str]:
    """Every visible text of the player that does not fit its rectangle."""
    view = window.player_view
    problems = []
    for label in view.findChildren(FitLabel):
        if not label.isVisibleTo(window) or not label.shown():
            continue
        metrics = QFontMetrics(label.font())
        rect = label.contentsRect()
        drawn = metrics.boundingRect(rect, int(label.alignment()), label.shown())
        widest = max(metrics.horizontalAdvance(line) for line in label.shown().split("\n"))
        if widest > rect.width() or not rect.contains(drawn):
            problems.append(f"{where}: {label.objectName()} {label.shown()!r} "
                            f"needs {widest}x{drawn.height()} in {rect.width()}x{rect.height()}")
        if label.shown() != label.text() and label.toolTip() != label.text() \
                and label.shown().replace("\n", " ") != " ".join(label.text().split()):
            problems.append(f"{where}: {label.objectName()} cut without a tooltip")
    shown = [label for label in view.findChildren(FitLabel)
             if label.isVisibleTo(window) and label.parent() is not view.cover]
    for i, one in enumerate(shown):  # no text lies over another
        first = QRect(one.mapTo(window, QPoint(0, 0)), one.size())
        for other in shown[i + 1:]:
            second = QRect(other.mapTo(window, QPoint(0, 0)), other.size())
            if first.intersects(second):
                problems.append(f"{where}: {one.objectName()} overlaps {other.objectName()}")
    for button in view.findChildren(QPushButton):
        if not button.isVisibleTo(window):
            continue
        need = QFontMetrics(button.font()).horizontalAdvance(button.text()) + 6
        if need > button.width():
            problems.append(f"{where}: button {button.text()!r} needs {need} in {button.width()}")
    top = view.instruction.font().pixelSize()
    for label in (view.counter, view.side, view.digits, view.headline, view.hint):
        if label.shown() and label.font().pixelSize() > top:
            problems.append(f"{where}: {label.objectName()} is larger than the instruction")
    return problems


def probe(window: MainWindow, size: QSize, app: QApplication) -> list[str]:
    """Render every combination in ``window`` resized to ``size``; the problems found."""
    window.resize(size)
    app.processEvents()
    problems = []
    if window.size() != size:
        problems.append(f"the window is {window.size().toTuple()}, not {size.toTuple()}")
    span = SetSpan("bridge", "activation", 1, "left", 0, 0, 12)
    for program, stage_id, index, what in representative_steps():
        for scale in SCALES:
            window.player_view.set_text_scale(scale)
            for overlay in OVERLAYS:
                player = window.start_session(program, stage_id, index=index, record=False)
                view = window.player_view
                if overlay in ("set panel", "all"):
                    finished = FinishedSet(span, 12, True)
                    view.log_panel.ask(finished, "Single-leg glute bridge with a long name",
                                       ", left side")
                if overlay in ("no sound", "all"):
                    view.show_notice(NOTICE)
                if overlay in ("paused", "all") and player.state == "running":
                    player.pause(window.clock.now())
                app.processEvents()
                where = f"{size.width()}x{size.height()} x{scale} {overlay} {what}"
                problems += text_problems(window, where)
                if window.size() != size:
                    problems.append(f"{where}: the window grew to {window.size().toTuple()}")
                    return problems
                view.log_panel.commit(force=True)
                view.show_notice("")
                player.end(window.clock.now())
    return problems


def main() -> int:
    width, height = int(sys.argv[1]), int(sys.argv[2])
    from hipcoach.session.clock import FakeClock
    from hipcoach.ui.app_factory import build
    from hipcoach.ui.asks import NobodyThere

    app = QApplication(sys.argv[:1])
    from fake_scheduler import FakeScheduler

    clock = FakeClock(start=1000.0)
    built = build(data_dir=None, clock=clock, entries=discover(None), theme_name="light",
                  record=False, asks=NobodyThere(), scheduler=FakeScheduler(clock))
    window = built.window
    window.show()
    problems = probe(window, QSize(width, height), app)
    print(f"ratio {window.devicePixelRatioF()}")
    for problem in problems:
        print(problem)
    window.close()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.exit(main())

"""Render the app's screens to PNG files (offscreen) for the README and for review.

Usage: python tools/screenshot.py OUTDIR [--theme light|dark]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--program", default="hip-extension")
    parser.add_argument("--stage", default=None)
    parser.add_argument("--exercise", default=None, help="take the player shots from this one")
    args = parser.parse_args()
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from hipcoach.program.catalog import discover
    from hipcoach.session.clock import FakeClock
    from hipcoach.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    clock = FakeClock()
    window = MainWindow(clock, theme_name=args.theme)
    window.set_theme(args.theme)
    entries = discover(None)
    window.set_entries(entries)
    window.start_view.select(args.program, args.stage)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.grab().save(str(out / f"start-{args.theme}.png"))
    window.deadlines.enabled = False
    window.start_view.request_start()
    player = window.player
    assert player is not None
    shots = {"countdown": False, "rep_phase": False, "rest": False, "hold": False}
    while player.active and not all(shots.values()):
        step = player.step
        if step is None:
            break
        wanted = args.exercise is None or step.exercise == args.exercise
        if wanted and step.kind in shots and not shots[step.kind]:
            clock.advance(min(1.2, step.duration / 3))
            window.deadlines.poll()
            window.player_view.refresh()
            app.processEvents()
            window.grab().save(str(out / f"player-{step.kind}-{args.theme}.png"))
            shots[step.kind] = True
        if player.state == "waiting":
            player.confirm(clock.now())
        else:
            player.skip("step", clock.now())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Render HipCoach's screens to PNG files (offscreen) for the README and for review.

Usage: python tools/screenshot.py [OUTDIR] [--size 1280x800]

Writes into OUTDIR (default docs/screenshots): the player for each step kind and overlay
(set panel, paused) in the light and dark palettes, the start screen, the exercise detail
view, History, two charts and the first page of a session summary. The history comes
from ``hipcoach demo-data`` in a scratch data folder; nothing of yours is touched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
PLAYER_SHOTS = (  # (file name, what to find: kind, tempo phase or None)
    ("countdown", "countdown", None), ("lift", "rep_phase", "concentric"),
    ("top", "rep_phase", "top"), ("lower", "rep_phase", "eccentric"),
    ("bottom", "rep_phase", "bottom"), ("hold", "hold", None), ("rest", "rest", None),
    ("switch-side", "switch_side", None), ("work", "work", None), ("wait", "wait", None),
)


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "hipcoach", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def find_steps(program):
    from hipcoach.session.timeline import compile_stage

    found = {}
    for stage in program.stage:
        for step in compile_stage(program, stage).steps:
            for name, kind, phase in PLAYER_SHOTS:
                wanted = step.kind == kind and (phase is None or step.tempo_phase == phase)
                if wanted and name not in found and (kind != "rep_phase" or step.side):
                    found[name] = (stage.id, step.index)
            for name, kind, phase in PLAYER_SHOTS:  # two-sided ones if no one-sided
                if step.kind == kind and step.tempo_phase == phase and name not in found:
                    found[name] = (stage.id, step.index)
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    width, height = (int(n) for n in args.size.split("x"))

    from PySide6.QtWidgets import QApplication

    from hipcoach.program.catalog import discover
    from hipcoach.session.clock import FakeClock

    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from fake_scheduler import FakeScheduler  # the clock moves only when this tool says

    from hipcoach.session.set_tracker import FinishedSet, SetSpan
    from hipcoach.ui.app_factory import build, start_services
    from hipcoach.ui.asks import NobodyThere
    from hipcoach.ui.exercise_detail import ExerciseDetail

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch)
        cli("demo-data", "--weeks", "10", "--data-dir", str(data))
        for chart in ("volume", "symmetry"):
            cli("chart", chart, "--png", str(out / f"chart-{chart}.png"), "--data-dir", str(data))
        cli("report", "--session", "last", "--pdf", str(data / "summary.pdf"),
            "--data-dir", str(data))
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                        str(data / "summary.pdf"), str(out / "report-page")], check=True)

        for theme in ("light", "dark"):
            clock = FakeClock(start=1000.0)
            built = build(data_dir=data, clock=clock, entries=discover(data), theme_name=theme,
                          record=True, asks=NobodyThere(), scheduler=FakeScheduler(clock))
            window = built.window
            window.resize(width, height)
            window.show()
            start_services(built)
            for _ in range(400):
                app.processEvents()
                if built.app.plan is not None:
                    break
                built.bridge.worker.flush() if built.bridge and built.bridge.worker else None
            window.start_view.select("hip-extension", None)
            app.processEvents()
            window.grab().save(str(out / f"start-{theme}.png"))
            window.show_stage_how()
            app.processEvents()
            detail = window.findChild(ExerciseDetail, "exercise_detail")
            if detail is not None:
                names = [detail.list.item(i).text() for i in range(detail.list.count())]
                detail.list.setCurrentRow(next((i for i, n in enumerate(names)
                                                if "bridge" in n.lower()), 0))
                app.processEvents()
                detail.grab().save(str(out / f"detail-{theme}.png"))
                detail.close()
            program = built.app.program("hip-extension")
            assert program is not None
            for name, (stage_id, index) in find_steps(program).items():
                player = window.start_session(program, stage_id, index=index, record=False)
                step = player.step
                clock.advance(min(1.2, (step.duration or 3) / 3))
                window.deadlines.poll()
                window.player_view.refresh()
                app.processEvents()
                window.grab().save(str(out / f"player-{name}-{theme}.png"))
                if name == "rest":
                    span = SetSpan(step.exercise, step.phase, step.set or 1, None, 0, 0, 10)
                    window.player_view.log_panel.ask(FinishedSet(span, 10, True),
                                                     program.get_stage(stage_id).exercises[0].name, "")
                    app.processEvents()
                    window.grab().save(str(out / f"player-set-panel-{theme}.png"))
                    window.player_view.log_panel.commit(force=True)
                if name == "lift":
                    player.pause(clock.now())
                    app.processEvents()
                    window.grab().save(str(out / f"player-paused-{theme}.png"))
                player.end(clock.now())
                app.processEvents()
            window.show_start()
            window.show_history()
            for _ in range(200):
                app.processEvents()
                if window.history is not None and window.history.sessions.rowCount():
                    break
            window.grab().save(str(out / f"history-{theme}.png"))
            window.close()
            built.close()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

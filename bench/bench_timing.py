"""Timing benchmark: the real Qt adapter against a naive tick-counting timer.

Runs the real MainWindow (offscreen) through a session on a clock running ``--speed``
times faster, so at least 300 transitions happen in at least 60 s of wall time, and
measures each transition's lateness: when the view had shown it minus its deadline, on
the real monotonic clock. In the same event loop a naive baseline chains one-second
single-shot timers and counts ticks, taking tick n to mean "n seconds in"; its
lateness is the real time of tick n minus (start + n s).

Usage: python bench/bench_timing.py [--seconds 65] [--speed 6]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from stats import percentile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROGRAM = """
[program]
id = "bench"
name = "Timing benchmark"

[[stage]]
id = "all"
name = "All"

  [[stage.phase]]
  kind = "loaded"
  name = "Loaded"

    [[stage.phase.exercise]]
    id = "bridge"
    name = "Bridge"
    sets = 20
    reps = 10
    tempo = "1-1-1-1"
    start = "concentric"
    rest = "3s"
"""


def summarise(name: str, lateness_s: list[float], end_error_s: float) -> dict[str, float | str]:
    ms = [x * 1000 for x in lateness_s]
    return {
        "name": name,
        "n": len(ms),
        "p50": statistics.median(ms),
        "p99": percentile(ms, 99),
        "max": max(ms),
        "end": end_error_s * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=65.0)
    parser.add_argument("--speed", type=float, default=6.0)
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from hipcoach.program.catalog import discover
    from hipcoach.program.loader import parse_program_text
    from hipcoach.session.clock import ScaledClock
    from hipcoach.ui.app_factory import build
    from hipcoach.ui.asks import NobodyThere

    app = QApplication(sys.argv[:1])

    from hipcoach.ui.qt_messages import route_qt_messages


    route_qt_messages()
    clock = ScaledClock(args.speed)
    window = build(data_dir=None, clock=clock, entries=discover(None), theme_name="light",
                   record=False, asks=NobodyThere()).window
    window.resize(1280, 800)
    window.show()
    program = parse_program_text(PROGRAM, "bench.toml")

    lateness: list[float] = []
    last: list[float] = []

    def on_shown(event) -> None:
        if event.kind == "step":
            shown = time.monotonic()
            planned = clock.to_real(event.planned)
            lateness.append(shown - planned)
            last[:] = [shown - planned]

    window.player_view.shown.connect(on_shown)

    naive_lateness: list[float] = []
    naive = {"ticks": 0, "start": 0.0}

    def naive_tick() -> None:
        naive["ticks"] += 1
        now = time.monotonic()
        naive_lateness.append(now - (naive["start"] + naive["ticks"] * 1.0))
        QTimer.singleShot(1000, naive_tick)

    def begin() -> None:
        window.start_session(program, "all")
        naive["start"] = time.monotonic()
        QTimer.singleShot(1000, naive_tick)
        QTimer.singleShot(int(args.seconds * 1000), app.quit)

    QTimer.singleShot(200, begin)
    started = time.monotonic()
    app.exec()
    wall = time.monotonic() - started
    window.deadlines.attach(None)

    adapter = summarise("deadline adapter", lateness[1:], last[0] if last else float("nan"))
    baseline = summarise("naive 1 s chain", naive_lateness, naive_lateness[-1])
    resolution_ns = time.get_clock_info("monotonic").resolution * 1e9
    print(f"timing: {wall:.1f} s wall, session clock x{args.speed:g}, "
          f"{adapter['n']} transitions, clock resolution {resolution_ns:.0f} ns")
    header = f"{'':<18}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'end err ms':>12}"
    print(header)
    for row in (adapter, baseline):
        print(f"{row['name']:<18}{row['n']:>6}{row['p50']:>10.3f}{row['p99']:>10.3f}"
              f"{row['max']:>10.3f}{row['end']:>12.3f}")
    ok = adapter["p99"] <= 5 and adapter["max"] <= 20 and abs(adapter["end"]) <= 5
    ok = ok and adapter["n"] >= 300 and wall >= 60
    print(f"targets (>=300 transitions in >=60 s; p99 <= 5 ms, max <= 20 ms, end <= 5 ms): "
          f"{'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Charts benchmark: open the charts view on five years of daily history, switch charts.

    .venv/bin/python bench/bench_charts.py [--years 5] [--dir DIR] [--strict]

1. Builds five years of daily sessions with the demo-data generator (the same code as
   ``hipcoach demo-data``) into a fresh temporary data dir.
2. Opens ``ChartsView`` offscreen (construct + first paint, synchronously painted):
   - cold: the first open in this process, which also imports numpy and pyqtgraph;
   - warm: a second view, with those imports done (as after ``preload_in_background``).
   Target: <= 300 ms.
3. Switches every chart through every range (4 weeks, 12 weeks, 1 year, all) and the
   exercise picker through every exercise on the per-exercise charts, each switch
   timed from the call to the end of the repaint; the whole sequence runs three times
   and each switch's figure is the median of its three runs (the slowest single run is
   printed too). Target: <= 100 ms (max).
4. Resident memory (VmRSS from /proc/self/status) after opening. Target: <= 250 MB.

``--strict`` exits 1 when a target is missed. Times are wall-clock (perf_counter).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_OPEN_MS = 300.0
TARGET_SWITCH_MS = 100.0
TARGET_RSS_MB = 250.0
ROUNDS = 3  # each switch is timed this many times; the median of them is its figure


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def make_history(folder: Path, years: int) -> tuple[int, int, float]:
    from hipcoach.store.demo import DemoPlan, generate
    from hipcoach.store.engine import prepare_database

    weeks = round(years * 52.18)
    plan = DemoPlan(weeks=weeks, seed=1, until=date.today() - timedelta(days=1),
                    per_week=(7, 7))
    start = time.perf_counter()
    history = generate(plan)
    with prepare_database(folder) as db:
        db.store().add_history(history.sessions)
    sets = sum(len(s.sets) for s in history.sessions)
    return len(history.sessions), sets, time.perf_counter() - start


def open_view(app, store) -> tuple[object, float]:  # noqa: ANN001
    from hipcoach.ui.charts import ChartsView

    start = time.perf_counter()
    view = ChartsView(store)
    view.resize(1200, 800)
    view.show()
    view.repaint()  # paints the view and the chart now, not at the next event loop turn
    app.processEvents()
    return view, (time.perf_counter() - start) * 1000


def timed(app, view, action) -> float:  # noqa: ANN001
    start = time.perf_counter()
    action()
    view.repaint()
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def run_switches(app, view) -> list[tuple[str, float]]:  # noqa: ANN001
    """Every chart through every range, then the exercise picker on the charts it drives."""
    from hipcoach.charts.data import KINDS, RANGES

    switches: list[tuple[str, float]] = []
    for kind in KINDS:
        switches.append((f"tab {kind}", timed(app, view, lambda k=kind: view.set_kind(k))))
        for key in RANGES:
            switches.append((f"{kind} {key}", timed(app, view, lambda k=key: view.set_range(k))))
    exercises = [e.id for e in view.history.exercises]
    for kind in ("load", "symmetry", "volume", "pain", "effort"):
        view.set_kind(kind)
        for key in ("12w", "all"):
            view.set_range(key)
            for exercise in [*exercises, None]:
                switches.append((f"{kind} {key} exercise={exercise}",
                                 timed(app, view, lambda e=exercise: view.set_exercise(e))))
    view.set_kind("volume")
    view.set_range("12w")
    return switches


def bench(folder: Path) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication

    from hipcoach.store.engine import prepare_database

    app = QApplication.instance() or QApplication(["bench-charts"])
    from hipcoach.ui.qt_messages import route_qt_messages

    route_qt_messages()
    db = prepare_database(folder)
    try:
        rss_before = rss_mb()
        loaded_before = "pyqtgraph" in sys.modules
        cold_view, cold_ms = open_view(app, db.store())
        rss_open = rss_mb()
        cold_view.close()
        warm_ms_runs = []
        for _ in range(5):
            view, ms = open_view(app, db.store())
            warm_ms_runs.append(ms)
            view.close()
            view.deleteLater()
            app.processEvents()
        view, _ = open_view(app, db.store())
        rounds = [run_switches(app, view) for _ in range(ROUNDS)]
        rss_end = rss_mb()
        view.close()
    finally:
        db.close()
    names = [name for name, _ in rounds[0]]
    typical = [(name, statistics.median(r[i][1] for r in rounds)) for i, name in enumerate(names)]
    every = [ms for r in rounds for _, ms in r]
    values = [ms for _, ms in typical]
    worst = max(typical, key=lambda item: item[1])
    return {
        "imports_preloaded": loaded_before, "cold_ms": cold_ms, "warm_ms": warm_ms_runs,
        "switch_median": statistics.median(values),
        "switch_p95": sorted(values)[int(0.95 * (len(values) - 1))],
        "switch_max": worst[1], "switch_worst": worst[0], "switch_count": len(values),
        "switch_max_any": max(every),
        "rss_before": rss_before, "rss_open": rss_open, "rss_end": rss_end,
        "slowest": sorted(typical, key=lambda item: -item[1])[:12],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=None, help="where to make the test files")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--slowest", action="store_true", help="list the slowest switches")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="hipcoach-bench-charts-", dir=args.dir))
    try:
        sessions, sets, made_s = make_history(scratch, args.years)
        result = bench(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    info = time.get_clock_info("perf_counter")
    warm = result["warm_ms"]
    warm_median = statistics.median(warm)
    checks = {
        "open (warm)": max(warm) <= TARGET_OPEN_MS,
        "switch": result["switch_max"] <= TARGET_SWITCH_MS,
        "memory": result["rss_open"] <= TARGET_RSS_MB,
    }
    cold_ok = result["cold_ms"] <= TARGET_OPEN_MS

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    rows = [
        (f"history ({args.years} years, daily)", f"{sessions} sessions, {sets} sets "
                                                 f"(made in {made_s:.1f} s)"),
        ("open, cold (first in process, imports numpy+pyqtgraph)",
         f"{result['cold_ms']:.0f} ms  (target <= {TARGET_OPEN_MS:.0f}: {verdict(cold_ok)})"),
        ("open, warm (imports done): median / max of 5",
         f"{warm_median:.0f} / {max(warm):.0f} ms  (target <= {TARGET_OPEN_MS:.0f}: "
         f"{verdict(checks['open (warm)'])})"),
        (f"switch chart/range/exercise x{result['switch_count']}: median / p95",
         f"{result['switch_median']:.0f} / {result['switch_p95']:.0f} ms"),
        (f"switch: max (each switch the median of {ROUNDS} runs)",
         f"{result['switch_max']:.0f} ms ({result['switch_worst']})  "
         f"(target <= {TARGET_SWITCH_MS:.0f}: {verdict(checks['switch'])})"),
        ("switch: slowest single run", f"{result['switch_max_any']:.0f} ms"),
        ("RSS before / after opening / at the end",
         f"{result['rss_before']:.0f} / {result['rss_open']:.0f} / {result['rss_end']:.0f} MB  "
         f"(target <= {TARGET_RSS_MB:.0f}: {verdict(checks['memory'])})"),
        ("clock", f"time.perf_counter ({info.implementation}), resolution "
                  f"{info.resolution * 1e9:.0f} ns"),
        ("platform", os.environ.get("QT_QPA_PLATFORM", "default")),
    ]
    width = max(len(name) for name, _ in rows)
    print("HipCoach charts benchmark")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    if args.slowest:
        print("  slowest switches:")
        for name, ms in result["slowest"]:
            print(f"    {ms:6.1f} ms  {name}")
    return 1 if args.strict and not all(checks.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())

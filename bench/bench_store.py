"""Store benchmark: how long logging a set takes, and how big years of history get.

    .venv/bin/python bench/bench_store.py [--sets 500] [--years 5] [--dir DIR] [--strict]

1. ``Store.log_set`` wall time over N sets, each its own durable transaction (WAL,
   synchronous=FULL): p50 / p99 / max. Target: p99 <= 5 ms.
2. Five years of daily sessions from the demo-data generator (~1800 sessions): time
   to write them, database size, start-up check (``prepare_database`` with the
   integrity check), the history list and a CSV export.

Runs in a fresh temporary folder on the same disk as the system temp dir (``--dir`` to
choose another, e.g. the disk the real data dir is on). ``--strict`` exits 1 when the
p99 target is missed.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from stats import percentile

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hipcoach.domain.entries import Load, SetEntry  # noqa: E402
from hipcoach.store import database_path  # noqa: E402
from hipcoach.store.csvio import write_csv  # noqa: E402
from hipcoach.store.demo import DemoPlan, generate  # noqa: E402
from hipcoach.store.engine import prepare_database  # noqa: E402

TARGET_P99_MS = 5.0


def bench_log_set(folder: Path, count: int) -> dict[str, float]:
    with prepare_database(folder) as db:
        store = db.store()
        session_id = store.start_session(program_id="bench", program_name="Bench",
                                         stage_id="s", stage_name="S", planned_sets=count)
        timings = []
        positions = []
        for n in range(count):
            entry = SetEntry(
                session_id, f"exercise-{n % 10}", n // 10 % 100 + 1, 8 + n % 5,
                exercise_name="Exercise", phase="loaded", side=("left", "right", None)[n % 3],
                target_reps=8, load=Load("kg", 10.0 + n % 7), tempo="3-0-3-0", tut_s=48.0,
                rpe=7, pain=n % 4, note="",
            )
            start = time.perf_counter()
            store.log_set(entry)
            timings.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            store.save_position(session_id, n)
            positions.append((time.perf_counter() - start) * 1000)
    return {
        "p50": statistics.median(timings),
        "p99": percentile(timings, 99),
        "max": max(timings),
        "pos_p50": statistics.median(positions),
        "pos_p99": percentile(positions, 99),
    }


def bench_history(folder: Path, years: int) -> dict[str, float]:
    weeks = round(years * 52.18)
    plan = DemoPlan(weeks=weeks, seed=1, until=date.today() - timedelta(days=1),
                    per_week=(7, 7), missed_week=False)
    start = time.perf_counter()
    history = generate(plan)
    generated = time.perf_counter() - start
    with prepare_database(folder) as db:
        start = time.perf_counter()
        db.store().add_history(history.sessions)
        written = time.perf_counter() - start
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size = database_path(folder).stat().st_size
    start = time.perf_counter()
    db = prepare_database(folder)
    opened = time.perf_counter() - start
    try:
        store = db.store()
        start = time.perf_counter()
        lines = store.sessions()
        listed = time.perf_counter() - start
        start = time.perf_counter()
        count = write_csv(store.export_rows(), io.StringIO())
        exported = time.perf_counter() - start
    finally:
        db.close()
    return {
        "sessions": len(lines), "sets": count, "generate_s": generated, "write_s": written,
        "size_mb": size / 1024 / 1024, "open_s": opened, "list_s": listed,
        "export_s": exported,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", type=int, default=500)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=None, help="where to make the test files")
    parser.add_argument("--strict", action="store_true", help="exit 1 if p99 misses the target")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="hipcoach-bench-", dir=args.dir))
    try:
        sets = bench_log_set(scratch / "log", args.sets)
        hist = bench_history(scratch / "history", args.years)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    ok = sets["p99"] <= TARGET_P99_MS
    rows = [
        (f"log_set x{args.sets}: p50", f"{sets['p50']:.2f} ms"),
        (f"log_set x{args.sets}: p99", f"{sets['p99']:.2f} ms  (target <= {TARGET_P99_MS:.0f} ms: "
                                       f"{'ok' if ok else 'MISSED'})"),
        (f"log_set x{args.sets}: max", f"{sets['max']:.2f} ms"),
        ("save_position: p50 / p99", f"{sets['pos_p50']:.2f} / {sets['pos_p99']:.2f} ms"),
        (f"{args.years} years daily: sessions / sets", f"{hist['sessions']} / {hist['sets']}"),
        ("  database size", f"{hist['size_mb']:.1f} MB"),
        ("  generate / write (one transaction)",
         f"{hist['generate_s']:.2f} s / {hist['write_s']:.2f} s"),
        ("  open with integrity check", f"{hist['open_s'] * 1000:.0f} ms"),
        ("  history list (all sessions)", f"{hist['list_s'] * 1000:.0f} ms"),
        ("  CSV export (all sets)", f"{hist['export_s'] * 1000:.0f} ms"),
    ]
    width = max(len(name) for name, _ in rows)
    print("HipCoach store benchmark")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    raise SystemExit(main())

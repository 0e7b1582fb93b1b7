"""Report benchmark: how long the printed reports take to make, as PDF files.

    .venv/bin/python bench/bench_report.py [--weeks 52] [--runs 5] [--dir DIR] [--strict]

A year of demo data (``DemoPlan(weeks=52)``) is written to a fresh temporary data dir,
then, with the Qt application already running (the app's situation; its start-up is
timed separately):

1. session summary of the most recent session: read + HTML + PDF. Target <= 500 ms.
2. clinician report over the whole year: read + HTML + PDF. Target <= 2 s.

Each is run ``--runs`` times; the first (cold: fonts and SVG renderer loading) and the
median are printed. ``--strict`` exits 1 when a median misses its target.
"""

from __future__ import annotations

import argparse
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

from hipcoach.report.documents import clinician_report, session_summary  # noqa: E402
from hipcoach.store.demo import DemoPlan, generate  # noqa: E402
from hipcoach.store.engine import prepare_database  # noqa: E402

SUMMARY_TARGET_MS = 500.0
YEAR_TARGET_MS = 2000.0


def _timed(runs: int, body) -> tuple[list[float], object]:
    timings, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = body()
        timings.append((time.perf_counter() - start) * 1000)
    return timings, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary data dir goes")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="hipcoach-bench-report-", dir=args.dir))
    try:
        start = time.perf_counter()
        until = date.today() - timedelta(days=1)
        demo = generate(DemoPlan(weeks=args.weeks, seed=1, until=until))
        with prepare_database(folder) as db:
            db.store().add_history(demo.sessions)
        sets = sum(len(s.sets) for s in demo.sessions)
        print(f"demo data: {len(demo.sessions)} sessions, {sets} sets over {args.weeks} weeks "
              f"({(time.perf_counter() - start):.1f} s to write)")

        start = time.perf_counter()
        from hipcoach.report.pdf import ensure_app, save_pdf

        ensure_app(headless=True)
        print(f"Qt application start (once per process): {(time.perf_counter() - start) * 1000:.0f} ms")

        first_day = until - timedelta(weeks=args.weeks) + timedelta(days=1)
        with prepare_database(folder, full_check=False) as db:
            store = db.store()

            def summary():
                doc = session_summary(store)
                return save_pdf(doc.html, folder / "summary.pdf", "A4")

            def year():
                doc = clinician_report(store, first_day, until, data_dir=folder)
                return save_pdf(doc.html, folder / "year.pdf", "A4")

            summary_ms, summary_pdf = _timed(args.runs, summary)
            year_ms, year_pdf = _timed(args.runs, year)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    rows = [
        ("session summary PDF", summary_ms, summary_pdf, SUMMARY_TARGET_MS),
        (f"clinician report PDF, {args.weeks} weeks", year_ms, year_pdf, YEAR_TARGET_MS),
    ]
    status = 0
    for label, timings, result, target in rows:
        median = statistics.median(timings)
        ok = median <= target
        status = status or (0 if ok else 1)
        print(f"{label}: median {median:.0f} ms, cold {timings[0]:.0f} ms, "
              f"max {max(timings):.0f} ms over {len(timings)} runs; {result.pages} pages "
              f"[target <= {target:.0f} ms: {'ok' if ok else 'MISSED'}]")
    return status if args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())

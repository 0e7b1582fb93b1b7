"""Cold start: process start to the first painted main window, median of N runs.

Each run is a fresh ``python -m hipcoach`` process (offscreen unless DISPLAY is set);
the app writes the monotonic time of its first paint and quits. The clock is the
system-wide monotonic clock, read here just before the process is spawned.

Usage: python bench/bench_startup.py [--runs 5] [--command hipcoach]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def measure(command: list[str], runs: int) -> list[float]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "paint.txt"
        env = dict(os.environ, HIPCOACH_STARTUP_REPORT=str(report), HIPCOACH_EXIT_AFTER_PAINT="1",
                   HIPCOACH_DATA_DIR=tmp)
        env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else "xcb")
        # as a user has it: bytecode caches written by the warm-up run and then used (this
        # machine sets PYTHONDONTWRITEBYTECODE, which would make every run compile anew)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(command, env=env, capture_output=True, timeout=60, check=False)  # warm
        for _ in range(runs):
            report.unlink(missing_ok=True)
            spawned = time.monotonic()
            subprocess.run(command, env=env, capture_output=True, timeout=60, check=False)
            painted = float(report.read_text().split()[0])
            results.append(painted - spawned)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--command", default=None, help="command to start (default: this python)")
    args = parser.parse_args()
    if args.command:
        command = [shutil.which(args.command) or args.command]
        label = args.command
    else:
        command = [sys.executable, "-m", "hipcoach"]
        label = "python -m hipcoach"
    times = measure(command, args.runs)
    ms = [t * 1000 for t in times]
    print(f"cold start ({label}, {os.environ.get('QT_QPA_PLATFORM') or 'offscreen'}): "
          f"median {statistics.median(ms):.0f} ms over {len(ms)} runs "
          f"(min {min(ms):.0f}, max {max(ms):.0f}); target <= 400 ms: "
          f"{'met' if statistics.median(ms) <= 400 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

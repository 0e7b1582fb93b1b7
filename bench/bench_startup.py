"""Cold start: process start to the first painted main window, median of N runs, side by
side with a bare PySide6 window (bench/bare_window.py) measured in the same run.

Each run is a fresh ``python -m hipcoach`` process (offscreen unless DISPLAY is set);
the app writes the monotonic time of its first paint and quits. The clock is the
system-wide monotonic clock, read here just before the process is spawned. The two
commands take turns, so a busy moment of the machine falls on both alike; the ratio
of the medians is the app's own cost (target <= 1.6x). The data dir is new (no settings
file), then, in a second round, holds a settings file as most users' does.

Usage: python bench/bench_startup.py [--runs 9] [--command hipcoach]
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


def measure(commands: list[list[str]], runs: int,
            settings: str | None = None) -> list[list[float]]:
    """Each command's start-to-first-paint times, the commands taking turns; with
    ``settings``, the data dir holds that settings file (as a user's does once anything
    was changed in Settings or the sound menu)."""
    results: list[list[float]] = [[] for _ in commands]
    with tempfile.TemporaryDirectory() as tmp:
        if settings is not None:
            (Path(tmp) / "settings.json").write_text(settings, encoding="utf-8")
        report = Path(tmp) / "paint.txt"
        env = dict(os.environ, HIPCOACH_STARTUP_REPORT=str(report), HIPCOACH_EXIT_AFTER_PAINT="1",
                   HIPCOACH_DATA_DIR=tmp)
        env.setdefault("QT_QPA_PLATFORM", "offscreen" if not env.get("DISPLAY") else "xcb")
        # as a user has it: bytecode caches written by the warm-up run and then used (this
        # machine sets PYTHONDONTWRITEBYTECODE, which would make every run compile anew)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for command in commands:  # warm: bytecode caches written
            subprocess.run(command, env=env, capture_output=True, timeout=60, check=False)
        for _ in range(runs):
            for command, times in zip(commands, results, strict=True):
                report.unlink(missing_ok=True)
                spawned = time.monotonic()
                subprocess.run(command, env=env, capture_output=True, timeout=60, check=False)
                painted = float(report.read_text().split()[0])
                times.append(painted - spawned)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--command", default=None, help="command to start (default: this python)")
    args = parser.parse_args()
    if args.command:
        command = [shutil.which(args.command) or args.command]
        label = args.command
    else:
        command = [sys.executable, "-m", "hipcoach"]
        label = "python -m hipcoach"
    bare = [sys.executable, str(Path(__file__).with_name("bare_window.py"))]
    times, bare_times = measure([command, bare], args.runs)
    ms = [t * 1000 for t in times]
    bare_ms = [t * 1000 for t in bare_times]
    platform = os.environ.get("QT_QPA_PLATFORM") or "offscreen"
    print(f"cold start ({label}, {platform}): "
          f"median {statistics.median(ms):.0f} ms over {len(ms)} runs "
          f"(min {min(ms):.0f}, max {max(ms):.0f}); target <= 400 ms: "
          f"{'met' if statistics.median(ms) <= 400 else 'NOT met'}")
    ratio = statistics.median(ms) / statistics.median(bare_ms)
    print(f"cold start (bare PySide6 window, {platform}): median {statistics.median(bare_ms):.0f}"
          f" ms (min {min(bare_ms):.0f}, max {max(bare_ms):.0f}); app / bare = {ratio:.2f}x; "
          f"target <= 1.6x: {'met' if ratio <= 1.6 else 'NOT met'}")
    if not args.command:  # a data dir with a settings file: the settings are decoded too
        times, bare_times = measure([command, bare], args.runs, settings=SETTINGS)
        ratio = statistics.median(times) / statistics.median(bare_times)
        print(f"cold start with a settings file: median {statistics.median(times) * 1000:.0f}"
              f" ms, bare window {statistics.median(bare_times) * 1000:.0f} ms; app / bare = "
              f"{ratio:.2f}x; target <= 1.6x: {'met' if ratio <= 1.6 else 'NOT met'}")
    return 0


SETTINGS = '{"theme": "dark", "volume": 6, "text_scale": 1.2}\n'


if __name__ == "__main__":
    raise SystemExit(main())

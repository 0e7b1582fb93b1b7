"""Sub-command start-up: each ``hipcoach`` sub-command's fixed cost on an empty data dir
against a bare ``python -c "import X"`` of its one essential import, same run.

Each figure is the median wall time of ``--runs`` fresh processes (spawn to exit; the
command and its baseline take turns), with bytecode caches as a user has them (written
by a warm-up run). Target: every command <= 2x its baseline; what goes beyond that is
an import the command does not need yet.

Usage: python bench/bench_commands.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.0


def commands(scratch: Path) -> list[tuple[str, list[str], str]]:
    """(label, arguments, the one import the command cannot do without)."""
    program = str(ROOT / "assets" / "programs" / "hip-extension.toml")
    return [
        ("--help", ["--help"], "argparse"),
        ("validate", ["validate", program], "msgspec"),  # decodes the programme files
        ("plan", ["plan", "hip-extension"], "msgspec"),
        ("next", ["next"], "sqlalchemy"),
        ("check", ["check"], "sqlalchemy"),
        ("export", ["export", "--csv", str(scratch / "out.csv")], "sqlalchemy"),
        ("report", ["report", "--session", "last", "--pdf", str(scratch / "out.pdf")],
         "sqlalchemy"),
        ("chart", ["chart", "volume", "--png", str(scratch / "out.png")], "PySide6.QtGui"),
    ]


def medians_s(argvs: list[list[str]], env: dict[str, str], runs: int) -> list[float]:
    """Each command's median wall time; the commands take turns, so a busy moment of
    the machine falls on all of them alike."""
    times: list[list[float]] = [[] for _ in argvs]
    for argv in argvs:  # warm: bytecode caches written
        subprocess.run(argv, env=env, capture_output=True, timeout=120, check=False)
    for _ in range(runs):
        for argv, into in zip(argvs, times, strict=True):
            started = time.monotonic()
            subprocess.run(argv, env=env, capture_output=True, timeout=120, check=False)
            into.append(time.monotonic() - started)
    return [statistics.median(each) for each in times]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable
    over = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        data = scratch / "data"
        data.mkdir()
        env = dict(os.environ, HIPCOACH_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # caches as a user has them
        (bare,) = medians_s([[python, "-c", "pass"]], env, args.runs)
        print(f"commands: median of {args.runs} runs each, empty data dir; "
              f"python -c pass {bare * 1000:.0f} ms")
        print(f"{'command':<10}{'ms':>8}{'baseline':>24}{'ms':>8}{'ratio':>8}")
        for label, argv, essential in commands(scratch):
            took, base = medians_s([[python, "-m", "hipcoach", *argv],
                                    [python, "-c", f"import {essential}"]], env, args.runs)
            ratio = took / base
            if ratio > TARGET:
                over.append(label)
            print(f"{label:<10}{took * 1000:>8.0f}{'import ' + essential:>24}"
                  f"{base * 1000:>8.0f}{ratio:>7.2f}x")
    print(f"target (every command <= {TARGET:g}x python + its essential import): "
          f"{'met' if not over else 'NOT met: ' + ', '.join(over)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

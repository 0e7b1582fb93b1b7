"""``make bench``: run every benchmark in turn and print its figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ORDER = ["bench_engine.py", "bench_startup.py", "bench_commands.py", "bench_timing.py",
         "bench_audio.py", "bench_store.py", "bench_logging.py", "bench_report.py",
         "bench_charts.py"]


def main() -> int:
    status = 0
    for name in ORDER:
        script = HERE / name
        if not script.exists():
            continue
        print(f"== {name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], check=False)
        status = status or result.returncode
    built = HERE.parent / "dist" / "hipcoach" / "hipcoach"
    if built.exists():  # `make package` was run: the PyInstaller build's start-up too
        print("== bench_startup.py (PyInstaller build)", flush=True)
        result = subprocess.run([sys.executable, str(HERE / "bench_startup.py"), "--command",
                                 str(built)], check=False)
        status = status or result.returncode
    return status


if __name__ == "__main__":
    raise SystemExit(main())

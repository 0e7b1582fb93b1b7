"""The drift baseline, in its own process (outside the app's event loop): a chained
single-shot timer re-armed inside its handler, counting ticks and taking tick n to mean
``n x interval`` after the start. Prints one JSON line: each tick's lateness in seconds.

Usage: python bench/drift_chain.py SECONDS [INTERVAL_MS]
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer


def main() -> int:
    seconds = float(sys.argv[1])
    interval_ms = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    app = QCoreApplication(sys.argv[:1])
    lateness: list[float] = []
    ticks = 0
    timer = QTimer()
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)  # as precise as the app's own timer

    def tick() -> None:
        nonlocal ticks
        ticks += 1
        lateness.append(time.monotonic() - (start + ticks * interval_ms / 1000))
        if ticks * interval_ms / 1000 >= seconds:
            app.quit()
        else:
            timer.start(interval_ms)  # re-armed from now: each tick's delay adds up

    timer.timeout.connect(tick)
    start = time.monotonic()
    timer.start(interval_ms)
    app.exec()
    print(json.dumps(lateness))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

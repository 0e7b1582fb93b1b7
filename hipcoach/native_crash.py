"""Native crashes (a segfault in Qt, an abort) in the log, where Python's hooks never see them.

``faulthandler`` writes the Python stack of every thread to ``native-crash.log`` in the
log folder the moment the process dies of a fatal signal. The next start moves that
report into the app's log (``logging``), so the one log file tells the whole story.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
from pathlib import Path
from typing import IO

CRASH_NAME = "native-crash.log"

_open: IO[str] | None = None  # faulthandler writes to this file descriptor until exit


def enable(log_folder: Path) -> Path | None:
    """Carry an earlier crash report into the log, then arm faulthandler for this run.

    Returns the crash file's path, or None when it cannot be written (faulthandler then
    writes to stderr, as Python does by default).
    """
    global _open
    path = log_folder / CRASH_NAME
    _carry_over(path)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        faulthandler.enable()
        return None
    if _open is not None:
        _open.close()
    _open = os.fdopen(descriptor, "w", encoding="utf-8")
    faulthandler.enable(file=_open, all_threads=True)
    return path


def _carry_over(path: Path) -> None:
    try:
        report = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return
    if not report:
        return
    logging.getLogger("hipcoach.crash").error("the previous run ended in a native crash:\n%s",
                                              report)
    with contextlib.suppress(OSError):
        path.write_text("", encoding="utf-8")

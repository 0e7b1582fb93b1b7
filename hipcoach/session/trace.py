"""``--trace FILE``: one JSON line per transition, planned deadline vs when it was shown.

Both times are seconds on the real monotonic clock, so a trace measures the lateness the
user saw. Lines are appended and flushed as they come; a failing disk turns tracing off
rather than disturbing the session.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TextIO

from hipcoach.i18n import _


class TraceWriter:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._file: TextIO | None = self.path.open("a", encoding="utf-8", buffering=1)
        self.problem: str | None = None

    def record(self, planned: float, shown: float, kind: str, index: int | None = None) -> None:
        if self._file is None:
            return
        line = {"planned": round(planned, 6), "shown": round(shown, 6), "kind": kind}
        if index is not None:
            line["index"] = index
        try:
            self._file.write(json.dumps(line) + "\n")
        except OSError as exc:
            self.problem = _("tracing stopped: {problem}").format(problem=exc.strerror)
            self.close()

    def close(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None

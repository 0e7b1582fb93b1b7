"""The app's log: a rotating file in the per-user log folder (or the data dir's logs/).

Set up once at start; everything else just uses ``logging.getLogger(__name__)``. The file
is rolled over here rather than by ``logging.handlers.RotatingFileHandler``: that module
(with socket, pickle and queue) costs the first window about 5 ms of imports.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_NAME = "hipcoach.log"
MAX_BYTES = 512 * 1024
BACKUPS = 3


def log_dir(data_dir_override: str | os.PathLike[str] | None = None) -> Path:
    """Logs live beside the data when a data dir is given, else in the per-user log dir."""
    chosen = data_dir_override or os.environ.get("HIPCOACH_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser() / "logs"
    from platformdirs import user_log_path

    return user_log_path("HipCoach", appauthor=False)


class _PrivateFileHandler(logging.FileHandler):
    """The log file, readable by the user only (0600). A record that would take it past
    ``max_bytes`` first rolls it over: NAME becomes NAME.1, NAME.1 becomes NAME.2 and so
    on, the oldest of ``backups`` files dropping off."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.max_bytes = max_bytes
        self.backups = backups

    def _open(self):  # type: ignore[no-untyped-def]
        from hipcoach.private_files import open_private

        fd = open_private(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._roll_over()
        except Exception:  # as logging does: a failing log never stops the app
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        return self.stream.tell() + len(self.format(record)) + 1 > self.max_bytes

    def _roll_over(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{number}"):
                os.replace(f"{base}.{number}", f"{base}.{number + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")


def setup(data_dir_override: str | os.PathLike[str] | None = None) -> Path | None:
    """Start logging to the rotating file; returns its path, or None if it cannot be written."""
    folder = log_dir(data_dir_override)
    try:
        from hipcoach.private_files import make_private, private_folder

        private_folder(folder)
        for old in folder.glob(LOG_NAME + "*"):
            make_private(old)
        handler = _PrivateFileHandler(folder / LOG_NAME, MAX_BYTES, BACKUPS)
    except OSError:
        # Nowhere to write: keep log records (and their tracebacks) off the terminal.
        root = logging.getLogger("hipcoach")
        root.handlers[:] = [logging.NullHandler()]
        root.propagate = False
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("hipcoach")
    root.setLevel(logging.INFO)
    root.handlers[:] = [handler]
    root.propagate = False
    from hipcoach import native_crash

    native_crash.enable(folder)
    return folder / LOG_NAME

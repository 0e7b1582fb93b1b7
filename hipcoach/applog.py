"""The app's log: a rotating file in the per-user log folder (or the data dir's logs/).

Set up once at start; everything else just uses ``logging.getLogger(__name__)``.
"""

from __future__ import annotations

import logging
import logging.handlers
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


class _PrivateFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log, with every file it opens readable by the user only (0600)."""

    def _open(self):  # type: ignore[no-untyped-def]
        from hipcoach.private_files import open_private

        fd = open_private(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def setup(data_dir_override: str | os.PathLike[str] | None = None) -> Path | None:
    """Start logging to the rotating file; returns its path, or None if it cannot be written."""
    folder = log_dir(data_dir_override)
    try:
        from hipcoach.private_files import make_private, private_folder

        private_folder(folder)
        for old in folder.glob(LOG_NAME + "*"):
            make_private(old)
        handler = _PrivateFileHandler(
            folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8",
            delay=True,
        )
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

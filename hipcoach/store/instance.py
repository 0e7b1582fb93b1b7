"""One HipCoach per data dir: an advisory lock on ``DATA_DIR/hipcoach.lock``.

The operating system drops the lock when the process ends, however it ends, so a
crash never leaves a stale lock behind. The file is never deleted (deleting a lock file
races with the next process opening it). ``flock`` on POSIX, ``msvcrt.locking`` on
Windows. Locks belong to the open file, so a second ``InstanceLock`` in the same
process is refused too.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import IO

from hipcoach.i18n import _
from hipcoach.store import LOCK_FILENAME
from hipcoach.store.errors import StoreError


class InstanceLock:
    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.path = Path(data_dir) / LOCK_FILENAME
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another instance holds it."""
        if self._file is not None:
            return True
        from hipcoach.private_files import open_private, private_folder

        private_folder(self.path.parent)
        # 0600, never through a symlink or onto a FIFO planted at the lock's name
        fd = open_private(self.path, os.O_RDWR | os.O_CREAT)
        handle = os.fdopen(fd, "a+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        # Byte 0 is the locked byte on Windows; the holder's details come after it.
        handle.write(f"\n{os.getpid()} {datetime.now().isoformat(timespec='seconds')}\n")
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is None:
            return
        try:
            _unlock(self._file)
        finally:
            self._file.close()
            self._file = None

    def holder(self) -> str:
        """'pid 1234 since 2024-03-05T18:30:00', as far as the lock file says."""
        try:
            with open(self.path, encoding="utf-8") as handle:
                handle.seek(1)
                parts = handle.read(200).split()
        except OSError:
            return ""
        if len(parts) >= 2 and parts[0].isdigit():
            return _("pid {pid} since {since}").format(pid=parts[0], since=parts[1])
        return ""

    def message(self) -> str:
        """What to tell the user when ``acquire`` said no."""
        who = self.holder()
        detail = f" ({who})" if who else ""
        return _("HipCoach is already running with the data in {folder}{detail}. Switch to that "
                 "window, or close it first.").format(folder=self.path.parent, detail=detail)

    def __enter__(self) -> InstanceLock:
        if not self.acquire():
            raise AlreadyRunning(self.message())
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class AlreadyRunning(StoreError):
    """Another HipCoach holds the data dir."""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

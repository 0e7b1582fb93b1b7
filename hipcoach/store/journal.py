"""The pending-writes journal: writes the database could not take, kept on disk.

``DATA_DIR/hipcoach.pending`` holds one JSON record per line, each with a CRC, in the
order the writes were made. The file is preallocated (``RESERVE`` bytes of zeros) while
there is room, and records are written *into* that space, so a set can still be kept
when the disk has since filled up. Every record is fsynced before the call returns.

Reading stops at the first zero byte or the first record whose CRC does not match (a
write cut short by a crash); such a torn tail is zeroed before the next record is
written. ``clear`` zeroes what was used, so the reserved space stays reserved.

One process at a time writes the journal: the first write (or ``claim``) takes an
exclusive ``flock`` on it, held until ``close``. Another process (a command run while
the app is open) sees the records but cannot add, replay or clear them
(``JournalBusy``), so two writers never interleave.

Standard library only.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from hipcoach.private_files import fsync_folder, open_private

JOURNAL_FILENAME = "hipcoach.pending"
RESERVE = 256 * 1024
_CHUNK = 64 * 1024


def journal_path(data_dir: Path) -> Path:
    return Path(data_dir) / JOURNAL_FILENAME


def _encode(record: dict[str, Any]) -> bytes:
    body = json.dumps(record, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    crc = zlib.crc32(body.encode("ascii"))
    return f"{crc:08x} {body}\n".encode("ascii")


def _decode(line: bytes) -> dict[str, Any] | None:
    try:
        text = line.decode("ascii")
        crc, body = text[:8], text[9:]
        if text[8] != " " or int(crc, 16) != zlib.crc32(body.encode("ascii")):
            return None
        record = json.loads(body)
    except (UnicodeDecodeError, ValueError, IndexError):
        return None
    return record if isinstance(record, dict) else None


class JournalBusy(OSError):
    """Another process holds the journal."""


class Journal:
    """Append-only, fsynced record of writes waiting for the database."""

    def __init__(self, path: Path, reserve: int = RESERVE) -> None:
        self.path = Path(path)
        self.reserve_bytes = reserve
        self._records: list[dict[str, Any]] = []
        self._end = 0  # byte offset after the last good record
        self._fd: int | None = None
        self._claimed = False
        if self.path.exists():
            self._load()

    # Reading -----------------------------------------------------------------------
    def _open(self) -> int:
        if self._fd is None:
            existed = self.path.exists()
            self._fd = open_private(self.path, os.O_RDWR | os.O_CREAT)
            if not existed:
                fsync_folder(self.path.parent)
        return self._fd

    def _load(self) -> None:
        fd = self._open()
        size = os.fstat(fd).st_size
        data = os.pread(fd, size, 0) if size else b""
        offset = 0
        records: list[dict[str, Any]] = []
        while offset < len(data) and data[offset] != 0:
            newline = data.find(b"\n", offset)
            if newline < 0:
                break
            record = _decode(data[offset:newline])
            if record is None:
                break
            records.append(record)
            offset = newline + 1
        self._records, self._end = records, offset
        dirt = len(data[offset:].rstrip(b"\x00"))
        if dirt and self._claimed:  # a torn record: zero it so reads stop at the right place
            os.pwrite(fd, b"\x00" * dirt, offset)
            os.fsync(fd)

    def claim(self) -> bool:
        """Take the journal for this process (non-blocking); False if another holds it."""
        if self._claimed:
            return True
        try:
            import fcntl
        except ImportError:  # pragma: no cover - non-POSIX: one process assumed
            self._claimed = True
            return True
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        self._claimed = True
        self._load()  # what the previous holder left, as it is now
        return True

    def _mine(self) -> None:
        if not self.claim():
            raise JournalBusy(0, "another HipCoach is using the pending-writes journal",
                              str(self.path))

    @property
    def records(self) -> list[dict[str, Any]]:
        return list(self._records)

    def __len__(self) -> int:
        return len(self._records)

    # Writing -----------------------------------------------------------------------
    def reserve(self) -> bool:
        """Preallocate the file while there is room; False if the disk said no."""
        try:
            self._mine()
            fd = self._open()
            if os.fstat(fd).st_size >= self.reserve_bytes:
                return True
            if hasattr(os, "posix_fallocate"):
                os.posix_fallocate(fd, 0, self.reserve_bytes)
            else:  # pragma: no cover - non-POSIX
                os.ftruncate(fd, self.reserve_bytes)
            os.fsync(fd)
        except OSError:
            return False
        return True

    def append(self, record: dict[str, Any]) -> None:
        """Write one record and fsync it; raises OSError when even that is impossible."""
        line = _encode(record)
        self._mine()
        fd = self._open()
        os.pwrite(fd, line, self._end)
        os.fsync(fd)
        self._end += len(line)
        self._records.append(record)

    def clear(self) -> None:
        """Forget every record (they are in the database now); keeps the reserved space."""
        if self._fd is None and not self.path.exists():
            return
        self._mine()
        fd = self._open()
        offset = 0
        while offset < self._end:
            size = min(_CHUNK, self._end - offset)
            os.pwrite(fd, b"\x00" * size, offset)
            offset += size
        os.fsync(fd)
        self._records, self._end = [], 0

    def close(self) -> None:
        """Let go of the journal (and its lock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._claimed = False

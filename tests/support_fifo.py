"""Waiting for a child process without sleeping: lines it writes to a named pipe, and
the moment it opens a file.

The test opens the pipe before the child starts (and keeps a write end of its own, so
the pipe never reads as closed); ``wait_for`` blocks in ``select`` until a line
arrives, the child exits, or the deadline passes.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


class LineFifo:
    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path, 0o600)
        self._read = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self._keep = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        self._buffer = b""
        self.lines: list[str] = []

    def _take(self) -> None:
        try:
            chunk = os.read(self._read, 65536)
        except BlockingIOError:
            return
        self._buffer += chunk
        *done, self._buffer = self._buffer.split(b"\n")
        self.lines += [line.decode() for line in done if line.strip()]

    def wait_for(self, found: Callable[[str], bool], process: subprocess.Popen[Any],
                 timeout: float = 60.0) -> str:
        """The first line (so far or to come) for which ``found`` is true."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for line in self.lines[seen:]:
                if found(line):
                    return line
            seen = len(self.lines)
            if process.poll() is not None:
                self._take()
                if len(self.lines) == seen:
                    raise AssertionError(f"the app exited ({process.returncode}) first")
                continue
            left = deadline - time.monotonic()
            assert left > 0, f"nothing matching within {timeout} s"
            ready, _, _ = select.select([self._read], [], [], min(left, 1.0))
            if ready:
                self._take()

    def close(self) -> None:
        os.close(self._read)
        os.close(self._keep)


def step_of(kind: str, after: int = 0) -> Callable[[str], bool]:
    """A trace line (``--trace``) of a step of ``kind`` past index ``after``."""
    def found(line: str) -> bool:
        step = json.loads(line)
        return step["kind"] == kind and (step.get("index") or 0) > after

    return found


class OpenWatch:
    """Blocks until a file is opened (Linux inotify, through libc): made before the
    child starts, so its open is never missed and nothing is polled."""

    IN_OPEN = 0x20

    def __init__(self, path: Path) -> None:
        import ctypes

        self._libc = ctypes.CDLL(None, use_errno=True)
        self._fd = self._libc.inotify_init1(os.O_NONBLOCK)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        if self._libc.inotify_add_watch(self._fd, os.fsencode(path), self.IN_OPEN) < 0:
            raise OSError(ctypes.get_errno(), f"cannot watch {path}")

    def wait(self, process: subprocess.Popen[Any], timeout: float = 30.0) -> bool:
        """True once the file was opened; False if the child ended (or time ran out)."""
        deadline = time.monotonic() + timeout
        while process.poll() is None:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self._fd], [], [], min(left, 0.5))
            if ready:
                return True
        return False

    def close(self) -> None:
        os.close(self._fd)

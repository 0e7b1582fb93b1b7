"""A spare aplay, started before it is needed and handed each cue through its input.

Starting aplay takes milliseconds (exec, reading ALSA's configuration, opening the
device), and a cue's process is started when its step is due: all of that came between
the deadline and the first sample. Instead one aplay waits, device open, on a pipe
(``aplay -t wav -``). A cue is written into that pipe whole. The next spare is started
by ``tend`` (the cue worker calls it between cues) once the cue is sounding — not at
once, where its start-up would compete with the cue's for the CPU — and the last spare
is stopped a minute after the last cue, so no device stays open between sessions.

The pipe is enlarged to hold a whole cue (Linux lets a user have 1 MiB; our cues are
under 100 KB), so writing never blocks the cue worker. A cue that does not fit is
written by a short-lived thread. A spare that died meanwhile (the device went away) is
replaced before the cue is written, so a cue is never lost to a dead spare, and so is
one started under another environment (ALSA reads its configuration at start).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import threading
import time
from pathlib import Path

COMMAND = ("aplay", "--quiet", "-t", "wav", "-")
REFILL_AFTER_S = 0.05  # the next spare starts this long after a cue
IDLE_S = 60.0  # and the spare stops this long after the last cue
PIPE_BYTES = 1 << 20  # what /proc/sys/fs/pipe-max-size allows a user by default
SET_PIPE_SIZE = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux


class SpareAplay:
    """Plays WAV files through a pre-started aplay; ``play`` returns its process."""

    def __init__(self, command: tuple[str, ...] = COMMAND) -> None:
        self.command = command
        self._spare: subprocess.Popen[bytes] | None = None
        self._spare_env: dict[str, str] = {}
        self._lock = threading.Lock()
        self._files: dict[Path, bytes] = {}  # cues repeat: read each file once
        self._last_cue: float | None = None  # monotonic; None: no cue for a while
        self._died_after: float | None = None  # a spare exited by itself after this cue

    def warm(self) -> None:
        """Start the spare now (so that even the first cue finds it waiting)."""
        with self._lock:
            self._last_cue = time.monotonic()
            if not self._ready(self._spare):
                self._drop(self._spare)
                self._spare = self._start()

    def tend(self) -> float | None:
        """Start the next spare, or stop it after a quiet minute, when either is due;
        returns the seconds until something is due again (None: nothing until a cue)."""
        with self._lock:
            if self._last_cue is None:
                return None
            since = time.monotonic() - self._last_cue
            if since >= IDLE_S:
                self._drop(self._spare)
                self._spare = self._last_cue = None
                return None
            if self._spare is not None and self._spare.poll() is not None:
                # it exited by itself (no device?): the next cue starts its own player and
                # reports why; no new spare until then, so a broken device is not retried
                self._drop(self._spare)
                self._spare = None
                self._died_after = self._last_cue
            if not self._ready(self._spare) and self._died_after != self._last_cue:
                if since < REFILL_AFTER_S:
                    return REFILL_AFTER_S - since
                self._drop(self._spare)
                self._spare = self._start()
            return IDLE_S - since

    def play(self, sound: str | Path) -> subprocess.Popen[bytes]:
        data = self._read(Path(sound))
        with self._lock:
            self._last_cue = time.monotonic()
            process = self._spare
            self._spare = None
            if not self._ready(process):
                self._drop(process)
                process = self._start()
            if not self._feed(process, data):  # it died between the check and the write
                process = self._start()
                self._feed(process, data)
        return process

    def close(self) -> None:
        with self._lock:
            spare, self._spare = self._spare, None
            self._last_cue = None
        self._drop(spare)

    def _ready(self, process: subprocess.Popen[bytes] | None) -> bool:
        return (process is not None and process.poll() is None
                and self._spare_env == os.environ)

    @staticmethod
    def _drop(process: subprocess.Popen[bytes] | None) -> None:
        if process is None:
            return
        with contextlib.suppress(OSError):
            process.kill()
        with contextlib.suppress(Exception):
            process.wait(timeout=1)

    def _read(self, path: Path) -> bytes:
        data = self._files.get(path)
        if data is None:
            data = path.read_bytes()
            if len(self._files) > 256:
                self._files.clear()
            self._files[path] = data
        return data

    def _start(self) -> subprocess.Popen[bytes]:
        self._spare_env = dict(os.environ)
        process = subprocess.Popen(self.command, stdin=subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert process.stdin is not None
        if SET_PIPE_SIZE is not None:
            with contextlib.suppress(OSError):  # a smaller pipe is written by a thread
                fcntl.fcntl(process.stdin.fileno(), SET_PIPE_SIZE, PIPE_BYTES)
        return process

    @staticmethod
    def _feed(process: subprocess.Popen[bytes], data: bytes) -> bool:
        """Write ``data`` into the process and close its input; False if it is gone."""
        pipe = process.stdin
        assert pipe is not None
        fd = pipe.fileno()
        try:
            os.set_blocking(fd, False)
            written = os.write(fd, data)
        except BlockingIOError:
            written = 0
        except OSError:  # BrokenPipeError: the spare had died
            with contextlib.suppress(OSError):
                pipe.close()
            return False
        if written == len(data):
            pipe.close()
            return True
        rest = data[written:]

        def write_rest() -> None:
            with contextlib.suppress(OSError):  # the cue was stopped: aplay is gone
                os.set_blocking(fd, True)
                view = memoryview(rest)
                while view:
                    view = view[os.write(fd, view):]
            with contextlib.suppress(OSError):
                pipe.close()

        threading.Thread(target=write_rest, name="hipcoach-cue-feed", daemon=True).start()
        return True

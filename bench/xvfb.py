"""A private Xvfb display for the benchmarks that measure pixels: real X frames, not
the offscreen platform's copy into memory. Without Xvfb they run offscreen and say so."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator


@contextlib.contextmanager
def virtual_display(size: str = "1280x800x24") -> Iterator[str]:
    """Start Xvfb on a free display and point Qt at it; yields the platform's name."""
    if not shutil.which("Xvfb") or os.environ.get("HIPCOACH_BENCH_OFFSCREEN"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        yield "offscreen (no Xvfb)"
        return
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size,
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    if not number:
        server.kill()
        server.wait()
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        yield "offscreen (Xvfb did not start)"
        return
    os.environ["DISPLAY"] = f":{number}"
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        yield f"xcb on Xvfb :{number}"
    finally:
        server.terminate()
        server.wait(10)

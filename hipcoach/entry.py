"""The process entry point of ``hipcoach`` and ``python -m hipcoach``: Ctrl+C at any
moment, even while Python is still loading the app or already shutting down, ends with
one line and status 130 (or the command's own status once its work is done), never a
traceback or a death by signal."""

from __future__ import annotations

import gc
import signal
import sys

INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl+C


def started() -> None:
    """Start-up is over: what it made (modules, classes, a parser, the first window) lives
    as long as the process. Frozen, the garbage collector no longer walks it, neither
    while the app or command runs nor when the process exits (a good part of a short
    command's time); from now on what the work makes is collected as usual."""
    gc.freeze()
    gc.enable()


def run() -> int:
    # Loading the app makes many objects and no garbage worth collecting: the collector
    # waits until ``started`` (a sub-command about to run, or the window's first frame).
    gc.disable()
    try:
        from hipcoach.cli import main

        code = main(started=started)
    except KeyboardInterrupt:
        print("hipcoach: stopped; nothing was changed", file=sys.stderr)
        code = INTERRUPTED
    # The work is done (or was stopped): an interrupt while the interpreter shuts down
    # would only turn the status into a death by SIGINT.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return code

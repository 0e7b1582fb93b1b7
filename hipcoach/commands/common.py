"""What the sub-commands share: --data-dir, the lock, one-line errors."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.i18n import _
from hipcoach.store.errors import StoreError

if TYPE_CHECKING:
    from hipcoach.store.instance import InstanceLock

Runner = Callable[[argparse.Namespace], int]


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR",
                        help=_("where the database lives (default: $HIPCOACH_DATA_DIR or the "
                               "per-user data dir)"))


def data_dir(args: argparse.Namespace) -> Path:
    from hipcoach.paths import data_dir as resolve

    return resolve(getattr(args, "data_dir", None))


def say(message: str) -> None:
    print(message, file=sys.stderr)


INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl+C


def guarded(command: str, body: Runner, args: argparse.Namespace) -> int:
    """Run ``body``; any failure becomes one line on stderr and exit status 1.

    Ctrl+C (and SIGTERM, turned into the same) stops it with one line and status 130:
    what was being written is one transaction, so it is all there or not at all.
    """
    import signal

    def _terminate(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread (tests): leave signals alone
        previous = None
    try:
        return body(args)
    except KeyboardInterrupt:
        say(_("hipcoach {command}: stopped; nothing half-done was kept").format(command=command))
        return INTERRUPTED
    except StoreError as exc:
        say(f"hipcoach {command}: {exc}")
    except sqlite3.Error as exc:
        say(_("hipcoach {command}: database error: {problem}").format(command=command,
                                                                      problem=exc))
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        say(f"hipcoach {command}: {exc.strerror or exc}{where}")
    except Exception as exc:  # noqa: BLE001 - no traceback reaches the user
        original = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
        if type(exc).__module__.startswith("sqlalchemy"):
            text = _("hipcoach {command}: database error: {problem}")
        else:
            text = _("hipcoach {command}: unexpected error ({kind}): {problem}")
        say(text.format(command=command, kind=type(exc).__name__, problem=original))
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 1


def locked(args: argparse.Namespace) -> InstanceLock:
    """The instance lock for a command that writes; AlreadyRunning if the app holds it.

    The caller releases it (``with locked(args):``).
    """
    from hipcoach.store.instance import AlreadyRunning, InstanceLock

    lock = InstanceLock(data_dir(args))
    if not lock.acquire():
        raise AlreadyRunning(lock.message())
    return lock

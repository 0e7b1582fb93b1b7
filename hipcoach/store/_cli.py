"""What the store's sub-commands share: --data-dir, the lock, one-line errors."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.store.errors import StoreError

if TYPE_CHECKING:
    from hipcoach.store.instance import InstanceLock

Runner = Callable[[argparse.Namespace], int]


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where the database lives (default: $HIPCOACH_DATA_DIR or the "
                        "per-user data dir)")


def data_dir(args: argparse.Namespace) -> Path:
    from hipcoach.paths import data_dir as resolve

    return resolve(getattr(args, "data_dir", None))


def say(message: str) -> None:
    print(message, file=sys.stderr)


def guarded(command: str, body: Runner, args: argparse.Namespace) -> int:
    """Run ``body``; any failure becomes one line on stderr and exit status 1."""
    try:
        return body(args)
    except StoreError as exc:
        say(f"hipcoach {command}: {exc}")
    except sqlite3.Error as exc:
        say(f"hipcoach {command}: database error: {exc}")
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        say(f"hipcoach {command}: {exc.strerror or exc}{where}")
    except Exception as exc:  # noqa: BLE001 - no traceback reaches the user
        original = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
        kind = "database error" if type(exc).__module__.startswith("sqlalchemy") else (
            f"unexpected error ({type(exc).__name__})")
        say(f"hipcoach {command}: {kind}: {original}")
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

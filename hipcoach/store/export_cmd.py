"""``hipcoach export --csv FILE``: the set log as CSV, one row per set (``-`` = stdout)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.store import database_path
from hipcoach.store._cli import add_data_dir, data_dir, guarded, say
from hipcoach.store.errors import StoreError

if TYPE_CHECKING:
    from hipcoach.store.entries import LoggedSet


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csv", required=True, metavar="FILE",
                        help="where to write the CSV ('-' for standard output)")
    add_data_dir(parser)


def _export(args: argparse.Namespace) -> int:
    from hipcoach.store.csvio import write_csv
    from hipcoach.store.engine import prepare_database

    folder = data_dir(args)
    if not database_path(folder).exists():
        raise StoreError(f"there is no HipCoach database in {folder} yet")
    with prepare_database(folder) as db:
        rows = db.store().export_rows()
        if args.csv == "-":
            count = write_csv(rows, sys.stdout)
            say(f"wrote {count} sets")
            return 0
        target = Path(args.csv).expanduser()
        if target.is_dir():
            raise StoreError(f"{target} is a folder; give a file name such as sets.csv")
        count = _write_file(rows, target)
    print(f"wrote {count} sets to {target}")
    return 0


def _write_file(rows: Iterable[tuple[str, str, LoggedSet]], target: Path) -> int:
    """Into a FIFO or terminal directly; else a private (0600) file, whole or not at all.
    An existing symbolic link is refused, never written through."""
    from hipcoach.private_files import check_output, private_temp, publish, writable_special
    from hipcoach.store.csvio import write_csv

    check_output(target)
    if writable_special(target):
        with open(target, "w", encoding="utf-8", newline="") as out:
            return write_csv(rows, out)
    partial = private_temp(target)
    try:
        with open(partial, "w", encoding="utf-8", newline="") as out:
            count = write_csv(rows, out)
        publish(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return count


def run(args: argparse.Namespace) -> int:
    return guarded("export", _export, args)

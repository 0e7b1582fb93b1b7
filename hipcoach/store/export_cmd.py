"""``hipcoach export --csv FILE``: the set log as CSV, one row per set (``-`` = stdout),
with each session's record (time exercised, planned and skipped sets)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from hipcoach.store import database_path
from hipcoach.store._cli import add_data_dir, data_dir, guarded, say
from hipcoach.store.errors import StoreError


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
        store = db.store()
        rows, records = store.export_rows(), store.export_record()
        if args.csv == "-":
            count = write_csv(rows, sys.stdout, records)
            say(f"wrote {count} sets")
            return 0
        target = Path(args.csv).expanduser()
        if target.is_dir():
            raise StoreError(f"{target} is a folder; give a file name such as sets.csv")
        fd, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                       suffix=".partial")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                count = write_csv(rows, out, records)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    print(f"wrote {count} sets to {target}")
    return 0


def run(args: argparse.Namespace) -> int:
    return guarded("export", _export, args)

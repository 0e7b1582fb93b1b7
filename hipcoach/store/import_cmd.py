"""``hipcoach import --csv FILE``: read a set log CSV back, all rows or none.

Every row is checked before anything is written; each bad one is reported with its line
number and then nothing is imported. Sessions already in the database (same programme,
stage and start) are updated rather than added twice.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hipcoach.store._cli import add_data_dir, data_dir, guarded, locked, say
from hipcoach.store.errors import StoreError

MAX_REPORTED = 1000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csv", required=True, metavar="FILE", help="the CSV file to read")
    add_data_dir(parser)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\rimporting sessions: {done}/{total}", end=end, file=sys.stderr, flush=True)


def _import(args: argparse.Namespace) -> int:
    from hipcoach.store.csvio import Names, read_csv_file

    source = Path(args.csv).expanduser()
    if not source.is_file():
        raise StoreError(f"no such file: {source}")
    folder = data_dir(args)
    history, problems = read_csv_file(source, Names.from_catalog(folder))
    if problems:
        for problem in problems[:MAX_REPORTED]:
            say(f"{source}: {problem}")
        if len(problems) > MAX_REPORTED:
            say(f"... and {len(problems) - MAX_REPORTED} more")
        bad = len(problems)
        say(f"hipcoach import: nothing was imported: {bad} bad row{'s' if bad != 1 else ''}")
        return 1
    from hipcoach.store.backup import make_backup
    from hipcoach.store.engine import prepare_database

    with locked(args), prepare_database(folder) as db:
        store = db.store()
        if history and store.session_count():
            make_backup(folder, "pre-import")
        store.add_history(history, merge=True, progress=_progress)
    sets = sum(len(h.sets) for h in history)
    print(f"imported {sets} sets in {len(history)} sessions from {source}")
    return 0


def run(args: argparse.Namespace) -> int:
    return guarded("import", _import, args)

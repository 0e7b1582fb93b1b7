"""``hipcoach check [--export FILE]``: is the database sound? Lists rows that break a rule.

A damaged file is moved aside and what can be read is recovered (the message says how
many sets came back); rows that break a rule are listed one per line and, with
``--export FILE``, written as CSV (table, row, rule, values) to look at or fix. Exit
status 0 when all is well, 1 when anything was found.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from hipcoach.commands.common import add_data_dir, data_dir, guarded, locked, say
from hipcoach.i18n import _, ngettext
from hipcoach.store import database_path
from hipcoach.store.errors import StoreError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--export", metavar="FILE",
                        help=_("write the rows that break a rule to FILE as CSV"))
    add_data_dir(parser)


def _check(args: argparse.Namespace) -> int:
    folder = data_dir(args)
    if not database_path(folder).exists():
        raise StoreError(_("there is no HipCoach database in {folder} yet").format(folder=folder))
    from hipcoach.store.engine import prepare_database  # the ORM, once there is a database

    with locked(args), prepare_database(folder) as db:  # moves aside and recovers damage
        bad = db.bad_rows
    if not bad:
        print(_("the database in {folder} is sound").format(folder=folder))
        return 0
    for row in bad:
        say(f"hipcoach check: {row}")
    if args.export:
        from hipcoach.private_files import atomic_write

        target = Path(args.export).expanduser()
        with atomic_write(target, newline="", replace_links=False) as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(("table", "row", "rule", "values"))
            for row in bad:
                writer.writerow((row.table, row.row_id, row.rule,
                                 json.dumps(row.values, ensure_ascii=False, default=str)))
        say(_("hipcoach check: wrote {count} rows to {target}").format(count=len(bad), target=target))

    count = len(bad)
    say(ngettext("hipcoach check: {n} row break a rule; the rest of the history is fine and "
                 "in use",
                 "hipcoach check: {n} rows break a rule; the rest of the history is fine and "
                 "in use", count).format(n=count))
    return 1


def run(args: argparse.Namespace) -> int:
    return guarded("check", _check, args)

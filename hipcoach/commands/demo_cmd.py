"""``hipcoach demo-data --weeks N``: fill the data dir with a synthetic history.

Refuses a database that already has sessions unless ``--force`` (which backs it up
first, then replaces its content in one transaction).
"""

from __future__ import annotations

import argparse

from hipcoach.cli_types import day
from hipcoach.commands.common import add_data_dir, data_dir, guarded, locked
from hipcoach.i18n import _
from hipcoach.store.errors import StoreError


def _weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a whole number of weeks, got {text!r}").format(
                                             text=text)) from None
    if not 1 <= value <= 520:
        raise argparse.ArgumentTypeError(_("expected between 1 and 520 weeks"))
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--weeks", type=_weeks, default=12, metavar="N",
                        help=_("how many weeks of history (default 12)"))
    parser.add_argument("--seed", type=int, default=1, help=_("random seed (default 1)"))
    parser.add_argument("--until", type=day, metavar="YYYY-MM-DD",
                        help=_("last day of the history (default yesterday)"))
    parser.add_argument("--force", action="store_true",
                        help=_("replace the sessions already there (a backup is made first)"))
    add_data_dir(parser)


def _demo(args: argparse.Namespace) -> int:
    from hipcoach.store.backup import make_backup
    from hipcoach.store.demo import DemoPlan, generate
    from hipcoach.store.engine import prepare_database

    folder = data_dir(args)
    with locked(args), prepare_database(folder) as db:
        store = db.store()
        existing = store.session_count()
        if existing and not args.force:
            raise StoreError(
                _("the database in {folder} already holds {existing} sessions; use --force to replace them "
                  "(a backup is made first)").format(folder=folder, existing=existing)
            )
        demo = generate(DemoPlan(weeks=args.weeks, seed=args.seed, until=args.until))
        backup = make_backup(folder, "pre-demo") if existing else None
        store.add_history(demo.sessions, replace=True)
    sets = sum(len(s.sets) for s in demo.sessions)
    print(_("added {count} sessions ({sets} sets) over {weeks} weeks to {path}").format(
              count=len(demo.sessions), sets=sets, weeks=args.weeks, path=db.path))
    if backup is not None:
        print(_("the {existing} sessions that were there are kept in {backup}").format(
                  existing=existing, backup=backup))
    return 0


def run(args: argparse.Namespace) -> int:
    return guarded("demo-data", _demo, args)

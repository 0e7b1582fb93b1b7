"""``hipcoach backup``: make a backup now (prints its path), ``--list`` or ``--restore FILE``."""

from __future__ import annotations

import argparse

from hipcoach.commands.common import add_data_dir, data_dir, guarded, locked, say
from hipcoach.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--list", action="store_true", help=_("list the backups, newest first"))
    group.add_argument("--restore", metavar="FILE",
                       help=_("replace the database with this backup (a path, or a name from --list); the "
                              "current one is kept as a backup first"))
    add_data_dir(parser)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _backup(args: argparse.Namespace) -> int:
    from hipcoach.store import backup

    folder = data_dir(args)
    if args.list:
        skipped: list[str] = []
        found = backup.list_backups(folder, skipped)
        for name in skipped:
            say(_("hipcoach backup: skipped {name}: its name is not a valid backup time stamp or it is not "
                  "a regular file").format(name=name))
        if not found:
            print(_("no backups in {folder}").format(folder=folder))
        for b in found:
            when = b.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
            print(f"{when}  {b.kind:<13} {_size(b.size):>8}  {b.path}")
        return 0
    if args.restore:
        from hipcoach.store.engine import prepare_database

        with locked(args):
            result = backup.restore(folder, args.restore)
            prepare_database(folder).close()
        print(_("restored {path}").format(path=result.restored_from))
        if result.previous is not None:
            print(_("the previous database was kept as {previous}").format(previous=result.previous))
        return 0
    print(backup.make_backup(folder, "manual"))
    return 0


def run(args: argparse.Namespace) -> int:
    return guarded("backup", _backup, args)

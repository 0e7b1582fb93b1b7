"""``hipcoach export --csv FILE``: the set log as CSV, one row per set (``-`` = stdout).

Each row also carries its session's record (time exercised, planned and skipped sets)
and check-ins, and the first row of a session the coach decisions based on it (from
coach-decisions.json), so an import gives the same history and the same plan.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from hipcoach.commands.common import add_data_dir, data_dir, guarded, say
from hipcoach.i18n import _
from hipcoach.store import database_path
from hipcoach.store.errors import StoreError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csv", required=True, metavar="FILE",
                        help=_("where to write the CSV ('-' for standard output)"))
    add_data_dir(parser)


if TYPE_CHECKING:
    from hipcoach.store.repo import Store


def session_checkins(store: Store) -> dict[int, dict[str, int]]:
    """Session id -> {check-in kind: pain}, from the check-ins and the sessions' own
    before / after columns (older sessions may have only those)."""
    from sqlalchemy import select

    from hipcoach.store.models import checkins_table, sessions_table

    found: dict[int, dict[str, int]] = {}
    s, c = sessions_table.c, checkins_table.c
    with store.engine.connect() as conn:
        for sid, before, after in conn.execute(select(s.id, s.pain_before, s.pain_after)):
            mine = found.setdefault(sid, {})
            if before is not None:
                mine["before"] = before
            if after is not None:
                mine["after"] = after
        for sid, kind, pain in conn.execute(select(c.session_id, c.kind, c.pain)):
            found.setdefault(sid, {})[kind] = pain
    return found


def session_decisions(folder: Path) -> dict[int, list[dict[str, Any]]]:
    """Session id -> the coach decisions based on it (a bad file gives none)."""
    from hipcoach.coach import decisions as decisions_mod

    out: dict[int, list[dict[str, Any]]] = {}
    for decision in decisions_mod.load(folder).decisions:
        if decision.based_on is not None:
            out.setdefault(decision.based_on, []).append(decision.to_json())
    return out


def _export(args: argparse.Namespace) -> int:
    folder = data_dir(args)
    if not database_path(folder).exists():
        raise StoreError(_("there is no HipCoach database in {folder} yet").format(folder=folder))
    from hipcoach.store.csvio import write_csv  # the ORM, once there is a database
    from hipcoach.store.engine import prepare_database

    with prepare_database(folder) as db:
        store = db.store()
        rows, records = store.export_rows(), store.export_record()
        extra = {"checkins": session_checkins(store), "decisions": session_decisions(folder)}
        if args.csv == "-":
            count = write_csv(rows, sys.stdout, records, **extra)
            say(_("wrote {count} sets").format(count=count))
            return 0
        target = Path(args.csv).expanduser()
        if target.is_dir():
            raise StoreError(_("{target} is a folder; give a file name such as sets.csv").format(
                                 target=target))
        count = _write_file(lambda out: write_csv(rows, out, records, **extra), target)
    print(_("wrote {count} sets to {target}").format(count=count, target=target))
    return 0


def _write_file(write: Callable[[TextIO], int], target: Path) -> int:
    """Into a FIFO or terminal directly; else a private (0600) file, whole or not at all.
    An existing symbolic link is refused, never written through."""
    from hipcoach.private_files import atomic_write, check_output, writable_special

    check_output(target)
    if writable_special(target):
        with open(target, "w", encoding="utf-8", newline="") as out:
            return write(out)
    with atomic_write(target, newline="", replace_links=False) as out:
        return write(out)


def run(args: argparse.Namespace) -> int:
    return guarded("export", _export, args)

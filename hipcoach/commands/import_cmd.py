"""``hipcoach import --csv FILE``: read a set log CSV back, all rows or none.

Every row is checked before anything is written; each bad one is reported with its line
number and then nothing is imported. Each session carries a stable identity, so a
session already in the database (imported before, or recorded here and exported) is
updated rather than added twice; two sessions that share a start time stay two. The
coach decisions a file carries are checked with the rows and recorded against the
imported sessions (a decision already recorded is not added again). ``--dry-run`` does
the whole import in a transaction that is rolled back and says what it would have done.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.commands.common import add_data_dir, data_dir, guarded, locked, say
from hipcoach.i18n import _, ngettext
from hipcoach.store.errors import StoreError

if TYPE_CHECKING:
    from hipcoach.coach.decisions import Decision
    from hipcoach.domain.entries import HistorySession

MAX_REPORTED = 1000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csv", required=True, metavar="FILE", help=_("the CSV file to read"))
    parser.add_argument("--dry-run", action="store_true",
                        help=_("check the file and say what would be imported; change nothing"))
    add_data_dir(parser)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        text = _("importing sessions: {done}/{total}").format(done=done, total=total)
        print("\r" + text, end=end, file=sys.stderr, flush=True)


def _decisions(history: list[HistorySession]) -> tuple[list[list[Decision]], list[str]]:
    """Each session's decisions, checked; the problems in words."""
    from hipcoach.coach.decisions import Decision

    out: list[list[Decision]] = []
    problems: list[str] = []
    for n, item in enumerate(history, 1):
        mine: list[Decision] = []
        for raw in item.decisions:
            try:
                mine.append(Decision.from_json({**raw, "based_on": None}))
            except ValueError as exc:
                problems.append(_("session {n} ({started_at:%Y-%m-%d}): a coach decision is not valid "
                                  "({exc})").format(n=n, started_at=item.started_at, exc=exc))
        out.append(mine)
    return out, problems


def _record(folder: Path, decided: list[list[Decision]], ids: list[int]) -> int:
    from dataclasses import replace

    from hipcoach.coach import decisions as decisions_mod

    if not any(decided):
        return 0
    known = decisions_mod.load(folder).decisions
    added = 0
    for mine, sid in zip(decided, ids, strict=True):
        for decision in mine:
            decision = replace(decision, based_on=sid)
            if decision not in known:
                known.append(decision)
                added += 1
    decisions_mod.save(folder, known)
    return added


def _import(args: argparse.Namespace) -> int:
    from hipcoach.store.csvio import Names, read_csv_file

    source = Path(args.csv).expanduser()
    if not source.exists():
        raise StoreError(_("no such file: {source}").format(source=source))
    folder = data_dir(args)
    history, problems = read_csv_file(source, Names.from_catalog(folder))
    decided, bad = _decisions(history)
    problems = [*problems, *bad]  # type: ignore[list-item]
    if problems:
        for problem in problems[:MAX_REPORTED]:
            say(f"{source}: {problem}")
        if len(problems) > MAX_REPORTED:
            say(_("... and {n} more").format(n=len(problems) - MAX_REPORTED))
        bad = len(problems)
        say(ngettext("hipcoach import: nothing was imported: {n} bad row",
                     "hipcoach import: nothing was imported: {n} bad rows", bad).format(n=bad))
        return 1
    from hipcoach.store.backup import make_backup
    from hipcoach.store.engine import prepare_database

    dry_run = bool(getattr(args, "dry_run", False))
    counts: dict[str, int] = {}
    with locked(args), prepare_database(folder) as db:
        store = db.store()
        if history and store.session_count() and not dry_run:
            make_backup(folder, "pre-import")
        ids = store.add_history(history, merge=True, progress=_progress, dry_run=dry_run,
                                counts=counts)
        if not dry_run:
            _record(folder, decided, ids)
    print(_summary(counts, source, dry_run))
    return 0


def _summary(counts: dict[str, int], source: Path, dry_run: bool) -> str:
    def many(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    new, known = counts.get("new_sessions", 0), counts.get("known_sessions", 0)
    added = counts.get("new_sets", 0)
    verb = "would import" if dry_run else "imported"
    text = f"{verb} {many(added, 'set')} in {many(new, 'session')} from {source}"
    if known:
        text += (f"; {many(known, 'session')} {'are' if dry_run else 'were'} already there"
                 " (not added again)")
    if dry_run:
        text += " (dry run: nothing was changed)"
    return text


def run(args: argparse.Namespace) -> int:
    return guarded("import", _import, args)

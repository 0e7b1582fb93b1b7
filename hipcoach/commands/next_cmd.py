"""``hipcoach next [--json] [--data-dir DIR] [--program ID] [--stage ID]``.

Prints the next session's prescription, one plain line per exercise saying why, then
the stage advice and the re-test reminder. ``--json`` prints one JSON object per line:
the safety state first (``"kind": "safety"``: any hold on progression and why, the
red flags answered yes, the clinician's clearance, ``needs_pain``), then each exercise
(``"kind": "exercise"``, with the numbers, the rule id and the line), then the stage
(``"kind": "stage"``), the deload week (``"kind": "deload"``) and the re-test
(``"kind": "retest"``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from hipcoach.cli_types import day
from hipcoach.coach.assessments import retest_due
from hipcoach.coach.safety import CLINICIAN_STATEMENT
from hipcoach.coach.service import Coached, coach_from
from hipcoach.format import weekday_text
from hipcoach.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    parser.add_argument("--data-dir", metavar="DIR",
                        help=_("where the database and settings live (default: "
                               "$HIPCOACH_DATA_DIR or the per-user data dir)"))
    parser.add_argument("--program", metavar="ID|FILE",
                        help=_("programme (default: the one of the last session)"))
    parser.add_argument("--stage", metavar="ID",
                        help=_("stage (default: the last session's, or the next when earned)"))
    parser.add_argument("--today", type=day, metavar="YYYY-MM-DD",
                        help=_("plan as if today were this date (previews, tests)"))


def coach_data_dir(data_dir: Path, *, program: str | None = None, stage: str | None = None,
                   today: date | None = None) -> Coached:
    """Open the data dir's database (if there is one) and plan; see ``coach_from``.

    A data dir without a database plans from no history (nothing is created).
    """
    from hipcoach.store import database_path

    if not database_path(data_dir).is_file():
        return coach_from(None, data_dir, program=program, stage=stage, today=today)
    from hipcoach.store.engine import prepare_database

    with prepare_database(data_dir, full_check=False) as db:
        return coach_from(db.store(), data_dir, program=program, stage=stage, today=today)


def _run(args: argparse.Namespace) -> int:
    from hipcoach.paths import data_dir as resolve_dir

    folder = resolve_dir(args.data_dir)
    try:
        coached = coach_data_dir(folder, program=args.program, stage=args.stage, today=args.today)
    except KeyError as exc:
        print(_("hipcoach next: unknown stage {stage!r}").format(stage=exc.args[0]),
              file=sys.stderr)
        return 1
    for problem in coached.problems:
        print(f"hipcoach next: {problem}", file=sys.stderr)
    plan = coached.plan
    if args.json:
        print(json.dumps(coached.safety))
        for p in plan.prescriptions:
            print(json.dumps(p.to_json()))
        print(json.dumps(plan.stage_advice.to_json()))
        d = plan.deload
        print(json.dumps({
            "kind": "deload", "active": d.active, "reason": d.reason, "week": d.week,
            "until": d.until.isoformat() if d.until else None,
            "next": d.next_scheduled.isoformat() if d.next_scheduled else None,
            "line": d.line(plan.config.deload_cut),
        }))
        print(json.dumps({
            "kind": "retest",
            "due": retest_due(coached.last_retest, plan.day, plan.config.retest_every_days),
            "last": coached.last_retest.isoformat() if coached.last_retest else None,
            "line": coached.retest_line,
        }))
        return 0
    print(_("Next session: {program} — {stage} ({day})").format(
        program=plan.program.name, stage=plan.stage.name, day=weekday_text(plan.day)))
    for line in coached.lines():
        print(line)
    print(_(CLINICIAN_STATEMENT))
    return 0


def run(args: argparse.Namespace) -> int:
    from hipcoach.commands.common import guarded
    from hipcoach.program.catalog import UnknownProgram
    from hipcoach.program.loader import ProgramError

    def body(ns: argparse.Namespace) -> int:
        try:
            return _run(ns)
        except (ProgramError, UnknownProgram) as exc:
            print(f"hipcoach next: {exc}", file=sys.stderr)
            return 1

    return guarded("next", body, args)

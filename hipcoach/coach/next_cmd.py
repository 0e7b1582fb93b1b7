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
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipcoach.coach.assessments import retest_due, retest_reminder
from hipcoach.coach.history import SessionLog
from hipcoach.coach.prescribe import NextPlan, plan_next
from hipcoach.coach.rules import CoachConfig
from hipcoach.coach.safety import CLINICIAN_STATEMENT, intake_summary, movement_pattern
from hipcoach.program.model import Program

if TYPE_CHECKING:
    from hipcoach.store.repo import Store

DEFAULT_PROGRAM = "hip-extension"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2025-03-05, got {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where the database and settings live (default: "
                        "$HIPCOACH_DATA_DIR or the per-user data dir)")
    parser.add_argument("--program", metavar="ID|FILE",
                        help="programme (default: the one of the last session)")
    parser.add_argument("--stage", metavar="ID",
                        help="stage (default: the last session's, or the next when earned)")
    parser.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                        help="plan as if today were this date (previews, tests)")


@dataclass(slots=True)
class Coached:
    """Everything ``next`` (and the start screen) shows, gathered from a data dir."""

    plan: NextPlan
    last_retest: date | None
    retest_line: str
    problems: list[str] = field(default_factory=list)
    red_flag_message: str | None = None
    intake_line: str | None = None
    safety: dict[str, Any] = field(default_factory=dict)  # the "safety" JSON object

    screen_due: bool = False  # show the safety screen now (F1 or F2 holds)

    @property
    def needs_pain(self) -> str | None:
        """Why the end screen must ask for pain (None: it need not)."""
        return self.plan.needs_pain

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.red_flag_message:
            out.append(self.red_flag_message)
        out.extend(self.plan.lines())
        out.append(self.retest_line)
        if self.intake_line:
            out.append(self.intake_line)
        return out


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


def coach_from(store: Store | None, data_dir: Path | None, *, program: str | None = None,
               stage: str | None = None, today: date | None = None) -> Coached:
    """Settings, profile and decisions from ``data_dir``, history from ``store``, and plan.

    For the app: call it on the store's worker thread with the open ``Store``. Raises
    ProgramError / UnknownProgram for a bad ``program``, KeyError for an unknown stage.
    """
    from hipcoach import settings as settings_mod
    from hipcoach.coach import decisions as decisions_mod
    from hipcoach.coach import profile as profile_mod
    from hipcoach.coach.equipment import Equipment
    from hipcoach.coach.profile import LoadedProfile, Profile
    from hipcoach.program.catalog import resolve

    today = today or date.today()
    problems: list[str] = []
    if data_dir is not None:
        loaded = settings_mod.load(data_dir)
        prof = profile_mod.load(data_dir)
        decided = decisions_mod.load(data_dir)
        problems = [*loaded.problems, *prof.problems, *decided.problems]
        config = CoachConfig.from_settings(loaded.settings)
        decisions = decided.decisions
        problems += Equipment.from_settings(loaded.settings)[1]
    else:
        prof, config, decisions = LoadedProfile(Profile()), CoachConfig(), []

    history: list[SessionLog] = []
    last_retest: date | None = None
    program_id = program
    if store is not None:
        from hipcoach.coach.history import latest_program_id, load_history, local_day
        from hipcoach.store.assessments import AssessmentStore

        if program_id is None:
            program_id = latest_program_id(store)
        until = datetime.combine(today, time.max).astimezone()
        history = load_history(store, now=until)
        taken = AssessmentStore(store.engine).last_taken_at()
        last_retest = local_day(taken) if taken else None
    if program is None and program_id is not None:
        try:
            chosen: Program = resolve(program_id, data_dir)
        except Exception as exc:  # noqa: BLE001 - fall back to the default programme
            problems.append(f"the last session's programme cannot be used ({exc}); "
                            f"planning {DEFAULT_PROGRAM}")
            chosen = resolve(DEFAULT_PROGRAM, data_dir)
    else:
        chosen = resolve(program_id or DEFAULT_PROGRAM, data_dir)
    intake = prof.profile.intake
    plan = plan_next(chosen, history, today=today, config=config, stage_id=stage,
                     decisions=decisions, usual_pain=intake.usual_pain, intake=intake,
                     profile=prof.profile)
    advice = prof.profile.advice()
    profile = prof.profile
    safety = {
        "kind": "safety", "hold": plan.hold is not None, "line": plan.hold,
        "flagged": list(advice.flagged), "unanswered": list(advice.unanswered),
        "screened_on": profile.screened_on.isoformat() if profile.screened_on else None,
        "cleared_on": profile.cleared_on.isoformat() if profile.cleared_on else None,
        "deferred_on": profile.deferred_on.isoformat() if profile.deferred_on else None,
        "needs_pain": plan.needs_pain,
        "screen_due": profile.screen_due(today, last_flare=plan.last_flare)
        or bool(advice.flagged and profile.cleared_on is None),
    }
    return Coached(
        plan=plan,
        last_retest=last_retest,
        retest_line=retest_reminder(last_retest, today, config.retest_every_days),
        problems=problems,
        red_flag_message=advice.message if advice.see_clinician else None,
        intake_line=intake_summary(intake) if movement_pattern(intake) != "unclear" else None,
        safety=safety,
        screen_due=safety["screen_due"],
    )


def _run(args: argparse.Namespace) -> int:
    from hipcoach.paths import data_dir as resolve_dir

    folder = resolve_dir(args.data_dir)
    try:
        coached = coach_data_dir(folder, program=args.program, stage=args.stage, today=args.today)
    except KeyError as exc:
        print(f"hipcoach next: unknown stage {exc.args[0]!r}", file=sys.stderr)
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
    print(f"Next session: {plan.program.name} — {plan.stage.name} ({plan.day:%a %d %b %Y})")
    for line in coached.lines():
        print(line)
    print(CLINICIAN_STATEMENT)
    return 0


def run(args: argparse.Namespace) -> int:
    from hipcoach.program.catalog import UnknownProgram
    from hipcoach.program.loader import ProgramError
    from hipcoach.store._cli import guarded

    def body(ns: argparse.Namespace) -> int:
        try:
            return _run(ns)
        except (ProgramError, UnknownProgram) as exc:
            print(f"hipcoach next: {exc}", file=sys.stderr)
            return 1

    return guarded("next", body, args)

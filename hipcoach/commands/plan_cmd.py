"""``hipcoach plan PROGRAMME [--stage ID] [--json] [--coached]``: the steps a stage makes.

With ``--coached`` the stage is the one today's plan plays (the coach's numbers applied,
the same ``StagePlan`` the start screen shows and the player runs); without it, the
programme as written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hipcoach.format import clock_text
from hipcoach.paths import data_dir
from hipcoach.program.catalog import UnknownProgram, resolve
from hipcoach.program.loader import ProgramError
from hipcoach.program.model import Program
from hipcoach.session.timeline import Timeline, compile_stage


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("program", metavar="PROGRAMME", help="programme id or TOML file")
    parser.add_argument("--stage", metavar="ID", help="stage id (default: the first)")
    parser.add_argument("--json", action="store_true", help="one JSON object per step")
    parser.add_argument("--data-dir", metavar="DIR", help="data dir holding user programmes")
    parser.add_argument("--coached", action="store_true",
                        help="today's plan: the coach's numbers from the training history "
                        "(without --stage: the stage the coach proposes)")


def _coached_timeline(program: Program, stage_id: str | None, folder: Path) -> Timeline:
    """Today's plan for ``program`` from the data folder's history and settings."""
    from hipcoach.app.today import today_plan
    from hipcoach.store import database_path

    if not database_path(folder).is_file():
        return today_plan(None, folder, program.id).stage_plan(stage_id).timeline
    from hipcoach.store.engine import prepare_database

    with prepare_database(folder, full_check=False) as db:
        return today_plan(db.store(), folder, program.id).stage_plan(stage_id).timeline


def run(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    try:
        program = resolve(args.program, folder)
    except (ProgramError, UnknownProgram) as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        stage = program.get_stage(args.stage)
    except KeyError:
        valid = ", ".join(s.id for s in program.stage)
        print(f"unknown stage {args.stage!r} in {program.id}; available: {valid}", file=sys.stderr)
        return 1
    if args.coached:
        from hipcoach.commands.common import guarded

        found: list[Timeline] = []

        def body(_ns: argparse.Namespace) -> int:
            found.append(_coached_timeline(program, args.stage, folder))
            return 0

        status = guarded("plan", body, args)
        if status:
            return status
        timeline = found[0]
    else:
        timeline = compile_stage(program, stage)
    if args.json:
        for step in timeline.steps:
            print(json.dumps(step.plan_record()))
        return 0
    print(f"{program.name} — {timeline.stage.name}{' (today’s plan)' if args.coached else ''}")
    for step in timeline.steps:
        where = " ".join(
            part
            for part in (
                step.exercise,
                f"set {step.set}/{step.sets}" if step.set else "",
                f"rep {step.rep}" if step.rep else "",
                step.side or "",
            )
            if part
        )
        print(f"{clock_text(step.t):>8}  {step.duration:6.1f}s  {step.kind:<11} "
              f"{step.label:<13} {where}")
    plural = "s" if timeline.waits != 1 else ""
    waits = f" (+ {timeline.waits} self-paced step{plural})" if timeline.waits else ""
    print(f"Total: {clock_text(timeline.total)}{waits}")
    return 0

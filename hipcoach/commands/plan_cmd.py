"""``hipcoach plan PROGRAMME [--stage ID] [--json] [--coached]``: the steps a stage makes.

With ``--coached`` the stage is the one today's plan plays (the coach's numbers applied,
the same ``StagePlan`` the start screen shows and the player runs); without it, the
programme as written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hipcoach.format import clock_text
from hipcoach.i18n import N_, _, ngettext
from hipcoach.paths import data_dir
from hipcoach.program.catalog import UnknownProgram, resolve
from hipcoach.program.loader import ProgramError
from hipcoach.program.model import Program
from hipcoach.session.timeline import Timeline, compile_stage


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("program", metavar="PROGRAMME", help=_("programme id or TOML file"))
    parser.add_argument("--stage", metavar="ID", help=_("stage id (default: the first)"))
    parser.add_argument("--json", action="store_true", help=_("one JSON object per step"))
    parser.add_argument("--data-dir", metavar="DIR", help=_("data dir holding user programmes"))
    parser.add_argument("--coached", action="store_true",
                        help=_("today's plan: the coach's numbers from the training history "
                               "(without --stage: the stage the coach proposes)"))


# The kind column in the user's language (the JSON keeps the kind itself).
STEP_KIND_WORDS = {
    "countdown": N_("countdown"), "work": N_("work"), "rep_phase": N_("rep_phase"),
    "hold": N_("hold"), "rest": N_("rest"), "switch_side": N_("switch_side"), "wait": N_("wait"),
}


def side_word(side: str) -> str:
    return {"left": _("left"), "right": _("right")}.get(side, side)


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
        print(_("unknown stage {stage!r} in {program}; available: {valid}").format(
            stage=args.stage, program=program.id, valid=valid), file=sys.stderr)
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
        import json

        for step in timeline.steps:
            print(json.dumps(step.plan_record()))
        return 0
    title = _("{program} — {stage} (today’s plan)") if args.coached else "{program} — {stage}"
    print(title.format(program=program.name, stage=timeline.stage.name))
    for step in timeline.steps:
        where = " ".join(
            part
            for part in (
                step.exercise,
                _("set {set}/{sets}").format(set=step.set, sets=step.sets) if step.set else "",
                _("rep {rep}").format(rep=step.rep) if step.rep else "",
                side_word(step.side) if step.side else "",
            )
            if part
        )
        kind = _(STEP_KIND_WORDS.get(step.kind, step.kind))
        print(f"{clock_text(step.t):>8}  {step.duration:6.1f}s  {kind:<11} "
              f"{step.label:<13} {where}")
    if timeline.waits:
        total = ngettext("Total: {time} (+ {n} self-paced step)",
                         "Total: {time} (+ {n} self-paced steps)", timeline.waits)
    else:
        total = _("Total: {time}")
    print(total.format(time=clock_text(timeline.total), n=timeline.waits))
    return 0

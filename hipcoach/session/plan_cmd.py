"""``hipcoach plan PROGRAMME [--stage ID] [--json]``: the steps a stage makes, with times."""

from __future__ import annotations

import argparse
import json
import sys

from hipcoach.paths import data_dir
from hipcoach.program.catalog import UnknownProgram, resolve
from hipcoach.program.loader import ProgramError
from hipcoach.session.format import clock_text
from hipcoach.session.timeline import compile_stage


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("program", metavar="PROGRAMME", help="programme id or TOML file")
    parser.add_argument("--stage", metavar="ID", help="stage id (default: the first)")
    parser.add_argument("--json", action="store_true", help="one JSON object per step")
    parser.add_argument("--data-dir", metavar="DIR", help="data dir holding user programmes")


def run(args: argparse.Namespace) -> int:
    try:
        program = resolve(args.program, data_dir(args.data_dir))
    except (ProgramError, UnknownProgram) as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        stage = program.get_stage(args.stage)
    except KeyError:
        valid = ", ".join(s.id for s in program.stage)
        print(f"unknown stage {args.stage!r} in {program.id}; available: {valid}", file=sys.stderr)
        return 1
    timeline = compile_stage(program, stage)
    if args.json:
        for step in timeline.steps:
            print(json.dumps(step.plan_record()))
        return 0
    print(f"{program.name} — {stage.name}")
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

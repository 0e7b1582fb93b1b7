"""``hipcoach validate FILE...``: check programme files, one clear line per problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hipcoach.i18n import _, ngettext
from hipcoach.program.loader import ProgramError, load_program


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("programme TOML files"))


def run(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        try:
            program = load_program(Path(name))
        except ProgramError as exc:
            print(exc.problem, file=sys.stderr)
            status = 1
            continue
        stages = len(program.stage)
        print(ngettext("{name}: ok ({program}, {n} stage)", "{name}: ok ({program}, {n} stages)",
                       stages).format(name=name, program=program.name, n=stages))
    return status

"""The one entry point: the app by default, sub-commands for everything else.

Each sub-command lives in its own module and is imported only when asked for, so
starting the app pulls in nothing it does not need. No traceback reaches the user: bad
input gives one clear line and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

# name -> (module, help); each module has ``add_arguments(parser)`` and ``run(args) -> int``
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("hipcoach.program.validate_cmd", "check programme files"),
    "plan": ("hipcoach.session.plan_cmd", "print the session a programme stage makes"),
    "sound-check": ("hipcoach.audio.soundcheck_cmd", "play a cue and say which player played it"),
    "backup": ("hipcoach.store.backup_cmd", "make a database backup now, or restore one"),
    "export": ("hipcoach.store.export_cmd", "write the set log as CSV"),
    "import": ("hipcoach.store.import_cmd", "read a set log CSV back in"),
    "check": ("hipcoach.store.check_cmd", "check the database; list rows that break a rule"),
    "demo-data": ("hipcoach.store.demo_cmd", "fill the data dir with a synthetic history"),
    "report": ("hipcoach.report.report_cmd", "print a session summary or a clinician report to PDF"),
    "next": ("hipcoach.coach.next_cmd", "print the next session's prescription and why"),
    "chart": ("hipcoach.ui.charts_cmd", "write a progress chart as PNG"),
}


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.01 <= value <= 1000:
        raise argparse.ArgumentTypeError("expected a factor between 0.01 and 1000")
    return value


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hipcoach",
        description="A guided hip-extension programme player. "
        f"Sub-commands: {', '.join(SUBCOMMANDS)} (hipcoach COMMAND --help).",
    )
    parser.add_argument("--program", metavar="ID|FILE", help="programme to open")
    parser.add_argument("--stage", metavar="ID", help="stage of the programme")
    parser.add_argument("--start", action="store_true", help="begin the session at once")
    parser.add_argument("--speed", type=_positive_float, default=1.0, metavar="FACTOR",
                        help="run the session clock FACTOR times faster (previews, demos)")
    parser.add_argument("--data-dir", metavar="DIR", help="where the database and settings live")
    parser.add_argument("--trace", metavar="FILE",
                        help="append one JSON line per transition (planned vs shown)")
    parser.add_argument("--resume", action="store_true",
                        help="pick up an interrupted session without asking")
    parser.add_argument("--auto-log", action="store_true",
                        help="log each set as prescribed without asking")
    parser.add_argument("--quit-when-done", action="store_true",
                        help="close the app when the session ends (scripted runs)")
    parser.add_argument("--theme", choices=["system", "light", "dark"], default=None,
                        help="colour palette")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version_text()}")
    return parser


def version_text() -> str:
    from hipcoach import __version__

    return __version__


def _run_subcommand(name: str, argv: Sequence[str]) -> int:
    module_name, help_text = SUBCOMMANDS[name]
    module = importlib.import_module(module_name)
    parser = argparse.ArgumentParser(prog=f"hipcoach {name}", description=help_text)
    module.add_arguments(parser)
    args = parser.parse_args(argv)
    runner: Callable[[argparse.Namespace], int] = module.run
    return runner(args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            return _run_subcommand(argv[0], argv[1:])
        args = gui_parser().parse_args(argv)
        from hipcoach.ui.launch import launch

        return launch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

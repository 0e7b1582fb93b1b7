"""The one entry point: the app by default, sub-commands for everything else.

Each sub-command lives in its own module and is imported only when asked for, so
starting the app pulls in nothing it does not need. No traceback reaches the user: bad
input gives one clear line and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from hipcoach.i18n import N_, _

# name -> (module, help); each module has ``add_arguments(parser)`` and ``run(args) -> int``
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("hipcoach.commands.validate_cmd", N_("check programme files")),
    "plan": ("hipcoach.commands.plan_cmd", N_("print the session a programme stage makes")),
    "sound-check": ("hipcoach.commands.soundcheck_cmd", N_("play a cue and say which player played it")),
    "backup": ("hipcoach.commands.backup_cmd", N_("make a database backup now, or restore one")),
    "export": ("hipcoach.commands.export_cmd", N_("write the set log as CSV")),
    "import": ("hipcoach.commands.import_cmd", N_("read a set log CSV back in")),
    "check": ("hipcoach.commands.check_cmd", N_("check the database; list rows that break a rule")),
    "demo-data": ("hipcoach.commands.demo_cmd", N_("fill the data dir with a synthetic history")),
    "report": ("hipcoach.commands.report_cmd", N_("print a session summary or a clinician report to PDF")),
    "next": ("hipcoach.commands.next_cmd", N_("print the next session's prescription and why")),
    "chart": ("hipcoach.commands.charts_cmd", N_("write a progress chart as PNG")),
    "desktop": ("hipcoach.desktop.desktop_cmd",
                N_("put HipCoach in the application menu (icons, man page), or take it out")),
}


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a number, got {text!r}").format(text=text)) from None
    if not 0.01 <= value <= 1000:
        raise argparse.ArgumentTypeError(_("expected a factor between 0.01 and 1000"))
    return value


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hipcoach",
        description=_("A guided hip-extension programme player. Without a command it opens "
                      "the window."),
        epilog=commands_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--program", metavar="ID|FILE", help=_("programme to open"))
    parser.add_argument("--stage", metavar="ID", help=_("stage of the programme"))
    parser.add_argument("--start", action="store_true", help=_("begin the session at once"))
    parser.add_argument("--speed", type=_positive_float, default=1.0, metavar="FACTOR",
                        help=_("run the session clock FACTOR times faster (previews, demos)"))
    parser.add_argument("--data-dir", metavar="DIR", help=_("where the database and settings live"))
    parser.add_argument("--trace", metavar="FILE",
                        help=_("append one JSON line per transition (planned vs shown)"))
    parser.add_argument("--resume", action="store_true",
                        help=_("pick up an interrupted session without asking"))
    parser.add_argument("--auto-log", action="store_true",
                        help=_("log each set as prescribed without asking"))
    parser.add_argument("--quit-when-done", action="store_true",
                        help=_("close the app when the session ends (scripted runs)"))
    parser.add_argument("--theme", choices=["system", "light", "dark"], default=None,
                        help=_("colour palette"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {version_text()}",
                        help=_("show the version and exit"))
    return parser


def commands_text() -> str:
    """The sub-commands, one line each, for the end of ``hipcoach --help``."""
    width = max(map(len, SUBCOMMANDS)) + 2
    lines = [f"  {name:<{width}}{_(help_text)}" for name, (_module, help_text) in SUBCOMMANDS.items()]
    return _("commands (hipcoach COMMAND --help tells more):") + "\n" + "\n".join(lines)


def version_text() -> str:
    from hipcoach import __version__

    return __version__


def subcommand_parser(name: str) -> tuple[argparse.ArgumentParser, Callable[[argparse.Namespace], int]]:
    """The argument parser of a sub-command and the function that runs it."""
    module_name, help_text = SUBCOMMANDS[name]
    module = importlib.import_module(module_name)
    parser = argparse.ArgumentParser(prog=f"hipcoach {name}", description=_(help_text))
    module.add_arguments(parser)
    return parser, module.run


def _run_subcommand(name: str, argv: Sequence[str],
                    started: Callable[[], None] | None = None) -> int:
    parser, runner = subcommand_parser(name)
    args = parser.parse_args(argv)
    if started is not None:
        started()
    return runner(args)


def _use_language(argv: list[str]) -> None:
    """The language setting of the data dir named on the command line (or the default).

    Without a settings file (a new data dir) there is nothing to read: the settings
    module and its JSON decoder are not even loaded, which a command's start-up feels.
    """
    from hipcoach import i18n, paths

    override = None
    for index, item in enumerate(argv):
        if item == "--data-dir" and index + 1 < len(argv):
            override = argv[index + 1]
        elif isinstance(item, str) and item.startswith("--data-dir="):
            override = item.split("=", 1)[1]
    setting = "system"  # the locale decides: the default setting, or a file not readable
    try:
        folder = paths.data_dir(override)
        if os.path.lexists(paths.settings_file(folder)):
            from hipcoach import settings

            setting = settings.load(folder).settings.language
    except OSError:
        pass
    i18n.use(setting)


def main(argv: Sequence[str] | None = None, *,
         started: Callable[[], None] | None = None) -> int:
    """Run a sub-command, or the app. ``started`` is called once a sub-command is loaded
    and its arguments are read, just before it runs, or once the app's first frame is
    painted (``hipcoach.entry``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        _use_language(argv)
        if argv and argv[0] in SUBCOMMANDS:
            return _run_subcommand(argv[0], argv[1:], started)
        args = gui_parser().parse_args(argv)
        args.argv = argv  # a second start hands these to the running instance
        from hipcoach.ui.launch import launch

        return launch(args, gui_parser, painted=started)
    except KeyboardInterrupt:  # before a command began its work (a command says its own line)
        print(_("hipcoach: stopped; nothing was changed"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""hipcoach(1), generated from the argument parsers so it never disagrees with ``--help``."""

from __future__ import annotations

import argparse
from datetime import date

from hipcoach import __version__


def _escape(text: str) -> str:
    """Text safe inside a roff line: backslashes, and a leading dot or quote."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def _usage_of(action: argparse.Action) -> str:
    if not action.option_strings:
        return action.metavar or action.dest.upper()
    names = ", ".join(action.option_strings)
    if action.nargs == 0:
        return names
    metavar = action.metavar or action.dest.upper()
    if isinstance(metavar, tuple):
        metavar = " ".join(metavar)
    return f"{names} {metavar}"


def _options(parser: argparse.ArgumentParser, with_help: bool = False) -> list[str]:
    lines: list[str] = []
    for action in parser._actions:  # argparse offers no public walk
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                lines += [".TP", f".B {_escape(name)}", _escape(sub.description or "")]
                lines += _options(sub)
            continue
        if action.help == argparse.SUPPRESS or (
                isinstance(action, argparse._HelpAction) and not with_help):
            continue
        help_text = (action.help or "").replace("%(prog)s", parser.prog)
        if action.choices and not isinstance(action.choices, dict):
            help_text += f" (one of: {', '.join(map(str, action.choices))})"
        lines += [".TP", f".B {_escape(_usage_of(action))}", _escape(help_text)]
    return lines


def _synopsis(parser: argparse.ArgumentParser) -> str:
    usage = parser.format_usage().removeprefix("usage: ").strip()
    return " ".join(usage.split())


def render(today: date | None = None) -> str:
    """The whole man page in roff (in English: it is installed as man/man1)."""
    from hipcoach import i18n

    with i18n.using("en"):
        return _render(today)


def _render(today: date | None) -> str:
    from hipcoach.cli import SUBCOMMANDS, gui_parser, subcommand_parser

    main = gui_parser()
    stamp = (today or date.today()).isoformat()
    lines = [
        f'.TH HIPCOACH 1 "{stamp}" "HipCoach {__version__}" "User Commands"',
        ".SH NAME",
        "hipcoach \\- a guided, paced player for a progressive hip\\-extension programme",
        ".SH SYNOPSIS",
        f".B {_escape(_synopsis(main))}",
        ".br",
        ".B hipcoach",
        ".I COMMAND",
        "[options]",
        ".SH DESCRIPTION",
        _escape(main.description or ""),
        "It paces every rep by its tempo, speaks its cues, logs each set to a local database "
        "and suggests what to do next time. It does not replace advice from a clinician.",
        ".SH OPTIONS",
        *_options(main, with_help=True),
        ".SH COMMANDS",
    ]
    for name in SUBCOMMANDS:
        parser, _run = subcommand_parser(name)
        lines += [".SS " + _escape(f"hipcoach {name}"), _escape(parser.description or ""),
                  ".PP", ".B " + _escape(_synopsis(parser)), *_options(parser)]
    lines += [
        ".SH ENVIRONMENT",
        ".TP",
        ".B HIPCOACH_DATA_DIR",
        "Keep the database, settings, backups, cache and logs in this one folder, as "
        "\\-\\-data\\-dir does.",
        ".SH FILES",
        "Without \\-\\-data\\-dir, the database and backups are kept in the per\\-user data "
        "folder (~/.local/share/HipCoach), settings in the config folder "
        "(~/.config/HipCoach), scaled sounds in the cache folder (~/.cache/HipCoach) and "
        "logs in the state folder (~/.local/state/HipCoach/log).",
    ]
    return "\n".join(lines) + "\n"

"""``hipcoach desktop install|uninstall [--user | --prefix DIR]``: the application menu."""

from __future__ import annotations

import argparse
import sys

from hipcoach.desktop.install import InstallError, install, uninstall


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="install|uninstall")
    for name, text in (
        ("install", "add the menu entry, AppStream metainfo, icons and man page"),
        ("uninstall", "remove what install added"),
    ):
        sub = actions.add_parser(name, help=text, description=text)
        where = sub.add_mutually_exclusive_group()
        where.add_argument("--user", action="store_true",
                           help="for you only, in $XDG_DATA_HOME or ~/.local/share (the default)")
        where.add_argument("--prefix", metavar="DIR",
                           help="under DIR/share, e.g. /usr/local for everyone (needs the rights)")


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "install":
            outcome = install(args.prefix)
            verb = "installed"
        else:
            outcome = uninstall(args.prefix)
            verb = "removed"
    except InstallError as exc:
        print(f"hipcoach desktop: {exc}", file=sys.stderr)
        return 1
    if not outcome.changed:
        print(f"nothing of HipCoach's was installed in {outcome.share}")
        return 0
    for path in outcome.changed:
        print(f"{verb} {path}")
    for note in outcome.notes:
        print(note)
    return 0

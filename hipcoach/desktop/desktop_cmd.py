"""``hipcoach desktop install|uninstall [--user | --prefix DIR]``: the application menu."""

from __future__ import annotations

import argparse
import sys

from hipcoach.desktop.install import InstallError, install, uninstall
from hipcoach.i18n import N_, _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="install|uninstall")
    for name, text in (
        ("install", N_("add the menu entry, AppStream metainfo, icons and man page")),
        ("uninstall", N_("remove what install added")),
    ):
        sub = actions.add_parser(name, help=_(text), description=_(text))
        where = sub.add_mutually_exclusive_group()
        where.add_argument("--user", action="store_true",
                           help=_("for you only, in $XDG_DATA_HOME or ~/.local/share (the default)"))
        where.add_argument("--prefix", metavar="DIR",
                           help=_("under DIR/share, e.g. /usr/local for everyone (needs the rights)"))


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "install":
            outcome = install(args.prefix)
            verb = _("installed {path}")
        else:
            outcome = uninstall(args.prefix)
            verb = _("removed {path}")
    except InstallError as exc:
        print(f"hipcoach desktop: {exc}", file=sys.stderr)
        return 1
    if not outcome.changed:
        print(_("nothing of HipCoach's was installed in {folder}").format(folder=outcome.share))
        return 0
    for path in outcome.changed:
        print(verb.format(path=path))
    for note in outcome.notes:
        print(note)
    return 0

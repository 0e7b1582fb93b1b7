"""What the running HipCoach does when it is started again: its window comes to the
front, and a programme the second start names is opened, unless a session is running.

The window parts it uses: ``player`` (``.active``), ``start_view`` (``select``,
``request_start``), ``on_end_screen``, ``pages``, ``show_start``, ``set_entries``, ``statusBar``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hipcoach.i18n import N_, _
from hipcoach.ui.single_instance import InstanceServer, Reply, Request

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow

Parser = Callable[[], argparse.ArgumentParser]  # the CLI's parser, handed in at launch

MESSAGE_MS = 15000
SESSION_RUNNING = N_("A session is running: finish it or end it (Esc) before starting "
                     "another programme.")


def raise_window(window: QWidget, activation_token: str = "") -> None:
    """Un-minimise, show, raise and activate (the window manager may still only flash it).

    On Wayland only a fresh activation token lets a window take the focus: Qt's
    activation request uses $XDG_ACTIVATION_TOKEN, so the second start's token goes there.
    """
    if activation_token:
        os.environ["XDG_ACTIVATION_TOKEN"] = activation_token
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


class SecondStart:
    """The ``InstanceServer`` handler for one main window and its data folder."""

    def __init__(self, window: MainWindow, data_dir: Path, parser: Parser) -> None:
        self.window = window
        self.data_dir = data_dir
        self.parser = parser

    def __call__(self, request: Request) -> Reply:
        raise_window(self.window, request.activation)
        args = _parse(self.parser, request.argv)
        if args is None:
            return Reply(False, _("the running HipCoach could not read those options"))
        if not (args.program or args.stage or args.start):
            return Reply(True, _("HipCoach is already open; its window is now in front."))
        player = self.window.player
        if player is not None and player.active:
            self._tell(_(SESSION_RUNNING))
            return Reply(False, _(SESSION_RUNNING))
        return self._open(args, Path(request.cwd))

    def _open(self, args: argparse.Namespace, cwd: Path) -> Reply:
        from hipcoach.program.catalog import CatalogEntry, UnknownProgram, discover, resolve
        from hipcoach.program.loader import ProgramError

        entries = discover(self.data_dir)
        if args.program:
            spec = args.program
            if spec.endswith(".toml") or "/" in spec:
                spec = str(cwd / Path(spec).expanduser())
            try:
                program = resolve(spec, self.data_dir)
            except UnknownProgram as exc:
                return self._refuse(str(exc))
            except ProgramError as exc:
                return self._refuse(_("cannot use that programme: {problem}").format(problem=exc.problem))
            if not any(e.program is not None and e.program.id == program.id for e in entries):
                entries = [*entries, CatalogEntry(Path(spec), builtin=False, program=program)]
        else:
            program = next((e.program for e in entries if e.program), None)
            if program is None:
                return self._refuse(_("no programme is available to pick a stage from"))
        if args.stage:
            try:
                program.get_stage(args.stage)
            except KeyError:
                valid = ", ".join(s.id for s in program.stage)
                return self._refuse(_("unknown stage {stage!r} in {program}; available: {valid}")
                                    .format(stage=args.stage, program=program.id, valid=valid))
        window = self.window
        window.set_entries(entries)
        window.start_view.select(program.id, args.stage)
        if window.on_end_screen():
            # the end screen still asks how the back feels: do not take it away
            message = _("{name} is chosen on the start screen, for when you are ready.").format(
                name=program.name)
            self._tell(message)
            return Reply(True, message)
        window.show_start()
        if args.start:
            window.start_chosen(wait=True)
            return Reply(True, _("Started {name} in the running HipCoach.").format(name=program.name))
        message = _("{name} is chosen in the running HipCoach.").format(name=program.name)
        self._tell(message)
        return Reply(True, message)

    def _refuse(self, message: str) -> Reply:
        self._tell(message)
        return Reply(False, message)

    def _tell(self, message: str) -> None:
        self.window.statusBar().showMessage(message, MESSAGE_MS)


def serve_second_starts(window: MainWindow, data_dir: Path, parser: Parser) -> InstanceServer:
    """Listen for second starts on behalf of ``window`` (kept alive as its child);
    ``parser`` makes the command line's parser, which reads a second start's options."""
    import logging

    server = InstanceServer(data_dir, SecondStart(window, data_dir, parser), parent=window)
    if not server.listen():
        logging.getLogger(__name__).warning("second starts cannot reach this window: %s",
                                            server.problem)
    return server


def _parse(parser: Parser, argv: list[str]) -> argparse.Namespace | None:
    quiet = io.StringIO()
    try:
        with contextlib.redirect_stderr(quiet), contextlib.redirect_stdout(quiet):
            return parser().parse_args(argv)
    except SystemExit:
        return None

"""Start the app: check the display, resolve the command line, open the first window.

Everything that can be checked without Qt is checked first, so bad options give one
clear line and an exit status instead of a half-open window. Only what the first
window needs is imported on this path.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hipcoach.i18n import _

EXIT_USAGE = 2


def display_problem() -> str | None:
    """Why Qt could not open a window here, or None when it can."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"):
        return None
    if sys.platform != "linux":
        return None
    wayland = os.environ.get("WAYLAND_DISPLAY")
    x11 = os.environ.get("DISPLAY")
    if not wayland and not x11:
        return _("HipCoach needs a graphical display: none was found (DISPLAY and "
                 "WAYLAND_DISPLAY are unset). Run it from a desktop session, under "
                 "`xvfb-run hipcoach`, or set QT_QPA_PLATFORM=offscreen for a headless run.")
    if x11 and not wayland and platform in ("", "xcb"):
        import ctypes

        try:
            ctypes.CDLL("libxcb-cursor.so.0")
        except OSError:
            return _("HipCoach cannot open a window: Qt needs the library libxcb-cursor0 "
                     "(Debian/Ubuntu: sudo apt-get install libxcb-cursor0).")
    return None


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"hipcoach: {message}", file=sys.stderr)
    return status


def launch(args: argparse.Namespace, parser: Callable[[], argparse.ArgumentParser],
           painted: Callable[[], None] | None = None) -> int:
    """Open the window for ``args``; ``parser`` makes the command line's parser again, for
    the options of a second start; ``painted`` is called once the first frame is."""
    started = time.monotonic()
    from hipcoach.paths import data_dir

    directory = data_dir(args.data_dir)
    # The programmes are read once the first frame is painted, unless the command line
    # names one (it is checked before any window opens) or starts a session at once.
    entries = None
    program = None
    if args.program or args.stage or args.start or args.resume:
        from hipcoach.program.catalog import discover

        entries = discover(directory)
    if args.program:
        from hipcoach.program.catalog import UnknownProgram, resolve
        from hipcoach.program.loader import ProgramError

        try:
            program = resolve(args.program, directory)
        except UnknownProgram as exc:
            return _fail(str(exc))
        except ProgramError as exc:
            return _fail(_("cannot use that programme: {problem}").format(problem=exc.problem))
    if args.stage:
        chosen = program or next((e.program for e in entries or [] if e.program), None)
        if chosen is None:
            return _fail(_("no programme is available to pick a stage from"))
        try:
            chosen.get_stage(args.stage)
        except KeyError:
            valid = ", ".join(s.id for s in chosen.stage)
            return _fail(_("unknown stage {stage!r} in {program}; available: {valid}").format(
                stage=args.stage, program=chosen.id, valid=valid))
    problem = display_problem()
    if problem:
        return _fail(problem)
    from hipcoach.store.instance import InstanceLock

    lock = InstanceLock(directory)
    try:
        locked = lock.acquire()
    except OSError as exc:
        # A read-only or missing data folder: sessions still run, nothing can be recorded
        # (the database will say so in the window).
        print("hipcoach: " + _("cannot write to the data folder {folder} ({reason}); "
                               "sessions will not be recorded").format(
                  folder=directory, reason=exc.strerror), file=sys.stderr)
        locked = True
    if not locked:
        from hipcoach.ui.single_instance import hand_over_and_report

        handed = hand_over_and_report(directory, getattr(args, "argv", []))
        if handed is not None:
            return handed
        holder = lock.holder()
        message = (_("HipCoach is already running with this data folder ({holder}); switch "
                     "to that window, or start this one with another --data-dir.").format(
                         holder=holder) if holder else
                   _("HipCoach is already running with this data folder; switch to that "
                     "window, or start this one with another --data-dir."))
        if not os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
            _tell_in_a_window(_("HipCoach is already open"), message)
        return _fail(message, 1)
    try:
        return _run_app(args, directory, entries, program, started, parser, painted)
    finally:
        lock.release()


def _tell_in_a_window(title: str, message: str) -> None:
    """For a start from the desktop, where nobody reads the terminal."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    QMessageBox.information(None, title, message)


def _run_app(args: argparse.Namespace, directory: Path, entries: list | None, program,
             started: float, parser: Callable[[], argparse.ArgumentParser],
             painted: Callable[[], None] | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from hipcoach import applog
    from hipcoach.session.clock import make_clock
    from hipcoach.ui.app_factory import build, start_services

    log_path = applog.setup(args.data_dir)
    from hipcoach.ui.qt_messages import route_qt_messages

    route_qt_messages()
    from hipcoach.ui import theme

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1] + theme.style_arguments())
        app.setProperty(theme.STYLE_SET, theme.STYLE)
    app.setApplicationName("HipCoach")
    app.setApplicationDisplayName("HipCoach")
    app.setDesktopFileName("io.github.hipcoach.HipCoach")
    from hipcoach.ui.translations import follow_language, install_qt_translations

    install_qt_translations(app)
    follow_language()
    from PySide6.QtGui import QIcon

    from hipcoach.paths import assets_dir

    app.setWindowIcon(QIcon(str(assets_dir() / "icons" / "hipcoach-256.png")))
    if entries is not None and program is not None and not any(
            e.program is not None and e.id == program.id for e in entries):
        from hipcoach.program.catalog import CatalogEntry

        entries = [*entries, CatalogEntry(Path(args.program), builtin=False, program=program)]
    built = build(data_dir=directory, clock=make_clock(args.speed), entries=entries or [],
                  theme_name=args.theme, resume=args.resume, start=args.start,
                  auto_log=args.auto_log)
    window = built.window
    window.restore_geometry()
    if program is not None or args.stage:
        target = program or next(e.program for e in entries if e.program)
        window.preselected = True
        window.start_view.select(target.id, args.stage)
    window.sound.attach(_audio_bridge(window, directory, built.settings))
    _install_crash_handler(window, log_path)
    from hipcoach.ui.signals import quit_on_signals

    quit_on_signals(window)
    if args.trace:
        _attach_trace(window, window.clock, Path(args.trace))
    # The programmes, the database, sound, the other pages, following the desktop's
    # colours and listening for second starts (Qt's network module) are not needed to
    # show the first window: start them after. (A second start in the moment before
    # finds the lock held and says HipCoach is already running.)
    read_programmes = [] if entries is not None else [
        lambda: window.set_entries(_discover(directory))]
    _after_first_paint(window, started, [
        *([painted] if painted is not None else []),
        lambda: _serve_second_starts(window, directory, parser), *read_programmes,
        lambda: start_services(built), window.sound.audio.start, window.make_pages,
        lambda: theme.follow_desktop(app, lambda: window.set_theme(window.theme_name)),
        lambda: QTimer.singleShot(3000, window.preload_charts)])
    window.show()
    if painted is not None:  # a window never painted (hidden at once) still collects
        import gc

        QTimer.singleShot(5000, gc.enable)
    if args.start and not args.resume:
        QTimer.singleShot(0, lambda: window.start_chosen(wait=True))  # once it is planned
    if args.quit_when_done:
        window.end_view_shown.connect(lambda: QTimer.singleShot(0, window.close))
    status = app.exec()
    built.close()
    return status


def _discover(directory: Path) -> list:
    from hipcoach.program.catalog import discover

    return discover(directory)


def _serve_second_starts(window, directory: Path, parser) -> None:
    from hipcoach.ui.second_start import serve_second_starts

    serve_second_starts(window, directory, parser)


def _install_crash_handler(window, log_path: Path | None) -> None:
    """An uncaught exception: save what can be saved, log it, tell the user where."""
    import logging
    import traceback

    log = logging.getLogger("hipcoach.crash")

    def handle(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        try:
            window.save_state()
        except Exception:  # noqa: BLE001 - the report below matters more
            log.exception("saving the session state failed")
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        from PySide6.QtWidgets import QMessageBox

        where = (_("The details are in {file}.").format(file=log_path) if log_path
                 else _("No log file could be written."))
        QMessageBox.critical(
            window, _("HipCoach hit a problem"),
            _("Something went wrong: {problem}").format(problem=value) + "\n\n"
            + _("What you have done so far is saved.") + " " + where,
        )

    sys.excepthook = handle


def _audio_bridge(window, directory: Path, settings_file):
    from hipcoach.ui.audio_bridge import AudioBridge

    settings = settings_file.current

    def save(changes: dict) -> None:
        try:
            settings_file.update(**changes)
        except (OSError, ValueError) as exc:
            window.statusBar().showMessage(
                _("Settings not saved: {reason}").format(reason=exc), 5000)

    from hipcoach.paths import cache_dir

    return AudioBridge(cache_dir(directory, create=True) / "sounds", mode=settings.audio_mode,
                       volume=settings.volume, muted=settings.muted, flash=settings.flash,
                       save=save, parent=window)


def _attach_trace(window, clock, path: Path) -> None:
    from hipcoach.session.trace import TraceWriter

    try:
        writer = TraceWriter(path)
    except OSError as exc:
        print("hipcoach: " + _("cannot write the trace to {file}: {reason}").format(
            file=path, reason=exc.strerror), file=sys.stderr)
        return

    def record(event) -> None:
        if event.kind == "step" and event.step is not None:
            writer.record(clock.to_real(event.planned), time.monotonic(), event.step.kind,
                          event.step.index)

    window.player_view.shown.connect(record)

    def panel(finished) -> None:  # the set panel opened: its set is on disk by now
        now = time.monotonic()
        writer.record(now, now, "set_panel", finished.span.last)

    window.player_view.log_panel.opened.connect(panel)


def _after_first_paint(window, started: float, services: list) -> None:
    """Once the first frame is painted: start the services the window did not need, and
    with HIPCOACH_STARTUP_REPORT set, write when that frame was painted (and which heavy
    modules were loaded by then) — for the start-up benchmark and its test."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    target = os.environ.get("HIPCOACH_STARTUP_REPORT")

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                now = time.monotonic()
                if target:
                    heavy = [m for m in HEAVY_MODULES if m in sys.modules]
                    with open(target, "a", encoding="utf-8") as out:
                        out.write(f"{now:.6f} {now - started:.6f} {','.join(heavy)}\n")
                if os.environ.get("HIPCOACH_EXIT_AFTER_PAINT"):
                    from PySide6.QtWidgets import QApplication

                    QTimer.singleShot(0, QApplication.quit)
                    return False
                for start in services:
                    QTimer.singleShot(0, start)
            return False

    watch = PaintWatch(window)
    window.installEventFilter(watch)


# Not loaded before the first frame: the heavy libraries, and the app's own modules that
# only a session, the programme files, the other pages or the store need.
HEAVY_MODULES = ("pyqtgraph", "sqlalchemy.orm", "numpy", "alembic", "playsound3",
                 "logging.handlers", "importlib.resources", "tomllib", "hipcoach.program.loader",
                 "hipcoach.session.player", "hipcoach.session.timeline",
                 "hipcoach.app.session_run", "hipcoach.ui.player_view", "hipcoach.ui.end_view",
                 "hipcoach.ui.history_view", "hipcoach.ui.printing")

"""The one place that builds the app: settings, store bridge, application, window, checks.

``launch`` uses it for a real start and the tests use it too, so what they drive is
wired exactly as a user's window is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.app.application import HipCoach
from hipcoach.app.ports import InlineRunner
from hipcoach.i18n import _
from hipcoach.session.clock import SessionClock
from hipcoach.settings import SettingsFile
from hipcoach.ui.asks import Ask
from hipcoach.ui.deadline_timer import Scheduler
from hipcoach.ui.main_window import MainWindow
from hipcoach.ui.session_start import StartupChecks
from hipcoach.ui.store_bridge import StoreBridge

if TYPE_CHECKING:
    from hipcoach.program.catalog import CatalogEntry
    from hipcoach.store.repo import Store


@dataclass(slots=True)
class Built:
    window: MainWindow
    app: HipCoach
    settings: SettingsFile
    bridge: StoreBridge | None = None
    checks: StartupChecks | None = None

    def close(self) -> None:
        """Let the store worker finish its queue and stop (quitting, end of a test)."""
        if self.bridge is not None:
            self.bridge.close()
            worker = self.bridge.worker
            if worker is not None and worker.store is not None:
                worker.store.engine.dispose()


def build(*, data_dir: Path | None, clock: SessionClock, entries: list[CatalogEntry],
          theme_name: str | None = None, record: bool = True, asks: Ask | None = None,
          resume: bool = False, start: bool = False, auto_log: bool = False,
          opener: Callable[[], Store] | None = None, awake_address: str | None = None,
          today: Callable[[], date] = date.today,
          scheduler: Scheduler | None = None) -> Built:
    """Build the window and what it needs. ``record`` False: no database at all (the
    plan is made from no history). ``asks``: who answers the window's questions (None:
    the user, through dialogs; ``NobodyThere()``: no dialogs, no resume, safety or leave
    questions). ``awake_address``: a D-Bus address to keep the screen awake through
    instead of the session bus. ``scheduler`` wakes the deadline timer (default: a
    QTimer; tests and fake-clock tools pass one that moves their clock). Nothing is
    opened yet: ``start_services`` does that once the first frame is painted."""

    settings = SettingsFile(data_dir)
    bridge = StoreBridge(data_dir, opener=opener) if record and data_dir is not None else None
    app = HipCoach(runner=bridge or InlineRunner(None), settings=settings, entries=entries,
                   clock=clock, data_dir=data_dir, today=today)
    name = theme_name or settings.current.theme
    geometry = None
    if data_dir is not None:
        from hipcoach.paths import config_dir

        geometry = config_dir(data_dir, create=True) / "window.ini"
    window = MainWindow(app, asks=asks, theme_name=name, geometry_file=geometry,
                        awake_address=awake_address, scheduler=scheduler)
    if bridge is not None:
        bridge.setParent(window)
    window.set_theme(name)
    window.auto_log = auto_log
    if settings.problems:
        window.start_view.add_notice(_("Settings: {problems}").format(
            problems="; ".join(settings.problems)))
    built = Built(window, app, settings, bridge)
    if bridge is not None:
        window.attach_store(bridge)
        checks = StartupChecks(window, bridge, window.asks, resume=resume, start=start)
        bridge.ready.connect(checks.on_ready)
        bridge.open_failed.connect(checks.on_open_failed)
        bridge.problem.connect(checks.on_problem)
        built.checks = window.checks = checks
    return built


def start_services(built: Built) -> None:
    """Open the database (its answer starts the planning), or plan at once without one."""
    if built.bridge is not None:
        built.bridge.start()
    else:
        built.app.open(preselected=built.window.preselected)

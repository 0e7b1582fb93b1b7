"""The main window: pages (start, player, end, history, charts), actions and wiring.

It computes no domain facts: today's plan, the running session and its record come
from the application (``HipCoach``) it is given; the pages show them. Leaving while a
session runs asks first (when someone is there to ask) and always leaves the session
resumable; only "end session" ends it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from hipcoach.i18n import _
from hipcoach.ui import charts_page, theme, window_geometry
from hipcoach.ui.asks import END, LEAVE, STAY, Ask, Dialogs
from hipcoach.ui.awake_switch import keep_awake
from hipcoach.ui.backup_actions import BackupActions
from hipcoach.ui.deadline_timer import DeadlineTimer, QtScheduler, Scheduler
from hipcoach.ui.sound_controls import SoundControls
from hipcoach.ui.start_view import StartView
from hipcoach.ui.window_actions import WindowActions, show_about, show_shortcuts

if TYPE_CHECKING:
    from hipcoach.app.application import HipCoach
    from hipcoach.app.session_run import LogValues
    from hipcoach.app.today import StagePlan, TodayPlan
    from hipcoach.program.catalog import CatalogEntry
    from hipcoach.program.model import Exercise, Program
    from hipcoach.session.player import Event, Player
    from hipcoach.session.set_tracker import FinishedSet
    from hipcoach.ui.charts.view import ChartsView
    from hipcoach.ui.end_view import EndView
    from hipcoach.ui.history_view import HistoryView
    from hipcoach.ui.player_view import PlayerView
    from hipcoach.ui.printing import Printing
    from hipcoach.ui.screen_awake import ScreenAwake
    from hipcoach.ui.session_start import StartupChecks
    from hipcoach.ui.set_panel_timing import SetPanelTiming
    from hipcoach.ui.store_bridge import StoreBridge



class MainWindow(QMainWindow):
    """Hosts the pages and the commands; sound and the record listen to the player."""

    end_view_shown = Signal()

    def __init__(self, app: HipCoach, *, asks: Ask | None = None, theme_name: str = "system",
                 geometry_file: Path | None = None, awake_address: str | None = None,
                 scheduler: Scheduler | None = None) -> None:
        super().__init__()
        self.setWindowTitle("HipCoach")
        self.setObjectName("main_window")
        self.app = app
        self.clock = app.clock
        self.theme_name = theme_name
        self.colours = theme.LIGHT
        self.geometry_file = geometry_file
        # the app wakes on a QTimer; tests pass a fake scheduler that moves their clock
        self.deadlines = DeadlineTimer(app.clock, scheduler or QtScheduler(self))
        self.asks: Ask = asks if asks is not None else Dialogs(self)  # confirmations
        self.store_bridge: StoreBridge | None = None
        self._history: HistoryView | None = None  # made the first time it is opened
        self._printing: Printing | None = None
        self.checks: StartupChecks | None = None  # when there is a database
        self.charts: ChartsView | None = None  # made the first time it is opened
        self.charts_page: QWidget | None = None
        self.preselected = False  # the command line chose the programme
        self._retest = False
        self._leaving = False
        self._suggested: set[str] = set()  # programmes whose proposed stage was shown
        self.auto_log = False  # --auto-log: every set as the player counted it, no panel
        self.awake: ScreenAwake | None = None  # made when the first session starts
        self.awake_address = awake_address  # a D-Bus address instead of the session bus

        # Only the start screen is made before the first frame: the player and end
        # screens (and their modules) are made by ``make_pages`` once it is painted, or
        # the moment something needs them.
        self.start_view = StartView()
        self._player_view: PlayerView | None = None
        self._end_view: EndView | None = None
        self._panel_timing: SetPanelTiming | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_view)
        self.setCentralWidget(self.pages)
        self.sound = SoundControls(self)
        self.backups = BackupActions(self, app.data_dir)
        self.actions_ = WindowActions(self)
        self.start_view.selected.connect(self.app.select)
        self.start_view.start_requested.connect(self.start_chosen)
        self.start_view.how_requested.connect(self.show_stage_how)
        app.plan_listeners.append(self._plan_changed)
        app.notice_listeners.append(self.start_view.add_notice)
        app.start_listeners.append(self._start_planned)
        app.record_listeners.append(lambda record: self.end_view.show_record(record))
        app.selection_listeners.append(lambda program_id: self.start_view.select(program_id, None))
        self.resize(1100, 720)
        self.start_view.set_entries(app.entries, self._likely_program())
        self.show_start()

    # Pages made when first needed -------------------------------------------------------
    def make_pages(self) -> None:
        """Make every page now (the app does this just after its first frame)."""
        if self._player_view is None:
            self._make_player_view()
        if self._end_view is None:
            self._make_end_view()
        self._make_history()
        self._make_printing()

    @property
    def player_view(self) -> PlayerView:
        return self._make_player_view() if self._player_view is None else self._player_view

    @property
    def made_player_view(self) -> PlayerView | None:
        """The player screen if it was made (None: nothing to update on it yet)."""
        return self._player_view

    @property
    def panel_timing(self) -> SetPanelTiming:
        if self._panel_timing is None:
            self._make_player_view()
        assert self._panel_timing is not None
        return self._panel_timing

    def _make_player_view(self) -> PlayerView:
        from hipcoach.ui.player_view import PlayerView
        from hipcoach.ui.set_panel_timing import SetPanelTiming

        view = PlayerView(self.clock)
        view.set_colours(self.colours)
        view.set_text_scale(self.app.settings.current.text_scale)
        view.command.connect(self.run_command)
        view.log_panel.confirmed.connect(self._panel_confirmed)
        self.pages.addWidget(view)
        self._player_view = view
        self._panel_timing = SetPanelTiming(view.log_panel, lambda: self.player)
        self.sound.changed()  # the sound line and any notice
        return view

    @property
    def end_view(self) -> EndView:
        return self._make_end_view() if self._end_view is None else self._end_view

    def _make_end_view(self) -> EndView:
        from hipcoach.ui.end_view import EndView

        view = EndView()
        view.back_requested.connect(self.enter_pressed)
        view.print_button.clicked.connect(lambda: self.print_summary(False))
        view.pdf_button.clicked.connect(lambda: self.print_summary(True))
        self.pages.addWidget(view)
        self._end_view = view
        return view

    def on_end_screen(self) -> bool:
        return self._end_view is not None and self.pages.currentWidget() is self._end_view

    @property
    def history(self) -> HistoryView | None:
        """The history page (None without a database)."""
        return self._make_history()

    def _make_history(self) -> HistoryView | None:
        if self._history is None and self.store_bridge is not None:
            from hipcoach.ui.history_view import HistoryView

            view = HistoryView(self.store_bridge, changed=self.app.changed)
            view.back_requested.connect(self.show_start)
            view.print_requested.connect(self._print_session)
            view.how_requested.connect(lambda ids: self.show_how(self.app.exercises(ids)))
            self.pages.addWidget(view)
            self._history = view
        return self._history

    @property
    def printing(self) -> Printing | None:
        """Printing and PDFs (None without a database)."""
        return self._make_printing()

    def _make_printing(self) -> Printing | None:
        if self._printing is None and self.store_bridge is not None:
            from hipcoach.ui.printing import Printing

            self._printing = Printing(self, self.store_bridge)
        return self._printing

    def _print_session(self, session_id: int) -> None:
        if self.printing is not None:
            self.printing.session_summary(session_id)

    def reload_history(self) -> None:
        """The history page shows the database again (if it was ever opened)."""
        if self._history is not None:
            self._history.reload()

    @property
    def player(self) -> Player | None:
        return self.app.player

    # Pages ----------------------------------------------------------------------------
    def show_page(self, page: QWidget) -> None:
        if self.on_end_screen() and page is not self._end_view:
            self.save_end_pain()  # leaving the end screen by any way keeps a typed pain
        self.pages.setCurrentWidget(page)
        self.actions_.on_player_page(page is self._player_view)

    def set_entries(self, entries: list[CatalogEntry]) -> None:
        """The programmes to offer (a second start may add a file)."""
        self.app.entries = entries
        self.start_view.set_entries(entries, self._likely_program())

    def _likely_program(self) -> str:
        """The programme to show selected before the coach has chosen: the selected one,
        else the one a new user starts with (so a fresh start does not jump)."""
        from hipcoach.program import DEFAULT_PROGRAM

        selection = self.app.selection
        return selection.program_id if selection is not None else DEFAULT_PROGRAM

    def show_start(self) -> None:
        if self._history is not None:
            self._history.leave()
        self.show_page(self.start_view)
        self.start_view.focus_default()

    def _plan_changed(self, plan: TodayPlan) -> None:
        """A programme planned for the first time shows the coach's stage (unless the
        command line chose one); later plans keep what the user selected."""
        first = plan.program.id not in self._suggested and not self.preselected
        self._suggested.add(plan.program.id)
        self.start_view.set_plan(plan)
        coached = plan.stage_plan().coached
        if self.on_end_screen() and coached is not None:
            self.end_view.ask_pain(coached.needs_pain)
        if first:
            self.start_view.select_suggested()

    # Starting -------------------------------------------------------------------------
    def start_chosen(self, wait: bool = False) -> None:
        """Start the selected stage exactly as the start screen shows it. Until today's
        plan for it is shown nothing starts: a key pressed while the window fills in must
        not start a session nobody has seen, nor one behind the safety questions. With
        ``wait`` (``--start``, a second start asking to start) it starts once planned."""
        if not wait and not self.app.planned():
            self.statusBar().showMessage(
                _("Today's plan is still being made: start when it is shown."), 5000)
            return
        self.app.request_start(self.start_view.current_stage_id(),
                               self.start_view.kept_slots())

    def _start_planned(self, plan: StagePlan) -> None:
        pain = self.start_view.pain_before()
        self.start_view.pain.setValue(-1)  # it belongs to this session, not the next one
        self.start_session(plan.playable, plan.timeline.stage.id, pain_before=pain)

    def start_session(self, program: Program, stage_id: str, index: int = 0,
                      resume_id: int | None = None, record: bool = True,
                      active_before: float = 0.0, pain_before: int | None = None) -> Player:
        record = record and self.store_bridge is not None
        self.panel_timing.reset()
        player = self.app.begin_session(program, stage_id, index=index, resume_id=resume_id,
                                        active_before=active_before, pain_before=pain_before,
                                        record=record, ask=self._ask_set)
        player.subscribe(self._relay)
        if self.sound.audio is not None:
            self.sound.audio.attach(player)
        self.player_view.attach(player)
        if self.app.run is not None:
            # after the view and the sound: a step is shown and cued before the record
            # wakes the store worker, whose thread would otherwise compete for the GIL
            self.app.run.begin()
        self.show_page(self.player_view)
        self.player_view.setFocus()
        player.start(self.clock.now(), index=index)
        self.deadlines.attach(player)
        keep_awake(self, player.active and player.state != "paused")
        return player

    def _ask_set(self, finished: FinishedSet, name: str, side_text: str) -> None:
        """A set is on disk: the panel asks about it at the next rest."""
        if self.store_bridge is not None and not self._auto_log():
            self.panel_timing.written(finished, name, side_text)

    def _auto_log(self) -> bool:
        return self.app.settings.current.auto_log or self.auto_log

    def _panel_confirmed(self, finished: FinishedSet, values: LogValues) -> None:
        if self.app.run is not None:
            self.app.run.correct(finished, values)
        self.panel_timing.next()

    def _relay(self, event: Event) -> None:
        if event.kind == "step" and event.step is not None:
            self.panel_timing.step(event.step)
        if event.kind in ("paused", "resumed", "finished", "ended"):
            keep_awake(self, event.kind == "resumed")
        if event.kind in ("finished", "ended"):
            self.panel_timing.close(drop_waiting=True)
            self._show_end(event.kind == "finished")
        elif event.kind in ("paused", "resumed", "extended", "step"):
            self.deadlines.rearm()

    def _show_end(self, finished: bool) -> None:
        player = self.player
        if player is None:
            return
        self.player_view.stop()
        self.deadlines.attach(None)
        timeline = player.timeline
        self.end_view.show_started(finished, timeline.program.name, timeline.stage.name,
                                   recorded=self.app.run is not None)
        self.show_page(self.end_view)
        self.end_view.back.setFocus()
        self.end_view_shown.emit()
        if self._retest:
            self._retest = False
            from hipcoach.ui.retest_flow import ask_results

            ask_results(self)

    # Commands -------------------------------------------------------------------------
    def run_command(self, name: str) -> None:
        """A player command by name (the on-screen buttons use these)."""
        {
            "back": lambda: self.back("step"),
            "pause": self.toggle_pause,
            "skip": lambda: self.skip("step"),
            "extend": self.extend_rest,
            "ready": self.enter_pressed,
            "end": self.end_session,
        }[name]()

    def enter_pressed(self) -> None:
        page = self.pages.currentWidget()
        if page is self.start_view:
            self.start_view.request_start()
        elif page is self._end_view:
            # A typed pain is saved first, and the end screen stays to say so: a second
            # Enter pressed in a hurry goes back to the start screen, never into a session.
            if not self.save_end_pain():
                self.show_start()
        elif self._player_view is not None and self._player_view.log_panel.open:
            self._player_view.log_panel.commit()
        elif self.player is not None:
            self.player.confirm(self.clock.now())

    def toggle_pause(self) -> None:
        if self.player is not None:
            self.player.toggle_pause(self.clock.now())

    def skip(self, unit: str) -> None:
        if self.player is not None:
            self.player.skip(unit, self.clock.now())  # type: ignore[arg-type]

    def back(self, unit: str) -> None:
        if self.player is not None:
            self.player.back(unit, self.clock.now())  # type: ignore[arg-type]

    def extend_rest(self) -> None:
        if self.player is not None and not self.player.extend_rest(now=self.clock.now()):
            self.statusBar().showMessage(_("+15 s works during a rest"), 3000)

    def end_session(self) -> None:
        player = self.player
        if player is None or not player.active:
            return
        was_running = player.state == "running"
        if was_running:
            player.pause(self.clock.now())
        if self.asks.end_session():
            player.end(self.clock.now())
        elif was_running:
            player.resume(self.clock.now())

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def set_theme(self, name: str) -> None:
        from PySide6.QtWidgets import QApplication

        self.theme_name = name
        qt_app = QApplication.instance()
        if isinstance(qt_app, QApplication):
            self.colours = theme.apply(qt_app, name)
        if self._player_view is not None:
            self._player_view.set_colours(self.colours)
        if self.charts is not None:
            self.charts.set_colours(self.colours)
        self.actions_.show_theme(name)

    def show_stage_how(self) -> None:
        from hipcoach.ui.exercise_detail import show_stage_how

        show_stage_how(self)

    def show_how(self, exercises: list[Exercise], current: str | None = None) -> QWidget | None:
        from hipcoach.ui.exercise_detail import show_how

        return show_how(self, exercises, current)

    def show_shortcuts(self) -> None:
        """The ? sheet pauses a running session: nothing runs on while it is read (Space
        carries on once it is closed)."""
        player = self.player
        if player is not None and player.active and player.state == "running":
            player.pause(self.clock.now())
        show_shortcuts(self)

    def show_about(self) -> None:
        show_about(self)

    def safety_questions(self) -> None:
        if self.checks is not None and not self.app.session_active:
            self.checks.safety_screen(force=True)

    def start_retest(self) -> None:
        if self.app.session_active:
            return
        from hipcoach.coach.assessments import retest_program

        program = retest_program()
        self._retest = True
        self.start_session(program, program.stage[0].id, record=False)

    # Other pages ----------------------------------------------------------------------
    def attach_store(self, bridge: StoreBridge) -> None:
        """The history page, printing and backups need the database (the first two are
        made when first needed)."""
        self.store_bridge = bridge

    def preload_charts(self) -> None:
        charts_page.preload(self)

    def show_charts(self) -> None:
        charts_page.show(self)

    def show_history(self) -> None:
        if self.history is None or self.app.session_active:
            self.statusBar().showMessage(_("The history opens between sessions"), 4000)
            return
        self.show_page(self.history)
        self.history.reload()
        self.history.sessions.setFocus()

    def save_end_pain(self) -> bool:
        """Save the pain typed on the end screen, if there is one not saved yet."""
        pain = self._end_view.unsaved_pain() if self._end_view is not None else None
        if pain is None:
            return False
        self.app.record_pain_after(pain)
        self.end_view.mark_saved()
        return True

    def print_summary(self, pdf: bool | None = None) -> None:
        """The summary of the session just done (or the latest one)."""
        if self.printing is None:
            return
        self.save_end_pain()  # a pain typed but not confirmed belongs in the summary
        run = self.app.run
        self.printing.session_summary(run.session_id if run is not None else None, pdf=pdf)

    def clinician_report(self) -> None:
        if self.printing is not None:
            self.printing.clinician_report()

    def open_settings(self) -> None:
        from hipcoach.ui.settings_actions import open_settings

        open_settings(self)

    def apply_settings_changes(self, changes: dict[str, object]) -> None:
        from hipcoach.ui.settings_actions import apply_changes

        apply_changes(self, changes)

    # Leaving --------------------------------------------------------------------------
    def restore_geometry(self) -> None:
        window_geometry.restore(self, self.geometry_file)

    def save_state(self) -> None:
        """Put the running session's position and time on disk (the crash handler)."""
        self.app.save_now()

    def leave_quietly(self) -> None:
        """Quit without asking (SIGTERM, SIGINT): the session stays resumable."""
        self._leaving = True
        self.close()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Keys for the set-logging panel (digits, P, E, Backspace) while it is open."""
        page = self.pages.currentWidget()
        if (page is self._player_view and self._player_view is not None
                and self._player_view.log_panel.key(event.key(), event.text())):
            return
        if page is self._end_view and self._end_view is not None and self._end_view.key(
                event.text()):
            return
        if page in (self._history, self.charts_page) and event.key() == Qt.Key.Key_Escape:
            self.show_start()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        player = self.player
        if player is not None and player.active:
            choice = LEAVE
            if not self._leaving:  # a signal does not ask
                was_running = player.state == "running"
                if was_running:
                    player.pause(self.clock.now())  # nothing is missed while asking
                choice = self.asks.leave_session()
                if choice == STAY:
                    if was_running:
                        player.resume(self.clock.now())
                    event.ignore()
                    return
            if self._panel_timing is not None:
                self._panel_timing.close(drop_waiting=True)
            if choice == END:
                player.end(self.clock.now())
            else:
                self.app.leave()
        if self.sound.audio is not None:
            self.sound.audio.close()
        keep_awake(self, False)
        window_geometry.save(self, self.geometry_file)
        super().closeEvent(event)

"""The main window: start screen, player and end screen, with the keyboard and menus.

Every command is a QAction (menu entry and shortcut in one), enabled only on the page
where it makes sense, so the same keys can serve lists on the start screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hipcoach.program.catalog import CatalogEntry
from hipcoach.program.model import Program
from hipcoach.session.clock import SessionClock
from hipcoach.session.format import clock_text
from hipcoach.session.player import Event, Player
from hipcoach.session.timeline import CompileOptions, compile_stage
from hipcoach.settings import Settings, SettingsFile
from hipcoach.ui import theme
from hipcoach.ui.audio_bridge import MODE_NAMES, AudioBridge
from hipcoach.ui.deadline_timer import DeadlineTimer
from hipcoach.ui.history_view import HistoryView
from hipcoach.ui.player_view import PlayerView
from hipcoach.ui.printing import Printing
from hipcoach.ui.recorder import SessionRecorder
from hipcoach.ui.start_view import StartView
from hipcoach.ui.store_bridge import StoreBridge

SHORTCUT_SHEET = [
    ("Space", "pause / carry on"),
    ("→  /  ←", "skip ahead / go back a step"),
    ("Shift + → / ←", "next / previous set"),
    ("Ctrl + → / ←", "next / previous exercise"),
    ("R", "add 15 s to a rest"),
    ("Enter", "I'm ready (on a set-up step)"),
    ("M", "mute / unmute"),
    ("+ / −", "louder / quieter"),
    ("V", "voice and tones / tones only / silent"),
    ("F", "full screen"),
    ("Esc", "end the session (asks first)"),
    ("Ctrl + ,", "settings"),
    ("?", "this sheet"),
]


class EndView(QWidget):
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("end_view")
        self.title = QLabel()
        self.title.setObjectName("end_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 3.5)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("end_summary")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary.setWordWrap(True)
        font = QFont(self.summary.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        self.summary.setFont(font)
        self.pain = QLabel()
        self.pain.setObjectName("end_pain")
        self.pain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pain.setFont(font)
        self._pain: int | None = None
        self.back = QPushButton("Back to the start screen  (Enter)")
        self.back.setObjectName("end_back")
        self.back.clicked.connect(self.back_requested)
        self.print_button = QPushButton("Print summary…")
        self.print_button.setObjectName("end_print")
        self.pdf_button = QPushButton("Save summary as PDF…")
        self.pdf_button.setObjectName("end_pdf")
        for button in (self.print_button, self.pdf_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.pain)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.pdf_button)
        layout.addLayout(row)
        layout.addWidget(self.back)

    def pain_after(self) -> int | None:
        return self._pain

    def key(self, text: str) -> bool:
        """A digit sets the pain-after check-in (1 then 0 makes 10)."""
        if not (len(text) == 1 and text.isdigit()):
            return False
        value = int(text)
        if self._pain == 1 and value == 0:
            value = 10
        self._pain = value
        self._show_pain()
        return True

    def _show_pain(self) -> None:
        shown = "–" if self._pain is None else str(self._pain)
        self.pain.setText(f"Pain now: {shown}/10  (press 0-9; Enter saves)")

    def show_result(self, finished: bool, program: Program, stage_name: str, active_s: float,
                    sets_done: int, sets_planned: int) -> None:
        self.title.setText("Session complete" if finished else "Session ended")
        self._pain = None
        self._show_pain()
        self.summary.setText(
            f"{program.name} — {stage_name}\n"
            f"{clock_text(active_s)} of exercise  ·  {sets_done} of {sets_planned} sets"
        )


def options_for(settings: Settings) -> CompileOptions:
    """The timeline lengths the user's settings choose."""
    return CompileOptions(countdown_s=settings.countdown_s,
                          first_countdown_s=settings.first_countdown_s,
                          default_rest_s=settings.default_rest_s)


def _coach_lines_for(data_dir: Path | None) -> Callable[[Any, int | None], list[str] | None]:
    """What the session summary prints under "what changes next time"."""

    def lines(store: Any, _session_id: int | None) -> list[str] | None:
        from hipcoach.coach.next_cmd import coach_from

        try:
            return coach_from(store, data_dir).plan.lines()
        except Exception:  # noqa: BLE001 - the summary prints without it
            return None

    return lines


class MainWindow(QMainWindow):
    """Hosts the pages and the commands; sound and the recorder listen to the player."""

    end_view_shown = Signal()

    def __init__(self, clock: SessionClock, options: CompileOptions | None = None,
                 theme_name: str = "system") -> None:
        super().__init__()
        self.setWindowTitle("HipCoach")
        self.setObjectName("main_window")
        self.clock = clock
        self.options = options or CompileOptions()
        self.theme_name = theme_name
        self.colours = theme.LIGHT
        self.player: Player | None = None
        self.deadlines = DeadlineTimer(clock, self)
        self.confirm_end: Callable[[], bool] = self._ask_end
        self.audio: AudioBridge | None = None
        self.settings_file: SettingsFile | None = None
        self.geometry_file: Path | None = None
        self.recorder: SessionRecorder | None = None
        self.history: HistoryView | None = None
        self.data_dir: Path | None = None
        self.store_bridge: StoreBridge | None = None
        self.printing: Printing | None = None
        self.coached: Any = None
        self.charts: Any = None  # the ChartsView, made the first time it is opened
        self.charts_page: QWidget | None = None  # hipcoach.coach.next_cmd.Coached, once computed
        self._retest = False
        self.preselected = False  # the command line chose the programme
        self._session_started_at = 0.0
        self._audio_notice_shown = False

        self.start_view = StartView(self.options)
        self.player_view = PlayerView(clock)
        self.end_view = EndView()
        self.pages = QStackedWidget()
        for page in (self.start_view, self.player_view, self.end_view):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.start_view.start_requested.connect(self.start_chosen)
        self.player_view.command.connect(self.run_command)
        self.end_view.back_requested.connect(self._enter_pressed)
        self.end_view.print_button.clicked.connect(lambda: self.print_summary(False))
        self.end_view.pdf_button.clicked.connect(lambda: self.print_summary(True))
        self._build_actions()
        self.resize(1100, 720)
        self.show_start()

    # Actions --------------------------------------------------------------------------
    def _action(self, text: str, keys: list[str] | str, slot: Callable[[], object],
                menu_name: str, player_only: bool = True) -> QAction:
        action = QAction(text, self)
        sequences = [QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)]
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        self._menus[menu_name].addAction(action)
        if player_only:
            self._player_actions.append(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self._menus = {name: bar.addMenu(title) for name, title in (
            ("file", "&File"), ("session", "&Session"), ("view", "&View"), ("help", "&Help"))}
        self._player_actions: list[QAction] = []
        self.act_start = self._action("&Start session", ["Return", "Enter"], self._enter_pressed,
                                      "session", player_only=False)
        self._action("&Pause / carry on", "Space", self._toggle_pause, "session")
        self._action("Skip &ahead", "Right", lambda: self._skip("step"), "session")
        self._action("Go &back", "Left", lambda: self._back("step"), "session")
        self._action("Next set", "Shift+Right", lambda: self._skip("set"), "session")
        self._action("Previous set", "Shift+Left", lambda: self._back("set"), "session")
        self._action("Next exercise", ["Ctrl+Right", "PgDown"], lambda: self._skip("exercise"),
                     "session")
        self._action("Previous exercise", ["Ctrl+Left", "PgUp"], lambda: self._back("exercise"),
                     "session")
        self._action("Re-&test…", [], self.start_retest, "session", player_only=False)
        self._action("&Rest 15 s longer", "R", self._extend_rest, "session")
        self._action("&End session…", "Esc", self.end_session, "session")
        self._action("&History", "Ctrl+H", self.show_history, "view", player_only=False)
        self._action("Progress &charts", "Ctrl+G", self.show_charts, "view", player_only=False)
        self._action("&Print a session summary…", QKeySequence(
            QKeySequence.StandardKey.Print).toString() or "Ctrl+P", self.print_summary, "file",
            player_only=False)
        self._action("&Clinician report…", [], self.clinician_report, "file", player_only=False)
        self._action("&Back up now", [], self.backup_now, "file", player_only=False)
        self._action("&Restore a backup…", [], self.restore_backup, "file", player_only=False)
        self._action("&Settings…", QKeySequence(QKeySequence.StandardKey.Preferences).toString()
                     or "Ctrl+,", self.open_settings, "file", player_only=False)
        self._action("&Quit", QKeySequence(QKeySequence.StandardKey.Quit).toString() or "Ctrl+Q",
                     self.close, "file", player_only=False)
        self.act_fullscreen = self._action("&Full screen", ["F", "F11"], self.toggle_fullscreen,
                                           "view", player_only=False)
        self._theme_group = QActionGroup(self)
        for name in theme.THEMES:
            act = QAction(f"{name.capitalize()} colours", self, checkable=True)
            act.setChecked(name == self.theme_name)
            act.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            self._theme_group.addAction(act)
            self._menus["view"].addAction(act)
        self._build_audio_menu()
        self._action("&Keyboard shortcuts", ["?", "F1"], self.show_shortcuts, "help",
                     player_only=False)
        self._action("&About HipCoach", [], self.show_about, "help", player_only=False)

    def _build_audio_menu(self) -> None:
        menu = QMenu("S&ound", self)
        self.menuBar().insertMenu(self._menus["help"].menuAction(), menu)
        self._menus["sound"] = menu
        self._action("&Mute / unmute", "M", self._toggle_mute, "sound", player_only=False)
        self._action("Volume &up", ["+", "="], lambda: self._volume(+1), "sound",
                     player_only=False)
        self._action("Volume &down", "-", lambda: self._volume(-1), "sound", player_only=False)
        self._action("Next sound &mode", "V", self._cycle_mode, "sound", player_only=False)
        self._menus["sound"].addSeparator()
        self._mode_group = QActionGroup(self)
        for mode, title in MODE_NAMES.items():
            act = QAction(title, self, checkable=True)
            act.setData(mode)
            act.triggered.connect(lambda _=False, m=mode: self._set_mode(m))
            self._mode_group.addAction(act)
            self._menus["sound"].addAction(act)
        self._menus["sound"].addSeparator()
        self.act_flash = QAction("&Flash the screen with each cue", self, checkable=True)
        self.act_flash.triggered.connect(self._set_flash)
        self._menus["sound"].addAction(self.act_flash)

    def set_audio(self, bridge: AudioBridge) -> None:
        self.audio = bridge
        bridge.flash_hook = self.player_view.flash
        bridge.changed.connect(self._audio_changed)
        self._audio_changed()

    def _audio_changed(self) -> None:
        bridge = self.audio
        if bridge is None:
            return
        for act in self._mode_group.actions():
            act.setChecked(act.data() == bridge.mode)
        self.act_flash.setChecked(bridge.flash_enabled)
        self.player_view.sound.setText(bridge.status_text())
        if bridge.reported:
            text = (f"No sound: {bridge.reported}. The session carries on with the screen "
                    "only.")
            self.player_view.show_notice(text)
            if not self._audio_notice_shown:
                self._audio_notice_shown = True
                self.start_view.add_notice(text)

    def _toggle_mute(self) -> None:
        if self.audio is not None:
            self.audio.toggle_mute()

    def _volume(self, delta: int) -> None:
        if self.audio is not None:
            self.audio.change_volume(delta)

    def _set_mode(self, mode: str) -> None:
        if self.audio is not None:
            self.audio.set_mode(mode)

    def _cycle_mode(self) -> None:
        if self.audio is not None:
            modes = list(MODE_NAMES)
            self.audio.set_mode(modes[(modes.index(self.audio.mode) + 1) % len(modes)])
            self.statusBar().showMessage(f"Sound: {MODE_NAMES[self.audio.mode]}", 3000)

    def _set_flash(self, on: bool) -> None:
        if self.audio is not None:
            self.audio.set_flash(on)

    def _update_actions(self) -> None:
        on_player = self.pages.currentWidget() is self.player_view
        for action in self._player_actions:
            action.setEnabled(on_player)

    # Pages ----------------------------------------------------------------------------
    def set_entries(self, entries: list[CatalogEntry]) -> None:
        self.start_view.set_entries(entries)

    def show_start(self) -> None:
        if self.history is not None:
            self.history.leave()
        self.pages.setCurrentWidget(self.start_view)
        self._update_actions()
        self.start_view.focus_default()

    # The coach -----------------------------------------------------------------------------
    def refresh_coach(self) -> None:
        """Ask the coach (on the store worker) for the next session's plan."""
        if self.store_bridge is None:
            return
        data_dir = self.data_dir

        def plan(store: Any) -> Any:
            from hipcoach.coach.next_cmd import coach_from

            return coach_from(store, data_dir)

        self.store_bridge.submit(plan, self._coached, lambda exc: self.start_view.add_notice(
            f"The coach could not plan the next session: {exc}"))

    def _coached(self, coached: Any) -> None:
        first = self.coached is None
        self.coached = coached
        if first and not self.preselected and self.pages.currentWidget() is self.start_view:
            self.start_view.select(coached.plan.program.id, coached.plan.stage.id)
        unchanged = ("as_written", "repeat", "stay")
        changes = {p.line: p.slot for p in coached.plan.prescriptions
                   if p.step not in unchanged and p.previous is not None}
        self.start_view.show_coach(coached.lines(), changes)
        if self.printing is not None:
            self.printing.next_time = _coach_lines_for(self.data_dir)

    def start_chosen(self, program: Program, stage_id: str) -> None:
        """Start from the start screen: with the coach's numbers when they apply. Changes
        the user unticked are recorded as kept, and the plan is made again without them."""
        coached = self.coached
        if coached is None or coached.plan.program.id != program.id or (
                coached.plan.stage.id != stage_id):
            self.start_session(program, stage_id)
            return
        plan = coached.plan
        if not self.start_view.follow_coach.isChecked():
            self._submit_decisions(plan, set(p.slot for p in plan.prescriptions))
            self.start_session(program, stage_id)
            return
        kept = self.start_view.kept_slots()
        self._submit_decisions(plan, kept)
        if not kept or self.store_bridge is None:
            self._start_prescribed(plan, stage_id)
            return
        data_dir = self.data_dir

        def replan(store: Any) -> Any:  # runs after the decisions were written
            from hipcoach.coach.next_cmd import coach_from

            return coach_from(store, data_dir, program=program.id, stage=stage_id).plan

        self.store_bridge.submit(replan, lambda new: self._start_prescribed(new, stage_id),
                                 lambda _exc: self.start_session(program, stage_id))

    def _start_prescribed(self, plan: Any, stage_id: str) -> None:
        from hipcoach.coach.prescribe import prescribed_program

        self.start_session(prescribed_program(plan), stage_id)

    def _submit_decisions(self, plan: Any, kept: set[str]) -> None:
        if self.data_dir is None or self.store_bridge is None:
            return
        data_dir = self.data_dir

        def record(_store: Any) -> None:
            from hipcoach.coach import decisions

            for prescription in plan.prescriptions:
                accepted = prescription.slot not in kept
                decisions.record(data_dir, decisions.decision_for(plan, prescription, accepted))

        self.store_bridge.submit(record, label="coach decisions")

    def start_retest(self) -> None:
        if self.player is not None and self.player.active:
            return
        from hipcoach.coach.assessments import retest_program

        program = retest_program()
        self._retest = True
        self.start_session(program, program.stage[0].id, record=False)

    def _retest_results(self) -> None:
        self._retest = False
        from hipcoach.ui.coach_dialogs import RetestResultsDialog

        dialog = RetestResultsDialog(self)
        if dialog.exec() != RetestResultsDialog.DialogCode.Accepted or self.store_bridge is None:
            return
        results = dialog.results()
        if not results:
            return
        data_dir = self.data_dir

        def save(store: Any) -> list[str]:
            from hipcoach.coach import profile
            from hipcoach.coach.assessments import interpret
            from hipcoach.store.assessments import AssessmentStore

            goal = profile.load(data_dir).profile.intake.goal if data_dir else None
            AssessmentStore(store.engine).save(results)
            return [finding.line for finding in interpret(results, goal)]

        self.store_bridge.submit(
            save, lambda lines: (QMessageBox.information(self, "Re-test saved", "\n".join(lines)),
                                 self.refresh_coach()),
            lambda exc: QMessageBox.warning(self, "Re-test", f"Not saved: {exc}"), keep=True)

    def start_session(self, program: Program, stage_id: str, index: int = 0,
                      resume_id: int | None = None, record: bool = True) -> Player:
        timeline = compile_stage(program, stage_id, self.options)
        player = Player(timeline, self.clock.now)
        player.subscribe(self._relay)
        if self.audio is not None:
            self.audio.attach(player)
        self.player = player
        self.player_view.attach(player)
        if self.recorder is not None and record:
            # after the view and the sound: a step is shown and cued before the recorder
            # wakes the store worker, whose thread would otherwise compete for the GIL
            self.recorder.pain_before = self.start_view.pain_before()
            self.recorder.begin(player, index, resume_id)
        self.pages.setCurrentWidget(self.player_view)
        self._update_actions()
        self.player_view.setFocus()
        self._session_started_at = self.clock.now()
        player.start(self._session_started_at, index=index)
        self.deadlines.attach(player)
        return player

    def _relay(self, event: Event) -> None:
        if event.kind in ("finished", "ended"):
            self._show_end(event.kind == "finished")
        elif event.kind in ("paused", "resumed", "extended", "step"):
            self.deadlines.rearm()

    def _show_end(self, finished: bool) -> None:
        player = self.player
        if player is None:
            return
        self.player_view.stop()
        self.deadlines.attach(None)
        steps = player.timeline.steps
        planned = {(s.exercise, s.set) for s in steps if s.set is not None}
        reached = steps[: player.index + (1 if finished else 0)]
        done = {(s.exercise, s.set) for s in reached if s.set is not None and s.kind != "countdown"}
        active = sum(s.duration for s in reached)
        self.end_view.show_result(finished, player.timeline.program, player.timeline.stage.name,
                                  active, len(done & planned), len(planned))
        self.pages.setCurrentWidget(self.end_view)
        self._update_actions()
        self.end_view.back.setFocus()
        self.end_view_shown.emit()
        if self._retest:
            self._retest_results()
        elif self.coached is not None:
            self.refresh_coach()

    # Commands -------------------------------------------------------------------------
    def run_command(self, name: str) -> None:
        """A player command by name (the on-screen buttons use these)."""
        {
            "back": lambda: self._back("step"),
            "pause": self._toggle_pause,
            "skip": lambda: self._skip("step"),
            "extend": self._extend_rest,
            "ready": self._enter_pressed,
            "end": self.end_session,
        }[name]()

    def _enter_pressed(self) -> None:
        page = self.pages.currentWidget()
        if page is self.start_view:
            self.start_view.request_start()
        elif page is self.end_view:
            pain = self.end_view.pain_after()
            if pain is not None and self.recorder is not None:
                self.recorder.record_pain_after(pain)
            self.show_start()
        elif self.player_view.log_panel.open:
            self.player_view.log_panel.commit()
        elif self.player is not None:
            self.player.confirm(self.clock.now())

    def _toggle_pause(self) -> None:
        if self.player is not None:
            self.player.toggle_pause(self.clock.now())

    def _skip(self, unit: str) -> None:
        if self.player is not None:
            self.player.skip(unit, self.clock.now())  # type: ignore[arg-type]

    def _back(self, unit: str) -> None:
        if self.player is not None:
            self.player.back(unit, self.clock.now())  # type: ignore[arg-type]

    def _extend_rest(self) -> None:
        if self.player is not None and not self.player.extend_rest(now=self.clock.now()):
            self.statusBar().showMessage("+15 s works during a rest", 3000)

    def end_session(self) -> None:
        player = self.player
        if player is None or not player.active:
            return
        was_running = player.state == "running"
        if was_running:
            player.pause(self.clock.now())
        if self.confirm_end():
            player.end(self.clock.now())
        elif was_running:
            player.resume(self.clock.now())

    def _ask_end(self) -> bool:
        box = QMessageBox(self)
        box.setWindowTitle("End the session?")
        box.setText("End this session now? What you have done so far is kept.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def set_theme(self, name: str) -> None:
        from PySide6.QtWidgets import QApplication

        self.theme_name = name
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.colours = theme.apply(app, name)
        self.player_view.set_colours(self.colours)
        if self.charts is not None:
            self.charts.set_colours(self.colours)
        for act in self._theme_group.actions():
            act.setChecked(act.text().lower().startswith(name))

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>"
                       for k, v in SHORTCUT_SHEET)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    def show_about(self) -> None:
        from hipcoach.cli import version_text

        QMessageBox.about(
            self, "About HipCoach",
            f"HipCoach {version_text()}\n\nA guided hip-extension programme player.\n"
            "It does not replace advice from a clinician.",
        )

    def attach_store(self, bridge: StoreBridge) -> None:
        """The history page and the backup commands need the database."""
        self.store_bridge = bridge
        self.history = HistoryView(bridge)
        self.history.back_requested.connect(self.show_start)
        self.printing = Printing(self, bridge)
        self.history.print_requested.connect(self.printing.session_summary)
        self.pages.addWidget(self.history)

    def preload_charts(self) -> None:
        """Import the chart libraries in the background while nothing is playing, so the
        charts open quickly; skipped during a session (imports compete for the GIL)."""
        if self.player is not None and self.player.active:
            return
        from hipcoach.ui.charts import preload_in_background

        preload_in_background()

    def show_charts(self) -> None:
        """The charts page (pyqtgraph is imported here, not at start-up)."""
        if self.player is not None and self.player.active:
            self.statusBar().showMessage("The charts open between sessions", 4000)
            return
        if self.store_bridge is None or self.store_bridge.store is None:
            self.statusBar().showMessage("The training history is not open yet", 4000)
            return
        if self.charts is None:
            from hipcoach.ui.charts import ChartsView

            page = QWidget()
            page.setObjectName("charts_page")
            back = QPushButton("Back  (Esc)")
            back.clicked.connect(self.show_start)
            self.charts = ChartsView(self.store_bridge.store, page, colours=self.colours)
            layout = QVBoxLayout(page)
            layout.addWidget(self.charts, 1)
            layout.addWidget(back)
            self.charts_page = page
            self.pages.addWidget(page)
        else:
            self.charts.refresh()
        self.pages.setCurrentWidget(self.charts_page)
        self._update_actions()

    def show_history(self) -> None:
        if self.history is None or (self.player is not None and self.player.active):
            self.statusBar().showMessage("The history opens between sessions", 4000)
            return
        self.pages.setCurrentWidget(self.history)
        self._update_actions()
        self.history.reload()
        self.history.sessions.setFocus()

    def print_summary(self, pdf: bool | None = None) -> None:
        """The summary of the session just done (or the latest one)."""
        if self.printing is None:
            return
        session_id = self.recorder.session_id if self.recorder is not None else None
        self.printing.session_summary(session_id, pdf=pdf)

    def clinician_report(self) -> None:
        if self.printing is not None:
            self.printing.clinician_report()

    def backup_now(self) -> None:
        if self.store_bridge is None or self.data_dir is None:
            return
        from hipcoach.store.backup import make_backup

        directory = self.data_dir
        self.store_bridge.submit(
            lambda _store: make_backup(directory),
            lambda path: self.statusBar().showMessage(f"Backup saved: {path}", 8000),
            lambda exc: QMessageBox.warning(self, "Backup", f"No backup was made: {exc}"))

    def restore_backup(self) -> None:
        if self.store_bridge is None or self.data_dir is None:
            return
        if self.player is not None and self.player.active:
            self.statusBar().showMessage("Restore a backup between sessions", 4000)
            return
        from PySide6.QtWidgets import QFileDialog

        from hipcoach.store import backup_dir

        name, _ = QFileDialog.getOpenFileName(self, "Restore a backup",
                                              str(backup_dir(self.data_dir)),
                                              "HipCoach databases (*.db);;All files (*)")
        if not name:
            return
        self.restore_from(name)

    def restore_from(self, name: str) -> None:
        """Replace the database with a backup (also after a database failed to open)."""
        if self.store_bridge is None or self.data_dir is None:
            return
        bridge, directory = self.store_bridge, self.data_dir

        def restore(store: Any) -> object:
            from hipcoach.store.backup import restore as restore_file
            from hipcoach.store.engine import prepare_database

            if store is not None:
                store.engine.dispose()
            restore_file(directory, name)
            assert bridge.worker is not None
            bridge.worker.store = prepare_database(directory).store()
            bridge.worker.failed_open = None
            return bridge.worker.store

        def restored(store: Any) -> None:
            bridge.store = store
            self.statusBar().showMessage("Backup restored.", 8000)
            if self.history is not None:
                self.history.reload()
            self.refresh_coach()

        self.store_bridge.submit(
            restore, restored,
            lambda exc: QMessageBox.warning(self, "Restore", f"Nothing was restored: {exc}"),
            needs_store=False, label="restore a backup")

    def attach_settings(self, settings_file: SettingsFile) -> None:
        self.settings_file = settings_file
        self.player_view.set_text_scale(settings_file.current.text_scale)

    def open_settings(self) -> None:
        from hipcoach.ui.settings_dialog import SettingsDialog

        if self.settings_file is None:
            return
        dialog = SettingsDialog(self.settings_file.current, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        self.apply_settings_changes(dialog.values())

    def apply_settings_changes(self, changes: dict[str, object]) -> None:
        """Save changed settings and apply them now (a running session keeps its plan)."""
        if self.settings_file is None:
            return
        try:
            settings = self.settings_file.update(**changes)
        except ValueError as exc:
            self.statusBar().showMessage(f"Settings not changed: {exc}", 6000)
            return
        except OSError as exc:
            settings = self.settings_file.current
            self.statusBar().showMessage(f"Settings apply now but were not saved: {exc}", 6000)
        self.options = options_for(settings)
        self.start_view.options = self.options
        self.start_view.refresh()
        self.set_theme(settings.theme)
        self.player_view.set_text_scale(settings.text_scale)
        if self.audio is not None:
            self.audio.apply(settings.audio_mode, settings.volume, settings.muted, settings.flash)

    def restore_geometry(self, path: Path) -> None:
        """Remember size and position in ``path`` (an ini file in the data dir)."""
        self.geometry_file = path
        stored = QSettings(str(path), QSettings.Format.IniFormat).value("window/geometry")
        if isinstance(stored, QByteArray) and not stored.isEmpty():
            self.restoreGeometry(stored)

    def _save_geometry(self) -> None:
        if self.geometry_file is None:
            return
        store = QSettings(str(self.geometry_file), QSettings.Format.IniFormat)
        store.setValue("window/geometry", self.saveGeometry())
        store.sync()

    def save_state(self) -> None:
        """Put the session's position on disk (crash handler, quit); a no-op without a store."""
        hook = getattr(self, "state_saver", None)
        if hook is not None and self.player is not None and self.player.active:
            hook(self.player)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Keys for the set-logging panel (digits, P, E, Backspace) while it is open."""
        if self.pages.currentWidget() is self.player_view and self.player_view.log_panel.key(
                event.key(), event.text()):
            return
        if self.pages.currentWidget() is self.end_view and self.end_view.key(event.text()):
            return
        on_other_page = self.pages.currentWidget() in (self.history, self.charts_page)
        if on_other_page and event.key() == Qt.Key.Key_Escape:
            self.show_start()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.player is not None and self.player.active:
            self.player.end(self.clock.now())
        if self.audio is not None:
            self.audio.close()
        self._save_geometry()
        super().closeEvent(event)

"""What happens once the database is open: resume an interrupted session, ask the
next-morning check-in, and explain a database that could not be opened."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hipcoach.format import when_text
from hipcoach.i18n import _
from hipcoach.ui.store_bridge import StoreBridge

if TYPE_CHECKING:
    from pathlib import Path

    from hipcoach.app.today import TodayPlan
    from hipcoach.domain.entries import SessionSummary
    from hipcoach.program.model import Program
    from hipcoach.store.repo import Store
    from hipcoach.ui.asks import Ask
    from hipcoach.ui.main_window import MainWindow

    # what the start finds: an interrupted session, none, or ("closed", how many closed)
    Interrupted: TypeAlias = SessionSummary | tuple[str, int] | None


class StartupChecks(QObject):
    def __init__(self, window: MainWindow, bridge: StoreBridge, asks: Ask,
                 resume: bool = False, start: bool = False) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.asks = asks
        self.resume = resume
        self.start = start
        self._screen_shown = False
        window.app.plan_listeners.append(self._plan_ready)

    # Database open --------------------------------------------------------------------
    def on_ready(self, _store: Store) -> None:
        app = self.window.app

        def find(store: Store) -> Interrupted:
            # Runs after any session this start already began (jobs run in order): that
            # one is not "interrupted", and neither is anything while it runs.
            current = app.run.session_id if app.run is not None else None
            if current is not None:
                closed = store.abandon_interrupted(keep=current)
                return ("closed", closed)
            return store.interrupted_session()

        self.bridge.submit(find, self._interrupted)
        app.open(preselected=self.window.preselected)

    def _plan_ready(self, plan: TodayPlan) -> None:
        """The coach says the safety screen is due (first run, 90 days, after a flare, an
        uncleared "yes"): show it once per start, when nobody is exercising."""
        coached = plan.stage_plan().coached
        if (coached is not None and coached.screen_due and not self._screen_shown
                and self.asks.interactive and not self.start and not self.resume
                and not self.window.app.session_active):
            self.safety_screen(force=True)

    def safety_screen(self, force: bool = False) -> None:
        """Red flags and intake (also Help ▸ Safety questions…); the app opens anyway.
        "Ask me later" is recorded, and the coach holds progression until answered."""
        from datetime import date

        from hipcoach.coach import profile as profile_store
        from hipcoach.ui.coach_dialogs import SafetyDialog

        directory = self.window.app.data_dir
        if directory is None:
            return
        loaded = profile_store.load(directory)
        if not force and not loaded.profile.screen_due(date.today()):
            return
        self._screen_shown = True
        # asked again: every question starts unanswered, so a yes is never kept by habit
        dialog = SafetyDialog(dataclasses.replace(loaded.profile, red_flags={}), self.window)
        accepted = dialog.exec() == SafetyDialog.DialogCode.Accepted
        advice = dialog.advice_text()  # a "yes" is advised on even when asked later
        try:
            profile_store.save(directory, dialog.profile(date.today()) if accepted
                               else dialog.deferred_profile(loaded.profile, date.today()))
        except (OSError, ValueError) as exc:
            self.window.start_view.add_notice(
                _("Your answers were not saved: {reason}").format(reason=exc))
        goals = dialog.goals.ratings("intake") if accepted else []
        if goals:
            self.bridge.submit(lambda store: store.goals.save(goals),
                               on_error=lambda exc: self.window.start_view.add_notice(
                                   _("Your everyday activities were not saved: {reason}").format(
                                       reason=exc)), keep=True)
        if advice:
            self.window.start_view.add_notice(advice)
            QMessageBox.warning(self.window, _("Please see a clinician first"), advice)
        self.window.app.changed("safety answers")

    def _interrupted(self, summary: Interrupted) -> None:
        if isinstance(summary, tuple):
            if summary[1]:
                self.window.start_view.add_notice(
                    _("An earlier interrupted session was closed, keeping what you did."))
            return
        if summary is None:
            if self.resume and self.start:
                self.window.start_chosen(wait=True)
            self._check_morning()
            return
        from hipcoach.program.catalog import UnknownProgram
        from hipcoach.program.loader import ProgramError

        when = when_text(summary.started_at, year=False)
        try:
            program = resume_program(summary, self.window.app.data_dir)
        except (UnknownProgram, ProgramError, KeyError):
            self.bridge.submit(lambda store: store.abandon_interrupted())
            self.window.start_view.add_notice(
                _("The session of {date} used a programme that is no longer available; it "
                  "was closed, keeping the sets you logged.").format(date=when))
            return
        if not self.resume and not self.asks.resume_session(summary, when):
            self.bridge.submit(lambda store: store.abandon_interrupted())
            self.window.start_view.add_notice(
                _("The interrupted session of {date} was ended; what you did is kept.").format(
                    date=when))
            self._check_morning()
            return
        from hipcoach.session.timeline import compile_stage

        timeline = compile_stage(program, summary.stage_id, self.window.app.options)
        from hipcoach.app.session_run import resume_index

        index = resume_index(timeline, summary.position)
        player = self.window.start_session(program, summary.stage_id, index,
                                           resume_id=summary.id,
                                           active_before=getattr(summary, "active_s", 0.0))
        if not self.resume:  # the user said "Resume": time to get back to the floor first
            player.pause(self.window.clock.now())

    # Next-morning check-in ------------------------------------------------------------
    def _check_morning(self) -> None:
        hour = self.window.app.settings.current.morning_from_hour
        self.bridge.submit(lambda store: store.due_next_morning_checkin(from_hour=hour),
                           self._morning)

    def _morning(self, summary: SessionSummary | None) -> None:
        if summary is None or not self.asks.interactive or self.window.app.session_active:
            return
        answer = MorningDialog(summary, self.window)
        if answer.exec() != QDialog.DialogCode.Accepted:
            return
        from hipcoach.domain.entries import Checkin

        checkin = Checkin(summary.id, "next_morning", answer.pain.value(),
                          answer.stiffness.value())
        self.bridge.submit(lambda store: store.add_checkin(checkin),
                           lambda _r: self.window.app.changed("check-in"), keep=True,
                           label="next-morning check-in")

    # Problems -------------------------------------------------------------------------
    def on_open_failed(self, exc: Exception) -> None:
        from hipcoach.store.errors import CorruptDatabase, NewerDatabase

        if isinstance(exc, CorruptDatabase):
            moved = (" " + _("It was moved aside to {file}, not deleted.").format(
                file=exc.moved_to) if exc.moved_to else "")
            text = (_("The training history could not be read: {reason}.").format(reason=exc)
                    + moved + " " + _("You can restore a backup from File ▸ Restore a "
                                      "backup…; until then sessions are not recorded."))
        elif isinstance(exc, NewerDatabase):
            text = f"{exc} " + _("Update HipCoach to see and add to this history; sessions "
                                 "are not recorded meanwhile.")
        else:
            text = _("The training history cannot be opened ({reason}); sessions are not "
                     "recorded.").format(reason=exc)
        self.window.start_view.add_notice(text)
        self.window.player_view.show_notice(text)
        self.window.app.open(preselected=self.window.preselected)
        if not self.asks.interactive:
            return
        if isinstance(exc, CorruptDatabase):
            box = QMessageBox(QMessageBox.Icon.Warning, _("Training history"), text,
                              QMessageBox.StandardButton.Close, self.window)
            restore = box.addButton(_("Restore a backup…"), QMessageBox.ButtonRole.AcceptRole)
            box.exec()
            if box.clickedButton() is restore:
                self.window.backups.restore_backup()
        else:
            QMessageBox.warning(self.window, _("Training history"), text)

    def on_problem(self, message: str) -> None:
        text = message[:1].upper() + message[1:] + "."
        self.window.player_view.show_notice(text)
        self.window.statusBar().showMessage(text, 15000)


def resume_program(summary: SessionSummary, data_dir: Path | None) -> Program:
    """The programme an interrupted session ran: the one it recorded (the coach's
    prescribed copy, ``SessionSummary.program_json``), else its file when that is still
    the same (``program_digest``). KeyError/UnknownProgram/ProgramError otherwise, so two
    programmes are never mixed in one session."""
    from hipcoach.program.catalog import UnknownProgram, resolve
    from hipcoach.program.decode import decode_program_json
    from hipcoach.program.model import program_digest

    played = getattr(summary, "program_json", None)
    if played:
        program = decode_program_json(played)
    else:
        program = resolve(summary.program_id, data_dir)
        if summary.program_digest and program_digest(program) != summary.program_digest:
            raise UnknownProgram(f"{summary.program_id} has changed since the session began")
    program.get_stage(summary.stage_id)
    return program


class MorningDialog(QDialog):
    def __init__(self, summary: SessionSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("How is your back this morning?"))
        when = when_text(summary.started_at, year=False)
        intro = QLabel(_("After your session on {date}: how much back pain and stiffness do "
                         "you have now? (0 = none, 10 = worst)").format(date=when))
        intro.setWordWrap(True)
        self.pain = QSpinBox()
        self.pain.setRange(0, 10)
        self.pain.setAccessibleName(_("pain this morning"))
        self.stiffness = QSpinBox()
        self.stiffness.setRange(0, 10)
        self.stiffness.setAccessibleName(_("stiffness this morning"))
        form = QFormLayout()
        form.addRow(_("Pain"), self.pain)
        form.addRow(_("Stiffness"), self.stiffness)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Skip"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

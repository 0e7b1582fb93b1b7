"""What happens once the database is open: resume an interrupted session, ask the
next-morning check-in, and explain a database that could not be opened."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
)

from hipcoach.app.session_run import resume_index
from hipcoach.ui.store_bridge import StoreBridge


class StartupChecks(QObject):
    def __init__(self, window: Any, bridge: StoreBridge, resume: bool = False,
                 start: bool = False) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.resume = resume
        self.start = start
        self.ask = True  # tests switch the dialogs off
        self._screen_shown = False
        window.app.plan_listeners.append(self._plan_ready)

    # Database open --------------------------------------------------------------------
    def on_ready(self, _store: Any) -> None:
        app = self.window.app

        def find(store: Any) -> Any:
            # Runs after any session this start already began (jobs run in order): that
            # one is not "interrupted", and neither is anything while it runs.
            current = app.run.session_id if app.run is not None else None
            if current is not None:
                closed = store.abandon_interrupted(keep=current)
                return ("closed", closed)
            return store.interrupted_session()

        self.bridge.submit(find, self._interrupted)
        app.open(preselected=self.window.preselected)

    def _plan_ready(self, plan: Any) -> None:
        """The coach says the safety screen is due (first run, 90 days, after a flare, an
        uncleared "yes"): show it once per start, when nobody is exercising."""
        coached = plan.stage_plan().coached
        if (coached is not None and coached.screen_due and not self._screen_shown
                and self.ask and not self.start and not self.resume
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
        advice = dialog.advice_text() if accepted else None
        try:
            profile_store.save(directory, dialog.profile(date.today()) if accepted
                               else dialog.deferred_profile(date.today()))
        except (OSError, ValueError) as exc:
            self.window.start_view.add_notice(f"Your answers were not saved: {exc}")
        goals = dialog.goals.ratings("intake") if accepted else []
        if goals:
            self.bridge.submit(lambda store: store.goals.save(goals),
                               on_error=lambda exc: self.window.start_view.add_notice(
                                   f"Your everyday activities were not saved: {exc}"), keep=True)
        if advice:
            self.window.start_view.add_notice(advice)
            QMessageBox.warning(self.window, "Please see a clinician first", advice)
        self.window.app.changed("safety answers")

    def _interrupted(self, summary: Any) -> None:
        if isinstance(summary, tuple):
            if summary[1]:
                self.window.start_view.add_notice(
                    "An earlier interrupted session was closed, keeping what you did.")
            return
        if summary is None:
            if self.resume and self.start:
                self.window.start_chosen()
            self._check_morning()
            return
        from hipcoach.program.catalog import UnknownProgram
        from hipcoach.program.loader import ProgramError

        when = summary.started_at.astimezone().strftime("%a %d %b, %H:%M")
        try:
            program = resume_program(summary, self.window.app.data_dir)
        except (UnknownProgram, ProgramError, KeyError):
            self.bridge.submit(lambda store: store.abandon_interrupted())
            self.window.start_view.add_notice(
                f"The session of {when} used a programme that is no longer available; it was "
                "closed, keeping the sets you logged.")
            return
        if not self.resume and not self._ask_resume(summary, when):
            self.bridge.submit(lambda store: store.abandon_interrupted())
            self.window.start_view.add_notice(f"The interrupted session of {when} was ended; "
                                              "what you did is kept.")
            self._check_morning()
            return
        from hipcoach.session.timeline import compile_stage

        timeline = compile_stage(program, summary.stage_id, self.window.app.options)
        index = resume_index(timeline, summary.position)
        player = self.window.start_session(program, summary.stage_id, index,
                                           resume_id=summary.id,
                                           active_before=getattr(summary, "active_s", 0.0))
        if not self.resume:  # the user said "Resume": time to get back to the floor first
            player.pause(self.window.clock.now())

    def _ask_resume(self, summary: Any, when: str) -> bool:
        if not self.ask:
            return False
        box = QMessageBox(self.window)
        box.setWindowTitle("Pick up where you stopped?")
        box.setText(f"Your {summary.program_name} session ({summary.stage_name}) of {when} "
                    f"was interrupted after {summary.sets_text()} "
                    f"({summary.exercised_text()} of exercise).")
        box.setInformativeText("Resume it at the set you were on, or end it and keep what "
                               "you did?")
        resume = box.addButton("Resume", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("End it, keep what I did", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(resume)
        box.exec()
        return box.clickedButton() is resume

    # Next-morning check-in ------------------------------------------------------------
    def _check_morning(self) -> None:
        hour = self.window.app.settings.current.morning_from_hour
        self.bridge.submit(lambda store: store.due_next_morning_checkin(from_hour=hour),
                           self._morning)

    def _morning(self, summary: Any) -> None:
        if summary is None or not self.ask or self.window.app.session_active:
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
            moved = f" It was moved aside to {exc.moved_to}, not deleted." if exc.moved_to else ""
            text = (f"The training history could not be read: {exc}.{moved} You can restore "
                    "a backup from File ▸ Restore a backup…; until then sessions are not "
                    "recorded.")
        elif isinstance(exc, NewerDatabase):
            text = (f"{exc} Update HipCoach to see and add to this history; sessions are not "
                    "recorded meanwhile.")
        else:
            text = f"The training history cannot be opened ({exc}); sessions are not recorded."
        self.window.start_view.add_notice(text)
        self.window.player_view.show_notice(text)
        self.window.app.open(preselected=self.window.preselected)
        if not self.ask:
            return
        if isinstance(exc, CorruptDatabase):
            box = QMessageBox(QMessageBox.Icon.Warning, "Training history", text,
                              QMessageBox.StandardButton.Close, self.window)
            restore = box.addButton("Restore a backup…", QMessageBox.ButtonRole.AcceptRole)
            box.exec()
            if box.clickedButton() is restore:
                self.window.backups.restore_backup()
        else:
            QMessageBox.warning(self.window, "Training history", text)

    def on_problem(self, message: str) -> None:
        text = message[:1].upper() + message[1:] + "."
        self.window.player_view.show_notice(text)
        self.window.statusBar().showMessage(text, 15000)


def resume_program(summary: Any, data_dir: Any) -> Any:
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
    def __init__(self, summary: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("How is your back this morning?")
        when = summary.started_at.astimezone().strftime("%A %H:%M")
        intro = QLabel(f"After your session on {when}: how much back pain and stiffness do "
                       "you have now? (0 = none, 10 = worst)")
        intro.setWordWrap(True)
        self.pain = QSpinBox()
        self.pain.setRange(0, 10)
        self.pain.setAccessibleName("pain this morning")
        self.stiffness = QSpinBox()
        self.stiffness.setRange(0, 10)
        self.stiffness.setAccessibleName("stiffness this morning")
        form = QFormLayout()
        form.addRow("Pain", self.pain)
        form.addRow("Stiffness", self.stiffness)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Skip")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

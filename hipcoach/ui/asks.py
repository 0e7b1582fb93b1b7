"""The window's questions to the person in front of it (end the session? leave it?
resume an interrupted one?), through one port: ``Ask``.

The window and the start-up checks are given an ``Ask`` when they are made: ``Dialogs``
asks with message boxes (a real start); ``NobodyThere`` answers at once for scripts,
benchmarks and screenshots (end at once, leave quietly and resumably, end an interrupted
session keeping what was done, show no optional dialog); tests give an answering fake.
A signal never asks (the window is leaving already).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from hipcoach.i18n import _

if TYPE_CHECKING:
    from hipcoach.domain.entries import SessionSummary

LEAVE, END, STAY = "leave", "end", "stay"
Leaving = Literal["leave", "end", "stay"]


class Ask(Protocol):
    """Confirmations the window asks for."""

    @property
    def interactive(self) -> bool:
        """Someone may answer the start-up's own dialogs (the safety screen, the
        next-morning check-in, a database that could not be opened)."""
        ...

    def end_session(self) -> bool:
        """End the running session now?"""
        ...

    def leave_session(self) -> Leaving:
        """Closing while a session runs: LEAVE (resume later), END (end it) or STAY."""
        ...

    def resume_session(self, summary: SessionSummary, when: str) -> bool:
        """Resume an interrupted session (else it is ended, keeping what was done)?"""
        ...


class Dialogs:
    """``Ask`` through message boxes over ``parent``."""

    interactive = True

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def end_session(self) -> bool:
        return end_session(self.parent)

    def leave_session(self) -> Leaving:
        return leave_session(self.parent)

    def resume_session(self, summary: SessionSummary, when: str) -> bool:
        return resume_session(self.parent, summary, when)


class NobodyThere:
    """``Ask`` where nobody is there to answer: every question has its safe answer."""

    interactive = False

    def end_session(self) -> bool:
        return True

    def leave_session(self) -> Leaving:
        return LEAVE

    def resume_session(self, summary: SessionSummary, when: str) -> bool:
        return False


def end_session(parent: QWidget) -> bool:
    box = QMessageBox(parent)
    box.setWindowTitle(_("End the session?"))
    box.setText(_("End this session now? What you have done so far is kept."))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def leave_session(parent: QWidget) -> Leaving:
    """LEAVE (quit, resume later), END (end it and quit) or STAY."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("Leave the session?"))
    box.setText(_("A session is running. Quit now and pick it up at this set next time, "
                  "or end the session here?"))
    leave = box.addButton(_("Quit, resume later"), QMessageBox.ButtonRole.AcceptRole)
    end = box.addButton(_("End the session and quit"), QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton(_("Keep going"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.exec()
    clicked = box.clickedButton()
    return LEAVE if clicked is leave else END if clicked is end else STAY


def resume_session(parent: QWidget, summary: SessionSummary, when: str) -> bool:
    box = QMessageBox(parent)
    box.setWindowTitle(_("Pick up where you stopped?"))
    box.setText(_("Your {programme} session ({stage}) of {date} was interrupted after "
                  "{sets} ({time} of exercise).").format(
        programme=summary.program_name, stage=summary.stage_name, date=when,
        sets=summary.sets_text(), time=summary.exercised_text()))
    box.setInformativeText(_("Resume it at the set you were on, or end it and keep what "
                             "you did?"))
    resume = box.addButton(_("Resume"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("End it, keep what I did"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(resume)
    box.exec()
    return box.clickedButton() is resume

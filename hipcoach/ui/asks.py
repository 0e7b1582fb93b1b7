"""The window's questions to the person in front of it (end the session? leave it?).

The window holds each as a replaceable callable (``confirm_end``, ``confirm_leave``), so
tests and a signal (where nobody is there to answer) use their own answers.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from hipcoach.i18n import _

LEAVE, END, STAY = "leave", "end", "stay"


def end_session(parent: QWidget) -> bool:
    box = QMessageBox(parent)
    box.setWindowTitle(_("End the session?"))
    box.setText(_("End this session now? What you have done so far is kept."))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def leave_session(parent: QWidget) -> str:
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

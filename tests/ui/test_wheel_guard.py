"""Scrolling the safety screen with the wheel never changes an answer."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from hipcoach.coach.profile import Profile
from hipcoach.ui.coach_dialogs import SafetyDialog


def wheel(widget) -> None:  # type: ignore[no-untyped-def]
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_passing_over_the_goal_leaves_it_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SafetyDialog(Profile())
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.goal.currentIndex()
    wheel(dialog.goal)  # the pointer passes over it while scrolling the form
    assert dialog.goal.currentIndex() == before
    dialog.goal.setFocus()
    qtbot.waitUntil(dialog.goal.hasFocus, timeout=2_000)
    wheel(dialog.goal)  # chosen on purpose: clicked or tabbed to, then the wheel
    assert dialog.goal.currentIndex() != before

"""A scrolled form's choices keep their value when the mouse wheel passes over them.

Qt lets the wheel change a combo box or spin box under the pointer even when the user is
scrolling the form: an answer (a goal, a pain level, a re-test result) then changes
without anyone choosing it. ``guard`` makes such a widget take the wheel only once it
has the keyboard focus (clicked or tabbed to); otherwise the wheel scrolls the form.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) \
                and not watched.hasFocus():
            event.ignore()  # handed on to the scrolling form
            return True
        return False


def guard(*widgets: QWidget) -> None:
    """Let ``widgets`` take the wheel only when focused (the guard is their child)."""
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        keeper = _WheelGuard(widget)
        widget.installEventFilter(keeper)

"""The compact panel that logs a finished set, operated from across the room.

It opens pre-filled with the prescription. Digits type the reps; P then a digit sets
pain (0-9, or 1 then 0 for 10), E then a digit sets effort (RPE; 0 means 10);
Backspace clears what is being typed; Enter saves. A value that is not possible is
refused on the spot with a message, and nothing is saved until it is right. The set is on
disk before the panel opens (as the player counted it); the panel's answer corrects it.
If the next set starts before Enter, the values shown are kept.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from hipcoach.app.session_run import LogValues
from hipcoach.i18n import _
from hipcoach.session.set_tracker import FinishedSet
from hipcoach.ui.fit_label import FitLabel

MAX_REPS = 100


class LogPanel(QFrame):
    """Emits ``confirmed(finished_set, values)`` once per set."""

    confirmed = Signal(object, object)
    opened = Signal(object)  # the finished set it asks about (traces)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("log_panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("log this set"))
        # Its height is given by the player (a share of the view); the texts fit into it.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.title = FitLabel("log_title", bold=True)
        self.fields = FitLabel("log_fields", bold=True)
        self.hint = FitLabel("log_hint")
        self.hint.setText(_("Digits: reps   ·   P + digit: pain   ·   E + digit: effort   ·   "
                            "Enter: save"))
        self.message = FitLabel("log_message", bold=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(0)
        for label, share in ((self.title, 3), (self.fields, 4), (self.message, 2),
                             (self.hint, 2)):
            layout.addWidget(label, share)
        self.finished_set: FinishedSet | None = None
        self.values = LogValues(0)
        self._field = "reps"
        self._typed = ""
        self.hide()

    def set_cap(self, pixel_size: float) -> None:
        """The largest font its texts may use (they also fit the space they have)."""
        for label, factor in ((self.title, 1.0), (self.fields, 1.3), (self.message, 0.8),
                              (self.hint, 0.6)):
            label.set_cap(pixel_size * factor)

    @property
    def open(self) -> bool:
        return self.finished_set is not None

    def ask(self, finished: FinishedSet, name: str, side_text: str) -> None:
        """Show a finished set, pre-filled; a set still open is saved first."""
        self.commit()
        self.finished_set = finished
        self.values = LogValues(finished.reps)
        self._field, self._typed = "reps", ""
        self.title.setText(_("Log: {exercise}, set {number}{side}").format(
            exercise=name, number=finished.span.set_no, side=side_text))
        self.message.setText("")
        self._show_values()
        self.show()
        self.opened.emit(finished)

    def commit(self, force: bool = False) -> None:
        """Save the open set as shown (Enter). ``force`` (work begins, the session ends):
        close it whatever happens, dropping a half-typed value that is not possible."""
        if self.finished_set is None:
            return
        if self._typed and not self._apply_typed() and not force:
            return
        finished, values = self.finished_set, self.values
        self.finished_set = None
        self.hide()
        self.confirmed.emit(finished, values)

    def key(self, key: int, text: str) -> bool:
        """Handle a key while open; True when it was used."""
        if self.finished_set is None:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
            return True
        if key == Qt.Key.Key_Backspace:
            self._typed = self._typed[:-1]
            self._show_values()
            return True
        lower = text.lower()
        if lower in ("p", "e"):
            if self._typed and not self._apply_typed():
                return True
            self._field = {"p": "pain", "e": "rpe"}[lower]
            self._typed = ""
            self._show_values()
            return True
        if text.isdigit() and len(text) == 1:
            self._typed += text
            if self._field != "reps" and (len(self._typed) == 2 or self._typed not in ("1",)):
                self._apply_typed()
            elif self._field == "reps" and int(self._typed) > MAX_REPS:
                self._apply_typed()  # refused on the spot: never left waiting to be saved
            else:
                self._show_values()
            return True
        return False

    def _apply_typed(self) -> bool:
        typed, field = self._typed, self._field
        value = int(typed)
        if field == "rpe" and value == 0:
            value = 10
        limits = {"reps": (0, MAX_REPS), "pain": (0, 10), "rpe": (1, 10)}[field]
        words = {"reps": _("Reps"), "pain": _("Pain"), "rpe": _("Effort")}[field]
        if not limits[0] <= value <= limits[1]:
            self.message.setText(_("{field} must be {low}-{high}: {value} was not kept").format(
                field=words, low=limits[0], high=limits[1], value=value))
            self._typed = ""
            self._show_values()
            return False
        self.values = replace(self.values, **{field: value})
        self.message.setText("")
        self._typed = ""
        self._field = "reps"  # pain and effort take one entry; digits go back to reps
        self._show_values()
        return True

    def _show_values(self) -> None:
        def shown(field: str, value: int | None) -> str:
            if self._field == field and self._typed:
                return f"[{self._typed}_]"
            text = "–" if value is None else str(value)
            return f"[{text}]" if self._field == field else text

        target = self.finished_set.span.target_reps if self.finished_set else 0
        self.fields.setText(
            _("Reps {reps} of {target}     Pain {pain}/10     Effort {effort}/10").format(
                reps=shown("reps", self.values.reps), target=target,
                pain=shown("pain", self.values.pain), effort=shown("rpe", self.values.rpe))
        )

"""The end screen: what the session record says was done, and the pain-after check-in.

It shows nothing it computes itself: the totals come from the session record read back
from the store (``SessionDetail``), the same one History and the printouts read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hipcoach.app.record_text import record_lines
from hipcoach.i18n import _

if TYPE_CHECKING:
    from hipcoach.domain.entries import SessionDetail


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
        self.pain.setWordWrap(True)
        self.pain.setFont(font)
        self._pain: int | None = None
        self._saved: int | None = None  # the pain-after value already handed to the store
        self._why_pain: str | None = None  # the coach's reason to ask, when it has one
        self.back = QPushButton(_("Back to the start screen  (Enter)"))
        self.back.setObjectName("end_back")
        self.back.clicked.connect(self.back_requested)
        self.print_button = QPushButton(_("Print summary…"))
        self.print_button.setObjectName("end_print")
        self.pdf_button = QPushButton(_("Save summary as PDF…"))
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

    def unsaved_pain(self) -> int | None:
        """The pain typed and not yet saved (None: nothing new to save)."""
        return self._pain if self._pain is not None and self._pain != self._saved else None

    def mark_saved(self) -> None:
        self._saved = self._pain
        self._show_pain()

    def key(self, text: str) -> bool:
        """A digit sets the pain-after check-in (1 then 0 makes 10); Backspace clears it."""
        from hipcoach.ui.pain_keys import typed_pain

        handled, self._pain = typed_pain(self._pain, text)
        if handled:
            self._show_pain()
        return handled

    def _show_pain(self) -> None:
        shown = "–" if self._pain is None else str(self._pain)
        if self._pain is not None and self._pain == self._saved:
            text = _("Pain now: {pain}/10, saved. Enter: back to the start screen").format(
                pain=shown)
        else:
            text = _("Pain now: {pain}/10  (0-9, 1 0 for 10; Enter saves)").format(pain=shown)
        if self._pain is None and self._why_pain:
            text += "\n" + self._why_pain.split(" [")[0]  # the reason without its rule tag
        self.pain.setText(text)

    def ask_pain(self, reason: str | None) -> None:
        """The coach's plan says why it needs the pain level (None: it does not)."""
        self._why_pain = reason
        self._show_pain()

    def show_started(self, finished: bool, program_name: str, stage_name: str,
                     recorded: bool = True) -> None:
        """The session stopped; the totals follow when the record has been read back."""
        self.title.setText(_("Session complete") if finished else _("Session ended"))
        self._pain = None
        self._saved = None
        self._why_pain = None
        self._show_pain()
        self.summary.setText(f"{program_name} — {stage_name}\n"
                             + (_("Saving…") if recorded else _("This session was not recorded.")))
        self._names = (program_name, stage_name)

    def show_record(self, detail: SessionDetail | Exception) -> None:
        """The record as the store holds it (``SessionDetail``), or why it cannot be read
        yet (an exception: the sets are kept and saved when the disk allows)."""
        if isinstance(detail, Exception):
            program, stage = getattr(self, "_names", ("", ""))
            reason = str(detail) or _("it could not be read back")
            reason = reason[:1].lower() + reason[1:]
            self.summary.setText(f"{program} — {stage}\n"
                                 + _("Not saved yet: {reason}.").format(reason=reason))
            return
        summary = detail.summary
        lines = [f"{summary.program_name} — {summary.stage_name}", *record_lines(detail)]
        self.summary.setText("\n".join(lines))

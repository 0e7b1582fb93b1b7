"""Function goals on the safety screen (intake) and the re-test form: up to five
everyday activities the back limits, in the user's words, each rated 0-10."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from hipcoach.domain.function_goals import MAX_ACTIVITY_CHARS, MAX_GOALS, GoalRating
from hipcoach.i18n import N_, _
from hipcoach.ui.wheel_guard import guard

HELP = N_("Name up to five everyday things your back makes hard, in your own words (for "
        "example “walk the dog for 30 minutes”), and rate each: 0 = I cannot do it, "
        "10 = as well as before my back trouble. Rating the same activities at each "
        "re-test shows what has changed.")


class GoalsBox(QGroupBox):
    """Five rows of activity and rating; ``ratings(occasion)`` gives what was filled in."""

    def __init__(self, activities: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(_("Everyday activities (function goals)"), parent)
        self.setObjectName("goals_box")
        grid = QGridLayout(self)
        note = QLabel(_(HELP))
        note.setWordWrap(True)
        grid.addWidget(note, 0, 0, 1, 2)
        self.rows: list[tuple[QLineEdit, QSpinBox]] = []
        for n in range(MAX_GOALS):
            text = QLineEdit(activities[n] if n < len(activities) else "")
            text.setMaxLength(MAX_ACTIVITY_CHARS)
            text.setPlaceholderText(_("activity {number}").format(number=n + 1))
            text.setAccessibleName(_("activity {number}").format(number=n + 1))
            score = QSpinBox()
            score.setRange(-1, 10)
            score.setSpecialValueText(_("not rated"))
            score.setValue(-1)
            guard(score)  # scrolling the form never changes a rating
            score.setAccessibleName(_("rating of activity {number}, 0 to 10").format(number=n + 1))
            grid.addWidget(text, n + 1, 0)
            grid.addWidget(score, n + 1, 1)
            self.rows.append((text, score))
        grid.setColumnStretch(0, 1)

    def problem(self) -> str | None:
        """Why the rows cannot be saved as they are (None: they can)."""
        for n, (text, score) in enumerate(self.rows, 1):
            if text.text().strip() and score.value() < 0:
                return _("Activity {number} has no rating (0-10).").format(number=n)
            if score.value() >= 0 and not text.text().strip():
                return _("Rating {number} has no activity.").format(number=n)
        return None

    def ratings(self, occasion: str, at: datetime | None = None) -> list[GoalRating]:
        moment = at or datetime.now(UTC)
        return [GoalRating(text.text().strip(), score.value(), moment, occasion, n)
                for n, (text, score) in enumerate(self.rows, 1)
                if text.text().strip() and score.value() >= 0]

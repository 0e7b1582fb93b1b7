"""One function-goal rating: an everyday activity the back limits, in the user's own
words, rated 0-10 on one occasion (intake or a re-test), and the checks on it.

What the ratings mean over time is the coach's (``hipcoach.coach.function_goals``);
the store keeps the rows (``hipcoach.store.function_goals``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hipcoach.i18n import _

MAX_GOALS = 5
MAX_ACTIVITY_CHARS = 120
OCCASIONS = ("intake", "retest")


@dataclass(frozen=True, slots=True)
class GoalRating:
    """One activity rated on one occasion."""

    activity: str
    score: int
    rated_at: datetime
    occasion: str = "retest"  # "intake" or "retest"
    slot: int = 1

    def problems(self) -> list[str]:
        found = []
        if not self.activity.strip():
            found.append(_("activity {slot} has no words").format(slot=self.slot))
        if len(self.activity) > MAX_ACTIVITY_CHARS:
            found.append(_("activity {slot} is longer than {MAX_ACTIVITY_CHARS} characters").format(
                             slot=self.slot, MAX_ACTIVITY_CHARS=MAX_ACTIVITY_CHARS))
        if not 0 <= self.score <= 10:
            found.append(_("the rating of activity {slot} must be 0-10, got {score}").format(
                             slot=self.slot, score=self.score))
        if not 1 <= self.slot <= MAX_GOALS:
            found.append(_("at most {MAX_GOALS} activities, got number {slot}").format(
                             MAX_GOALS=MAX_GOALS, slot=self.slot))
        if self.occasion not in OCCASIONS:
            found.append(_("occasion must be intake or retest, got {occasion!r}").format(
                             occasion=self.occasion))
        return found

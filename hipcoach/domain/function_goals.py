"""One function-goal rating: an everyday activity the back limits, in the user's own
words, rated 0-10 on one occasion (intake or a re-test), and the checks on it.

What the ratings mean over time is the coach's (``hipcoach.coach.function_goals``);
the store keeps the rows (``hipcoach.store.function_goals``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
            found.append(f"activity {self.slot} has no words")
        if len(self.activity) > MAX_ACTIVITY_CHARS:
            found.append(f"activity {self.slot} is longer than {MAX_ACTIVITY_CHARS} characters")
        if not 0 <= self.score <= 10:
            found.append(f"the rating of activity {self.slot} must be 0-10, got {self.score}")
        if not 1 <= self.slot <= MAX_GOALS:
            found.append(f"at most {MAX_GOALS} activities, got number {self.slot}")
        if self.occasion not in OCCASIONS:
            found.append(f"occasion must be intake or retest, got {self.occasion!r}")
        return found

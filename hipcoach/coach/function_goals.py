"""Function goals: up to five everyday activities the back limits, in the user's own
words, each rated 0-10 (0 = cannot do it, 10 = as well as before the back trouble).

Rated at intake (the safety screen) and again at each re-test. The change since an
activity's first rating is read against the scale's published minimal detectable change
(MDC, 90% confidence): about 2 points for the average of the activities and 3 points for
a single one (Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change
on individual patients: a report of a patient specific measure. Physiotherapy Canada
1995;47:258-263). A change smaller than that may be measurement noise.

Pure Python: ``GoalRating`` rows in, ``GoalChange`` lines out; the store keeps the rows
(``hipcoach.store.function_goals``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from hipcoach.i18n import N_, _

MAX_GOALS = 5
MAX_ACTIVITY_CHARS = 120
MDC_AVERAGE = 2.0
MDC_SINGLE = 3.0
SOURCE = N_("Stratford et al., Physiotherapy Canada 1995;47:258-263 (minimal detectable "
            "change about 2 points for the average, 3 for one activity)")
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


def goal_key(activity: str) -> str:
    """Activities are matched across occasions by their words, case and spaces ignored."""
    return " ".join(activity.split()).casefold()


@dataclass(frozen=True, slots=True)
class GoalChange:
    """One activity (or the average, ``activity`` None) from its first rating to its last."""

    activity: str | None
    first: float
    latest: float
    first_at: datetime
    latest_at: datetime
    ratings: int

    @property
    def change(self) -> float:
        return self.latest - self.first

    @property
    def mdc(self) -> float:
        return MDC_AVERAGE if self.activity is None else MDC_SINGLE

    @property
    def beyond_mdc(self) -> bool:
        return self.ratings > 1 and abs(self.change) >= self.mdc

    def verdict(self) -> str:
        if self.ratings < 2:
            return _("rated once so far")
        if not self.beyond_mdc:
            return _("within the {mdc}-point detectable change: not a clear change yet").format(
                mdc=f"{self.mdc:g}")
        return (_("better by more than the {mdc}-point detectable change") if self.change > 0
                else _("worse by more than the {mdc}-point detectable change")).format(
                    mdc=f"{self.mdc:g}")


def occasions(ratings: Sequence[GoalRating]) -> list[tuple[datetime, list[GoalRating]]]:
    """The ratings grouped by occasion (time), oldest first."""
    groups: dict[datetime, list[GoalRating]] = {}
    for r in sorted(ratings, key=lambda r: (r.rated_at, r.slot)):
        groups.setdefault(r.rated_at, []).append(r)
    return list(groups.items())


def goal_changes(ratings: Sequence[GoalRating]) -> list[GoalChange]:
    """Each activity's first and latest rating, then the average of each occasion (first
    vs latest occasion) as the last line; empty when nothing was rated."""
    by_activity: dict[str, list[GoalRating]] = {}
    for r in sorted(ratings, key=lambda r: (r.rated_at, r.slot)):
        by_activity.setdefault(goal_key(r.activity), []).append(r)
    lines = [GoalChange(group[-1].activity, group[0].score, group[-1].score,
                        group[0].rated_at, group[-1].rated_at, len(group))
             for group in by_activity.values()]
    groups = occasions(ratings)
    if groups:
        first_at, first = groups[0]
        last_at, last = groups[-1]
        lines.append(GoalChange(None, average(first), average(last), first_at, last_at,
                                len(groups)))
    return lines


def average(ratings: Sequence[GoalRating]) -> float:
    return sum(r.score for r in ratings) / len(ratings) if ratings else 0.0

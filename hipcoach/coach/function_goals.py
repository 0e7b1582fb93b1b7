"""Function goals: up to five everyday activities the back limits, in the user's own
words, each rated 0-10 (0 = cannot do it, 10 = as well as before the back trouble).

Rated at intake (the safety screen) and again at each re-test. The change since an
activity's first rating is read against the scale's published minimal detectable change
(MDC, 90% confidence): about 2 points for the average of the activities and 3 points for
a single one (Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change
on individual patients: a report of a patient specific measure. Physiotherapy Canada
1995;47:258-263). A change smaller than that may be measurement noise.

Pure Python: ``GoalRating`` rows (``hipcoach.domain.function_goals``) in, ``GoalChange``
lines out; the store keeps the rows (``hipcoach.store.function_goals``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from hipcoach.domain.function_goals import GoalRating
from hipcoach.format import number_text
from hipcoach.i18n import N_, _

MDC_AVERAGE = 2.0
MDC_SINGLE = 3.0
SOURCE = N_("Stratford et al., Physiotherapy Canada 1995;47:258-263 (minimal detectable "
            "change about 2 points for the average, 3 for one activity)")


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
                mdc=number_text(self.mdc))
        return (_("better by more than the {mdc}-point detectable change") if self.change > 0
                else _("worse by more than the {mdc}-point detectable change")).format(
                    mdc=number_text(self.mdc))


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

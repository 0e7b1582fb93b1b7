"""Function goals in the database (table ``function_goals``, revision 0007).

``Store.goals`` (a ``GoalStore``) saves one occasion's ratings (intake or re-test) in one transaction
and reads them back as ``hipcoach.domain.function_goals.GoalRating``. The model registers
the table on ``Base.metadata``; ``hipcoach.store.models`` imports this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import CheckConstraint, Engine, Index, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from hipcoach.domain.entries import utc
from hipcoach.domain.function_goals import GoalRating
from hipcoach.store.base import Base
from hipcoach.store.errors import InvalidEntry


class FunctionGoalRecord(Base):
    """One activity's rating on one occasion."""

    __tablename__ = "function_goals"
    __table_args__ = (
        CheckConstraint("occasion IN ('intake', 'retest')", name="occasion"),
        CheckConstraint("slot BETWEEN 1 AND 5", name="slot"),
        CheckConstraint("score BETWEEN 0 AND 10", name="score"),
        Index("uq_function_goals_slot", "rated_at", "slot", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rated_at: Mapped[datetime]
    occasion: Mapped[str] = mapped_column(String(8))
    slot: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(120))
    score: Mapped[int] = mapped_column(Integer)


function_goals_table = FunctionGoalRecord.__table__
G = function_goals_table.c


class GoalStore:
    """Function-goal ratings over one engine (``prepare_database(...).engine``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, ratings: Iterable[GoalRating], rated_at: datetime | None = None,
             occasion: str | None = None) -> int:
        """Save one occasion's ratings (all or none; a same-time occasion is replaced).
        Raises InvalidEntry listing every problem before anything is written."""
        items = list(ratings)
        problems = [p for item in items for p in item.problems()]
        slots = [item.slot for item in items]
        if len(set(slots)) != len(slots):
            problems.append("two activities share a number")
        if problems:
            raise InvalidEntry(problems)
        if not items:
            return 0
        moment = utc(rated_at if rated_at is not None else items[0].rated_at)
        with self.engine.begin() as conn:
            conn.execute(delete(function_goals_table).where(G.rated_at == moment))
            conn.execute(function_goals_table.insert(), [
                {"rated_at": moment, "occasion": occasion or item.occasion, "slot": item.slot,
                 "activity": " ".join(item.activity.split()), "score": item.score}
                for item in items])
        return len(items)

    def ratings(self, *, since: datetime | None = None,
                until: datetime | None = None) -> list[GoalRating]:
        """Ratings oldest first, then by activity number."""
        stmt = select(function_goals_table).order_by(G.rated_at, G.slot)
        if since is not None:
            stmt = stmt.where(G.rated_at >= utc(since))
        if until is not None:
            stmt = stmt.where(G.rated_at < utc(until))
        with self.engine.connect() as conn:
            return [GoalRating(r.activity, r.score, utc(r.rated_at), r.occasion, r.slot)
                    for r in conn.execute(stmt)]

    def latest_activities(self) -> list[str]:
        """The activities of the most recent occasion (to offer them again)."""
        items = self.ratings()
        if not items:
            return []
        last = items[-1].rated_at
        return [r.activity for r in items if r.rated_at == last]

"""Re-test results in the database (table ``assessments``, revision 0003).

``Store.assessments`` (an ``AssessmentStore``) saves a whole re-test in one transaction and reads results
back as ``hipcoach.domain.assessments.AssessmentResult``. All rows of one re-test share
its ``taken_at``; saving the same (time, test, side) again replaces the earlier value.

The model registers the table on ``Base.metadata``; ``hipcoach.store.models`` must
import this module so the two always agree (see the comparison test).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Engine,
    Float,
    Index,
    Integer,
    Row,
    String,
    Text,
    delete,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from hipcoach.domain.assessments import AssessmentResult
from hipcoach.domain.entries import utc
from hipcoach.store.base import Base
from hipcoach.store.errors import InvalidEntry


class AssessmentRecord(Base):
    """One measurement of one self-test, on one side or none."""

    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("side IN ('left', 'right')", name="side"),
        CheckConstraint("quality IN ('good', 'fair', 'poor')", name="quality"),
        CheckConstraint("value BETWEEN -90 AND 3600", name="value"),
        Index("ix_assessments_taken_at", "taken_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taken_at: Mapped[datetime]
    test: Mapped[str] = mapped_column(String(32))
    side: Mapped[str | None] = mapped_column(String(5))
    value: Mapped[float | None] = mapped_column(Float)
    quality: Mapped[str | None] = mapped_column(String(8))
    passed: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")


assessments_table = AssessmentRecord.__table__
A = assessments_table.c
ASSESSMENT_SLOT = (A.taken_at, A.test, func.coalesce(A.side, literal_column("''")))
Index("uq_assessments_slot", *ASSESSMENT_SLOT, unique=True)


def _row(r: Row[Any]) -> AssessmentResult:
    m = r._mapping
    return AssessmentResult(
        test=m["test"], side=m["side"], value=m["value"], quality=m["quality"],
        passed=m["passed"], taken_at=m["taken_at"], note=m["note"], id=m["id"],
    )


class AssessmentStore:
    """Re-test results over one engine (``prepare_database(...).engine``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, results: Iterable[AssessmentResult], taken_at: datetime | None = None
             ) -> list[int]:
        """Save one re-test, all rows or none; returns their ids.

        ``taken_at`` (default: each result's own, else now) is the re-test's time. Raises
        InvalidEntry listing every impossible value before anything is written.
        """
        items = list(results)
        moment = utc(taken_at) if taken_at is not None else None
        problems: list[str] = []
        for item in items:
            problems += item.problems()
        seen: set[tuple[str, str | None]] = set()
        for item in items:
            key = (item.test, item.side)
            if key in seen:
                problems.append(f"{item.test} {item.side or ''} appears twice in one re-test")
            seen.add(key)
        if problems:
            raise InvalidEntry(problems)
        now = utc(None)
        rows = []
        for item in items:
            when = moment or (utc(item.taken_at) if item.taken_at else now)
            passed = item.passed
            if passed is None and item.test == "thomas" and item.value is not None:
                passed = item.passed_or_angle
            rows.append({
                "taken_at": when, "test": item.test, "side": item.side,
                "value": None if item.value is None else float(item.value),
                "quality": item.quality, "passed": passed, "note": item.note,
            })
        if not rows:
            return []
        stmt = sqlite_insert(assessments_table)
        upsert = stmt.on_conflict_do_update(
            index_elements=list(ASSESSMENT_SLOT),
            set_={k: stmt.excluded[k] for k in ("value", "quality", "passed", "note")},
        ).returning(A.id)
        ids: list[int] = []
        with self.engine.begin() as conn:
            for row in rows:
                ids.append(conn.execute(upsert, row).scalar_one())
        return ids

    def results(self, *, test: str | None = None, since: datetime | None = None,
                until: datetime | None = None) -> list[AssessmentResult]:
        """Results oldest first (then by id), filtered by test and time."""
        stmt = select(assessments_table).order_by(A.taken_at, A.id)
        if test is not None:
            stmt = stmt.where(A.test == test)
        if since is not None:
            stmt = stmt.where(A.taken_at >= utc(since))
        if until is not None:
            stmt = stmt.where(A.taken_at < utc(until))
        with self.engine.connect() as conn:
            return [_row(r) for r in conn.execute(stmt)]

    def retests(self) -> list[tuple[datetime, list[AssessmentResult]]]:
        """Every re-test, oldest first: (time, its results)."""
        groups: dict[datetime, list[AssessmentResult]] = {}
        for result in self.results():
            assert result.taken_at is not None
            groups.setdefault(result.taken_at, []).append(result)
        return list(groups.items())

    def last_taken_at(self) -> datetime | None:
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(A.taken_at))).scalar()

    def latest(self) -> list[AssessmentResult]:
        """The newest re-test's results (empty if there is none)."""
        last = self.last_taken_at()
        if last is None:
            return []
        with self.engine.connect() as conn:
            stmt = select(assessments_table).where(A.taken_at == last).order_by(A.id)
            return [_row(r) for r in conn.execute(stmt)]

    def delete_retest(self, taken_at: datetime) -> int:
        """Remove one re-test; returns how many results went."""
        with self.engine.begin() as conn:
            return conn.execute(delete(assessments_table)
                                .where(A.taken_at == utc(taken_at))).rowcount

"""What the printed reports read from the history: plain dataclasses, no Qt.

Two entry points, both read-only:

- ``session_report(store, session_id)``: one session with its sets and check-ins, which
  exercise was its main one (the most time under tension) and that exercise's history
  over the eight weeks up to the session, one point per session.
- ``range_report(store, since, until, progress=...)``: every session that started in
  ``[since, until)`` with its totals, one line per (session, exercise) and the notes.
  The range is read in four-week slices so a long range can report its progress.

A session's totals (sets done and skipped, time exercised) come from its record, read
with the same select as the history (``summary_select``), never recomputed from the plan.

Everything handed back is timezone-aware UTC, like the rest of the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from hipcoach.domain.entries import (
    Load,
    LoggedSet,
    SessionDetail,
    SessionSummary,
    SkippedSet,
    max_or_none,
    utc,
)
from hipcoach.store.errors import StoreError
from hipcoach.store.models import (
    checkins_table,
    sessions_table,
    sets_table,
    skipped_sets_table,
)
from hipcoach.store.repo import Store, skipped_of, summary_of, summary_select

S = sessions_table.c
T = sets_table.c
C = checkins_table.c
K = skipped_sets_table.c

HISTORY_WEEKS = 8
SLICE = timedelta(weeks=4)
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ExercisePoint:
    """One session's work on one exercise (a point of the session summary's chart)."""

    session_id: int
    started_at: datetime
    sets: int
    reps: int
    tut_s: float
    load: Load


@dataclass(frozen=True, slots=True)
class SessionReportData:
    detail: SessionDetail
    main_exercise: str | None
    main_exercise_name: str
    main_history: tuple[ExercisePoint, ...]  # oldest first, this session included
    history_since: datetime

    @property
    def summary(self) -> SessionSummary:
        return self.detail.summary


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """One session of a range with its totals."""

    summary: SessionSummary
    sets: int
    reps: int
    tut_s: float
    max_set_pain: int | None
    morning_pain: int | None
    morning_stiffness: int | None
    skipped: tuple[SkippedSet, ...] = ()


@dataclass(frozen=True, slots=True)
class ExerciseSession:
    """The sets of one exercise in one session, added up."""

    session_id: int
    started_at: datetime
    exercise: str
    exercise_name: str
    sets: int
    reps: int
    reps_left: int | None
    reps_right: int | None
    tut_s: float
    load: Load  # of the last set: the load the session ended on
    max_rpe: int | None
    max_pain: int | None


@dataclass(frozen=True, slots=True)
class NoteLine:
    session_id: int
    performed_at: datetime
    exercise_name: str
    text: str


@dataclass(frozen=True, slots=True)
class RangeReportData:
    since: datetime
    until: datetime
    sessions: tuple[SessionFacts, ...]  # oldest first
    exercises: tuple[ExerciseSession, ...]  # oldest first
    notes: tuple[NoteLine, ...]  # oldest first


# Sessions ---------------------------------------------------------------------------


def latest_session_id(store: Store) -> int | None:
    """The id of the session that started last, or None when there is none."""
    with store.engine.connect() as conn:
        return conn.execute(
            select(S.id).order_by(S.started_at.desc(), S.id.desc()).limit(1)
        ).scalar_one_or_none()


def main_exercise(sets: Sequence[LoggedSet]) -> str | None:
    """The exercise with the most time under tension (then most reps, then first done)."""
    totals: dict[str, tuple[float, int]] = {}
    for entry in sets:
        tut, reps = totals.get(entry.exercise, (0.0, 0))
        totals[entry.exercise] = (tut + (entry.tut_s or 0.0), reps + entry.reps)
    if not totals:
        return None
    order = {name: n for n, name in enumerate(totals)}
    return max(totals, key=lambda name: (*totals[name], -order[name]))


def _load(row: Any) -> Load:
    return Load(row.load_unit, row.load_value, row.band_colour)


def session_report(store: Store, session_id: int,
                   history_weeks: int = HISTORY_WEEKS) -> SessionReportData:
    """One session for the summary page; UnknownSession when there is no such id."""
    detail = store.session_detail(session_id)
    main = main_exercise(detail.sets)
    started = detail.summary.started_at
    since = started - timedelta(weeks=history_weeks)
    name = ""
    points: list[ExercisePoint] = []
    if main is not None:
        name = next(s.exercise_name for s in detail.sets if s.exercise == main) or main
        stmt = (
            select(T.session_id, S.started_at, T.set_no, T.side, T.reps, T.tut_s,
                   T.load_unit, T.load_value, T.band_colour)
            .join(sessions_table, T.session_id == S.id)
            .where(T.exercise == main, S.started_at > utc(since), S.started_at <= started)
            .order_by(S.started_at, S.id, T.performed_at, T.id)
        )
        with store.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        by_session: dict[int, list[Any]] = {}
        for row in rows:
            by_session.setdefault(row.session_id, []).append(row)
        for sid, group in by_session.items():
            points.append(ExercisePoint(
                session_id=sid,
                started_at=group[0].started_at,
                sets=len({r.set_no for r in group}),
                reps=sum(r.reps for r in group),
                tut_s=sum(r.tut_s or 0.0 for r in group),
                load=_load(group[-1]),
            ))
    return SessionReportData(detail, main, name, tuple(points), since)


# Ranges -----------------------------------------------------------------------------


def _slices(since: datetime, until: datetime) -> list[tuple[datetime, datetime]]:
    parts = []
    start = since
    while start < until:
        end = min(until, start + SLICE)
        parts.append((start, end))
        start = end
    return parts


def _side_total(rows: Iterable[Any], side: str) -> int | None:
    picked = [r.reps for r in rows if r.side == side]
    return sum(picked) if picked else None


def range_report(store: Store, since: datetime, until: datetime, *,
                 progress: Progress | None = None) -> RangeReportData:
    """Every session that started in ``[since, until)``, with totals, per-exercise lines
    and notes. ``progress(done, total)`` is called after each four-week slice."""
    since, until = utc(since), utc(until)
    if until <= since:
        raise StoreError("the end of the period must come after its start")
    facts: list[SessionFacts] = []
    exercises: list[ExerciseSession] = []
    notes: list[NoteLine] = []
    parts = _slices(since, until)
    with store.engine.connect() as conn:
        for n, (start, end) in enumerate(parts, 1):
            in_slice = (S.started_at >= start) & (S.started_at < end)
            session_rows = conn.execute(
                summary_select().where(in_slice).order_by(S.started_at, S.id)
            ).all()
            set_rows = conn.execute(
                select(T.session_id, T.exercise, T.exercise_name, T.side, T.set_no, T.reps,
                       T.tut_s, T.load_unit, T.load_value, T.band_colour, T.rpe, T.pain,
                       T.note, T.performed_at)
                .join(sessions_table, T.session_id == S.id)
                .where(in_slice)
                .order_by(S.started_at, S.id, T.performed_at, T.id)
            ).all()
            morning_rows = conn.execute(
                select(C.session_id, C.pain, C.stiffness)
                .join(sessions_table, C.session_id == S.id)
                .where(in_slice, C.kind == "next_morning")
            ).all()
            morning = {r.session_id: (r.pain, r.stiffness) for r in morning_rows}
            skipped: dict[int, list[SkippedSet]] = {}
            for r in conn.execute(
                select(skipped_sets_table).join(sessions_table, K.session_id == S.id)
                .where(in_slice).order_by(K.id)
            ):
                skipped.setdefault(r.session_id, []).append(skipped_of(r))
            sets_by_session: dict[int, list[Any]] = {}
            for row in set_rows:
                sets_by_session.setdefault(row.session_id, []).append(row)
                if row.note:
                    notes.append(NoteLine(row.session_id, row.performed_at,
                                          row.exercise_name or row.exercise, row.note))
            for row in session_rows:
                rows = sets_by_session.get(row.id, [])
                set_pain = max_or_none(r.pain for r in rows)
                pain, stiffness = morning.get(row.id, (None, None))
                facts.append(SessionFacts(
                    summary=summary_of(row),
                    sets=len(rows), reps=sum(r.reps for r in rows),
                    tut_s=sum(r.tut_s or 0.0 for r in rows),
                    max_set_pain=set_pain, morning_pain=pain, morning_stiffness=stiffness,
                    skipped=tuple(skipped.get(row.id, ())),
                ))
                by_exercise: dict[str, list[Any]] = {}
                for r in rows:
                    by_exercise.setdefault(r.exercise, []).append(r)
                for exercise, group in by_exercise.items():
                    exercises.append(ExerciseSession(
                        session_id=row.id, started_at=row.started_at, exercise=exercise,
                        exercise_name=group[0].exercise_name or exercise,
                        sets=len({r.set_no for r in group}),
                        reps=sum(r.reps for r in group),
                        reps_left=_side_total(group, "left"),
                        reps_right=_side_total(group, "right"),
                        tut_s=sum(r.tut_s or 0.0 for r in group),
                        load=_load(group[-1]),
                        max_rpe=max_or_none(r.rpe for r in group),
                        max_pain=max_or_none(r.pain for r in group),
                    ))
            if progress is not None:
                progress(n, len(parts))
    return RangeReportData(since, until, tuple(facts), tuple(exercises), tuple(notes))


__all__ = [
    "ExercisePoint", "ExerciseSession", "NoteLine", "RangeReportData", "SessionFacts",
    "SessionReportData", "latest_session_id", "main_exercise", "range_report",
    "session_report",
]

"""The training history as the coach reads it: plain sessions with their sets and pain.

``SessionLog`` is what the rules take. ``load_history(store)`` builds them from the
database through the ``Store`` API (two queries plus one per recent session); tests and
callers may build them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from hipcoach.domain.entries import SessionDetail, SessionSummary, SetEntry

if TYPE_CHECKING:
    from hipcoach.store.repo import Store

# Sessions older than this are read as dates only (no sets): the coach restarts an
# exercise not done for ``restart_after_days`` anyway, which must stay below this.
DETAIL_DAYS = 180
# Exercise ids that were renamed: history logged under the old id counts for the new one
# (the daily drill's pure hip extension had its own id before both programmes shared one).
RENAMED: dict[str, str] = {"prone-hip-extension": "pure-hip-extension"}


def current_ids(sets: tuple[SetEntry, ...] | list[SetEntry]) -> tuple[SetEntry, ...]:
    return tuple(replace(s, exercise=RENAMED[s.exercise]) if s.exercise in RENAMED else s
                 for s in sets)


def local_day(moment: datetime) -> date:
    """The calendar day of a moment in the user's time zone (naive = local already)."""
    return moment.astimezone().date() if moment.tzinfo else moment.date()


@dataclass(frozen=True, slots=True)
class SessionLog:
    """One session: when, which programme and stage, what was done, how it felt."""

    id: int
    program_id: str
    stage_id: str
    started_at: datetime
    sets: tuple[SetEntry, ...] = ()
    pain_before: int | None = None
    pain_after: int | None = None
    morning_pain: int | None = None
    status: str = "completed"
    done_sets: int | None = None  # for sessions read without their sets

    @property
    def day(self) -> date:
        return local_day(self.started_at)

    @property
    def trained(self) -> bool:
        """At least one set was logged (an empty, abandoned session is not training)."""
        return bool(self.sets) or bool(self.done_sets)

    @property
    def pain_during(self) -> int | None:
        return max((s.pain for s in self.sets if s.pain is not None), default=None)

    def sets_of(self, exercise: str) -> tuple[SetEntry, ...]:
        return tuple(s for s in self.sets if s.exercise == exercise)

    @classmethod
    def from_detail(cls, detail: SessionDetail) -> SessionLog:
        summary = detail.summary
        kinds = {c.kind: c for c in detail.checkins}
        before = kinds.get("before")
        after = kinds.get("after")
        morning = kinds.get("next_morning")
        return cls(
            id=summary.id,
            program_id=summary.program_id,
            stage_id=summary.stage_id,
            started_at=summary.started_at,
            sets=current_ids(detail.sets),
            pain_before=before.pain if before else summary.pain_before,
            pain_after=after.pain if after else summary.pain_after,
            morning_pain=morning.pain if morning else None,
            status=summary.status,
            done_sets=summary.done_sets,
        )

    @classmethod
    def from_summary(cls, summary: SessionSummary) -> SessionLog:
        return cls(
            id=summary.id,
            program_id=summary.program_id,
            stage_id=summary.stage_id,
            started_at=summary.started_at,
            pain_before=summary.pain_before,
            pain_after=summary.pain_after,
            status=summary.status,
            done_sets=summary.done_sets,
        )


def load_history(store: Store, *, program_id: str | None = None,
                 now: datetime | None = None, detail_days: int = DETAIL_DAYS) -> list[SessionLog]:
    """Every session (oldest first) of one programme (or all); the last ``detail_days``
    with their sets and check-ins, older ones as dates only."""
    moment = now or datetime.now(UTC)
    cutoff = moment - timedelta(days=detail_days)
    logs: list[SessionLog] = []
    for summary in reversed(store.sessions()):
        if program_id is not None and summary.program_id != program_id:
            continue
        if summary.started_at >= cutoff:
            logs.append(SessionLog.from_detail(store.session_detail(summary.id)))
        else:
            logs.append(SessionLog.from_summary(summary))
    return logs


def latest_program_id(store: Store, skip: tuple[str, ...] = ("retest",)) -> str | None:
    """The programme of the newest session with at least one set (re-tests skipped)."""
    for summary in store.sessions(limit=50):
        if summary.done_sets and summary.program_id not in skip:
            return summary.program_id
    return None

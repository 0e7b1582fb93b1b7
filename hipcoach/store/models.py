"""The tables, as typed SQLAlchemy 2 declarative models (the schema at the head revision).

The migrations in ``migrations/versions`` create the same tables without importing this
module (a test compares the two). Times are stored as UTC without a zone and handed
back as aware UTC datetimes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hipcoach.store.base import Base


class SessionRecord(Base):
    """One played session of one programme stage."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("status IN ('in_progress', 'completed', 'abandoned')", name="status"),
        CheckConstraint("planned_sets >= 0 AND done_sets >= 0", name="set_counts"),
        CheckConstraint("planned_seconds >= 0", name="planned_seconds"),
        CheckConstraint("position >= 0", name="position"),
        CheckConstraint("pain_before BETWEEN 0 AND 10", name="pain_before"),
        CheckConstraint("pain_after BETWEEN 0 AND 10", name="pain_after"),
        CheckConstraint("active_s >= 0", name="active_s"),
        Index("ix_sessions_started_at", "started_at"),
        Index("uq_sessions_origin", "origin", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[str]
    program_name: Mapped[str]
    stage_id: Mapped[str]
    stage_name: Mapped[str]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(12), default="in_progress")
    planned_sets: Mapped[int] = mapped_column(default=0)
    done_sets: Mapped[int] = mapped_column(default=0)
    planned_seconds: Mapped[float] = mapped_column(default=0.0)
    position: Mapped[int] = mapped_column(default=0)
    pain_before: Mapped[int | None]
    pain_after: Mapped[int | None]
    # Revision 0002: when the next-morning check-in was offered (answered or skipped).
    morning_asked_at: Mapped[datetime | None]
    # Revision 0004: seconds the session clock ran, pauses left out (0: not recorded).
    active_s: Mapped[float] = mapped_column(default=0.0, server_default=text("0"))
    # Revision 0006: a stable identity (import source or journal token), unique when set.
    origin: Mapped[str | None]
    # Revision 0006: the fingerprint of the programme the session ran (program_digest).
    program_digest: Mapped[str | None]
    # Revision 0006: the stage the session played, as a programme in JSON (for resuming).
    program_json: Mapped[str | None] = mapped_column(Text)

    sets: Mapped[list[SetRecord]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True
    )
    checkins: Mapped[list[CheckinRecord]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True
    )
    skipped: Mapped[list[SkippedSetRecord]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True
    )


class SetRecord(Base):
    """One set of one exercise (on one side) as the user did it."""

    __tablename__ = "sets"
    __table_args__ = (
        CheckConstraint("side IN ('left', 'right')", name="side"),
        CheckConstraint("set_no >= 1", name="set_no"),
        CheckConstraint("reps BETWEEN 0 AND 100", name="reps"),
        CheckConstraint("target_reps BETWEEN 0 AND 100", name="target_reps"),
        CheckConstraint("load_unit IN ('bodyweight', 'band', 'kg', 'lb')", name="load_unit"),
        CheckConstraint("load_value >= 0", name="load_value"),
        CheckConstraint("hold_s >= 0 AND tut_s >= 0", name="seconds"),
        CheckConstraint("rpe BETWEEN 1 AND 10", name="rpe"),
        CheckConstraint("pain BETWEEN 0 AND 10", name="pain"),
        Index("ix_sets_exercise_performed_at", "exercise", "performed_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    exercise: Mapped[str]
    exercise_name: Mapped[str] = mapped_column(default="")
    phase: Mapped[str | None]
    side: Mapped[str | None] = mapped_column(String(5))
    set_no: Mapped[int]
    target_reps: Mapped[int | None]
    reps: Mapped[int]
    load_value: Mapped[float | None]
    load_unit: Mapped[str] = mapped_column(String(10), default="bodyweight")
    band_colour: Mapped[str | None]
    tempo: Mapped[str | None]
    hold_s: Mapped[float | None]
    tut_s: Mapped[float | None]
    rpe: Mapped[int | None]
    pain: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    performed_at: Mapped[datetime]

    session: Mapped[SessionRecord] = relationship(back_populates="sets")


# A set is named by (session, exercise, side, set number). SQLite treats NULLs in a
# UNIQUE constraint as all different, so the side goes in as coalesce(side, ''):
# otherwise two-sided sets (side NULL) could be logged twice.
SET_SLOT = (
    SetRecord.session_id,
    SetRecord.exercise,
    func.coalesce(SetRecord.side, literal_column("''")),
    SetRecord.set_no,
)
Index("uq_sets_slot", *SET_SLOT, unique=True)


class SkippedSetRecord(Base):
    """One set the user skipped (revision 0004): the slot is named as in ``sets``."""

    __tablename__ = "skipped_sets"
    __table_args__ = (
        CheckConstraint("side IN ('left', 'right')", name="side"),
        CheckConstraint("set_no >= 1", name="set_no"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    exercise: Mapped[str]
    exercise_name: Mapped[str]
    phase: Mapped[str | None]
    side: Mapped[str | None] = mapped_column(String(5))
    set_no: Mapped[int]

    session: Mapped[SessionRecord] = relationship(back_populates="skipped")


SKIPPED_SLOT = (
    SkippedSetRecord.session_id,
    SkippedSetRecord.exercise,
    func.coalesce(SkippedSetRecord.side, literal_column("''")),
    SkippedSetRecord.set_no,
)
Index("uq_skipped_sets_slot", *SKIPPED_SLOT, unique=True)


class CheckinRecord(Base):
    """How the body felt before, after, or the morning after a session."""

    __tablename__ = "checkins"
    __table_args__ = (
        CheckConstraint("kind IN ('before', 'after', 'next_morning')", name="kind"),
        CheckConstraint("pain BETWEEN 0 AND 10", name="pain"),
        CheckConstraint("stiffness BETWEEN 0 AND 10", name="stiffness"),
        UniqueConstraint("session_id", "kind"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    pain: Mapped[int]
    stiffness: Mapped[int | None]
    at: Mapped[datetime]

    session: Mapped[SessionRecord] = relationship(back_populates="checkins")


sessions_table = SessionRecord.__table__
sets_table = SetRecord.__table__
checkins_table = CheckinRecord.__table__
skipped_sets_table = SkippedSetRecord.__table__
# the tables kept beside their queries register themselves on the same metadata
import hipcoach.store.assessments  # noqa: E402, F401
import hipcoach.store.function_goals  # noqa: E402, F401

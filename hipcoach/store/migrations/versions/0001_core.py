"""Core tables: sessions, sets and check-ins.

Revision ID: 0001_core
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hipcoach.store import APPLICATION_ID

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("program_id", sa.String, nullable=False),
        sa.Column("program_name", sa.String, nullable=False),
        sa.Column("stage_id", sa.String, nullable=False),
        sa.Column("stage_name", sa.String, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("planned_sets", sa.Integer, nullable=False),
        sa.Column("done_sets", sa.Integer, nullable=False),
        sa.Column("planned_seconds", sa.Float, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("pain_before", sa.Integer, nullable=True),
        sa.Column("pain_after", sa.Integer, nullable=True),
        sa.CheckConstraint("status IN ('in_progress', 'completed', 'abandoned')",
                           name=op.f("ck_sessions_status")),
        sa.CheckConstraint("planned_sets >= 0 AND done_sets >= 0",
                           name=op.f("ck_sessions_set_counts")),
        sa.CheckConstraint("planned_seconds >= 0", name=op.f("ck_sessions_planned_seconds")),
        sa.CheckConstraint("position >= 0", name=op.f("ck_sessions_position")),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name=op.f("ck_sessions_pain_before")),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name=op.f("ck_sessions_pain_after")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "sets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("exercise", sa.String, nullable=False),
        sa.Column("exercise_name", sa.String, nullable=False),
        sa.Column("phase", sa.String, nullable=True),
        sa.Column("side", sa.String(5), nullable=True),
        sa.Column("set_no", sa.Integer, nullable=False),
        sa.Column("target_reps", sa.Integer, nullable=True),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("load_value", sa.Float, nullable=True),
        sa.Column("load_unit", sa.String(10), nullable=False),
        sa.Column("band_colour", sa.String, nullable=True),
        sa.Column("tempo", sa.String, nullable=True),
        sa.Column("hold_s", sa.Float, nullable=True),
        sa.Column("tut_s", sa.Float, nullable=True),
        sa.Column("rpe", sa.Integer, nullable=True),
        sa.Column("pain", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("performed_at", sa.DateTime, nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE",
                                name=op.f("fk_sets_session_id_sessions")),
        sa.CheckConstraint("side IN ('left', 'right')", name=op.f("ck_sets_side")),
        sa.CheckConstraint("set_no >= 1", name=op.f("ck_sets_set_no")),
        sa.CheckConstraint("reps BETWEEN 0 AND 100", name=op.f("ck_sets_reps")),
        sa.CheckConstraint("target_reps BETWEEN 0 AND 100", name=op.f("ck_sets_target_reps")),
        sa.CheckConstraint("load_unit IN ('bodyweight', 'band', 'kg', 'lb')",
                           name=op.f("ck_sets_load_unit")),
        sa.CheckConstraint("load_value >= 0", name=op.f("ck_sets_load_value")),
        sa.CheckConstraint("hold_s >= 0 AND tut_s >= 0", name=op.f("ck_sets_seconds")),
        sa.CheckConstraint("rpe BETWEEN 1 AND 10", name=op.f("ck_sets_rpe")),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name=op.f("ck_sets_pain")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sets")),
        sqlite_autoincrement=True,
    )
    # NULL sides would all count as different in a plain UNIQUE constraint.
    op.create_index(
        "uq_sets_slot", "sets",
        ["session_id", "exercise", sa.text("coalesce(side, '')"), "set_no"], unique=True,
    )
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("pain", sa.Integer, nullable=False),
        sa.Column("stiffness", sa.Integer, nullable=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE",
                                name=op.f("fk_checkins_session_id_sessions")),
        sa.CheckConstraint("kind IN ('before', 'after', 'next_morning')",
                           name=op.f("ck_checkins_kind")),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name=op.f("ck_checkins_pain")),
        sa.CheckConstraint("stiffness BETWEEN 0 AND 10", name=op.f("ck_checkins_stiffness")),
        sa.UniqueConstraint("session_id", "kind", name=op.f("uq_checkins_session_id_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("checkins")
    op.drop_index("uq_sets_slot", table_name="sets")
    op.drop_table("sets")
    op.drop_table("sessions")
    op.execute("PRAGMA application_id = 0")

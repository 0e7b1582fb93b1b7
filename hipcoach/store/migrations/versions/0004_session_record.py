"""The session record: the time actually exercised, and the sets the user skipped.

Revision ID: 0004_session_record
Revises: 0003_assessments

``sessions.active_s`` is the session clock's running time (pauses left out); sessions
recorded before this revision get 0, which the readers take as "not recorded" (see
``SessionSummary.exercised_s``). ``skipped_sets`` holds one row per set the user skipped;
a slot is either logged in ``sets`` or skipped here, never both (``Store`` keeps that).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_session_record"
down_revision = "0003_assessments"
branch_labels = None
depends_on = None
KEEP = {"sqlite_autoincrement": True}


def upgrade() -> None:
    # The CHECK makes batch mode copy the table: keep its AUTOINCREMENT (ids of deleted
    # sessions are never reused, which "undo delete" relies on).
    with op.batch_alter_table("sessions", table_kwargs=KEEP) as batch:
        batch.add_column(sa.Column("active_s", sa.Float, nullable=False,
                                   server_default=sa.text("0")))
        batch.create_check_constraint(op.f("ck_sessions_active_s"), "active_s >= 0")
    op.create_table(
        "skipped_sets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("exercise", sa.String, nullable=False),
        sa.Column("exercise_name", sa.String, nullable=False),
        sa.Column("phase", sa.String, nullable=True),
        sa.Column("side", sa.String(5), nullable=True),
        sa.Column("set_no", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE",
                                name=op.f("fk_skipped_sets_session_id_sessions")),
        sa.CheckConstraint("side IN ('left', 'right')", name=op.f("ck_skipped_sets_side")),
        sa.CheckConstraint("set_no >= 1", name=op.f("ck_skipped_sets_set_no")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skipped_sets")),
        sqlite_autoincrement=True,
    )
    # One row per (session, exercise, side, set); NULL sides made comparable as in sets.
    op.create_index(
        "uq_skipped_sets_slot", "skipped_sets",
        ["session_id", "exercise", sa.text("coalesce(side, '')"), "set_no"], unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_skipped_sets_slot", table_name="skipped_sets")
    op.drop_table("skipped_sets")
    with op.batch_alter_table("sessions", table_kwargs=KEEP) as batch:
        batch.drop_constraint(op.f("ck_sessions_active_s"), type_="check")
        batch.drop_column("active_s")

"""History: indexes for per-week aggregation, and when the next-morning check-in was asked.

Revision ID: 0002_history_indexes
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_history_indexes"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("morning_asked_at", sa.DateTime, nullable=True))
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"])
    op.create_index("ix_sets_exercise_performed_at", "sets", ["exercise", "performed_at"])


def downgrade() -> None:
    op.drop_index("ix_sets_exercise_performed_at", table_name="sets")
    op.drop_index("ix_sessions_started_at", table_name="sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("morning_asked_at")

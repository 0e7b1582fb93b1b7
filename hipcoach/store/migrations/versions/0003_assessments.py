"""Re-test results: one row per measurement of a self-test (on one side).

Revision ID: 0003_assessments
Revises: 0002_history_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_assessments"
down_revision = "0002_history_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("taken_at", sa.DateTime, nullable=False),
        sa.Column("test", sa.String(32), nullable=False),
        sa.Column("side", sa.String(5), nullable=True),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("quality", sa.String(8), nullable=True),
        sa.Column("passed", sa.Boolean, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.CheckConstraint("side IN ('left', 'right')", name=op.f("ck_assessments_side")),
        sa.CheckConstraint("quality IN ('good', 'fair', 'poor')",
                           name=op.f("ck_assessments_quality")),
        sa.CheckConstraint("value BETWEEN -90 AND 3600", name=op.f("ck_assessments_value")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_assessments_taken_at", "assessments", ["taken_at"])
    # One result per test and side in one re-test (NULL sides made comparable).
    op.create_index(
        "uq_assessments_slot", "assessments",
        ["taken_at", "test", sa.text("coalesce(side, '')")], unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_assessments_slot", table_name="assessments")
    op.drop_index("ix_assessments_taken_at", table_name="assessments")
    op.drop_table("assessments")

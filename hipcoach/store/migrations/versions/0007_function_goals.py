"""Function goals: everyday activities the user names and rates 0-10 (at intake and at
each re-test).

Revision ID: 0007_function_goals
Revises: 0006_session_origin
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_function_goals"
down_revision = "0006_session_origin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "function_goals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("rated_at", sa.DateTime, nullable=False),
        sa.Column("occasion", sa.String(8), nullable=False),
        sa.Column("slot", sa.Integer, nullable=False),
        sa.Column("activity", sa.String(120), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.CheckConstraint("occasion IN ('intake', 'retest')",
                           name=op.f("ck_function_goals_occasion")),
        sa.CheckConstraint("slot BETWEEN 1 AND 5", name=op.f("ck_function_goals_slot")),
        sa.CheckConstraint("score BETWEEN 0 AND 10", name=op.f("ck_function_goals_score")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_function_goals")),
        sqlite_autoincrement=True,
    )
    op.create_index("uq_function_goals_slot", "function_goals", ["rated_at", "slot"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("uq_function_goals_slot", table_name="function_goals")
    op.drop_table("function_goals")

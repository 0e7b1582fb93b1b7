"""Sessions carry an optional stable identity (``origin``), unique when present, and
the fingerprint of the programme they ran (``program_digest``) and the stage they played
as JSON (``program_json``: with the coach's numbers, what a resume plays again).

An imported session keeps where it came from (the exporting installation and its
session id, or a hash of its content) and a session kept in the pending-writes journal
keeps the journal's token, so importing the same file twice or replaying the journal
twice never adds a session twice. Resuming compares ``program_digest`` with the
programme file as it is now, so two programmes are never mixed in one session.

Revision ID: 0006_session_origin
Revises: 0004_session_record
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_session_origin"
down_revision = "0004_session_record"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("origin", sa.String, nullable=True))
        batch.add_column(sa.Column("program_digest", sa.String, nullable=True))
        batch.add_column(sa.Column("program_json", sa.Text, nullable=True))
    op.create_index("uq_sessions_origin", "sessions", ["origin"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_sessions_origin", table_name="sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("program_json")
        batch.drop_column("program_digest")
        batch.drop_column("origin")

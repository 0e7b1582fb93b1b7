"""Schema revisions known to this version of HipCoach (no SQLAlchemy, no Alembic).

``prepare_database`` compares a file's ``alembic_version`` with ``HEAD`` so that opening
an up-to-date database never imports Alembic. A test checks these match the scripts in
``migrations/versions``.
"""

from __future__ import annotations

REVISIONS: tuple[str, ...] = (
    "0001_core", "0002_history_indexes", "0003_assessments", "0004_session_record",
    "0006_session_origin",
    "0007_function_goals",
)
FIRST = REVISIONS[0]
HEAD = REVISIONS[-1]

"""History storage: SQLite through SQLAlchemy 2, migrated with Alembic.

This package's ``__init__`` stays light on purpose: the app's first window imports it
(for the file names and the error types) without paying for the ORM. The heavy parts
are imported where they are used:

- ``hipcoach.store.errors``   the exceptions (no SQLAlchemy)
- ``hipcoach.store.engine``   ``prepare_database(data_dir)`` -> ``Database``
- ``hipcoach.store.repo``     ``Store``: the one facade the UI and the commands call
                             (``store.assessments``, ``store.goals`` included)
- ``hipcoach.store.backup``   online backups, rotation and restore
- ``hipcoach.store.instance`` the single-instance lock

The plain data it takes and hands back is ``hipcoach.domain``. Nothing in this package
imports Qt.
"""

from __future__ import annotations

from pathlib import Path

DB_FILENAME = "hipcoach.db"
BACKUP_DIRNAME = "backups"
LOCK_FILENAME = "hipcoach.lock"

# PRAGMA application_id stamped into every HipCoach database ("HIPC" in ASCII).
APPLICATION_ID = 0x48495043


def database_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_FILENAME


def backup_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_DIRNAME

"""What can go wrong in the store, as exceptions with messages fit to show a person.

No SQLAlchemy here, so the UI can catch these without importing the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class StoreError(Exception):
    """Base class: the message is one clear sentence for the user."""


class DatabaseUnavailable(StoreError):
    """The database exists but cannot be opened now (permissions, locked, disk)."""


class CorruptDatabase(StoreError):
    """The database file is damaged or not a database; it was moved aside, not deleted."""

    def __init__(self, message: str, original: Path, moved_to: Path | None,
                 recovered_sets: int | None = None) -> None:
        super().__init__(message)
        self.original = original
        self.moved_to = moved_to
        # sets copied from the damaged file into a fresh database at ``original``
        # (None: nothing could be read, and there is no database there now)
        self.recovered_sets = recovered_sets


class NewerDatabase(StoreError):
    """The database was written by a newer HipCoach (an unknown schema revision)."""


class NotAHipCoachDatabase(StoreError):
    """A file offered for restore is not a readable HipCoach database."""


class InvalidEntry(StoreError, ValueError):
    """A log entry with impossible values; ``problems`` lists each one. Nothing was saved."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def refuse_invalid(problems: Sequence[str]) -> None:
    """Raise InvalidEntry when a domain object listed ``problems`` (nothing is saved)."""
    if problems:
        raise InvalidEntry(problems)


class UnknownSession(StoreError, LookupError):
    """No session (or set) with that id."""

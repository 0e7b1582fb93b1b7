"""Looking at, copying and setting aside SQLite files with the standard library only.

Used before SQLAlchemy opens anything (integrity check at start-up) and by the backups,
which must work even when the ORM is not loaded.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hipcoach.i18n import _
from hipcoach.store import APPLICATION_ID
from hipcoach.store.errors import DatabaseUnavailable
from hipcoach.store.schema import REVISIONS

COMPANIONS = ("-wal", "-shm", "-journal")
_ROW_LEVEL = ("CHECK constraint failed in ", "NULL value in ")
_CORRUPT_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
_CORRUPT_WORDS = ("malformed", "not a database", "corrupt")


def row_level(messages: Iterable[str]) -> bool:
    """True when every integrity-check message is about rows breaking a rule, which
    leaves the file itself usable."""
    found = list(messages)
    return bool(found) and all(m.startswith(_ROW_LEVEL) for m in found)


class Damaged(Exception):
    """The file is not a usable database; the message says why (internal)."""


@dataclass(frozen=True, slots=True)
class FileState:
    """What an existing file holds: nothing yet, or a HipCoach schema at ``revision``."""

    empty: bool
    revision: str | None
    # integrity-check lines about rows breaking a rule: the file itself is sound
    row_problems: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.revision is None or self.revision in REVISIONS


def is_damage(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name in _CORRUPT_CODES:
        return True
    text = str(exc).lower()
    return not isinstance(exc, sqlite3.OperationalError) and any(
        w in text for w in _CORRUPT_WORDS
    )


def connect(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    con.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return con


HEADER = b"SQLite format 3\x00"


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite opens it.

    Opening a garbage file can make SQLite discard a -wal file lying beside it; this
    check keeps such files untouched so they can be moved aside whole.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise DatabaseUnavailable(_("cannot read the database {path}: {strerror}").format(
                                      path=path, strerror=exc.strerror)) from None
    if head and not head.startswith(HEADER):
        raise Damaged(_("it is not an SQLite database (the file starts with other data)"))
    if head and len(head) < 100:
        raise Damaged(_("the file is cut short"))


def inspect(path: Path, full_check: bool = True, timeout: float = 5.0) -> FileState:
    """Check a database file; raise Damaged, or DatabaseUnavailable when it cannot be read.

    A file that SQLite can read but that holds another program's tables is Damaged too:
    it is not ours to write into.
    """
    _check_header(path)
    try:
        con = connect(path, timeout)
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(_("cannot open the database {path}: {exc}").format(
            path=path, exc=exc)) from None
    try:
        check = "integrity_check" if full_check else "quick_check"
        rows = con.execute(f"PRAGMA {check}").fetchall()
        messages = tuple(str(r[0]) for r in rows)
        row_problems: tuple[str, ...] = ()
        if messages == ("ok",):
            pass
        elif row_level(messages):
            row_problems = messages  # bad rows, not a damaged file: keep using it
        else:
            first = messages[0] if messages else "no answer"
            raise Damaged(_("it fails SQLite's integrity check ({first})").format(first=first))
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )}
        if not tables:
            return FileState(empty=True, revision=None)
        if app_id != APPLICATION_ID or "alembic_version" not in tables:
            raise Damaged(_("it is not a HipCoach database"))
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return FileState(empty=False, revision=row[0] if row else None,
                         row_problems=row_problems)
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise Damaged(_("SQLite says: {exc}").format(exc=exc)) from None
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise DatabaseUnavailable(
                _("the database {path} is locked by another program; close it and try again").format(
                    path=path)
            ) from None
        raise DatabaseUnavailable(_("cannot read the database {path}: {exc}").format(
            path=path, exc=exc)) from None
    finally:
        con.close()


def stamp(now: datetime | None = None) -> str:
    """A file-name time stamp, UTC: 20240305-183000."""
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%d-%H%M%S")


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem+suffix``, or with -2, -3... so an existing file is never replaced."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists() or any(
        (folder / f"{candidate.name}{c}").exists() for c in COMPANIONS
    ):
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def move_aside(path: Path, label: str = "corrupt", now: datetime | None = None) -> Path:
    """Rename a database and its -wal/-shm files to ``NAME.LABEL-STAMP``; nothing deleted.

    The companions move too: a stale write-ahead log left beside a new database of the
    same name could otherwise be replayed into it.
    """
    target = free_name(path.parent, f"{path.name}.{label}-{stamp(now)}", "")
    os.rename(path, target)
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.rename(companion, target.with_name(target.name + suffix))
    return target


def copy_database(source: Path, target: Path) -> None:
    """Copy a live database with SQLite's online backup API into a new single file.

    The copy uses the rollback journal (no -wal file), so it is one self-contained file.
    Written under a temporary name and renamed, so a half-made copy never looks whole.
    """
    from hipcoach.private_files import open_private, publish

    partial = target.with_name(target.name + PARTIAL)
    if partial.exists() or partial.is_symlink():
        partial.unlink()
    # 0600; locked while the copy is made, so clean_partials can tell a live copy from
    # one a killed process left behind
    held: int | None = None
    try:  # created inside the try: a Ctrl+C right after creating it still cleans up
        held = open_private(partial, os.O_RDWR | os.O_CREAT, exclusive=True)
        _lock_file(held)
        _copy_into(source, partial)
        publish(partial, target)  # fsynced, renamed, the folder fsynced
    except BaseException:  # Ctrl+C too: a half-made copy is never left behind
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + "-journal").unlink(missing_ok=True)
        raise
    finally:
        if held is not None:
            os.close(held)


PARTIAL = ".partial"


def _lock_file(fd: int, wait: bool = True) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def clean_partials(folder: Path) -> list[str]:
    """Remove half-made copies a killed process left in ``folder`` (a copy still being
    made holds a lock and is left alone); returns the names removed."""
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    for path in folder.glob(f"*{PARTIAL}"):
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if not _lock_file(fd, wait=False):
                continue  # another process is writing it right now
            path.unlink(missing_ok=True)
            path.with_name(path.name + "-journal").unlink(missing_ok=True)
            removed.append(path.name)
        finally:
            os.close(fd)
    for orphan in folder.glob(f"*{PARTIAL}-journal"):  # its copy is already gone
        if not orphan.with_name(orphan.name.removesuffix("-journal")).exists():
            orphan.unlink(missing_ok=True)
            removed.append(orphan.name)
    return removed


def _copy_into(source: Path, partial: Path) -> None:
    try:
        src = connect(source)
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(_("cannot open the database {source}: {exc}").format(
                                      source=source, exc=exc)) from None
    try:
        dst = sqlite3.connect(str(partial), isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise Damaged(_("SQLite says: {exc}").format(exc=exc)) from None
        raise DatabaseUnavailable(_("cannot copy the database {source}: {exc}").format(
                                      source=source, exc=exc)) from None
    finally:
        src.close()


def load_into(source: Path, target: Path) -> None:
    """Replace the content of database ``target`` with ``source``, through the backup API.

    Other connections to ``target`` see the new content coherently (no file swapping).
    """
    src = connect(source)
    try:
        dst = connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()

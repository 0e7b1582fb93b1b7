"""Backups with SQLite's online backup API, their rotation, and restoring one.

Backups live in ``DATA_DIR/backups`` as ``KIND-YYYYmmdd-HHMMSS.db`` (UTC), each one a
self-contained SQLite file. Only ``auto`` backups are rotated: the newest ten are kept,
plus the newest of each of the last eight calendar weeks. Manual, pre-migration,
pre-restore, pre-import and pre-demo copies are never deleted by HipCoach.

Standard library only: the UI can back up without importing the ORM.
"""

from __future__ import annotations

import logging
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hipcoach.i18n import _
from hipcoach.store import backup_dir, database_path
from hipcoach.store.errors import NewerDatabase, NotAHipCoachDatabase, StoreError
from hipcoach.store.sqlite_file import (
    Damaged,
    clean_partials,
    copy_database,
    free_name,
    inspect,
    load_into,
    move_aside,
    stamp,
)

log = logging.getLogger(__name__)
KINDS = ("auto", "manual", "pre-migration", "pre-restore", "pre-import", "pre-demo")
KEEP_LAST = 10
KEEP_WEEKS = 8
_NAME = re.compile(
    r"^(?P<kind>" + "|".join(KINDS) + r")-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.db$"
)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    kind: str
    taken_at: datetime  # aware UTC, from the file name
    size: int


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored_from: Path
    previous: Path | None  # where the database that was replaced was kept
    revision: str | None


def make_backup(data_dir: Path, kind: str = "manual", now: datetime | None = None) -> Path:
    """Copy the live database into the backups folder; return the new file's path.

    ``auto`` backups are rotated afterwards.
    """
    if kind not in KINDS:
        raise ValueError(_("unknown backup kind {kind!r}").format(kind=kind))
    source = database_path(data_dir)
    if not source.exists():
        raise StoreError(_("there is no database in {data_dir} to back up yet").format(data_dir=data_dir))
    from hipcoach.private_files import private_folder

    folder = private_folder(backup_dir(data_dir))
    for name in clean_partials(folder):
        log.warning("removed %s, a copy left half-made by a stopped backup", name)
    target = free_name(folder, f"{kind}-{stamp(now)}", ".db")
    try:
        copy_database(source, target)
    except Damaged as exc:
        raise StoreError(_("the database {source} could not be copied: {exc}").format(
                             source=source, exc=exc)) from None
    if kind == "auto":
        rotate(data_dir, now=now)
    return target


def auto_backup(
    data_dir: Path, now: datetime | None = None, min_age: timedelta = timedelta(0)
) -> Path | None:
    """An ``auto`` backup unless the newest one is younger than ``min_age``."""
    moment = now or datetime.now(UTC)
    autos = [b for b in list_backups(data_dir) if b.kind == "auto"]
    if autos and moment - autos[0].taken_at < min_age:
        return None
    return make_backup(data_dir, "auto", now=moment)


def list_backups(data_dir: Path, skipped: list[str] | None = None) -> list[BackupInfo]:
    """Every backup in the data dir, newest first.

    A file named like a backup but with an impossible time stamp (a 13th month), or
    that is not a regular file, is left out; its name goes into ``skipped``.
    """
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match:
            continue
        try:
            taken = datetime.strptime(match.group("stamp"), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
            info = path.lstat()
        except (ValueError, OSError):
            taken = None
        if taken is None or not stat.S_ISREG(info.st_mode):
            log.warning("skipping %s: not a backup HipCoach made", path.name)
            if skipped is not None:
                skipped.append(path.name)
            continue
        found.append(BackupInfo(path, match.group("kind"), taken, info.st_size))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def _monday(moment: datetime) -> datetime:
    day = moment.date() - timedelta(days=moment.weekday())
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def rotation_keep(
    backups: list[BackupInfo], now: datetime, keep_last: int = KEEP_LAST,
    weeks: int = KEEP_WEEKS,
) -> set[Path]:
    """The auto backups to keep: the newest ``keep_last`` and the newest of each week."""
    autos = sorted((b for b in backups if b.kind == "auto"),
                   key=lambda b: (b.taken_at, b.path.name), reverse=True)
    keep = {b.path for b in autos[:keep_last]}
    oldest_week = _monday(now.astimezone(UTC)) - timedelta(weeks=weeks - 1)
    seen_weeks: set[datetime] = set()
    for b in autos:
        week = _monday(b.taken_at)
        if week >= oldest_week and week not in seen_weeks:
            seen_weeks.add(week)
            keep.add(b.path)
    return keep


def rotate(data_dir: Path, now: datetime | None = None) -> list[Path]:
    """Delete the auto backups the policy no longer keeps; return what was deleted."""
    backups = list_backups(data_dir)
    keep = rotation_keep(backups, now or datetime.now(UTC))
    deleted = []
    for b in backups:
        if b.kind == "auto" and b.path not in keep:
            b.path.unlink(missing_ok=True)
            deleted.append(b.path)
    return deleted


def resolve_backup(data_dir: Path, name: str | Path) -> Path:
    """A path as given, or else the name of a file in the backups folder."""
    path = Path(name).expanduser()
    if path.is_file():
        return path
    in_folder = backup_dir(data_dir) / Path(name).name
    if in_folder.is_file():
        return in_folder
    raise StoreError(_("no such backup file: {name}").format(name=name))


def check_backup(path: Path) -> str | None:
    """Check a copy of a database; return its schema revision or raise NotAHipCoachDatabase."""
    try:
        state = inspect(path)
    except Damaged as exc:
        raise NotAHipCoachDatabase(f"{path.name} is not a usable HipCoach database: {exc}") from None
    except StoreError as exc:
        raise NotAHipCoachDatabase(f"{path.name} cannot be read: {exc}") from None
    if state.empty:
        raise NotAHipCoachDatabase(f"{path.name} is an empty database, not a HipCoach history")
    if not state.known:
        raise NewerDatabase(
            f"{path.name} was written by a newer version of HipCoach (schema {state.revision})"
        )
    return state.revision


def restore(data_dir: Path, file: str | Path, now: datetime | None = None) -> RestoreResult:
    """Replace the database with the backup ``file`` after checking it is a HipCoach one.

    The file itself is never opened for writing: a copy is checked and loaded. The
    current database is first kept as ``backups/pre-restore-<time>.db`` (or, if it is
    damaged, renamed aside). The restored copy may be at an older schema revision; the
    next ``prepare_database`` migrates it. Close every engine on the database first.
    """
    source = resolve_backup(data_dir, file)
    data = Path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data, prefix=".restore-") as scratch:
        candidate = Path(scratch) / "candidate.db"
        shutil.copyfile(source, candidate)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, candidate.with_name(candidate.name + "-wal"))
        revision = check_backup(candidate)

        target = database_path(data)
        previous: Path | None = None
        if target.exists() and target.stat().st_size > 0:
            try:
                state = inspect(target, full_check=True)
            except Damaged:
                previous = move_aside(target, "corrupt", now)
            else:
                if not state.empty:
                    previous = make_backup(data, "pre-restore", now=now)
        _set_journal_aside(data, now)
        load_into(candidate, target)
    return RestoreResult(source, previous, revision)


def _set_journal_aside(data_dir: Path, now: datetime | None) -> None:
    """Writes kept for the database being replaced belong to it, not to the backup:
    rename the pending-writes journal (kept, never replayed into another history)."""
    from hipcoach.store.journal import Journal, journal_path

    path = journal_path(data_dir)
    if not path.exists():
        return
    journal = Journal(path)
    try:
        if not len(journal):
            return
    finally:
        journal.close()
    aside = free_name(data_dir, f"{path.name}.before-restore-{stamp(now)}", "")
    path.rename(aside)
    log.warning("kept writes of the replaced database set aside in %s", aside.name)

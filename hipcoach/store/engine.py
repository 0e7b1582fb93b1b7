"""Opening the database: the engine with its pragmas, the start-up checks, migrations.

``prepare_database(data_dir)`` is the one call the app and the commands make:

1. an existing file is checked (SQLite's integrity check, and that it is ours); a
   damaged one is renamed to ``hipcoach.db.corrupt-<time>`` (never deleted or
   overwritten) and ``CorruptDatabase`` says so;
2. when a migration is pending, an online backup is taken first
   (``backups/pre-migration-<time>.db``);
3. Alembic upgrades the file to the head revision, in one transaction, with foreign
   keys off (SQLite's copy-and-move table changes would otherwise cascade deletes);
4. the engine is returned, every connection with WAL, foreign keys on, synchronous
   FULL and a 5 s busy timeout.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event

from hipcoach.i18n import _
from hipcoach.store import database_path
from hipcoach.store.errors import CorruptDatabase, NewerDatabase, StoreError
from hipcoach.store.schema import HEAD, REVISIONS
from hipcoach.store.sqlite_file import Damaged, inspect, move_aside

if TYPE_CHECKING:
    from alembic.config import Config

    from hipcoach.store.damage import BadRow, Recovery
    from hipcoach.store.repo import Store

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000


def open_database(path: str | Path, *, foreign_keys: bool = True, echo: bool = False,
                  busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine on the SQLite file ``path`` with HipCoach's pragmas on every connection.

    Transactions are real SQLite transactions: the driver's own implicit BEGIN is off
    and SQLAlchemy's ``begin`` emits one, so DDL and DML commit or roll back together.
    """
    engine = create_engine(f"sqlite+pysqlite:///{Path(path)}", echo=echo)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration built in code (``url`` only for developer commands)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def run_migrations(path: Path, target: str = "head") -> None:
    """Upgrade (or downgrade, with a revision id) the file at ``path``, in one transaction."""
    from alembic import command

    config = alembic_config()
    engine = open_database(path, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            current = _current_revision(connection)
            if target != "head" and REVISIONS.index(target) < _index(current):
                command.downgrade(config, target)
            else:
                command.upgrade(config, target)
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise StoreError(
                    _("the migration of {path} left {count} broken references; it was rolled back").format(
                        path=path, count=len(problems))
                )
    finally:
        engine.dispose()


def _current_revision(connection: Any) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _index(revision: str | None) -> int:
    return -1 if revision is None else REVISIONS.index(revision)


def _private_database(path: Path) -> None:
    """The database and its -wal/-shm files readable by the user only.

    A new file is created empty as 0600 (refusing a symlink in its place) before SQLite
    opens it; SQLite gives its -wal and -shm files the database file's mode.
    """
    import os

    from hipcoach.private_files import make_private, open_private
    from hipcoach.store.sqlite_file import COMPANIONS

    if not path.exists() and not path.is_symlink():
        os.close(open_private(path, os.O_RDWR | os.O_CREAT, exclusive=True))
    for name in (path, *(path.with_name(path.name + c) for c in COMPANIONS)):
        make_private(name)


@dataclass(slots=True)
class Database:
    """An open, up-to-date database. ``store()`` gives the query API."""

    data_dir: Path
    path: Path
    engine: Engine
    created: bool = False
    upgraded_from: str | None = None
    pre_migration_backup: Path | None = None
    # rows that break a rule of their table; the rest of the history is usable
    bad_rows: tuple[BadRow, ...] = ()
    _stores: list[Any] = field(default_factory=list, repr=False)

    def store(self) -> Store:
        """The query API; its session writes survive outages (``durable.DurableStore``)."""
        from hipcoach.store.durable import DurableStore

        store = DurableStore(self.engine)
        self._stores.append(store)
        return store

    def close(self) -> None:
        for store in self._stores:
            store.close()
        self._stores.clear()
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def prepare_database(
    data_dir: str | Path, *, now: datetime | None = None, full_check: bool = True
) -> Database:
    """Check, back up if needed, migrate and open the database in ``data_dir``.

    Raises CorruptDatabase (the bad file already moved aside), NewerDatabase (made by a
    newer HipCoach; left untouched) or DatabaseUnavailable (cannot be read now).
    """
    from hipcoach.private_files import private_folder

    folder = private_folder(data_dir)
    path = database_path(folder)
    _private_database(path)
    revision: str | None = None
    row_problems: tuple[str, ...] = ()
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        try:
            state = inspect(path, full_check=full_check)
        except Damaged as exc:
            moved = move_aside(path, "corrupt", now)
            recovery = _recover(moved, path)
            if recovery is None:
                what = "restore a backup or start a new history"
            else:
                what = (f"{recovery.sentence()}, which HipCoach will use from now on; "
                        "you can still restore a backup instead")
            raise CorruptDatabase(
                f"the database {path} cannot be used: {exc}. It was moved to {moved.name} "
                f"(nothing was deleted); {what}",
                original=path,
                moved_to=moved,
                recovered_sets=None if recovery is None else recovery.sets,
            ) from None
        if not state.known:
            raise NewerDatabase(
                f"the database {path} was written by a newer version of HipCoach "
                f"(schema {state.revision}); update HipCoach to open it"
            )
        revision = state.revision
        existed = not state.empty
        row_problems = state.row_problems

    backup_path: Path | None = None
    if revision != HEAD:
        if existed:
            from hipcoach.store.backup import make_backup

            backup_path = make_backup(folder, kind="pre-migration", now=now)
        try:
            run_migrations(path)
        except Exception as exc:  # the transaction rolled back: the file is as it was
            copy = f"; a copy from before is in {backup_path}" if backup_path else ""
            raise StoreError(
                _("could not upgrade the database {path} ({exc}); it was left unchanged{copy}").format(
                    path=path, exc=exc, copy=copy)
            ) from exc
    return Database(
        data_dir=folder,
        path=path,
        engine=open_database(path),
        created=not existed,
        upgraded_from=revision if existed and revision != HEAD else None,
        pre_migration_backup=backup_path,
        bad_rows=_bad_rows(path) if row_problems else (),
    )


def _bad_rows(path: Path) -> tuple[BadRow, ...]:
    from hipcoach.store.damage import bad_rows
    from hipcoach.store.sqlite_file import connect

    con = connect(path)
    try:
        return tuple(bad_rows(con))
    finally:
        con.close()


def _recover(moved: Path, path: Path) -> Recovery | None:
    """Copy what SQLite can read from the moved-aside file into a fresh ``path``; None
    (and no file left at ``path``) when nothing could be read."""
    import logging

    from hipcoach.store.damage import recover_into
    from hipcoach.store.sqlite_file import COMPANIONS

    def remove() -> None:
        for name in (path, *(path.with_name(path.name + c) for c in COMPANIONS)):
            name.unlink(missing_ok=True)

    try:
        run_migrations(path)
        recovery = recover_into(moved, path)
        open_database(path).dispose()  # WAL mode and pragmas as every HipCoach file
    except Exception:  # noqa: BLE001 - recovery is a bonus; the file stays aside
        logging.getLogger(__name__).exception("recovering %s failed", moved)
        remove()
        return None
    if recovery.rows <= 0:
        remove()
        return None
    return recovery

"""Damage contained: bad rows are not a damaged file, and a damaged file is recovered.

SQLite's integrity check reports two kinds of trouble:

- **bad rows** — a row that breaks one of the table's rules (a CHECK constraint, a NOT
  NULL column, a reference to a session that is gone). The file itself is sound: it
  stays in use, the rest of the history stays in view, and ``bad_rows`` lists each
  offending row so it can be shown, exported (``hipcoach check --export FILE``) and
  fixed;
- **a damaged file** — broken pages or indexes. The file is moved aside (never
  overwritten, see ``engine.prepare_database``) and ``recover_into`` copies every table
  and row SQLite can still read into a fresh database, and says how many sets came back.

Standard library plus the table definitions (for the rules each row must keep).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hipcoach.i18n import _, ngettext

log = logging.getLogger(__name__)

_SKIP_TABLES = {"alembic_version", "sqlite_sequence"}


@dataclass(frozen=True, slots=True)
class BadRow:
    """One stored row that breaks a rule of its table."""

    table: str
    row_id: int
    rule: str
    values: dict[str, object]

    def __str__(self) -> str:
        return f"{self.table} row {self.row_id}: breaks {self.rule}"


def _rules() -> dict[str, list[tuple[str, str]]]:
    """Per table: (rule text, SQL true for a row that breaks it)."""
    from sqlalchemy import CheckConstraint

    from hipcoach.store import assessments  # noqa: F401 - registers its table
    from hipcoach.store.models import Base

    rules: dict[str, list[tuple[str, str]]] = {}
    for table in Base.metadata.sorted_tables:
        found: list[tuple[str, str]] = []
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                text = str(constraint.sqltext)
                found.append((f"CHECK ({text})", f"NOT ({text})"))
        for column in table.columns:
            if not column.nullable and not column.primary_key:
                found.append((f"{column.name} NOT NULL", f'"{column.name}" IS NULL'))
        rules[table.name] = found
    return rules


def bad_rows(con: sqlite3.Connection, limit: int = 10_000) -> list[BadRow]:
    """Every row (up to ``limit``) that breaks a CHECK, NOT NULL or foreign-key rule."""
    present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    found: list[BadRow] = []
    seen: set[tuple[str, int]] = set()

    def add(table: str, row_id: int, rule: str) -> None:
        if (table, row_id) in seen or len(found) >= limit:
            return
        seen.add((table, row_id))
        cursor = con.execute(f'SELECT * FROM "{table}" WHERE rowid = ?', (row_id,))
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone() or ()
        found.append(BadRow(table, row_id, rule, dict(zip(names, row, strict=False))))

    for table, rules in _rules().items():
        if table not in present:
            continue
        for rule, breaks in rules:
            try:
                ids = [r[0] for r in con.execute(
                    f'SELECT rowid FROM "{table}" WHERE {breaks} LIMIT ?', (limit,))]
            except sqlite3.Error as exc:  # a column a newer schema added, etc.
                log.warning("could not check %s on %s: %s", rule, table, exc)
                continue
            for row_id in ids:
                add(table, row_id, rule)
    for table, row_id, parent, _fk in con.execute("PRAGMA foreign_key_check"):
        if row_id is not None:
            add(table, row_id, f"a reference to a missing {parent} row")
    return found


@dataclass(frozen=True, slots=True)
class Recovery:
    """What ``recover_into`` brought back."""

    sessions: int
    sets: int
    rows: int
    lost_tables: tuple[str, ...] = ()

    def sentence(self) -> str:
        sets = ngettext("{n} set", "{n} sets", self.sets).format(n=self.sets)
        sessions = ngettext("{n} session", "{n} sessions", self.sessions).format(n=self.sessions)
        return _("{sets} in {sessions} were recovered into a fresh database").format(
            sets=sets, sessions=sessions)


def _readable_rows(con: sqlite3.Connection, table: str) -> Iterable[tuple[object, ...]]:
    """Every row of ``table`` SQLite can still read; unreadable stretches are skipped."""
    try:
        yield from con.execute(f'SELECT * FROM "{table}"').fetchall()
        return
    except sqlite3.DatabaseError:
        pass
    # the table's b-tree is broken somewhere: read it row by row, by rowid
    try:
        top = con.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0
    except sqlite3.DatabaseError:
        top = 0
    try:
        known = con.execute("SELECT seq FROM sqlite_sequence WHERE name = ?",
                            (table,)).fetchone()
        top = max(top, known[0] if known else 0)
    except sqlite3.DatabaseError:
        pass
    for row_id in range(1, min(top, 5_000_000) + 1):
        try:
            row = con.execute(f'SELECT * FROM "{table}" WHERE rowid = ?', (row_id,)).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None:
            yield row


def recover_into(damaged: Path, target: Path) -> Recovery:
    """Copy what can be read from the damaged file into ``target``, a fresh database.

    ``target`` is an empty database at the current schema (``engine`` makes it and sets
    its pragmas after; the damaged file's revision is assumed to be one this version
    knows). Rows that break a reference (a set whose session is unreadable) are dropped
    at the end and not counted.
    """
    source = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True, isolation_level=None)
    destination = sqlite3.connect(str(target), isolation_level=None)
    rows = 0
    lost: list[str] = []
    try:
        source.execute("PRAGMA writable_schema = OFF")
        destination.execute("PRAGMA foreign_keys = OFF")
        destination.execute("BEGIN")
        tables = [r[0] for r in destination.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        for table in tables:
            if table in _SKIP_TABLES:
                continue
            try:
                names = [r[1] for r in source.execute(f'PRAGMA table_info("{table}")')]
            except sqlite3.DatabaseError:
                names = []
            wanted = {r[1] for r in destination.execute(f'PRAGMA table_info("{table}")')}
            if not names:
                lost.append(table)
                continue
            columns = [n for n in names if n in wanted]
            picks = [names.index(c) for c in columns]
            marks = ", ".join("?" for _ in columns)
            quoted = ", ".join(f'"{c}"' for c in columns)
            insert = f'INSERT OR IGNORE INTO "{table}" ({quoted}) VALUES ({marks})'
            for row in _readable_rows(source, table):
                try:
                    destination.execute(insert, [row[i] for i in picks])
                    rows += 1
                except sqlite3.Error:
                    continue  # a row that breaks a rule of the fresh table
        for table, row_id, _parent, _fk in destination.execute(
                "PRAGMA foreign_key_check").fetchall():
            destination.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (row_id,))
            rows -= 1
        destination.execute("COMMIT")
        sessions = destination.execute("SELECT count(*) FROM sessions").fetchone()[0]
        sets = destination.execute("SELECT count(*) FROM sets").fetchone()[0]
    finally:
        source.close()
        destination.close()
    return Recovery(sessions, sets, rows, tuple(lost))


__all__ = ["BadRow", "Recovery", "bad_rows", "recover_into"]

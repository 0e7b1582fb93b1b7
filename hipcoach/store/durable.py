"""Writes that survive a full disk, a locked database or an I/O error.

``DurableStore`` is the ``Store`` the app uses. The writes of a running session
(``start_session``, ``log_set``, ``save_position``, ``finish_session``,
``add_checkin``) go to the database as before; when the database cannot take one
(full disk, held lock, I/O error), the write is kept in the pending-writes journal
beside the database (``journal.py``), fsynced, and replayed, in order, before the next
write and when the store is next opened. While anything is pending, later writes join
the queue behind it, so a session is never closed before its sets are on disk and its
status never claims sets that are not there.

A busy database is waited on (SQLite's busy timeout, then a few retries with growing
pauses) before anything is kept or reported. Impossible values (``InvalidEntry``) and
unknown sessions are refused as before: they are mistakes, not outages.

A session started while the database is unavailable gets a provisional, negative id;
its journal record carries a token that becomes the session's ``origin``, so replaying
it twice (a crash in between) still makes one session.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from hipcoach.domain.entries import Checkin, Load, SetEntry, SkippedSet, utc
from hipcoach.i18n import _
from hipcoach.private_files import open_private
from hipcoach.store.errors import InvalidEntry, StoreError, UnknownSession, refuse_invalid
from hipcoach.store.journal import Journal, journal_path
from hipcoach.store.repo import Store

log = logging.getLogger(__name__)

T = TypeVar("T")
BUSY_WAITS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0)
UNUSABLE_FILENAME = "hipcoach.pending-unusable"


class KeptForLater(StoreError):
    """The write could not reach the database now; it is kept safely and will be saved."""


class NotKept(StoreError):
    """The write could neither be saved nor kept (the journal could not be written)."""


class _Outage(Exception):
    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _is_busy(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "locked" in text or "busy" in text


def _is_outage(exc: BaseException) -> bool:
    """An error of the place, not of the data: keep the write and try again later."""
    if isinstance(exc, IntegrityError | StoreError):
        return False
    return isinstance(exc, DBAPIError | sqlite3.Error | OSError)


def _reason(exc: BaseException | None) -> str:
    if exc is not None and _is_busy(exc):
        return "when the database is free again"
    return "when there is space on the disk"


# Records -----------------------------------------------------------------------------

def _when(moment: datetime | None) -> str | None:
    return None if moment is None else utc(moment).isoformat()


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _set_record(entry: SetEntry) -> dict[str, Any]:
    values = dataclasses.asdict(entry)
    values["performed_at"] = _when(entry.performed_at)
    return values


def _set_entry(values: dict[str, Any]) -> SetEntry:
    values = dict(values)
    values["load"] = Load(**values["load"])
    values["performed_at"] = _moment(values["performed_at"])
    return SetEntry(**values)


class DurableStore(Store):
    """``Store`` with a pending-writes journal for the writes of a running session."""

    def __init__(self, engine: Engine, journal: Journal | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 busy_waits: Sequence[float] = BUSY_WAITS) -> None:
        super().__init__(engine)
        if journal is None:
            database = engine.url.database
            if not database:
                raise StoreError(_("the pending-writes journal needs a database file"))
            journal = Journal(journal_path(Path(database).parent))
        self.journal = journal
        self._sleep = sleep
        self._busy_waits = tuple(busy_waits)
        self._ids: dict[int, int] = {}  # provisional session id -> real id
        self.last_outage: BaseException | None = None
        self.journal.reserve()
        try:
            self.replay()
        except StoreError as exc:  # pragma: no cover - replay keeps its own failures
            log.warning("replaying kept writes failed: %s", exc)

    # What is waiting ------------------------------------------------------------------
    @property
    def pending(self) -> int:
        """Writes kept in the journal, not yet in the database."""
        return len(self.journal)

    @property
    def pending_sets(self) -> int:
        return sum(1 for r in self.journal.records if r.get("op") == "log_set")

    def close(self) -> None:
        """Let go of the journal (another process may then replay what it keeps)."""
        self.journal.close()

    def pending_message(self) -> str | None:
        """One plain line for the user about what is kept, or None when nothing is."""
        if not self.pending:
            return None
        sets = self.pending_sets
        when = _reason(self.last_outage)
        if sets == 0:
            return f"your session is kept safely and will be saved {when}"
        what = "your last set is" if sets == 1 else f"your last {sets} sets are"
        return f"{what} kept safely and will be saved {when}"

    # The journalled writes --------------------------------------------------------------
    def start_session(self, *, program_id: str, program_name: str, stage_id: str,
                      stage_name: str, planned_sets: int = 0, planned_seconds: float = 0.0,
                      started_at: datetime | None = None, pain_before: int | None = None,
                      origin: str | None = None, program_digest: str | None = None,
                      program_json: str | None = None) -> int:
        args = {"program_id": program_id, "program_name": program_name,
                "stage_id": stage_id, "stage_name": stage_name,
                "planned_sets": planned_sets, "planned_seconds": float(planned_seconds),
                "started_at": _when(utc(started_at)), "pain_before": pain_before,
                "origin": origin or f"journal:{uuid.uuid4()}",
                "program_digest": program_digest, "program_json": program_json}
        if not self.journal.records:
            try:  # the usual case: no token needed
                return self._attempt(lambda: Store.start_session(
                    self, **{**args, "started_at": _moment(args["started_at"]),
                             "origin": origin}))
            except _Outage as exc:
                self.last_outage = exc.cause
        else:
            self.replay()
            if not self.journal.records:
                return self.start_session(**{**args, "started_at": _moment(args["started_at"]),
                                             "origin": origin})
        provisional = self._provisional()
        self._keep({"op": "start_session", "id": provisional, "args": args})
        log.warning("session kept in the journal as %d", provisional)
        return provisional

    def log_set(self, entry: SetEntry) -> int:
        entry = dataclasses.replace(entry, performed_at=utc(entry.performed_at))
        # a provisional (negative) session id is fine here: it is mapped when replayed
        refuse_invalid(dataclasses.replace(
            entry, session_id=1 if entry.session_id < 0 else entry.session_id).problems())
        record = {"op": "log_set", "entry": _set_record(entry)}
        return self._durably(record, lambda: Store.log_set(
            self, dataclasses.replace(entry, session_id=self._real(entry.session_id))),
            entry.session_id)

    def save_position(self, session_id: int, index: int, active_s: float | None = None) -> bool:
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            return Store.save_position(self, session_id, index)  # raises InvalidEntry
        record = {"op": "save_position", "session_id": session_id, "index": index,
                  "active_s": active_s}
        try:
            return self._durably(record, lambda: Store.save_position(
                self, self._real(session_id), index, active_s), session_id)
        except KeptForLater:
            return False  # a position is not worth a notice of its own

    def finish_session(self, session_id: int, status: str = "completed", *,
                       ended_at: datetime | None = None, pain_after: int | None = None,
                       active_s: float | None = None) -> None:
        ended = utc(ended_at)
        record = {"op": "finish_session", "session_id": session_id, "status": status,
                  "ended_at": _when(ended), "pain_after": pain_after, "active_s": active_s}
        if status not in ("completed", "abandoned"):
            Store.finish_session(self, session_id, status)  # raises InvalidEntry
        self._durably(record, lambda: Store.finish_session(
            self, self._real(session_id), status, ended_at=ended, pain_after=pain_after,
            active_s=active_s), session_id)

    def record_skipped(self, session_id: int, slots: Iterable[SkippedSet]) -> int:
        slots = list(slots)
        for slot in slots:
            if slot.problems():
                return Store.record_skipped(self, session_id, slots)  # raises InvalidEntry
        record = {"op": "record_skipped", "session_id": session_id,
                  "slots": [dataclasses.asdict(slot) for slot in slots]}
        try:
            return self._durably(record, lambda: Store.record_skipped(
                self, self._real(session_id), slots), session_id)
        except KeptForLater:
            return 0

    def add_checkin(self, checkin: Checkin) -> None:
        checkin = dataclasses.replace(checkin, at=utc(checkin.at))
        problems = checkin.problems()
        if problems:
            raise InvalidEntry(problems)
        record = {"op": "add_checkin", "session_id": checkin.session_id, "kind": checkin.kind,
                  "pain": checkin.pain, "stiffness": checkin.stiffness,
                  "at": _when(checkin.at)}
        self._durably(record, lambda: Store.add_checkin(
            self, dataclasses.replace(checkin, session_id=self._real(checkin.session_id))),
            checkin.session_id)

    # Replay -----------------------------------------------------------------------------
    def replay(self) -> int:
        """Write what the journal keeps, in order; returns how many records were written.

        Stops (keeping everything) at the first outage: the writes are idempotent, so
        those already applied are harmless to apply again. A record the database refuses
        for good (a session that no longer exists) is set aside in
        ``hipcoach.pending-unusable``, never dropped.
        """
        records = self.journal.records
        if not records or not self.journal.claim():
            return 0  # nothing kept, or another HipCoach holds the journal and replays it
        records = self.journal.records  # as the previous holder left them
        if not records:
            return 0
        unusable: list[tuple[dict[str, Any], str]] = []
        for record in records:
            try:
                self._attempt(lambda r=record: self._apply(r))
            except _Outage as exc:
                self.last_outage = exc.cause
                return 0
            except (StoreError, IntegrityError, ValueError, KeyError, TypeError) as exc:
                unusable.append((record, str(exc)))
        if unusable:
            self._set_aside(unusable)
        self.journal.clear()
        self.last_outage = None
        log.info("wrote %d kept writes to the database", len(records))
        return len(records)

    def _apply(self, record: dict[str, Any]) -> None:
        op = record["op"]
        if op == "start_session":
            args = dict(record["args"])
            args["started_at"] = _moment(args["started_at"])
            self._ids[int(record["id"])] = Store.start_session(self, **args)
        elif op == "log_set":
            entry = _set_entry(record["entry"])
            Store.log_set(self, dataclasses.replace(
                entry, session_id=self._real(entry.session_id, strict=True)))
        elif op == "save_position":
            Store.save_position(self, self._real(record["session_id"], strict=True),
                                record["index"], record.get("active_s"))
        elif op == "finish_session":
            Store.finish_session(self, self._real(record["session_id"], strict=True),
                                 record["status"], ended_at=_moment(record["ended_at"]),
                                 pain_after=record["pain_after"],
                                 active_s=record.get("active_s"))
        elif op == "record_skipped":
            Store.record_skipped(self, self._real(record["session_id"], strict=True),
                                 [SkippedSet(**slot) for slot in record["slots"]])
        elif op == "add_checkin":
            Store.add_checkin(self, Checkin(
                self._real(record["session_id"], strict=True), record["kind"], record["pain"],
                record["stiffness"], _moment(record["at"])))
        else:
            raise StoreError(_("unknown kept write {op!r}").format(op=op))

    def _set_aside(self, unusable: list[tuple[dict[str, Any], str]]) -> None:
        import os

        path = self.journal.path.with_name(UNUSABLE_FILENAME)
        fd = open_private(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            for record, why in unusable:
                line = json.dumps({"record": record, "refused": why}) + "\n"
                os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        log.warning("%d kept writes could not be used; they are in %s", len(unusable), path)

    # Internals -------------------------------------------------------------------------
    def _real(self, session_id: int, strict: bool = False) -> int:
        if session_id >= 0:
            return session_id
        if session_id in self._ids:
            return self._ids[session_id]
        if strict:
            raise UnknownSession(_("the kept session {session_id} was never started").format(
                                     session_id=session_id))
        raise _Outage(StoreError(_("the session is not in the database yet")))

    def _provisional(self) -> int:
        used = [int(r["id"]) for r in self.journal.records if r.get("op") == "start_session"]
        return min([0, *used, *self._ids]) - 1

    def _attempt(self, call: Callable[[], T]) -> T:
        """Run one write; wait out a busy database; raise _Outage when it cannot be done."""
        for pause in (*self._busy_waits, None):
            try:
                return call()
            except Exception as exc:
                if isinstance(exc, _Outage):
                    raise
                if not _is_outage(exc):
                    raise
                if pause is not None and _is_busy(exc):
                    log.info("the database is busy; waiting %.2f s", pause)
                    self._sleep(pause)
                    continue
                log.warning("write failed: %s", getattr(exc, "orig", None) or exc)
                raise _Outage(exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _durably(self, record: dict[str, Any], call: Callable[[], T], session_id: int) -> T:
        if self.journal.records:
            self.replay()
        if not self.journal.records and (session_id >= 0 or session_id in self._ids):
            try:
                return self._attempt(call)
            except _Outage as exc:
                self.last_outage = exc.cause
        self._keep(record)
        raise KeptForLater(self.pending_message() or "kept for later")

    def _keep(self, record: dict[str, Any]) -> None:
        try:
            self.journal.append(record)
        except OSError as exc:
            raise NotKept(
                "this could not be saved yet and could not be kept on disk either "
                f"({exc.strerror or exc}); HipCoach holds it and tries again"
            ) from None

"""The store's API for the UI and the commands: plain dataclasses in and out.

Every write is its own short transaction and is on disk when the call returns (WAL with
``synchronous = FULL``). Bad values raise ``InvalidEntry`` before anything is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from hipcoach.domain.entries import (
    CHECKIN_KINDS,
    Checkin,
    DeletedSession,
    HistorySession,
    Load,
    LoggedSet,
    SessionDetail,
    SessionSummary,
    SetEntry,
    SkippedSet,
    count_planned,
    logged_tut_seconds,
    max_or_none,
    session_problems,
    utc,
)
from hipcoach.i18n import _
from hipcoach.store.base import UTCDateTime
from hipcoach.store.errors import InvalidEntry, StoreError, UnknownSession, refuse_invalid
from hipcoach.store.models import (
    SET_SLOT,
    SKIPPED_SLOT,
    checkins_table,
    sessions_table,
    sets_table,
    skipped_sets_table,
)

if TYPE_CHECKING:
    from hipcoach.session.timeline import Timeline

S = sessions_table.c
T = sets_table.c
C = checkins_table.c
K = skipped_sets_table.c

MORNING_HOUR = 4  # the next-morning question is asked from 04:00 local time
_SET_KEY = ("session_id", "exercise", "side", "set_no")
Progress = Callable[[int, int], None]


def _set_values(entry: SetEntry, session_id: int | None = None) -> dict[str, Any]:
    return {
        "session_id": entry.session_id if session_id is None else session_id,
        "exercise": entry.exercise,
        "exercise_name": entry.exercise_name or entry.exercise,
        "phase": entry.phase,
        "side": entry.side,
        "set_no": entry.set_no,
        "target_reps": entry.target_reps,
        "reps": entry.reps,
        "load_value": entry.load.value,
        "load_unit": entry.load.unit,
        "band_colour": entry.load.colour,
        "tempo": entry.tempo,
        "hold_s": entry.hold_s,
        "tut_s": entry.tut_s,
        "rpe": entry.rpe,
        "pain": entry.pain,
        "note": entry.note,
        "performed_at": utc(entry.performed_at),
    }


def _logged(row: Row[Any]) -> LoggedSet:
    m = row._mapping
    return LoggedSet(
        id=m["id"],
        session_id=m["session_id"],
        exercise=m["exercise"],
        set_no=m["set_no"],
        reps=m["reps"],
        exercise_name=m["exercise_name"],
        phase=m["phase"],
        side=m["side"],
        target_reps=m["target_reps"],
        load=Load(m["load_unit"], m["load_value"], m["band_colour"]),
        tempo=m["tempo"],
        hold_s=m["hold_s"],
        tut_s=m["tut_s"],
        rpe=m["rpe"],
        pain=m["pain"],
        note=m["note"],
        performed_at=m["performed_at"],
    )


def summary_of(row: Row[Any]) -> SessionSummary:
    """A SessionSummary from a row of ``summary_select()``."""
    m = row._mapping
    return SessionSummary(
        id=m["id"],
        program_id=m["program_id"],
        program_name=m["program_name"],
        stage_id=m["stage_id"],
        stage_name=m["stage_name"],
        started_at=m["started_at"],
        ended_at=m["ended_at"],
        status=m["status"],
        planned_sets=m["planned_sets"],
        done_sets=m["done_sets"],
        planned_seconds=m["planned_seconds"],
        position=m["position"],
        pain_before=m["pain_before"],
        pain_after=m["pain_after"],
        max_pain=max_or_none((m["set_pain"], m["pain_before"], m["pain_after"])),
        skipped_sets=m["skipped"],
        active_s=m["active_s"],
        program_digest=m["program_digest"],
        program_json=m["program_json"],
    )


def skipped_of(row: Row[Any]) -> SkippedSet:
    """A SkippedSet from a row of ``skipped_sets``."""
    m = row._mapping
    return SkippedSet(m["exercise"], m["exercise_name"], m["phase"], m["side"], m["set_no"])


def _checkin(row: Row[Any]) -> Checkin:
    m = row._mapping
    return Checkin(m["session_id"], m["kind"], m["pain"], m["stiffness"], m["at"])


def summary_select() -> Any:
    """Sessions with what a SessionSummary needs beyond the row: the worst set pain and
    the number of skipped sets, in the same select."""
    set_pain = (
        select(func.max(T.pain)).where(T.session_id == S.id).scalar_subquery().label("set_pain")
    )
    skipped = (
        select(func.count()).where(K.session_id == S.id).scalar_subquery().label("skipped")
    )
    return select(sessions_table, set_pain, skipped)


def _local_day(day: date, tz: tzinfo | None) -> tuple[datetime, datetime]:
    """The UTC instants at which local calendar ``day`` starts and the next one starts."""
    def midnight(d: date) -> datetime:
        if tz is None:
            return datetime.combine(d, time()).astimezone(UTC)  # naive = local time
        return datetime.combine(d, time(), tzinfo=tz).astimezone(UTC)

    return midnight(day), midnight(day + timedelta(days=1))


def _when(name: str) -> Any:
    return bindparam(name, type_=UTCDateTime())


def _upsert_sets() -> Any:
    stmt = sqlite_insert(sets_table)
    updatable = [c.name for c in sets_table.columns if c.name not in (*_SET_KEY, "id")]
    return stmt.on_conflict_do_update(
        index_elements=list(SET_SLOT), set_={k: stmt.excluded[k] for k in updatable}
    )


# The hot path (a set logged mid-session) uses statements built once.
_UPSERT_SETS = _upsert_sets()
_UPSERT_SET = _UPSERT_SETS.returning(T.id)
_RECOUNT = (
    update(sessions_table)
    .where(S.id == bindparam("sid_"))
    .values(done_sets=select(func.count()).where(T.session_id == bindparam("sid_"))
            .scalar_subquery())
)
_CHECKIN_INSERT = sqlite_insert(checkins_table)
_UPSERT_CHECKIN = _CHECKIN_INSERT.on_conflict_do_update(
    index_elements=[C.session_id, C.kind],
    set_={k: _CHECKIN_INSERT.excluded[k] for k in ("pain", "stiffness", "at")},
)
_SAVE_POSITION = (
    update(sessions_table)
    .where(S.id == bindparam("sid_"), S.status == "in_progress")
    .values(position=bindparam("position_"))
)
_SAVE_POSITION_ACTIVE = _SAVE_POSITION.values(active_s=bindparam("active_"))
# A slot is done or skipped, never both: once a slot is logged, its skip goes.
_UNSKIP_LOGGED = delete(skipped_sets_table).where(
    K.session_id == bindparam("sid_"),
    exists().where(
        T.session_id == K.session_id, T.exercise == K.exercise,
        func.coalesce(T.side, literal_column("''")) == func.coalesce(K.side, literal_column("''")),
        T.set_no == K.set_no,
    ),
)
_INSERT_SKIPPED = sqlite_insert(skipped_sets_table).on_conflict_do_nothing(
    index_elements=list(SKIPPED_SLOT))


def _active_problems(active_s: float | None) -> list[str]:
    return [] if active_s is None else session_problems("x", "x", "x", "x", active_s=active_s)


class Store:
    """Queries and writes over one engine (see ``prepare_database``): the one facade the
    app, the reports and the commands use. Sessions, sets and check-ins are methods here;
    re-test results are ``store.assessments`` and function-goal ratings ``store.goals``.
    """

    def __init__(self, engine: Engine) -> None:
        from hipcoach.store.assessments import AssessmentStore
        from hipcoach.store.function_goals import GoalStore

        self.engine = engine
        self.assessments = AssessmentStore(engine)
        self.goals = GoalStore(engine)

    # Sessions -----------------------------------------------------------------------
    def start_session(
        self,
        *,
        program_id: str,
        program_name: str,
        stage_id: str,
        stage_name: str,
        planned_sets: int = 0,
        planned_seconds: float = 0.0,
        started_at: datetime | None = None,
        pain_before: int | None = None,
        origin: str | None = None,
        program_digest: str | None = None,
        program_json: str | None = None,
    ) -> int:
        """Record that a session began; returns its id (``pain_before`` is a check-in too).

        ``origin`` is a stable identity (see revision 0006): a session with the same
        origin already stored is not added again, and its id is returned.
        """
        problems = session_problems(program_id, program_name, stage_id, stage_name,
                                    planned_sets, planned_seconds, pain_before)
        if problems:
            raise InvalidEntry(problems)
        started = utc(started_at)
        with self.engine.begin() as conn:
            if origin is not None:
                known = self._by_origin(conn, origin)
                if known is not None:
                    return known
            session_id = conn.execute(
                insert(sessions_table).values(
                    program_id=program_id, program_name=program_name, stage_id=stage_id,
                    stage_name=stage_name, started_at=started, status="in_progress",
                    planned_sets=planned_sets, done_sets=0,
                    planned_seconds=float(planned_seconds), position=0,
                    pain_before=pain_before, origin=origin, program_digest=program_digest,
                    program_json=program_json,
                ).returning(S.id)
            ).scalar_one()
            if pain_before is not None:
                conn.execute(insert(checkins_table).values(
                    session_id=session_id, kind="before", pain=pain_before, at=started))
        return session_id

    def start_session_for(
        self, timeline: Timeline, *, started_at: datetime | None = None,
        pain_before: int | None = None,
    ) -> int:
        """``start_session`` with the names and plan taken from a compiled stage (and
        the programme's fingerprint, checked again before a resume)."""
        from hipcoach.program.model import played_json, program_digest

        planned_sets, planned_seconds = count_planned(timeline)
        return self.start_session(
            program_id=timeline.program.id, program_name=timeline.program.name,
            stage_id=timeline.stage.id, stage_name=timeline.stage.name,
            planned_sets=planned_sets, planned_seconds=planned_seconds,
            started_at=started_at, pain_before=pain_before,
            program_digest=program_digest(timeline.program),
            program_json=played_json(timeline.program, timeline.stage.id),
        )

    def save_position(self, session_id: int, index: int, active_s: float | None = None) -> bool:
        """Remember the player's step index for resuming, and with ``active_s`` the time
        exercised so far (the session clock's running time, pauses left out).

        Returns False if the session is not in progress (nothing is saved then).
        """
        problems = _active_problems(active_s)
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            problems.insert(0, f"position must be a step index of 0 or more, got {index!r}")
        if problems:
            raise InvalidEntry(problems)
        params: dict[str, Any] = {"sid_": session_id, "position_": index}
        statement = _SAVE_POSITION
        if active_s is not None:
            statement, params["active_"] = _SAVE_POSITION_ACTIVE, float(active_s)
        with self.engine.begin() as conn:
            result = conn.execute(statement, params)
        return result.rowcount > 0

    def record_skipped(self, session_id: int, slots: Iterable[SkippedSet]) -> int:
        """Record sets the user skipped; returns how many were not recorded before.

        Idempotent: a slot already recorded as skipped is recorded once. A slot that is
        already logged as done is left alone (a set is done or skipped, never both).
        """
        items = list(slots)
        problems = [p for slot in items for p in slot.problems()]
        if problems:
            raise InvalidEntry(problems)
        with self.engine.begin() as conn:
            if not self._exists(conn, session_id):
                raise UnknownSession(_("there is no session {session_id}").format(session_id=session_id))
            return self._insert_skipped(conn, session_id, items)

    def finish_session(
        self, session_id: int, status: str = "completed", *,
        ended_at: datetime | None = None, pain_after: int | None = None,
        active_s: float | None = None,
    ) -> None:
        """Close a session as completed or abandoned (``pain_after`` is a check-in too).

        ``active_s``: the time exercised, pauses left out (None keeps what was saved).
        """
        problems = []
        if status not in ("completed", "abandoned"):
            problems.append(_("a session ends completed or abandoned, not {status!r}").format(status=status))
        problems += session_problems("x", "x", "x", "x", pain=pain_after)
        problems += _active_problems(active_s)
        if problems:
            raise InvalidEntry(problems)
        ended = utc(ended_at)
        with self.engine.begin() as conn:
            values: dict[str, Any] = {"status": status, "ended_at": ended}
            if pain_after is not None:
                values["pain_after"] = pain_after
            if active_s is not None:
                values["active_s"] = float(active_s)
            result = conn.execute(update(sessions_table).where(S.id == session_id).values(values))
            if result.rowcount == 0:
                raise UnknownSession(_("there is no session {session_id}").format(session_id=session_id))
            if pain_after is not None:
                self._upsert_checkin(conn, Checkin(session_id, "after", pain_after, None, ended))

    def interrupted_session(self) -> SessionSummary | None:
        """The newest session still marked in progress (the app stopped during it)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                summary_select().where(S.status == "in_progress")
                .order_by(S.started_at.desc(), S.id.desc()).limit(1)
            ).first()
        return summary_of(row) if row else None

    def abandon_interrupted(self, keep: int | None = None) -> int:
        """Mark every in-progress session except ``keep`` as abandoned; returns how many.

        For the resume dialog: after resuming one session (or discarding it), older
        sessions left open by earlier crashes stop showing up as interrupted. Each one
        ends at its last logged set (or its start).
        """
        last_set = (select(func.max(T.performed_at)).where(T.session_id == S.id)
                    .scalar_subquery())
        stmt = update(sessions_table).where(S.status == "in_progress")
        if keep is not None:
            stmt = stmt.where(S.id != keep)
        with self.engine.begin() as conn:
            result = conn.execute(stmt.values(
                status="abandoned", ended_at=func.coalesce(last_set, S.started_at)))
        return result.rowcount

    def sessions(
        self, *, limit: int | None = None, offset: int = 0,
        since: datetime | None = None, until: datetime | None = None,
    ) -> list[SessionSummary]:
        """History lines, newest first; ``since``/``until`` bound the start time."""
        stmt = summary_select().order_by(S.started_at.desc(), S.id.desc())
        if since is not None:
            stmt = stmt.where(S.started_at >= utc(since))
        if until is not None:
            stmt = stmt.where(S.started_at < utc(until))
        stmt = stmt.limit(limit).offset(offset) if limit is not None else stmt.offset(offset)
        with self.engine.connect() as conn:
            return [summary_of(r) for r in conn.execute(stmt)]

    def session_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(sessions_table)).scalar_one()

    def session_detail(self, session_id: int) -> SessionDetail:
        with self.engine.connect() as conn:
            row = conn.execute(summary_select().where(S.id == session_id)).first()
            if row is None:
                raise UnknownSession(_("there is no session {session_id}").format(session_id=session_id))
            sets = conn.execute(
                select(sets_table).where(T.session_id == session_id)
                .order_by(T.performed_at, T.id)
            ).all()
            checkins = conn.execute(
                select(checkins_table).where(C.session_id == session_id).order_by(C.at, C.id)
            ).all()
            skipped = conn.execute(
                select(skipped_sets_table).where(K.session_id == session_id).order_by(K.id)
            ).all()
        return SessionDetail(
            summary_of(row), tuple(_logged(r) for r in sets), tuple(_checkin(r) for r in checkins),
            tuple(skipped_of(r) for r in skipped),
        )

    def delete_session(self, session_id: int) -> DeletedSession:
        """Delete a session with its sets, check-ins and skipped sets; keep them for
        ``undo_delete``."""
        with self.engine.begin() as conn:
            row = conn.execute(select(sessions_table).where(S.id == session_id)).first()
            if row is None:
                raise UnknownSession(_("there is no session {session_id}").format(session_id=session_id))
            set_rows = conn.execute(select(sets_table).where(T.session_id == session_id)).all()
            checkin_rows = conn.execute(
                select(checkins_table).where(C.session_id == session_id)).all()
            skipped_rows = conn.execute(
                select(skipped_sets_table).where(K.session_id == session_id)).all()
            conn.execute(delete(skipped_sets_table).where(K.session_id == session_id))
            conn.execute(delete(checkins_table).where(C.session_id == session_id))
            conn.execute(delete(sets_table).where(T.session_id == session_id))
            conn.execute(delete(sessions_table).where(S.id == session_id))
        return DeletedSession(
            session_id,
            dict(row._mapping),
            tuple(dict(r._mapping) for r in set_rows),
            tuple(dict(r._mapping) for r in checkin_rows),
            tuple(dict(r._mapping) for r in skipped_rows),
        )

    def undo_delete(self, deleted: DeletedSession) -> None:
        """Put a deleted session back exactly as it was (ids included)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(sessions_table), [deleted.session_row])
                if deleted.set_rows:
                    conn.execute(insert(sets_table), list(deleted.set_rows))
                if deleted.checkin_rows:
                    conn.execute(insert(checkins_table), list(deleted.checkin_rows))
                if deleted.skipped_rows:
                    conn.execute(insert(skipped_sets_table), list(deleted.skipped_rows))
        except IntegrityError:
            raise StoreError(_("session {session_id} is already back").format(
                session_id=deleted.session_id)) from None

    # Sets ---------------------------------------------------------------------------
    def log_set(self, entry: SetEntry) -> int:
        """Save one set; the same (session, exercise, side, set) again replaces it.

        A skip recorded for the same slot is removed: the set is done. Returns the set's
        id. Raises InvalidEntry (nothing saved) for impossible values and UnknownSession
        for a session that does not exist.
        """
        refuse_invalid(entry.problems())
        try:
            with self.engine.begin() as conn:
                set_id: int = conn.execute(_UPSERT_SET, _set_values(entry)).scalar_one()
                conn.execute(_UNSKIP_LOGGED, {"sid_": entry.session_id})
                conn.execute(_RECOUNT, {"sid_": entry.session_id})
        except IntegrityError as exc:
            if "FOREIGN KEY" in str(exc.orig):
                raise UnknownSession(_("there is no session {session_id}").format(
                                         session_id=entry.session_id)) from None
            raise
        return set_id

    def update_set(self, set_id: int, **changes: Any) -> LoggedSet:
        """Correct a logged set: any SetEntry field except the session.

        When the reps, the hold or the tempo change (and ``tut_s`` is not given), the time
        under tension is worked out again from the set's tempo or hold, as when it was
        logged (``logged_tut_seconds``); a set with neither keeps its stored value.
        """
        if "session_id" in changes or "id" in changes:
            raise InvalidEntry(["a set cannot move to another session"])
        with self.engine.begin() as conn:
            row = conn.execute(select(sets_table).where(T.id == set_id)).first()
            if row is None:
                raise UnknownSession(_("there is no set {set_id}").format(set_id=set_id))
            try:
                changed = dataclasses.replace(_logged(row), **changes)
            except TypeError as exc:
                raise InvalidEntry([str(exc)]) from None
            if "tut_s" not in changes and {"reps", "hold_s", "tempo"} & changes.keys():
                tut = logged_tut_seconds(changed) if not changed.problems() else None
                if tut is not None:
                    changed = dataclasses.replace(changed, tut_s=tut)
            refuse_invalid(changed.problems())
            try:
                conn.execute(update(sets_table).where(T.id == set_id)
                             .values(_set_values(changed)))
                conn.execute(_UNSKIP_LOGGED, {"sid_": changed.session_id})
            except IntegrityError:
                raise InvalidEntry([
                    f"set {changed.set_no} of {changed.exercise}"
                    f"{' (' + changed.side + ')' if changed.side else ''} is already logged"
                ]) from None
        return changed

    def delete_set(self, set_id: int) -> LoggedSet:
        """Remove one set; returns it (``log_set`` it again to undo)."""
        with self.engine.begin() as conn:
            row = conn.execute(select(sets_table).where(T.id == set_id)).first()
            if row is None:
                raise UnknownSession(_("there is no set {set_id}").format(set_id=set_id))
            conn.execute(delete(sets_table).where(T.id == set_id))
            self._recount(conn, row.session_id)
        return _logged(row)

    def sets(
        self, *, exercise: str | None = None, since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[LoggedSet]:
        """Logged sets in time order, for charts (filter by exercise and time)."""
        stmt = select(sets_table).order_by(T.performed_at, T.id)
        if exercise is not None:
            stmt = stmt.where(T.exercise == exercise)
        if since is not None:
            stmt = stmt.where(T.performed_at >= utc(since))
        if until is not None:
            stmt = stmt.where(T.performed_at < utc(until))
        with self.engine.connect() as conn:
            return [_logged(r) for r in conn.execute(stmt)]

    # Check-ins ----------------------------------------------------------------------
    def add_checkin(self, checkin: Checkin) -> None:
        """Record (or replace) a before / after / next-morning check-in."""
        problems = checkin.problems()
        if problems:
            raise InvalidEntry(problems)
        with self.engine.begin() as conn:
            if not self._exists(conn, checkin.session_id):
                raise UnknownSession(_("there is no session {session_id}").format(
                                         session_id=checkin.session_id))
            self._upsert_checkin(conn, checkin)
            if checkin.kind in ("before", "after"):
                conn.execute(update(sessions_table).where(S.id == checkin.session_id)
                             .values({f"pain_{checkin.kind}": checkin.pain}))
            else:
                conn.execute(update(sessions_table)
                             .where(S.id == checkin.session_id, S.morning_asked_at.is_(None))
                             .values(morning_asked_at=utc(checkin.at)))

    def due_next_morning_checkin(
        self, now: datetime | None = None, *, mark: bool = True,
        tz: tzinfo | None = None, from_hour: int = MORNING_HOUR,
    ) -> SessionSummary | None:
        """The session to ask "how do you feel this morning?" about, or None.

        "Next morning" is a calendar idea: a completed session that ended on the user's
        previous calendar day (in ``tz``, the local time zone by default), asked from
        ``from_hour`` o'clock until the end of today, with no next-morning check-in and
        never asked about. Day boundaries are local midnights, so a 23- or 25-hour day
        at a DST change is still one day. With ``mark`` (the default) every such session
        is recorded as asked, so the question comes once whether answered or skipped.
        """
        moment = utc(now)
        local_now = moment.astimezone(tz)
        if local_now.hour < from_hour:
            return None
        lo, hi = _local_day(local_now.date() - timedelta(days=1), tz)
        ended = func.coalesce(S.ended_at, S.started_at)
        has_morning = (
            select(C.id).where(C.session_id == S.id, C.kind == "next_morning").exists()
        )
        condition = (
            (S.status == "completed")
            & S.morning_asked_at.is_(None)
            & (ended >= _when("lo"))
            & (ended < _when("hi"))
            & ~has_morning
        )
        params = {"lo": lo, "hi": hi}
        with self.engine.begin() as conn:
            row = conn.execute(
                summary_select().where(condition).order_by(ended.desc()).limit(1), params
            ).first()
            if row is not None and mark:
                conn.execute(
                    update(sessions_table).where(condition)
                    .values(morning_asked_at=_when("now")),
                    {**params, "now": moment},
                )
        return summary_of(row) if row else None

    # Bulk: import, demo data, export -----------------------------------------------
    def add_history(
        self, history: Iterable[HistorySession], *, merge: bool = False,
        replace: bool = False, progress: Progress | None = None,
        dry_run: bool = False, counts: dict[str, int] | None = None,
    ) -> list[int]:
        """Write whole sessions in ONE transaction: all of them or, on error, none.

        With ``merge``, a session already stored is reused and its sets upserted, so
        importing the same file twice adds nothing: the same ``origin``, or else (for a
        session recorded here and exported) the same programme and stage holding the
        same sets at the same times (to the second). Two sessions that merely start at
        the same time stay two. With ``replace``, everything already there is deleted in
        the same transaction. ``dry_run`` does it all and rolls back; ``counts`` gets
        ``new_sessions``, ``known_sessions``, ``new_sets`` and ``sets``.
        """
        items = list(history)
        problems: list[str] = []
        for n, item in enumerate(items, 1):
            found = session_problems(item.program_id, item.program_name, item.stage_id,
                                     item.stage_name, item.planned_sets, item.planned_seconds,
                                     item.pain_before, item.active_s)
            for entry in item.sets:
                found += dataclasses.replace(entry, session_id=1).problems()
            for slot in item.skipped:
                found += slot.problems()
            for checkin in item.checkins:
                found += checkin.problems()
            problems += [f"session {n}: {p}" for p in found]
        if problems:
            raise InvalidEntry(problems)
        ids: list[int] = []
        tally = {"new_sessions": 0, "known_sessions": 0, "new_sets": 0, "sets": 0}
        conn = self.engine.connect()
        transaction = conn.begin()
        try:
            if replace:
                self._clear(conn)
            for n, item in enumerate(items, 1):
                session_id = self._find_session(conn, item, set(ids)) if merge else None
                tally["known_sessions" if session_id is not None else "new_sessions"] += 1
                if session_id is not None:
                    tally["new_sets"] -= self._set_count(conn, session_id)
                if session_id is None:
                    session_id = conn.execute(
                        insert(sessions_table).values(
                            program_id=item.program_id, program_name=item.program_name,
                            stage_id=item.stage_id, stage_name=item.stage_name,
                            started_at=utc(item.started_at),
                            ended_at=utc(item.ended_at) if item.ended_at else None,
                            status=item.status, planned_sets=item.planned_sets, done_sets=0,
                            planned_seconds=float(item.planned_seconds), position=0,
                            pain_before=item.pain_before, pain_after=item.pain_after,
                            morning_asked_at=utc(item.ended_at or item.started_at),
                            active_s=float(item.active_s),
                            origin=item.origin,
                        ).returning(S.id)
                    ).scalar_one()
                elif item.active_s > 0:
                    conn.execute(update(sessions_table).where(S.id == session_id)
                                 .values(active_s=float(item.active_s)))
                if item.sets:
                    rows = [_set_values(e, session_id) for e in item.sets]
                    if merge:
                        conn.execute(_UPSERT_SETS, rows)
                    else:
                        conn.execute(insert(sets_table), rows)
                for checkin in item.checkins:
                    self._upsert_checkin(conn, dataclasses.replace(checkin, session_id=session_id))
                self._insert_skipped(conn, session_id, item.skipped)
                self._recount(conn, session_id)
                tally["new_sets"] += self._set_count(conn, session_id)
                tally["sets"] += len(item.sets)
                ids.append(session_id)
                if progress is not None and (n % 50 == 0 or n == len(items)):
                    progress(n, len(items))
            if dry_run:
                transaction.rollback()
            else:
                transaction.commit()
        except BaseException:
            if transaction.is_active:
                transaction.rollback()
            raise
        finally:
            conn.close()
        if counts is not None:
            counts.update(tally)
        return ids

    def export_rows(self) -> Iterator[tuple[str, str, LoggedSet]]:
        """(programme id, stage id, set) for every set, oldest first."""
        stmt = (
            select(sets_table, S.program_id.label("program_id_"), S.stage_id.label("stage_id_"))
            .join(sessions_table, T.session_id == S.id)
            .order_by(T.performed_at, T.session_id, T.id)
        )
        with self.engine.connect() as conn:
            for row in conn.execute(stmt):
                yield row.program_id_, row.stage_id_, _logged(row)

    def export_record(self) -> dict[int, tuple[SessionSummary, tuple[SkippedSet, ...]]]:
        """Every session's record (its summary and skipped sets) by id, oldest first."""
        with self.engine.connect() as conn:
            records = {r.id: (summary_of(r), []) for r in conn.execute(
                summary_select().order_by(S.started_at, S.id))}
            for row in conn.execute(select(skipped_sets_table).order_by(K.id)):
                records[row.session_id][1].append(skipped_of(row))
        return {sid: (summary, tuple(skipped)) for sid, (summary, skipped) in records.items()}

    def clear(self) -> int:
        """Delete every session (with sets and check-ins); returns how many."""
        with self.engine.begin() as conn:
            return self._clear(conn)

    # Internals ----------------------------------------------------------------------
    @staticmethod
    def _clear(conn: Connection) -> int:
        count = conn.execute(select(func.count()).select_from(sessions_table)).scalar_one()
        conn.execute(delete(skipped_sets_table))
        conn.execute(delete(checkins_table))
        conn.execute(delete(sets_table))
        conn.execute(delete(sessions_table))
        return count

    @staticmethod
    def _by_origin(conn: Connection, origin: str) -> int | None:
        return conn.execute(select(S.id).where(S.origin == origin)).scalar_one_or_none()

    @staticmethod
    def _exists(conn: Connection, session_id: int) -> bool:
        return conn.execute(select(S.id).where(S.id == session_id)).first() is not None

    @staticmethod
    def _recount(conn: Connection, session_id: int) -> None:
        conn.execute(_RECOUNT, {"sid_": session_id})

    @staticmethod
    def _insert_skipped(conn: Connection, session_id: int, slots: Iterable[SkippedSet]) -> int:
        """Add skipped slots (repeats once); a slot logged as done stays done."""
        rows = [{"session_id": session_id, "exercise": slot.exercise,
                 "exercise_name": slot.exercise_name or slot.exercise, "phase": slot.phase,
                 "side": slot.side, "set_no": slot.set_no} for slot in slots]
        if not rows:
            return 0
        count = select(func.count()).where(K.session_id == session_id)
        before = conn.execute(count).scalar_one()
        conn.execute(_INSERT_SKIPPED, rows)
        conn.execute(_UNSKIP_LOGGED, {"sid_": session_id})
        return conn.execute(count).scalar_one() - before

    @staticmethod
    def _set_count(conn: Connection, session_id: int) -> int:
        return conn.execute(
            select(func.count()).select_from(sets_table).where(T.session_id == session_id)
        ).scalar_one()

    @staticmethod
    def _find_session(conn: Connection, item: HistorySession, taken: set[int]) -> int | None:
        """The stored session ``item`` is a copy of, or None (see ``add_history``)."""
        if item.origin is not None:
            found = conn.execute(select(S.id).where(S.origin == item.origin)).scalar()
            if found is not None:
                return found
        if not item.sets:
            return None
        # a session recorded here and exported: the same sets at the same times
        first = min(item.sets, key=lambda e: (utc(e.performed_at), e.exercise, e.set_no))
        moment = utc(first.performed_at).replace(microsecond=0)
        side = T.side.is_(None) if first.side is None else T.side == first.side
        candidates = conn.execute(
            select(S.id).join(sets_table, T.session_id == S.id).where(
                S.program_id == item.program_id, S.stage_id == item.stage_id,
                T.exercise == first.exercise, T.set_no == first.set_no, side,
                T.performed_at >= _when("lo"), T.performed_at < _when("hi"),
            ).order_by(S.id),
            {"lo": moment, "hi": moment + timedelta(seconds=1)},
        ).scalars().all()
        wanted = {(e.exercise, e.side, e.set_no, utc(e.performed_at).replace(microsecond=0))
                  for e in item.sets}
        for candidate in candidates:
            if candidate in taken:
                continue
            stored = {(r.exercise, r.side, r.set_no, r.performed_at.replace(microsecond=0))
                      for r in conn.execute(select(T.exercise, T.side, T.set_no,
                                                   T.performed_at)
                                            .where(T.session_id == candidate))}
            if wanted <= stored:
                if item.origin is not None:  # known by its identity from now on
                    conn.execute(update(sessions_table)
                                 .where(S.id == candidate, S.origin.is_(None))
                                 .values(origin=item.origin))
                return candidate
        return None

    @staticmethod
    def _upsert_checkin(conn: Connection, checkin: Checkin) -> None:
        conn.execute(_UPSERT_CHECKIN, {
            "session_id": checkin.session_id, "kind": checkin.kind, "pain": checkin.pain,
            "stiffness": checkin.stiffness, "at": utc(checkin.at),
        })


__all__ = ["CHECKIN_KINDS", "Store"]

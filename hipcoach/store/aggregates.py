"""Aggregation queries for the progress charts: every sum, count and maximum is done by
SQLite, and only the small grouped result crosses into Python.

Each query takes an ``Engine`` or an open ``Connection`` and a time range
(``since``/``until``: aware datetimes, or naive ones meaning local time; None leaves that
end open) and returns a list of small frozen dataclasses.

Weeks
    A week runs Monday 00:00 to Sunday 24:00 in the *local* time zone of this process
    (SQLite's ``localtime`` modifier, which follows the same C library time zone as
    Python's ``datetime.astimezone()``, daylight saving included). A session belongs to
    the week in which it *started*, and so do all of its sets, even when the last set
    runs past midnight on a Sunday. ``week`` fields are the local date of that Monday.

Range filters
    A range selects sessions by their start time (``since <= started_at < until``).
    Queries that walk one exercise's sets find them through the index on
    ``sets(exercise, performed_at)``; the others start from the index on
    ``sessions(started_at)`` and reach each session's sets through the unique index on
    ``sets(session_id, ...)``. ``tests/store/test_aggregates.py`` checks the plans.

Times in the results are seconds since the Unix epoch (UTC), ready to plot; the
``when`` properties give aware UTC datetimes.

Nothing here imports Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, DateTime, Engine, TextClause, bindparam, text

from hipcoach.domain.entries import utc
from hipcoach.i18n import _

Bind = Engine | Connection
GroupBy = Literal["phase", "exercise"]

# Far enough out that "no bound" needs no second form of each statement.
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(9000, 1, 1, tzinfo=UTC)
# Sets of a session are never more than this after its start (a bound for the index range).
_SESSION_SPAN = timedelta(days=2)
NO_PHASE = "other"


def week_of(column: str) -> str:
    """SQL for the local Monday (``YYYY-MM-DD``) of the week holding the UTC time ``column``."""
    return f"date({column}, 'localtime', 'weekday 0', '-6 days')"


def epoch_of(column: str) -> str:
    """SQL for the stored UTC time ``column`` as float seconds since the Unix epoch."""
    # julianday() counts whole milliseconds; rounding drops the float noise of the scaling.
    return f"round((julianday({column}) - 2440587.5) * 86400.0, 3)"


def week_start(moment: datetime | date) -> date:
    """The local Monday of the week holding ``moment`` (the same rule as ``week_of``)."""
    if isinstance(moment, datetime):
        moment = utc(moment).astimezone().date()
    return moment - timedelta(days=moment.weekday())


def week_epoch(monday: date) -> float:
    """Local midnight at the start of ``monday``, in epoch seconds."""
    return datetime(monday.year, monday.month, monday.day).astimezone().timestamp()


def _when(at: float | None) -> datetime | None:
    return None if at is None else datetime.fromtimestamp(at, UTC)


def _range_params(since: datetime | None, until: datetime | None) -> dict[str, datetime]:
    """The bounds as the store keeps times: naive UTC (compared as stored text)."""
    lo = _EARLIEST if since is None else utc(since)
    hi = _LATEST if until is None else utc(until)
    return {name: value.replace(tzinfo=None)
            for name, value in (("lo", lo), ("hi", hi), ("hi_pad", hi + _SESSION_SPAN))}


_TIME_PARAM = re.compile(r":(lo|hi|hi_pad)\b")


def _statement(sql: str) -> TextClause:
    """``text(sql)`` with its time parameters (``:lo``, ``:hi``, ``:hi_pad``) typed."""
    times = sorted(set(_TIME_PARAM.findall(sql)))
    return text(sql).bindparams(*(bindparam(name, type_=DateTime()) for name in times))


@contextmanager
def _connect(bind: Bind) -> Iterator[Connection]:
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as conn:
            yield conn


def _run(bind: Bind, statement: TextClause, params: dict[str, Any]) -> list[Any]:
    with _connect(bind) as conn:
        return list(conn.execute(statement, params))


# Statements ----------------------------------------------------------------------------
# Every statement is built once, here, so a test can EXPLAIN exactly what the charts run.

SESSION_WEEK = week_of("s.started_at")
_SESSIONS_IN_RANGE = "s.started_at >= :lo AND s.started_at < :hi"
# One exercise: the index range on sets(exercise, performed_at), then the session's own
# start for the exact range (a set never comes before its session starts).
_EXERCISE_IN_RANGE = (
    "t.exercise = :exercise AND t.performed_at >= :lo AND t.performed_at < :hi_pad "
    "AND " + _SESSIONS_IN_RANGE
)


def _volume_sql(key: str, one_exercise: bool) -> str:
    if one_exercise:
        return f"""
            SELECT {SESSION_WEEK} AS week, {key} AS key, count(*) AS sets,
                   total(t.reps) AS reps, total(t.tut_s) AS tut_s,
                   total(t.reps * t.hold_s) AS hold_s
            FROM sessions AS s JOIN sets AS t ON t.session_id = s.id
            WHERE {_EXERCISE_IN_RANGE}
            GROUP BY week, key
            ORDER BY week, key
        """
    # The week of each session is worked out once (MATERIALIZED), not once per set:
    # over five years that is 1 800 date calculations instead of 30 000.
    return f"""
        WITH w AS MATERIALIZED (
            SELECT s.id AS id, {SESSION_WEEK} AS week FROM sessions AS s
            WHERE {_SESSIONS_IN_RANGE}
        )
        SELECT w.week AS week, {key} AS key, count(*) AS sets,
               total(t.reps) AS reps, total(t.tut_s) AS tut_s,
               total(t.reps * t.hold_s) AS hold_s
        FROM w JOIN sets AS t ON t.session_id = w.id
        GROUP BY w.week, key
        ORDER BY w.week, key
    """


_KEYS = {"phase": f"coalesce(t.phase, '{NO_PHASE}')", "exercise": "t.exercise"}
VOLUME: dict[tuple[GroupBy, bool], TextClause] = {
    (group, one): _statement(_volume_sql(_KEYS[group], one))
    for group in ("phase", "exercise")
    for one in (False, True)
}

# A session counts towards adherence when it was completed or at least one set was logged.
WEEKLY_SESSIONS = _statement(f"""
    SELECT {SESSION_WEEK} AS week, count(*) AS sessions,
           total(s.status = 'completed') AS completed
    FROM sessions AS s
    WHERE {_SESSIONS_IN_RANGE} AND (s.status = 'completed' OR s.done_sets > 0)
    GROUP BY week
    ORDER BY week
""")


def _pain_sql(one_exercise: bool) -> str:
    extra = " AND t.exercise = :exercise" if one_exercise else ""
    return f"""
        SELECT s.id AS session_id, {epoch_of('s.started_at')} AS at,
               (SELECT max(t.pain) FROM sets AS t WHERE t.session_id = s.id{extra}) AS during,
               b.pain AS before,
               a.pain AS after, {epoch_of('coalesce(a.at, s.ended_at, s.started_at)')} AS after_at,
               m.pain AS morning, {epoch_of('m.at')} AS morning_at
        FROM sessions AS s
        LEFT JOIN checkins AS b ON b.session_id = s.id AND b.kind = 'before'
        LEFT JOIN checkins AS a ON a.session_id = s.id AND a.kind = 'after'
        LEFT JOIN checkins AS m ON m.session_id = s.id AND m.kind = 'next_morning'
        WHERE {_SESSIONS_IN_RANGE}
        ORDER BY s.started_at, s.id
    """


SESSION_PAIN = {one: _statement(_pain_sql(one)) for one in (False, True)}


def _weekly_pain_sql(one_exercise: bool) -> str:
    extra = " AND t.exercise = :exercise" if one_exercise else ""
    return f"""
        SELECT {SESSION_WEEK} AS week,
               max((SELECT max(t.pain) FROM sets AS t
                    WHERE t.session_id = s.id{extra})) AS during,
               max(a.pain) AS after, max(m.pain) AS morning, count(*) AS sessions
        FROM sessions AS s
        LEFT JOIN checkins AS a ON a.session_id = s.id AND a.kind = 'after'
        LEFT JOIN checkins AS m ON m.session_id = s.id AND m.kind = 'next_morning'
        WHERE {_SESSIONS_IN_RANGE}
        GROUP BY week
        ORDER BY week
    """


WEEKLY_PAIN = {one: _statement(_weekly_pain_sql(one)) for one in (False, True)}


def _effort_sql(one_exercise: bool) -> str:
    if one_exercise:
        return f"""
            SELECT s.id AS session_id, {epoch_of('s.started_at')} AS at,
                   avg(t.rpe) AS mean_rpe, max(t.rpe) AS max_rpe, count(t.rpe) AS sets
            FROM sessions AS s JOIN sets AS t ON t.session_id = s.id
            WHERE {_EXERCISE_IN_RANGE} AND t.rpe IS NOT NULL
            GROUP BY s.id
            ORDER BY s.started_at, s.id
        """
    # The sessions in range first (by the start-time index), then their sets: left to
    # itself SQLite walks every session in id order to save a sort.
    return f"""
        WITH w AS MATERIALIZED (
            SELECT s.id AS id, s.started_at AS started_at FROM sessions AS s
            WHERE {_SESSIONS_IN_RANGE}
        )
        SELECT w.id AS session_id, {epoch_of('w.started_at')} AS at,
               avg(t.rpe) AS mean_rpe, max(t.rpe) AS max_rpe, count(t.rpe) AS sets
        FROM w JOIN sets AS t ON t.session_id = w.id
        WHERE t.rpe IS NOT NULL
        GROUP BY w.id
        ORDER BY w.started_at, w.id
    """


SESSION_EFFORT = {
    one: _statement(_effort_sql(one)) for one in (False, True)
}


def _weekly_effort_sql(one_exercise: bool) -> str:
    if one_exercise:
        source = f"""
            SELECT {SESSION_WEEK} AS week, t.rpe AS rpe
            FROM sessions AS s JOIN sets AS t ON t.session_id = s.id
            WHERE {_EXERCISE_IN_RANGE} AND t.rpe IS NOT NULL"""
    else:
        source = f"""
            WITH w AS MATERIALIZED (
                SELECT s.id AS id, {SESSION_WEEK} AS week FROM sessions AS s
                WHERE {_SESSIONS_IN_RANGE}
            )
            SELECT w.week AS week, t.rpe AS rpe
            FROM w JOIN sets AS t ON t.session_id = w.id
            WHERE t.rpe IS NOT NULL"""
    return f"""
        SELECT week, avg(rpe) AS mean_rpe, max(rpe) AS max_rpe, count(*) AS sets
        FROM ({source})
        GROUP BY week
        ORDER BY week
    """


WEEKLY_EFFORT = {one: _statement(_weekly_effort_sql(one)) for one in (False, True)}

LOAD_HISTORY = _statement(f"""
    SELECT t.session_id AS session_id, {epoch_of('s.started_at')} AS at,
           t.load_unit AS unit, t.load_value AS value, t.band_colour AS colour,
           t.tempo AS tempo, t.hold_s AS hold_s, t.exercise_name AS name,
           max(t.reps) AS best_reps, count(*) AS sets
    FROM sets AS t JOIN sessions AS s ON s.id = t.session_id
    WHERE {_EXERCISE_IN_RANGE}
    GROUP BY t.session_id, t.load_unit, t.load_value, t.band_colour, t.tempo, t.hold_s,
             t.exercise_name
    ORDER BY s.started_at, t.session_id
""")

WEEKLY_SIDES = _statement(f"""
    SELECT {SESSION_WEEK} AS week,
           total(CASE WHEN t.side = 'left' THEN t.reps END) AS left_reps,
           total(CASE WHEN t.side = 'right' THEN t.reps END) AS right_reps,
           total(CASE WHEN t.side = 'left' THEN t.reps * t.hold_s END) AS left_hold_s,
           total(CASE WHEN t.side = 'right' THEN t.reps * t.hold_s END) AS right_hold_s,
           count(*) AS sets
    FROM sets AS t JOIN sessions AS s ON s.id = t.session_id
    WHERE {_EXERCISE_IN_RANGE} AND t.side IS NOT NULL
    GROUP BY week
    ORDER BY week
""")

# The newest name of each exercise (SQLite takes the bare columns from the max() row).
EXERCISES = text("""
    SELECT t.exercise AS exercise, t.exercise_name AS name,
           max(t.performed_at) AS last_at, count(*) AS sets, count(t.side) AS sided_sets,
           count(t.hold_s) AS hold_sets,
           count(t.load_value) + count(t.band_colour) AS loaded_sets
    FROM sets AS t
    GROUP BY t.exercise
    ORDER BY t.exercise
""")

SPAN = text(f"""
    SELECT (SELECT {epoch_of('min(started_at)')} FROM sessions) AS first_at,
           (SELECT {epoch_of('max(started_at)')} FROM sessions) AS last_at,
           (SELECT count(*) FROM sessions) AS sessions
""")


# Results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistorySpan:
    first_at: float
    last_at: float
    sessions: int

    @property
    def first(self) -> datetime:
        return datetime.fromtimestamp(self.first_at, UTC)


@dataclass(frozen=True, slots=True)
class ExerciseInfo:
    """One exercise that has logged sets, under its most recent name."""

    id: str
    name: str
    sets: int
    sided_sets: int
    hold_sets: int
    loaded_sets: int  # sets with a weight or a band

    @property
    def unilateral(self) -> bool:
        return self.sided_sets > 0


@dataclass(frozen=True, slots=True)
class WeekVolume:
    """Sums for one week and one phase (or exercise): ``key``."""

    week: date
    key: str
    sets: int
    reps: int
    tut_s: float
    hold_s: float


@dataclass(frozen=True, slots=True)
class WeekSessions:
    week: date
    sessions: int
    completed: int


@dataclass(frozen=True, slots=True)
class SessionPain:
    """Pain around one session: the highest set pain during it and the check-ins."""

    session_id: int
    at: float
    during: int | None
    before: int | None
    after: int | None
    after_at: float | None
    morning: int | None
    morning_at: float | None

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.at, UTC)


@dataclass(frozen=True, slots=True)
class WeekPain:
    """The highest pain of a week: during any session (set pain), after, next morning."""

    week: date
    during: int | None
    after: int | None
    morning: int | None
    sessions: int


@dataclass(frozen=True, slots=True)
class WeekEffort:
    week: date
    mean_rpe: float
    max_rpe: int
    sets: int


@dataclass(frozen=True, slots=True)
class SessionEffort:
    session_id: int
    at: float
    mean_rpe: float
    max_rpe: int
    sets: int

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.at, UTC)


@dataclass(frozen=True, slots=True)
class LoadPoint:
    """One prescription of an exercise within one session (usually one per session)."""

    session_id: int
    at: float
    unit: str
    value: float | None
    colour: str | None
    tempo: str | None
    hold_s: float | None
    name: str
    best_reps: int
    sets: int

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.at, UTC)


@dataclass(frozen=True, slots=True)
class WeekSides:
    week: date
    left_reps: int
    right_reps: int
    left_hold_s: float
    right_hold_s: float
    sets: int


@dataclass(frozen=True, slots=True)
class RetestResult:
    """A re-test (assessment) result: filled in once the coach records assessments."""

    test_id: str
    name: str
    at: float
    value: float
    unit: str
    side: str | None = None

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.at, UTC)


# Queries -------------------------------------------------------------------------------


def history_span(bind: Bind) -> HistorySpan | None:
    """When the first and last sessions started, and how many there are; None if none."""
    row = _run(bind, SPAN, {})[0]
    if not row.sessions:
        return None
    return HistorySpan(row.first_at, row.last_at, row.sessions)


def exercises(bind: Bind) -> list[ExerciseInfo]:
    """Every exercise with logged sets (deleted from the programme or not), by id."""
    return [
        ExerciseInfo(r.exercise, r.name or r.exercise, r.sets, r.sided_sets, r.hold_sets,
                     r.loaded_sets)
        for r in _run(bind, EXERCISES, {})
    ]


def weekly_volume(
    bind: Bind, since: datetime | None = None, until: datetime | None = None, *,
    by: GroupBy = "phase", exercise: str | None = None,
) -> list[WeekVolume]:
    """Sets, reps, time under tension and hold seconds per week and phase (or exercise).

    Sets logged without a phase are grouped under ``"other"``.
    """
    if by not in ("phase", "exercise"):
        raise ValueError(_("group by phase or exercise, not {by!r}").format(by=by))
    params: dict[str, Any] = _range_params(since, until)
    if exercise is not None:
        params["exercise"] = exercise
    rows = _run(bind, VOLUME[(by, exercise is not None)], params)
    return [
        WeekVolume(date.fromisoformat(r.week), r.key, r.sets, int(r.reps), r.tut_s, r.hold_s)
        for r in rows
    ]


def weekly_sessions(
    bind: Bind, since: datetime | None = None, until: datetime | None = None,
) -> list[WeekSessions]:
    """Sessions per week that count as training (completed, or with a set logged)."""
    rows = _run(bind, WEEKLY_SESSIONS, _range_params(since, until))
    return [WeekSessions(date.fromisoformat(r.week), r.sessions, int(r.completed))
            for r in rows]


def session_pain(
    bind: Bind, since: datetime | None = None, until: datetime | None = None, *,
    exercise: str | None = None,
) -> list[SessionPain]:
    """Per session: the highest set pain (of one exercise if given) and the check-ins."""
    params: dict[str, Any] = _range_params(since, until)
    if exercise is not None:
        params["exercise"] = exercise
    rows = _run(bind, SESSION_PAIN[exercise is not None], params)
    return [
        SessionPain(r.session_id, r.at, r.during, r.before, r.after,
                    r.after_at if r.after is not None else None, r.morning, r.morning_at)
        for r in rows
    ]


def session_effort(
    bind: Bind, since: datetime | None = None, until: datetime | None = None, *,
    exercise: str | None = None,
) -> list[SessionEffort]:
    """Per session with any RPE logged: the mean and highest RPE of its sets."""
    params: dict[str, Any] = _range_params(since, until)
    if exercise is not None:
        params["exercise"] = exercise
    rows = _run(bind, SESSION_EFFORT[exercise is not None], params)
    return [SessionEffort(r.session_id, r.at, r.mean_rpe, r.max_rpe, r.sets) for r in rows]


def weekly_pain(
    bind: Bind, since: datetime | None = None, until: datetime | None = None, *,
    exercise: str | None = None,
) -> list[WeekPain]:
    """Per week: the highest set pain (of one exercise if given), after and next morning."""
    params: dict[str, Any] = _range_params(since, until)
    if exercise is not None:
        params["exercise"] = exercise
    return [WeekPain(date.fromisoformat(r.week), r.during, r.after, r.morning, r.sessions)
            for r in _run(bind, WEEKLY_PAIN[exercise is not None], params)]


def weekly_effort(
    bind: Bind, since: datetime | None = None, until: datetime | None = None, *,
    exercise: str | None = None,
) -> list[WeekEffort]:
    """Per week with any RPE logged: the mean RPE of its sets and the hardest set."""
    params: dict[str, Any] = _range_params(since, until)
    if exercise is not None:
        params["exercise"] = exercise
    return [WeekEffort(date.fromisoformat(r.week), r.mean_rpe, r.max_rpe, r.sets)
            for r in _run(bind, WEEKLY_EFFORT[exercise is not None], params)]


def load_history(
    bind: Bind, exercise: str, since: datetime | None = None, until: datetime | None = None,
) -> list[LoadPoint]:
    """Each distinct load/tempo/hold/name of ``exercise`` per session, in time order."""
    params: dict[str, Any] = {**_range_params(since, until), "exercise": exercise}
    return [
        LoadPoint(r.session_id, r.at, r.unit, r.value, r.colour, r.tempo, r.hold_s,
                  r.name or exercise, r.best_reps, r.sets)
        for r in _run(bind, LOAD_HISTORY, params)
    ]


def weekly_sides(
    bind: Bind, exercise: str, since: datetime | None = None, until: datetime | None = None,
) -> list[WeekSides]:
    """Reps and hold seconds per side per week for one exercise (sets logged by side)."""
    params: dict[str, Any] = {**_range_params(since, until), "exercise": exercise}
    return [
        WeekSides(date.fromisoformat(r.week), int(r.left_reps), int(r.right_reps),
                  r.left_hold_s, r.right_hold_s, r.sets)
        for r in _run(bind, WEEKLY_SIDES, params)
    ]


def retest_results(
    bind: Bind, since: datetime | None = None, until: datetime | None = None,
) -> list[RetestResult]:
    """Re-test measurements with a number (hold seconds, pain 0-10, thigh angle) in the
    range, one per test, side and date; quality ratings have no number and are left out."""
    from hipcoach.domain.assessments import TESTS
    from hipcoach.store.repo import Store

    engine = bind if isinstance(bind, Engine) else bind.engine
    units = {"seconds": "s", "pain": "/10", "pass_fail": "°"}
    out: list[RetestResult] = []
    for result in Store(engine).assessments.results(since=since, until=until):
        spec = TESTS.get(result.test)
        if spec is None or result.value is None or result.taken_at is None:
            continue
        out.append(RetestResult(result.test, spec.name, result.taken_at.timestamp(),
                                float(result.value), units.get(spec.measure, ""), result.side))
    return out


def goal_ratings(bind: Bind, since: datetime | None = None, until: datetime | None = None,
                 ) -> list[Any]:
    """Function-goal ratings (``hipcoach.domain.function_goals.GoalRating``) in the range,
    oldest first."""
    from hipcoach.store.repo import Store

    engine = bind if isinstance(bind, Engine) else bind.engine
    return Store(engine).goals.ratings(since=since, until=until)


def symmetry_index(left: float, right: float) -> float | None:
    """Weaker side / stronger side x 100 (%), None when neither side did anything."""
    stronger = max(left, right)
    if stronger <= 0:
        return None
    return 100.0 * min(left, right) / stronger


def current_streak(weeks: list[WeekSessions], target: int, today: date) -> tuple[int, int]:
    """(current, longest) run of consecutive weeks with at least ``target`` sessions.

    The week holding ``today`` is still going: it extends the streak once it meets the
    target, and does not break it before then.
    """
    counts = {w.week: w.sessions for w in weeks}
    this_week = week_start(today)
    if not counts:
        return 0, 0
    first = min(counts)
    longest = run = 0
    monday = first
    while monday <= this_week:
        if counts.get(monday, 0) >= target:
            run += 1
            longest = max(longest, run)
        elif monday != this_week:
            run = 0
        monday += timedelta(days=7)
    current = 0
    monday = this_week
    if counts.get(monday, 0) < target:
        monday -= timedelta(days=7)
    while monday >= first and counts.get(monday, 0) >= target:
        current += 1
        monday -= timedelta(days=7)
    return current, longest


def explain(bind: Bind, statement: TextClause, params: dict[str, Any]) -> list[str]:
    """SQLite's query plan for ``statement`` (the detail column of each line)."""
    plan = _statement(f"EXPLAIN QUERY PLAN {statement.text}")
    names = set(re.findall(r":(\w+)", statement.text))
    full = {**_range_params(None, None), **params}
    return [str(row[-1]) for row in _run(bind, plan, {k: v for k, v in full.items() if k in names})]


__all__ = [
    "ExerciseInfo", "HistorySpan", "LoadPoint", "RetestResult", "SessionEffort",
    "SessionPain", "WeekEffort", "WeekPain", "WeekSessions", "WeekSides", "WeekVolume",
    "current_streak", "exercises", "explain", "history_span", "load_history",
    "retest_results", "session_effort", "session_pain", "symmetry_index", "week_epoch",
    "week_start", "weekly_effort", "weekly_pain", "weekly_sessions", "weekly_sides",
    "weekly_volume",
]

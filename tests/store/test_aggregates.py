"""The chart aggregation queries: exact sums on a small known history, local weeks, and
query plans that use the indexes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from hipcoach.domain.entries import Checkin, Load, SetEntry
from hipcoach.store import aggregates as agg


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _session(store, day: date, sets: list[dict], *, status: str = "completed",
             after: int | None = None, morning: int | None = None,
             program_name: str = "Hip extension progression") -> int:
    started = _at(day)
    sid = store.start_session(program_id="hip-extension", program_name=program_name,
                              stage_id="s", stage_name="S", started_at=started)
    for n, values in enumerate(sets):
        fields = {"set_no": 1, "reps": 10, "performed_at": started + timedelta(minutes=n + 1),
                  **values}
        store.log_set(SetEntry(sid, **fields))
    if status != "in_progress":
        store.finish_session(sid, status, ended_at=started + timedelta(minutes=40),
                             pain_after=after)
    if morning is not None:
        store.add_checkin(Checkin(sid, "next_morning", morning, None,
                                  _at(day + timedelta(days=1), 7)))
    return sid


WED_A = date(2024, 5, 29)  # week of Mon 27 May
WED_B = date(2024, 6, 12)  # week of Mon 10 Jun
MON_C = date(2024, 6, 10)  # week of Mon 10 Jun


@pytest.fixture
def history(store):
    _session(store, WED_A, [
        {"exercise": "bridge", "exercise_name": "Bridge", "phase": "loaded", "reps": 10,
         "tut_s": 40.0, "pain": 2, "rpe": 7, "load": Load("kg", 20.0)},
        {"exercise": "bridge", "exercise_name": "Bridge", "phase": "loaded", "set_no": 2,
         "reps": 8, "tut_s": 32.0, "pain": 3, "rpe": 8, "load": Load("kg", 20.0)},
        {"exercise": "slb", "exercise_name": "Single-leg bridge", "phase": "activation",
         "side": "left", "reps": 6, "tut_s": 24.0},
        {"exercise": "slb", "exercise_name": "Single-leg bridge", "phase": "activation",
         "side": "right", "reps": 8, "tut_s": 32.0},
    ], after=2, morning=1)
    _session(store, WED_B, [
        {"exercise": "bridge", "exercise_name": "Glute bridge", "phase": "loaded",
         "reps": 12, "tut_s": 48.0, "pain": 1, "rpe": 6, "load": Load("kg", 22.5),
         "tempo": "3-0-3-0"},
        {"exercise": "slb", "exercise_name": "Single-leg bridge", "phase": "activation",
         "side": "left", "reps": 8, "tut_s": 32.0, "rpe": 9},
        {"exercise": "slb", "exercise_name": "Single-leg bridge", "phase": "activation",
         "side": "right", "reps": 8, "tut_s": 32.0},
    ], after=1)
    _session(store, MON_C, [
        {"exercise": "squeeze", "exercise_name": "Glute squeeze", "phase": None, "reps": 5,
         "hold_s": 10.0, "tut_s": 50.0},
    ])
    # Started but nothing logged: not a training session for adherence.
    _session(store, date(2024, 6, 11), [], status="abandoned")
    return store


def test_weekly_volume_by_phase(history, db):
    rows = agg.weekly_volume(db.engine)
    got = {(r.week, r.key): (r.sets, r.reps, r.tut_s, r.hold_s) for r in rows}
    assert got == {
        (date(2024, 5, 27), "activation"): (2, 14, 56.0, 0.0),
        (date(2024, 5, 27), "loaded"): (2, 18, 72.0, 0.0),
        (date(2024, 6, 10), "activation"): (2, 16, 64.0, 0.0),
        (date(2024, 6, 10), "loaded"): (1, 12, 48.0, 0.0),
        (date(2024, 6, 10), "other"): (1, 5, 50.0, 50.0),
    }


def test_weekly_volume_by_exercise_range_and_one_exercise(history, db):
    rows = agg.weekly_volume(db.engine, _at(date(2024, 6, 3), 0), _at(date(2024, 6, 17), 0),
                             by="exercise")
    assert {(r.week, r.key): r.reps for r in rows} == {
        (date(2024, 6, 10), "bridge"): 12, (date(2024, 6, 10), "slb"): 16,
        (date(2024, 6, 10), "squeeze"): 5,
    }
    one = agg.weekly_volume(db.engine, exercise="bridge")
    assert [(r.week, r.reps, r.tut_s) for r in one] == [
        (date(2024, 5, 27), 18, 72.0), (date(2024, 6, 10), 12, 48.0)]
    with pytest.raises(ValueError):
        agg.weekly_volume(db.engine, by="colour")  # type: ignore[arg-type]


def test_weekly_sessions_count_only_training(history, db):
    rows = agg.weekly_sessions(db.engine)
    assert [(r.week, r.sessions, r.completed) for r in rows] == [
        (date(2024, 5, 27), 1, 1), (date(2024, 6, 10), 2, 2)]


def test_session_pain_and_effort(history, db):
    pain = agg.session_pain(db.engine)
    assert [(p.during, p.after, p.morning) for p in pain] == [
        (3, 2, 1), (None, None, None), (None, None, None), (1, 1, None)]
    assert pain[0].at == _at(WED_A).timestamp()
    assert pain[0].morning_at == _at(WED_A + timedelta(days=1), 7).timestamp()
    only = agg.session_pain(db.engine, exercise="slb")
    assert [p.during for p in only] == [None, None, None, None]
    effort = agg.session_effort(db.engine)
    assert [(e.mean_rpe, e.max_rpe, e.sets) for e in effort] == [(7.5, 8, 2), (7.5, 9, 2)]
    weekly = agg.weekly_pain(db.engine)
    assert [(w.week, w.during, w.after, w.morning) for w in weekly] == [
        (date(2024, 5, 27), 3, 2, 1), (date(2024, 6, 10), 1, 1, None)]
    weekly_rpe = agg.weekly_effort(db.engine, exercise="bridge")
    assert [(w.week, w.mean_rpe, w.max_rpe) for w in weekly_rpe] == [
        (date(2024, 5, 27), 7.5, 8), (date(2024, 6, 10), 6.0, 6)]


def test_load_history_and_exercise_list(history, db):
    points = agg.load_history(db.engine, "bridge")
    assert [(p.unit, p.value, p.name, p.best_reps, p.sets, p.tempo) for p in points] == [
        ("kg", 20.0, "Bridge", 10, 2, None), ("kg", 22.5, "Glute bridge", 12, 1, "3-0-3-0")]
    infos = {e.id: e for e in agg.exercises(db.engine)}
    assert infos["bridge"].name == "Glute bridge"  # the newest name
    assert infos["bridge"].loaded_sets == 3 and not infos["bridge"].unilateral
    assert infos["slb"].unilateral and infos["slb"].sided_sets == 4
    assert infos["squeeze"].hold_sets == 1


def test_weekly_sides_and_symmetry(history, db):
    rows = agg.weekly_sides(db.engine, "slb")
    assert [(r.week, r.left_reps, r.right_reps) for r in rows] == [
        (date(2024, 5, 27), 6, 8), (date(2024, 6, 10), 8, 8)]
    assert agg.symmetry_index(6, 8) == pytest.approx(75.0)
    assert agg.symmetry_index(8, 8) == 100.0
    assert agg.symmetry_index(0, 0) is None


def test_span_and_empty_database(db, history):
    span = agg.history_span(db.engine)
    assert span is not None and span.sessions == 4
    assert span.first == _at(WED_A)


def test_empty_database_gives_empty_results(db):
    assert agg.history_span(db.engine) is None
    assert agg.exercises(db.engine) == []
    assert agg.weekly_volume(db.engine) == []
    assert agg.session_pain(db.engine) == []
    assert agg.retest_results(db.engine) == []


def test_weeks_start_on_monday_local_time(store, db):
    # Naive datetimes are local time: late Sunday belongs to the week before Monday.
    sunday_late = datetime(2024, 6, 9, 23, 30)
    monday_early = datetime(2024, 6, 10, 0, 30)
    for moment in (sunday_late, monday_early):
        sid = store.start_session(program_id="p", program_name="P", stage_id="s",
                                  stage_name="S", started_at=moment)
        store.log_set(SetEntry(sid, "bridge", 1, 4, performed_at=moment))
    rows = agg.weekly_volume(db.engine)
    assert [(r.week, r.reps) for r in rows] == [(date(2024, 6, 3), 4), (date(2024, 6, 10), 4)]
    assert agg.week_start(sunday_late.astimezone()) == date(2024, 6, 3)
    assert agg.week_start(monday_early.astimezone()) == date(2024, 6, 10)


def test_connection_works_as_well_as_engine(history, db):
    with db.engine.connect() as conn:
        assert len(agg.weekly_volume(conn)) == 5


def test_current_streak():
    def weeks(*counts: int) -> list[agg.WeekSessions]:
        start = date(2024, 1, 1)
        return [agg.WeekSessions(start + timedelta(weeks=i), n, n) for i, n in enumerate(counts)]

    # The current (last) week has 1 so far: it does not break the run before it.
    assert agg.current_streak(weeks(3, 1, 3, 4, 3, 1), 3, date(2024, 2, 7)) == (3, 3)
    assert agg.current_streak(weeks(3, 3, 3, 3), 3, date(2024, 1, 24)) == (4, 4)
    assert agg.current_streak(weeks(3, 3, 0, 3), 3, date(2024, 1, 24)) == (1, 2)
    assert agg.current_streak([], 3, date(2024, 1, 24)) == (0, 0)


FULL_SCAN = re.compile(r"^SCAN (s|t|sets|sessions|checkins)\b(?! USING (COVERING )?INDEX)")


def _plan(db, statement) -> list[str]:
    params = {"exercise": "bridge", "lo": datetime(2024, 1, 1, tzinfo=UTC),
              "hi": datetime(2024, 4, 1, tzinfo=UTC)}
    return agg.explain(db.engine, statement, params)


@pytest.mark.parametrize("name, statement, index", [
    ("volume by phase", agg.VOLUME[("phase", False)], "ix_sessions_started_at"),
    ("volume by exercise", agg.VOLUME[("exercise", False)], "ix_sessions_started_at"),
    ("volume of one exercise", agg.VOLUME[("phase", True)], "ix_sets_exercise_performed_at"),
    ("sessions per week", agg.WEEKLY_SESSIONS, "ix_sessions_started_at"),
    ("pain per session", agg.SESSION_PAIN[False], "ix_sessions_started_at"),
    ("pain per week", agg.WEEKLY_PAIN[False], "ix_sessions_started_at"),
    ("effort per session", agg.SESSION_EFFORT[False], "ix_sessions_started_at"),
    ("effort of one exercise", agg.SESSION_EFFORT[True], "ix_sets_exercise_performed_at"),
    ("effort per week", agg.WEEKLY_EFFORT[False], "ix_sessions_started_at"),
    ("load history", agg.LOAD_HISTORY, "ix_sets_exercise_performed_at"),
    ("sides per week", agg.WEEKLY_SIDES, "ix_sets_exercise_performed_at"),
])
def test_per_week_queries_use_an_index(history, db, name, statement, index):
    plan = _plan(db, statement)
    assert any(index in line for line in plan), (name, plan)
    assert not [line for line in plan if FULL_SCAN.match(line)], (name, plan)
    # Sets are reached through an index, never by reading the whole table.
    assert all("sets" not in line or "INDEX" in line for line in plan), (name, plan)


def test_retest_results_come_from_the_assessments(db):
    from hipcoach.domain.assessments import AssessmentResult
    from hipcoach.store.assessments import AssessmentStore

    taken = datetime(2024, 6, 3, 18, 0, tzinfo=UTC)
    AssessmentStore(db.engine).save([
        AssessmentResult("slb_hold", "left", value=22.0),
        AssessmentResult("slb_hold", "right", value=35.0),
        AssessmentResult("prone_hip_extension", "left", quality="fair"),
    ], taken_at=taken)
    results = agg.retest_results(db.engine)
    assert [(r.test_id, r.side, r.value, r.unit) for r in results] == [
        ("slb_hold", "left", 22.0, "s"), ("slb_hold", "right", 35.0, "s")]
    assert results[0].when == taken
    assert agg.retest_results(db.engine, since=taken + timedelta(days=1)) == []

"""The Store API: sessions, sets, check-ins, validation, idempotence, durability."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcoach.domain.entries import Checkin, Load, SetEntry, count_planned, planned_set, planned_slots
from hipcoach.program.loader import parse_program_text
from hipcoach.session.timeline import compile_stage
from hipcoach.store.engine import Database, open_database, prepare_database
from hipcoach.store.errors import InvalidEntry, StoreError, UnknownSession
from hipcoach.store.repo import Store

T0 = datetime(2025, 3, 5, 18, 0, tzinfo=UTC)


def _count_sets(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM sets").scalar_one()


def _entry(session_id: int, **changes: object) -> SetEntry:
    base = SetEntry(session_id, "glute-bridge", 1, 10, exercise_name="Glute bridge",
                    phase="loaded", target_reps=8, load=Load("kg", 10.0), tempo="3-0-3-0",
                    tut_s=60.0, rpe=7, pain=2, note="ok", performed_at=T0)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# Validation ----------------------------------------------------------------------------

IMPOSSIBLE = [
    ({"reps": -1}, "reps"),
    ({"reps": 101}, "reps"),
    ({"reps": 2.5}, "reps"),
    ({"reps": True}, "reps"),
    ({"pain": 11}, "pain"),
    ({"pain": -1}, "pain"),
    ({"rpe": 0}, "RPE"),
    ({"rpe": 11}, "RPE"),
    ({"load": Load("kg", -5.0)}, "load"),
    ({"load": Load("lb", math.nan)}, "load"),
    ({"load": Load("band")}, "colour"),
    ({"load": Load("stone", 3.0)}, "unit"),  # type: ignore[arg-type]
    ({"hold_s": -1.0}, "hold"),
    ({"tut_s": -0.5}, "time under tension"),
    ({"tut_s": math.inf}, "time under tension"),
    ({"side": "middle"}, "side"),
    ({"exercise": ""}, "exercise"),
    ({"set_no": 0}, "set number"),
    ({"phase": "nap"}, "phase"),
    ({"note": "x" * 1001}, "note"),
]


@pytest.mark.parametrize(("changes", "word"), IMPOSSIBLE)
def test_log_set_rejects_impossible_values_and_saves_nothing(
    db: Database, store: Store, session_id: int, changes: dict[str, object], word: str
) -> None:
    with pytest.raises(InvalidEntry) as caught:
        store.log_set(_entry(session_id, **changes))
    assert word in str(caught.value)
    assert _count_sets(db) == 0
    assert store.session_detail(session_id).summary.done_sets == 0


def test_invalid_entry_lists_every_problem(store: Store, session_id: int) -> None:
    with pytest.raises(InvalidEntry) as caught:
        store.log_set(_entry(session_id, reps=500, pain=12, rpe=0))
    assert len(caught.value.problems) == 3
    assert "reps must be a whole number from 0 to 100, got 500" in str(caught.value)


def test_bad_value_replacing_a_good_set_leaves_the_good_one(store: Store, session_id: int) -> None:
    store.log_set(_entry(session_id, reps=9))
    with pytest.raises(InvalidEntry):
        store.log_set(_entry(session_id, reps=900))
    assert [s.reps for s in store.session_detail(session_id).sets] == [9]


def test_log_set_into_a_missing_session(db: Database, store: Store) -> None:
    with pytest.raises(UnknownSession):
        store.log_set(_entry(99))
    assert _count_sets(db) == 0


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reps=st.integers(-5, 110), pain=st.none() | st.integers(-3, 13),
       rpe=st.none() | st.integers(-1, 12), load=st.floats(-10, 2000) | st.just(math.nan))
def test_a_set_is_saved_exactly_when_every_value_is_possible(
    store: Store, session_id: int, reps: int, pain: int | None, rpe: int | None, load: float
) -> None:
    entry = _entry(session_id, reps=reps, pain=pain, rpe=rpe, load=Load("kg", load))
    possible = (0 <= reps <= 100 and (pain is None or 0 <= pain <= 10)
                and (rpe is None or 1 <= rpe <= 10) and 0 <= load <= 1000)
    before = store.session_detail(session_id).sets
    try:
        store.log_set(entry)
    except InvalidEntry:
        assert not possible
        assert store.session_detail(session_id).sets == before
    else:
        assert possible
        (saved,) = store.session_detail(session_id).sets
        assert (saved.reps, saved.pain, saved.rpe, saved.load.value) == (reps, pain, rpe, load)


# Idempotence and durability -------------------------------------------------------------


@pytest.mark.parametrize("side", [None, "left"])
def test_log_set_is_an_upsert(db: Database, store: Store, session_id: int, side: str | None) -> None:
    first = store.log_set(_entry(session_id, side=side, reps=8))
    again = store.log_set(_entry(session_id, side=side, reps=8))  # a replayed log
    fixed = store.log_set(_entry(session_id, side=side, reps=9, note="corrected"))
    assert first == again == fixed
    assert _count_sets(db) == 1
    (saved,) = store.session_detail(session_id).sets
    assert (saved.reps, saved.note, saved.side) == (9, "corrected", side)
    assert store.session_detail(session_id).summary.done_sets == 1


def test_sides_and_set_numbers_are_different_sets(store: Store, session_id: int) -> None:
    for side in (None, "left", "right"):
        for set_no in (1, 2):
            store.log_set(_entry(session_id, side=side, set_no=set_no))
    assert store.session_detail(session_id).summary.done_sets == 6


def test_a_logged_set_is_on_disk_for_a_second_engine(db: Database, store: Store,
                                                     session_id: int) -> None:
    store.log_set(_entry(session_id))
    other = open_database(db.path)  # the first engine is still open, nothing checkpointed
    try:
        assert [s.reps for s in Store(other).session_detail(session_id).sets] == [10]
    finally:
        other.dispose()


def test_a_logged_set_survives_the_process_dying(data_dir: Path) -> None:
    code = f"""
import os
from hipcoach.store.engine import prepare_database
from hipcoach.domain.entries import SetEntry
store = prepare_database({str(data_dir)!r}).store()
sid = store.start_session(program_id="p", program_name="P", stage_id="s", stage_name="S")
store.log_set(SetEntry(sid, "glute-bridge", 1, 12))
store.save_position(sid, 41)
os._exit(9)  # no close, no checkpoint, no atexit
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    with prepare_database(data_dir) as db:
        resume = db.store().interrupted_session()
        assert resume is not None and resume.position == 41 and resume.done_sets == 1
        assert [s.reps for s in db.store().session_detail(resume.id).sets] == [12]


# Sessions ------------------------------------------------------------------------------


def test_session_lifecycle_and_resume(store: Store, session_id: int) -> None:
    assert store.save_position(session_id, 17)
    resume = store.interrupted_session()
    assert resume is not None and resume.id == session_id and resume.position == 17
    assert resume.status == "in_progress" and resume.duration_s is None
    store.finish_session(session_id, "completed", pain_after=3)
    assert store.interrupted_session() is None
    assert not store.save_position(session_id, 18)  # only while in progress
    summary = store.session_detail(session_id).summary
    assert summary.status == "completed" and summary.pain_after == 3 and summary.position == 17


def test_finish_session_checks_its_arguments(store: Store, session_id: int) -> None:
    with pytest.raises(InvalidEntry):
        store.finish_session(session_id, "in_progress")
    with pytest.raises(InvalidEntry):
        store.finish_session(session_id, pain_after=12)
    with pytest.raises(UnknownSession):
        store.finish_session(12345)
    with pytest.raises(InvalidEntry):
        store.save_position(session_id, -1)
    with pytest.raises(InvalidEntry):
        store.start_session(program_id="", program_name="P", stage_id="s", stage_name="S")


def test_interrupted_session_is_the_newest_in_progress(store: Store) -> None:
    ids = [store.start_session(program_id="p", program_name="P", stage_id="s", stage_name="S",
                               started_at=T0 + timedelta(days=n)) for n in range(3)]
    store.finish_session(ids[2], "abandoned")
    resume = store.interrupted_session()
    assert resume is not None and resume.id == ids[1]


def test_abandon_interrupted_sessions(store: Store) -> None:
    ids = [store.start_session(program_id="p", program_name="P", stage_id="s", stage_name="S",
                               started_at=T0 + timedelta(days=n)) for n in range(3)]
    store.log_set(_entry(ids[0], performed_at=T0 + timedelta(minutes=12)))
    assert store.abandon_interrupted(keep=ids[2]) == 2
    resume = store.interrupted_session()
    assert resume is not None and resume.id == ids[2]
    first = store.session_detail(ids[0]).summary
    assert first.status == "abandoned" and first.duration_s == 12 * 60
    assert store.session_detail(ids[1]).summary.duration_s == 0
    assert store.abandon_interrupted() == 1 and store.interrupted_session() is None


def test_history_lines(store: Store) -> None:
    first = store.start_session(program_id="hip-extension", program_name="Hip",
                                stage_id="foundation", stage_name="Foundation", planned_sets=4,
                                started_at=T0, pain_before=1)
    store.log_set(_entry(first, pain=5, performed_at=T0 + timedelta(minutes=5)))
    store.log_set(_entry(first, set_no=2, pain=None))
    store.finish_session(first, ended_at=T0 + timedelta(minutes=40), pain_after=2)
    second = store.start_session(program_id="daily-drill", program_name="Daily",
                                 stage_id="daily", stage_name="Daily",
                                 started_at=T0 + timedelta(days=1))
    lines = store.sessions()
    assert [s.id for s in lines] == [second, first]
    old = lines[1]
    assert (old.done_sets, old.planned_sets, old.max_pain) == (2, 4, 5)
    assert old.duration_s == 2400 and old.program_name == "Hip" and old.stage_name == "Foundation"
    assert lines[0].max_pain is None
    assert [s.id for s in store.sessions(limit=1)] == [second]
    assert [s.id for s in store.sessions(until=T0 + timedelta(hours=1))] == [first]
    assert [s.id for s in store.sessions(since=T0 + timedelta(hours=1))] == [second]


def test_session_detail_of_a_missing_session(store: Store) -> None:
    with pytest.raises(UnknownSession):
        store.session_detail(7)


def test_update_and_delete_a_set(store: Store, session_id: int) -> None:
    set_id = store.log_set(_entry(session_id))
    other = store.log_set(_entry(session_id, set_no=2))
    changed = store.update_set(set_id, reps=12, pain=4, note="better")
    assert (changed.reps, changed.pain, changed.note, changed.id) == (12, 4, "better", set_id)
    with pytest.raises(InvalidEntry):
        store.update_set(set_id, rpe=15)
    with pytest.raises(InvalidEntry, match="already logged"):
        store.update_set(set_id, set_no=2)
    with pytest.raises(InvalidEntry):
        store.update_set(set_id, session_id=5)
    assert {s.id: s.reps for s in store.session_detail(session_id).sets} == {set_id: 12, other: 10}
    removed = store.delete_set(other)
    assert store.session_detail(session_id).summary.done_sets == 1
    store.log_set(removed)  # undo
    assert store.session_detail(session_id).summary.done_sets == 2


def test_delete_session_and_undo(db: Database, store: Store, session_id: int) -> None:
    store.log_set(_entry(session_id))
    store.log_set(_entry(session_id, side="left"))
    store.add_checkin(Checkin(session_id, "before", 2, 1, T0))
    before = store.session_detail(session_id)
    deleted = store.delete_session(session_id)
    with pytest.raises(UnknownSession):
        store.session_detail(session_id)
    assert _count_sets(db) == 0
    later = store.start_session(program_id="p", program_name="P", stage_id="s", stage_name="S")
    assert later != session_id  # ids are never reused, so undo cannot collide
    store.undo_delete(deleted)
    assert store.session_detail(session_id) == before
    with pytest.raises(StoreError):
        store.undo_delete(deleted)


def test_start_session_for_a_timeline(store: Store) -> None:
    timeline = compile_stage(parse_program_text(PROGRAM))
    session_id = store.start_session_for(timeline, pain_before=2)
    summary = store.session_detail(session_id).summary
    assert summary.planned_sets == 2 + 2 * 2 + 1 + 1
    assert summary.planned_seconds == timeline.total
    assert summary.program_id == "test" and summary.stage_name == "One"
    assert summary.pain_before == 2


# Check-ins -----------------------------------------------------------------------------


def test_checkins_are_upserted_and_mirror_session_pain(store: Store, session_id: int) -> None:
    store.add_checkin(Checkin(session_id, "after", 4, None, T0))
    store.add_checkin(Checkin(session_id, "after", 3, 2, T0))
    detail = store.session_detail(session_id)
    assert [(c.kind, c.pain, c.stiffness) for c in detail.checkins] == [("after", 3, 2)]
    assert detail.summary.pain_after == 3
    with pytest.raises(InvalidEntry):
        store.add_checkin(Checkin(session_id, "after", 11))
    with pytest.raises(InvalidEntry):
        store.add_checkin(Checkin(session_id, "lunchtime", 1))  # type: ignore[arg-type]
    with pytest.raises(UnknownSession):
        store.add_checkin(Checkin(999, "after", 1))


def _finished(store: Store, ended: datetime, status: str = "completed") -> int:
    sid = store.start_session(program_id="p", program_name="P", stage_id="s", stage_name="S",
                              started_at=ended - timedelta(minutes=30))
    if status != "in_progress":
        store.finish_session(sid, status, ended_at=ended)
    return sid


PARIS = ZoneInfo("Europe/Paris")


def _local(text: str, tz: ZoneInfo = PARIS) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def test_next_morning_checkin_is_asked_once_on_the_next_calendar_day(store: Store) -> None:
    """Calendar days, not "8-36 hours later" (the old rule, changed deliberately)."""
    early = _finished(store, _local("2025-03-04T06:30"))
    late = _finished(store, _local("2025-03-04T23:10"))
    _finished(store, _local("2025-03-04T12:00"), "abandoned")
    _finished(store, _local("2025-03-04T13:00"), "in_progress")
    _finished(store, _local("2025-03-02T18:00"))  # its morning (03-03) has passed
    # 9 h after the 06:30 session, the same afternoon: not yet
    assert store.due_next_morning_checkin(_local("2025-03-04T15:30"), tz=PARIS) is None
    # the next day before 04:00: still night
    assert store.due_next_morning_checkin(_local("2025-03-05T03:59"), tz=PARIS) is None
    # 06:00 the next day, under 7 h after the late session: asked, about the latest
    due = store.due_next_morning_checkin(_local("2025-03-05T06:00"), tz=PARIS, mark=False)
    assert due is not None and due.id == late
    due = store.due_next_morning_checkin(_local("2025-03-05T06:00"), tz=PARIS)
    assert due is not None and due.id == late
    # once: skipped or answered, not asked again that day (nor about `early`)
    assert store.due_next_morning_checkin(_local("2025-03-05T21:00"), tz=PARIS) is None
    assert early != late


def test_next_morning_checkin_ends_with_that_day(store: Store) -> None:
    _finished(store, _local("2025-03-04T19:00"))
    assert store.due_next_morning_checkin(_local("2025-03-06T08:00"), tz=PARIS) is None
    asked = store.due_next_morning_checkin(_local("2025-03-05T23:59"), tz=PARIS)
    assert asked is not None  # the last minute of the next day still counts


def test_next_morning_hour_is_configurable(store: Store) -> None:
    _finished(store, _local("2025-03-04T19:00"))
    now = _local("2025-03-05T05:00")
    assert store.due_next_morning_checkin(now, tz=PARIS, from_hour=6) is None
    assert store.due_next_morning_checkin(now, tz=PARIS, from_hour=4) is not None


@pytest.mark.parametrize(("ended", "now"), [
    ("2025-03-30T00:30", "2025-03-31T04:30"),  # spring forward: a 23-hour day
    ("2025-03-29T23:30", "2025-03-30T04:00"),  # asked the morning the clocks change
    ("2025-10-26T23:50", "2025-10-27T04:10"),  # after the 25-hour day
    ("2025-10-25T22:00", "2025-10-26T04:00"),  # fall back: 04:00 the morning of the change
])
def test_next_morning_across_daylight_saving_changes(store: Store, ended: str,
                                                     now: str) -> None:
    sid = _finished(store, _local(ended))
    before = _local(now) - timedelta(minutes=1)
    if before.hour < 4:
        assert store.due_next_morning_checkin(before, tz=PARIS, mark=False) is None
    due = store.due_next_morning_checkin(_local(now), tz=PARIS)
    assert due is not None and due.id == sid


def test_next_morning_checkin_not_asked_when_given(store: Store) -> None:
    sid = _finished(store, T0 - timedelta(hours=12))
    store.add_checkin(Checkin(sid, "next_morning", 2, 3, T0 - timedelta(hours=1)))
    assert store.due_next_morning_checkin(T0) is None


# From the programme to entries ----------------------------------------------------------

PROGRAM = """
[program]
id = "test"
name = "Test"

[[stage]]
id = "one"
name = "One"

  [[stage.phase]]
  kind = "warmup"
  name = "Warm-up"
    [[stage.phase.exercise]]
    id = "march"
    name = "March"
    work = "30s"

  [[stage.phase]]
  kind = "loaded"
  name = "Loaded"
    [[stage.phase.exercise]]
    id = "bridge"
    name = "Bridge"
    sets = 2
    reps = "8-12"
    tempo = "3-0-2-1"
    load = "band:red"
    [[stage.phase.exercise]]
    id = "sl-bridge"
    name = "Single-leg bridge"
    sets = 2
    reps = 6
    sides = "each"
    load = "12.5kg"
    [[stage.phase.exercise]]
    id = "clam"
    name = "Clam"
    reps = 6
    sides = "alternate"
    tempo = "1-0-1-0"
    [[stage.phase.exercise]]
    id = "squeeze"
    name = "Squeeze"
    reps = 3
    hold = "10s"
"""


def test_planned_slots_and_entries() -> None:
    timeline = compile_stage(parse_program_text(PROGRAM))
    slots = planned_slots(timeline)
    assert [(s.exercise, s.set_no, s.side) for s in slots] == [
        ("bridge", 1, None), ("bridge", 2, None),
        ("sl-bridge", 1, "left"), ("sl-bridge", 1, "right"),
        ("sl-bridge", 2, "left"), ("sl-bridge", 2, "right"),
        ("clam", 1, None), ("squeeze", 1, None),
    ]
    assert count_planned(timeline) == (8, timeline.total)
    bridge = timeline.exercises["bridge"]
    entry = planned_set(5, bridge, 1, phase="loaded")
    assert (entry.reps, entry.target_reps, entry.tempo, entry.tut_s) == (8, 8, "3-0-2-1", 48.0)
    assert entry.load == Load("band", colour="red") and entry.problems() == []
    squeeze = planned_set(5, timeline.exercises["squeeze"], 1, reps=2, rpe=6)
    assert (squeeze.hold_s, squeeze.tut_s, squeeze.rpe) == (10.0, 20.0, 6)
    assert planned_set(5, timeline.exercises["sl-bridge"], 2, side="left").load == Load("kg", 12.5)


def test_load_parsing() -> None:
    assert Load.parse("bodyweight") == Load()
    assert Load.parse("band:green") == Load("band", colour="green")
    assert Load.parse("20kg") == Load("kg", 20.0)
    assert Load.parse("12.5 lb") == Load("lb", 12.5)
    assert str(Load("kg", 20.0)) == "20kg" and str(Load("lb", 2.5)) == "2.5lb"
    with pytest.raises(ValueError):
        Load.parse("heavy")


def test_the_day_before_a_23_hour_day_is_not_mistaken_for_it(store: Store) -> None:
    """Local midnights, not "24 hours before today": 29 March 23:30 is two days before
    31 March even though the clocks went forward on the 30th."""
    _finished(store, _local("2025-03-29T23:30"))
    assert store.due_next_morning_checkin(_local("2025-03-31T04:00"), tz=PARIS) is None
    wanted = _finished(store, _local("2025-03-30T23:30"))
    due = store.due_next_morning_checkin(_local("2025-03-31T04:00"), tz=PARIS)
    assert due is not None and due.id == wanted


def test_next_morning_in_the_local_time_zone_by_default(store: Store,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import time as clock

    monkeypatch.setenv("TZ", "America/New_York")
    clock.tzset()
    try:
        ny = ZoneInfo("America/New_York")
        sid = _finished(store, datetime(2025, 11, 1, 22, 0, tzinfo=ny))
        assert store.due_next_morning_checkin(datetime(2025, 11, 1, 23, 0, tzinfo=ny)) is None
        due = store.due_next_morning_checkin(datetime(2025, 11, 2, 5, 0, tzinfo=ny))
        assert due is not None and due.id == sid
    finally:
        monkeypatch.undo()
        clock.tzset()


def test_a_session_records_the_exact_programme_it_ran(store: Store) -> None:
    """Resume compares this fingerprint with the file as it is now: a changed or other
    programme with the same id is never mixed into the session."""
    from hipcoach.program.model import program_digest

    program = parse_program_text(PROGRAM)
    store.start_session_for(compile_stage(program))
    summary = store.interrupted_session()
    assert summary is not None and summary.program_digest == program_digest(program)
    changed = parse_program_text(PROGRAM.replace('name = "', 'name = "Changed ', 1))
    assert changed.id == program.id and program_digest(changed) != summary.program_digest

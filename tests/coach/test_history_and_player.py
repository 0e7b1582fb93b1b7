"""Reading the history from the store, and playing a prescription in the player."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hipcoach.coach.history import SessionLog, latest_program_id, load_history
from hipcoach.coach.prescribe import plan_next, prescribed_program
from hipcoach.domain.entries import Checkin, Load, SetEntry, planned_slots
from hipcoach.session.timeline import compile_stage
from hipcoach.store.engine import prepare_database

from .helpers import TODAY, make_program, session, sets

NOW = datetime(2025, 3, 20, 18, 0, tzinfo=UTC)


def test_load_history_reads_sets_and_checkins(tmp_path: Path) -> None:
    with prepare_database(tmp_path) as db:
        store = db.store()
        old = store.start_session(program_id="coach-test", program_name="C", stage_id="one",
                                  stage_name="One", started_at=NOW - timedelta(days=300))
        store.log_set(SetEntry(old, "bridge", 1, 9, performed_at=NOW - timedelta(days=300)))
        sid = store.start_session(program_id="coach-test", program_name="C", stage_id="one",
                                  stage_name="One", started_at=NOW - timedelta(days=2),
                                  pain_before=2)
        store.log_set(SetEntry(sid, "rdl", 1, 10, target_reps=10, load=Load("kg", 8.0), rpe=7,
                               pain=1, performed_at=NOW - timedelta(days=2)))
        store.finish_session(sid, ended_at=NOW - timedelta(days=2), pain_after=3)
        store.add_checkin(Checkin(sid, "next_morning", 4, 2, NOW - timedelta(days=1)))
        other = store.start_session(program_id="daily-drill", program_name="D", stage_id="daily",
                                    stage_name="Daily", started_at=NOW - timedelta(days=1))
        store.log_set(SetEntry(other, "march", 1, 1, performed_at=NOW - timedelta(days=1)))
        history = load_history(store, program_id="coach-test", now=NOW)
        assert latest_program_id(store) == "daily-drill"
    assert [s.id for s in history] == [old, sid]
    assert history[0].sets == () and history[0].done_sets == 1 and history[0].trained
    recent = history[1]
    assert (recent.pain_before, recent.pain_after, recent.morning_pain) == (2, 3, 4)
    assert recent.sets[0].load == Load("kg", 8.0) and recent.pain_during == 1
    assert recent.status == "completed"


def test_a_prescription_plays_in_the_existing_player() -> None:
    program = make_program({"bridge": "slb"})
    history = [session(d, sets("bridge", [12, 12, 12], 12, pain=1),
                       sets("lunge", [6] * 3, 6, side="left"), sets("lunge", [9] * 3, 6, side="right"),
                       sets("squeeze", [5, 5], 5, hold=10))
               for d in (6, 4, 2)]
    plan = plan_next(program, history, today=TODAY, stage_id="one")
    played = prescribed_program(plan)
    assert [s.id for s in played.stage] == ["one"]
    timeline = compile_stage(played)
    by_id = timeline.exercises
    assert "bridge" not in by_id and by_id["slb"].set_count == 3  # the harder variant
    assert by_id["slb"].rep_range is not None and by_id["slb"].rep_range.target == 6
    assert by_id["squeeze"].hold_s == 15.0
    assert by_id["lunge"].rep_range is not None and by_id["lunge"].rep_range.target == 7
    slots = planned_slots(timeline)
    assert sum(1 for s in slots if s.exercise == "slb") == 6  # 3 sets x 2 sides


def test_a_lighter_week_plays_with_fewer_sets() -> None:
    history = [session(2, sets("bridge", [9, 9, 9], 9, pain=8))]
    plan = plan_next(make_program(), history, today=TODAY, stage_id="one")
    assert plan.deload.active
    exercises = compile_stage(prescribed_program(plan)).exercises
    assert exercises["bridge"].set_count == 2 and exercises["bridge"].rep_range.target == 8  # type: ignore[union-attr]


def test_session_log_helpers() -> None:
    log = SessionLog(1, "p", "s", NOW, (), done_sets=0)
    assert not log.trained and log.pain_during is None

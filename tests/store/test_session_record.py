"""The session record in the store: time exercised, skipped sets, corrections, totals."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from hipcoach.domain.entries import HistorySession, Load, SessionSummary, SetEntry, SkippedSet
from hipcoach.store.engine import Database
from hipcoach.store.errors import InvalidEntry, UnknownSession
from hipcoach.store.repo import Store

T0 = datetime(2025, 3, 5, 18, 0, tzinfo=UTC)
HINGE_2 = SkippedSet("hinge", "Hip hinge", "loaded", None, 2)
CLAM_LEFT_1 = SkippedSet("clam", "Side-lying clam", "activation", "left", 1)


def _set(session_id: int, exercise: str = "hinge", set_no: int = 1, side: str | None = None,
         **changes: object) -> SetEntry:
    entry = SetEntry(session_id, exercise, set_no, 8, exercise_name=exercise.title(),
                     phase="loaded", side=side, tempo="2-0-2-1", tut_s=40.0,  # type: ignore[arg-type]
                     performed_at=T0)
    return dataclasses.replace(entry, **changes)  # type: ignore[arg-type]


def _skipped_rows(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM skipped_sets").scalar_one()


# Time exercised ------------------------------------------------------------------------


def test_active_seconds_are_saved_with_the_position_and_at_the_end(
        store: Store, session_id: int) -> None:
    assert store.save_position(session_id, 4)  # the old call still works
    assert store.interrupted_session().active_s == 0.0  # type: ignore[union-attr]
    assert store.save_position(session_id, 9, active_s=312.5)
    resume = store.interrupted_session()
    assert resume is not None and (resume.position, resume.active_s) == (9, 312.5)
    assert store.save_position(session_id, 10)  # no active_s: the saved one stays
    assert store.session_detail(session_id).summary.active_s == 312.5
    store.finish_session(session_id, "abandoned", ended_at=T0 + timedelta(hours=1),
                         active_s=1256.0)
    summary = store.session_detail(session_id).summary
    assert summary.active_s == 1256.0 and summary.exercised_s == 1256.0
    assert summary.exercised_text() == "20:56"
    assert not store.save_position(session_id, 11, active_s=2000.0)  # ended: nothing saved
    assert store.session_detail(session_id).summary.active_s == 1256.0


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), "12", True, 90_000.0])
def test_impossible_active_seconds_save_nothing(store: Store, session_id: int,
                                                bad: object) -> None:
    with pytest.raises(InvalidEntry, match="time exercised"):
        store.save_position(session_id, 3, active_s=bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidEntry, match="time exercised"):
        store.finish_session(session_id, active_s=bad)  # type: ignore[arg-type]
    summary = store.session_detail(session_id).summary
    assert (summary.position, summary.active_s, summary.status) == (0, 0.0, "in_progress")


def test_exercised_seconds_fall_back_to_the_length_only_when_not_recorded() -> None:
    old = SessionSummary(1, "p", "P", "s", "S", T0, T0 + timedelta(minutes=30), "completed",
                         14, 11, 1500.0, 0)
    assert old.exercised_s == 1800.0  # before revision 0004: start to end, pauses included
    recorded = dataclasses.replace(old, active_s=1256.0)
    assert recorded.exercised_s == 1256.0
    unfinished = dataclasses.replace(old, ended_at=None, status="in_progress")
    assert unfinished.exercised_s is None and unfinished.exercised_text() == "–"


# Skipped sets --------------------------------------------------------------------------


def test_skipped_sets_are_recorded_once_with_their_exercise(
        db: Database, store: Store, session_id: int) -> None:
    assert store.record_skipped(session_id, [HINGE_2, CLAM_LEFT_1]) == 2
    assert store.record_skipped(session_id, [HINGE_2, HINGE_2]) == 0  # idempotent
    assert _skipped_rows(db) == 2
    detail = store.session_detail(session_id)
    assert detail.skipped == (HINGE_2, CLAM_LEFT_1)
    assert detail.summary.skipped_sets == 2
    assert [s.text() for s in detail.skipped] == ["Hip hinge, set 2",
                                                 "Side-lying clam (left), set 1"]
    # Another side, or the same exercise without a side, is another slot.
    assert store.record_skipped(session_id, [dataclasses.replace(CLAM_LEFT_1, side="right"),
                                             dataclasses.replace(CLAM_LEFT_1, side=None)]) == 2


def test_a_set_is_done_or_skipped_never_both(db: Database, store: Store, session_id: int) -> None:
    store.log_set(_set(session_id, "hinge", 1))
    assert store.record_skipped(session_id, [dataclasses.replace(HINGE_2, set_no=1)]) == 0
    assert store.session_detail(session_id).skipped == ()
    store.record_skipped(session_id, [HINGE_2, CLAM_LEFT_1])
    store.log_set(_set(session_id, "hinge", 2))  # went back and did it after all
    detail = store.session_detail(session_id)
    assert detail.skipped == (CLAM_LEFT_1,)
    assert (detail.summary.done_sets, detail.summary.skipped_sets) == (2, 1)
    store.log_set(_set(session_id, "clam", 1, side="right"))  # the other side: still skipped
    assert store.session_detail(session_id).skipped == (CLAM_LEFT_1,)
    store.log_set(_set(session_id, "clam", 1, side="left"))
    assert _skipped_rows(db) == 0


def test_a_correction_onto_a_skipped_slot_makes_it_done(store: Store, session_id: int) -> None:
    set_id = store.log_set(_set(session_id, "hinge", 1))
    store.record_skipped(session_id, [HINGE_2])
    store.update_set(set_id, set_no=2)  # it was set 2 that was done, not set 1
    detail = store.session_detail(session_id)
    assert detail.skipped == () and [s.set_no for s in detail.sets] == [2]


def test_skipping_checks_its_input(store: Store, session_id: int) -> None:
    with pytest.raises(UnknownSession):
        store.record_skipped(999, [HINGE_2])
    with pytest.raises(InvalidEntry) as caught:
        store.record_skipped(session_id, [HINGE_2, SkippedSet("", "", "nap", "up", 0)])
    text = str(caught.value)
    assert "exercise" in text and "phase" in text and "side" in text and "set number" in text
    assert store.session_detail(session_id).skipped == ()  # all or nothing


def test_totals_planned_done_skipped_not_reached(store: Store) -> None:
    sid = store.start_session(program_id="p", program_name="P", stage_id="s", stage_name="S",
                              planned_sets=14, planned_seconds=1500.0, started_at=T0)
    for n in range(1, 12):
        store.log_set(_set(sid, "hinge", n))
    store.record_skipped(sid, [SkippedSet("bridge", "Bridge", "loaded", None, 1),
                               SkippedSet("bridge", "Bridge", "loaded", None, 2)])
    store.finish_session(sid, "abandoned", ended_at=T0 + timedelta(minutes=31), active_s=1256)
    summary = store.sessions()[0]
    assert (summary.done_sets, summary.skipped_sets, summary.not_reached) == (11, 2, 1)
    assert summary.sets_text() == "11 of 14 sets, 2 skipped"
    assert summary.exercised_text() == "20:56"  # not the 31 minutes from start to end
    over = dataclasses.replace(summary, planned_sets=12)
    assert over.not_reached == 0  # never below zero


def test_delete_and_undo_carry_the_skipped_sets(db: Database, store: Store,
                                                session_id: int) -> None:
    store.log_set(_set(session_id))
    store.record_skipped(session_id, [HINGE_2, CLAM_LEFT_1])
    store.finish_session(session_id, active_s=600.0)
    before = store.session_detail(session_id)
    deleted = store.delete_session(session_id)
    assert _skipped_rows(db) == 0
    store.undo_delete(deleted)
    after = store.session_detail(session_id)
    assert after == before and after.summary.skipped_sets == 2 and after.summary.active_s == 600


def test_deleting_a_set_recounts_and_leaves_it_not_reached(store: Store, session_id: int) -> None:
    first = store.log_set(_set(session_id, "hinge", 1))
    store.log_set(_set(session_id, "hinge", 3))
    store.record_skipped(session_id, [HINGE_2])
    store.delete_set(first)
    summary = store.session_detail(session_id).summary
    assert (summary.done_sets, summary.skipped_sets, summary.planned_sets) == (1, 1, 6)
    assert summary.not_reached == 4


# Corrections ---------------------------------------------------------------------------


def test_correcting_reps_recomputes_time_under_tension(store: Store, session_id: int) -> None:
    # 9 reps at 2-0-2-1 is 45 s; corrected to 10 reps it is 50 s, not still 45 s.
    set_id = store.log_set(_set(session_id, reps=9, tut_s=45.0))
    assert store.update_set(set_id, reps=10).tut_s == 50.0
    assert store.session_detail(session_id).sets[0].tut_s == 50.0
    assert store.update_set(set_id, pain=3).tut_s == 50.0  # other fields leave it alone
    assert store.update_set(set_id, reps=6, tut_s=99.0).tut_s == 99.0  # given: kept


def test_correcting_a_hold_recomputes_from_the_hold(store: Store, session_id: int) -> None:
    set_id = store.log_set(_set(session_id, "squeeze", tempo=None, hold_s=10.0, reps=3,
                                tut_s=30.0))
    assert store.update_set(set_id, reps=4).tut_s == 40.0
    assert store.update_set(set_id, hold_s=12.0).tut_s == 48.0


def test_a_set_without_tempo_or_hold_keeps_its_time(store: Store, session_id: int) -> None:
    plain = store.log_set(_set(session_id, "walk", tempo=None, tut_s=33.0))
    odd = store.log_set(_set(session_id, "walk", 2, tempo="slow", tut_s=21.0))
    assert store.update_set(plain, reps=9).tut_s == 33.0
    assert store.update_set(odd, reps=9).tut_s == 21.0
    with pytest.raises(InvalidEntry, match="reps"):
        store.update_set(plain, reps=500)


# Bulk writes ---------------------------------------------------------------------------


def test_add_history_writes_active_seconds_and_skipped_sets(store: Store) -> None:
    item = HistorySession(
        program_id="p", program_name="P", stage_id="s", stage_name="S", started_at=T0,
        ended_at=T0 + timedelta(minutes=25), status="abandoned", planned_sets=4,
        planned_seconds=1200.0, active_s=700.0,
        sets=(_set(1, "hinge", 1, load=Load()), _set(1, "hinge", 2)),
        skipped=(dataclasses.replace(HINGE_2, set_no=3), HINGE_2),  # set 2 was done
    )
    (sid,) = store.add_history([item])
    again = store.add_history([item], merge=True)
    assert again == [sid]
    detail = store.session_detail(sid)
    assert detail.summary.active_s == 700.0 and detail.summary.sets_text() == (
        "2 of 4 sets, 1 skipped")
    assert detail.skipped == (dataclasses.replace(HINGE_2, set_no=3),)
    with pytest.raises(InvalidEntry, match="session 1: time exercised"):
        store.add_history([dataclasses.replace(item, active_s=-3.0)])
    with pytest.raises(InvalidEntry, match="session 1: set number"):
        store.add_history([dataclasses.replace(item, skipped=(dataclasses.replace(
            HINGE_2, set_no=0),))])


def test_clear_removes_skipped_sets(db: Database, store: Store, session_id: int) -> None:
    store.record_skipped(session_id, [HINGE_2])
    assert store.clear() == 1
    assert _skipped_rows(db) == 0

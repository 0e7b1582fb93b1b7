"""The history page against a real SQLite file: list, detail, corrections, delete + undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from hipcoach.domain.entries import Checkin, SetEntry
from hipcoach.store.engine import prepare_database
from hipcoach.ui.history_view import HistoryView
from hipcoach.ui.store_bridge import StoreBridge


@pytest.fixture
def history(qtbot, tmp_path):
    store = prepare_database(tmp_path).store()
    start = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
    for day in range(2):
        sid = store.start_session(program_id="hip-extension", program_name="Hip extension",
                                  stage_id="hinge", stage_name="Hinge", planned_sets=3,
                                  planned_seconds=900, started_at=start + timedelta(days=day))
        for set_no in (1, 2):
            store.log_set(SetEntry(sid, "glute-bridge", set_no, 10 + day,
                                   exercise_name="Glute bridge", target_reps=10, pain=2 + day,
                                   tut_s=60.0))
        store.add_checkin(Checkin(sid, "before", 1))
        store.finish_session(sid, "completed", ended_at=start + timedelta(days=day, minutes=14))
    bridge = StoreBridge(tmp_path)
    view = HistoryView(bridge)
    view.confirm_delete = lambda _text: True
    qtbot.addWidget(view)
    yield view
    bridge.close()


def _wait_rows(qtbot, table, rows):
    qtbot.waitUntil(lambda: table.rowCount() == rows, timeout=5000)


def test_lists_sessions_newest_first_with_their_sets(history, qtbot):
    history.reload()
    _wait_rows(qtbot, history.sessions, 2)
    assert "Tue 3 Nov 2026" in history.sessions.item(0, 0).text()
    assert history.sessions.item(0, 1).text() == "Hip extension — Hinge"
    assert history.sessions.item(0, 2).text() == "14:00"
    assert history.sessions.item(0, 3).text() == "2 of 3 sets"
    assert history.sessions.item(0, 4).text() == "3/10"
    _wait_rows(qtbot, history.sets, 2)
    assert history.sets.item(0, 3).text() == "11"
    assert "pain before: 1/10" in history.detail.text()


def test_a_correction_is_saved_and_an_impossible_one_refused(history, qtbot):
    history.reload()
    _wait_rows(qtbot, history.sets, 2)
    history.sets.item(0, 3).setText("12")
    qtbot.waitUntil(lambda: history.message.text() == "Correction saved.", timeout=5000)
    # The set is shown again as stored: no tempo or hold, so its 60 s stay.
    qtbot.waitUntil(lambda: history.sets.item(0, 7).text() == "60", timeout=5000)
    history.sets.item(0, 9).setText("14")  # pain out of range
    qtbot.waitUntil(lambda: history.message.text().startswith("Not changed"), timeout=5000)
    qtbot.waitUntil(lambda: history.sets.item(0, 9).text() == "3", timeout=5000)
    assert history.sets.item(0, 3).text() == "12"


def test_delete_with_undo(history, qtbot):
    history.reload()
    _wait_rows(qtbot, history.sessions, 2)
    history.delete_selected()
    _wait_rows(qtbot, history.sessions, 1)
    assert history.undo.isEnabled()
    qtbot.mouseClick(history.undo, Qt.MouseButton.LeftButton)
    _wait_rows(qtbot, history.sessions, 2)
    _wait_rows(qtbot, history.sets, 2)


def test_empty_history_says_so(qtbot, tmp_path):
    bridge = StoreBridge(tmp_path)
    view = HistoryView(bridge)
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: "No sessions yet" in view.message.text(), timeout=5000)
    bridge.close()


def test_the_record_decides_time_exercised_and_sets(qtbot, db, ended_early_session):
    """Ended early after 1256 s of exercise in 31 minutes: 11 of 14 sets, 2 skipped."""
    bridge = StoreBridge(db.data_dir)
    view = HistoryView(bridge)
    qtbot.addWidget(view)
    try:
        view.reload()
        _wait_rows(qtbot, view.sessions, 1)
        assert view.sessions.horizontalHeaderItem(2).text() == "Time exercised"
        assert view.sessions.item(0, 2).text() == "20:56"  # not 31:00 from start to end
        assert view.sessions.item(0, 3).text() == "11 of 14 sets, 2 skipped"
        assert view.sessions.item(0, 5).text() == "ended early"
        _wait_rows(qtbot, view.sets, 11)
        detail = view.detail.text()
        assert "skipped: Side-lying clam, set 1; Bird dog, set 2" in detail
        assert "not reached: 1 of the planned sets" in detail
    finally:
        bridge.close()


def test_correcting_reps_shows_the_new_time_under_tension(qtbot, db, ended_early_session):
    bridge = StoreBridge(db.data_dir)
    view = HistoryView(bridge)
    qtbot.addWidget(view)
    try:
        view.reload()
        _wait_rows(qtbot, view.sets, 11)
        assert (view.sets.item(0, 3).text(), view.sets.item(0, 7).text()) == ("10", "50")
        view.sets.item(0, 3).setText("9")  # tempo 2-0-2-1: 5 s a rep
        qtbot.waitUntil(lambda: view.sets.item(0, 7).text() == "45", timeout=5000)
        assert view.message.text() == "Correction saved."
    finally:
        bridge.close()

"""The coach in the window: the safety screen, the plan on the start screen, re-tests."""

from __future__ import annotations

from datetime import date

import pytest

from hipcoach.coach import profile as profile_store
from hipcoach.domain.assessments import AssessmentResult
from hipcoach.store.assessments import AssessmentStore
from hipcoach.store.engine import prepare_database
from hipcoach.ui.coach_dialogs import RetestResultsDialog, SafetyDialog


@pytest.fixture
def with_store(stored):
    return stored().window


def test_a_red_flag_advises_a_clinician_and_is_saved(qtbot, tmp_path):
    dialog = SafetyDialog(profile_store.Profile())
    qtbot.addWidget(dialog)
    for flag in dialog.answers():
        dialog.set_answer(flag, flag == "night_pain")
    advice = dialog.advice_text()
    assert advice is not None and "physiotherapist" in advice
    profile = dialog.profile(date(2026, 11, 21))
    profile_store.save(tmp_path, profile)
    loaded = profile_store.load(tmp_path).profile
    assert loaded.red_flags["night_pain"] is True
    assert not loaded.screen_due(date(2026, 11, 22))


def test_no_red_flag_gives_no_advice(qtbot):
    dialog = SafetyDialog(profile_store.Profile())
    qtbot.addWidget(dialog)
    for flag in dialog.answers():
        dialog.set_answer(flag, False)
    assert dialog.advice_text() is None


def test_the_coach_plan_shows_and_is_followed(with_store, qtbot):
    window = with_store
    qtbot.waitUntil(lambda: window.start_view.plan is not None, timeout=10_000)
    assert window.start_view.coach.isVisible()
    shown = [window.start_view.coach.item(i).text() for i in range(window.start_view.coach.count())]
    assert any("as written" in line for line in shown)
    plan = window.app.stage_plan().coached.plan
    window.start_view.select(plan.program.id, plan.stage.id)
    window.start_view.request_start()
    assert window.player is not None
    assert window.player.timeline.program.id == plan.program.id
    decisions = window.app.data_dir / "coach-decisions.json"
    wanted = len(plan.prescriptions)
    qtbot.waitUntil(lambda: decisions.exists()
                    and decisions.read_text().count('"accepted": true') == wanted, timeout=10_000)


def test_a_retest_is_played_and_its_results_stored(with_store, driver_for, qtbot,
                                                   monkeypatch):
    window = with_store
    driver = driver_for(window)
    monkeypatch.setattr(RetestResultsDialog, "exec", lambda self: 1)
    monkeypatch.setattr(RetestResultsDialog, "results", lambda self: [
        AssessmentResult("slb_hold", "left", value=25.0),
        AssessmentResult("slb_hold", "right", value=40.0)])
    shown: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda _parent, _title, text: shown.append(text)))
    window.start_retest()
    assert window.player.timeline.program.stage[0].phase
    driver.run_to_end()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "side" in shown[0].lower() or "s" in shown[0]
    store = prepare_database(window.app.data_dir)
    rows = AssessmentStore(store.engine).results(test="slb_hold")
    assert sorted(r.value for r in rows) == [25.0, 40.0]
    assert store.store().session_count() == 0  # a re-test is not a training session


def test_charts_page_opens_from_the_menu_and_esc_returns(with_store, qtbot):
    from PySide6.QtCore import Qt

    window = with_store
    qtbot.waitUntil(lambda: window.store_bridge.store is not None, timeout=10_000)
    window.show_charts()
    assert window.pages.currentWidget() is window.charts_page
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.start_view


def test_an_unticked_change_keeps_last_time_numbers(stored, tmp_path, qtbot):
    from datetime import UTC, datetime, timedelta

    from PySide6.QtCore import Qt

    from hipcoach.coach.safety import RED_FLAG_IDS
    from hipcoach.domain.entries import planned_set
    from hipcoach.program.catalog import resolve
    from hipcoach.session.set_tracker import set_spans
    from hipcoach.session.timeline import compile_stage

    store = prepare_database(tmp_path).store()
    timeline = compile_stage(resolve("daily-drill", None))
    for days_ago in (2, 1):  # two sessions with pain green: the least evidence to progress
        start = datetime.now(UTC) - timedelta(days=days_ago)
        sid = store.start_session_for(timeline, started_at=start)
        for span in set_spans(timeline):
            store.log_set(planned_set(sid, timeline.exercises[span.exercise], span.set_no,
                                      phase=span.phase, side=span.side, pain=1, rpe=6,
                                      performed_at=start + timedelta(minutes=3)))
        store.finish_session(sid, "completed", ended_at=start + timedelta(minutes=6))
    answered = profile_store.Profile().with_all_answers(dict.fromkeys(RED_FLAG_IDS, False),
                                                        date.today())
    profile_store.save(tmp_path, answered)
    store.engine.dispose()
    window = stored().window
    if True:
        qtbot.waitUntil(lambda: window.start_view.plan is not None
                        and window.start_view.plan.program.id == "daily-drill", timeout=10_000)
        coach = window.start_view.coach
        lines = {coach.item(i).text(): coach.item(i) for i in range(coach.count())}
        drill = next(item for text, item in lines.items() if text.startswith("Pure hip"))
        squeeze = next(item for text, item in lines.items() if text.startswith("Glute squeeze"))
        assert drill.checkState() == Qt.CheckState.Checked
        drill.setCheckState(Qt.CheckState.Unchecked)  # keep 2x5 instead of 2x6
        window.start_view.select("daily-drill", "daily")
        window.start_view.request_start()
        qtbot.waitUntil(lambda: window.player is not None, timeout=10_000)
        exercises = window.player.timeline.exercises
        assert exercises["pure-hip-extension"].rep_range.target == 5
        assert exercises["glute-squeeze"].hold_s == 15  # the ticked change is followed
        del squeeze  # the list was made again from the new plan:
        shown = [coach.item(i).text() for i in range(coach.count())]
        assert any("you chose to keep" in line for line in shown if line.startswith("Pure hip"))


def test_the_safety_screen_cannot_be_saved_half_answered(qtbot):
    dialog = SafetyDialog(profile_store.Profile())
    qtbot.addWidget(dialog)
    flags = list(dialog.answers())
    for flag in flags[:-1]:
        dialog.set_answer(flag, False)
    assert not dialog.save_button.isEnabled() and "1 question still to answer" in dialog.status.text()
    dialog.accept()
    assert dialog.result() != SafetyDialog.DialogCode.Accepted
    with pytest.raises(ValueError, match="not answered"):
        dialog.profile(date(2026, 11, 21))
    dialog.set_answer(flags[-1], False)
    assert dialog.save_button.isEnabled() and not dialog.cleared.isEnabled()
    later = dialog.deferred_profile(profile_store.Profile(), date(2026, 11, 21))
    assert profile_store.safety_hold(later, date(2026, 11, 22))[0] == "F2"


def test_a_yes_is_kept_and_advised_on_when_the_screen_is_put_off(qtbot):
    """"Ask me later" with a red flag ticked yes: the yes is recorded (the coach adds
    nothing until a clinician clears it) and the advice is given; an earlier yes is never
    wiped by putting the screen off again with nothing ticked."""
    today = date(2026, 11, 21)
    dialog = SafetyDialog(profile_store.Profile())
    qtbot.addWidget(dialog)
    dialog.set_answer("saddle_numbness", True)
    assert dialog.advice_text() is not None and "urgent" in dialog.advice_text()
    later = dialog.deferred_profile(profile_store.Profile(), today)
    assert later.red_flags == {"saddle_numbness": True}
    assert profile_store.safety_hold(later, today)[0] == "F1"
    assert later.screen_due(today)  # the other questions are still asked next time
    again = SafetyDialog(profile_store.Profile())  # the window asks with nothing ticked
    qtbot.addWidget(again)
    kept = again.deferred_profile(later, today)
    assert kept.red_flags == {"saddle_numbness": True}
    assert profile_store.safety_hold(kept, today)[0] == "F1"


def test_a_clinicians_clearance_is_saved_with_its_date(qtbot):
    from PySide6.QtCore import QDate

    dialog = SafetyDialog(profile_store.Profile())
    qtbot.addWidget(dialog)
    for flag in dialog.answers():
        dialog.set_answer(flag, flag == "osteoporosis")
    assert dialog.cleared.isEnabled() and "cleared" in dialog.status.text()
    held = dialog.profile(date.today())
    assert profile_store.safety_hold(held, date.today())[0] == "F1"
    dialog.cleared.setChecked(True)
    day = date.today()
    dialog.cleared_on.setDate(QDate(day.year, day.month, day.day))
    cleared = dialog.profile(day)
    assert cleared.cleared_on == day and profile_store.safety_hold(cleared, day) is None
@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_the_safety_screen_fits_and_its_answers_show_in_both_palettes(qtbot, theme_name):
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication, QLabel, QRadioButton

    from hipcoach.ui import theme

    app = QApplication.instance()
    colours = theme.apply(app, theme_name)
    try:
        dialog = SafetyDialog(profile_store.Profile())
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() <= 1280 and dialog.height() <= 800 - 40
        for label in dialog.findChildren(QLabel):
            if label.objectName().startswith("question_"):
                # the wrapped question gets all the height its words need: nothing clipped
                need = label.fontMetrics().boundingRect(
                    QRect(0, 0, label.width(), 10_000), int(Qt.TextFlag.TextWordWrap),
                    label.text()).height()
                assert label.height() >= need, label.text()
        text = QColor(colours.text)
        for button in dialog.findChildren(QRadioButton)[:2]:
            image = button.grab().toImage()
            # the indicator (left of the word) has a ring in the text colour, in any palette
            ring = [QColor(image.pixel(x, y)) for x in range(16) for y in range(image.height())]
            assert any(abs(c.lightness() - text.lightness()) < 40 for c in ring)
    finally:
        theme.apply(app, "light")


def test_a_retest_asks_for_the_everyday_activities_and_stores_them(with_store, driver_for,
                                                                    qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from hipcoach.store.function_goals import GoalStore

    window = with_store
    driver = driver_for(window)

    def fill(self) -> int:
        assert self.goals.problem() is None
        self.goals.rows[0][0].setText("Walk the dog for 30 min")
        assert self.goals.problem() == "Activity 1 has no rating (0-10)."
        self.goals.rows[0][1].setValue(4)
        return 1

    monkeypatch.setattr(RetestResultsDialog, "exec", fill)
    monkeypatch.setattr(RetestResultsDialog, "results", lambda self: [])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda _parent, _title, text: shown.append(text)))
    window.start_retest()
    driver.run_to_end()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "1 everyday activity rated" in shown[0]
    ratings = GoalStore(prepare_database(window.app.data_dir).engine).ratings()
    assert [(r.activity, r.score, r.occasion) for r in ratings] == [
        ("Walk the dog for 30 min", 4, "retest")]

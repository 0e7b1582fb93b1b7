"""Recording sessions: the real window on a fake clock, a real StoreBridge and SQLite file.

The window is built by the app factory, as ``launch`` builds it. The store worker runs on
its own thread; the tests wait for it with ``worker.flush()`` (or ``qtbot.waitUntil`` for
answers that come back to the GUI thread), never with a sleep.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt

from hipcoach.app.session_run import SessionRun, resume_index
from hipcoach.domain.entries import SessionDetail
from hipcoach.session.set_tracker import set_spans
from hipcoach.session.timeline import Step, Timeline
from hipcoach.store.engine import prepare_database
from hipcoach.ui.log_panel import LogPanel
from hipcoach.ui.main_window import MainWindow
from hipcoach.ui.store_bridge import StoreBridge

Driver = Any  # tests/ui/conftest.py's Driver (tests/ui is not a package: use the fixture)
Slot = tuple[str, int, str]


def query(bridge: StoreBridge, job: Callable[[Any], Any]) -> Any:
    """Run ``job`` on the store worker after everything queued so far; its answer."""
    assert bridge.worker is not None
    answers: list[Any] = []
    bridge.worker.submit(job, answers.append, answers.append)
    assert bridge.worker.flush()
    assert answers, "the worker did not answer"
    if isinstance(answers[0], Exception):
        raise answers[0]
    return answers[0]


def recorder_of(window: MainWindow) -> SessionRun:
    assert window.app.run is not None
    return window.app.run


def detail(bridge: StoreBridge, window: MainWindow) -> SessionDetail:
    assert bridge.worker is not None and bridge.worker.flush()
    session_id = recorder_of(window).session_id
    assert session_id is not None
    return query(bridge, lambda store: store.session_detail(session_id))


def planned(timeline: Timeline) -> list[Slot]:
    return sorted((s.exercise, s.set_no, s.side or "") for s in set_spans(timeline))


def slots(found: SessionDetail) -> list[Slot]:
    return sorted((s.exercise, s.set_no, s.side or "") for s in found.sets)


def step_on(window: MainWindow, driver: Driver) -> None:
    """One transition, as in Driver.run_to_end: confirm a wait or run to the next deadline."""
    player = window.player
    assert player is not None
    if player.state == "waiting":
        player.confirm(driver.clock.now())
        return
    deadline = player.next_deadline()
    assert deadline is not None
    driver.clock.set(deadline)
    window.deadlines.poll()


def run_until(window: MainWindow, driver: Driver, found: Callable[[Step], bool],
              limit: int = 10_000) -> Step:
    player = window.player
    assert player is not None
    for _ in range(limit):
        if player.step is not None and found(player.step):
            return player.step
        assert player.active, "the session ended first"
        step_on(window, driver)
    raise AssertionError("step not reached")


def press(qtbot, window: MainWindow, keys: str) -> None:
    """Type on the window as the user does: digits, P, E; "\\n" is Enter, "\\b" Backspace."""
    special = {"\n": Qt.Key.Key_Return, "\b": Qt.Key.Key_Backspace}
    for ch in keys:
        if ch in special:
            qtbot.keyClick(window, special[ch])
        else:
            qtbot.keyClick(window, ch)


# Auto-logging a whole session -------------------------------------------------------------


def test_a_full_session_logs_every_planned_set_once(qtbot, short_program,
                                                    stored, driver_for) -> None:
    built = stored(auto_log=True)
    window, bridge = built.window, built.bridge
    driver = driver_for(window)
    player = window.start_session(short_program, "one")
    timeline = player.timeline
    driver.run_to_end()
    assert player.state == "finished"
    assert not window.player_view.log_panel.open  # auto-log never asks

    found = detail(bridge, window)
    summary = found.summary
    assert summary.status == "completed" and summary.ended_at is not None
    assert summary.program_id == "short" and summary.stage_id == "one"
    assert summary.planned_sets == len(set_spans(timeline)) == 4
    assert summary.done_sets == 4
    assert slots(found) == planned(timeline)
    assert len(found.sets) == len({(s.exercise, s.set_no, s.side) for s in found.sets})
    for logged in found.sets:
        exercise = timeline.exercises[logged.exercise]
        assert exercise.tempo_spec is not None and exercise.rep_range is not None
        assert logged.reps == logged.target_reps == exercise.rep_range.target
        assert logged.tut_s == pytest.approx(logged.reps * exercise.tempo_spec.rep_seconds)
        assert logged.tempo == exercise.tempo_spec.text
        assert logged.exercise_name == exercise.name
        assert logged.pain is None and logged.rpe is None
    rdl = [s for s in found.sets if s.exercise == "band-rdl"]
    assert {s.side for s in rdl} == {"left", "right"}
    assert all(s.load.unit == "band" and s.load.colour == "red" for s in rdl)
    assert summary.position == len(timeline.steps) - 1  # the last step reached
    assert all(s.phase == "activation" for s in found.sets)

    qtbot.waitUntil(lambda: recorder_of(window).sets_written == 4, timeout=5000)
    assert recorder_of(window).session_id == summary.id


def test_the_position_is_saved_as_the_session_goes(short_program,
                                                   stored, driver_for) -> None:
    built = stored(auto_log=True)
    window, bridge = built.window, built.bridge
    driver = driver_for(window)
    player = window.start_session(short_program, "one")
    step = run_until(window, driver,
                     lambda s: s.exercise == "bridge" and s.set == 2 and s.rep == 2)
    found = detail(bridge, window)
    assert found.summary.status == "in_progress"
    assert found.summary.position == step.index == player.index
    assert [(s.exercise, s.set_no) for s in found.sets] == [("bridge", 1)]
    assert found.summary.done_sets == 1


def test_ending_early_marks_the_session_abandoned(short_program,
                                                  stored, driver_for) -> None:
    built = stored(auto_log=True)
    window, bridge = built.window, built.bridge
    driver = driver_for(window)
    player = window.start_session(short_program, "one")
    run_until(window, driver, lambda s: s.exercise == "bridge" and s.set == 2 and s.rep == 2)
    window.end_session()
    assert player.state == "ended"
    found = detail(bridge, window)
    assert found.summary.status == "abandoned" and found.summary.ended_at is not None
    assert [(s.set_no, s.reps) for s in found.sets] == [(1, 2), (2, 2)]
    assert found.summary.done_sets == 2


def test_ending_in_the_first_rep_keeps_the_reps_begun(short_program,
                                                      stored, driver_for) -> None:
    built = stored(auto_log=True)
    window, bridge = built.window, built.bridge
    driver = driver_for(window)
    window.start_session(short_program, "one")
    run_until(window, driver, lambda s: s.exercise == "bridge" and s.set == 2 and s.rep == 1)
    window.end_session()
    found = detail(bridge, window)
    assert found.summary.status == "abandoned"
    second = [s for s in found.sets if s.set_no == 2]
    assert len(second) == 1 and second[0].reps == 1
    assert second[0].tut_s == pytest.approx(1 * 4.0)


def test_pain_after_is_recorded_from_the_end_screen(qtbot, short_program,
                                                    stored, driver_for) -> None:
    built = stored(auto_log=True)
    window, bridge = built.window, built.bridge
    driver = driver_for(window)
    window.start_session(short_program, "one")
    driver.run_to_end()
    assert window.pages.currentWidget() is window.end_view
    assert window.end_view.key("3")
    window.enter_pressed()
    found = detail(bridge, window)
    assert [(c.kind, c.pain) for c in found.checkins] == [("after", 3)]
    assert window.pages.currentWidget() is window.end_view  # saved, and says so
    window.enter_pressed()
    assert window.pages.currentWidget() is window.start_view


def test_pain_before_is_typed_on_the_start_screen_and_recorded(qtbot, stored) -> None:
    """From across the room: digits typed on the start screen set the pain before (1 then
    0 makes 10, Backspace clears), and Enter starts a session that records it."""
    built = stored(auto_log=True)
    window, bridge = built.window, built.bridge
    qtbot.waitUntil(lambda: built.app.planned(), timeout=10_000)
    lists = window.start_view.programs
    lists.setFocus()
    qtbot.keyClicks(lists, "7")
    assert window.start_view.pain_before() == 7
    qtbot.keyClick(lists, Qt.Key.Key_Backspace)
    assert window.start_view.pain_before() is None
    qtbot.keyClicks(window.start_view.stages, "10")
    assert window.start_view.pain_before() == 10
    qtbot.keyClicks(window.start_view.stages, "3")
    assert window.start_view.pain_before() == 3
    qtbot.keyClick(window.start_view.stages, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.app.run is not None and window.app.run.session_id is not None,
                    timeout=10_000)
    found = detail(bridge, window)
    assert [(c.kind, c.pain) for c in found.checkins] == [("before", 3)]


# Logging through the panel ---------------------------------------------------------------


def test_the_panel_asks_after_each_set_and_saves_what_was_typed(qtbot,
                                                               short_program, stored, driver_for) -> None:
    built = stored(auto_log=False)
    window, bridge = built.window, built.bridge
    driver = driver_for(window)
    panel: LogPanel = window.player_view.log_panel
    asked: list[Slot] = []

    def note() -> None:
        if panel.finished_set is not None:
            span = panel.finished_set.span
            slot = (span.exercise, span.set_no, span.side or "")
            if not asked or asked[-1] != slot:
                asked.append(slot)

    player = window.start_session(short_program, "one")
    timeline = player.timeline

    # Set 1: typed but never confirmed; saved as shown when set 2 begins. The panel opens
    # once the set is on disk (the store worker answers), during the rest.
    run_until(window, driver, lambda s: s.kind == "rest" and s.set == 1)
    qtbot.waitUntil(lambda: panel.open, timeout=5000)
    note()
    assert panel.open and not panel.isHidden()
    assert panel.title.text() == "Log: Glute bridge, set 1"
    press(qtbot, window, "p3")
    run_until(window, driver, lambda s: s.kind == "countdown" and s.set == 2)
    assert not panel.open

    # Set 2: reps 1, pain 10 (1 then 0), effort 0 = 10, confirmed with Enter while the
    # next exercise waits for the user: Enter saves the panel, it does not start the set.
    run_until(window, driver, lambda s: s.kind == "wait")
    qtbot.waitUntil(lambda: panel.open, timeout=5000)
    note()
    assert panel.open
    press(qtbot, window, "1p10e0")
    assert "Pain 10/10" in panel.fields.text() and "Effort 10/10" in panel.fields.text()
    press(qtbot, window, "\n")
    assert not panel.open
    assert player.state == "waiting"
    press(qtbot, window, "\n")  # now Enter is "I'm ready"
    assert player.state == "running"

    # Band RDL left: its set is written when the side ends, but the panel waits: the
    # side switch and the right side's reps are work, so nothing covers them.
    run_until(window, driver, lambda s: s.kind == "switch_side")
    qtbot.waitUntil(lambda: recorder_of(window).sets_written >= 5, timeout=5000)
    assert not panel.open
    run_until(window, driver, lambda s: s.kind == "rep_phase" and s.side == "right")
    assert not panel.open
    # The exercise ends with no rest after it: both sides are asked about, one after the
    # other, while the next exercise gets ready.
    run_until(window, driver, lambda s: s.exercise == "stretch")
    qtbot.waitUntil(lambda: panel.open, timeout=5000)
    note()
    assert panel.title.text() == "Log: Banded RDL, set 1, left side"
    press(qtbot, window, "7\b1e8\n")
    qtbot.waitUntil(lambda: panel.open and panel.finished_set.span.side == "right", timeout=5000)
    note()
    assert panel.title.text() == "Log: Banded RDL, set 1, right side"
    press(qtbot, window, "150")
    assert "Reps must be 0-100" in panel.message.text()
    assert panel.open
    press(qtbot, window, "p2\n")
    assert not panel.open
    driver.run_to_end()

    assert asked == [("bridge", 1, ""), ("bridge", 2, ""), ("band-rdl", 1, "left"),
                     ("band-rdl", 1, "right")]
    found = detail(bridge, window)
    assert found.summary.status == "completed"
    assert slots(found) == planned(timeline)
    values = {(s.exercise, s.set_no, s.side): (s.reps, s.pain, s.rpe) for s in found.sets}
    assert values == {
        ("bridge", 1, None): (2, 3, None),
        ("bridge", 2, None): (1, 10, 10),
        ("band-rdl", 1, "left"): (1, None, 8),
        ("band-rdl", 1, "right"): (2, 2, None),
    }
    # corrections keep the moment each set was done: the history lists them in order
    assert [(s.exercise, s.set_no, s.side) for s in found.sets] == [
        ("bridge", 1, None), ("bridge", 2, None), ("band-rdl", 1, "left"),
        ("band-rdl", 1, "right")]
    tut = {(s.exercise, s.set_no, s.side): s.tut_s for s in found.sets}
    assert tut[("bridge", 2, None)] == pytest.approx(1 * 4.0)  # TUT follows the reps typed
    # each set went to disk when it ended, and each answer corrected it: 4 + 4 writes
    qtbot.waitUntil(lambda: recorder_of(window).sets_written == 8, timeout=5000)


def test_an_open_panel_is_saved_when_the_session_ends(qtbot, short_program,
                                                      stored, driver_for) -> None:
    built = stored(auto_log=False)
    window, bridge = built.window, built.bridge
    driver = driver_for(window)
    panel = window.player_view.log_panel
    window.start_session(short_program, "one")
    run_until(window, driver, lambda s: s.kind == "rest" and s.set == 1)
    qtbot.waitUntil(lambda: panel.open, timeout=5000)
    press(qtbot, window, "e6")
    window.end_session()
    assert not panel.open
    found = detail(bridge, window)
    assert found.summary.status == "abandoned"
    assert [(s.set_no, s.reps, s.rpe) for s in found.sets] == [(1, 2, 6)]


# Resuming after a crash ------------------------------------------------------------------


def test_a_resumed_session_logs_the_rest_and_duplicates_nothing(
        qtbot, short_program, stored, driver_for, short_program_file) -> None:
    first = stored(auto_log=True)
    window, first_bridge = first.window, first.bridge
    driver = driver_for(window)
    player = window.start_session(short_program, "one")
    timeline = player.timeline
    crash_at = run_until(window, driver,
                         lambda s: s.exercise == "band-rdl" and s.side == "right"
                         and s.kind == "rep_phase" and s.rep == 2)
    before = detail(first_bridge, window)
    assert before.summary.status == "in_progress"
    assert before.summary.position == crash_at.index
    assert slots(before) == [("band-rdl", 1, "left"), ("bridge", 1, ""), ("bridge", 2, "")]

    # The crash: the app stops here. Nothing more reaches the database from this window.
    assert first_bridge.worker is not None
    first_bridge.worker.close()
    window.deadlines.attach(None)

    # The next start finds the interrupted session and resumes it (as ``--resume``): its
    # programme is a user programme of the data folder.
    assert short_program_file.is_file()
    second = stored(auto_log=True, resume=True)
    again, bridge = second.window, second.bridge
    qtbot.waitUntil(lambda: again.player is not None, timeout=10_000)
    resumed = again.player
    summary = before.summary
    assert timeline.steps[resumed.index].kind == "switch_side"  # the right side is done again
    assert resumed.index == resume_index(timeline, crash_at.index)
    driver_for(again).run_to_end()
    assert resumed.state == "finished"

    found = detail(bridge, again)
    assert recorder_of(again).session_id == summary.id
    assert found.summary.status == "completed"
    assert slots(found) == planned(timeline)
    assert len(found.sets) == 4 and found.summary.done_sets == 4
    right = [s for s in found.sets if s.side == "right"]
    assert len(right) == 1 and right[0].reps == 2
    assert query(bridge, lambda store: store.session_count()) == 1
    qtbot.waitUntil(lambda: recorder_of(again).sets_written == 1, timeout=5000)


def test_resuming_between_sets_starts_at_the_rest(qtbot, short_program,
                                                   stored, driver_for) -> None:
    built = stored(auto_log=True)
    window, bridge = built.window, built.bridge
    driver = driver_for(window)
    player = window.start_session(short_program, "one")
    rest = run_until(window, driver, lambda s: s.kind == "rest" and s.set == 1)
    before = detail(bridge, window)
    assert resume_index(player.timeline, before.summary.position) == rest.index
    assert slots(before) == [("bridge", 1, "")]


# A store that cannot write ------------------------------------------------------------------


def test_a_failing_store_shows_one_notice_and_the_session_carries_on(qtbot,
                                                                     short_program, stored, driver_for,
                                                                     tmp_path) -> None:
    attempts: list[Any] = []

    def opener() -> Any:
        store = prepare_database(tmp_path).store()

        def log_set(entry: Any) -> int:
            attempts.append(entry)
            raise OSError("disk full")

        store.log_set = log_set  # type: ignore[method-assign]
        return store

    built = stored(auto_log=True, opener=opener)
    window, bridge = built.window, built.bridge
    driver = driver_for(window)
    problems: list[str] = []
    bridge.problem.connect(problems.append)
    player = window.start_session(short_program, "one")
    notice = window.player_view.notice

    run_until(window, driver, lambda s: s.kind == "rest" and s.set == 1)
    assert bridge.worker is not None and bridge.worker.flush()
    qtbot.waitUntil(lambda: not notice.isHidden(), timeout=5000)
    assert "The disk is full" in notice.text() and "keeps what you logged" in notice.text()
    assert player.state == "running"
    assert window.pages.currentWidget() is window.player_view

    run_until(window, driver, lambda s: s.exercise == "stretch")
    assert player.active  # still going, set after set
    driver.run_to_end()
    assert player.state == "finished"
    assert bridge.worker.flush()
    qtbot.waitUntil(lambda: bridge.worker is not None and bridge.worker.unsaved == 5,
                    timeout=5000)
    found = detail(bridge, window)
    assert found.sets == ()  # nothing could be written...
    # ...and the session does not claim otherwise: it is not closed before its sets
    assert found.summary.status == "in_progress"
    assert bridge.worker.unsaved == 5  # 4 sets and the session's end, kept in order
    assert len(attempts) > 4  # retried before later jobs
    qtbot.waitUntil(lambda: len(problems) >= 1, timeout=5000)
    assert len(problems) == 1


def test_a_step_is_shown_before_the_recorder_queues_its_writes(short_program,
                                                               stored, driver_for) -> None:
    """The store worker wakes on a submit and competes for the GIL: the view goes first."""
    built = stored(auto_log=True)
    window, bridge = built.window, built.bridge
    driver = driver_for(window)
    order: list[str] = []
    submit = bridge.submit

    def noting_submit(*args: Any, **kwargs: Any) -> None:
        order.append(kwargs.get("label", ""))
        submit(*args, **kwargs)

    bridge.submit = noting_submit  # type: ignore[method-assign]
    window.player_view.shown.connect(
        lambda event: order.append("shown") if event.kind == "step" else None)
    window.start_session(short_program, "one")
    assert order[:3] == ["start session", "shown", "save position"]
    run_until(window, driver, lambda s: s.kind == "rest" and s.set == 1)  # set 1 ends here
    logged = order.index("log bridge set 1")
    assert order[logged - 1] == "shown"  # the rest was on screen before the set was queued
    assert order[logged + 1:] in ([], ["save position"])


def test_a_pain_typed_but_not_confirmed_is_kept_when_the_summary_is_printed(
        short_program, stored, driver_for) -> None:
    """Typed on the end screen, then straight to "Save summary as PDF…": the pain is in
    the record (and so in the summary) without pressing Enter first."""
    built = stored(auto_log=True)
    window, bridge = built.window, built.bridge
    window.start_session(short_program, "one")
    driver_for(window).run_to_end()
    assert window.end_view.key("4")
    window.save_end_pain()  # what printing and leaving the end screen do first
    found = detail(bridge, window)
    assert [(c.kind, c.pain) for c in found.checkins] == [("after", 4)]
    window.show_history()  # leaving the end screen another way saves nothing twice
    assert [(c.kind, c.pain) for c in detail(bridge, window).checkins] == [("after", 4)]

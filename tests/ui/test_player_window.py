"""The real window driven through a short programme with a fake clock."""

from __future__ import annotations

from answers import Answers
from PySide6.QtCore import Qt

from hipcoach.format import clock_text


def test_session_runs_to_the_end_screen(stored, driver_for, short_program, qtbot):
    window = stored().window
    driver = driver_for(window)
    player = window.start_session(short_program, "one")
    view = window.player_view
    assert window.pages.currentWidget() is view
    assert view.instruction.text() == "GET READY"
    assert view.headline.text() == "Get ready: Glute bridge"
    assert view.digits.text() == "10"
    driver.advance(3)
    assert view.digits.text() == "7"
    driver.advance(7)  # countdown over: the bridge starts by lifting
    assert view.instruction.text() == "LIFT"
    assert (view.set_no.text(), view.counter.text(), view.side.text()) == ("Set 1 of 2",
                                                                          "1 / 2", "")
    assert "Ribs down" in view.cues.text()
    driver.advance(1)  # tempo 2-0-1-1 from the concentric: lift 1 s, hold 1 s, lower 2 s
    assert view.instruction.text() == "HOLD"
    driver.advance(1)
    assert view.instruction.text() == "LOWER"
    assert view.digits.text() == "2"
    driver.run_to_end()
    assert player.state == "finished"
    assert window.pages.currentWidget() is window.end_view
    assert window.end_view.title.text() == "Session complete"
    # the totals are the record's, read back from the database
    qtbot.waitUntil(lambda: "of exercise" in window.end_view.summary.text(), timeout=10_000)
    text = window.end_view.summary.text()
    assert "4 of 4 sets" in text and "skipped" not in text
    assert f"{clock_text(player.timeline.total)} of exercise" in text


def test_without_a_database_the_end_screen_says_nothing_was_recorded(window, driver,
                                                                    short_program):
    window.start_session(short_program, "one")
    driver.run_to_end()
    assert "not recorded" in window.end_view.summary.text()


def test_wait_step_holds_until_enter(window, driver, short_program, qtbot):
    player = window.start_session(short_program, "one")
    player.skip("exercise")
    assert player.state == "waiting"
    assert window.player_view.instruction.text() == "READY?"
    assert "red band" in window.player_view.hint.text()
    driver.advance(600)
    assert player.state == "waiting"  # nothing moves until the user is ready
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert player.state == "running"
    assert player.step.kind == "countdown"


def test_keyboard_controls(window, driver, short_program, qtbot, fake_clock):
    player = window.start_session(short_program, "one")
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert player.state == "paused"
    assert window.player_view.status.text() == "Paused"
    driver.advance(100)
    assert player.step.index == 0
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert player.state == "running"
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert player.step.kind == "rep_phase"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert (player.step.kind, player.step.set) == ("countdown", 2)
    qtbot.keyClick(window, Qt.Key.Key_R)  # not a rest: nothing changes
    assert player.remaining() == player.step.duration
    qtbot.keyClick(window, Qt.Key.Key_Left)  # < 2 s in: back one step, to the rest
    assert player.step.kind == "rest"
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert player.remaining() == player.step.duration + 15
    driver.advance(5)
    qtbot.keyClick(window, Qt.Key.Key_Left)  # 5 s in: restart the rest
    assert player.step.kind == "rest" and player.elapsed() == 0
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert player.step.exercise == "band-rdl"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert player.state == "ended"
    assert window.end_view.title.text() == "Session ended"


def test_escape_asks_first_and_no_keeps_the_session_going(window_factory, fake_clock,
                                                          short_program, qtbot):
    answers = Answers(end=False)
    window = window_factory(asks=answers).window
    player = window.start_session(short_program, "one")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert answers.asked == ["end"]
    assert player.state == "running"  # paused while asking, then carried on
    answers.end = True
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert answers.asked == ["end", "end"] and player.state == "ended"


def test_start_screen_lists_programmes_and_durations(window):
    names = [window.start_view.programs.item(i).text()
             for i in range(window.start_view.programs.count())]
    assert any("Daily hip-extension drill" in n for n in names)
    assert window.start_view.select("daily-drill", None)
    stage_text = window.start_view.stages.item(0).text()
    assert "min" in stage_text


def test_enter_on_start_screen_starts_selected_stage(window, qtbot):
    window.start_view.select("daily-drill", None)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.player is not None
    assert window.player.timeline.program.id == "daily-drill"
    assert window.pages.currentWidget() is window.player_view


def test_dark_theme_changes_step_colours(window, short_program):
    window.start_session(short_program, "one")
    from PySide6.QtGui import QPalette

    role = QPalette.ColorRole.Window
    light = window.player_view.panel.palette().color(role).name()
    assert light == window.colours.ready  # the countdown's tint in the light palette
    window.set_theme("dark")
    dark = window.player_view.panel.palette().color(role).name()
    assert dark == window.colours.ready and dark != light


def test_mouse_buttons_drive_the_session(window, short_program, qtbot):
    player = window.start_session(short_program, "one")
    buttons = window.player_view.buttons
    assert not buttons["ready"].isEnabled()
    qtbot.mouseClick(buttons["pause"], Qt.MouseButton.LeftButton)
    assert player.state == "paused"
    assert buttons["pause"].text() == "Carry on"
    qtbot.mouseClick(buttons["pause"], Qt.MouseButton.LeftButton)
    assert player.state == "running"
    qtbot.mouseClick(buttons["skip"], Qt.MouseButton.LeftButton)
    assert player.step.kind == "rep_phase"
    qtbot.mouseClick(buttons["back"], Qt.MouseButton.LeftButton)
    assert player.step.kind == "countdown"
    qtbot.mouseClick(buttons["end"], Qt.MouseButton.LeftButton)
    assert player.state == "ended"


def test_the_shortcut_sheet_pauses_the_session(window, short_program, qtbot):
    from PySide6.QtWidgets import QMessageBox

    player = window.start_session(short_program, "one")
    assert player.state == "running"
    window.show_shortcuts()
    assert player.state == "paused"
    sheet = window.findChild(QMessageBox, "shortcut_sheet")
    assert sheet is not None and sheet.isVisible()
    assert window.player_view.cover.isVisibleTo(window)  # the view says PAUSED
    sheet.close()
    assert player.state == "paused"  # Space carries on


def test_paused_dims_the_view_with_a_big_paused(window, short_program, qtbot):
    player = window.start_session(short_program, "one")
    view = window.player_view
    assert not view.cover.isVisibleTo(window)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert view.cover.isVisibleTo(window)
    assert view.cover.geometry() == view.rect()
    assert view.cover.title.text() == "PAUSED"
    assert view.cover.title.font().pixelSize() > view.instruction.font().pixelSize() * 0.8
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert player.state == "running" and not view.cover.isVisibleTo(window)


def test_the_set_panel_moments_are_rests_and_the_next_exercise_getting_ready(short_program):
    from hipcoach.session.timeline import compile_stage
    from hipcoach.ui.set_panel_timing import panel_moment

    steps = compile_stage(short_program, "one").steps
    allowed = {(s.kind, s.exercise, s.set) for s in steps if panel_moment(s)}
    assert ("rest", "bridge", 1) in allowed  # the rest after set 1
    assert ("countdown", "band-rdl", 1) in allowed and ("wait", "band-rdl", None) in allowed
    assert ("countdown", "stretch", None) in allowed  # after the last exercise's sets
    assert ("countdown", "bridge", 2) not in allowed  # the next set is getting ready
    for step in steps:
        if step.kind in ("rep_phase", "hold", "work", "switch_side"):
            assert not panel_moment(step), step  # never over work or a side switch

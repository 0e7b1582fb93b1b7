"""The exercise detail view, from the start screen and from History."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hipcoach.ui.exercise_detail import ExerciseDetail


def open_detail(window) -> ExerciseDetail:
    detail = window.findChild(ExerciseDetail, "exercise_detail")
    assert detail is not None and detail.isVisible()
    return detail


def test_the_start_screen_shows_how_each_exercise_of_the_stage_is_done(window, qtbot):
    assert window.start_view.select("hip-extension", None)
    qtbot.mouseClick(window.start_view.how_button, Qt.MouseButton.LeftButton)
    detail = open_detail(window)
    stage = window.start_view.current_program().get_stage(window.start_view.current_stage_id())
    names = [detail.list.item(i).text() for i in range(detail.list.count())]
    assert names == [e.name for e in stage.exercises]
    for row, exercise in enumerate(stage.exercises):
        detail.list.setCurrentRow(row)
        assert detail.name.text() == exercise.name
        assert detail.sections["setup"].text() == exercise.setup
        assert detail.sections["common_fault"].text() == exercise.common_fault
        has_poses = exercise.poses is not None
        assert detail.right.isVisibleTo(detail) == has_poses
        assert detail.no_figure.isVisibleTo(detail) == (not has_poses)
        if has_poses and exercise.poses.fault is not None:
            # the fault pose beside the right one: an arched low back
            assert detail.wrong.isVisibleTo(detail)
            assert detail.wrong.angles.arch > detail.right.angles.arch
    detail.close()


def test_an_exercise_without_poses_shows_words_only(window, qtbot):
    exercises = window.app.exercises(["side-lying-abduction", "glute-bridge", "nope"])
    assert [e.id for e in exercises] == ["side-lying-abduction", "glute-bridge"]
    dialog = window.show_how(exercises)
    assert dialog is not None
    detail = open_detail(window)
    assert detail.no_figure.isVisibleTo(detail) and not detail.right.isVisibleTo(detail)
    assert "hips stacked" in detail.sections["common_fault"].text()
    detail.grab()  # paints without a figure
    detail.list.setCurrentRow(1)
    assert detail.right.isVisibleTo(detail)
    assert not detail.right.grab().isNull()
    detail.close()


def test_history_shows_how_the_exercises_of_a_session_are_done(
        stored, driver_for, short_program, short_program_file, qtbot):
    built = stored(auto_log=True)
    window = built.window
    window.start_session(short_program, "one")
    driver_for(window).run_to_end()
    qtbot.waitUntil(lambda: window.app.run is not None and window.app.run.closed, timeout=10_000)
    window.show_start()
    window.show_history()
    history = window.history
    qtbot.waitUntil(lambda: history.sessions.rowCount() > 0, timeout=10_000)
    history.sessions.selectRow(0)
    qtbot.waitUntil(lambda: history.shown_exercises == ["bridge", "band-rdl"], timeout=10_000)
    qtbot.mouseClick(history.how, Qt.MouseButton.LeftButton)
    detail = open_detail(window)
    assert [detail.list.item(i).text() for i in range(detail.list.count())] == [
        "Glute bridge", "Banded RDL"]
    detail.close()

"""Journeys through the real window (app factory, fake clock, real SQLite file): every
screen and command tells the same story as the application layer."""

from __future__ import annotations

import json
import re
from typing import Any

from answers import Answers
from PySide6.QtCore import Qt

from hipcoach.cli import main as cli
from hipcoach.coach.prescribe import PROGRESS_STEPS
from hipcoach.ui.app_factory import start_services
from hipcoach.ui.asks import LEAVE, STAY


def run_cli(capsys, *argv: str) -> str:
    capsys.readouterr()
    status = cli(list(argv))
    out = capsys.readouterr().out
    assert status == 0, out
    return out


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def coach_lines(window) -> list[str]:
    coach = window.start_view.coach
    return [coach.item(i).text() for i in range(coach.count())]


def test_the_start_screen_plays_what_next_and_plan_coached_say(stored, tmp_path, capsys,
                                                               qtbot):
    run_cli(capsys, "demo-data", "--weeks", "8", "--data-dir", str(tmp_path))
    expected = json_lines(run_cli(capsys, "next", "--json", "--data-dir", str(tmp_path)))
    built = stored()
    window = built.window
    qtbot.waitUntil(lambda: window.start_view.plan is not None, timeout=15_000)
    plan = built.app.stage_plan()
    assert plan is not None and plan.coached is not None
    steps = json_lines(run_cli(capsys, "plan", plan.program.id, "--coached", "--json",
                               "--data-dir", str(tmp_path)))
    # The same lines, in the same order, as `hipcoach next` prints for each exercise.
    exercise_lines = [e["line"] for e in expected if e["kind"] == "exercise"]
    shown = coach_lines(window)
    assert [line for line in shown if line in exercise_lines] == exercise_lines
    # The programme and stage selected are the coach's (as `next` says), and the length
    # shown is the length that will play.
    stage_line = next(e for e in expected if e["kind"] == "stage")
    assert window.start_view.current_program().id == plan.program.id
    assert window.start_view.current_stage_id() == plan.stage.id == stage_line["current"]
    assert [round(s["duration"], 3) for s in steps] == [
        round(s.duration, 3) for s in plan.timeline.steps]
    # The outline beside the lists names the reps the player will count in each set.
    details = window.start_view.details.text()
    for exercise_id, exercise in plan.timeline.exercises.items():
        counted = {s.rep for s in plan.timeline.steps
                   if s.exercise == exercise_id and s.kind == "rep_phase" and s.set == 1}
        if counted:
            said = rf"{re.escape(exercise.name)}  {exercise.set_count} × {max(counted)}(?![-\d])"
            assert re.search(said, details), (said, details)
    window.start_chosen()
    qtbot.waitUntil(lambda: window.player is not None, timeout=10_000)
    assert [(s.kind, s.exercise, s.duration) for s in window.player.timeline.steps] == [
        (s.kind, s.exercise, s.duration) for s in plan.timeline.steps]


def test_a_start_before_the_plan_exists_waits_for_it(window_factory, qtbot, tmp_path):
    """``--start`` plays today's plan once it is made, never the programme as written."""
    built = window_factory(data_dir=tmp_path, record=True)
    window = built.window
    window.start_chosen(wait=True)  # at once, as --start does: the plan may not be made yet
    qtbot.waitUntil(lambda: window.player is not None, timeout=15_000)
    plan = built.app.stage_plan()
    assert window.player.timeline.total == plan.timeline.total
    assert window.player.timeline.program is plan.playable
    built.close()


def test_an_enter_before_the_plan_is_shown_starts_nothing(window_factory, qtbot, tmp_path):
    """A key pressed while the window fills in starts no session the user has not seen
    (nor one that would begin behind the safety questions): it says the plan is being
    made. Once the plan is shown, Enter starts it."""
    from hipcoach.ui.asks import NobodyThere

    built = window_factory(data_dir=tmp_path, record=True, services=False,
                           asks=NobodyThere())
    window = built.window
    assert built.app.plan is None
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert "still being made" in window.statusBar().currentMessage()
    start_services(built)
    # a start queued by the early Enter would begin as the plan arrives
    qtbot.waitUntil(lambda: built.app.plan is not None, timeout=10_000)
    assert window.player is None and window.pages.currentWidget() is window.start_view
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.player is not None, timeout=10_000)
    built.close()


def test_switching_programme_replans_for_it_without_an_error(window, qtbot):
    start = window.start_view
    qtbot.waitUntil(lambda: start.plan is not None, timeout=10_000)
    for row in range(start.programs.count()):
        if start.programs.item(row).text().startswith("Daily hip-extension drill"):
            start.programs.setCurrentRow(row)
            break
    else:
        raise AssertionError("the daily drill is not listed")
    qtbot.waitUntil(lambda: start.plan is not None and start.plan.program.id == "daily-drill",
                    timeout=10_000)
    drill = start.plan.stage_plan()
    names = {e.name for e in drill.timeline.exercises.values()}
    lines = coach_lines(window)
    assert lines and all(not line.startswith("Glute bridge") or "Glute bridge" in names
                         for line in lines)
    stage_items = [start.stages.item(i).text() for i in range(start.stages.count())]
    assert stage_items == [f"{drill.stage.name} — about {round(drill.total_s / 60)} min"]


def answer_the_safety_questions(data_dir) -> None:
    from datetime import date

    from hipcoach.coach import profile
    from hipcoach.coach.safety import RED_FLAG_IDS

    answered = profile.Profile().with_all_answers(dict.fromkeys(RED_FLAG_IDS, False),
                                                  date.today())
    profile.save(data_dir, answered)


def test_red_pain_on_the_end_screen_stops_progression_at_once(stored, driver_for, tmp_path,
                                                              capsys, qtbot):
    run_cli(capsys, "demo-data", "--weeks", "6", "--data-dir", str(tmp_path))
    answer_the_safety_questions(tmp_path)
    built = stored()
    window = built.window
    qtbot.waitUntil(lambda: window.start_view.plan is not None, timeout=15_000)
    window.start_chosen()
    qtbot.waitUntil(lambda: window.player is not None, timeout=10_000)
    driver_for(window).run_to_end()
    qtbot.waitUntil(lambda: "of exercise" in window.end_view.summary.text(), timeout=10_000)
    qtbot.waitUntil(lambda: not built.app.session_active and built.app.plan is not None,
                    timeout=10_000)
    before = built.app.plan
    assert "Pain not recorded" in window.end_view.pain.text()  # the coach says why it asks
    qtbot.keyClick(window, "9")
    qtbot.keyClick(window, Qt.Key.Key_Return)  # saves, and the end screen says so
    assert window.pages.currentWidget() is window.end_view
    assert "saved" in window.end_view.pain.text()
    qtbot.keyClick(window, Qt.Key.Key_Return)  # a second Enter goes back, never further
    assert window.pages.currentWidget() is window.start_view
    assert window.player is None or not window.player.active
    qtbot.waitUntil(lambda: built.app.plan is not before, timeout=10_000)
    plan = built.app.stage_plan()
    assert plan is not None and plan.coached is not None
    steps = {p.slot: p.step for p in plan.coached.plan.prescriptions}
    assert not set(steps.values()) & set(PROGRESS_STEPS), steps
    # the start screen says why, at once: the red session is named
    assert any("flare" in line.lower() for line in coach_lines(window))
    assert coach_lines(window) != before.stage_plan().lines()
    # the command line tells the same story at the same moment
    again = json_lines(run_cli(capsys, "next", "--json", "--data-dir", str(tmp_path),
                               "--program", plan.program.id, "--stage", plan.stage.id))
    assert {e["slot"]: e["step"] for e in again if e["kind"] == "exercise"} == steps


def test_leaving_mid_session_asks_and_keeps_it_resumable(stored, driver_for, short_program,
                                                         qtbot):
    answers = Answers(leave=STAY)
    built = stored(asks=answers)
    window = built.window
    player = window.start_session(short_program, "one")
    driver_for(window).advance(30)
    assert not window.close()  # "keep going": the window stays, the session runs
    assert answers.asked == ["leave"] and player.active
    answers.leave = LEAVE
    assert window.close()
    built.bridge.worker.flush()
    found: list[Any] = []
    built.bridge.worker.submit(lambda store: store.interrupted_session(), found.append)
    built.bridge.worker.flush()
    assert found and found[0] is not None, "the session was not left resumable"
    assert found[0].status == "in_progress" and found[0].active_s > 0


def test_a_session_with_skips_and_an_early_end_reads_the_same_everywhere(
        stored, driver_for, save_summary_pdf, tmp_path, capsys, qtbot):
    """Import a history, play today's plan with two skipped exercises and one left
    part-way, end early: end screen, History, CSV export and summary PDF agree."""
    import csv

    from pypdf import PdfReader

    run_cli(capsys, "demo-data", "--weeks", "3", "--data-dir", str(tmp_path))
    exported = tmp_path / "history.csv"
    run_cli(capsys, "export", "--csv", str(exported), "--data-dir", str(tmp_path))
    (tmp_path / "hipcoach.db").unlink()
    run_cli(capsys, "import", "--csv", str(exported), "--data-dir", str(tmp_path))

    built = stored()
    window = built.window
    qtbot.waitUntil(lambda: window.start_view.plan is not None, timeout=15_000)
    window.start_view.select("hip-extension", "foundation")
    qtbot.waitUntil(lambda: window.start_view.plan is not None
                    and window.start_view.plan.program.id == "hip-extension", timeout=15_000)
    window.start_chosen()
    qtbot.waitUntil(lambda: window.player is not None, timeout=10_000)
    player, driver = window.player, driver_for(window)
    assert player.timeline.stage.id == "foundation"
    driver.advance(95)
    window.toggle_pause()
    driver.advance(40)  # paused: not exercise time
    window.toggle_pause()
    window.skip("exercise")  # the exercise under way is left part-way
    driver.advance(12)
    window.skip("exercise")  # two whole exercises skipped
    window.skip("exercise")
    driver.advance(60)
    window.end_session()  # ended early
    assert player.state == "ended"
    qtbot.waitUntil(lambda: "of exercise" in window.end_view.summary.text(), timeout=10_000)
    end_text = window.end_view.summary.text()

    built.bridge.worker.flush()
    answers: list[Any] = []
    built.bridge.worker.submit(lambda store: store.session_detail(built.app.run.session_id),
                               answers.append)
    built.bridge.worker.flush()
    summary = answers[0].summary
    assert summary.status == "abandoned" and summary.skipped_sets >= 2
    assert summary.active_s == pytest_approx(95 + 12 + 60)
    sets, exercised = summary.sets_text(), summary.exercised_text()
    assert f"{exercised} of exercise  ·  {sets}" in end_text
    assert "Skipped: " in end_text

    window.show_history()
    history = window.history
    qtbot.waitUntil(lambda: history.sessions.rowCount() > 0, timeout=10_000)
    row = [history.sessions.item(0, c).text() for c in range(history.sessions.columnCount())]
    assert exercised in row and sets in row

    out = tmp_path / "after.csv"
    run_cli(capsys, "export", "--csv", str(out), "--data-dir", str(tmp_path))
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    mine = [r for r in rows if r.get("session_active_s") not in (None, "")
            and float(r["session_active_s"]) == summary.active_s]
    assert mine, "the session's record is not in the export"
    done_rows = [r for r in mine if r.get("skipped") != "yes"]
    skipped_rows = [r for r in mine if r.get("skipped") == "yes"]
    assert len(done_rows) == summary.done_sets and len(skipped_rows) == summary.skipped_sets
    assert {r["session_planned_sets"] for r in mine} == {str(summary.planned_sets)}

    pdf = save_summary_pdf(window, tmp_path / "summary.pdf")
    assert sets in pdf and exercised in pdf
    # "what changes next time" is today's plan, as the start screen shows it
    plan = built.app.stage_plan()
    assert plan is not None and plan.coached is not None
    for line in plan.coached.plan.lines()[:3]:
        assert " ".join(line.split()) in pdf
    # and the command line prints the same summary
    out = tmp_path / "cli.pdf"
    run_cli(capsys, "report", "--session", "last", "--pdf", str(out), "--data-dir", str(tmp_path))
    cli_text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert sets in cli_text and exercised in cli_text
    for line in plan.coached.plan.lines()[:3]:
        assert " ".join(line.split()) in cli_text


def pytest_approx(value: float):
    import pytest

    return pytest.approx(value, abs=0.01)


def test_a_fresh_start_shows_the_programme_it_plans_from_the_first_frame(window_factory,
                                                                        qtbot, tmp_path):
    """A new user sees the programme the coach will plan selected at once: the start
    screen no longer shows the first one in the list and then jumps to another."""
    built = window_factory(data_dir=tmp_path, record=True, services=False)
    start = built.window.start_view
    assert start.current_program() is not None
    shown = [start.current_program().id]
    start.programs.currentItemChanged.connect(
        lambda *_: shown.append(start.current_program().id))
    start_services(built)
    qtbot.waitUntil(lambda: built.app.planned(), timeout=10_000)
    assert set(shown) == {built.app.plan.program.id} == {"hip-extension"}
    built.close()

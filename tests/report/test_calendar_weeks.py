"""The clinician report's calendar weeks, its figures against the database, function
goals and bad input (crafted histories written with the Store API, real PDFs read back)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest

from hipcoach.coach.function_goals import goal_changes
from hipcoach.domain.function_goals import GoalRating
from hipcoach.report import pdf
from hipcoach.report.clinician import weeks_of
from hipcoach.report.documents import clinician_report, day_bounds
from hipcoach.store.aggregates import weekly_sessions
from hipcoach.store.errors import InvalidEntry, StoreError
from hipcoach.store.function_goals import GoalStore
from hipcoach.store.report_data import range_report
from tests.report.conftest import add_session, bridge, local_at, page_texts

MONDAY = date(2026, 10, 19)  # a Monday


def test_a_monday_session_is_counted_in_its_calendar_week(store):
    # The report starts on a Tuesday: the Monday session before it is not in range, the
    # one on Monday 26 Oct is in the week of 26 Oct, as the charts count it.
    add_session(store, local_at(MONDAY, 7), [bridge(1, 8)])
    add_session(store, local_at(MONDAY + timedelta(days=7), 7), [bridge(1, 9)])
    first, last = MONDAY + timedelta(days=1), MONDAY + timedelta(days=13)
    data = range_report(store, *day_bounds(first, last))
    weeks = weeks_of(data, first, last)
    assert [w.start for w in weeks] == [MONDAY, MONDAY + timedelta(days=7)]
    assert [(w.sessions, w.partial, w.days) for w in weeks] == [(0, True, 6), (1, False, 7)]
    charted = {w.week: w.sessions for w in weekly_sessions(store.engine, *day_bounds(first, last))}
    assert charted == {MONDAY + timedelta(days=7): 1}
    doc = clinician_report(store, first, last)
    # The partial first week is not "a week with no session".
    assert doc.share["summary"]["weeks_with_no_session"] == []
    assert "week of 19 Oct: 20 Oct – 25 Oct 2026 (6 days)" in doc.html  # flagged partial


def test_history_starting_mid_week_has_no_missed_weeks_before_it(store):
    start = date(2025, 12, 3)  # a Wednesday
    for n in range(6):
        add_session(store, local_at(start + timedelta(days=2 * n), 9), [bridge(1, 8 + n)])
    first, last = date(2025, 11, 1), date(2025, 12, 21)
    doc = clinician_report(store, first, last)
    share = doc.share
    assert share["summary"]["weeks_with_no_session"] == ["2025-12-15"]
    assert [w["monday"] for w in share["weeks"]] == ["2025-12-01", "2025-12-08", "2025-12-15"]
    assert share["weeks"][0]["first_day"] == "2025-12-01"
    assert "Weeks with no session 1 (week of 15 Dec)" in " ".join(
        doc.html.replace("</td><td>", " ").split())

    # Every figure against the database itself.
    con = sqlite3.connect(store.engine.url.database)
    sets, reps, tut = con.execute("SELECT count(*), sum(reps), sum(tut_s) FROM sets").fetchone()
    con.close()
    assert (share["summary"]["sets"], share["summary"]["reps"]) == (sets, reps)
    assert share["summary"]["tut_s"] == round(tut, 1)
    assert sum(w["completed"] for w in share["weeks"]) == share["summary"]["sessions"] == 6
    assert share["exercises"][0]["first"]["reps"] == 8
    assert share["exercises"][0]["latest"]["reps"] == 13


def test_the_current_week_is_partial_not_a_collapse(store):
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    add_session(store, local_at(monday - timedelta(days=7), 9), [bridge(1, 8)])
    doc = clinician_report(store, monday - timedelta(days=7), today + timedelta(days=30))
    weeks = doc.share["weeks"]
    assert weeks[-1]["monday"] == monday.isoformat()
    assert weeks[-1]["partial"] is (today.weekday() < 6)
    assert weeks[-1]["last_day"] == today.isoformat()  # days still to come are not covered


def test_names_never_ids(store):
    add_session(store, local_at(MONDAY, 9), [dict(bridge(1, 8), exercise="prone-hip-extension",
                                                  exercise_name="")])
    doc = clinician_report(store, MONDAY, MONDAY + timedelta(days=6))
    assert "prone-hip-extension" not in doc.html
    assert "Prone hip extension" in doc.html


def test_function_goals_are_stored_and_read_against_the_mdc(store):
    goals = GoalStore(store.engine)
    first = local_at(MONDAY, 9)
    goals.save([GoalRating("Walk the dog for 30 min", 3, first, "intake", 1),
                GoalRating("Sit through a film", 5, first, "intake", 2)])
    later = first + timedelta(weeks=3)
    goals.save([GoalRating("walk the dog  for 30 min", 7, later, "retest", 1),
                GoalRating("Sit through a film", 6, later, "retest", 2)])
    with pytest.raises(InvalidEntry, match="0-10"):
        goals.save([GoalRating("Run", 11, later, "retest", 1)])
    ratings = goals.ratings()
    assert len(ratings) == 4
    changes = {c.activity: c for c in goal_changes(ratings)}
    assert changes["walk the dog for 30 min"].change == 4
    assert changes["walk the dog for 30 min"].beyond_mdc  # 4 >= 3
    assert not changes["Sit through a film"].beyond_mdc  # 1 < 3
    assert changes[None].change == pytest.approx(2.5) and changes[None].beyond_mdc  # >= 2
    add_session(store, first, [bridge(1, 8)])
    doc = clinician_report(store, MONDAY, MONDAY + timedelta(weeks=4))
    assert "better by more than the 3-point detectable change" in doc.html
    assert "Stratford" in doc.html
    assert doc.share["function_goals"]["changes"][-1]["beyond_mdc"] is True


@pytest.mark.parametrize("years", [10])
def test_bad_input_gives_a_readable_document(qapp, store, tmp_path, years):
    note = ("<b>bold</b> <script>x</script> " * 200)[:5000]
    rtl = "جسر الأرداف"  # a right-to-left exercise name
    add_session(store, local_at(MONDAY, 9), [dict(bridge(1, 8), exercise_name=rtl, note="x")],
                program=("p", "برنامج", "s", "מרחב"))
    # The app keeps notes to 1000 characters; an older or edited database may not.
    con = sqlite3.connect(store.engine.url.database)
    con.execute("UPDATE sets SET note = ?", (note,))
    con.commit()
    con.close()
    last = MONDAY + timedelta(days=3)
    doc = clinician_report(store, last - timedelta(days=365 * years), last)
    assert "<script>" not in doc.html and "&lt;script&gt;" in doc.html
    assert "characters in all" in doc.html  # the long note is cut, and says so
    assert json.loads(json.dumps(doc.share))["notes"][0]["text"] == note  # whole in JSON
    result = pdf.save_pdf(doc.html, tmp_path / "ten-years.pdf", "A4")
    assert result.pages <= 4
    text = " ".join(page_texts(result.path))
    # Ten years asked, one week of use: nothing before the first session is counted.
    assert "3,651 days; 1 calendar week" in text
    assert "برنامج" in text or "برنامج"[::-1] in text
    empty = clinician_report(store, date(2001, 1, 1), date(2001, 2, 1))
    assert empty.sessions == 0 and "No sessions were recorded" in empty.html
    assert "before the first recorded session" in empty.html  # not "0 calendar weeks"
    with pytest.raises(StoreError, match="before it starts"):
        clinician_report(store, last, last - timedelta(days=1))


def test_a_stage_recorded_under_names_in_two_languages_is_one_stage(store):
    """Sessions keep the names of the language they were done in; the report still counts
    the same programme and stage once, by their ids, under the latest names."""
    from hipcoach.report.clinician import stage_periods

    german = ("hip-extension", "Aufbauprogramm Hüftstreckung", "foundation", "Grundlagen")
    english = ("hip-extension", "Hip extension progression", "foundation", "Foundation")
    add_session(store, local_at(MONDAY, 9), [bridge(1, 8)], program=german)
    add_session(store, local_at(MONDAY + timedelta(days=2), 9), [bridge(1, 8)], program=english)
    data = range_report(store, *day_bounds(MONDAY, MONDAY + timedelta(days=6)))
    (line,) = stage_periods(data)
    assert line.startswith("Hip extension progression · Foundation:") and "2 sessions" in line

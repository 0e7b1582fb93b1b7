"""The HTML and SVG side of the reports: pure Python, checked without Qt."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from hipcoach.domain.entries import Load
from hipcoach.format import duration_text, load_text
from hipcoach.report import charts
from hipcoach.report.clinician import (
    RetestRow,
    clinician_report_html,
    flag_reasons,
    weeks_of,
)
from hipcoach.report.documents import clinician_report, day_bounds, session_summary
from hipcoach.report.paper import paper_for_territory, resolve_paper
from hipcoach.report.programme import programme_outline
from hipcoach.report.session_summary import NOT_AVAILABLE, exercise_lines
from hipcoach.report.text import loads_text
from hipcoach.store.errors import StoreError, UnknownSession
from hipcoach.store.report_data import (
    latest_session_id,
    main_exercise,
    range_report,
    session_report,
)

from .conftest import NASTY_NOTE, add_session, bridge, local_at


def test_building_html_does_not_import_qt():
    code = (
        "import sys\n"
        "import hipcoach.report.documents, hipcoach.commands.report_cmd\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_session_summary_reads_the_known_session(store, known):
    data = session_report(store, known.session_id)
    assert data.main_exercise == "glute-bridge"  # 150 s under tension beats 145 s
    # Eight weeks back: the sessions 5 and 2 weeks before and this one, not 10 weeks before.
    assert [p.session_id for p in data.main_history] == [*known.earlier[1:], known.session_id]
    assert data.main_history[-1].reps == 25
    assert data.main_history[-1].tut_s == 150.0
    assert latest_session_id(store) == known.session_id

    lines = {line.exercise: line for line in exercise_lines(data.detail.sets)}
    assert lines["glute-bridge"].done_text() == "3 × 8, 9, 8 @ 20 kg"
    assert lines["single-leg-bridge"].done_text() == "2 × L 6, 7 / R 8, 8 @ bodyweight"
    assert lines["single-leg-bridge"].sides_text() == "L 13 / R 16"
    assert lines["glute-squeeze"].tempo_text() == "10 s hold"


def test_user_text_is_escaped_and_next_time_is_a_hook(store, known):
    html = session_summary(store, known.session_id).html
    assert NASTY_NOTE not in html
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html
    assert NOT_AVAILABLE in html  # no coach yet: nothing invented

    advice = ["Glute bridge: add 2.5 kg <next time>"]
    html = session_summary(store, known.session_id, next_time=lambda _program: advice).html
    assert NOT_AVAILABLE not in html
    assert "add 2.5 kg &lt;next time&gt;" in html


def test_escaping_covers_names_from_the_database(store):
    evil = "<i>Bridge</i>"
    add_session(store, local_at(date(2025, 3, 3), 9),
                [dict(bridge(1, 8), exercise_name=evil)],
                program=("p-1", "<b>Prog</b>", "s-1", "Stage & co"))
    doc = clinician_report(store, date(2025, 3, 1), date(2025, 3, 31))
    assert "<i>Bridge</i>" not in doc.html and "&lt;i&gt;Bridge&lt;/i&gt;" in doc.html
    assert "<b>Prog</b>" not in doc.html and "Stage &amp; co" in doc.html


def test_unknown_and_missing_sessions(store):
    with pytest.raises(UnknownSession, match="no sessions yet"):
        session_summary(store, None)
    with pytest.raises(UnknownSession, match="no session 999"):
        session_summary(store, 999)


def test_range_report_counts_match_the_database(store, known):
    since, until = day_bounds(date(2025, 1, 1), date(2025, 3, 31))
    ticks = []
    data = range_report(store, since, until, progress=lambda done, total: ticks.append((done, total)))
    assert len(data.sessions) == 4
    assert ticks[-1][0] == ticks[-1][1] == 4  # 90 days in four-week slices
    last = data.sessions[-1]
    assert (last.sets, last.reps, last.tut_s) == (8, 5 + 25 + 29, 50 + 150 + 145)
    assert (last.max_set_pain, last.morning_pain, last.morning_stiffness) == (3, 4, 2)
    assert [n.text for n in data.notes] == [NASTY_NOTE]
    one_leg = next(e for e in data.exercises if e.exercise == "single-leg-bridge")
    assert (one_leg.sets, one_leg.reps_left, one_leg.reps_right) == (2, 13, 16)
    with pytest.raises(StoreError):
        range_report(store, until, since)


def test_flags_and_weeks(store):
    first = date(2025, 3, 3)
    add_session(store, local_at(first, 9), [bridge(1, 8, pain=7)], pain_before=6)
    add_session(store, local_at(first + timedelta(days=2), 9), [bridge(1, 8)],
                status="abandoned", planned_sets=6)
    add_session(store, local_at(first + timedelta(days=3), 9), [bridge(1, 8)], planned_sets=4)
    add_session(store, local_at(first + timedelta(days=15), 9), [bridge(1, 8)],
                morning=(6, None))
    data = range_report(store, *day_bounds(first, first + timedelta(days=20)))
    reasons = [flag_reasons(f, 5) for f in data.sessions]
    assert reasons == [
        ["pain 7/10 during", "pain 6/10 before"],
        ["ended early: 1 of 6 sets, 30:00 exercised"],
        ["ended early: 1 of 4 sets, 30:00 exercised"],
        ["pain 6/10 the next morning"],
    ]
    weeks = weeks_of(data, first, first + timedelta(days=20))
    assert [(w.completed, w.not_completed) for w in weeks] == [(1, 2), (0, 0), (1, 0)]
    html = clinician_report_html(data, first, first + timedelta(days=20))
    assert "Weeks with no session: 10 Mar – 16 Mar 2025." in html
    with_retest = clinician_report_html(data, first, first + timedelta(days=20), retests=[
        RetestRow(first, "Single-leg bridge hold <s>", "28 s", "41 s", "right 13 s longer")])
    assert "Single-leg bridge hold &lt;s&gt;" in with_retest and "41 s" in with_retest
    assert "No re-tests recorded" not in with_retest
    assert "No re-tests recorded in this period." in html
    assert "not a substitute for clinical advice" in html


def test_empty_period_makes_a_sensible_document(store):
    doc = clinician_report(store, date(2024, 1, 1), date(2024, 1, 31))
    assert doc.sessions == 0
    assert "No sessions were recorded between 1 Jan 2024 and 31 Jan 2024." in doc.html
    assert "no current programme to show" in doc.html
    assert "No re-tests recorded in this period." in doc.html
    with pytest.raises(StoreError, match="before it starts"):
        clinician_report(store, date(2024, 2, 1), date(2024, 1, 1))


def test_programme_outline_in_tempo_notation(tmp_path):
    outline = programme_outline("hip-extension", "Hip extension progression", "hinge", "Hip hinge",
                                tmp_path)
    assert outline.problem is None and outline.stage_number == 2
    assert ("Hinge and bridge", "Dowel hip hinge", "3 × 8-12 @ 3-1-2-0") in outline.rows
    missing = programme_outline("gone", "Gone programme", "x", "X", tmp_path)
    assert "no longer installed" in (missing.problem or "")
    assert "(gone)" not in (missing.problem or "")  # a name, never the id
    no_stage = programme_outline("hip-extension", "Hip extension progression", "zzz", "Zzz", tmp_path)
    assert "no longer has a stage" in (no_stage.problem or "")


def test_main_exercise_prefers_time_under_tension_then_reps():
    from hipcoach.domain.entries import LoggedSet

    def logged(exercise: str, reps: int, tut: float | None) -> LoggedSet:
        return LoggedSet(id=1, session_id=1, exercise=exercise, set_no=1, reps=reps, tut_s=tut)

    assert main_exercise([]) is None
    assert main_exercise([logged("a", 10, 30), logged("b", 5, 40)]) == "b"
    assert main_exercise([logged("a", 10, None), logged("b", 12, None)]) == "b"


def test_words_and_numbers():
    assert duration_text(42) == "42 s"
    assert duration_text(250) == "4 min 10 s"
    assert duration_text(3725) == "1 h 02 min"
    assert load_text(Load("band", colour="red")) == "red band"
    assert loads_text([Load("kg", 20.0), Load("kg", 22.5), Load("kg", 22.5)]) == "20 kg → 22.5 kg"


def test_paper_follows_the_setting_then_the_territory():
    assert resolve_paper("A4", "US") == "A4"
    assert resolve_paper("Letter", "DE") == "Letter"
    assert [paper_for_territory(c) for c in ("US", "CA", "MX", "PH", "GB", "DE", None)] == [
        "Letter", "Letter", "Letter", "Letter", "A4", "A4", "A4"]
    assert resolve_paper("auto", "ca") == "Letter"


def test_chart_axes_and_svg():
    assert charts.axis(210) == (250, 50)
    assert charts.axis(6) == (6, 2) or charts.axis(6)[0] >= 6
    assert charts.axis(0) == (1, 1) or charts.axis(0)[0] >= 1
    svg = charts.chart([charts.Panel("T <1>", ["a", "b"], bars=[charts.Series("s", [1, 2])])])
    assert svg.startswith("<svg") and "T &lt;1&gt;" in svg
    empty = charts.chart([charts.Panel("Empty", [], bars=[])])
    assert "No data in this period" in empty


def test_a_summary_in_german_writes_german_dates_numbers_and_loads(store, known):
    from hipcoach import i18n

    i18n.use("de")
    try:
        html = session_summary(store, known.session_id).html
        lines = {line.exercise: line for line in exercise_lines(
            session_report(store, known.session_id).detail.sets)}
        assert lines["single-leg-bridge"].done_text().endswith("@ Körpergewicht")
    finally:
        i18n.use("en")
    assert "12. März 2025" in html  # the session's day, by hand: no de_DE locale needed
    assert "Mi., 12. März 2025" in html
    assert "12 Mar 2025" not in html

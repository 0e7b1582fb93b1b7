"""From the history to a finished HTML document (pure Python, no Qt).

The app and ``hipcoach report`` call these two, then hand ``ReportDocument.html`` to
``hipcoach.report.pdf.save_pdf`` or ``print_preview``:

- ``session_summary(store, session_id, next_time=None)``
- ``clinician_report(store, first_day, last_day, data_dir=..., progress=...)``
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hipcoach.report.clinician import RetestRow, clinician_report_html
from hipcoach.report.programme import programme_outline
from hipcoach.report.session_summary import session_summary_html
from hipcoach.report.text import local
from hipcoach.settings import Settings
from hipcoach.store.entries import SessionSummary
from hipcoach.store.errors import StoreError, UnknownSession
from hipcoach.store.repo import Store
from hipcoach.store.report_data import latest_session_id, range_report, session_report

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ReportDocument:
    title: str
    html: str
    file_name: str  # a suggestion for "Save as PDF", e.g. hipcoach-session-2025-03-05.pdf
    sessions: int  # how many sessions it covers (0: an empty period)


def session_summary(store: Store, session_id: int | None = None, *,
                    next_time: Callable[[str], list[str] | None] | None = None,
                    printed_at: datetime | None = None) -> ReportDocument:
    """The summary of one session (the most recent one when ``session_id`` is None).

    ``next_time(program_id)`` gives today's plan's lines for the session's programme
    (``hipcoach.app.today.next_time_lines``); it is asked only for the most recent
    session, as older ones are not what the next plan follows from. None prints "Not
    available yet". Raises UnknownSession for an id that does not exist (or when there
    are no sessions at all).
    """
    latest = latest_session_id(store)
    if session_id is None:
        session_id = latest
        if session_id is None:
            raise UnknownSession("there are no sessions yet")
    data = session_report(store, session_id)
    lines = None
    if next_time is not None and session_id == latest:
        lines = next_time(data.summary.program_id)
    html = session_summary_html(data, lines, printed_at=printed_at or datetime.now().astimezone())
    day = local(data.summary.started_at).date()
    return ReportDocument(
        title=f"HipCoach session summary, {day.isoformat()}",
        html=html,
        file_name=f"hipcoach-session-{day.isoformat()}-{session_id}.pdf",
        sessions=1,
    )


def day_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """Local midnight at the start of ``first_day`` and after ``last_day`` (aware)."""
    since = datetime.combine(first_day, time()).astimezone()
    until = datetime.combine(last_day + timedelta(days=1), time()).astimezone()
    return since, until


def clinician_report(store: Store, first_day: date, last_day: date, *,
                     data_dir: Path | None = None, settings: Settings | None = None,
                     progress: Progress | None = None,
                     printed_at: datetime | None = None,
                     retests: Sequence[RetestRow] | None = None) -> ReportDocument:
    """The clinician report for ``first_day``..``last_day`` (local dates, inclusive).

    ``data_dir`` is where user programmes live (for the current programme); ``settings``
    gives the pain thresholds; ``progress(done, total)`` follows the reading. ``retests``
    is the hook for the coach's re-tests (None: "No re-tests recorded in this period").
    """
    if last_day < first_day:
        raise StoreError(f"the period ends ({last_day.isoformat()}) before it starts "
                         f"({first_day.isoformat()})")
    settings = settings or Settings()
    since, until = day_bounds(first_day, last_day)
    data = range_report(store, since, until, progress=progress)
    if retests is None:
        from hipcoach.report.retests import retest_rows

        retests = retest_rows(store.engine, since, until) or None
    latest: dict[str, SessionSummary] = {}
    for facts in reversed(data.sessions):  # newest first: the first seen per programme
        latest.setdefault(facts.summary.program_id, facts.summary)
    programmes = [
        (programme_outline(s.program_id, s.program_name, s.stage_id, s.stage_name, data_dir),
         local(s.started_at).date())
        for s in latest.values()
    ]
    safety: list[str] = []
    if data_dir is not None:
        from hipcoach.coach import profile as profile_mod

        safety = profile_mod.safety_lines(profile_mod.load(data_dir).profile, date.today())
    html = clinician_report_html(
        data, first_day, last_day, programmes=programmes,
        pain_green_max=settings.pain_green_max, pain_amber_max=settings.pain_amber_max,
        printed_at=printed_at or datetime.now().astimezone(), retests=retests, safety=safety,
    )
    return ReportDocument(
        title=f"HipCoach clinician report, {first_day.isoformat()} to {last_day.isoformat()}",
        html=html,
        file_name=f"hipcoach-report-{first_day.isoformat()}-to-{last_day.isoformat()}.pdf",
        sessions=len(data.sessions),
    )

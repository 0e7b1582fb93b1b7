"""From the history to a finished HTML document (pure Python, no Qt).

The app and ``hipcoach report`` call these two, then hand ``ReportDocument.html`` to
``hipcoach.report.pdf.save_pdf`` or ``print_preview``:

- ``session_summary(store, session_id, next_time=None)``
- ``clinician_report(store, first_day, last_day, data_dir=..., progress=...)``

The clinician report's ``share`` is the same content as plain data for
``hipcoach report --json`` (``hipcoach.report.share``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hipcoach.coach.safety import Intake
from hipcoach.domain.entries import SessionSummary
from hipcoach.format import local
from hipcoach.i18n import _
from hipcoach.report.clinician import ClinicianContent, RetestRow, clinician_report_html
from hipcoach.report.programme import ProgrammeOutline, programme_outline
from hipcoach.report.session_summary import session_summary_html
from hipcoach.settings import Settings
from hipcoach.store.errors import StoreError, UnknownSession
from hipcoach.store.repo import Store
from hipcoach.store.report_data import (
    RangeReportData,
    latest_session_id,
    range_report,
    session_report,
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ReportDocument:
    title: str
    html: str
    file_name: str  # a suggestion for "Save as PDF", e.g. hipcoach-session-2025-03-05.pdf
    sessions: int  # how many sessions it covers (0: an empty period)
    share: dict[str, Any] | None = None  # the clinician report as JSON-ready data


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
            raise UnknownSession(_("there are no sessions yet"))
    data = session_report(store, session_id)
    lines = None
    if next_time is not None and session_id == latest:
        lines = next_time(data.summary.program_id)
    html = session_summary_html(data, lines, printed_at=printed_at or datetime.now().astimezone())
    day = local(data.summary.started_at).date()
    return ReportDocument(
        title=_("HipCoach session summary, {day}").format(day=day.isoformat()),
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
        raise StoreError(_("the period ends ({last}) before it starts ({first})").format(
            last=last_day.isoformat(), first=first_day.isoformat()))
    settings = settings or Settings()
    since, until = day_bounds(first_day, last_day)
    data = range_report(store, since, until, progress=progress)
    if retests is None:
        from hipcoach.report.retests import retest_rows

        retests = retest_rows(store, since, until) or None
    today = date.today()
    content = ClinicianContent(
        programmes=_programmes(store, data, data_dir, settings),
        pain_green_max=settings.pain_green_max, pain_amber_max=settings.pain_amber_max,
        printed_at=printed_at or datetime.now().astimezone(), retests=retests or (),
        today=today, first_use=_first_use(store),
        goals=tuple(store.goals.ratings(until=until)),
    )
    if data_dir is not None:
        from hipcoach.coach import profile as profile_mod

        profile = profile_mod.load(data_dir).profile
        content.safety = tuple(profile_mod.safety_lines(profile, today))
        content.intake = tuple(intake_pairs(profile.intake))
    content.names = {k: v for outline, _ in content.programmes for k, v in outline.names}
    html = clinician_report_html(
        data, first_day, last_day, programmes=content.programmes,
        pain_green_max=content.pain_green_max, pain_amber_max=content.pain_amber_max,
        printed_at=content.printed_at, retests=content.retests or None,
        safety=content.safety, intake=content.intake, goals=content.goals,
        first_use=content.first_use, today=content.today, names=content.names,
    )
    from hipcoach.report.share import clinician_share

    return ReportDocument(
        title=_("HipCoach clinician report, {first} to {last}").format(
            first=first_day.isoformat(), last=last_day.isoformat()),
        html=html,
        file_name=f"hipcoach-report-{first_day.isoformat()}-to-{last_day.isoformat()}.pdf",
        sessions=len(data.sessions),
        share=clinician_share(data, first_day, last_day, content),
    )


def intake_pairs(intake: Intake) -> list[tuple[str, str]]:
    """The intake answers as (label, words) for the report."""
    from hipcoach.coach.safety import ACTIVITIES, GOALS

    words = {"standing": _("standing"), "walking": _("walking"), "running": _("running"),
             "sitting": _("sitting"), "bending": _("bending"), "lifting": _("lifting")}
    provoking = [words.get(a, a) for a in ACTIVITIES if a in intake.provoking]
    goal = _(GOALS[intake.goal]) if intake.goal in GOALS else intake.goal
    return [
        (_("Brings the pain on"), ", ".join(provoking) if provoking else _("none named")),
        (_("Goal"), goal if intake.goal else _("not given")),
        (_("Usual pain"), _("{pain}/10 on an ordinary day").format(pain=intake.usual_pain)
         if intake.usual_pain is not None else _("not given")),
    ]


def _first_use(store: Store) -> date | None:
    from hipcoach.store.aggregates import history_span

    span = history_span(store.engine)
    return None if span is None else local(span.first).date()


def _programmes(store: Store, data: RangeReportData, data_dir: Path | None,
                settings: Settings) -> list[tuple[ProgrammeOutline, date]]:
    """Each programme of the range at the stage of its latest session, written out as the
    coach will play it next (today's plan, ``hipcoach.app.today.plan_programme``)."""
    latest: dict[str, SessionSummary] = {}
    for facts in reversed(data.sessions):  # newest first: the first seen per programme
        latest.setdefault(facts.summary.program_id, facts.summary)
    if not latest:
        return []
    from hipcoach.app.today import options_for, plan_programme
    from hipcoach.coach.service import gather
    from hipcoach.program.catalog import UnknownProgram, resolve
    from hipcoach.program.loader import ProgramError

    inputs = gather(store, data_dir, settings)
    out = []
    for s in latest.values():
        try:
            today = plan_programme(inputs, resolve(s.program_id, data_dir), options_for(settings))
        except (UnknownProgram, ProgramError, OSError):
            today = None  # programme_outline says why it cannot be written out
        out.append((programme_outline(s.program_id, s.program_name, s.stage_id, s.stage_name,
                                      data_dir, today=today), local(s.started_at).date()))
    return out

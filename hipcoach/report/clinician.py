"""The clinician report for a date range as HTML (pure Python, no Qt).

``clinician_report_html(data, first_day, last_day, programme=...)`` takes what
``hipcoach.store.report_data.range_report`` read. Weeks run from ``first_day`` in
seven-day steps (the last one may be shorter). Nothing is interpreted beyond counting,
averaging and flagging against the pain thresholds of the settings. Sets done, skipped
and not reached and the time exercised are each session's record, worded by the same
functions as every screen (``hipcoach.session.format``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from hipcoach.report import charts
from hipcoach.report.page import (
    CHART_WIDTH,
    Cell,
    document,
    facts,
    h1,
    h2,
    num,
    para,
    para_markup,
    table,
)
from hipcoach.report.programme import ProgrammeOutline
from hipcoach.report.text import (
    DASH,
    DISCLAIMER,
    NONE,
    day_text,
    duration_text,
    esc,
    load_text,
    local,
    pain_text,
    percent,
    period_text,
    plural,
    short_day,
    when_text,
)
from hipcoach.session.format import exercised_text, sets_text
from hipcoach.store.report_data import ExerciseSession, RangeReportData, SessionFacts

RETESTS_NONE = "No re-tests recorded in this period."


@dataclass(frozen=True, slots=True)
class RetestRow:
    """One re-test for the report (the hook for the coach's assessments): the values are
    already words, e.g. left="28 s", right="41 s", result="right side 13 s longer"."""

    day: date
    test: str
    left: str
    right: str
    result: str = ""
MAX_FLAGS = 30
MAX_NOTES = 15


# Figures ----------------------------------------------------------------------------


@dataclass
class Week:
    start: date
    days: int  # 7, or fewer for the last week of the range
    completed: int = 0
    not_completed: int = 0
    reps: int = 0
    tut_s: float = 0.0
    before: list[int] = field(default_factory=list)
    after: list[int] = field(default_factory=list)
    morning: list[int] = field(default_factory=list)
    during: list[int] = field(default_factory=list)

    @property
    def sessions(self) -> int:
        return self.completed + self.not_completed


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def ended_early(f: SessionFacts) -> bool:
    s = f.summary
    return s.status != "completed" or s.not_reached > 0


def weeks_of(data: RangeReportData, first_day: date, last_day: date) -> list[Week]:
    days = (last_day - first_day).days + 1
    weeks = [Week(first_day + timedelta(days=7 * i), min(7, days - 7 * i))
             for i in range(math.ceil(days / 7))]
    for f in data.sessions:
        index = (local(f.summary.started_at).date() - first_day).days // 7
        if not 0 <= index < len(weeks):
            continue
        week = weeks[index]
        if ended_early(f):
            week.not_completed += 1
        else:
            week.completed += 1
        week.reps += f.reps
        week.tut_s += f.tut_s
        for values, value in ((week.before, f.summary.pain_before),
                              (week.after, f.summary.pain_after),
                              (week.morning, f.morning_pain), (week.during, f.max_set_pain)):
            if value is not None:
                values.append(value)
    return weeks


def flag_reasons(f: SessionFacts, pain_limit: int) -> list[str]:
    """Why a session is flagged: pain above the limit, ended early, abandoned."""
    s = f.summary
    reasons = []
    for label, value in (("during", f.max_set_pain), ("before", s.pain_before),
                         ("after", s.pain_after), ("the next morning", f.morning_pain)):
        if value is not None and value > pain_limit:
            reasons.append(f"pain {value}/10 {label}")
    skipped = f" ({'; '.join(k.text() for k in f.skipped)})" if f.skipped else ""
    record = f"{s.sets_text()}{skipped}, {s.exercised_text()} exercised"
    if s.status == "in_progress":
        reasons.append(f"not finished (no end recorded): {record}")
    elif s.status == "abandoned" or s.not_reached:
        reasons.append(f"ended early: {record}")
    elif s.skipped_sets:
        reasons.append(f"sets skipped: {record}")
    return reasons


@dataclass
class ExerciseTrend:
    exercise: str
    name: str
    sessions: list[ExerciseSession]

    @property
    def first(self) -> ExerciseSession:
        return self.sessions[0]

    @property
    def last(self) -> ExerciseSession:
        return self.sessions[-1]

    def loads(self) -> str:
        first, last = load_text(self.first.load), load_text(self.last.load)
        return first if first == last else f"{first} → {last}"

    def reps(self) -> str:
        first, last = self.first.reps, self.last.reps
        return str(first) if len(self.sessions) == 1 else f"{first} → {last}"

    def sides(self) -> tuple[str, str]:
        sided = [s for s in self.sessions if s.reps_left is not None or s.reps_right is not None]
        if not sided:
            return NONE, NONE
        left = sum(s.reps_left or 0 for s in sided)
        right = sum(s.reps_right or 0 for s in sided)

        def ratio(s: ExerciseSession) -> str:
            low, high = sorted((s.reps_left or 0, s.reps_right or 0))
            return percent(low, high)

        trend = ratio(sided[0]) if len(sided) == 1 else f"{ratio(sided[0])} → {ratio(sided[-1])}"
        return f"L {left} / R {right}", trend


def exercise_trends(data: RangeReportData) -> list[ExerciseTrend]:
    groups: dict[str, list[ExerciseSession]] = {}
    for line in data.exercises:
        groups.setdefault(line.exercise, []).append(line)
    return [ExerciseTrend(k, v[-1].exercise_name, v) for k, v in groups.items()]


def stage_periods(data: RangeReportData) -> list[str]:
    """"Hip extension progression · Foundation: 3 Mar – 30 Mar 2025, 14 sessions"."""
    spans: dict[tuple[str, str], list[SessionFacts]] = {}
    for f in data.sessions:
        key = (f.summary.program_name, f.summary.stage_name)
        spans.setdefault(key, []).append(f)
    lines = []
    for (program, stage), group in spans.items():
        first = local(group[0].summary.started_at).date()
        last = local(group[-1].summary.started_at).date()
        when = day_text(first) if first == last else f"{short_day(first)} {DASH} {day_text(last)}"
        lines.append(f"{program} · {stage}: {when}, {plural(len(group), 'session')}")
    return lines


# Charts -----------------------------------------------------------------------------


def _adherence_chart(weeks: list[Week]) -> str:
    labels = [short_day(w.start) for w in weeks]
    panel = charts.Panel(
        title="Sessions per week", labels=labels,
        bars=[charts.Series("completed", [w.completed for w in weeks], charts.BLUE),
              charts.Series("ended early or abandoned", [w.not_completed for w in weeks],
                            charts.ORANGE)],
        empty_text="No sessions in this period",
    )
    return charts.chart([panel], width=CHART_WIDTH, panel_height=130)


def _pain_chart(weeks: list[Week], green_max: int, amber_max: int) -> str:
    labels = [short_day(w.start) for w in weeks]
    panel = charts.Panel(
        title="Pain (0–10), weekly average; highest during a set",
        labels=labels, y_max=10,
        lines=[
            charts.Series("before", [_mean(w.before) for w in weeks], charts.BLUE),
            charts.Series("after", [_mean(w.after) for w in weeks], charts.ORANGE),
            charts.Series("next morning", [_mean(w.morning) for w in weeks], charts.PURPLE),
            charts.Series("highest during", [max(w.during) if w.during else None for w in weeks],
                          "#a02828", dashed=True),
        ],
        zones=[(0, green_max, charts.ZONE_GREEN), (green_max, amber_max, charts.ZONE_AMBER),
               (amber_max, 10, charts.ZONE_RED)],
        empty_text="No pain ratings in this period",
    )
    return charts.chart([panel], width=CHART_WIDTH, panel_height=160)


def _volume_chart(weeks: list[Week]) -> str:
    labels = [short_day(w.start) for w in weeks]
    reps = charts.Panel(title="Reps per week", labels=labels,
                        bars=[charts.Series("", [w.reps for w in weeks], charts.GREEN)])
    tut = charts.Panel(title="Time under tension per week (minutes)", labels=labels,
                       bars=[charts.Series("", [w.tut_s / 60 for w in weeks], charts.BLUE)])
    return charts.chart([reps, tut], width=CHART_WIDTH, panel_height=130, columns=2)


# The document -----------------------------------------------------------------------


def _avg_text(values: Sequence[int]) -> str:
    mean = _mean(values)
    return NONE if mean is None else f"{mean:.1f}"


def clinician_report_html(
    data: RangeReportData, first_day: date, last_day: date, *,
    programmes: Sequence[tuple[ProgrammeOutline, date]] = (), pain_green_max: int = 3,
    pain_amber_max: int = 5, printed_at: datetime | None = None,
    retests: Sequence[RetestRow] | None = None, safety: Sequence[str] = (),
) -> str:
    """The clinician report for ``first_day`` to ``last_day`` (local dates, inclusive).

    ``programmes``: each programme used in the period, at the stage of its most recent
    session, with the day of that session; the most recently used first. ``retests``:
    the re-tests of the period, oldest first (until the coach records them: None, and the
    report says so). ``safety``: the red-flag answers and any clearance, in plain lines.
    """
    days = (last_day - first_day).days + 1
    weeks = weeks_of(data, first_day, last_day)
    sessions = data.sessions
    title = f"HipCoach clinician report, {period_text(first_day, last_day)}"
    printed = f" · printed {day_text(local(printed_at).date())}" if printed_at else ""
    body = [
        h1("Clinician report"),
        para(f"{period_text(first_day, last_day)} ({plural(len(weeks), 'week')}, "
             f"{plural(days, 'day')}){printed}", "subtitle"),
        para(DISCLAIMER, "disclaimer"),
    ]
    if safety:
        body.append(h2("Safety questions"))
        body.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in safety) + "</ul>")

    # Summary
    body.append(h2("Summary"))
    if not sessions:
        body.append(para(f"No sessions were recorded between {day_text(first_day)} and "
                         f"{day_text(last_day)}.", "flag"))
        body.append(para("There is nothing to chart or flag, and no current programme to "
                         "show. Check the dates, or print a period in which sessions were "
                         "recorded.", "muted"))
        body.append(h2("Re-tests (left / right)"))
        body.append(para(RETESTS_NONE, "muted"))
        body.append(para(DISCLAIMER, "disclaimer"))
        return document(title, body)
    completed = sum(1 for f in sessions if f.summary.status == "completed")
    abandoned = sum(1 for f in sessions if f.summary.status == "abandoned")
    unfinished = sum(1 for f in sessions if f.summary.status == "in_progress")
    skipped = [w for w in weeks if w.days == 7 and w.sessions == 0]
    all_pain = [(f.max_set_pain, f) for f in sessions if f.max_set_pain is not None]
    all_pain += [(p, f) for f in sessions
                 for p in (f.summary.pain_before, f.summary.pain_after, f.morning_pain)
                 if p is not None]
    worst = max(all_pain, key=lambda pair: pair[0], default=None)
    status_bits = [f"{completed} completed", f"{abandoned} abandoned"]
    if unfinished:
        status_bits.append(f"{unfinished} not finished")
    skipped_text = NONE if not skipped else (
        f"{len(skipped)} ({', '.join('week of ' + short_day(w.start) for w in skipped[:6])}"
        f"{', …' if len(skipped) > 6 else ''})")
    body.append(facts([
        ("Sessions", f"{len(sessions)} ({', '.join(status_bits)})"),
        ("Per week", f"{len(sessions) / (days / 7):.1f} on average"),
        ("Weeks with no session", skipped_text if sessions else NONE),
        ("Work done", f"{plural(sum(f.sets for f in sessions), 'set')}, "
                      f"{plural(sum(f.reps for f in sessions), 'rep')}, "
                      f"{duration_text(sum(f.tut_s for f in sessions))} under tension"),
        ("Sets", sets_text(sum(f.summary.done_sets for f in sessions),
                           sum(f.summary.planned_sets for f in sessions),
                           sum(f.summary.skipped_sets for f in sessions))),
        ("Time exercised", exercised_text(sum(f.summary.exercised_s or 0.0 for f in sessions))),
        ("Pain, average", f"before {_avg_text([p for w in weeks for p in w.before])} · "
                          f"after {_avg_text([p for w in weeks for p in w.after])} · "
                          f"next morning {_avg_text([p for w in weeks for p in w.morning])}"),
        ("Pain, highest", NONE if worst is None else
         f"{pain_text(worst[0])} on {day_text(local(worst[1].summary.started_at).date())}"),
    ]))

    # Charts
    body.append(h2("Adherence"))
    body.append(charts.img_tag(_adherence_chart(weeks), CHART_WIDTH, 130, "Sessions per week"))
    body.append(h2("Pain trend"))
    body.append(charts.img_tag(_pain_chart(weeks, pain_green_max, pain_amber_max),
                               CHART_WIDTH, 160, "Pain per week"))
    body.append(para(f"Bands: 0–{pain_green_max} green, {pain_green_max + 1}–{pain_amber_max} "
                     f"amber, above {pain_amber_max} red (pain-monitoring model; thresholds "
                     "from the settings).", "small"))
    body.append(h2("Volume and time under tension"))
    body.append(charts.img_tag(_volume_chart(weeks), CHART_WIDTH, 130, "Volume per week"))

    # Loads and variants
    body.append(h2("Loads and variants"))
    stages = stage_periods(data)
    if stages:
        body.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in stages) + "</ul>")
    trends = exercise_trends(data)
    if trends:
        rows = []
        names = [trend.name for trend in trends]
        for trend in trends:
            sides, ratio = trend.sides()
            rows.append([
                trend.name if names.count(trend.name) == 1 else f"{trend.name} ({trend.exercise})",
                num(len(trend.sessions)), num(trend.reps()),
                trend.loads(), sides, ratio,
                num(duration_text(sum(s.tut_s for s in trend.sessions))),
            ])
        body.append(table(
            ["Exercise", Cell("Sessions", css="num", nowrap=True),
             Cell("Reps per session", css="num"), "Load (first → latest)", "Left / right reps",
             "Weaker side", Cell("Under tension", css="num")],
            rows, widths=["24%", "10%", "12%", "16%", "14%", "11%", "13%"]))
        body.append(para("Reps per session and the weaker side (its reps as a share of the "
                         "stronger side's) are shown for the first and the latest session "
                         "with that exercise.", "small"))
    else:
        body.append(para("No sets were logged in this period.", "muted"))

    # Re-tests
    body.append(h2("Re-tests (left / right)"))
    if retests:
        body.append(table(
            ["Date", "Test", "Left", "Right", "Result"],
            ([day_text(r.day), r.test, r.left, r.right, r.result] for r in retests),
            widths=["15%", "31%", "12%", "12%", "30%"]))
    else:
        body.append(para(RETESTS_NONE, "muted"))

    # Flags
    body.append(h2("Flagged sessions"))
    flagged = [(f, flag_reasons(f, pain_amber_max)) for f in sessions]
    flagged = [(f, reasons) for f, reasons in flagged if reasons]
    if flagged:
        shown = flagged[:MAX_FLAGS]
        body.append(table(
            ["Date", "Session", "Why"],
            ([when_text(f.summary.started_at), f"{f.summary.program_name} · {f.summary.stage_name}",
              Cell(markup=esc("; ".join(reasons)), css="")] for f, reasons in shown),
            widths=["26%", "38%", "36%"]))
        if len(flagged) > MAX_FLAGS:
            body.append(para(f"… and {len(flagged) - MAX_FLAGS} more flagged sessions.", "muted"))
    else:
        body.append(para(f"No session had pain above {pain_amber_max}/10, ended early or "
                         "skipped sets.", "muted"))
    if skipped:
        body.append(para("Weeks with no session: " + ", ".join(
            f"{short_day(w.start)} {DASH} {day_text(w.start + timedelta(days=6))}"
            for w in skipped) + "."))

    # Notes
    body.append(h2("Notes"))
    if data.notes:
        recent = list(reversed(data.notes))[:MAX_NOTES]
        if len(data.notes) > MAX_NOTES:
            body.append(para(f"The {MAX_NOTES} most recent of {len(data.notes)} notes.", "muted"))
        body.append(table(
            ["Date", "Exercise", "Note"],
            ([day_text(local(n.performed_at).date()), n.exercise_name, n.text] for n in recent),
            widths=["16%", "26%", "58%"]))
    else:
        body.append(para("No notes in this period.", "muted"))

    # Programme
    body.append(h2("Current programme"))
    if not programmes:
        body.append(para("No sessions in this period, so there is no current programme to "
                         "show.", "muted"))
    for outline, last_day_used in programmes:
        when = f" (as of the most recent session with it, {day_text(last_day_used)})"
        if outline.problem:
            body.append(para(outline.problem + when, "muted"))
            continue
        body.append(para_markup(
            f"<b>{esc(outline.program_name)}</b>, stage {outline.stage_number} of "
            f"{outline.stage_count}: <b>{esc(outline.stage_name)}</b>{esc(when)}"))
        body.append(table(["Phase", "Exercise", "Prescription"],
                          ([phase, name, text] for phase, name, text in outline.rows),
                          widths=["20%", "34%", "46%"]))
    if any(not outline.problem for outline, _ in programmes):
        body.append(para("Prescriptions read sets × reps @ tempo; tempo digits are seconds "
                         "lowering – pause at the bottom – lifting – pause at the top "
                         "(X = explosive).", "small"))
    body.append(para(DISCLAIMER, "disclaimer"))
    return document(title, body)

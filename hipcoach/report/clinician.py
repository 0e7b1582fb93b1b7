"""The clinician report for a date range as HTML (pure Python, no Qt).

``clinician_report_html(data, first_day, last_day, programme=...)`` takes what
``hipcoach.store.report_data.range_report`` read. Weeks are calendar weeks, Monday to
Sunday (``hipcoach.store.aggregates.week_start``, the rule the charts use); a week the
range covers only in part (it starts or ends mid-week, or the week is still going) is
flagged as partial, and weeks before the first session ever are not counted at all.
Nothing is interpreted beyond counting, averaging and flagging against the pain
thresholds of the settings. Sets done, skipped and not reached and the time exercised
are each session's record, worded by the same functions as every screen (``hipcoach.format``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from hipcoach.coach.function_goals import SOURCE as GOALS_SOURCE
from hipcoach.coach.function_goals import GoalChange, goal_changes
from hipcoach.domain.function_goals import GoalRating
from hipcoach.format import (
    DASH,
    NONE,
    day_text,
    distinct_labels,
    duration_text,
    exercise_label,
    exercised_text,
    load_text,
    local,
    number_text,
    period_text,
    sets_text,
    short_day,
    when_text,
)
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
    DISCLAIMER,
    esc,
    pain_text,
    percent,
    plural,
)
from hipcoach.store.aggregates import week_start
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
MAX_NOTES = 8
MAX_REASONS = 3  # the coach's lines printed under the next session
LONG_WEEKS = 16  # longer ranges are summarised (fewer flags and notes listed)
MAX_FLAGS_LONG = 10
MAX_NOTES_LONG = 6
NOTE_CHARS = 300  # a longer note is cut, with its length said
GOALS_NONE = "No function goals rated yet (they are asked at the safety screen and at re-tests)."


# Figures ----------------------------------------------------------------------------


@dataclass
class Week:
    start: date  # the Monday
    first: date  # the first day of it the report covers
    last: date  # the last day of it the report covers
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

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def partial(self) -> bool:
        return self.days < 7

    def label(self) -> str:
        """"19 Oct", with "*" when only part of the week is covered."""
        return short_day(self.start) + ("*" if self.partial else "")

    def span_text(self) -> str:
        return f"{short_day(self.first)} {DASH} {day_text(self.last)}"


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def ended_early(f: SessionFacts) -> bool:
    s = f.summary
    return s.status != "completed" or s.not_reached > 0


def weeks_of(data: RangeReportData, first_day: date, last_day: date, *,
             first_use: date | None = None, today: date | None = None) -> list[Week]:
    """The calendar weeks (Monday to Sunday) of the range with their sessions.

    Weeks before the week of ``first_use`` (the first session ever) are left out, and
    days after ``today`` are not covered, so neither counts as a week without sessions.
    """
    start = first_day
    if first_use is not None:
        start = max(start, week_start(first_use))
    end = last_day if today is None else min(last_day, max(today, start))
    weeks: list[Week] = []
    monday = week_start(start)
    while monday <= end:
        weeks.append(Week(monday, max(monday, start), min(monday + timedelta(days=6), end)))
        monday += timedelta(days=7)
    index = {w.start: w for w in weeks}
    for f in data.sessions:
        week = index.get(week_start(local(f.summary.started_at).date()))
        if week is None:
            continue
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


def _partial(weeks: list[Week]) -> frozenset[int]:
    return frozenset(i for i, w in enumerate(weeks) if w.partial)


def _adherence_chart(weeks: list[Week]) -> str:
    panel = charts.Panel(
        title="Sessions per calendar week", labels=[w.label() for w in weeks],
        bars=[charts.Series("completed", [w.completed for w in weeks], charts.BLUE),
              charts.Series("ended early or abandoned", [w.not_completed for w in weeks],
                            charts.ORANGE)],
        empty_text="No sessions in this period", partial=_partial(weeks),
    )
    return charts.chart([panel], width=CHART_WIDTH, panel_height=130)


def _pain_chart(weeks: list[Week], green_max: int, amber_max: int) -> str:
    panel = charts.Panel(
        title="Pain (0–10), weekly average; highest during a set",
        labels=[w.label() for w in weeks], y_max=10,
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
    labels = [w.label() for w in weeks]
    reps = charts.Panel(title="Reps per week", labels=labels, partial=_partial(weeks),
                        bars=[charts.Series("", [w.reps for w in weeks], charts.GREEN)])
    tut = charts.Panel(title="Time under tension per week (minutes)", labels=labels,
                       partial=_partial(weeks),
                       bars=[charts.Series("", [w.tut_s / 60 for w in weeks], charts.BLUE)])
    return charts.chart([reps, tut], width=CHART_WIDTH, panel_height=130, columns=2)


def _goal_chart(ratings: Sequence[GoalRating]) -> str:
    from hipcoach.coach.function_goals import average, occasions

    groups = occasions(ratings)
    panel = charts.Panel(
        title="Function goals: average rating (0 = unable, 10 = as before)",
        labels=[short_day(local(at).date()) for at, _ in groups], y_max=10,
        lines=[charts.Series("average", [average(items) for _, items in groups], charts.GREEN)],
        empty_text="No ratings yet")
    return charts.chart([panel], width=CHART_WIDTH, panel_height=110)


# The document -----------------------------------------------------------------------


def _avg_text(values: Sequence[int]) -> str:
    mean = _mean(values)
    return NONE if mean is None else number_text(mean, 1, fixed=True)


def name_of(exercise: str, stored: str, names: Mapping[str, str]) -> str:
    """An exercise's name: the programme's, else the one logged; never its id."""
    return exercise_label(exercise, stored, names)


def trend_labels(trends: Sequence[ExerciseTrend], names: Mapping[str, str]) -> list[str]:
    """Names for the table rows; two exercises with one name are told apart by number."""
    return distinct_labels([(t.exercise, t.name) for t in trends], names)


def note_text(text: str) -> str:
    """A note as printed: at most ``NOTE_CHARS`` characters, saying when it was cut."""
    text = " ".join(text.split())
    if len(text) <= NOTE_CHARS:
        return text
    return f"{text[:NOTE_CHARS].rstrip()}… (cut; {len(text):,} characters in all)"


def goal_rows(changes: Sequence[GoalChange]) -> list[list[object]]:
    rows: list[list[object]] = []
    for c in changes:
        rows.append([
            c.activity if c.activity is not None else "Average of the activities",
            num(number_text(c.first, 1, fixed=c.activity is None)),
            num(number_text(c.latest, 1, fixed=c.activity is None)),
            num(number_text(c.change, 1, fixed=c.activity is None, sign=True)),
            c.verdict(),
        ])
    return rows


@dataclass(slots=True)
class ClinicianContent:
    """Everything besides the range's history that the report shows (read by the PDF
    and by the JSON share file alike)."""

    programmes: Sequence[tuple[ProgrammeOutline, date]] = ()
    pain_green_max: int = 3
    pain_amber_max: int = 5
    printed_at: datetime | None = None
    retests: Sequence[RetestRow] = ()
    safety: Sequence[str] = ()
    intake: Sequence[tuple[str, str]] = ()
    goals: Sequence[GoalRating] = ()
    first_use: date | None = None
    today: date | None = None
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Counted:
    """The summary figures, worked out once for the PDF and the JSON share file."""

    weeks: list[Week]
    completed: int
    abandoned: int
    unfinished: int
    missed: list[Week]  # whole weeks (after the first session ever) with no session
    per_week: float | None


def counted(data: RangeReportData, weeks: list[Week]) -> Counted:
    sessions = data.sessions
    days = sum(w.days for w in weeks)
    return Counted(
        weeks=weeks,
        completed=sum(1 for f in sessions if f.summary.status == "completed"),
        abandoned=sum(1 for f in sessions if f.summary.status == "abandoned"),
        unfinished=sum(1 for f in sessions if f.summary.status == "in_progress"),
        missed=[w for w in weeks if not w.partial and w.sessions == 0],
        per_week=len(sessions) / (days / 7) if days else None,
    )


def clinician_report_html(
    data: RangeReportData, first_day: date, last_day: date, *,
    programmes: Sequence[tuple[ProgrammeOutline, date]] = (), pain_green_max: int = 3,
    pain_amber_max: int = 5, printed_at: datetime | None = None,
    retests: Sequence[RetestRow] | None = None, safety: Sequence[str] = (),
    intake: Sequence[tuple[str, str]] = (), goals: Sequence[GoalRating] = (),
    first_use: date | None = None, today: date | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """The clinician report for ``first_day`` to ``last_day`` (local dates, inclusive).

    ``programmes``: each programme used in the period, at the stage of its most recent
    session, with the day of that session; the most recently used first (written out as
    the coach will play it next when the outline is coached). ``retests``: the re-tests
    of the period, oldest first. ``safety``: plain lines; ``intake``: (label, answer) pairs. ``goals``: every
    function-goal rating up to ``last_day``. ``first_use``: the day of the first session
    ever (earlier weeks are not counted as missed). ``names``: exercise id to name.
    """
    names = names or {}
    days = (last_day - first_day).days + 1
    weeks = weeks_of(data, first_day, last_day, first_use=first_use, today=today)
    figures = counted(data, weeks)
    long_range = len(weeks) > LONG_WEEKS
    sessions = data.sessions
    title = f"HipCoach clinician report, {period_text(first_day, last_day)}"
    printed = f" · printed {day_text(local(printed_at).date())}" if printed_at else ""
    body = [
        h1("Clinician report"),
        para(f"{period_text(first_day, last_day)} ({plural(days, 'day')}; "
             + (f"{plural(len(weeks), 'calendar week')}, Monday to Sunday" if weeks else
                "before the first recorded session") + f"){printed}", "subtitle"),
        para(DISCLAIMER, "disclaimer"),
    ]
    body.append(h2("Safety questions and intake"))
    if safety:
        body.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in safety) + "</ul>")
    else:
        body.append(para("The safety questions have not been answered.", "flag"))
    if intake:
        body.append(facts(intake))

    # Summary
    body.append(h2("Summary"))
    if not sessions:
        body.append(para(f"No sessions were recorded between {day_text(first_day)} and "
                         f"{day_text(last_day)}.", "flag"))
        body.append(para("There is nothing to chart or flag, and no current programme to "
                         "show. Check the dates, or print a period in which sessions were "
                         "recorded.", "muted"))
        _goals_section(body, goals)
        body.append(h2("Re-tests (left / right)"))
        body.append(para(RETESTS_NONE, "muted"))
        body.append(para(DISCLAIMER, "disclaimer"))
        return document(title, body)
    all_pain = [(f.max_set_pain, f) for f in sessions if f.max_set_pain is not None]
    all_pain += [(p, f) for f in sessions
                 for p in (f.summary.pain_before, f.summary.pain_after, f.morning_pain)
                 if p is not None]
    worst = max(all_pain, key=lambda pair: pair[0], default=None)
    status_bits = [f"{figures.completed} completed", f"{figures.abandoned} abandoned"]
    if figures.unfinished:
        status_bits.append(f"{figures.unfinished} not finished")
    missed = figures.missed
    missed_text = NONE if not missed else (
        f"{len(missed)} ({', '.join('week of ' + short_day(w.start) for w in missed[:6])}"
        f"{', …' if len(missed) > 6 else ''})")
    partial = [w for w in weeks if w.partial]
    body.append(facts([
        ("Sessions", f"{len(sessions)} ({', '.join(status_bits)})"),
        ("Per week", NONE if figures.per_week is None else
         f"{number_text(figures.per_week, 1, fixed=True)} on average over the days covered"),
        ("Weeks with no session", missed_text),
        ("Partial weeks", NONE if not partial else
         "; ".join(f"week of {short_day(w.start)}: {w.span_text()} ({plural(w.days, 'day')})"
                   for w in partial) + " — marked * and outlined in the charts"),
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
                     "from the settings). Weeks are labelled by their Monday.", "small"))
    body.append(h2("Volume and time under tension"))
    body.append(charts.img_tag(_volume_chart(weeks), CHART_WIDTH, 130, "Volume per week"))

    # Loads and variants
    body.append(h2("Each exercise: load, time under tension, left / right"))
    stages = stage_periods(data)
    if stages:
        body.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in stages) + "</ul>")
    trends = exercise_trends(data)
    if trends:
        rows = []
        for trend, label in zip(trends, trend_labels(trends, names), strict=True):
            sides, ratio = trend.sides()
            rows.append([
                label, num(len(trend.sessions)), num(trend.reps()),
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

    _programme_section(body, programmes, trends, names, first_day)
    _goals_section(body, goals)

    # Re-tests
    body.append(h2("Re-tests (left / right) against their norm bands"))
    if retests:
        body.append(table(
            ["Date", "Test", "Left", "Right", "Result"],
            ([day_text(r.day), r.test, r.left, r.right, r.result] for r in retests),
            widths=["15%", "31%", "12%", "12%", "30%"]))
    else:
        body.append(para(RETESTS_NONE, "muted"))

    # Flags
    body.append(h2("Flagged sessions"))
    most_flags = MAX_FLAGS_LONG if long_range else MAX_FLAGS
    flagged = [(f, flag_reasons(f, pain_amber_max)) for f in sessions]
    flagged = [(f, reasons) for f, reasons in flagged if reasons]
    if flagged:
        shown = flagged[-most_flags:] if long_range else flagged[:most_flags]
        if long_range and len(flagged) > most_flags:
            body.append(para(f"{len(flagged)} sessions were flagged; the {most_flags} most "
                             "recent are listed.", "muted"))
        body.append(table(
            ["Date", "Session", "Why"],
            ([when_text(f.summary.started_at), f"{f.summary.program_name} · {f.summary.stage_name}",
              Cell(markup=esc("; ".join(reasons)), css="")] for f, reasons in shown),
            widths=["26%", "38%", "36%"]))
        if len(flagged) > most_flags and not long_range:
            body.append(para(f"… and {len(flagged) - most_flags} more flagged sessions.", "muted"))
    else:
        body.append(para(f"No session had pain above {pain_amber_max}/10, ended early or "
                         "skipped sets.", "muted"))
    if missed:
        body.append(para("Weeks with no session: " + ", ".join(
            f"{short_day(w.start)} {DASH} {day_text(w.start + timedelta(days=6))}"
            for w in missed[:12]) + (f" and {len(missed) - 12} more" if len(missed) > 12
                                     else "") + "."))

    # Notes
    body.append(h2("Notes"))
    most_notes = MAX_NOTES_LONG if long_range else MAX_NOTES
    if data.notes:
        recent = list(reversed(data.notes))[:most_notes]
        if len(data.notes) > most_notes:
            body.append(para(f"The {most_notes} most recent of {len(data.notes)} notes.", "muted"))
        body.append(table(
            ["Date", "Exercise", "Note"],
            ([day_text(local(n.performed_at).date()), n.exercise_name, note_text(n.text)]
             for n in recent),
            widths=["16%", "26%", "58%"]))
    else:
        body.append(para("No notes in this period.", "muted"))
    body.append(para(DISCLAIMER, "disclaimer"))
    return document(title, body)


def _programme_section(body: list[str], programmes: Sequence[tuple[ProgrammeOutline, date]],
                       trends: Sequence[ExerciseTrend], names: Mapping[str, str],
                       first_day: date) -> None:
    body.append(h2("Next session as the coach will play it"))
    if not programmes:
        body.append(para("No sessions in this period, so there is no current programme to "
                         "show.", "muted"))
    by_name = {name_of(t.exercise, t.name, names): t for t in trends}
    for n, (outline, last_day_used) in enumerate(programmes):
        when = f" (programme last used {day_text(last_day_used)})"
        if n > 0 and not outline.problem:  # only the most recent one in full
            body.append(para(f"Also used: {outline.program_name}, stage "
                             f"{outline.stage_name}{when}.", "muted"))
            continue
        if outline.problem:
            body.append(para(outline.problem + when, "muted"))
            continue
        source = "the coach's prescription" if outline.coached else "as written in the file"
        body.append(para_markup(
            f"<b>{esc(outline.program_name)}</b>, stage {outline.stage_number} of "
            f"{outline.stage_count}: <b>{esc(outline.stage_name)}</b>{esc(when)} — "
            f"{esc(source)}"))
        rows = []
        for phase, name, text in outline.rows:
            trend = by_name.get(name)
            since = NONE if trend is None else (
                f"{plural(trend.first.sets, 'set')}, {plural(trend.first.reps, 'rep')}, "
                f"{load_text(trend.first.load)}")
            rows.append([phase, name, text, since])
        body.append(table(["Phase", "Exercise", "Next time", f"First in range (from {short_day(first_day)})"],
                          rows, widths=["16%", "26%", "34%", "24%"]))
        reasons = [r for r in outline.reasons if "as written" not in r]
        if reasons:
            more = len(reasons) - MAX_REASONS
            body.append(para("Why: " + " · ".join(reasons[:MAX_REASONS])
                             + (f" · and {more} more (hipcoach next)" if more > 0 else ""),
                             "small"))
    if any(not outline.problem for outline, _ in programmes):
        body.append(para("Next time reads sets × reps @ tempo, then the load; tempo digits are "
                         "seconds lowering – pause at the bottom – lifting – pause at the top "
                         "(X = explosive). First in range: that exercise's first session in "
                         "the period (all sides added up).", "small"))


def _goals_section(body: list[str], goals: Sequence[GoalRating]) -> None:
    body.append(h2("Function goals"))
    if not goals:
        body.append(para(GOALS_NONE, "muted"))
        return
    changes = goal_changes(goals)
    body.append(table(
        ["Activity (the user's words)", Cell("First", css="num"), Cell("Latest", css="num"),
         Cell("Change", css="num"), "Reading"],
        goal_rows(changes), widths=["36%", "9%", "9%", "10%", "36%"]))
    if len({g.rated_at for g in goals}) > 1:
        body.append(charts.img_tag(_goal_chart(goals), CHART_WIDTH, 110, "Function goals"))
    body.append(para("Each activity is rated 0 (unable) to 10 (as before the back trouble) at "
                     "intake and at each re-test. A change is read against the minimal "
                     f"detectable change: {GOALS_SOURCE}.", "small"))

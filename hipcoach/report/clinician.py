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
from hipcoach.i18n import N_, _, ngettext
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
)
from hipcoach.store.aggregates import week_start
from hipcoach.store.report_data import ExerciseSession, RangeReportData, SessionFacts

RETESTS_NONE = N_("No re-tests recorded in this period.")


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
GOALS_NONE = N_("No function goals rated yet (they are asked at the safety screen and at "
                "re-tests).")


def _count(n: int, text: str) -> str:
    """"1 set", "1,204 reps": an ``ngettext`` text, the count written by ``number_text``."""
    return text.format(n=number_text(n, grouped=True))


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
    for text, value in ((_("pain {value}/10 during"), f.max_set_pain),
                        (_("pain {value}/10 before"), s.pain_before),
                        (_("pain {value}/10 after"), s.pain_after),
                        (_("pain {value}/10 the next morning"), f.morning_pain)):
        if value is not None and value > pain_limit:
            reasons.append(text.format(value=value))
    skipped = f" ({'; '.join(k.text() for k in f.skipped)})" if f.skipped else ""
    record = _("{sets}{skipped}, {time} exercised").format(
        sets=s.sets_text(), skipped=skipped, time=s.exercised_text())
    if s.status == "in_progress":
        reasons.append(_("not finished (no end recorded): {record}").format(record=record))
    elif s.status == "abandoned" or s.not_reached:
        reasons.append(_("ended early: {record}").format(record=record))
    elif s.skipped_sets:
        reasons.append(_("sets skipped: {record}").format(record=record))
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
    for f in data.sessions:  # by id: a name recorded in another language is the same stage
        key = (f.summary.program_id, f.summary.stage_id)
        spans.setdefault(key, []).append(f)
    lines = []
    for group in spans.values():
        program, stage = group[-1].summary.program_name, group[-1].summary.stage_name
        first = local(group[0].summary.started_at).date()
        last = local(group[-1].summary.started_at).date()
        when = day_text(first) if first == last else f"{short_day(first)} {DASH} {day_text(last)}"
        lines.append(f"{program} · {stage}: {when}, "
                     + _count(len(group), ngettext("{n} session", "{n} sessions",
                                                   len(group))))
    return lines


# Charts -----------------------------------------------------------------------------


def _partial(weeks: list[Week]) -> frozenset[int]:
    return frozenset(i for i, w in enumerate(weeks) if w.partial)


def _adherence_chart(weeks: list[Week]) -> str:
    panel = charts.Panel(
        title=_("Sessions per calendar week"), labels=[w.label() for w in weeks],
        bars=[charts.Series(_("completed"), [w.completed for w in weeks], charts.BLUE),
              charts.Series(_("ended early or abandoned"), [w.not_completed for w in weeks],
                            charts.ORANGE)],
        empty_text=_("No sessions in this period"), partial=_partial(weeks),
    )
    return charts.chart([panel], width=CHART_WIDTH, panel_height=130)


def _pain_chart(weeks: list[Week], green_max: int, amber_max: int) -> str:
    panel = charts.Panel(
        title=_("Pain (0–10), weekly average; highest during a set"),
        labels=[w.label() for w in weeks], y_max=10,
        lines=[
            charts.Series(_("before"), [_mean(w.before) for w in weeks], charts.BLUE),
            charts.Series(_("after"), [_mean(w.after) for w in weeks], charts.ORANGE),
            charts.Series(_("next morning"), [_mean(w.morning) for w in weeks], charts.PURPLE),
            charts.Series(_("highest during"),
                          [max(w.during) if w.during else None for w in weeks],
                          "#a02828", dashed=True),
        ],
        zones=[(0, green_max, charts.ZONE_GREEN), (green_max, amber_max, charts.ZONE_AMBER),
               (amber_max, 10, charts.ZONE_RED)],
        empty_text=_("No pain ratings in this period"),
    )
    return charts.chart([panel], width=CHART_WIDTH, panel_height=160)


def _volume_chart(weeks: list[Week]) -> str:
    labels = [w.label() for w in weeks]
    reps = charts.Panel(title=_("Reps per week"), labels=labels, partial=_partial(weeks),
                        bars=[charts.Series("", [w.reps for w in weeks], charts.GREEN)])
    tut = charts.Panel(title=_("Time under tension per week (minutes)"), labels=labels,
                       partial=_partial(weeks),
                       bars=[charts.Series("", [w.tut_s / 60 for w in weeks], charts.BLUE)])
    return charts.chart([reps, tut], width=CHART_WIDTH, panel_height=130, columns=2)


def _goal_chart(ratings: Sequence[GoalRating]) -> str:
    from hipcoach.coach.function_goals import average, occasions

    groups = occasions(ratings)
    panel = charts.Panel(
        title=_("Function goals: average rating (0 = unable, 10 = as before)"),
        labels=[short_day(local(at).date()) for at, _items in groups], y_max=10,
        lines=[charts.Series(_("average"), [average(items) for _at, items in groups],
                             charts.GREEN)],
        empty_text=_("No ratings yet"))
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
    return _("{text}… (cut; {n} characters in all)").format(
        text=text[:NOTE_CHARS].rstrip(), n=number_text(len(text), grouped=True))


def goal_rows(changes: Sequence[GoalChange]) -> list[list[object]]:
    rows: list[list[object]] = []
    for c in changes:
        rows.append([
            c.activity if c.activity is not None else _("Average of the activities"),
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
    title = _("HipCoach clinician report, {period}").format(period=period_text(first_day, last_day))
    printed = (_(" · printed {day}").format(day=day_text(local(printed_at).date()))
               if printed_at else "")
    span = (_count(len(weeks), ngettext("{n} calendar week, Monday to Sunday",
                                        "{n} calendar weeks, Monday to Sunday", len(weeks)))
            if weeks else
            _("before the first recorded session"))
    body = [
        h1(_("Clinician report")),
        para(_("{period} ({days}; {span}){printed}").format(
            period=period_text(first_day, last_day),
            days=_count(days, ngettext("{n} day", "{n} days", days)),
            span=span, printed=printed), "subtitle"),
        para(_(DISCLAIMER), "disclaimer"),
    ]
    body.append(h2(_("Safety questions and intake")))
    if safety:
        body.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in safety) + "</ul>")
    else:
        body.append(para(_("The safety questions have not been answered."), "flag"))
    if intake:
        body.append(facts(intake))

    # Summary
    body.append(h2(_("Summary")))
    if not sessions:
        body.append(para(_("No sessions were recorded between {first} and {last}.").format(
            first=day_text(first_day), last=day_text(last_day)), "flag"))
        body.append(para(_("There is nothing to chart or flag, and no current programme to "
                           "show. Check the dates, or print a period in which sessions were "
                           "recorded."), "muted"))
        _goals_section(body, goals)
        body.append(h2(_("Re-tests (left / right)")))
        body.append(para(_(RETESTS_NONE), "muted"))
        body.append(para(_(DISCLAIMER), "disclaimer"))
        return document(title, body)
    all_pain = [(f.max_set_pain, f) for f in sessions if f.max_set_pain is not None]
    all_pain += [(p, f) for f in sessions
                 for p in (f.summary.pain_before, f.summary.pain_after, f.morning_pain)
                 if p is not None]
    worst = max(all_pain, key=lambda pair: pair[0], default=None)
    status_bits = [_("{n} completed").format(n=figures.completed),
                   _("{n} abandoned").format(n=figures.abandoned)]
    if figures.unfinished:
        status_bits.append(_("{n} not finished").format(n=figures.unfinished))
    missed = figures.missed
    missed_text = NONE if not missed else (
        f"{len(missed)} ({', '.join(_('week of {day}').format(day=short_day(w.start)) for w in missed[:6])}"
        f"{', …' if len(missed) > 6 else ''})")
    partial = [w for w in weeks if w.partial]
    set_total, rep_total = sum(f.sets for f in sessions), sum(f.reps for f in sessions)
    body.append(facts([
        (_("Sessions"), f"{len(sessions)} ({', '.join(status_bits)})"),
        (_("Per week"), NONE if figures.per_week is None else
         _("{n} on average over the days covered").format(
             n=number_text(figures.per_week, 1, fixed=True))),
        (_("Weeks with no session"), missed_text),
        (_("Partial weeks"), NONE if not partial else
         _("{weeks} — marked * and outlined in the charts").format(weeks="; ".join(
             _("week of {day}: {span} ({days})").format(
                 day=short_day(w.start), span=w.span_text(),
                 days=_count(w.days, ngettext("{n} day", "{n} days", w.days))) for w in partial))),
        (_("Work done"), _("{sets}, {reps}, {time} under tension").format(
            sets=_count(set_total, ngettext("{n} set", "{n} sets", set_total)),
            reps=_count(rep_total, ngettext("{n} rep", "{n} reps", rep_total)),
            time=duration_text(sum(f.tut_s for f in sessions)))),
        (_("Sets"), sets_text(sum(f.summary.done_sets for f in sessions),
                              sum(f.summary.planned_sets for f in sessions),
                              sum(f.summary.skipped_sets for f in sessions))),
        (_("Time exercised"),
         exercised_text(sum(f.summary.exercised_s or 0.0 for f in sessions))),
        (_("Pain, average"), _("before {before} · after {after} · next morning {morning}").format(
            before=_avg_text([p for w in weeks for p in w.before]),
            after=_avg_text([p for w in weeks for p in w.after]),
            morning=_avg_text([p for w in weeks for p in w.morning]))),
        (_("Pain, highest"), NONE if worst is None else _("{pain} on {day}").format(
            pain=pain_text(worst[0]), day=day_text(local(worst[1].summary.started_at).date()))),
    ]))

    # Charts
    body.append(h2(_("Adherence")))
    body.append(charts.img_tag(_adherence_chart(weeks), CHART_WIDTH, 130, _("Sessions per week")))
    body.append(h2(_("Pain trend")))
    body.append(charts.img_tag(_pain_chart(weeks, pain_green_max, pain_amber_max),
                               CHART_WIDTH, 160, _("Pain per week")))
    body.append(para(_("Bands: 0–{green} green, {amber_low}–{amber} amber, above {amber} red "
                       "(pain-monitoring model; thresholds from the settings). Weeks are "
                       "labelled by their Monday.").format(
                           green=pain_green_max, amber_low=pain_green_max + 1,
                           amber=pain_amber_max), "small"))
    body.append(h2(_("Volume and time under tension")))
    body.append(charts.img_tag(_volume_chart(weeks), CHART_WIDTH, 130, _("Volume per week")))

    # Loads and variants
    body.append(h2(_("Each exercise: load, time under tension, left / right")))
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
            [_("Exercise"), Cell(_("Sessions"), css="num", nowrap=True),
             Cell(_("Reps per session"), css="num"), _("Load (first → latest)"),
             _("Left / right reps"), _("Weaker side"), Cell(_("Under tension"), css="num")],
            rows, widths=["21%", "11%", "12%", "15%", "13%", "15%", "13%"]))
        body.append(para(_("Reps per session and the weaker side (its reps as a share of the "
                           "stronger side's) are shown for the first and the latest session "
                           "with that exercise."), "small"))
    else:
        body.append(para(_("No sets were logged in this period."), "muted"))

    _programme_section(body, programmes, trends, names, first_day)
    _goals_section(body, goals)

    # Re-tests
    body.append(h2(_("Re-tests (left / right) against their norm bands")))
    if retests:
        body.append(table(
            [_("Date"), _("Test"), _("Left"), _("Right"), _("Result")],
            ([day_text(r.day), r.test, r.left, r.right, r.result] for r in retests),
            widths=["15%", "31%", "12%", "12%", "30%"]))
    else:
        body.append(para(_(RETESTS_NONE), "muted"))

    # Flags
    body.append(h2(_("Flagged sessions")))
    most_flags = MAX_FLAGS_LONG if long_range else MAX_FLAGS
    flagged = [(f, flag_reasons(f, pain_amber_max)) for f in sessions]
    flagged = [(f, reasons) for f, reasons in flagged if reasons]
    if flagged:
        shown = flagged[-most_flags:] if long_range else flagged[:most_flags]
        if long_range and len(flagged) > most_flags:
            body.append(para(_("{n} sessions were flagged; the {most} most recent are "
                               "listed.").format(n=len(flagged), most=most_flags), "muted"))
        body.append(table(
            [_("Date"), _("Session"), _("Why")],
            ([when_text(f.summary.started_at), f"{f.summary.program_name} · {f.summary.stage_name}",
              Cell(markup=esc("; ".join(reasons)), css="")] for f, reasons in shown),
            widths=["26%", "38%", "36%"]))
        if len(flagged) > most_flags and not long_range:
            body.append(para(_("… and {n} more flagged sessions.").format(
                n=len(flagged) - most_flags), "muted"))
    else:
        body.append(para(_("No session had pain above {limit}/10, ended early or "
                           "skipped sets.").format(limit=pain_amber_max), "muted"))
    if missed:
        spans = ", ".join(f"{short_day(w.start)} {DASH} {day_text(w.start + timedelta(days=6))}"
                          for w in missed[:12])
        if len(missed) > 12:
            text = _("Weeks with no session: {weeks} and {n} more.")
        else:
            text = _("Weeks with no session: {weeks}.")
        body.append(para(text.format(weeks=spans, n=len(missed) - 12)))

    # Notes
    body.append(h2(_("Notes")))
    most_notes = MAX_NOTES_LONG if long_range else MAX_NOTES
    if data.notes:
        recent = list(reversed(data.notes))[:most_notes]
        if len(data.notes) > most_notes:
            body.append(para(_("The {most} most recent of {n} notes.").format(
                most=most_notes, n=len(data.notes)), "muted"))
        body.append(table(
            [_("Date"), _("Exercise"), _("Note")],
            ([day_text(local(n.performed_at).date()), n.exercise_name, note_text(n.text)]
             for n in recent),
            widths=["16%", "26%", "58%"]))
    else:
        body.append(para(_("No notes in this period."), "muted"))
    body.append(para(_(DISCLAIMER), "disclaimer"))
    return document(title, body)


def _programme_section(body: list[str], programmes: Sequence[tuple[ProgrammeOutline, date]],
                       trends: Sequence[ExerciseTrend], names: Mapping[str, str],
                       first_day: date) -> None:
    body.append(h2(_("Next session as the coach will play it")))
    if not programmes:
        body.append(para(_("No sessions in this period, so there is no current programme to "
                           "show."), "muted"))
    by_name = {name_of(t.exercise, t.name, names): t for t in trends}
    for n, (outline, last_day_used) in enumerate(programmes):
        when = _(" (programme last used {day})").format(day=day_text(last_day_used))
        if n > 0 and not outline.problem:  # only the most recent one in full
            body.append(para(_("Also used: {program}, stage {stage}{when}.").format(
                program=outline.program_name, stage=outline.stage_name, when=when), "muted"))
            continue
        if outline.problem:
            body.append(para(outline.problem + when, "muted"))
            continue
        source = _("the coach's prescription") if outline.coached else _("as written in the file")
        body.append(para_markup(_(
            "<b>{program}</b>, stage {number} of {count}: <b>{stage}</b>{when} — {source}").format(
                program=esc(outline.program_name), number=outline.stage_number,
                count=outline.stage_count, stage=esc(outline.stage_name), when=esc(when),
                source=esc(source))))
        rows = []
        for phase, name, text in outline.rows:
            trend = by_name.get(name)
            since = NONE if trend is None else (
                _count(trend.first.sets, ngettext("{n} set", "{n} sets", trend.first.sets))
                + ", " + _count(trend.first.reps, ngettext("{n} rep", "{n} reps", trend.first.reps))
                + ", " + load_text(trend.first.load))
            rows.append([phase, name, text, since])
        body.append(table([_("Phase"), _("Exercise"), _("Next time"),
                           _("First in range (from {day})").format(day=short_day(first_day))],
                          rows, widths=["16%", "26%", "34%", "24%"]))
        reasons = [r for r in outline.reasons if _("as written") not in r]
        if reasons:
            more = len(reasons) - MAX_REASONS
            shown = " · ".join(reasons[:MAX_REASONS])
            text = (_("Why: {reasons} · and {more} more (hipcoach next)") if more > 0
                    else _("Why: {reasons}"))
            body.append(para(text.format(reasons=shown, more=more), "small"))
    if any(not outline.problem for outline, _date in programmes):
        body.append(para(_("Next time reads sets × reps @ tempo, then the load; tempo digits "
                           "are seconds lowering – pause at the bottom – lifting – pause at the "
                           "top (X = explosive). First in range: that exercise's first session "
                           "in the period (all sides added up)."), "small"))


def _goals_section(body: list[str], goals: Sequence[GoalRating]) -> None:
    body.append(h2(_("Function goals")))
    if not goals:
        body.append(para(_(GOALS_NONE), "muted"))
        return
    changes = goal_changes(goals)
    body.append(table(
        [_("Activity (the user's words)"), Cell(_("First"), css="num"),
         Cell(_("Latest"), css="num"), Cell(_("Change"), css="num"), _("Reading")],
        goal_rows(changes), widths=["36%", "9%", "9%", "10%", "36%"]))
    if len({g.rated_at for g in goals}) > 1:
        body.append(charts.img_tag(_goal_chart(goals), CHART_WIDTH, 110, _("Function goals")))
    body.append(para(_("Each activity is rated 0 (unable) to 10 (as before the back trouble) at "
                       "intake and at each re-test. A change is read against the minimal "
                       "detectable change: {source}.").format(source=_(GOALS_SOURCE)), "small"))

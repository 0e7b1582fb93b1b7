"""What each chart shows, as plain data: panels of series, reference lines and bands.

``build_chart(bind, options)`` runs the aggregation queries (``hipcoach.store.aggregates``)
for one chart kind and range and returns a ``Chart``; ``hipcoach.ui.charts.render`` turns that into
pyqtgraph items. Neither Qt nor pyqtgraph is imported here, so the same description
serves the window, the PNG/SVG export and the tests.

x values are epoch seconds (what pyqtgraph's DateAxisItem reads). Weekly values sit at
the middle of their (local, Monday-first) week. Lines never bridge a gap of more than
``GAP_DAYS`` days without training: the line breaks there, so a pause reads as a pause.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from hipcoach import format as fmt
from hipcoach.charts.kinds import (
    DEFAULT_RANGE,
    DEFAULT_TARGET,
    EMPTY_HISTORY,
    KIND_TITLES,
    KINDS,
    NO_GOALS,
    NO_RETESTS,
    RANGE_LABELS,
    RANGES,
    Kind,
)
from hipcoach.domain.entries import BAND_ORDER, LB_PER_KG, PHASE_KINDS
from hipcoach.format import (
    distinct_labels,
    duration_text,
    load_text,
    week_text,
    weekday_text,
)
from hipcoach.i18n import N_, _, ngettext
from hipcoach.store import aggregates as agg

if TYPE_CHECKING:
    from hipcoach.store.aggregates import Bind, ExerciseInfo, HistorySpan

GAP_DAYS = 28
WEEKLY_AFTER_WEEKS = 60  # pain and effort per week (not per session) beyond this range
WEEK_S = 7 * 86400.0
BAR_FRACTION = 0.8
MAX_STACKS = 7  # exercises drawn one by one; the rest are summed into "other exercises"
MAX_LOAD_PANELS = 4  # "All exercises" on the load chart: one small panel per exercise
PHASE_ORDER = (*PHASE_KINDS, agg.NO_PHASE)
OTHER = "other-exercises"
OTHER_STYLE = 7  # the last pen: "other exercises" and anything unknown
AVERAGE_STYLE = 6  # the text colour in both palettes: the function-goal average

SeriesKind = Literal["bars", "line", "points", "step"]


class Texts(Sequence[str]):
    """Hover texts made on demand: thousands of points cost nothing until pointed at."""

    __slots__ = ("_count", "_make")

    def __init__(self, count: int, make: Callable[[int], str]) -> None:
        self._count = count
        self._make = make

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]  # type: ignore[return-value]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._make(index)
Tone = Literal["green", "amber", "red"]


@dataclass(slots=True)
class Series:
    """One legend entry: bars (``y0`` the base of each stacked bar) or a line of points."""

    key: str
    label: str
    kind: SeriesKind
    x: list[float]
    y: list[float]
    style: int = 0
    hover: Sequence[str] = field(default_factory=list)
    y0: list[float] | None = None
    width: float | None = None
    connect: list[bool] | None = None  # line: point i joins point i+1
    faded: list[bool] | None = None  # bars drawn pale (e.g. a week short of the target)
    partial: list[bool] | None = None  # bars of a week still going: outlined, not filled
    emphasis: list[int] = field(default_factory=list)  # points drawn larger (changes)


@dataclass(frozen=True, slots=True)
class RefLine:
    value: float
    label: str
    dashed: bool = True


@dataclass(frozen=True, slots=True)
class Band:
    low: float
    high: float
    label: str
    tone: Tone


@dataclass(slots=True)
class Panel:
    y_label: str
    series: list[Series] = field(default_factory=list)
    hlines: list[RefLine] = field(default_factory=list)
    vlines: list[RefLine] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    y_range: tuple[float, float] | None = None
    y_ticks: list[tuple[float, str]] | None = None
    message: str | None = None  # shown across the panel when it has nothing to draw
    height: int = 3  # relative height when a chart has several panels


@dataclass(slots=True)
class Chart:
    kind: str
    title: str
    subtitle: str = ""
    panels: list[Panel] = field(default_factory=list)
    x_range: tuple[float, float] = (0.0, 1.0)
    empty: str | None = None  # no history at all: the whole chart is this message
    exercise: str | None = None  # the exercise drawn, for charts about one exercise

    def series(self) -> dict[str, Series]:
        return {s.key: s for p in self.panels for s in p.series}


@dataclass(frozen=True, slots=True)
class Options:
    kind: str = "volume"
    range_key: str = DEFAULT_RANGE
    exercise: str | None = None  # None: all exercises
    group: agg.GroupBy = "phase"
    target: int = DEFAULT_TARGET
    pain_limits: tuple[int, int] = (3, 5)  # the user's green and amber maxima


@dataclass(frozen=True, slots=True)
class Window:
    since: datetime
    until: datetime
    weeks: list[date]

    @property
    def x_range(self) -> tuple[float, float]:
        return self.since.timestamp(), self.until.timestamp()


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day).astimezone()


def window(range_key: str, now: datetime, span: HistorySpan | None) -> Window:
    """Whole local weeks: the last N ending with the current week, or all of history."""
    if range_key not in RANGES:
        raise ValueError(f"unknown range {range_key!r}; expected one of {', '.join(RANGES)}")
    this_week = agg.week_start(now)
    last = this_week
    if span is not None:
        last = max(last, agg.week_start(datetime.fromtimestamp(span.last_at, UTC)))
    count = RANGES[range_key]
    if count is None:
        first = agg.week_start(span.first) if span is not None else this_week
        first = min(first, this_week)
    else:
        first = this_week - timedelta(weeks=count - 1)
        last = this_week
    weeks = []
    monday = first
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return Window(_local_midnight(first), _local_midnight(last + timedelta(days=7)), weeks)


def series_style(key: str, exercises: Sequence[ExerciseInfo]) -> int:
    """The one mapping from a phase or an exercise to its pen (colour, marker, dash).

    A phase has a fixed pen by its place in the programme order; an exercise by its place
    among every exercise ever logged (id order), so the same exercise keeps its pen on
    every range, every chart and in both palettes (the palettes differ in hue, not order).
    """
    if key in PHASE_ORDER:
        return PHASE_ORDER.index(key)
    ids = sorted(e.id for e in exercises)
    if key in ids:
        return ids.index(key) % OTHER_STYLE
    return OTHER_STYLE


# Formatting --------------------------------------------------------------------------


def point_day_text(at: float | date) -> str:
    """The day of a point (epoch seconds, local) with its weekday: "Wed 29 May 2024"."""
    return weekday_text(at if isinstance(at, date) else datetime.fromtimestamp(at).date())


def number_text(value: float) -> str:
    return fmt.number_text(value, places=1)


def week_centre(monday: date) -> float:
    return agg.week_epoch(monday) + WEEK_S / 2


def gap_connect(xs: Sequence[float], gap_days: float = GAP_DAYS) -> list[bool]:
    """Join each point to the next unless they are more than ``gap_days`` apart."""
    limit = gap_days * 86400.0
    return [i + 1 < len(xs) and xs[i + 1] - xs[i] <= limit for i in range(len(xs))]


def week_connect(weeks: Sequence[date]) -> list[bool]:
    """Join weekly points only across consecutive weeks (a missing week breaks the line)."""
    return [i + 1 < len(weeks) and (weeks[i + 1] - weeks[i]).days == 7
            for i in range(len(weeks))]


# The charts ------------------------------------------------------------------------------


@dataclass(slots=True)
class Context:
    """What every chart needs: the database, the range and the exercises in history."""

    bind: Bind
    options: Options
    now: datetime
    span: HistorySpan | None
    exercises: list[ExerciseInfo]
    window: Window

    @property
    def since(self) -> datetime:
        return self.window.since

    @property
    def until(self) -> datetime:
        return self.window.until

    def week(self, monday: date) -> str:
        """``week_text``, marked when it is the week still going."""
        so_far = (" " + _("(so far: {days} of 7 days)").format(days=self.days_so_far())
                  if monday == agg.week_start(self.now) else "")
        return week_text(monday) + so_far

    def name(self, exercise: str) -> str:
        """Its name (two exercises with one name numbered), never its id."""
        labels = distinct_labels([(e.id, e.name) for e in self.exercises])
        for info, label in zip(self.exercises, labels, strict=True):
            if info.id == exercise:
                return label
        return distinct_labels([(exercise, None)])[0]

    def style(self, key: str) -> int:
        return series_style(key, self.exercises)

    def partial_weeks(self, weeks: Sequence[date]) -> list[bool]:
        """The week still going is drawn as partial (outlined), not as a drop."""
        this_week = agg.week_start(self.now)
        return [w == this_week for w in weeks]

    def days_so_far(self) -> int:
        return self.now.astimezone().weekday() + 1

    def info(self, exercise: str | None) -> ExerciseInfo | None:
        return next((e for e in self.exercises if e.id == exercise), None)


def _volume(ctx: Context, tut: bool) -> Chart:
    options = ctx.options
    by: agg.GroupBy = "exercise" if options.exercise is not None else options.group
    rows = agg.weekly_volume(ctx.bind, ctx.since, ctx.until, by=by, exercise=options.exercise)
    value: Callable[[agg.WeekVolume], float] = (
        (lambda r: r.tut_s / 60.0) if tut else (lambda r: float(r.reps)))
    unit = "min" if tut else _("reps")
    weeks = ctx.window.weeks
    index = {w: i for i, w in enumerate(weeks)}
    totals: dict[str, float] = defaultdict(float)
    for r in rows:
        totals[r.key] += value(r)
    if options.exercise is not None:
        keys = [options.exercise]
        labels = {options.exercise: ctx.name(options.exercise)}
        merge: dict[str, str] = {}
    elif options.group == "phase":
        order = [*PHASE_KINDS, agg.NO_PHASE]
        keys = sorted(totals, key=lambda k: (order.index(k) if k in order else len(order), k))
        labels = {k: _(PHASE_NAMES[k]) if k in PHASE_NAMES else k.capitalize() for k in keys}
        merge = {}
    else:
        ranked = sorted(totals, key=lambda k: (-totals[k], k))
        keys = ranked[:MAX_STACKS]
        merge = {k: OTHER for k in ranked[MAX_STACKS:]}
        if merge:
            keys.append(OTHER)
        labels = {k: ctx.name(k) for k in keys}
        labels[OTHER] = _("Other exercises")
    heights = {k: [0.0] * len(weeks) for k in keys}
    detail: dict[tuple[str, int], tuple[int, int]] = defaultdict(lambda: (0, 0))
    for r in rows:
        key = merge.get(r.key, r.key)
        if key not in heights or r.week not in index:
            continue
        i = index[r.week]
        heights[key][i] += value(r)
        sets, reps = detail[(key, i)]
        detail[(key, i)] = (sets + r.sets, reps + r.reps)
    week_totals = [sum(heights[k][i] for k in keys) for i in range(len(weeks))]
    xs = [week_centre(w) for w in weeks]
    base = [0.0] * len(weeks)
    series = []
    partial = ctx.partial_weeks(weeks)
    for key in keys:

        def describe(i: int, key: str = key) -> str:
            sets, _reps = detail[(key, i)]
            amount = (duration_text(heights[key][i] * 60) if tut
                      else _("{count} reps").format(count=number_text(heights[key][i])))
            total = (duration_text(week_totals[i] * 60) if tut
                     else _("{count} reps").format(count=number_text(week_totals[i])))
            return ngettext("{week} — {name}: {amount} in {sets} set (week total {total})",
                            "{week} — {name}: {amount} in {sets} sets (week total {total})",
                            sets).format(week=ctx.week(weeks[i]), name=labels[key],
                                         amount=amount, sets=sets, total=total)

        hover = Texts(len(weeks), describe)
        series.append(Series(key, labels[key], "bars", xs, heights[key], ctx.style(key), hover,
                             y0=list(base), width=WEEK_S * BAR_FRACTION, partial=partial))
        base = [b + h for b, h in zip(base, heights[key], strict=True)]
    panel = Panel(_("time under tension ({unit})").format(unit=unit) if tut
                  else _("reps per week"), series)
    if not any(week_totals):
        panel.message = _("Nothing logged in this range")
    what = ctx.name(options.exercise) if options.exercise else (
        _("by phase") if options.group == "phase" else _("by exercise"))
    title = (_("Time under tension per week") if tut else _("Reps per week")) + f" — {what}"
    return Chart("tut" if tut else "volume", title, panels=[panel],
                 exercise=options.exercise)


def weekly_detail(ctx: Context) -> bool:
    """Long ranges show pain and effort per week (highest / mean), not per session."""
    return len(ctx.window.weeks) > WEEKLY_AFTER_WEEKS


_PAIN_WORDS = {"green": N_("fine"), "amber": N_("acceptable"), "red": N_("too much")}
PHASE_NAMES = {"warmup": N_("Warmup"), "activation": N_("Activation"), "loaded": N_("Loaded"),
               "endurance": N_("Endurance"), "cooldown": N_("Cooldown"),
               agg.NO_PHASE: N_("No phase")}  # the English names are the ids, capitalised


def pain_band_shapes(limits: tuple[int, int]) -> list[Band]:
    """The coach's traffic-light bands (the user's limits) as chart bands."""
    from hipcoach.coach.rules import CoachConfig, pain_bands

    config = CoachConfig(pain_green_max=limits[0], pain_amber_max=limits[1])
    return [Band(b.low - 0.5, b.high + 0.5, f"{b.label} {_(_PAIN_WORDS[b.light])}", b.light)
            for b in pain_bands(config)]


def _pain(ctx: Context) -> Chart:
    exercise = ctx.options.exercise
    weekly = weekly_detail(ctx)
    points: dict[str, list[tuple[float, int]]]
    if weekly:
        weeks = agg.weekly_pain(ctx.bind, ctx.since, ctx.until, exercise=exercise)
        points = {
            key: [(week_centre(w.week), getattr(w, key)) for w in weeks
                  if getattr(w, key) is not None]
            for key in ("during", "after", "morning")
        }
    else:
        rows = agg.session_pain(ctx.bind, ctx.since, ctx.until, exercise=exercise)
        points = {
            "during": [(r.at, r.during) for r in rows if r.during is not None],
            "after": sorted((r.after_at, r.after) for r in rows
                            if r.after is not None and r.after_at is not None),
            "morning": sorted((r.morning_at, r.morning) for r in rows
                              if r.morning is not None and r.morning_at is not None),
        }
    specs = [
        ("during", _("During (highest set of {exercise})").format(exercise=ctx.name(exercise))
         if exercise else _("During (highest set)"), _("highest pain during a session")),
        ("after", _("After the session"), _("pain after the session")),
        ("morning", _("Next morning"), _("pain the next morning")),
    ]
    series = []
    for style, (key, label, words) in enumerate(specs):
        found = points[key]
        xs = [float(x) for x, _y in found]
        ys = [float(y) for _x, y in found]
        if weekly:
            hover = Texts(len(found), lambda i, p=found, w=words: (
                _("{week} — {what}: highest {pain}/10").format(
                    week=week_text(datetime.fromtimestamp(p[i][0] - WEEK_S / 2).date()), what=w,
                    pain=number_text(p[i][1]))))
            label += _(", weekly highest")
            connect = gap_connect(xs, 7.5)
        else:
            hover = Texts(len(found), lambda i, p=found, w=words:
                          f"{point_day_text(p[i][0])} — {w}: {number_text(p[i][1])}/10")
            connect = gap_connect(xs)
        series.append(Series(key, label, "line", xs, ys, style, hover, connect=connect))
    panel = Panel(_("pain (0-10)"), series, y_range=(-0.5, 10.5),
                  bands=pain_band_shapes(ctx.options.pain_limits),
                  y_ticks=[(float(v), str(v)) for v in range(0, 11)])
    if not any(points.values()):
        panel.message = _("No pain ratings in this range")
    per = _("per week") if weekly else _("per session")
    title = (_("Pain during, after and the next morning of {exercise}").format(
        exercise=ctx.name(exercise)) if exercise else _("Pain during, after and the next morning"))
    return Chart("pain", title,
                 subtitle=_("0-10, {per}; bands: the traffic-light model used in clinics").format(
                     per=per),
                 panels=[panel], exercise=exercise)


def _effort(ctx: Context) -> Chart:
    exercise = ctx.options.exercise
    weekly = weekly_detail(ctx)
    rows: Sequence[agg.SessionEffort | agg.WeekEffort]
    if weekly:
        rows = agg.weekly_effort(ctx.bind, ctx.since, ctx.until, exercise=exercise)
        xs = [week_centre(r.week) for r in rows]  # type: ignore[union-attr]

        def when(i: int) -> str:
            return ctx.week(rows[i].week)  # type: ignore[union-attr]

        connect = gap_connect(xs, 7.5)
        mean_label, hard_label = _("Average RPE of the week's sets"), _("Hardest set")
        title = _("Effort per week")
    else:
        rows = agg.session_effort(ctx.bind, ctx.since, ctx.until, exercise=exercise)
        xs = [r.at for r in rows]  # type: ignore[union-attr]

        def when(i: int) -> str:
            return point_day_text(rows[i].at)  # type: ignore[union-attr]

        connect = gap_connect(xs)
        mean_label, hard_label = _("Average RPE of the session's sets"), _("Hardest set")
        title = _("Effort per session")
    mean = Series("mean_rpe", mean_label, "line", xs, [round(r.mean_rpe, 2) for r in rows], 0,
                  Texts(len(rows), lambda i: ngettext(
                      "{when} — average RPE {mean} over {sets} set (hardest {hardest})",
                      "{when} — average RPE {mean} over {sets} sets (hardest {hardest})",
                      rows[i].sets).format(when=when(i), mean=number_text(rows[i].mean_rpe),
                                           sets=rows[i].sets, hardest=rows[i].max_rpe)),
                  connect=connect)
    hardest = Series("max_rpe", hard_label, "points", xs, [float(r.max_rpe) for r in rows],
                     1, Texts(len(rows), lambda i: _("{when} — hardest set RPE {rpe}").format(
                         when=when(i), rpe=rows[i].max_rpe)))
    panel = Panel(_("RPE (1-10)"), [mean, hardest], y_range=(0.5, 10.5),
                  hlines=[RefLine(8, _("RPE 8 = about 2 reps in reserve"))],
                  y_ticks=[(float(v), str(v)) for v in range(1, 11)])
    if not rows:
        panel.message = _("No effort ratings in this range")
    what = ctx.name(exercise) if exercise else _("all exercises")
    return Chart("effort", f"{title} — {what}", panels=[panel], exercise=exercise)


def _adherence(ctx: Context) -> Chart:
    target = max(1, ctx.options.target)
    in_range = agg.weekly_sessions(ctx.bind, ctx.since, ctx.until)
    counts = {w.week: w.sessions for w in in_range}
    weeks = ctx.window.weeks
    heights = [float(counts.get(w, 0)) for w in weeks]
    this_week = agg.week_start(ctx.now)
    hover = []
    for monday, n in zip(weeks, heights, strict=True):
        going = (" " + _("(this week, still going: {days} of 7 days)").format(
            days=ctx.days_so_far()) if monday == this_week else "")
        verdict = (_("target met") if n >= target else
                   _("{missing} short of {target}").format(missing=number_text(target - n),
                                                           target=target))
        hover.append(ngettext("{week}{going} — {count} session, {verdict}",
                              "{week}{going} — {count} sessions, {verdict}", int(n)).format(
            week=week_text(monday), going=going, count=number_text(n), verdict=verdict))
    partial = ctx.partial_weeks(weeks)
    bars = Series("sessions", _("Sessions per week (pale: fewer than {target}; outlined: "
                                "this week, still going)").format(target=target), "bars",
                  [week_centre(w) for w in weeks], heights, 0, hover, y0=[0.0] * len(weeks),
                  width=WEEK_S * BAR_FRACTION,
                  faded=[n < target and not p for n, p in zip(heights, partial, strict=True)],
                  partial=partial)
    every = agg.weekly_sessions(ctx.bind)  # the streak needs all of history
    current, longest = agg.current_streak(every, target, ctx.now.astimezone().date())
    top = max([target + 1.0, *heights]) + 0.5
    panel = Panel(_("sessions per week"), [bars],
                  hlines=[RefLine(float(target), _("target {target} a week").format(target=target))],
                  y_range=(0.0, top))
    if not any(heights):
        panel.message = _("No sessions in this range")
    subtitle = ngettext("Current streak: {current} week with {target}+ sessions (longest: {longest})",
                        "Current streak: {current} weeks with {target}+ sessions (longest: {longest})",
                        current).format(current=current, target=target, longest=longest)
    return Chart("adherence", _("Sessions per week against a target of {target}").format(
        target=target),
                 subtitle=subtitle, panels=[panel])


def load_rank(e: ExerciseInfo) -> tuple[bool, int, int, str]:
    """The order of the load chart's panels: loaded exercises first, then most logged."""
    return (e.loaded_sets > 0, e.sets, e.loaded_sets, e.id)


def default_sided_exercise(exercises: Sequence[ExerciseInfo]) -> ExerciseInfo | None:
    sided = [e for e in exercises if e.unilateral]
    return max(sided, key=lambda e: (e.sided_sets, e.id)) if sided else None


def _band_rank(colour: str | None) -> float:
    if colour in BAND_ORDER:
        return float(BAND_ORDER.index(colour) + 1)
    return float(len(BAND_ORDER) + 1)


def _variant(point: agg.LoadPoint) -> tuple[str, str | None, float | None]:
    return point.name, point.tempo, point.hold_s


def _variant_change(before: agg.LoadPoint, after: agg.LoadPoint) -> str:
    parts = []
    if before.name != after.name:
        parts.append(_("now “{name}”").format(name=after.name))
    if before.tempo != after.tempo:
        parts.append(_("tempo {old} → {new}").format(old=before.tempo or "-", new=after.tempo or "-"))
    if before.hold_s != after.hold_s:
        old = f"{number_text(before.hold_s)} s" if before.hold_s else "-"
        new = f"{number_text(after.hold_s)} s" if after.hold_s else "-"
        parts.append(_("hold {old} → {new}").format(old=old, new=new))
    return ", ".join(parts)


def _load(ctx: Context) -> Chart:
    """One exercise when picked; with "All exercises", a small panel for each of the most
    logged ones (never silently just one)."""
    picked = ctx.info(ctx.options.exercise)
    if picked is not None:
        return _load_chart(ctx, picked, "")
    note = (_("{exercise} has no sets logged; ").format(exercise=ctx.name(ctx.options.exercise))
            if ctx.options.exercise else "")
    ranked = sorted(ctx.exercises, key=load_rank, reverse=True)
    if not ranked:
        return Chart("load", _("Load and variant"),
                     panels=[Panel(_("load"), message=_("No sets logged"))])
    panels, shown = [], []
    for info in ranked:  # the most logged first; only those with sets in this range
        if len(panels) == MAX_LOAD_PANELS:
            break
        panel = _load_chart(ctx, info, "").panels[0]
        if panel.message:
            continue
        panel.height = 2
        if panels:  # keys stay unique across the panels; the first keeps the plain ones
            for series in panel.series:
                series.key = f"{series.key}:{info.id}"
        panels.append(panel)
        shown.append(info)
    if not panels:
        return _load_chart(ctx, ranked[0], note)
    in_range = sum(1 for e in ranked if e not in shown) if len(panels) == MAX_LOAD_PANELS else 0
    note += (_("every exercise logged in this range ({count})") if not in_range else
             _("the {count} most logged exercises")).format(count=len(shown)) + _(
        " — pick one above to see it alone")
    return Chart("load", _("Load and variant — every exercise"),
                 subtitle=note[:1].upper() + note[1:],
                 panels=panels)


def _load_chart(ctx: Context, picked: ExerciseInfo, note: str) -> Chart:
    rows = agg.load_history(ctx.bind, picked.id, ctx.since, ctx.until)
    # One point per session: its heaviest prescription.
    per_session: dict[int, agg.LoadPoint] = {}
    order: list[int] = []
    weights = [r for r in rows if r.unit in ("kg", "lb")]
    bands = [r for r in rows if r.unit == "band"]
    if weights:
        unit = max(("kg", "lb"), key=lambda u: sum(1 for r in weights if r.unit == u))
        mode = "weight"
    elif bands:
        unit, mode = "band", "band"
    else:
        unit = "s" if picked.hold_sets else "reps"
        mode = "hold" if picked.hold_sets else "reps"

    def measure(r: agg.LoadPoint) -> float:
        if mode == "weight":
            if r.unit not in ("kg", "lb"):
                return 0.0
            value = r.value or 0.0
            if r.unit == unit:
                return value
            return value * LB_PER_KG if unit == "lb" else value / LB_PER_KG
        if mode == "band":
            return _band_rank(r.colour) if r.unit == "band" else 0.0
        if mode == "hold":
            return r.hold_s or 0.0
        return float(r.best_reps)

    for r in rows:
        if r.session_id not in per_session:
            order.append(r.session_id)
            per_session[r.session_id] = r
        elif measure(r) > measure(per_session[r.session_id]):
            per_session[r.session_id] = r
    points = [per_session[s] for s in order]
    xs = [p.at for p in points]
    ys = [round(measure(p), 3) for p in points]
    emphasis: list[int] = []
    vlines: list[RefLine] = []
    changes_at: dict[int, str] = {}
    for i in range(1, len(points)):
        p, before = points[i], points[i - 1]
        if (p.unit, p.value, p.colour) != (before.unit, before.value, before.colour):
            emphasis.append(i)
        if _variant(p) != _variant(before):
            changes_at[i] = _variant_change(before, p)
            vlines.append(RefLine(p.at, changes_at[i]))

    emphasised = set(emphasis)

    def describe(i: int) -> str:
        p = points[i]
        text = f"{point_day_text(p.at)} — {load_text(p)}"
        if mode == "hold":
            text += _(", hold {seconds} s").format(seconds=number_text(p.hold_s or 0))
        text += _(", best set {reps} reps").format(reps=p.best_reps)
        if p.tempo:
            text += _(", tempo {tempo}").format(tempo=p.tempo)
        if i in emphasised:
            text += _(" (load changed from {load})").format(load=load_text(points[i - 1]))
        if i in changes_at:
            text += _(" (variant: {change})").format(change=changes_at[i])
        return text

    hover = Texts(len(points), describe)
    y_label = {"weight": _("load ({unit})").format(unit=unit), "band": _("band"),
               "hold": _("hold per rep (s)"), "reps": _("best set (reps)")}[mode]
    line = Series("load", f"{ctx.name(picked.id)}: {y_label}", "step", xs, ys,
                  ctx.style(picked.id), hover,
                  connect=gap_connect(xs), emphasis=emphasis)
    changes = Series("load_changes", _("Load changed"), "points", [xs[i] for i in emphasis],
                     [ys[i] for i in emphasis], 3,
                     Texts(len(emphasis), lambda n: describe(emphasis[n])))
    panel = Panel(y_label, [line, changes], vlines=vlines)
    if mode == "band":
        used = sorted({_band_rank(p.colour) for p in points if p.unit == "band"})
        ticks = [(0.0, _("bodyweight"))] if any(p.unit != "band" for p in points) else []
        for rank in used:
            colour = next(p.colour for p in points if p.unit == "band"
                          and _band_rank(p.colour) == rank)
            ticks.append((rank, str(colour) if rank <= len(BAND_ORDER) else _("other band")))
        panel.y_ticks = ticks
        panel.y_range = (-0.5, max(used, default=1.0) + 0.5)
    elif ys:
        low, high = min(ys), max(ys)
        pad = max((high - low) * 0.15, high * 0.05, 1.0)
        panel.y_range = (max(0.0, low - pad), high + pad)
    if not points:
        panel.message = _("No sets of {exercise} in this range").format(
            exercise=ctx.name(picked.id))
    if mode in ("hold", "reps"):
        extra = (_("bodyweight throughout; hold time shown") if mode == "hold"
                 else _("bodyweight throughout; best set shown"))
        note = extra + (f"; {note}" if note else "")
    return Chart("load", _("Load and variant — {exercise}").format(exercise=ctx.name(picked.id)),
                 subtitle=note[:1].upper() + note[1:], panels=[panel], exercise=picked.id)


def _symmetry(ctx: Context) -> Chart:
    picked = ctx.info(ctx.options.exercise)
    note = ""
    if picked is None or not picked.unilateral:
        if ctx.options.exercise is not None:
            name = ctx.name(ctx.options.exercise)
            note = _("{exercise} is not logged per side; ").format(exercise=name)
        picked = default_sided_exercise(ctx.exercises)
        if picked is not None:
            note += _("showing the most logged one-sided exercise — pick another above")
    if picked is None:
        panel = Panel(_("per side"), message=_("No exercise has been logged per side yet"))
        return Chart("symmetry", _("Left vs right"), panels=[panel])
    rows = agg.weekly_sides(ctx.bind, picked.id, ctx.since, ctx.until)
    holds = picked.hold_sets > 0 and any(r.left_hold_s or r.right_hold_s for r in rows)
    weeks = [r.week for r in rows]
    xs = [week_centre(w) for w in weeks]
    connect = week_connect(weeks)
    unit = _("hold seconds") if holds else _("reps")
    left = [r.left_hold_s if holds else float(r.left_reps) for r in rows]
    right = [r.right_hold_s if holds else float(r.right_reps) for r in rows]
    sides = []
    for style, (key, label, values) in enumerate((("left", _("Left"), left),
                                                   ("right", _("Right"), right))):
        hover = Texts(len(weeks), lambda i, name=label, v=values:
                      f"{ctx.week(weeks[i])} — {name}: {number_text(v[i])} {unit}")
        sides.append(Series(key, label, "line", xs, values, style, hover, connect=connect))
    index_x, index_y, index_hover, index_weeks = [], [], [], []
    for w, x, lv, rv in zip(weeks, xs, left, right, strict=True):
        value = agg.symmetry_index(lv, rv)
        if value is None:
            continue
        weaker = _("left") if lv < rv else _("right") if rv < lv else _("neither")
        index_x.append(x)
        index_y.append(round(value, 2))
        index_weeks.append(w)
        index_hover.append(_("{week} — symmetry {value}% (weaker: {weaker}; left {left}, "
                             "right {right} {unit})").format(
            week=ctx.week(w), value=f"{value:.0f}", weaker=weaker, left=number_text(lv),
            right=number_text(rv), unit=unit))
    symmetry = Series("symmetry", _("Symmetry (weaker / stronger)"), "line", index_x, index_y,
                      2, index_hover, connect=week_connect(index_weeks))
    top = Panel(_("{unit} per week").format(unit=unit), sides, height=3)
    bottom = Panel(_("symmetry (%)"), [symmetry], y_range=(0.0, 105.0), height=2,
                   hlines=[RefLine(100.0, "", dashed=False),
                           RefLine(90.0, _("90% (a guide borrowed from knee rehab)"))])
    if not rows:
        top.message = _("No per-side sets of {exercise} in this range").format(
            exercise=ctx.name(picked.id))
    return Chart("symmetry", _("Left vs right — {exercise}").format(exercise=ctx.name(picked.id)),
                 subtitle=note[:1].upper() + note[1:], panels=[top, bottom], exercise=picked.id)


def _norm_bands(test_id: str, top: float) -> tuple[list[Band], str]:
    """The coach's norm bands for a test (amber where worth working on) and a note
    saying where they come from and whether they are validated. The coach's words are
    marked where they are defined and translated here, where they are shown."""
    from hipcoach.domain.assessments import TESTS

    spec = TESTS.get(test_id)
    if spec is None:
        return [], ""
    bands = [Band(band.low if band.low is not None else 0.0,
                  band.high if band.high is not None else top, _(band.label),
                  "amber" if band.concern else "green")
             for band in spec.bands]
    flag = _("validated") if spec.validated else _("a heuristic, not validated")
    return bands, _("{test}: bands from {source} ({flag})").format(
        test=_(spec.name), source=_(spec.source), flag=flag)


def _retest(ctx: Context) -> Chart:
    results = agg.retest_results(ctx.bind, ctx.since, ctx.until)
    by_test: dict[str, dict[str | None, list[agg.RetestResult]]] = defaultdict(
        lambda: defaultdict(list))
    for r in results:
        by_test[r.test_id][r.side].append(r)
    panels: list[Panel] = []
    notes: list[str] = []
    style = 0
    for test_id, sides in sorted(by_test.items()):
        series = []
        values: list[float] = []
        for side, items in sorted(sides.items(), key=lambda kv: str(kv[0])):
            items.sort(key=lambda r: r.at)
            label = _(items[0].name) + (f" ({_(side)})" if side in ("left", "right") else
                                     f" ({side})" if side else "")
            xs = [r.at for r in items]
            values += [r.value for r in items]
            series.append(Series(f"{test_id}:{side or ''}", label, "line", xs,
                                 [r.value for r in items], style,
                                 [f"{point_day_text(r.at)} — {label}: {number_text(r.value)} "
                                  f"{r.unit}" for r in items], connect=gap_connect(xs, 120)))
            style += 1
        first = next(iter(sides.values()))[0]
        bands, note = _norm_bands(test_id, max(values) * 1.25 + 1)
        if note:
            notes.append(note)
        panels.append(Panel(f"{_(first.name)} ({first.unit})", series, bands=bands))
    if not panels:
        panel = Panel(_("result"))
        panel.message = _(NO_RETESTS)
        panels = [panel]
    return Chart("retest", _("Re-test results"), subtitle="; ".join(notes), panels=panels)


def _goals(ctx: Context) -> Chart:
    """Each activity's 0-10 rating at intake and every re-test, and their average; the
    minimal detectable change is drawn as a band round the first average."""
    from hipcoach.coach.function_goals import (
        MDC_AVERAGE,
        SOURCE,
        average,
        goal_key,
        occasions,
    )

    ratings = agg.goal_ratings(ctx.bind, ctx.since, ctx.until)
    by_activity: dict[str, list] = {}
    for r in ratings:
        by_activity.setdefault(goal_key(r.activity), []).append(r)
    series = []
    for n, items in enumerate(by_activity.values()):
        xs = [r.rated_at.timestamp() for r in items]
        name = items[-1].activity
        series.append(Series(f"goal:{n}", name, "line", xs, [float(r.score) for r in items],
                             n % AVERAGE_STYLE,
                             [f"{point_day_text(x)} — {name}: {r.score}/10" for x, r in zip(
                                 xs, items, strict=True)], connect=gap_connect(xs, 400)))
    groups = occasions(ratings)
    xs = [at.timestamp() for at, _items in groups]
    means = [round(average(items), 2) for _at, items in groups]
    series.append(Series("goal:average", _("Average"), "line", xs, means, AVERAGE_STYLE,
                         [_("{date} — average {rating}/10").format(
                             date=point_day_text(x), rating=number_text(m))
                          for x, m in zip(xs, means, strict=True)],
                         connect=gap_connect(xs, 400)))
    panel = Panel(_("rating (0 = unable, 10 = as before)"), series, y_range=(0.0, 10.5))
    if means:
        low, high = max(0.0, means[0] - MDC_AVERAGE), min(10.0, means[0] + MDC_AVERAGE)
        panel.bands = [Band(low, high, _("within the detectable change of the first average"),
                            "amber")]
    else:
        panel.message = _(NO_GOALS)
    return Chart("goals", _("Function goals"),
                 subtitle=_("Change read against {source}").format(source=_(SOURCE)),
                 panels=[panel])


BUILDERS: dict[str, Callable[[Context], Chart]] = {
    "volume": lambda ctx: _volume(ctx, tut=False),
    "tut": lambda ctx: _volume(ctx, tut=True),
    "load": _load,
    "pain": _pain,
    "effort": _effort,
    "adherence": _adherence,
    "symmetry": _symmetry,
    "retest": _retest,
    "goals": _goals,
}


@dataclass(slots=True)
class History:
    """What is read once per refresh, not per chart: the span and the exercise list."""

    span: HistorySpan | None
    exercises: list[ExerciseInfo]

    @classmethod
    def load(cls, bind: Bind) -> History:
        span = agg.history_span(bind)
        return cls(span, agg.exercises(bind) if span is not None else [])


__all__ = [
    "DEFAULT_RANGE", "DEFAULT_TARGET", "EMPTY_HISTORY", "KINDS", "KIND_TITLES", "NO_RETESTS",
    "RANGES", "RANGE_LABELS", "Band", "Chart", "History", "Kind", "Options", "Panel",
    "RefLine", "Series", "Texts", "Window", "build_chart", "window",
]


def build_chart(bind: Bind, options: Options, *, now: datetime | None = None,
                history: History | None = None) -> Chart:
    """The chart ``options.kind`` over ``options.range_key`` ending at ``now``."""
    if options.kind not in BUILDERS:
        raise ValueError(f"unknown chart {options.kind!r}; expected one of {', '.join(KINDS)}")
    moment = now or datetime.now(UTC)
    history = history or History.load(bind)
    win = window(options.range_key, moment, history.span)
    if history.span is None:
        chart = Chart(options.kind, _(KIND_TITLES[options.kind]), empty=_(EMPTY_HISTORY))
        chart.x_range = win.x_range
        return chart
    ctx = Context(bind, options, moment, history.span, history.exercises, win)
    chart = BUILDERS[options.kind](ctx)
    chart.x_range = win.x_range
    return chart

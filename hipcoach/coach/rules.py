"""The coaching rules, one small pure function each, with where each number comes from.

Sources (see the domain notes): the pain traffic light and the 24-hour response follow
Silbernagel et al. 2007 (validated for tendinopathy; using it for low back pain is an
extrapolation, so the thresholds come from the settings). Double progression and the
RPE 8 adjustments (Zourdos et al. 2016 for RPE/RIR) are common strength-coaching
practice. The deload every 4th-6th week or early after a flare is a reasonable default
(Bell et al. 2024 report one every 5.6 +/- 2.3 weeks), not a tested rehab rule.

Nothing here reads files, the clock or the database: callers pass dates and values in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from statistics import median
from typing import Any, Literal

from hipcoach.domain.entries import BAND_ORDER, Load, SetEntry
from hipcoach.domain.equipment import Equipment
from hipcoach.format import number_text, short_day
from hipcoach.i18n import _

Light = Literal["green", "amber", "red"]
Side = Literal["left", "right"]
LoadKind = Literal["weight", "band", "bodyweight"]

SMALL_STEP: dict[str, float] = {"kg": 2.5, "lb": 5.0}
LARGE_STEP: dict[str, float] = {"kg": 5.0, "lb": 10.0}
TRAINING_PHASES: tuple[str, ...] = ("activation", "loaded", "endurance")
BASELINE_SESSIONS = 10  # "before" check-ins that make the usual pain level
# The pure hip-extension drill (one id in every built-in programme) and the least a cut
# may leave of it: the seed's daily dose is 2-3 sets of 5-10 reps per side.
DRILL_ID = "pure-hip-extension"
DRILL_FLOOR: tuple[int, int] = (2, 5)


@dataclass(frozen=True, slots=True)
class CoachConfig:
    """Every threshold the rules use; ``from_settings`` takes the user's pain limits."""

    pain_green_max: int = 3  # 0-3 green (Silbernagel)
    pain_amber_max: int = 5  # 4-5 amber, above is red
    deload_every_weeks: int = 4  # a lighter week every 4th week (3-6)
    deload_cut: float = 0.4  # about 40% less volume in a deload week
    mastery_sessions: int = 3  # sessions in a row at the top before a harder variant
    hold_step_s: float = 5.0  # holds grow by this much
    hold_cap_s: float = 60.0  # ... up to this (or the file's hold, if longer)
    rpe_target: int = 8  # RPE 8 = about 2 reps in reserve
    weak_side_margin: float = 0.10  # a side more than 10% weaker goes first, +1 set
    # Strength is largely kept for 2-3 weeks off and declines after about 4 (Mujika &
    # Padilla 2000): 10-27 days off repeats with less volume, 28 or more restarts gently.
    repeat_after_days: int = 10
    restart_after_days: int = 28
    morning_margin: int = 1  # a next-morning rise this small counts only outside green
    retest_every_days: int = 21  # re-test every three weeks
    evidence_sessions: int = 2  # green sessions since the latest red signal to progress
    stuck_after_sessions: int = 6  # the same prescription this often, not done: regress
    effort_ceiling: int = 9  # no heavier load, band or variant at this effort or above
    tempo_extra_max: int = 2  # seconds added to the lowering before a big load step
    equipment: Equipment = field(default_factory=Equipment)

    def __post_init__(self) -> None:
        checks = [
            (0 <= self.pain_green_max < self.pain_amber_max <= 10,
             "pain limits must satisfy 0 <= green max < amber max <= 10"),
            (3 <= self.deload_every_weeks <= 6, "deload_every_weeks must be 3 to 6"),
            (0.1 <= self.deload_cut <= 0.7, "deload_cut must be 0.1 to 0.7"),
            (1 <= self.mastery_sessions <= 10, "mastery_sessions must be 1 to 10"),
            (1 <= self.hold_step_s <= 30, "hold_step_s must be 1 to 30"),
            (5 <= self.hold_cap_s <= 600, "hold_cap_s must be 5 to 600"),
            (5 <= self.rpe_target <= 10, "rpe_target must be 5 to 10"),
            (0 <= self.weak_side_margin <= 0.5, "weak_side_margin must be 0 to 0.5"),
            (1 <= self.repeat_after_days < self.restart_after_days <= 365,
             "need 1 <= repeat_after_days < restart_after_days <= 365"),
            (0 <= self.morning_margin <= 5, "morning_margin must be 0 to 5"),
            (7 <= self.retest_every_days <= 90, "retest_every_days must be 7 to 90"),
            (1 <= self.evidence_sessions <= 5, "evidence_sessions must be 1 to 5"),
            (2 <= self.stuck_after_sessions <= 30, "stuck_after_sessions must be 2 to 30"),
            (6 <= self.effort_ceiling <= 10, "effort_ceiling must be 6 to 10"),
            (0 <= self.tempo_extra_max <= 4, "tempo_extra_max must be 0 to 4"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    @classmethod
    def from_settings(cls, settings: Any, **changes: Any) -> CoachConfig:
        """The defaults with the user's pain limits, deload interval, back-off count and
        equipment (``Settings``)."""
        values: dict[str, Any] = {}
        for name in ("pain_green_max", "pain_amber_max", "deload_every_weeks",
                     "stuck_after_sessions"):
            if hasattr(settings, name):
                values[name] = getattr(settings, name)
        values["equipment"] = Equipment.from_settings(settings)[0]
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"unknown coach setting {unknown[0]!r}")
        values.update(changes)
        return cls(**values)


# Pain -----------------------------------------------------------------------------


def pain_light(pain: int | None, config: CoachConfig) -> Light | None:
    """0-3 green, 4-5 amber, 6-10 red (with the configured limits); None if unknown."""
    if pain is None:
        return None
    if pain <= config.pain_green_max:
        return "green"
    if pain <= config.pain_amber_max:
        return "amber"
    return "red"


@dataclass(frozen=True, slots=True)
class PainBand:
    """One band of the pain traffic light, inclusive (e.g. amber 4-5)."""

    light: Light
    low: int
    high: int

    @property
    def label(self) -> str:
        return f"{self.low}-{self.high}" if self.high > self.low else str(self.low)


def pain_bands(config: CoachConfig) -> tuple[PainBand, PainBand, PainBand]:
    """The bands every screen and printout draws: the same limits the coach uses."""
    green, amber = config.pain_green_max, config.pain_amber_max
    return (PainBand("green", 0, green), PainBand("amber", green + 1, amber),
            PainBand("red", amber + 1, 10))


@dataclass(frozen=True, slots=True)
class PainCheck:
    """How one session went for pain: during, after, next morning, against the baseline."""

    during: int | None
    after: int | None
    morning: int | None
    baseline: float | None
    light: Light | None  # None: no pain was logged at all
    reasons: tuple[str, ...] = ()  # why amber or red, in words

    @property
    def red(self) -> bool:
        return self.light == "red"

    @property
    def green(self) -> bool:
        """Recorded and green: a blank is unknown, never green."""
        return self.light == "green"

    @property
    def recorded(self) -> bool:
        return self.light is not None


def baseline_pain(before: Sequence[int], fallback: float | None = None) -> float | None:
    """The user's usual pain: the median of the last ten "before" check-ins."""
    recent = list(before)[-BASELINE_SESSIONS:]
    if recent:
        return float(median(recent))
    return fallback


def judge_pain(
    during: int | None,
    after: int | None,
    morning: int | None,
    baseline: float | None,
    config: CoachConfig,
) -> PainCheck:
    """The traffic light of one session; every signal counts and the worst one wins.

    Red: pain during (or right after) above the amber limit, or next-morning pain above
    the baseline. A rise of up to ``morning_margin`` points (default 1: about the noise of
    a 0-10 scale) counts only when it leaves the green zone, so 0 -> 1 is not a flare but
    3 -> 4 is; ``morning_margin = 0`` makes any rise count. With no baseline known, the
    green limit stands in for it. Amber: pain during or after in the amber band.
    Contradictory check-ins (a calm "after" but a bad morning) are read conservatively.
    A value outside 0-10 (a damaged record) is read as not recorded, never as green.
    """
    during, after, morning = (p if isinstance(p, int) and 0 <= p <= 10 else None
                              for p in (during, after, morning))
    reasons: list[str] = []
    light: Light | None = None
    worst = max((p for p in (during, after) if p is not None), default=None)
    if worst is not None:
        light = pain_light(worst, config)
        if light in ("red", "amber"):  # said as it was given: during, or after
            text = (_("pain {worst} during the session") if during is not None
                    and during == worst else _("pain {worst} after the session"))
            reasons.append(text.format(worst=worst))
    if morning is not None:
        reference = baseline if baseline is not None else float(config.pain_green_max)
        rise = morning - reference
        if rise > 0 and (rise > config.morning_margin or morning > config.pain_green_max):
            light = "red"
            if baseline is not None:
                text = _("pain {morning} the next morning, above your usual {usual}")
            else:
                text = _("pain {morning} the next morning, above the green limit")
            reasons.append(text.format(morning=morning, usual=number_text(baseline)
                                       if baseline is not None else ""))
        elif light is None:
            light = "green"  # settled by the next morning and nothing else logged
    return PainCheck(during, after, morning, baseline, light, tuple(reasons))


# Loads ----------------------------------------------------------------------------


def load_kind(load: Load) -> LoadKind:
    if load.unit in ("kg", "lb"):
        return "weight"
    if load.unit == "band":
        return "band"
    return "bodyweight"


def parse_load(text: str) -> Load:
    """A programme load string as a Load; anything unreadable is body weight."""
    try:
        return Load.parse(text)
    except ValueError:
        return Load()


def effort_change(rpe: int | None, unit: str, target: int = 8) -> float | None:
    """The load change for the effort of the last session, aiming at RPE 8.

    RPE 5-6 (or lower) +5 kg, 7 +2.5 kg, 8 hold, 9 -2.5 kg, 10 -5 kg; in lb +10/+5/0/-5/-10.
    With another target the table shifts with it. None when no effort was logged.
    """
    if rpe is None or unit not in SMALL_STEP:
        return None
    gap = target - rpe
    small, large = SMALL_STEP[unit], LARGE_STEP[unit]
    if gap >= 2:
        return large
    if gap == 1:
        return small
    if gap == 0:
        return 0.0
    if gap == -1:
        return -small
    return -large


def shift_weight(load: Load, delta: float) -> Load:
    """A kg/lb load changed by ``delta`` (never below 0)."""
    value = max(0.0, round((load.value or 0.0) + delta, 2))
    return Load(load.unit, value=value)


def step_load(load: Load, direction: int, *, large: bool = False) -> Load | None:
    """One step heavier (+1) or lighter (-1): a weight increment or the next band colour.

    None when there is no such step: body weight, an unknown band colour, the end of the
    band list, or a weight already at 0.
    """
    kind = load_kind(load)
    if kind == "weight":
        size = (LARGE_STEP if large else SMALL_STEP)[load.unit]
        changed = shift_weight(load, size * (1 if direction > 0 else -1))
        return None if changed.value == load.value else changed
    if kind == "band" and load.colour in BAND_ORDER:
        index = BAND_ORDER.index(load.colour) + (1 if direction > 0 else -1)
        if 0 <= index < len(BAND_ORDER):
            return Load("band", colour=BAND_ORDER[index])
    return None


def load_steps_apart(before: Load, after: Load) -> float | None:
    """How many small steps separate two loads of the same kind (None if incomparable)."""
    if load_kind(before) != load_kind(after):
        return None
    if load_kind(before) == "weight":
        if before.unit != after.unit:
            return None
        return abs((after.value or 0.0) - (before.value or 0.0)) / SMALL_STEP[before.unit]
    if load_kind(before) == "band":
        if before.colour == after.colour:
            return 0.0
        if before.colour in BAND_ORDER and after.colour in BAND_ORDER:
            return float(abs(BAND_ORDER.index(after.colour) - BAND_ORDER.index(before.colour)))
        return None
    return 0.0


# Deloads --------------------------------------------------------------------------


def deload_volume(sets: int, reps: int, hold_s: float | None, cut: float,
                  floor: tuple[int, int] | None = None) -> tuple[int, int, float | None]:
    """Fewer sets and reps (same load, same exercise) for about ``cut`` less volume.

    Picks the sets x reps, neither above the original, closest to (1 - cut) of the
    volume, and always below it. A single set of a single hold is shortened instead.
    ``floor`` (sets, reps) is the least the cut may leave (the daily drill's 2x5): the
    result never goes below it, and a level already at or below it is kept as it is.
    """
    low_sets, low_reps = (min(sets, floor[0]), min(reps, floor[1])) if floor else (1, 1)
    if sets <= low_sets and reps <= low_reps:  # nothing left to cut (or at the floor)
        if floor is None and hold_s is not None and hold_s > 1:
            return sets, reps, float(max(1, round(hold_s * (1 - cut))))
        return sets, reps, hold_s
    target = max((1 - cut) * sets * reps, low_sets * low_reps)
    best: tuple[float, int, int] | None = None
    for new_sets in range(low_sets, sets + 1):
        new_reps = min(reps, max(low_reps, round(target / new_sets)))
        volume = new_sets * new_reps
        if volume >= sets * reps:
            continue
        candidate = (abs(volume - target), new_sets, new_reps)
        if best is None or candidate < best:
            best = candidate
    if best is None:  # only the floor itself is below the volume
        return low_sets, low_reps, hold_s
    return best[1], best[2], hold_s


@dataclass(frozen=True, slots=True)
class DeloadState:
    """Whether a day falls in a lighter week, and why."""

    active: bool
    reason: Literal["scheduled", "flare"] | None = None
    since: date | None = None
    until: date | None = None  # first day after the lighter week
    week: int = 1  # week of the training block, from 1
    every_weeks: int = 4
    next_scheduled: date | None = None

    def line(self, cut: float = 0.4) -> str:
        less = _("about {percent}% less volume, same exercises and loads").format(
            percent=round(cut * 100))
        if self.active and self.reason == "flare":
            return _("Lighter week after a pain flare on {since}: {less}, until {until}.").format(
                since=short_day(self.since), less=less, until=short_day(self.until))
        if self.active:
            return _("Deload week (every {nth} week): {less}, until {until}.").format(
                nth=ordinal(self.every_weeks), less=less, until=short_day(self.until))
        if self.next_scheduled is not None:
            return _("Next deload week from {day} (week {week} now).").format(
                day=short_day(self.next_scheduled), week=self.week)
        return _("No deload planned: training restarts gently.")


def ordinal(n: int) -> str:
    if _("{n}th") != "{n}th":  # a language without English suffixes ("4.")
        return _("{n}th").format(n=n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def deload_state(day: date, block_start: date | None, flares: Iterable[date], every_weeks: int
                 ) -> DeloadState:
    """The deload calendar: every ``every_weeks``-th week of a training block is lighter,
    and so are the seven days from a pain flare on.

    A scheduled deload week is skipped when a flare's lighter week ended less than two
    weeks before it starts (no deload, one week of training, deload again). The block
    starts at the first session, or again after a long break.
    """
    if block_start is None or day < block_start:
        return DeloadState(False, week=1, every_weeks=every_weeks)
    k = (day - block_start).days // 7
    flare_days = sorted(f for f in flares if f <= day)
    week = k + 1

    def scheduled(index: int) -> bool:
        return index > 0 and (index + 1) % every_weeks == 0

    def skipped(index: int) -> bool:
        start = block_start + timedelta(days=7 * index)
        return any(start - timedelta(days=21) < f < start for f in flare_days)

    upcoming = next(i for i in range(k + 1, k + 2 * every_weeks + 2)
                    if scheduled(i) and not skipped(i))
    next_start = block_start + timedelta(days=7 * upcoming)
    for flare in reversed(flare_days):
        if flare <= day < flare + timedelta(days=7):
            return DeloadState(True, "flare", flare, flare + timedelta(days=7), week,
                               every_weeks, next_start)
    if scheduled(k) and not skipped(k):
        start = block_start + timedelta(days=7 * k)
        return DeloadState(True, "scheduled", start, start + timedelta(days=7), week,
                           every_weeks, next_start)
    return DeloadState(False, None, None, None, week, every_weeks, next_start)


def block_starts(days: Sequence[date], restart_after_days: int) -> list[date]:
    """For each (sorted) training day, the first day of its block: a break of
    ``restart_after_days`` or more starts a new block."""
    starts: list[date] = []
    for i, day in enumerate(days):
        if i == 0 or (day - days[i - 1]).days >= restart_after_days:
            starts.append(day)
        else:
            starts.append(starts[-1])
    return starts


# Left and right -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SideBalance:
    left: float
    right: float
    weaker: Side | None  # set only when the gap is above the margin
    deficit: float  # 0.12 = the weaker side did 12% less

    def words(self) -> str:
        if self.weaker is None:
            return ""
        text = (_("left side {percent}% weaker") if self.weaker == "left"
                else _("right side {percent}% weaker"))
        return text.format(percent=round(self.deficit * 100))


def side_score(entry: SetEntry) -> float:
    """Work in one set: reps, times the hold if any, times the weight if any."""
    score = float(entry.reps)
    if entry.hold_s:
        score *= entry.hold_s
    if entry.load.unit in ("kg", "lb") and entry.load.value:
        score *= entry.load.value
    return score


def side_balance(sets: Iterable[SetEntry], margin: float) -> SideBalance | None:
    """Compare left and right over one session's sets; None unless both sides were done."""
    totals = {"left": 0.0, "right": 0.0}
    seen = set()
    for entry in sets:
        if entry.side in totals:
            totals[entry.side] += side_score(entry)
            seen.add(entry.side)
    if seen != {"left", "right"}:
        return None
    left, right = totals["left"], totals["right"]
    strong = max(left, right)
    if strong <= 0:
        return SideBalance(left, right, None, 0.0)
    deficit = 1 - min(left, right) / strong
    weaker: Side | None = None
    if deficit > margin:
        weaker = "left" if left < right else "right"
    return SideBalance(left, right, weaker, deficit)

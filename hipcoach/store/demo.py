"""A realistic synthetic history built from the built-in programmes (demo data, benchmarks).

Weeks run back from ``until``: three to six sessions a week (the main programme, with
the daily drill mixed in when there is one), stages advancing every few weeks, reps
climbing through each rep range and then load going up (kg, lb or band colour), the
left side a little weaker at first and catching up, one missed week, and one pain flare
(pain up during and the morning after, then a lighter week while it settles). The time
exercised is the planned time scaled by the share of planned sets done; the time from
start to end is longer (rests run over). The same seed and ``until`` give the same history.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hipcoach.domain.entries import (
    Checkin,
    HistorySession,
    Load,
    SetEntry,
    SetSlot,
    planned_slots,
    tut_seconds,
)
from hipcoach.i18n import _
from hipcoach.program.model import Exercise, Program, Stage
from hipcoach.session.timeline import Timeline, compile_stage
from hipcoach.store.errors import StoreError

MAIN_PREFERENCE = ("hip-extension",)
DRILL_PREFERENCE = ("daily-drill",)
BANDS = ("yellow", "red", "green", "blue", "black")
WEEKS_PER_STAGE = 4
NOTES = (
    "felt strong today",
    "hamstrings tight at the start",
    "kept the ribs down better",
    "left side wobbly on the last reps",
    "short on time, rushed the rests",
    "easier than last week",
)
FLARE_NOTES = ("back sore after a long drive", "stiff getting out of bed", "eased off the range")


@dataclass(frozen=True, slots=True)
class DemoPlan:
    weeks: int
    seed: int = 1
    until: date | None = None  # the last day of the history; default yesterday
    per_week: tuple[int, int] = (3, 6)
    missed_week: bool = True
    flare: bool = True

    @property
    def last_day(self) -> date:
        return self.until or (date.today() - timedelta(days=1))

    @property
    def first_day(self) -> date:
        return self.last_day - timedelta(days=7 * self.weeks - 1)


@dataclass(frozen=True, slots=True)
class DemoHistory:
    sessions: list[HistorySession]
    missed_week: int | None
    flare_week: int | None
    first_day: date


def _pick(programs: list[Program], preferred: tuple[str, ...]) -> Program | None:
    for wanted in preferred:
        for program in programs:
            if program.id == wanted:
                return program
    return None


def _rep_exercises(program: Program) -> int:
    return sum(1 for s in program.stage for e in s.exercises if e.rep_range is not None)


def choose_programs(programs: list[Program]) -> tuple[Program, Program | None]:
    """(main programme, optional daily drill) from whatever loaded."""
    if not programs:
        raise StoreError(_("no built-in programmes could be loaded to build demo data from"))
    drill = _pick(programs, DRILL_PREFERENCE)
    main = _pick(programs, MAIN_PREFERENCE)
    if main is None:
        others = [p for p in programs if p is not drill] or programs
        main = max(others, key=lambda p: (len(p.stage), _rep_exercises(p)))
    return main, (drill if drill is not None and drill is not main else None)


def builtin_programs() -> list[Program]:
    from hipcoach.program.catalog import discover

    return [e.program for e in discover(None) if e.program is not None and e.builtin]


SlotTimes = dict[tuple[str, int, str | None], float]


def _compile(program: Program, stage_id: str) -> tuple[Timeline, tuple[SetSlot, ...], SlotTimes]:
    """The stage's timeline, its set slots and when each slot's last step ends."""
    timeline = compile_stage(program, stage_id)
    slots = tuple(planned_slots(timeline))
    done_at: SlotTimes = {}
    for step in timeline.steps:
        if step.set is None:
            continue
        exercise = timeline.exercises[step.exercise]
        side = step.side if exercise.sides == "each" else None
        done_at[(step.exercise, step.set, side)] = step.end
    return timeline, slots, done_at


class _Generator:
    def __init__(self, plan: DemoPlan, main: Program, drill: Program | None) -> None:
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.main = main
        self.drill = drill
        weeks = plan.weeks
        self.flare_week: int | None = None
        self.missed_week: int | None = None
        self._compiled: dict[tuple[str, str], tuple[Timeline, tuple[SetSlot, ...], SlotTimes]] = {}
        if plan.flare and weeks >= 2:
            self.flare_week = self.rng.randint(max(1, weeks // 3), max(1, weeks - 2))
        if plan.missed_week and weeks >= 4:
            choices = [w for w in range(1, weeks - 1) if w != self.flare_week]
            self.missed_week = self.rng.choice(choices)

    # How the body is doing -----------------------------------------------------------
    def base_pain(self, week: int) -> int:
        settled = max(0.0, 2.5 - 0.25 * week)
        if self.flare_week is not None:
            if week == self.flare_week:
                return self.rng.randint(5, 7)
            if week == self.flare_week + 1:
                return self.rng.randint(3, 4)
        return max(0, min(3, round(settled + self.rng.uniform(-0.6, 1.2))))

    def easing(self, week: int) -> bool:
        """A lighter week: the flare week and the one after it."""
        return self.flare_week is not None and week in (self.flare_week, self.flare_week + 1)

    def stage_for(self, program: Program, week: int) -> Stage:
        index = min(week // WEEKS_PER_STAGE, len(program.stage) - 1)
        if self.easing(week) and index > 0:
            index -= 1
        return program.stage[index]

    # One set ------------------------------------------------------------------------
    def set_entry(self, exercise: Exercise, slot: SetSlot, level: int, week: int,
                  pain: int, performed_at: datetime) -> SetEntry:
        rng = self.rng
        assert exercise.rep_range is not None
        low, high = exercise.rep_range.low, exercise.rep_range.high
        span = high - low
        easing = self.easing(week)
        target = low if easing else min(high, low + level)
        load_steps = 0 if easing else max(0, (level - span) // 2)
        reps = target + rng.choice((-1, 0, 0, 0, 1))
        if slot.side == "left" and week < 6:
            reps -= rng.choice((0, 1, 1))  # the weaker side, catching up
        if easing:
            reps -= rng.randint(0, 2)
        reps = max(1, min(reps, 100))
        load = self.load(Load.parse(exercise.load), load_steps)
        rpe = max(1, min(10, rng.choice((6, 7, 7, 8, 8, 9)) + (1 if easing else 0)))
        set_pain = max(0, min(10, pain + rng.choice((-1, 0, 0, 1))))
        note = ""
        if rng.random() < 0.04:
            note = rng.choice(FLARE_NOTES if easing else NOTES)
        return SetEntry(
            session_id=1, exercise=exercise.id, set_no=slot.set_no, reps=reps,
            exercise_name=exercise.name, phase=slot.phase, side=slot.side,
            target_reps=target, load=load,
            tempo=exercise.tempo_spec.text if exercise.tempo_spec else None,
            hold_s=exercise.hold_s, tut_s=tut_seconds(exercise, reps), rpe=rpe,
            pain=set_pain, note=note, performed_at=performed_at,
        )

    @staticmethod
    def load(planned: Load, steps: int) -> Load:
        if steps <= 0 or planned.unit == "bodyweight":
            return planned
        if planned.unit == "band":
            start = BANDS.index(planned.colour) if planned.colour in BANDS else 0
            return Load("band", colour=BANDS[min(len(BANDS) - 1, start + steps // 2)])
        increment = 2.5 if planned.unit == "kg" else 5.0
        return Load(planned.unit, value=(planned.value or 0.0) + increment * steps)

    # One session --------------------------------------------------------------------
    def session(self, program: Program, week: int, day: date,
                stage_weeks: dict[tuple[str, str], int]) -> HistorySession:
        rng = self.rng
        stage = self.stage_for(program, week)
        key = (program.id, stage.id)
        stage_weeks.setdefault(key, week)
        level = week - stage_weeks[key]
        if key not in self._compiled:
            self._compiled[key] = _compile(program, stage.id)
        timeline, slots, done_at = self._compiled[key]
        start = datetime.combine(day, time(rng.randint(7, 19), rng.randint(0, 59))).astimezone()
        pain = self.base_pain(week)
        abandoned = rng.random() < 0.04 and len(slots) > 1
        kept = slots[: max(1, len(slots) // 2)] if abandoned else slots
        stretch = rng.uniform(1.02, 1.2)  # people take a little longer than planned
        sets = []
        for slot in kept:
            exercise = timeline.exercises[slot.exercise]
            offset = done_at.get((slot.exercise, slot.set_no, slot.side), 0.0) * stretch
            sets.append(self.set_entry(exercise, slot, level, week, pain,
                                       start + timedelta(seconds=offset)))
        planned = timeline.total * stretch
        end = start + timedelta(seconds=planned if not abandoned else planned / 2)
        checkins = [Checkin(1, "before", pain, rng.randint(0, 4), start)]
        after = max(0, min(10, pain + rng.choice((-1, 0, 0, 1))))
        checkins.append(Checkin(1, "after", after, None, end))
        if rng.random() < 0.7 or self.easing(week):
            morning = after + (2 if week == self.flare_week else rng.choice((-1, 0, 0)))
            next_morning = datetime.combine(day + timedelta(days=1), time(7, 30)).astimezone()
            checkins.append(Checkin(1, "next_morning", max(0, min(10, morning)),
                                    rng.randint(0, 5), next_morning))
        return HistorySession(
            program_id=program.id, program_name=program.name, stage_id=stage.id,
            stage_name=stage.name, started_at=start, ended_at=end,
            status="abandoned" if abandoned else "completed",
            planned_sets=len(slots), planned_seconds=timeline.total,
            pain_before=pain, pain_after=after, sets=tuple(sets), checkins=tuple(checkins),
            active_s=timeline.total * len(kept) / len(slots) if slots else timeline.total,
        )

    def history(self) -> DemoHistory:
        plan = self.plan
        sessions: list[HistorySession] = []
        stage_weeks: dict[tuple[str, str], int] = {}
        low, high = plan.per_week
        for week in range(plan.weeks):
            if week == self.missed_week:
                continue
            count = self.rng.randint(low, high)
            days = sorted(self.rng.sample(range(7), min(7, count)))
            for n, offset in enumerate(days):
                day = plan.first_day + timedelta(days=7 * week + offset)
                use_drill = self.drill is not None and (n % 3 == 2)
                program = self.drill if use_drill and self.drill else self.main
                sessions.append(self.session(program, week, day, stage_weeks))
        return DemoHistory(sessions, self.missed_week, self.flare_week, plan.first_day)


def generate(plan: DemoPlan, programs: list[Program] | None = None) -> DemoHistory:
    """The synthetic history for ``plan`` (from the built-in programmes by default)."""
    if plan.weeks < 1:
        raise StoreError(_("demo data needs at least one week"))
    main, drill = choose_programs(builtin_programs() if programs is None else programs)
    return _Generator(plan, main, drill).history()

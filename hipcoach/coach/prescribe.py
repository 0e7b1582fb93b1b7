"""The next session's prescription, per exercise, computed from the history.

``plan_next(program, history, today=...)`` gives a ``NextPlan``: one ``Prescription``
per exercise of the stage (sets, reps, load, hold, side order, extra set, deload flag,
and one plain line saying why), the stage advice and the deload state.

The rules, in the order they are tried for each exercise (one step at most):

1. No history -> the programme as written.
2. Not done for ``restart_after_days`` -> restart gently: the programme's own exercise
   as written, with deload volume (not where the user left off).
3. The last two sessions of the exercise were red -> step back one rung (the easier
   variant, else one load step, 5 s of hold or the bottom of the rep range).
4. The last session (of any programme: pain is the body's) or the exercise's last
   session was red -> repeat, no progression.
5. A deload week (every Nth week, or the week after a flare) -> repeat with about 40%
   less volume.
6. Back after ``repeat_after_days`` -> repeat.
7. Otherwise progress from the last non-deload session:
   - holds: every hold done -> +5 s up to the cap, then +1 rep, then the variant rule;
   - weights (kg/lb): top of the range in every set -> add load (the effort table's
     step, at least the smallest) and return to the bottom, unless the effort was above
     the target (stay); else effort above the target -> lighter by the effort table;
     else a set short of its target -> repeat; else effort below the target -> heavier,
     same reps; else +1 rep;
   - bands: top of the range -> the next colour and the bottom of the range; else +1 rep;
   - body weight: top of the range -> the variant rule; else +1 rep.
   The variant rule: a harder variant (the exercise's ladder ``next``) only after the
   top was reached with pain green in ``mastery_sessions`` sessions in a row.

Then the week's modifiers: the deload cut, and for one-side-at-a-time exercises the
weaker side (by more than 10%) first with one extra set (not in a lighter week).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

import msgspec

from hipcoach.coach.decisions import Decision
from hipcoach.coach.history import DETAIL_DAYS, SessionLog
from hipcoach.coach.rules import (
    SMALL_STEP,
    TRAINING_PHASES,
    CoachConfig,
    DeloadState,
    PainCheck,
    Side,
    SideBalance,
    baseline_pain,
    block_starts,
    deload_state,
    deload_volume,
    effort_change,
    judge_pain,
    load_kind,
    parse_load,
    shift_weight,
    side_balance,
    step_load,
)
from hipcoach.coach.safety import Intake, extra_cues
from hipcoach.program.model import Exercise, Program, Stage, decode_program
from hipcoach.store.entries import Load, SetEntry, format_number

Step = Literal[
    "as_written",  # no history (or a warm-up/cool-down, a timed block)
    "repeat",  # same as last time
    "stay",  # at the top with nowhere to go yet (mastery count, no ladder)
    "reps_up",
    "load_up",
    "load_down",
    "hold_up",
    "variant_up",
    "step_back",
    "restart",
    "kept",  # the user kept the previous prescription
]
PROGRESS_STEPS: frozenset[str] = frozenset({"reps_up", "load_up", "hold_up", "variant_up"})


def ladder_next(exercise: Exercise) -> str | None:
    """The id of the harder variant named by the exercise's ``next`` field, if any.

    Read with getattr so the coach works before the programme model has the field.
    """
    value = getattr(exercise, "next", None)
    return value.strip() if isinstance(value, str) and value.strip() else None


@dataclass(frozen=True, slots=True)
class Level:
    """What one exercise asks for, before the week's modifiers."""

    exercise: str
    sets: int
    reps: int | None
    load: str = "bodyweight"
    hold_s: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "sets": self.sets, "reps": self.reps,
                "load": self.load, "hold_s": self.hold_s}


def describe(sets: int, reps: int | None, load: str = "bodyweight", hold_s: float | None = None,
             work_s: float | None = None) -> str:
    """``3x12``, ``3x8 at 8.5kg``, ``2x10 with the green band``, ``2x3 holds of 20 s``."""
    if work_s is not None:
        return f"{format_number(work_s)} s"
    if hold_s is not None:
        count = f"{sets}x{reps}" if sets > 1 else f"{reps}"
        text = f"{count} holds of {format_number(hold_s)} s"
    else:
        text = f"{sets}x{reps}"
    parsed = parse_load(load)
    if parsed.unit == "band":
        text += f" with the {parsed.colour} band"
    elif parsed.unit in ("kg", "lb"):
        text += f" at {parsed}"
    return text


def _lower(name: str) -> str:
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times in a row")


def _pain_words(pains: Sequence[int | None]) -> str:
    known = [p for p in pains if p is not None]
    if not known:
        return ""
    worst = max(known)
    return " without pain" if worst == 0 else f" with pain {worst} or less"


@dataclass(frozen=True, slots=True)
class Prescription:
    """What to do for one exercise of the stage next session, and why (``line``)."""

    slot: str  # the programme's exercise id in this stage
    exercise: str  # what to do: the slot itself or a rung of its ladder
    name: str
    phase: str
    sets: int
    reps: int | None
    rep_range: tuple[int, int] | None
    load: str
    hold_s: float | None
    work_s: float | None
    sides: str  # both | each | alternate
    side_order: tuple[Side, ...]
    extra_set_side: Side | None
    deload: bool
    step: Step
    reason: str
    line: str
    level: Level | None = None  # before the week's modifiers
    previous: Level | None = None  # what the last (non-deload) session asked for
    extra_cues: tuple[str, ...] = ()

    @property
    def volume(self) -> float:
        """Reps (x hold seconds) over all sets and sides: what a deload cuts."""
        if self.work_s is not None:
            return self.work_s
        per_set = (self.reps or 0) * (self.hold_s or 1.0)
        sides = 2 if self.sides == "each" else 1
        return per_set * (self.sets * sides + (1 if self.extra_set_side else 0))

    def proposal(self) -> dict[str, Any]:
        """The numbers a Decision refers to."""
        return {"exercise": self.exercise, "sets": self.sets, "reps": self.reps,
                "load": self.load, "hold_s": self.hold_s}

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "exercise",
            "slot": self.slot,
            "exercise": self.exercise,
            "name": self.name,
            "phase": self.phase,
            "sets": self.sets,
            "reps": self.reps,
            "rep_low": self.rep_range[0] if self.rep_range else None,
            "rep_high": self.rep_range[1] if self.rep_range else None,
            "load": self.load,
            "hold_s": self.hold_s,
            "work_s": self.work_s,
            "sides": self.sides,
            "side_order": list(self.side_order),
            "extra_set_side": self.extra_set_side,
            "deload": self.deload,
            "step": self.step,
            "reason": self.reason,
            "previous": self.previous.as_dict() if self.previous else None,
            "line": self.line,
        }


@dataclass(frozen=True, slots=True)
class StageAdvice:
    current: str
    current_name: str
    suggested: str
    suggested_name: str
    move: bool
    reason: str
    line: str
    kept: bool = False  # a move the user declined

    def to_json(self) -> dict[str, Any]:
        return {"kind": "stage", "current": self.current, "suggested": self.suggested,
                "move": self.move, "kept": self.kept, "reason": self.reason, "line": self.line}


@dataclass(frozen=True, slots=True)
class NextPlan:
    program: Program
    stage: Stage  # the stage the prescriptions are for
    day: date
    prescriptions: tuple[Prescription, ...]
    stage_advice: StageAdvice
    deload: DeloadState
    restart: bool
    based_on: int | None  # id of the newest session read (for decisions)
    notes: tuple[str, ...] = ()
    config: CoachConfig = field(default_factory=CoachConfig)

    def lines(self) -> list[str]:
        """The plain lines to show: the week, each exercise, the stage, any notes."""
        out: list[str] = list(self.notes)
        if self.deload.active:
            out.append(self.deload.line(self.config.deload_cut))
        out.extend(p.line for p in self.prescriptions)
        out.append(self.stage_advice.line)
        return out

    def prescription_for(self, slot: str) -> Prescription | None:
        return next((p for p in self.prescriptions if p.slot == slot), None)

    @property
    def volume(self) -> float:
        return sum(p.volume for p in self.prescriptions if p.phase in TRAINING_PHASES)


# Reading one session's sets ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Performance:
    level: Level
    completed: bool  # every set reached its target (reps, hold)
    topped: bool  # every set reached the top of the rep range
    rpe: int | None
    max_pain: int | None
    balance: SideBalance | None
    shortfall: str = ""  # why not completed


def _mode_load(sets: Sequence[SetEntry]) -> Load | None:
    if not sets:
        return None
    counts = Counter(str(s.load) for s in sets)
    best = max(counts.values())
    for entry in sets:  # the first of the most common, for stable results
        if counts[str(entry.load)] == best:
            return entry.load
    return None


def evaluate(exercise: Exercise, sets: Sequence[SetEntry], config: CoachConfig) -> Performance:
    """The level one session asked for (from the logged targets) and how it went."""
    assert exercise.rep_range is not None
    low, high = exercise.rep_range.low, exercise.rep_range.high
    targets = [s.target_reps for s in sets if s.target_reps is not None]
    reps = min(high, max(low, max(targets) if targets else low))
    file_load = parse_load(exercise.load)
    logged = _mode_load(sets)
    load = logged if logged is not None and load_kind(logged) == load_kind(file_load) else file_load
    hold: float | None = None
    if exercise.hold_s is not None:
        holds = [s.hold_s for s in sets if s.hold_s]
        hold = max(holds) if holds else exercise.hold_s
        hold = float(max(1.0, min(600.0, hold)))
    level = Level(exercise.id, exercise.set_count, reps, str(load), hold)

    sides: tuple[str | None, ...] = ("left", "right") if exercise.sides == "each" else (None,)
    completed, topped, shortfall = True, True, ""
    for side in sides:
        mine = [s for s in sets if (s.side == side or side is None) and s.set_no <= level.sets]
        done = {s.set_no for s in mine}
        if len(done) < level.sets:
            where = f" on the {side}" if side else ""
            completed = topped = False
            shortfall = shortfall or f"{len(done)} of {level.sets} sets done{where}"
            continue
        for entry in mine:
            if entry.reps < reps:
                completed = topped = False
                shortfall = shortfall or f"not every set reached {reps}"
            elif entry.reps < high:
                topped = False
            if hold is not None and entry.hold_s is not None and entry.hold_s < hold - 0.5:
                completed = topped = False
                shortfall = shortfall or f"not every hold reached {format_number(hold)} s"
    rpe = max((s.rpe for s in sets if s.rpe is not None), default=None)
    pain = max((s.pain for s in sets if s.pain is not None), default=None)
    balance = side_balance(sets, config.weak_side_margin) if exercise.sides == "each" else None
    return Performance(level, completed, topped, rpe, pain, balance, shortfall)


def written_level(exercise: Exercise) -> Level:
    """The exercise exactly as the programme file has it."""
    reps = exercise.rep_range.low if exercise.rep_range else None
    return Level(exercise.id, exercise.set_count, reps, exercise.load, exercise.hold_s)


# The per-session context ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ctx:
    session: SessionLog
    pain: PainCheck
    deload: bool
    block_start: date

    @property
    def day(self) -> date:
        return self.session.day


def _contexts(sessions: Sequence[SessionLog], config: CoachConfig,
              usual_pain: float | None) -> list[_Ctx]:
    days = [s.day for s in sessions]
    starts = block_starts(days, config.restart_after_days)
    befores: list[int] = []
    flares: list[date] = []
    out: list[_Ctx] = []
    for session, start in zip(sessions, starts, strict=True):
        if session.pain_before is not None:
            befores.append(session.pain_before)
        baseline = baseline_pain(befores, usual_pain)
        if baseline is not None and session.pain_before is not None:
            baseline = max(baseline, float(session.pain_before))
        pain = judge_pain(session.pain_during, session.pain_after, session.morning_pain,
                          baseline, config)
        state = deload_state(session.day, start, [f for f in flares if f >= start],
                             config.deload_every_weeks)
        out.append(_Ctx(session, pain, state.active, start))
        if pain.red:
            flares.append(session.day)
    return out


@dataclass(slots=True)
class _Env:
    program: Program
    stage: Stage
    today: date
    config: CoachConfig
    ctxs: list[_Ctx]
    index: dict[str, Exercise]
    deload: DeloadState
    restart: bool
    intake: Intake | None
    latest: _Ctx | None  # the newest session of any programme: pain is the body's, not the file's


def exercise_index(program: Program, stage: Stage) -> dict[str, Exercise]:
    """Every exercise of the programme by id, this stage's definitions first."""
    index: dict[str, Exercise] = {}
    for source in [stage, *(s for s in program.stage if s is not stage)]:
        for exercise in source.exercises:
            index.setdefault(exercise.id, exercise)
    return index


def ladder(slot: Exercise, index: dict[str, Exercise]) -> tuple[list[Exercise], str]:
    """The slot and its harder variants in order; the problem with the ladder, if any."""
    rungs = [slot]
    seen = {slot.id}
    while (nxt := ladder_next(rungs[-1])) is not None:
        if nxt in seen:
            return rungs, f"the ladder after {rungs[-1].id!r} loops back to {nxt!r}"
        target = index.get(nxt)
        if target is None:
            return rungs, f"the ladder names {nxt!r}, which is not in the programme"
        if target.rep_range is None:
            return rungs, f"the ladder names {nxt!r}, a timed block"
        rungs.append(target)
        seen.add(nxt)
    return rungs, ""


# One exercise -----------------------------------------------------------------------


@dataclass(slots=True)
class _Outcome:
    step: Step
    exercise: Exercise
    level: Level
    evidence: str
    cut: bool = False  # apply the deload/restart volume cut
    extra_set_ok: bool = True


def _progress(rung: Exercise, rungs: list[Exercise], perf: Performance, history: list[_Ctx],
              env: _Env) -> _Outcome:
    """The one step up (or the reason for none) from the last non-deload session."""
    config = env.config
    level = perf.level
    assert rung.rep_range is not None and level.reps is not None
    low, high = rung.rep_range.low, rung.rep_range.high
    done = describe(level.sets, level.reps, level.load, level.hold_s)
    pain = _pain_words([perf.max_pain])
    load = parse_load(level.load)
    kind = load_kind(load)

    def repeat(why: str) -> _Outcome:
        return _Outcome("repeat", rung, level, why)

    def reps_up() -> _Outcome:
        return _Outcome("reps_up", rung, replace(level, reps=level.reps + 1), f"{done} done{pain}")

    if kind == "weight" and rung.hold_s is None:
        rpe = perf.rpe
        effort = f", effort {rpe}" if rpe is not None else ""
        if perf.topped:
            if rpe is not None and rpe > config.rpe_target:
                return repeat(f"{done} reached at effort {rpe}: stay at this load until it "
                              "feels easier")
            change = max(effort_change(rpe, load.unit, config.rpe_target) or 0.0,
                         SMALL_STEP[load.unit])
            heavier = shift_weight(load, change)
            return _Outcome("load_up", rung, replace(level, reps=low, load=str(heavier)),
                            f"{done}{effort}{pain}")
        change = effort_change(rpe, load.unit, config.rpe_target)
        if change is not None and change < 0:
            lighter = shift_weight(load, change)
            if lighter.value != load.value:
                return _Outcome("load_down", rung, replace(level, load=str(lighter)),
                                f"{done}{effort} (aiming for {config.rpe_target})")
        if not perf.completed:
            return repeat(f"{perf.shortfall} last time")
        if change is not None and change > 0:
            return _Outcome("load_up", rung, replace(level, load=str(shift_weight(load, change))),
                            f"{done}{effort} (aiming for {config.rpe_target}){pain}")
        if level.reps < high:
            return reps_up()
        return repeat("at the top of the range")

    if not perf.completed:
        return repeat(f"{perf.shortfall} last time")
    if rung.hold_s is not None:
        cap = max(config.hold_cap_s, rung.hold_s)
        if level.hold_s is not None and level.hold_s < cap:
            longer = min(cap, level.hold_s + config.hold_step_s)
            return _Outcome("hold_up", rung, replace(level, hold_s=longer), f"{done} done{pain}")
        if level.reps < high:
            return reps_up()
        return _variant(rung, rungs, perf, history, env, done)
    if perf.topped:
        if kind == "band":
            stronger = step_load(load, +1)
            if stronger is not None:
                return _Outcome("load_up", rung, replace(level, reps=low, load=str(stronger)),
                                f"{done}{pain}")
            done += f" (no stronger band known after {load.colour})"
        return _variant(rung, rungs, perf, history, env, done)
    if level.reps < high:
        return reps_up()
    return repeat("at the top of the range")


def _variant(rung: Exercise, rungs: list[Exercise], perf: Performance, history: list[_Ctx],
             env: _Env, done: str) -> _Outcome:
    """At the top: the harder variant after N mastered sessions in a row, else stay."""
    config = env.config
    streak, pains = 0, []
    for ctx in reversed(history):
        if ctx.deload:
            continue
        sets = ctx.session.sets_of(rung.id)
        mine = evaluate(rung, sets, config)
        if not (mine.topped and ctx.pain.green):
            break
        streak += 1
        pains.append(mine.max_pain)
    level = perf.level
    position = rungs.index(rung)
    nxt_id = ladder_next(rung)
    if position + 1 < len(rungs):
        harder = rungs[position + 1]
        need = config.mastery_sessions
        if streak >= need:
            target = written_level(harder)
            return _Outcome(
                "variant_up", harder, target,
                f"{done} {_times(streak)}{_pain_words(pains)}",
            )
        if streak:
            why = (f"{done} at the top with pain green {_times(streak)} so far; {need} in a row "
                   f"come before {_lower(harder.name)}")
        else:
            why = (f"{done} but pain was not green; {need} sessions in a row at the top with "
                   f"pain green come before {_lower(harder.name)}")
        return _Outcome("stay", rung, level, why)
    if nxt_id is not None:  # named but unusable
        _, problem = ladder(rung, env.index)
        return _Outcome("stay", rung, level, f"{done}{_pain_words(pains)}; {problem}")
    return _Outcome("stay", rung, level,
                    f"{done}{_pain_words(pains)}; the programme lists no harder variant")


def _step_back(rung: Exercise, rungs: list[Exercise], perf: Performance, env: _Env,
               reasons: str) -> _Outcome:
    """One rung down: the easier variant, else one load step, 5 s of hold, or fewer reps."""
    position = rungs.index(rung)
    level = perf.level
    if position > 0:
        easier = rungs[position - 1]
        last = [c for c in env.ctxs if c.session.sets_of(easier.id) and not c.deload]
        if last:
            back = evaluate(easier, last[-1].session.sets_of(easier.id), env.config).level
        else:
            back = written_level(easier)
        return _Outcome("step_back", easier, back, reasons, extra_set_ok=False)
    load = parse_load(level.load)
    lighter = step_load(load, -1)
    if lighter is not None:
        return _Outcome("step_back", rung, replace(level, load=str(lighter)), reasons,
                        extra_set_ok=False)
    if level.hold_s is not None and rung.hold_s is not None and level.hold_s > 5:
        shorter = max(5.0, level.hold_s - env.config.hold_step_s)
        return _Outcome("step_back", rung, replace(level, hold_s=shorter), reasons,
                        extra_set_ok=False)
    assert rung.rep_range is not None
    if level.reps is not None and level.reps > rung.rep_range.low:
        return _Outcome("step_back", rung, replace(level, reps=rung.rep_range.low), reasons,
                        extra_set_ok=False)
    return _Outcome("repeat", rung, level, f"{reasons}; already at the easiest level",
                    extra_set_ok=False)


def _prescribe(slot: Exercise, phase: str, env: _Env) -> Prescription:
    config = env.config
    name = slot.name
    rep_range = (slot.rep_range.low, slot.rep_range.high) if slot.rep_range else None
    base = {
        "slot": slot.id, "phase": phase, "sides": slot.sides, "side_order": (),
        "extra_set_side": None, "deload": False,
        "extra_cues": extra_cues(slot, env.intake),
    }
    if slot.work_s is not None:
        text = describe(1, None, work_s=slot.work_s)
        return Prescription(exercise=slot.id, name=name, sets=1, reps=None, rep_range=None,
                            load=slot.load, hold_s=None, work_s=slot.work_s, step="as_written",
                            reason="timed block", line=f"{name}: {text} as written (timed)",
                            level=None, **base)  # type: ignore[arg-type]
    assert slot.rep_range is not None
    written = written_level(slot)
    if phase not in TRAINING_PHASES:
        text = describe(written.sets, written.reps, written.load, written.hold_s)
        return Prescription(exercise=slot.id, name=name, sets=written.sets, reps=written.reps,
                            rep_range=rep_range, load=written.load, hold_s=written.hold_s,
                            work_s=None, step="as_written", reason=f"{phase}: as written",
                            line=f"{name}: {text} as written ({phase.replace('warmup', 'warm-up')})",
                            level=written, **base)  # type: ignore[arg-type]

    rungs, ladder_problem = ladder(slot, env.index)
    seen = {r.id: i for i, c in enumerate(env.ctxs) for r in rungs if c.session.sets_of(r.id)}
    if not seen:
        if any(not c.session.sets for c in env.ctxs):  # older sessions were read as dates only
            outcome = _Outcome("restart", slot, written, "not done in the last "
                               f"{DETAIL_DAYS // 30} months: restart gently", cut=True,
                               extra_set_ok=False)
        else:
            outcome = _Outcome("as_written", slot, written, "no history yet")
        return _finish(slot, phase, rungs, outcome, None, None, env, base, ladder_problem)
    rung = max(rungs, key=lambda r: (seen.get(r.id, -1), rungs.index(r)))
    history = [c for c in env.ctxs if c.session.sets_of(rung.id)]
    last = history[-1]
    gap = (env.today - last.day).days
    if gap >= config.restart_after_days:
        outcome = _Outcome("restart", slot, written,
                           f"{gap} days since you last did it: restart gently", cut=True,
                           extra_set_ok=False)
        return _finish(slot, phase, rungs, outcome, None, None, env, base, ladder_problem)
    loading = [c for c in history if not c.deload]
    ref = loading[-1] if loading else last
    perf = evaluate(rung, ref.session.sets_of(rung.id), config)
    reds = 0
    for ctx in reversed(history):
        if not ctx.pain.red:
            break
        reds += 1
    latest = env.latest
    assert latest is not None
    if reds >= 2:
        why = "; ".join(last.pain.reasons) or "pain too high"
        outcome = _step_back(rung, rungs, perf, env,
                             f"red in the last {reds} sessions ({why})")
    elif latest.pain.red or last.pain.red:
        source = latest if latest.pain.red else last
        why = "; ".join(source.pain.reasons) or "pain too high"
        outcome = _Outcome("repeat", rung, perf.level, f"{why}: no progression",
                           extra_set_ok=False)
    elif env.deload.active:
        why = "lighter week after a pain flare" if env.deload.reason == "flare" else "deload week"
        outcome = _Outcome("repeat", rung, perf.level, why, extra_set_ok=False)
    elif gap >= config.repeat_after_days:
        outcome = _Outcome("repeat", rung, perf.level, f"back after {gap} days")
    else:
        outcome = _progress(rung, rungs, perf, loading or history, env)
    return _finish(slot, phase, rungs, outcome, perf, perf.level, env, base, ladder_problem,
                   rung)


def _finish(slot: Exercise, phase: str, rungs: list[Exercise], outcome: _Outcome,
            perf: Performance | None, previous: Level | None, env: _Env,
            base: dict[str, Any], ladder_problem: str, rung: Exercise | None = None
            ) -> Prescription:
    """Apply the week's modifiers (deload, restart, sides) and write the line."""
    config = env.config
    exercise = outcome.exercise
    level = outcome.level
    rung = rung or slot
    assert exercise.rep_range is not None and level.reps is not None
    sets, reps, hold = level.sets, level.reps, level.hold_s
    deload = env.deload.active
    if deload or outcome.cut:
        sets, reps, hold = deload_volume(sets, reps, hold, config.deload_cut)
    side_order: tuple[Side, ...] = ()
    extra: Side | None = None
    side_note = ""
    if exercise.sides == "each":
        side_order = ("left", "right")
        balance = perf.balance if perf is not None else None
        if balance is not None and balance.weaker is not None:
            strong: Side = "right" if balance.weaker == "left" else "left"
            side_order = (balance.weaker, strong)
            side_note = (f"; {balance.weaker} side first "
                         f"({round(balance.deficit * 100)}% weaker than the {strong})")
            if outcome.extra_set_ok and not deload:
                extra = balance.weaker
                side_note += f", plus one extra {balance.weaker} set"
    target = describe(sets, reps, level.load, hold)
    shown = target
    if deload:
        shown = f"{target} instead of {describe(level.sets, level.reps, level.load, level.hold_s)}"
    step = outcome.step
    name = exercise.name
    evidence = outcome.evidence
    if step == "as_written":
        line = f"{name}: {evidence} -> {shown}" + ("" if deload else " as written")
    elif step == "restart":
        line = (f"{name}: {evidence} -> {target} (the programme's start, about "
                f"{round(config.deload_cut * 100)}% less)")
    elif step == "variant_up":
        line = f"{rung.name}: {evidence} -> {_lower(name)} {shown}"
    elif step == "step_back" and exercise is not rung:
        line = f"{rung.name}: {evidence} -> back to {_lower(name)} {shown}"
    elif step == "step_back":
        line = f"{name}: {evidence} -> step back to {shown}"
    elif step in ("repeat", "stay"):
        line = f"{name}: {evidence} -> {shown if deload else 'repeat ' + shown}"
    else:
        line = f"{name}: {evidence} -> {shown}"
    line += side_note
    if ladder_problem and ladder_problem not in line:
        line += f" (note: {ladder_problem})"
    fields = dict(base)
    fields.update(sides=exercise.sides, side_order=side_order, extra_set_side=extra,
                  deload=deload, extra_cues=extra_cues(exercise, env.intake))
    return Prescription(
        exercise=exercise.id, name=name, sets=sets, reps=reps,
        rep_range=(exercise.rep_range.low, exercise.rep_range.high), load=level.load,
        hold_s=hold, work_s=None, step=step, reason=evidence, line=line,
        level=level, previous=previous, **fields,
    )


# The stage --------------------------------------------------------------------------


def _stage_advice(current: Stage, env: _Env) -> StageAdvice:
    program, config = env.program, env.config
    position = next(i for i, s in enumerate(program.stage) if s.id == current.id)
    following = program.stage[position + 1] if position + 1 < len(program.stage) else None
    n = config.mastery_sessions

    def stay(reason: str, line: str) -> StageAdvice:
        return StageAdvice(current.id, current.name, current.id, current.name, False, reason,
                           f"Stage: {line}")

    if env.restart:
        return stay("restart", f"back after a long break -> stay in {current.name}, restart gently")
    if env.deload.active:
        return stay("deload", f"lighter week -> stay in {current.name} this week")
    mine = [c for c in env.ctxs if c.session.stage_id == current.id]
    if len(mine) < n:
        return stay("too few sessions",
                    f"{len(mine)} of {n} sessions in {current.name} so far -> stay")
    recent = mine[-n:]
    sore = [c for c in recent if not c.pain.green]
    if sore:
        return stay("pain", f"pain above {config.pain_green_max} in {len(sore)} of the last {n} "
                    f"sessions -> stay in {current.name}")
    missing: list[tuple[str, int]] = []
    for phase in current.phase:
        if phase.kind not in TRAINING_PHASES:
            continue
        for exercise in phase.exercise:
            if exercise.rep_range is None:
                continue
            rungs, _ = ladder(exercise, env.index)
            count = 0
            for ctx in mine:
                if ctx.deload or not ctx.pain.green:
                    continue
                if any(ctx.session.sets_of(r.id)
                       and evaluate(r, ctx.session.sets_of(r.id), config).topped for r in rungs):
                    count += 1
            if count < n:
                missing.append((exercise.name, count))
    if missing:
        first, count = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        return stay("not mastered", f"{first} at the top of its range in {count} of {n} sessions"
                    f"{more} -> stay in {current.name}")
    if following is None:
        return stay("last stage", f"every exercise mastered; {current.name} is the last stage "
                    "-> keep going here")
    return StageAdvice(
        current.id, current.name, following.id, following.name, True, "mastered",
        f"Stage: every exercise at the top of its range in {n} sessions, pain green in the "
        f"last {n} -> move up to {following.name}",
    )


# The plan ---------------------------------------------------------------------------


def plan_next(
    program: Program,
    history: Sequence[SessionLog],
    *,
    today: date | None = None,
    config: CoachConfig | None = None,
    stage_id: str | None = None,
    decisions: Sequence[Decision] = (),
    usual_pain: float | None = None,
    intake: Intake | None = None,
) -> NextPlan:
    """The next session of ``program``: every exercise's prescription and the stage.

    ``history`` need not be sorted; other programmes' sessions count for pain and the
    deload calendar only.
    ``stage_id`` forces a stage (KeyError if unknown); by default it is the stage of the
    last session, or the next one when its criteria are met (unless the user declined).
    ``usual_pain`` is the baseline used when no "before" check-ins exist (the intake).
    """
    config = config or CoachConfig()
    today = today or date.today()
    sessions = sorted((s for s in history if s.trained and s.day <= today),
                      key=lambda s: (s.started_at, s.id))
    # Pain, flares and the deload calendar come from every session (any programme): a
    # flare in the daily drill counts for the main programme too. Exercise histories and
    # stages come from this programme's sessions only.
    everything = _contexts(sessions, config, usual_pain)
    ctxs = [c for c in everything if c.session.program_id == program.id]
    restart = bool(ctxs) and (today - ctxs[-1].day).days >= config.restart_after_days
    latest = everything[-1] if everything else None
    block = None
    if latest is not None and (today - latest.day).days < config.restart_after_days:
        block = latest.block_start
    flares = [c.day for c in everything if c.pain.red and block is not None and c.day >= block]
    deload = deload_state(today, block, flares, config.deload_every_weeks)
    if restart or not ctxs:
        deload = DeloadState(False, week=1, every_weeks=config.deload_every_weeks)

    known = {s.id for s in program.stage}
    if stage_id is not None:
        current = program.get_stage(stage_id)
    else:
        last_stage = next((c.session.stage_id for c in reversed(ctxs)
                           if c.session.stage_id in known), None)
        current = program.get_stage(last_stage)
    based_on = latest.session.id if latest else None
    env = _Env(program, current, today, config, ctxs, exercise_index(program, current),
               deload, restart, intake, latest)
    advice = _stage_advice(current, env)
    chosen = current
    if advice.move:
        declined = any(d.slot == "stage" and not d.accepted and d.program_id == program.id
                       and d.based_on == based_on and d.proposal.get("stage") == advice.suggested
                       for d in decisions)
        if declined:
            advice = replace(advice, kept=True, line=f"Stage: you chose to stay in "
                             f"{current.name} for now (ready for {advice.suggested_name})")
        elif stage_id is None:
            chosen = program.get_stage(advice.suggested)
    env.stage = chosen
    env.index = exercise_index(program, chosen)
    prescriptions = []
    for phase in chosen.phase:
        for exercise in phase.exercise:
            made = _prescribe(exercise, phase.kind, env)
            prescriptions.append(_apply_decisions(made, decisions, program.id, based_on, env))
    notes: list[str] = []
    if restart and ctxs:
        gap = (today - ctxs[-1].day).days
        notes.append(f"Back after {gap} days: every exercise restarts gently from the programme's "
                     "start.")
    return NextPlan(program, chosen, today, tuple(prescriptions), advice, deload, restart,
                    based_on, tuple(notes), config)


def _apply_decisions(made: Prescription, decisions: Sequence[Decision], program_id: str,
                     based_on: int | None, env: _Env) -> Prescription:
    """A proposal the user declined (for the same history) becomes last time's level."""
    if made.previous is None or made.step not in PROGRESS_STEPS | {"load_down", "step_back"}:
        return made
    for decision in reversed(decisions):
        if (decision.slot == made.slot and decision.program_id == program_id
                and decision.based_on == based_on and decision.proposal == made.proposal()):
            if decision.accepted:
                return made
            prev = made.previous
            exercise = env.index.get(prev.exercise)
            if exercise is None or exercise.rep_range is None or prev.reps is None:
                return made
            sets, reps, hold = prev.sets, prev.reps, prev.hold_s
            if made.deload:
                sets, reps, hold = deload_volume(sets, reps, hold, env.config.deload_cut)
            text = describe(sets, reps, prev.load, hold)
            return replace(
                made, exercise=prev.exercise, name=exercise.name, sets=sets, reps=reps,
                rep_range=(exercise.rep_range.low, exercise.rep_range.high), load=prev.load,
                hold_s=hold, step="kept", level=prev, extra_set_side=None,
                reason="you kept the previous prescription",
                line=f"{exercise.name}: you chose to keep {text} "
                     f"(proposed: {describe(made.sets, made.reps, made.load, made.hold_s)})",
            )
    return made


# Playing a prescription -------------------------------------------------------------


def prescribed_program(plan: NextPlan) -> Program:
    """A one-stage copy of the plan's stage with the prescribed numbers and variants, for
    the existing player (``compile_stage``). The rep range keeps its top (``"11-15"``) so
    the target is the prescribed reps. Side order and the extra set are not expressible in
    a programme file; the caller handles those from the prescriptions.
    """
    data = msgspec.to_builtins(plan.program)
    index = exercise_index(plan.program, plan.stage)
    stage = next(s for s in data["stage"] if s["id"] == plan.stage.id)
    by_slot = {p.slot: p for p in plan.prescriptions}
    for phase in stage["phase"]:
        used = {e["id"] for e in phase["exercise"]}
        rows = []
        for row in phase["exercise"]:
            p = by_slot.get(row["id"])
            if p is None or p.work_s is not None:
                rows.append(row)
                continue
            if p.exercise != row["id"]:
                if p.exercise in used:
                    continue  # the variant is already in this stage
                variant = msgspec.to_builtins(index[p.exercise])
                row = variant
            row = dict(row)
            reps = max(p.reps or 1, 2 if row.get("sides") == "alternate" else 1)
            high = max(reps, p.rep_range[1] if p.rep_range else reps)
            row["sets"] = p.sets
            row["reps"] = f"{reps}-{high}" if high != reps else reps
            if row.get("sides") == "each":  # the weaker side first, and its extra set
                if p.side_order:
                    row["first_side"] = p.side_order[0]
                if p.extra_set_side is not None:
                    row["extra_side"] = p.extra_set_side
            row["load"] = p.load
            if p.hold_s is not None:
                row["hold"] = int(math.ceil(p.hold_s))
            rows.append(row)
        phase["exercise"] = rows
    for phase in stage["phase"]:
        for row in phase["exercise"]:
            row.pop("next", None)  # ladders may point into stages this copy leaves out
    data["stage"] = [stage]
    return decode_program(data)

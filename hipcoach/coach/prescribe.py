"""The next session's prescription, per exercise, computed from the history.

``plan_next(program, history, today=...)`` gives a ``NextPlan``: one ``Prescription``
per exercise of the stage (sets, reps, load, hold, side order, extra set, deload flag,
and one plain line saying why), the stage advice and the deload state.

The rules, in the order they are tried for each exercise (one step at most; every line
ends with the rule's id and source, see ``catalogue`` and docs/coach-rules.md):

1. W1 no history -> the programme as written (W2: warm-ups, cool-downs, timed blocks).
2. G2 not done for ``restart_after_days`` (28) -> restart gently from the programme's own
   exercise with deload volume.
3. P2 the last two sessions of the exercise were red -> step back one rung.
4. P1 the last session (of any programme: pain is the body's) or the exercise's last
   session was red -> repeat, no progression.
5. D1/D2 a deload week (every Nth week, or the week after a flare) -> about 40% less.
6. G1 back after ``repeat_after_days`` (10) -> repeat with less volume.
7. B1 the last two full sessions fell short -> step back; B2 the same prescription for N
   sessions, not all done -> the easier variant or a smaller range of movement.
8. F1/F2 a safety hold (red flag without clearance, questions not answered) -> repeat.
9. E1-E3 evidence: the last two full sessions since the latest red signal must have pain
   recorded (E2, else the end screen asks) and green (E3 amber holds); fewer -> E1 hold.
10. Otherwise progress from the last evidence session: R1 +1 rep; H1 +5 s of hold; L1/L2
    a load step of at most 10% or the smallest equipment step; L3 a slower lowering first
    when that step is above 10%; L4 one step lighter at effort above the target, never
    to 0; L5 nothing heavier at effort 9+; L6 the next band; V1 the harder variant after
    N mastered sessions in a row.

Then the week's modifiers: the deload cut (never below the drill's 2x5 per side, D3),
and for one-side-at-a-time exercises the weaker side first with one extra set (S1).
Rotation groups (U1) play one member per session; a stage move (T1) is proposed and
made once the user accepts it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

import msgspec

from hipcoach.coach.catalogue import tag
from hipcoach.coach.decisions import Decision
from hipcoach.coach.history import DETAIL_DAYS, SessionLog
from hipcoach.coach.profile import Profile, safety_hold
from hipcoach.coach.rules import (
    DRILL_FLOOR,
    DRILL_ID,
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
    side_balance,
)
from hipcoach.coach.safety import Intake, extra_cues
from hipcoach.domain.entries import MAX_LOAD, Load, SetEntry
from hipcoach.domain.equipment import MAX_STEP_FRACTION
from hipcoach.format import band_text, load_text, number_text, short_day
from hipcoach.i18n import N_, _, language, ngettext
from hipcoach.program.decode import decode_program
from hipcoach.program.model import Exercise, Program, Stage, Tempo

Step = Literal[
    "as_written",  # no history (or a warm-up/cool-down, a timed block)
    "repeat",  # same as last time
    "stay",  # at the top with nowhere to go yet (mastery count, no ladder)
    "reps_up",
    "tempo_up",
    "load_up",
    "load_down",
    "hold_up",
    "variant_up",
    "step_back",
    "restart",
    "kept",  # the user kept the previous prescription
]
PROGRESS_STEPS: frozenset[str] = frozenset({"reps_up", "tempo_up", "load_up", "hold_up",
                                            "variant_up"})


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
    tempo: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {"exercise": self.exercise, "sets": self.sets, "reps": self.reps,
               "load": self.load, "hold_s": self.hold_s}
        if self.tempo is not None:
            out["tempo"] = self.tempo
        return out


def describe(sets: int, reps: int | None, load: str = "bodyweight", hold_s: float | None = None,
             work_s: float | None = None) -> str:
    """``3x12``, ``3x8 at 8.5 kg``, ``2x10 with the green band``, ``2x3 holds of 20 s``."""
    if work_s is not None:
        return _("{seconds} s").format(seconds=number_text(work_s))
    if hold_s is not None:
        count = f"{sets}x{reps}" if sets > 1 else f"{reps}"
        text = _("{count} holds of {seconds} s").format(count=count, seconds=number_text(hold_s))
    else:
        text = f"{sets}x{reps}"
    parsed = parse_load(load)
    if parsed.unit == "band":
        text = _("{sets} with the {band}").format(sets=text, band=band_text(parsed.colour or ""))
    elif parsed.unit in ("kg", "lb"):
        text = _("{sets} at {load}").format(sets=text, load=load_text(parsed))
    return text


# How a phase kind reads inside a coach line ("as written (warm-up)").
PHASE_KIND_WORDS: dict[str, str] = {
    "warmup": N_("warm-up"), "activation": N_("activation"), "loaded": N_("loaded"),
    "endurance": N_("endurance"), "cooldown": N_("cooldown"),
}


def phase_word(kind: str) -> str:
    return _(PHASE_KIND_WORDS[kind]) if kind in PHASE_KIND_WORDS else kind


def _lower(name: str) -> str:
    if language() != "en":  # German nouns keep their capital
        return name
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _times(n: int) -> str:
    if n == 1:
        return _("once")
    if n == 2:
        return _("twice")
    return ngettext("{n} time in a row", "{n} times in a row", n).format(n=n)


def _pain_words(pains: Sequence[int | None]) -> str:
    """Only ever called with the evidence sessions (after the latest red signal)."""
    known = [p for p in pains if p is not None]
    if not known:
        return ""
    worst = max(known)
    return _(" without pain") if worst == 0 else _(" with pain {worst} or less").format(worst=worst)


def floor_of(exercise_id: str) -> tuple[int, int] | None:
    """The least any cut may leave of an exercise (the daily drill's 2x5 per side)."""
    return DRILL_FLOOR if exercise_id == DRILL_ID else None


def tempo_extra(tempo: str | None, written: str | None) -> int | None:
    """Seconds the lowering of ``tempo`` is slower than the written tempo (None: no tempo)."""
    if tempo is None or written is None:
        return None
    try:
        now, base = Tempo.parse(tempo), Tempo.parse(written)
    except ValueError:
        return None
    return int(now.eccentric - base.eccentric)


def slower(tempo: str) -> str | None:
    """The tempo with one more second of lowering (None at 9 s or for an ``X``)."""
    digits = tempo.strip().upper().split("-")
    if len(digits) != 4 or not digits[0].isdigit() or int(digits[0]) >= 9:
        return None
    return "-".join([str(int(digits[0]) + 1), *digits[1:]])


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
    rule: str = "W1"  # the id of the rule that decided (see ``catalogue``)
    tempo: str | None = None  # the tempo to play, when it differs from the file's

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
        out = {"exercise": self.exercise, "sets": self.sets, "reps": self.reps,
               "load": self.load, "hold_s": self.hold_s}
        if self.tempo is not None:
            out["tempo"] = self.tempo
        return out

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
            "rule": self.rule,
            "tempo": self.tempo,
            "reason": self.reason,
            "previous": self.previous.as_dict() if self.previous else None,
            "extra_cues": list(self.extra_cues),
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
    rule: str = "T1"

    def to_json(self) -> dict[str, Any]:
        return {"kind": "stage", "current": self.current, "suggested": self.suggested,
                "move": self.move, "kept": self.kept, "reason": self.reason, "rule": self.rule,
                "line": self.line}


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
    hold: str | None = None  # a safety hold on all progression (red flags), its line
    needs_pain: str | None = None  # why the end screen must ask for pain, if it must
    last_flare: date | None = None  # the day of the newest red session (any programme)

    def lines(self) -> list[str]:
        """The plain lines to show: any hold, the week, each exercise, the stage, notes."""
        out: list[str] = []
        if self.hold:
            out.append(self.hold)
        out.extend(self.notes)
        if self.deload.active:
            rule = "D2" if self.deload.reason == "flare" else "D1"
            out.append(self.deload.line(self.config.deload_cut) + tag(rule))
        if self.needs_pain:
            out.append(self.needs_pain)
        for p in self.prescriptions:
            out.append(p.line)
            if p.extra_cues:
                out.append(_("{name}, your cues: {cues}").format(
                    name=p.name, cues="; ".join(p.extra_cues)) + tag("C1"))
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
    tempos = Counter(s.tempo for s in sets if s.tempo)
    tempo = tempos.most_common(1)[0][0] if tempos else exercise.tempo
    if tempo_extra(tempo, exercise.tempo) is None:
        tempo = exercise.tempo
    level = Level(exercise.id, exercise.set_count, reps, str(load), hold, tempo)

    sides: tuple[str | None, ...] = ("left", "right") if exercise.sides == "each" else (None,)
    completed, topped, shortfall = True, True, ""
    for side in sides:
        mine = [s for s in sets if (s.side == side or side is None) and s.set_no <= level.sets]
        done = {s.set_no for s in mine}
        if len(done) < level.sets:
            completed = topped = False
            if side == "left":
                missed = _("{done} of {sets} sets done on the left")
            elif side == "right":
                missed = _("{done} of {sets} sets done on the right")
            else:
                missed = _("{done} of {sets} sets done")
            shortfall = shortfall or missed.format(done=len(done), sets=level.sets)
            continue
        for entry in mine:
            if entry.reps < reps:
                completed = topped = False
                shortfall = shortfall or _("not every set reached {reps}").format(reps=reps)
            elif entry.reps < high:
                topped = False
            if hold is not None and entry.hold_s is not None and entry.hold_s < hold - 0.5:
                completed = topped = False
                shortfall = shortfall or _("not every hold reached {seconds} s").format(
                    seconds=number_text(hold))
    rpe = max((s.rpe for s in sets if s.rpe is not None), default=None)
    pain = max((s.pain for s in sets if s.pain is not None), default=None)
    balance = side_balance(sets, config.weak_side_margin) if exercise.sides == "each" else None
    return Performance(level, completed, topped, rpe, pain, balance, shortfall)


def written_level(exercise: Exercise) -> Level:
    """The exercise exactly as the programme file has it."""
    reps = exercise.rep_range.low if exercise.rep_range else None
    return Level(exercise.id, exercise.set_count, reps, exercise.load, exercise.hold_s,
                 exercise.tempo)


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
    previous: dict[str, date] = {}  # the last day of each programme
    for session, start in zip(sessions, starts, strict=True):
        before = previous.get(session.program_id)
        previous[session.program_id] = session.day
        back = before is not None and (session.day - before).days >= config.repeat_after_days
        if session.pain_before is not None:
            befores.append(session.pain_before)
        baseline = baseline_pain(befores, usual_pain)
        if baseline is not None and session.pain_before is not None:
            baseline = max(baseline, float(session.pain_before))
        pain = judge_pain(session.pain_during, session.pain_after, session.morning_pain,
                          baseline, config)
        state = deload_state(session.day, start, [f for f in flares if f >= start],
                             config.deload_every_weeks)
        # A session after a gap was prescribed with less volume: like a deload session it
        # is neither evidence for progression nor a failure to back off from.
        out.append(_Ctx(session, pain, state.active or back, start))
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
    last_red: _Ctx | None = None  # the newest red session of any programme
    everything: list[_Ctx] = field(default_factory=list)  # every programme's sessions
    hold: tuple[str, str] | None = None  # (rule id, reason): a safety hold on progression
    unknown_pain: list[_Ctx] = field(default_factory=list)  # E2 holds, for the end screen


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
    rule: str
    cut: bool = False  # apply the deload/restart volume cut
    extra_set_ok: bool = True


def _rpe_words(rpe: int | None) -> str:
    return _(", effort {rpe}").format(rpe=rpe) if rpe is not None else ""


def _progress(rung: Exercise, rungs: list[Exercise], perf: Performance, evidence: list[_Ctx],
              env: _Env) -> _Outcome:
    """The one step up (or the reason for none) from the last evidence session.

    Only called when the evidence rules passed: the last sessions since the latest red
    signal had pain recorded and green, and nothing holds progression.
    """
    config = env.config
    gear = config.equipment
    level = perf.level
    assert rung.rep_range is not None and level.reps is not None
    low, high = rung.rep_range.low, rung.rep_range.high
    done = describe(level.sets, level.reps, level.load, level.hold_s)
    pains = [evaluate(rung, c.session.sets_of(rung.id), config).max_pain
             for c in evidence[-config.evidence_sessions:]]
    pain = _pain_words(pains)
    load = parse_load(level.load)
    kind = load_kind(load)
    rpe = perf.rpe
    hard = rpe is not None and rpe >= config.effort_ceiling

    def repeat(why: str, rule: str) -> _Outcome:
        return _Outcome("repeat", rung, level, why, rule)

    def reps_up() -> _Outcome:
        return _Outcome("reps_up", rung, replace(level, reps=level.reps + 1),
                        _("{done} done{pain}").format(done=done, pain=pain), "R1")

    if kind == "weight" and rung.hold_s is None:
        if load.value is None or not 0 < load.value <= MAX_LOAD:
            return repeat(_("the logged load {load} is outside 0-{most}: hold").format(
                load=load_text(load), most=number_text(MAX_LOAD)), "L2")
        change = effort_change(rpe, load.unit, config.rpe_target)
        if perf.topped:
            if hard:
                return repeat(_("{done} reached at effort {rpe}: no more load at effort "
                                "{ceiling} or above").format(
                                    done=done, rpe=rpe, ceiling=config.effort_ceiling), "L5")
            easy = rpe is not None and config.rpe_target - rpe >= 2
            return _load_up(rung, level, low, load, easy,
                            f"{done}{_rpe_words(rpe)}{pain}", env)
        if change is not None and change < 0:
            why = _("{done}{effort} (aiming for {target})").format(
                done=done, effort=_rpe_words(rpe), target=config.rpe_target)
            return _load_down(rung, rungs, level, load, why, env)
        if not perf.completed:
            return repeat(_("{shortfall} last time").format(shortfall=perf.shortfall), "R1")
        fraction = gear.step_fraction(load)
        if (change is not None and change > 0 and fraction is not None
                and fraction <= MAX_STEP_FRACTION + 1e-9):
            heavier = gear.heavier(load)
            assert heavier is not None
            return _Outcome("load_up", rung, replace(level, load=str(heavier)),
                            _("{done}{effort} (aiming for {target}){pain}").format(
                                done=done, effort=_rpe_words(rpe), target=config.rpe_target,
                                pain=pain),
                            "L1")
        if level.reps < high:
            return reps_up()
        return repeat(_("at the top of the range"), "R1")

    if not perf.completed:
        return repeat(_("{shortfall} last time").format(shortfall=perf.shortfall), "R1")
    if rung.hold_s is not None:
        cap = max(config.hold_cap_s, rung.hold_s)
        if level.hold_s is not None and level.hold_s < cap:
            longer = min(cap, level.hold_s + config.hold_step_s)
            return _Outcome("hold_up", rung, replace(level, hold_s=longer),
                            _("{done} done{pain}").format(done=done, pain=pain), "H1")
        if level.reps < high:
            return reps_up()
        return _variant(rung, rungs, perf, evidence, env, done)
    if perf.topped:
        if kind == "band":
            if hard:
                return repeat(_("{done} at effort {rpe}: no harder band at effort "
                                "{ceiling} or above").format(
                                    done=done, rpe=rpe, ceiling=config.effort_ceiling), "L5")
            stronger = gear.heavier(load)
            if stronger is not None:
                return _Outcome("load_up", rung, replace(level, reps=low, load=str(stronger)),
                                f"{done}{pain}", "L6")
            done = _("{done} (no stronger band than {colour} in your list)").format(
                done=done, colour=load.colour)
        return _variant(rung, rungs, perf, evidence, env, done)
    if level.reps < high:
        return reps_up()
    return repeat(_("at the top of the range"), "R1")


def _load_up(rung: Exercise, level: Level, low: int, load: Load, easy: bool, done: str,
             env: _Env) -> _Outcome:
    """At the top of the range: one load step, or the tempo first when the step is big."""
    config = env.config
    gear = config.equipment
    heavier = gear.heavier(load, up_to_fraction=easy)
    if heavier is None or heavier.value is None or load.value is None:
        return _Outcome("stay", rung, level, _("{done}; no heavier weight in your equipment "
                        "(Settings) within the limits").format(done=done), "L2")
    fraction = (heavier.value - load.value) / load.value
    if fraction > MAX_STEP_FRACTION + 1e-9:
        extra = tempo_extra(level.tempo, rung.tempo)
        if extra is not None and extra < config.tempo_extra_max and level.tempo is not None:
            tempo = slower(level.tempo)
            if tempo is not None:
                return _Outcome(
                    "tempo_up", rung, replace(level, tempo=tempo),
                    _("{done}; the next weight ({heavier}) is {percent}% more, "
                      "so first lower 1 s slower").format(
                          done=done, heavier=load_text(heavier), percent=round(fraction * 100)),
                    "L3")
    percent = round(fraction * 100)
    big = fraction > MAX_STEP_FRACTION + 1e-9
    why = (_("{done}; +{percent}% (the smallest step your equipment allows)") if big
           else _("{done}; +{percent}%")).format(done=done, percent=percent)
    return _Outcome("load_up", rung, replace(level, reps=low, load=str(heavier),
                                             tempo=rung.tempo), why, "L2" if big else "L1")


def _load_down(rung: Exercise, rungs: list[Exercise], level: Level, load: Load, why: str,
               env: _Env) -> _Outcome:
    """Effort above the target: one step lighter, never to 0 (the easier variant then)."""
    lighter = env.config.equipment.lighter(load)
    if lighter is not None:
        return _Outcome("load_down", rung, replace(level, load=str(lighter)), why, "L4")
    position = rungs.index(rung)
    if position > 0:
        return _step_back(rung, rungs, level, env,
                          _("{why}; no lighter weight").format(why=why), "L4")
    assert rung.rep_range is not None
    if level.reps is not None and level.reps > rung.rep_range.low:
        return _Outcome("load_down", rung, replace(level, reps=rung.rep_range.low),
                        _("{why}; no lighter weight, so fewer reps").format(why=why), "L4")
    return _Outcome("repeat", rung, level,
                    _("{why}; no lighter weight or easier variant").format(why=why), "L4")


def _variant(rung: Exercise, rungs: list[Exercise], perf: Performance, evidence: list[_Ctx],
             env: _Env, done: str) -> _Outcome:
    """At the top: the harder variant after N mastered sessions in a row, else stay."""
    config = env.config
    streak, pains = 0, []
    for ctx in reversed(evidence):
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
        if perf.rpe is not None and perf.rpe >= config.effort_ceiling:
            return _Outcome("stay", rung, level, _("{done} at effort {rpe}: no harder "
                            "variant at effort {ceiling} or above").format(
                                done=done, rpe=perf.rpe, ceiling=config.effort_ceiling), "L5")
        if streak >= need:
            target = written_level(harder)
            return _Outcome(
                "variant_up", harder, target,
                _("{done} {times}{pain}").format(
                    done=done, times=_times(streak), pain=_pain_words(pains)), "V1",
            )
        if streak:
            why = _("{done} at the top with pain green {times} so far; {need} in a row "
                    "come before {harder}").format(
                        done=done, times=_times(streak), need=need, harder=_lower(harder.name))
        else:
            why = _("{done} but pain was not green; {need} sessions in a row at the top with "
                    "pain green come before {harder}").format(
                        done=done, need=need, harder=_lower(harder.name))
        return _Outcome("stay", rung, level, why, "V1")
    if nxt_id is not None:  # named but unusable
        _rungs, problem = ladder(rung, env.index)
        return _Outcome("stay", rung, level, _("{done}{pain}; {problem}").format(
            done=done, pain=_pain_words(pains), problem=problem), "V1")
    return _Outcome("stay", rung, level,
                    _("{done}{pain}; the programme lists no harder variant").format(
                        done=done, pain=_pain_words(pains)), "V1")


def _step_back(rung: Exercise, rungs: list[Exercise], level: Level, env: _Env,
               reasons: str, rule: str) -> _Outcome:
    """One rung down: the easier variant, else one load step, 5 s of hold, or fewer reps."""
    position = rungs.index(rung)
    if position > 0:
        easier = rungs[position - 1]
        last = [c for c in env.ctxs if c.session.sets_of(easier.id) and not c.deload]
        if last:
            back = evaluate(easier, last[-1].session.sets_of(easier.id), env.config).level
        else:
            back = written_level(easier)
        return _Outcome("step_back", easier, back, reasons, rule, extra_set_ok=False)
    load = parse_load(level.load)
    lighter = env.config.equipment.lighter(load)
    if lighter is not None:
        return _Outcome("step_back", rung, replace(level, load=str(lighter)), reasons, rule,
                        extra_set_ok=False)
    if level.hold_s is not None and rung.hold_s is not None and level.hold_s > 5:
        shorter = max(5.0, level.hold_s - env.config.hold_step_s)
        return _Outcome("step_back", rung, replace(level, hold_s=shorter), reasons, rule,
                        extra_set_ok=False)
    assert rung.rep_range is not None
    if level.reps is not None and level.reps > rung.rep_range.low:
        return _Outcome("step_back", rung, replace(level, reps=rung.rep_range.low), reasons,
                        rule, extra_set_ok=False)
    return _Outcome("repeat", rung, level,
                    _("{why}; already at the easiest level").format(why=reasons), rule,
                    extra_set_ok=False)


def _back_off(rung: Exercise, rungs: list[Exercise], loading: list[_Ctx], perf: Performance,
              env: _Env) -> _Outcome | None:
    """B1: the last two full sessions fell short -> one step back. B2: the same
    prescription for N sessions, not all done -> the easier variant or a smaller range."""
    config = env.config
    recent = [evaluate(rung, c.session.sets_of(rung.id), config) for c in loading[-2:]]
    if len(recent) == 2 and not any(p.completed for p in recent):
        why = _("short of the prescription twice in a row ({shortfall})").format(
            shortfall=recent[-1].shortfall)
        return _step_back(rung, rungs, perf.level, env, why, "B1")
    n = config.stuck_after_sessions
    if len(loading) < n:
        return None
    tail = [evaluate(rung, c.session.sets_of(rung.id), config) for c in loading[-n:]]
    if all(p.level == perf.level for p in tail) and not all(p.completed for p in tail):
        why = _("the same prescription for {n} sessions without completing it every "
                "time").format(n=n)
        if rungs.index(rung) > 0:
            return _step_back(rung, rungs, perf.level, env, why, "B2")
        return _Outcome("repeat", rung, perf.level, _("{why}: use a smaller range of movement, "
                        "stopping before the form breaks").format(why=why), "B2",
                        extra_set_ok=False)
    return None


def _evidence_hold(rung: Exercise, evidence: list[_Ctx], env: _Env) -> _Outcome | None:
    """E1-E3: progression needs the last N sessions since the latest red signal, each with
    pain recorded and green. Returns the hold (repeat) with its reason, or None."""
    config = env.config
    need = config.evidence_sessions
    recent = evidence[-need:]
    level = evaluate(rung, recent[-1].session.sets_of(rung.id), config).level if recent else None
    if level is None:
        return None  # no full session at all: the caller repeats the last one

    def hold(why: str, rule: str) -> _Outcome:
        return _Outcome("repeat", rung, level, why, rule)

    unknown = [c for c in recent if not c.pain.recorded]
    if unknown:
        env.unknown_pain.extend(unknown)
        days = ", ".join(short_day(c.day) for c in unknown)
        return hold(_("pain not recorded ({days}): no progression without it").format(
            days=days), "E2")
    amber = [c for c in recent if c.pain.light == "amber"]
    if amber:
        why = "; ".join(amber[-1].pain.reasons) or _("amber pain")
        return hold(_("pain amber ({why}): repeat until it is green").format(why=why), "E3")
    if len(recent) < need:
        if env.last_red:
            text = _("{done} of {need} full sessions with pain green since the pain flare "
                     "on {day}")
            day = short_day(env.last_red.day)
        else:
            text, day = _("{done} of {need} full sessions with pain green so far"), ""
        return hold(text.format(done=len(recent), need=need, day=day), "E1")
    return None


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
                            reason="timed block",
                            line=_("{name}: {text} as written (timed)").format(
                                name=name, text=text) + tag("W2"),
                            level=None, rule="W2", **base)  # type: ignore[arg-type]
    assert slot.rep_range is not None
    written = written_level(slot)
    if phase not in TRAINING_PHASES:
        text = describe(written.sets, written.reps, written.load, written.hold_s)
        return Prescription(exercise=slot.id, name=name, sets=written.sets, reps=written.reps,
                            rep_range=rep_range, load=written.load, hold_s=written.hold_s,
                            work_s=None, step="as_written", reason=f"{phase}: as written",
                            line=_("{name}: {text} as written ({phase})").format(
                                name=name, text=text, phase=phase_word(phase)) + tag("W2"),
                            level=written, rule="W2", **base)  # type: ignore[arg-type]

    rungs, ladder_problem = ladder(slot, env.index)
    # The daily drill is one exercise in every programme: its history is all of them.
    ctxs = env.everything if slot.id == DRILL_ID else env.ctxs
    seen = {r.id: i for i, c in enumerate(ctxs) for r in rungs if c.session.sets_of(r.id)}
    if not seen:
        if any(not c.session.sets for c in ctxs):  # older sessions were read as dates only
            outcome = _Outcome("restart", slot, written, _("not done in the last "
                               "{months} months: restart gently").format(
                                   months=DETAIL_DAYS // 30), "G2", cut=True,
                               extra_set_ok=False)
        else:
            outcome = _Outcome("as_written", slot, written, _("no history yet"), "W1")
        return _finish(slot, phase, rungs, outcome, None, None, env, base, ladder_problem)
    rung = max(rungs, key=lambda r: (seen.get(r.id, -1), rungs.index(r)))
    history = [c for c in ctxs if c.session.sets_of(rung.id)]
    last = history[-1]
    gap = (env.today - last.day).days
    if gap >= config.restart_after_days:
        outcome = _Outcome("restart", slot, written,
                           _("{days} days since you last did it: restart gently").format(
                               days=gap), "G2", cut=True,
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
    red_at = env.last_red.session.started_at if env.last_red else None
    evidence = [c for c in loading if red_at is None or c.session.started_at > red_at]
    outcome: _Outcome | None = None
    if reds >= 2:
        why = "; ".join(last.pain.reasons) or _("pain too high")
        outcome = _step_back(rung, rungs, perf.level, env,
                             _("red in the last {n} sessions ({why})").format(n=reds, why=why),
                             "P2")
    elif latest.pain.red or last.pain.red:
        source = latest if latest.pain.red else last
        why = "; ".join(source.pain.reasons) or _("pain too high")
        outcome = _Outcome("repeat", rung, perf.level,
                           _("{why}: no progression").format(why=why), "P1",
                           extra_set_ok=False)
    elif env.deload.active:
        flare = env.deload.reason == "flare"
        why = _("lighter week after a pain flare") if flare else _("deload week")
        outcome = _Outcome("repeat", rung, perf.level, why, "D2" if flare else "D1",
                           extra_set_ok=False)
    elif gap >= config.repeat_after_days:
        outcome = _Outcome("repeat", rung, perf.level, _("back after {days} days: less volume "
                           "this time").format(days=gap), "G1", cut=True, extra_set_ok=False)
    else:
        outcome = _back_off(rung, rungs, loading, perf, env)
        if outcome is None and env.hold is not None:
            outcome = _Outcome("repeat", rung, perf.level, env.hold[1], env.hold[0],
                               extra_set_ok=False)
        if outcome is None:
            outcome = _evidence_hold(rung, evidence, env)
        if outcome is None and not evidence:
            outcome = _Outcome("repeat", rung, perf.level, _("no full session since the latest "
                               "pain flare"), "E1")
        if outcome is None:
            outcome = _progress(rung, rungs, evaluate(rung, evidence[-1].session.sets_of(
                rung.id), config), evidence, env)
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
    floor = floor_of(exercise.id)
    if deload or outcome.cut:
        sets, reps, hold = deload_volume(sets, reps, hold, config.deload_cut, floor)
    side_order: tuple[Side, ...] = ()
    extra: Side | None = None
    side_note = ""
    if exercise.sides == "each":
        side_order = ("left", "right")
        balance = perf.balance if perf is not None else None
        if balance is not None and balance.weaker is not None:
            strong: Side = "right" if balance.weaker == "left" else "left"
            side_order = (balance.weaker, strong)
            percent = round(balance.deficit * 100)
            if outcome.extra_set_ok and not deload:
                extra = balance.weaker
                note = (_("; left side first ({percent}% weaker than the right), plus one extra "
                          "left set") if extra == "left" else
                        _("; right side first ({percent}% weaker than the left), plus one extra "
                          "right set"))
            else:
                note = (_("; left side first ({percent}% weaker than the right)")
                        if balance.weaker == "left" else
                        _("; right side first ({percent}% weaker than the left)"))
            side_note = note.format(percent=percent)
    target = describe(sets, reps, level.load, hold)
    tempo = level.tempo if level.tempo != exercise.tempo else None
    if tempo is not None:
        target = _("{sets} at tempo {tempo}").format(sets=target, tempo=tempo)
    shown = target
    usual = describe(level.sets, level.reps, level.load, level.hold_s)
    if deload and usual != target:  # the drill's floor may leave nothing to cut
        shown = _("{target} instead of {usual}").format(target=target, usual=usual)
    step = outcome.step
    name = exercise.name
    evidence = outcome.evidence
    if step == "as_written":
        text = _("{name}: {why} -> {shown}") if deload else _("{name}: {why} -> {shown} as written")
        line = text.format(name=name, why=evidence, shown=shown)
    elif step == "restart":
        line = _("{name}: {why} -> {shown} (the programme's start, about {percent}% less)").format(
            name=name, why=evidence, shown=target, percent=round(config.deload_cut * 100))
    elif step == "variant_up":
        line = _("{name}: {why} -> {variant} {shown}").format(
            name=rung.name, why=evidence, variant=_lower(name), shown=shown)
    elif step == "step_back" and exercise is not rung:
        line = _("{name}: {why} -> back to {variant} {shown}").format(
            name=rung.name, why=evidence, variant=_lower(name), shown=shown)
    elif step == "step_back":
        line = _("{name}: {why} -> step back to {shown}").format(
            name=name, why=evidence, shown=shown)
    elif step in ("repeat", "stay") and not (deload or outcome.cut):
        line = _("{name}: {why} -> repeat {shown}").format(name=name, why=evidence, shown=shown)
    else:
        line = _("{name}: {why} -> {shown}").format(name=name, why=evidence, shown=shown)
    line += side_note
    if ladder_problem and ladder_problem not in line:
        line += _(" (note: {problem})").format(problem=ladder_problem)
    line += tag(outcome.rule)
    fields = dict(base)
    fields.update(sides=exercise.sides, side_order=side_order, extra_set_side=extra,
                  deload=deload, extra_cues=extra_cues(exercise, env.intake))
    return Prescription(
        exercise=exercise.id, name=name, sets=sets, reps=reps,
        rep_range=(exercise.rep_range.low, exercise.rep_range.high), load=level.load,
        hold_s=hold, work_s=None, step=step, reason=evidence, line=line,
        level=level, previous=previous, rule=outcome.rule, tempo=tempo, **fields,
    )


# The stage --------------------------------------------------------------------------


def _stage_advice(current: Stage, env: _Env) -> StageAdvice:
    program, config = env.program, env.config
    position = next(i for i, s in enumerate(program.stage) if s.id == current.id)
    following = program.stage[position + 1] if position + 1 < len(program.stage) else None
    n = config.mastery_sessions

    def stay(reason: str, line: str, rule: str = "T1") -> StageAdvice:
        return StageAdvice(current.id, current.name, current.id, current.name, False, reason,
                           _("Stage: {line}").format(line=line) + tag(rule), rule=rule)

    stage = current.name
    if env.hold is not None:
        return stay("hold", _("{why} -> stay in {stage}").format(why=env.hold[1], stage=stage),
                    env.hold[0])
    if env.restart:
        return stay("restart", _("back after a long break -> stay in {stage}, restart "
                    "gently").format(stage=stage), "G2")
    if env.deload.active:
        rule = "D2" if env.deload.reason == "flare" else "D1"
        return stay("deload", _("lighter week -> stay in {stage} this week").format(stage=stage),
                    rule)
    red_at = env.last_red.session.started_at if env.last_red else None
    mine = [c for c in env.ctxs if c.session.stage_id == current.id
            and (red_at is None or c.session.started_at > red_at)]
    if len(mine) < n:
        if env.last_red:
            text = _("{done} of {n} sessions in {stage} since the pain flare on {day} -> stay")
            day = short_day(env.last_red.day)
        else:
            text, day = _("{done} of {n} sessions in {stage} so far -> stay"), ""
        return stay("too few sessions", text.format(done=len(mine), n=n, stage=stage, day=day),
                    "E1" if env.last_red else "T1")
    recent = mine[-n:]
    unknown = [c for c in recent if not c.pain.recorded]
    if unknown:
        env.unknown_pain.extend(unknown)
        return stay("pain not recorded", _("pain not recorded in {count} of the last {n} "
                    "sessions -> stay in {stage}").format(count=len(unknown), n=n, stage=stage),
                    "E2")
    sore = [c for c in recent if not c.pain.green]
    if sore:
        return stay("pain", _("pain amber in {count} of the last {n} sessions -> stay in "
                    "{stage}").format(count=len(sore), n=n, stage=stage), "E3")
    missing: list[tuple[str, int]] = []
    for phase in current.phase:
        if phase.kind not in TRAINING_PHASES:
            continue
        for exercise in phase.exercise:
            if exercise.rep_range is None:
                continue
            rungs, _problem = ladder(exercise, env.index)
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
        if len(missing) > 1:
            text = _("{first} at the top of its range in {count} of {n} sessions (and {more} "
                     "more) -> stay in {stage}")
        else:
            text = _("{first} at the top of its range in {count} of {n} sessions -> stay in "
                     "{stage}")
        return stay("not mastered", text.format(first=first, count=count, n=n, stage=stage,
                                                more=len(missing) - 1))
    if following is None:
        return stay("last stage", _("every exercise mastered; {stage} is the last stage "
                    "-> keep going here").format(stage=stage))
    return StageAdvice(
        current.id, current.name, following.id, following.name, True, "mastered",
        _("Stage: every exercise at the top of its range in {n} sessions, pain recorded and "
          "green in the last {n} -> ready for {stage}: accept or keep").format(
              n=n, stage=following.name) + tag("T1"),
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
    hold: tuple[str, str] | None = None,
    profile: Profile | None = None,
) -> NextPlan:
    """The next session of ``program``: every exercise's prescription and the stage.

    ``history`` need not be sorted; other programmes' sessions count for pain and the
    deload calendar only.
    ``stage_id`` forces a stage (KeyError if unknown); by default it is the stage of the
    last session, or the next one when its criteria are met (unless the user declined).
    ``usual_pain`` is the baseline used when no "before" check-ins exist (the intake).
    ``hold`` (rule id, reason) stops every progression and stage move: a red flag without
    a clinician's clearance, or safety questions not answered; with ``profile`` it is
    worked out from the answers (``safety_hold``, which also asks again after a flare).
    A stage move is proposed, and made only once the user accepted it (a stage
    ``Decision`` for the same history); until then the plan stays in the current stage.
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
    reds = [c for c in everything if c.pain.red]
    if hold is None and profile is not None:
        hold = safety_hold(profile, today, reds[-1].day if reds else None)
    env = _Env(program, current, today, config, ctxs, exercise_index(program, current),
               deload, restart, intake, latest, last_red=reds[-1] if reds else None,
               hold=hold, everything=everything)
    advice = _stage_advice(current, env)
    chosen = current
    if advice.move:
        answers = [d for d in decisions if d.slot == "stage" and d.program_id == program.id
                   and d.based_on == based_on and d.proposal.get("stage") == advice.suggested]
        if answers and not answers[-1].accepted:
            advice = replace(advice, kept=True, line=_("Stage: you chose to stay in "
                             "{stage} for now (ready for {ready})").format(
                                 stage=current.name, ready=advice.suggested_name)
                             + tag("K1"), rule="K1")
        elif answers and stage_id is None:
            chosen = program.get_stage(advice.suggested)
    env.stage = chosen
    env.index = exercise_index(program, chosen)
    prescriptions = []
    turns, notes = rotation_turns(chosen, ctxs)
    for phase in chosen.phase:
        for exercise in phase.exercise:
            if exercise.rotation is not None and turns.get(exercise.rotation) != exercise.id:
                continue
            made = _prescribe(exercise, phase.kind, env)
            prescriptions.append(_apply_decisions(made, decisions, program.id, based_on, env))
    if restart and ctxs:
        gap = (today - ctxs[-1].day).days
        notes.append(_("Back after {days} days: every exercise restarts gently from the "
                       "programme's start.").format(days=gap) + tag("G2"))
    hold_line = (_("Progression on hold: {why}.").format(why=hold[1]) + tag(hold[0])
                 if hold else None)
    return NextPlan(program, chosen, today, tuple(prescriptions), advice, deload, restart,
                    based_on, tuple(notes), config, hold_line, _needs_pain(env),
                    reds[-1].day if reds else None)


def rotation_turns(stage: Stage, ctxs: Sequence[_Ctx]) -> tuple[dict[str, str], list[str]]:
    """U1: for each rotation group of the stage, the exercise whose turn it is (the one
    done longest ago, never done first, then file order), and a line saying so."""
    groups: dict[str, list[Exercise]] = {}
    for exercise in stage.exercises:
        if exercise.rotation is not None:
            groups.setdefault(exercise.rotation, []).append(exercise)
    last: dict[str, int] = {}
    for i, ctx in enumerate(ctxs):
        for entry in ctx.session.sets:
            last[entry.exercise] = i
    turns: dict[str, str] = {}
    lines: list[str] = []
    for name, members in groups.items():
        pick = min(members, key=lambda e: (last.get(e.id, -1), members.index(e)))
        turns[name] = pick.id
        if len(members) > 1:
            others = [_lower(e.name) for e in members if e is not pick]
            lines.append(_("Taking turns: {pick} this session; {others} on the next "
                           "ones").format(pick=_lower(pick.name),
                                          others=_(" and ").join(others)) + tag("U1"))
    return turns, lines


def _needs_pain(env: _Env) -> str | None:
    """Why the end screen must ask for pain: a hold for want of it (E2), or none logged in
    the newest session. None when pain is known."""
    days = sorted({c.day for c in env.unknown_pain})
    latest = env.latest
    if (latest is not None and not latest.pain.recorded
            and (env.today - latest.day).days < env.config.restart_after_days):
        days = sorted({*days, latest.day})
    if not days:
        return None
    when = ", ".join(short_day(d) for d in days)
    return (_("Pain not recorded ({when}): the coach holds until it knows. Please give your "
              "pain level at the end of each session.").format(when=when) + tag("E2"))


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
                reason="you kept the previous prescription", rule="K1",
                tempo=prev.tempo if prev.tempo != exercise.tempo else None,
                line=_("{name}: you chose to keep {text} (proposed: {proposed})").format(
                    name=exercise.name, text=text,
                    proposed=describe(made.sets, made.reps, made.load, made.hold_s))
                     + tag("K1"),
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
            if p is None and row.get("rotation"):
                continue  # not its turn this session (U1)
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
            if p.tempo is not None:
                row["tempo"] = p.tempo
            cues = list(row.get("cues", []))
            cues += [c for c in p.extra_cues if c not in cues]
            row["cues"] = cues[:8]
            rows.append(row)
        phase["exercise"] = rows
    for phase in stage["phase"]:
        for row in phase["exercise"]:
            row.pop("next", None)  # ladders may point into stages this copy leaves out
    data["stage"] = [stage]
    return decode_program(data)

"""The timeline compiler: a programme stage becomes a flat list of timed steps.

Steps are contiguous (each starts where the previous one ended) and carry everything a
view or a cue needs: the kind, the exercise, set, rep, side and tempo phase, and the big
instruction word. ``wait`` steps have no fixed length: they last until the user confirms,
so they count as 0 s in the plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from hipcoach.i18n import N_, _
from hipcoach.program.model import Exercise, PhaseKind, Program, Stage, TempoPhase

StepKind = Literal["countdown", "work", "rep_phase", "hold", "rest", "switch_side", "wait"]
Side = Literal["left", "right"]

STEP_KINDS: tuple[StepKind, ...] = (
    "countdown", "work", "rep_phase", "hold", "rest", "switch_side", "wait",
)
# The big instruction of each step (translated when a timeline is compiled).
PHASE_WORDS: dict[TempoPhase, str] = {
    "concentric": N_("LIFT"),
    "top": N_("HOLD"),
    "eccentric": N_("LOWER"),
    "bottom": N_("PAUSE"),
}
KIND_WORDS: dict[StepKind, str] = {
    "countdown": N_("GET READY"),
    "work": N_("GO"),
    "hold": N_("HOLD"),
    "rest": N_("REST"),
    "switch_side": N_("SWITCH SIDES"),
    "wait": N_("READY?"),
}


@dataclass(frozen=True, slots=True)
class CompileOptions:
    """Lengths the programme file does not set; the user's settings may change them."""

    countdown_s: float = 5.0
    first_countdown_s: float = 10.0
    switch_side_s: float = 5.0
    default_rest_s: float = 60.0  # between sets, when the exercise does not say


@dataclass(frozen=True, slots=True)
class Step:
    """One timed step: what to do, from ``t`` for ``duration`` seconds."""

    index: int
    t: float
    duration: float
    kind: StepKind
    exercise: str
    phase: PhaseKind
    label: str
    set: int | None = None
    sets: int | None = None
    rep: int | None = None
    reps: int | None = None
    side: Side | None = None
    tempo_phase: TempoPhase | None = None
    last_rep: bool = False

    @property
    def end(self) -> float:
        return self.t + self.duration

    def plan_record(self) -> dict[str, object]:
        """The step as one line of ``hipcoach plan --json``."""
        return {
            "t": round(self.t, 3),
            "duration": round(self.duration, 3),
            "kind": self.kind,
            "exercise": self.exercise,
            "set": self.set,
            "rep": self.rep,
            "side": self.side,
            "tempo_phase": self.tempo_phase,
            "label": self.label,
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    """A stage compiled to contiguous steps, with the exercises they name."""

    program: Program
    stage: Stage
    steps: tuple[Step, ...]
    exercises: dict[str, Exercise] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return self.steps[-1].end if self.steps else 0.0

    @property
    def waits(self) -> int:
        return sum(1 for s in self.steps if s.kind == "wait")

    def exercise_of(self, step: Step) -> Exercise:
        return self.exercises[step.exercise]


@dataclass(slots=True)
class _Builder:
    """The steps so far while a stage is compiled, and where the next one starts."""

    phase: PhaseKind = "warmup"
    exercise: str = ""
    steps: list[Step] = field(default_factory=list)
    t: float = 0.0

    def add(self, kind: StepKind, duration: float, label: str, **fields: object) -> None:
        step = Step(
            index=len(self.steps),
            t=self.t,
            duration=float(duration),
            kind=kind,
            exercise=self.exercise,
            phase=self.phase,
            label=_(label),
            **fields,  # type: ignore[arg-type]
        )
        self.steps.append(step)
        self.t += step.duration


def _sides_for(exercise: Exercise) -> list[Side | None]:
    if exercise.sides != "each":
        return [None]
    return ["right", "left"] if exercise.first_side == "right" else ["left", "right"]


def _rep_order(exercise: Exercise, side: Side | None) -> Iterator[tuple[int, Side | None]]:
    """(rep number, side) in the order they are done; alternate sides go L, R, L, R..."""
    reps = exercise.rep_range.target if exercise.rep_range else 1
    for rep in range(1, reps + 1):
        if exercise.sides == "alternate":
            yield rep, "left"
            yield rep, "right"
        else:
            yield rep, side


def _add_reps(b: _Builder, exercise: Exercise, set_no: int, sets: int,
              side: Side | None) -> None:
    reps = exercise.rep_range.target if exercise.rep_range else 1
    order = list(_rep_order(exercise, side))
    common = {"set": set_no, "sets": sets, "reps": reps}
    for i, (rep, rep_side) in enumerate(order):
        last = i == len(order) - 1
        is_last_rep = rep == reps
        if exercise.tempo_spec is not None:
            for tempo_phase, seconds in exercise.tempo_spec.phases(exercise.start):
                b.add("rep_phase", seconds, PHASE_WORDS[tempo_phase], rep=rep, side=rep_side,
                      tempo_phase=tempo_phase, last_rep=is_last_rep, **common)
        elif exercise.hold_s is not None:
            b.add("hold", exercise.hold_s, KIND_WORDS["hold"], rep=rep, side=rep_side,
                  last_rep=is_last_rep, **common)
            if not last:
                b.add("rest", exercise.rest_between_reps_s, KIND_WORDS["rest"], rep=rep,
                      side=rep_side, **common)
        else:
            # Unpaced reps: the user does them at their own pace and confirms.
            b.add("wait", 0.0, _("{reps} REPS").format(reps=reps), rep=None, side=rep_side,
                  **common)
            return


def _add_exercise(b: _Builder, exercise: Exercise, options: CompileOptions) -> None:
    b.exercise = exercise.id
    sides = _sides_for(exercise)
    if exercise.confirm:
        b.add("wait", 0.0, KIND_WORDS["wait"])
    if exercise.work_s is not None:
        b.add("countdown", options.first_countdown_s, KIND_WORDS["countdown"], side=sides[0])
        for i, side in enumerate(sides):
            if i:
                b.add("switch_side", options.switch_side_s, KIND_WORDS["switch_side"], side=side)
            b.add("work", exercise.work_s, KIND_WORDS["work"], side=side)
        return
    # A weaker side may get one more set of its own after the others.
    plan = [(n, sides) for n in range(1, exercise.set_count + 1)]
    if exercise.extra_side is not None:
        plan.append((exercise.set_count + 1, [exercise.extra_side]))
    sets = len(plan)
    for set_no, set_sides in plan:
        countdown = options.first_countdown_s if set_no == 1 else options.countdown_s
        first_side = set_sides[0] if exercise.sides == "each" else None
        b.add("countdown", countdown, KIND_WORDS["countdown"], set=set_no, sets=sets,
              side=first_side)
        for i, side in enumerate(set_sides):
            if i:
                b.add("switch_side", options.switch_side_s, KIND_WORDS["switch_side"],
                      set=set_no, sets=sets, side=side)
            _add_reps(b, exercise, set_no, sets, side)
        if set_no < sets:
            rest = exercise.rest_s if exercise.rest is not None else options.default_rest_s
            b.add("rest", rest, KIND_WORDS["rest"], set=set_no, sets=sets)


def compile_stage(
    program: Program, stage: Stage | str | None = None, options: CompileOptions | None = None
) -> Timeline:
    """The timeline of one stage of a programme (the first stage by default)."""
    options = options or CompileOptions()
    chosen = stage if isinstance(stage, Stage) else program.get_stage(stage)
    b = _Builder()
    exercises: dict[str, Exercise] = {}
    flat = [(phase.kind, ex) for phase in chosen.phase for ex in phase.exercise]
    for i, (phase_kind, exercise) in enumerate(flat):
        b.phase = phase_kind
        exercises[exercise.id] = exercise
        _add_exercise(b, exercise, options)
        if exercise.rest_after_s is not None and i < len(flat) - 1:
            b.add("rest", exercise.rest_after_s, KIND_WORDS["rest"])
    return Timeline(program, chosen, tuple(b.steps), exercises)

"""A small three-stage programme and helpers that write histories for the coach tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from hipcoach.coach.history import SessionLog
from hipcoach.domain.entries import Load, SetEntry
from hipcoach.program.loader import parse_program_text
from hipcoach.program.model import Program

TODAY = date(2025, 3, 20)

PROGRAM = """
[program]
id = "coach-test"
name = "Coach test"

[[stage]]
id = "one"
name = "Stage one"

  [[stage.phase]]
  kind = "warmup"
  name = "Warm-up"
    [[stage.phase.exercise]]
    id = "march"
    name = "March in place"
    work = "60s"
    [[stage.phase.exercise]]
    id = "rock"
    name = "Adductor rock-back"
    sets = 1
    reps = 8

  [[stage.phase]]
  kind = "activation"
  name = "Activation"
    [[stage.phase.exercise]]
    id = "squeeze"
    name = "Glute squeeze hold"
    sets = 2
    reps = 5
    hold = "10s"

  [[stage.phase]]
  kind = "loaded"
  name = "Loaded"
    [[stage.phase.exercise]]
    id = "bridge"
    name = "Glute bridge"
    sets = 3
    reps = "8-12"
    tempo = "2-0-2-1"
    start = "concentric"
    [[stage.phase.exercise]]
    id = "rdl"
    name = "Romanian deadlift"
    sets = 3
    reps = "8-12"
    load = "6kg"
    [[stage.phase.exercise]]
    id = "banded"
    name = "Banded bridge"
    sets = 2
    reps = "10-15"
    load = "band:red"
    [[stage.phase.exercise]]
    id = "lunge"
    name = "Split squat"
    sets = 3
    reps = "6-10"
    sides = "each"

[[stage]]
id = "two"
name = "Stage two"

  [[stage.phase]]
  kind = "loaded"
  name = "Loaded"
    [[stage.phase.exercise]]
    id = "slb"
    name = "Single-leg bridge"
    sets = 3
    reps = "6-10"
    sides = "each"
    [[stage.phase.exercise]]
    id = "rdl"
    name = "Romanian deadlift"
    sets = 3
    reps = "8-12"
    load = "8kg"

[[stage]]
id = "three"
name = "Stage three"

  [[stage.phase]]
  kind = "loaded"
  name = "Loaded"
    [[stage.phase.exercise]]
    id = "thrust"
    name = "Hip thrust"
    sets = 3
    reps = "8-12"
    load = "10kg"
"""


def make_program(ladders: dict[str, str] | None = None) -> Program:
    """The test programme; ``ladders`` sets the proposed ``next`` field per exercise id."""
    program = parse_program_text(PROGRAM, "coach-test.toml")
    for stage in program.stage:
        for exercise in stage.exercises:
            if ladders and exercise.id in ladders:
                exercise.next = ladders[exercise.id]  # type: ignore[attr-defined]
    return program


def at(day: date, hour: int = 12) -> datetime:
    """Noon local time on ``day``, as an aware datetime."""
    return datetime.combine(day, time(hour)).astimezone()


def sets(exercise: str, reps: Sequence[int], target: int | None = None, *,
         load: Load | str = "bodyweight", rpe: int | None = None, pain: int | None = None,
         hold: float | None = None, side: str | None = None, first: int = 1) -> list[SetEntry]:
    """One SetEntry per number in ``reps`` (set numbers from ``first``)."""
    parsed = Load.parse(load) if isinstance(load, str) else load
    return [
        SetEntry(1, exercise, first + i, r, target_reps=target, load=parsed, rpe=rpe, pain=pain,
                 hold_s=hold, side=side)  # type: ignore[arg-type]
        for i, r in enumerate(reps)
    ]


def session(days_ago: int, *groups: list[SetEntry], sid: int | None = None, stage: str = "one",
            before: int | None = None, after: int | None = None, morning: int | None = None,
            program: str = "coach-test", today: date = TODAY) -> SessionLog:
    day = today - timedelta(days=days_ago)
    entries = tuple(s for g in groups for s in g)
    return SessionLog(
        id=sid if sid is not None else 10_000 - days_ago,
        program_id=program, stage_id=stage, started_at=at(day), sets=entries,
        pain_before=before, pain_after=after, morning_pain=morning,
    )

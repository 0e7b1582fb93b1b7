"""Today's plan: the coach's prescription applied to a programme's stages.

``plan_programme`` is the one place that decides what a session will play: for every
stage of the chosen programme, the coach's prescription turned into a playable
programme and compiled with the user's timing settings. The start screen shows these
timelines' lengths, the player plays them, and ``hipcoach next`` / ``plan --coached``
print them, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the coach and the compiler are imported when a plan is made, not on
    # the way to the first window
    from hipcoach.coach.service import Coached, CoachInputs
    from hipcoach.program.model import Program, Stage
    from hipcoach.session.timeline import CompileOptions, Timeline
    from hipcoach.settings import Settings

UNCHANGED_STEPS = ("as_written", "repeat", "stay")
STAGE = "stage"  # the slot of a proposed stage move in ``changes`` and in kept slots


@dataclass(frozen=True, slots=True)
class StagePlan:
    """One stage as it will be played next: the coach's numbers, compiled."""

    program: Program  # the programme as the catalogue has it
    stage: Stage
    playable: Program  # what the player runs: the prescribed copy, or the programme itself
    timeline: Timeline
    coached: Coached | None = None  # None: the coach could not plan (the reason is a notice)

    @property
    def total_s(self) -> float:
        return self.timeline.total

    def lines(self) -> list[str]:
        return self.coached.lines() if self.coached is not None else []

    def changes(self) -> dict[str, str]:
        """Coach lines the user answers, mapped to their slot: an exercise's change (kept
        by unticking it) and a proposed stage move (``STAGE``, taken only when ticked)."""
        if self.coached is None:
            return {}
        plan = self.coached.plan
        found = {p.line: p.slot for p in plan.prescriptions
                 if p.step not in UNCHANGED_STEPS and p.previous is not None}
        if plan.stage_advice.move and not plan.stage_advice.kept:
            found[plan.stage_advice.line] = STAGE
        return found


@dataclass(frozen=True, slots=True)
class TodayPlan:
    """Every stage of one programme, and the stage the coach proposes."""

    program: Program
    stages: dict[str, StagePlan]
    suggested_stage: str
    problems: tuple[str, ...] = field(default_factory=tuple)

    def stage_plan(self, stage_id: str | None = None) -> StagePlan:
        return self.stages[stage_id or self.suggested_stage]


def stage_plan(program: Program, stage: Stage, coached: Coached | None,
               options: CompileOptions) -> StagePlan:
    """Compile the stage the player will run: the prescribed copy when coached."""
    from hipcoach.session.timeline import compile_stage

    if coached is None:
        return StagePlan(program, stage, program, compile_stage(program, stage.id, options))
    from hipcoach.coach.prescribe import prescribed_program

    playable = prescribed_program(coached.plan)
    return StagePlan(program, stage, playable,
                     compile_stage(playable, coached.plan.stage.id, options), coached)


def plan_programme(inputs: CoachInputs | None, program: Program,
                   options: CompileOptions) -> TodayPlan:
    """Plan every stage of ``program``; without inputs (no history could be read) each
    stage is played as written."""
    from hipcoach.coach.service import coach

    problems: list[str] = []
    stages: dict[str, StagePlan] = {}
    suggested = program.stage[0].id
    if inputs is not None:
        proposed = coach(inputs, program)
        suggested = proposed.plan.stage.id
        problems.extend(proposed.problems)
        stages[suggested] = stage_plan(program, proposed.plan.stage, proposed, options)
    for stage in program.stage:
        if stage.id in stages:
            continue
        coached = coach(inputs, program, stage.id) if inputs is not None else None
        stages[stage.id] = stage_plan(program, stage, coached, options)
    ordered = {s.id: stages[s.id] for s in program.stage}
    return TodayPlan(program, ordered, suggested, tuple(problems))


def next_time_lines(plan: TodayPlan | None, program_id: str) -> list[str] | None:
    """What the session summary prints under "what changes next time": the coach's lines
    of today's plan for that programme (the proposed stage), as the start screen shows."""
    if plan is None or plan.program.id != program_id:
        return None
    coached = plan.stage_plan().coached
    return coached.plan.lines() if coached is not None else None


def options_for(settings: Settings) -> CompileOptions:
    """The timeline lengths the user's settings choose."""
    from hipcoach.session.timeline import CompileOptions

    return CompileOptions(countdown_s=settings.countdown_s,
                          first_countdown_s=settings.first_countdown_s,
                          default_rest_s=settings.default_rest_s)


def today_plan(store: object, data_dir: Path, program_id: str,
               settings: Settings | None = None) -> TodayPlan:
    """Today's plan of one programme from a data folder (the command line's way to the
    same plan the window shows): the history from ``store``, settings from the folder."""
    from hipcoach.coach.service import gather
    from hipcoach.program.catalog import resolve
    from hipcoach.settings import load

    settings = settings or load(data_dir).settings
    inputs = gather(store, data_dir, settings)  # type: ignore[arg-type]
    return plan_programme(inputs, resolve(program_id, data_dir), options_for(settings))

"""The current programme written out in tempo notation, for the clinician report.

The programme and stage come from the most recent session; the programme file is found
the way the app finds it (``hipcoach.program.catalog.resolve``). A programme that can no
longer be loaded gives a one-line problem instead of rows.

``programme_outline(..., today=plan)`` writes out the stage as the coach will play it
next: ``plan`` is ``hipcoach.app.today.plan_programme``'s result (the same plan the
start screen, ``hipcoach next`` and ``plan --coached`` read), never the file's loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hipcoach.i18n import _
from hipcoach.program.loader import ProgramError
from hipcoach.session.describe import prescription_text

if TYPE_CHECKING:
    from hipcoach.app.today import TodayPlan
    from hipcoach.program.model import Exercise, Program


@dataclass(frozen=True, slots=True)
class ProgrammeOutline:
    program_id: str
    program_name: str
    stage_id: str
    stage_name: str
    rows: tuple[tuple[str, str, str], ...] = ()  # (phase, exercise, prescription)
    problem: str | None = None
    version: int | None = None
    stage_count: int = 0
    stage_number: int = 0
    coached: bool = False  # rows are the coach's next prescription (else the file's)
    reasons: tuple[str, ...] = ()  # the coach's lines for this stage (why each number)
    names: tuple[tuple[str, str], ...] = ()  # (exercise id, name) of the programme


def side_order_text(exercise: Exercise) -> str:
    """"left side first, one more set on the left" for a one-side-at-a-time exercise."""
    if exercise.sides != "each":
        return ""
    text = _("left side first") if exercise.first_side == "left" else _("right side first")
    if exercise.extra_side == "left":
        text += _(", one more set on the left")
    elif exercise.extra_side == "right":
        text += _(", one more set on the right")
    return text


def exercise_names(program: Program) -> dict[str, str]:
    """Every exercise id of a programme (all stages, ladders included) to its name."""
    names: dict[str, str] = {}
    for stage in program.stage:
        for phase in stage.phase:
            for exercise in phase.exercise:
                names.setdefault(exercise.id, exercise.name)
    return names


def programme_outline(program_id: str, program_name: str, stage_id: str, stage_name: str,
                      data_dir: Path | None, *, today: TodayPlan | None = None,
                      ) -> ProgrammeOutline:
    from hipcoach.program.catalog import UnknownProgram, resolve

    base = ProgrammeOutline(program_id, program_name, stage_id, stage_name)
    try:
        program = resolve(program_id, data_dir)
    except UnknownProgram:
        return _problem(base, _("The programme “{program}” is no longer installed, so "
                                "it cannot be written out here.").format(program=program_name))
    except (ProgramError, OSError) as exc:
        return _problem(base, _("The programme “{program}” could not be loaded: {problem}").format(
            program=program_name, problem=exc))
    try:
        stage = program.get_stage(stage_id)
    except KeyError:
        return _problem(base, _("The programme “{program}” no longer has a stage "
                                "“{stage}”.").format(program=program.name, stage=stage_name))
    played, reasons, coached = stage, (), False
    if today is not None and stage.id in today.stages:
        plan = today.stage_plan(stage.id)
        played = next((s for s in plan.playable.stage if s.id == stage.id), stage)
        if plan.coached is not None:  # the plan's own lines: hold, week, exercises, stage
            reasons, coached = tuple(plan.coached.plan.lines()), True
    rows = tuple(
        (phase.name, exercise.name,
         "; ".join(t for t in (prescription_text(exercise, played=coached),
                             side_order_text(exercise)) if t))
        for phase in played.phase for exercise in phase.exercise
    )
    number = next(i for i, s in enumerate(program.stage, 1) if s.id == stage.id)
    return ProgrammeOutline(program.id, program.name, stage.id, stage.name, rows,
                            version=program.program.version, stage_count=len(program.stage),
                            stage_number=number, coached=coached, reasons=reasons,
                            names=tuple(exercise_names(program).items()))


def _problem(base: ProgrammeOutline, text: str) -> ProgrammeOutline:
    return ProgrammeOutline(base.program_id, base.program_name, base.stage_id,
                            base.stage_name, problem=text)

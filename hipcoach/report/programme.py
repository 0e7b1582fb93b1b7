"""The current programme written out in tempo notation, for the clinician report.

The programme and stage come from the most recent session; the programme file is found
the way the app finds it (``hipcoach.program.catalog.resolve``). A programme that can no
longer be loaded gives a one-line problem instead of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hipcoach.program.loader import ProgramError
from hipcoach.session.describe import prescription_text


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


def programme_outline(program_id: str, program_name: str, stage_id: str, stage_name: str,
                      data_dir: Path | None) -> ProgrammeOutline:
    from hipcoach.program.catalog import UnknownProgram, resolve

    base = ProgrammeOutline(program_id, program_name, stage_id, stage_name)
    try:
        program = resolve(program_id, data_dir)
    except UnknownProgram:
        return _problem(base, f"The programme “{program_name}” ({program_id}) is no longer "
                        "installed, so it cannot be written out here.")
    except (ProgramError, OSError) as exc:
        return _problem(base, f"The programme “{program_name}” could not be loaded: {exc}")
    try:
        stage = program.get_stage(stage_id)
    except KeyError:
        return _problem(base, f"The programme “{program.name}” no longer has a stage "
                        f"“{stage_name}” ({stage_id}).")
    rows = tuple(
        (phase.name, exercise.name, prescription_text(exercise))
        for phase in stage.phase for exercise in phase.exercise
    )
    number = next(i for i, s in enumerate(program.stage, 1) if s.id == stage.id)
    return ProgrammeOutline(program.id, program.name, stage.id, stage.name, rows,
                            version=program.program.version, stage_count=len(program.stage),
                            stage_number=number)


def _problem(base: ProgrammeOutline, text: str) -> ProgrammeOutline:
    return ProgrammeOutline(base.program_id, base.program_name, base.stage_id,
                            base.stage_name, problem=text)

"""The user's answers to a plan's proposals, as ``Decision`` records: one exercise's
proposal, a proposed stage move, and everything answered when a session starts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from hipcoach.coach.decisions import Decision

if TYPE_CHECKING:
    from hipcoach.coach.prescribe import NextPlan, Prescription


def _now(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def decision_for(plan: NextPlan, prescription: Prescription, accepted: bool,
                 now: datetime | None = None) -> Decision:
    """The user's answer to one exercise's proposal."""
    return Decision(
        program_id=plan.program.id, stage_id=plan.stage.id, slot=prescription.slot,
        proposal=prescription.proposal(),
        previous=prescription.previous.as_dict() if prescription.previous else None,
        accepted=accepted, based_on=plan.based_on, decided_at=_now(now),
    )


def stage_decision(plan: NextPlan, accepted: bool, now: datetime | None = None) -> Decision:
    """The user's answer to a proposed stage move."""
    advice = plan.stage_advice
    return Decision(
        program_id=plan.program.id, stage_id=advice.current, slot="stage",
        proposal={"stage": advice.suggested}, previous={"stage": advice.current},
        accepted=accepted, based_on=plan.based_on, decided_at=_now(now),
    )


def start_decisions(plan: NextPlan, kept: set[str], now: datetime | None = None
                    ) -> list[Decision]:
    """The answers recorded when a session starts from ``plan``: every exercise accepted
    unless its slot is in ``kept``, and a proposed stage move accepted only when
    ``"stage"`` is NOT in ``kept`` (the start screen's stage line ticked). A stage move is
    made by ``plan_next`` only after such an accepted answer."""
    out = [decision_for(plan, p, p.slot not in kept, now) for p in plan.prescriptions]
    if plan.stage_advice.move and not plan.stage_advice.kept:
        out.append(stage_decision(plan, "stage" not in kept, now))
    return out

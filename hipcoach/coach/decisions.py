"""The user's answer to a proposal: accept it, or keep the previous prescription.

A ``Decision`` names the proposal it answers (programme, exercise slot or ``"stage"``,
the proposed numbers) and the newest session the proposal was computed from
(``based_on``). ``plan_next`` honours a declined proposal only while nothing new has been
logged and the proposal is unchanged; after the next session the coach proposes afresh
from what was actually done.

Stored as ``coach-decisions.json`` in the data dir (the newest 500), loaded like the
settings: a bad file gives an empty list and a problem, never an exception.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipcoach.i18n import _

if TYPE_CHECKING:
    from hipcoach.coach.prescribe import NextPlan, Prescription

FILE_NAME = "coach-decisions.json"
VERSION = 1
KEEP = 500


@dataclass(frozen=True, slots=True)
class Decision:
    program_id: str
    stage_id: str
    slot: str  # the stage's exercise id, or "stage" for a stage move
    proposal: dict[str, Any]
    previous: dict[str, Any] | None
    accepted: bool
    based_on: int | None  # newest session id the proposal was computed from
    decided_at: str = ""  # ISO 8601, UTC

    def to_json(self) -> dict[str, Any]:
        return {
            "program_id": self.program_id, "stage_id": self.stage_id, "slot": self.slot,
            "proposal": self.proposal, "previous": self.previous, "accepted": self.accepted,
            "based_on": self.based_on, "decided_at": self.decided_at,
        }

    @classmethod
    def from_json(cls, data: Any) -> Decision:
        """Raises ValueError for anything malformed."""
        if not isinstance(data, dict):
            raise ValueError(_("expected an object"))
        text = ("program_id", "stage_id", "slot")
        for key in text:
            if not isinstance(data.get(key), str) or not data[key]:
                raise ValueError(_("{key} must be non-empty text").format(key=key))
        if not isinstance(data.get("proposal"), dict):
            raise ValueError(_("proposal must be an object"))
        previous = data.get("previous")
        if previous is not None and not isinstance(previous, dict):
            raise ValueError(_("previous must be an object or null"))
        if not isinstance(data.get("accepted"), bool):
            raise ValueError(_("accepted must be true or false"))
        based_on = data.get("based_on")
        if based_on is not None and (isinstance(based_on, bool) or not isinstance(based_on, int)):
            raise ValueError(_("based_on must be a session id or null"))
        decided = data.get("decided_at", "")
        if not isinstance(decided, str):
            raise ValueError(_("decided_at must be text"))
        return cls(data["program_id"], data["stage_id"], data["slot"], dict(data["proposal"]),
                   dict(previous) if previous else None, data["accepted"], based_on, decided)


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


@dataclass(slots=True)
class LoadedDecisions:
    decisions: list[Decision]
    problems: list[str] = field(default_factory=list)


def decisions_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def load(data_dir: Path) -> LoadedDecisions:
    path = decisions_path(data_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedDecisions([])
    except (OSError, UnicodeDecodeError) as exc:
        return LoadedDecisions([], [f"{path.name} could not be read ({exc}); starting afresh"])
    try:
        data = json.loads(raw)
    except ValueError:
        return LoadedDecisions([], [f"{path.name} is not valid JSON; starting afresh"])
    items = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return LoadedDecisions([], [f"{path.name} has no list of decisions; starting afresh"])
    decisions: list[Decision] = []
    problems: list[str] = []
    for n, item in enumerate(items, 1):
        try:
            decisions.append(Decision.from_json(item))
        except ValueError as exc:
            problems.append(f"{path.name}: decision {n} ignored ({exc})")
    return LoadedDecisions(decisions, problems)


def save(data_dir: Path, decisions: list[Decision]) -> None:
    """Write the newest ``KEEP`` decisions atomically; raises OSError if not writable."""
    from hipcoach.private_files import atomic_write, private_folder

    folder = private_folder(data_dir)
    body = {"version": VERSION, "decisions": [d.to_json() for d in decisions[-KEEP:]]}
    with atomic_write(decisions_path(folder)) as out:  # health data: the user's only
        out.write(json.dumps(body, indent=1) + "\n")


def record(data_dir: Path, decision: Decision) -> list[Decision]:
    """Append one decision to the file (a bad file is replaced); returns the list saved."""
    decisions = load(data_dir).decisions
    decisions.append(decision)
    save(data_dir, decisions)
    return decisions[-KEEP:]

"""The user's answer to a proposal: accept it, or keep the previous prescription.

A ``Decision`` names the proposal it answers (programme, exercise slot or ``"stage"``,
the proposed numbers) and the newest session the proposal was computed from
(``based_on``). ``plan_next`` honours a declined proposal only while nothing new has been
logged and the proposal is unchanged; after the next session the coach proposes afresh
from what was actually done.

Stored as ``coach-decisions.json`` in the data dir (the newest 500), loaded like the
settings (``hipcoach.json_file``): a bad file gives an empty list and a problem, never an
exception, and is kept aside before it is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hipcoach.i18n import _

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


@dataclass(slots=True)
class LoadedDecisions:
    decisions: list[Decision]
    problems: list[str] = field(default_factory=list)


def decisions_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def load(data_dir: Path) -> LoadedDecisions:
    from hipcoach.json_file import read_object, unusable

    path = decisions_path(data_dir)
    fallback, no_list = "starting afresh", "has no list of decisions"
    read = read_object(path, fallback, not_object=no_list)
    if read.data is None:
        return LoadedDecisions([], [read.problem] if read.problem else [])
    items = read.data.get("decisions")
    if not isinstance(items, list):
        return LoadedDecisions([], [unusable(path, no_list, fallback)])
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
    from hipcoach.json_file import write_json

    body = {"version": VERSION, "decisions": [d.to_json() for d in decisions[-KEEP:]]}
    write_json(decisions_path(data_dir), body, indent=1)  # health data: the user's only


def record(data_dir: Path, decision: Decision) -> list[Decision]:
    """Append one decision to the file (a bad file is replaced); returns the list saved."""
    decisions = load(data_dir).decisions
    decisions.append(decision)
    save(data_dir, decisions)
    return decisions[-KEEP:]

"""The user's safety answers and intake, kept as a small JSON file in the data dir.

Like ``hipcoach.settings``: loading never fails. A file edited into nonsense keeps every
good part; each bad part falls back to its default and is named in ``problems``. Saving
writes a temporary file and renames it, so a crash never leaves half a file.

File shape (``coach-profile.json``)::

    {"version": 1,
     "red_flags": {"saddle_numbness": false, "night_pain": true, ...},
     "screened_on": "2025-03-01",
     "intake": {"provoking": ["standing", "walking"], "goal": "walking", "usual_pain": 2}}
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hipcoach.coach.safety import (
    ACTIVITIES,
    GOALS,
    RED_FLAG_IDS,
    Intake,
    RedFlagAdvice,
    evaluate_red_flags,
)

FILE_NAME = "coach-profile.json"
VERSION = 1
SCREEN_AGAIN_DAYS = 180  # ask the safety questions again twice a year


@dataclass(frozen=True, slots=True)
class Profile:
    red_flags: Mapping[str, bool] = field(default_factory=dict)  # answered questions only
    screened_on: date | None = None
    intake: Intake = field(default_factory=Intake)

    def advice(self) -> RedFlagAdvice:
        return evaluate_red_flags(self.red_flags)

    def screen_due(self, today: date, every_days: int = SCREEN_AGAIN_DAYS) -> bool:
        """Show the red-flag screen: never answered, or answered long ago."""
        if self.screened_on is None or self.advice().unanswered:
            return True
        return today - self.screened_on >= timedelta(days=every_days)

    def with_answers(self, answers: Mapping[str, bool | None], today: date) -> Profile:
        """A copy with these red-flag answers (unknown ids raise ValueError)."""
        unknown = sorted(set(answers) - set(RED_FLAG_IDS))
        if unknown:
            raise ValueError(f"unknown red-flag question {unknown[0]!r}")
        merged = {k: v for k, v in {**self.red_flags, **answers}.items() if v is not None}
        return replace(self, red_flags=merged, screened_on=today)

    def with_intake(self, intake: Intake) -> Profile:
        problems = intake.problems()
        if problems:
            raise ValueError("; ".join(problems))
        return replace(self, intake=intake)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "red_flags": {k: self.red_flags[k] for k in RED_FLAG_IDS if k in self.red_flags},
            "screened_on": self.screened_on.isoformat() if self.screened_on else None,
            "intake": {
                "provoking": [a for a in ACTIVITIES if a in self.intake.provoking],
                "goal": self.intake.goal,
                "usual_pain": self.intake.usual_pain,
            },
        }


@dataclass(slots=True)
class LoadedProfile:
    profile: Profile
    problems: list[str] = field(default_factory=list)


def profile_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def _red_flags(value: Any, problems: list[str]) -> dict[str, bool]:
    if not isinstance(value, dict):
        problems.append("red_flags: expected an object; the questions will be asked again")
        return {}
    good: dict[str, bool] = {}
    for key, answer in value.items():
        if key not in RED_FLAG_IDS:
            problems.append(f"red_flags: unknown question {key!r} ignored")
        elif answer is None:
            continue
        elif not isinstance(answer, bool):
            problems.append(f"red_flags.{key}: expected true or false; will be asked again")
        else:
            good[key] = answer
    return good


def _intake(value: Any, problems: list[str]) -> Intake:
    if not isinstance(value, dict):
        problems.append("intake: expected an object; using an empty intake")
        return Intake()
    provoking_raw = value.get("provoking", [])
    provoking: set[str] = set()
    if not isinstance(provoking_raw, list):
        problems.append("intake.provoking: expected a list of activities")
    else:
        for item in provoking_raw:
            if item in ACTIVITIES:
                provoking.add(item)
            else:
                problems.append(f"intake.provoking: unknown activity {item!r} ignored")
    goal = value.get("goal")
    if goal is not None and goal not in GOALS:
        problems.append(f"intake.goal: unknown goal {goal!r}; expected one of {', '.join(GOALS)}")
        goal = None
    usual = value.get("usual_pain")
    if usual is not None and (isinstance(usual, bool) or not isinstance(usual, int)
                              or not 0 <= usual <= 10):
        problems.append("intake.usual_pain: expected a whole number from 0 to 10")
        usual = None
    return Intake(frozenset(provoking), goal, usual)


def load(data_dir: Path) -> LoadedProfile:
    path = profile_path(data_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedProfile(Profile())
    except (OSError, UnicodeDecodeError) as exc:
        return LoadedProfile(Profile(), [f"{path.name} could not be read ({exc}); using defaults"])
    try:
        data = json.loads(raw)
    except ValueError:
        return LoadedProfile(Profile(), [f"{path.name} is not valid JSON; using defaults"])
    if not isinstance(data, dict):
        return LoadedProfile(Profile(), [f"{path.name} does not hold a JSON object; using defaults"])
    problems: list[str] = []
    flags = _red_flags(data.get("red_flags", {}), problems)
    screened: date | None = None
    if data.get("screened_on") is not None:
        try:
            screened = date.fromisoformat(str(data["screened_on"]))
        except ValueError:
            problems.append("screened_on: expected a date such as 2025-03-01")
    intake = _intake(data.get("intake", {}), problems)
    for key in sorted(set(data) - {"version", "red_flags", "screened_on", "intake"}):
        problems.append(f"unknown key {key!r} ignored")
    return LoadedProfile(Profile(flags, screened, intake), [f"{path.name}: {p}" for p in problems])


def save(data_dir: Path, profile: Profile) -> None:
    """Write atomically; raises OSError when the data dir cannot be written."""
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = profile_path(folder)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(profile.to_json(), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)

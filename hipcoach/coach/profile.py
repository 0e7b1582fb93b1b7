"""The user's safety answers and intake, kept as a small JSON file in the data dir.

Like ``hipcoach.settings`` (through ``hipcoach.json_file``): loading never fails. A file
edited into nonsense keeps every good part; each bad part falls back to its default and
is named in ``problems``; an unusable file is kept aside. Saving writes the whole file or
nothing.

File shape (``coach-profile.json``)::

    {"version": 1,
     "red_flags": {"saddle_numbness": false, "night_pain": true, ...},
     "screened_on": "2025-03-01",
     "cleared_on": "2025-03-08",
     "deferred_on": null,
     "intake": {"provoking": ["standing", "walking"], "goal": "walking", "usual_pain": 2}}

``cleared_on`` is the day a clinician cleared the user after a "yes" (reset when a new
"yes" is given); ``deferred_on`` the day the user chose "ask me later". ``safety_hold``
turns the answers into a hold on all progression (rules F1 and F2).
"""

from __future__ import annotations

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
    flag_words,
)
from hipcoach.format import day_text, short_day
from hipcoach.i18n import _, ngettext

FILE_NAME = "coach-profile.json"
VERSION = 1
SCREEN_AGAIN_DAYS = 90  # ask the safety questions again every three months


@dataclass(frozen=True, slots=True)
class Profile:
    red_flags: Mapping[str, bool] = field(default_factory=dict)  # answered questions only
    screened_on: date | None = None
    intake: Intake = field(default_factory=Intake)
    cleared_on: date | None = None  # a clinician cleared the "yes" answers on this day
    deferred_on: date | None = None  # "ask me later"

    def advice(self) -> RedFlagAdvice:
        return evaluate_red_flags(self.red_flags)

    def screen_due(self, today: date, every_days: int = SCREEN_AGAIN_DAYS,
                   last_flare: date | None = None) -> bool:
        """Show the red-flag screen: never (fully) answered, answered ``every_days`` ago or
        more, or a red pain flare since the last answers."""
        if self.screened_on is None or self.advice().unanswered:
            return True
        if last_flare is not None and last_flare > self.screened_on:
            return True  # answered on the flare's day counts: the flare asked for it
        return today - self.screened_on >= timedelta(days=every_days)

    def with_answers(self, answers: Mapping[str, bool | None], today: date) -> Profile:
        """A copy with these red-flag answers (unknown ids raise ValueError). A new "yes"
        voids an earlier clinician clearance; answering ends an "ask me later"."""
        unknown = sorted(set(answers) - set(RED_FLAG_IDS))
        if unknown:
            raise ValueError(_("unknown red-flag question {value!r}").format(value=unknown[0]))
        merged = {k: v for k, v in {**self.red_flags, **answers}.items() if v is not None}
        newly_yes = any(v and not self.red_flags.get(k) for k, v in merged.items())
        cleared = None if newly_yes else self.cleared_on
        return replace(self, red_flags=merged, screened_on=today, cleared_on=cleared,
                       deferred_on=None)

    def with_all_answers(self, answers: Mapping[str, bool | None], today: date) -> Profile:
        """Like ``with_answers``, but every question must have a yes or a no: the screen is
        never saved half-answered (ValueError naming how many are open)."""
        open_ = [f for f in RED_FLAG_IDS if answers.get(f) is None]
        if open_:
            raise ValueError(ngettext(
                "{n} safety question not answered: answer every one, or choose \"ask me later\"",
                "{n} safety questions not answered: answer every one, or choose \"ask me later\"",
                len(open_)).format(n=len(open_)))
        return self.with_answers(answers, today)

    def deferred(self, today: date) -> Profile:
        """The user chose "ask me later": nothing answered changes; progression holds."""
        return replace(self, deferred_on=today)

    def with_clearance(self, on: date, today: date) -> Profile:
        """A clinician cleared the "yes" answers on ``on`` (not in the future)."""
        if on > today:
            raise ValueError(_("the clearance date cannot be in the future"))
        if self.screened_on is not None and on < self.screened_on - timedelta(days=365):
            raise ValueError(_("the clearance date is more than a year before the answers"))
        return replace(self, cleared_on=on)

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
            "cleared_on": self.cleared_on.isoformat() if self.cleared_on else None,
            "deferred_on": self.deferred_on.isoformat() if self.deferred_on else None,
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
        problems.append(_("red_flags: expected an object; the questions will be asked again"))
        return {}
    good: dict[str, bool] = {}
    for key, answer in value.items():
        if key not in RED_FLAG_IDS:
            problems.append(_("red_flags: unknown question {key!r} ignored").format(key=key))
        elif answer is None:
            continue
        elif not isinstance(answer, bool):
            problems.append(_("red_flags.{key}: expected true or false; will be asked again").format(
                                key=key))
        else:
            good[key] = answer
    return good


def _intake(value: Any, problems: list[str]) -> Intake:
    if not isinstance(value, dict):
        problems.append(_("intake: expected an object; using an empty intake"))
        return Intake()
    provoking_raw = value.get("provoking", [])
    provoking: set[str] = set()
    if not isinstance(provoking_raw, list):
        problems.append(_("intake.provoking: expected a list of activities"))
    else:
        for item in provoking_raw:
            if item in ACTIVITIES:
                provoking.add(item)
            else:
                problems.append(_("intake.provoking: unknown activity {item!r} ignored").format(item=item))
    goal = value.get("goal")
    if goal is not None and goal not in GOALS:
        problems.append(_("intake.goal: unknown goal {goal!r}; expected one of {join}").format(
                            goal=goal, join=', '.join(GOALS)))
        goal = None
    usual = value.get("usual_pain")
    if usual is not None and (isinstance(usual, bool) or not isinstance(usual, int)
                              or not 0 <= usual <= 10):
        problems.append(_("intake.usual_pain: expected a whole number from 0 to 10"))
        usual = None
    return Intake(frozenset(provoking), goal, usual)


def load(data_dir: Path) -> LoadedProfile:
    from hipcoach.json_file import read_object

    path = profile_path(data_dir)
    read = read_object(path, "using defaults")
    if read.data is None:
        return LoadedProfile(Profile(), [read.problem] if read.problem else [])
    data = read.data
    problems: list[str] = []
    flags = _red_flags(data.get("red_flags", {}), problems)
    days: dict[str, date | None] = {}
    for key in ("screened_on", "cleared_on", "deferred_on"):
        days[key] = None
        if data.get(key) is not None:
            try:
                days[key] = date.fromisoformat(str(data[key]))
            except ValueError:
                problems.append(_("{key}: expected a date such as 2025-03-01").format(key=key))
    intake = _intake(data.get("intake", {}), problems)
    for key in sorted(set(data) - {"version", "red_flags", "intake", *days}):
        problems.append(_("unknown key {key!r} ignored").format(key=key))
    profile = Profile(flags, days["screened_on"], intake, days["cleared_on"], days["deferred_on"])
    return LoadedProfile(profile, [f"{path.name}: {p}" for p in problems])


def safety_lines(profile: Profile, today: date) -> list[str]:
    """The safety answers in plain lines, for the clinician report."""
    advice = profile.advice()
    day = day_text(profile.screened_on) if profile.screened_on else ""
    lines: list[str] = []
    if advice.flagged:
        text = (_("Red-flag questions answered yes on {day}: {flags}.") if day
                else _("Red-flag questions answered yes: {flags}."))
        lines.append(text.format(day=day, flags=flag_words(advice.flagged)))
        lines.append(_("Cleared to exercise by a clinician on {day}.").format(
                         day=day_text(profile.cleared_on))
                     if profile.cleared_on else
                     _("No clinician clearance recorded: HipCoach holds all progression."))
    elif advice.unanswered or profile.screened_on is None:
        lines.append(_("{n} red-flag questions not answered: HipCoach "
                       "holds all progression.").format(n=len(advice.unanswered)))
    else:
        text = (_("All {n} red-flag questions answered no on {day}.") if day
                else _("All {n} red-flag questions answered no."))
        lines.append(text.format(n=len(RED_FLAG_IDS), day=day))
    if profile.deferred_on is not None:
        lines.append(_("The user chose \"ask me later\" on {day}.").format(
            day=day_text(profile.deferred_on)))
    hold = safety_hold(profile, today)
    if hold is not None and not advice.flagged:
        lines.append(_("Progression on hold: {why}.").format(why=hold[1]))
    return lines


def safety_hold(profile: Profile, today: date, last_flare: date | None = None
                ) -> tuple[str, str] | None:
    """(rule id, reason) when the safety answers hold all progression, else None.

    F1: a "yes" with no clinician clearance recorded (with its date) after the answers
    that gave it. F2: questions not all answered, "ask me later", or due again (every
    ``SCREEN_AGAIN_DAYS`` or after a red flare).
    """
    advice = profile.advice()
    if advice.flagged and profile.cleared_on is None:
        return ("F1", _("you answered yes to {flags}; nothing is added until you record on "
                        "the safety screen that a clinician has cleared you").format(
                            flags=flag_words(advice.flagged)))
    if profile.deferred_on is not None and (profile.screened_on is None
                                            or profile.deferred_on >= profile.screened_on):
        return ("F2", _("you chose to answer the safety questions later "
                        "({day}); nothing is added until they are answered").format(
                            day=short_day(profile.deferred_on)))
    if profile.screened_on is None or advice.unanswered:
        count = len(advice.unanswered)
        return ("F2", ngettext("{n} safety question not answered yet; nothing is added until "
                               "they are",
                               "{n} safety questions not answered yet; nothing is added until "
                               "they are", count).format(n=count))
    if last_flare is not None and last_flare > profile.screened_on:
        return ("F2", _("a pain flare on {day}: please answer the safety "
                        "questions again before anything is added").format(
                            day=short_day(last_flare)))
    if today - profile.screened_on >= timedelta(days=SCREEN_AGAIN_DAYS):
        return ("F2", _("the safety questions were last answered on {day}; they are due "
                        "again every {days} days").format(
                            day=day_text(profile.screened_on), days=SCREEN_AGAIN_DAYS))
    return None


def save(data_dir: Path, profile: Profile) -> None:
    """Write atomically, readable by the user only (health data); raises OSError when
    the data dir cannot be written."""
    from hipcoach.json_file import write_json

    write_json(profile_path(data_dir), profile.to_json())

"""The plain data of a training log: loads, sets, sessions, check-ins, and the checks on it.

The UI builds a ``SetEntry`` and hands it to ``Store.log_set``; queries hand back
``SessionSummary``, ``SessionDetail``, ``LoggedSet`` and ``Checkin``; the coach reads
them. None of these are ORM objects and this module imports neither SQLAlchemy nor the
store, so a view or a coaching rule can use them without the database layer.

Times: every datetime handed back is timezone-aware UTC (show it with ``.astimezone()``).
Datetimes handed in may be aware (any zone) or naive, which means local time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from hipcoach.format import exercised_text, sets_text
from hipcoach.i18n import _

if TYPE_CHECKING:
    from hipcoach.program.model import Exercise
    from hipcoach.session.timeline import Timeline

Side = Literal["left", "right"]
LoadUnit = Literal["bodyweight", "band", "kg", "lb"]
SessionStatus = Literal["in_progress", "completed", "abandoned"]
CheckinKind = Literal["before", "after", "next_morning"]

SIDES: tuple[str, ...] = ("left", "right")
LOAD_UNITS: tuple[str, ...] = ("bodyweight", "band", "kg", "lb")
STATUSES: tuple[str, ...] = ("in_progress", "completed", "abandoned")
CHECKIN_KINDS: tuple[str, ...] = ("before", "after", "next_morning")
PHASE_KINDS: tuple[str, ...] = ("warmup", "activation", "loaded", "endurance", "cooldown")

MAX_REPS = 100
LB_PER_KG = 2.2046226218
MAX_LOAD = 1000.0  # kg or lb: anything above is a typing slip
MAX_SECONDS = 3600.0  # a hold or a set's time under tension
MAX_NOTE = 1000
MAX_TEXT = 80
# Band colours from light to heavy (the common Thera-Band order); other colours are
# kept as they are and cannot be stepped automatically.
BAND_ORDER: tuple[str, ...] = ("yellow", "red", "green", "blue", "black", "silver", "gold")
_COLOUR = re.compile(r"^[a-z][a-z -]{0,29}$")
_LOAD_TEXT = re.compile(r"^\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>kg|lb)\s*$", re.I)


def utc(moment: datetime | None = None) -> datetime:
    """``moment`` as aware UTC; a naive one is taken as local time; None is now."""
    if moment is None:
        return datetime.now(UTC)
    return moment.astimezone(UTC)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _check_int(problems: list[str], name: str, value: object, low: int, high: int,
               optional: bool = False) -> None:
    if value is None and optional:
        return
    if not _is_int(value) or not low <= value <= high:  # type: ignore[operator]
        problems.append(_("{name} must be a whole number from {low} to {high}, got {value!r}").format(
                            name=name, low=low, high=high, value=value))


def _check_seconds(problems: list[str], name: str, value: object) -> None:
    if value is None:
        return
    if not _is_number(value) or not 0 <= value <= MAX_SECONDS:  # type: ignore[operator]
        problems.append(_("{name} must be a number of seconds from 0 to {most:.0f}, got "
                          "{value!r}").format(name=name, most=MAX_SECONDS, value=value))


def _check_text(problems: list[str], name: str, value: object, limit: int,
                required: bool = False) -> None:
    if not isinstance(value, str):
        problems.append(_("{name} must be text, got {value!r}").format(name=name, value=value))
    elif required and not value.strip():
        problems.append(_("{name} must not be empty").format(name=name))
    elif len(value) > limit:
        problems.append(_("{name} is longer than {limit} characters").format(name=name, limit=limit))


EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # nothing HipCoach logs is older
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f]")


def date_problems(name: str, moment: datetime) -> list[str]:
    """A logged time must be from 2000 to tomorrow (naive times are local)."""
    try:
        when = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return [f"{name} must be a date from 2000 to tomorrow, got {moment.isoformat()}"]
    latest = datetime.now(UTC) + timedelta(days=1)
    if not EARLIEST <= when <= latest:
        return [f"{name} must be a date from 2000 to tomorrow, got "
                f"{moment.date().isoformat()}"]
    return []


def control_problems(name: str, text: object, allow_breaks: bool = False) -> list[str]:
    """Text may not hold NUL or other control characters (a note may hold line breaks
    and tabs)."""
    if not isinstance(text, str):
        return []
    found = (_CONTROL if allow_breaks else _CONTROL_OR_BREAK).search(text)
    if found is None:
        return []
    return [f"{name} contains a control character (U+{ord(found.group()):04X})"]


@dataclass(frozen=True, slots=True)
class Load:
    """What was lifted: body weight, a band (by colour) or a weight in kg or lb."""

    unit: LoadUnit = "bodyweight"
    value: float | None = None
    colour: str | None = None

    @classmethod
    def parse(cls, text: str) -> Load:
        """``"bodyweight"``, ``"band:red"``, ``"20kg"``, ``"12.5 lb"`` (programme syntax)."""
        cleaned = text.strip().lower()
        if cleaned in ("", "bodyweight", "bw"):
            return cls()
        if cleaned.startswith("band:"):
            return cls("band", colour=cleaned[5:].strip())
        match = _LOAD_TEXT.match(cleaned)
        if match:
            unit: LoadUnit = "kg" if match.group("unit").lower() == "kg" else "lb"
            return cls(unit, value=float(match.group("num")))
        raise ValueError(
            f'expected "bodyweight", "band:<colour>", "<n>kg" or "<n>lb", got {text!r}'
        )

    def problems(self) -> list[str]:
        found: list[str] = []
        if self.unit not in LOAD_UNITS:
            found.append(_("load unit must be one of {join}, got {unit!r}").format(
                             join=', '.join(LOAD_UNITS), unit=self.unit))
        elif self.unit in ("kg", "lb"):
            if not _is_number(self.value) or not 0 <= self.value <= MAX_LOAD:  # type: ignore[operator]
                found.append(_("load must be a number from 0 to {most:.0f} {unit}, got {value!r}").format(
                                 most=MAX_LOAD, unit=self.unit, value=self.value))
            if self.colour is not None:
                found.append(_("only a band load has a colour"))
        elif self.unit == "band":
            if not isinstance(self.colour, str) or not _COLOUR.match(self.colour):
                found.append(_("a band load needs a colour such as 'red', got {colour!r}").format(
                                 colour=self.colour))
            if self.value is not None:
                found.append(_("a band load has a colour, not a number"))
        elif self.value is not None or self.colour is not None:
            found.append(_("a bodyweight load has no number or colour"))
        return found

    def __str__(self) -> str:
        if self.unit == "band":
            return f"band:{self.colour}"
        if self.unit in ("kg", "lb"):
            return f"{format_number(self.value)}{self.unit}"
        return "bodyweight"


BODYWEIGHT = Load()


def format_number(value: float | None) -> str:
    """20.0 -> "20", 2.5 -> "2.5", None -> ""."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


@dataclass(frozen=True, slots=True)
class SetEntry:
    """One set as done: what the UI hands to ``Store.log_set``.

    ``(session_id, exercise, side, set_no)`` names the set: logging the same four again
    replaces the earlier values (a replayed log after a crash never duplicates a set).
    ``tut_s`` is the time under tension of this set (per side for alternating sides).
    """

    session_id: int
    exercise: str
    set_no: int
    reps: int
    exercise_name: str = ""
    phase: str | None = None
    side: Side | None = None
    target_reps: int | None = None
    load: Load = BODYWEIGHT
    tempo: str | None = None
    hold_s: float | None = None
    tut_s: float | None = None
    rpe: int | None = None
    pain: int | None = None
    note: str = ""
    performed_at: datetime | None = None

    def problems(self) -> list[str]:
        found: list[str] = []
        _check_int(found, "session id", self.session_id, 1, 2**62)
        _check_text(found, "exercise", self.exercise, MAX_TEXT, required=True)
        _check_text(found, "exercise name", self.exercise_name, MAX_TEXT)
        _check_int(found, "set number", self.set_no, 1, 100)
        _check_int(found, "reps", self.reps, 0, MAX_REPS)
        _check_int(found, "target reps", self.target_reps, 0, MAX_REPS, optional=True)
        _check_int(found, "RPE", self.rpe, 1, 10, optional=True)
        _check_int(found, "pain", self.pain, 0, 10, optional=True)
        _check_seconds(found, "hold", self.hold_s)
        _check_seconds(found, "time under tension", self.tut_s)
        if self.phase is not None and self.phase not in PHASE_KINDS:
            found.append(_("phase must be one of {join}, got {phase!r}").format(
                             join=', '.join(PHASE_KINDS), phase=self.phase))
        if self.side is not None and self.side not in SIDES:
            found.append(_("side must be left, right or none, got {side!r}").format(side=self.side))
        if isinstance(self.load, Load):
            found.extend(self.load.problems())
        else:
            found.append(_("load must be a Load, got {load!r}").format(load=self.load))
        if self.tempo is not None:
            _check_text(found, "tempo", self.tempo, 20)
        _check_text(found, "note", self.note, MAX_NOTE)
        if self.performed_at is not None and not isinstance(self.performed_at, datetime):
            found.append(_("performed at must be a date and time, got {performed_at!r}").format(
                             performed_at=self.performed_at))
        elif self.performed_at is not None:
            found.extend(date_problems("performed at", self.performed_at))
        for name, text in (("exercise", self.exercise), ("exercise name", self.exercise_name),
                           ("tempo", self.tempo), ("note", self.note)):
            found.extend(control_problems(name, text, allow_breaks=name == "note"))
        return found


@dataclass(frozen=True, slots=True, kw_only=True)
class LoggedSet(SetEntry):
    """A set as stored: a SetEntry with its row id (``performed_at`` is always set)."""

    id: int


@dataclass(frozen=True, slots=True)
class Checkin:
    session_id: int
    kind: CheckinKind
    pain: int
    stiffness: int | None = None
    at: datetime | None = None

    def problems(self) -> list[str]:
        found: list[str] = []
        if self.kind not in CHECKIN_KINDS:
            found.append(_("check-in kind must be one of {join}, got {kind!r}").format(
                             join=', '.join(CHECKIN_KINDS), kind=self.kind))
        _check_int(found, "pain", self.pain, 0, 10)
        _check_int(found, "stiffness", self.stiffness, 0, 10, optional=True)
        return found


@dataclass(frozen=True, slots=True)
class SkippedSet:
    """A set the user skipped, named like a logged set (exercise, side, set number).

    A slot is either logged or skipped, never both: ``Store.record_skipped`` ignores a
    slot already logged and ``Store.log_set`` removes the skip of the slot it logs.
    """

    exercise: str
    exercise_name: str
    phase: str | None
    side: Side | None
    set_no: int

    def problems(self) -> list[str]:
        found: list[str] = []
        _check_text(found, "exercise", self.exercise, MAX_TEXT, required=True)
        _check_text(found, "exercise name", self.exercise_name, MAX_TEXT)
        _check_int(found, "set number", self.set_no, 1, 100)
        if self.phase is not None and self.phase not in PHASE_KINDS:
            found.append(_("phase must be one of {join}, got {phase!r}").format(
                             join=', '.join(PHASE_KINDS), phase=self.phase))
        if self.side is not None and self.side not in SIDES:
            found.append(_("side must be left, right or none, got {side!r}").format(side=self.side))
        return found

    def text(self) -> str:
        """"Clam (left), set 2"."""
        name = self.exercise_name or self.exercise
        if self.side == "left":
            return _("{name} (left), set {set}").format(name=name, set=self.set_no)
        if self.side == "right":
            return _("{name} (right), set {set}").format(name=name, set=self.set_no)
        return _("{name}, set {set}").format(name=name, set=self.set_no)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One line of the history, also what the resume dialog needs.

    The totals are the session's record: ``done_sets`` (sets logged), ``skipped_sets``
    (sets the user skipped), ``not_reached`` (the rest of the plan) and ``active_s``
    (seconds the session clock ran, pauses left out). Every reader shows them through
    ``sets_text()`` and ``exercised_text()``.
    """

    id: int
    program_id: str
    program_name: str
    stage_id: str
    stage_name: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    planned_sets: int
    done_sets: int
    planned_seconds: float
    position: int
    pain_before: int | None = None
    pain_after: int | None = None
    max_pain: int | None = None
    skipped_sets: int = 0
    active_s: float = 0.0
    program_digest: str | None = None  # the programme it ran (program.model.program_digest)
    program_json: str | None = None  # the stage it played (program.model.played_json)

    @property
    def duration_s(self) -> float | None:
        """Wall-clock time from start to end, pauses included (None while not ended)."""
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()

    @property
    def not_reached(self) -> int:
        """Planned sets neither done nor skipped (the session ended before them)."""
        return max(0, self.planned_sets - self.done_sets - self.skipped_sets)

    @property
    def exercised_s(self) -> float | None:
        """The time exercised: the recorded ``active_s``.

        The one fallback for sessions recorded before revision 0004 (``active_s`` is 0
        there): the wall-clock ``duration_s``, which includes pauses; None when that is
        not known either (a session that never ended).
        """
        return self.active_s if self.active_s > 0 else self.duration_s

    def sets_text(self) -> str:
        """"11 of 14 sets, 2 skipped"."""
        return sets_text(self.done_sets, self.planned_sets, self.skipped_sets)

    def exercised_text(self) -> str:
        """"20:56" (or "–" when not known)."""
        return exercised_text(self.exercised_s)


@dataclass(frozen=True, slots=True)
class SessionDetail:
    summary: SessionSummary
    sets: tuple[LoggedSet, ...]
    checkins: tuple[Checkin, ...]
    skipped: tuple[SkippedSet, ...] = ()


@dataclass(frozen=True, slots=True)
class DeletedSession:
    """What ``Store.delete_session`` removed, kept whole so ``undo_delete`` can put it back."""

    session_id: int
    session_row: dict[str, Any]
    set_rows: tuple[dict[str, Any], ...] = ()
    checkin_rows: tuple[dict[str, Any], ...] = ()
    skipped_rows: tuple[dict[str, Any], ...] = ()


# Helpers that turn the programme into what gets logged -------------------------------


@dataclass(frozen=True, slots=True)
class SetSlot:
    """A set the programme plans: one per set, and per side for ``sides = "each"``."""

    exercise: str
    phase: str
    set_no: int
    side: Side | None


def planned_slots(timeline: Timeline) -> list[SetSlot]:
    """Every loggable set of a compiled stage, in order (timed blocks are not sets)."""
    slots: list[SetSlot] = []
    seen: set[tuple[str, int, str | None]] = set()
    for step in timeline.steps:
        if step.set is None or step.kind not in ("rep_phase", "hold", "wait"):
            continue
        exercise = timeline.exercises.get(step.exercise)
        if exercise is None or exercise.rep_range is None:
            continue
        side: Side | None = step.side if exercise.sides == "each" else None
        key = (step.exercise, step.set, side)
        if key not in seen:
            seen.add(key)
            slots.append(SetSlot(step.exercise, step.phase, step.set, side))
    return slots


def tut_seconds(exercise: Exercise, reps: int) -> float | None:
    """Time under tension for ``reps`` reps on one side: reps x tempo sum, or x hold."""
    rep_seconds = exercise.tempo_spec.rep_seconds if exercise.tempo_spec is not None else None
    return _tut(reps, rep_seconds, exercise.hold_s)


def logged_tut_seconds(entry: SetEntry) -> float | None:
    """``tut_seconds`` from a logged set's own tempo text and hold (for corrections).

    None when the set has neither, or its tempo is not one HipCoach can read.
    """
    rep_seconds = None
    if entry.tempo:
        from hipcoach.program.model import Tempo

        try:
            rep_seconds = Tempo.parse(entry.tempo).rep_seconds
        except ValueError:
            return None
    return _tut(entry.reps, rep_seconds, entry.hold_s)


def _tut(reps: int, rep_seconds: float | None, hold_s: float | None) -> float | None:
    if rep_seconds is not None:
        return reps * rep_seconds
    if hold_s is not None:
        return reps * hold_s
    return None


def planned_set(
    session_id: int,
    exercise: Exercise,
    set_no: int,
    *,
    phase: str | None = None,
    side: Side | None = None,
    reps: int | None = None,
    **changes: Any,
) -> SetEntry:
    """The SetEntry for a set done as planned; ``changes`` override any field."""
    target = exercise.rep_range.target if exercise.rep_range else None
    done = target if reps is None else reps
    values: dict[str, Any] = {
        "exercise_name": exercise.name,
        "phase": phase,
        "side": side,
        "target_reps": target,
        "load": Load.parse(exercise.load),
        "tempo": exercise.tempo_spec.text if exercise.tempo_spec else None,
        "hold_s": exercise.hold_s,
        "tut_s": tut_seconds(exercise, done or 0),
    }
    values.update(changes)
    return SetEntry(session_id, exercise.id, set_no, done or 0, **values)


def count_planned(timeline: Timeline) -> tuple[int, float]:
    """(planned sets, planned seconds) for ``Store.start_session``."""
    return len(planned_slots(timeline)), timeline.total


def max_or_none(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


__all__ = [
    "BODYWEIGHT", "Checkin", "DeletedSession", "Load", "LoggedSet", "SessionDetail",
    "SessionSummary", "SetEntry", "SetSlot", "SkippedSet", "count_planned",
    "logged_tut_seconds", "planned_set", "planned_slots", "tut_seconds", "utc",
]


@dataclass(frozen=True, slots=True)
class HistorySession:
    """A whole session with its sets and check-ins, for bulk writes (import, demo data).

    The ``session_id`` of the sets and check-ins inside is ignored: they belong to this
    session, whatever id it gets.
    """

    program_id: str
    program_name: str
    stage_id: str
    stage_name: str
    started_at: datetime
    ended_at: datetime | None = None
    status: SessionStatus = "completed"
    planned_sets: int = 0
    planned_seconds: float = 0.0
    pain_before: int | None = None
    pain_after: int | None = None
    sets: tuple[SetEntry, ...] = ()
    checkins: tuple[Checkin, ...] = ()
    active_s: float = 0.0
    skipped: tuple[SkippedSet, ...] = ()
    # The coach's recorded decisions based on this session (raw JSON objects, as in
    # coach-decisions.json); the store ignores them, the import command records them.
    decisions: tuple[dict[str, Any], ...] = ()
    origin: str | None = None  # a stable identity: importing it twice adds it once


def session_problems(
    program_id: object, program_name: object, stage_id: object, stage_name: object,
    planned_sets: object = 0, planned_seconds: object = 0.0, pain: object = None,
    active_s: object = 0.0,
) -> list[str]:
    found: list[str] = []
    _check_text(found, "programme id", program_id, MAX_TEXT, required=True)
    _check_text(found, "programme name", program_name, MAX_TEXT, required=True)
    _check_text(found, "stage id", stage_id, MAX_TEXT, required=True)
    _check_text(found, "stage name", stage_name, MAX_TEXT, required=True)
    _check_int(found, "planned sets", planned_sets, 0, 10_000)
    if not _is_number(planned_seconds) or not 0 <= planned_seconds <= 86_400:  # type: ignore[operator]
        found.append(_("planned seconds must be a number from 0 to 86400, got {planned_seconds!r}").format(
                         planned_seconds=planned_seconds))
    if not _is_number(active_s) or not 0 <= active_s <= 86_400:  # type: ignore[operator]
        found.append(_("time exercised must be a number of seconds from 0 to 86400, got {active_s!r}").format(
                         active_s=active_s))
    _check_int(found, "pain", pain, 0, 10, optional=True)
    for name, text in (("programme id", program_id), ("programme name", program_name),
                       ("stage id", stage_id), ("stage name", stage_name)):
        found.extend(control_problems(name, text))
    return found

"""The programme model: typed, validated structures decoded from programme TOML files.

Validation lives in the types (msgspec constraints and ``__post_init__`` checks), so a
decode either yields a fully checked programme or a ``msgspec.ValidationError`` that
names the path of the offending field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

import msgspec
from msgspec import Meta, Struct

from hipcoach.i18n import _

MAX_DURATION_S = 600  # ten minutes: the longest block, hold or rest a file may ask for

# \Z, not $: "$" also matches before a trailing newline, which would let "id\n" through.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,47}\Z"
Id = Annotated[str, Meta(pattern=ID_PATTERN, description="an id")]
Name = Annotated[str, Meta(min_length=1, max_length=80)]
Cue = Annotated[str, Meta(min_length=1, max_length=120)]

PhaseKind = Literal["warmup", "activation", "loaded", "endurance", "cooldown"]
Sides = Literal["both", "each", "alternate"]
RepStart = Literal["eccentric", "concentric"]
TempoPhase = Literal["eccentric", "bottom", "concentric", "top"]

_DURATION = re.compile(r"^\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")
_TEMPO = re.compile(r"^([0-9X])-([0-9X])-([0-9X])-([0-9X])$")
_REPS = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
_LOAD = re.compile(r"bodyweight|band:[a-z]+|\d+(?:\.\d+)?(kg|lb)")


T = TypeVar("T")


class FieldError(ValueError):
    """A check on one field failed; the message starts with the field's name."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")


def _parsed(field: str, parse: Callable[[Any], T], value: Any) -> T | None:
    if value is None:
        return None
    try:
        return parse(value)
    except ValueError as exc:
        raise FieldError(field, str(exc)) from None


def parse_duration(value: str | int) -> float:
    """Seconds in a duration such as ``"60s"``, ``"2m"``, ``"1m30s"`` or a bare number."""
    if isinstance(value, bool):
        raise ValueError(_("expected a duration such as \"45s\" or \"2m\""))
    if isinstance(value, int):
        seconds = value
    else:
        match = _DURATION.match(value)
        if not value.strip() or not match or not (match.group(1) or match.group(2)):
            raise ValueError(_("expected a duration such as \"45s\", \"2m\" or \"1m30s\", "
                               "got {value!r}").format(value=value))
        seconds = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    if not 0 < seconds <= MAX_DURATION_S:
        raise ValueError(_("expected a duration between 1 s and 10 min, got {seconds} s").format(
                             seconds=seconds))
    return float(seconds)


@dataclass(frozen=True, slots=True)
class Tempo:
    """Four tempo digits in the file's order: eccentric, bottom pause, concentric, top pause."""

    eccentric: float
    bottom: float
    concentric: float
    top: float
    text: str

    @classmethod
    def parse(cls, text: str) -> Tempo:
        match = _TEMPO.match(text.strip().upper())
        if not match:
            raise ValueError(
                _("expected a tempo of four digits 0-9 or X such as \"3-0-3-0\", got {text!r}").format(
                    text=text)
            )
        secs = [1.0 if d == "X" else float(d) for d in match.groups()]
        if sum(secs) == 0:
            raise ValueError(_("a tempo of all zeros leaves no time for the rep"))
        return cls(*secs, text=text.strip().upper())

    def phases(self, start: RepStart) -> list[tuple[TempoPhase, float]]:
        """The rep's phases in the order they are performed, zero-length ones dropped."""
        order: list[TempoPhase] = (
            ["concentric", "top", "eccentric", "bottom"]
            if start == "concentric"
            else ["eccentric", "bottom", "concentric", "top"]
        )
        return [(name, getattr(self, name)) for name in order if getattr(self, name) > 0]

    @property
    def rep_seconds(self) -> float:
        return self.eccentric + self.bottom + self.concentric + self.top


@dataclass(frozen=True, slots=True)
class RepRange:
    """How many reps: ``low`` to ``high`` (the same for a fixed number)."""

    low: int
    high: int

    @classmethod
    def parse(cls, value: int | str) -> RepRange:
        if isinstance(value, bool):
            raise ValueError(_("expected a number of reps or a range such as \"8-12\""))
        if isinstance(value, int):
            low = high = value
        else:
            match = _REPS.match(value)
            if not match:
                raise ValueError(_("expected a number of reps or a range such as \"8-12\", "
                                   "got {value!r}").format(value=value))
            low = int(match.group(1))
            high = int(match.group(2) or low)
        if not 1 <= low <= 100 or not 1 <= high <= 100:
            raise ValueError(_("expected reps between 1 and 100"))
        if high < low:
            raise ValueError(_("the rep range {low}-{high} runs backwards").format(low=low, high=high))
        return cls(low, high)

    @property
    def target(self) -> int:
        return self.low

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


Angle = Annotated[float, Meta(ge=-360, le=360)]
Text = Annotated[str, Meta(max_length=400)]
HIP_RANGE = (20.0, 200.0)  # hip angle, degrees: 180 = straight, 200 = 20 degrees extended
KNEE_RANGE = (0.0, 160.0)  # knee bend, degrees: 0 = straight
ARCH_RANGE = (-15.0, 35.0)  # lumbar extension, degrees: 0 = neutral, above 0 = arched


class Pose(Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """A side-view key pose as segment angles in degrees (0 points right, 90 up): the
    trunk from pelvis to shoulders, the thigh from hip to knee, the shin from knee to
    ankle; ``arch`` is the low back's extension (0 neutral). The body's front faces right
    when standing; lying on the back the head is to the left, face down to the right."""

    trunk: Angle
    thigh: Angle
    shin: Angle
    arch: Annotated[float, Meta(ge=ARCH_RANGE[0], le=ARCH_RANGE[1])] = 0.0
    arm: Angle | None = None  # shoulder to hand, when the hands carry weight (all fours)

    def __post_init__(self) -> None:
        hip = (self.trunk - self.thigh) % 360
        knee = (self.thigh - self.shin) % 360
        if not HIP_RANGE[0] <= hip <= HIP_RANGE[1]:
            raise FieldError("thigh", _("the hip would bend to {hip:.0f} degrees; a hip goes from "
                                        "{low:.0f} (fully bent) to {high:.0f} (20 degrees behind "
                                        "straight)").format(
                                          hip=hip, low=HIP_RANGE[0], high=HIP_RANGE[1]))
        if not KNEE_RANGE[0] <= knee <= KNEE_RANGE[1]:
            raise FieldError("shin", _("the knee would bend to {knee:.0f} degrees; a knee goes from "
                                       "{low:.0f} (straight) to {high:.0f}").format(
                                         knee=knee, low=KNEE_RANGE[0], high=KNEE_RANGE[1]))

    @property
    def hip(self) -> float:
        return (self.trunk - self.thigh) % 360

    @property
    def knee(self) -> float:
        return (self.thigh - self.shin) % 360


class Poses(Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    """Key poses of an exercise: ``start`` (lengthened: where a lift starts and a lowering
    ends), ``end`` (shortened: the top of the lift; absent for a still exercise) and
    optionally ``fault`` (the common mistake, shown beside the right one)."""

    start: Pose
    end: Pose | None = None
    fault: Pose | None = None


class Exercise(Struct, forbid_unknown_fields=True, kw_only=True, dict=True):
    """One exercise of a phase: a timed block (``work``) or sets of reps (optionally holds)."""

    id: Id
    name: Name
    work: str | int | None = None
    sets: Annotated[int, Meta(ge=1, le=20)] | None = None
    reps: int | str | None = None
    tempo: str | None = None
    start: RepStart = "eccentric"
    sides: Sides = "both"
    rest: str | int | None = None
    rest_after: str | int | None = None
    load: str = "bodyweight"
    hold: str | int | None = None
    rest_between_reps: str | int | None = None
    confirm: bool = False
    next: Id | None = None  # the harder variant (an exercise id anywhere in this programme)
    # Exercises of a stage with the same rotation name take turns: the coach plays one of
    # them per session (the one done longest ago), which bounds the weekly volume.
    rotation: Id | None = None
    first_side: Literal["left", "right"] = "left"  # sides = "each": which side goes first
    extra_side: Literal["left", "right"] | None = None  # one more set for a weaker side
    description: Text = ""  # what to do and what to feel
    setup: Text = ""  # getting into position and the equipment to fetch
    common_fault: Text = ""  # what goes wrong (for a sore back: the arch, the pelvis tipping)
    poses: Poses | None = None  # key poses for the demonstration figure
    cues: Annotated[list[Cue], Meta(max_length=8)] = []

    def __post_init__(self) -> None:
        # Parse every derived value once so a bad one is reported at decode time, naming
        # the field: the loader turns "field: message" into a path ending in that field.
        self._work = _parsed("work", parse_duration, self.work)
        if self._work is not None:
            extra = [f for f in ("sets", "reps", "tempo", "hold") if getattr(self, f) is not None]
            if extra:
                raise FieldError(extra[0], _("a timed block (work) takes no sets, reps, tempo or hold"))
            if self.sides == "alternate":
                raise FieldError("sides", _("a timed block cannot alternate sides; use \"both\" or \"each\""))
        elif self.reps is None:
            raise FieldError("reps", _("an exercise needs either work = \"60s\" or reps"))
        self._reps = _parsed("reps", RepRange.parse, self.reps)
        self._tempo = _parsed("tempo", Tempo.parse, self.tempo)
        self._hold = _parsed("hold", parse_duration, self.hold)
        if self._hold is not None and self._tempo is not None:
            raise FieldError("hold", _("an exercise has either a hold or a tempo, not both"))
        self._rest = _parsed("rest", parse_duration, self.rest)
        self._rest_after = _parsed("rest_after", parse_duration, self.rest_after)
        self._rest_between_reps = _parsed("rest_between_reps", parse_duration, self.rest_between_reps)
        if self._rest_between_reps is not None and self._hold is None:
            raise FieldError("rest_between_reps", _("only applies to an exercise with a hold"))
        if self.extra_side is not None and (self.sides != "each" or self._work is not None):
            raise FieldError("extra_side", _("an extra set for one side needs sides = \"each\" and sets of "
                                             "reps"))
        if self.sides == "alternate" and self._reps is not None and self._reps.low < 2:
            raise FieldError("reps", _("alternating sides needs at least 2 reps"))
        if not _LOAD.fullmatch(self.load):
            raise FieldError(
                "load",
                "expected \"bodyweight\", \"band:<colour>\", \"<n>kg\" or \"<n>lb\", "
                f"got {self.load!r}",
            )

    # Typed views of the parsed fields -------------------------------------------------
    @property
    def work_s(self) -> float | None:
        return self._work

    @property
    def rep_range(self) -> RepRange | None:
        return self._reps

    @property
    def tempo_spec(self) -> Tempo | None:
        return self._tempo

    @property
    def hold_s(self) -> float | None:
        return self._hold

    @property
    def set_count(self) -> int:
        return self.sets or 1

    @property
    def rest_s(self) -> float:
        return self._rest if self._rest is not None else 60.0

    @property
    def rest_after_s(self) -> float | None:
        return self._rest_after

    @property
    def rest_between_reps_s(self) -> float:
        return self._rest_between_reps if self._rest_between_reps is not None else 5.0

    @property
    def rep_seconds(self) -> float:
        """Seconds one rep takes on one side: its tempo, its hold, or 3 s if unpaced."""
        if self._tempo is not None:
            return self._tempo.rep_seconds
        if self._hold is not None:
            return self._hold
        return 3.0

    @property
    def unilateral(self) -> bool:
        return self.sides != "both"


class Phase(Struct, forbid_unknown_fields=True, kw_only=True):
    kind: PhaseKind
    name: Name
    exercise: Annotated[list[Exercise], Meta(min_length=1, max_length=30)]


class Stage(Struct, forbid_unknown_fields=True, kw_only=True):
    id: Id
    name: Name
    description: Annotated[str, Meta(max_length=600)] = ""
    phase: Annotated[list[Phase], Meta(min_length=1, max_length=10)]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for phase in self.phase:
            for exercise in phase.exercise:
                if exercise.id in seen:
                    raise FieldError("phase", _("exercise id {id!r} is used twice in this stage").format(
                                                  id=exercise.id))
                seen.add(exercise.id)

    @property
    def exercises(self) -> list[Exercise]:
        return [e for p in self.phase for e in p.exercise]


class ProgramInfo(Struct, forbid_unknown_fields=True, kw_only=True):
    id: Id
    name: Name
    version: Annotated[int, Meta(ge=1)] = 1
    description: Annotated[str, Meta(max_length=600)] = ""


class Program(Struct, forbid_unknown_fields=True, kw_only=True):
    """A whole programme file: its header and one or more stages, easiest first."""

    program: ProgramInfo
    stage: Annotated[list[Stage], Meta(min_length=1, max_length=20)]

    def __post_init__(self) -> None:
        ids = [s.id for s in self.stage]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise FieldError("stage", _("stage id {value!r} is used twice").format(value=dupes[0]))
        self._check_ladders()

    def _check_ladders(self) -> None:
        """Every ``next`` names another paced exercise of this programme, with no loops."""
        by_id = {e.id: e for stage in self.stage for e in stage.exercises}
        for exercise in by_id.values():
            seen = {exercise.id}
            step = exercise
            while step.next is not None:
                target = by_id.get(step.next)
                if target is None or target.work_s is not None:
                    raise FieldError("stage", _("exercise {id!r}: next = {next!r} is not a paced exercise "
                                                "of this programme").format(id=step.id, next=step.next))
                if target.id in seen:
                    raise FieldError("stage", _("exercise {id!r}: its ladder of harder variants loops back "
                                                "on itself").format(id=exercise.id))
                seen.add(target.id)
                step = target

    @property
    def id(self) -> str:
        return self.program.id

    @property
    def name(self) -> str:
        return self.program.name

    def get_stage(self, stage_id: str | None) -> Stage:
        """The stage with this id (the first stage when None); KeyError lists the valid ids."""
        if stage_id is None:
            return self.stage[0]
        for stage in self.stage:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)


def program_digest(program: Program) -> str:
    """A short fingerprint of a programme's whole content: a session records the one it
    ran, so resuming it with a changed or different file (same id) can be refused."""
    import hashlib

    return hashlib.sha256(msgspec.json.encode(program)).hexdigest()[:16]


def played_json(program: Program, stage_id: str) -> str:
    """The one stage a session plays, as a self-contained programme in JSON: a session
    keeps it so that resuming plays exactly what it began (the coach's numbers too)."""
    data = msgspec.to_builtins(program)
    data["stage"] = [s for s in data["stage"] if s["id"] == stage_id]
    for stage in data["stage"]:
        for phase in stage["phase"]:
            for row in phase["exercise"]:
                row.pop("next", None)  # ladders may point into stages left out
    return msgspec.json.encode(data).decode()

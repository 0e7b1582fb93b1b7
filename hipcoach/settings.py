"""User settings: typed, bounded, stored as JSON in the config folder of a data dir
(``hipcoach.paths.config_dir``: the data dir itself for a --data-dir).

Loading never fails. A file edited into nonsense keeps every good key; each bad key
falls back to its default and is named in ``problems`` so the app can tell the user. A
file that cannot be used at all is copied aside (``settings.json.damaged``) before
anything could overwrite it, and saving writes the whole file or nothing
(``hipcoach.json_file``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from hipcoach.i18n import _
from hipcoach.paths import settings_file

AudioMode = Literal["voice", "tones", "silent"]


@dataclass(frozen=True, slots=True)
class Rule:
    """What a key accepts: a type and either a range or a set of choices."""

    kind: type
    low: float | None = None
    high: float | None = None
    choices: tuple[Any, ...] = ()

    def check(self, value: Any) -> str | None:
        if self.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, self.kind) or (self.kind is int and isinstance(value, bool)):
            return f"expected {self.kind.__name__}"
        if self.kind is float and not math.isfinite(value):
            return "expected a finite number"
        if self.choices and value not in self.choices:
            return "expected one of " + ", ".join(map(str, self.choices))
        if self.low is not None and value < self.low:
            return f"expected at least {self.low:g}"
        if self.high is not None and value > self.high:
            return f"expected at most {self.high:g}"
        return None


RULES: dict[str, Rule] = {
    "units": Rule(str, choices=("kg", "lb")),
    "countdown_s": Rule(int, 2, 30),
    "first_countdown_s": Rule(int, 3, 60),
    "default_rest_s": Rule(int, 10, 300),
    "audio_mode": Rule(str, choices=("voice", "tones", "silent")),
    "volume": Rule(int, 0, 10),
    "muted": Rule(bool),
    "flash": Rule(bool),
    "pain_green_max": Rule(int, 0, 9),
    "pain_amber_max": Rule(int, 1, 10),
    "deload_every_weeks": Rule(int, 3, 6),
    "theme": Rule(str, choices=("system", "light", "dark")),
    "text_scale": Rule(float, 1.0, 2.0),
    "paper": Rule(str, choices=("auto", "A4", "Letter")),
    "auto_log": Rule(bool),
    "language": Rule(str, choices=("system", "en", "de")),
    # What the user owns, for load steps (hipcoach.domain.equipment): the weights owned,
    # or the smallest increment when none are listed; band colours, lightest first.
    "weights_owned": Rule(str),
    "weight_increment": Rule(float, 0.25, 10.0),
    "band_colours": Rule(str),
    "stuck_after_sessions": Rule(int, 2, 30),  # back-off: the same prescription N times
    "morning_from_hour": Rule(int, 0, 12),
}
LIST_KEYS = ("weights_owned", "band_colours")


def list_problem(key: str, value: str) -> str | None:
    """Why a list setting cannot be read (None when it can)."""
    from hipcoach.domain.equipment import parse_colours, parse_numbers

    if len(value) > 200:
        return "expected at most 200 characters"
    if key == "weights_owned":
        try:
            parse_numbers(value)
        except ValueError as exc:
            return f"expected numbers separated by commas ({exc})"
    elif key == "band_colours":
        colours = parse_colours(value)
        if not colours:
            return "expected at least one colour, lightest first"
        bad = [c for c in colours if not c.isalpha() or len(c) > 20]
        if bad:
            return f"expected colour names, got {bad[0]!r}"
    return None


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting with its default (``RULES`` says what each accepts)."""

    units: str = "kg"
    countdown_s: int = 5
    first_countdown_s: int = 10
    default_rest_s: int = 60
    audio_mode: AudioMode = "voice"
    volume: int = 8
    muted: bool = False
    flash: bool = False
    pain_green_max: int = 3
    pain_amber_max: int = 5
    deload_every_weeks: int = 4
    theme: str = "system"
    text_scale: float = 1.0
    paper: str = "auto"
    auto_log: bool = False
    language: str = "system"
    weights_owned: str = ""
    weight_increment: float = 1.0
    band_colours: str = "yellow, red, green, blue, black"
    stuck_after_sessions: int = 6
    morning_from_hour: int = 4  # the next-morning check-in is asked from this hour

    def replace(self, **changes: Any) -> Settings:
        """A copy with changes; raises ValueError naming a key whose value is not allowed."""
        for key, value in changes.items():
            rule = RULES.get(key)
            if rule is None:
                raise ValueError(_("unknown setting {key!r}").format(key=key))
            problem = rule.check(value)
            if problem is None and key in LIST_KEYS:
                problem = list_problem(key, value)
            if problem:
                raise ValueError(f"{key}: {problem}")
        merged = {**asdict(self), **changes}
        if merged["pain_amber_max"] <= merged["pain_green_max"]:
            raise ValueError(_("pain_amber_max must be above pain_green_max"))
        return Settings(**merged)


@dataclass(slots=True)
class Loaded:
    """The settings read, and the problems met reading them."""

    settings: Settings
    problems: list[str] = field(default_factory=list)


MAX_FILE_BYTES = 64_000


def settings_path(data_dir: Path) -> Path:
    """Where the settings of ``data_dir`` live (``hipcoach.paths.settings_file``)."""
    return settings_file(data_dir)


def load(data_dir: Path) -> Loaded:
    from hipcoach.json_file import read_object

    read = read_object(settings_path(data_dir), "using defaults", limit=MAX_FILE_BYTES)
    if read.problem is not None:
        return Loaded(Settings(), [read.problem])
    if read.data is None:
        return Loaded(Settings())
    good: dict[str, Any] = {}
    problems: list[str] = []
    known = {f.name for f in fields(Settings)}
    for key, value in read.data.items():
        if key not in known:
            problems.append(_("unknown setting {key!r} ignored").format(key=key))
            continue
        problem = RULES[key].check(value)
        if problem is None and key in LIST_KEYS:
            problem = list_problem(key, value)
        if problem:
            problems.append(_("{key}: {problem}; using the default").format(key=key, problem=problem))
            continue
        good[key] = float(value) if RULES[key].kind is float else value
    settings = Settings(**good)
    if settings.pain_amber_max <= settings.pain_green_max:
        problems.append(_("pain_amber_max must be above pain_green_max; using the defaults for both"))
        settings = Settings(**{**good, "pain_green_max": 3, "pain_amber_max": 5})
    return Loaded(settings, problems)


def save(data_dir: Path, settings: Settings) -> None:
    """Write atomically; raises OSError when the folder cannot be written."""
    from hipcoach.json_file import write_json

    write_json(settings_path(data_dir), asdict(settings), sorted_keys=True)


class SettingsFile:
    """The current settings of a data dir: one place that changes, saves and tells."""

    def __init__(self, data_dir: Path | None, loaded: Loaded | None = None) -> None:
        self.data_dir = data_dir
        loaded = loaded or (load(data_dir) if data_dir is not None else Loaded(Settings()))
        self.current = loaded.settings
        self.problems = loaded.problems
        self._listeners: list[Callable[[Settings], None]] = []

    def subscribe(self, listener: Callable[[Settings], None]) -> None:
        self._listeners.append(listener)

    def update(self, **changes: Any) -> Settings:
        """Apply and save changes. Raises ValueError for a value that is not allowed and
        OSError when the file cannot be written (the new values still apply)."""
        self.current = self.current.replace(**changes)
        for listener in list(self._listeners):
            listener(self.current)
        if self.data_dir is not None:
            save(self.data_dir, self.current)
        return self.current

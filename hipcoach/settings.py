"""User settings: typed, bounded, stored as JSON in the data dir.

Loading never fails. A file edited into nonsense keeps every good key; each bad key
falls back to its default and is named in ``problems`` so the app can tell the user.
Saving writes a temporary file and renames it, so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

FILE_NAME = "settings.json"

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
    "text_scale": Rule(float, 0.75, 2.0),
    "paper": Rule(str, choices=("auto", "A4", "Letter")),
    "auto_log": Rule(bool),
    "morning_from_hour": Rule(int, 0, 12),
}


@dataclass(frozen=True, slots=True)
class Settings:
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
    morning_from_hour: int = 4  # the next-morning check-in is asked from this hour

    def replace(self, **changes: Any) -> Settings:
        """A copy with changes; raises ValueError naming a key whose value is not allowed."""
        for key, value in changes.items():
            rule = RULES.get(key)
            if rule is None:
                raise ValueError(f"unknown setting {key!r}")
            problem = rule.check(value)
            if problem:
                raise ValueError(f"{key}: {problem}")
        merged = {**asdict(self), **changes}
        if merged["pain_amber_max"] <= merged["pain_green_max"]:
            raise ValueError("pain_amber_max must be above pain_green_max")
        return Settings(**merged)


@dataclass(slots=True)
class Loaded:
    settings: Settings
    problems: list[str] = field(default_factory=list)


MAX_FILE_BYTES = 64_000


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def settings_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def load(data_dir: Path) -> Loaded:
    from hipcoach.safe_read import read_limited

    path = settings_path(data_dir)
    try:  # a regular file of sane size only: a FIFO or /dev/zero here never blocks
        raw = read_limited(path, MAX_FILE_BYTES).decode("utf-8")
    except FileNotFoundError:
        return Loaded(Settings())
    except OSError as exc:
        if not path.exists() and not path.is_symlink():
            return Loaded(Settings())
        return Loaded(Settings(), [f"{path.name} {exc.strerror}; using defaults"])
    except UnicodeDecodeError:
        return Loaded(Settings(), [f"{path.name} is not UTF-8 text; using defaults"])
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError, MemoryError):
        # also NaN / Infinity, 5000-digit numbers and nesting deeper than Python's stack
        return Loaded(Settings(), [f"{path.name} is not valid JSON; using defaults"])
    if not isinstance(data, dict):
        return Loaded(Settings(), [f"{path.name} does not hold a JSON object; using defaults"])
    good: dict[str, Any] = {}
    problems: list[str] = []
    known = {f.name for f in fields(Settings)}
    for key, value in data.items():
        if key not in known:
            problems.append(f"unknown setting {key!r} ignored")
            continue
        problem = RULES[key].check(value)
        if problem:
            problems.append(f"{key}: {problem}; using the default")
            continue
        good[key] = float(value) if RULES[key].kind is float else value
    settings = Settings(**good)
    if settings.pain_amber_max <= settings.pain_green_max:
        problems.append("pain_amber_max must be above pain_green_max; using the defaults for both")
        settings = Settings(**{**good, "pain_green_max": 3, "pain_amber_max": 5})
    return Loaded(settings, problems)


def save(data_dir: Path, settings: Settings) -> None:
    """Write atomically; raises OSError when the data dir cannot be written."""
    from hipcoach.private_files import atomic_write, private_folder

    private_folder(data_dir)
    # a private temporary name made with exclusive create: never follows a planted symlink
    with atomic_write(settings_path(data_dir)) as out:
        out.write(json.dumps(asdict(settings), indent=2, sort_keys=True) + "\n")


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

"""The exercise catalogue: built-in words and key poses for exercises, by id.

``assets/exercises.toml`` says how each built-in exercise (and each re-test) is done:
a description, the set-up and equipment, the common fault, and the key poses of the
demonstration figure (named figures shared by similar exercises). The programme loader
fills these into any exercise that does not declare its own.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

from hipcoach.i18n import _
from hipcoach.paths import assets_dir
from hipcoach.program.model import ID_PATTERN, Exercise, Poses, Text
from hipcoach.program.texts import translated

FigureId = Annotated[str, Meta(pattern=ID_PATTERN)]


class ExerciseInfo(Struct, forbid_unknown_fields=True, kw_only=True):
    description: Text = ""
    setup: Text = ""
    common_fault: Text = ""
    figure: FigureId | None = None  # a named figure of the [figure] table
    poses: Poses | None = None  # or its own key poses


class InfoFile(Struct, forbid_unknown_fields=True, kw_only=True):
    figure: dict[FigureId, Poses] = {}
    exercise: dict[FigureId, ExerciseInfo] = {}

    def __post_init__(self) -> None:
        for key, info in self.exercise.items():
            if info.figure is not None and info.figure not in self.figure:
                raise ValueError(_("exercise.{key}.figure: no figure named {figure!r}").format(
                                     key=key, figure=info.figure))

    def poses_of(self, exercise_id: str) -> Poses | None:
        info = self.exercise.get(exercise_id)
        if info is None:
            return None
        if info.poses is not None:
            return info.poses
        return self.figure.get(info.figure) if info.figure is not None else None


def catalogue_path() -> Path:
    return assets_dir() / "exercises.toml"


def read_catalogue(path: Path) -> InfoFile:
    """Parse and validate a catalogue file (raises ValueError with the field's path)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return msgspec.convert(data, type=InfoFile)
    except (OSError, tomllib.TOMLDecodeError, msgspec.ValidationError) as exc:
        raise ValueError(f"{path}: {exc}") from None


@lru_cache(maxsize=1)
def catalogue() -> InfoFile:
    """The built-in catalogue (empty if it cannot be read: exercises then show only what
    their programme says, and the figure is left out)."""
    try:
        return read_catalogue(catalogue_path())
    except ValueError:
        return InfoFile()


def fill_in(exercise: Exercise) -> None:
    """Give ``exercise`` the catalogue's words and poses where it declares none."""
    book = catalogue()
    info = book.exercise.get(exercise.id)
    if info is None:
        return
    for field in ("description", "setup", "common_fault"):
        if not getattr(exercise, field):
            setattr(exercise, field, translated(getattr(info, field)))  # built-in words
    if exercise.poses is None:
        exercise.poses = book.poses_of(exercise.id)

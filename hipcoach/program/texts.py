"""Built-in programme and exercise words in the user's language.

The words of the built-in files (``assets/programs/*.toml``, ``assets/exercises.toml``)
are English in the files; ``tools/i18n.py extract`` copies every field named in
``TRANSLATED_FIELDS`` into the translation template, and ``localize`` swaps a loaded
built-in programme's words for their translation. A user's own programme file is shown
as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hipcoach.i18n import _
from hipcoach.program.model import Program

# The TOML keys whose text is read by people (the extractor and ``localize`` share them).
TRANSLATED_FIELDS = ("name", "description", "setup", "common_fault", "cues")


def texts_in(document: Any) -> Iterator[tuple[str, str]]:
    """Every translatable text of a parsed TOML document, with its key path."""

    def walk(node: Any, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                path = f"{where}.{key}" if where else str(key)
                if key in TRANSLATED_FIELDS and isinstance(value, str):
                    if value:
                        yield path, value
                elif key in TRANSLATED_FIELDS and isinstance(value, list):
                    yield from ((path, v) for v in value if isinstance(v, str) and v)
                else:
                    yield from walk(value, path)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, where)

    return walk(document, "")


def translated(text: str) -> str:
    """One built-in text in the chosen language (the empty text stays empty)."""
    return _(text) if text else text


def localize(program: Program) -> Program:
    """Translate a built-in programme's words in place; returns it."""
    info = program.program
    info.name, info.description = translated(info.name), translated(info.description)
    for stage in program.stage:
        stage.name, stage.description = translated(stage.name), translated(stage.description)
        for phase in stage.phase:
            phase.name = translated(phase.name)
            for exercise in phase.exercise:
                for field in ("name", "description", "setup", "common_fault"):
                    setattr(exercise, field, translated(getattr(exercise, field)))
                exercise.cues = [translated(cue) for cue in exercise.cues]
    return program

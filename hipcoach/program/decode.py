"""Turning parsed data into a ``Program``: validation against the model, then the
exercise catalogue's words and poses for every exercise that brings none of its own."""

from __future__ import annotations

import msgspec

from hipcoach.program.exercise_info import fill_in
from hipcoach.program.model import Program


def decode_program_json(text: str) -> Program:
    """A programme kept by ``played_json`` (raises ValidationError / DecodeError)."""
    return decode_program(msgspec.json.decode(text))


def decode_program(data: dict) -> Program:
    """Validate an already-parsed TOML document into a Program (raises ValidationError).
    Exercises that say nothing about how they are done get the built-in words and poses
    of the exercise catalogue (by id)."""
    program = msgspec.convert(data, type=Program)
    for stage in program.stage:
        for exercise in stage.exercises:
            fill_in(exercise)
    return program

"""Fixtures shared across the test packages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hipcoach.program.model import Program, decode_program


def build_program(*exercises: dict[str, Any], phases: list[dict[str, Any]] | None = None) -> Program:
    """A one-stage programme around these exercise tables (or these whole phases)."""
    if phases is None:
        phases = [{"kind": "loaded", "name": "Main", "exercise": list(exercises)}]
    return decode_program({
        "program": {"id": "test", "name": "Test programme"},
        "stage": [{"id": "only", "name": "Only", "phase": phases}],
    })


@pytest.fixture
def make_program() -> Callable[..., Program]:
    return build_program

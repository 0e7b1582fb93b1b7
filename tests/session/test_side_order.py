"""The weaker side first, and one extra set for it (what the coach prescribes for
unilateral work)."""

from __future__ import annotations

import pytest

from hipcoach.program.loader import ProgramError, parse_program_text
from hipcoach.session.set_tracker import set_spans
from hipcoach.session.timeline import compile_stage

PROGRAM = """
[program]
id = "sides"
name = "Sides"
[[stage]]
id = "s"
name = "S"
  [[stage.phase]]
  kind = "loaded"
  name = "L"
    [[stage.phase.exercise]]
    id = "slb"
    name = "Single-leg bridge"
    sets = 2
    reps = 2
    tempo = "1-0-1-0"
    start = "concentric"
    sides = "{sides}"
    rest = "30s"
    {extra}
"""


def _timeline(extra: str, sides: str = "each"):
    return compile_stage(parse_program_text(PROGRAM.format(extra=extra, sides=sides)))


def test_first_side_right_runs_right_then_left_in_every_set():
    timeline = _timeline('first_side = "right"')
    order = [(s.set, s.side) for s in timeline.steps if s.kind == "rep_phase" and s.rep == 1
             and s.tempo_phase == "concentric"]
    assert order == [(1, "right"), (1, "left"), (2, "right"), (2, "left")]
    countdowns = [s.side for s in timeline.steps if s.kind == "countdown"]
    assert countdowns == ["right", "right"]


def test_extra_side_adds_one_set_for_that_side_only():
    timeline = _timeline('first_side = "left"\n    extra_side = "left"')
    spans = [(s.set_no, s.side) for s in set_spans(timeline)]
    assert spans == [(1, "left"), (1, "right"), (2, "left"), (2, "right"), (3, "left")]
    assert {s.sets for s in timeline.steps if s.set is not None} == {3}
    rests = [s.set for s in timeline.steps if s.kind == "rest"]
    assert rests == [1, 2]  # a rest before the extra set too, none after it
    last = [s for s in timeline.steps if s.set == 3 and s.kind == "rep_phase"]
    assert {s.side for s in last} == {"left"} and len(last) == 4


def test_extra_side_needs_sides_each():
    with pytest.raises(ProgramError, match="extra_side"):
        _timeline('extra_side = "left"', sides="both")

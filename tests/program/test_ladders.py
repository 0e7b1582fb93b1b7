"""``next`` names the harder variant of an exercise; bad ladders are refused on load."""

from __future__ import annotations

import pytest

from hipcoach.program.loader import ProgramError, parse_program_text

BASE = """
[program]
id = "ladder"
name = "Ladder"
[[stage]]
id = "s"
name = "S"
  [[stage.phase]]
  kind = "loaded"
  name = "L"
    [[stage.phase.exercise]]
    id = "a"
    name = "A"
    reps = 8
    tempo = "2-0-2-0"
    next = "{a_next}"
    [[stage.phase.exercise]]
    id = "b"
    name = "B"
    reps = 8
    tempo = "2-0-2-0"
    {b_next}
    [[stage.phase.exercise]]
    id = "walk"
    name = "Walk"
    work = "30s"
"""


def test_a_ladder_loads():
    program = parse_program_text(BASE.format(a_next="b", b_next=""))
    assert program.stage[0].exercises[0].next == "b"


@pytest.mark.parametrize(("a_next", "b_next", "words"), [
    ("zzz", "", "not a paced exercise"),
    ("walk", "", "not a paced exercise"),
    ("b", 'next = "a"', "loops"),
    ("a", "", "loops"),
])
def test_bad_ladders_are_refused(a_next, b_next, words):
    with pytest.raises(ProgramError) as caught:
        parse_program_text(BASE.format(a_next=a_next, b_next=b_next), "l.toml")
    assert words in str(caught.value)

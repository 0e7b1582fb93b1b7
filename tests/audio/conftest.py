"""Helpers for the audio tests: a small programme, a fake clock and a session driver."""

from __future__ import annotations

import pytest

from hipcoach.audio.catalogue import Catalogue
from hipcoach.program.loader import parse_program_text
from hipcoach.session.player import Player
from hipcoach.session.timeline import Timeline, compile_stage

# A hold exercise (20 s holds: halfway marks) and a tempo exercise (two sets, so a rest
# and a second countdown). The ids are built-in exercises, so their announcements exist.
PROGRAM = """
[program]
id = "audio-test"
name = "Audio test"
version = 1

[[stage]]
id = "s"
name = "S"

  [[stage.phase]]
  kind = "activation"
  name = "Activation"

    [[stage.phase.exercise]]
    id = "glute-squeeze"
    name = "Glute squeeze hold"
    sets = 1
    reps = 2
    hold = "20s"
    rest_between_reps = "5s"

    [[stage.phase.exercise]]
    id = "pure-hip-extension"
    name = "Pure hip extension drill"
    sets = 2
    reps = 2
    tempo = "2-1-2-0"
    start = "concentric"
    rest = "10s"
"""


class FakeClock:
    def __init__(self, t: float = 0.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def timeline() -> Timeline:
    return compile_stage(parse_program_text(PROGRAM, "audio-test.toml"))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue()


def run_session(player: Player, clock: FakeClock, until: float | None = None) -> None:
    """Drive the player the way the Qt adapter does: wake at each deadline, exactly."""
    if player.state == "ready":
        player.start(clock.t)
    while (deadline := player.next_deadline()) is not None:
        if until is not None and deadline > until:
            break
        clock.t = deadline
        player.tick(deadline)

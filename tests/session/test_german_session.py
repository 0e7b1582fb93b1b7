"""A whole session played in German: every word the player shows for every step, and
every spoken cue from the German folder; no English word may be left."""

from __future__ import annotations

import pytest
from support_english import english_left

from hipcoach import i18n
from hipcoach.audio.catalogue import TONES, Catalogue, cues_for, default_sounds_dir
from hipcoach.coach.assessments import retest_program
from hipcoach.program.catalog import discover
from hipcoach.session import describe
from hipcoach.session.clock import FakeClock
from hipcoach.session.player import Event, Player
from hipcoach.session.timeline import compile_stage


@pytest.fixture
def german():
    i18n.use("de")
    yield
    i18n.use("en")


def _programme(program_id: str):
    if program_id == "retest":
        return retest_program()
    return next(e.program for e in discover(None) if e.id == program_id)


def _play(timeline) -> tuple[list[str], list[str]]:
    """Run the player to the end; the words shown at each step and the cues heard."""
    clock = FakeClock(1000.0)
    player = Player(timeline, clock.now)
    events: list[Event] = []
    player.subscribe(events.append)
    player.start()
    while player.state not in ("finished", "ended"):
        if player.state == "waiting":
            clock.advance(2.0)
            player.confirm()
            continue
        clock.set(player.next_deadline())
        player.tick()
    words, cues = [], []
    for event in events:
        cues += cues_for(event, "voice", timeline.steps)
        step = event.step
        if event.kind != "step" or step is None:
            continue
        exercise = timeline.exercise_of(step)
        words += [step.label, describe.headline(step, timeline), describe.position_text(step),
                  describe.set_text(step), describe.side_badge(step),
                  describe.next_text(timeline, step.index), describe.how_text(step, exercise),
                  describe.prescription_text(exercise), *exercise.cues]
        if step.kind == "wait":
            words.append(describe.wait_hint(step, timeline))
    return words, cues


@pytest.mark.parametrize(("program_id", "stage"), [
    ("daily-drill", None), ("hip-extension", "light-resistance"),
    ("hip-extension", "unilateral-endurance"), ("retest", None),
])
def test_a_whole_session_shows_and_says_german(german, program_id, stage):
    program = _programme(program_id)
    stage_id = stage or program.stage[0].id
    timeline = compile_stage(program, stage_id)
    words, cues = _play(timeline)
    text = "\n".join(w for w in words if w)
    assert english_left(text) == [], text
    assert "BEREIT MACHEN" in text and "Als Nächstes: " in text
    catalogue = Catalogue(language="de")
    german_dir = default_sounds_dir() / "de"
    spoken = [c for c in cues if c not in TONES]
    assert spoken and "session-complete" in spoken
    for cue in spoken:
        assert catalogue.path(catalogue.resolve(cue) or cue).parent == german_dir, cue

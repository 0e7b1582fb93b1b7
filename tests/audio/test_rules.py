"""The playing rules: speech is never cut by a tone, stale cues give way, nothing piles
up, and a failing player is reported once and then stays silent."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from hipcoach.audio import player as player_module
from hipcoach.audio.catalogue import PRIORITY_END, PRIORITY_MARK, PRIORITY_STEP
from hipcoach.audio.player import (
    NO_BACKEND_MESSAGE,
    NullPlayer,
    Playsound3Player,
    RecordingPlayer,
    detect_backend,
)

from .conftest import FakeClock

LENGTHS = {"lift": 0.5, "lower": 0.5, "one": 0.3, "two": 0.3, "tick": 0.1, "tick-final": 0.3,
           "next-march": 2.0, "halfway": 0.6, "chime-end": 1.0, "session-complete": 1.0}


@pytest.fixture
def rec(clock: FakeClock) -> RecordingPlayer:
    return RecordingPlayer(clock, LENGTHS)


def test_a_tone_never_cuts_off_speech(rec, clock):
    rec.play("lift")
    clock.t = 0.2
    rec.play("tick-final", PRIORITY_END)  # even a more important tone waits its turn
    clock.t = 0.6
    rec.play("tick", PRIORITY_MARK)
    assert rec.played == [(0.0, "lift"), (0.6, "tick")]
    assert rec.dropped == [(0.2, "tick-final")]
    assert rec.stopped == []


def test_a_newer_cue_of_equal_or_higher_priority_stops_the_stale_one(rec, clock):
    rec.play("next-march", PRIORITY_STEP)
    clock.t = 0.5
    rec.play("halfway", PRIORITY_MARK)  # lower: dropped
    clock.t = 1.0
    rec.play("one", PRIORITY_STEP)  # equal: takes over
    clock.t = 1.1
    rec.play("chime-end", PRIORITY_END)  # a tone, but "one" is speech: dropped
    clock.t = 1.4
    rec.play("tick", PRIORITY_MARK)
    clock.t = 1.45
    rec.play("lift", PRIORITY_STEP)  # speech replaces a playing tone of lower priority
    assert rec.played == [(0.0, "next-march"), (1.0, "one"), (1.4, "tick"), (1.45, "lift")]
    assert rec.stopped == [(1.0, "next-march"), (1.45, "tick")]
    assert rec.dropped == [(0.5, "halfway"), (1.1, "chime-end")]


def test_a_follow_up_starts_when_its_predecessor_ends(rec, clock):
    rec.play("chime-end", PRIORITY_END)
    rec.play("session-complete", PRIORITY_END, follow=True)
    clock.t = 5.0
    rec.advance()
    assert rec.played == [(0.0, "chime-end"), (1.0, "session-complete")]


def test_cues_never_pile_up(rec, clock):
    rec.play("one")
    for cue in ("lift", "lower", "two", "lift"):
        rec.play(cue, follow=True)  # only the newest follow-up waits
    clock.t = 10.0
    rec.advance()
    assert rec.played == [(0.0, "one"), (0.3, "lift")]


def test_a_new_cue_discards_the_stale_follow_up(rec, clock):
    rec.play("one")
    rec.play("lift", follow=True)
    clock.t = 0.1
    rec.play("two")
    clock.t = 10.0
    rec.advance()
    assert rec.cues == ["one", "two"]
    assert rec.stopped == [(0.1, "one")]


def test_stop_clears_the_current_and_the_waiting_cue(rec, clock):
    rec.play("one")
    rec.play("lift", follow=True)
    rec.stop()
    clock.t = 10
    rec.advance()
    assert rec.cues == ["one"]


def test_a_failure_is_reported_once_and_the_player_goes_silent(clock):
    messages: list[str] = []
    rec = RecordingPlayer(clock, LENGTHS, on_problem=messages.append)
    rec.play("one")
    rec.fail("the player broke")
    rec.fail("and again")
    rec.play("two")
    assert messages == ["the player broke"]
    assert rec.problem == "the player broke"
    assert rec.cues == ["one"]


def test_null_player_does_nothing():
    null = NullPlayer()
    null.play("lift")
    null.stop()
    null.close()
    assert null.problem is None


# -- the playsound3 player, with a fake process ------------------------------------------
class FakeSound:
    def __init__(self, path: Path, status: int = 0) -> None:
        self.path = path
        self.alive = True
        self.stopped = False
        self.subprocess = self
        self._status = status

    def is_alive(self) -> bool:
        return self.alive

    def stop(self) -> None:
        self.stopped = True
        self.alive = False
        self._status = -15

    def poll(self) -> int | None:
        return None if self.alive else self._status

    def finish(self, status: int = 0) -> None:
        self.alive = False
        self._status = status


class FakeSpawn:
    def __init__(self) -> None:
        self.sounds: list[FakeSound] = []

    def __call__(self, path: Path, backend: str) -> FakeSound:
        sound = FakeSound(path)
        self.sounds.append(sound)
        return sound

    @property
    def names(self) -> list[str]:
        return [s.path.stem for s in self.sounds]


def _resolve(cue: str) -> Path | None:
    return None if cue == "missing" else Path(f"/sounds/{cue}.wav")


def _sync_player(spawn, messages):
    return Playsound3Player(_resolve, spawn=spawn, threaded=False, on_problem=messages.append)


def test_playsound3_player_applies_the_rules():
    spawn, messages = FakeSpawn(), []
    player = _sync_player(spawn, messages)
    player.play("one")
    player.play("lift", follow=True)
    player.play("tick", PRIORITY_MARK)  # speech is playing: dropped
    assert spawn.names == ["one"]
    spawn.sounds[0].finish()
    player.pump()
    assert spawn.names == ["one", "lift"]
    player.play("lower")  # stale "lift" is stopped, and that is not a failure
    assert spawn.sounds[1].stopped
    spawn.sounds[2].finish()
    player.play("missing")  # no file: skipped quietly (the volume layer reports it)
    player.pump()
    assert spawn.names == ["one", "lift", "lower"]
    assert messages == [] and player.problem is None
    assert player.backend == "custom"


def test_a_player_process_that_fails_is_reported_once_then_silence():
    spawn, messages = FakeSpawn(), []
    player = _sync_player(spawn, messages)
    player.play("one")
    spawn.sounds[0].finish(status=1)
    player.play("two")
    player.play("three")
    player.pump()
    assert len(messages) == 1
    assert "failed (exit status 1)" in messages[0] and "'one'" in messages[0]
    assert player.problem == messages[0]
    assert spawn.names == ["one"]


def test_a_player_that_cannot_start_is_reported_once():
    messages: list[str] = []

    def broken(path: Path, backend: str):
        raise FileNotFoundError("aplay")

    player = _sync_player(broken, messages)
    player.play("one")
    player.play("two")
    assert len(messages) == 1 and "could not start" in messages[0]


def test_no_backend_is_reported_once_with_the_packages_to_install(monkeypatch):
    monkeypatch.setattr(player_module, "detect_backend", lambda preferred=None: None)
    messages: list[str] = []
    player = Playsound3Player(_resolve, threaded=False, on_problem=messages.append)
    player.play("one")
    player.play("two")
    assert messages == [NO_BACKEND_MESSAGE]
    for package in ("gstreamer1.0-plugins-base-apps", "alsa-utils", "ffmpeg"):
        assert package in NO_BACKEND_MESSAGE


def test_detect_backend_prefers_aplay_and_honours_a_choice(monkeypatch):
    monkeypatch.delenv("PLAYSOUND3_BACKEND", raising=False)
    monkeypatch.setattr(player_module, "available_backends", lambda: ["gstreamer", "alsa"])
    assert detect_backend() == "alsa"
    assert detect_backend("gstreamer") == "gstreamer"
    assert detect_backend("ffplay") is None
    monkeypatch.setenv("PLAYSOUND3_BACKEND", "gstreamer")
    assert detect_backend() == "gstreamer"
    monkeypatch.setattr(player_module, "available_backends", lambda: [])
    monkeypatch.delenv("PLAYSOUND3_BACKEND")
    assert detect_backend() is None


def test_play_never_blocks_and_the_newest_request_wins():
    entered, release = threading.Event(), threading.Event()
    started: list[str] = []

    def slow_spawn(path: Path, backend: str) -> FakeSound:
        started.append(path.stem)
        if path.stem == "one":
            entered.set()
            assert release.wait(10), "the test never released the spawn"
        sound = FakeSound(path)
        sound.finish()
        return sound

    player = Playsound3Player(_resolve, spawn=slow_spawn)
    try:
        player.play("one")
        assert entered.wait(10)
        # The worker is stuck starting "one"; these calls return at once and coalesce.
        player.play("two")
        player.play("three")
        player.play("lift", follow=True)
        release.set()
        assert player.wait_idle(10)
        assert started == ["one", "three", "lift"]
        assert player.problem is None
    finally:
        player.close()

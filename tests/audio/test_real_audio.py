"""The real audio path: playsound3 -> aplay -> ALSA, with ALSA's default device pointed
at a file, so the test hears exactly the samples that would reach a loudspeaker.

ALSA reads ~/.asoundrc (and $XDG_CONFIG_HOME/alsa/asoundrc in newer releases) on top of
its system configuration; a ``file`` PCM writes every sample it is given to a file and
hands them on to its slave, here the ``null`` device. The only real-time wait here is
for the child aplay process to finish.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hipcoach.audio.director import create_director
from hipcoach.audio.player import Playsound3Player
from hipcoach.audio.volume import ScaledSounds, gain_for, read_pcm16
from hipcoach.cli import main

pytestmark = pytest.mark.skipif(
    shutil.which("aplay") is None,
    reason="aplay is not installed (apt-get install alsa-utils)",
)

PLAY_TIMEOUT_S = 20.0


@pytest.fixture
def sink(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME whose ALSA default device writes raw samples to the returned file."""
    home = tmp_path / "home"
    out = tmp_path / "out.raw"
    config = (
        "pcm.!default {\n"
        "    type file\n"
        '    slave.pcm "null"\n'
        f'    file "{out}"\n'
        '    format "raw"\n'
        "}\n"
    )
    (home / ".config" / "alsa").mkdir(parents=True)
    (home / ".asoundrc").write_text(config)
    (home / ".config" / "alsa" / "asoundrc").write_text(config)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("ALSA_CONFIG_PATH", raising=False)
    monkeypatch.delenv("PLAYSOUND3_BACKEND", raising=False)
    return out


def _assert_sink_holds(out: Path, expected: bytes) -> None:
    assert out.is_file(), "aplay wrote nothing to the ALSA file sink"
    got = out.read_bytes()
    assert len(got) >= len(expected)
    assert got[: len(expected)] == expected, "the sink did not receive the cue's samples"
    assert set(got[len(expected):]) <= {0}, "only silence may pad the last period"


def _play(cue: str, sounds: ScaledSounds) -> Playsound3Player:
    messages: list[str] = []
    player = Playsound3Player(sounds.path, backend="alsa", on_problem=messages.append)
    try:
        player.play(cue)
        assert player.wait_idle(PLAY_TIMEOUT_S), "aplay did not finish in time"
    finally:
        player.close()
    assert messages == [] and player.problem is None
    return player


def test_a_cue_reaches_the_sound_device_sample_for_sample(sink, catalogue, tmp_path):
    sounds = ScaledSounds(catalogue, tmp_path / "cache")
    _play("two", sounds)
    _assert_sink_holds(sink, read_pcm16(catalogue.path("two")).samples.tobytes())


def test_the_volume_setting_reaches_the_sound_device(sink, catalogue, tmp_path):
    sounds = ScaledSounds(catalogue, tmp_path / "cache", volume=4)
    _play("tick-final", sounds)
    original = read_pcm16(catalogue.path("tick-final")).samples
    scaled = [round(s * gain_for(4)) for s in original]
    _assert_sink_holds(sink, read_pcm16(sounds.path("tick-final")).samples.tobytes())
    assert list(read_pcm16(sounds.path("tick-final")).samples) == scaled


def test_sound_check_plays_through_aplay(sink, catalogue, capsys):
    assert main(["sound-check", "tick"]) == 0
    out = capsys.readouterr().out
    assert "'tick'" in out and "aplay" in out and "'alsa'" in out
    _assert_sink_holds(sink, read_pcm16(catalogue.path("tick")).samples.tobytes())


def test_a_failing_aplay_is_reported_once(tmp_path, monkeypatch, catalogue):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text('pcm.!default { type hw; card "NoSuchCard" }\n')
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    messages: list[str] = []
    player = Playsound3Player(ScaledSounds(catalogue, None).path, backend="alsa",
                              on_problem=messages.append)
    try:
        player.play("one")
        assert player.wait_idle(PLAY_TIMEOUT_S)
        player.play("two")
        assert player.wait_idle(PLAY_TIMEOUT_S)
    finally:
        player.close()
    assert len(messages) == 1
    assert "aplay failed" in messages[0]


def test_the_apps_director_plays_through_the_real_path(sink, catalogue, tmp_path):
    messages: list[str] = []
    director = create_director(cache_dir=tmp_path / "cache", volume=10, backend="alsa",
                               on_problem=messages.append)
    try:
        director.preview("one")
        assert director.player.wait_idle(PLAY_TIMEOUT_S)
    finally:
        director.close()
    assert messages == [] and director.problem is None
    _assert_sink_holds(sink, read_pcm16(catalogue.path("one")).samples.tobytes())


def test_cues_through_the_spare_aplay_reach_the_device_whole_and_in_order(sink, catalogue,
                                                                          monkeypatch):
    """aplay is started before each cue is due and handed it through a pipe: the next
    cue finds it waiting, and every sample still reaches the device, also a cue larger
    than the pipe (written by a thread). A quiet spell stops the spare."""
    from hipcoach.audio import spare_aplay

    monkeypatch.setattr(spare_aplay, "PIPE_BYTES", 4096)  # the second cue does not fit
    monkeypatch.setattr(spare_aplay, "REFILL_AFTER_S", 0.0)
    spare = spare_aplay.SpareAplay()
    try:
        assert spare.tend() is None  # no cue yet: nothing is started
        spare.warm()
        waiting = spare._spare
        assert waiting is not None and waiting.poll() is None  # started before any cue
        process = spare.play(catalogue.path("two"))
        assert process is waiting  # the cue went to the process already started
        assert spare._spare is None  # the next one starts when tended, not with the cue
        assert spare.tend() is not None
        follow = spare._spare
        assert follow is not None and follow.poll() is None  # the next one is waiting
        assert process.wait(PLAY_TIMEOUT_S) == 0
        _assert_sink_holds(sink, read_pcm16(catalogue.path("two")).samples.tobytes())
        long_cue = max(catalogue.dir.glob("*.wav"), key=lambda path: path.stat().st_size)
        assert long_cue.stat().st_size > 4 * 4096
        assert spare.play(long_cue) is follow
        assert follow.wait(PLAY_TIMEOUT_S) == 0
        _assert_sink_holds(sink, read_pcm16(long_cue).samples.tobytes())
        spare.tend()
        idle = spare._spare
        assert idle is not None
        monkeypatch.setattr(spare_aplay, "IDLE_S", 0.0)  # a quiet minute has passed
        assert spare.tend() is None
        assert spare._spare is None and idle.wait(5) is not None
    finally:
        spare.close()
    assert spare._spare is None


def test_a_spare_started_before_the_environment_changed_is_not_used(sink, catalogue,
                                                                    monkeypatch):
    """ALSA reads its configuration when aplay starts: a spare started under another HOME
    would play to another device, so it is replaced."""
    from hipcoach.audio.spare_aplay import SpareAplay

    spare = SpareAplay()
    try:
        home = os.environ["HOME"]
        monkeypatch.setenv("HOME", "/nonexistent")
        spare.warm()
        stale = spare._spare
        monkeypatch.setenv("HOME", home)
        process = spare.play(catalogue.path("one"))
        assert process is not stale
        assert process.wait(PLAY_TIMEOUT_S) == 0
    finally:
        spare.close()
    assert stale is not None and stale.wait(5) is not None


def test_a_spare_that_cannot_start_leaves_the_cue_worker_playing(sink, catalogue, tmp_path,
                                                                 monkeypatch):
    """Starting the next spare fails (here: aplay vanished from PATH after the first
    cue): the worker thread carries on, and the next cue reports the missing player."""
    from hipcoach.audio import spare_aplay

    monkeypatch.setattr(spare_aplay, "REFILL_AFTER_S", 0.0)
    messages: list[str] = []
    player = Playsound3Player(ScaledSounds(catalogue, tmp_path / "cache").path,
                              backend="alsa", on_problem=messages.append)
    try:
        player.play("one")
        assert player.wait_idle(PLAY_TIMEOUT_S)
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # tend() now fails to start aplay
        player.play("two")
        assert player.wait_idle(PLAY_TIMEOUT_S)
        assert player._thread is not None and player._thread.is_alive()
    finally:
        player.close()
    assert len(messages) == 1 and "could not start" in messages[0]


def test_a_spare_that_exits_by_itself_is_not_started_again_until_the_next_cue(
        tmp_path, monkeypatch, catalogue):
    """No sound device: each spare aplay exits at once. The worker does not start them
    over and over between cues; the next cue starts its own player, which reports."""
    from hipcoach.audio import spare_aplay

    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text('pcm.!default { type hw; card "NoSuchCard" }\n')
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setattr(spare_aplay, "REFILL_AFTER_S", 0.0)
    started: list[object] = []
    real_start = spare_aplay.SpareAplay._start

    def counted(self):
        process = real_start(self)
        started.append(process)
        return process

    monkeypatch.setattr(spare_aplay.SpareAplay, "_start", counted)
    spare = spare_aplay.SpareAplay()
    try:
        spare.warm()
        assert started[0].wait(PLAY_TIMEOUT_S) != 0  # the device cannot be opened
        for _ in range(5):
            spare.tend()
        assert len(started) == 1  # not started over between cues
        process = spare.play(catalogue.path("one"))
        assert process.wait(PLAY_TIMEOUT_S) != 0  # the cue's own player reports it
    finally:
        spare.close()

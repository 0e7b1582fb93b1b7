"""Volume steps are scaled copies of the cue files; bad files are reported once."""

from __future__ import annotations

import array
import os
import wave
from pathlib import Path

import pytest

from hipcoach.audio.catalogue import Catalogue
from hipcoach.audio.volume import ScaledSounds, gain_for, read_pcm16

SAMPLES = [0, 1000, -2000, 32767, -32768, 123, -1]


def write_wav(path: Path, samples: list[int], width: int = 2, rate: int = 16000) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(width)
        w.setframerate(rate)
        if width == 2:
            w.writeframes(array.array("h", samples).tobytes())
        else:
            w.writeframes(bytes(128 for _ in samples))


def read_samples(path: Path) -> list[int]:
    return list(read_pcm16(path).samples)


@pytest.fixture
def sounds_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "sounds"
    folder.mkdir()
    write_wav(folder / "lift.wav", SAMPLES)
    return folder


def test_gain_steps():
    assert gain_for(10) == 1.0
    assert gain_for(0) == 0.0
    assert gain_for(7) == pytest.approx(10 ** (-9 / 20))
    assert gain_for(99) == 1.0 and gain_for(-3) == 0.0
    gains = [gain_for(v) for v in range(11)]
    assert gains == sorted(gains)


def test_a_volume_step_writes_scaled_samples_once(sounds_dir, tmp_path):
    sounds = ScaledSounds(Catalogue(sounds_dir), tmp_path / "cache", volume=5)
    path = sounds.path("lift")
    assert path is not None and path.parent == tmp_path / "cache" / "v05"
    gain = gain_for(5)
    assert read_samples(path) == [round(s * gain) for s in SAMPLES]
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 16000)
    os.utime(path, (1, 1))
    assert sounds.path("lift") == path
    assert path.stat().st_mtime == 1  # cached: not written again


def test_full_volume_plays_the_original_and_zero_plays_nothing(sounds_dir, tmp_path):
    sounds = ScaledSounds(Catalogue(sounds_dir), tmp_path / "cache")
    assert sounds.path("lift") == sounds_dir / "lift.wav"
    sounds.set_volume(0)
    assert sounds.path("lift") is None
    sounds.set_volume(3)
    assert read_samples(sounds.path("lift")) == [round(s * gain_for(3)) for s in SAMPLES]
    assert not (tmp_path / "cache" / "v10").exists()


def test_a_regenerated_sound_never_plays_a_stale_copy(sounds_dir, tmp_path):
    sounds = ScaledSounds(Catalogue(sounds_dir), tmp_path / "cache", volume=8)
    old = sounds.path("lift")
    write_wav(sounds_dir / "lift.wav", [s // 2 for s in SAMPLES])
    fresh = ScaledSounds(Catalogue(sounds_dir), tmp_path / "cache", volume=8).path("lift")
    assert fresh != old
    assert read_samples(fresh) == [round((s // 2) * gain_for(8)) for s in SAMPLES]


@pytest.mark.parametrize("volume", [10, 4])
def test_a_corrupt_wav_is_reported_once_and_skipped(sounds_dir, tmp_path, volume):
    (sounds_dir / "lower.wav").write_bytes(b"RIFF\x10\x00\x00\x00WAVEjunkjunk")
    messages: list[str] = []
    sounds = ScaledSounds(Catalogue(sounds_dir), tmp_path / "cache", volume, messages.append)
    assert sounds.path("lower") is None
    assert sounds.path("lower") is None
    assert sounds.path("lift") is not None
    assert len(messages) == 1
    assert "'lower'" in messages[0] and "lower.wav" in messages[0]


def test_missing_truncated_and_8_bit_files_are_reported(sounds_dir, tmp_path):
    write_wav(sounds_dir / "hold.wav", SAMPLES, width=1)
    good = (sounds_dir / "lift.wav").read_bytes()
    (sounds_dir / "pause.wav").write_bytes(good[:-4])
    messages: list[str] = []
    sounds = ScaledSounds(Catalogue(sounds_dir), tmp_path / "cache", 6, messages.append)
    for cue in ("hold", "pause", "rest", "hold", "pause", "rest"):
        assert sounds.path(cue) is None
    assert len(messages) == 3
    assert "16-bit" in messages[0]
    assert "cut short" in messages[1]
    assert "not found" in messages[2]


def test_an_unwritable_cache_falls_back_to_full_volume_once(sounds_dir, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    messages: list[str] = []
    write_wav(sounds_dir / "lower.wav", SAMPLES)
    sounds = ScaledSounds(Catalogue(sounds_dir), blocker, 5, messages.append)
    assert sounds.path("lift") == sounds_dir / "lift.wav"
    assert sounds.path("lower") == sounds_dir / "lower.wav"
    assert len(messages) == 1 and "cache" in messages[0]


def test_prepare_scales_every_cue_up_front(tmp_path, catalogue):
    sounds = ScaledSounds(catalogue, tmp_path / "cache", volume=9)
    sounds.prepare()
    made = sorted(p.name.rsplit("-", 1)[0] for p in (tmp_path / "cache" / "v09").glob("*.wav"))
    assert made == sorted(catalogue.names())
    assert sounds.problems == []

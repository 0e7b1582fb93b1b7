"""The committed sound files: complete, 16-bit mono, trimmed, small, licensed."""

from __future__ import annotations

import wave

import pytest

from hipcoach.audio.catalogue import TONES, base_cues, default_sounds_dir, next_cue
from hipcoach.audio.volume import read_pcm16
from hipcoach.program.catalog import discover

SOUNDS = default_sounds_dir()
WAVS = sorted(SOUNDS.glob("*.wav"))
BUDGET_BYTES = 3_000_000
MAX_EDGE_SILENCE_S = 0.030
SILENCE = 0.01 * 32767  # below 1% of full scale counts as silence
RERUN = "re-run: .venv/bin/python tools/make_sounds.py"


def test_every_cue_of_the_vocabulary_has_a_file(catalogue):
    assert catalogue.missing() == [], RERUN


def test_every_exercise_of_the_built_in_programmes_is_announced(catalogue):
    wanted = {
        next_cue(ex.id)
        for entry in discover(None) if entry.program
        for stage in entry.program.stage
        for phase in stage.phase
        for ex in phase.exercise
    }
    assert wanted, "no built-in programmes found"
    assert sorted(c for c in wanted if not catalogue.has(c)) == [], RERUN
    stale = {c for c in catalogue.names() if c.startswith("next-")} - wanted
    assert stale == set(), RERUN


@pytest.mark.parametrize("path", WAVS, ids=[p.stem for p in WAVS])
def test_each_file_is_16_bit_mono_pcm_without_edge_silence(path):
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getcomptype()) == (1, 2, "NONE")
        assert w.getframerate() in (16000, 22050)
    pcm = read_pcm16(path)
    loud = [i for i, x in enumerate(pcm.samples) if abs(x) >= SILENCE]
    assert loud, "the file is silent"
    lead = loud[0] / pcm.rate
    trail = (len(pcm.samples) - 1 - loud[-1]) / pcm.rate
    assert lead <= MAX_EDGE_SILENCE_S, f"{lead * 1000:.0f} ms of silence at the start"
    assert trail <= MAX_EDGE_SILENCE_S, f"{trail * 1000:.0f} ms of silence at the end"
    peak = max(abs(x) for x in pcm.samples)
    assert peak >= 0.5 * 32767, "too quiet to hear across a room"


def test_the_folder_fits_the_budget():
    total = sum(p.stat().st_size for p in SOUNDS.iterdir() if p.is_file())
    assert total <= BUDGET_BYTES, f"{total} bytes of sounds"


def test_the_licence_note_names_the_sources():
    text = (SOUNDS / "LICENSE.txt").read_text()
    assert "eSpeak NG" in text and "tools/make_sounds.py" in text
    for tone in TONES:
        assert f"{tone}.wav" in text


def test_only_catalogue_cues_are_in_the_folder(catalogue):
    known = set(base_cues())
    strays = [p.name for p in WAVS if p.stem not in known and not p.stem.startswith("next-")]
    assert strays == []

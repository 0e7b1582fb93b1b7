"""The committed sound files: complete, 16-bit mono, trimmed, small, licensed."""

from __future__ import annotations

import wave

import pytest

from hipcoach import i18n
from hipcoach.audio.catalogue import (
    SPEECH_BY_LANGUAGE,
    TONES,
    Catalogue,
    base_cues,
    default_sounds_dir,
    next_cue,
)
from hipcoach.audio.volume import read_pcm16
from hipcoach.program.catalog import discover

SOUNDS = default_sounds_dir()
WAVS = sorted(SOUNDS.glob("*.wav"))
LANGUAGE_WAVS = sorted(SOUNDS.glob("*/*.wav"))
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


@pytest.mark.parametrize("path", WAVS + LANGUAGE_WAVS,
                         ids=[str(p.relative_to(SOUNDS)) for p in WAVS + LANGUAGE_WAVS])
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
    for language in SPEECH_BY_LANGUAGE:
        assert f"  {language}/  (voice" in text


@pytest.mark.parametrize("language", sorted(SPEECH_BY_LANGUAGE))
def test_each_language_has_every_spoken_cue_and_no_tones(language):
    folder = SOUNDS / language
    have = {p.stem for p in folder.glob("*.wav")}
    assert set(SPEECH_BY_LANGUAGE[language]) <= have, f"{RERUN} --language {language}"
    announcements = {c for c in Catalogue().names() if c.startswith("next-")}
    assert {c for c in have if c.startswith("next-")} == announcements
    assert have.isdisjoint(TONES)  # the tones are shared
    assert sum(p.stat().st_size for p in folder.iterdir()) <= BUDGET_BYTES


def test_german_cues_are_played_from_their_folder_and_tones_are_shared():
    german = Catalogue(language="de")
    assert german.path("lift") == SOUNDS / "de" / "lift.wav"
    assert german.path("next-glute-bridge") == SOUNDS / "de" / "next-glute-bridge.wav"
    assert german.path("tick-final") == SOUNDS / "tick-final.wav"
    assert german.missing() == []
    assert Catalogue(language="en").path("lift") == SOUNDS / "lift.wav"


def test_the_catalogue_follows_the_app_s_language():
    i18n.use("de")
    try:
        assert Catalogue().path("rest") == SOUNDS / "de" / "rest.wav"
    finally:
        i18n.use("en")
    assert Catalogue().path("rest") == SOUNDS / "rest.wav"


def test_a_cue_missing_in_the_language_folder_plays_in_english(tmp_path):
    for name in ("lift", "hold", "tick"):
        (tmp_path / f"{name}.wav").write_bytes((SOUNDS / f"{name}.wav").read_bytes())
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "lift.wav").write_bytes((SOUNDS / "de" / "lift.wav").read_bytes())
    german = Catalogue(tmp_path, language="de")
    assert german.path("lift") == tmp_path / "de" / "lift.wav"
    assert german.path("hold") == tmp_path / "hold.wav"
    assert german.resolve("hold") == "hold" and german.has("tick")
    assert german.duration("lift") != german.duration("hold") > 0


def test_only_catalogue_cues_are_in_the_folder(catalogue):
    known = set(base_cues())
    strays = [p.name for p in WAVS if p.stem not in known and not p.stem.startswith("next-")]
    assert strays == []

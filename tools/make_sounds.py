"""Generate HipCoach's sound cues into assets/sounds/ (re-run after editing a programme).

    .venv/bin/python tools/make_sounds.py            # (re)write every cue
    .venv/bin/python tools/make_sounds.py --check    # only report missing or stale files
    .venv/bin/python tools/make_sounds.py --language de   # the German spoken cues (sounds/de/)

Spoken cues come from eSpeak NG (``apt-get install espeak-ng sox``), American English
at 150 words a minute, resampled by SoX; the texts are in ``hipcoach/audio/catalogue.py``.
An announcement "Next: <exercise name>" is made for every exercise of the built-in programmes
(assets/programs/*.toml), read at run time, so adding an exercise only needs a re-run;
announcements for exercises that no longer exist are deleted. Tones are synthesised here
with ``math`` and ``wave``. ``--language de`` writes only the spoken cues, in German (voice
"de", the exercise names as the German app shows them), to assets/sounds/de/; the tones
are shared by every language.

Every file is 16-bit mono PCM at 16 kHz, peak-normalised, with leading and trailing
silence trimmed to a few milliseconds (a cue must start when it is played). The same
inputs give the same bytes, so re-running on an unchanged tree changes nothing.
"""

from __future__ import annotations

import argparse
import array
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hipcoach import i18n  # noqa: E402
from hipcoach.audio.catalogue import (  # noqa: E402
    NEXT_PREFIX,
    SPEECH_BY_LANGUAGE,
    TONES,
    next_cue,
    next_text,
    speech,
)

RATE = 16000  # plenty for speech and these tones; keeps the folder under 3 MB
VOICES = {"en": "en-us", "de": "de"}  # eSpeak NG voice per language
VOICE = VOICES["en"]
WORDS_PER_MINUTE = 150
SPEECH_PEAK = 0.89  # -1 dBFS
TONE_PEAK = 0.6  # pure tones sound louder than speech at the same peak
TRIM_THRESHOLD = 0.004  # below this fraction of full scale counts as silence
TRIM_PAD_S = 0.008  # kept before the first and after the last sound
FADE_S = 0.004
BUDGET_BYTES = 3 * 1024 * 1024


# -- samples --------------------------------------------------------------------------
def trim(samples: list[float]) -> list[float]:
    """Cut leading and trailing silence, keeping a short pad, and fade the edges."""
    loud = [i for i, x in enumerate(samples) if abs(x) >= TRIM_THRESHOLD]
    if not loud:
        raise ValueError("the sound is silent")
    pad = int(TRIM_PAD_S * RATE)
    out = samples[max(0, loud[0] - pad): loud[-1] + pad + 1]
    fade = min(int(FADE_S * RATE), len(out) // 2)
    for i in range(fade):
        g = i / fade
        out[i] *= g
        out[-1 - i] *= g
    return out


def normalise(samples: list[float], peak: float) -> list[float]:
    top = max(abs(x) for x in samples)
    return [x * peak / top for x in samples] if top > 0 else samples


def write_wav(path: Path, samples: list[float]) -> None:
    data = array.array("h", (max(-32767, min(32767, round(x * 32767))) for x in samples))
    if sys.byteorder == "big":
        data.byteswap()
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(data.tobytes())


def read_wav(path: Path) -> tuple[int, list[float]]:
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError(f"{path}: expected 16-bit mono")
        rate = w.getframerate()
        data = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        data.byteswap()
    return rate, [x / 32768 for x in data]


# -- tones ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Note:
    at: float  # seconds from the start
    length: float  # seconds
    f0: float  # Hz at the start
    f1: float | None = None  # Hz at the end (a glide); None = steady
    amp: float = 1.0
    decay: float = 0.0  # exponential decay rate (1/s): 0 = sustained, >0 = bell-like


HARMONICS = ((1, 1.0), (2, 0.35), (3, 0.12))  # a little brightness for small speakers
ATTACK_S = 0.004
RELEASE_S = 0.02


def synth(notes: list[Note]) -> list[float]:
    total = max(n.at + n.length for n in notes)
    out = [0.0] * (int(total * RATE) + 1)
    for n in notes:
        start = int(n.at * RATE)
        count = int(n.length * RATE)
        phase = 0.0
        f1 = n.f0 if n.f1 is None else n.f1
        for i in range(count):
            t = i / RATE
            frac = i / max(1, count - 1)
            freq = n.f0 * (f1 / n.f0) ** frac  # glides are exponential: even in pitch
            phase += 2 * math.pi * freq / RATE
            env = min(1.0, t / ATTACK_S, (n.length - t) / RELEASE_S)
            if n.decay:
                env *= math.exp(-n.decay * t)
            value = sum(w * math.sin(k * phase) for k, w in HARMONICS)
            out[start + i] += n.amp * env * value
    return out


def tone_shapes() -> dict[str, list[Note]]:
    c5, e5, g5, c6 = 523.25, 659.26, 783.99, 1046.5
    return {
        # Countdown: two short ticks, then a higher, longer final tone.
        "tick": [Note(0, 0.07, 1318.5, decay=12)],
        "tick-final": [Note(0, 0.28, 1760.0, decay=4)],
        # Tempo phases: different pitch *and* contour, so lift and lower never sound alike.
        "tone-lift": [Note(0, 0.22, 440.0, 880.0)],
        "tone-hold": [Note(0, 0.22, 880.0)],
        "tone-lower": [Note(0, 0.22, 880.0, 440.0)],
        "tone-pause": [Note(0, 0.22, 330.0)],
        "tone-go": [Note(0, 0.1, 659.26), Note(0.11, 0.16, 987.77)],
        # Chimes: a rising two-note bell to start, a resolving arpeggio to finish.
        "chime-start": [Note(0, 0.5, g5, decay=5), Note(0.18, 0.7, c6, decay=4)],
        "chime-end": [
            Note(0, 0.5, c5, decay=5, amp=0.8),
            Note(0.16, 0.5, e5, decay=5, amp=0.8),
            Note(0.32, 0.5, g5, decay=5, amp=0.8),
            Note(0.48, 1.0, c6, decay=3),
        ],
    }


# -- speech ---------------------------------------------------------------------------
def espeak_version() -> str:
    result = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True)
    words = result.stdout.split()  # "eSpeak NG text-to-speech: 1.51  Data at: ..."
    number = next((w for w in words if w[:1].isdigit()), "unknown version")
    return f"eSpeak NG {number}"


def speak(text: str, tmp: Path, voice: str = VOICE) -> list[float]:
    raw = tmp / "speech.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(WORDS_PER_MINUTE), "-w", str(raw), text],
        check=True, capture_output=True,
    )
    rate, samples = read_wav(raw)
    if rate != RATE:  # eSpeak NG speaks at 22050 Hz
        fixed = tmp / "resampled.wav"
        command = ["sox", "-D", "-R", str(raw), str(fixed), "rate", "-v", str(RATE)]
        subprocess.run(command, check=True)  # -D -R: no random dither, same bytes every run
        rate, samples = read_wav(fixed)
    return samples


# -- the programmes -------------------------------------------------------------------
def exercise_names(language: str = "en") -> dict[str, str]:
    """Exercise id -> name over every built-in programme (first name wins on a clash), as
    the app shows it in ``language``."""
    from hipcoach.program.catalog import discover

    names: dict[str, str] = {}
    with i18n.using(language):
        entries = discover(None)
    for entry in entries:
        if entry.program is None:
            print(f"make_sounds: skipping a broken programme: {entry.problem}", file=sys.stderr)
            continue
        for stage in entry.program.stage:
            for phase in stage.phase:
                for ex in phase.exercise:
                    if ex.id in names and names[ex.id] != ex.name:
                        print(f"make_sounds: exercise {ex.id!r} is named both {names[ex.id]!r}"
                              f" and {ex.name!r}; announcing {names[ex.id]!r}", file=sys.stderr)
                    names.setdefault(ex.id, ex.name)
    return names


def wanted_speech(language: str = "en") -> dict[str, str]:
    texts = dict(speech(language))
    for ex_id, name in sorted(exercise_names(language).items()):
        texts[next_cue(ex_id)] = next_text(name, language)
    return texts


LICENSE_TEXT = """\
Sound cues for HipCoach
=======================

Every file in this folder is generated by tools/make_sounds.py; re-run it rather than
editing the files.

Spoken cues (every file except the tones listed below) are the output of the
speech synthesiser {version} (voice "{voice}", {wpm} words a minute), resampled
to {rate} Hz with SoX, then trimmed and normalised by the script. eSpeak NG is
GPL-3.0-or-later software; the audio it produces is program output, not a copy of
the program, and is distributed here under the same terms as HipCoach (MIT).
The spoken cues in other languages, in a folder per language, are made the same way
and under the same terms:
{languages}

Tones, synthesised by the script from sine waves (Python's math and wave modules)
by the HipCoach authors, also under the MIT licence:
{tones}
"""


def licence_text() -> str:
    tone_list = "\n".join(f"  {t}.wav" for t in TONES)
    languages = "\n".join(f"  {code}/  (voice \"{VOICES[code]}\")" for code in SPEECH_BY_LANGUAGE)
    return LICENSE_TEXT.format(version=espeak_version(), voice=VOICE, rate=RATE,
                               wpm=WORDS_PER_MINUTE, tones=tone_list, languages=languages)


def generate(out: Path, language: str = "en") -> int:
    tools = [t for t in ("espeak-ng", "sox") if not shutil.which(t)]
    if tools:
        print(f"make_sounds: {' and '.join(tools)} not found; apt-get install espeak-ng sox",
              file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    texts = wanted_speech(language)
    with tempfile.TemporaryDirectory() as tmp:
        for cue, text in texts.items():
            samples = speak(text, Path(tmp), VOICES[language])
            write_wav(out / f"{cue}.wav", trim(normalise(samples, SPEECH_PEAK)))
    shapes = tone_shapes() if language == "en" else {}
    assert language != "en" or set(shapes) == set(TONES), "tone shapes and TONES differ"
    for cue, notes in shapes.items():
        write_wav(out / f"{cue}.wav", trim(normalise(synth(notes), TONE_PEAK)))
    for stale in sorted(out.glob(f"{NEXT_PREFIX}*.wav")):
        if stale.stem not in texts:
            print(f"make_sounds: removing {stale.name} (no such exercise any more)")
            stale.unlink()
    licence = out / "LICENSE.txt" if language == "en" else out.parent / "LICENSE.txt"
    licence.write_text(licence_text())
    size = sum(p.stat().st_size for p in out.glob("*.wav"))
    count = len(texts) + len(shapes)
    print(f"make_sounds: wrote {count} cues to {out} ({size / 1024:.0f} KiB)")
    if size > BUDGET_BYTES:
        print(f"make_sounds: over the {BUDGET_BYTES // 1024} KiB budget", file=sys.stderr)
        return 1
    return 0


def check(out: Path, language: str = "en") -> int:
    """Report cues without a file and announcements without an exercise."""
    wanted = {*wanted_speech(language), *(TONES if language == "en" else ())}
    have = {p.stem for p in out.glob("*.wav")}
    missing = sorted(wanted - have)
    stale = sorted(c for c in have - wanted if c.startswith(NEXT_PREFIX))
    for cue in missing:
        print(f"missing: {cue}.wav")
    for cue in stale:
        print(f"stale: {cue}.wav")
    if missing or stale:
        print("make_sounds: run tools/make_sounds.py to bring assets/sounds up to date")
        return 1
    print(f"make_sounds: all {len(wanted)} cues present")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=None,
                        help="the folder (default assets/sounds, or assets/sounds/LANG)")
    parser.add_argument("--language", choices=sorted(VOICES), default="en")
    parser.add_argument("--check", action="store_true", help="only report missing or stale files")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "assets" / "sounds"
    if args.out is None and args.language != "en":
        out = out / args.language
    return check(out, args.language) if args.check else generate(out, args.language)


if __name__ == "__main__":
    raise SystemExit(main())

"""The cue vocabulary, where each cue's sound file lives, and which cues an event calls for.

A cue is a short name (``"lift"``, ``"three"``, ``"tick-final"``, ``"next-glute-bridge"``)
that maps to ``<sounds dir>/<name>.wav``. Spoken cues are generated with eSpeak NG and
tones are synthesised, both by ``tools/make_sounds.py``; the texts below are the single
source of what each spoken cue says. Each other language's spoken cues live in a folder
of their own (``<sounds dir>/de/``); the tones are shared, and a cue without a file in
the chosen language's folder plays the English one.

``cues_for(event, mode)`` is the whole mapping from a session event to what is heard:
a pure function, so the rules are checked with a fake clock and no audio at all. It
returns at most two cues: the first is played at the event's moment, the second right
after the first has finished (for example the rep count, then the phase word).
"""

from __future__ import annotations

import wave
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from hipcoach.paths import assets_dir
from hipcoach.session.player import Event
from hipcoach.session.timeline import Step

Mode = Literal["voice", "tones", "silent"]
MODES: tuple[Mode, ...] = ("voice", "tones", "silent")

# Priorities: a cue stops a playing one of equal or lower priority (never speech with a
# tone). Step changes outrank the marks inside a step; the end of the session outranks all.
PRIORITY_MARK = 1  # countdown ticks, "halfway"
PRIORITY_STEP = 2  # what a new step (or pause) says
PRIORITY_END = 3  # the end chime and "session complete"

COUNTS: tuple[str, ...] = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
)
PHASE_WORDS: dict[str, str] = {
    "concentric": "lift",
    "top": "hold",
    "eccentric": "lower",
    "bottom": "pause",
}
PHASE_TONES: dict[str, str] = {
    "concentric": "tone-lift",
    "top": "tone-hold",
    "eccentric": "tone-lower",
    "bottom": "tone-pause",
}

# Spoken cues: name -> the words eSpeak NG says.
SPEECH: dict[str, str] = {
    "lift": "lift",
    "hold": "hold",
    "lower": "lower",
    "pause": "pause",
    **{word: word for word in COUNTS},
    "switch-sides": "switch sides",
    "rest": "rest",
    "last-rep": "last rep",
    "halfway": "halfway",
    "session-complete": "session complete",
    "get-ready": "get ready",
    "go": "go",
    "paused": "paused",
    "well-done": "well done",
}
# The spoken cues in the other languages (``tools/make_sounds.py --language de``).
SPEECH_BY_LANGUAGE: dict[str, dict[str, str]] = {
    "de": {
        "lift": "heben",
        "hold": "halten",
        "lower": "senken",
        "pause": "Pause",
        "one": "eins", "two": "zwei", "three": "drei", "four": "vier", "five": "fünf",
        "six": "sechs", "seven": "sieben", "eight": "acht", "nine": "neun", "ten": "zehn",
        "switch-sides": "Seite wechseln",
        "rest": "Pause machen",
        "last-rep": "letzte Wiederholung",
        "halfway": "Halbzeit",
        "session-complete": "Einheit geschafft",
        "get-ready": "Bereit machen",
        "go": "los",
        "paused": "angehalten",
        "well-done": "gut gemacht",
    },
}
NEXT_TEXTS: dict[str, str] = {"en": "Next: {name}.", "de": "Als Nächstes: {name}."}
# Synthesised tones (their shapes are in tools/make_sounds.py).
TONES: tuple[str, ...] = (
    "tick",  # the countdown's 3 and 2
    "tick-final",  # the countdown's 1: higher and longer
    "tone-lift",  # rising glide
    "tone-hold",  # steady high note
    "tone-lower",  # falling glide
    "tone-pause",  # steady low note
    "tone-go",  # two rising notes: a timed block starts
    "chime-start",  # the session begins
    "chime-end",  # the session is over
)
NEXT_PREFIX = "next-"
DEFAULT_CUE = "chime-start"

TICK_SECONDS = {3: "tick", 2: "tick", 1: "tick-final"}
TICK_KINDS = frozenset({"countdown", "rest", "switch_side"})
HALFWAY_KINDS = frozenset({"hold", "rest", "work"})


def next_cue(exercise_id: str) -> str:
    """The cue announcing an exercise: ``next-<exercise id>``."""
    return NEXT_PREFIX + exercise_id


def next_text(exercise_name: str, language: str = "en") -> str:
    """What the announcement of an exercise says."""
    return NEXT_TEXTS.get(language, NEXT_TEXTS["en"]).format(name=exercise_name)


def speech(language: str = "en") -> dict[str, str]:
    """Cue name -> the words spoken in ``language`` (English for the source language)."""
    return SPEECH if language == "en" else SPEECH_BY_LANGUAGE[language]


def is_voice(cue: str) -> bool:
    """Spoken cues are never cut off by a tone."""
    return cue not in TONES


def base_cues() -> tuple[str, ...]:
    """Every cue that does not depend on the programmes."""
    return (*SPEECH, *TONES)


def default_sounds_dir() -> Path:
    return assets_dir() / "sounds"


class Catalogue:
    """Cue names and their files in one sounds folder (the packaged one by default).

    ``language`` (default: the one the app runs in) picks the spoken cues of
    ``<folder>/<language>/``; a cue missing there is played from the folder itself.
    """

    def __init__(self, sounds_dir: Path | None = None, language: str | None = None) -> None:
        self.dir = Path(sounds_dir) if sounds_dir is not None else default_sounds_dir()
        if language is None:
            from hipcoach.i18n import language as current_language

            language = current_language()
        self.language = language
        self.language_dir = None if language == "en" else self.dir / language
        self._present: set[str] | None = None
        self._translated: set[str] = set()
        self._durations: dict[str, float] = {}

    def path(self, cue: str) -> Path:
        self._files()
        if self.language_dir is not None and cue in self._translated:
            return self.language_dir / f"{cue}.wav"
        return self.dir / f"{cue}.wav"

    def _files(self) -> set[str]:
        if self._present is None:
            found = self.dir.glob("*.wav") if self.dir.is_dir() else []
            self._present = {p.stem for p in found}
            own = self.language_dir
            if own is not None and own.is_dir():
                self._translated = {p.stem for p in own.glob("*.wav") if p.stem not in TONES}
                self._present |= self._translated
        return self._present

    def has(self, cue: str) -> bool:
        """True when the cue belongs to the vocabulary and its file is there."""
        known = cue in SPEECH or cue in TONES or cue.startswith(NEXT_PREFIX)
        return known and cue in self._files()

    def names(self) -> list[str]:
        """The cues that can be played: the fixed vocabulary plus every exercise
        announcement found in the folder."""
        nexts = sorted(c for c in self._files() if c.startswith(NEXT_PREFIX))
        return [*base_cues(), *nexts]

    def missing(self, cues: Iterable[str] | None = None) -> list[str]:
        return [c for c in (base_cues() if cues is None else cues) if c not in self._files()]

    def resolve(self, cue: str) -> str | None:
        """The cue to play for ``cue``: itself, a stand-in, or None when there is none."""
        if self.has(cue):
            return cue
        if cue.startswith(NEXT_PREFIX) and self.has("get-ready"):
            return "get-ready"  # an exercise without its own announcement
        return None

    def duration(self, cue: str) -> float:
        """Length of the cue's file in seconds; 0 when it cannot be read."""
        if cue not in self._durations:
            try:
                with wave.open(str(self.path(cue)), "rb") as w:
                    self._durations[cue] = w.getnframes() / float(w.getframerate())
            except Exception:  # a damaged file; ScaledSounds reports it
                self._durations[cue] = 0.0
        return self._durations[cue]


def _first_phase_of_rep(step: Step, steps: Sequence[Step] | None) -> bool:
    """Whether a rep_phase step opens its rep (needs the timeline to tell)."""
    if steps is None or not 0 <= step.index < len(steps):
        return False
    if step.index == 0:
        return True
    before = steps[step.index - 1]
    same_rep = (
        before.kind == "rep_phase"
        and before.exercise == step.exercise
        and before.set == step.set
        and before.rep == step.rep
        and before.side == step.side
    )
    return not same_rep


def _rep_word(step: Step) -> str | None:
    if step.last_rep and (step.reps or 0) > 1:
        return "last-rep"
    if step.rep is not None and 1 <= step.rep <= len(COUNTS):
        return COUNTS[step.rep - 1]
    return None


def _step_cues(step: Step, mode: Mode, steps: Sequence[Step] | None) -> list[str]:
    voice = mode == "voice"
    kind = step.kind
    cues: list[str] = []
    if kind == "countdown":
        if voice:
            first_set = step.set is None or step.set == 1
            cues = [next_cue(step.exercise) if first_set else "get-ready"]
    elif kind == "work":
        cues = ["go" if voice else "tone-go"]
    elif kind == "rep_phase" and step.tempo_phase is not None:
        if voice:
            # The first beat of a rep is counted ("one", ... "last rep") instead of named,
            # so every word lands on its own deadline rather than queueing behind another.
            rep_word = _rep_word(step) if _first_phase_of_rep(step, steps) else None
            cues = [rep_word or PHASE_WORDS[step.tempo_phase]]
        else:
            cues = [PHASE_TONES[step.tempo_phase]]
    elif kind == "hold":
        cues = ["hold"] if voice else ["tone-hold"]
    elif kind == "rest":
        cues = ["rest"] if voice else []
    elif kind == "switch_side":
        cues = ["switch-sides"] if voice else []
    elif kind == "wait" and step.set is not None:
        cues = ["go" if voice else "tone-go"]  # unpaced reps: off you go, at your own pace
    if step.index == 0:
        cues = ["chime-start", *cues[:1]]
    return cues


def cues_for(event: Event, mode: Mode, steps: Sequence[Step] | None = None) -> list[str]:
    """The cues a player event calls for, in the order they are played (at most two).

    ``steps`` is the timeline's steps; with it, the first phase of each rep also says the
    rep count ("one", "two", ... or "last rep"). Modes: "voice" (words and tones),
    "tones" (tones only: each tempo phase has its own pitch), "silent" (nothing).
    """
    if mode == "silent":
        return []
    voice = mode == "voice"
    step = event.step
    if event.kind == "step" and step is not None:
        return _step_cues(step, mode, steps)
    if event.kind == "second" and step is not None:
        if step.kind in TICK_KINDS and event.value in TICK_SECONDS:
            return [TICK_SECONDS[event.value]]
        return []
    if event.kind == "halfway" and step is not None:
        return ["halfway"] if voice and step.kind in HALFWAY_KINDS else []
    if event.kind == "finished":
        return ["chime-end", "session-complete"] if voice else ["chime-end"]
    if event.kind == "paused":
        return ["paused"] if voice else []
    return []


def priority_for(event: Event) -> int:
    if event.kind in ("second", "halfway"):
        return PRIORITY_MARK
    if event.kind == "finished":
        return PRIORITY_END
    return PRIORITY_STEP

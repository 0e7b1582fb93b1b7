"""The cue director: listens to a session player's events and plays the right cues.

    director = create_director(cache_dir=data_dir / "cache" / "sounds", mode="voice",
                               volume=8, on_problem=show_banner)
    director.attach(session_player)      # session_player.subscribe(director.on_event)
    director.set_mode("tones"); director.set_volume(5); director.toggle_mute()
    director.close()                     # when the app quits

Nothing here blocks or raises into the session player: a cue that cannot be played is
reported once through ``on_problem`` and the session carries on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from hipcoach.audio.catalogue import (
    MODES,
    PRIORITY_STEP,
    Catalogue,
    Mode,
    cues_for,
    priority_for,
)
from hipcoach.audio.player import CuePlayer, Playsound3Player
from hipcoach.audio.volume import MAX_VOLUME, ScaledSounds, clamp_volume
from hipcoach.i18n import _
from hipcoach.session.player import Event, Listener
from hipcoach.session.timeline import Step, Timeline

ProblemCallback = Callable[[str], None]


class SessionPlayer(Protocol):
    timeline: Timeline

    def subscribe(self, listener: Listener) -> None: ...


class CueDirector:
    """Turns session events into cues for a CuePlayer, in a mode, at a volume."""

    def __init__(
        self,
        player: CuePlayer,
        mode: Mode = "voice",
        *,
        catalogue: Catalogue | None = None,
        sounds: ScaledSounds | None = None,
        volume: int = MAX_VOLUME,
        muted: bool = False,
        on_problem: ProblemCallback | None = None,
        steps: Sequence[Step] | None = None,
    ) -> None:
        self.player = player
        self.catalogue = catalogue or (sounds.catalogue if sounds else Catalogue())
        self.sounds = sounds
        self.on_problem = on_problem
        self.steps = steps
        self._mode: Mode = _check_mode(mode)
        self._volume = clamp_volume(volume)
        self._muted = muted
        self._reported = False
        if sounds is not None:
            sounds.set_volume(self._volume)

    # the session ------------------------------------------------------------------------
    def attach(self, session_player: SessionPlayer) -> None:
        """Follow a session player (and know its timeline, for the rep counts)."""
        self.steps = session_player.timeline.steps
        session_player.subscribe(self.on_event)

    def on_event(self, event: Event) -> None:
        try:
            self._handle(event)
        except Exception as exc:  # a cue problem must never stop the session
            self._report(_("sound cues stopped working: {exc!r}").format(exc=exc))

    def _handle(self, event: Event) -> None:
        if event.kind in ("ended", "paused"):
            self.player.stop()
        if self.silent:
            return
        cues = [c for c in (self.catalogue.resolve(c) for c in
                            cues_for(event, self._mode, self.steps)) if c]
        if not cues:
            return
        priority = priority_for(event)
        self.player.play(cues[0], priority)
        for cue in cues[1:]:
            self.player.play(cue, priority, follow=True)

    def preview(self, cue: str) -> None:
        """Play one cue now (the settings page's "test" button); ignores the mode."""
        if not self._muted and self._volume > 0:
            resolved = self.catalogue.resolve(cue)
            if resolved:
                self.player.play(resolved, PRIORITY_STEP)

    # settings ---------------------------------------------------------------------------
    @property
    def mode(self) -> Mode:
        return self._mode

    def set_mode(self, mode: Mode) -> None:
        self._mode = _check_mode(mode)
        if self._mode == "silent":
            self.player.stop()

    @property
    def volume(self) -> int:
        return self._volume

    def set_volume(self, volume: int) -> None:
        """0 (silent) to 10 (as recorded); takes effect from the next cue."""
        self._volume = clamp_volume(volume)
        if self.sounds is not None:
            self.sounds.set_volume(self._volume)
        if self._volume == 0:
            self.player.stop()

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        if self._muted:
            self.player.stop()

    def toggle_mute(self) -> bool:
        """Mute or unmute; returns the new state (True = muted)."""
        self.set_muted(not self._muted)
        return self._muted

    @property
    def silent(self) -> bool:
        return self._muted or self._volume == 0 or self._mode == "silent"

    @property
    def problem(self) -> str | None:
        return getattr(self.player, "problem", None)

    def close(self) -> None:
        self.player.close()

    def _report(self, message: str) -> None:
        if self._reported:
            return
        self._reported = True
        if self.on_problem is not None:
            with contextlib.suppress(Exception):
                self.on_problem(message)


def _check_mode(mode: str) -> Mode:
    if mode not in MODES:
        raise ValueError(_("unknown cue mode {mode!r}; expected one of {join}").format(
                             mode=mode, join=', '.join(MODES)))
    return mode  # type: ignore[return-value]


def create_director(
    *,
    cache_dir: Path | None,
    mode: Mode = "voice",
    volume: int = MAX_VOLUME,
    muted: bool = False,
    on_problem: ProblemCallback | None = None,
    backend: str | None = None,
    sounds_dir: Path | None = None,
) -> CueDirector:
    """The app's director: packaged sounds, volume copies in ``cache_dir``, playsound3.

    ``on_problem`` may be called from the audio worker thread.
    """
    catalogue = Catalogue(sounds_dir)
    sounds = ScaledSounds(catalogue, cache_dir, volume, on_problem)
    player = Playsound3Player(sounds.path, backend=backend, on_problem=on_problem)
    return CueDirector(player, mode, catalogue=catalogue, sounds=sounds, volume=volume,
                       muted=muted, on_problem=on_problem)

"""Audio in the window: the cue director, its settings, the flash, and problem notices.

The director is created after the first window is painted (it is not needed to show
it). Problems come from the audio worker thread and reach the window through a queued
signal, once. Changes of mode, volume, mute and flash are saved to the settings file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from hipcoach.i18n import N_, _

if TYPE_CHECKING:
    from hipcoach.session.player import Event, Player

MODE_NAMES = {"voice": N_("Voice and tones"), "tones": N_("Tones only"), "silent": N_("Silent")}


class AudioBridge(QObject):
    problem = Signal(str)  # emitted from any thread; delivered on the GUI thread
    changed = Signal()

    def __init__(self, cache_dir: Path | None, mode: str = "voice", volume: int = 8,
                 muted: bool = False, flash: bool = False,
                 save: Callable[[dict[str, object]], None] | None = None,
                 director_factory: Callable[..., object] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache_dir = cache_dir
        self.mode = mode
        self.volume = volume
        self.muted = muted
        self.flash_enabled = flash
        self._save = save
        self._factory = director_factory
        self.director = None
        self.reported: str | None = None
        self._pending_player: Player | None = None
        self.flash_hook: Callable[[], None] | None = None
        self.problem.connect(self._remember, Qt.ConnectionType.QueuedConnection)

    # Life cycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Create the director (imports and probes the audio player on its own thread)."""
        if self.director is not None:
            return
        factory = self._factory
        if factory is None:
            from hipcoach.audio.director import create_director

            factory = create_director
        try:
            self.director = factory(cache_dir=self.cache_dir, mode=self.mode,
                                    volume=self.volume, muted=self.muted,
                                    on_problem=self.problem.emit)
        except Exception as exc:  # noqa: BLE001 - audio must never stop a session
            self.problem.emit(_("sound is off: {reason}").format(reason=exc))
            self.director = None
        if self._pending_player is not None:
            self.attach(self._pending_player)

    def close(self) -> None:
        if self.director is not None:
            self.director.close()

    def attach(self, player: Player) -> None:
        player.subscribe(self._on_event)
        if self.director is None:
            self._pending_player = player
            return
        self._pending_player = None
        self.director.attach(player)

    def _on_event(self, event: Event) -> None:
        if not self.flash_enabled or self.flash_hook is None or self.mode == "silent":
            return
        from hipcoach.audio.catalogue import cues_for

        if cues_for(event, self.mode):  # flash wherever a cue sounds
            self.flash_hook()

    def _remember(self, message: str) -> None:
        if self.reported is None:
            self.reported = message
            self.changed.emit()

    # Settings -------------------------------------------------------------------------
    def _persist(self) -> None:
        if self._save is not None:
            self._save({"audio_mode": self.mode, "volume": self.volume, "muted": self.muted,
                        "flash": self.flash_enabled})
        self.changed.emit()

    def apply(self, mode: str, volume: int, muted: bool, flash: bool) -> None:
        """Take values from the settings dialog (already saved there)."""
        self.mode, self.volume, self.muted, self.flash_enabled = mode, volume, muted, flash
        if self.director is not None:
            self.director.set_mode(mode)
            self.director.set_volume(volume)
            self.director.set_muted(muted)
        self.changed.emit()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        if self.director is not None:
            self.director.set_mode(mode)
        self._persist()

    def toggle_mute(self) -> bool:
        self.muted = not self.muted
        if self.director is not None:
            self.director.set_muted(self.muted)
        self._persist()
        return self.muted

    def change_volume(self, delta: int) -> int:
        self.volume = max(0, min(10, self.volume + delta))
        if self.director is not None:
            self.director.set_volume(self.volume)
        if self.volume > 0 and self.muted and delta > 0:
            self.muted = False
            if self.director is not None:
                self.director.set_muted(False)
        self._persist()
        return self.volume

    def set_flash(self, on: bool) -> None:
        self.flash_enabled = on
        self._persist()

    def status_text(self) -> str:
        if self.reported:
            return _("Sound off (see notice)")
        if self.mode == "silent":
            return _("Silent")
        if self.muted:
            return _("Muted (M)")
        return _("{mode} · volume {volume}").format(mode=_(MODE_NAMES[self.mode]),
                                                   volume=self.volume)

"""The sound commands of the window (mute, volume, mode, flash) and what they show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hipcoach.i18n import _
from hipcoach.ui.audio_bridge import MODE_NAMES, AudioBridge

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow


class SoundControls:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.audio: AudioBridge | None = None
        self._notice_shown = False

    def attach(self, bridge: AudioBridge) -> None:
        self.audio = bridge
        bridge.flash_hook = lambda: self.window.player_view.flash()
        bridge.changed.connect(self.changed)
        self.changed()

    def changed(self) -> None:
        bridge, window = self.audio, self.window
        if bridge is None:
            return
        for act in window.actions_.mode_group.actions():
            act.setChecked(act.data() == bridge.mode)
        window.actions_.flash.setChecked(bridge.flash_enabled)
        view = window.made_player_view  # a player screen made later asks again
        if view is not None:
            view.sound.setText(bridge.status_text())
        if bridge.reported:
            text = _("No sound: {reason}. The session carries on with the screen only.").format(
                reason=bridge.reported)
            # one short line on the player; the whole story is on the start screen
            if view is not None:
                view.show_notice(_("No sound: the session carries on with the screen only "
                                   "(details on the start screen)"))
            if not self._notice_shown:
                self._notice_shown = True
                window.start_view.add_notice(text)

    def toggle_mute(self) -> None:
        if self.audio is not None:
            self.audio.toggle_mute()

    def volume(self, delta: int) -> None:
        if self.audio is not None:
            self.audio.change_volume(delta)

    def set_mode(self, mode: str) -> None:
        if self.audio is not None:
            self.audio.set_mode(mode)

    def cycle_mode(self) -> None:
        if self.audio is not None:
            modes = list(MODE_NAMES)
            self.audio.set_mode(modes[(modes.index(self.audio.mode) + 1) % len(modes)])
            self.window.statusBar().showMessage(
                _("Sound: {mode}").format(mode=_(MODE_NAMES[self.audio.mode])), 3000)

    def set_flash(self, on: bool) -> None:
        if self.audio is not None:
            self.audio.set_flash(on)

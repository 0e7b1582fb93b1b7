"""File ▸ Settings…: the dialog, and applying its answers everywhere from one object.

The application's ``SettingsFile`` is the one settings object: the coach, the charts,
the reports and the window all read it. A save that fails is said; the new values
still apply until the app closes, so nothing diverges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow


def open_settings(window: MainWindow) -> None:
    from hipcoach.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.app.settings.current, window)
    if dialog.exec() == SettingsDialog.DialogCode.Accepted:
        apply_changes(window, dialog.values())


def apply_changes(window: MainWindow, changes: dict[str, object]) -> None:
    try:
        settings = window.app.settings.update(**changes)
    except ValueError as exc:
        window.statusBar().showMessage(f"Settings not changed: {exc}", 6000)
        return
    except OSError as exc:
        settings = window.app.settings.current
        window.statusBar().showMessage(f"Settings apply now but were not saved: {exc}", 6000)
        window.start_view.add_notice(f"Your settings could not be saved "
                                     f"({exc.strerror or exc}); they apply until HipCoach "
                                     "closes.")
    window.set_theme(settings.theme)
    window.player_view.set_text_scale(settings.text_scale)
    if window.charts is not None:
        window.charts.set_settings(settings)
    if window.sound.audio is not None:
        window.sound.audio.apply(settings.audio_mode, settings.volume, settings.muted,
                                 settings.flash)

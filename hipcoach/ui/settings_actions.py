"""File ▸ Settings…: the dialog, and applying its answers everywhere from one object.

The application's ``SettingsFile`` is the one settings object: the coach, the charts,
the reports and the window all read it. A save that fails is said; the new values
still apply until the app closes, so nothing diverges. A new language takes effect at
the next start (every text of the window is made in one language); the window says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hipcoach import i18n
from hipcoach.i18n import _

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow


def open_settings(window: MainWindow) -> None:
    from hipcoach.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.app.settings.current, window)
    if dialog.exec() == SettingsDialog.DialogCode.Accepted:
        apply_changes(window, dialog.values())


def language_note(before: str, after: str) -> str | None:
    """What to say when the language setting changed (None when the language in use
    stays the same, e.g. "system" to the system's own language)."""
    if before == after or i18n.chosen_language(after) == i18n.language():
        return None
    return _("The new language applies from the next start of HipCoach.")


def apply_changes(window: MainWindow, changes: dict[str, object]) -> None:
    before = window.app.settings.current.language
    try:
        settings = window.app.settings.update(**changes)
    except ValueError as exc:
        window.statusBar().showMessage(
            _("Settings not changed: {reason}").format(reason=exc), 6000)
        return
    except OSError as exc:
        settings = window.app.settings.current
        window.statusBar().showMessage(
            _("Settings apply now but were not saved: {reason}").format(reason=exc), 6000)
        window.start_view.add_notice(
            _("Your settings could not be saved ({reason}); they apply until HipCoach "
              "closes.").format(reason=exc.strerror or exc))
    note = language_note(before, settings.language)
    if note:
        window.statusBar().showMessage(note, 10000)
    window.set_theme(settings.theme)
    if window.made_player_view is not None:  # one made later reads the settings
        window.made_player_view.set_text_scale(settings.text_scale)
    if window.charts is not None:
        window.charts.set_settings(settings)
    if window.sound.audio is not None:
        window.sound.audio.apply(settings.audio_mode, settings.volume, settings.muted,
                                 settings.flash)

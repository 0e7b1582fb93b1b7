"""The window's commands: every menu entry and shortcut is one QAction, built here.

Actions marked for the player are enabled only while the player page shows, so the same
keys can serve the lists on the other pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from hipcoach.ui import theme
from hipcoach.ui.audio_bridge import MODE_NAMES

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow

SHORTCUT_SHEET = [
    ("Space", "pause / carry on"),
    ("→  /  ←", "skip ahead / go back a step"),
    ("Shift + → / ←", "next / previous set"),
    ("Ctrl + → / ←", "next / previous exercise"),
    ("R", "add 15 s to a rest"),
    ("Enter", "I'm ready (on a set-up step)"),
    ("M", "mute / unmute"),
    ("+ / −", "louder / quieter"),
    ("V", "voice and tones / tones only / silent"),
    ("F", "full screen"),
    ("Esc", "end the session (asks first)"),
    ("Ctrl + ,", "settings"),
    ("?", "this sheet"),
]


def _standard(key: QKeySequence.StandardKey, fallback: str) -> str:
    return QKeySequence(key).toString() or fallback


class WindowActions:
    """Builds the menus of ``window`` and keeps the actions that need updating."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        bar = window.menuBar()
        self.menus = {name: bar.addMenu(title) for name, title in (
            ("file", "&File"), ("session", "&Session"), ("view", "&View"), ("help", "&Help"))}
        self.player_actions: list[QAction] = []
        w = window
        add = self.add
        self.start = add("&Start session", ["Return", "Enter"], w.enter_pressed, "session", False)
        add("&Pause / carry on", "Space", w.toggle_pause, "session")
        add("Skip &ahead", "Right", lambda: w.skip("step"), "session")
        add("Go &back", "Left", lambda: w.back("step"), "session")
        add("Next set", "Shift+Right", lambda: w.skip("set"), "session")
        add("Previous set", "Shift+Left", lambda: w.back("set"), "session")
        add("Next exercise", ["Ctrl+Right", "PgDown"], lambda: w.skip("exercise"), "session")
        add("Previous exercise", ["Ctrl+Left", "PgUp"], lambda: w.back("exercise"), "session")
        add("Re-&test…", [], w.start_retest, "session", False)
        add("&Rest 15 s longer", "R", w.extend_rest, "session")
        add("&End session…", "Esc", w.end_session, "session")
        add("&History", "Ctrl+H", w.show_history, "view", False)
        add("Progress &charts", "Ctrl+G", w.show_charts, "view", False)
        add("&Print a session summary…", _standard(QKeySequence.StandardKey.Print, "Ctrl+P"),
            w.print_summary, "file", False)
        add("&Clinician report…", [], w.clinician_report, "file", False)
        add("&Back up now", [], w.backups.backup_now, "file", False)
        add("&Restore a backup…", [], w.backups.restore_backup, "file", False)
        add("&Settings…", _standard(QKeySequence.StandardKey.Preferences, "Ctrl+,"),
            w.open_settings, "file", False)
        add("&Quit", _standard(QKeySequence.StandardKey.Quit, "Ctrl+Q"), w.close, "file", False)
        self.fullscreen = add("&Full screen", ["F", "F11"], w.toggle_fullscreen, "view", False)
        self.theme_group = QActionGroup(w)
        for name in theme.THEMES:
            act = QAction(f"{name.capitalize()} colours", w, checkable=True)
            act.setChecked(name == w.theme_name)
            act.triggered.connect(lambda _=False, n=name: w.set_theme(n))
            self.theme_group.addAction(act)
            self.menus["view"].addAction(act)
        self._audio_menu()
        add("&Keyboard shortcuts", ["?", "F1"], w.show_shortcuts, "help", False)
        add("&Safety questions…", [], w.safety_questions, "help", False)
        add("&About HipCoach", [], w.show_about, "help", False)

    def add(self, text: str, keys: list[str] | str, slot: Callable[[], object], menu: str,
            player_only: bool = True) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str)
                                                        else keys)])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.window.addAction(action)
        self.menus[menu].addAction(action)
        if player_only:
            self.player_actions.append(action)
        return action

    def _audio_menu(self) -> None:
        w = self.window
        menu = QMenu("S&ound", w)
        w.menuBar().insertMenu(self.menus["help"].menuAction(), menu)
        self.menus["sound"] = menu
        self.add("&Mute / unmute", "M", w.sound.toggle_mute, "sound", False)
        self.add("Volume &up", ["+", "="], lambda: w.sound.volume(+1), "sound", False)
        self.add("Volume &down", "-", lambda: w.sound.volume(-1), "sound", False)
        self.add("Next sound &mode", "V", w.sound.cycle_mode, "sound", False)
        menu.addSeparator()
        self.mode_group = QActionGroup(w)
        for mode, title in MODE_NAMES.items():
            act = QAction(title, w, checkable=True)
            act.setData(mode)
            act.triggered.connect(lambda _=False, m=mode: w.sound.set_mode(m))
            self.mode_group.addAction(act)
            menu.addAction(act)
        menu.addSeparator()
        self.flash = QAction("&Flash the screen with each cue", w, checkable=True)
        self.flash.triggered.connect(w.sound.set_flash)
        menu.addAction(self.flash)

    def on_player_page(self, on_player: bool) -> None:
        for action in self.player_actions:
            action.setEnabled(on_player)

    def show_theme(self, name: str) -> None:
        for act in self.theme_group.actions():
            act.setChecked(act.text().lower().startswith(name))


def show_shortcuts(parent: QWidget) -> QMessageBox:
    """The shortcut sheet, opened without blocking (it closes with Enter or Esc)."""
    rows = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>"
                   for k, v in SHORTCUT_SHEET)
    box = QMessageBox(QMessageBox.Icon.Information, "Keyboard shortcuts",
                      f"<table>{rows}</table>", QMessageBox.StandardButton.Close, parent)
    box.setObjectName("shortcut_sheet")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_about(parent: QWidget) -> None:
    from hipcoach import __version__

    QMessageBox.about(parent, "About HipCoach",
                      f"HipCoach {__version__}\n\nA guided hip-extension programme player.\n"
                      "It does not replace advice from a clinician.")

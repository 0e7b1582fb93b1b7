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

from hipcoach.i18n import N_, _
from hipcoach.ui import theme
from hipcoach.ui.audio_bridge import MODE_NAMES

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow

SHORTCUT_SHEET = [  # key names as printed on the keyboard, so they are translated too
    (N_("Space"), N_("pause / carry on")),
    ("→  /  ←", N_("skip ahead / go back a step")),
    (N_("Shift + → / ←"), N_("next / previous set")),
    (N_("Ctrl + → / ←"), N_("next / previous exercise")),
    ("R", N_("add 15 s to a rest")),
    ("Enter", N_("I'm ready (on a set-up step)")),
    ("M", N_("mute / unmute")),
    ("+ / −", N_("louder / quieter")),
    ("V", N_("voice and tones / tones only / silent")),
    ("F", N_("full screen")),
    ("Esc", N_("end the session (asks first)")),
    ("0 – 10", N_("back pain now, on the start and end screens (1 then 0 for 10)")),
    (N_("Ctrl + ,"), N_("settings")),
    ("?", N_("this sheet")),
]
THEME_TITLES = {"system": N_("System colours"), "light": N_("Light colours"),
                "dark": N_("Dark colours")}


def _standard(key: QKeySequence.StandardKey, fallback: str) -> str:
    return QKeySequence(key).toString() or fallback


class WindowActions:
    """Builds the menus of ``window`` and keeps the actions that need updating."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        bar = window.menuBar()
        self.menus = {name: bar.addMenu(title) for name, title in (
            ("file", _("&File")), ("session", _("&Session")), ("view", _("&View")),
            ("help", _("&Help")))}
        self.player_actions: list[QAction] = []
        w = window
        add = self.add
        self.start = add(_("&Start session"), ["Return", "Enter"], w.enter_pressed, "session", False)
        add(_("&Pause / carry on"), "Space", w.toggle_pause, "session")
        add(_("Skip &ahead"), "Right", lambda: w.skip("step"), "session")
        add(_("Go &back"), "Left", lambda: w.back("step"), "session")
        add(_("Next set"), "Shift+Right", lambda: w.skip("set"), "session")
        add(_("Previous set"), "Shift+Left", lambda: w.back("set"), "session")
        add(_("Next exercise"), ["Ctrl+Right", "PgDown"], lambda: w.skip("exercise"), "session")
        add(_("Previous exercise"), ["Ctrl+Left", "PgUp"], lambda: w.back("exercise"), "session")
        add(_("Re-&test…"), [], w.start_retest, "session", False)
        add(_("&Rest 15 s longer"), "R", w.extend_rest, "session")
        add(_("&End session…"), "Esc", w.end_session, "session")
        add(_("&History"), "Ctrl+H", w.show_history, "view", False)
        add(_("Progress &charts"), "Ctrl+G", w.show_charts, "view", False)
        add(_("&Print a session summary…"), _standard(QKeySequence.StandardKey.Print, "Ctrl+P"),
            w.print_summary, "file", False)
        add(_("&Clinician report…"), [], w.clinician_report, "file", False)
        add(_("&Back up now"), [], w.backups.backup_now, "file", False)
        add(_("&Restore a backup…"), [], w.backups.restore_backup, "file", False)
        add(_("&Settings…"), _standard(QKeySequence.StandardKey.Preferences, "Ctrl+,"),
            w.open_settings, "file", False)
        add(_("&Quit"), _standard(QKeySequence.StandardKey.Quit, "Ctrl+Q"), w.close, "file", False)
        self.fullscreen = add(_("&Full screen"), ["F", "F11"], w.toggle_fullscreen, "view", False)
        self.theme_group = QActionGroup(w)
        for name in theme.THEMES:
            act = QAction(_(THEME_TITLES[name]), w, checkable=True)
            act.setData(name)
            act.setChecked(name == w.theme_name)
            act.triggered.connect(lambda _=False, n=name: w.set_theme(n))
            self.theme_group.addAction(act)
            self.menus["view"].addAction(act)
        self._audio_menu()
        add(_("&Keyboard shortcuts"), ["?", "F1"], w.show_shortcuts, "help", False)
        add(_("&Safety questions…"), [], w.safety_questions, "help", False)
        add(_("&About HipCoach"), [], w.show_about, "help", False)

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
        menu = QMenu(_("S&ound"), w)
        w.menuBar().insertMenu(self.menus["help"].menuAction(), menu)
        self.menus["sound"] = menu
        self.add(_("&Mute / unmute"), "M", w.sound.toggle_mute, "sound", False)
        self.add(_("Volume &up"), ["+", "="], lambda: w.sound.volume(+1), "sound", False)
        self.add(_("Volume &down"), "-", lambda: w.sound.volume(-1), "sound", False)
        self.add(_("Next sound &mode"), "V", w.sound.cycle_mode, "sound", False)
        menu.addSeparator()
        self.mode_group = QActionGroup(w)
        for mode, title in MODE_NAMES.items():
            act = QAction(_(title), w, checkable=True)
            act.setData(mode)
            act.triggered.connect(lambda _=False, m=mode: w.sound.set_mode(m))
            self.mode_group.addAction(act)
            menu.addAction(act)
        menu.addSeparator()
        self.flash = QAction(_("&Flash the screen with each cue"), w, checkable=True)
        self.flash.triggered.connect(w.sound.set_flash)
        menu.addAction(self.flash)

    def on_player_page(self, on_player: bool) -> None:
        for action in self.player_actions:
            action.setEnabled(on_player)

    def show_theme(self, name: str) -> None:
        for act in self.theme_group.actions():
            act.setChecked(act.data() == name)


def show_shortcuts(parent: QWidget) -> QMessageBox:
    """The shortcut sheet, opened without blocking (it closes with Enter or Esc)."""
    rows = "".join(f"<tr><td><b>{_(k)}</b></td><td>&nbsp;&nbsp;{_(v)}</td></tr>"
                   for k, v in SHORTCUT_SHEET)
    box = QMessageBox(QMessageBox.Icon.Information, _("Keyboard shortcuts"),
                      f"<table>{rows}</table>", QMessageBox.StandardButton.Close, parent)
    box.setObjectName("shortcut_sheet")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_about(parent: QWidget) -> None:
    from hipcoach import __version__

    QMessageBox.about(parent, _("About HipCoach"),
                      f"HipCoach {__version__}\n\n"
                      + _("A guided hip-extension programme player.\n"
                          "It does not replace advice from a clinician."))

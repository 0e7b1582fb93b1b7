"""The language of the window: chosen at start from the setting (or the locale), German
throughout when chosen, English for a locale HipCoach has no translation for, and a
change in Settings said plainly (it applies from the next start)."""

from __future__ import annotations

import json

from PySide6.QtCore import QLocale

from hipcoach import i18n


def _menu_titles(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_a_window_built_in_german_speaks_german(german, window_factory):
    window = window_factory().window
    assert _menu_titles(window) == ["&Datei", "&Einheit", "&Ansicht", "&Ton", "&Hilfe"]
    assert window.start_view.start_button.text() == "Einheit starten  (Enter)"
    assert window.end_view.back.text() == "Zurück zum Startbildschirm  (Enter)"
    # Qt's date pickers and number fields follow the same language
    assert QLocale().language() == QLocale.Language.German


def test_a_locale_without_a_translation_gives_english_without_a_word(monkeypatch,
                                                                    window_factory, capsys):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    try:
        assert i18n.use("system") == "en"
        window = window_factory().window
        assert _menu_titles(window) == ["&File", "&Session", "&View", "S&ound", "&Help"]
        assert window.start_view.notice.isHidden()
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err == ""
    finally:
        i18n.use("en")


def test_the_menu_mnemonics_stay_unique_in_german(german, window_factory):
    window = window_factory().window
    menus = [window.menuBar(), *(a.menu() for a in window.menuBar().actions())]
    for menu in menus:
        keys = [a.text().split("&")[1][0].lower() for a in menu.actions()
                if "&" in a.text()]
        assert len(keys) == len(set(keys)), [a.text() for a in menu.actions()]


def test_a_new_language_in_settings_is_saved_and_said_to_apply_at_the_next_start(
        window_factory, tmp_path):
    built = window_factory(data_dir=tmp_path)
    window = built.window
    assert i18n.language() == "en"
    window.apply_settings_changes({"language": "de"})
    assert json.loads((tmp_path / "settings.json").read_text())["language"] == "de"
    assert window.statusBar().currentMessage() == (
        "The new language applies from the next start of HipCoach.")
    # the window itself stays in one language until then
    assert _menu_titles(window)[0] == "&File"
    window.statusBar().clearMessage()
    window.apply_settings_changes({"language": "en"})  # back to the language in use
    assert window.statusBar().currentMessage() == ""
    window.apply_settings_changes({"volume": 3})  # other settings say nothing about it
    assert window.statusBar().currentMessage() == ""


def test_the_next_start_takes_the_chosen_language(tmp_path):
    """What ``hipcoach`` does before the window is built: the setting of the data
    folder decides, over the locale."""
    from hipcoach.cli import _use_language

    (tmp_path / "settings.json").write_text(json.dumps({"language": "de"}), encoding="utf-8")
    try:
        _use_language(["--data-dir", str(tmp_path)])
        assert i18n.language() == "de"
        assert i18n._("&File") == "&Datei"
    finally:
        i18n.use("en")


def test_the_german_safety_screen_fits_its_width(german, qtbot):
    """The questions wrap; nothing in German may be wider than the screen's scroll area
    (which has no horizontal scroll bar), or the yes/no buttons would be cut off."""
    from PySide6.QtWidgets import QScrollArea

    from hipcoach.coach.profile import Profile
    from hipcoach.ui.coach_dialogs import SafetyDialog

    dialog = SafetyDialog(Profile())
    qtbot.addWidget(dialog)
    dialog.resize(760, 700)
    dialog.show()
    scroll = dialog.findChild(QScrollArea)
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()

"""One translation mechanism (gettext) and German for the bounded part that has it so far:
the command line's help and messages, the menu installer, second starts, the settings
dialog, Qt's own dialog words and the desktop entry."""

from __future__ import annotations

import gettext
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hipcoach import i18n
from hipcoach.cli import SUBCOMMANDS
from hipcoach.i18n_compile import mo_bytes, parse_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "po" / "de.po"
GERMAN = parse_po(PO.read_text(encoding="utf-8"))
SAME_IN_GERMAN = {"Tests", "Test", "Tempo", "PAUSE"}  # words German spells the same way


def _hipcoach(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("HIPCOACH_", "LANG", "LC_"))}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "hipcoach", *args], capture_output=True,
                          text=True, env=environment, timeout=60, check=False)


@pytest.fixture
def german():
    i18n.use("de")
    yield
    i18n.use("en")


def test_every_marked_string_has_a_german_translation():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_the_template_is_up_to_date(tmp_path):
    pot = (ROOT / "po" / "hipcoach.pot").read_text(encoding="utf-8")
    template = parse_po(pot.replace('msgstr ""', 'msgstr "x"').replace('msgstr[0] ""', 'msgstr[0] "x"'))
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import i18n as tool  # tools/i18n.py
    finally:
        sys.path.pop(0)
    assert set(template) - {""} == set(tool.all_messages()), "run `python tools/i18n.py extract`"


def test_our_compiler_agrees_with_gnu_msgfmt(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    theirs = tmp_path / "theirs.mo"
    subprocess.run([msgfmt, "--check", "-o", str(theirs), str(PO)], check=True)
    ours = tmp_path / "ours.mo"
    ours.write_bytes(mo_bytes(GERMAN))
    with theirs.open("rb") as a, ours.open("rb") as b:
        reference, mine = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    assert len(GERMAN) > 80
    plurals = 0
    for msgid in GERMAN:
        if not msgid:
            continue
        if "\0" in msgid:  # a plural: every form as GNU gettext reads it, each translated
            plurals += 1
            singular, plural = msgid.split("\0")
            for n in (1, 2, 5):
                ours = mine.ngettext(singular, plural, n)
                assert ours == reference.ngettext(singular, plural, n)
                assert ours != (singular if n == 1 else plural), f"{msgid!r} is not translated"
            continue
        assert mine.gettext(msgid) == reference.gettext(msgid)
        words = re.sub(r"\{[^}]*\}", "", msgid)
        if re.search(r"[a-z]{2}", words) and msgid not in SAME_IN_GERMAN:
            assert mine.gettext(msgid) != msgid, f"{msgid!r} is not translated"
    assert plurals > 5
    assert mine.info()["language"] == "de"


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LANG": "de_AT.UTF-8"}, "de"),
    ({"LANGUAGE": "fr:de", "LANG": "fr_FR.UTF-8"}, "de"),
    ({"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({}, "en"),
])
def test_system_language_follows_the_locale(environ, expected):
    assert i18n.system_language(environ) == expected


def test_help_in_german_leaves_no_english_behind():
    result = _hipcoach("--help", LANG="de_DE.UTF-8")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for _name, (_module, text) in SUBCOMMANDS.items():
        assert GERMAN[text] in out
        assert text not in out
    for english in ("usage:", "options:", "show this help", "programme to open", "commands ("):
        assert english not in out
    assert out.startswith("Aufruf: hipcoach")


def test_errors_from_the_command_line_are_german_too():
    result = _hipcoach("--speed", "0", LANG="de_DE.UTF-8")
    assert result.returncode == 2
    assert "Fehler" in result.stderr and "Faktor zwischen 0,01 und 1000" in result.stderr
    assert "error" not in result.stderr


def test_the_language_setting_beats_the_locale(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"language": "de"}), encoding="utf-8")
    german = _hipcoach("--data-dir", str(tmp_path), "--help", LANG="C.UTF-8")
    assert "Aufruf:" in german.stdout
    (tmp_path / "settings.json").write_text(json.dumps({"language": "en"}), encoding="utf-8")
    english = _hipcoach("--data-dir", str(tmp_path), "--help", LANG="de_DE.UTF-8")
    assert english.stdout.startswith("usage:")


def test_a_locale_without_a_translation_runs_in_english():
    result = _hipcoach("plan", "daily-drill", LANG="fr_FR.UTF-8")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert _hipcoach("--help", LANG="fr_FR.UTF-8").stdout.startswith("usage:")


def test_the_man_page_stays_english_whatever_the_language(german):
    from hipcoach.desktop import manpage

    page = manpage.render()
    assert "check programme files" in page and "Programmdateien" not in page
    assert i18n.language() == "de" and i18n._("Settings") == "Einstellungen"


def test_settings_dialog_in_german_with_a_language_choice(qtbot, german):
    from PySide6.QtWidgets import QComboBox, QLabel

    from hipcoach.settings import Settings
    from hipcoach.ui.settings_dialog import LABELS, SettingsDialog

    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Einstellungen"
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    for english in LABELS.values():
        assert english not in labels or english == GERMAN.get(english)
        assert GERMAN[english] in labels
    language: QComboBox = dialog.findChild(QComboBox, "setting_language")
    assert [language.itemText(i) for i in range(language.count())] == [
        "Wie das System", "English", "Deutsch"]
    language.setCurrentIndex(2)
    assert dialog.values()["language"] == "de"


def test_qt_s_own_buttons_follow_the_language(qapp, german):
    from PySide6.QtWidgets import QDialogButtonBox

    from hipcoach.ui.translations import install_qt_translations

    translator = install_qt_translations(qapp)
    assert translator is not None
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert "Abbrechen" in box.button(QDialogButtonBox.StandardButton.Cancel).text()
    finally:
        qapp.removeTranslator(translator)


def test_desktop_entry_and_metainfo_have_german_names():
    share = ROOT / "packaging" / "share"
    entry = (share / "applications" / "io.github.hipcoach.HipCoach.desktop").read_text(encoding="utf-8")
    assert "Comment[de]=" in entry and "GenericName[de]=" in entry and "Keywords[de]=" in entry
    metainfo = (share / "metainfo" / "io.github.hipcoach.HipCoach.metainfo.xml").read_text(encoding="utf-8")
    assert '<summary xml:lang="de">' in metainfo


def test_next_and_plan_print_german(tmp_path):
    from support_english import english_left

    nxt = _hipcoach("next", "--data-dir", str(tmp_path), "--today", "2025-03-20",
                    LANG="de_DE.UTF-8")
    assert nxt.returncode == 0, nxt.stderr
    assert nxt.stdout.startswith("Nächste Einheit: Aufbauprogramm Hüftstreckung — Grundlagen")
    assert "Reine Hüftstreck-Übung: noch kein Verlauf -> 2x5 wie vorgegeben" in nxt.stdout
    assert english_left(nxt.stdout) == [], nxt.stdout
    for argv in (("daily-drill",), ("hip-extension", "--stage", "hinge")):
        plan = _hipcoach("plan", *argv, LANG="de_DE.UTF-8")
        assert plan.returncode == 0, plan.stderr
        assert "BEREIT MACHEN" in plan.stdout and plan.stdout.splitlines()[-1].startswith("Gesamt:")
        assert english_left(plan.stdout) == [], plan.stdout
    english = _hipcoach("plan", "daily-drill", LANG="C.UTF-8")
    assert english.stdout.startswith("Daily hip-extension drill — Daily\n")
    assert "GET READY" in english.stdout and "Total: " in english.stdout

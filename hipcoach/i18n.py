"""The one translation mechanism (gettext) for the window, the coach, reports and the
command line; Qt's own dialogs take the same language (``hipcoach.ui.translations``).

Strings are marked ``_("...")`` where they are used, or ``N_("...")`` where they are
defined once and translated when shown. Sources: ``po/LANG.po`` in the repository,
compiled to ``hipcoach/locale/LANG/LC_MESSAGES/hipcoach.mo`` by the build (setup.py, the
PyInstaller spec); a checkout without compiled catalogues compiles them in memory.

The language is the setting ("system", "en", "de"); "system" follows the locale
($LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG). A locale with no translation gives English.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import io
import os
from collections.abc import Iterator
from pathlib import Path

DOMAIN = "hipcoach"
LANGUAGES = ("en", "de")  # English is the source language

_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _current.ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a string for translation where it is defined; ``_()`` translates it later."""
    return message


def locale_dir() -> Path:
    return Path(__file__).resolve().parent / "locale"


def po_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "po"


def system_language(environ: dict[str, str] | None = None) -> str:
    """The first language of the locale that HipCoach has, else English."""
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
        if variable != "LANGUAGE":
            return "en"  # the first set locale variable decides, as gettext does
    return "en"


def chosen_language(setting: str | None) -> str:
    return setting if setting in LANGUAGES else system_language()


def catalogue(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of a language, else its source compiled now, else none."""
    if language == "en":
        return _gettext.NullTranslations()
    compiled = locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with open(compiled, "rb") as handle:
            return _gettext.GNUTranslations(handle)
    except OSError:
        pass
    source = po_dir() / f"{language}.po"
    try:
        from hipcoach.i18n_compile import mo_bytes, parse_po

        data = mo_bytes(parse_po(source.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(io.BytesIO(data))


def use(setting: str | None = None) -> str:
    """Switch every later ``_()`` to the chosen language; returns the language in use."""
    global _current, _language
    _language = chosen_language(setting)
    _current = catalogue(_language)
    if not isinstance(_current, _gettext.GNUTranslations):
        _language = "en"  # no catalogue for it (a broken install): English
    _translate_argparse()
    return _language


def language() -> str:
    return _language


@contextlib.contextmanager
def using(language_code: str) -> Iterator[None]:
    """Run a block in another language (the man page is always written in English)."""
    global _current, _language
    before = (_current, _language)
    _language, _current = language_code, catalogue(language_code)
    try:
        yield
    finally:
        _current, _language = before


def _translate_argparse() -> None:
    """argparse's own words (usage:, options:, errors) through the same catalogue."""
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]

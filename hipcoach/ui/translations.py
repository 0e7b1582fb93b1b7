"""Qt's own words (dialog buttons, file dialogs, context menus) in the app's language:
Qt's ``qtbase`` catalogue for the language ``hipcoach.i18n`` chose. Qt's locale follows
the same language, so its date pickers name months in the language of the window."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from hipcoach import i18n


def install_qt_translations(app: QApplication) -> QTranslator | None:
    """Load Qt's catalogue for the app's language; None for English or when Qt has none."""
    language = i18n.language()
    if language == "en":
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(language), "qtbase", "_", folder):
        return None
    app.installTranslator(translator)
    return translator


def follow_language() -> None:
    """Qt's locale (month names in date pickers, decimal marks) in the app's language when
    the setting chose one the system locale does not speak."""
    language = i18n.language()
    if QLocale.system().name().split("_")[0] != language:
        QLocale.setDefault(QLocale(language))

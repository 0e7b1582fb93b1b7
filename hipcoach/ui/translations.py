"""Qt's own words (dialog buttons, file dialogs, context menus) in the app's language:
Qt's ``qtbase`` catalogue for the language ``hipcoach.i18n`` chose."""

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

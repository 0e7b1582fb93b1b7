"""Print or save as PDF: a session summary (after a session, or from the history) and the
clinician report for a date range. The documents are built on the store worker; the
preview and the PDF writing happen on the GUI thread."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from hipcoach.ui.store_bridge import StoreBridge


class Printing(QObject):
    def __init__(self, window: Any, bridge: StoreBridge) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = bridge

    def _paper(self) -> str:
        return self.window.app.settings.current.paper

    def session_summary(self, session_id: int | None, *, pdf: bool | None = None) -> None:
        """Build the summary of a session (None: the latest) and print or save it."""
        from hipcoach.app.today import next_time_lines

        plan = self.window.app.plan  # today's plan, as the start screen shows it

        def build(store: Any) -> Any:
            from hipcoach.report.documents import session_summary

            return session_summary(store, session_id,
                                   next_time=lambda program: next_time_lines(plan, program))

        self.bridge.submit(build, lambda doc: self._deliver(doc, pdf), self._failed)

    def clinician_report(self) -> None:
        dialog = RangeDialog(self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = dialog.range()
        data_dir = self.window.app.data_dir
        settings = self.window.app.settings.current

        def build(store: Any) -> Any:
            from hipcoach.report.documents import clinician_report

            return clinician_report(store, first, last, data_dir=data_dir, settings=settings)

        self.window.statusBar().showMessage("Preparing the report…")
        self.bridge.submit(build, lambda doc: self._deliver(doc, True), self._failed)

    # Delivery -----------------------------------------------------------------------------
    def _deliver(self, document: Any, pdf: bool | None) -> None:
        self.window.statusBar().clearMessage()
        if pdf is None:
            pdf = self._ask_how(document.title)
            if pdf is None:
                return
        from hipcoach.report.pdf import print_preview, save_pdf

        if not pdf:
            print_preview(self.window, document.html, self._paper())
            return
        start = str(Path.home() / document.file_name)
        name, _ = QFileDialog.getSaveFileName(self.window, "Save as PDF", start,
                                              "PDF documents (*.pdf)")
        if not name:
            return
        try:
            result = save_pdf(document.html, name, self._paper())
        except OSError as exc:
            QMessageBox.warning(self.window, "Save as PDF", f"The PDF was not saved: {exc}")
            return
        pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
        self.window.statusBar().showMessage(f"Saved {result.path} ({pages})", 8000)

    def _ask_how(self, title: str) -> bool | None:
        box = QMessageBox(self.window)
        box.setWindowTitle("Print or save")
        box.setText(title)
        printer = box.addButton("Print…", QMessageBox.ButtonRole.AcceptRole)
        pdf = box.addButton("Save as PDF…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return None if clicked not in (printer, pdf) else clicked is pdf

    def _failed(self, exc: Exception) -> None:
        self.window.statusBar().clearMessage()
        QMessageBox.warning(self.window, "Print", f"Nothing to print: {exc}")


class RangeDialog(QDialog):
    """From and to dates for the clinician report (the last 12 weeks by default)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinician report")
        today = date.today()
        self.first = QDateEdit(_qdate(today - timedelta(weeks=12)))
        self.last = QDateEdit(_qdate(today))
        for edit, name in ((self.first, "first day"), (self.last, "last day")):
            edit.setCalendarPopup(True)
            edit.setAccessibleName(name)
        self.last.setMaximumDate(_qdate(today))
        form = QFormLayout()
        form.addRow("From", self.first)
        form.addRow("To", self.last)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.first.dateChanged.connect(lambda d: self.last.setMinimumDate(d))

    def range(self) -> tuple[date, date]:
        return self.first.date().toPython(), self.last.date().toPython()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)

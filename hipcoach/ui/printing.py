"""Print or save as PDF: a session summary (after a session, or from the history) and the
clinician report for a date range. Both are offered the same way: one question, "Print
preview…" (the preview's own button prints) or "Save as PDF…", unless the caller already
chose. The documents are built on the store worker; the preview and the PDF writing
happen on the GUI thread. The date range is picked with calendar pop-ups and presets."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hipcoach.i18n import N_, _, ngettext
from hipcoach.ui.store_bridge import StoreBridge

if TYPE_CHECKING:
    from hipcoach.report.documents import ReportDocument
    from hipcoach.store.repo import Store
    from hipcoach.ui.main_window import MainWindow


class Printing(QObject):
    def __init__(self, window: MainWindow, bridge: StoreBridge) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = bridge

    def _paper(self) -> str:
        return self.window.app.settings.current.paper

    def session_summary(self, session_id: int | None, *, pdf: bool | None = None) -> None:
        """Build the summary of a session (None: the latest) and print or save it."""
        from hipcoach.app.today import next_time_lines

        plan = self.window.app.plan  # today's plan, as the start screen shows it

        def build(store: Store) -> ReportDocument:
            from hipcoach.report.documents import session_summary

            return session_summary(store, session_id,
                                   next_time=lambda program: next_time_lines(plan, program))

        self.bridge.submit(build, lambda doc: self._deliver(doc, pdf), self._failed)

    def clinician_report(self, *, pdf: bool | None = None) -> None:
        """Ask for the period, build the report, then preview / print or save it."""
        dialog = RangeDialog(self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = dialog.range()
        data_dir = self.window.app.data_dir
        settings = self.window.app.settings.current

        def build(store: Store) -> ReportDocument:
            from hipcoach.report.documents import clinician_report

            return clinician_report(store, first, last, data_dir=data_dir, settings=settings)

        self.window.statusBar().showMessage(_("Preparing the report…"))
        self.bridge.submit(build, lambda doc: self._deliver(doc, pdf), self._failed)

    # Delivery -----------------------------------------------------------------------------
    def _deliver(self, document: ReportDocument, pdf: bool | None) -> None:
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
        name, _filter = QFileDialog.getSaveFileName(self.window, _("Save as PDF"), start,
                                                    _("PDF documents (*.pdf)"))
        if not name:
            return
        try:
            result = save_pdf(document.html, name, self._paper())
        except OSError as exc:
            QMessageBox.warning(self.window, _("Save as PDF"),
                                _("The PDF was not saved: {reason}").format(reason=exc))
            return
        message = ngettext("Saved {file} ({count} page)", "Saved {file} ({count} pages)",
                           result.pages).format(file=result.path, count=result.pages)
        self.window.statusBar().showMessage(message, 8000)

    def _ask_how(self, title: str) -> bool | None:
        box = QMessageBox(self.window)
        box.setWindowTitle(_("Print or save"))
        box.setText(title)
        box.setInformativeText(_("Preview it (and print from the preview), or save it as a "
                                 "PDF file to send or print later."))
        printer = box.addButton(_("Print preview…"), QMessageBox.ButtonRole.AcceptRole)
        pdf = box.addButton(_("Save as PDF…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return None if clicked not in (printer, pdf) else clicked is pdf

    def _failed(self, exc: Exception) -> None:
        self.window.statusBar().clearMessage()
        QMessageBox.warning(self.window, _("Print"),
                            _("Nothing to print: {reason}").format(reason=exc))


PRESETS = ((N_("Last 4 weeks"), 4), (N_("Last 12 weeks"), 12), (N_("Last 6 months"), 26),
           (N_("Last year"), 52))
DATE_FORMAT = "ddd d MMMM yyyy"  # "Tue 8 September 2026": never "8 09 2026"


class RangeDialog(QDialog):
    """From and to dates for the clinician report (the last 12 weeks by default): long
    dates, calendar pop-ups large enough to read, and one-click presets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Clinician report: which period?"))
        self.setObjectName("range_dialog")
        today = date.today()
        self.first = QDateEdit(_qdate(today - timedelta(weeks=12) + timedelta(days=1)))
        self.last = QDateEdit(_qdate(today))
        for edit, name in ((self.first, _("first day")), (self.last, _("last day"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setAccessibleName(name)
            edit.setMinimumWidth(260)
            calendar = edit.calendarWidget()
            calendar.setMinimumSize(420, 300)
            calendar.setGridVisible(True)
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)  # the report's weeks
        self.last.setMaximumDate(_qdate(today))
        presets = QHBoxLayout()
        for label, weeks in PRESETS:
            button = QPushButton(_(label))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, w=weeks: self.set_weeks(w))
            presets.addWidget(button)
        self.summary = QLabel()
        self.summary.setObjectName("range_summary")
        form = QFormLayout()
        form.addRow(_("From"), self.first)
        form.addRow(_("To"), self.last)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Make the report"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(presets)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.first.dateChanged.connect(lambda *_: self._update())
        self.last.dateChanged.connect(lambda *_: self._update())
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
        self._update()

    def set_weeks(self, weeks: int) -> None:
        last = self.last.date().toPython()
        self.first.setDate(_qdate(last - timedelta(weeks=weeks) + timedelta(days=1)))

    def _update(self) -> None:
        first, last = self.range()
        if last < first:
            self.summary.setText(_("The period ends before it starts: change one of the dates."))
            self.ok.setEnabled(False)
            return
        days = (last - first).days + 1
        weeks = round(days / 7)
        self.summary.setText(ngettext("{count} day", "{count} days", days).format(count=days)
                             + " " + ngettext("(about {count} week)", "(about {count} weeks)",
                                              weeks).format(count=f"{days / 7:.0f}"))
        self.ok.setEnabled(True)

    def range(self) -> tuple[date, date]:
        return self.first.date().toPython(), self.last.date().toPython()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)

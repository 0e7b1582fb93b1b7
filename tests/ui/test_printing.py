"""Save a session summary and a clinician report as PDF from the window, and check the
real PDF's text against what was logged."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from hipcoach.store.engine import prepare_database


@pytest.fixture
def recorded(stored, driver_for, short_program, qtbot):
    built = stored()
    window = built.window
    window.start_session(short_program, "one")
    driver_for(window).run_to_end()
    built.bridge.worker.flush()
    return window


def test_session_summary_saved_from_the_end_screen(recorded, tmp_path, qtbot, monkeypatch):
    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    recorded.end_view.pdf_button.click()
    qtbot.waitUntil(target.exists, timeout=10_000)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(target).pages).split())
    assert "Glute bridge" in text and "Banded RDL" in text
    assert "Short test programme" in text
    assert len(PdfReader(target).pages) == 1


def test_clinician_report_for_a_range(recorded, tmp_path, qtbot, monkeypatch):
    from hipcoach.ui import printing

    target = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(printing.RangeDialog, "exec", lambda self: 1)
    monkeypatch.setattr(printing.RangeDialog, "range",
                        lambda self: (date(2020, 1, 1), date.today()))
    asked: list[str] = []  # the same question as the session summary: preview or PDF
    monkeypatch.setattr(printing.Printing, "_ask_how",
                        lambda self, title: asked.append(title) or True)
    recorded.clinician_report()
    qtbot.waitUntil(target.exists, timeout=10_000)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(target).pages).split())
    assert "Short test programme" in text
    assert asked and "clinician report" in asked[0]
    store = prepare_database(tmp_path).store()
    assert store.session_count() == 1


def test_the_range_picker_reads_plainly(qtbot):
    import re

    from hipcoach.ui.printing import RangeDialog

    dialog = RangeDialog()
    qtbot.addWidget(dialog)
    text = dialog.last.text()
    assert str(date.today().year) in text and not re.search(r"\b\d{1,2} \d{2} \d{4}\b", text)
    assert dialog.first.calendarPopup() and dialog.first.calendarWidget().minimumWidth() >= 400
    dialog.set_weeks(4)
    first, last = dialog.range()
    assert (last - first).days + 1 == 28 and "28 days" in dialog.summary.text()
    assert dialog.ok.isEnabled()
    dialog.first.setDate(dialog.last.date().addDays(5))
    assert not dialog.ok.isEnabled() and "ends before it starts" in dialog.summary.text()

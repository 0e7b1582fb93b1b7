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
    recorded.clinician_report()
    qtbot.waitUntil(target.exists, timeout=10_000)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(target).pages).split())
    assert "Short test programme" in text
    store = prepare_database(tmp_path).store()
    assert store.session_count() == 1

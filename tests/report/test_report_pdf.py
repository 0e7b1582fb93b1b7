"""Real PDFs: written, read back with pypdf (and poppler when installed), checked against
the database."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from hipcoach.domain.entries import MAX_NOTE
from hipcoach.report import pdf
from hipcoach.report.documents import clinician_report, session_summary
from hipcoach.report.page import Cell, document, h2, para, table
from hipcoach.store.demo import DemoPlan, generate

from .conftest import (
    NASTY_NOTE,
    add_session,
    bridge,
    embedded_fonts,
    ink_fraction,
    local_at,
    page_texts,
    pdftotext,
)

A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)


def _size(path: Path) -> tuple[int, int]:
    from pypdf import PdfReader

    box = PdfReader(str(path)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_session_summary_pdf(qapp, store, known, tmp_path):
    doc = session_summary(store, known.session_id)
    result = pdf.save_pdf(doc.html, tmp_path / "summary.pdf", "A4")
    assert (result.pages, result.paper) == (1, "A4")
    assert _size(result.path) == A4_POINTS
    [text] = page_texts(result.path)

    detail = store.session_detail(known.session_id)
    for name in {s.exercise_name for s in detail.sets}:
        assert name in text
    total_reps = sum(s.reps for s in detail.sets)
    assert f"Total {len(detail.sets)} sets, {total_reps} reps" in text
    for expected in (
        "Session summary", "Hip extension progression · Hip hinge",
        f"Wed 12 Mar 2025, {local_at(known.day, 18, 5):%H:%M}", "Time exercised 32:00 (planned 28:48)",
        "3 × 8, 9, 8 @ 20 kg", "3-0-3-0", "2 min 30 s", "2 × L 6, 7 / R 8, 8 @ bodyweight",
        "L 13 / R 16", "RPE 7–8", "10 s hold",
        "before 2/10 · after 3/10 · next morning 4/10 (stiffness 2/10)",
        "Completed: 8 of 8 sets", "Skipped — Not reached 0 planned sets", "3 sessions with Glute bridge from",
        NASTY_NOTE, "What changes next time Not available yet",
        "not a substitute for clinical advice", "Page 1 of 1",
    ):
        assert expected in text, expected
    assert "ﬀ" not in (pdftotext(result.path) or "")  # no ligature glyphs: "stiffness" reads back


def test_fonts_are_embedded_and_metadata_set(qapp, store, known, tmp_path):
    from pypdf import PdfReader

    path = pdf.save_pdf(session_summary(store, known.session_id).html, tmp_path / "s.pdf").path
    assert embedded_fonts(path), "no embedded font program (/FontFile2) in the PDF"
    meta = PdfReader(str(path)).metadata
    assert meta.title == "HipCoach session summary, 12 Mar 2025"
    assert "HipCoach" in (meta.creator or "")


def test_letter_paper_and_locale(qapp, store, known, tmp_path, monkeypatch):
    html = session_summary(store, known.session_id).html
    assert _size(pdf.save_pdf(html, tmp_path / "l.pdf", "Letter").path) == LETTER_POINTS
    from PySide6.QtCore import QLocale

    previous = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.Canada))
        assert pdf.paper_name("auto") == "Letter"
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert pdf.paper_name("auto") == "A4"
    finally:
        QLocale.setDefault(previous)


def test_page_renders_to_a_non_blank_image(qapp, store, known, tmp_path):
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed; QtPdf is not in "
                    "PySide6-Essentials, so the page cannot be rasterised here")
    path = pdf.save_pdf(session_summary(store, known.session_id).html, tmp_path / "s.pdf").path
    subprocess.run([tool, "-r", "30", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "page")], check=True, timeout=30)
    [png] = tmp_path.glob("page*.png")
    assert 0.02 < ink_fraction(png) < 0.6


def test_clinician_report_on_twelve_weeks_of_demo_data(qapp, store, data_dir, tmp_path):
    until = date(2025, 5, 25)
    demo = generate(DemoPlan(weeks=12, seed=3, until=until))
    store.add_history(demo.sessions)
    first = until - timedelta(weeks=12) + timedelta(days=1)
    doc = clinician_report(store, first, until, data_dir=data_dir)
    result = pdf.save_pdf(doc.html, tmp_path / "report.pdf", "A4")
    assert 1 <= result.pages <= 3
    texts = page_texts(result.path)
    text = " ".join(texts)
    for n, page in enumerate(texts, 1):
        assert f"Page {n} of {result.pages}" in page

    summaries = store.sessions()
    completed = sum(1 for s in summaries if s.status == "completed")
    abandoned = sum(1 for s in summaries if s.status == "abandoned")
    sets = store.sets()
    assert f"Sessions {len(summaries)} ({completed} completed, {abandoned} abandoned)" in text
    assert f"{len(sets):,} sets, {sum(s.reps for s in sets):,} reps" in text
    for expected in ("Clinician report", "Adherence", "Pain trend",
                     "Each exercise: load, time under tension, left / right",
                     "No re-tests recorded in this period.", "Flagged sessions",
                     "Next session as the coach will play it", "the coach's prescription",
                     "Function goals", "Safety questions and intake",
                     "not a substitute for clinical advice"):
        assert expected in text, expected
    # The next session is today's plan (the coach's numbers), not the programme file's.
    from hipcoach.app.today import options_for, plan_programme
    from hipcoach.coach.service import gather
    from hipcoach.program.catalog import resolve
    from hipcoach.session.describe import prescription_text
    from hipcoach.settings import Settings

    last = summaries[-1] if summaries[-1].started_at >= summaries[0].started_at else summaries[0]
    program = resolve(last.program_id, data_dir)
    plan = plan_programme(gather(store, data_dir, Settings()), program, options_for(Settings()))
    stage = next(s for s in plan.stage_plan(last.stage_id).playable.stage if s.id == last.stage_id)
    flat = " ".join(text.split())
    for phase in stage.phase:
        for exercise in phase.exercise:
            assert " ".join(prescription_text(exercise, played=True).split()) in flat, exercise.name
    for name in {s.exercise_name for s in sets}:
        assert name in text, name
    if demo.missed_week is not None:
        assert "Weeks with no session:" in text
    layout_text = pdftotext(result.path)
    if layout_text is not None:
        assert "No re-tests recorded in this period." in layout_text


def test_empty_period_pdf(qapp, store, tmp_path):
    doc = clinician_report(store, date(2024, 1, 1), date(2024, 3, 31))
    result = pdf.save_pdf(doc.html, tmp_path / "empty.pdf")
    assert result.pages == 1
    [text] = page_texts(result.path)
    assert "No sessions were recorded between 1 Jan 2024 and 31 Mar 2024." in text


def test_session_without_sets_and_abandoned_session(qapp, store, tmp_path):
    empty = add_session(store, local_at(date(2025, 3, 3), 9), [], status="in_progress",
                        planned_sets=6)
    result = pdf.save_pdf(session_summary(store, empty).html, tmp_path / "empty.pdf")
    [text] = page_texts(result.path)
    assert "No sets were logged in this session." in text
    assert "Not finished (no end was recorded): 0 of 6 sets" in text

    dropped = add_session(store, local_at(date(2025, 3, 4), 9), [bridge(1, 8), bridge(2, 7)],
                          status="abandoned", planned_sets=6)
    result = pdf.save_pdf(session_summary(store, dropped).html, tmp_path / "abandoned.pdf")
    [text] = page_texts(result.path)
    assert "Ended early: 2 of 6 sets" in text and "2 × 8, 7 @ 20 kg" in text


def test_very_long_notes_wrap_and_stay_readable(qapp, store, tmp_path):
    word = "unbroken" * 30  # 240 letters with no space
    note = (f"{word} " + "a long note about the left hip " * 40)[:MAX_NOTE]
    sets = [bridge(n, 8, note=note) for n in range(1, 4)]
    session_id = add_session(store, local_at(date(2025, 3, 3), 9), sets)
    result = pdf.save_pdf(session_summary(store, session_id).html, tmp_path / "long.pdf")
    assert result.pages in (1, 2)
    joined = "".join("".join(page_texts(result.path)).split())
    assert word in joined  # wrapped anywhere, not cut off at the margin
    assert "".join(note.split())[-40:] in joined


def test_unwritable_paths_raise_clear_errors(qapp, tmp_path):
    html = document("t", [para("x")])
    with pytest.raises(OSError):
        pdf.save_pdf(html, tmp_path / "missing" / "r.pdf")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(OSError):
        pdf.save_pdf(html, blocker / "r.pdf")
    with pytest.raises(IsADirectoryError):
        pdf.save_pdf(html, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]  # no temporary left


def test_table_rows_are_never_cut_by_a_page_break(qapp, tmp_path):
    rows = []
    for n in range(70):
        words = " ".join(["long"] * (3 + (n * 37) % 90))
        rows.append([Cell(f"R{n:02d}a"), f"{words} R{n:02d}z"])
    html = document("Rows", [h2("Rows"), table(["Row", "Text"], rows, widths=["15%", "85%"])])

    from PySide6.QtGui import QPdfWriter

    writer = QPdfWriter(str(tmp_path / "layout.pdf"))
    writer.setResolution(pdf.PDF_RESOLUTION)
    writer.setPageLayout(pdf.page_layout("A4"))
    pages = pdf._layout(html, writer)
    layout = pages.doc.documentLayout()
    [grid] = pdf._tables(pages.doc.rootFrame())
    for row in range(1, grid.rows()):
        top, bottom = pdf._row_span(layout, grid, row)
        assert int(top // pages.page_height) == int((bottom - 1) // pages.page_height), row

    result = pdf.save_pdf(html, tmp_path / "rows.pdf")
    assert result.pages > 3
    texts = page_texts(result.path)
    for n in range(70):
        start = [i for i, t in enumerate(texts) if f"R{n:02d}a" in t]
        end = [i for i, t in enumerate(texts) if f"R{n:02d}z" in t]
        assert start == end and len(start) == 1, (n, start, end)


def test_print_preview_paints_the_pages(qapp, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintPreviewDialog
    from PySide6.QtWidgets import QApplication

    painted = []
    real_render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda html, device: painted.append(
        real_render(html, device)) or painted[-1])

    def close() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QPrintPreviewDialog) and widget.isVisible():
                widget.reject()

    timer = QTimer()
    timer.timeout.connect(close)
    timer.start(50)
    try:
        assert pdf.print_preview(None, document("Preview", [para("hello")]), "Letter") is False
    finally:
        timer.stop()
    assert painted and painted[0] == 1


def test_a_year_report_has_no_near_empty_pages(tmp_path):
    """Rows moved to the next page are measured after the move: no page holds only a
    couple of rows before a needless break."""
    from hipcoach import cli

    data = tmp_path / "year"
    assert cli.main(["demo-data", "--weeks", "52", "--data-dir", str(data)]) == 0
    target = tmp_path / "year.pdf"
    today = date.today()
    assert cli.main(["report", "--from", (today - timedelta(days=365)).isoformat(), "--to",
                     today.isoformat(), "--pdf", str(target), "--data-dir", str(data)]) == 0
    pages = page_texts(target)
    assert 2 <= len(pages) <= 5
    for text in pages[:-1]:
        assert len(text.split()) > 150, text[:200]


@pytest.mark.parametrize("weeks,shift", [(12, 0), (12, 3), (26, 5)])
def test_no_heading_is_left_at_a_page_foot(qapp, store, data_dir, tmp_path, weeks, shift):
    """Laid out for A4 as the PDF is: each section heading starts on the same page as the
    first thing under it (text, table or chart), and a heading low on a page has more
    than one line of its section with it."""
    from PySide6.QtGui import QPdfWriter

    until = date(2025, 5, 25) - timedelta(days=shift)
    store.add_history(generate(DemoPlan(weeks=weeks, seed=3 + shift, until=until)).sessions)
    doc = clinician_report(store, until - timedelta(weeks=weeks) + timedelta(days=1), until,
                           data_dir=data_dir)
    writer = QPdfWriter(str(tmp_path / "r.pdf"))
    writer.setResolution(pdf.PDF_RESOLUTION)
    writer.setPageLayout(pdf.page_layout("A4"))
    pages = pdf._layout(doc.html, writer)
    layout, height = pages.doc.documentLayout(), pages.body_height
    assert pages.count >= 2
    checked = 0
    block = pages.doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 2:
            first = pdf._next_content(block)
            second = pdf._next_content(first)
            top = pdf._first_line_top(layout, block)
            page = int(top // height)
            assert int(pdf._first_line_top(layout, first) // height) == page, block.text()
            low = top - page * height > height * pdf.LOW_ON_PAGE
            text_line = "\ufffc" not in first.text() and first.layout().lineCount() == 1
            if low and text_line and second.isValid() and \
                    second.blockFormat().headingLevel() == 0:
                assert int(pdf._first_line_top(layout, second) // height) == page, block.text()
            checked += 1
        block = block.next()
    assert checked >= 8


def _paragraphs(count: int) -> str:
    return document("Spill", [h2("Spill")] + [para(f"Paragraph P{n:03d} " + "words " * 20)
                                             for n in range(count)])


def _pages_at_full_size(html: str, tmp_path: Path) -> int:
    from PySide6.QtGui import QPdfWriter

    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    writer.setResolution(pdf.PDF_RESOLUTION)
    writer.setPageLayout(pdf.page_layout("A4"))
    return pdf._layout_at(html, writer, 1.0).count


def test_a_few_lines_spilling_onto_a_last_page_are_printed_a_little_smaller(qapp, tmp_path):
    """The session summary of a long session ran its last sentence onto a page of its
    own: a document spilling a few lines is set a little smaller to fit one page fewer,
    every word kept; one spilling a lot keeps its size and its pages."""
    count = 10
    while _pages_at_full_size(_paragraphs(count), tmp_path) < 2:
        count += 1
    spilling = pdf.save_pdf(_paragraphs(count), tmp_path / "spill.pdf")
    assert spilling.pages == 1
    text = page_texts(spilling.path)[0]
    assert all(f"P{n:03d}" in text for n in range(count))
    long = pdf.save_pdf(_paragraphs(count + count // 3), tmp_path / "long.pdf")
    assert long.pages == 2  # too much to shrink: printed at full size
    assert f"P{count + count // 3 - 1:03d}" in page_texts(long.path)[1]

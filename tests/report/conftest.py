"""Fixtures for the report tests: a known history written with the Store API, and helpers
that read real PDFs back (pypdf; pdftotext / pdftoppm from poppler-utils when installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from hipcoach.domain.entries import Checkin, Load, SetEntry
from hipcoach.store.repo import Store

NASTY_NOTE = "<b>x</b> & <script>alert(1)</script>"
PROGRAM = ("hip-extension", "Hip extension progression", "hinge", "Hip hinge")






def local_at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute).astimezone()


def add_session(store: Store, start: datetime, sets: list[dict], *, status: str = "completed",
                pain_before: int | None = 2, pain_after: int | None = 3,
                morning: tuple[int, int | None] | None = None, planned_sets: int | None = None,
                minutes: int = 30, program: tuple[str, str, str, str] = PROGRAM) -> int:
    """One session written the way the app writes it: start, sets, check-ins, finish."""
    program_id, program_name, stage_id, stage_name = program
    session_id = store.start_session(
        program_id=program_id, program_name=program_name, stage_id=stage_id,
        stage_name=stage_name, planned_sets=len(sets) if planned_sets is None else planned_sets,
        planned_seconds=minutes * 60 * 0.9, started_at=start, pain_before=pain_before,
    )
    for n, values in enumerate(sets):
        store.log_set(SetEntry(session_id=session_id,
                               performed_at=start + timedelta(minutes=2 * (n + 1)), **values))
    if status != "in_progress":
        store.finish_session(session_id, status, ended_at=start + timedelta(minutes=minutes),
                             pain_after=pain_after)
    if morning is not None:
        store.add_checkin(Checkin(session_id, "next_morning", morning[0], morning[1],
                                  start + timedelta(hours=15)))
    return session_id


def bridge(set_no: int, reps: int, kg: float = 20.0, **more) -> dict:
    return dict(exercise="glute-bridge", exercise_name="Glute bridge", set_no=set_no, reps=reps,
                phase="loaded", target_reps=8, load=Load("kg", kg), tempo="3-0-3-0",
                tut_s=reps * 6.0, **more)


def one_leg(set_no: int, side: str, reps: int, **more) -> dict:
    return dict(exercise="single-leg-bridge", exercise_name="Single-leg bridge", set_no=set_no,
                reps=reps, side=side, phase="loaded", target_reps=6, tempo="2-0-2-1",
                tut_s=reps * 5.0, **more)


def squeeze(reps: int = 5, **more) -> dict:
    return dict(exercise="glute-squeeze", exercise_name="Glute squeeze hold", set_no=1, reps=reps,
                phase="activation", target_reps=5, hold_s=10.0, tut_s=reps * 10.0, **more)


@dataclass
class KnownHistory:
    session_id: int  # the session the summary is about
    earlier: list[int]  # the glute bridge in the weeks before (two inside 8 weeks)
    day: date


@pytest.fixture
def known(store: Store) -> KnownHistory:
    """A session with a two-sided, a one-sided and a hold exercise, plus history."""
    day = date(2025, 3, 12)
    earlier = []
    for weeks_back, reps in ((10, 6), (5, 7), (2, 8)):
        start = local_at(day - timedelta(weeks=weeks_back), 18)
        earlier.append(add_session(store, start, [bridge(1, reps, 17.5), bridge(2, reps, 17.5)]))
    sets = [
        squeeze(),
        bridge(1, 8, rpe=7, pain=2),
        bridge(2, 9, rpe=8, pain=3, note=NASTY_NOTE),
        bridge(3, 8, rpe=8, pain=2),
        one_leg(1, "left", 6, rpe=8, pain=1), one_leg(1, "right", 8, rpe=7, pain=1),
        one_leg(2, "left", 7, rpe=9, pain=2), one_leg(2, "right", 8, rpe=8, pain=1),
    ]
    session_id = add_session(store, local_at(day, 18, 5), sets, pain_before=2, pain_after=3,
                             morning=(4, 2), minutes=32)
    return KnownHistory(session_id, earlier, day)


# Reading PDFs back -------------------------------------------------------------------


def flat(text: str) -> str:
    """Extracted text with compatibility forms folded and all whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [flat(page.extract_text() or "") for page in PdfReader(str(path)).pages]


def pdftotext(path: Path) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    result = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True,
                            check=True, timeout=30)
    return result.stdout


def embedded_fonts(path: Path) -> list[str]:
    """Base names of the fonts whose program is embedded (FontFile, FontFile2, FontFile3)."""
    from pypdf import PdfReader

    names = []
    for page in PdfReader(str(path)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is None:
                continue
            descriptor = descriptor.get_object()
            if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                names.append(str(font.get("/BaseFont")))
    return names


def ink_fraction(png: Path) -> float:
    """The share of pixels of a rendered page that are not white."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull(), png
    step = 2
    dark = total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            total += 1
            if image.pixelColor(x, y).lightness() < 235:
                dark += 1
    return dark / total

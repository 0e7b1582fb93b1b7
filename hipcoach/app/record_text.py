"""How a session record reads, in one wording for every screen and printout."""

from __future__ import annotations

from typing import Any

from hipcoach.session.format import clock_text


def sets_phrase(summary: Any) -> str:
    """"11 of 14 sets, 2 skipped" from a ``SessionSummary``."""
    text = f"{summary.done_sets} of {summary.planned_sets} sets"
    if summary.skipped_sets:
        text += f", {summary.skipped_sets} skipped"
    return text


def record_lines(detail: Any) -> list[str]:
    """The end screen's lines for a ``SessionDetail``: time exercised and sets, then
    which exercises were skipped."""
    summary = detail.summary
    lines = [f"{clock_text(summary.exercised_s or 0)} of exercise  ·  {sets_phrase(summary)}"]
    names = sorted({s.exercise_name for s in getattr(detail, "skipped", ())})
    if names:
        lines.append("Skipped: " + ", ".join(names))
    return lines

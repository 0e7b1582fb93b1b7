"""How a session record reads on the end screen, in the record's own words."""

from __future__ import annotations

from typing import Any


def record_lines(detail: Any) -> list[str]:
    """The end screen's lines for a ``SessionDetail``: time exercised and sets (the same
    phrases History and the printouts use), then which sets were skipped."""
    summary = detail.summary
    lines = [f"{summary.exercised_text()} of exercise  ·  {summary.sets_text()}"]
    if detail.skipped:
        lines.append("Skipped: " + "; ".join(s.text() for s in detail.skipped))
    if summary.not_reached and summary.status != "completed":
        lines.append(f"Not reached: {summary.not_reached} "
                     f"{'set' if summary.not_reached == 1 else 'sets'}")
    return lines

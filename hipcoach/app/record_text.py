"""How a session record reads on the end screen, in the record's own words."""

from __future__ import annotations

from typing import Any

from hipcoach.i18n import _, ngettext


def record_lines(detail: Any) -> list[str]:
    """The end screen's lines for a ``SessionDetail``: time exercised and sets (the same
    phrases History and the printouts use), then which sets were skipped."""
    summary = detail.summary
    lines = [_("{time} of exercise  ·  {sets}").format(time=summary.exercised_text(),
                                                       sets=summary.sets_text())]
    if detail.skipped:
        lines.append(_("Skipped: {sets}").format(sets="; ".join(s.text() for s in detail.skipped)))
    if summary.not_reached and summary.status != "completed":
        lines.append(ngettext("Not reached: {n} set", "Not reached: {n} sets",
                              summary.not_reached).format(n=summary.not_reached))
    return lines

"""Formatting of session times and totals for people: 75 s -> "1:15", 3725 s -> "1:02:05".

``exercised_text`` and ``sets_text`` are the one way every screen, report and command
shows a session's time exercised and its sets ("20:56", "11 of 14 sets, 2 skipped").
"""

from __future__ import annotations

import math

UNKNOWN = "–"


def clock_text(seconds: float) -> str:
    total = max(0, int(math.ceil(seconds - 1e-9)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes_text(seconds: float) -> str:
    """A plan length in words: "about 42 min"."""
    minutes = max(1, round(seconds / 60))
    return f"about {minutes} min"


def exercised_text(seconds: float | None) -> str:
    """The time a session was exercised, pauses left out: "20:56" ("–" when not known)."""
    return UNKNOWN if seconds is None else clock_text(seconds)


def sets_text(done: int, planned: int, skipped: int = 0) -> str:
    """A session's sets: "11 of 14 sets, 2 skipped"; "5 sets" when nothing was planned."""
    text = f"{done} of {planned} {'set' if planned == 1 else 'sets'}" if planned else (
        f"{done} {'set' if done == 1 else 'sets'}")
    return f"{text}, {skipped} skipped" if skipped else text

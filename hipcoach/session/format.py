"""Formatting of session times for people: 75 s -> "1:15", 3725 s -> "1:02:05"."""

from __future__ import annotations

import math


def clock_text(seconds: float) -> str:
    total = max(0, int(math.ceil(seconds - 1e-9)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes_text(seconds: float) -> str:
    """A plan length in words: "about 42 min"."""
    minutes = max(1, round(seconds / 60))
    return f"about {minutes} min"

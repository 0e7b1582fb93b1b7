"""Words and numbers as the printed reports show them (pure Python, no Qt).

Dates, durations and loads come from ``hipcoach.format`` (in the chosen language, never
the system locale). ``esc`` is the one way user text gets into the HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from hipcoach.format import DASH, NONE, LoadLike, load_text
from hipcoach.i18n import N_

DISCLAIMER = N_("HipCoach is not a substitute for clinical advice. It records what the user "
                "did and felt; a clinician should interpret it.")  # translated where printed


def esc(value: object) -> str:
    """Text for HTML: ``<b>x</b>`` prints literally."""
    return html.escape(str(value), quote=True)


def loads_text(loads: Iterable[LoadLike]) -> str:
    """The loads in the order used, repeats dropped: "20 kg → 22.5 kg"."""
    seen: list[str] = []
    for load in loads:
        text = load_text(load)
        if not seen or seen[-1] != text:
            seen.append(text)
    unique: list[str] = []
    for text in seen:
        if text not in unique:
            unique.append(text)
    return " → ".join(unique) if unique else NONE


def pain_text(value: int | None) -> str:
    return NONE if value is None else f"{value}/10"


def range_text(values: Iterable[int | None], prefix: str = "") -> str:
    present = [v for v in values if v is not None]
    if not present:
        return NONE
    low, high = min(present), max(present)
    return f"{prefix}{low}" if low == high else f"{prefix}{low}{DASH}{high}"


def number_list(values: Iterable[int]) -> str:
    return ", ".join(str(v) for v in values)


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else NONE

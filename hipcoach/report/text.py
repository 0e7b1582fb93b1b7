"""Words and numbers as the printed reports show them (pure Python, no Qt).

Dates are shown in local time with English month names, so a report reads the same
whatever the system locale. ``esc`` is the one way user text gets into the HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date, datetime

from hipcoach.i18n import N_
from hipcoach.store.entries import Load, format_number

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DASH = "–"
NONE = "—"
DISCLAIMER = N_("HipCoach is not a substitute for clinical advice. It records what the user "
                "did and felt; a clinician should interpret it.")  # translated where printed


def esc(value: object) -> str:
    """Text for HTML: ``<b>x</b>`` prints literally."""
    return html.escape(str(value), quote=True)


def local(moment: datetime) -> datetime:
    return moment.astimezone()


def day_text(day: date) -> str:
    """"3 Mar 2025"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_day(day: date) -> str:
    """"3 Mar"."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def when_text(moment: datetime) -> str:
    """"Mon 3 Mar 2025, 18:05" in local time."""
    moment = local(moment)
    return f"{DAYS[moment.weekday()]} {day_text(moment.date())}, {moment:%H:%M}"


def period_text(first: date, last: date) -> str:
    return f"{day_text(first)} {DASH} {day_text(last)}"


def duration_text(seconds: float | None) -> str:
    """Seconds as "42 s", "4 min 05 s", "1 h 02 min"."""
    if seconds is None:
        return NONE
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def minutes_text(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 600 else f"{seconds / 60:.1f} min"


def load_text(load: Load) -> str:
    """"bodyweight", "red band", "20 kg"."""
    if load.unit == "band":
        return f"{load.colour} band"
    if load.unit in ("kg", "lb"):
        return f"{format_number(load.value)} {load.unit}"
    return "bodyweight"


def loads_text(loads: Iterable[Load]) -> str:
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


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else NONE

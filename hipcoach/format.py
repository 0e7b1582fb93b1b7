"""The one way HipCoach writes times, dates, numbers and loads for people.

Every screen, coach line, printed report and command uses these functions, so a date or
a load reads the same everywhere, in the chosen language (``hipcoach.i18n``). Numbers
and dates are formatted by hand from that language, never from the OS locale (which may
not be installed): German writes "2,5 kg" and "Mi., 2. Dez. 2026".

    clock_text(75)            "1:15"                   a countdown or time exercised
    duration_text(250)        "4 min 10 s"             an amount of time ("1 h 02 min")
    about_minutes_text(2520)  "about 42 min"           a plan's length ("etwa 42 min")
    day_text(d)               "2 Dec 2026"             ("2. Dez. 2026")
    short_day(d)              "2 Dec"                  ("2. Dez.")
    weekday_text(d)           "Wed 2 Dec 2026"         ("Mi., 2. Dez. 2026")
    when_text(t)              "Wed 2 Dec 2026, 18:05"  local time ("Mi., 2. Dez. 2026, 18:05")
    week_text(monday)         "week of 30 Nov 2026"    ("Woche vom 30. Nov. 2026")
    number_text(2.5)          "2.5"                    ("2,5")
    load_text(load)           "20 kg", "red band", "bodyweight" ("rotes Band", "Körpergewicht")

``exercise_label`` and ``distinct_labels`` are the one way an exercise is named on a chart,
a picker or a report: its name, never its id. Standard library and ``hipcoach.i18n`` only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Protocol

from hipcoach.i18n import N_, _, language, ngettext

UNKNOWN = "–"
NONE = "—"
DASH = "–"

_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "de": ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
           "Nov.", "Dez."),
}
_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "de": ("Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."),
}
_DECIMAL = {"en": ".", "de": ","}
_GROUP = {".": ",", ",": "."}  # the thousands separator that goes with a decimal point
# band colours HipCoach knows get a whole phrase (German inflects the colour); any other
# colour a programme names reads as _("{colour} band")
_BANDS = {
    "yellow": N_("yellow band"), "red": N_("red band"), "green": N_("green band"),
    "blue": N_("blue band"), "black": N_("black band"), "silver": N_("silver band"),
    "gold": N_("gold band"), "purple": N_("purple band"), "orange": N_("orange band"),
    "grey": N_("grey band"), "gray": N_("grey band"),
}
_LOAD_SPEC = re.compile(r"^\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>kg|lb)\s*$", re.I)


def _lang() -> str:
    current = language()
    return current if current in _MONTHS else "en"


# Numbers ------------------------------------------------------------------------------


def number_text(value: float, places: int | None = None, *, fixed: bool = False,
                sign: bool = False, grouped: bool = False) -> str:
    """A number for people, German with a decimal comma: whole numbers without decimals
    ("20"), others as they are ("22.5", "1.25"; at most 6 decimals) or rounded to
    ``places`` ("3.3"); ``fixed`` keeps the places even for a whole number ("3.0");
    ``sign`` writes "+" before a positive number ("+1.5"); ``grouped`` separates the
    thousands of a count ("3,651", German "3.651")."""
    number = float(value)
    plus = "+" if sign else ""
    group = "," if grouped else ""
    if places is not None and (fixed or not number.is_integer()):
        text = f"{number:{plus}{group}.{places}f}"
    elif number.is_integer():
        text = f"{int(number):{plus}{group}d}"
    else:
        text = f"{number:{plus}{group}.6f}".rstrip("0").rstrip(".")
    decimal = _DECIMAL[_lang()]
    return text.translate(str.maketrans({".": decimal, ",": _GROUP[decimal]}))


# Durations ----------------------------------------------------------------------------


def clock_text(seconds: float) -> str:
    """A countdown or a time exercised: 75 s -> "1:15", 3725 s -> "1:02:05"."""
    total = max(0, int(math.ceil(seconds - 1e-9)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration_text(seconds: float | None) -> str:
    """An amount of time: "42 s", "4 min 05 s", "1 h 02 min" ("—" when not known)."""
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


def about_minutes_text(seconds: float) -> str:
    """A plan's length in words: "about 42 min" (at least 1)."""
    minutes = max(1, round(seconds / 60))
    return _("about {minutes} min").format(minutes=minutes)


def exercised_text(seconds: float | None) -> str:
    """The time a session was exercised, pauses left out: "20:56" ("–" when not known)."""
    return UNKNOWN if seconds is None else clock_text(seconds)


def sets_text(done: int, planned: int, skipped: int = 0) -> str:
    """A session's sets: "11 of 14 sets, 2 skipped"; "5 sets" when nothing was planned."""
    text = (ngettext("{done} of {planned} set", "{done} of {planned} sets", planned) if planned
            else ngettext("{done} set", "{done} sets", done)).format(done=done, planned=planned)
    return _("{sets}, {skipped} skipped").format(sets=text, skipped=skipped) if skipped else text


# Dates --------------------------------------------------------------------------------


def short_day(day: date) -> str:
    """"2 Dec" ("2. Dez.")."""
    month = _MONTHS[_lang()][day.month - 1]
    return f"{day.day}. {month}" if _lang() == "de" else f"{day.day} {month}"


def day_text(day: date) -> str:
    """"2 Dec 2026" ("2. Dez. 2026")."""
    return f"{short_day(day)} {day.year}"


def month_text(day: date) -> str:
    """"Dec" ("Dez.")."""
    return _MONTHS[_lang()][day.month - 1]


def weekday_text(day: date, year: bool = True) -> str:
    """"Wed 2 Dec 2026" ("Mi., 2. Dez. 2026"); without the year "Wed 2 Dec"."""
    weekday = _WEEKDAYS[_lang()][day.weekday()]
    shown = day_text(day) if year else short_day(day)
    return f"{weekday}, {shown}" if _lang() == "de" else f"{weekday} {shown}"


def local(moment: datetime) -> datetime:
    """An aware moment in local time (a naive one is taken as local already)."""
    return moment.astimezone()


def time_text(moment: datetime) -> str:
    """"18:05", in local time."""
    return f"{local(moment):%H:%M}"


def when_text(moment: datetime, year: bool = True) -> str:
    """"Wed 2 Dec 2026, 18:05" in local time ("Mi., 2. Dez. 2026, 18:05")."""
    moment = local(moment)
    return f"{weekday_text(moment.date(), year)}, {moment:%H:%M}"


def period_text(first: date, last: date) -> str:
    """"2 Dec 2026 – 9 Dec 2026"."""
    return f"{day_text(first)} {DASH} {day_text(last)}"


def week_text(monday: date) -> str:
    """"week of 30 Nov 2026" ("Woche vom 30. Nov. 2026")."""
    return _("week of {day}").format(day=day_text(monday))


# Loads --------------------------------------------------------------------------------


class LoadLike(Protocol):
    """What ``load_text`` reads of a load (``Load`` has these)."""

    @property
    def unit(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def colour(self) -> str | None: ...


def load_text(load: LoadLike | str) -> str:
    """A load for people: "bodyweight", "red band", "20 kg", "22.5 kg" (German
    "Körpergewicht", "rotes Band", "22,5 kg"). Takes a ``Load`` or the programme syntax
    ("band:red", "20kg", "bodyweight"); other text is shown as it is."""
    if isinstance(load, str):
        spec = load.strip()
        if spec.lower().startswith("band:"):
            return band_text(spec[5:].strip())
        match = _LOAD_SPEC.match(spec)
        if match:
            return weight_text(float(match.group("num")), match.group("unit").lower())
        if spec.lower() in ("", "bodyweight", "bw"):
            return _("bodyweight")
        return spec
    if load.unit == "band":
        return band_text(load.colour or "")
    if load.unit in ("kg", "lb"):
        return weight_text(load.value or 0.0, load.unit)
    return _("bodyweight")


def band_text(colour: str) -> str:
    """"red band" ("rotes Band")."""
    known = _BANDS.get(colour.lower())
    return _(known) if known else _("{colour} band").format(colour=colour)


def weight_text(value: float, unit: str) -> str:
    """"22.5 kg" ("22,5 kg")."""
    return f"{number_text(value)} {unit}"


# Exercise names -----------------------------------------------------------------------


def exercise_label(exercise_id: str, name: str | None,
                   names: Mapping[str, str] | None = None) -> str:
    """An exercise's name for people: the programme's (``names``), else the one logged,
    else its id made readable ("prone-hip-extension" -> "Prone hip extension")."""
    if names and exercise_id in names:
        return names[exercise_id]
    if name and name != exercise_id:
        return name
    return exercise_id.replace("-", " ").replace("_", " ").strip().capitalize() or _("Exercise")


def distinct_labels(items: Sequence[tuple[str, str | None]],
                    names: Mapping[str, str] | None = None) -> list[str]:
    """Labels for (id, logged name) pairs, in order; two exercises sharing a name are told
    apart as "Bridge (variant 1)", "Bridge (variant 2)" (in id order), never by id."""
    labels = [exercise_label(i, n, names) for i, n in items]
    order: dict[str, list[str]] = {}
    for (exercise_id, _name), label in zip(items, labels, strict=True):
        order.setdefault(label, [])
        if exercise_id not in order[label]:
            order[label].append(exercise_id)
    for ids in order.values():
        ids.sort()
    return [label if len(order[label]) == 1
            else _("{label} (variant {number})").format(
                label=label, number=order[label].index(exercise_id) + 1)
            for (exercise_id, _name), label in zip(items, labels, strict=True)]

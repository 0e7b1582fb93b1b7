"""Formatting of session times and totals for people: 75 s -> "1:15", 3725 s -> "1:02:05".

``exercised_text`` and ``sets_text`` are the one way every screen, report and command
shows a session's time exercised and its sets ("20:56", "11 of 14 sets, 2 skipped").
``exercise_label`` and ``distinct_labels`` are the one way an exercise is named on a
chart, a picker or a report: its name, never its id.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from hipcoach.i18n import _, ngettext

UNKNOWN = "–"


def clock_text(seconds: float) -> str:
    total = max(0, int(math.ceil(seconds - 1e-9)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes_text(seconds: float) -> str:
    """A plan length in words: "about 42 min"."""
    minutes = max(1, round(seconds / 60))
    return _("about {minutes} min").format(minutes=minutes)


def exercised_text(seconds: float | None) -> str:
    """The time a session was exercised, pauses left out: "20:56" ("–" when not known)."""
    return UNKNOWN if seconds is None else clock_text(seconds)


def sets_text(done: int, planned: int, skipped: int = 0) -> str:
    """A session's sets: "11 of 14 sets, 2 skipped"; "5 sets" when nothing was planned."""
    text = ngettext("{done} of {planned} set", "{done} of {planned} sets", planned).format(
        done=done, planned=planned) if planned else (
        ngettext("{done} set", "{done} sets", done).format(done=done))
    return _("{sets}, {skipped} skipped").format(sets=text, skipped=skipped) if skipped else text


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
    for (exercise_id, _logged), label in zip(items, labels, strict=True):
        order.setdefault(label, [])
        if exercise_id not in order[label]:
            order[label].append(exercise_id)
    for ids in order.values():
        ids.sort()
    return [label if len(order[label]) == 1
            else _("{name} (variant {n})").format(name=label, n=order[label].index(exercise_id) + 1)
            for (exercise_id, _logged), label in zip(items, labels, strict=True)]

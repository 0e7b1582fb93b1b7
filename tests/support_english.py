"""Finds English left in text that should be German: words of a small English list that
German does not share (no "in", "an", "so", "was", "also", "total", "per", "page"...)."""

from __future__ import annotations

import re

ENGLISH_WORDS = frozenset(re.findall(r"[a-z]+", """
the and of with without session sessions pain set sets rep reps done week weeks day days
before after left right load weight rest repeat stage exercise exercises effort not your you
for from more less than next hold back is are no yet to at on or by time notes date morning
planned skipped completed ended early reached recorded summary clinician printed
tension under average highest lift lower ready get switch sides other side one this last
"""))
_COMMANDS = re.compile(r"hipcoach [a-z-]+|--[a-z-]+")  # commands and options stay as typed
_IDS = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")  # exercise ids in the plan table


def english_left(text: str) -> list[str]:
    """The English words found in ``text`` (an empty list when it is all German)."""
    text = _IDS.sub(" ", _COMMANDS.sub(" ", text))
    words = re.findall(r"[A-Za-zÄÖÜäöüß]+", text)
    return sorted({w for w in words if w.lower() in ENGLISH_WORDS})


def test_the_detector_finds_english_and_passes_german():
    assert english_left("Pain 3 after the session") == ["Pain", "after", "session", "the"]
    assert english_left("Schmerz 3 nach der Einheit; in Grundlagen bleiben, also Pause") == []
    assert english_left("mehr mit hipcoach next --data-dir; pure-hip-extension links") == []

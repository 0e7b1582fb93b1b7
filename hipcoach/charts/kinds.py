"""The chart kinds, ranges and fixed texts: no imports, so the view module (and the main
window that imports it) loads without the database layer or pyqtgraph."""

from __future__ import annotations

from typing import Literal

Kind = Literal["volume", "tut", "load", "pain", "effort", "adherence", "symmetry", "retest",
               "goals"]
KINDS: tuple[str, ...] = ("volume", "tut", "load", "pain", "effort", "adherence", "symmetry",
                          "retest", "goals")
KIND_TITLES = {
    "volume": "Weekly volume",
    "tut": "Time under tension",
    "load": "Load and variant",
    "pain": "Pain",
    "effort": "Effort (RPE)",
    "adherence": "Adherence",
    "symmetry": "Left vs right",
    "retest": "Re-tests",
    "goals": "Function goals",
}
RANGES: dict[str, int | None] = {"4w": 4, "12w": 12, "1y": 52, "all": None}
RANGE_LABELS = {"4w": "4 weeks", "12w": "12 weeks", "1y": "1 year", "all": "All"}
DEFAULT_RANGE = "12w"
DEFAULT_TARGET = 3

EMPTY_HISTORY = "No sessions logged yet — charts appear after your first session"
NO_GOALS = ("No function goals rated yet — name up to five everyday activities on the "
            "safety screen or at a re-test and rate them 0-10")
NO_RETESTS = ("No re-tests recorded yet — results appear here once you record a "
              "re-test (every 2-4 weeks)")

"""The chart kinds, ranges and fixed texts: no imports, so the view module (and the main
window that imports it) loads without the database layer or pyqtgraph. The texts are
marked ``N_`` and translated where they are shown."""

from __future__ import annotations

from typing import Literal

from hipcoach.i18n import N_

Kind = Literal["volume", "tut", "load", "pain", "effort", "adherence", "symmetry", "retest",
               "goals"]
KINDS: tuple[str, ...] = ("volume", "tut", "load", "pain", "effort", "adherence", "symmetry",
                          "retest", "goals")
KIND_TITLES = {
    "volume": N_("Weekly volume"),
    "tut": N_("Time under tension"),
    "load": N_("Load and variant"),
    "pain": N_("Pain"),
    "effort": N_("Effort (RPE)"),
    "adherence": N_("Adherence"),
    "symmetry": N_("Left vs right"),
    "retest": N_("Re-tests"),
    "goals": N_("Function goals"),
}
RANGES: dict[str, int | None] = {"4w": 4, "12w": 12, "1y": 52, "all": None}
RANGE_LABELS = {"4w": N_("4 weeks"), "12w": N_("12 weeks"), "1y": N_("1 year"), "all": N_("All")}
DEFAULT_RANGE = "12w"
DEFAULT_TARGET = 3

EMPTY_HISTORY = N_("No sessions logged yet — charts appear after your first session")
NO_GOALS = N_("No function goals rated yet — name up to five everyday activities on the "
              "safety screen or at a re-test and rate them 0-10")
NO_RETESTS = N_("No re-tests recorded yet — results appear here once you record a "
                "re-test (every 2-4 weeks)")

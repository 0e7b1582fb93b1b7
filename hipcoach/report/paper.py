"""Which paper to print on: the setting, or for "auto" the one used where the user lives.

Pure Python: the Qt side passes the territory of ``QLocale()`` as an ISO 3166 code.
"""

from __future__ import annotations

PAPERS = ("A4", "Letter")
CHOICES = ("auto", *PAPERS)

# Where US Letter is the usual office paper (the rest of the world uses A4).
LETTER_TERRITORIES = frozenset({
    "US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "SV", "NI", "PA", "PR", "DO", "BZ",
    "HN", "UM", "VI", "GU", "AS", "MP",
})


def paper_for_territory(code: str | None) -> str:
    return "Letter" if (code or "").upper() in LETTER_TERRITORIES else "A4"


def resolve_paper(setting: str, territory_code: str | None) -> str:
    """"A4" or "Letter": the setting itself, or the territory's paper for "auto"."""
    if setting in PAPERS:
        return setting
    if setting.lower() == "a4":
        return "A4"
    if setting.lower() == "letter":
        return "Letter"
    return paper_for_territory(territory_code)

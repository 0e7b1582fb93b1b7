"""Light and dark palettes, and the colour of each kind of step.

Step colours differ in lightness as well as hue, so they still read apart for users who
do not tell red from green, and every pairing keeps strong contrast with its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class Colours:
    window: str
    text: str
    muted: str
    accent: str
    # Background tints behind the big instruction, by step kind / tempo phase.
    work: str
    lift: str
    lower: str
    hold: str
    rest: str
    ready: str
    problem: str


LIGHT = Colours(
    window="#f6f5f2", text="#16181d", muted="#5b6270", accent="#1f5fbf",
    work="#ffd9a8", lift="#ffc98a", lower="#a9d8f5", hold="#f3e3a0",
    rest="#d6e4d0", ready="#e3dcf2", problem="#b3261e",
)
DARK = Colours(
    window="#15171c", text="#f2f3f5", muted="#a4acb9", accent="#7fb0ff",
    work="#5a3a10", lift="#6b3f0c", lower="#123e5c", hold="#574a10",
    rest="#1f3a26", ready="#33294d", problem="#ff8a80",
)


def step_colour(colours: Colours, kind: str, tempo_phase: str | None) -> str:
    if kind == "rep_phase":
        return {
            "concentric": colours.lift,
            "eccentric": colours.lower,
            "top": colours.hold,
            "bottom": colours.hold,
        }.get(tempo_phase or "", colours.work)
    return {
        "work": colours.work,
        "hold": colours.hold,
        "rest": colours.rest,
        "countdown": colours.ready,
        "switch_side": colours.ready,
        "wait": colours.ready,
    }.get(kind, colours.window)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    try:
        from PySide6.QtCore import Qt

        return hints.colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt < 6.5
        return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def resolve(theme: str) -> Colours:
    if theme == "dark" or (theme == "system" and system_is_dark()):
        return DARK
    return LIGHT


def apply(app: QApplication, theme: str) -> Colours:
    """Set the application palette for a theme; returns the colours in use."""
    colours = resolve(theme)
    app.setStyle("Fusion")
    palette = QPalette()
    window, text = QColor(colours.window), QColor(colours.text)
    base = window.lighter(103) if colours is LIGHT else window.lighter(130)
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, base),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.ToolTipBase, base),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, QColor(colours.muted)),
        (QPalette.ColorRole.Highlight, QColor(colours.accent)),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff" if colours is LIGHT else "#000000")),
        (QPalette.ColorRole.Link, QColor(colours.accent)),
    ):
        palette.setColor(role, colour)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(colours.muted))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(colours.muted)
    )
    app.setPalette(palette)
    return colours

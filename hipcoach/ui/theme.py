"""Light and dark palettes, and the colour of each kind of step; following the desktop.

Step colours differ in lightness as well as hue, so they still read apart for users who
do not tell red from green, and every pairing keeps strong contrast with its text.

With the theme "system" the palette follows the desktop while the app runs: its light or
dark preference (``QStyleHints.colorSchemeChanged``) and its accent colour (when it reads
well on the window). A high-contrast preference (Qt 6.10+, ``QAccessibilityHints``) gives
the high-contrast variant of whichever palette is in use, whatever the theme setting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Qt
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
    dark: bool = False


LIGHT = Colours(
    window="#f6f5f2", text="#16181d", muted="#5b6270", accent="#1f5fbf",
    work="#ffd9a8", lift="#ffc98a", lower="#a9d8f5", hold="#f3e3a0",
    rest="#d6e4d0", ready="#e3dcf2", problem="#b3261e",
)
DARK = Colours(
    window="#15171c", text="#f2f3f5", muted="#a4acb9", accent="#7fb0ff",
    work="#5a3a10", lift="#6b3f0c", lower="#123e5c", hold="#574a10",
    rest="#1f3a26", ready="#33294d", problem="#ff8a80", dark=True,
)
# High contrast: pure black and white, muted text close to the text, deeper accents; the
# step tints keep their hue so the kinds of step still read apart.
LIGHT_HIGH_CONTRAST = replace(
    LIGHT, window="#ffffff", text="#000000", muted="#262626", accent="#0037a6",
    work="#ffcf8f", lift="#ffb866", lower="#8fcdf5", hold="#f0d970", rest="#bfe0b3",
    ready="#d6ccf0", problem="#8c0000",
)
DARK_HIGH_CONTRAST = replace(
    DARK, window="#000000", text="#ffffff", muted="#e0e0e0", accent="#9cc3ff",
    work="#4a2c00", lift="#5c3000", lower="#00304f", hold="#453900", rest="#0f2e17",
    ready="#251a40", problem="#ffb3ad",
)

MIN_ACCENT_CONTRAST = 3.0  # WCAG 2 for graphical objects and large text
QT_DEFAULT_ACCENT = "#308cc6"  # what Qt reports when the desktop names no accent


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""

    def luminance(name: str) -> float:
        colour = QColor(name)
        channels = []
        for value in (colour.redF(), colour.greenF(), colour.blueF()):
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True, slots=True)
class Desktop:
    """What the desktop prefers, as far as Qt tells."""

    dark: bool = False
    high_contrast: bool = False
    accent: str | None = None


def colours_for(theme: str, desktop: Desktop) -> Colours:
    """The palette for a theme setting on this desktop (pure: no Qt state read)."""
    dark = theme == "dark" or (theme == "system" and desktop.dark)
    if desktop.high_contrast:
        colours = DARK_HIGH_CONTRAST if dark else LIGHT_HIGH_CONTRAST
    else:
        colours = DARK if dark else LIGHT
    accent = desktop.accent
    if theme == "system" and accent and QColor(accent).isValid():
        needed = 4.5 if desktop.high_contrast else MIN_ACCENT_CONTRAST
        if contrast(accent, colours.window) >= needed:
            colours = replace(colours, accent=QColor(accent).name())
    return colours


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


_told: dict[str, object] = {}  # the latest value each desktop signal carried


def system_is_dark() -> bool:
    scheme = _told.get("scheme", QGuiApplication.styleHints().colorScheme())
    return scheme == Qt.ColorScheme.Dark


def system_high_contrast() -> bool:
    preference = _told.get("contrast")
    if preference is None:
        hints = QGuiApplication.styleHints()
        if not hasattr(hints, "accessibility"):  # Qt < 6.10 does not say
            return False
        preference = hints.accessibility().contrastPreference()
    return preference == Qt.ContrastPreference.HighContrast


def system_accent() -> str | None:
    """The desktop's accent colour: the palette's Accent role, which ``apply`` never sets,
    so it stays the platform's (Qt 6.6+)."""
    role = getattr(QPalette.ColorRole, "Accent", None)
    if role is None:
        return None
    accent = QGuiApplication.palette().color(role).name()
    return None if accent == QT_DEFAULT_ACCENT else accent


def desktop() -> Desktop:
    return Desktop(system_is_dark(), system_high_contrast(), system_accent())


def resolve(theme: str) -> Colours:
    return colours_for(theme, desktop())


STYLE = "Fusion"
STYLE_SET = "hipcoach_style"  # an application property: the style was set for us


def style_arguments() -> list[str]:
    """Command-line arguments that make a new QApplication start with our style: cheaper
    than ``setStyle`` afterwards, whose returned QStyle makes PySide build its enums
    (about 10 ms before the first frame)."""
    return ["-style", STYLE]


def use_fusion(app: QApplication) -> None:
    if app.property(STYLE_SET) != STYLE:
        app.setStyle(STYLE)
        app.setProperty(STYLE_SET, STYLE)


def apply(app: QApplication, theme: str) -> Colours:
    """Set the application palette for a theme; returns the colours in use."""
    colours = resolve(theme)
    use_fusion(app)
    palette = QPalette()
    window, text = QColor(colours.window), QColor(colours.text)
    base = window.lighter(130) if colours.dark else window.lighter(103)
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
        (QPalette.ColorRole.HighlightedText, QColor("#000000" if colours.dark else "#ffffff")),
        (QPalette.ColorRole.Link, QColor(colours.accent)),
    ):
        palette.setColor(role, colour)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(colours.muted))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(colours.muted)
    )
    app.setPalette(palette)
    return colours


class DesktopFollower(QObject):
    """Calls ``changed`` when the desktop's colour scheme, contrast preference or accent
    changes while the app runs; the caller re-applies its theme (``apply``)."""

    def __init__(self, app: QGuiApplication, changed: Callable[[], None]) -> None:
        super().__init__(app)
        self.changed = changed
        self._seen = desktop()
        hints = app.styleHints()
        self._connections = [(hints.colorSchemeChanged, self._scheme),
                             (app.paletteChanged, self._palette)]
        if hasattr(hints, "accessibility"):
            self._connections.append((hints.accessibility().contrastPreferenceChanged,
                                      self._contrast))
        for signal, slot in self._connections:
            signal.connect(slot)

    def stop(self) -> None:
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections = []

    def _scheme(self, scheme: Qt.ColorScheme) -> None:
        _told["scheme"] = scheme
        self._check()

    def _contrast(self, preference: object) -> None:
        _told["contrast"] = preference
        self._check()

    def _palette(self, _palette: QPalette) -> None:
        self._check()  # the accent, when the platform palette changed

    def _check(self) -> None:
        now = desktop()
        if now != self._seen:
            self._seen = now
            self.changed()


def follow_desktop(app: QGuiApplication, changed: Callable[[], None]) -> DesktopFollower:
    """Keep following the desktop for the life of ``app``."""
    return DesktopFollower(app, changed)

"""Chart colours for the light and dark palettes, safe for colour-blind users.

Series take their colours from the Okabe-Ito palette (chosen to stay distinct under the
common colour-vision deficiencies) and are told apart by marker shape and dash style as
well, so no chart depends on hue alone. The pain bands carry text labels for the same
reason. Plain data: no pyqtgraph here.
"""

from __future__ import annotations

from dataclasses import dataclass

from hipcoach.ui.theme import DARK, LIGHT, Colours

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
# Ordered so that neighbours differ in lightness too. A pen index names the same hue in
# both palettes (the blues swap places: sky blue reads better on black), so a phase or an
# exercise keeps its colour when the palette changes; the phases use the first six.
_LIGHT_ORDER = ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue",
                "black", "yellow")
_DARK_ORDER = ("sky_blue", "orange", "bluish_green", "vermillion", "reddish_purple",
               "blue", "white", "yellow")
SYMBOLS = ("o", "s", "t", "d", "star", "h", "p", "t1")
DASHES = ("solid", "dash", "dot", "dashdot", "solid", "dash", "dot", "dashdot")
BAND_HUES = {"green": "bluish_green", "amber": "orange", "red": "vermillion"}


@dataclass(frozen=True, slots=True)
class ChartStyle:
    dark: bool
    background: str
    foreground: str
    muted: str
    series: tuple[str, ...]
    band_alpha: int

    def colour(self, index: int) -> str:
        return self.series[index % len(self.series)]

    def symbol(self, index: int) -> str:
        return SYMBOLS[index % len(SYMBOLS)]

    def dash(self, index: int) -> str:
        return DASHES[index % len(DASHES)]

    def band(self, tone: str) -> str:
        return OKABE_ITO[BAND_HUES[tone]]


def chart_style(colours: Colours | None = None) -> ChartStyle:
    colours = colours or LIGHT
    dark = colours is DARK or _is_dark(colours.window)
    order = _DARK_ORDER if dark else _LIGHT_ORDER
    series = tuple(colours.text if name in ("black", "white") else OKABE_ITO[name]
                   for name in order)
    return ChartStyle(dark, colours.window, colours.text, colours.muted, series,
                      band_alpha=70 if dark else 55)


def _is_dark(hex_colour: str) -> bool:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return (0.299 * r + 0.587 * g + 0.114 * b) < 128

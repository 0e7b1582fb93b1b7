"""Small charts for the printed reports, drawn as SVG text (pure Python, no Qt).

Each chart is a complete SVG document. ``data_uri`` turns one into an ``<img>`` source,
so the report's HTML stays one self-contained string; the PDF renderer rasterises the
SVG at print resolution. Only SVG Tiny features are used (rect, line, polyline, circle,
text) so Qt's SVG renderer draws them as a browser would.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from hipcoach.format import number_text
from hipcoach.i18n import N_, _
from hipcoach.report.text import esc

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
INK = "#222222"
GRID = "#d0d0d0"
MUTED = "#666666"
BLUE = "#2f6f9f"
LIGHT_BLUE = "#9cc3de"
ORANGE = "#d9822b"
GREEN = "#3f8f4f"
PURPLE = "#7a4f9f"
ZONE_GREEN = "#e6f2e6"
ZONE_AMBER = "#fbf0d9"
ZONE_RED = "#f8dede"


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def img_tag(svg: str, width: int, height: int, alt: str) -> str:
    """An ``<img>`` in a paragraph of its own (so Qt never lays it out in the block of
    the heading before it); width and height in CSS pixels (1/96 inch)."""
    return (f'<p><img src="{data_uri(svg)}" width="{width}" height="{height}" '
            f'alt="{esc(alt)}"></p>')


def axis(value: float, minimum: float = 1.0, most_ticks: int = 5) -> tuple[float, float]:
    """(top, step) of a y axis from 0 that holds ``value``: steps of 1, 2 or 5 x 10^k."""
    value = max(value, minimum)
    magnitude = 10 ** math.floor(math.log10(value / most_ticks))
    for factor in (1, 2, 5, 10, 20):
        step = factor * magnitude
        if math.ceil(value / step - 1e-9) <= most_ticks:
            return math.ceil(value / step - 1e-9) * step, step
    return value, value  # not reached


def _fmt(value: float) -> str:
    return number_text(value, 0 if value >= 10 else 1)


@dataclass
class Series:
    name: str
    values: Sequence[float | None]
    colour: str = BLUE
    dashed: bool = False


@dataclass
class Panel:
    """One plotting area: bars (stacked) and/or lines over the same x categories."""

    title: str
    labels: Sequence[str]
    bars: list[Series] = field(default_factory=list)
    lines: list[Series] = field(default_factory=list)
    y_max: float | None = None
    zones: Sequence[tuple[float, float, str]] = ()  # (from, to, fill) behind the data
    highlight: int | None = None  # index of a category drawn in a stronger colour
    empty_text: str = N_("No data in this period")  # translated when drawn
    partial: frozenset[int] = frozenset()  # categories (weeks) only partly covered: outlined


class _Svg:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.parts: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def text(self, x: float, y: float, value: str, *, size: float = 10, anchor: str = "start",
             colour: str = INK, weight: str = "normal") -> None:
        self.add(f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
                 f'text-anchor="{anchor}" fill="{colour}" font-weight="{weight}">'
                 f"{esc(value)}</text>")

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: str = GRID,
             width: float = 1, dashed: bool = False) -> None:
        dash = ' stroke-dasharray="4,3"' if dashed else ""
        self.add(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                 f'stroke="{colour}" stroke-width="{width}"{dash}/>')

    def rect(self, x: float, y: float, w: float, h: float, fill: str,
             outline: bool = False) -> None:
        paint = (f'fill="#ffffff" stroke="{fill}" stroke-width="1.5" stroke-dasharray="3,2"'
                 if outline else f'fill="{fill}"')
        self.add(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" '
                 f'height="{max(h, 0):.1f}" {paint}/>')

    def done(self) -> str:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
                f'width="{self.width}" height="{self.height}" '
                f'viewBox="0 0 {self.width} {self.height}">'
                f'<rect x="0" y="0" width="{self.width}" height="{self.height}" fill="#ffffff"/>'
                + "".join(self.parts) + "</svg>")


TITLE_CHAR_W = 6.5  # a panel title's bold 10 px characters, on average


def _label_step(count: int, width: float, label_width: float = 42) -> int:
    fits = max(1, int(width // label_width))
    return max(1, math.ceil(count / fits))


def _draw_panel(svg: _Svg, panel: Panel, x0: float, y0: float, w: float, h: float) -> None:
    svg.text(x0, y0 + 11, panel.title, size=10, weight="bold")
    legend = [s for s in (*panel.bars, *panel.lines) if s.name]
    widths = [16 + 6.2 * len(series.name) for series in legend]
    # beside the title when both fit (estimated widths), else on a row of its own below it
    below = TITLE_CHAR_W * len(panel.title) + sum(widths) > w
    row = y0 + 15 if below else y0
    lx = x0 + w
    for series, width in zip(reversed(legend), reversed(widths), strict=True):
        lx -= width
        svg.rect(lx, row + 3, 9, 9, series.colour)
        svg.text(lx + 12, row + 11, series.name, size=8.5, colour=MUTED)
    left, right, bottom = x0 + 30, x0 + w - 4, y0 + h - 16
    top = y0 + (35 if below else 20)
    plot_w, plot_h = right - left, bottom - top
    count = len(panel.labels)
    stacked = [0.0] * count
    for series in panel.bars:
        for i, value in enumerate(series.values):
            stacked[i] += value or 0.0
    line_values = [v for s in panel.lines for v in s.values if v is not None]
    if panel.y_max:
        top_value, step = panel.y_max, panel.y_max / 5
    else:
        top_value, step = axis(max([*stacked, *line_values, 0.0]))
    for start, end, fill in panel.zones:
        y_hi = bottom - plot_h * min(end, top_value) / top_value
        y_lo = bottom - plot_h * max(start, 0) / top_value
        svg.rect(left, y_hi, plot_w, y_lo - y_hi, fill)
    for n in range(round(top_value / step) + 1):
        tick = n * step
        y = bottom - plot_h * tick / top_value
        svg.line(left, y, right, y)
        svg.text(left - 4, y + 3, _fmt(tick), size=8, anchor="end", colour=MUTED)
    svg.line(left, bottom, right, bottom, colour=INK)
    if count == 0 or (not any(stacked) and not line_values):
        svg.text(left + plot_w / 2, top + plot_h / 2, _(panel.empty_text), size=10,
                 anchor="middle", colour=MUTED)
        return
    slot = plot_w / count
    bar_w = max(1.0, slot * 0.72)
    base = [0.0] * count
    for series in panel.bars:
        for i, value in enumerate(series.values):
            if not value:
                continue
            colour = series.colour
            if panel.highlight is not None and i != panel.highlight and series is panel.bars[0]:
                colour = LIGHT_BLUE
            height = plot_h * value / top_value
            x = left + slot * i + (slot - bar_w) / 2
            svg.rect(x, bottom - plot_h * base[i] / top_value - height, bar_w, height, colour,
                     outline=i in panel.partial)
            base[i] += value
    for series in panel.lines:
        points = [(left + slot * (i + 0.5), bottom - plot_h * v / top_value)
                  for i, v in enumerate(series.values) if v is not None]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(series.values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((left + slot * (i + 0.5), bottom - plot_h * value / top_value))
        for run in runs:
            if len(run) > 1:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                dash = ' stroke-dasharray="5,3"' if series.dashed else ""
                svg.add(f'<polyline points="{coords}" fill="none" stroke="{series.colour}" '
                        f'stroke-width="1.8"{dash}/>')
        radius = 2.2 if count <= 40 else 1.4
        for x, y in points:
            svg.add(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{series.colour}"/>')
    step = _label_step(count, plot_w)
    for i, label in enumerate(panel.labels):
        # Counted from the end when the last category is partial, so it gets its label.
        anchor = (count - 1 - i) if (count - 1) in panel.partial else i
        if anchor % step == 0 or (panel.highlight == i):
            x = left + slot * (i + 0.5)
            half = 2.4 * len(label)  # about half the label's width at 8 px
            x = min(max(x, left + half), x0 + w - half)  # keep the label inside the chart
            svg.text(x, bottom + 11, label, size=8, anchor="middle", colour=MUTED)


def chart(panels: Sequence[Panel], width: int = 680, panel_height: int = 150,
          columns: int = 1) -> str:
    """One SVG holding ``panels`` in a grid of ``columns`` columns."""
    rows = math.ceil(len(panels) / columns)
    gap = 16
    cell_w = (width - gap * (columns - 1)) / columns
    svg = _Svg(width, rows * panel_height + (rows - 1) * 8)
    for n, panel in enumerate(panels):
        row, col = divmod(n, columns)
        _draw_panel(svg, panel, col * (cell_w + gap), row * (panel_height + 8), cell_w,
                    panel_height)
    return svg.done()

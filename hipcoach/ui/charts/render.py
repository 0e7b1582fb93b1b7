"""Draw a ``Chart`` with pyqtgraph, find the value under the pointer, export PNG/SVG.

This is the only module that imports pyqtgraph (and numpy); the charts view imports it
when it first has something to draw, and ``hipcoach chart`` when it renders.

A ``Canvas`` keeps its plots between draws: switching the range or the exercise only
swaps the items inside them, which is what keeps a switch well under 100 ms.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QTextOption

from hipcoach.charts.data import Chart, Panel, Series
from hipcoach.i18n import _
from hipcoach.ui.charts.style import ChartStyle

HOVER_RADIUS_PX = 40.0
QWIDGETSIZE_MAX = (1 << 24) - 1
# Above this many points a line is drawn 1 px wide: Qt strokes wide antialiased
# polylines slowly (seconds for a few thousand segments), 1 px ones in milliseconds.
DENSE_POINTS = 200
STACKED_AXIS_WIDTH = 72
MESSAGE_WIDTH_PX = 560  # a panel's message wraps at this width (it fits a window 700 px wide)
_PEN_STYLES = {
    "solid": Qt.PenStyle.SolidLine,
    "dash": Qt.PenStyle.DashLine,
    "dot": Qt.PenStyle.DotLine,
    "dashdot": Qt.PenStyle.DashDotLine,
}


def _colour(hex_colour: str, alpha: int = 255) -> QColor:
    colour = QColor(hex_colour)
    colour.setAlpha(alpha)
    return colour


def _axis_title(panel: Panel, panels: int) -> str:
    """The rotated title of a panel's value axis. A chart of several stacked panels whose
    legend already says what is measured leaves it out: turned on its side it is longer
    than the panel is tall and runs into its neighbours' titles."""
    if panels > 1 and any(panel.y_label in series.label for series in panel.series):
        return ""
    return panel.y_label


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


@dataclass(slots=True)
class Target:
    """What the pointer can land on in one plot: points, or bar rectangles."""

    series: Series
    x: np.ndarray
    y: np.ndarray
    y0: np.ndarray | None = None  # bars: bottom of each bar
    width: float = 0.0


@dataclass(slots=True)
class Drawn:
    chart: Chart
    plots: list[pg.PlotItem] = field(default_factory=list)
    items: dict[str, pg.GraphicsObject] = field(default_factory=dict)
    targets: list[list[Target]] = field(default_factory=list)
    messages: list[pg.TextItem] = field(default_factory=list)


# Items ------------------------------------------------------------------------------------


def _bars(series: Series, style: ChartStyle) -> pg.BarGraphItem:
    colour = style.colour(series.style)
    options: dict[str, object] = {
        "x": np.asarray(series.x, dtype=float),
        "height": np.asarray(series.y, dtype=float),
        "width": series.width or 1.0,
        "y0": np.asarray(series.y0 if series.y0 is not None else [0.0] * len(series.x),
                         dtype=float),
        "pen": pg.mkPen(style.background, width=1),
        "brush": pg.mkBrush(colour),
        "name": series.label,
    }
    count = len(series.x)
    faded = series.faded or [False] * count
    partial = series.partial or [False] * count
    if series.faded is not None or any(partial):
        options["brushes"] = [pg.mkBrush(_colour(colour, 45 if p else 80 if f else 255))
                              for f, p in zip(faded, partial, strict=True)]
    if any(partial):  # the week still going: a dashed outline round a pale fill
        outline = pg.mkPen(colour, width=2, style=Qt.PenStyle.DashLine)
        plain = pg.mkPen(style.background, width=1)
        options["pens"] = [outline if p else plain for p in partial]
    return pg.BarGraphItem(**options)


class DayMonthAxis(pg.DateAxisItem):
    """Dates that cannot be misread: "3 Mar", with the year on the first tick and where
    it changes ("29 Dec 2025", "5 Jan 2026"); month ticks read "Mar 2025"."""

    MOST_TICKS = 14

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802, N803 - pyqtgraph override
        """One level of ticks only (the finest that still fits), so every label is read
        with its neighbours: days with days, months with months."""
        levels = [(spacing, values) for spacing, values in super().tickValues(minVal, maxVal, size)
                  if len(values)]
        fitting = [level for level in levels if len(level[1]) <= self.MOST_TICKS]
        if not fitting:
            return levels[:1]
        return [max(fitting, key=lambda level: len(level[1]))]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802 - pyqtgraph override
        return date_labels(values, spacing)


def date_labels(values: list[float], spacing: float) -> list[str]:
    from datetime import datetime

    from hipcoach.format import month_text, short_day

    out: list[str] = []
    last_year: int | None = None
    months = spacing >= 27 * 86400
    for value in values:
        try:
            day = datetime.fromtimestamp(value)
        except (OverflowError, OSError, ValueError):
            out.append("")
            continue
        year = f" {day.year}" if day.year != last_year else ""
        if spacing >= 360 * 86400:
            out.append(str(day.year))
        elif months:
            out.append(f"{month_text(day)}{year}")
        else:
            out.append(f"{short_day(day)}{year}")
        last_year = day.year
    return out


def _pen(series: Series, style: ChartStyle, count: int) -> object:
    pen = pg.mkPen(style.colour(series.style), width=1 if count > DENSE_POINTS else 2.5)
    pen.setStyle(_PEN_STYLES[style.dash(series.style)])
    return pen


def _line(series: Series, style: ChartStyle) -> pg.PlotDataItem:
    colour = style.colour(series.style)
    x = np.asarray(series.x, dtype=float)
    y = np.asarray(series.y, dtype=float)
    dense = len(x) > DENSE_POINTS
    options: dict[str, object] = {
        "name": series.label,
        "symbol": style.symbol(series.style),
        "symbolBrush": pg.mkBrush(colour),
        "symbolPen": pg.mkPen(style.background, width=1),
        "symbolSize": 6 if dense else 9,
        "antialias": True,
    }
    if series.kind == "points":
        options["pen"] = None
        options["symbolSize"] = 16 if series.key == "load_changes" else (7 if dense else 10)
    elif series.kind == "step":  # the exact points; the steps are drawn by _steps
        options["pen"] = None
    else:
        options["pen"] = _pen(series, style, len(x))
        if series.connect is not None and len(series.connect) == len(x):
            options["connect"] = np.asarray(series.connect, dtype=bool)
    return pg.PlotDataItem(x, y, **options)


def _steps(series: Series, style: ChartStyle) -> pg.PlotCurveItem:
    """The held value between sessions: flat until the next point, broken at gaps."""
    xs: list[float] = []
    ys: list[float] = []
    joins: list[bool] = []
    n = len(series.x)
    for i in range(n):
        joined = i + 1 < n and (series.connect is None or bool(series.connect[i]))
        xs.append(series.x[i])
        ys.append(series.y[i])
        joins.append(joined)
        if joined:
            xs.append(series.x[i + 1])
            ys.append(series.y[i])
            joins.append(True)
    return pg.PlotCurveItem(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float),
                            pen=_pen(series, style, n), connect=np.asarray(joins, dtype=bool),
                            antialias=True)


def _y_bounds(panel: Panel) -> tuple[float, float]:
    if panel.y_range is not None:
        return panel.y_range
    top = 0.0
    bottom = 0.0
    for series in panel.series:
        for i, value in enumerate(series.y):
            if not math.isfinite(value):
                continue
            base = series.y0[i] if series.y0 is not None else 0.0
            top = max(top, value + base)
            bottom = min(bottom, value + base)
    if top <= bottom:
        top = bottom + 1.0
    return bottom, top + (top - bottom) * 0.08


# The canvas -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Slot:
    """One panel's place on the canvas: a legend row and the plot under it."""

    legend: pg.LegendItem
    plot: pg.PlotItem


class Canvas:
    """The title, subtitle and panels drawn into one pyqtgraph ``GraphicsLayout``."""

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.layout = layout
        self._slots: list[_Slot] = []
        self._title: pg.LabelItem | None = None
        self._subtitle: pg.LabelItem | None = None
        self._empty: pg.LabelItem | None = None
        self.drawn: Drawn | None = None

    def _skeleton(self, panels: int, empty: bool) -> None:
        """(Re)build the rows when the number of panels changes; otherwise keep them."""
        if (self._title is not None and len(self._slots) == panels
                and (self._empty is not None) == empty):
            return
        layout = self.layout
        layout.clear()
        self._slots = []
        self._empty = None
        self._title = pg.LabelItem(justify="left")
        self._subtitle = pg.LabelItem(justify="left")
        layout.addItem(self._title, row=0, col=0)
        layout.addItem(self._subtitle, row=1, col=0)
        grid = layout.layout
        grid.setRowStretchFactor(0, 0)
        grid.setRowStretchFactor(1, 0)
        if empty:
            self._empty = pg.LabelItem(justify="center")
            layout.addItem(self._empty, row=2, col=0)
            grid.setRowStretchFactor(2, 1)
            return
        first: pg.PlotItem | None = None
        for n in range(panels):
            row = 2 + 2 * n
            # The legend has its own row above the plot, packed to the left, so it
            # never covers data.
            holder = layout.addLayout(row=row, col=0)
            holder.setContentsMargins(0, 0, 0, 0)
            legend = pg.LegendItem(frame=False, horSpacing=18, labelTextSize="9.5pt")
            holder.addItem(legend, row=0, col=0)
            holder.addItem(pg.GraphicsWidget(), row=0, col=1)
            holder.layout.setColumnStretchFactor(1, 1)
            plot = layout.addPlot(row=row + 1, col=0,
                                  axisItems={"bottom": DayMonthAxis(orientation="bottom")})
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=True, y=False)
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            if n < panels - 1:  # stacked panels share the dates of the bottom one
                plot.getAxis("bottom").setStyle(showValues=False)
            grid.setRowStretchFactor(row, 0)
            self._slots.append(_Slot(legend, plot))

    def draw(self, chart: Chart, style: ChartStyle) -> Drawn:
        """Show ``chart``; returns its items by series key and the hover targets."""
        empty = chart.empty is not None
        self._skeleton(len(chart.panels), empty)
        assert self._title is not None and self._subtitle is not None
        self._title.setText(chart.title, color=style.foreground, size="13pt", bold=True)
        self._subtitle.setText(chart.subtitle, color=style.muted, size="10pt")
        if chart.subtitle:  # no subtitle: the row folds away
            self._subtitle.setMaximumHeight(QWIDGETSIZE_MAX)
        else:
            self._subtitle.setMinimumHeight(0)
            self._subtitle.setMaximumHeight(0)
        drawn = Drawn(chart)
        self.drawn = drawn
        if empty:
            assert self._empty is not None
            self._empty.setText(chart.empty, color=style.muted, size="14pt")
            return drawn
        grid = self.layout.layout
        for n, (slot, panel) in enumerate(zip(self._slots, chart.panels, strict=True)):
            grid.setRowStretchFactor(3 + 2 * n, panel.height)
            self._panel(slot, panel, chart, style, drawn)
            drawn.plots.append(slot.plot)
        for slot in self._slots:  # stacked panels share one left edge
            slot.plot.getAxis("left").setWidth(STACKED_AXIS_WIDTH if len(self._slots) > 1
                                               else None)
        return drawn

    @staticmethod
    def _panel(slot: _Slot, panel: Panel, chart: Chart, style: ChartStyle,
               drawn: Drawn) -> None:
        plot, legend = slot.plot, slot.legend
        plot.clear()
        legend.clear()
        legend.setColumnCount(max(1, min(4, len(panel.series))))
        legend.setLabelTextColor(style.foreground)
        # No grid: pyqtgraph's translucent grid lines were most of the cost of a repaint
        # (measured: ~45% of a range switch); the hover label gives exact values.
        plot.showGrid(x=False, y=False)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(style.muted))
            axis.setTextPen(pg.mkPen(style.foreground))
            axis.setTickFont(_font(9.5))
        plot.setLabel("left", _axis_title(panel, len(chart.panels)), color=style.foreground)
        plot.getAxis("left").setStyle(showValues=bool(panel.series))  # no scale for nothing
        plot.getAxis("left").setTicks([panel.y_ticks, []] if panel.y_ticks is not None else None)

        for band in panel.bands:
            region = pg.LinearRegionItem(
                values=(band.low, band.high), orientation="horizontal", movable=False,
                brush=pg.mkBrush(_colour(style.band(band.tone), style.band_alpha)),
                pen=pg.mkPen(None))
            region.setZValue(-20)
            for line in region.lines:
                line.setPen(pg.mkPen(None))
            plot.addItem(region, ignoreBounds=True)
            marker = pg.InfiniteLine(pos=(band.low + band.high) / 2, angle=0, movable=False,
                                     pen=pg.mkPen(None), label=band.label,
                                     labelOpts={"position": 0.985, "color": style.foreground,
                                                "anchors": [(1, 0.5), (1, 0.5)]})
            marker.setZValue(-10)
            plot.addItem(marker, ignoreBounds=True)

        targets: list[Target] = []
        for series in panel.series:
            x = np.asarray(series.x, dtype=float)
            y = np.asarray(series.y, dtype=float)
            if series.kind == "bars":
                item = _bars(series, style)
                base = np.asarray(series.y0 if series.y0 is not None else np.zeros(len(x)),
                                  dtype=float)
                targets.append(Target(series, x, y, base, series.width or 0.0))
                has_data = bool(np.any(y != 0))
            else:
                item = _line(series, style)
                targets.append(Target(series, x, y))
                has_data = len(x) > 0
            plot.addItem(item)
            drawn.items[series.key] = item
            legend.addItem(item, series.label if has_data
                           else _("{series} (none here)").format(series=series.label))
            if series.kind == "step" and len(x):
                steps = _steps(series, style)
                plot.addItem(steps)
                drawn.items[f"{series.key}:steps"] = steps

        for ref in panel.hlines:
            pen = pg.mkPen(style.muted, width=1.5)
            pen.setStyle(Qt.PenStyle.DashLine if ref.dashed else Qt.PenStyle.SolidLine)
            line = pg.InfiniteLine(pos=ref.value, angle=0, movable=False, pen=pen,
                                   label=ref.label or None,
                                   labelOpts={"position": 0.02, "color": style.foreground,
                                              "anchors": [(0, 0), (0, 0)]})
            line.setZValue(20)
            plot.addItem(line, ignoreBounds=True)
            drawn.items[f"hline:{ref.label}"] = line
        for n, ref in enumerate(panel.vlines):
            pen = pg.mkPen(style.muted, width=1)
            pen.setStyle(Qt.PenStyle.DotLine)
            short = ref.label if len(ref.label) <= 28 else ref.label[:27] + "…"
            line = pg.InfiniteLine(pos=ref.value, angle=90, movable=False, pen=pen,
                                   label=short,
                                   labelOpts={"position": 0.9 - 0.12 * (n % 4),
                                              "color": style.foreground,
                                              "rotateAxis": (1, 0), "anchors": [(1, 0), (1, 0)]})
            plot.addItem(line, ignoreBounds=True)
            drawn.items[f"vline:{n}"] = line

        x0, x1 = chart.x_range
        y0, y1 = _y_bounds(panel)
        plot.setLimits(xMin=None, xMax=None, yMin=y0 - (y1 - y0), yMax=y1 + (y1 - y0))
        plot.setXRange(x0, x1, padding=0.01)
        plot.setYRange(y0, y1, padding=0)
        if panel.message:
            text = pg.TextItem(color=style.muted, anchor=(0.5, 0.5))
            text.setFont(_font(13))
            # wrapped and centred: a long message (a German one) never runs off the plot
            text.setTextWidth(MESSAGE_WIDTH_PX)
            text.textItem.document().setDefaultTextOption(
                QTextOption(Qt.AlignmentFlag.AlignHCenter))
            text.setText(panel.message)
            text.setPos((x0 + x1) / 2, (y0 + y1) / 2)
            plot.addItem(text, ignoreBounds=True)
            drawn.messages.append(text)
        drawn.targets.append(targets)


# Hover ------------------------------------------------------------------------------------


def nearest(drawn: Drawn, plot_index: int, x: float, y: float,
            px: tuple[float, float]) -> str | None:
    """The hover text of the bar under, or the point nearest to, (x, y) in ``plot``.

    ``px`` is the size of one pixel in data units (x, y); nothing further than
    ``HOVER_RADIUS_PX`` pixels counts.
    """
    if not 0 <= plot_index < len(drawn.targets):
        return None
    sx = px[0] or 1.0
    sy = px[1] or 1.0
    best: tuple[float, Target, int] | None = None
    for target in drawn.targets[plot_index]:
        if not len(target.x) or not len(target.series.hover):
            continue
        if target.y0 is not None:  # bars: distance to each rectangle, 0 inside
            half = target.width / 2
            dx = np.maximum(np.abs(target.x - x) - half, 0.0) / sx
            low = np.minimum(target.y0, target.y0 + target.y)
            high = np.maximum(target.y0, target.y0 + target.y)
            dy = np.maximum(np.maximum(low - y, y - high), 0.0) / sy
            distance = np.where(target.y != 0, np.hypot(dx, dy), np.inf)
        else:
            distance = np.hypot((target.x - x) / sx, (target.y - y) / sy)
            distance = np.where(np.isfinite(distance), distance, np.inf)
        i = int(np.argmin(distance))
        d = float(distance[i])
        if d <= HOVER_RADIUS_PX and (best is None or d < best[0]):
            best = (d, target, i)
    return best[1].series.hover[best[2]] if best else None


def hover_scene(drawn: Drawn, scene_pos: QPointF) -> str | None:
    """``nearest`` for a position in scene coordinates (from the mouse)."""
    for index, plot in enumerate(drawn.plots):
        box = plot.vb
        if not box.sceneBoundingRect().contains(scene_pos):
            continue
        point = box.mapSceneToView(scene_pos)
        size = box.viewPixelSize()
        return nearest(drawn, index, point.x(), point.y(), (size[0], size[1]))
    return None


# Export -----------------------------------------------------------------------------------


def _write(target: Path, write: Callable[[Path], bool]) -> Path:
    """Write through a temporary file beside ``target`` so a failure leaves nothing half
    written; raises OSError when the file cannot be written."""
    from hipcoach.private_files import atomic_file

    target = target.expanduser()
    # a folder or a symlink is refused; a FIFO is written into
    with atomic_file(target) as partial:
        if not write(partial):
            raise OSError(5, _("could not write the image"), str(target))
    return target


def _settle() -> None:
    """Let pending layout requests run, so the export shows the laid-out chart."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()


def export_png(layout: pg.GraphicsLayout, path: str | Path, style: ChartStyle,
               width: int | None = None) -> Path:
    """Save what ``layout`` shows as a PNG (``width`` pixels wide, default as on screen)."""
    from pyqtgraph.exporters import ImageExporter

    _settle()
    exporter = ImageExporter(layout)
    exporter.parameters()["background"] = _colour(style.background)
    if width:
        exporter.parameters()["width"] = int(width)
    image = exporter.export(toBytes=True)
    return _write(Path(path), lambda partial: bool(image.save(str(partial), "PNG")))


def export_svg(layout: pg.GraphicsLayout, path: str | Path, style: ChartStyle,
               title: str = "HipCoach chart") -> Path:
    """Save what ``layout`` shows as SVG.

    Drawn with Qt's own SVG generator: pyqtgraph 0.14's SVGExporter fails on the closed
    paths Qt 6.11 writes ("Z"; pyqtgraph issue #3495, fixed after 0.14.0).
    """
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgGenerator

    _settle()
    screen = QGuiApplication.primaryScreen()
    dpi = round(screen.logicalDotsPerInch()) if screen is not None else 96
    source = layout.sceneBoundingRect()
    width, height = max(1, round(source.width())), max(1, round(source.height()))

    def write(partial: Path) -> bool:
        generator = QSvgGenerator()
        generator.setFileName(str(partial))
        generator.setSize(QSize(width, height))
        generator.setViewBox(QRectF(0, 0, width, height))
        generator.setResolution(dpi)  # fonts in points come out as on screen
        generator.setTitle(title)
        generator.setDescription(_("Progress chart written by HipCoach"))
        painter = QPainter()
        if not painter.begin(generator):
            return False
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.fillRect(QRectF(0, 0, width, height), _colour(style.background))
            layout.scene().render(painter, QRectF(0, 0, width, height), source)
        finally:
            painter.end()
        return partial.exists() and partial.stat().st_size > 0

    return _write(Path(path), write)

"""The progress charts view: one chart at a time, picked from tabs, over a chosen range.

``ChartsView(store)`` is a plain QWidget, usable as a page of the main window or inside
a dialog. ``store`` is the window's ``StoreBridge``: the aggregation queries (one small
query per chart; nothing is loaded row by row) run as jobs on the store's worker thread
and the chart is drawn when the answer is back on the GUI thread. A plain ``Store``
(commands, tests) runs them at once on the caller's thread. It draws with pyqtgraph,
which is imported the first time there is something to draw.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from hipcoach.charts.kinds import (
    DEFAULT_RANGE,
    DEFAULT_TARGET,
    EMPTY_HISTORY,
    KIND_TITLES,
    KINDS,
    RANGE_LABELS,
    RANGES,
)
from hipcoach.format import distinct_labels
from hipcoach.i18n import N_, _
from hipcoach.ui.charts.style import ChartStyle, chart_style
from hipcoach.ui.theme import DARK, LIGHT, Colours

if TYPE_CHECKING:
    from hipcoach.app.ports import Runner

HOVER_HINT = N_("Point at the chart to see the exact values and dates.")
GROUPS = (("phase", N_("By phase")), ("exercise", N_("By exercise")))
RANGE_NAMES = {"4w": N_("show 4 weeks"), "12w": N_("show 12 weeks"), "1y": N_("show 1 year"),
               "all": N_("show all")}


def query_runner(source: Any) -> Runner:
    """Where the chart queries run: the bridge's worker, or at once over a plain Store."""
    from hipcoach.store.jobs import InPlace
    from hipcoach.store.repo import Store
    from hipcoach.ui.store_bridge import StoreBridge

    if isinstance(source, StoreBridge):
        return source
    if isinstance(source, Store):
        return InPlace(source)
    raise TypeError(f"ChartsView needs the window's StoreBridge or a Store, got {source!r}")


def palette_colours() -> Colours:
    """LIGHT or DARK, whichever matches the application's current palette."""
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return DARK if window.lightness() < 128 else LIGHT


def _limits(settings: Any) -> tuple[int, int]:
    """The pain limits of a ``Settings`` (the defaults without one)."""
    if settings is None:
        return (3, 5)
    return (settings.pain_green_max, settings.pain_amber_max)


class RoomyTabBar(QTabBar):
    """A tab bar whose tabs leave room below the text: Fusion draws the tabs that are not
    chosen a little lower and cut the descenders of g, p and y off their labels."""

    def tabSizeHint(self, index: int) -> QSize:  # noqa: N802 (Qt override)
        size = super().tabSizeHint(index)
        size.setHeight(size.height() + self.fontMetrics().descent())
        return size


class ChartsView(QWidget):
    """Charts of the training history. Emits ``chart_changed(kind)`` after each redraw."""

    chart_changed = Signal(str)

    def __init__(self, store: Any, parent: QWidget | None = None, *,
                 colours: Colours | None = None, kind: str = "volume",
                 range_key: str = DEFAULT_RANGE, target: int = DEFAULT_TARGET,
                 clock: Callable[[], datetime] | None = None, settings: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("charts_view")
        self.setWindowTitle(_("Progress charts"))
        if kind not in KINDS:
            raise ValueError(f"unknown chart {kind!r}")
        if range_key not in RANGES:
            raise ValueError(f"unknown range {range_key!r}")
        self.queries: Runner = query_runner(store)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.style: ChartStyle = chart_style(colours or palette_colours())
        from hipcoach.charts.data import Options

        self.options = Options(kind=kind, range_key=range_key, target=target,
                               pain_limits=_limits(settings))
        self.history: Any = None  # data.History
        self.chart: Any = None  # data.Chart
        self.drawn: Any = None  # render.Drawn once something is drawn
        self.graphics: Any = None  # pyqtgraph GraphicsLayoutWidget, made on first draw
        self.canvas: Any = None  # render.Canvas on self.graphics
        self._pages: dict[int, tuple[Any, Any]] = {}
        self._building = False
        self._asked = 0  # the latest chart asked of the worker; older answers are dropped
        self._build_controls()
        self.refresh()

    # Layout -----------------------------------------------------------------------------
    def _build_controls(self) -> None:
        self.tabs = RoomyTabBar()
        self.tabs.setObjectName("chart_tabs")
        self.tabs.setAccessibleName(_("chart"))
        self.tabs.setExpanding(False)
        for kind in KINDS:
            self.tabs.addTab(_(KIND_TITLES[kind]))
        self.tabs.setCurrentIndex(KINDS.index(self.options.kind))
        self.tabs.currentChanged.connect(lambda i: self.set_kind(KINDS[i]))

        self.range_group = QButtonGroup(self)
        self.range_group.setExclusive(True)
        self.range_buttons: dict[str, QPushButton] = {}
        ranges = QHBoxLayout()
        ranges.setSpacing(2)
        for key in RANGES:
            button = QPushButton(_(RANGE_LABELS[key]))
            button.setObjectName(f"range_{key}")
            button.setCheckable(True)
            button.setChecked(key == self.options.range_key)
            button.setAccessibleName(_(RANGE_NAMES[key]))
            button.clicked.connect(lambda _=False, k=key: self.set_range(k))
            self.range_group.addButton(button)
            self.range_buttons[key] = button
            ranges.addWidget(button)

        self.exercise_picker = QComboBox()
        self.exercise_picker.setObjectName("exercise_picker")
        self.exercise_picker.setAccessibleName(_("exercise"))
        self.exercise_picker.setMinimumContentsLength(18)
        self.exercise_picker.currentIndexChanged.connect(self._exercise_picked)

        self.group_picker = QComboBox()
        self.group_picker.setObjectName("group_picker")
        self.group_picker.setAccessibleName(_("group the volume by"))
        for key, label in GROUPS:
            self.group_picker.addItem(_(label), key)
        self.group_picker.currentIndexChanged.connect(
            lambda i: self.set_group(self.group_picker.itemData(i)))

        self.target_label = QLabel(_("Target per week:"))
        self.target_spin = QSpinBox()
        self.target_spin.setObjectName("target_per_week")
        self.target_spin.setAccessibleName(_("target sessions per week"))
        self.target_spin.setRange(1, 14)
        self.target_spin.setValue(self.options.target)
        self.target_spin.valueChanged.connect(self.set_target)

        self.png_button = QPushButton(_("Save PNG…"))
        self.png_button.setObjectName("export_png")
        self.png_button.clicked.connect(lambda: self._ask_export("png"))
        self.svg_button = QPushButton(_("Save SVG…"))
        self.svg_button.setObjectName("export_svg")
        self.svg_button.clicked.connect(lambda: self._ask_export("svg"))

        controls = QHBoxLayout()
        controls.addLayout(ranges)
        controls.addSpacing(12)
        controls.addWidget(QLabel(_("Exercise:")))
        controls.addWidget(self.exercise_picker)
        controls.addWidget(self.group_picker)
        controls.addWidget(self.target_label)
        controls.addWidget(self.target_spin)
        controls.addStretch(1)
        controls.addWidget(self.png_button)
        controls.addWidget(self.svg_button)

        self.empty_label = QLabel(_(EMPTY_HISTORY))
        self.empty_label.setObjectName("charts_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        font = QFont(self.empty_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.empty_label.setFont(font)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)

        self.hover_label = QLabel(_(HOVER_HINT))
        self.hover_label.setObjectName("chart_hover")
        self.hover_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hover_label.setWordWrap(True)
        self.hover_label.setMinimumHeight(self.hover_label.fontMetrics().height() * 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(controls)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hover_label)

    def _ensure_graphics(self, panels: int = 1) -> Any:
        """The canvas page for charts of ``panels`` panels (one page per count, kept, so
        going between one-panel and two-panel charts never rebuilds the plots)."""
        page = self._pages.get(panels)
        if page is None:
            import pyqtgraph as pg

            from hipcoach.ui.charts.render import Canvas

            graphics = pg.GraphicsLayoutWidget()
            graphics.setObjectName("chart_canvas")
            graphics.setAccessibleName(_("chart"))
            graphics.scene().sigMouseMoved.connect(self._mouse_moved)
            self.stack.addWidget(graphics)
            page = self._pages[panels] = (graphics, Canvas(graphics.ci))
        self.graphics, self.canvas = page
        return self.graphics

    # Public API ----------------------------------------------------------------------
    @property
    def is_empty(self) -> bool:
        return self.history is None or self.history.span is None

    @property
    def items(self) -> dict[str, Any]:
        """The pyqtgraph items on screen by series key (e.g. "loaded", "during", "left")."""
        return dict(self.drawn.items) if self.drawn is not None else {}

    @property
    def plots(self) -> list[Any]:
        return list(self.drawn.plots) if self.drawn is not None else []

    def refresh(self) -> None:
        """Re-read the history (after a session was logged or deleted) and redraw."""
        from hipcoach.charts.data import History

        self.queries.submit(lambda store: History.load(store.engine), self._history_read,
                            label="chart history")

    def _history_read(self, history: Any) -> None:
        self.history = history
        self._fill_exercises()
        self._redraw()

    def set_settings(self, settings: Any) -> None:
        """The user's settings changed: the pain bands follow the coach's limits."""
        self._update(pain_limits=_limits(settings))

    def set_colours(self, colours: Colours) -> None:
        """Follow the app's light/dark theme."""
        self.style = chart_style(colours)
        self._redraw()

    def set_kind(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown chart {kind!r}")
        self._update(kind=kind)
        if self.tabs.currentIndex() != KINDS.index(kind):
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(KINDS.index(kind))
            self.tabs.blockSignals(False)

    def set_range(self, range_key: str) -> None:
        if range_key not in RANGES:
            raise ValueError(f"unknown range {range_key!r}")
        button = self.range_buttons[range_key]
        if not button.isChecked():
            button.setChecked(True)
        self._update(range_key=range_key)

    def set_exercise(self, exercise: str | None) -> None:
        """Show one exercise (its id), or all of them with None."""
        index = self.exercise_picker.findData(exercise)
        if index < 0:
            raise ValueError(f"no sets of {exercise!r} are logged")
        if index != self.exercise_picker.currentIndex():
            self.exercise_picker.setCurrentIndex(index)  # calls back into _update
        else:
            self._update(exercise=exercise)

    def set_group(self, group: str) -> None:
        if group not in ("phase", "exercise"):
            raise ValueError(f"group by phase or exercise, not {group!r}")
        index = self.group_picker.findData(group)
        if index != self.group_picker.currentIndex():
            self.group_picker.setCurrentIndex(index)
        else:
            self._update(group=group)

    def set_target(self, target: int) -> None:
        if self.target_spin.value() != target:
            self.target_spin.setValue(target)  # calls back here
            return
        self._update(target=int(target))

    def hover_at(self, plot_index: int, x: float, y: float) -> str | None:
        """Show (and return) the hover text for the data point nearest (x, y)."""
        if self.drawn is None or not 0 <= plot_index < len(self.drawn.plots):
            return None
        from hipcoach.ui.charts.render import nearest

        size = self.drawn.plots[plot_index].vb.viewPixelSize()
        text = nearest(self.drawn, plot_index, x, y, (size[0], size[1]))
        self.hover_label.setText(text or _(HOVER_HINT))
        return text

    def export(self, path: str | Path, fmt: str | None = None) -> Path:
        """Save the chart on screen as PNG or SVG (from ``fmt`` or the file's suffix)."""
        target = Path(path)
        fmt = (fmt or target.suffix.lstrip(".") or "png").lower()
        if fmt not in ("png", "svg"):
            raise ValueError(f"save as png or svg, not {fmt!r}")
        from hipcoach.ui.charts import render

        graphics = self._ensure_graphics()
        if self.drawn is None and self.chart is not None:  # no history: the empty state
            self.canvas.draw(self.chart, self.style)
        title = self.chart.title if self.chart else _("HipCoach chart")
        if fmt == "svg":
            return render.export_svg(graphics.ci, target, self.style, title)
        return render.export_png(graphics.ci, target, self.style)

    # Internals -------------------------------------------------------------------------
    def _fill_exercises(self) -> None:
        picker = self.exercise_picker
        current = self.options.exercise
        picker.blockSignals(True)
        picker.clear()
        picker.addItem(_("All exercises"), None)
        exercises = self.history.exercises if self.history else []
        labels = dict(zip((e.id for e in exercises),
                          distinct_labels([(e.id, e.name) for e in exercises]), strict=True))
        for info in sorted(exercises, key=lambda e: (labels[e.id].lower(), e.id)):
            picker.addItem(labels[info.id], info.id)
        index = picker.findData(current)
        picker.setCurrentIndex(max(0, index))
        picker.blockSignals(False)
        if index < 0:
            self.options = _replace(self.options, exercise=None)

    def _exercise_picked(self, index: int) -> None:
        self._update(exercise=self.exercise_picker.itemData(index))

    def _update(self, **changes: Any) -> None:
        options = _replace(self.options, **changes)
        if options == self.options and self.chart is not None:
            return
        self.options = options
        self._redraw()

    def _sync_controls(self) -> None:
        kind = self.options.kind
        empty = self.is_empty
        for widget in (self.tabs, self.exercise_picker, self.group_picker, self.target_spin,
                       *self.range_buttons.values(), self.png_button, self.svg_button):
            widget.setEnabled(not empty)
        self.group_picker.setVisible(kind in ("volume", "tut") and self.options.exercise is None)
        self.target_label.setVisible(kind == "adherence")
        self.target_spin.setVisible(kind == "adherence")
        self.exercise_picker.setEnabled(not empty and kind not in ("adherence", "retest"))

    def _redraw(self) -> None:
        """Ask the worker for the chart of the current options; it is shown when back."""
        if self._building:
            return
        from hipcoach.charts.data import build_chart

        self._asked += 1
        asked, options, now, history = self._asked, self.options, self.clock(), self.history
        self.queries.submit(
            lambda store: build_chart(store.engine, options, now=now, history=history),
            lambda chart: self._show(asked, chart), label="chart")

    def _show(self, asked: int, chart: Any) -> None:
        if asked != self._asked:  # the options changed while it was being built
            return
        self._building = True
        try:
            self.chart = chart
            self._sync_controls()
            self.hover_label.setText(_(HOVER_HINT))
            if self.chart.empty:
                self.drawn = None
                self.empty_label.setText(self.chart.empty)
                self.stack.setCurrentWidget(self.empty_label)
                self.hover_label.setText("")
            else:
                graphics = self._ensure_graphics(max(1, len(self.chart.panels)))
                self.drawn = self.canvas.draw(self.chart, self.style)
                graphics.setBackground(self.style.background)
                self.stack.setCurrentWidget(graphics)
        finally:
            self._building = False
        self.chart_changed.emit(self.options.kind)

    def _mouse_moved(self, pos: QPointF) -> None:
        if self.drawn is None:
            return
        from hipcoach.ui.charts.render import hover_scene

        text = hover_scene(self.drawn, pos)
        self.hover_label.setText(text or _(HOVER_HINT))

    def _ask_export(self, fmt: str) -> None:
        kind = self.options.kind
        suggested = f"hipcoach-{kind}-{self.options.range_key}.{fmt}"
        name = _("PNG image (*.png)") if fmt == "png" else _("SVG drawing (*.svg)")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save chart"), suggested, name)
        if not path:
            return
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        try:
            self.export(path, fmt)
        except OSError as exc:
            QMessageBox.warning(self, _("Chart not saved"),
                                _("Could not save {file}: {reason}").format(
                                    file=path, reason=exc.strerror or exc))


def _replace(options: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(options, **changes)

"""The charts view on a small known history: the plotted arrays hold exactly the
aggregates, ranges and the exercise picker change them, odd histories still draw."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from chart_history import NOW, W_APR, W_JAN, W_JUN, W_MAY, bridge, log_session, noon
from PySide6.QtCore import QPointF

from hipcoach.charts.data import BAR_FRACTION, EMPTY_HISTORY, KINDS, NO_RETESTS, WEEK_S
from hipcoach.store.aggregates import week_epoch
from hipcoach.ui.charts import ChartsView
from hipcoach.ui.theme import DARK


def centre(monday: date) -> float:
    return week_epoch(monday) + WEEK_S / 2


def weeks_back(count: int, last: date = W_JUN) -> list[date]:
    return [last - timedelta(weeks=count - 1 - i) for i in range(count)]


def bar_heights(item) -> list[float]:
    return list(np.asarray(item.opts["height"], dtype=float))


def line_data(item) -> tuple[list[float], list[float]]:
    x, y = item.getData()
    return ([] if x is None else list(x)), ([] if y is None else list(y))


@pytest.fixture
def make_view(qtbot):
    def make(source, **kwargs) -> ChartsView:
        view = ChartsView(source, clock=lambda: NOW, colours=kwargs.pop("colours", None),
                          **kwargs)
        qtbot.addWidget(view)
        view.resize(1000, 700)
        view.show()
        return view

    return make


def test_weekly_volume_bars_hold_the_weekly_sums(history, make_view):
    view = make_view(history)  # Store in: the view finds its engine
    weeks = weeks_back(12)
    assert view.chart.kind == "volume"
    items = view.items
    assert set(items) == {"activation", "loaded"}
    activation, loaded = items["activation"], items["loaded"]
    assert list(activation.opts["x"]) == [centre(w) for w in weeks]
    assert activation.opts["width"] == WEEK_S * BAR_FRACTION
    expected_activation = [0.0] * 12
    expected_activation[weeks.index(W_MAY)] = 14.0  # 6 left + 8 right
    expected_activation[weeks.index(W_JUN)] = 21.0  # 5 squeeze holds + 8 + 8
    expected_loaded = [0.0] * 12
    expected_loaded[weeks.index(W_APR)] = 8.0
    expected_loaded[weeks.index(W_MAY)] = 18.0  # 10 + 8
    expected_loaded[weeks.index(W_JUN)] = 12.0
    assert bar_heights(activation) == expected_activation
    assert bar_heights(loaded) == expected_loaded
    # Stacked: the loaded bars start on top of the activation bars.
    assert list(loaded.opts["y0"]) == expected_activation


def test_time_under_tension_in_minutes(history, make_view):
    view = make_view(history, kind="tut")
    weeks = weeks_back(12)
    loaded = bar_heights(view.items["loaded"])
    assert loaded[weeks.index(W_MAY)] == pytest.approx(72 / 60)
    assert loaded[weeks.index(W_JUN)] == pytest.approx(48 / 60)
    activation = bar_heights(view.items["activation"])
    assert activation[weeks.index(W_JUN)] == pytest.approx((50 + 32 + 32) / 60)


def test_range_buttons_change_the_data(history, make_view, qtbot):
    view = make_view(history)
    totals = {}
    spans = {}
    for key in ("4w", "12w", "1y", "all"):
        view.range_buttons[key].click()
        assert view.options.range_key == key
        totals[key] = sum(bar_heights(view.items["loaded"]))
        spans[key] = len(view.items["loaded"].opts["x"])
    assert totals == {"4w": 30.0, "12w": 38.0, "1y": 44.0, "all": 44.0}
    assert spans["4w"] == 4 and spans["12w"] == 12 and spans["1y"] == 52
    assert spans["all"] == len(weeks_back((W_JUN - W_JAN).days // 7 + 1))
    assert "warmup" in view.items  # January's warm-up only shows in the long ranges


def test_exercise_picker_and_grouping(history, make_view):
    view = make_view(history)
    picker = view.exercise_picker
    listed = {picker.itemData(i): picker.itemText(i) for i in range(picker.count())}
    # An exercise no longer in any programme is still listed, under its newest name.
    assert listed == {None: "All exercises", "bridge": "Glute bridge",
                      "old-drill": "Old drill", "slb": "Single-leg bridge",
                      "squeeze": "Glute squeeze"}
    picker.setCurrentIndex(picker.findData("slb"))
    assert view.options.exercise == "slb"
    assert set(view.items) == {"slb"}
    heights = bar_heights(view.items["slb"])
    assert sum(heights) == 30.0
    view.set_exercise(None)
    view.set_group("exercise")
    view.set_range("all")
    assert {"bridge", "old-drill", "slb", "squeeze"} == set(view.items)
    assert sum(bar_heights(view.items["old-drill"])) == 10.0


def test_pain_lines_per_session_over_the_bands(history, make_view):
    view = make_view(history, kind="pain")
    during_x, during_y = line_data(view.items["during"])
    assert during_x == [noon(d).timestamp() for d in (date(2024, 4, 17), date(2024, 5, 29),
                                                      date(2024, 6, 12))]
    assert during_y == [3.0, 3.0, 1.0]  # the highest set pain of each session
    after_x, after_y = line_data(view.items["after"])
    assert after_y == [2.0, 2.0, 1.0]
    assert after_x[0] == (noon(date(2024, 4, 17)) + timedelta(minutes=40)).timestamp()
    morning_x, morning_y = line_data(view.items["morning"])
    assert morning_y == [1.0]
    assert morning_x == [noon(date(2024, 5, 30), 7).timestamp()]
    bands = [b for b in view.chart.panels[0].bands]
    assert [(b.low, b.high, b.tone) for b in bands] == [
        (-0.5, 3.5, "green"), (3.5, 5.5, "amber"), (5.5, 10.5, "red")]
    assert all(b.label for b in bands)  # named, not colour alone


def test_gaps_of_months_break_the_lines(history, make_view):
    view = make_view(history, kind="pain", range_key="all")
    during = view.chart.series()["during"]
    assert during.y == [5.0, 3.0, 3.0, 1.0]
    # January to April and April to May are more than four weeks apart: no line there.
    assert during.connect == [False, False, True, False]
    assert list(view.items["during"].opts["connect"]) == during.connect


def test_long_ranges_show_pain_and_effort_per_week(history, make_view, qtbot):
    later = datetime(2025, 12, 3, 12, tzinfo=UTC)
    view = ChartsView(history, clock=lambda: later, kind="pain", range_key="all")
    qtbot.addWidget(view)
    during = view.chart.series()["during"]
    assert "weekly highest" in during.label
    assert during.x == [centre(w) for w in (W_JAN, W_APR, W_MAY, W_JUN)]
    assert during.y == [5.0, 3.0, 3.0, 1.0]
    view.set_kind("effort")
    assert view.chart.series()["max_rpe"].y == [9.0, 8.0, 8.0, 6.0]


def test_load_chart_marks_load_and_variant_changes(history, make_view):
    view = make_view(history, kind="load", range_key="all")
    # "All exercises": a panel for every exercise (not silently one), the most loaded first.
    assert view.chart.exercise is None
    assert len(view.chart.panels) == min(4, len(view.history.exercises)) > 1
    assert view.chart.panels[0].series[0].label.startswith("Glute bridge")
    assert "every exercise" in view.chart.title
    x, y = line_data(view.items["load"])
    assert y == [15.0, 17.5, 20.0, 22.5]
    assert x == [noon(d).timestamp() for d in (date(2024, 1, 3), date(2024, 4, 17),
                                               date(2024, 5, 29), date(2024, 6, 12))]
    changes_x, changes_y = line_data(view.items["load_changes"])
    assert changes_y == [17.5, 20.0, 22.5]
    variants = [ref for ref in view.chart.panels[0].vlines]
    assert [ref.value for ref in variants] == [x[1], x[3]]
    assert "Glute bridge" in variants[0].label and "tempo" in variants[0].label
    assert "3-0-3-0" in variants[1].label
    view.set_exercise("old-drill")  # a deleted exercise, bodyweight: best reps instead
    assert view.chart.exercise == "old-drill"
    assert line_data(view.items["load"])[1] == [10.0]


def test_effort_per_session(history, make_view):
    view = make_view(history, kind="effort")
    x, y = line_data(view.items["mean_rpe"])
    assert y == [8.0, 7.5, 6.0]
    assert line_data(view.items["max_rpe"])[1] == [8.0, 8.0, 6.0]
    view.set_exercise("bridge")
    assert line_data(view.items["mean_rpe"])[1] == [8.0, 7.5, 6.0]
    view.set_exercise("slb")  # no RPE logged for it
    assert line_data(view.items["mean_rpe"])[1] == []
    assert view.chart.panels[0].message


def test_adherence_against_the_target_and_streak(history, make_view):
    view = make_view(history, kind="adherence")
    weeks = weeks_back(12)
    counts = [0.0] * 12
    counts[weeks.index(W_APR)] = 1.0
    counts[weeks.index(W_MAY)] = 1.0
    counts[weeks.index(W_JUN)] = 2.0
    bars = view.items["sessions"]
    assert bar_heights(bars) == counts
    assert view.chart.panels[0].hlines[0].value == 3.0  # the default target, drawn
    assert "Current streak: 0 weeks" in view.chart.subtitle
    view.set_target(1)
    assert view.target_spin.value() == 1
    assert "Current streak: 1 week " in view.chart.subtitle
    assert view.chart.series()["sessions"].faded == [c < 1 for c in counts]


def test_symmetry_per_side_and_index(history, make_view):
    view = make_view(history, kind="symmetry")
    assert view.chart.exercise == "slb"
    assert len(view.plots) == 2
    assert line_data(view.items["left"]) == ([centre(W_MAY), centre(W_JUN)], [6.0, 8.0])
    assert line_data(view.items["right"])[1] == [8.0, 8.0]
    assert line_data(view.items["symmetry"])[1] == [75.0, 100.0]
    # Two weeks apart: not joined.
    assert view.chart.series()["left"].connect == [False, False]
    view.set_exercise("bridge")  # not one-sided: falls back, says so
    assert view.chart.exercise == "slb"
    assert "not logged per side" in view.chart.subtitle


def test_retests_empty_state_and_hook(history, make_view):
    view = make_view(history, kind="retest")
    assert view.chart.panels[0].message == NO_RETESTS
    assert view.drawn.messages and view.drawn.messages[0].toPlainText() == NO_RETESTS


def test_hover_shows_exact_values_and_dates(history, make_view, qtbot):
    view = make_view(history)
    qtbot.waitExposed(view)
    text = view.hover_at(0, centre(W_MAY), 10.0)
    assert text == ("week of 27 May 2024 — Activation: 14 reps in 2 sets "
                    "(week total 32 reps)")
    assert view.hover_label.text() == text
    plot = view.plots[0]
    scene_pos = plot.vb.mapViewToScene(QPointF(centre(W_JUN), 25.0))
    view.graphics.scene().sigMouseMoved.emit(scene_pos)
    assert view.hover_label.text() == ("week of 10 Jun 2024 (so far: 5 of 7 days) — Loaded: 12 reps in "
                                       "1 set (week total 33 reps)")
    view.set_kind("pain")
    text = view.hover_at(0, noon(date(2024, 5, 29)).timestamp(), 3.0)
    assert text == "Wed 29 May 2024 — highest pain during a session: 3/10"


def test_empty_history_shows_the_empty_state(db, make_view, tmp_path):
    view = make_view(db.store())
    assert view.is_empty
    assert view.stack.currentWidget() is view.empty_label
    assert view.empty_label.text() == EMPTY_HISTORY
    assert not view.range_buttons["all"].isEnabled()
    assert view.items == {}
    for kind in KINDS:
        view.set_kind(kind)
        assert view.chart.empty == EMPTY_HISTORY
    saved = view.export(tmp_path / "empty.png")
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_nothing_in_range_says_so(history, make_view, qtbot):
    later = datetime(2025, 3, 5, 12, tzinfo=UTC)
    view = ChartsView(history, clock=lambda: later, range_key="4w")
    qtbot.addWidget(view)
    assert view.chart.panels[0].message == "Nothing logged in this range"
    assert view.items == {}
    assert view.drawn.messages[0].toPlainText() == "Nothing logged in this range"


def test_one_session_only_draws_every_chart(store, make_view):
    log_session(store, date(2024, 6, 12), [bridge(12, 48.0, pain=2, rpe=7),
                                           {"exercise": "slb", "side": "left", "reps": 5},
                                           {"exercise": "slb", "side": "right", "reps": 7}],
                after=1, morning=2)
    view = make_view(store)
    for kind in KINDS:
        view.set_kind(kind)
        for key in ("4w", "all"):
            view.set_range(key)
            assert view.chart.empty is None
    view.set_kind("pain")
    assert line_data(view.items["during"]) == ([noon(date(2024, 6, 12)).timestamp()], [2.0])
    view.set_kind("symmetry")
    assert line_data(view.items["symmetry"])[1] == [pytest.approx(500 / 7, abs=0.01)]


def test_refresh_picks_up_new_sessions(store, make_view):
    view = make_view(store)
    assert view.is_empty
    log_session(store, date(2024, 6, 12), [bridge(12, 48.0)])
    view.refresh()
    assert not view.is_empty
    assert sum(bar_heights(view.items["loaded"])) == 12.0


def test_dark_palette_and_export(history, make_view, tmp_path):
    view = make_view(history, colours=DARK)
    assert view.style.dark
    view.set_colours(DARK)
    png = view.export(tmp_path / "chart.png")
    svg = view.export(tmp_path / "chart.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Reps per week" in text
    with pytest.raises(ValueError):
        view.export(tmp_path / "chart.gif")


def test_bad_arguments(history, make_view):
    with pytest.raises(TypeError):
        ChartsView(object())
    view = make_view(history)
    with pytest.raises(ValueError):
        view.set_range("2w")
    with pytest.raises(ValueError):
        view.set_kind("bmi")
    with pytest.raises(ValueError):
        view.set_exercise("no-such-exercise")


def test_importing_the_view_stays_light():
    """The main window can import ChartsView up front: no pyqtgraph, numpy or ORM yet."""
    import subprocess
    import sys

    code = ("import sys\nfrom hipcoach.ui.charts import ChartsView\n"
            "print(sorted(m for m in ('pyqtgraph', 'numpy', 'sqlalchemy', 'sqlalchemy.orm') "
            "if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_retests_draw_one_panel_per_test_with_their_norm_bands(history, make_view):
    from hipcoach.domain.assessments import AssessmentResult
    from hipcoach.store.assessments import AssessmentStore

    taken = NOW - timedelta(days=10)
    AssessmentStore(history.engine).save([
        AssessmentResult("slb_hold", "left", value=18.0),
        AssessmentResult("slb_hold", "right", value=33.0),
        AssessmentResult("pain_walking", None, value=2.0),
    ], taken_at=taken)
    view = make_view(history, kind="retest", range_key="all")
    panels = {panel.y_label: panel for panel in view.chart.panels}
    bridge = panels["Single-leg bridge hold (s)"]
    assert sorted(s.y[0] for s in bridge.series) == [18.0, 33.0]
    assert [band.label for band in bridge.bands][:1] == ["sub-optimal"]
    assert bridge.bands[0].tone == "amber" and bridge.bands[0].high == 20
    assert "not validated" in view.chart.subtitle
    assert len(view.chart.panels) == 2


def test_in_the_window_the_chart_queries_run_on_the_store_worker(qtbot, history, db,
                                                                  monkeypatch):
    """Given the window's StoreBridge, the view reads on the worker thread, never on the
    GUI thread, and draws only the answer to the newest question."""
    import threading

    from hipcoach.charts import data
    from hipcoach.ui.store_bridge import StoreBridge

    threads: list[str] = []
    real = data.build_chart

    def recording(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(data, "build_chart", recording)
    bridge = StoreBridge(db.data_dir)
    try:
        view = ChartsView(bridge, clock=lambda: NOW)
        qtbot.addWidget(view)
        assert view.chart is None  # nothing was read on the GUI thread
        qtbot.waitUntil(lambda: view.chart is not None, timeout=10_000)
        assert view.chart.kind == "volume"
        assert set(view.items) == {"activation", "loaded"}
        shown: list[str] = []
        view.chart_changed.connect(shown.append)
        view.set_kind("pain")
        view.set_kind("load")  # asked before the "pain" answer is back: that one is dropped
        assert bridge.worker is not None and bridge.worker.flush()
        qtbot.waitUntil(lambda: shown == ["load"], timeout=10_000)
        assert view.chart.kind == "load"
        assert threads and set(threads) == {"hipcoach-store"}
        assert threading.main_thread().name not in threads
    finally:
        bridge.close()


def test_stacked_panels_leave_out_an_axis_title_their_legend_already_gives(history,
                                                                          make_view):
    """Turned on its side, "best set (reps)" is taller than a quarter of the chart and ran
    into the next panel's title: with several panels the legend says it once; a single
    panel keeps its axis title."""
    view = make_view(history, kind="load", range_key="all")
    assert len(view.chart.panels) > 1
    for plot, panel in zip(view.drawn.plots, view.chart.panels, strict=True):
        assert panel.y_label in panel.series[0].label
        assert plot.getAxis("left").labelText == ""
    view.set_exercise("bridge")
    (plot,) = view.drawn.plots
    assert plot.getAxis("left").labelText == view.chart.panels[0].y_label != ""


def test_a_long_panel_message_wraps_inside_its_plot(history, make_view, qtbot):
    """The goals chart's empty message is one long sentence (longer still in German): it
    wraps, centred, inside the plot instead of running off both edges."""
    view = make_view(history, kind="goals")
    qtbot.waitExposed(view)
    (message,) = view.drawn.messages
    assert len(message.toPlainText()) > 80
    text = message.textItem
    lines = text.document().documentLayout().documentSize().height() / text.document(
        ).defaultFont().pointSizeF()
    assert lines > 2  # wrapped, not one line
    assert text.boundingRect().width() <= view.plots[0].vb.sceneBoundingRect().width()

"""Chart data a clinician can read: one pen per phase and exercise whatever the range,
the week still going marked partial, function goals charted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chart_history import NOW, W_JUN

from hipcoach.charts.data import Options, build_chart
from hipcoach.domain.function_goals import GoalRating
from hipcoach.store.function_goals import GoalStore


def _styles(store, kind: str, range_key: str, **more) -> dict[str, int]:
    chart = build_chart(store.engine, Options(kind=kind, range_key=range_key, **more), now=NOW)
    return {s.key: s.style for s in chart.series().values()}


def test_the_same_phase_and_exercise_keep_their_pen_on_every_range(history):
    for group in ("phase", "exercise"):
        seen: dict[str, set[int]] = {}
        for range_key in ("4w", "12w", "1y", "all"):
            for kind in ("volume", "tut"):
                for key, style in _styles(history, kind, range_key, group=group).items():
                    seen.setdefault(key, set()).add(style)
        assert seen and all(len(styles) == 1 for styles in seen.values()), seen
    # The 4-week view has fewer phases than "all": the ones it has keep their pens.
    short, full = _styles(history, "volume", "4w"), _styles(history, "volume", "all")
    assert set(short) <= set(full)
    assert all(full[k] == v for k, v in short.items())
    # An exercise's pen on the load chart is its pen on the volume chart.
    by_exercise = _styles(history, "volume", "all", group="exercise")
    load = build_chart(history.engine, Options(kind="load", range_key="all",
                                               exercise="bridge"), now=NOW)
    assert load.series()["load"].style == by_exercise["bridge"]


def test_the_week_still_going_is_drawn_partial(history):
    chart = build_chart(history.engine, Options(kind="adherence", range_key="12w"), now=NOW)
    bars = chart.series()["sessions"]
    assert bars.partial is not None and bars.partial[-1] is True and not any(bars.partial[:-1])
    assert "still going: 5 of 7 days" in bars.hover[-1]  # Friday 14 Jun 2024
    volume = build_chart(history.engine, Options(kind="volume", range_key="4w"), now=NOW)
    for series in volume.series().values():
        assert series.partial is not None and series.partial[-1]
        assert "so far: 5 of 7 days" in series.hover[-1]
    # A week later the same week is whole.
    later = build_chart(history.engine, Options(kind="adherence", range_key="12w"),
                        now=NOW + timedelta(days=7))
    weeks = later.series()["sessions"]
    assert weeks.partial[-2] is False and weeks.partial[-1] is True
    assert W_JUN.weekday() == 0


def test_function_goals_chart(history):
    goals = GoalStore(history.engine)
    first = datetime(2024, 5, 1, 9, tzinfo=UTC)
    goals.save([GoalRating("Walk the dog for 30 min", 3, first, "intake", 1),
                GoalRating("Garden for an hour", 4, first, "intake", 2)])
    goals.save([GoalRating("Walk the dog for 30 min", 7, first + timedelta(weeks=3), "retest", 1),
                GoalRating("Garden for an hour", 5, first + timedelta(weeks=3), "retest", 2)])
    chart = build_chart(history.engine, Options(kind="goals", range_key="12w"), now=NOW)
    series = chart.series()
    assert series["goal:average"].y == [3.5, 6.0]
    assert series["goal:0"].label == "Walk the dog for 30 min" and series["goal:0"].y == [3, 7]
    assert chart.panels[0].bands[0].low == 1.5  # the first average less the 2-point MDC
    empty = build_chart(history.engine, Options(kind="goals", range_key="4w"),
                        now=NOW + timedelta(weeks=30))
    assert empty.panels[0].message and "No function goals" in empty.panels[0].message

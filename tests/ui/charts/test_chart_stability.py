"""Charts a clinician can read on screen: each pen a distinct colour of the same hue in
either palette, dates that cannot be misread (the chart data: tests/charts)."""

from __future__ import annotations

from datetime import datetime

from hipcoach.charts.data import series_style
from hipcoach.ui.charts.style import chart_style
from hipcoach.ui.theme import DARK, LIGHT


def test_both_palettes_give_each_pen_a_distinct_colour_of_the_same_hue():
    from hipcoach.ui.charts.style import OKABE_ITO

    names = {v: k for k, v in OKABE_ITO.items()}
    family = {"blue": "blue", "sky_blue": "blue"}
    hues = []
    for colours in (LIGHT, DARK):
        style = chart_style(colours)
        pens = [style.colour(i) for i in range(8)]
        assert len(set(pens)) == 8
        hues.append([family.get(names.get(p, "text"), names.get(p, "text")) for p in pens])
    assert hues[0] == hues[1]  # pen i is the same hue in the light and the dark palette
    assert series_style("not-a-phase-or-exercise", []) == 7


def test_date_axis_labels_carry_day_month_and_the_year_where_it_changes(qapp):
    from hipcoach.ui.charts.render import date_labels

    def at(y, m, d):
        return datetime(y, m, d, 12).timestamp()

    days = date_labels([at(2025, 12, 22), at(2025, 12, 29), at(2026, 1, 5)], 7 * 86400)
    assert days == ["22 Dec 2025", "29 Dec", "5 Jan 2026"]
    months = date_labels([at(2025, 11, 1), at(2025, 12, 1), at(2026, 1, 1)], 31 * 86400)
    assert months == ["Nov 2025", "Dec", "Jan 2026"]



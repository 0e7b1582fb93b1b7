"""The one formatting module: each kind of value has one output, in English and German
(German by hand, not from an installed OS locale)."""

from __future__ import annotations

import locale
from datetime import date, datetime

import pytest

from hipcoach import format as fmt
from hipcoach import i18n
from hipcoach.domain.entries import Load


@pytest.fixture
def german():
    i18n.use("de")
    yield
    i18n.use("en")


DAY = date(2026, 12, 2)  # a Wednesday
MARCH = date(2025, 3, 4)  # a Tuesday


def test_durations_in_english():
    assert fmt.clock_text(75) == "1:15" and fmt.clock_text(3725) == "1:02:05"
    assert fmt.duration_text(42) == "42 s"
    assert fmt.duration_text(245) == "4 min 05 s"
    assert fmt.duration_text(3725) == "1 h 02 min"
    assert fmt.duration_text(None) == "—"
    assert fmt.about_minutes_text(2520) == "about 42 min"
    assert fmt.about_minutes_text(5) == "about 1 min"
    assert fmt.sets_text(11, 14, 2) == "11 of 14 sets, 2 skipped"
    assert fmt.sets_text(1, 1) == "1 of 1 set" and fmt.sets_text(5, 0) == "5 sets"


def test_durations_in_german(german):
    assert fmt.about_minutes_text(2520) == "etwa 42 min"
    assert fmt.duration_text(245) == "4 min 05 s"
    assert fmt.sets_text(11, 14, 2) == "11 von 14 Sätzen, 2 übersprungen"
    assert fmt.sets_text(1, 0) == "1 Satz"


def test_dates_in_english():
    assert fmt.day_text(DAY) == "2 Dec 2026"
    assert fmt.short_day(MARCH) == "4 Mar"  # never zero-padded
    assert fmt.weekday_text(DAY) == "Wed 2 Dec 2026"
    assert fmt.weekday_text(DAY, year=False) == "Wed 2 Dec"
    assert fmt.week_text(date(2026, 11, 30)) == "week of 30 Nov 2026"
    assert fmt.period_text(MARCH, DAY) == "4 Mar 2025 – 2 Dec 2026"
    moment = datetime(2026, 12, 2, 18, 5).astimezone()
    assert fmt.when_text(moment) == "Wed 2 Dec 2026, 18:05"
    assert fmt.when_text(moment, year=False) == "Wed 2 Dec, 18:05"


def test_dates_in_german(german):
    assert fmt.day_text(DAY) == "2. Dez. 2026"
    assert fmt.short_day(MARCH) == "4. März"
    assert fmt.weekday_text(DAY) == "Mi., 2. Dez. 2026"
    assert fmt.weekday_text(DAY, year=False) == "Mi., 2. Dez."
    assert fmt.month_text(date(2026, 5, 1)) == "Mai"
    assert fmt.week_text(date(2026, 11, 30)) == "Woche vom 30. Nov. 2026"
    moment = datetime(2026, 12, 2, 18, 5).astimezone()
    assert fmt.when_text(moment) == "Mi., 2. Dez. 2026, 18:05"


def test_german_does_not_depend_on_the_os_locale(german):
    before = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, "C")
        assert fmt.weekday_text(DAY) == "Mi., 2. Dez. 2026"
        assert fmt.number_text(2.5) == "2,5"
    finally:
        locale.setlocale(locale.LC_ALL, before)


def test_numbers_and_loads_in_english():
    assert fmt.number_text(20.0) == "20" and fmt.number_text(1.25) == "1.25"
    assert fmt.number_text(10 / 3, places=1) == "3.3"
    assert fmt.load_text(Load()) == "bodyweight"
    assert fmt.load_text(Load("kg", value=22.5)) == "22.5 kg"
    assert fmt.load_text(Load("lb", value=15.0)) == "15 lb"
    assert fmt.load_text(Load("band", colour="red")) == "red band"
    assert fmt.load_text(Load("band", colour="teal")) == "teal band"
    # the programme's syntax reads the same as the logged load
    assert fmt.load_text("band:red") == "red band"
    assert fmt.load_text("8.5kg") == "8.5 kg"
    assert fmt.load_text("bodyweight") == "bodyweight"


def test_numbers_and_loads_in_german(german):
    assert fmt.number_text(2.5) == "2,5" and fmt.number_text(3.0) == "3"
    assert fmt.number_text(10 / 3, places=1) == "3,3"
    assert fmt.load_text(Load("kg", value=2.5)) == "2,5 kg"
    assert fmt.load_text("8.5kg") == "8,5 kg"
    assert fmt.load_text(Load()) == "Körpergewicht"
    assert fmt.load_text(Load("band", colour="red")) == "rotes Band"
    assert fmt.load_text(Load("band", colour="teal")) == "Band „teal“"


def test_two_exercises_sharing_a_name_are_told_apart():
    labels = fmt.distinct_labels([("b", "Bridge"), ("a", "Bridge"), ("c", None)])
    assert labels == ["Bridge (variant 2)", "Bridge (variant 1)", "C"]


def test_numbers_fixed_signed_and_computed():
    assert fmt.number_text(3.0, 1, fixed=True) == "3.0"
    assert fmt.number_text(1.5, sign=True) == "+1.5" and fmt.number_text(-2.0, sign=True) == "-2"
    assert fmt.number_text(0.1 + 0.2) == "0.3"  # a computed value, not its float noise
    i18n.use("de")
    try:
        assert fmt.number_text(3.0, 1, fixed=True) == "3,0"
        assert fmt.number_text(1.25, sign=True) == "+1,25"
    finally:
        i18n.use("en")

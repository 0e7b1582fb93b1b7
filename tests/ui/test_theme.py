"""Colours that read on the floor from two metres, and a palette that follows the
desktop live: light/dark, high contrast, accent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from hipcoach.ui import theme
from hipcoach.ui.theme import (
    DARK,
    DARK_HIGH_CONTRAST,
    LIGHT,
    LIGHT_HIGH_CONTRAST,
    Desktop,
    colours_for,
    contrast,
)

TINTS = ("work", "lift", "lower", "hold", "rest", "ready")


@pytest.mark.parametrize(("colours", "needed"), [(LIGHT, 4.5), (DARK, 4.5),
                                                 (LIGHT_HIGH_CONTRAST, 7.0),
                                                 (DARK_HIGH_CONTRAST, 7.0)])
def test_text_reads_on_every_step_tint(colours, needed):
    for name in (*TINTS, "window"):
        assert contrast(colours.text, getattr(colours, name)) >= needed, name
    assert contrast(colours.muted, colours.window) >= needed
    assert contrast(colours.problem, colours.window) >= needed


def test_high_contrast_variants_have_more_contrast_than_the_plain_ones():
    for plain, high in ((LIGHT, LIGHT_HIGH_CONTRAST), (DARK, DARK_HIGH_CONTRAST)):
        assert high.dark == plain.dark
        for name in (*TINTS, "window"):
            assert contrast(high.text, getattr(high, name)) > contrast(plain.text, getattr(plain, name))


def test_palette_for_each_setting_and_desktop():
    assert colours_for("system", Desktop(dark=True)) is DARK
    assert colours_for("system", Desktop(dark=False)) is LIGHT
    assert colours_for("light", Desktop(dark=True)) is LIGHT
    assert colours_for("dark", Desktop(dark=False)) is DARK
    assert colours_for("light", Desktop(high_contrast=True)) is LIGHT_HIGH_CONTRAST
    assert colours_for("system", Desktop(dark=True, high_contrast=True)) is DARK_HIGH_CONTRAST


def test_the_desktop_accent_is_used_when_it_reads_well():
    assert colours_for("system", Desktop(accent="#c01c28")).accent == "#c01c28"
    assert colours_for("system", Desktop(dark=True, accent="#ffa348")).accent == "#ffa348"
    # too pale on a light window, too dark on a dark one: keep ours
    assert colours_for("system", Desktop(accent="#f6d32d")).accent == LIGHT.accent
    assert colours_for("system", Desktop(dark=True, accent="#1a1a40")).accent == DARK.accent
    # a theme chosen by hand keeps its own accent
    assert colours_for("light", Desktop(accent="#c01c28")).accent == LIGHT.accent


@pytest.fixture
def following(qtbot, qapp, window_factory):
    """A real window on theme "system", following the desktop's (emitted) signals."""
    window = window_factory().window
    window.set_theme("system")
    follower = theme.DesktopFollower(qapp, lambda: window.set_theme(window.theme_name))
    yield window
    follower.stop()
    theme._told.clear()
    window.set_theme("light")


def _window_colour(qapp) -> str:
    return qapp.palette().color(QPalette.ColorRole.Window).name()


def test_a_live_switch_to_dark_and_back_is_followed(qapp, following):
    assert following.colours is LIGHT
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert following.colours is DARK
    assert _window_colour(qapp) == DARK.window
    assert following.player_view.colours is DARK
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert following.colours is LIGHT
    assert _window_colour(qapp) == LIGHT.window


def test_a_theme_chosen_by_hand_ignores_the_desktop_scheme(qapp, following):
    following.set_theme("light")
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert following.colours is LIGHT


@pytest.mark.skipif(not hasattr(theme.QGuiApplication.styleHints(), "accessibility"),
                    reason="Qt before 6.10 has no contrast preference")
def test_a_high_contrast_preference_is_followed_live(qapp, following):
    hints = qapp.styleHints().accessibility()
    hints.contrastPreferenceChanged.emit(Qt.ContrastPreference.HighContrast)
    assert following.colours is LIGHT_HIGH_CONTRAST
    assert _window_colour(qapp) == "#ffffff"
    following.set_theme("dark")  # also for a theme chosen by hand
    assert following.colours is DARK_HIGH_CONTRAST
    hints.contrastPreferenceChanged.emit(Qt.ContrastPreference.NoPreference)
    assert following.colours is DARK

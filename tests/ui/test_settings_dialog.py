"""The settings dialog and what the window does with its answers."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

from hipcoach.settings import Settings, SettingsFile, load
from hipcoach.ui.settings_dialog import SettingsDialog


def test_fields_cannot_hold_impossible_values(qtbot):
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    volume: QSpinBox = dialog.findChild(QSpinBox, "setting_volume")
    volume.setValue(99)
    assert volume.value() == 10
    volume.setValue(-5)
    assert volume.value() == 0


def test_contradictory_pain_thresholds_are_refused_with_a_reason(qtbot):
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.findChild(QSpinBox, "setting_pain_green_max").setValue(7)
    assert dialog.result_settings(Settings()) is None
    assert "pain_amber_max" in dialog.problem.text()


def test_changes_apply_to_the_window_and_are_saved(window, tmp_path, short_program):
    settings_file = SettingsFile(tmp_path)
    window.attach_settings(settings_file)
    window.apply_settings_changes({"countdown_s": 3, "first_countdown_s": 4,
                                   "default_rest_s": 20, "theme": "dark", "text_scale": 1.5})
    assert load(tmp_path).settings.countdown_s == 3
    assert window.player_view.text_scale == 1.5
    assert window.colours.window == "#15171c"
    player = window.start_session(short_program, "one")
    assert player.steps[0].duration == 4  # first countdown of an exercise
    rest = next(s for s in player.steps if s.kind == "rest")
    assert rest.duration == 10  # the programme's own rest wins over the default


def test_window_geometry_is_remembered(window, tmp_path, qtbot, fake_clock):
    from hipcoach.ui.main_window import MainWindow

    path = tmp_path / "window.ini"
    window.restore_geometry(path)
    window.resize(700, 500)  # within the 800x600 offscreen screen
    window.close()
    again = MainWindow(fake_clock)
    qtbot.addWidget(again)
    again.restore_geometry(path)
    assert (again.width(), again.height()) == (700, 500)

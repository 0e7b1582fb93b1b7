"""The settings dialog and what the window does with its answers."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

from hipcoach.settings import Settings, load
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


def test_changes_apply_to_the_window_and_are_saved(window_factory, tmp_path, short_program):
    window = window_factory(data_dir=tmp_path).window
    window.apply_settings_changes({"countdown_s": 3, "first_countdown_s": 4,
                                   "default_rest_s": 20, "theme": "dark", "text_scale": 1.5})
    assert load(tmp_path).settings.countdown_s == 3
    assert window.player_view.text_scale == 1.5
    assert window.colours.window == "#15171c"
    player = window.start_session(short_program, "one")
    assert player.steps[0].duration == 4  # first countdown of an exercise
    rest = next(s for s in player.steps if s.kind == "rest")
    assert rest.duration == 10  # the programme's own rest wins over the default


def test_window_geometry_is_remembered(tmp_path, window_factory):
    window = window_factory(data_dir=tmp_path).window
    window.restore_geometry()
    window.resize(700, 500)  # within the 800x600 offscreen screen
    window.close()
    assert (tmp_path / "window.ini").is_file()
    again = window_factory(data_dir=tmp_path).window
    again.restore_geometry()
    assert (again.width(), again.height()) == (700, 500)


def test_a_failed_settings_save_is_said_and_the_new_values_apply_everywhere(
        window_factory, tmp_path, monkeypatch):
    import hipcoach.settings as settings_module

    built = window_factory(data_dir=tmp_path)

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(settings_module, "save", full_disk)
    built.window.apply_settings_changes({"pain_green_max": 2, "pain_amber_max": 4})
    assert "could not be saved" in built.window.start_view.notice.text()
    # one settings object: the coach and the charts read the new limits, not the file
    assert built.app.settings.current.pain_green_max == 2
    assert load(tmp_path).settings.pain_green_max == 3


def test_settings_say_the_screen_is_kept_awake_and_the_text_size_range(qtbot):
    from PySide6.QtWidgets import QDoubleSpinBox, QLabel

    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    note = dialog.findChild(QLabel, "settings_awake_note")
    assert note is not None and "keep the screen on" in note.text()
    scale = dialog.findChild(QDoubleSpinBox, "setting_text_scale")
    assert (scale.minimum(), scale.maximum()) == (1.0, 2.0)


def test_a_text_size_of_4_in_a_hand_edited_file_is_refused_with_a_message(tmp_path):
    (tmp_path / "settings.json").write_text('{"text_scale": 4}', encoding="utf-8")
    loaded = load(tmp_path)
    assert loaded.settings.text_scale == 1.0
    assert any("text_scale" in problem for problem in loaded.problems)

"""The settings dialog: every field bounded by the rules in hipcoach.settings, so an
impossible value cannot be typed in the first place."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hipcoach.settings import RULES, Settings

LABELS: dict[str, str] = {
    "units": "Weight units",
    "countdown_s": "Get-ready countdown (s)",
    "first_countdown_s": "Countdown before a new exercise (s)",
    "default_rest_s": "Default rest between sets (s)",
    "audio_mode": "Sound",
    "volume": "Volume (0-10)",
    "muted": "Muted",
    "flash": "Flash the screen with each cue",
    "pain_green_max": "Pain that is fine, up to (0-10)",
    "pain_amber_max": "Pain that is acceptable, up to (0-10)",
    "deload_every_weeks": "Lighter week every (weeks)",
    "theme": "Colours",
    "text_scale": "Text size for across the room",
    "paper": "Paper size for printing",
    "auto_log": "Log each set as prescribed without asking",
}
AWAKE_NOTE = ("While a session runs, HipCoach asks the desktop to keep the screen on (the "
              "screen saver may start again while paused and after the session). The "
              "text size setting goes from 1.0 to 2.0: larger text for watching from "
              "the floor.")
CHOICE_TEXT = {
    "voice": "Voice and tones", "tones": "Tones only", "silent": "Silent",
    "system": "Follow the system", "light": "Light", "dark": "Dark",
    "auto": "From the locale", "A4": "A4", "Letter": "Letter", "kg": "kg", "lb": "lb",
}


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settings_dialog")
        self._fields: dict[str, QWidget] = {}
        form = QFormLayout()
        for key, label in LABELS.items():
            widget = self._editor(key, getattr(settings, key))
            widget.setObjectName(f"setting_{key}")
            widget.setAccessibleName(label)
            self._fields[key] = widget
            form.addRow(label, widget)
        self.problem = QLabel()
        self.problem.setObjectName("settings_problem")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.load(Settings()))
        self.awake_note = QLabel(AWAKE_NOTE)
        self.awake_note.setObjectName("settings_awake_note")
        self.awake_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.awake_note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _editor(self, key: str, value: object) -> QWidget:
        rule = RULES[key]
        if rule.kind is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if rule.choices:
            combo = QComboBox()
            for choice in rule.choices:
                combo.addItem(CHOICE_TEXT.get(str(choice), str(choice)), choice)
            combo.setCurrentIndex(rule.choices.index(value))
            return combo
        if rule.kind is float:
            spin = QDoubleSpinBox()
            spin.setDecimals(2)
            spin.setSingleStep(0.05)
            spin.setRange(float(rule.low or 0), float(rule.high or 100))
            spin.setValue(float(value))  # type: ignore[arg-type]
            return spin
        spin = QSpinBox()
        spin.setRange(int(rule.low or 0), int(rule.high or 1000))
        spin.setValue(int(value))  # type: ignore[arg-type]
        return spin

    def load(self, settings: Settings) -> None:
        for key, widget in self._fields.items():
            value = getattr(settings, key)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(widget.findData(value))
            elif isinstance(widget, QDoubleSpinBox | QSpinBox):
                widget.setValue(value)

    def values(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, widget in self._fields.items():
            if isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QDoubleSpinBox):
                out[key] = round(widget.value(), 2)
            elif isinstance(widget, QSpinBox):
                out[key] = widget.value()
        return out

    def result_settings(self, base: Settings) -> Settings | None:
        """The edited settings, or None (with the reason shown) when they do not fit."""
        try:
            return base.replace(**self.values())
        except ValueError as exc:
            self.problem.setText(str(exc))
            return None

    def accept(self) -> None:
        if self.result_settings(Settings()) is not None:
            super().accept()

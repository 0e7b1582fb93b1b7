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
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hipcoach.i18n import N_, _
from hipcoach.settings import RULES, Settings

LABELS: dict[str, str] = {
    "units": N_("Weight units"),
    "countdown_s": N_("Get-ready countdown (s)"),
    "first_countdown_s": N_("Countdown before a new exercise (s)"),
    "default_rest_s": N_("Default rest between sets (s)"),
    "audio_mode": N_("Sound"),
    "volume": N_("Volume (0-10)"),
    "muted": N_("Muted"),
    "flash": N_("Flash the screen with each cue"),
    "pain_green_max": N_("Pain that is fine, up to (0-10)"),
    "pain_amber_max": N_("Pain that is acceptable, up to (0-10)"),
    "deload_every_weeks": N_("Lighter week every (weeks)"),
    "theme": N_("Colours"),
    "text_scale": N_("Text size for across the room"),
    "paper": N_("Paper size for printing"),
    "auto_log": N_("Log each set as prescribed without asking"),
    "language": N_("Language (from the next start)"),
    "weights_owned": N_("Weights you own (e.g. 2, 4, 6; empty: any step)"),
    "weight_increment": N_("Smallest weight step you can make"),
    "band_colours": N_("Your bands, lightest first"),
    "stuck_after_sessions": N_("Step back after the same plan (sessions)"),
}
AWAKE_NOTE = N_("While a session runs, HipCoach asks the desktop to keep the screen on (the "
                "screen saver may start again while paused and after the session). The "
                "text size setting goes from 1.0 to 2.0: larger text for watching from "
                "the floor.")
CHOICE_TEXT = {
    "voice": N_("Voice and tones"), "tones": N_("Tones only"), "silent": N_("Silent"),
    "system": N_("Follow the system"), "light": N_("Light"), "dark": N_("Dark"),
    "auto": N_("From the locale"), "A4": "A4", "Letter": "Letter", "kg": "kg", "lb": "lb",
    "en": "English", "de": "Deutsch",  # each language by its own name
}


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.setObjectName("settings_dialog")
        self._fields: dict[str, QWidget] = {}
        form = QFormLayout()
        for key, source in LABELS.items():
            label = _(source)
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
        self.awake_note = QLabel(_(AWAKE_NOTE))
        self.awake_note.setObjectName("settings_awake_note")
        self.awake_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.awake_note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _editor(self, key: str, value: object) -> QWidget:
        rule = RULES[key]
        if rule.kind is str and not rule.choices:
            line = QLineEdit(str(value))
            line.setMaxLength(200)
            return line
        if rule.kind is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if rule.choices:
            combo = QComboBox()
            for choice in rule.choices:
                text = CHOICE_TEXT.get(str(choice), str(choice))
                combo.addItem(text if key == "language" and choice != "system" else _(text), choice)
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
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(widget.findData(value))
            elif isinstance(widget, QDoubleSpinBox | QSpinBox):
                widget.setValue(value)

    def values(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, widget in self._fields.items():
            if isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text().strip()
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

"""The coach's dialogs: the first-run safety screen and intake, and the re-test results
(both with the function goals, ``hipcoach.ui.goals_box``).

The questions, the advice and the norms come from hipcoach.coach; these dialogs only
ask and show. A "yes" to a red flag advises seeing a clinician first, plainly, and the
app still opens; the coach adds nothing until a clinician's clearance is recorded here
(with its date). The screen cannot be saved half-answered: "Ask me later" is the
explicit way to skip it, and that too holds progression.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hipcoach.coach.assessments import ResultField, result_fields
from hipcoach.coach.profile import Profile
from hipcoach.coach.safety import (
    ACTIVITY_QUESTIONS,
    CLINICIAN_STATEMENT,
    GOALS,
    RED_FLAGS,
    Intake,
    evaluate_red_flags,
)
from hipcoach.domain.assessments import AssessmentResult
from hipcoach.i18n import _, ngettext
from hipcoach.ui.goals_box import GoalsBox
from hipcoach.ui.wheel_guard import guard

INDICATORS = """
QRadioButton::indicator, QCheckBox::indicator {
    width: 16px; height: 16px; border: 2px solid palette(text); background: palette(base);
}
QRadioButton::indicator { border-radius: 10px; }
QCheckBox::indicator { border-radius: 3px; }
QRadioButton::indicator:checked, QCheckBox::indicator:checked {
    background: palette(highlight); border: 2px solid palette(text);
}
"""


def fit_to_screen(dialog: QDialog, width: int, height: int) -> None:
    """Open at the size wanted, or smaller to fit the screen it is on."""
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 40), min(height, room.height() - 60)
    dialog.resize(max(320, width), max(240, height))


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SafetyDialog(QDialog):
    """Red flags (yes / no each) and a short intake; ``profile()`` gives the answers."""

    def __init__(self, profile: Profile, parent: QWidget | None = None,
                 activities: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Before you start"))
        self.setObjectName("safety_dialog")
        self._base = profile
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(_wrapped(_(CLINICIAN_STATEMENT)))  # _(): the coach marks, we show
        flags = QGroupBox(_("Do any of these apply to you now?"))
        flag_layout = QGridLayout(flags)
        flag_layout.setColumnStretch(0, 1)
        flag_layout.setVerticalSpacing(10)
        self._answers: dict[str, QButtonGroup] = {}
        for flag in RED_FLAGS:
            yes, no = QRadioButton(_("Yes")), QRadioButton(_("No"))
            yes.setAccessibleName(_("yes: {question}").format(question=_(flag.short)))
            no.setAccessibleName(_("no: {question}").format(question=_(flag.short)))
            group = QButtonGroup(self)
            group.addButton(yes, 1)
            group.addButton(no, 0)
            previous = profile.red_flags.get(flag.id) if profile.red_flags else None
            (yes if previous else no).setChecked(previous is not None)
            line = flag_layout.rowCount()
            question = _wrapped(_(flag.question))
            question.setObjectName(f"question_{flag.id}")
            flag_layout.addWidget(question, line, 0)
            flag_layout.addWidget(yes, line, 1)
            flag_layout.addWidget(no, line, 2)
            self._answers[flag.id] = group
            group.idToggled.connect(lambda *_: self._update())
        layout.addWidget(flags)
        self.cleared = QCheckBox(_("A doctor or physiotherapist has seen me about these "
                                   "answers and said I may exercise, on:"))
        self.cleared.setObjectName("safety_cleared")
        self.cleared_on = QDateEdit()
        self.cleared_on.setObjectName("safety_cleared_on")
        self.cleared_on.setAccessibleName(_("the day a clinician cleared you"))
        self.cleared_on.setCalendarPopup(True)
        self.cleared_on.setDisplayFormat("d MMM yyyy")  # month names from the locale
        self.cleared_on.setMaximumDate(QDate.currentDate())
        known = profile.cleared_on
        self.cleared.setChecked(known is not None)
        self.cleared_on.setDate(QDate(known.year, known.month, known.day) if known
                                else QDate.currentDate())
        self.cleared.toggled.connect(lambda *_: self._update())
        clearance = QHBoxLayout()
        clearance.addWidget(self.cleared, 1)
        clearance.addWidget(self.cleared_on)
        layout.addLayout(clearance)
        self.status = _wrapped("")
        self.status.setObjectName("safety_status")
        layout.addWidget(self.status)

        intake = QGroupBox(_("What brings your back pain on?"))
        intake_layout = QVBoxLayout(intake)
        self._activities: dict[str, QCheckBox] = {}
        for key, question in ACTIVITY_QUESTIONS.items():
            box = QCheckBox(_(question))
            box.setChecked(key in profile.intake.provoking)
            intake_layout.addWidget(box)
            self._activities[key] = box
        self.goal = QComboBox()
        self.goal.setAccessibleName(_("your goal"))
        # as wide as the space allows, not as the longest goal (German ones are long)
        self.goal.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.goal.setMinimumContentsLength(24)
        guard(self.goal)  # scrolling the form never changes the goal
        self.goal.addItem(_("No particular goal"), None)
        for key, text in GOALS.items():
            self.goal.addItem(_(text), key)
        self.goal.setCurrentIndex(max(0, self.goal.findData(profile.intake.goal)))
        self.usual_pain = QSpinBox()
        self.usual_pain.setAccessibleName(_("usual back pain, 0 to 10"))
        guard(self.usual_pain)
        self.usual_pain.setRange(-1, 10)
        self.usual_pain.setSpecialValueText(_("not given"))
        self.usual_pain.setValue(profile.intake.usual_pain if profile.intake.usual_pain
                                 is not None else -1)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Your goal"), self.goal)
        form.addRow(_("Back pain on an ordinary day (0-10)"), self.usual_pain)
        intake_layout.addLayout(form)
        layout.addWidget(intake)
        self.goals = GoalsBox(activities)
        layout.addWidget(self.goals)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        # Indicators drawn from the palette's text and highlight: plain in both themes
        # (Fusion's own outline is darker than a dark window, so it all but disappears).
        self.setStyleSheet(INDICATORS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Ask me later"))
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(buttons)
        fit_to_screen(self, 760, 700)
        self._update()

    def _update(self) -> None:
        """Save only when every question has a yes or a no; clearance only after a yes."""
        answers = self.answers()
        left = sum(1 for v in answers.values() if v is None)
        any_yes = any(answers.values())
        self.save_button.setEnabled(left == 0)
        self.cleared.setEnabled(any_yes)
        self.cleared_on.setEnabled(any_yes and self.cleared.isChecked())
        if left:
            self.status.setText(ngettext(
                "{count} question still to answer (or choose \"Ask me later\": nothing is "
                "added to your programme until it is answered).",
                "{count} questions still to answer (or choose \"Ask me later\": nothing is "
                "added to your programme until they are answered).", left).format(count=left))
        elif any_yes and not self.cleared.isChecked():
            self.status.setText(_("With a yes, HipCoach adds nothing to your programme "
                                  "until you record here that a clinician has cleared you."))
        else:
            self.status.setText("")

    def accept(self) -> None:
        problem = self.goals.problem()
        if problem:
            self.status.setText(problem)
            return
        if all(v is not None for v in self.answers().values()):
            super().accept()

    def answers(self) -> dict[str, bool | None]:
        out: dict[str, bool | None] = {}
        for flag_id, group in self._answers.items():
            checked = group.checkedId()
            out[flag_id] = None if checked < 0 else bool(checked)
        return out

    def set_answer(self, flag_id: str, yes: bool) -> None:
        self._answers[flag_id].button(1 if yes else 0).setChecked(True)

    def profile(self, today: date) -> Profile:
        """The answers; ValueError when any question is open (never saved half-answered)."""
        provoking = frozenset(k for k, box in self._activities.items() if box.isChecked())
        pain = self.usual_pain.value()
        intake = Intake(provoking, self.goal.currentData(), None if pain < 0 else pain)
        answers = self.answers()
        profile = self._base.with_all_answers(answers, today).with_intake(intake)
        if any(answers.values()) and self.cleared.isChecked():
            picked = self.cleared_on.date()
            profile = profile.with_clearance(date(picked.year(), picked.month(), picked.day()),
                                             today)
        return profile

    def deferred_profile(self, earlier: Profile, today: date) -> Profile:
        """What "Ask me later" records on top of the ``earlier`` profile: the answers given
        before stay, a "yes" ticked now is kept (it is never thrown away: the coach then
        adds nothing until a clinician's clearance is recorded), and progression holds."""
        yes = {flag_id: True for flag_id, answer in self.answers().items() if answer}
        profile = earlier.with_answers(yes, today) if yes else earlier
        return profile.deferred(today)

    def advice_text(self) -> str | None:
        advice = evaluate_red_flags(self.answers())
        return advice.message if advice.see_clinician else None


class RetestResultsDialog(QDialog):
    """The form a re-test ends with: one field per test and side, bounded by its norms."""

    def __init__(self, parent: QWidget | None = None, activities: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Re-test results"))
        self.setObjectName("retest_dialog")
        self.fields = result_fields()
        self._editors: list[tuple[ResultField, Any]] = []
        form = QFormLayout()
        for field in self.fields:
            editor = self._editor(field)
            editor.setAccessibleName(_(field.prompt))
            form.addRow(_(field.prompt), editor)
            self._editors.append((field, editor))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(_("Fill in what you measured; leave a field empty to "
                                    "skip that test.")))
        layout.addLayout(form)
        self.goals = GoalsBox(activities)
        layout.addWidget(self.goals)
        self.status = _wrapped("")
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def accept(self) -> None:
        problem = self.goals.problem()
        if problem:
            self.status.setText(problem)
            return
        super().accept()

    def _editor(self, field: ResultField) -> QWidget:
        if field.measure == "quality":
            combo = QComboBox()
            for text, value in ((_("not done"), None),
                                (_("good: hip moves, back stays still"), "good"),
                                (_("fair: a little arch or twist"), "fair"),
                                (_("poor: the back does the work"), "poor")):
                combo.addItem(text, value)
            guard(combo)
            return combo
        if field.measure == "pass_fail":
            combo = QComboBox()
            for text, value in ((_("not done"), None),
                                (_("pass: thigh at or below level"), True),
                                (_("tight: thigh stays up"), False)):
                combo.addItem(text, value)
            guard(combo)
            return combo
        spin = QDoubleSpinBox() if field.measure == "seconds" else QSpinBox()
        spin.setRange(field.low - 1, field.high)  # the lowest value means "not done"
        spin.setSpecialValueText(_("not done"))
        spin.setValue(field.low - 1)
        guard(spin)
        return spin

    def results(self) -> list[AssessmentResult]:
        out: list[AssessmentResult] = []
        for field, editor in self._editors:
            if isinstance(editor, QComboBox):
                value = editor.currentData()
                if value is None:
                    continue
                if field.measure == "quality":
                    out.append(AssessmentResult(field.test, field.side, quality=value))
                else:
                    out.append(AssessmentResult(field.test, field.side, passed=value))
                continue
            number = editor.value()
            if number < field.low:
                continue
            out.append(AssessmentResult(field.test, field.side, value=float(number)))
        return out

"""How an exercise is done: its words, and the figure in the right pose beside the fault.

Opened from the start screen (the exercises of the chosen stage) and from History (the
exercises of the chosen session). It only shows what the programme and the exercise
catalogue say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hipcoach.i18n import _
from hipcoach.program.model import Exercise
from hipcoach.session.describe import prescription_text
from hipcoach.session.poses import Angles
from hipcoach.ui.coach_dialogs import fit_to_screen
from hipcoach.ui.figure_view import FigureView
from hipcoach.ui.theme import Colours

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow


def _text(name: str, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    return label


class ExerciseDetail(QDialog):
    def __init__(self, exercises: list[Exercise], colours: Colours,
                 parent: QWidget | None = None, current: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("How to do it"))
        self.setObjectName("exercise_detail")
        self.exercises = exercises
        self.list = QListWidget()
        self.list.setObjectName("exercise_list")
        self.list.setAccessibleName(_("exercises"))
        for exercise in exercises:
            self.list.addItem(exercise.name)
        self.name = _text("exercise_name", bold=True)
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.name.setFont(font)
        self.prescription = _text("exercise_prescription")
        self.sections: dict[str, QLabel] = {}
        body = QWidget()
        text = QVBoxLayout(body)
        text.addWidget(self.name)
        text.addWidget(self.prescription)
        for key, title in (("description", _("How")), ("setup", _("Set-up and equipment")),
                           ("common_fault", _("Watch for"))):
            heading = _text(f"heading_{key}", bold=True)
            heading.setText(title)
            self.sections[key] = _text(key)
            text.addWidget(heading)
            text.addWidget(self.sections[key])
        self.right = FigureView("figure_right")
        self.wrong = FigureView("figure_fault")
        self.right_caption = _text("caption_right")
        self.right_caption.setText(_("Right: pelvis level, low back neutral"))
        self.wrong_caption = _text("caption_fault")
        self.wrong_caption.setText(_("Wrong: the low back arched, pelvis tipped"))
        self.no_figure = _text("no_figure")
        self.no_figure.setText(_("No picture for this exercise: follow the words above."))
        figures = QGridLayout()
        for column, (view, caption) in enumerate(((self.right, self.right_caption),
                                                  (self.wrong, self.wrong_caption))):
            view.set_colours(colours)
            view.setMinimumSize(200, 150)
            figures.addWidget(view, 0, column)
            figures.addWidget(caption, 1, column)
        text.addLayout(figures, 1)
        text.addWidget(self.no_figure)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(scroll, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self.show_exercise)
        ids = [e.id for e in exercises]
        self.list.setCurrentRow(ids.index(current) if current in ids else 0)
        fit_to_screen(self, 980, 680)

    def show_exercise(self, row: int) -> None:
        if not 0 <= row < len(self.exercises):
            return
        exercise = self.exercises[row]
        self.name.setText(exercise.name)
        self.prescription.setText(prescription_text(exercise))
        for key, label in self.sections.items():
            words = getattr(exercise, key) or "—"
            label.setText(words)
        poses = exercise.poses
        self.no_figure.setVisible(poses is None)
        self.right.setVisible(poses is not None)
        self.right_caption.setVisible(poses is not None)
        if poses is not None:
            shown = poses.end or poses.start
            self.right.set_poses(poses)
            self.right.set_angles(Angles.of(shown))
        fault = poses.fault if poses is not None else None
        self.wrong.setVisible(fault is not None)
        self.wrong_caption.setVisible(fault is not None)
        if poses is not None and fault is not None:
            self.wrong.set_poses(poses)
            self.wrong.set_angles(Angles.of(fault))


def show_stage_how(window: MainWindow) -> None:
    """How each exercise of the stage chosen on the start screen is done: the exercises
    of today's plan (the coach's variants), or the programme's before it is planned."""
    program = window.start_view.current_program()
    stage_id = window.start_view.current_stage_id()
    if program is None:
        return
    plan = window.app.stage_plan(stage_id)
    if plan is not None and plan.program.id == program.id:
        stage = plan.playable.get_stage(plan.timeline.stage.id)
    else:
        stage = program.get_stage(stage_id) if stage_id else program.stage[0]
    show_how(window, list(stage.exercises))


def show_how(window: MainWindow, exercises: list[Exercise], current: str | None = None
             ) -> QWidget | None:
    if not exercises:
        window.statusBar().showMessage(_("No exercises to show"), 3000)
        return None
    dialog = ExerciseDetail(exercises, window.colours, window, current)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

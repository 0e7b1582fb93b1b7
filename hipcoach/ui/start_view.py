"""The start screen: pick a programme and a stage, see today's plan for it, start.

Everything it shows about a stage (its length, its exercises with today's numbers, the
coach's lines) comes from the application's ``TodayPlan``: the same plan the player
will play. Broken user programmes are listed with their problem (greyed out, never
selectable), so a bad file is visible and fixable without stopping the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hipcoach.app.today import STAGE, StagePlan, TodayPlan
from hipcoach.format import about_minutes_text
from hipcoach.i18n import N_, _, ngettext
from hipcoach.ui.pain_keys import typed_pain

if TYPE_CHECKING:
    from hipcoach.program.catalog import CatalogEntry
    from hipcoach.program.model import Program

ROLE_ENTRY = Qt.ItemDataRole.UserRole
PLANNING = N_("planning…")


def stage_summary(plan: StagePlan, long: bool = False) -> str:
    """How long a stage's session takes, as planned for today."""
    timeline = plan.timeline
    text = about_minutes_text(timeline.total)
    if long and timeline.waits:
        text += ngettext(", plus {count} set-up step that waits for you",
                         ", plus {count} set-up steps that wait for you",
                         timeline.waits).format(count=timeline.waits)
    return text


class StartView(QWidget):
    """Emits ``selected(program_id, stage_id)`` and ``start_requested()``."""

    selected = Signal(str, str)
    start_requested = Signal()
    how_requested = Signal()  # "How to do it": the exercises of the chosen stage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_view")
        self.plan: TodayPlan | None = None
        title = QLabel(_("Choose today's session"))
        title.setObjectName("start_title")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)

        self.programs = QListWidget()
        self.programs.setObjectName("program_list")
        self.programs.setAccessibleName(_("programmes"))
        self.stages = QListWidget()
        self.stages.setObjectName("stage_list")
        self.stages.setWordWrap(True)
        self.programs.setWordWrap(True)
        self.stages.setAccessibleName(_("stages"))
        self.details = QLabel()
        self.details.setObjectName("stage_details")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        # a long stage never makes the window taller: the text is cut to the space given
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.notice = QLabel()
        self.notice.setObjectName("start_notice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self._program_notices: list[str] = []
        self._other_notices: list[str] = []
        self.pain = QSpinBox()
        self.pain.setObjectName("pain_before")
        self.pain.setAccessibleName(_("pain right now, 0 to 10"))
        self.pain.setRange(-1, 10)
        self.pain.setSpecialValueText(_("not given"))
        self.pain.setValue(-1)
        self.coach = QListWidget()
        self.coach.setObjectName("coach_lines")
        self.coach.setAccessibleName(_("the coach's plan: untick a change to keep what you "
                                       "did last time"))
        self.coach.setWordWrap(True)
        self.coach.setVisible(False)
        self.follow_coach = QCheckBox(_("Follow the coach's plan (untick a line to keep last "
                                        "time's numbers for that exercise; tick a stage move "
                                        "to take it)"))
        self.follow_coach.setObjectName("follow_coach")
        self.follow_coach.setChecked(True)
        self.follow_coach.setVisible(False)
        self.start_button = QPushButton(_("Start session  (Enter)"))
        self.start_button.setObjectName("start_button")
        self.start_button.setAccessibleName(_("start session"))
        self.start_button.setDefault(True)
        for widget in (self.programs, self.stages, self.details, self.start_button):
            f = QFont(widget.font())
            f.setPointSizeF(f.pointSizeF() * 1.35)
            widget.setFont(f)

        lists = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(_("Programme")))
        left.addWidget(self.programs, 1)
        middle = QVBoxLayout()
        middle.addWidget(QLabel(_("Stage")))
        middle.addWidget(self.stages, 1)
        lists.addLayout(left, 2)
        lists.addLayout(middle, 2)
        lists.addWidget(self.details, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.notice)
        layout.addLayout(lists, 1)
        layout.addWidget(self.coach)
        layout.addWidget(self.follow_coach)
        pain_row = QHBoxLayout()
        pain_row.addWidget(QLabel(_("Back pain right now (0-10, optional):")))
        pain_row.addWidget(self.pain)
        pain_row.addStretch(1)
        self.how_button = QPushButton(_("How to do each exercise…"))
        self.how_button.setObjectName("how_button")
        self.how_button.setAccessibleName(_("how to do each exercise of this stage"))
        self.how_button.clicked.connect(self.how_requested.emit)
        pain_row.addWidget(self.how_button)
        layout.addLayout(pain_row)
        layout.addWidget(self.start_button)

        self.programs.currentItemChanged.connect(self._program_changed)
        self.stages.currentItemChanged.connect(self._stage_changed)
        self.stages.itemActivated.connect(lambda _item: self.request_start())
        self.start_button.clicked.connect(self.request_start)
        for widget in (self.programs, self.stages, self.coach, self.start_button):
            widget.installEventFilter(self)  # digits there set the pain before

    def set_entries(self, entries: list[CatalogEntry], preferred: str | None = None) -> None:
        """List the programmes; select ``preferred`` (an id) if it is there, else the
        first one that can be used."""
        self.programs.clear()
        first_ok: QListWidgetItem | None = None
        for entry in entries:
            if entry.program is not None:
                suffix = "" if entry.builtin else "  " + _("(yours)")
                item = QListWidgetItem(entry.program.name + suffix)
                item.setData(ROLE_ENTRY, entry)
                if first_ok is None or (entry.id == preferred and first_ok.data(
                        ROLE_ENTRY).id != preferred):
                    first_ok = item
            else:
                problem = str(entry.problem)
                item = QListWidgetItem("⚠ " + _("{file}: cannot be used").format(file=entry.path.name))
                item.setToolTip(problem)
                item.setData(ROLE_ENTRY, entry)
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.programs.addItem(item)
        broken = [e for e in entries if e.problem is not None]
        self._program_notices = [
            _("Could not load {file}: {problem}").format(file=e.path.name, problem=e.problem)
            for e in broken]
        self._show_notices()
        if first_ok is not None:
            self.programs.setCurrentItem(first_ok)

    def add_notice(self, text: str) -> None:
        """A line above the lists (a broken settings file, a reminder...)."""
        self._other_notices.append(text)
        self._show_notices()

    def _show_notices(self) -> None:
        lines = self._program_notices + self._other_notices
        self.notice.setText("\n".join(lines))
        self.notice.setVisible(bool(lines))

    def select(self, program_id: str, stage_id: str | None) -> bool:
        for row in range(self.programs.count()):
            entry: CatalogEntry = self.programs.item(row).data(ROLE_ENTRY)
            if entry.program is not None and entry.id == program_id:
                self.programs.setCurrentRow(row)
                break
        else:
            return False
        if stage_id is None:
            return True
        for row in range(self.stages.count()):
            if self.stages.item(row).data(ROLE_ENTRY) == stage_id:
                self.stages.setCurrentRow(row)
                return True
        return False

    def set_plan(self, plan: TodayPlan) -> None:
        """Today's plan for the selected programme: lengths, numbers and the coach."""
        if self.current_program() is None or plan.program.id != self.current_program().id:
            return  # an answer for a programme no longer selected
        self.plan = plan
        for row in range(self.stages.count()):
            item = self.stages.item(row)
            stage_plan = plan.stages.get(item.data(ROLE_ENTRY))
            if stage_plan is not None:
                item.setText(f"{stage_plan.stage.name} — {stage_summary(stage_plan)}")
        self._stage_changed()

    def select_suggested(self) -> None:
        """Select the stage the coach proposes (the first plan after start-up)."""
        if self.plan is not None:
            self.select(self.plan.program.id, self.plan.suggested_stage)

    def show_coach(self, lines: list[str], changes: dict[str, str] | None = None) -> None:
        """The coach's plan for next time, one reason per line. ``changes`` maps the lines
        that change an exercise to its slot: those can be unticked to keep the old numbers."""
        changes = changes or {}
        self.coach.clear()
        for line in lines:
            item = QListWidgetItem(line)
            slot = changes.get(line)
            if slot is not None:
                item.setData(ROLE_ENTRY, slot)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                # an exercise's change is followed unless unticked; a stage move is taken
                # only when ticked
                item.setCheckState(Qt.CheckState.Unchecked if slot == STAGE
                                   else Qt.CheckState.Checked)
            else:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.coach.addItem(item)
        self.coach.setVisible(bool(lines))
        self.follow_coach.setVisible(bool(changes))
        self.coach.setMaximumHeight(max(60, min(220, 22 * len(lines) + 8)))

    def kept_slots(self) -> frozenset[str]:
        """Exercises whose proposed change the user declines: unticked lines, or all of
        them when "follow the coach" is off."""
        kept = set()
        for row in range(self.coach.count()):
            item = self.coach.item(row)
            slot = item.data(ROLE_ENTRY)
            if slot is not None and (item.checkState() != Qt.CheckState.Checked
                                     or not self.follow_coach.isChecked()):
                kept.add(slot)
        return frozenset(kept)

    def pain_before(self) -> int | None:
        value = self.pain.value()
        return None if value < 0 else value

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Digits typed on the lists set the pain before (1 then 0 makes 10, Backspace
        clears): from across the room, a number and Enter start a session with it."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            handled, value = typed_pain(self.pain_before(), event.text())
            if handled:
                self.pain.setValue(-1 if value is None else value)
                return True
        return super().eventFilter(watched, event)

    def current_program(self) -> Program | None:
        item = self.programs.currentItem()
        entry: CatalogEntry | None = item.data(ROLE_ENTRY) if item else None
        return entry.program if entry else None

    def current_stage_id(self) -> str | None:
        item = self.stages.currentItem()
        return item.data(ROLE_ENTRY) if item else None

    def _program_changed(self, *_args: object) -> None:
        self.stages.blockSignals(True)
        self.stages.clear()
        program = self.current_program()
        if program is not None:
            for stage in program.stage:
                item = QListWidgetItem(f"{stage.name} — {_(PLANNING)}")
                item.setData(ROLE_ENTRY, stage.id)
                self.stages.addItem(item)
            self.stages.setCurrentRow(0)
        self.stages.blockSignals(False)
        self.plan = None
        self._stage_changed()

    def _stage_changed(self, *_args: object) -> None:
        program, stage_id = self.current_program(), self.current_stage_id()
        if program is None or stage_id is None or all(s.id != stage_id for s in program.stage):
            self.details.setText("")
            self.show_coach([])
            return
        self.selected.emit(program.id, stage_id)
        plan = self.plan.stages.get(stage_id) if self.plan is not None else None
        if plan is None:
            stage = program.get_stage(stage_id)
            self.details.setText(f"{stage.name}\n{_(PLANNING)}")
            self.show_coach([])
            return
        from hipcoach.session.describe import prescription_text

        stage = plan.playable.get_stage(plan.timeline.stage.id)
        lines = [plan.stage.name, stage_summary(plan, long=True), ""]
        if plan.stage.description:
            lines += [plan.stage.description, ""]
        for phase in stage.phase:
            lines.append(phase.name)
            for ex in phase.exercise:
                lines.append(f"   {ex.name}  {prescription_text(ex, played=True)}")
        self.details.setText("\n".join(lines))
        self.show_coach(plan.lines(), plan.changes())

    def request_start(self) -> None:
        if self.current_program() is not None and self.current_stage_id() is not None:
            self.start_requested.emit()

    def focus_default(self) -> None:
        self.stages.setFocus()


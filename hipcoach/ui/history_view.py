"""The history: past sessions, one session's sets (editable), delete with undo.

Every read and write goes through the store worker; the view fills itself when the
answers arrive. A correction that is not possible is refused with the reason and the
cell goes back to what is stored; a saved one shows the set again as stored (the store
works out its time under tension again). Totals are the session's record, shown with
``SessionSummary.exercised_text`` and ``sets_text`` like every other reader.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hipcoach.format import load_text, number_text, when_text
from hipcoach.i18n import N_, _
from hipcoach.ui.store_bridge import StoreBridge

if TYPE_CHECKING:
    from hipcoach.domain.entries import DeletedSession, LoggedSet, SessionDetail, SessionSummary

SESSION_COLUMNS = (N_("Date"), N_("Programme — stage"), N_("Time exercised"), N_("Sets"),
                   N_("Worst pain"), N_("Status"))
SET_COLUMNS = (N_("Exercise"), N_("Side"), N_("Set"), N_("Reps"), N_("Target"), N_("Load"),
               "Tempo", N_("TUT (s)"), N_("Effort"), N_("Pain"), N_("Note"))
EDITABLE = {3: "reps", 8: "rpe", 9: "pain", 10: "note"}
STATUS_TEXT = {"completed": N_("done"), "abandoned": N_("ended early"),
               "in_progress": N_("interrupted")}
SIDE_TEXT = {"left": N_("left"), "right": N_("right")}
CHECKIN_TEXT = {"before": N_("pain before: {pain}/10"), "after": N_("pain after: {pain}/10"),
                "next_morning": N_("pain next morning: {pain}/10")}
ROLE_ID = Qt.ItemDataRole.UserRole


def _item(text: object, data: int | None = None, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if data is not None:
        item.setData(ROLE_ID, data)
    flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)
    return item


class HistoryView(QWidget):
    back_requested = Signal()
    print_requested = Signal(int)  # a session id
    how_requested = Signal(list)  # the exercise ids of the chosen session

    def __init__(self, bridge: StoreBridge, parent: QWidget | None = None, *,
                 changed: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_view")
        self.bridge = bridge
        self.changed = changed or (lambda _what: None)  # tells the app: plan again
        self.deleted: DeletedSession | None = None
        self._filling = False
        self.title = QLabel(_("History"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.message = QLabel()
        self.message.setObjectName("history_message")
        self.message.setWordWrap(True)
        self.sessions = QTableWidget(0, len(SESSION_COLUMNS))
        self.sessions.setObjectName("history_sessions")
        self.sessions.setAccessibleName(_("past sessions"))
        self.sessions.setHorizontalHeaderLabels([_(c) for c in SESSION_COLUMNS])
        self.sessions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sessions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sessions.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.sets = QTableWidget(0, len(SET_COLUMNS))
        self.sets.setObjectName("history_sets")
        self.sets.setAccessibleName(_("sets of the chosen session; reps, effort, pain and "
                                      "note can be corrected"))
        self.sets.setHorizontalHeaderLabels([_(c) for c in SET_COLUMNS])
        self.sets.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.detail = QLabel()
        self.detail.setObjectName("history_detail")
        self.detail.setWordWrap(True)

        self.back = QPushButton(_("Back  (Esc)"))
        self.delete = QPushButton(_("Delete session…"))
        self.delete.setObjectName("history_delete")
        self.undo = QPushButton(_("Undo delete"))
        self.undo.setObjectName("history_undo")
        self.undo.setEnabled(False)
        self.print = QPushButton(_("Print / PDF…"))
        self.how = QPushButton(_("How to do these…"))
        self.how.setObjectName("history_how")
        self.how.clicked.connect(lambda: self.how_requested.emit(list(self.shown_exercises)))
        self.shown_exercises: list[str] = []
        self.print.setObjectName("history_print")
        for button in (self.back, self.delete, self.undo, self.print):
            button.setAccessibleName(button.text().replace("…", ""))
        buttons = QHBoxLayout()
        for button in (self.back, self.delete, self.undo, self.print, self.how):
            buttons.addWidget(button)
        buttons.addStretch(1)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail)
        lower_layout.addWidget(self.sets, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.sessions)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self.back.clicked.connect(self.back_requested)
        self.delete.clicked.connect(self.delete_selected)
        self.undo.clicked.connect(self.undo_delete)
        self.print.clicked.connect(self._print)
        self.sessions.itemSelectionChanged.connect(self._session_chosen)
        self.sets.itemChanged.connect(self._set_edited)
        self.confirm_delete = self._ask_delete

    # Loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.bridge.submit(lambda store: store.sessions(limit=1000), self._fill_sessions,
                           self._failed)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(_("The history cannot be read: {reason}").format(reason=exc))

    def _fill_sessions(self, summaries: list[SessionSummary]) -> None:
        self.sessions.setRowCount(0)
        self.sets.setRowCount(0)
        self.detail.setText("")
        if not summaries:
            self.message.setText(_("No sessions yet: they appear here as soon as you start one."))
        for row, summary in enumerate(summaries):
            self.sessions.insertRow(row)
            when = when_text(summary.started_at)
            values = (when, f"{summary.program_name} — {summary.stage_name}",
                      summary.exercised_text(), summary.sets_text(),
                      "–" if summary.max_pain is None else f"{summary.max_pain}/10",
                      _(STATUS_TEXT.get(summary.status, summary.status)))
            for column, value in enumerate(values):
                self.sessions.setItem(row, column, _item(value, summary.id))
        if summaries:
            self.sessions.selectRow(0)

    def selected_session(self) -> int | None:
        items = self.sessions.selectedItems()
        return items[0].data(ROLE_ID) if items else None

    def _session_chosen(self) -> None:
        session_id = self.selected_session()
        if session_id is not None:
            self.bridge.submit(lambda store: store.session_detail(session_id), self._fill_sets,
                               self._failed)

    def _fill_sets(self, detail: SessionDetail) -> None:
        self._filling = True
        self.shown_exercises = list(dict.fromkeys(logged.exercise for logged in detail.sets))
        self.sets.setRowCount(0)
        for row, logged in enumerate(detail.sets):
            self.sets.insertRow(row)
            side = _(SIDE_TEXT[logged.side]) if logged.side in SIDE_TEXT else logged.side or ""
            values = (logged.exercise_name or logged.exercise, side, logged.set_no,
                      logged.reps, logged.target_reps, load_text(logged.load), logged.tempo or "",
                      "" if logged.tut_s is None else number_text(logged.tut_s),
                      logged.rpe, logged.pain, logged.note)
            for column, value in enumerate(values):
                self.sets.setItem(row, column, _item(value, logged.id, column in EDITABLE))
        checkins = {c.kind: c for c in detail.checkins}
        parts = []
        for kind, text in CHECKIN_TEXT.items():
            if kind in checkins:
                checkin = checkins[kind]
                line = _(text).format(pain=checkin.pain)
                if checkin.stiffness is not None:
                    line += _(", stiffness {stiffness}").format(stiffness=checkin.stiffness)
                parts.append(line)
        if detail.skipped:
            parts.append(_("skipped: {steps}").format(
                steps="; ".join(s.text() for s in detail.skipped)))
        if detail.summary.not_reached:
            parts.append(_("not reached: {count} of the planned sets").format(
                count=detail.summary.not_reached))
        self.detail.setText("  ·  ".join(parts) or _("No check-ins for this session."))
        self._filling = False

    # Editing ------------------------------------------------------------------------------
    def _set_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in EDITABLE:
            return
        field = EDITABLE[item.column()]
        text = item.text().strip()
        set_id = item.data(ROLE_ID)
        value: int | str | None
        if field == "note":
            value = text
        elif text == "" and field != "reps":
            value = None
        else:
            try:
                value = int(text)
            except ValueError:
                self._refuse(_("{column} must be a whole number").format(
                    column=_(SET_COLUMNS[item.column()])))
                return
        self.bridge.submit(lambda store: store.update_set(set_id, **{field: value}),
                           self._corrected, lambda exc: self._refuse(str(exc)),
                           label="correct a set")

    def _corrected(self, _logged: LoggedSet) -> None:
        self.message.setText(_("Correction saved."))
        self.changed("correction")  # the coach plans again from the corrected set
        self._session_chosen()  # show the set as stored (time under tension follows reps)

    def _refuse(self, reason: str) -> None:
        self.message.setText(_("Not changed: {reason}").format(reason=reason))
        self._session_chosen()  # show what is stored again

    # Delete and undo ----------------------------------------------------------------------
    def _ask_delete(self, text: str) -> bool:
        answer = QMessageBox.question(self, _("Delete this session?"), text,
                                      QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> None:
        session_id = self.selected_session()
        if session_id is None:
            return
        row = self.sessions.currentRow()
        when = self.sessions.item(row, 0).text() if row >= 0 else _("this session")
        if not self.confirm_delete(_("Delete the session of {date} and all its sets? "
                                     "You can undo this until you leave the history.").format(
                                         date=when)):
            return
        self.bridge.submit(lambda store: store.delete_session(session_id), self._deleted,
                           self._failed, label="delete a session")

    def _deleted(self, deleted: DeletedSession) -> None:
        self.deleted = deleted
        self.changed("deletion")
        self.undo.setEnabled(True)
        self.message.setText(_("Session deleted. Undo brings it back."))
        self.reload()

    def undo_delete(self) -> None:
        deleted, self.deleted = self.deleted, None
        if deleted is None:
            return
        self.undo.setEnabled(False)
        self.bridge.submit(lambda store: store.undo_delete(deleted),
                           lambda _none: (self.message.setText(_("Session restored.")),
                                          self.reload(), self.changed("undo")),
                           self._failed, keep=True, label="undo delete")

    def leave(self) -> None:
        self.deleted = None
        self.undo.setEnabled(False)

    def _print(self) -> None:
        session_id = self.selected_session()
        if session_id is not None:
            self.print_requested.emit(session_id)

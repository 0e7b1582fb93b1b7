"""After a re-test session: ask for the results and save them on the store worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow


def ask_results(window: MainWindow) -> None:
    from hipcoach.ui.coach_dialogs import RetestResultsDialog

    dialog = RetestResultsDialog(window)
    if dialog.exec() != RetestResultsDialog.DialogCode.Accepted or window.store_bridge is None:
        return
    results = dialog.results()
    if not results:
        return
    data_dir = window.app.data_dir

    def save(store: Any) -> list[str]:
        from hipcoach.coach import profile
        from hipcoach.coach.assessments import interpret
        from hipcoach.store.assessments import AssessmentStore

        goal = profile.load(data_dir).profile.intake.goal if data_dir else None
        AssessmentStore(store.engine).save(results)
        return [finding.line for finding in interpret(results, goal)]

    window.store_bridge.submit(
        save, lambda lines: (QMessageBox.information(window, "Re-test saved", "\n".join(lines)),
                             window.app.changed("re-test")),
        lambda exc: QMessageBox.warning(window, "Re-test", f"Not saved: {exc}"), keep=True)

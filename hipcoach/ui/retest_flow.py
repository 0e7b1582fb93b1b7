"""After a re-test session: ask for the results and save them on the store worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from hipcoach.i18n import _, ngettext

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow


def ask_results(window: MainWindow) -> None:
    """Read the activities last rated (to rate them again), then ask."""
    if window.store_bridge is None:
        return

    def latest(store: Any) -> list[str]:
        return store.goals.latest_activities()

    window.store_bridge.submit(latest, lambda activities: _ask(window, activities),
                               lambda _exc: _ask(window, []))


def _ask(window: MainWindow, activities: list[str]) -> None:
    from hipcoach.ui.coach_dialogs import RetestResultsDialog

    dialog = RetestResultsDialog(window, activities)
    if dialog.exec() != RetestResultsDialog.DialogCode.Accepted or window.store_bridge is None:
        return
    results = dialog.results()
    goals = dialog.goals.ratings("retest")
    if not results and not goals:
        return
    data_dir = window.app.data_dir

    def save(store: Any) -> list[str]:
        from hipcoach.coach import profile
        from hipcoach.coach.assessments import interpret

        goal = profile.load(data_dir).profile.intake.goal if data_dir else None
        store.assessments.save(results)
        store.goals.save(goals)
        lines = [finding.line for finding in interpret(results, goal)]
        if goals:
            lines.append(ngettext("{count} everyday activity rated.",
                                  "{count} everyday activities rated.", len(goals)).format(
                count=len(goals)))
        return lines

    window.store_bridge.submit(
        save, lambda lines: (QMessageBox.information(window, _("Re-test saved"), "\n".join(lines)),
                             window.app.changed("re-test")),
        lambda exc: QMessageBox.warning(window, _("Re-test"),
                                        _("Not saved: {reason}").format(reason=exc)), keep=True)

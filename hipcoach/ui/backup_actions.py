"""File ▸ Back up now / Restore a backup…, run on the store worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from hipcoach.i18n import _

if TYPE_CHECKING:
    from hipcoach.store.repo import Store
    from hipcoach.ui.main_window import MainWindow


class BackupActions:
    def __init__(self, window: MainWindow, data_dir: Path | None) -> None:
        self.window = window
        self.data_dir = data_dir

    def backup_now(self) -> None:
        bridge, directory = self.window.store_bridge, self.data_dir
        if bridge is None or directory is None:
            return
        from hipcoach.store.backup import make_backup

        bridge.submit(
            lambda _store: make_backup(directory),
            lambda path: self.window.statusBar().showMessage(
                _("Backup saved: {file}").format(file=path), 8000),
            lambda exc: QMessageBox.warning(self.window, _("Backup"),
                                            _("No backup was made: {reason}").format(reason=exc)))

    def restore_backup(self) -> None:
        if self.window.store_bridge is None or self.data_dir is None:
            return
        if self.window.app.session_active:
            self.window.statusBar().showMessage(_("Restore a backup between sessions"), 4000)
            return
        from PySide6.QtWidgets import QFileDialog

        from hipcoach.store import backup_dir

        name, _filter = QFileDialog.getOpenFileName(
            self.window, _("Restore a backup"), str(backup_dir(self.data_dir)),
            _("HipCoach databases (*.db);;All files (*)"))
        if name:
            self.restore_from(name)

    def restore_from(self, name: str) -> None:
        """Replace the database with a backup (also after a database failed to open)."""
        bridge, directory = self.window.store_bridge, self.data_dir
        if bridge is None or directory is None:
            return

        def restore(store: Store | None) -> Store:
            from hipcoach.store.backup import restore as restore_file
            from hipcoach.store.engine import prepare_database

            if store is not None:
                close = getattr(store, "close", None)  # let go of the journal, then the file
                if close is not None:
                    close()
                store.engine.dispose()
            restore_file(directory, name)
            assert bridge.worker is not None
            bridge.worker.store = prepare_database(directory).store()
            bridge.worker.failed_open = None
            return bridge.worker.store

        def restored(store: Store) -> None:
            bridge.store = store
            self.window.statusBar().showMessage(_("Backup restored."), 8000)
            self.window.reload_history()
            self.window.app.changed("restore")

        bridge.submit(
            restore, restored,
            lambda exc: QMessageBox.warning(self.window, _("Restore"),
                                            _("Nothing was restored: {reason}").format(reason=exc)),
            needs_store=False, label="restore a backup")

"""A damaged database at start: it is moved aside (never overwritten), the user is told,
and a backup can be restored from the window without restarting."""

from __future__ import annotations

from datetime import UTC, datetime

from hipcoach.store import database_path
from hipcoach.store.backup import make_backup
from hipcoach.store.engine import prepare_database


def test_corrupt_database_then_restore_from_the_window(stored, tmp_path, qtbot):
    db = prepare_database(tmp_path)
    db.store().start_session(program_id="daily-drill", program_name="Daily", stage_id="daily",
                             stage_name="Daily", planned_sets=5, planned_seconds=300,
                             started_at=datetime(2026, 11, 1, 8, 0, tzinfo=UTC))
    backup = make_backup(tmp_path)
    db.close()
    garbage = b"this is not a database" * 200
    database_path(tmp_path).write_bytes(garbage)

    built = stored()
    window, bridge = built.window, built.bridge
    if True:
        qtbot.waitUntil(lambda: "could not be read" in window.start_view.notice.text(),
                        timeout=10_000)
        moved = [p for p in tmp_path.iterdir() if p.name.startswith("hipcoach.db.")
                 and p.read_bytes() == garbage]
        assert moved, "the damaged file was not kept"
        window.backups.restore_from(str(backup))
        qtbot.waitUntil(lambda: bridge.store is not None, timeout=10_000)
        counts: list[int] = []
        bridge.submit(lambda store: store.session_count(), counts.append)
        qtbot.waitUntil(lambda: counts == [1], timeout=10_000)

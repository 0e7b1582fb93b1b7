"""Ctrl+C or SIGTERM during ``hipcoach import`` / ``export`` / ``backup``: one line, a
non-zero status, no traceback, and the database all there or untouched.

The signal is sent once the child opens the file (inotify tells the test), never after
a fixed sleep or a polling loop.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support_fifo import OpenWatch

from hipcoach.store.engine import prepare_database
from tests.reliability.conftest import ROOT

HEADER = ("date,session_id,program,stage,exercise,side,set,target_reps,reps,load,unit,tempo,"
          "hold_s,tut_s,rpe,pain,note")

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="needs Linux inotify")


def big_csv(path: Path, sessions: int = 4000) -> None:
    lines = [HEADER]
    for n in range(sessions):
        day = 1 + n % 28
        for set_no in (1, 2, 3):
            lines.append(f"2025-03-{day:02d}T18:{set_no:02d}:00+01:00,{n},hip-extension,"
                         f"foundation,glute-bridge,,{set_no},8,9,20,kg,3-0-3-0,,54,7,2,"
                         f"session {n} set {set_no}")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def run_and_signal(args: list[str], watched: Path, signum: int) -> tuple[int, str, bool]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    watch = OpenWatch(watched)  # before the child starts: its open is never missed
    try:
        process = subprocess.Popen([sys.executable, "-m", "hipcoach", *args], cwd=ROOT,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        sent = watch.wait(process)
    finally:
        watch.close()
    if sent:
        process.send_signal(signum)
    _out, err = process.communicate(timeout=60)
    return process.returncode, err, sent


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_import_says_one_line_and_imports_all_or_nothing(
        tmp_path: Path, data_dir: Path, signum: int) -> None:
    source = tmp_path / "big.csv"
    big_csv(source)
    prepare_database(data_dir).close()
    code, err, sent = run_and_signal(["import", "--csv", str(source), "--data-dir",
                                      str(data_dir)], source, signum)
    assert "Traceback" not in err
    with prepare_database(data_dir) as db:
        count = db.store().session_count()
    if code == 0:  # it finished before the signal landed
        assert count == 4000
        return
    assert sent and code == 130
    assert err.strip().splitlines() == ["hipcoach import: stopped; nothing half-done was kept"]
    assert count == 0  # one transaction: nothing half imported


def test_an_interrupted_backup_leaves_no_half_copy(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    big_csv(source, 3000)
    prepare_database(data_dir).close()
    from tests.reliability.conftest import hipcoach

    assert hipcoach("import", "--csv", str(source), "--data-dir", str(data_dir)).returncode == 0
    db_file = data_dir / "hipcoach.db"
    code, err, _sent = run_and_signal(["backup", "--data-dir", str(data_dir)], db_file,
                                      signal.SIGINT)
    assert "Traceback" not in err
    assert code in (0, 130)
    if code == 130:
        assert len(err.strip().splitlines()) == 1
    backups = data_dir / "backups"
    names = sorted(p.name for p in backups.iterdir()) if backups.exists() else []
    assert not any(".partial" in n for n in names)  # no half-made copy is left behind
    made = [n for n in names if n.startswith("manual-")]
    assert len(made) == (1 if code == 0 else 0)


def test_the_signal_really_lands_during_an_import(tmp_path: Path, data_dir: Path) -> None:
    """Guard for the test above: with a big file the signal arrives while it runs."""
    source = tmp_path / "big.csv"
    big_csv(source, 12000)
    code, err, sent = run_and_signal(["import", "--csv", str(source), "--data-dir",
                                      str(data_dir)], source, signal.SIGINT)
    assert sent and code == 130, err
    assert "Traceback" not in err


def test_a_copy_left_by_a_killed_backup_is_removed_by_the_next_one(data_dir: Path) -> None:
    """SIGKILL cannot be caught, so its half-made copy stays; the next backup removes it,
    but never a copy another process is still making (it holds a lock)."""
    import fcntl

    from hipcoach.store.backup import make_backup

    prepare_database(data_dir).close()
    folder = data_dir / "backups"
    folder.mkdir()
    stale = folder / "manual-20250101-000000.db.partial"
    stale.write_bytes(b"half")
    (folder / "manual-20250101-000000.db.partial-journal").write_bytes(b"j")
    live = folder / "auto-20250101-000001.db.partial"
    live.write_bytes(b"being written")
    with open(live, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # another process, still copying
        made = make_backup(data_dir, "manual")
        names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([made.name, live.name])

"""Kill the real app (SIGKILL) at random moments of sessions and resume each time.

The app runs the daily drill at 80x speed with every set logged as prescribed; after each
kill it is started again with --resume. At the end every session in the database has
each planned set exactly once, nothing more, and SQLite's integrity check passes.
The only waiting here is for the real child process.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys

from support_fifo import LineFifo

from hipcoach.program.catalog import resolve
from hipcoach.session.set_tracker import set_spans
from hipcoach.session.timeline import compile_stage

KILLS = 20
SPEED = "80"


def _start(data_dir, trace=None):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    args = [sys.executable, "-m", "hipcoach", "--data-dir", str(data_dir), "--program",
            "daily-drill", "--start", "--resume", "--speed", SPEED, "--auto-log",
            "--quit-when-done"]
    if trace is not None:
        args += ["--trace", str(trace)]
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(tmp_path):
    rng = random.Random(20261121)
    kills = finished_runs = 0
    errors: list[bytes] = []
    while kills < KILLS:
        # the kills are timed from the session's first step, not from the process start
        # (start-up takes longer on a busy machine): its trace comes through a named pipe
        trace = LineFifo(tmp_path / f"trace-{kills}-{finished_runs}.fifo")
        process = _start(tmp_path, trace.path)
        with contextlib.suppress(AssertionError):  # a run over before a step: judged below
            trace.wait_for(lambda _line: True, process)
        try:
            _, err = process.communicate(timeout=rng.uniform(0.05, 2.0))
            finished_runs += 1
            assert process.returncode == 0, err.decode()
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            _, err = process.communicate()
            kills += 1
        finally:
            trace.close()
        errors.append(err)
    # One last run picks up the interrupted session and completes it.
    final = _start(tmp_path)
    _, err = final.communicate(timeout=60)
    assert final.returncode == 0, err.decode()
    assert not any(b"Traceback" in e for e in errors + [err])

    timeline = compile_stage(resolve("daily-drill", None))
    planned = sorted((s.exercise, s.set_no, s.side or "") for s in set_spans(timeline))
    db = sqlite3.connect(tmp_path / "hipcoach.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sessions = db.execute("SELECT id, status FROM sessions ORDER BY id").fetchall()
        assert sessions, "no session was recorded"
        assert [status for _, status in sessions].count("in_progress") == 0
        completed = [sid for sid, status in sessions if status == "completed"]
        # killed sessions were picked up again rather than started afresh
        assert len(sessions) < kills + finished_runs + 1
        assert len(completed) >= 2
        for session_id in completed:
            rows = db.execute(
                "SELECT exercise, set_no, coalesce(side, '') FROM sets WHERE session_id = ? "
                "ORDER BY exercise, set_no, side", (session_id,)).fetchall()
            assert sorted(rows) == planned, f"session {session_id}"
        dupes = db.execute("SELECT count(*) FROM (SELECT session_id, exercise, set_no, side, "
                           "count(*) c FROM sets GROUP BY 1, 2, 3, 4 HAVING c > 1)").fetchone()
        assert dupes[0] == 0
    finally:
        db.close()

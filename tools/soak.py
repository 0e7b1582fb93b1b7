"""The soak test: kill HipCoach's writers at random and check that nothing is lost.

    .venv/bin/python tools/soak.py                 # 200 kills (make soak)
    .venv/bin/python tools/soak.py --runs 20 --seed 7

``--runs N`` goes on until N signals have hit a child that was still running (a child
that finished first does not count as a kill).

Each run starts one child on a shared data folder and kills it after a random moment
with a random signal (SIGKILL, SIGTERM or SIGINT):

- **session**: a child that records a session through the store worker exactly as the
  app does (``StoreWorker`` + ``DurableStore``) and prints ``SET <session> <n>`` each
  time a set is confirmed written. Every confirmed set must be in the database exactly
  once afterwards; a session's ``done_sets`` must match its rows;
- **import**: ``hipcoach import --csv`` of a file of fresh sessions: afterwards the file's
  sessions are all there or none are (one transaction), and importing again adds nothing;
- **backup**: ``hipcoach backup``: afterwards every ``backups/*.db`` is a whole, readable
  HipCoach database and no ``.partial`` file is left.

After every run the database must pass SQLite's integrity check and no child may have
printed a Python traceback. The figures are printed at the end; the exit status is 1 if
any check failed.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIGNALS = {"KILL": signal.SIGKILL, "TERM": signal.SIGTERM, "INT": signal.SIGINT}
HEADER = ("date,session_id,program,stage,exercise,side,set,target_reps,reps,load,unit,tempo,"
          "hold_s,tut_s,rpe,pain,note")


# The session child ------------------------------------------------------------------------

def child_session(data_dir: Path, sets: int) -> int:
    """Record one session set by set, as the app's recorder does; print each confirmed set."""
    import threading

    from hipcoach.domain.entries import SetEntry
    from hipcoach.store.engine import prepare_database
    from hipcoach.store.instance import InstanceLock
    from hipcoach.store.jobs import StoreWorker

    stop = threading.Event()

    def on_signal(_signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    lock = InstanceLock(data_dir)
    if not lock.acquire():
        print("locked", flush=True)
        return 2
    database = prepare_database(data_dir)
    worker = StoreWorker(database.store)
    ids: list[int] = []
    started = threading.Event()

    def begun(session_id: int) -> None:
        ids.append(session_id)
        print(f"SESSION {session_id}", flush=True)
        started.set()

    worker.submit(lambda store: store.start_session(
        program_id="soak", program_name="Soak", stage_id="s", stage_name="S",
        planned_sets=sets), begun, keep=True, label="start")
    started.wait(30)
    sid = ids[0]
    for n in range(1, sets + 1):
        if stop.is_set():
            break
        confirmed = threading.Event()

        def written(_set_id: int, n: int = n, confirmed: threading.Event = confirmed) -> None:
            print(f"SET {sid} {n}", flush=True)
            confirmed.set()

        worker.submit(lambda store, n=n: store.log_set(SetEntry(
            sid, "bridge", n, 10, note=f"soak {n}")), written,
            lambda _e, confirmed=confirmed: confirmed.set(), keep=True, label=f"set {n}")
        worker.submit(lambda store, n=n: store.save_position(sid, n), label="position")
        confirmed.wait(30)
        stop.wait(random.uniform(0.0, 0.02))  # the rest between sets
    status = "abandoned" if stop.is_set() else "completed"
    worker.submit(lambda store: store.finish_session(sid, status), keep=True)
    worker.flush(30)
    worker.close()
    database.close()
    lock.release()
    print("stopped" if stop.is_set() else "done", file=sys.stderr, flush=True)
    return 0


# The parent -------------------------------------------------------------------------------

@dataclass
class Figures:
    runs: Counter[str] = field(default_factory=Counter)
    signals: Counter[str] = field(default_factory=Counter)
    finished_before_kill: int = 0
    confirmed_sets: int = 0
    sets_found: int = 0
    imports_whole: int = 0
    imports_none: int = 0
    backups_checked: int = 0
    journal_replayed: int = 0
    kept_sets: int = 0
    stale_partials: set[str] = field(default_factory=set)
    partials_after_kill: int = 0
    failures: list[str] = field(default_factory=list)


def _python() -> list[str]:
    return [sys.executable]


def _env() -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("HIPCOACH_DATA_DIR", None)
    return env


def _start(kind: str, data_dir: Path, scratch: Path, n: int) -> tuple[subprocess.Popen[str], Path | None]:
    if kind == "session":
        args = [*_python(), str(Path(__file__).resolve()), "--child-session", str(data_dir),
                "--sets", "30"]
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=_env(), cwd=ROOT), None
    if kind == "import":
        source = scratch / f"import-{n}.csv"
        _write_csv(source, n)
        args = [*_python(), "-m", "hipcoach", "import", "--csv", str(source),
                "--data-dir", str(data_dir)]
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=_env(), cwd=ROOT), source
    args = [*_python(), "-m", "hipcoach", "backup", "--data-dir", str(data_dir)]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_env(), cwd=ROOT), None


def _write_csv(path: Path, n: int, sessions: int = 40) -> None:
    base = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=n)
    lines = [HEADER]
    for k in range(sessions):
        for set_no in (1, 2, 3):
            when = (base + timedelta(minutes=k * 10 + set_no)).isoformat(timespec="seconds")
            lines.append(f"{when},{k},import-{n},s,bridge,,{set_no},8,9,,bodyweight,,,,,,"
                         f"run {n} session {k}")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def _db(data_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(data_dir / "hipcoach.db")


def _settle(data_dir: Path, figures: Figures) -> None:
    """Open the store as the next start would (replaying any kept writes)."""
    from hipcoach.store.engine import prepare_database
    from hipcoach.store.journal import Journal, journal_path

    pending = len(Journal(journal_path(data_dir))) if journal_path(data_dir).exists() else 0
    with prepare_database(data_dir) as db:
        db.store()
    figures.journal_replayed += pending


def _check(kind: str, data_dir: Path, out: str, err: str, source: Path | None,
           figures: Figures, run: int, signal_name: str, completed: bool) -> None:
    if "Traceback" in err or "Traceback" in out:
        figures.failures.append(f"run {run} ({kind}): a traceback: {err.strip()[-300:]}")
    if len([line for line in err.splitlines() if line.strip()]) > 1 and kind != "session":
        figures.failures.append(f"run {run} ({kind}): more than one line on stderr: {err!r}")
    _settle(data_dir, figures)
    con = _db(data_dir)
    try:
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            figures.failures.append(f"run {run}: the integrity check failed")
        if kind == "session":
            confirmed = [tuple(map(int, line.split()[1:])) for line in out.splitlines()
                         if line.startswith("SET ")]
            figures.confirmed_sets += len(confirmed)
            for sid, n in confirmed:
                count = con.execute(
                    "SELECT count(*) FROM sets WHERE session_id = ? AND set_no = ?",
                    (sid, n)).fetchone()[0]
                if count != 1:
                    figures.failures.append(f"run {run}: set {n} of session {sid} is there "
                                            f"{count} times")
                else:
                    figures.sets_found += 1
            wrong = con.execute(
                "SELECT id FROM sessions s WHERE done_sets != "
                "(SELECT count(*) FROM sets WHERE session_id = s.id)").fetchall()
            if wrong:
                figures.failures.append(f"run {run}: sessions {wrong} miscount their sets")
        elif kind == "import" and source is not None:
            program = f"import-{source.stem.split('-')[1]}"
            sessions = con.execute("SELECT count(*) FROM sessions WHERE program_id = ?",
                                   (program,)).fetchone()[0]
            if sessions == 40:
                figures.imports_whole += 1
            elif sessions == 0:
                figures.imports_none += 1
            else:
                figures.failures.append(f"run {run}: import half done ({sessions} of 40)")
            if sessions == 40:  # importing again adds nothing
                before = con.execute("SELECT count(*) FROM sets").fetchone()[0]
                subprocess.run([*_python(), "-m", "hipcoach", "import", "--csv", str(source),
                                "--data-dir", str(data_dir)], capture_output=True, env=_env(),
                               cwd=ROOT, check=False)
                after = con.execute("SELECT count(*) FROM sets").fetchone()[0]
                if after != before:
                    figures.failures.append(f"run {run}: re-import added {after - before} sets")
        else:
            from hipcoach.store.backup import check_backup

            folder = data_dir / "backups"
            partials = {p.name for p in folder.glob("*.partial*")} if folder.exists() else set()
            # SIGKILL cannot be caught: its half-made copy may stay until the next backup
            # removes it; after TERM or INT, or past the next backup, it is a failure
            for name in partials & figures.stale_partials if completed else ():
                figures.failures.append(f"run {run}: a partial backup outlived the next "
                                        f"backup: {name}")
            if signal_name != "KILL" and not completed:
                for name in partials - figures.stale_partials:
                    figures.failures.append(f"run {run}: a partial backup was left after "
                                            f"{signal_name}: {name}")
            figures.partials_after_kill += len(partials - figures.stale_partials) \
                if signal_name == "KILL" else 0
            figures.stale_partials = partials
            for path in folder.glob("*") if folder.exists() else []:
                if ".partial" in path.name:
                    continue
                elif path.suffix == ".db":
                    try:
                        check_backup(path)
                        figures.backups_checked += 1
                    except Exception as exc:  # noqa: BLE001 - a failure to report
                        figures.failures.append(f"run {run}: backup {path.name}: {exc}")
    finally:
        con.close()


def _keep_writes(data_dir: Path, rng: random.Random) -> list[tuple[int, int]]:
    """Leave a few sets in the pending-writes journal, as a full disk would have: the
    child replays them when it opens the store (and may be killed while it does)."""
    from hipcoach.domain.entries import SetEntry
    from hipcoach.store.durable import _set_record
    from hipcoach.store.engine import prepare_database
    from hipcoach.store.journal import Journal, journal_path

    with prepare_database(data_dir) as db:
        sid = db.store().start_session(program_id="kept", program_name="Kept", stage_id="s",
                                       stage_name="S", planned_sets=5)
    journal = Journal(journal_path(data_dir))
    slots = [(sid, n) for n in range(1, rng.randint(2, 6))]
    try:
        for session_id, n in slots:
            journal.append({"op": "log_set", "entry": _set_record(SetEntry(
                session_id, "bridge", n, 8, note="kept", performed_at=datetime.now(UTC)))})
        journal.append({"op": "finish_session", "session_id": sid, "status": "completed",
                        "ended_at": datetime.now(UTC).isoformat(), "pain_after": None})
    finally:
        journal.close()
    return slots


def _check_kept(data_dir: Path, slots: list[tuple[int, int]], figures: Figures,
                run: int) -> None:
    con = _db(data_dir)
    try:
        for sid, n in slots:
            count = con.execute("SELECT count(*) FROM sets WHERE session_id = ? AND set_no = ?",
                                (sid, n)).fetchone()[0]
            if count != 1:
                figures.failures.append(f"run {run}: kept set {n} of session {sid} is there "
                                        f"{count} times")
        status = con.execute("SELECT status FROM sessions WHERE id = ?",
                             (slots[0][0],)).fetchone()[0]
        if status != "completed":
            figures.failures.append(f"run {run}: the kept session is {status}")
        figures.kept_sets += len(slots)
    finally:
        con.close()


def soak(runs: int, seed: int, keep: bool) -> int:
    rng = random.Random(seed)
    figures = Figures()
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="hipcoach-soak-") as folder:
        data_dir = Path(folder) / "data"
        scratch = Path(folder) / "scratch"
        scratch.mkdir()
        from hipcoach.store.engine import prepare_database

        prepare_database(data_dir).close()
        run = landed = 0
        while landed < runs and run < runs * 3:  # until `runs` signals hit a live child
            run += 1
            kind = rng.choices(["session", "import", "backup"], weights=[6, 2, 2])[0]
            name = rng.choice(list(SIGNALS))
            figures.runs[kind] += 1
            kept = _keep_writes(data_dir, rng) if kind == "session" and rng.random() < 0.4 \
                else []
            process, source = _start(kind, data_dir, scratch, run)
            top = {"session": 1.6, "import": 1.4, "backup": 0.5}[kind]
            time.sleep(rng.uniform(0.02, top))  # a random moment, on purpose
            if process.poll() is None:
                process.send_signal(SIGNALS[name])
                landed += 1
                figures.signals[name] += 1
            else:
                figures.finished_before_kill += 1
            try:
                out, err = process.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                out, err = process.communicate()
                figures.failures.append(f"run {run} ({kind}, {name}): did not stop within 60 s")
            _check(kind, data_dir, out, err, source, figures, run, name,
                   process.returncode == 0)
            if kept:
                _check_kept(data_dir, kept, figures, run)
            if run % 20 == 0:
                print(f"{run} runs, {landed}/{runs} kills, {len(figures.failures)} failures",
                      flush=True)
        if keep:
            kept = Path(tempfile.mkdtemp(prefix="hipcoach-soak-kept-"))
            os.rename(data_dir, kept / "data")
            print(f"data kept in {kept / 'data'}")
    elapsed = time.monotonic() - began
    print()
    print(f"soak: {sum(figures.signals.values())} kills in {sum(figures.runs.values())} runs "
          f"in {elapsed:.0f} s (seed {seed})")
    print("  runs:    " + ", ".join(f"{k} {v}" for k, v in sorted(figures.runs.items())))
    print("  kills:   " + ", ".join(f"{k} {v}" for k, v in sorted(figures.signals.items())))
    print(f"  children that finished before their signal (not counted as kills): "
          f"{figures.finished_before_kill}")
    print(f"  sets confirmed before a kill: {figures.confirmed_sets}; found exactly once: "
          f"{figures.sets_found}")
    print(f"  imports whole: {figures.imports_whole}; imports not applied: "
          f"{figures.imports_none}")
    print(f"  backups checked whole: {figures.backups_checked}; half-made copies left by "
          f"a SIGKILL (each removed by the next backup): {figures.partials_after_kill}")
    print(f"  sets left in the journal before a run, each found exactly once after: "
          f"{figures.kept_sets}")
    print(f"  kept writes still pending after a kill, replayed at the next start: "
          f"{figures.journal_replayed}")
    print(f"  failures: {len(figures.failures)}")
    for failure in figures.failures[:50]:
        print(f"    {failure}")
    return 1 if figures.failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    parser.add_argument("--keep", action="store_true", help="keep the data folder afterwards")
    parser.add_argument("--child-session", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--sets", type=int, default=30, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_session:
        return child_session(Path(args.child_session), args.sets)
    return soak(args.runs, args.seed, args.keep)


if __name__ == "__main__":
    if "--child-session" in sys.argv:  # a signal from now on stops the child cleanly
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

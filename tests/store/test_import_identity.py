"""Import is idempotent and exact: stable session identities, same-start sessions kept
apart, every text field round-trips, the store's bounds with line numbers, control
characters refused, ``--dry-run``. Real files, the real command, a real database."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipcoach import cli
from hipcoach.domain.entries import SetEntry
from hipcoach.store import database_path
from hipcoach.store.engine import prepare_database

HEADER = ("date,session_id,program,stage,exercise,side,set,target_reps,reps,load,unit,tempo,"
          "hold_s,tut_s,rpe,pain,note")
ROW = ("2025-03-05T18:00:00+01:00,{sid},hip-extension,foundation,glute-bridge,,{n},8,9,20,kg,"
       "3-0-3-0,,54,7,2,{note}")
T0 = datetime(2025, 3, 5, 17, 0, tzinfo=UTC)
NOTES = ["line one\nline two", 'she said "ok", then left', "ça va ✓ — 腰", "=1+1", "tab\there",
         "'quoted", " padded "]


def write(path: Path, *rows: str) -> Path:
    path.write_text("\r\n".join((HEADER, *rows)) + "\r\n", encoding="utf-8")
    return path


def counts(data_dir: Path) -> tuple[int, int]:
    con = sqlite3.connect(database_path(data_dir))
    try:
        return (con.execute("SELECT count(*) FROM sessions").fetchone()[0],
                con.execute("SELECT count(*) FROM sets").fetchone()[0])
    finally:
        con.close()


def run(*args: str) -> int:
    return cli.main(list(args))


def recorded(data_dir: Path) -> None:
    with prepare_database(data_dir) as db:
        store = db.store()
        for k in range(2):
            sid = store.start_session(program_id="hip-extension", program_name="Hip",
                                      stage_id="foundation", stage_name="Foundation",
                                      started_at=T0 + timedelta(days=k))
            for n, note in enumerate(NOTES, 1):
                store.log_set(SetEntry(sid, "glute-bridge", n, 9, note=note,
                                       performed_at=T0 + timedelta(days=k, minutes=n,
                                                                   microseconds=123456)))
            store.finish_session(sid, ended_at=T0 + timedelta(days=k, hours=1))


def test_two_sessions_with_the_same_start_time_stay_two(tmp_path: Path, data_dir: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "same.csv", ROW.format(sid=1, n=1, note="a"),
                   ROW.format(sid=2, n=1, note="b"))
    assert run("import", "--csv", str(source), "--data-dir", str(data_dir)) == 0
    assert "imported 2 sets in 2 sessions" in capsys.readouterr().out
    assert counts(data_dir) == (2, 2)  # nothing merged, nothing vanished


def test_re_importing_the_apps_own_export_adds_nothing(tmp_path: Path, data_dir: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    recorded(data_dir)
    before = counts(data_dir)
    out = tmp_path / "export.csv"
    assert run("export", "--csv", str(out), "--data-dir", str(data_dir)) == 0
    for _ in range(2):
        assert run("import", "--csv", str(out), "--data-dir", str(data_dir)) == 0
        assert counts(data_dir) == before
    assert "imported 0 sets in 0 sessions" in capsys.readouterr().out


def test_importing_a_file_twice_elsewhere_adds_it_once_and_text_round_trips(
        tmp_path: Path, data_dir: Path) -> None:
    recorded(data_dir)
    out = tmp_path / "export.csv"
    assert run("export", "--csv", str(out), "--data-dir", str(data_dir)) == 0
    other = tmp_path / "other"
    for _ in range(2):
        assert run("import", "--csv", str(out), "--data-dir", str(other)) == 0
    assert counts(other) == counts(data_dir)
    with prepare_database(other) as db:
        notes = [s.note for s in db.store().sets()]
    assert notes == NOTES * 2  # line breaks, quotes, Unicode, formulas, tabs, spaces


def test_dry_run_says_what_would_happen_and_changes_nothing(
        tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recorded(data_dir)
    source = write(tmp_path / "new.csv", ROW.format(sid=7, n=1, note="x"),
                   ROW.format(sid=7, n=2, note="y"))
    before = counts(data_dir)
    assert run("import", "--csv", str(source), "--dry-run", "--data-dir", str(data_dir)) == 0
    out = capsys.readouterr().out
    assert "would import 2 sets in 1 session" in out and "nothing was changed" in out
    assert counts(data_dir) == before
    assert not list((data_dir / "backups").glob("pre-import-*")) \
        if (data_dir / "backups").exists() else True


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("reps", "9" * 5000, "reps is not a sensible number"),
    ("tut_s", "1" + "0" * 4999, "tut_s is not a sensible number"),
    ("tut_s", "4000", "time under tension must be a number of seconds from 0 to 3600"),
    ("hold_s", "99999", "hold must be a number of seconds from 0 to 3600"),
    ("date", "0001-01-01T00:00:00+01:00", "date must be a date from 2000 to tomorrow"),
    ("date", "9999-12-31T23:59:59-05:00", "date must be a date from 2000 to tomorrow"),
    ("date", "1999-12-31T12:00:00+00:00", "date must be a date from 2000 to tomorrow"),
    ("note", "nul\x00byte", "note contains a control character (U+0000)"),
    ("note", "bell\x07", "note contains a control character (U+0007)"),
    ("exercise", "glute\x1bbridge", "exercise contains a control character (U+001B)"),
    ("program", "hip\x00ext", "program contains a control character (U+0000)"),
])
def test_out_of_bounds_and_control_characters_are_refused_by_line(
        tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str],
        column: str, value: str, expected: str) -> None:
    good = dict(zip(HEADER.split(","), ROW.format(sid=1, n=2, note="ok").split(","),
                    strict=True))
    bad = dict(good, **{column: value})
    line = ",".join(f'"{v}"' if "\n" in v else v for v in bad.values())
    source = write(tmp_path / "bad.csv", ROW.format(sid=1, n=1, note="ok"), line)
    assert run("import", "--csv", str(source), "--data-dir", str(data_dir)) == 1
    err = capsys.readouterr().err
    assert f"line 3: {expected}" in err
    assert "unexpected error" not in err and "Traceback" not in err
    assert not database_path(data_dir).exists() or counts(data_dir) == (0, 0)


def test_a_fifo_is_not_read_as_a_csv(tmp_path: Path, data_dir: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert run("import", "--csv", str(fifo), "--data-dir", str(data_dir)) == 1
    assert "named pipe" in capsys.readouterr().err

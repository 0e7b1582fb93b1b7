"""CSV export and import: exact columns, formula neutralisation, all-or-nothing import."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hipcoach import cli
from hipcoach.store.csvio import COLUMNS, TRIGGERS, neutralise, read_csv, unneutralise
from hipcoach.store.engine import Database, prepare_database
from hipcoach.store.entries import Load, SetEntry
from hipcoach.store.repo import Store

HEADER = ("date,session_id,program,stage,exercise,side,set,target_reps,reps,load,unit,tempo,"
          "hold_s,tut_s,rpe,pain,note,pain_before,pain_after,pain_morning,decisions")
# The set columns alone: files written before the coach columns still import.
BASE_HEADER = HEADER.split(",pain_before")[0]
T0 = datetime(2025, 3, 5, 17, 0, tzinfo=UTC)
NASTY_NOTES = ["=SUM(A1:A9)", "+44 123", "-5", "-2 reps, cramp", "@cmd", "\tindented",
               "\rreturn", "'quoted", "two\nlines", "ça va ✓, \"fine\""]


USER_PROGRAM = """
[program]
id = "csv-test"
name = "CSV test"

[[stage]]
id = "one"
name = "Stage one"
  [[stage.phase]]
  kind = "loaded"
  name = "Loaded"
    [[stage.phase.exercise]]
    id = "glute-bridge"
    name = "Glute bridge"
    sets = 3
    reps = "8-12"
"""


def _fill(store: Store) -> None:
    sid = store.start_session(program_id="csv-test", program_name="CSV test",
                              stage_id="one", stage_name="Stage one", started_at=T0)
    loads = [Load("kg", 20.0), Load("lb", 2.5), Load("band", colour="red"), Load()]
    for n, note in enumerate(NASTY_NOTES):
        store.log_set(SetEntry(
            sid, "glute-bridge", n + 1, 8 + n % 3, exercise_name="Glute bridge", phase="loaded",
            side=(None, "left", "right")[n % 3], target_reps=8, load=loads[n % 4],
            tempo="3-0-3-0" if n % 2 else None, hold_s=10.0 if n == 3 else None,
            tut_s=48.0 + n * 0.5, rpe=None if n == 2 else 7, pain=n % 11, note=note,
            performed_at=T0 + timedelta(minutes=n),
        ))
    store.finish_session(sid, ended_at=T0 + timedelta(minutes=30))
    other = store.start_session(program_id="daily-drill", program_name="Daily", stage_id="daily",
                                stage_name="Daily", started_at=T0 + timedelta(days=1))
    store.log_set(SetEntry(other, "prone-hip-extension", 1, 5, side="left",
                           performed_at=T0 + timedelta(days=1, minutes=2)))


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_columns_and_cells(db: Database, store: Store, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    _fill(store)
    out = tmp_path / "sets.csv"
    assert cli.main(["export", "--csv", str(out), "--data-dir", str(db.data_dir)]) == 0
    assert "wrote 11 sets" in capsys.readouterr().out
    assert out.read_bytes().decode("utf-8").split("\r\n", 1)[0] == HEADER
    assert tuple(HEADER.split(",")) == COLUMNS
    rows = _rows(out)
    assert len(rows) == 11
    notes = [r["note"] for r in rows[:10]]
    assert notes == ["'=SUM(A1:A9)", "'+44 123", "-5", "'-2 reps, cramp", "'@cmd",
                     "'\tindented", "'\rreturn", "''quoted", "two\nlines", "ça va ✓, \"fine\""]
    first = rows[0]
    assert first["load"] == "20" and first["unit"] == "kg"  # numbers stay plain numbers
    assert rows[1]["load"] == "2.5" and rows[2]["load"] == "red" and rows[3]["load"] == ""
    assert rows[1]["tut_s"] == "48.5" and rows[3]["hold_s"] == "10" and rows[2]["rpe"] == ""
    assert first["program"] == "csv-test" and first["stage"] == "one"
    assert first["exercise"] == "glute-bridge"
    assert datetime.fromisoformat(first["date"]) == T0
    for row in rows:
        for column, cell in row.items():
            if cell and cell[0] in TRIGGERS:
                assert column == "note" and cell == "-5"


def test_export_import_round_trip(db: Database, store: Store, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    _fill(store)
    first = tmp_path / "first.csv"
    second = tmp_path / "second.csv"
    other_dir = tmp_path / "other"
    (other_dir / "programs").mkdir(parents=True)
    (other_dir / "programs" / "csv-test.toml").write_text(USER_PROGRAM, encoding="utf-8")
    assert cli.main(["export", "--csv", str(first), "--data-dir", str(db.data_dir)]) == 0
    assert cli.main(["import", "--csv", str(first), "--data-dir", str(other_dir)]) == 0
    assert "imported 11 sets in 2 sessions" in capsys.readouterr().out
    assert cli.main(["export", "--csv", str(second), "--data-dir", str(other_dir)]) == 0
    assert second.read_bytes() == first.read_bytes()
    with prepare_database(other_dir) as other:
        detail = other.store().session_detail(1)
        original = store.session_detail(1)
        assert [s.note for s in detail.sets] == [s.note for s in original.sets]
        assert [s.load for s in detail.sets] == [s.load for s in original.sets]
        # Names and phases come back from the programme the ids point to.
        assert detail.summary.program_name == "CSV test"
        assert detail.summary.stage_name == "Stage one"
        assert (detail.sets[0].exercise_name, detail.sets[0].phase) == ("Glute bridge", "loaded")
        unknown = other.store().session_detail(2)
        assert unknown.summary.program_name == "daily-drill" or unknown.summary.program_name
    # Importing the same file again adds nothing.
    assert cli.main(["import", "--csv", str(first), "--data-dir", str(other_dir)]) == 0
    with prepare_database(other_dir) as other:
        assert other.store().session_count() == 2
        assert sum(s.done_sets for s in other.store().sessions()) == 11


def test_export_to_standard_output(db: Database, store: Store,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    _fill(store)
    assert cli.main(["export", "--csv", "-", "--data-dir", str(db.data_dir)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(HEADER) and "wrote 11 sets" in captured.err


def test_export_without_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", "--csv", str(tmp_path / "x.csv"),
                     "--data-dir", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert "no HipCoach database" in err and err.count("\n") == 1
    assert not (tmp_path / "none").exists()


GOOD = ("2025-03-05T18:00:00+01:00,1,hip-extension,foundation,glute-bridge,,1,8,9,20,kg,"
        "3-0-3-0,,54,7,2,fine")


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\r\n".join((BASE_HEADER, *lines)) + "\r\n", encoding="utf-8")
    return path


def test_bad_rows_are_all_reported_and_nothing_is_imported(
    db: Database, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(store)
    before = store.sessions()
    source = _write(
        tmp_path / "bad.csv",
        GOOD,                                                           # line 2
        GOOD.replace(",1,8,9,", ",2,8,150,"),                           # line 3: reps
        GOOD.replace("fine", '"a note\nover two lines"').replace(",1,8,9,", ",3,8,9,"),
        GOOD.replace(",,1,8,9,", ",middle,4,8,9,").replace(",7,2,", ",7,11,"),  # line 6
        GOOD.replace("2025-03-05T18:00:00+01:00", "yesterday").replace(",1,8,9,", ",5,8,9,"),
        GOOD.replace("20,kg", "-3,kg").replace(",1,8,9,", ",6,8,9,"),  # line 8: load
        GOOD,                                                           # line 9: repeat
        GOOD.replace(",54,7,", ",54,0,").replace(",1,8,9,", ",7,8,9,"),  # line 10: rpe
        "2025-03-05,1,too,few",                                         # line 11
    )
    code = cli.main(["import", "--csv", str(source), "--data-dir", str(db.data_dir)])
    assert code == 1
    err = capsys.readouterr().err
    lines = err.strip().split("\n")
    assert [line.split(": ")[1] for line in lines[:-1]] == [
        "line 3", "line 6", "line 7", "line 8", "line 9", "line 10", "line 11"]
    assert "reps must be a whole number from 0 to 100, got 150" in err
    assert "side must be left, right or empty" in err and "pain must be" in err
    assert "repeats the set on line 2" in err
    assert "nothing was imported: 7 bad rows" in lines[-1]
    assert "Traceback" not in err
    assert store.sessions() == before


def test_import_rejects_a_wrong_header(data_dir: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "h.csv"
    source.write_text("date,reps\n2025-03-05,10\n", encoding="utf-8")
    assert cli.main(["import", "--csv", str(source), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "line 1: missing columns: session_id" in err


def test_import_odd_files(data_dir: Path, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", "--csv", str(tmp_path / "missing.csv"),
                     "--data-dir", str(data_dir)]) == 1
    assert "no such file" in capsys.readouterr().err
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert cli.main(["import", "--csv", str(binary), "--data-dir", str(data_dir)]) == 1
    assert "not UTF-8" in capsys.readouterr().err
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert cli.main(["import", "--csv", str(empty), "--data-dir", str(data_dir)]) == 1
    assert "empty" in capsys.readouterr().err


def test_import_accepts_a_spreadsheet_saved_file(data_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "excel.csv"
    text = "\ufeff" + BASE_HEADER + "\r\n" + GOOD.replace("fine", "'=1+1") + "\r\n\r\n"
    source.write_text(text, encoding="utf-8")
    assert cli.main(["import", "--csv", str(source), "--data-dir", str(data_dir)]) == 0
    with prepare_database(data_dir) as db:
        (logged,) = db.store().session_detail(1).sets
    assert logged.note == "=1+1" and logged.load == Load("kg", 20.0)
    assert logged.performed_at == datetime(2025, 3, 5, 17, 0, tzinfo=UTC)


@given(st.text(max_size=30))
def test_neutralise_round_trips_and_defuses(text: str) -> None:
    cell = neutralise(text)
    assert unneutralise(cell) == text
    if cell and cell[0] in TRIGGERS:
        float(cell)  # only plain negative numbers are left as they are


def test_read_csv_groups_rows_into_sessions() -> None:
    handle = io.StringIO("\r\n".join([
        BASE_HEADER, GOOD, GOOD.replace(",1,8,9,", ",2,8,10,").replace("18:00", "18:05"),
        GOOD.replace(",1,hip", ",9,hip"),
    ]))
    history, problems = read_csv(handle)
    assert problems == []
    assert [len(h.sets) for h in history] == [2, 1]
    assert history[0].ended_at - history[0].started_at == timedelta(minutes=5)  # type: ignore[operator]

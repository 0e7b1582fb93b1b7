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
from hipcoach.domain.entries import Load, SetEntry
from hipcoach.store.csvio import (
    COLUMNS,
    RECORD_COLUMNS,
    TRIGGERS,
    neutralise,
    read_csv,
    unneutralise,
)
from hipcoach.store.engine import Database, prepare_database
from hipcoach.store.repo import Store

HEADER = ("date,session_id,program,stage,exercise,side,set,target_reps,reps,load,unit,tempo,"
          "hold_s,tut_s,rpe,pain,note,pain_before,pain_after,pain_morning,decisions")
# The set columns alone: files written before the coach columns still import.
BASE_HEADER = HEADER.split(",pain_before")[0]
# What export writes: the set and coach columns, then the session record (older files
# lack it).
EXPORT_HEADER = HEADER + ",session_active_s,session_planned_sets,skipped"
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
    assert out.read_bytes().decode("utf-8").split("\r\n", 1)[0] == EXPORT_HEADER
    assert tuple(EXPORT_HEADER.split(",")) == COLUMNS + RECORD_COLUMNS
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


# The session record -------------------------------------------------------------------


def test_export_carries_the_session_record(db: Database, store: Store, tmp_path: Path,
                                           ended_early_session: int,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """11 of 14 sets done, 2 skipped, 1256 s exercised: the same figures as History."""
    out = tmp_path / "record.csv"
    assert cli.main(["export", "--csv", str(out), "--data-dir", str(db.data_dir)]) == 0
    assert "wrote 11 sets" in capsys.readouterr().out
    rows = _rows(out)
    done = [r for r in rows if r["skipped"] == ""]
    skipped = [r for r in rows if r["skipped"] == "yes"]
    assert len(done) == 11 and len(rows) == 13
    assert [(r["exercise"], r["side"], r["set"], r["reps"]) for r in skipped] == [
        ("clam", "", "1", ""), ("bird-dog", "", "2", "")]
    assert {(r["session_active_s"], r["session_planned_sets"]) for r in rows} == {("1256", "14")}
    summary = store.session_detail(ended_early_session).summary
    assert datetime.fromisoformat(skipped[0]["date"]) == summary.started_at
    # What the CSV says, worded the way every reader words it.
    from hipcoach.format import exercised_text, sets_text

    assert sets_text(len(done), int(rows[0]["session_planned_sets"]), len(skipped)) == (
        "11 of 14 sets, 2 skipped") == summary.sets_text()
    assert exercised_text(float(rows[0]["session_active_s"])) == "20:56"


def test_the_record_survives_export_and_import(db: Database, store: Store, tmp_path: Path,
                                               ended_early_session: int) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    other_dir = tmp_path / "other"
    assert cli.main(["export", "--csv", str(first), "--data-dir", str(db.data_dir)]) == 0
    assert cli.main(["import", "--csv", str(first), "--data-dir", str(other_dir)]) == 0
    assert cli.main(["import", "--csv", str(first), "--data-dir", str(other_dir)]) == 0
    assert cli.main(["export", "--csv", str(second), "--data-dir", str(other_dir)]) == 0
    assert second.read_bytes() == first.read_bytes()
    with prepare_database(other_dir) as other:
        (summary,) = other.store().sessions()
        detail = other.store().session_detail(summary.id)
    original = store.session_detail(ended_early_session)
    assert (summary.sets_text(), summary.exercised_text()) == ("11 of 14 sets, 2 skipped",
                                                               "20:56")
    assert summary.not_reached == 1 and summary.started_at == original.summary.started_at
    assert [(s.exercise, s.side, s.set_no) for s in detail.skipped] == [
        (s.exercise, s.side, s.set_no) for s in original.skipped]


def test_an_older_file_without_the_record_still_imports() -> None:
    history, problems = read_csv(io.StringIO("\r\n".join([BASE_HEADER, GOOD])))
    assert problems == []
    assert (history[0].planned_sets, history[0].active_s, history[0].skipped) == (1, 0.0, ())


def test_bad_record_cells_are_reported_with_their_line() -> None:
    def row(cells: str, record: str) -> str:  # the coach columns empty, then the record
        return f"{cells},,,,,{record}"

    skipped = "2025-03-05T18:00:00+01:00,1,hip-extension,foundation,clam,,{n},,,,,,,,,,"
    handle = io.StringIO("\r\n".join([
        EXPORT_HEADER,
        row(GOOD, "600,4,"),                                                   # line 2
        row(GOOD.replace(",1,8,9,", ",2,8,9,"), "700,4,"),                     # line 3
        row(GOOD.replace(",1,8,9,", ",3,8,9,"), "lots,-1,"),                   # line 4
        row(skipped.format(n=0), "600,4,yes"),                                 # line 5
        row(GOOD.replace(",1,8,9,", ",2,8,9,").replace("glute-bridge", "clam"), "600,4,"),
        row(skipped.format(n=2), "600,4,yes"),                                 # line 7
    ]))
    history, problems = read_csv(handle)
    assert history == []
    by_line = {p.line: p.message for p in problems}
    assert sorted(by_line) == [3, 4, 5, 7]
    assert "session_active_s 700 differs from 600" in by_line[3]
    assert "session_active_s must be a number" in by_line[4]
    assert "session_planned_sets must be a whole number" in by_line[4]
    assert "set number must be a whole number from 1 to 100" in by_line[5]
    assert "repeats the set on line 6" in by_line[7]  # a set is done or skipped, not both


def test_a_session_without_a_set_and_its_pain_survive_export_and_import(
        db: Database, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A session ended in the warm-up (no set done or skipped) and one where every set was
    skipped: both come back, with their pain answers, and the coach plans the same."""
    from hipcoach.domain.entries import Checkin, SkippedSet

    _fill(store)
    warm = store.start_session(program_id="csv-test", program_name="CSV test", stage_id="one",
                               stage_name="Stage one", planned_sets=3,
                               started_at=T0 + timedelta(days=2), pain_before=3)
    store.add_checkin(Checkin(warm, "after", 8))
    store.finish_session(warm, "abandoned", ended_at=T0 + timedelta(days=2, minutes=4),
                         active_s=200.0)
    skipped = store.start_session(program_id="csv-test", program_name="CSV test",
                                  stage_id="one", stage_name="Stage one", planned_sets=1,
                                  started_at=T0 + timedelta(days=3))
    store.record_skipped(skipped, [SkippedSet("glute-bridge", "Glute bridge", "loaded", None, 1)])
    store.add_checkin(Checkin(skipped, "after", 7))
    store.finish_session(skipped, ended_at=T0 + timedelta(days=3, minutes=1))
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    other_dir = tmp_path / "other"
    (other_dir / "programs").mkdir(parents=True)
    (other_dir / "programs" / "csv-test.toml").write_text(USER_PROGRAM, encoding="utf-8")
    assert cli.main(["export", "--csv", str(first), "--data-dir", str(db.data_dir)]) == 0
    rows = _rows(first)
    (alone,) = [r for r in rows if r["skipped"] == "session"]
    assert (alone["exercise"], alone["set"], alone["pain_before"], alone["pain_after"]) == (
        "", "", "3", "8")
    assert [r["pain_after"] for r in rows if r["skipped"] == "yes"] == ["7"]
    assert cli.main(["import", "--csv", str(first), "--data-dir", str(other_dir)]) == 0
    assert cli.main(["import", "--csv", str(first), "--data-dir", str(other_dir)]) == 0
    assert cli.main(["export", "--csv", str(second), "--data-dir", str(other_dir)]) == 0
    assert second.read_bytes() == first.read_bytes()
    with prepare_database(other_dir) as other:
        summaries = other.store().sessions()
        assert len(summaries) == 4
        came_back = next(s for s in summaries if s.started_at == T0 + timedelta(days=2))
        assert (came_back.pain_before, came_back.pain_after, came_back.active_s) == (3, 8, 200.0)
    capsys.readouterr()
    plans = []
    for folder in (db.data_dir, other_dir):
        assert cli.main(["next", "--json", "--data-dir", str(folder)]) == 0
        plans.append(capsys.readouterr().out)
    assert plans[0] == plans[1]

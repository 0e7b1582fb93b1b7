"""The CSV carries what the coach reads: check-ins and recorded decisions.

An export and an import into an empty data dir give the same next plan; a flare logged
only as a next-morning check-in survives the round trip.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from hipcoach import cli
from hipcoach.coach import decisions
from hipcoach.coach import profile as profile_mod
from hipcoach.coach.answers import decision_for
from hipcoach.coach.safety import RED_FLAG_IDS
from hipcoach.commands.next_cmd import coach_data_dir
from hipcoach.domain.entries import Checkin, planned_set
from hipcoach.program.catalog import resolve
from hipcoach.session.set_tracker import set_spans
from hipcoach.session.timeline import compile_stage
from hipcoach.store.engine import prepare_database

TODAY = date(2025, 3, 20)


@pytest.fixture(autouse=True)
def _no_env_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIPCOACH_DATA_DIR", raising=False)


def _history(folder: Path, morning: int | None) -> None:
    """Three daily-drill sessions; pain during 1; the last one's next morning given."""
    profile_mod.save(folder, profile_mod.Profile().with_all_answers(
        dict.fromkeys(RED_FLAG_IDS, False), date(2025, 3, 1)))
    timeline = compile_stage(resolve("daily-drill", None))
    with prepare_database(folder) as db:
        store = db.store()
        for n, day in enumerate((15, 17, 19)):
            start = datetime(2025, 3, day, 12, tzinfo=UTC)
            sid = store.start_session_for(timeline, started_at=start)
            store.add_checkin(Checkin(sid, "before", 1, None, start))
            for span in set_spans(timeline):
                store.log_set(planned_set(sid, timeline.exercises[span.exercise], span.set_no,
                                          phase=span.phase, side=span.side, pain=1,
                                          performed_at=start + timedelta(minutes=2)))
            store.finish_session(sid, "completed", ended_at=start + timedelta(minutes=6))
            store.add_checkin(Checkin(sid, "after", 1, None, start + timedelta(minutes=7)))
            if n == 2 and morning is not None:
                store.add_checkin(Checkin(sid, "next_morning", morning, None,
                                          start + timedelta(hours=20)))


def _plan_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    assert cli.main(["next", "--json", "--data-dir", str(folder), "--today",
                     TODAY.isoformat()]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _round_trip(source: Path, target: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "export.csv"
    assert cli.main(["export", "--csv", str(csv_file), "--data-dir", str(source)]) == 0
    profile_mod.save(target, profile_mod.load(source).profile)
    assert cli.main(["import", "--csv", str(csv_file), "--data-dir", str(target)]) == 0


@pytest.mark.parametrize("morning", [None, 6])
def test_export_then_import_gives_the_same_next_plan(tmp_path: Path, morning: int | None,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    _history(source, morning)
    before = _plan_json(source, capsys)
    _round_trip(source, target, tmp_path)
    after = _plan_json(target, capsys)
    assert after == before
    drill = next(o for o in after if o.get("slot") == "pure-hip-extension")
    if morning is None:
        assert drill["step"] == "reps_up"
    else:  # the flare was only in the next-morning check-in; it survives the trip
        assert drill["step"] != "reps_up" and "next morning" in drill["line"]
        assert next(o for o in after if o["kind"] == "deload")["reason"] == "flare"


def test_recorded_decisions_travel_with_their_session(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    _history(source, None)
    plan = coach_data_dir(source, today=TODAY).plan
    drill = plan.prescription_for("pure-hip-extension")
    assert drill is not None and drill.step == "reps_up"
    decisions.record(source, decision_for(plan, drill, accepted=False))
    before = _plan_json(source, capsys)
    kept = next(o for o in before if o.get("slot") == "pure-hip-extension")
    assert kept["step"] == "kept"
    _round_trip(source, target, tmp_path)
    assert _plan_json(target, capsys) == before
    # Importing the same file again adds no second copy of the decision.
    csv_file = tmp_path / "export.csv"
    assert cli.main(["import", "--csv", str(csv_file), "--data-dir", str(target)]) == 0
    assert len(decisions.load(target).decisions) == 1


HEAD = ("date,session_id,program,stage,exercise,side,set,target_reps,reps,load,unit,tempo,"
        "hold_s,tut_s,rpe,pain,note,pain_before,pain_after,pain_morning,decisions")


@pytest.mark.parametrize("rows, message", [
    (["2025-03-18T12:00:00+00:00,1,daily-drill,daily,glute-squeeze,,1,3,3,,bodyweight,,10,,,1,,1,2,,",
      "2025-03-18T12:01:00+00:00,1,daily-drill,daily,glute-squeeze,,2,3,3,,bodyweight,,10,,,1,,1,5,,"],
     "contradictory check-ins: session 1 has pain_after 2 on line 2, 5 here"),
    (["2025-03-18T12:00:00+00:00,1,daily-drill,daily,glute-squeeze,,1,3,3,,bodyweight,,10,,,1,,11,,,"],
     "pain_before must be a whole number from 0 to 10, got '11'"),
    (["2025-03-18T12:00:00+00:00,1,daily-drill,daily,glute-squeeze,,1,3,3,,bodyweight,,10,,,1,,,,,"
      "not json"],
     "decisions must be a JSON list of coach decisions"),
    (["2025-03-18T12:00:00+00:00,1,daily-drill,daily,glute-squeeze,,1,3,3,,bodyweight,,10,,,1,,,,,"
      '"[{""program_id"": ""daily-drill""}]"'],
     "a coach decision is not valid"),
    (["2025-03-18T12:00:00+00:00,1,daily-drill,daily,rdl,,1,8,8,1005,kg,,,,,1,,,,,"],
     "load must be a number from 0 to 1000 kg"),
])
def test_bad_coach_columns_import_nothing(tmp_path: Path, rows: list[str], message: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    assert cli.main(["import", "--csv", str(csv_file), "--data-dir", str(tmp_path / "d")]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and "nothing was imported" in err
    assert not (tmp_path / "d" / "coach-decisions.json").exists()


def test_an_older_file_without_the_coach_columns_still_imports(tmp_path: Path) -> None:
    old = ("date,session_id,program,stage,exercise,side,set,target_reps,reps,load,unit,tempo,"
           "hold_s,tut_s,rpe,pain,note\n"
           "2025-03-18T12:00:00+00:00,1,daily-drill,daily,glute-squeeze,,1,3,3,,bodyweight,,10,,,"
           "1,\n")
    csv_file = tmp_path / "old.csv"
    csv_file.write_text(old, encoding="utf-8")
    assert cli.main(["import", "--csv", str(csv_file), "--data-dir", str(tmp_path / "d")]) == 0

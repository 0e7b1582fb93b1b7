"""Re-test storage: revision 0003 upgrades a 0002 database intact; results round-trip."""

from __future__ import annotations

import sqlite3
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipcoach.domain.assessments import AssessmentResult
from hipcoach.store import database_path
from hipcoach.store.assessments import AssessmentStore
from hipcoach.store.engine import Database, prepare_database, run_migrations
from hipcoach.store.errors import InvalidEntry
from hipcoach.store.models import Base
from hipcoach.store.schema import HEAD, REVISIONS
from hipcoach.store.sqlite_file import inspect

PREVIOUS = "0002_history_indexes"
T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def _retest(at: datetime = T0) -> list[AssessmentResult]:
    return [
        AssessmentResult("slb_hold", "left", 18.5, taken_at=at),
        AssessmentResult("slb_hold", "right", 31.0, taken_at=at),
        AssessmentResult("prone_hip_extension", "left", quality="fair", taken_at=at),
        AssessmentResult("prone_hip_extension", "right", quality="good", taken_at=at),
        AssessmentResult("thomas", "left", value=8.0, taken_at=at),
        AssessmentResult("thomas", "right", passed=True, taken_at=at),
        AssessmentResult("prone_dslr", None, 42.0, taken_at=at, note="legs shook at the end"),
        AssessmentResult("pain_standing", None, 3, taken_at=at),
        AssessmentResult("pain_walking", None, 2, taken_at=at),
        AssessmentResult("pain_running", None, 5, taken_at=at),
    ]


def test_the_assessments_revision_follows_0002() -> None:
    at = REVISIONS.index("0003_assessments")
    assert REVISIONS[at - 1] == PREVIOUS and HEAD in REVISIONS[at:]


def test_upgrade_from_0002_keeps_the_data_and_adds_the_table(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = database_path(data_dir)
    run_migrations(path, PREVIOUS)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute(
        "INSERT INTO sessions (id, program_id, program_name, stage_id, stage_name, started_at,"
        " ended_at, status, planned_sets, done_sets, planned_seconds, position, pain_before,"
        " pain_after, morning_asked_at) VALUES (1, 'hip-extension', 'Hip extension',"
        " 'foundation', 'Foundation', '2025-03-01 08:00:00.000000', '2025-03-01 08:40:00.000000',"
        " 'completed', 2, 2, 2400.0, 40, 2, 3, '2025-03-02 07:00:00.000000')")
    con.executemany(
        "INSERT INTO sets (session_id, exercise, exercise_name, phase, side, set_no, target_reps,"
        " reps, load_value, load_unit, band_colour, tempo, hold_s, tut_s, rpe, pain, note,"
        " performed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(1, "glute-bridge", "Glute bridge", "loaded", None, 1, 10, 11, None, "bodyweight", None,
          "2-0-2-2", None, 66.0, 7, 2, "", "2025-03-01 08:10:00.000000"),
         (1, "single-leg-bridge", "Single-leg bridge", "loaded", "left", 1, 8, 7, 5.0, "kg", None,
          None, None, None, 8, 3, "wobbly", "2025-03-01 08:20:00.000000")],
    )
    con.execute("INSERT INTO checkins (session_id, kind, pain, stiffness, at) VALUES "
                "(1, 'next_morning', 2, 1, '2025-03-02 07:00:00.000000')")
    con.commit()
    con.close()
    assert inspect(path).revision == PREVIOUS

    with prepare_database(data_dir) as db:
        assert db.upgraded_from == PREVIOUS and db.pre_migration_backup is not None
        detail = db.store().session_detail(1)
        assert [(s.exercise, s.side, s.reps, str(s.load)) for s in detail.sets] == [
            ("glute-bridge", None, 11, "bodyweight"), ("single-leg-bridge", "left", 7, "5kg")]
        assert detail.sets[1].note == "wobbly" and detail.checkins[0].kind == "next_morning"
        assert detail.summary.position == 40
        with db.engine.connect() as conn:
            names = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE tbl_name = 'assessments'")}
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert {"assessments", "ix_assessments_taken_at", "uq_assessments_slot"} <= names
        results = AssessmentStore(db.engine)
        assert results.results() == [] and results.last_taken_at() is None
        results.save(_retest())
        assert len(results.results()) == 10
    assert inspect(path).revision == HEAD


def test_downgrade_to_0002_drops_only_the_new_table(data_dir: Path) -> None:
    with prepare_database(data_dir) as db:
        AssessmentStore(db.engine).save(_retest())
        sid = db.store().start_session(program_id="p", program_name="P", stage_id="s",
                                       stage_name="S")
    path = database_path(data_dir)
    run_migrations(path, PREVIOUS)
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "assessments" not in tables
    assert con.execute("SELECT id FROM sessions").fetchall() == [(sid,)]
    con.close()


def test_results_round_trip(db: Database) -> None:
    store = AssessmentStore(db.engine)
    ids = store.save(_retest())
    assert len(ids) == 10 == len(set(ids))
    back = store.results()
    assert [(r.test, r.side, r.value, r.quality, r.passed, r.note) for r in back] == [
        ("slb_hold", "left", 18.5, None, None, ""),
        ("slb_hold", "right", 31.0, None, None, ""),
        ("prone_hip_extension", "left", None, "fair", None, ""),
        ("prone_hip_extension", "right", None, "good", None, ""),
        ("thomas", "left", 8.0, None, False, ""),  # the angle decides when pass is not given
        ("thomas", "right", None, None, True, ""),
        ("prone_dslr", None, 42.0, None, None, "legs shook at the end"),
        ("pain_standing", None, 3.0, None, None, ""),
        ("pain_walking", None, 2.0, None, None, ""),
        ("pain_running", None, 5.0, None, None, ""),
    ]
    assert all(r.taken_at == T0 and r.id is not None for r in back)
    assert store.last_taken_at() == T0


def test_saving_the_same_retest_again_replaces_values(db: Database) -> None:
    store = AssessmentStore(db.engine)
    first = store.save(_retest())
    again = store.save([AssessmentResult("slb_hold", "left", 20.0)], taken_at=T0)
    assert again == first[:1]
    assert store.results(test="slb_hold")[0].value == 20.0
    assert len(store.results()) == 10


def test_several_retests_latest_and_delete(db: Database) -> None:
    store = AssessmentStore(db.engine)
    later = T0 + timedelta(days=21)
    store.save(_retest())
    store.save(_retest(later)[:2])
    assert [when for when, _ in store.retests()] == [T0, later]
    assert [r.value for r in store.latest()] == [18.5, 31.0]
    assert [r.taken_at for r in store.results(test="slb_hold", since=later)] == [later, later]
    assert store.delete_retest(later) == 2
    assert store.last_taken_at() == T0


def test_impossible_results_save_nothing(db: Database) -> None:
    store = AssessmentStore(db.engine)
    bad = [AssessmentResult("slb_hold", "left", 20.0), AssessmentResult("slb_hold", None, -3.0),
           AssessmentResult("slb_hold", "left", 25.0)]
    with pytest.raises(InvalidEntry) as caught:
        store.save(bad, taken_at=T0)
    text = str(caught.value)
    assert "needs a side" in text and "from 0 to 600" in text and "appears twice" in text
    assert store.results() == []


def test_the_model_matches_the_migrated_schema(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    assert "assessments" in Base.metadata.tables
    with db.engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # expression indexes cannot be reflected
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []

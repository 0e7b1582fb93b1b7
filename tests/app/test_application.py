"""The application layer without Qt: a real SQLite file, the inline runner and a fake clock.

A proposed stage move is taken only when the user accepts it, and then the session that
starts is the new stage's; declining records a "keep" and plays the current stage.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from coach.helpers import TODAY, make_program  # tests/ is on the path (see tests/coach)
from coach.test_stages_and_decisions import mastered

from hipcoach.app.application import HipCoach
from hipcoach.app.ports import InlineRunner
from hipcoach.app.today import STAGE
from hipcoach.coach import decisions
from hipcoach.coach import profile as profile_store
from hipcoach.coach.safety import RED_FLAG_IDS
from hipcoach.program.catalog import CatalogEntry
from hipcoach.session.clock import FakeClock
from hipcoach.settings import SettingsFile
from hipcoach.store.engine import prepare_database


def _store_history(store, history) -> None:
    for log in history:
        sid = store.start_session(program_id=log.program_id, program_name="Coach test",
                                  stage_id=log.stage_id, stage_name="Stage one",
                                  planned_sets=len(log.sets), started_at=log.started_at)
        for entry in log.sets:
            store.log_set(dataclasses.replace(entry, session_id=sid,
                                              performed_at=log.started_at))
        store.finish_session(sid, "completed", ended_at=log.started_at)


@pytest.fixture
def app(tmp_path: Path):
    db = prepare_database(tmp_path)
    store = db.store()
    _store_history(store, [mastered(6), mastered(4), mastered(2)])
    profile_store.save(tmp_path, profile_store.Profile().with_all_answers(
        dict.fromkeys(RED_FLAG_IDS, False), TODAY))
    program = make_program()
    entries = [CatalogEntry(tmp_path / "coach-test.toml", False, program=program)]
    coach = HipCoach(runner=InlineRunner(store), settings=SettingsFile(tmp_path),
                     entries=entries, clock=FakeClock(), data_dir=tmp_path,
                     today=lambda: TODAY)
    started = []
    coach.start_listeners.append(started.append)
    coach.open(preselected=True)
    coach.select("coach-test")
    yield coach, started
    db.close()


def test_a_stage_move_is_proposed_and_taken_only_when_accepted(app, tmp_path) -> None:
    coach, started = app
    plan = coach.stage_plan()
    assert plan is not None and plan.stage.id == "one"
    assert STAGE in plan.changes().values()  # the stage line can be answered
    coach.request_start(None, frozenset())  # the stage line ticked: accepted
    assert [p.stage.id for p in started] == ["two"]
    recorded = decisions.load(tmp_path).decisions
    assert any(d.slot == "stage" and d.accepted for d in recorded)


def test_a_declined_stage_move_plays_the_current_stage(app, tmp_path) -> None:
    coach, started = app
    coach.request_start("one", frozenset({STAGE}))  # the stage line left unticked
    assert [p.stage.id for p in started] == ["one"]
    recorded = decisions.load(tmp_path).decisions
    assert any(d.slot == "stage" and not d.accepted for d in recorded)
    plan = coach.stage_plan()
    assert plan is not None and plan.coached is not None
    assert plan.coached.plan.stage_advice.kept  # and the plan now says it was kept

"""Stage moves (one at a time, only when earned) and the accept / keep decisions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hipcoach.coach import decisions
from hipcoach.coach.answers import decision_for, stage_decision
from hipcoach.coach.decisions import Decision
from hipcoach.coach.history import SessionLog
from hipcoach.coach.prescribe import plan_next

from .helpers import TODAY, make_program, session, sets


def mastered(days_ago: int, pain: int | None = 1, skip: str = "") -> SessionLog:
    groups = {
        "squeeze": sets("squeeze", [5, 5], 5, hold=10, pain=pain),
        "bridge": sets("bridge", [12, 12, 12], 12, pain=pain),
        "rdl": sets("rdl", [12, 12, 12], 12, load="8kg", rpe=8, pain=pain),
        "banded": sets("banded", [15, 15], 15, load="band:green", pain=pain),
        "lunge": sets("lunge", [10] * 3, 10, side="left", pain=pain)
        + sets("lunge", [10] * 3, 10, side="right", pain=pain),
    }
    return session(days_ago, *(g for name, g in groups.items() if name != skip))


def test_every_exercise_mastered_with_green_pain_proposes_one_stage_up() -> None:
    history = [mastered(6), mastered(4), mastered(2)]
    program = make_program()
    plan = plan_next(program, history, today=TODAY)
    advice = plan.stage_advice
    assert advice.move and (advice.current, advice.suggested) == ("one", "two")
    assert plan.stage.id == "one"  # proposed, not made: the user accepts or keeps (T1)
    assert advice.line == ("Stage: every exercise at the top of its range in 3 sessions, pain "
                           "recorded and green in the last 3 -> ready for Stage two: accept or "
                           "keep [T1 · seed article (progression in layers)]")
    assert plan.lines()[-1] == advice.line
    moved = plan_next(program, history, today=TODAY,
                      decisions=[stage_decision(plan, accepted=True)])
    assert moved.stage.id == "two"  # one stage at a time, never straight to "three"
    rdl = moved.prescription_for("rdl")
    assert rdl is not None and rdl.step == "load_up" and rdl.load == "9kg"  # history carries over
    slb = moved.prescription_for("slb")
    assert slb is not None and slb.step == "as_written"


def test_a_stage_move_needs_recorded_pain() -> None:
    blank = [mastered(d, pain=None) for d in (6, 4, 2)]
    advice = plan_next(make_program(), blank, today=TODAY).stage_advice
    assert not advice.move and advice.rule == "E2"
    assert "pain not recorded in 3 of the last 3 sessions" in advice.line


def test_forcing_a_stage_keeps_it_and_still_says_what_is_earned() -> None:
    plan = plan_next(make_program(), [mastered(6), mastered(4), mastered(2)], today=TODAY,
                     stage_id="one")
    assert plan.stage.id == "one" and plan.stage_advice.move


def test_one_exercise_not_mastered_keeps_the_stage() -> None:
    history = [mastered(6), mastered(4, skip="lunge"), mastered(2, skip="lunge")]
    plan = plan_next(make_program(), history, today=TODAY)
    assert not plan.stage_advice.move and plan.stage.id == "one"
    assert "Split squat at the top of its range in 1 of 3 sessions" in plan.stage_advice.line


def test_amber_pain_in_the_last_sessions_keeps_the_stage() -> None:
    history = [mastered(6), mastered(4, pain=4), mastered(2)]
    advice = plan_next(make_program(), history, today=TODAY).stage_advice
    assert not advice.move and advice.reason == "pain"
    assert "pain amber in 1 of the last 3 sessions" in advice.line


def test_too_few_sessions_keep_the_stage() -> None:
    advice = plan_next(make_program(), [mastered(4), mastered(2)], today=TODAY).stage_advice
    assert not advice.move and "2 of 3 sessions in Stage one" in advice.line


def test_the_last_stage_stays() -> None:
    history = [session(d, sets("thrust", [12] * 3, 12, load="10kg", pain=1), stage="three")
               for d in (6, 4, 2)]
    plan = plan_next(make_program(), history, today=TODAY)
    assert plan.stage.id == "three" and not plan.stage_advice.move
    assert "is the last stage" in plan.stage_advice.line


def test_no_stage_move_in_a_lighter_week() -> None:
    history = [mastered(6), mastered(4), mastered(2, pain=1), session(1, sets("bridge", [8], 8, pain=8))]
    advice = plan_next(make_program(), history, today=TODAY).stage_advice
    assert not advice.move and advice.reason == "deload"


def test_a_declined_stage_move_stays_until_the_next_session() -> None:
    history = [mastered(6), mastered(4), mastered(2)]
    program = make_program()
    plan = plan_next(program, history, today=TODAY)
    no = stage_decision(plan, accepted=False)
    kept = plan_next(program, history, today=TODAY, decisions=[no])
    assert kept.stage.id == "one" and kept.stage_advice.kept
    assert "you chose to stay in Stage one" in kept.stage_advice.line
    later = history + [mastered(1)]
    again = plan_next(program, later, today=TODAY, decisions=[no])
    assert again.stage.id == "one" and again.stage_advice.move  # proposed afresh
    assert not again.stage_advice.kept


def test_a_declined_exercise_proposal_keeps_last_time() -> None:
    program = make_program()
    history = [session(d, sets("bridge", [9, 9, 9], 9, pain=1)) for d in (4, 2)]
    plan = plan_next(program, history, today=TODAY, stage_id="one")
    proposal = plan.prescription_for("bridge")
    assert proposal is not None and proposal.step == "reps_up"
    no = decision_for(plan, proposal, accepted=False)
    kept = plan_next(program, history, today=TODAY, stage_id="one", decisions=[no])
    p = kept.prescription_for("bridge")
    assert p is not None and p.step == "kept" and p.reps == 9
    assert p.line == ("Glute bridge: you chose to keep 3x9 (proposed: 3x10) "
                      "[K1 · user's choice]")
    yes = decision_for(plan, proposal, accepted=True)
    agreed = plan_next(program, history, today=TODAY, stage_id="one", decisions=[yes])
    assert agreed.prescription_for("bridge") == proposal


def test_decisions_round_trip_and_bad_files(tmp_path: Path) -> None:
    assert decisions.load(tmp_path).decisions == []
    first = Decision("p", "s", "bridge", {"reps": 10}, {"reps": 9}, False, 7,
                     datetime(2025, 3, 1, tzinfo=UTC).isoformat())
    decisions.record(tmp_path, first)
    second = Decision("p", "s", "stage", {"stage": "two"}, None, True, None)
    saved = decisions.record(tmp_path, second)
    assert saved == [first, second] == decisions.load(tmp_path).decisions

    path = decisions.decisions_path(tmp_path)
    text = path.read_text().replace('"accepted": false', '"accepted": "maybe"')
    path.write_text(text)
    loaded = decisions.load(tmp_path)
    assert loaded.decisions == [second]
    assert "decision 1 ignored (accepted must be true or false)" in loaded.problems[0]
    path.write_text("\x00garbage")
    problem = decisions.load(tmp_path).problems[0]
    assert problem.startswith("coach-decisions.json is not valid JSON")
    assert problem.endswith("; starting afresh")
    # nothing lost: the damaged file is kept aside before a new decision replaces it
    assert path.with_name(path.name + ".damaged").read_text() == "\x00garbage"
    decisions.record(tmp_path, first)  # a bad file is replaced, not fatal
    assert decisions.load(tmp_path).decisions == [first]


def test_only_the_newest_decisions_are_kept(tmp_path: Path) -> None:
    many = [Decision("p", "s", "bridge", {"reps": n}, None, True, n) for n in range(decisions.KEEP + 5)]
    decisions.save(tmp_path, many)
    assert decisions.load(tmp_path).decisions == many[-decisions.KEEP:]


def test_start_decisions_accept_the_stage_move_only_when_ticked() -> None:
    from hipcoach.coach.answers import start_decisions

    history = [mastered(6), mastered(4), mastered(2)]
    program = make_program()
    plan = plan_next(program, history, today=TODAY)
    assert plan.stage_advice.move and plan.stage.id == "one"
    ticked = start_decisions(plan, kept=set())
    assert ticked[-1].slot == "stage" and ticked[-1].accepted
    assert plan_next(program, history, today=TODAY, decisions=ticked).stage.id == "two"
    unticked = start_decisions(plan, kept={"stage"})
    stays = plan_next(program, history, today=TODAY, decisions=unticked)
    assert stays.stage.id == "one" and stays.stage_advice.kept

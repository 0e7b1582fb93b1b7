"""Properties over random histories: the safety rules hold whatever was logged."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcoach.coach.history import SessionLog
from hipcoach.coach.prescribe import PROGRESS_STEPS, NextPlan, Prescription, plan_next, prescribed_program
from hipcoach.coach.rules import SMALL_STEP, CoachConfig, load_steps_apart, parse_load
from hipcoach.program.model import Program
from hipcoach.session.timeline import compile_stage
from hipcoach.store.entries import SetEntry

from .helpers import TODAY, at, make_program, sets

PROGRAMS = {False: make_program(), True: make_program({"bridge": "slb", "slb": "thrust"})}
CONFIG = CoachConfig()
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LOADS = {
    "bridge": ["bodyweight"],
    "rdl": ["6kg", "8.5kg", "20kg", "15lb"],
    "banded": ["band:red", "band:green", "band:purple"],
    "squeeze": ["bodyweight"],
    "lunge": ["bodyweight"],
    "slb": ["bodyweight"],
    "thrust": ["10kg"],
}
pains = st.none() | st.integers(0, 10)


@st.composite
def exercise_sets(draw: st.DrawFn, exercise: str, calm: bool = False) -> list[SetEntry]:
    from hipcoach.store.entries import Load

    load = Load.parse(draw(st.sampled_from(LOADS[exercise])))
    target = draw(st.none() | st.integers(5, 15))
    hold = float(draw(st.integers(5, 70))) if exercise == "squeeze" else None
    sides = [("left", "right"), (None,)][0 if exercise in ("lunge", "slb") else 1]
    out = []
    for side in sides:
        for set_no in range(1, draw(st.integers(1, 4)) + 1):
            pain = draw(st.none() | st.integers(0, 3)) if calm else draw(pains)
            out.append(SetEntry(
                1, exercise, set_no, draw(st.integers(0, 15)), side=side, target_reps=target,
                load=load, rpe=draw(st.none() | st.integers(1, 10)), pain=pain,
                hold_s=hold if draw(st.booleans()) else (hold and hold - 3),
            ))
    return out


@st.composite
def a_session(draw: st.DrawFn, day_offset: int, sid: int, calm: bool = False) -> SessionLog:
    chosen = draw(st.lists(st.sampled_from(sorted(LOADS)), min_size=1, max_size=4, unique=True))
    entries = [s for e in chosen for s in draw(exercise_sets(e, calm))]
    return SessionLog(
        id=sid, program_id="coach-test", stage_id=draw(st.sampled_from(["one", "one", "two"])),
        started_at=at(TODAY + timedelta(days=day_offset)), sets=tuple(entries),
        pain_before=None if calm else draw(pains), pain_after=None if calm else draw(pains),
        morning_pain=None if calm else draw(pains),
    )


@st.composite
def histories(draw: st.DrawFn, max_sessions: int = 6) -> list[SessionLog]:
    """Sessions 1-5 days apart (sometimes a month), ending 1-9 days before TODAY."""
    count = draw(st.integers(1, max_sessions))
    gaps = draw(st.lists(st.integers(1, 5) | st.just(30), min_size=count, max_size=count))
    offset = -draw(st.integers(1, 9))
    days = []
    for gap in gaps:
        days.append(offset)
        offset -= gap
    return [draw(a_session(day, 100 + i)) for i, day in enumerate(sorted(days))]


def _ladder_position(program: Program, exercise: str) -> int:
    return {"bridge": 0, "slb": 1, "thrust": 2}.get(exercise, 0)


def _ups_and_steps(p: Prescription, program: Program) -> tuple[int, int]:
    """(dimensions that went up, dimensions that changed) between last time and now."""
    prev, level = p.previous, p.level
    assert prev is not None and level is not None
    if prev.exercise != level.exercise:
        up = _ladder_position(program, level.exercise) > _ladder_position(program, prev.exercise)
        assert abs(_ladder_position(program, level.exercise)
                   - _ladder_position(program, prev.exercise)) == 1, p.line
        return int(up), 1
    ups = changes = 0
    before, after = parse_load(prev.load), parse_load(level.load)
    load_changed = str(before) != str(after)
    if load_changed:
        changes += 1
        apart = load_steps_apart(before, after)
        assert apart is not None and apart <= (2 if before.unit in SMALL_STEP else 1), p.line
        heavier = (after.value or 0) > (before.value or 0) if before.unit in SMALL_STEP else (
            apart and p.step == "load_up")
        ups += int(bool(heavier))
    if prev.reps != level.reps:
        assert prev.reps is not None and level.reps is not None
        rep_range = p.rep_range
        assert rep_range is not None
        back_to_bottom = level.reps == rep_range[0] and (load_changed or p.step == "step_back")
        if not back_to_bottom:
            assert abs(level.reps - prev.reps) == 1, p.line
            changes += 1
            ups += int(level.reps > prev.reps)
    if prev.hold_s != level.hold_s:
        assert prev.hold_s is not None and level.hold_s is not None
        assert abs(level.hold_s - prev.hold_s) <= CONFIG.hold_step_s, p.line
        changes += 1
        ups += int(level.hold_s > prev.hold_s)
    if prev.sets != level.sets:
        changes += 1
    return ups, changes


def _plans(history: list[SessionLog], ladder: bool) -> NextPlan:
    return plan_next(PROGRAMS[ladder], history, today=TODAY, config=CONFIG, stage_id="one")


@SETTINGS
@given(histories(), st.booleans())
def test_never_more_than_one_step_per_exercise(history: list[SessionLog], ladder: bool) -> None:
    plan = _plans(history, ladder)
    for p in plan.prescriptions:
        if p.previous is not None and p.level is not None:
            _, changes = _ups_and_steps(p, PROGRAMS[ladder])
            assert changes <= 1, p.line
        assert "\n" not in p.line


@SETTINGS
@given(histories(), st.booleans(), st.integers(6, 10), st.sampled_from(sorted(LOADS)),
       st.data())
def test_never_a_progression_after_a_red_session(history: list[SessionLog], ladder: bool,
                                                 bad: int, exercise: str, data: st.DataObject
                                                 ) -> None:
    last = history[-1]
    first = data.draw(exercise_sets(exercise))[0]
    painful = (SetEntry(**{**_fields(first), "pain": bad, "set_no": 50}),) + last.sets
    history[-1] = SessionLog(last.id, last.program_id, last.stage_id, last.started_at,
                             painful, last.pain_before, last.pain_after, last.morning_pain)
    plan = _plans(history, ladder)
    for p in plan.prescriptions:
        assert p.step not in PROGRESS_STEPS, p.line
        if p.previous is not None and p.level is not None:
            ups, _ = _ups_and_steps(p, PROGRAMS[ladder])
            assert ups == 0, p.line
            assert p.extra_set_side is None


def _fields(entry: SetEntry) -> dict:
    return {f: getattr(entry, f) for f in SetEntry.__dataclass_fields__}


@SETTINGS
@given(st.data(), st.booleans())
def test_a_deload_week_has_less_volume_than_the_week_before(data: st.DataObject,
                                                           ladder: bool) -> None:
    # A block from day 0; sessions on days 0-16 with green pain; week 4 (days 21-27) is
    # the deload week for every_weeks = 4. Compare day 17 (week 3) with day 24.
    start = TODAY - timedelta(days=24)
    days = sorted({0, *data.draw(st.lists(st.integers(1, 16), max_size=6))})
    history = [data.draw(a_session((start - TODAY).days + d, 100 + i, calm=True))
               for i, d in enumerate(days)]
    # A session the day before "before": nothing is a return after a gap (G1) then.
    history.append(SessionLog(999, "coach-test", "one", at(start + timedelta(days=16)),
                              tuple(sets("bridge", [9, 9, 9], 9, pain=1))))
    program = PROGRAMS[ladder]
    before = plan_next(program, history, today=start + timedelta(days=17), config=CONFIG,
                       stage_id="one")
    during = plan_next(program, history, today=TODAY, config=CONFIG, stage_id="one")
    assert not before.deload.active
    assert during.deload.active and during.deload.reason == "scheduled"
    assert during.volume < before.volume
    for p in during.prescriptions:
        if p.phase != "warmup":
            assert p.deload and p.step not in PROGRESS_STEPS


@SETTINGS
@given(histories(), st.booleans(), st.integers(0, 6), st.data())
def test_a_flare_triggers_a_deload(history: list[SessionLog], ladder: bool, days_ago: int,
                                   data: st.DataObject) -> None:
    history = [s for s in history if s.day < TODAY - timedelta(days=days_ago)]
    red_during = data.draw(st.booleans())
    sets_done = data.draw(exercise_sets("bridge"))
    if red_during:
        sets_done[0] = SetEntry(**{**_fields(sets_done[0]), "pain": data.draw(st.integers(6, 10))})
        morning = None
    else:
        sets_done = [SetEntry(**{**_fields(s), "pain": 0}) for s in sets_done]
        morning = data.draw(st.integers(6, 10))  # far above any usual level of 0-3
    history.append(SessionLog(999, "coach-test", "one", at(TODAY - timedelta(days=days_ago)),
                              tuple(sets_done), pain_before=data.draw(st.integers(0, 3)),
                              pain_after=None, morning_pain=morning))
    for s in history[:-1]:  # keep earlier "before" check-ins at or below 3
        if s.pain_before is not None and s.pain_before > 3:
            history[history.index(s)] = SessionLog(s.id, s.program_id, s.stage_id, s.started_at,
                                                   s.sets, 3, s.pain_after, s.morning_pain)
    plan = _plans(history, ladder)
    assert plan.deload.active and plan.deload.reason == "flare"
    assert all(p.deload for p in plan.prescriptions if p.phase in ("activation", "loaded"))
    assert plan.stage_advice.move is False


@SETTINGS
@given(histories(), st.booleans())
def test_every_plan_plays_in_the_player(history: list[SessionLog], ladder: bool) -> None:
    for stage in ("one", "two"):
        plan = plan_next(PROGRAMS[ladder], history, today=TODAY, config=CONFIG, stage_id=stage)
        played = prescribed_program(plan)
        timeline = compile_stage(played)
        assert timeline.total > 0
        for p in plan.prescriptions:
            if p.work_s is None and p.reps is not None:
                assert 1 <= p.sets <= 20 and 1 <= p.reps <= 100

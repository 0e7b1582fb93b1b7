"""Properties over random histories: the safety rules hold whatever was logged."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcoach.coach.history import SessionLog
from hipcoach.coach.prescribe import PROGRESS_STEPS, NextPlan, Prescription, plan_next, prescribed_program
from hipcoach.coach.rules import SMALL_STEP, CoachConfig, load_steps_apart, parse_load
from hipcoach.domain.entries import SetEntry
from hipcoach.program.model import Program
from hipcoach.session.timeline import compile_stage

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
    from hipcoach.domain.entries import Load

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


# The invariants of issue 12 ------------------------------------------------------------

def _without_pain(s: SessionLog) -> SessionLog:
    bare = tuple(SetEntry(**{**_fields(e), "pain": None}) for e in s.sets)
    return SessionLog(s.id, s.program_id, s.stage_id, s.started_at, bare)


@SETTINGS
@given(histories(), st.booleans())
def test_never_a_progression_without_recorded_pain(history: list[SessionLog],
                                                   ladder: bool) -> None:
    plan = _plans([_without_pain(s) for s in history], ladder)
    for p in plan.prescriptions:
        assert p.step not in PROGRESS_STEPS, p.line
    assert not plan.stage_advice.move
    if any(s.sets for s in history) and plan.prescriptions:
        latest = max(history, key=lambda s: s.started_at)
        if (TODAY - latest.day).days < CONFIG.restart_after_days:
            assert plan.needs_pain is not None


@SETTINGS
@given(histories(), st.booleans(), st.integers(6, 10), st.data())
def test_a_red_session_is_never_evidence(history: list[SessionLog], ladder: bool, bad: int,
                                         data: st.DataObject) -> None:
    """A red session, its lighter week, then one green session: nothing progresses (the
    red session does not count as the second piece of evidence)."""
    history = [s for s in history if s.day < TODAY - timedelta(days=12)]
    red = data.draw(a_session(-12, 800))
    red_sets = tuple(SetEntry(**{**_fields(e), "pain": bad if i == 0 else 1})
                     for i, e in enumerate(red.sets))
    history.append(SessionLog(800, "coach-test", "one", red.started_at, red_sets))
    calm = data.draw(a_session(-3, 801, calm=True))
    green = tuple(SetEntry(**{**_fields(e), "pain": 1}) for e in red.sets + calm.sets
                  if e.exercise in {x.exercise for x in red.sets})
    history.append(SessionLog(801, "coach-test", "one", calm.started_at,
                              tuple({(e.exercise, e.side, e.set_no): e for e in green}.values())))
    plan = _plans(history, ladder)
    for p in plan.prescriptions:
        assert p.step not in PROGRESS_STEPS, p.line


OWNED_SETS = st.sampled_from([(), (2.0, 4.0, 6.0, 8.0), (5.0, 10.0, 20.0), (1.0, 1000.0)])


@SETTINGS
@given(histories(), st.booleans(), OWNED_SETS, st.sampled_from([0.25, 0.5, 1.0, 2.5]))
def test_load_steps_are_bounded_and_loads_stay_within_limits(
        history: list[SessionLog], ladder: bool, owned: tuple[float, ...],
        increment: float) -> None:
    from hipcoach.domain.entries import MAX_LOAD
    from hipcoach.domain.equipment import MAX_STEP_FRACTION, Equipment

    gear = Equipment(weights=owned, increment=increment)
    config = CoachConfig(equipment=gear)
    plan = plan_next(PROGRAMS[ladder], history, today=TODAY, config=config, stage_id="one")
    for p in plan.prescriptions:
        now = parse_load(p.load)
        if now.unit in ("kg", "lb"):
            assert now.value is not None and 0 < now.value <= MAX_LOAD, p.line
        prev = p.previous
        if prev is None or p.level is None or prev.exercise != p.level.exercise:
            continue
        before = parse_load(prev.load)
        if before.unit in ("kg", "lb") and before.unit == now.unit and before.value:
            assert now.value is not None
            change = abs(now.value - before.value)
            smallest = gear.heavier(before) if now.value > before.value else gear.lighter(before)
            one_step = abs(smallest.value - before.value) if smallest and smallest.value else 0
            assert change <= max(MAX_STEP_FRACTION * before.value, one_step) + 1e-6, p.line


@SETTINGS
@given(st.lists(st.tuples(st.integers(5, 10), st.integers(2, 3), st.none() | st.integers(0, 10)),
                min_size=1, max_size=8), st.integers(1, 6))
def test_cuts_never_take_the_daily_drill_below_two_sets_of_five(
        done: list[tuple[int, int, int | None]], gap: int) -> None:
    from hipcoach.program.catalog import resolve

    program = resolve("daily-drill", None)
    history = []
    for i, (reps, set_count, pain) in enumerate(done):
        day = TODAY - timedelta(days=gap * (len(done) - i))
        entries = [SetEntry(1, "pure-hip-extension", n, reps, side=side, target_reps=reps,
                            pain=pain)
                   for side in ("left", "right") for n in range(1, set_count + 1)]
        history.append(SessionLog(100 + i, "daily-drill", "daily", at(day), tuple(entries)))
    for today in (TODAY, TODAY + timedelta(days=12), TODAY + timedelta(days=40)):
        plan = plan_next(program, history, today=today)
        p = plan.prescription_for("pure-hip-extension")
        assert p is not None and p.reps is not None
        assert p.sets >= 2 and p.reps >= 5, p.line

"""The timer seam in the real window, woken by a fake scheduler on a fake clock: every
transition re-arms for ``deadline - now - lead``, pause / skip / resume / end re-arm or
stop, and a step is applied at its deadline, never after."""

from __future__ import annotations

import math
import time

import pytest
from fake_scheduler import FakeScheduler

from hipcoach.session.clock import FakeClock
from hipcoach.session.player import Event, Player
from hipcoach.session.timeline import compile_stage
from hipcoach.ui.deadline_timer import LEAD_S, DeadlineTimer, QtScheduler


def scheduler_of(window) -> FakeScheduler:
    scheduler = window.deadlines.scheduler
    assert isinstance(scheduler, FakeScheduler)
    return scheduler


def expected_delay_ms(deadline: float, now: float) -> int:
    return max(0, math.ceil((deadline - now - LEAD_S) * 1000 - 1e-6))


def assert_armed_for_next_deadline(window, fake_clock) -> None:
    scheduler = scheduler_of(window)
    deadline = window.player.next_deadline()
    assert deadline is not None
    assert scheduler.armed is not None, "running without a wake-up armed"
    assert scheduler.armed.at == fake_clock.now()
    assert scheduler.armed.delay_ms == expected_delay_ms(deadline, fake_clock.now())
    due = scheduler.due
    # woken no more than the lead (and a millisecond's rounding) before the deadline
    assert deadline - LEAD_S <= due + 1e-9
    assert due <= deadline - LEAD_S + 0.001 + 1e-9


def test_every_transition_rearms_for_the_deadline_less_the_lead(window, short_program,
                                                                 fake_clock):
    scheduler = scheduler_of(window)
    player = window.start_session(short_program, "one")
    fired = 0
    while player.active:
        if player.state == "waiting":
            assert scheduler.armed is None  # nothing to wake for until Enter
            player.confirm(fake_clock.now())
            continue
        assert_armed_for_next_deadline(window, fake_clock)
        scheduler.fire()
        fired += 1
    assert player.state == "finished"
    assert scheduler.armed is None
    assert fired > 50  # every second mark and step end went through the seam


def test_steps_are_applied_at_their_deadline_not_after(window, short_program, fake_clock,
                                                       driver):
    applied: list[tuple[float, Event]] = []  # (clock when the view showed it, event)
    window.player_view.shown.connect(lambda e: applied.append((fake_clock.now(), e)))
    scheduler = scheduler_of(window)
    player = window.start_session(short_program, "one")
    woken: list[tuple[float, float]] = []  # (clock at the wake-up, the deadline it was for)
    while player.active:
        if player.state == "waiting":
            player.confirm(fake_clock.now())
            continue
        deadline = player.next_deadline()
        due = scheduler.due
        assert due is not None and deadline is not None
        woken.append((due, deadline))
        scheduler.fire()
    timed = [(at, e) for at, e in applied if e.kind in ("step", "second")]
    assert len(timed) > 50
    for at, event in timed:
        assert at == pytest.approx(event.planned, abs=1e-9), event
    # the wake-up comes at most the lead early, and the hold waits out exactly the rest
    assert all(0 < deadline - due <= LEAD_S + 1e-9 for due, deadline in woken)
    assert scheduler.holds and max(scheduler.holds) <= LEAD_S + 1e-9
    assert window.pages.currentWidget() is window.end_view


def test_a_late_wake_up_applies_the_step_at_its_deadline_and_rearms_from_now(
        window, short_program, fake_clock):
    scheduler = scheduler_of(window)
    events: list[Event] = []
    player = window.start_session(short_program, "one")
    player.subscribe(events.append)
    deadline = player.next_deadline()
    armed = scheduler.armed
    assert armed is not None and deadline is not None
    fake_clock.set(deadline + 0.3)  # the machine stalled: the wake-up comes 300 ms late
    scheduler.armed = None
    armed.fired()
    assert events and events[0].planned == deadline  # the event keeps its own time
    assert scheduler.holds == []  # nothing to wait for
    assert_armed_for_next_deadline(window, fake_clock)


def test_an_early_wake_up_rearms_for_the_rest_without_holding(window, short_program,
                                                              fake_clock):
    scheduler = scheduler_of(window)
    events: list[Event] = []
    player = window.start_session(short_program, "one")
    player.subscribe(events.append)
    armed = scheduler.armed
    assert armed is not None
    scheduler.armed = None
    armed.fired()  # woken long before the deadline (clock not moved)
    assert events == [] and scheduler.holds == []
    assert_armed_for_next_deadline(window, fake_clock)


def test_pause_stops_the_wake_up_and_carry_on_rearms_for_the_shifted_deadline(
        window, short_program, fake_clock, driver):
    scheduler = scheduler_of(window)
    player = window.start_session(short_program, "one")
    driver.advance(1.5)
    before = player.step_deadline()
    window.toggle_pause()
    assert player.state == "paused"
    assert scheduler.armed is None
    fake_clock.advance(20.0)
    window.toggle_pause()
    assert player.state == "running"
    assert player.step_deadline() == pytest.approx(before + 20.0)
    assert_armed_for_next_deadline(window, fake_clock)


@pytest.mark.parametrize("unit", ["step", "set", "exercise"])
def test_skip_and_back_rearm_for_the_new_step(window, short_program, fake_clock, driver,
                                              unit):
    player = window.start_session(short_program, "one")
    driver.advance(2.25)
    first = player.index
    window.skip(unit)
    assert player.index > first
    if player.state == "running":
        assert_armed_for_next_deadline(window, fake_clock)
    else:
        assert scheduler_of(window).armed is None
    driver.advance(0.5)
    window.back("step")
    if player.state == "running":
        assert_armed_for_next_deadline(window, fake_clock)


def test_plus_15_s_rearms_for_the_longer_rest(window, short_program, fake_clock, driver):
    player = window.start_session(short_program, "one")
    while player.step.kind != "rest":
        driver.scheduler.fire()
    driver.advance(1.25)
    end = player.step_deadline()
    window.extend_rest()
    assert player.step_deadline() == pytest.approx(end + 15)
    assert_armed_for_next_deadline(window, fake_clock)


def test_ending_the_session_stops_the_wake_up(window, short_program, fake_clock, driver):
    scheduler = scheduler_of(window)
    window.start_session(short_program, "one")
    driver.advance(3.0)
    assert scheduler.armed is not None
    window.end_session()
    assert scheduler.armed is None
    assert window.deadlines.player is None
    assert window.pages.currentWidget() is window.end_view


def test_the_qt_scheduler_fires_once_and_stop_cancels(qtbot):
    scheduler = QtScheduler()
    calls: list[str] = []
    scheduler.start(0, lambda: calls.append("first"))
    scheduler.start(1, lambda: calls.append("second"))  # replaces the first arming
    qtbot.waitUntil(lambda: calls == ["second"])
    scheduler.start(0, lambda: calls.append("third"))
    scheduler.stop()
    other = QtScheduler()  # due at the same moment: had "third" not been cancelled, it
    other.start(0, lambda: calls.append("fourth"))  # would have fired before this one
    qtbot.waitUntil(lambda: "fourth" in calls)
    assert calls == ["second", "fourth"]


def test_the_qt_scheduler_never_holds_longer_than_the_lead():
    scheduler = QtScheduler()
    started = time.monotonic()
    scheduler.hold(5.0)  # asked for far more than the lead
    assert time.monotonic() - started < LEAD_S + 0.05
    assert scheduler.longest_spin_s <= LEAD_S


def test_a_faster_session_clock_arms_in_real_milliseconds(short_program):
    """--speed: session time runs ``rate`` times faster, the delay is in real time."""
    clock = FakeClock(start=5000.0)
    clock.rate = 6.0
    scheduler = FakeScheduler(clock)
    timer = DeadlineTimer(clock, scheduler)
    player = Player(compile_stage(short_program), clock.now)
    applied: list[tuple[float, Event]] = []
    player.subscribe(lambda e: applied.append((clock.now(), e)))
    player.start(clock.now())
    timer.attach(player)
    for _ in range(40):
        deadline = player.next_deadline()
        assert scheduler.armed is not None and deadline is not None
        real_left = (deadline - clock.now()) / 6.0
        assert scheduler.armed.delay_ms == max(0, math.ceil((real_left - LEAD_S) * 1000 - 1e-6))
        scheduler.fire()
        assert scheduler.holds[-1] <= LEAD_S + 1e-9  # held in real seconds, within the lead
    timed = [(at, e) for at, e in applied if e.kind in ("step", "second")]
    assert len(timed) >= 40
    assert all(at == pytest.approx(e.planned, abs=1e-9) for at, e in timed)

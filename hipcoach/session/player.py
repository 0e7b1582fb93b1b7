"""The session player: a state machine over a timeline, driven by ``tick(now)``.

Every transition has an absolute deadline on the injected monotonic clock: the start of
the session plus the lengths of the steps so far plus the time spent paused or waiting.
A step that ends naturally hands over at its deadline, not at the moment ``tick`` ran,
so a late tick never shifts the rest of the session. Nothing here counts ticks and
nothing here knows about Qt: the view asks ``next_deadline()`` and arms its own timer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from hipcoach.session.timeline import Step, Timeline

Clock = Callable[[], float]
State = Literal["ready", "running", "paused", "waiting", "finished", "ended"]
EventKind = Literal[
    "step", "second", "halfway", "paused", "resumed", "finished", "ended", "extended"
]
Unit = Literal["step", "set", "exercise"]

BACK_RESTART_S = 2.0  # "back" within this many seconds of a start goes to the one before
HALFWAY_MIN_S = 20.0  # steps at least this long announce their halfway point
EXTEND_REST_S = 15.0


@dataclass(frozen=True, slots=True)
class Event:
    """Something the view and the cue player react to.

    ``planned`` is the clock time the event was due: a deadline for timed events, the
    moment of the action for user actions. ``value`` is the whole seconds left for
    ``second`` events. ``jumped`` is true for a step entered by skipping or going back:
    the step before it was cut short, not done.
    """

    kind: EventKind
    step: Step | None
    planned: float
    value: int | None = None
    jumped: bool = False


Listener = Callable[[Event], None]


class Player:
    def __init__(self, timeline: Timeline, clock: Clock) -> None:
        self.timeline = timeline
        self.clock = clock
        self.state: State = "ready"
        self.index = 0
        self._step_start = 0.0  # clock time the current step (re)started, pauses included
        self._extension = 0.0  # seconds added to the current step (+15 s rest)
        self._paused_at: float | None = None
        self._halfway_done = False  # the current step's halfway mark has fired
        self._next_mark: tuple[float, EventKind, int | None] | None = None
        self._listeners: list[Listener] = []

    # Observation ----------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, event: Event) -> Event:
        for listener in list(self._listeners):
            listener(event)
        return event

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.timeline.steps

    @property
    def step(self) -> Step | None:
        if self.state in ("ready", "finished", "ended") or not self.steps:
            return None
        return self.steps[self.index]

    @property
    def active(self) -> bool:
        return self.state in ("running", "paused", "waiting")

    def step_length(self) -> float:
        step = self.steps[self.index]
        return step.duration + self._extension

    def step_deadline(self) -> float | None:
        """When the current step ends, or None while waiting, paused or stopped."""
        if self.state != "running":
            return None
        return self._step_start + self.step_length()

    def next_deadline(self) -> float | None:
        """The next moment ``tick`` has something to do (a step end or a mark)."""
        end = self.step_deadline()
        if end is None:
            return None
        if self._next_mark is not None and self._next_mark[0] < end:
            return self._next_mark[0]
        return end

    def elapsed(self, now: float | None = None) -> float:
        """Seconds into the current step."""
        if self.step is None:
            return 0.0
        if self.state == "waiting":
            return 0.0
        at = self._paused_at if self._paused_at is not None else self._now(now)
        return max(0.0, min(self.step_length(), at - self._step_start))

    def remaining(self, now: float | None = None) -> float:
        if self.step is None:
            return 0.0
        return max(0.0, self.step_length() - self.elapsed(now))

    def progress(self, now: float | None = None) -> float:
        """Fraction of the current step done, 0..1."""
        length = self.step_length() if self.step is not None else 0.0
        return 1.0 if length <= 0 else self.elapsed(now) / length

    def session_remaining(self, now: float | None = None) -> float:
        if self.state == "ready":
            return self.timeline.total
        if self.step is None:
            return 0.0
        later = self.timeline.total - self.steps[self.index].end
        return self.remaining(now) + later

    def next_step(self) -> Step | None:
        nxt = self.index + 1 if self.state != "ready" else 0
        return self.steps[nxt] if nxt < len(self.steps) else None

    # Driving --------------------------------------------------------------------------
    def _now(self, now: float | None) -> float:
        return self.clock() if now is None else now

    def start(self, now: float | None = None, index: int = 0) -> None:
        if self.state != "ready":
            return
        now = self._now(now)
        if not self.steps:
            self.state = "finished"
            self._emit(Event("finished", None, now))
            return
        self._enter(max(0, min(index, len(self.steps) - 1)), now)

    def tick(self, now: float | None = None) -> list[Event]:
        """Fire everything due at or before ``now``, each at its own deadline."""
        now = self._now(now)
        fired: list[Event] = []
        while self.state == "running":
            end = self._step_start + self.step_length()
            mark = self._next_mark
            if mark is not None and mark[0] < end and mark[0] <= now:
                if mark[1] == "halfway":
                    self._halfway_done = True
                self._next_mark = self._mark_after(mark[0])
                fired.append(self._emit(Event(mark[1], self.steps[self.index], mark[0], mark[2])))
                continue
            if end > now:
                break
            fired.extend(self._advance(end))
        return fired

    def _advance(self, at: float) -> list[Event]:
        if self.index + 1 >= len(self.steps):
            self.state = "finished"
            self._next_mark = None
            return [self._emit(Event("finished", None, at))]
        return [self._enter(self.index + 1, at)]

    def _enter(self, index: int, at: float, jumped: bool = False) -> Event:
        self.index = index
        self._step_start = at
        self._extension = 0.0
        self._paused_at = None
        self._halfway_done = False
        step = self.steps[index]
        self.state = "waiting" if step.kind == "wait" else "running"
        self._next_mark = self._mark_after(at) if self.state == "running" else None
        return self._emit(Event("step", step, at, jumped=jumped))

    def _mark_after(self, t: float) -> tuple[float, EventKind, int | None] | None:
        """The first whole-second or halfway mark of the current step after clock time t.

        Halfway may fall on a whole second: the second fires first, then halfway at the
        same time (it is still due at t). It fires once per step, even if a rest is
        extended after it.
        """
        length = self.step_length()
        end = self._step_start + length
        candidates: list[tuple[float, EventKind, int | None]] = []
        # Whole seconds left: the display's digits and the countdown tones change here.
        left = math.ceil(round(end - t, 9)) - 1
        if left >= 1:
            candidates.append((end - left, "second", left))
        if length >= HALFWAY_MIN_S and not self._halfway_done:
            half = self._step_start + length / 2
            if half >= t - 1e-9:
                candidates.append((half, "halfway", None))
        return min(candidates, key=lambda c: c[0]) if candidates else None

    # User actions ---------------------------------------------------------------------
    def pause(self, now: float | None = None) -> None:
        if self.state != "running":
            return
        now = self._now(now)
        self.tick(now)
        if self.state != "running":
            return
        self._paused_at = now
        self.state = "paused"
        self._emit(Event("paused", self.step, now))

    def resume(self, now: float | None = None) -> None:
        if self.state != "paused" or self._paused_at is None:
            return
        now = self._now(now)
        shift = now - self._paused_at
        self._step_start += shift
        if self._next_mark is not None:
            # The pending mark moves with everything else; recomputing it here would
            # repeat a mark that fired at the moment of the pause.
            at, kind, value = self._next_mark
            self._next_mark = (at + shift, kind, value)
        self._paused_at = None
        self.state = "running"
        self._emit(Event("resumed", self.step, now))

    def toggle_pause(self, now: float | None = None) -> None:
        if self.state == "paused":
            self.resume(now)
        elif self.state == "running":
            self.pause(now)

    def confirm(self, now: float | None = None) -> None:
        """The user is ready: a wait step ends now."""
        if self.state != "waiting":
            return
        now = self._now(now)
        self._advance(now)

    def _go(self, index: int, now: float) -> None:
        if index >= len(self.steps):
            self.state = "finished"
            self._next_mark = None
            self._emit(Event("finished", None, now, jumped=True))
            return
        self._enter(max(0, index), now, jumped=True)

    def _group(self, step: Step, unit: Unit) -> tuple[object, ...]:
        if unit == "step":
            return (step.index,)
        if unit == "set":
            return (step.exercise, step.set)
        return (step.exercise,)

    def _group_start(self, index: int, unit: Unit) -> int:
        key = self._group(self.steps[index], unit)
        while index > 0 and self._group(self.steps[index - 1], unit) == key:
            index -= 1
        return index

    def skip(self, unit: Unit = "step", now: float | None = None) -> None:
        """Jump to the start of the next step, set or exercise."""
        if not self.active:
            return
        now = self._now(now)
        key = self._group(self.steps[self.index], unit)
        target = self.index + 1
        while target < len(self.steps) and self._group(self.steps[target], unit) == key:
            target += 1
        self._go(target, now)

    def back(self, unit: Unit = "step", now: float | None = None) -> None:
        """Restart the current step, set or exercise, or go to the one before it if
        it started less than two seconds ago."""
        if not self.active:
            return
        now = self._now(now)
        start = self._group_start(self.index, unit)
        into = self.elapsed(now) + sum(self.steps[i].duration for i in range(start, self.index))
        if into < BACK_RESTART_S and start > 0:
            start = self._group_start(start - 1, unit)
        self._go(start, now)

    def extend_rest(self, seconds: float = EXTEND_REST_S, now: float | None = None) -> bool:
        """Add time to the current rest; False when the current step is not a rest."""
        now = self._now(now)
        if self.state == "running":
            self.tick(now)  # fire what is due first, so no mark is lost and no ended rest grows
        step = self.step
        if step is None or step.kind != "rest" or self.state not in ("running", "paused"):
            return False
        self._extension += seconds
        at = self._paused_at if self._paused_at is not None else now
        self._next_mark = self._mark_after(at)
        self._emit(Event("extended", step, now, int(seconds)))
        return True

    def end(self, now: float | None = None) -> None:
        """Stop the session early."""
        if self.state in ("finished", "ended"):
            return
        now = self._now(now)
        self.state = "ended"
        self._next_mark = None
        self._emit(Event("ended", None, now))

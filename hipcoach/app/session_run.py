"""The running session and its record: what is written, when, and in which order.

A ``SessionRun`` listens to the player. Each finished set is written the moment it
ends, with the values the player reached (the prescription), before anything asks the
user about it; an answer from the set panel then corrects that row. The position and
the time exercised (the session clock's running time, pauses left out) are saved with
every step; at the end the sets that were passed over are recorded as skipped and the
session is closed. Every write is a job for the runner, in order, so a set is on disk
before the position that follows it and a kill at any moment loses no finished set.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hipcoach.app.ports import Runner
from hipcoach.session.player import Event, Player
from hipcoach.session.set_tracker import FinishedSet, SetSpan, SetTracker
from hipcoach.session.timeline import Step, Timeline

SEGMENT_STARTS = ("countdown", "switch_side", "wait", "work")
SIDE_TEXT = {"left": ", left side", "right": ", right side", None: ""}


@dataclass(frozen=True, slots=True)
class LogValues:
    """What the user says about a finished set (reps reached, pain, effort)."""

    reps: int
    pain: int | None = None
    rpe: int | None = None


Ask = Callable[[FinishedSet, str, str], None]  # (set, exercise name, side text)


def resume_index(timeline: Timeline, position: int) -> int:
    """Where to pick a session up: the start of the set (or side, or block) that was under
    way, so a part-done set is done again and a logged one is not."""
    steps = timeline.steps
    if not steps:
        return 0
    index = max(0, min(position, len(steps) - 1))
    step = steps[index]
    if step.kind == "rest" and step.rep is None:
        return index  # between sets or exercises: everything before is logged
    while index > 0 and steps[index].kind not in SEGMENT_STARTS:
        index -= 1
    return index


class ActiveTime:
    """Seconds the session clock ran with the session going, pauses left out."""

    def __init__(self, before: float = 0.0) -> None:
        self.before = before  # from an earlier run of the same session (resume)
        self._since: float | None = None
        self._banked = 0.0

    def run(self, now: float) -> None:
        if self._since is None:
            self._since = now

    def stop(self, now: float) -> None:
        if self._since is not None:
            self._banked += max(0.0, now - self._since)
            self._since = None

    def total(self, now: float) -> float:
        running = max(0.0, now - self._since) if self._since is not None else 0.0
        return self.before + self._banked + running


class SessionRun:
    """Records one played session through ``runner``; ``ask`` shows the set panel."""

    def __init__(self, runner: Runner, player: Player, *, pain_before: int | None = None,
                 resume_id: int | None = None, start_index: int = 0,
                 active_before: float = 0.0, ask: Ask | None = None,
                 on_written: Callable[[str], None] | None = None,
                 on_closed: Callable[[int | None], None] | None = None) -> None:
        self.runner = runner
        self.player = player
        self.timeline = player.timeline
        self.pain_before = pain_before
        self.session_id: int | None = resume_id
        self.start_index = start_index
        self.ask = ask
        self.on_written = on_written  # what was written ("set", "session", "checkin")
        self.on_closed = on_closed  # the session row is closed (its id)
        self.active = ActiveTime(active_before)
        self.sets_written = 0
        self.furthest = start_index
        self.tracker = SetTracker(self.timeline, self._finished, start_index)
        self._reported: list[SetSpan] = []
        self._done_at: dict[tuple[str, int, str | None], Any] = {}  # when each set ended
        self._pending_position: int | None = None
        self._pending_active = 0.0
        self._position_lock = threading.Lock()
        self.closed = False

    # Life cycle -----------------------------------------------------------------------
    def begin(self) -> None:
        """Create (or take over) the session row; call before the player starts."""
        self.player.subscribe(self._on_event)
        if self.session_id is None:
            timeline, pain = self.timeline, self.pain_before

            def start(store: Any) -> int:
                self.session_id = store.start_session_for(timeline, pain_before=pain)
                return self.session_id

            self.runner.submit(start, lambda _sid: self._written("session"), keep=True,
                               label="start session")
        else:
            keep = self.session_id
            self.runner.submit(lambda store: store.abandon_interrupted(keep=keep),
                               label="close older sessions")

    def _on_event(self, event: Event) -> None:
        now = event.planned
        if event.kind == "step" and event.step is not None:
            if self.player.state in ("running", "waiting"):
                self.active.run(now)
            self.furthest = max(self.furthest, event.step.index)
            self.tracker.on_event(event)
            self._save_position(event.step, now)
        elif event.kind == "paused":
            self.active.stop(now)
            self._save_position(self.player.step, now)
        elif event.kind == "resumed":
            self.active.run(now)
        elif event.kind in ("finished", "ended"):
            self.active.stop(now)
            self.tracker.on_event(event)
            self._close("completed" if event.kind == "finished" else "abandoned", now)

    def leave(self, now: float) -> None:
        """The app is closing mid-session: save where it was; the session stays open and
        is offered for resuming at the next start."""
        if self.closed:
            return
        self.active.stop(now)
        step = self.player.step
        if step is not None:
            self._save_position(step, now)

    def save_now(self, now: float) -> None:
        """Write the position and time so far (a crash was caught; the session goes on)."""
        if not self.closed:
            self._save_position(self.player.step, now)

    # Writes ---------------------------------------------------------------------------
    def _save_position(self, step: Step | None, now: float) -> None:
        if step is None:
            return
        active = self.active.total(now)
        with self._position_lock:  # the worker takes the pending index under the same lock
            first = self._pending_position is None
            self._pending_position = step.index
            self._pending_active = active
        if not first:
            return  # a position job is already queued: it will write the newest values

        def save(store: Any) -> None:
            with self._position_lock:
                index, self._pending_position = self._pending_position, None
                seconds = self._pending_active
            if self.session_id is not None and index is not None:
                store.save_position(self.session_id, index, active_s=seconds)

        self.runner.submit(save, label="save position")

    def _submit(self, job: Callable[[Any, int], Any], label: str,
                on_done: Callable[[Any], None] | None = None,
                on_error: Callable[[Exception], None] | None = None) -> None:
        def run(store: Any) -> Any:
            if self.session_id is None:
                raise RuntimeError("the session was never recorded")
            return job(store, self.session_id)

        self.runner.submit(run, on_done, on_error, keep=True, label=label)

    def _finished(self, finished: FinishedSet) -> None:
        """A set ended: written now, as reached; once it is on disk (or kept for a retry
        after a failed write) the panel may ask about it and correct it."""
        self._reported.append(finished.span)
        ask = None
        if self.ask is not None:
            name = self.timeline.exercises[finished.span.exercise].name
            side, asker = SIDE_TEXT[finished.span.side], self.ask

            def ask() -> None:
                asker(finished, name, side)

        self._log(finished, LogValues(finished.reps), then=ask)

    def correct(self, finished: FinishedSet, values: LogValues) -> None:
        """The user's answer for a set already written: replaces that row's values."""
        if values == LogValues(finished.reps):
            return  # nothing changed: the row on disk already says this
        self._log(finished, values)

    def _log(self, finished: FinishedSet, values: LogValues,
             then: Callable[[], None] | None = None) -> None:
        from hipcoach.domain.entries import planned_set, utc

        exercise = self.timeline.exercises[finished.span.exercise]
        span = finished.span
        # a correction keeps the moment the set was done, so sets stay in their order
        done_at = self._done_at.setdefault((span.exercise, span.set_no, span.side), utc())

        def log(store: Any, session_id: int) -> int:
            entry = planned_set(session_id, exercise, span.set_no, phase=span.phase,
                                side=span.side, reps=values.reps, pain=values.pain,
                                rpe=values.rpe, performed_at=done_at)
            return store.log_set(entry)

        def done(_id: Any) -> None:
            self._written("set")
            if then is not None:
                then()

        self._submit(log, f"log {span.exercise} set {span.set_no}", on_done=done,
                     on_error=(lambda _exc: then()) if then is not None else None)

    def _written(self, what: str) -> None:
        if what == "set":
            self.sets_written += 1
        if self.on_written is not None:
            self.on_written(what)

    def skipped(self, finished: bool) -> list[Any]:
        """Sets the player passed over without doing them (all unlogged ones when the
        session ran to its end; before the furthest step reached when it was ended)."""
        from hipcoach.domain.entries import SkippedSet
        from hipcoach.session.set_tracker import set_spans

        done = {(s.exercise, s.set_no, s.side) for s in self._reported}
        out = []
        for span in set_spans(self.timeline):
            if (span.exercise, span.set_no, span.side) in done:
                continue
            if not finished and span.last >= self.furthest:
                continue  # not reached: the session was ended before it
            name = self.timeline.exercises[span.exercise].name
            out.append(SkippedSet(span.exercise, name, span.phase, span.side, span.set_no))
        return out

    def _close(self, status: str, now: float) -> None:
        if self.closed:
            return
        self.closed = True
        skipped = self.skipped(status == "completed")
        active = self.active.total(now)

        def close(store: Any, session_id: int) -> int:
            if skipped:
                store.record_skipped(session_id, skipped)
            store.finish_session(session_id, status, active_s=active)
            return session_id

        self._submit(close, "finish session", on_done=self._closed)

    def _closed(self, session_id: int) -> None:
        self._written("session")
        if self.on_closed is not None:
            self.on_closed(session_id)

    def record_pain_after(self, pain: int, on_done: Callable[[Any], None] | None = None) -> None:
        from hipcoach.domain.entries import Checkin

        def job(store: Any, sid: int) -> None:
            store.add_checkin(Checkin(sid, "after", pain))

        self._submit(job, "pain after",
                     on_done=lambda r: (self._written("checkin"), on_done and on_done(r)))

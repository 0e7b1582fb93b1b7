"""Records a running session: the session row, each finished set, the player's position.

Every write is a job for the store worker, so logging never holds up the UI thread or a
cue. Jobs run in order: a set is on disk before the position that follows it, so after
a crash the session resumes at a set that was not yet logged, never past one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from hipcoach.session.player import Event, Player
from hipcoach.session.set_tracker import FinishedSet, SetTracker
from hipcoach.session.timeline import Step, Timeline
from hipcoach.ui.log_panel import LogPanel, LogValues
from hipcoach.ui.store_bridge import StoreBridge

SIDE_TEXT = {"left": ", left side", "right": ", right side", None: ""}
SEGMENT_STARTS = ("countdown", "switch_side", "wait", "work")


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


class SessionRecorder(QObject):
    """Emits ``logged(count)`` whenever a set has been written."""

    logged = Signal(int)
    session_started = Signal(int)

    def __init__(self, bridge: StoreBridge, panel: LogPanel, auto_log: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.panel = panel
        self.auto_log = auto_log
        self.session_id: int | None = None
        self.player: Player | None = None
        self.tracker: SetTracker | None = None
        self.sets_logged = 0
        self._pending_position: int | None = None
        self._position_lock = threading.Lock()
        self.pain_before: int | None = None
        panel.confirmed.connect(self._confirmed)

    # Session life cycle -------------------------------------------------------------------
    def begin(self, player: Player, start_index: int = 0,
              resume_id: int | None = None) -> None:
        self.player = player
        self.sets_logged = 0
        self.tracker = SetTracker(player.timeline, self._finished, start_index)
        player.subscribe(self._on_event)
        self.session_id = resume_id
        if resume_id is None:
            timeline, pain = player.timeline, self.pain_before

            def start(store: Any) -> int:
                self.session_id = store.start_session_for(timeline, pain_before=pain)
                return self.session_id

            self.bridge.submit(start, self.session_started.emit, keep=True,
                               label="start session")
        else:
            self.bridge.submit(lambda store: store.abandon_interrupted(keep=resume_id),
                               label="close older sessions")

    def _on_event(self, event: Event) -> None:
        assert self.tracker is not None
        if event.kind == "step" and event.step is not None:
            if event.step.kind in SEGMENT_STARTS:
                self.panel.commit()  # the next set begins: save the open one as shown
            self.tracker.on_event(event)
            self._save_position(event.step)
        elif event.kind in ("finished", "ended"):
            self.tracker.on_event(event)
            self.panel.commit()
            status = "completed" if event.kind == "finished" else "abandoned"
            self._submit_session(lambda store, sid: store.finish_session(sid, status),
                                 "finish session")

    def _save_position(self, step: Step) -> None:
        with self._position_lock:  # the worker takes the pending index under the same lock
            first = self._pending_position is None
            self._pending_position = step.index
        if not first:
            return  # a position job is already queued: it will write the newest index

        def save(store: Any) -> None:
            with self._position_lock:
                index, self._pending_position = self._pending_position, None
            if self.session_id is not None and index is not None:
                store.save_position(self.session_id, index)

        self.bridge.submit(save, label="save position")

    def _submit_session(self, job: Callable[[Any, int], Any], label: str,
                        on_done: Callable[[Any], None] | None = None) -> None:
        def run(store: Any) -> Any:
            if self.session_id is None:
                raise RuntimeError("the session was never recorded")
            return job(store, self.session_id)

        self.bridge.submit(run, on_done, keep=True, label=label)

    # Sets --------------------------------------------------------------------------------
    def _finished(self, finished: FinishedSet) -> None:
        if self.auto_log:
            self._log(finished, LogValues(finished.reps))
            return
        assert self.player is not None
        name = self.player.timeline.exercises[finished.span.exercise].name
        self.panel.ask(finished, name, SIDE_TEXT[finished.span.side])

    def _confirmed(self, finished: FinishedSet, values: LogValues) -> None:
        self._log(finished, values)

    def _log(self, finished: FinishedSet, values: LogValues) -> None:
        from hipcoach.store.entries import planned_set

        assert self.player is not None
        exercise = self.player.timeline.exercises[finished.span.exercise]
        span = finished.span

        def log(store: Any, session_id: int) -> int:
            entry = planned_set(session_id, exercise, span.set_no, phase=span.phase,
                                side=span.side, reps=values.reps, pain=values.pain,
                                rpe=values.rpe)
            return store.log_set(entry)

        self._submit_session(log, f"log {span.exercise} set {span.set_no}",
                             on_done=self._written)

    def _written(self, _set_id: Any) -> None:
        self.sets_logged += 1
        self.logged.emit(self.sets_logged)

    def record_pain_after(self, pain: int) -> None:
        from hipcoach.store.entries import Checkin

        self._submit_session(lambda store, sid: store.add_checkin(Checkin(sid, "after", pain)),
                             "pain after")

"""Which sets a session has finished, and how many reps of each were reached.

A set (one side of it for exercises done side by side) is finished when the player
leaves its last step, or the session ends. A rep counts once the user was really in it:
one of its steps began in the flow of the session (the step before it ran its course)
or ran its course itself. Stepping through reps with skip or back counts nothing. A set
with no rep counted is not reported (the session records it as skipped); a set left
part-way reports the reps that were begun.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hipcoach.session.player import Event
from hipcoach.session.timeline import Side, Timeline

WORK_KINDS = ("rep_phase", "hold", "wait")


@dataclass(frozen=True, slots=True)
class SetSpan:
    exercise: str
    phase: str
    set_no: int
    side: Side | None
    first: int  # index of the slot's first work step
    last: int  # index of its last work step
    target_reps: int


@dataclass(frozen=True, slots=True)
class FinishedSet:
    span: SetSpan
    reps: int
    complete: bool


def set_spans(timeline: Timeline) -> list[SetSpan]:
    """Every loggable set of a timeline with the steps it covers (timed blocks are not sets)."""
    found: dict[tuple[str, int, Side | None], list[int]] = {}
    phases: dict[tuple[str, int, Side | None], str] = {}
    targets: dict[str, int] = {}
    for step in timeline.steps:
        if step.set is None or step.kind not in WORK_KINDS:
            continue
        exercise = timeline.exercises[step.exercise]
        if exercise.rep_range is None:
            continue
        side = step.side if exercise.sides == "each" else None
        key = (step.exercise, step.set, side)
        found.setdefault(key, []).append(step.index)
        phases[key] = step.phase
        targets[step.exercise] = exercise.rep_range.target
    spans = [
        SetSpan(ex, phases[(ex, set_no, side)], set_no, side, min(idx), max(idx), targets[ex])
        for (ex, set_no, side), idx in found.items()
    ]
    return sorted(spans, key=lambda s: s.first)


class SetTracker:
    """Feed it player events; it calls ``on_finished`` once per set that was done."""

    def __init__(self, timeline: Timeline, on_finished: Callable[[FinishedSet], None],
                 start_index: int = 0) -> None:
        self.timeline = timeline
        self.spans = set_spans(timeline)
        self.on_finished = on_finished
        self._reps: dict[int, set[tuple[int | None, str | None]]] = {}
        # the rep of a step that was skipped into: counted only if that step runs its course
        self._current: list[tuple[int, tuple[int | None, str | None]]] = []
        self._reported: set[int] = {i for i, s in enumerate(self.spans) if s.last < start_index}

    def on_event(self, event: Event) -> None:
        if event.kind == "step" and event.step is not None:
            index = event.step.index
            self._done_current(counts=not event.jumped)
            # Only moving past a set's last step finishes it: going back to its start (or
            # before it) means it is being done again, and it is reported after that.
            self._close(lambda span: span.last < index)
            self._enter(index, jumped=event.jumped)
        elif event.kind in ("finished", "ended"):
            # the session's natural end completes the last step; "end session" cuts it short
            self._done_current(counts=event.kind == "finished" and not event.jumped)
            self._close(lambda span: True)

    def _done_current(self, counts: bool) -> None:
        if counts:
            for i, rep in self._current:
                self._reps.setdefault(i, set()).add(rep)
        self._current = []

    def _enter(self, index: int, jumped: bool) -> None:
        step = self.timeline.steps[index]
        for i, span in enumerate(self.spans):
            if span.first <= index <= span.last and step.kind in WORK_KINDS and i not in self._reported:
                same_side = span.side is None or step.side == span.side
                if step.exercise == span.exercise and step.set == span.set_no and same_side:
                    # an unpaced set (a wait step) counts as the prescribed reps: see _close
                    rep = step.rep if step.kind != "wait" else None
                    if jumped:
                        self._current.append((i, (rep, step.side)))
                    else:
                        self._reps.setdefault(i, set()).add((rep, step.side))

    def _close(self, leaving: Callable[[SetSpan], bool]) -> None:
        for i, span in enumerate(self.spans):
            if i in self._reported or i not in self._reps or not leaving(span):
                continue
            self._reported.add(i)
            reached = self._reps.pop(i)
            if any(rep is None for rep, _ in reached):
                reps = span.target_reps
            else:
                reps = len({rep for rep, _ in reached})
            self.on_finished(FinishedSet(span, reps, reps >= span.target_reps))

"""Words for the player screen: what to do now, where you are, what comes next.

Pure functions of steps and the timeline, so the words are tested without a window.
"""

from __future__ import annotations

import math

from hipcoach.format import clock_text, load_text
from hipcoach.i18n import N_, _
from hipcoach.program.model import Exercise
from hipcoach.session.timeline import Step, Timeline

SIDE_WORDS = {"left": N_("Left side"), "right": N_("Right side")}


def countdown_digits(remaining: float) -> str:
    """Whole seconds left, rounded up, as the big digits show them."""
    return str(max(0, math.ceil(round(remaining, 6))))


def position_text(step: Step) -> str:
    """"Set 2 of 3 · Rep 4 of 10 · Left side" (parts that do not apply are left out)."""
    parts = []
    if step.set is not None and step.sets and step.sets > 1:
        parts.append(_("Set {set} of {sets}").format(set=step.set, sets=step.sets))
    elif step.set is not None:
        parts.append(_("One set"))
    if step.rep is not None and step.reps:
        parts.append(_("Rep {rep} of {reps}").format(rep=step.rep, reps=step.reps))
    if step.side:
        parts.append(_(SIDE_WORDS[step.side]))
    return "  ·  ".join(parts)


def rep_count_text(step: Step) -> str:
    """"4 / 10": the rep under way, for the big counter ("" outside reps)."""
    if step.rep is not None and step.reps:
        return f"{step.rep} / {step.reps}"
    return ""


def side_badge(step: Step) -> str:
    """"LEFT" or "RIGHT" while one side works ("" when both do)."""
    return {"left": _("LEFT"), "right": _("RIGHT")}.get(step.side or "", "")


def set_text(step: Step) -> str:
    """"Set 2 of 3" ("One set" for a single set, "" outside sets)."""
    if step.set is not None and step.sets and step.sets > 1:
        return _("Set {set} of {sets}").format(set=step.set, sets=step.sets)
    if step.set is not None:
        return _("One set")
    return ""


def headline(step: Step, timeline: Timeline) -> str:
    """The line above the instruction: which exercise, or what the pause is for."""
    name = timeline.exercises[step.exercise].name
    if step.kind == "countdown":
        return _("Get ready: {name}").format(name=name)
    if step.kind == "wait":
        return _("Set up for {name}").format(name=name)
    if step.kind == "switch_side":
        return _("{name}: other side").format(name=name)
    if step.kind == "rest" and step.set is None:
        following = _next_exercise_name(step, timeline)
        if following is None:
            return _("Rest before the next exercise")
        return _("Rest before {name}").format(name=following)
    if step.kind == "rest" and step.rep is None:
        return _("Rest after set {set}").format(set=step.set)
    return name


def wait_hint(step: Step, timeline: Timeline) -> str:
    exercise = timeline.exercises[step.exercise]
    if step.set is not None:  # unpaced reps ("8 REPS"), not a set-up wait
        return _("Do {reps} reps at your own pace, then press Enter").format(reps=step.reps)
    if exercise.load == "bodyweight":
        return _("Get into position, then press Enter")
    return _("Get into position ({load}), then press Enter").format(
        load=load_text(exercise.load))


def how_text(step: Step, exercise: Exercise) -> str:
    """How to get into position, on the set-up and get-ready steps of an exercise (its
    first set, or a set-up wait): the set-up words, else the description."""
    first = step.kind == "wait" or (step.kind == "countdown" and step.set in (None, 1))
    if not first:
        return ""
    return exercise.setup or exercise.description


def _next_exercise_name(step: Step, timeline: Timeline) -> str | None:
    following = _next_exercise(step, timeline)
    return following.name if following is not None else None


def _next_exercise(step: Step, timeline: Timeline) -> Exercise | None:
    for later in timeline.steps[step.index + 1:]:
        if later.exercise != step.exercise:
            return timeline.exercises[later.exercise]
    return None


def shown_exercise(step: Step, timeline: Timeline) -> Exercise:
    """The exercise a step shows (figure, cues, how-to): its own, except the rest before
    the next exercise, which already shows that one to get ready for."""
    if step.kind == "rest" and step.set is None:
        following = _next_exercise(step, timeline)
        if following is not None:
            return following
    return timeline.exercises[step.exercise]


def next_text(timeline: Timeline, index: int) -> str:
    """What comes after step ``index``, skipping the inner beats of a set."""
    steps = timeline.steps
    current = steps[index]
    for later in steps[index + 1:]:
        same_set = later.exercise == current.exercise and later.set == current.set
        if later.kind == "rep_phase" and same_set and current.kind == "rep_phase":
            continue
        if later.kind in ("hold", "rest") and same_set and later.rep is not None:
            continue
        name = timeline.exercises[later.exercise].name
        if later.kind == "rest":
            return _("Next: rest {time}").format(time=clock_text(later.duration))
        if later.kind == "switch_side":
            side = {"left": _("left side"), "right": _("right side")}
            return _("Next: {side}").format(side=side.get(later.side or "", _("other side")))
        if later.kind == "countdown" and later.exercise == current.exercise and later.set:
            return _("Next: set {set} of {sets}").format(set=later.set, sets=later.sets)
        if later.kind in ("rep_phase", "hold") and later.exercise == current.exercise:
            continue
        if later.kind == "work" and later.exercise == current.exercise:
            continue
        return _("Next: {name}").format(name=name)
    return _("Last one: the session ends after this")


def prescription_text(exercise: Exercise, played: bool = False) -> str:
    """"3 × 8-12 @ 3-0-3-0, each side" — the prescription in tempo notation. ``played``:
    the reps the player counts ("3 × 8"), for a plan about to be played."""
    if exercise.work_s is not None:
        text = f"{int(exercise.work_s)} s"
    else:
        reps = (exercise.rep_range.target if played and exercise.rep_range is not None
                else exercise.rep_range)
        text = f"{exercise.set_count} × {reps}"
        if exercise.tempo_spec is not None:
            text += f" @ {exercise.tempo_spec.text}"
        if exercise.hold_s is not None:
            text += _(", {seconds} s hold").format(seconds=int(exercise.hold_s))
    if exercise.sides == "each":
        text += _(", each side")
    elif exercise.sides == "alternate":
        text += _(", alternating")
    if exercise.load != "bodyweight":
        text += f", {load_text(exercise.load)}"
    return text

"""Re-tests read: results against their norm bands, the change since the last re-test,
when the next is due (every three weeks; the sources suggest every 2-4 weeks), and a
re-test session the player can run.

The tests, their bands and one result are domain facts (``hipcoach.domain.assessments``).
Nothing here touches the database: ``hipcoach.store.assessments`` stores the results.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from hipcoach.domain.assessments import (
    QUALITY_LEVELS,
    TESTS,
    AssessmentResult,
    Measure,
    NormBand,
    TestSpec,
)
from hipcoach.format import number_text, short_day
from hipcoach.i18n import _, ngettext
from hipcoach.program.model import Program

RETEST_EVERY_DAYS = 21
SIDE_GAP_S = 10.0  # single-leg bridge: flag a left/right difference above this
SYMMETRY_TARGET = 0.90  # limb symmetry index, borrowed from knee rehabilitation


@dataclass(frozen=True, slots=True)
class Finding:
    test: str
    side: str | None
    band: str
    line: str
    source: str
    validated: bool
    concern: bool


def side_word(side: str | None) -> str:
    """"left" / "right" in the user's language."""
    return {"left": _("left"), "right": _("right")}.get(side or "", side or "")


def test_label(spec: TestSpec, side: str | None) -> str:
    """"Single-leg bridge hold left": the test's name and its side, translated."""
    return _(spec.name) + (f" {side_word(side)}" if side else "")


def quality_word(quality: str | None) -> str:
    words = {"good": _("good"), "fair": _("fair"), "poor": _("poor")}
    return words.get(quality or "", str(quality))


def pass_word(passed: bool | None) -> str:
    return _("pass") if passed else _("tight")


def _band(spec: TestSpec, value: float) -> NormBand | None:
    return next((b for b in spec.bands if b.contains(value)), None)


def interpret(results: Iterable[AssessmentResult], goal: str | None = None) -> list[Finding]:
    """One finding per result (plus side differences), each with its source and flag.

    ``goal`` (the intake's) picks the single-leg bridge target: 60 s for running, else 30 s.
    """
    items = list(results)
    found: list[Finding] = []
    for r in items:
        spec = TESTS.get(r.test)
        if spec is None:
            continue
        name = test_label(spec, r.side)
        if spec.measure == "quality":
            text = _(QUALITY_LEVELS.get(r.quality or "", "")) if r.quality in QUALITY_LEVELS else ""
            found.append(Finding(r.test, r.side, r.quality or "", f"{name}: "
                                 f"{quality_word(r.quality)} ({text})", _(spec.source),
                                 spec.validated, r.quality == "poor"))
            continue
        if spec.measure == "pass_fail":
            ok = r.passed_or_angle
            angle = (_(", thigh {angle} degrees").format(angle=f"{r.value:+g}")
                     if r.value is not None else "")
            label = "pass" if ok else "tight"
            found.append(Finding(r.test, r.side, label, f"{name}: {pass_word(ok)}{angle} "
                                 f"({_(spec.caveat)})", _(spec.source), spec.validated, not ok))
            continue
        if r.value is None:
            continue
        unit = " s" if spec.measure == "seconds" else "/10"
        band = _band(spec, r.value)
        if band is None:
            line = f"{name}: {number_text(r.value)}{unit} ({_(spec.caveat)})"
            found.append(Finding(r.test, r.side, "", line, _(spec.source), spec.validated, False))
            continue
        concern = band.concern
        meaning = _(band.meaning)
        if r.test == "slb_hold":
            target = 60.0 if goal == "running" else 30.0
            text = (_("{meaning}; your target {target} s reached") if r.value >= target
                    else _("{meaning}; your target {target} s not yet reached"))
            meaning = text.format(meaning=meaning, target=number_text(target))
            concern = concern or r.value < target
        line = f"{name}: {number_text(r.value)}{unit}, {meaning}"
        found.append(Finding(r.test, r.side, band.label, line, _(spec.source), spec.validated,
                             concern))
    holds = {r.side: r.value for r in items if r.test == "slb_hold" and r.value is not None}
    if "left" in holds and "right" in holds:
        left, right = float(holds["left"]), float(holds["right"])
        gap = abs(left - right)
        weak = "left" if left < right else "right"
        strong = max(left, right)
        symmetry = (min(left, right) / strong) if strong else 1.0
        flagged = gap > SIDE_GAP_S
        if not flagged:
            text = _("Single-leg bridge sides: {gap} s apart ({percent}% symmetry)")
        elif weak == "left":
            text = _("Single-leg bridge sides: {gap} s apart ({percent}% symmetry); the left "
                     "side needs work (a gap over {limit} s is flagged)")
        else:
            text = _("Single-leg bridge sides: {gap} s apart ({percent}% symmetry); the right "
                     "side needs work (a gap over {limit} s is flagged)")
        line = text.format(gap=number_text(gap), percent=round(symmetry * 100),
                           limit=number_text(SIDE_GAP_S))
        found.append(Finding("slb_hold", None, "side gap" if flagged else "even", line,
                             _("side gap over 10 s: clinician heuristic; 90% symmetry is "
                               "borrowed from knee rehabilitation (a guess here)"), False,
                             flagged))
    return found


def compare(before: Sequence[AssessmentResult], after: Sequence[AssessmentResult]) -> list[str]:
    """Lines such as "Single-leg bridge hold left: 18 s -> 26 s (+8 s)" for the same tests."""
    old = {(r.test, r.side): r for r in before}
    lines: list[str] = []
    for r in after:
        prev = old.get((r.test, r.side))
        spec = TESTS.get(r.test)
        if prev is None or spec is None:
            continue
        name = test_label(spec, r.side)
        if spec.measure == "quality":
            if prev.quality != r.quality:
                lines.append(f"{name}: {quality_word(prev.quality)} -> {quality_word(r.quality)}")
        elif spec.measure == "pass_fail":
            a, b = prev.passed_or_angle, r.passed_or_angle
            if a != b:
                lines.append(f"{name}: {pass_word(a)} -> {pass_word(b)}")
        elif prev.value is not None and r.value is not None:
            unit = " s" if spec.measure == "seconds" else "/10"
            delta = r.value - prev.value
            lines.append(f"{name}: {number_text(prev.value)}{unit} -> {number_text(r.value)}{unit} "
                         f"({number_text(delta, sign=True)}{unit.strip() if unit == '/10' else ' s'})")
    return lines


# When ---------------------------------------------------------------------------------


def retest_due(last_date: date | None, today: date, every_days: int = RETEST_EVERY_DAYS) -> bool:
    """A re-test is due every three weeks, and straight away when there is none yet."""
    if last_date is None:
        return True
    return (today - last_date).days >= every_days


def retest_reminder(last_date: date | None, today: date,
                    every_days: int = RETEST_EVERY_DAYS) -> str:
    """One line for the start screen."""
    if last_date is None:
        return _("Re-test: none yet. Do one to set your starting point (about 10 minutes).")
    days = (today - last_date).days
    if days >= every_days:
        return _("Re-test due: the last one was {days} days ago ({day}).").format(
            days=days, day=short_day(last_date))
    left = every_days - days
    when = today + timedelta(days=left)
    return ngettext("Next re-test in {n} day ({day}).", "Next re-test in {n} days ({day}).",
                    left).format(n=left, day=short_day(when))


# The re-test session ----------------------------------------------------------------

RETEST_PROGRAM_ID = "retest"
RETEST_TOML = '''
[program]
id = "retest"
name = "Re-test"
version = 1
description = """About ten minutes of simple self-tests, every three weeks. Enter the \
results at the end. Stop any test that hurts. Not a substitute for a clinician."""

[[stage]]
id = "retest"
name = "Re-test"

  [[stage.phase]]
  kind = "warmup"
  name = "Warm-up"

    [[stage.phase.exercise]]
    id = "march"
    name = "March in place"
    work = "60s"
    rest_after = "10s"
    cues = ["Knees to hip height", "Easy breathing"]

  [[stage.phase]]
  kind = "endurance"
  name = "Tests"

    [[stage.phase.exercise]]
    id = "slb-hold-test"
    name = "Single-leg bridge hold test"
    sets = 1
    reps = 1
    hold = "60s"
    sides = "each"
    confirm = true
    rest_after = "30s"
    description = """On your back, one foot flat, the other knee pulled in. Lift until the \
hip is straight and hold. Note the seconds when the hips drop or twist; 60 s is the top."""
    cues = ["Hips level", "Note the time when the hips drop"]

    [[stage.phase.exercise]]
    id = "prone-hip-extension-test"
    name = "Prone hip extension check"
    sets = 1
    reps = 3
    tempo = "2-0-2-2"
    start = "concentric"
    sides = "each"
    confirm = true
    rest_after = "15s"
    description = """Face down, knee bent. Lift the thigh slowly three times. Does the glute \
start the lift? Does the low back arch or the pelvis roll? Rate it good, fair or poor."""
    cues = ["Glute starts the lift?", "Back stays still?"]

    [[stage.phase.exercise]]
    id = "thomas-test"
    name = "Modified Thomas test"
    work = "30s"
    sides = "each"
    confirm = true
    rest_after = "15s"
    description = """Sit on the edge of a firm bed, hug one knee and roll back. Let the other \
leg hang. Level with the bed or lower is a pass."""
    cues = ["Hug the knee", "Let the other leg hang", "Thigh level or lower?"]

    [[stage.phase.exercise]]
    id = "prone-dslr-test"
    name = "Prone double straight-leg raise hold"
    sets = 1
    reps = 1
    hold = "2m"
    confirm = true
    description = """Face down, hands under the forehead. Lift both straight legs just off the \
floor and hold. Note the seconds when they touch down; stop if the back hurts."""
    cues = ["Legs just off the floor", "Note the time"]
'''


def retest_program() -> Program:
    """The re-test as a programme for the player (one stage, timed holds per side, waits)."""
    from hipcoach.program.loader import parse_program_text
    from hipcoach.program.texts import localize

    return localize(parse_program_text(RETEST_TOML, "<retest>"))


@dataclass(frozen=True, slots=True)
class ResultField:
    """One entry of the results form the re-test ends with."""

    test: str
    side: Literal["left", "right"] | None
    prompt: str
    measure: Measure
    low: float
    high: float


def result_fields() -> list[ResultField]:
    """The fields of the results form, in the order of the re-test session."""
    out: list[ResultField] = []
    for test in ("slb_hold", "prone_hip_extension", "thomas", "prone_dslr",
                 "pain_standing", "pain_walking", "pain_running"):
        spec = TESTS[test]
        sides: tuple[Literal["left", "right"] | None, ...] = (
            ("left", "right") if spec.per_side else (None,))
        for side in sides:
            prompt = _(spec.name) + (f", {side_word(side)}" if side else "")
            if spec.measure == "seconds":
                prompt += _(" (seconds)")
            elif spec.measure == "pain":
                prompt += " (0-10)"
            elif spec.measure == "pass_fail":
                prompt += _(" (pass/tight, optional angle)")
            else:
                prompt += _(" (good/fair/poor)")
            out.append(ResultField(test, side, prompt, spec.measure, spec.low, spec.high))
    return out

"""Re-tests: what is measured, the norm bands with their sources, when the next is due,
and a re-test session the player can run.

The tests (every three weeks; the sources suggest every 2-4 weeks):

- ``slb_hold``: single-leg bridge hold, seconds, per side;
- ``prone_hip_extension``: prone hip extension, quality good / fair / poor, per side;
- ``thomas``: modified Thomas test, pass / fail per side, optional thigh angle;
- ``prone_dslr``: prone double straight-leg raise hold, seconds;
- ``pain_standing``, ``pain_walking``, ``pain_running``: pain 0-10 doing each.

Every norm says where it comes from and whether it has been validated; most have not.
Nothing here touches the database: ``hipcoach.store.assessments`` stores the results.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from hipcoach.i18n import N_, _, ngettext
from hipcoach.program.model import Program

Measure = Literal["seconds", "quality", "pass_fail", "pain"]
Quality = Literal["good", "fair", "poor"]

RETEST_EVERY_DAYS = 21
QUALITY_LEVELS: dict[str, str] = {
    "good": N_("the glute starts the lift; pelvis and low back stay still"),
    "fair": N_("some wobble: the pelvis rolls a little or the hamstring takes over"),
    "poor": N_("the low back arches or the pelvis lifts or twists; little glute"),
}
SIDE_GAP_S = 10.0  # single-leg bridge: flag a left/right difference above this
SYMMETRY_TARGET = 0.90  # limb symmetry index, borrowed from knee rehabilitation


@dataclass(frozen=True, slots=True)
class NormBand:
    """A range of results and what it means; ``low`` inclusive, ``high`` exclusive."""

    label: str
    low: float | None
    high: float | None
    meaning: str
    concern: bool = False  # worth working on / telling a clinician

    def contains(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value < self.high)


@dataclass(frozen=True, slots=True)
class TestSpec:
    id: str
    name: str
    measure: Measure
    per_side: bool
    low: float  # accepted input range
    high: float
    how: str  # instructions in plain words
    bands: tuple[NormBand, ...]
    source: str
    validated: bool
    caveat: str = ""


TESTS: dict[str, TestSpec] = {
    "slb_hold": TestSpec(
        "slb_hold", N_("Single-leg bridge hold"), "seconds", True, 0, 600,
        N_("On your back, one foot flat, the other knee pulled in. Lift the hips until the "
        "hip is straight and hold; stop when the hips drop or twist or the back takes over."),
        (
            NormBand("sub-optimal", None, 20, N_("under 20 s: endurance to build"), True),
            NormBand("building", 20, 30, N_("20-29 s: below the level suggested for walkers")),
            NormBand("walking level", 30, 60, N_("30-59 s: the level suggested for walking")),
            NormBand("running level", 60, None, N_("60 s or more: the level suggested for running")),
        ),
        N_("clinician heuristic (seed articles): under 20 s sub-optimal, 30 s for walkers, "
        "60 s for runners; flag a side difference over 10 s"),
        False,
    ),
    "prone_hip_extension": TestSpec(
        "prone_hip_extension", N_("Prone hip extension"), "quality", True, 0, 0,
        N_("Face down, knee bent to a right angle. Lift the thigh slowly and notice whether "
        "the glute starts the lift and whether the low back or pelvis moves."),
        (),
        N_("qualitative movement test (seed articles); a three-level rating for trends"),
        False,
        N_("an observation, not a score: a partner or a phone video helps"),
    ),
    "thomas": TestSpec(
        "thomas", N_("Modified Thomas test"), "pass_fail", True, -45, 60,
        N_("Sit on the very edge of a firm bed, hug one knee and roll back. Let the other leg "
        "hang: it passes when the thigh rests level with the bed or lower."),
        (
            NormBand("pass", None, 0.5, N_("thigh at or below horizontal")),
            NormBand("tight", 0.5, None, N_("thigh above horizontal: tight hip flexors"), True),
        ),
        N_("modified Thomas test: thigh at or below horizontal is normal"),
        False,
        N_("poor reliability as a pass/fail test: use it for trends only"),
    ),
    "prone_dslr": TestSpec(
        "prone_dslr", N_("Prone double straight-leg raise hold"), "seconds", False, 0, 600,
        N_("Face down, hands under the forehead. Lift both straight legs just off the floor "
        "and hold; stop when they touch down or the low back hurts."),
        (),
        N_("a home-friendly stand-in for the Biering-Sorensen back-extensor hold, which needs "
        "an anchored bench (in men, under 176 s predicted low back pain within a year)"),
        False,
        N_("no norm in our sources: compare with your own earlier results"),
    ),
}
_PAIN_BANDS = (
    NormBand("green", None, 4, N_("0-3: fine to train")),
    NormBand("amber", 4, 6, N_("4-5: acceptable, keep an eye on it")),
    NormBand("red", 6, None, N_("6-10: too much; ease off and tell a clinician if it stays"), True),
)
_PAIN_TESTS = {
    "standing": (N_("Pain when standing"), N_("How much does your back hurt when standing, "
                                              "0 (none) to 10 (worst imaginable)?")),
    "walking": (N_("Pain when walking"), N_("How much does your back hurt when walking, "
                                            "0 (none) to 10 (worst imaginable)?")),
    "running": (N_("Pain when running"), N_("How much does your back hurt when running, "
                                            "0 (none) to 10 (worst imaginable)?")),
}
for _activity, (_name, _how) in _PAIN_TESTS.items():
    TESTS[f"pain_{_activity}"] = TestSpec(
        f"pain_{_activity}", _name, "pain", False, 0, 10, _how,
        _PAIN_BANDS,
        N_("pain-monitoring traffic light (Silbernagel et al. 2007): 0-3 green, 4-5 amber, above "
        "5 red; validated for tendinopathy, used here by extrapolation"),
        False,
    )
TEST_IDS: tuple[str, ...] = tuple(TESTS)


@dataclass(frozen=True, slots=True)
class AssessmentResult:
    """One measurement of one test (on one side). ``taken_at`` groups a re-test."""

    test: str
    side: Literal["left", "right"] | None = None
    value: float | None = None  # seconds, pain 0-10, or the Thomas thigh angle (degrees)
    quality: str | None = None  # prone hip extension: good / fair / poor
    passed: bool | None = None  # Thomas test
    taken_at: datetime | None = None
    note: str = ""
    id: int | None = None

    def problems(self) -> list[str]:
        spec = TESTS.get(self.test)
        if spec is None:
            return [f"unknown test {self.test!r}; expected one of {', '.join(TEST_IDS)}"]
        found: list[str] = []
        label = spec.name + (f" ({self.side})" if self.side else "")
        if spec.per_side and self.side not in ("left", "right"):
            found.append(f"{spec.name} needs a side (left or right)")
        if not spec.per_side and self.side is not None:
            found.append(f"{spec.name} has no sides")
        value = self.value
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or not math.isfinite(value)
                                  or not spec.low <= value <= spec.high):
            found.append(f"{label}: expected a number from {spec.low:g} to {spec.high:g}, "
                         f"got {value!r}")
        if (spec.measure == "pain" and isinstance(value, int | float)
                and math.isfinite(value) and float(value) != int(value)):
            found.append(f"{label}: pain is a whole number from 0 to 10")
        if spec.measure in ("seconds", "pain") and value is None:
            found.append(f"{label}: a value is needed")
        if spec.measure == "quality":
            if self.quality not in QUALITY_LEVELS:
                found.append(f"{label}: quality must be good, fair or poor, got {self.quality!r}")
        elif self.quality is not None:
            found.append(f"{label}: only the prone hip extension has a quality rating")
        if spec.measure == "pass_fail":
            if self.passed is None and value is None:
                found.append(f"{label}: pass or fail (or the thigh angle) is needed")
            if self.passed is not None and value is not None and self.passed != (value <= 0.5):
                found.append(f"{label}: a pass means the thigh is level or lower (angle 0 or "
                             f"less), but the angle is {value:g}")
        elif self.passed is not None:
            found.append(f"{label}: only the Thomas test has pass/fail")
        if not isinstance(self.note, str) or len(self.note) > 1000:
            found.append("note must be text of at most 1000 characters")
        return found

    @property
    def passed_or_angle(self) -> bool | None:
        if self.passed is not None:
            return self.passed
        return None if self.value is None else self.value <= 0.5


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
            line = f"{name}: {r.value:g}{unit} ({_(spec.caveat)})"
            found.append(Finding(r.test, r.side, "", line, _(spec.source), spec.validated, False))
            continue
        concern = band.concern
        meaning = _(band.meaning)
        if r.test == "slb_hold":
            target = 60.0 if goal == "running" else 30.0
            text = (_("{meaning}; your target {target} s reached") if r.value >= target
                    else _("{meaning}; your target {target} s not yet reached"))
            meaning = text.format(meaning=meaning, target=f"{target:g}")
            concern = concern or r.value < target
        line = f"{name}: {r.value:g}{unit}, {meaning}"
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
        line = text.format(gap=f"{gap:g}", percent=round(symmetry * 100), limit=f"{SIDE_GAP_S:g}")
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
            lines.append(f"{name}: {prev.value:g}{unit} -> {r.value:g}{unit} "
                         f"({delta:+g}{unit.strip() if unit == '/10' else ' s'})")
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
            days=days, day=f"{last_date:%d %b}")
    left = every_days - days
    when = today + timedelta(days=left)
    return ngettext("Next re-test in {n} day ({day}).", "Next re-test in {n} days ({day}).",
                    left).format(n=left, day=f"{when:%d %b}")


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

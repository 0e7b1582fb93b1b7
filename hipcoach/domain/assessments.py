"""Re-test facts: what each test measures, its accepted range and norm bands with their
sources, and one measured result with the checks on it.

The tests:

- ``slb_hold``: single-leg bridge hold, seconds, per side;
- ``prone_hip_extension``: prone hip extension, quality good / fair / poor, per side;
- ``thomas``: modified Thomas test, pass / fail per side, optional thigh angle;
- ``prone_dslr``: prone double straight-leg raise hold, seconds;
- ``pain_standing``, ``pain_walking``, ``pain_running``: pain 0-10 doing each, read
  against the pain traffic light (``PAIN_BANDS``).

Every norm says where it comes from and whether it has been validated; most have not.

No interpretation and no storage here: ``hipcoach.coach.assessments`` reads results
against the bands and schedules re-tests; ``hipcoach.store.assessments`` keeps them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from hipcoach.i18n import N_

Measure = Literal["seconds", "quality", "pass_fail", "pain"]
Quality = Literal["good", "fair", "poor"]

QUALITY_LEVELS: dict[str, str] = {
    "good": N_("the glute starts the lift; pelvis and low back stay still"),
    "fair": N_("some wobble: the pelvis rolls a little or the hamstring takes over"),
    "poor": N_("the low back arches or the pelvis lifts or twists; little glute"),
}


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
PAIN_BANDS = (
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
        PAIN_BANDS,
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

"""The demonstration figure's pose at any moment of a session, and its joints.

Pure maths, no Qt: ``pose_at`` interpolates an exercise's key poses by the progress of
the tempo phase (rising from ``start`` to ``end`` while lifting, lowering back while
lowering, still in the pauses and holds); ``joints`` turns a pose into points in a side
view, standing on the floor (y = 0, y up), mirrored for the right side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hipcoach.program.model import Pose, Poses
from hipcoach.session.timeline import Step

LENGTHS = {"trunk": 1.0, "thigh": 0.9, "shin": 0.85, "arm": 0.7}
HEAD_RADIUS = 0.14
ARCH_BOW = 0.2 / 35  # how far the low back bows forward per degree of arch (trunk lengths)


@dataclass(frozen=True, slots=True)
class Angles:
    """A pose as drawn: segment angles in degrees (see ``Pose``)."""

    trunk: float
    thigh: float
    shin: float
    arch: float = 0.0
    arm: float | None = None

    @classmethod
    def of(cls, pose: Pose) -> Angles:
        return cls(pose.trunk, pose.thigh, pose.shin, pose.arch, pose.arm)


def blend(a: Angles, b: Angles, t: float) -> Angles:
    """``a`` at t = 0, ``b`` at t = 1, each angle moving evenly."""
    t = min(1.0, max(0.0, t))

    def mix(x: float, y: float) -> float:
        return x + (y - x) * t

    arm = None
    if a.arm is not None or b.arm is not None:
        arm = mix(a.arm if a.arm is not None else b.arm or 0.0,
                  b.arm if b.arm is not None else a.arm or 0.0)
    return Angles(mix(a.trunk, b.trunk), mix(a.thigh, b.thigh), mix(a.shin, b.shin),
                  mix(a.arch, b.arch), arm)


def pose_at(poses: Poses | None, step: Step | None, progress: float) -> Angles | None:
    """The figure's pose ``progress`` (0-1) of the way through ``step``; None when the
    exercise has no poses (the view then shows no figure)."""
    if poses is None:
        return None
    start = Angles.of(poses.start)
    end = Angles.of(poses.end) if poses.end is not None else start
    if step is None:
        return start
    if step.kind == "rep_phase":
        return {
            "concentric": blend(start, end, progress),
            "top": end,
            "eccentric": blend(end, start, progress),
            "bottom": start,
        }.get(step.tempo_phase or "", start)
    if step.kind == "hold":
        return end
    return start


@dataclass(frozen=True, slots=True)
class Joints:
    """Points of the figure (x right, y up, the lowest point on the floor)."""

    pelvis: tuple[float, float]
    lumbar: tuple[float, float]  # the middle of the low back, bowed forward by an arch
    shoulder: tuple[float, float]
    head: tuple[float, float]
    knee: tuple[float, float]
    ankle: tuple[float, float]
    hand: tuple[float, float] | None
    neutral_lumbar: tuple[float, float]  # where the low back would be with no arch

    def points(self) -> list[tuple[float, float]]:
        found = [self.pelvis, self.lumbar, self.shoulder, self.knee, self.ankle]
        found += [(self.head[0], self.head[1] - HEAD_RADIUS), (self.head[0], self.head[1] + HEAD_RADIUS),
                  (self.head[0] - HEAD_RADIUS, self.head[1]), (self.head[0] + HEAD_RADIUS, self.head[1])]
        if self.hand is not None:
            found.append(self.hand)
        return found


def _toward(origin: tuple[float, float], degrees: float, length: float) -> tuple[float, float]:
    rad = math.radians(degrees)
    return origin[0] + length * math.cos(rad), origin[1] + length * math.sin(rad)


def joints(angles: Angles, mirror: bool = False) -> Joints:
    """The figure's points for a pose; ``mirror`` flips it left-right (the other side)."""
    pelvis = (0.0, 0.0)
    shoulder = _toward(pelvis, angles.trunk, LENGTHS["trunk"])
    middle = ((pelvis[0] + shoulder[0]) / 2, (pelvis[1] + shoulder[1]) / 2)
    # An arch bows the low back towards the front of the body (the belly side).
    lumbar = _toward(middle, angles.trunk - 90, angles.arch * ARCH_BOW)
    head = _toward(shoulder, angles.trunk, HEAD_RADIUS * 1.3)
    knee = _toward(pelvis, angles.thigh, LENGTHS["thigh"])
    ankle = _toward(knee, angles.shin, LENGTHS["shin"])
    hand = _toward(shoulder, angles.arm, LENGTHS["arm"]) if angles.arm is not None else None
    named = {"pelvis": pelvis, "lumbar": lumbar, "shoulder": shoulder, "head": head,
             "knee": knee, "ankle": ankle, "hand": hand, "neutral_lumbar": middle}
    # The floor: the lowest point of the body, with the head's centre (a head lying down
    # rests on the floor; its outline may touch it).
    body = [p for p in (pelvis, shoulder, knee, ankle, hand, head) if p is not None]
    floor = min(y for _x, y in body)
    sign = -1.0 if mirror else 1.0

    def place(point: tuple[float, float] | None) -> tuple[float, float] | None:
        return None if point is None else (sign * point[0], point[1] - floor)

    return Joints(**{k: place(v) for k, v in named.items()})  # type: ignore[arg-type]


def extent(poses: Poses, mirror: bool = False) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) around every key pose, so the figure keeps one scale."""
    shown = [poses.start] + [p for p in (poses.end, poses.fault) if p is not None]
    xs: list[float] = []
    ys: list[float] = []
    for pose in shown:
        for x, y in joints(Angles.of(pose), mirror).points():
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)

"""Session clocks: the monotonic clock, a scaled one for --speed, and a fake for tests.

A session runs on "session time". ``rate`` says how many session seconds pass per real
second, so the view can turn a session deadline into a real delay, and ``to_real`` maps
a session time back onto the real monotonic clock (for traces).
"""

from __future__ import annotations

import time
from typing import Protocol


class SessionClock(Protocol):
    rate: float

    def now(self) -> float: ...

    def to_real(self, t: float) -> float: ...


class MonotonicClock:
    rate = 1.0

    def now(self) -> float:
        return time.monotonic()

    def to_real(self, t: float) -> float:
        return t


class ScaledClock:
    """Session time runs ``rate`` times faster than the monotonic clock."""

    def __init__(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self._origin = time.monotonic()

    def now(self) -> float:
        return self._origin + (time.monotonic() - self._origin) * self.rate

    def to_real(self, t: float) -> float:
        return self._origin + (t - self._origin) / self.rate


class FakeClock:
    """A clock that only moves when told to (tests, simulations)."""

    rate = 1.0

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start

    def now(self) -> float:
        return self.t

    def to_real(self, t: float) -> float:
        return t

    def advance(self, seconds: float) -> float:
        self.t += seconds
        return self.t

    def set(self, t: float) -> float:
        self.t = max(self.t, t)
        return self.t


def make_clock(speed: float = 1.0) -> MonotonicClock | ScaledClock:
    return MonotonicClock() if speed == 1.0 else ScaledClock(speed)

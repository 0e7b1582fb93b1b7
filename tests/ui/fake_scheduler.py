"""The deadline timer's scheduler in tests: it never fires by itself and moves a fake clock.

``fire()`` sets the clock to the moment the wake-up was armed for and calls it back, as
a punctual QTimer would; ``hold`` moves the clock on by the time held, as the real hold
lets time pass. Every arming and hold is recorded so tests can check them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hipcoach.session.clock import FakeClock


@dataclass(frozen=True, slots=True)
class Arming:
    at: float  # the clock when armed
    delay_ms: int
    fired: Callable[[], None]

    def due(self, rate: float) -> float:
        return self.at + self.delay_ms / 1000 * rate


class FakeScheduler:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.armed: Arming | None = None
        self.armings: list[Arming] = []
        self.holds: list[float] = []  # seconds held, in order
        self.stops = 0

    def start(self, delay_ms: int, fired: Callable[[], None]) -> None:
        assert delay_ms >= 0, delay_ms
        self.armed = Arming(self.clock.now(), delay_ms, fired)
        self.armings.append(self.armed)

    def stop(self) -> None:
        self.armed = None
        self.stops += 1

    def hold(self, seconds: float) -> None:
        self.holds.append(seconds)
        self.clock.set(self.clock.now() + seconds * self.clock.rate)

    @property
    def due(self) -> float | None:
        """The clock time of the pending wake-up, or None."""
        return None if self.armed is None else self.armed.due(self.clock.rate)

    def fire(self) -> None:
        """Move the clock to the pending wake-up and run it."""
        armed = self.armed
        assert armed is not None, "nothing is armed"
        self.armed = None
        self.clock.set(armed.due(self.clock.rate))
        armed.fired()

"""The one timer seam: asks a scheduler to wake it just before the player's next
deadline, waits out the last stretch and lets the player fire what is due.

Nothing counts ticks: each wake-up asks the clock what time it is and the player fires
everything due by then at its own deadline. The scheduler is injected: ``QtScheduler``
(a precise single-shot QTimer) in the app, ``FakeScheduler`` (tests/ui/fake_scheduler.py,
which moves a fake clock) in the tests, so the tests drive this very code.

Each arming asks to be woken ``LEAD_S`` before the deadline (rounded up to the
millisecond); the wake-up then holds the GUI thread for what is left — never more than
``LEAD_S`` — so a repaint or a late timer within the lead cannot make a step late.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer

if TYPE_CHECKING:
    from hipcoach.session.clock import SessionClock
    from hipcoach.session.player import Player

# Woken this much before a deadline: Qt's precise timers fire 0.1-0.3 ms late, a few ms
# on a busy machine. The rest is held on the clock, costing at most this per transition.
LEAD_S = 0.004
# A hold sleeps until this close to its end, then spins: sleeping wakes up to ~0.4 ms
# late (p99 here), spinning is exact but burns the CPU the audio thread might want.
SPIN_S = 0.0006


class Scheduler(Protocol):
    """Wakes the deadline timer on the GUI thread."""

    def start(self, delay_ms: int, fired: Callable[[], None]) -> None:
        """Call ``fired`` once, ``delay_ms`` from now (replacing any earlier arming)."""

    def stop(self) -> None:
        """Forget the pending arming."""

    def hold(self, seconds: float) -> None:
        """Block the calling (GUI) thread for ``seconds`` (at most ``LEAD_S``)."""


class QtScheduler(QObject):
    """The app's scheduler: one precise single-shot QTimer; holds sleep, then spin."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._fire)
        self._fired: Callable[[], None] | None = None
        self.longest_spin_s = 0.0  # the benchmark reports it

    def start(self, delay_ms: int, fired: Callable[[], None]) -> None:
        self._fired = fired
        self._timer.start(delay_ms)

    def stop(self) -> None:
        self._timer.stop()

    def _fire(self) -> None:
        if self._fired is not None:
            self._fired()

    def hold(self, seconds: float) -> None:
        end = time.monotonic() + min(seconds, LEAD_S)
        left = end - time.monotonic()
        if left > SPIN_S:
            time.sleep(left - SPIN_S)
        spun = time.monotonic()
        while time.monotonic() < end:
            pass
        self.longest_spin_s = max(self.longest_spin_s, time.monotonic() - spun)


class DeadlineTimer:
    """Keeps one wake-up armed for the attached player's next deadline."""

    def __init__(self, clock: SessionClock, scheduler: Scheduler) -> None:
        self.clock = clock
        self.scheduler = scheduler
        self.player: Player | None = None

    def attach(self, player: Player | None) -> None:
        self.player = player
        self.rearm()

    def poll(self) -> None:
        """Woken: hold for the deadline if it is within the lead, let the player catch
        up with the clock, then arm for the next deadline."""
        player = self.player
        if player is not None:
            deadline = player.next_deadline()
            if deadline is not None:
                left = (deadline - self.clock.now()) / self.clock.rate
                if 0 < left <= LEAD_S:
                    self.scheduler.hold(left)
            player.tick(self.clock.now())
        self.rearm()

    def rearm(self) -> None:
        """Arm for ``deadline - now - LEAD_S`` (in real time), or stop when nothing is due."""
        self.scheduler.stop()
        player = self.player
        if player is None:
            return
        deadline = player.next_deadline()
        if deadline is None:
            return
        delay_ms = ((deadline - self.clock.now()) / self.clock.rate - LEAD_S) * 1000
        # rounded up (a float's last digits aside), so the wake-up is never more than
        # the lead early; already due or close: from the event loop, never recursively
        self.scheduler.start(max(0, math.ceil(delay_ms - 1e-6)), self.poll)

"""The one timer seam: arms a single precise single-shot QTimer for the player's next
deadline and re-reads the clock when it fires.

Nothing counts ticks: each firing asks the clock what time it is and lets the player
fire everything due by then at its own deadline. A timer that fires a little early is
simply re-armed for the remainder. Tests replace the QTimer with ``ManualScheduler``
semantics by calling ``poll()`` after moving a fake clock.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer

from hipcoach.session.clock import SessionClock
from hipcoach.session.player import Player

# The timer is armed this much before a deadline; the last stretch is waited out on
# the clock itself, so a repaint that happens to run just before the deadline cannot
# make the transition late. Costs at most this much CPU per transition.
LEAD_S = 0.004


class DeadlineTimer(QObject):
    def __init__(self, clock: SessionClock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.player: Player | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.poll)
        self.enabled = True  # tests switch the real timer off and call poll() themselves

    def attach(self, player: Player | None) -> None:
        self.player = player
        self.rearm()

    def poll(self) -> None:
        """Let the player catch up with the clock, then arm for the next deadline."""
        if self.player is not None:
            self._wait_out_lead()
            self.player.tick(self.clock.now())
        self.rearm()

    def _wait_out_lead(self) -> None:
        """Fired within LEAD_S of a deadline: wait for the clock to reach it exactly."""
        if not self.enabled or self.player is None:
            return
        deadline = self.player.next_deadline()
        if deadline is None:
            return
        lead = (deadline - self.clock.now()) / self.clock.rate
        if 0 < lead <= LEAD_S * 1.5:
            while self.clock.now() < deadline:
                pass

    def rearm(self) -> None:
        self._timer.stop()
        if self.player is None or not self.enabled:
            return
        deadline = self.player.next_deadline()
        if deadline is None:
            return
        delay = (deadline - self.clock.now()) / self.clock.rate - LEAD_S
        # Already due or close: fire from the event loop (never recursively).
        self._timer.start(max(0, int(delay * 1000)))

"""When the set panel may ask about a finished set: in a rest, never over work.

Each set is on disk the moment it ends (the application writes it); the window only
decides when to ask about it. Sets wait in order for the next moment that allows a
question (``panel_moment``); when work begins an open panel is kept as shown, and at the
end of the session the sets still waiting keep the values already written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hipcoach.session.player import Player
from hipcoach.session.timeline import Step
from hipcoach.ui.log_panel import LogPanel

if TYPE_CHECKING:
    from hipcoach.session.set_tracker import FinishedSet


def panel_moment(step: Step | None) -> bool:
    """Whether the set panel may show during ``step``: a rest between sets or exercises,
    or the set-up and get-ready of the next exercise (when no rest came between). Never
    during a set's work, its side switch or the get-ready of the same exercise's next set.
    """
    if step is None:
        return False
    if step.kind == "rest":
        return step.rep is None
    if step.kind == "wait":
        return step.rep is None and step.set is None
    return step.kind == "countdown" and (step.set is None or step.set == 1)


class SetPanelTiming:
    def __init__(self, panel: LogPanel, player: Callable[[], Player | None]) -> None:
        self.panel = panel
        self.player = player
        self.waiting: list[tuple[FinishedSet, str, str]] = []  # written sets waiting for their moment

    def reset(self) -> None:
        self.waiting.clear()

    def written(self, finished: FinishedSet, name: str, side_text: str) -> None:
        """A set is on disk: ask about it at the next moment that allows it."""
        self.waiting.append((finished, name, side_text))
        self.next()

    def next(self) -> None:
        player = self.player()
        if (self.panel.open or not self.waiting or player is None
                or not panel_moment(player.step)):
            return
        self.panel.ask(*self.waiting.pop(0))

    def step(self, step: Step) -> None:
        """The player entered ``step``: ask, or keep an open panel as shown."""
        if panel_moment(step):
            self.next()
        else:
            self.close()

    def close(self, *, drop_waiting: bool = False) -> None:
        """Work begins (the open panel is kept as shown), or the session is over
        (``drop_waiting``: the waiting sets keep the values already on disk)."""
        if drop_waiting:
            self.waiting.clear()
        self.panel.commit(force=True)

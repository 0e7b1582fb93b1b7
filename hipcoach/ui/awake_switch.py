"""Keep the screen on while a session runs; paused or over, it may blank again.

The D-Bus part (``screen_awake``) is imported the first time a session starts, not on
the way to the first window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hipcoach.ui.main_window import MainWindow


def keep_awake(window: MainWindow, on: bool) -> None:
    """``window.awake`` is made on first use (``window.awake_address``: a D-Bus address
    instead of the session bus, for tests)."""
    if window.awake is None:
        if not on:
            return
        from hipcoach.ui.screen_awake import ScreenAwake

        window.awake = ScreenAwake(window.awake_address, window)
    if on:
        window.awake.hold()
    else:
        window.awake.release()

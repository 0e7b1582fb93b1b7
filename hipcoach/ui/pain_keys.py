"""A pain score typed from across the room: a digit sets 0-9, 1 then 0 makes 10 and
Backspace clears it. The start screen (pain before) and the end screen (pain after) read
the keys this one way."""

from __future__ import annotations

CLEAR = "\b"


def typed_pain(current: int | None, text: str) -> tuple[bool, int | None]:
    """Whether ``text`` (a key's text) is a pain key, and the score after it."""
    if text == CLEAR:
        return True, None
    if not (len(text) == 1 and text.isdigit()):
        return False, current
    value = int(text)
    if current == 1 and value == 0:
        value = 10
    return True, value

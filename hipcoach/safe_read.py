"""Reading a file a person may have put anything at: regular files only, with a size
limit, never blocking, and a depth limit for what the file holds.

A named pipe, a device (``/dev/zero``), a folder or a socket called ``x.toml`` is refused
at once: the file is opened with ``O_NONBLOCK`` (so opening a FIFO cannot wait for a
writer) and checked with ``fstat`` before a single byte is read. Symlinks are followed
(a user may link a programme from elsewhere) but what they point at must be a regular
file too. Standard library only.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any

MAX_DEPTH = 32


class UnreadableFile(OSError):
    """The file cannot be read safely; ``strerror`` says why in plain words."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises UnreadableFile (an OSError) for anything else: missing, unreadable, not a
    regular file, or larger than ``limit``.
    """
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        raise UnreadableFile(exc.errno, f"cannot be read: {exc.strerror}", name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(0, f"cannot be read: it is {_kind(info.st_mode)}, not a file",
                                 name)
        if info.st_size > limit:
            raise UnreadableFile(0, f"is larger than {_size(limit)}", name)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(65536, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew while being read
            raise UnreadableFile(0, f"is larger than {_size(limit)}", name)
        return b"".join(chunks)
    except UnreadableFile:
        raise
    except OSError as exc:
        raise UnreadableFile(exc.errno, f"cannot be read: {exc.strerror}", name) from None
    finally:
        os.close(fd)


def _size(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    return f"{limit / 1000:g} kB"


# What text_too_deep passes over in one step: outside a string, any ASCII character but a
# quote, '#', a bracket or '.' (of which '=', a line end and a digit end a dotted key);
# inside a string, all but its quote character (and the backslash of a basic string).
_PLAIN = re.compile("[" + re.escape("".join(
    c for c in map(chr, range(128)) if c not in "\"'#[]{}.")) + "]+")
_KEY_ENDS = re.compile(r"[=\n0-9]")
_IN_STRING = {'"': re.compile(r'[^"\\]+'), "'": re.compile(r"[^']+")}


def text_too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """True when TOML-like ``text`` nests brackets, or dots a key, more than ``limit``
    deep, judged from the text before any parser sees it (a parser can need memory that
    grows with the square of the depth). Strings and comments are skipped."""
    depth = dots = 0
    quote = ""
    index, size = 0, len(text)
    while index < size:
        # Runs of characters that change nothing (most of a file) are passed in one step.
        run = (_IN_STRING[quote[0]] if quote else _PLAIN).match(text, index)
        if run is not None:
            if dots and not quote and _KEY_ENDS.search(text, index, run.end()):
                dots = 0
            index = run.end()
            continue
        char = text[index]
        if quote:
            if char == "\\" and quote in ('"', '"""'):
                index += 2
                continue
            if text.startswith(quote, index):
                index += len(quote)
                quote = ""
                continue
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote)
            continue
        elif char == "#":
            end = text.find("\n", index)
            index = size if end < 0 else end
            continue
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == ".":
            dots += 1
            if dots > limit:
                return True
        elif char in "=\n" or char.isdigit():
            dots = 0  # a dot after '=' or in a number is not part of a key
        index += 1
    return False


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when tables/lists nest more than ``limit`` levels (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


__all__ = ["MAX_DEPTH", "UnreadableFile", "read_limited", "text_too_deep", "too_deep"]

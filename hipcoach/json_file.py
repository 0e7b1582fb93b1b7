"""The one way HipCoach reads and writes a small settings-like JSON file (the settings,
the coach profile, the coach decisions); msgspec decodes and encodes.

Reading never fails: ``read_object`` gives the file's JSON object, nothing for a missing
file, or one problem in plain words ending with what the caller does instead
(``fallback``: "using defaults"). Only a regular file of a bounded size is read (a FIFO
or /dev/zero put there never blocks). A file that holds something unusable (not UTF-8,
not JSON, NaN, a number or nesting too large to hold, not an object) is copied aside as
``NAME.damaged`` (once per content) before anything could overwrite it: nothing is lost.
``write_json`` writes the whole file or nothing, readable by the user only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

DAMAGED_SUFFIX = ".damaged"
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class JsonRead:
    """What a read found: ``data`` (an object, or None) and at most one ``problem``."""

    data: dict[str, Any] | None = None
    problem: str | None = None


def keep_damaged(path: Path) -> Path | None:
    """Copy an unusable file aside as ``NAME.damaged`` (once per content); where it is,
    or None when it could not be copied."""
    import shutil

    aside = path.with_name(path.name + DAMAGED_SUFFIX)
    try:
        if not (aside.is_file() and aside.read_bytes() == path.read_bytes()):
            shutil.copyfile(path, aside)
    except OSError:
        return None
    return aside


def unusable(path: Path, why: str, fallback: str) -> str:
    """The problem for a file that holds something unusable, which is kept aside first:
    "settings.json is not valid JSON (the file is kept as …); using defaults"."""
    aside = keep_damaged(path)
    kept = f" (the file is kept as {aside})" if aside is not None else ""
    return f"{path.name} {why}{kept}; {fallback}"


def read_object(path: Path, fallback: str, *, limit: int = MAX_FILE_BYTES,
                not_object: str = "does not hold a JSON object") -> JsonRead:
    """The JSON object in ``path``; ``JsonRead()`` when there is no file."""
    from hipcoach.safe_read import read_limited

    try:
        raw = read_limited(path, limit)
    except OSError as exc:
        if not path.exists() and not path.is_symlink():
            return JsonRead()
        return JsonRead(problem=f"{path.name} could not be read ({exc.strerror or exc}); "
                                f"{fallback}")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return JsonRead(problem=unusable(path, "is not UTF-8 text", fallback))
    import msgspec  # only once there is a file to decode: a command's start-up

    try:
        data = msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError, MemoryError):
        # also NaN / Infinity, numbers too large to hold and nesting deeper than the stack
        return JsonRead(problem=unusable(path, "is not valid JSON", fallback))
    if not isinstance(data, dict):
        return JsonRead(problem=unusable(path, not_object, fallback))
    return JsonRead(data)


def write_json(path: Path, value: Any, *, indent: int = 2, sorted_keys: bool = False) -> None:
    """Write ``value`` as indented JSON, whole or not at all, 0600 in a 0700 folder;
    raises OSError when the folder cannot be written."""
    import msgspec

    from hipcoach.private_files import atomic_write, private_folder

    data = msgspec.json.encode(value, order="sorted" if sorted_keys else None)
    private_folder(path.parent)
    # a private temporary name made with exclusive create: never follows a planted symlink
    with atomic_write(path, binary=True) as out:
        out.write(msgspec.json.format(data, indent=indent) + b"\n")


__all__ = ["DAMAGED_SUFFIX", "JsonRead", "keep_damaged", "read_object", "unusable",
           "write_json"]

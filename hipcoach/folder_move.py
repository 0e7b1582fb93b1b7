"""Once, for an installation from before the folder split: settings and the window size
move from the data folder to the config folder, scaled sounds to the cache folder.

Nothing is lost on the way: each file is renamed (or copied, checked and only then
removed, across file systems); a file already at the new place is kept, and the old one is
put beside it as ``NAME.from-data-folder``. A settings file is moved as it is, damaged or
not: reading it (``hipcoach.settings.load``) keeps a damaged one aside before it could
ever be overwritten. The move never raises: what cannot be moved stays where it was, and
is tried again at the next start.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from hipcoach.i18n import _

CONFIG_FILES = ("settings.json", "window.ini")
OLD_CACHE = "cache"



def _log():  # logging, shutil and filecmp load only when there is something to move
    import logging

    return logging.getLogger(__name__)


def move_old_layout(data: Path, config: Path, cache: Path) -> list[str]:
    """Move what is left of the old layout; one line per file moved (also logged)."""
    moved: list[str] = []
    if not data.is_dir() or data.resolve() == config.resolve():
        return moved
    for name in CONFIG_FILES:
        old = data / name
        if not old.is_file():
            continue
        target = config / name
        if target.exists():
            target = _free_name(config / f"{name}.from-data-folder")
        if _move_file(old, target):
            moved.append(f"{old} -> {target}")
    old_cache = data / OLD_CACHE
    if old_cache.is_dir():
        for path in sorted(p for p in old_cache.rglob("*") if p.is_file()):
            target = cache / path.relative_to(old_cache)
            if target.exists():
                _remove(path)  # the same cached sound was made again already
            elif _move_file(path, target):
                moved.append(f"{path} -> {target}")
        if not _files_in(old_cache):
            import shutil

            shutil.rmtree(old_cache, ignore_errors=True)
    for line in moved:
        _log().info("moved %s", line)
    return moved


def _files_in(folder: Path) -> bool:
    return any(p.is_file() for p in folder.rglob("*"))


def _free_name(path: Path) -> Path:
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.{number}")
    return candidate


def _move_file(old: Path, new: Path) -> bool:
    from hipcoach.private_files import private_folder

    with contextlib.suppress(OSError):  # the rename below reports a folder it cannot use
        private_folder(new.parent)
    try:
        os.rename(old, new)
        return True
    except OSError:
        pass
    import filecmp
    import shutil

    from hipcoach.private_files import atomic_file

    try:  # another file system: copy, check, then remove the original
        with atomic_file(new) as temporary:
            shutil.copy2(old, temporary)
            if not filecmp.cmp(old, temporary, shallow=False):
                raise OSError(_("the copy of {old} differs").format(old=old))
    except OSError as exc:
        _log().warning("could not move %s to %s: %s", old, new, exc)
        return False
    _remove(old)
    return True


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()

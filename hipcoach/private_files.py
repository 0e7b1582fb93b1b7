"""Files only the user can read: folders 0700, files 0600, whatever the umask.

Health data lives in these files, so every folder HipCoach makes for its data is
``0700`` and every file it writes there (database, backups, journal, exports, logs,
lock, settings) is ``0600``. Files HipCoach creates itself are opened with
``O_NOFOLLOW`` and, for temporary names, ``O_EXCL``: a symlink planted at one of those
names is refused instead of followed, so nothing is written through it.

Standard library only; nothing here imports Qt or SQLAlchemy.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)
FOLDER_MODE = 0o700
FILE_MODE = 0o600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class UnsafePath(OSError):
    """A path HipCoach will not write through (a symlink or something not a file)."""


def private_folder(path: str | os.PathLike[str]) -> Path:
    """Create ``path`` (and parents) if needed and make it 0700; returns it.

    Parents that already exist keep their modes: only the folder itself is HipCoach's.
    """
    folder = Path(path)
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if folder.is_symlink():
        # the user may keep the data on another disk through a symlink: follow it, but
        # make the real folder private
        folder = folder.resolve()
    info = folder.stat()
    if stat.S_IMODE(info.st_mode) != FOLDER_MODE and info.st_uid == os.getuid():
        try:
            os.chmod(folder, FOLDER_MODE)
        except OSError as exc:  # a read-only mount: reading must still work
            log.warning("could not make %s private: %s", folder, exc.strerror)
    return Path(path)


def make_private(path: str | os.PathLike[str]) -> None:
    """Set an existing regular file (not a symlink) to 0600; silently skips others."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) != FILE_MODE:
        try:
            os.chmod(path, FILE_MODE)
        except OSError as exc:  # not ours, or a read-only mount
            log.warning("could not make %s private: %s", path, exc.strerror)


def open_private(path: str | os.PathLike[str], flags: int = os.O_RDWR | os.O_CREAT,
                 *, exclusive: bool = False) -> int:
    """``os.open`` a regular file as 0600 without following a final symlink; returns fd.

    Raises UnsafePath for a symlink or a name that is not a regular file, so a lock or
    journal is never opened on a FIFO or device someone put in its place.
    """
    mode_flags = flags | _NOFOLLOW | _CLOEXEC | (os.O_EXCL | os.O_CREAT if exclusive else 0)
    try:
        fd = os.open(path, mode_flags | getattr(os, "O_NONBLOCK", 0), FILE_MODE)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise UnsafePath(exc.errno, "refusing to follow a symbolic link", str(path)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePath(0, "not a regular file", str(path))
        if stat.S_IMODE(info.st_mode) != FILE_MODE and info.st_uid == os.getuid():
            os.fchmod(fd, FILE_MODE)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def fsync_folder(folder: str | os.PathLike[str]) -> None:
    """Make a rename or a new file in ``folder`` durable (no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_file(target: str | os.PathLike[str], *, mode: int = FILE_MODE,
                replace_links: bool = False) -> Iterator[Path]:
    """The one way HipCoach writes a file whole or not at all: yields a new, empty,
    private temporary path beside ``target`` to write (by any writer: a handle, Qt's PDF
    writer, SQLite); when the block ends normally it is fsynced, given ``mode`` and
    renamed over ``target`` (or copied into a FIFO or terminal that is there), and the
    folder fsynced. On an error nothing changes and the temporary file is gone.

    ``target`` may not be a folder, nor a symbolic link unless ``replace_links`` (then
    the link itself is replaced, never written through).
    """
    path = Path(target)
    if not replace_links:
        check_output(path)
    partial = private_temp(path)
    try:
        yield partial
        publish(partial, path, mode=mode, replace_links=replace_links)
    finally:
        partial.unlink(missing_ok=True)


@contextmanager
def atomic_write(path: str | os.PathLike[str], *, binary: bool = False,
                 encoding: str = "utf-8", newline: str | None = None, mode: int = FILE_MODE,
                 replace_links: bool = True) -> Iterator[IO]:
    """``atomic_file`` with the temporary file opened: a reader of ``path`` sees the old
    content or the new, never half of it."""
    with atomic_file(path, mode=mode, replace_links=replace_links) as partial:
        kwargs = {} if binary else {"encoding": encoding, "newline": newline}
        with open(partial, "wb" if binary else "w", **kwargs) as handle:
            yield handle


def private_temp(target: str | os.PathLike[str]) -> Path:
    """A new, empty, 0600 temporary file beside ``target`` (exclusive create)."""
    folder = Path(target).parent
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{Path(target).name}.", suffix=".partial")
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return Path(name)


def check_output(target: str | os.PathLike[str]) -> None:
    """Refuse an output path HipCoach will not write: a symbolic link or a folder.

    Exports and reports never write through an existing symlink (it could point at any
    file the user owns); a FIFO or a terminal is written into, a regular file replaced.
    """
    path = Path(target)
    if path.is_symlink():
        raise UnsafePath(0, "is a symbolic link; give the real file name (HipCoach does not "
                         "write through links)", str(path))
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder, not a file name", str(path))


def publish(temporary: str | os.PathLike[str], target: str | os.PathLike[str], *,
            mode: int = FILE_MODE, replace_links: bool = False) -> None:
    """Put a finished temporary file at ``target``: renamed over a regular file (0600,
    fsynced), or copied into a FIFO or character device that is already there."""
    temp, path = Path(temporary), Path(target)
    try:
        if not (replace_links and path.is_symlink()):
            check_output(path)
        if not path.is_symlink() and writable_special(path):
            with open(temp, "rb") as source, open(path, "wb") as sink:
                while chunk := source.read(64 * 1024):
                    sink.write(chunk)
            return
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
        fsync_folder(path.parent)
    finally:
        temp.unlink(missing_ok=True)


def writable_special(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is an existing FIFO or character device (e.g. /dev/stdout):
    such a target is written into directly, never replaced by a rename."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)


__all__ = [
    "FILE_MODE", "FOLDER_MODE", "UnsafePath", "atomic_file", "atomic_write", "fsync_folder",
    "check_output", "make_private", "open_private", "private_folder", "private_temp",
    "publish", "writable_special",
]

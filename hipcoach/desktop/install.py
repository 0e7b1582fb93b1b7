"""Install the desktop files shipped in the package into an XDG data folder, and back out.

What goes where, under ``PREFIX/share`` (or ``$XDG_DATA_HOME`` for ``--user``):
``applications/`` the .desktop entry, ``metainfo/`` the AppStream file,
``icons/hicolor/*/apps/`` the icons, ``man/man1/hipcoach.1`` the man page. The installed
entry's ``Exec`` names the command that is running now, by absolute path, so the menu
starts this very installation even when its folder is not on the desktop's PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hipcoach.desktop import APP_ID
from hipcoach.i18n import _
from hipcoach.paths import share_dir

MAN_PAGE = Path("man") / "man1" / "hipcoach.1"
DESKTOP_ENTRY = Path("applications") / f"{APP_ID}.desktop"


class InstallError(Exception):
    """The files could not be put in place (or removed); the message says why."""


@dataclass(slots=True)
class Outcome:
    share: Path
    changed: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def user_share() -> Path:
    """$XDG_DATA_HOME, else ~/.local/share."""
    chosen = os.environ.get("XDG_DATA_HOME", "")
    return Path(chosen) if os.path.isabs(chosen) else Path.home() / ".local" / "share"


def target_share(prefix: str | os.PathLike[str] | None) -> Path:
    return Path(prefix).expanduser().absolute() / "share" if prefix else user_share()


def launcher_command() -> list[str]:
    """The command that starts this installation of HipCoach."""
    if getattr(sys, "frozen", False):  # the PyInstaller folder: its own executable
        return [str(Path(sys.executable).absolute())]
    name = "hipcoach.exe" if sys.platform == "win32" else "hipcoach"
    beside = Path(sys.executable).absolute().parent / name  # a venv's or pipx's bin/
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which(name)
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "hipcoach"]


def exec_quote(argument: str) -> str:
    """One argument of a desktop entry's Exec key, quoted when the spec asks for it."""
    reserved = set(' \t\n"\'\\><~|&;$*?#()`')
    escaped = argument.replace("%", "%%")
    if not reserved & set(argument):
        return escaped
    for char in ('\\', '"', '`', '$'):
        escaped = escaped.replace(char, "\\" + char)
    # the desktop file format unescapes backslashes once more when it reads the value
    return '"' + escaped.replace("\\", "\\\\") + '"'


def desktop_entry(command: list[str]) -> str:
    """The shipped .desktop file with Exec and TryExec pointing at ``command``."""
    lines = []
    for line in (share_dir() / DESKTOP_ENTRY).read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(exec_quote(part) for part in command)
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0]
        lines.append(line)
    return "\n".join(lines) + "\n"


def shipped_files() -> dict[Path, Path]:
    """Each shipped file (relative to share/) and where it is in the package."""
    source = share_dir()
    files = {}
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py":
            files[path.relative_to(source)] = path
    return files


def _write(target: Path, data: bytes) -> None:
    from hipcoach.private_files import atomic_write

    target.parent.mkdir(parents=True, exist_ok=True)
    # menu entries, icons and the man page are public
    with atomic_write(target, binary=True, mode=0o644) as out:
        out.write(data)


def _problem(exc: OSError, share: Path, verb: str) -> InstallError:
    if isinstance(exc, PermissionError):
        return InstallError(_("cannot {verb} files in {folder}: permission denied. Use --user "
                              "for your own menu, a --prefix you can write to, or run it as an "
                              "administrator.").format(verb=verb, folder=share))
    where = f" ({exc.filename})" if exc.filename else ""
    return InstallError(_("cannot {verb} files in {folder}: {problem}").format(
        verb=verb, folder=share, problem=f"{exc.strerror or exc}{where}"))


def install(prefix: str | os.PathLike[str] | None = None,
            command: list[str] | None = None, man_page: Callable[[], str] | None = None,
            ) -> Outcome:
    """Put every shipped file and the man page under the share folder; refresh caches."""
    from hipcoach.desktop import manpage

    share = target_share(prefix)
    outcome = Outcome(share)
    entry = desktop_entry(command or launcher_command()).encode("utf-8")
    try:
        for relative, source in shipped_files().items():
            data = entry if relative == DESKTOP_ENTRY else source.read_bytes()
            _write(share / relative, data)
            outcome.changed.append(share / relative)
        _write(share / MAN_PAGE, (man_page or manpage.render)().encode("utf-8"))
        outcome.changed.append(share / MAN_PAGE)
    except OSError as exc:
        raise _problem(exc, share, _("write")) from None
    outcome.notes += refresh_caches(share)
    return outcome


def uninstall(prefix: str | os.PathLike[str] | None = None) -> Outcome:
    """Remove what ``install`` put there (and nothing else); refresh caches."""
    share = target_share(prefix)
    outcome = Outcome(share)
    try:
        for relative in [*shipped_files(), MAN_PAGE]:
            target = share / relative
            if target.is_file() or target.is_symlink():
                target.unlink()
                outcome.changed.append(target)
    except OSError as exc:
        raise _problem(exc, share, _("remove")) from None
    if outcome.changed:
        outcome.notes += refresh_caches(share)
    return outcome


def refresh_caches(share: Path) -> list[str]:
    """Tell the desktop about the change with the tools it has; each result as a note."""
    notes: list[str] = []
    applications = share / "applications"
    hicolor = share / "icons" / "hicolor"
    if applications.is_dir():
        notes.append(_run("update-desktop-database", ["-q", str(applications)]))
    if hicolor.is_dir():
        os.utime(hicolor)  # a changed folder time tells icon loaders to look again
        # A cache that is not rebuilt hides new icons, so only refresh one that exists;
        # without a cache the icon loaders read the folders directly.
        if (hicolor / "icon-theme.cache").exists():
            notes.append(_run("gtk-update-icon-cache", ["-q", "-f", "-t", str(hicolor)]))
    return [note for note in notes if note]


def _run(tool: str, args: list[str]) -> str:
    path = shutil.which(tool)
    if path is None:
        return _("{tool} is not installed; the menu picks up the change at the next log-in").format(
            tool=tool)
    try:
        result = subprocess.run([path, *args], capture_output=True, text=True, timeout=60,
                                check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return _("{tool} did not run ({problem})").format(tool=tool, problem=exc)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit {result.returncode}"
        return _("{tool} failed: {problem}").format(tool=tool, problem=reason)
    return _("ran {tool}").format(tool=tool)

"""Where things live: the packaged assets, the desktop files and the per-user folders."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

APP_NAME = "HipCoach"
DATA_DIR_ENV = "HIPCOACH_DATA_DIR"


def assets_dir() -> Path:
    """The assets folder, in a source checkout and in an installed wheel alike."""
    try:
        # hipcoach.assets has no __init__.py: files() gives a MultiplexedPath whose str()
        # is its repr, while joinpath() gives a real path.
        programs = Path(str(resources.files("hipcoach.assets").joinpath("programs")))
        if programs.is_dir():
            return programs.parent
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "assets"


def share_dir() -> Path:
    """The XDG-shaped tree the app installs into a desktop (applications/, metainfo/,
    icons/hicolor/): inside the package when installed, packaging/share/ in a checkout."""
    try:
        desktop = Path(str(resources.files("hipcoach.share").joinpath("applications")))
        if desktop.is_dir():
            return desktop.parent
    except ModuleNotFoundError:
        pass
    bundled = Path(__file__).resolve().parent / "share"  # a PyInstaller folder
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parent.parent / "packaging" / "share"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: ``--data-dir``, else $HIPCOACH_DATA_DIR, else the per-user one."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)

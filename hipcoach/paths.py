"""Where things live: the packaged assets, the desktop files and the per-user folders.

Per user (platformdirs; on Linux the XDG folders): the database, backups, profile and
own programmes in the data folder, settings and the window size in the config folder,
scaled sounds in the cache folder, logs in the state folder (``hipcoach.applog``). With
``--data-dir DIR`` (or $HIPCOACH_DATA_DIR) all of it stays in DIR, as it always has.
Files from before the split are moved out of the default data folder once
(``hipcoach.folder_move``).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "HipCoach"
DATA_DIR_ENV = "HIPCOACH_DATA_DIR"
SETTINGS_FILE_NAME = "settings.json"


def _package_folder(package: str, probe: str) -> Path | None:
    """An installed data package's folder, found by a subfolder it must have."""
    # These packages have no __init__.py (namespace packages): the import system's finders
    # give their folders without importing anything. (importlib.resources would give the
    # same folders, but importing it costs a command's start-up ~14 ms.)
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except ModuleNotFoundError:
        return None
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        if (Path(folder) / probe).is_dir():
            return Path(folder)
    return None


def assets_dir() -> Path:
    """The assets folder, in an installed wheel (``hipcoach/assets``) and in a source
    checkout (``assets`` beside the package) alike; the import system is asked only when
    neither place has it."""
    here = Path(__file__).resolve().parent
    for folder in (here / "assets", here.parent / "assets"):
        if (folder / "programs").is_dir():
            return folder
    return _package_folder("hipcoach.assets", "programs") or here.parent / "assets"


def share_dir() -> Path:
    """The XDG-shaped tree the app installs into a desktop (applications/, metainfo/,
    icons/hicolor/): inside the package when installed, packaging/share/ in a checkout."""
    found = _package_folder("hipcoach.share", "applications")
    if found is not None:
        return found
    bundled = Path(__file__).resolve().parent / "share"  # a PyInstaller folder
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parent.parent / "packaging" / "share"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: ``--data-dir``, else $HIPCOACH_DATA_DIR, else the per-user one
    (whose files from before the folder split are moved to their new folders first)."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    folder = default_data_dir()
    _move_old_layout_once(folder)
    return folder


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def is_default(data: Path) -> bool:
    """Whether ``data`` is the per-user data folder (not a --data-dir of its own)."""
    try:
        resolved = data.expanduser().resolve()
        if resolved.name.casefold() != APP_NAME.casefold():
            # The per-user folder is named APP_NAME on every system: a folder of another
            # name is a --data-dir of its own, known without loading platformdirs (a
            # command's start-up). (A per-user folder that is a link to a folder of
            # another name is still the default when reached through the link.)
            return False
        return resolved == default_data_dir().resolve()
    except OSError:
        return False


def settings_file(data: Path) -> Path:
    """The settings file of the data folder ``data`` (``hipcoach.settings`` reads it)."""
    return config_dir(data) / SETTINGS_FILE_NAME


def config_dir(data: Path, create: bool = False) -> Path:
    """Where the settings of ``data`` live: the user config folder for the per-user data
    folder, the data folder itself for a --data-dir."""
    if is_default(data):
        from platformdirs import user_config_path

        folder = user_config_path(APP_NAME, appauthor=False)
    else:
        folder = data.expanduser()
    return private_dir(folder) if create else folder


def cache_dir(data: Path, create: bool = False) -> Path:
    """What can be made again (scaled sounds): the user cache folder, or DATA/cache."""
    if is_default(data):
        from platformdirs import user_cache_path

        folder = user_cache_path(APP_NAME, appauthor=False)
    else:
        folder = data.expanduser() / "cache"
    return private_dir(folder) if create else folder


def private_dir(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) readable by the user only; returns it.

    A folder that cannot be made is returned as it is: whoever writes there reports it.
    """
    from hipcoach.private_files import private_folder

    try:
        return private_folder(folder)
    except OSError:
        return folder


_moved: set[Path] = set()


def _move_old_layout_once(data: Path) -> None:
    if data in _moved:
        return
    _moved.add(data)
    from hipcoach.folder_move import move_old_layout

    move_old_layout(data, config_dir(data), cache_dir(data))

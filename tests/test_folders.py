"""The per-user folders: data, config, cache and state apart (platformdirs), everything in
one place with --data-dir, and an old installation moved over once with nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hipcoach import paths, settings
from hipcoach.folder_move import move_old_layout


@pytest.fixture
def homes() -> dict[str, Path]:
    """The XDG folders the autouse fixture in conftest.py set up for this test."""
    return {name: Path(os.environ[f"XDG_{name.upper()}_HOME"]) / "HipCoach"
            for name in ("data", "config", "cache", "state")}


@pytest.fixture(autouse=True)
def _fresh_move_memory(monkeypatch):
    monkeypatch.setattr(paths, "_moved", set())


def _old_installation(data: Path, settings_text: str) -> dict[Path, bytes]:
    """The layout before the split, with every file's bytes."""
    files = {
        data / "hipcoach.db": b"SQLite format 3\x00" + os.urandom(64),
        data / "backups" / "hipcoach-2026-11-01.db": b"SQLite format 3\x00backup",
        data / "programs" / "mine.toml": b'[program]\nid = "mine"\n',
        data / "profile.json": b'{"intake": {}}',
        data / "settings.json": settings_text.encode("utf-8"),
        data / "window.ini": b"[window]\ngeometry=@ByteArray(x)\n",
        data / "cache" / "sounds" / "v05" / "lift-abc.wav": b"RIFF....WAVE",
    }
    for path, data_bytes in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data_bytes)
    return files


def test_default_folders_follow_xdg(homes):
    data = paths.data_dir()
    assert data == homes["data"]
    assert paths.config_dir(data) == homes["config"]
    assert paths.cache_dir(data) == homes["cache"]
    assert settings.settings_path(data) == homes["config"] / "settings.json"
    from hipcoach import applog

    assert applog.log_dir().is_relative_to(homes["state"])


def test_data_dir_option_keeps_everything_in_one_place(tmp_path, homes):
    data = paths.data_dir(tmp_path / "one")
    assert paths.config_dir(data) == data
    assert paths.cache_dir(data) == data / "cache"
    assert settings.settings_path(data) == data / "settings.json"
    settings.save(data, settings.Settings().replace(volume=3))
    assert (data / "settings.json").is_file()
    assert not homes["config"].exists() and not homes["data"].exists()


def test_the_per_user_folder_is_known_by_where_it_is_not_by_its_spelling(tmp_path, homes):
    """Reached through a link of any name or another spelling, the per-user data folder
    keeps its settings in the config folder; a folder elsewhere (even one named like it)
    keeps its own."""
    homes["data"].mkdir(parents=True)
    link = tmp_path / "my-training"
    link.symlink_to(homes["data"])
    assert paths.is_default(link)
    assert paths.is_default(homes["data"] / ".." / "HipCoach")
    assert settings.settings_path(link) == homes["config"] / "settings.json"
    for elsewhere in (tmp_path / "HipCoach", tmp_path / "hipcoach-copy"):
        elsewhere.mkdir()
        assert not paths.is_default(elsewhere)
        assert settings.settings_path(elsewhere) == elsewhere / "settings.json"
    named_like_another = tmp_path / "HipCoach-link"  # a link named unlike its target
    named_like_another.symlink_to(tmp_path / "hipcoach-copy")
    assert not paths.is_default(named_like_another)
    # is_default answers for other names without platformdirs because of this:
    assert paths.default_data_dir().name == paths.APP_NAME


def test_new_folders_are_private_whatever_the_umask(homes):
    old = os.umask(0o022)
    try:
        data = paths.data_dir()
        assert paths.config_dir(data, create=True).stat().st_mode & 0o777 == 0o700
        assert paths.cache_dir(data, create=True).stat().st_mode & 0o777 == 0o700
    finally:
        os.umask(old)


def test_an_old_installation_is_moved_once_with_nothing_lost(homes):
    before = _old_installation(homes["data"], json.dumps({"volume": 4, "theme": "dark"}))
    data = paths.data_dir()
    stays = {p: b for p, b in before.items()
             if p.name not in ("settings.json", "window.ini") and "cache" not in p.parts}
    for path, content in stays.items():
        assert path.read_bytes() == content, path
    assert (homes["config"] / "settings.json").read_bytes() == before[data / "settings.json"]
    assert (homes["config"] / "window.ini").read_bytes() == before[data / "window.ini"]
    assert (homes["cache"] / "sounds" / "v05" / "lift-abc.wav").read_bytes() == b"RIFF....WAVE"
    assert not (data / "settings.json").exists() and not (data / "window.ini").exists()
    assert not (data / "cache").exists()
    assert settings.load(data).settings.volume == 4
    # a second run has nothing left to do
    assert move_old_layout(data, paths.config_dir(data), paths.cache_dir(data)) == []


def test_a_damaged_old_settings_file_loses_nothing(homes):
    damaged = '{"volume": 4, "theme": '  # cut off half-way
    _old_installation(homes["data"], damaged)
    data = paths.data_dir()
    loaded = settings.load(data)
    assert loaded.settings == settings.Settings()
    assert len(loaded.problems) == 1 and "kept as" in loaded.problems[0]
    aside = homes["config"] / "settings.json.damaged"
    assert aside.read_text(encoding="utf-8") == damaged
    # the user changes a setting: the new file is written, the damaged one is still there
    settings.SettingsFile(data).update(volume=2)
    assert settings.load(data).settings.volume == 2
    assert aside.read_text(encoding="utf-8") == damaged


def test_settings_already_in_the_new_place_win_and_the_old_are_kept(homes):
    _old_installation(homes["data"], json.dumps({"volume": 1}))
    homes["config"].mkdir(parents=True)
    (homes["config"] / "settings.json").write_text(json.dumps({"volume": 9}), encoding="utf-8")
    data = paths.data_dir()
    assert settings.load(data).settings.volume == 9
    kept = homes["config"] / "settings.json.from-data-folder"
    assert json.loads(kept.read_text(encoding="utf-8")) == {"volume": 1}


def test_an_old_layout_under_data_dir_is_left_alone(tmp_path, homes):
    files = _old_installation(tmp_path / "own", json.dumps({"volume": 4}))
    data = paths.data_dir(tmp_path / "own")
    for path, content in files.items():
        assert path.read_bytes() == content
    assert settings.load(data).settings.volume == 4


def test_the_app_starts_on_an_old_installation_with_a_damaged_settings_file(tmp_path, homes):
    _old_installation(homes["data"], "\x00garbage")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIPCOACH_")}
    env.update(QT_QPA_PLATFORM="offscreen", HIPCOACH_EXIT_AFTER_PAINT="1",
               HIPCOACH_STARTUP_REPORT=str(tmp_path / "painted.txt"))
    result = subprocess.run([sys.executable, "-m", "hipcoach"], capture_output=True, text=True,
                            env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "painted.txt").read_text(encoding="utf-8").strip()
    assert (homes["config"] / "settings.json.damaged").read_text(encoding="utf-8") == "\x00garbage"
    assert (homes["data"] / "hipcoach.db").is_file()
    assert (homes["config"] / "window.ini").is_file()

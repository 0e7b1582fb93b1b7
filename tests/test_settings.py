"""Settings: defaults, bounds, and a hand-edited file that is partly nonsense."""

from __future__ import annotations

import json

import pytest

from hipcoach.settings import Settings, load, save


def test_missing_file_gives_defaults(tmp_path):
    loaded = load(tmp_path)
    assert loaded.settings == Settings()
    assert loaded.problems == []


def test_round_trip(tmp_path):
    settings = Settings().replace(volume=3, theme="dark", text_scale=1.5, audio_mode="tones")
    save(tmp_path, settings)
    assert load(tmp_path).settings == settings


def test_bad_keys_fall_back_and_are_named(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({
        "volume": 99, "theme": "purple", "countdown_s": "five", "flash": True,
        "colour": "red", "text_scale": 1,
    }))
    loaded = load(tmp_path)
    assert loaded.settings.volume == Settings().volume
    assert loaded.settings.theme == "system"
    assert loaded.settings.flash is True
    assert loaded.settings.text_scale == 1.0
    text = "\n".join(loaded.problems)
    for key in ("volume", "theme", "countdown_s", "colour"):
        assert key in text
    assert "flash" not in text


@pytest.mark.parametrize("content", ["not json", "[1, 2]", "\xff\xfe"])
def test_unreadable_file_gives_defaults_and_one_problem(tmp_path, content):
    (tmp_path / "settings.json").write_bytes(content.encode("latin-1"))
    loaded = load(tmp_path)
    assert loaded.settings == Settings()
    assert len(loaded.problems) == 1


def test_impossible_values_cannot_be_set():
    with pytest.raises(ValueError, match="volume"):
        Settings().replace(volume=-1)
    with pytest.raises(ValueError, match="pain_amber_max"):
        Settings().replace(pain_green_max=6)
    with pytest.raises(ValueError, match="unknown"):
        Settings().replace(speed=3)

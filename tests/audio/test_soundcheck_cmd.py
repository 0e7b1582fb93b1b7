"""``hipcoach sound-check``: clear messages and exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

from hipcoach.cli import main
from hipcoach.commands import soundcheck_cmd


def test_an_unknown_cue_lists_the_valid_ones(capsys):
    assert main(["sound-check", "no-such-cue"]) == 1
    err = capsys.readouterr().err
    assert "unknown cue 'no-such-cue'" in err
    for cue in ("chime-start", "lift", "tick-final", "next-march"):
        assert cue in err


def test_list_prints_every_cue(capsys, catalogue):
    assert main(["sound-check", "--list"]) == 0
    assert capsys.readouterr().out.split() == catalogue.names()


def test_no_backend_names_the_packages_and_exits_1(monkeypatch, capsys):
    monkeypatch.setattr(soundcheck_cmd, "detect_backend", lambda preferred=None: None)
    assert main(["sound-check"]) == 1
    err = capsys.readouterr().err
    for package in ("gstreamer1.0-plugins-base-apps", "alsa-utils", "ffmpeg"):
        assert package in err
    assert "Traceback" not in err


def test_an_unavailable_backend_choice_is_explained(monkeypatch, capsys):
    monkeypatch.setattr(soundcheck_cmd, "available_backends", lambda: ["alsa"])
    monkeypatch.setattr(soundcheck_cmd, "detect_backend", lambda preferred=None: None)
    assert main(["sound-check", "--backend", "ffplay"]) == 1
    assert "'ffplay' is not available here (available: alsa)" in capsys.readouterr().err


def test_no_player_programs_at_all_in_a_real_process(tmp_path):
    """With an empty PATH no backend is found: one message, exit 1, no traceback."""
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "hipcoach", "sound-check"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "alsa-utils" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

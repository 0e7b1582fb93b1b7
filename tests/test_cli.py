"""The top-level command line: ``--help`` names every sub-command with its one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hipcoach.cli import SUBCOMMANDS

ROOT = Path(__file__).resolve().parents[1]


def test_help_lists_each_subcommand_on_its_own_line():
    result = subprocess.run([sys.executable, "-m", "hipcoach", "--help"], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for name, (_module, help_text) in SUBCOMMANDS.items():
        matching = [line for line in lines if line.split()[:1] == [name]]
        assert len(matching) == 1, name
        assert matching[0].split(None, 1)[1] == help_text
    assert "desktop" in SUBCOMMANDS


def _help_first_line(*args: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("HIPCOACH_", "LANG", "LC_"))}
    environment.update(env)
    result = subprocess.run([sys.executable, "-m", "hipcoach", *args, "--help"],
                            capture_output=True, text=True, env=environment, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[0]


def test_the_language_setting_is_read_wherever_the_settings_live(tmp_path):
    """The settings file of the per-user folders (platformdirs' config folder), of
    $HIPCOACH_DATA_DIR and of a --data-dir all say which language --help speaks."""
    from hipcoach import paths

    config = paths.config_dir(paths.default_data_dir(), create=True)
    (config / "settings.json").write_text(json.dumps({"language": "de"}), encoding="utf-8")
    assert _help_first_line(LANG="C.UTF-8").startswith("Aufruf:")
    own = tmp_path / "own"  # not the per-user folder: its settings are its own
    own.mkdir()
    assert _help_first_line(HIPCOACH_DATA_DIR=str(own), LANG="C.UTF-8").startswith("usage:")
    (own / "settings.json").write_text(json.dumps({"language": "de"}), encoding="utf-8")
    assert _help_first_line(HIPCOACH_DATA_DIR=str(own), LANG="C.UTF-8").startswith("Aufruf:")
    assert _help_first_line("--data-dir", str(own), LANG="C.UTF-8").startswith("Aufruf:")


@pytest.mark.parametrize("language", ["fr", 7, None])
def test_a_language_setting_that_is_not_allowed_leaves_it_to_the_locale(tmp_path, language):
    (tmp_path / "settings.json").write_text(json.dumps({"language": language, "volume": 3}),
                                            encoding="utf-8")
    assert _help_first_line("--data-dir", str(tmp_path), LANG="de_DE.UTF-8").startswith("Aufruf:")
    assert _help_first_line("--data-dir", str(tmp_path), LANG="C.UTF-8").startswith("usage:")


PROGRAMME = str(ROOT / "assets" / "programs" / "hip-extension.toml")
SETTINGS = ("hipcoach.settings", "hipcoach.json_file", "platformdirs")
ORM_AND_QT = ("sqlalchemy", "PySide6", "hipcoach.report.documents")


@pytest.mark.parametrize(("argv", "status", "not_loaded"), [
    (["--help"], 0, (*SETTINGS, "msgspec", "importlib.resources")),
    (["plan", "hip-extension"], 0, (*SETTINGS, "importlib.resources", "json", *ORM_AND_QT)),
    (["validate", PROGRAMME], 0, (*SETTINGS, "importlib.resources", *ORM_AND_QT)),
    (["report", "--session", "last", "--pdf", "out.pdf"], 1, (*SETTINGS, "msgspec", *ORM_AND_QT)),
    (["check"], 1, (*SETTINGS, "msgspec", *ORM_AND_QT)),
    (["export", "--csv", "out.csv"], 1, (*SETTINGS, "msgspec", *ORM_AND_QT)),
])
def test_a_command_in_a_new_data_dir_loads_only_what_it_needs(tmp_path, argv, status,
                                                               not_loaded):
    """A new data dir has no settings to read and no history to report: a command's
    start-up does not pay for what it does not use yet (bench/bench_commands.py)."""
    code = (
        "import sys\n"
        "from hipcoach import cli\n"
        "try:\n"
        f"    status = cli.main({argv!r})\n"
        "except SystemExit as exc:\n"
        "    status = exc.code\n"
        f"print(status, sorted(m for m in {not_loaded!r} if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, HIPCOACH_DATA_DIR=str(tmp_path)),
                            timeout=60, cwd=tmp_path, check=False)
    assert result.stderr.splitlines()[-1] == f"{status} []", result.stderr
    if status == 0:
        assert result.stdout.startswith(("usage: hipcoach", "Hip extension", PROGRAMME))
    else:
        assert "no history" in result.stderr or "no HipCoach database" in result.stderr


def test_started_is_called_once_a_command_is_ready_to_run(capsys):
    """The process entry point freezes what start-up made (hipcoach.entry): the hook
    comes after the arguments are read and before the command's first line."""
    from hipcoach.cli import main

    printed_before: list[str] = []
    assert main(["plan", "daily-drill"], started=lambda: printed_before.append(
        capsys.readouterr().out)) == 0
    assert printed_before == [""]
    assert capsys.readouterr().out.splitlines()[-1].startswith("Total: ")
    with pytest.raises(SystemExit):  # bad arguments: the command never starts
        main(["plan", "--no-such-option"], started=lambda: printed_before.append("again"))
    assert printed_before == [""]

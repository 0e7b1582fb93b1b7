"""The top-level command line: ``--help`` names every sub-command with its one line."""

from __future__ import annotations

import subprocess
import sys

from hipcoach.cli import SUBCOMMANDS


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

"""``python -m hipcoach``: the same entry point as the ``hipcoach`` command."""

from hipcoach.entry import run

raise SystemExit(run())

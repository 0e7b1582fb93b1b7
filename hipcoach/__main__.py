"""``python -m hipcoach``: the same entry point as the ``hipcoach`` command."""

from hipcoach.cli import main

raise SystemExit(main())

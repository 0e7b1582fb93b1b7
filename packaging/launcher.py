"""PyInstaller's entry script: the same ``main`` as the ``hipcoach`` command."""

from hipcoach.cli import main

raise SystemExit(main())

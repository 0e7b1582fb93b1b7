"""``python -m hipcoach``: the same entry point as the ``hipcoach`` command."""

try:
    from hipcoach.cli import main
except KeyboardInterrupt:  # Ctrl+C while Python is still loading: no traceback
    raise SystemExit(130) from None

raise SystemExit(main())

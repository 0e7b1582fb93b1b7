"""The sub-commands: one module each (``<name>_cmd``), each with ``add_arguments(parser)``
and ``run(args) -> int``; ``hipcoach.cli.SUBCOMMANDS`` names them and imports only the
one asked for. ``common`` holds what they share (``--data-dir``, the lock, one-line
errors). They sit at the top with the CLI: a command may use any layer below it, and
nothing below imports a command. (``hipcoach desktop`` lives in ``hipcoach.desktop``,
which reads the CLI's own parser for its man page.)
"""

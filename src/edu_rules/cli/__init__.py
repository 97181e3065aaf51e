"""The command line, ``edu-rules``: one thin module per subcommand (see :data:`entry.COMMANDS`)."""

from edu_rules.cli.entry import main

__all__ = ["main"]

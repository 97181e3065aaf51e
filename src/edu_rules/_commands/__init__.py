"""One module per ``edu-rules`` subcommand: ``add_parser(subparsers)`` and ``run(args)``."""

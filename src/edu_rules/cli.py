"""The ``edu-rules`` command line.

Exit codes: 0 — every county evaluated passes (or the command succeeded);
1 — evaluated, but some county does not pass (or a target is missed);
2 — invalid input or usage.  Bad input never produces a traceback.

Each subcommand lives in :mod:`edu_rules._commands` as a module with
``add_parser(subparsers)`` and ``run(args) -> int``; heavy imports happen inside
``run`` so that ``edu-rules --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from edu_rules import _commands
from edu_rules.errors import EduRulesError

EXIT_OK = 0
EXIT_NOT_PASSED = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a one-line message (its default, made explicit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand found in :mod:`edu_rules._commands`."""
    parser = _Parser(
        prog="edu-rules",
        description=(
            "Assess a county against the standard for high-quality balanced compulsory "
            "education (县域义务教育优质均衡发展), layer by layer."
        ),
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for info in sorted(pkgutil.iter_modules(_commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"edu_rules._commands.{info.name}")
        subparser = module.add_parser(subparsers)
        subparser.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from edu_rules import __version__

        print(__version__)  # noqa: T201
        return EXIT_OK
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        code: int = args.run(args)
    except EduRulesError as error:
        print(f"edu-rules: {error}", file=sys.stderr)  # noqa: T201
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into head: not an error
        return code if "code" in locals() else EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``edu-rules`` command line.

Exit codes (also in ``--help`` and the README):

* 0 — every county evaluated passes (or the command did what it was asked);
* 1 — evaluated, but some county does not pass (or a target is missed);
* 2 — invalid input or usage: the message names the file and the field, or sheet and cell;
* 3 — an internal failure of edu-rules or of a plugin: one paragraph names the command,
  its input and, when the failing code belongs to a plugin, that plugin's module.

A code never claims more than happened: a crash is never 1 ("evaluated, not
passing"), and never a traceback unless ``--debug`` asks for one.

Each subcommand lives in :mod:`edu_rules.cli` as a module with
``add_parser(subparsers)`` and ``run(args) -> int``; heavy imports happen inside
``run`` so that ``edu-rules --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from edu_rules._messages import message
from edu_rules._text import visible
from edu_rules._version import version
from edu_rules.model.errors import EduRulesError, PluginError

EXIT_OK = 0
EXIT_NOT_PASSED = 1
EXIT_BAD_INPUT = 2
EXIT_FAILURE = 3

_EPILOG = (
    "exit codes: 0 pass (or done), 1 evaluated and not passing (or a target missed), "
    "2 invalid input or usage, 3 internal or plugin failure (add --debug for the traceback)"
)

_INPUTS = ("files", "file", "paths", "source")
"""The argument names under which the subcommands take their input files."""

_SHOWN_INPUTS = 3


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a one-line message (its default, made explicit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, visible(f"{self.prog}: error: {message}\n", keep="\n"))


COMMANDS = (
    "convert",
    "evaluate",
    "monitor",
    "plan",
    "plugins",
    "progress",
    "schema",
    "serve",
    "template",
    "whatif",
)
"""The subcommands, each a module of :mod:`edu_rules.cli` with ``add_parser`` and ``run``."""


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand found in :mod:`edu_rules.cli`."""
    parser = _Parser(
        prog="edu-rules",
        description=(
            "Assess a county against the standard for high-quality balanced compulsory "
            "education (县域义务教育优质均衡发展), layer by layer."
        ),
        epilog=_EPILOG,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an internal or plugin failure (exit 3), print the traceback too",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"edu_rules.cli.{name}")
        subparser = module.add_parser(subparsers)
        subparser.epilog = subparser.epilog or _EPILOG
        subparser.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(version())  # noqa: T201
        return EXIT_OK
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    """Run the subcommand; every way it can end becomes an exit code (see the module)."""
    lang = getattr(args, "lang", "zh")
    try:
        code: int = args.run(args)
    except PluginError as error:  # a plugin that cannot load or contradicts another
        _say(message("cli.plugin_error", lang, command=args.command, error=error))
        _say(message("cli.plugin_hint", lang, names=_plugin_names()))
        return EXIT_FAILURE
    except EduRulesError as error:  # bad input: every problem, named
        _say(f"edu-rules: {error}")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head`: the reader has what it wanted
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        _say(message("cli.interrupted", lang))
        return 130  # 128 + SIGINT, as shells report it
    except Exception as error:  # noqa: BLE001 - the last line of defence (MemoryError, RecursionError too)
        if args.debug:
            traceback.print_exception(error)
        _say(_internal_error(args, error, lang))
        return EXIT_FAILURE
    return code


def _plugin_names() -> str:
    """The installed plugins' names, for the hint to block the failing one."""
    from importlib import metadata

    try:
        points = metadata.entry_points(group="edu_rules.plugins")
    except Exception:  # noqa: BLE001 - broken metadata must not hide the original error
        return "?"
    return ", ".join(sorted({point.name for point in points})) or "?"


def _say(text: object) -> None:
    """A message on standard error, control characters shown escaped."""
    print(visible(str(text), keep="\n"), file=sys.stderr)  # noqa: T201


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real descriptor (a test's buffer): nothing to flush
        pass


def _internal_error(args: argparse.Namespace, error: BaseException, lang: str) -> str:
    """One paragraph: the command, its input, the error, and the plugin module at fault."""
    if isinstance(error, MemoryError):
        summary = message("cli.memory", lang)
    elif isinstance(error, RecursionError):
        summary = message("cli.recursion", lang)
    else:
        summary = f"{type(error).__name__}: {error}"
    if len(summary) > 200:
        summary = summary[:199] + "…"
    inputs = _inputs(args) or message("cli.no_inputs", lang)
    module, where = _plugin_frame(error.__traceback__)
    culprit = message("cli.culprit", lang, module=module, where=where) if module else ""
    return message(
        "cli.internal", lang, command=args.command, error=summary, inputs=inputs, culprit=culprit
    )


def _inputs(args: argparse.Namespace) -> str:
    names: list[str] = []
    for attribute in _INPUTS:
        value = getattr(args, attribute, None)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names += [str(each) for each in value]
    shown = ", ".join(names[:_SHOWN_INPUTS])
    return shown + (f" (+{len(names) - _SHOWN_INPUTS})" if len(names) > _SHOWN_INPUTS else "")


def _plugin_frame(trace: TracebackType | None) -> tuple[str | None, str]:
    """The innermost frame of the traceback in a plugin's code: its module and line.

    A plugin is any module outside the ``edu_rules`` package and outside the standard
    library and edu-rules' own dependencies — in practice the package an
    ``edu_rules.plugins`` entry point names.
    """
    plugin_roots = _plugin_packages()
    found: tuple[str | None, str] = (None, "")
    while trace is not None:
        frame = trace.tb_frame
        module = str(frame.f_globals.get("__name__", ""))
        if module.partition(".")[0] in plugin_roots:
            found = (module, f"{Path(frame.f_code.co_filename).name}:{trace.tb_lineno}")
        trace = trace.tb_next
    return found


def _plugin_packages() -> frozenset[str]:
    """The top-level packages that installed ``edu_rules.plugins`` entry points load."""
    from importlib import metadata

    try:
        points = metadata.entry_points(group="edu_rules.plugins")
    except Exception:  # noqa: BLE001 - broken metadata must not hide the original error
        return frozenset()
    return frozenset(point.value.partition(":")[0].partition(".")[0] for point in points) - {
        "edu_rules"
    }

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
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

from edu_rules._messages import message
from edu_rules._text import visible
from edu_rules._version import version
from edu_rules.cli import _lang
from edu_rules.model.errors import EduRulesError, PluginError

EXIT_OK = 0
EXIT_NOT_PASSED = 1
EXIT_BAD_INPUT = 2
EXIT_FAILURE = 3

_INPUTS = ("files", "file", "paths", "source")
"""The argument names under which the subcommands take their input files."""

_SHOWN_INPUTS = 3


class _Parser(argparse.ArgumentParser):
    """argparse in the command line's language, exiting with 2 and a one-line message.

    Its own words (``usage:``, the group titles, ``-h``, the usage errors) come from
    the catalogue; the language is the one :mod:`edu_rules.cli._lang` was told.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """An ``ArgumentParser`` whose ``-h`` and group titles are in the language."""
        self.lang = _lang.current()
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = message("cli.positionals", self.lang)
        self._optionals.title = message("cli.options", self.lang)
        self.add_argument("-h", "--help", action="help", help=message("cli.help", self.lang))

    def _get_formatter(self) -> argparse.HelpFormatter:
        return _Formatter(prog=self.prog, lang=self.lang)

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error, in the parser's language, and exit with 2."""
        self.print_usage(sys.stderr)
        said = _usage_error(message, self.lang)
        text = _message("cli.error", self.lang, prog=self.prog, error=said)
        self.exit(EXIT_BAD_INPUT, visible(text + "\n", keep="\n"))


_message = message  # ``error`` takes an argument of that name


class _Formatter(argparse.HelpFormatter):
    """Help whose ``usage:`` is in the parser's language, wrapped as a terminal shows Chinese.

    argparse measures a line with ``len``; a Chinese character takes two columns, so its
    lines are wrapped by :func:`edu_rules.reports._width.wrap` instead (the reports' rule).
    """

    def __init__(self, prog: str, lang: str) -> None:
        super().__init__(prog)
        self._lang = lang

    def _split_lines(self, text: str, width: int) -> list[str]:
        from edu_rules.reports._width import wrap

        return wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        from edu_rules.reports._width import wrap

        return "\n".join(wrap(" ".join(text.split()), width, indent, indent))

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        """The usage line, headed by the catalogue's ``cli.usage``."""
        super().add_usage(
            usage, actions, groups, message("cli.usage", self._lang) if prefix is None else prefix
        )


_USAGE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "cli.error.required"),
    (
        re.compile(
            r"argument (?P<argument>\S+): invalid choice: (?P<value>.+?) "
            r"\(choose from (?P<choices>.+)\)"
        ),
        "cli.error.choice",
    ),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "cli.error.unrecognized"),
    (re.compile(r"argument (?P<argument>\S+): expected one argument"), "cli.error.one_value"),
    (
        re.compile(r"argument (?P<argument>\S+): invalid (?P<kind>int|float) value: (?P<value>.+)"),
        "cli.error.bad_value",
    ),
)
"""argparse's usage errors (Python 3.11–3.13 wording) and the catalogue's words for them."""


def _usage_error(error: str, lang: str) -> str:
    """Argparse's usage error in ``lang``; one it words otherwise is shown as it is."""
    for pattern, key in _USAGE_ERRORS:
        found = pattern.fullmatch(error)
        if found:
            values = found.groupdict()
            if "kind" in values:
                values["kind"] = message(f"cli.error.kind.{values['kind']}", lang)
            return message(key, lang, **values)
    return message("cli.error.other", lang, error=error)


COMMANDS = (
    "collect",
    "convert",
    "evaluate",
    "monitor",
    "plan",
    "plugins",
    "progress",
    "schema",
    "serve",
    "store",
    "template",
    "whatif",
)
"""The subcommands, each a module of :mod:`edu_rules.cli` with ``add_parser`` and ``run``."""


def build_parser(lang: str = _lang.DEFAULT) -> argparse.ArgumentParser:
    """The parser with every subcommand found in :mod:`edu_rules.cli`, its help in ``lang``."""
    with _lang.speaking(lang):
        epilog = _lang.say("cli.exit_codes")
        parser = _Parser(prog="edu-rules", description=_lang.say("help.about"), epilog=epilog)
        parser.add_argument("--version", action="store_true", help=_lang.say("help.version"))
        parser.add_argument("--debug", action="store_true", help=_lang.say("help.debug"))
        _lang.add_lang_option(parser)
        subparsers = parser.add_subparsers(
            dest="command", metavar=_lang.say("help.command"), parser_class=_Parser
        )
        for name in COMMANDS:
            module = importlib.import_module(f"edu_rules.cli.{name}")
            subparser = module.add_parser(subparsers)
            subparser.epilog = subparser.epilog or epilog
            subparser.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    given = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_lang.chosen(given))
    args = parser.parse_args(given)
    if args.version:
        print(version())  # noqa: T201
        return EXIT_OK
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    _expand_patterns(args)
    return _run(args)


def _expand_patterns(args: argparse.Namespace) -> None:
    """Expand ``examples/*.json`` in the command's list of inputs, as a POSIX shell would.

    Windows' cmd and PowerShell pass a pattern on unexpanded; the program expands it
    itself (sorted), so the README's commands work there too.  A name that exists as
    given is kept as it is, and a pattern matching nothing is kept for the reader to
    refuse by name.
    """
    import glob

    for name in ("files", "paths"):
        given = getattr(args, name, None)
        if not isinstance(given, list):
            continue
        expanded: list[str] = []
        for entry in given:
            text = os.fspath(entry)
            found = [] if Path(text).exists() else sorted(glob.glob(text))  # noqa: PTH207 - a pattern may be absolute
            expanded.extend(found if found and glob.has_magic(text) else [entry])
        setattr(args, name, expanded)


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
        _say(f"edu-rules: {error.spell(lang)}")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head`: not all of it was delivered
        silence_stdout()
        return EXIT_BAD_INPUT  # never 0: a command that knows its failing verdict says it
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


def silence_stdout() -> None:
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

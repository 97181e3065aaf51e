"""``edu-rules evaluate FILE...``: the verdict on one or more county documents.

Each FILE is a county document in JSON or an Excel workbook (``.xlsx``, from
``edu-rules template``).  The report goes to standard output, or to ``--output``;
with several files a progress bar shows on a terminal (standard error) and stays
quiet when piped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from edu_rules._commands._layers import add_layer_options, exit_code, registry_from

_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "evaluate",
        help="evaluate county documents and print the verdict and shortfalls",
        description=(
            "Evaluate county documents (JSON, or Excel workbooks from `edu-rules template`) "
            "through every policy layer that governs them."
        ),
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="county document(s): .json or .xlsx"
    )
    parser.add_argument(
        "--format",
        dest="fmt",
        default="text",
        help="text (default), json, markdown or html (self-contained, prints on A4)",
    )
    parser.add_argument("--lang", default="zh", choices=("zh", "en"), help="report language")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    add_layer_options(parser)
    return parser


def _load(path: str) -> Any:
    """Read one county document, from JSON or from a workbook."""
    if Path(path).suffix.lower() in _WORKBOOK_SUFFIXES:
        from edu_rules import excel

        return excel.load_county(path)
    from edu_rules.validation import load_county

    return load_county(path, source_name=path)


def run(args: argparse.Namespace) -> int:
    """Evaluate every file; exit 0 all pass, 1 some does not, 2 bad input, 3 a plugin failed."""
    from edu_rules._text import visible
    from edu_rules.engine import evaluate
    from edu_rules.errors import CountyDataError, EduRulesError
    from edu_rules.reports import FORMATS, progress_bar, render_many
    from edu_rules.result import Result

    if args.fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        print(f"edu-rules: unknown --format {args.fmt!r}; choose from {choices}", file=sys.stderr)  # noqa: T201
        return 2
    registry = registry_from(args)
    results: list[Result] = []
    problems: list[str] = []
    batch = len(args.files) > 1
    for path in progress_bar(args.files, len(args.files), batch, label="edu-rules evaluate "):
        try:
            county = _load(path)
        except CountyDataError as error:
            problems.append(str(error))
            continue
        if not problems:  # once a file is bad nothing is reported: no need to evaluate more
            results.append(evaluate(county, registry=registry))
    if problems:
        print(visible("\n".join(problems), keep="\n"), file=sys.stderr)  # noqa: T201
        return 2
    color = args.fmt == "text" and args.output is None and sys.stdout.isatty()
    report = render_many(results, args.fmt, args.lang, color=color, registry=registry)
    if args.output is None:
        sys.stdout.write(report)
    else:
        try:
            Path(args.output).write_text(report, encoding="utf-8")
        except OSError as error:
            raise EduRulesError(
                f"{args.output}: cannot write the report: {error.strerror or error}"
            ) from error
    return exit_code(results)

"""``edu-rules monitor PATH...``: the annual monitoring report on several years' documents.

PATH is a folder (its ``*.json`` and ``*.xlsx``), a JSON document or array, or a
workbook; together they hold one document per unit per assessment year.  Each year
is judged by the rules in force that year.  The report (HTML by default, Markdown,
JSON data or an Excel workbook) goes to standard output or ``-o FILE``.  Exit 0 when
the report is made — monitoring is not a verdict — and 2 on bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

_FORMATS = ("html", "md", "json", "xlsx")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "monitor",
        help="the annual monitoring report: every unit year by year, and its projected readiness",
        description=(
            "Judge each year's county documents by that year's rules and report every unit's "
            "course, the targets year by year, each indicator's CV over the years, and when "
            "each unit would meet the standard at its recent pace against its planned year "
            "(a projection, not a verdict)."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="folder, JSON document or array, or .xlsx"
    )
    parser.add_argument("--from", dest="from_year", type=int, metavar="YEAR", help="first year")
    parser.add_argument("--to", dest="to_year", type=int, metavar="YEAR", help="last year")
    parser.add_argument("--format", dest="fmt", default="html", choices=_FORMATS)
    parser.add_argument("--lang", default="zh", choices=("zh", "en"), help="report language")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    parser.add_argument(
        "--no-remedies",
        dest="remedies",
        action="store_false",
        help="leave out the planner's remedies and their cost (faster)",
    )
    parser.add_argument(
        "--jobs", type=int, default=1, help="worker processes (same result for any number)"
    )
    return parser


def _usage(text: str) -> int:
    print(f"edu-rules: {text}", file=sys.stderr)  # noqa: T201
    return 2


def run(args: argparse.Namespace) -> int:
    """Make the report; 0 when it is made, 2 on bad input or usage."""
    from edu_rules.model.errors import EduRulesError
    from edu_rules.monitoring.monitor import load_panel, monitor
    from edu_rules.monitoring.report import render

    if args.jobs < 1:
        return _usage("--jobs must be at least 1")
    if args.from_year is not None and args.to_year is not None and args.from_year > args.to_year:
        return _usage(f"--from {args.from_year} is after --to {args.to_year}")
    if args.fmt == "xlsx" and args.output is None:
        return _usage("--format xlsx writes a workbook: name it with -o FILE.xlsx")
    documents = load_panel(args.paths)  # CountyDataError → exit 2 in cli.entry
    result = monitor(
        documents,
        from_year=args.from_year,
        to_year=args.to_year,
        remedies=args.remedies,
        jobs=args.jobs,
    )
    report = render(result, args.fmt, args.lang)
    if args.output is None:
        sys.stdout.write(report if isinstance(report, str) else report.decode())
        return 0
    try:
        if isinstance(report, bytes):
            Path(args.output).write_bytes(report)
        else:
            Path(args.output).write_text(report, encoding="utf-8")
    except OSError as error:
        raise EduRulesError(
            f"{args.output}: cannot write the report: {error.strerror or error}"
        ) from error
    return 0

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
from typing import Any

from edu_rules.cli._lang import add_lang_option, say

_FORMATS = ("html", "md", "json", "xlsx")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "monitor",
        help=say("help.monitor"),
        description=say("help.monitor.about"),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help=say("help.paths"))
    parser.add_argument(
        "--from", dest="from_year", type=int, metavar="YEAR", help=say("help.monitor.from")
    )
    parser.add_argument(
        "--to", dest="to_year", type=int, metavar="YEAR", help=say("help.monitor.to")
    )
    parser.add_argument(
        "--format", dest="fmt", default="html", choices=_FORMATS, help=say("help.format")
    )
    add_lang_option(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help=say("help.output"))
    parser.add_argument(
        "--no-remedies",
        dest="remedies",
        action="store_false",
        help=say("help.monitor.no_remedies"),
    )
    parser.add_argument("--jobs", type=int, default=1, help=say("help.jobs"))
    return parser


def _usage(text: str) -> int:
    print(f"edu-rules: {text}", file=sys.stderr)  # noqa: T201
    return 2


def run(args: argparse.Namespace) -> int:
    """Make the report; 0 when it is made, 2 on bad input or usage."""
    from edu_rules._messages import message
    from edu_rules.cli._terminal import NAMES, SUFFIXES, to_terminal
    from edu_rules.io.files import write_file
    from edu_rules.monitoring.monitor import load_panel, monitor
    from edu_rules.monitoring.report import render
    from edu_rules.reports import progress_counter

    if args.jobs < 1:
        return _usage(message("monitor.bad_jobs", args.lang, jobs=args.jobs))
    if args.from_year is not None and args.to_year is not None and args.from_year > args.to_year:
        said = message("monitor.bad_span", args.lang, first=args.from_year, last=args.to_year)
        return _usage(said)
    if args.fmt == "xlsx" and args.output is None:
        return _usage(message("monitor.xlsx_needs_output", args.lang))
    if args.output is None and to_terminal() and args.fmt in SUFFIXES:
        return _usage(
            message("terminal.refused", args.lang, fmt=NAMES[args.fmt], suffix=SUFFIXES[args.fmt])
        )
    documents = load_panel(args.paths)  # CountyDataError → exit 2 in cli.entry
    in_span = [
        document
        for document in documents
        if (args.from_year is None or document.assessment_year >= args.from_year)
        and (args.to_year is None or document.assessment_year <= args.to_year)
    ]
    total = 2 * len(in_span)  # each unit-year evaluated, then followed
    working = message("monitor.working", args.lang)
    with progress_counter(total, len(in_span) > 1, label=working) as advance:
        result = monitor(
            documents,
            from_year=args.from_year,
            to_year=args.to_year,
            remedies=args.remedies,
            jobs=args.jobs,
            on_done=advance,
        )
    report = render(result, args.fmt, args.lang)
    if args.output is None:
        sys.stdout.write(report if isinstance(report, str) else report.decode())
        return 0
    write_file(args.output, report)  # EduRulesError → exit 2 in cli.entry
    return 0

"""``edu-rules evaluate FILE...``: the verdict on one or more county documents."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "evaluate",
        help="evaluate county documents and print the verdict and shortfalls",
        description="Evaluate county documents (JSON) through every policy layer that governs them.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="county document(s), JSON")
    parser.add_argument(
        "--format", dest="fmt", default="text", help="text (default) or json"
    )
    parser.add_argument("--lang", default="zh", choices=("zh", "en"), help="report language")
    parser.add_argument(
        "--block",
        action="append",
        default=[],
        metavar="PLUGIN",
        help="leave a plugin out (e.g. --block liuzhou for a national+provincial what-if)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Evaluate every file; 0 if all pass, 1 if any does not, 2 on bad input."""
    from edu_rules.engine import evaluate  # noqa: PLC0415 - keep --help fast
    from edu_rules.errors import CountyDataError  # noqa: PLC0415
    from edu_rules.plugins import default_registry, load_registry, make_plugin_manager  # noqa: PLC0415
    from edu_rules.reports import FORMATS, render  # noqa: PLC0415
    from edu_rules.result import Status  # noqa: PLC0415
    from edu_rules.validation import load_county  # noqa: PLC0415

    if args.fmt not in FORMATS:
        print(f"edu-rules: unknown --format {args.fmt!r}; choose from {', '.join(FORMATS)}", file=sys.stderr)  # noqa: T201
        return 2
    registry = (
        load_registry(make_plugin_manager(blocked=args.block)) if args.block else default_registry()
    )
    counties = []
    problems: list[str] = []
    for path in args.files:
        try:
            counties.append(load_county(path, source_name=path))
        except CountyDataError as error:
            problems.append(str(error))
    if problems:
        print("\n".join(problems), file=sys.stderr)  # noqa: T201
        return 2
    all_passed = True
    color = args.fmt == "text" and sys.stdout.isatty()
    for county in counties:
        result = evaluate(county, registry=registry)
        all_passed &= result.status is Status.PASS
        sys.stdout.write(render(result, args.fmt, args.lang, color=color))
    return 0 if all_passed else 1

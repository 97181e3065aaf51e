"""``edu-rules template FILE.xlsx``: the Excel workbook people fill in with their figures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from edu_rules._messages import message
from edu_rules.cli._lang import add_lang_option, say


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "template",
        help=say("help.template"),
        description=say("help.template.about"),
    )
    parser.add_argument("output", metavar="FILE.xlsx", help=say("help.template.output"))
    parser.add_argument("--force", action="store_true", help=say("help.force"))
    add_lang_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the template; 2 if the file exists (without --force) or has the wrong suffix."""
    from edu_rules._text import visible
    from edu_rules.io import excel

    target = Path(args.output)
    if target.suffix.lower() not in {".xlsx", ".xlsm"}:
        said = message("input.not_xlsx_name", args.lang)
        print(f"edu-rules: {target}: {said}", file=sys.stderr)  # noqa: T201
        return 2
    if target.exists() and not target.is_file():  # a FIFO or a device would block or spill
        said = message("input.not_a_file", args.lang)
        print(f"edu-rules: {visible(str(target))}: {said}", file=sys.stderr)  # noqa: T201
        return 2
    if target.exists() and not args.force:
        said = message("input.exists", args.lang, path=target)
        print(f"edu-rules: {said}", file=sys.stderr)  # noqa: T201
        return 2
    excel.write_template(target)
    print(f"edu-rules: {message('input.wrote', args.lang, path=target)}", file=sys.stderr)  # noqa: T201
    return 0

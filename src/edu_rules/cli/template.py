"""``edu-rules template FILE.xlsx``: the Excel workbook people fill in with their figures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "template",
        help="write an empty Excel workbook to fill in with a county's figures",
        description=(
            "Write the county workbook: a sheet of schools (one row per school stage), a sheet "
            "of county figures and monitoring results, and instructions, in Chinese and English. "
            "Fill it in, then run `edu-rules evaluate FILE.xlsx`. Needs edu-rules[excel]."
        ),
    )
    parser.add_argument("output", metavar="FILE.xlsx", help="where to write the workbook")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the template; 2 if the file exists (without --force) or has the wrong suffix."""
    from edu_rules._text import visible
    from edu_rules.io import excel

    target = Path(args.output)
    if target.suffix.lower() not in {".xlsx", ".xlsm"}:
        print(f"edu-rules: {target}: a workbook file name ends in .xlsx", file=sys.stderr)  # noqa: T201
        return 2
    if target.exists() and not target.is_file():  # a FIFO or a device would block or spill
        print(f"edu-rules: {visible(str(target))}: not a regular file", file=sys.stderr)  # noqa: T201
        return 2
    if target.exists() and not args.force:
        print(f"edu-rules: {target} exists; use --force to overwrite it", file=sys.stderr)  # noqa: T201
        return 2
    excel.write_template(target)
    print(f"edu-rules: wrote {target}", file=sys.stderr)  # noqa: T201
    return 0

"""``edu-rules convert SOURCE TARGET``: a county document from JSON to Excel or back, losslessly.

The direction follows the file suffixes (``.json``, ``.xlsx``).  Either way the
document is checked on the way in and written in canonical form (every field
spelled out), so JSON → Excel → JSON gives back the canonical document.  A
TARGET of ``-`` writes JSON to standard output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from edu_rules._messages import message
from edu_rules.cli._lang import add_lang_option, say

_WORKBOOK = frozenset({".xlsx", ".xlsm"})
_JSON = frozenset({".json"})


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "convert",
        help=say("help.convert"),
        description=say("help.convert.about"),
    )
    parser.add_argument("source", metavar="SOURCE", help=say("help.convert.source"))
    parser.add_argument("target", metavar="TARGET", help=say("help.convert.target"))
    parser.add_argument("--force", action="store_true", help=say("help.force"))
    add_lang_option(parser)
    return parser


def _kind(path: str) -> str | None:
    if path == "-":
        return "json"
    suffix = Path(path).suffix.lower()
    if suffix in _WORKBOOK:
        return "xlsx"
    if suffix in _JSON:
        return "json"
    return None


def run(args: argparse.Namespace) -> int:
    """Convert; 0 on success, 2 on bad input, an unknown suffix or an existing target."""
    from edu_rules._text import visible
    from edu_rules.io import excel
    from edu_rules.io.files import write_file
    from edu_rules.io.inputs import refused
    from edu_rules.io.serialization import to_json
    from edu_rules.io.validation import load_county

    source_kind, target_kind = _kind(args.source), _kind(args.target)
    for path, kind in ((args.source, source_kind), (args.target, target_kind)):
        if kind is None:
            problem = refused(path) if path == args.source else None
            if problem is not None:
                reason = problem.reason_in(args.lang)
            else:
                reason = message("input.not_json_or_xlsx", args.lang)
            print(f"edu-rules: {visible(path)}: {reason}", file=sys.stderr)  # noqa: T201
            return 2
    target = Path(args.target)
    if args.target != "-" and target.exists() and not target.is_file():  # a FIFO would block
        said = message("input.not_a_file", args.lang)
        print(f"edu-rules: {visible(args.target)}: {said}", file=sys.stderr)  # noqa: T201
        return 2
    if args.target != "-" and Path(args.target).exists() and not args.force:
        said = message("input.exists", args.lang, path=args.target)
        print(f"edu-rules: {said}", file=sys.stderr)  # noqa: T201
        return 2
    reader = excel.load_county if source_kind == "xlsx" else load_county
    county = reader(args.source)
    if target_kind == "xlsx":
        excel.write_county(args.target, county)
        return 0
    text = to_json(county)
    if args.target == "-":
        sys.stdout.write(text)
        return 0
    write_file(args.target, text)  # EduRulesError → exit 2 in cli.entry
    return 0

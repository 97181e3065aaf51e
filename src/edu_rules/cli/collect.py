"""``edu-rules collect FORMS... --county COUNTY_FORM -o county.json``: forms into one document.

The school forms (files or folders of ``.xlsx``) and the county form, both from
``edu-rules template``, become one county document (``.json``, or ``.xlsx`` as the
county workbook).  Every problem in every file is said at once, by file, sheet and cell
(exit 2); on success, how many schools came from which files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from edu_rules._messages import message
from edu_rules.cli._lang import add_lang_option, say

_WORKBOOK = frozenset({".xlsx", ".xlsm"})


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "collect",
        help=say("help.collect"),
        description=say("help.collect.about"),
    )
    parser.add_argument("forms", metavar="FORMS", nargs="+", help=say("help.collect.forms"))
    parser.add_argument(
        "--county", metavar="COUNTY_FORM", required=True, help=say("help.collect.county")
    )
    parser.add_argument("--roster", metavar="FILE", help=say("help.collect.roster"))
    parser.add_argument(
        "-o", "--output", metavar="county.json|xlsx", required=True, help=say("help.collect.output")
    )
    parser.add_argument("--force", action="store_true", help=say("help.force"))
    add_lang_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Collect; 0 on success, 2 on any problem of any file or an existing output."""
    from edu_rules._text import visible
    from edu_rules.io.excel import forms

    lang = args.lang
    target = Path(args.output)
    suffix = target.suffix.lower()
    if suffix not in _WORKBOOK | {".json"}:
        said = message("input.not_json_or_xlsx", lang)
        print(f"edu-rules: {visible(args.output)}: {said}", file=sys.stderr)  # noqa: T201
        return 2
    if target.exists() and (not target.is_file() or not args.force):
        key = "input.not_a_file" if not target.is_file() else None
        said = message(key, lang) if key else message("input.exists", lang, path=target)
        print(f"edu-rules: {said}", file=sys.stderr)  # noqa: T201
        return 2
    collected = forms.collect(args.forms, args.county, roster=args.roster)
    write(target, collected.document)
    print(f"edu-rules: {forms.summary(collected, lang)}", file=sys.stderr)  # noqa: T201
    print(f"edu-rules: {message('input.wrote', lang, path=target)}", file=sys.stderr)  # noqa: T201
    return 0


def write(target: Path, document: dict[str, Any]) -> None:
    """The collected document as canonical JSON, or as the county workbook."""
    import os
    import tempfile

    from edu_rules.io import excel
    from edu_rules.io.serialization import to_json
    from edu_rules.io.validation import load_county
    from edu_rules.model.errors import EduRulesError

    county = load_county(document)
    # written beside the target and renamed into place: a failed write keeps the old file
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent or None
    )
    os.close(handle)
    try:
        if target.suffix.lower() in _WORKBOOK:
            excel.write_county(temporary, county)
        else:
            Path(temporary).write_text(to_json(county), encoding="utf-8")
        Path(temporary).chmod(_mode_for(target))  # mkstemp makes 0600: give a new file's mode
        Path(temporary).replace(target)
    except OSError as error:
        raise EduRulesError(f"{target}: cannot write: {error.strerror or error}") from error
    finally:
        if Path(temporary).exists():
            Path(temporary).unlink()


def _mode_for(target: Path) -> int:
    """The mode the written file gets: the old file's, or a new file's under the umask."""
    import os
    import stat

    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

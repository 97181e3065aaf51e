"""``edu-rules template``: the workbooks people fill in with their figures.

* ``template FILE.xlsx`` — the whole-county workbook (a row per school stage);
* ``template --school FILE.xlsx`` — one school's form (a vertical sheet of items);
  ``template --school DIR --from LAST_YEAR.json`` — one prefilled form per school of that
  document, named by school id;
* ``template --county FILE.xlsx`` — the county form (the county items, the monitoring
  results, the roster of schools), prefilled with ``--from``.

``--code CODE`` chooses the unit: the data fields of exactly the layers that govern it are
items too.  Without a code (and without ``--from``, whose document gives one), only the
national fields: the template never depends on which other plugins are installed.
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
        "template",
        help=say("help.template"),
        description=say("help.template.about"),
    )
    parser.add_argument("output", metavar="FILE.xlsx", nargs="?", help=say("help.template.output"))
    parser.add_argument("--school", metavar="FILE|DIR", help=say("help.template.school"))
    parser.add_argument("--county", metavar="FILE", help=say("help.template.county"))
    parser.add_argument("--code", metavar="CODE", help=say("help.template.code"))
    parser.add_argument(
        "--from", dest="source", metavar="X.json|X.xlsx", help=say("help.template.from")
    )
    parser.add_argument("--force", action="store_true", help=say("help.force"))
    add_lang_option(parser)
    return parser


def _refuse(path: object, key: str, lang: str, **values: object) -> int:
    from edu_rules._text import visible

    said = message(key, lang, **values)
    print(f"edu-rules: {visible(str(path))}: {said}", file=sys.stderr)  # noqa: T201
    return 2


def _writable(target: Path, lang: str, *, force: bool) -> int | None:
    """``None`` when ``target`` may be written; else the refusal's exit code (said)."""
    if target.suffix.lower() not in _WORKBOOK:
        return _refuse(target, "input.not_xlsx_name", lang)
    if target.exists() and not target.is_file():  # a FIFO or a device would block or spill
        return _refuse(target, "input.not_a_file", lang)
    if target.exists() and not force:
        from edu_rules._text import visible

        said = message("input.exists", lang, path=visible(str(target)))
        print(f"edu-rules: {said}", file=sys.stderr)  # noqa: T201
        return 2
    return None


def _said(path: Path, lang: str) -> None:
    print(f"edu-rules: {message('input.wrote', lang, path=path)}", file=sys.stderr)  # noqa: T201


def run(args: argparse.Namespace) -> int:
    """Write the workbook or forms asked for; 2 on a usage problem or an existing file."""
    from edu_rules.io import excel
    from edu_rules.io.excel import forms

    lang = args.lang
    if args.output is None and args.school is None and args.county is None:
        print(f"edu-rules: {message('template.nothing', lang)}", file=sys.stderr)  # noqa: T201
        return 2
    document = None
    if args.source is not None:
        from edu_rules.io.inputs import load_county

        document = load_county(args.source)
    code = args.code if args.code is not None else (document.code if document else None)
    if code is not None and not (len(code) == 6 and code.isdigit()):
        return _refuse(code, "template.bad_code", lang)
    fields = forms.fields_for(code)
    if args.output is not None:
        target = Path(args.output)
        refused = _writable(target, lang, force=args.force)
        if refused is not None:
            return refused
        excel.write_county(target, document, fields=fields)
        _said(target, lang)
    if args.county is not None:
        target = Path(args.county)
        refused = _writable(target, lang, force=args.force)
        if refused is not None:
            return refused
        forms.write_county_form(target, document, fields=fields)
        _said(target, lang)
    if args.school is not None:
        return _school_forms(Path(args.school), document, fields, args)
    return 0


def _school_forms(place: Path, document: Any, fields: Any, args: argparse.Namespace) -> int:
    from edu_rules.io.excel import forms
    from edu_rules.io.serialization import unstructure

    lang = args.lang
    if place.suffix.lower() in _WORKBOOK:  # one blank form (the unit and year from --from)
        refused = _writable(place, lang, force=args.force)
        if refused is not None:
            return refused
        forms.write_school_form(
            place,
            code=document.code if document else args.code,
            year=document.assessment_year if document else None,
            fields=fields,
        )
        _said(place, lang)
        return 0
    if document is None:
        return _refuse(place, "template.folder_needs_from", lang)
    if place.exists() and not place.is_dir():
        return _refuse(place, "input.not_a_file", lang)
    canonical = unstructure(document)
    names = [place / forms.safe_file_name(str(school["id"])) for school in canonical["schools"]]
    existing = [path for path in names if path.exists()]
    if existing and not args.force:
        said = message("input.exists", lang, path=existing[0])
        print(f"edu-rules: {said}", file=sys.stderr)  # noqa: T201
        return 2
    written = forms.write_school_forms(place, document, fields=fields)
    said = message("template.wrote_forms", lang, count=len(written), folder=place)
    print(f"edu-rules: {said}", file=sys.stderr)  # noqa: T201
    return 0

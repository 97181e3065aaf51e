"""``edu-rules schema``: print the JSON Schema of the county document (or the result).

The county's includes the data fields the installed plugins declare, under ``extra``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from edu_rules.cli._lang import add_lang_option, say

SCHEMAS = {
    "county": "county.schema.json",
    "result": "result.schema.json",
    "ruleset": "ruleset.schema.json",
}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser("schema", help=say("help.schema"))
    parser.add_argument(
        "which", nargs="?", default="county", choices=sorted(SCHEMAS), help=say("help.schema.which")
    )
    add_lang_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the schema as JSON; the county's with the installed plugins' data fields."""
    from edu_rules._resources import load_schema

    schema = load_schema(SCHEMAS[args.which])
    if args.which == "county":
        from edu_rules.model.datafields import county_schema_with
        from edu_rules.plugins import fields_of

        schema = county_schema_with(schema, fields_of(None))
    print(json.dumps(schema, ensure_ascii=False, indent=2))  # noqa: T201
    return 0

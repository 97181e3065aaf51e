"""``edu-rules plugins``: the policy layers installed, and what each brings."""

from __future__ import annotations

import argparse
import json
from typing import Any

from edu_rules.cli._lang import add_lang_option, say


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser("plugins", help=say("help.plugins"))
    parser.add_argument(
        "--format", dest="fmt", default="text", choices=("text", "json"), help=say("help.format")
    )
    add_lang_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Print one line per layer, top down: level, name, jurisdiction, document, package."""
    from edu_rules.cli._layers import with_warnings
    from edu_rules.plugins import default_registry, layer_rows

    rows = layer_rows(with_warnings(default_registry(), args))
    if args.fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))  # noqa: T201
        return 0
    for row in rows:
        where = row["jurisdiction"] or "*"
        print(  # noqa: T201
            f"{row['level']:<10} {row['name']:<10} {where:<6} {row['citation']}  "
            f"{row['rules']} rules, {row['overrides']} overrides  "
            f"[{row['distribution']} {row['version']}]"
        )
    return 0

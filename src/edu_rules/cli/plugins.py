"""``edu-rules plugins``: the policy layers installed, and what each brings."""

from __future__ import annotations

import argparse
import json
from typing import Any

from edu_rules._messages import message
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
    """Print each layer, top down: level, title and document; then its id, codes and package."""
    from edu_rules.cli._layers import with_warnings
    from edu_rules.plugins import default_registry, layer_rows

    rows = layer_rows(with_warnings(default_registry(), args))
    if args.fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))  # noqa: T201
        return 0
    lang = args.lang
    for row in rows:
        title = row["title"]["zh" if lang == "zh" else "en"]
        level = message(f"level.{row['level']}", lang)
        where = row["jurisdiction"] or message("layers.everywhere", lang)
        package = " ".join(str(part) for part in (row["distribution"], row["version"]) if part)
        print(  # noqa: T201
            message("plugins.layer", lang, level=level, title=title, citation=row["citation"])
        )
        print(  # noqa: T201
            "  "
            + message(
                "plugins.details",
                lang,
                name=row["name"],
                where=where,
                rules=row["rules"],
                overrides=row["overrides"],
                package=package or "—",
            )
        )
    return 0

"""``edu-rules store ACTION``: set up the record's database, issue tokens, export and import it.

The record itself is used through ``edu-rules serve --store URL`` (the pages and
``/v1/record``) or the library (:mod:`edu_rules.store`).  Exit 0 when the action is
done (``verify``: the record is whole), 1 when ``verify`` finds what does not hold, 2 on
bad input or usage (a refused action, a database that cannot be opened,
or the ``store`` extra missing).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from edu_rules.cli._lang import add_lang_option, say

URL_ENV = "EDU_RULES_STORE"
"""The environment variable naming the record's database (``--url`` wins over it)."""

_DEFAULT_URL = "sqlite:///edu-rules.db"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand and its actions."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "store", help=say("help.store"), description=say("help.store.about")
    )
    parser.add_argument("--url", default=None, help=say("help.store.url"))
    add_lang_option(parser)
    actions = parser.add_subparsers(dest="action", metavar=say("help.store.action"), required=True)
    actions.add_parser("init", help=say("help.store.init"))
    token = actions.add_parser("token", help=say("help.store.token"))
    token.add_argument(
        "--scope",
        required=True,
        choices=("county", "city", "province"),
        help=say("help.store.scope"),
    )
    token.add_argument("--unit", default=None, help=say("help.store.unit"))
    token.add_argument("--label", required=True, help=say("help.store.label"))
    revoke = actions.add_parser("revoke", help=say("help.store.revoke"))
    revoke.add_argument("token_id", type=int, metavar="ID")
    actions.add_parser("tokens", help=say("help.store.tokens"))
    unit = actions.add_parser("unit", help=say("help.store.add_unit"))
    unit.add_argument("code", metavar="CODE", help=say("help.store.unit"))
    unit.add_argument("name", metavar="NAME", help=say("help.store.name"))
    actions.add_parser("verify", help=say("help.store.verify"))
    for name, key in (("export", "help.store.export"), ("import", "help.store.import")):
        action = actions.add_parser(name, help=say(key))
        action.add_argument("folder", metavar="DIR", help=say("help.store.folder"))
    for action in actions.choices.values():  # --lang after the action too
        add_lang_option(action)
    return parser


def _say(line: str) -> None:
    print(f"edu-rules: {line}", file=sys.stderr)  # noqa: T201


def run(args: argparse.Namespace) -> int:
    """Do the action; 0 when done, 1 when ``verify`` finds a fault, 2 when refused."""
    from edu_rules._messages import message, text
    from edu_rules.model.errors import EduRulesError

    try:
        import sqlalchemy as sa

        from edu_rules import store as record
    except ImportError:
        _say(message("store.needs_extra", args.lang))
        return 2
    url = args.url or os.environ.get(URL_ENV) or _DEFAULT_URL
    try:
        if args.action == "import":
            engine = record.make_engine(url)
            record.upgrade(engine)
            opened = record.Store(engine)
        else:
            opened = record.Store.open(url)
    except (sa.exc.SQLAlchemyError, ValueError, OSError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise EduRulesError.about(
            text("store.cannot_open", url=shown_url(url), reason=reason)
        ) from error
    try:
        return _act(opened, args, url)
    finally:
        opened.close()


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError):
        return "?"


def _act(store: Any, args: argparse.Namespace, url: str) -> int:
    from edu_rules._messages import message
    from edu_rules.store import Scope, export_record, import_record
    from edu_rules.store._database import revision

    lang = args.lang
    if args.action == "init":
        _say(message("store.ready", lang, url=shown_url(url), revision=revision(store.engine)))
    elif args.action == "token":
        token_id, token = store.issue_token(Scope(args.scope), args.unit, args.label)
        _say(message("store.token_issued", lang, id=token_id))
        print(token)  # noqa: T201 - the one output: the token to hand over
    elif args.action == "revoke":
        store.revoke_token(args.token_id)
    elif args.action == "tokens":
        print(json.dumps(store.tokens(), ensure_ascii=False, indent=2))  # noqa: T201
    elif args.action == "unit":
        store.add_unit(args.code, args.name)
    elif args.action == "verify":
        from edu_rules.store import verify

        problems, counted = verify(store.engine)
        for problem in problems:
            _say(problem.spell(lang))
        if problems:
            return 1
        _say(message("store.intact", lang, **counted))
    elif args.action == "export":
        count = export_record(store.engine, Path(args.folder))
        _say(message("store.exported", lang, count=count, path=args.folder))
    else:
        count = import_record(store.engine, Path(args.folder))
        _say(message("store.imported", lang, count=count, path=args.folder))
    return 0

"""``edu-rules serve``: the web pages and the JSON API, for a city office's server.

Binds to 127.0.0.1 unless told otherwise (put it behind the office's own web
server for others to reach it).  Needs the ``web`` extra; without it the command
says how to install it, in one line, and exits 2.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from typing import Any

from edu_rules.cli._lang import add_lang_option, say


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help=say("help.serve"),
        description=say("help.serve.about"),
    )
    parser.add_argument("--host", default="127.0.0.1", help=say("help.serve.host"))
    parser.add_argument("--port", type=int, default=8000, help=say("help.serve.port"))
    parser.add_argument(
        "--token",
        default=None,
        help=say("help.serve.token"),
    )
    parser.add_argument(
        "--max-upload-mb", type=float, default=32, metavar="MB", help=say("help.serve.max_upload")
    )
    parser.add_argument("--workers", type=int, default=2, help=say("help.serve.workers"))
    parser.add_argument(
        "--time-limit",
        type=float,
        default=60,
        metavar="SECONDS",
        help=say("help.serve.time_limit"),
    )
    parser.add_argument("--store", default=None, metavar="URL", help=say("help.serve.store"))
    add_lang_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; 2 without the web extra or with a bad setting."""
    from edu_rules._messages import message as text
    from edu_rules._text import visible

    try:
        import uvicorn

        from edu_rules.web import TOKEN_ENV, Settings, create_app
    except ImportError:
        print(f"edu-rules: {text('serve.needs_extra', args.lang)}", file=sys.stderr)  # noqa: T201
        return 2
    refused = _refused_setting(args)
    if refused is not None:
        print(f"edu-rules: {refused}", file=sys.stderr)  # noqa: T201
        return 2
    settings = Settings(
        host=args.host,
        port=args.port,
        token=args.token or os.environ.get(TOKEN_ENV) or None,
        max_upload_bytes=int(args.max_upload_mb * (1 << 20)),
        workers=args.workers,
        time_limit=args.time_limit,
        store=args.store,
    )
    app = _with_store(settings, args.lang) if args.store else create_app(settings)
    if app is None:
        return 2
    listening = text("serve.listening", args.lang, host=args.host, port=args.port)
    print(f"edu-rules: {listening}", file=sys.stderr)  # noqa: T201
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_level="warning",
            server_header=False,  # say nothing about the software to the outside
        )
    except (OSError, SystemExit) as error:  # the address is taken or cannot be had
        if isinstance(error, SystemExit) and error.code in (None, 0):
            return 0
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        said = text("serve.cannot_listen", args.lang, host=args.host, port=args.port)
        detail = f" ({reason})" if isinstance(error, OSError) else ""
        print(f"edu-rules: {visible(said + detail)}", file=sys.stderr)  # noqa: T201
        return 2
    return 0


_HIGHEST_PORT = 65535


def _refused_setting(args: argparse.Namespace) -> str | None:
    """What is wrong with the options, said in the command's language; ``None`` if nothing.

    A port is a whole number from 1 to 65535; sizes, workers and the time limit are
    finite positive numbers (``nan`` and ``inf`` are refused, as a negative is).
    """
    from edu_rules.web._messages import text

    if not 1 <= args.port <= _HIGHEST_PORT:
        return text("serve.bad_port", args.lang, value=args.port)
    for option, value in (
        ("--max-upload-mb", args.max_upload_mb),
        ("--workers", args.workers),
        ("--time-limit", args.time_limit),
    ):
        if not (math.isfinite(value) and value > 0):
            return text("serve.bad_setting", args.lang, option=option, value=value)
    if args.max_upload_mb * (1 << 20) < 1:
        return text(
            "serve.bad_setting", args.lang, option="--max-upload-mb", value=args.max_upload_mb
        )
    return None


def _with_store(settings: Any, lang: str) -> Any:
    """The service with the record at ``settings.store``; ``None`` (said why) if it cannot open."""
    from edu_rules._messages import message
    from edu_rules.web import create_app

    try:
        import sqlalchemy as sa
    except ImportError:
        print(f"edu-rules: {message('store.needs_extra', lang)}", file=sys.stderr)  # noqa: T201
        return None
    try:
        return create_app(settings)
    except ImportError:
        print(f"edu-rules: {message('store.needs_extra', lang)}", file=sys.stderr)  # noqa: T201
    except (sa.exc.SQLAlchemyError, ValueError, OSError) as error:
        from edu_rules.cli.store import shown_url

        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        said = message("store.cannot_open", lang, url=shown_url(settings.store), reason=reason)
        print(f"edu-rules: {said}", file=sys.stderr)  # noqa: T201
    return None

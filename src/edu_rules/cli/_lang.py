"""The language the command line speaks: Chinese unless ``--lang en`` (or ``EDU_RULES_LANG=en``).

The language is known before the parser is built, so that ``--help`` is in it too:
:func:`chosen` reads ``--lang`` anywhere on the command line (``edu-rules --lang en
plan --help`` and ``edu-rules plan --help --lang en`` alike), then the
``EDU_RULES_LANG`` environment variable, and falls back to Chinese.  While the parser
is built, :func:`say` spells the catalogue's ``help.*`` entries in that language.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from edu_rules._messages import message

LANGS = ("zh", "en")
DEFAULT = "zh"
ENVIRONMENT = "EDU_RULES_LANG"

_HELP_LANG: ContextVar[str] = ContextVar("edu_rules_help_lang", default=DEFAULT)


def chosen(argv: Sequence[str]) -> str:
    """The language ``argv`` asks for (the last ``--lang``), else the environment's, else zh."""
    found = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    if found in LANGS:
        return found
    return os.environ.get(ENVIRONMENT, "") if os.environ.get(ENVIRONMENT) in LANGS else DEFAULT


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Spell the help built inside the block in ``lang``."""
    token = _HELP_LANG.set(lang)
    try:
        yield
    finally:
        _HELP_LANG.reset(token)


def current() -> str:
    """The language the parser being built speaks."""
    return _HELP_LANG.get()


def say(key: str, **values: object) -> str:
    """The catalogue's ``key`` in the language the parser being built speaks."""
    return message(key, _HELP_LANG.get(), **values)


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """Declare ``--lang zh|en`` (its default: the language the command line was started in)."""
    parser.add_argument("--lang", default=current(), choices=LANGS, help=say("help.lang"))

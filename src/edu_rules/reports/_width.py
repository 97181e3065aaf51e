"""Display width and line wrapping for terminals that show Chinese.

A CJK character takes two columns of a terminal, a Latin letter one, so
``len()`` is the wrong measure of a line.  Widths here follow
:func:`unicodedata.east_asian_width`: wide (``W``) and full-width (``F``)
characters count two columns, and so do *ambiguous* ones (``A``: ``·``, ``—``,
``…``, ``✗``), which a terminal in a Chinese locale draws double.  Counting them
double keeps a line within the limit on every terminal.  Combining marks and
ANSI colour codes take no room.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_ANSI: Final = re.compile(r"\033\[[0-9;]*m")
_DOCUMENT_NUMBER: Final = re.compile(
    r"([(（]?[\u4e00-\u9fff]{1,10}[〔［\[]\d{4}[〕］\]]\d+号[)）,，;；:：]?)"
)
"""A document number (``桂教督委办〔2019〕1号``), with a bracket or comma that holds to it:
kept on one line, as people cite it."""
_DOUBLE: Final = frozenset({"W", "F", "A"})


def char_width(char: str) -> int:
    """Columns one character takes: 0, 1 or 2."""
    if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me", "Cf"}:
        return 0
    return 2 if unicodedata.east_asian_width(char) in _DOUBLE else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (colour codes excluded)."""
    return sum(char_width(char) for char in _ANSI.sub("", text))


def _is_breakable_alone(char: str) -> bool:
    """A wide character is a word of its own: a line may break before or after it."""
    return unicodedata.east_asian_width(char) in {"W", "F"}


def _tokens(text: str) -> list[str]:
    """Words, runs of spaces, document numbers and single wide characters, in order."""
    tokens: list[str] = []
    for index, part in enumerate(_DOCUMENT_NUMBER.split(text)):
        if index % 2:  # a document number: one token
            tokens.append(part)
        else:
            _words(part, tokens)
    return tokens


def _words(text: str, tokens: list[str]) -> None:
    """Add the words, runs of spaces and single wide characters of ``text`` to ``tokens``."""
    word = ""
    for char in text:
        if char == " " or _is_breakable_alone(char):
            if word:
                tokens.append(word)
                word = ""
            if char == " " and tokens and tokens[-1].isspace():
                tokens[-1] += char
            else:
                tokens.append(char)
        else:
            word += char
    if word:
        tokens.append(word)


def _split_long(token: str, room: int) -> list[str]:
    """Cut a token wider than a whole line into pieces that fit.

    One pass, so a 10 MB token is cut in linear time.
    """
    pieces: list[str] = []
    piece: list[str] = []
    used = 0
    for char in token:
        columns = char_width(char)
        if piece and used + columns > room:
            pieces.append("".join(piece))
            piece, used = [], 0
        piece.append(char)
        used += columns
    if piece:
        pieces.append("".join(piece))
    return pieces


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """Break ``text`` into lines of at most ``width`` columns.

    ``indent`` starts the first line and ``subsequent`` (default: as many spaces as
    ``indent`` is wide) the others.  Lines break at spaces, or between wide
    characters; a word wider than a line is cut.
    """
    subsequent = " " * display_width(indent) if subsequent is None else subsequent
    lines: list[str] = []
    line, prefix = "", indent
    for token in _tokens(text):
        if token.isspace():
            if line:
                line += token
            continue
        room = width - display_width(prefix)
        if display_width(line + token) <= room:
            line += token
            continue
        if line.strip():
            lines.append(prefix + line.rstrip())
            line, prefix = "", subsequent
            room = width - display_width(prefix)
        if display_width(token) <= room:
            line = token
            continue
        # A word wider than a line: its first piece fills this line, the rest follow.
        head = _split_long(token, max(room, 2))[0]
        lines.append(prefix + head)
        prefix = subsequent
        *full, line = _split_long(token[len(head) :], max(width - display_width(prefix), 2))
        lines.extend(prefix + piece for piece in full)
    if line.strip() or not lines:
        lines.append(prefix + line.rstrip())
    return lines

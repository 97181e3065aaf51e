r"""Text that can be written out: the input checks and the message writers share these.

Python strings may hold lone surrogates (``"\ud800"``), which JSON's ``\u`` escapes
can produce but which are not characters: they cannot be encoded as UTF-8, so a
report naming one would crash on its way to the terminal.  Input holding one is
refused, and any message quoting one escapes it.

Names may also hold control characters (``"城中区\x1b[31m"`` is valid input: the
contract keeps what the data says).  Written raw they would recolour a terminal,
hide text, or make an Excel file unreadable, so every report and message shows
them escaped (``\x1b``), and :func:`excel_unsafe` finds the ones a workbook cell
cannot store.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Final

__all__ = [
    "excel_unsafe",
    "has_cjk",
    "html_escape",
    "is_text",
    "markdown_text",
    "printable",
    "visible",
]

_CONTROLS: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
"""Characters that act rather than show: C0 and C1 controls (``\\x1b`` starts a
terminal escape), the line and paragraph separators, and the bidirectional
overrides and isolates (which reorder what a reader sees)."""

_EXCEL_UNSAFE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""The characters XML 1.0 — hence an ``.xlsx`` cell — cannot hold (openpyxl refuses them)."""


def is_text(value: str) -> bool:
    """Whether ``value`` is real text: encodable as UTF-8, so no lone surrogate."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    r"""``text`` with every control character written out as an escape (``\x1b``).

    ``keep`` lists control characters to leave as they are (``"\n"`` for a message
    of several lines).  Lone surrogates are escaped too (see :func:`printable`).
    """
    if text.isascii() and text.isprintable():
        return text
    shown = _CONTROLS.sub(
        lambda match: match.group() if match.group() in keep else _escaped(match.group()), text
    )
    return printable(shown)


def printable(text: str) -> str:
    r"""``text`` with any unencodable character escaped (``\ud800``), safe to print."""
    return text if is_text(text) else text.encode("utf-8", "backslashreplace").decode("utf-8")


def html_escape(text: str, *, quote: bool = True) -> str:
    """``text`` for HTML or SVG: markup escaped, control characters made :func:`visible`."""
    return html.escape(visible(text), quote=quote)


_MARKDOWN: Final = re.compile(r"[\\|\[\]&<]|(?<=[A-Za-z])://|(?<=www)\.")
"""What Markdown would act on in a name: a table's pipe, a link or image's brackets
(``[x](javascript:...)``, ``![](http://...)``), an entity or a tag, and the ``://``
and ``www.`` that make a bare address a live link."""

_MARKDOWN_ESCAPES: Final = {"<": "&lt;", "&": "&amp;", "://": "\\://", ".": "\\."}


def markdown_text(text: str) -> str:
    """``text`` for a Markdown paragraph or table cell: shown as written, never acted on.

    Control characters are made :func:`visible`, line breaks become spaces, and
    every character that would make a link, an image, a tag or a table column is
    escaped, so a school named ``[x](javascript:alert(1))`` reads as that and links nowhere.
    """
    shown = visible(text).replace("\n", " ")
    return _MARKDOWN.sub(
        lambda found: _MARKDOWN_ESCAPES.get(found.group(), "\\" + found.group()), shown
    ).strip()


def excel_unsafe(text: str) -> str | None:
    """The first character of ``text`` an Excel cell cannot store, or ``None``."""
    found = _EXCEL_UNSAFE.search(text)
    return found.group() if found else None


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese (wide or full-width) character."""
    return any(unicodedata.east_asian_width(char) in {"W", "F"} for char in text)

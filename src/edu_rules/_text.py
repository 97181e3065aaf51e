r"""Text that can be written out: the input checks and the message writers share these.

Python strings may hold lone surrogates (``"\ud800"``), which JSON's ``\u`` escapes
can produce but which are not characters: they cannot be encoded as UTF-8, so a
report naming one would crash on its way to the terminal.  Input holding one is
refused, and any message quoting one escapes it.
"""

from __future__ import annotations

__all__ = ["is_text", "printable"]


def is_text(value: str) -> bool:
    """Whether ``value`` is real text: encodable as UTF-8, so no lone surrogate."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str) -> str:
    r"""``text`` with any unencodable character escaped (``\ud800``), safe to print."""
    return text if is_text(text) else text.encode("utf-8", "backslashreplace").decode("utf-8")

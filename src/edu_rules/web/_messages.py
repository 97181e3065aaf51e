"""What only the web service formats for people: a byte count.

Its words live in the one catalogue, :mod:`edu_rules._messages`, with every other
string a person reads; ``text`` is that catalogue's :func:`~edu_rules._messages.message`.
"""

from __future__ import annotations

from edu_rules._messages import message as text

__all__ = ["size", "text"]


def size(count: int) -> str:
    """A byte count for people: ``32 MiB``, ``1.5 KiB``, ``100 B`` (the same in both languages)."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            value = count / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{count} B"

"""The one path speller: ``schools[3].stages.primary.students`` to and from keys and indices.

Every message that points into a document spells the place this way: validation
problems, what-if changes, the workbook's refusals and the property kit's reports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Final

SHOWN_CHARS: Final = 40
"""The longest key spelled as it is; a longer or odd key is quoted and cut."""

_TOKEN: Final = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")

__all__ = ["SHOWN_CHARS", "format_path", "parse_path"]


def format_path(tokens: Sequence[str | int]) -> str:
    """Spell keys and indices as ``schools[3].stages.primary``: :func:`parse_path`'s inverse.

    A key that is no plain name (or is longer than :data:`SHOWN_CHARS`) is quoted in
    brackets, cut if long; the empty path is ``(document)``.
    """
    text = ""
    for token in tokens:
        if isinstance(token, int):
            text += f"[{token}]"
        elif token.isidentifier() and len(token) <= SHOWN_CHARS:
            text += f".{token}" if text else token
        else:
            shown = json.dumps(token, ensure_ascii=False)
            if len(shown) > SHOWN_CHARS:
                shown = shown[: SHOWN_CHARS - 1] + "…"
            text += f"[{shown}]"
    return text or "(document)"


def parse_path(path: str) -> tuple[str | int, ...]:
    """Split ``schools[3].stages.primary.key_teachers`` into keys and indices.

    A leading ``$`` or ``$.`` is allowed.  :raises ValueError: for anything but
    dotted field names and ``[n]`` list indices.
    """
    text = path.strip().removeprefix("$").removeprefix(".")
    if not text:
        raise ValueError("empty path; name a field such as guarantee.quota_allocation_pct")
    tokens: list[str | int] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or (
            match.group(0).startswith(".") != bool(tokens)
            if match.group(1) is not None
            else not tokens
        ):
            raise ValueError(
                f"cannot read the path at {text[position:]!r}; write fields as a.b and "
                "list items as a[3] (e.g. schools[3].stages.primary.key_teachers)"
            )
        tokens.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    return tuple(tokens)

"""Reports for files never poured onto a terminal: HTML and Markdown go to a file.

A person who runs ``edu-rules evaluate FILE --format html`` at a terminal wants the
page, not 180 KB of markup scrolling past.  Without ``-o``: one unit's report is
written to a file named after its input (``450203-yufeng.html``) in the current
folder and the command says where; several units' (or a monitoring report) is
refused with the option to use.  Piped or redirected output is left as it is.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from edu_rules._messages import message

SUFFIXES = {"html": ".html", "markdown": ".md", "md": ".md"}
"""The formats meant for a file, and the suffix of the file each is written to."""
NAMES = {"html": "HTML", "markdown": "Markdown", "md": "Markdown"}
"""The formats as people name them."""


def to_terminal() -> bool:
    """Whether standard output is a terminal (a person reading), not a file or a pipe."""
    return sys.stdout.isatty()


def terminal_output(
    fmt: str, output: str | None, inputs: Sequence[Path], lang: str
) -> tuple[str | None, str | None]:
    """``(output, refusal)``: where a report goes, or why it is refused (exit 2).

    ``output`` is kept unless it is ``None``, standard output is a terminal and ``fmt``
    is meant for a file; then one input gives a file named after it (unless that
    exists), several give a refusal naming ``-o``.
    """
    suffix = SUFFIXES.get(fmt)
    if output is not None or suffix is None or not to_terminal():
        return output, None
    if len(inputs) == 1 and inputs[0].suffix:
        target = Path(inputs[0].stem + suffix)
        if not target.exists():
            print(  # noqa: T201
                f"edu-rules: {message('terminal.written', lang, path=target)}", file=sys.stderr
            )
            return str(target), None
        return None, message("terminal.exists", lang, path=target, suffix=suffix)
    return None, message("terminal.refused", lang, fmt=NAMES[fmt], suffix=suffix)

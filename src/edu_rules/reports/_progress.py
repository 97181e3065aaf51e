"""A progress bar for batch commands: on a terminal it shows, when piped it stays quiet.

It writes to standard error only, and only when standard error is a terminal, so
a report piped into a file or another program is never mixed with progress
output.  No dependency: one line redrawn with a carriage return.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")

_BAR_WIDTH = 30
_REDRAW_SECONDS = 0.1


def _draw(stream: TextIO, done: int, total: int, label: str) -> None:
    share = done / total if total else 1.0
    filled = round(share * _BAR_WIDTH)
    bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
    text = f"\r{label}[{bar}] {done}/{total}"
    stream.write(text)
    stream.flush()


def progress_bar(
    iterable: Iterable[T],
    total: int,
    enabled: bool = True,  # noqa: FBT001, FBT002 - the documented positional signature
    *,
    label: str = "",
    stream: TextIO | None = None,
) -> Iterator[T]:
    """Yield every item of ``iterable``, drawing ``done/total`` on standard error.

    :param total: how many items to expect (the bar's 100%).
    :param enabled: ``False`` turns the bar off (for one file, or ``--quiet``).
    :param label: a few words before the bar (``"evaluating "``).
    :param stream: where to draw; standard error by default.  Nothing is drawn
        unless the stream is a terminal.
    """
    out = stream if stream is not None else sys.stderr
    if not enabled or not out.isatty():
        yield from iterable
        return
    done = 0
    last = 0.0
    _draw(out, done, total, label)
    try:
        for item in iterable:
            yield item
            done += 1
            now = time.monotonic()
            if now - last >= _REDRAW_SECONDS or done >= total:
                _draw(out, done, total, label)
                last = now
    finally:
        out.write("\r\033[K")
        out.flush()

"""A progress bar for batch commands: on a terminal it shows, when piped it stays quiet.

It writes to standard error only, and only when standard error is a terminal, so
a report piped into a file or another program is never mixed with progress
output.  No dependency: one line redrawn with a carriage return.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator
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


class _Bar:
    """The bar's state: how many items are done, redrawn at most every 0.1 s."""

    def __init__(self, stream: TextIO, total: int, label: str) -> None:
        self.stream, self.total, self.label = stream, total, label
        self.done = 0
        self.last = 0.0
        _draw(stream, 0, total, label)

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.last >= _REDRAW_SECONDS or self.done >= self.total:
            _draw(self.stream, self.done, self.total, self.label)
            self.last = now

    def close(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


def _ignore(_count: int = 1) -> None:
    """What a bar that is not drawn does when an item is done: nothing."""


@contextlib.contextmanager
def progress_counter(
    total: int,
    enabled: bool = True,  # noqa: FBT001, FBT002 - as progress_bar
    *,
    label: str = "",
    stream: TextIO | None = None,
) -> Iterator[Callable[[int], None]]:
    """A bar for work that reports its own progress: call the yielded function with each count.

    Drawn on standard error only when it is a terminal (see :func:`progress_bar`); the
    line is cleared when the block ends.
    """
    out = stream if stream is not None else sys.stderr
    if not enabled or not out.isatty():
        yield _ignore
        return
    bar = _Bar(out, total, label)
    try:
        yield bar.advance
    finally:
        bar.close()


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
    with progress_counter(total, enabled, label=label, stream=stream) as advance:
        for item in iterable:
            yield item
            advance(1)

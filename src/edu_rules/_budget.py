"""A time budget for plugin code: a rule's evaluator or a preparation hook that runs too long.

On the main thread of a POSIX process an interval timer interrupts the plugin's Python
code with :class:`OverBudget`, which derives from :class:`BaseException` so that a
plugin's ``except Exception`` cannot swallow it; the timer repeats, so a plugin that
swallows even that is interrupted again.  Elsewhere (another thread, no ``SIGALRM``)
there is no budget in-process; a batch's worker deadline still ends a unit that hangs.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

_REPEAT = 0.05  # seconds between repeated interruptions once the budget is spent


class OverBudget(BaseException):
    """Plugin code ran past its time budget."""

    def __init__(self, seconds: float) -> None:
        """Record the budget that was spent."""
        super().__init__(f"ran longer than its time budget of {seconds:g} s")
        self.seconds = seconds


def _available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body with at most ``seconds`` of wall time (``None``: no budget)."""
    if seconds is None or not _available():
        yield
        return

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise OverBudget(seconds)

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

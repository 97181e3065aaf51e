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


class _Interrupted:
    """Whether the person at the keyboard pressed Ctrl-C while plugin code ran."""

    pressed = False


def reraise_interrupt(error: BaseException, *, plugin_code: bool = True) -> None:
    """Raise ``error`` again if it is a real Ctrl-C; anything else plugin code raised is its fault.

    Plugin code may raise ``SystemExit``, ``GeneratorExit`` or even ``KeyboardInterrupt``
    itself: none of them may end the run (with exit 0, or a traceback), so the engine's
    guards catch ``BaseException``.  A Ctrl-C the person pressed is told apart by the
    ``SIGINT`` handler :func:`time_budget` installs, which notes it before raising; in the
    core's own code (``plugin_code=False``) only an ``Exception`` is caught.
    """
    if not plugin_code and not isinstance(error, Exception | OverBudget):
        raise error  # Ctrl-C or the like in the core's own code: no plugin's fault
    if isinstance(error, KeyboardInterrupt) and _Interrupted.pressed:
        raise error


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body with at most ``seconds`` of wall time (``None``: no budget).

    On the main thread, a Ctrl-C pressed meanwhile is noted (see :func:`reraise_interrupt`).
    """
    if not _available():
        yield
        return

    def pressed(_signum: int, _frame: FrameType | None) -> None:
        _Interrupted.pressed = True
        raise KeyboardInterrupt

    before_int = signal.getsignal(signal.SIGINT)
    if before_int is signal.default_int_handler:
        signal.signal(signal.SIGINT, pressed)
    if seconds is None:
        try:
            yield
        finally:
            if before_int is signal.default_int_handler:
                signal.signal(signal.SIGINT, before_int)
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
        if before_int is signal.default_int_handler:
            signal.signal(signal.SIGINT, before_int)

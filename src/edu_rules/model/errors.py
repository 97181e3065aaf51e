"""The exceptions edu-rules raises, one family under :class:`EduRulesError`.

Input problems are collected, never raised one at a time: a
:class:`CountyDataError` carries every :class:`Problem` found in a document, each
naming its field path and a reason an analyst can act on.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable

import attrs


class EduRulesError(Exception):
    """Base class of every error edu-rules raises on purpose."""


@attrs.frozen(order=True)
class Problem:
    """One thing wrong with an input, where it is and why.

    ``path`` is a JSON path without the leading ``$`` (``schools[3].stages.primary.students``;
    empty for the document itself).  ``str(problem)`` reads
    ``schools[3].stages.primary.students: must be ≥ 0``.
    """

    path: str
    reason: str

    def __str__(self) -> str:
        """``path: reason``, as analysts read it."""
        return f"{self.path or '(document)'}: {self.reason}"


class CountyDataError(EduRulesError, ValueError):
    """A county document (or a batch) is not valid; ``problems`` lists everything wrong."""

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        """Collect ``problems`` (order kept, repeats dropped) found in ``source``."""
        # Keep the order problems were found in (document order); drop exact repeats.
        self.problems: tuple[Problem, ...] = tuple(dict.fromkeys(problems))
        self.source = source
        head = f"{source}: " if source else ""
        count = len(self.problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{head}invalid county data ({count} {noun}):\n{lines}")


class PluginError(EduRulesError):
    """A plugin could not be loaded or contradicts another; the message names the culprit."""


class RuleDataError(PluginError):
    """A plugin's rule file does not follow ``schemas/ruleset.schema.json``."""


def describe_error(error: BaseException) -> str:
    """One line for a plugin's exception: its type, message and where it was raised."""
    frame = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" (at {frame[0].filename}:{frame[0].lineno})" if frame else ""
    message = str(error)
    if len(message) > 500:  # a message is for reading, not a place to dump data
        message = message[:500] + "…"
    return f"{type(error).__name__}: {message}{where}"

"""The exceptions edu-rules raises, one family under :class:`EduRulesError`.

Input problems are collected, never raised one at a time: a
:class:`CountyDataError` carries every :class:`Problem` found in a document, each
naming its field path and a reason an analyst can act on.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable

import attrs

from edu_rules._messages import MESSAGES, Text, message


class EduRulesError(Exception):
    """Base class of every error edu-rules raises on purpose.

    One made by :meth:`about` keeps its catalogue message and says it in either
    language; the others (a plugin author's :class:`PluginError`) stay as raised.
    """

    text: Text | None = None

    @classmethod
    def about(cls, text: Text) -> EduRulesError:
        """The error saying ``text`` (its ``str`` is the English)."""
        error = cls(text.spell("en"))
        error.text = text
        return error

    def spell(self, lang: str = "zh") -> str:
        """The message in ``lang``."""
        return self.text.spell(lang) if self.text is not None else str(self)


class UsageError(EduRulesError, ValueError):
    """An argument the command line cannot use (``--set``, ``--cost``); a ``ValueError`` too."""


@attrs.frozen(order=True)
class Problem:
    """One thing wrong with an input, where it is and why.

    ``path`` is a JSON path without the leading ``$`` (``schools[3].stages.primary.students``;
    empty for the document itself).  ``str(problem)`` reads
    ``schools[3].stages.primary.students: must be ≥ 0``, in English.  A problem made
    by :meth:`about` also keeps its catalogue key and values (``text``), so that
    :meth:`spell` can say it in Chinese or English when it is shown.
    """

    path: str
    reason: str
    text: Text | None = attrs.field(default=None, eq=False, order=False, repr=False)

    @classmethod
    def about(cls, path: str, text: Text) -> Problem:
        """The problem ``text`` (a catalogue message) at ``path``; ``reason`` is its English."""
        return cls(path, text.spell("en"), text)

    def reason_in(self, lang: str = "zh") -> str:
        """The reason in ``lang``; a problem without a catalogue key keeps its own."""
        return self.text.spell(lang) if self.text is not None else self.reason

    def spell(self, lang: str = "zh") -> str:
        """``path: reason`` in ``lang`` (``（整个文档）`` for the document itself)."""
        where = self.path or message("input.document", lang)
        return message("input.problem", lang, path=where, reason=self.reason_in(lang))

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

    def spell(self, lang: str = "zh") -> str:
        """Every problem in ``lang``, one a line, under a heading naming the source."""
        source = self.source or ""
        if f"source.{source}" in MESSAGES:  # the names edu-rules gives a batch, a panel…
            source = message(f"source.{source}", lang)
        head = message(
            "input.invalid", lang, source=f"{source}: " if source else "", count=len(self.problems)
        )
        return "\n".join([head, *(f"  - {problem.spell(lang)}" for problem in self.problems)])


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

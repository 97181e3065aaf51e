"""Reports for people: a result rendered as text, Markdown or HTML, in Chinese or English.

``render(result, fmt, lang)`` is the single entry point; the JSON form is not a
report but the result itself (:func:`edu_rules.to_json`).
"""

from __future__ import annotations

from collections.abc import Callable

from edu_rules.result import Result

FORMATS: tuple[str, ...] = ("text", "json")
"""The ``--format`` values ``edu-rules evaluate`` accepts."""


def render(result: Result, fmt: str = "text", lang: str = "zh", *, color: bool = False) -> str:
    """The report on ``result`` in format ``fmt`` and language ``lang``."""
    renderer = _renderers()[fmt]
    return renderer(result, lang, color)


def _renderers() -> dict[str, Callable[[Result, str, bool], str]]:
    from edu_rules.reports import text  # noqa: PLC0415 - imported when a report is asked for
    from edu_rules.serialization import to_json  # noqa: PLC0415

    return {
        "text": text.render,
        "json": lambda result, _lang, _color: to_json(result),
    }

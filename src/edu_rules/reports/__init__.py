"""Reports for people: a result rendered as text, Markdown or HTML, in Chinese or English.

``render(result, fmt, lang)`` is the single entry point for one county and
``render_many(results, fmt, lang)`` for a batch; the JSON form is not a report
but the result itself (:func:`edu_rules.to_json`).  Every label comes from the
message catalogue (:mod:`edu_rules._messages`), in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from edu_rules.reports._progress import progress_bar
from edu_rules.result import Result

FORMATS: tuple[str, ...] = ("text", "json", "markdown", "html")
"""The ``--format`` values ``edu-rules evaluate`` accepts."""

LANGUAGES: tuple[str, ...] = ("zh", "en")
"""The languages every report speaks."""

SUFFIXES: dict[str, str] = {"text": ".txt", "json": ".json", "markdown": ".md", "html": ".html"}
"""The usual file suffix of each format."""

__all__ = ["FORMATS", "LANGUAGES", "SUFFIXES", "progress_bar", "render", "render_many"]


def _check(fmt: str, lang: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r}; choose from {', '.join(LANGUAGES)}")


def render(result: Result, fmt: str = "text", lang: str = "zh", *, color: bool = False) -> str:
    """The report on ``result`` in format ``fmt`` and language ``lang``.

    :param color: ANSI colour in the text format (for a terminal); ignored by the others.
    :raises ValueError: for an unknown format or language.
    """
    _check(fmt, lang)
    renderer = _renderers()[fmt]
    return renderer(result, lang, color)


def render_many(
    results: Sequence[Result], fmt: str = "text", lang: str = "zh", *, color: bool = False
) -> str:
    """One report on several counties.

    HTML gives a single page (one ``h1``, an ``article`` per county), Markdown one
    file with a part per county, JSON an array of result documents (in the order
    given), text the reports one after another.
    """
    _check(fmt, lang)
    if len(results) == 1:
        return render(results[0], fmt, lang, color=color)
    if fmt == "html":
        from edu_rules.reports import html

        return html.render_many(results, lang)
    if fmt == "markdown":
        from edu_rules.reports import markdown

        return markdown.render_many(results, lang)
    if fmt == "json":  # one JSON document a program can parse: an array of results
        documents = (render(result, fmt, lang).rstrip("\n") for result in results)
        return "[\n" + ",\n".join(documents) + "\n]\n"
    return "\n".join(render(result, fmt, lang, color=color) for result in results)


def _renderers() -> dict[str, Callable[[Result, str, bool], str]]:
    from edu_rules.reports import html, markdown, text
    from edu_rules.serialization import to_json

    return {
        "text": text.render,
        "json": lambda result, _lang, _color: to_json(result),
        "markdown": markdown.render,
        "html": html.render,
    }

"""Reports for people: a result rendered as text, Markdown or HTML, in Chinese or English.

``render(result, fmt, lang)`` is the single entry point for one county and
``render_many(results, fmt, lang)`` for a batch; the JSON form is not a report
but the result itself (:func:`edu_rules.to_json`).  Every label comes from the
message catalogue (:mod:`edu_rules._messages`), in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from edu_rules.model.result import Result
from edu_rules.reports._progress import progress_bar, progress_counter

if TYPE_CHECKING:
    from edu_rules.batch import UnitProgress
    from edu_rules.plugins import Registry

FORMATS: tuple[str, ...] = ("text", "json", "markdown", "html")
"""The ``--format`` values ``edu-rules evaluate`` accepts."""

LANGUAGES: tuple[str, ...] = ("zh", "en")
"""The languages every report speaks."""

SUFFIXES: dict[str, str] = {"text": ".txt", "json": ".json", "markdown": ".md", "html": ".html"}
"""The usual file suffix of each format."""

__all__ = [
    "FORMATS",
    "LANGUAGES",
    "SUFFIXES",
    "progress_bar",
    "progress_counter",
    "render",
    "render_many",
    "render_summary",
]


def _check(fmt: str, lang: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r}; choose from {', '.join(LANGUAGES)}")


def render(
    result: Result,
    fmt: str = "text",
    lang: str = "zh",
    *,
    color: bool = False,
    registry: Registry | None = None,
) -> str:
    """The report on ``result`` in format ``fmt`` and language ``lang``.

    :param color: ANSI colour in the text format (for a terminal); ignored by the others.
    :param registry: the plugins whose evaluators say how each rule is drawn in the
        HTML and Markdown charts; by default the installed ones.
    :raises ValueError: for an unknown format or language.
    """
    _check(fmt, lang)
    if fmt == "html":
        from edu_rules.reports import html

        return html.render(result, lang, registry=registry)
    if fmt == "markdown":
        from edu_rules.reports import markdown

        return markdown.render(result, lang, registry=registry)
    renderer = _renderers()[fmt]
    return renderer(result, lang, color)


def render_many(  # noqa: PLR0913 - keyword-only options, each documented
    results: Sequence[Result],
    fmt: str = "text",
    lang: str = "zh",
    *,
    color: bool = False,
    registry: Registry | None = None,
    sort: str = "code",
    progress: Sequence[UnitProgress] | None = None,
) -> str:
    """One report on several counties: the summary table first, then each county's report.

    HTML gives a single page (one ``h1``, the summary, an ``article`` per county),
    Markdown one file with the summary and a part per county, each headed by its
    unit, text the summary and the reports one after another; JSON an array of
    result documents (in the order given).  ``sort`` orders the summary's rows (see
    :data:`edu_rules.reports.summary.SORTS`); the counties' reports keep the order
    given.  ``progress`` (one entry per result, from a batch) gives each unit's
    schedule state from its recognition year too.
    """
    _check(fmt, lang)
    if len(results) == 1:
        return render(results[0], fmt, lang, color=color, registry=registry)
    if fmt == "json":  # one JSON document a program can parse: an array of results
        documents = (render(result, fmt, lang).rstrip("\n") for result in results)
        return "[\n" + ",\n".join(documents) + "\n]\n"
    from edu_rules.reports import summary

    made = summary.rows(results, sort=sort, progress=progress, registry=registry)
    if fmt == "html":
        from edu_rules.reports import html

        return html.render_many(results, lang, registry=registry, summary=made, sort=sort)
    if fmt == "markdown":
        from edu_rules.reports import markdown

        return markdown.render_many(results, lang, registry=registry, summary=made, sort=sort)
    reports = (render(result, fmt, lang, color=color) for result in results)
    return "\n".join([summary.text(results, lang, sort=sort, made=made), *reports])


def render_summary(  # noqa: PLR0913 - keyword-only options, each documented
    results: Sequence[Result],
    fmt: str = "text",
    lang: str = "zh",
    *,
    registry: Registry | None = None,
    sort: str = "code",
    progress: Sequence[UnitProgress] | None = None,
) -> str:
    """Only the summary table of ``results`` (``edu-rules evaluate --summary``).

    JSON gives the rows as data: per unit its code, name, verdict, counts, worst CV per
    stage and schedule.
    """
    _check(fmt, lang)
    from edu_rules.reports import summary

    if fmt == "text":
        return summary.text(results, lang, sort=sort, progress=progress, registry=registry)
    if fmt == "json":
        from edu_rules.io.serialization import to_json

        made = summary.rows(results, sort=sort, progress=progress, registry=registry)
        return to_json([summary.row_data(row) for row in made])
    report = summary.build(results, lang, sort=sort, progress=progress, registry=registry)
    if fmt == "html":
        from edu_rules.reports import html

        return html.write(report)
    from edu_rules.reports import markdown

    return markdown.write(report)


def _renderers() -> dict[str, Callable[[Result, str, bool], str]]:
    from edu_rules.io.serialization import to_json
    from edu_rules.reports import text

    return {
        "text": text.render,
        "json": lambda result, _lang, _color: to_json(result),
    }

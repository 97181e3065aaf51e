"""A report on many units written as their results come in, holding none of them.

:func:`edu_rules.reports.render_many` and :func:`~edu_rules.reports.render_summary` take
every result at once.  For a province's nightly batch that is every finding of every
unit in memory; here each unit is reduced, as soon as it is evaluated, to what the
report still needs of it (:func:`part`, run in the worker that evaluated it), and a
:class:`Writer` writes the very bytes ``render_many`` / ``render_summary`` would:

- ``json``: the array of result documents, written document by document;
- ``--summary`` (any format but ``xlsx``): each unit's summary row only (its result
  kept without findings), the table written at the end, when it can be sorted;
- ``text``, ``markdown``, ``html``: the summary comes first, so each unit's report (its
  written part, not its result) waits in a temporary file (in memory up to
  :data:`SPOOL_BYTES`, then on disk) until the summary is written.

The results workbook (``xlsx``) on many units is not streamed.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import IO, TYPE_CHECKING

import attrs

from edu_rules.model.result import FindingTable, Result, Status

if TYPE_CHECKING:
    from edu_rules.model.county import County
    from edu_rules.plugins import Registry
    from edu_rules.reports.summary import UnitRow

SPOOL_BYTES = 64 * 1024 * 1024
"""How much of the units' text reports waits in memory before it goes to a temporary file."""

STREAMED_FORMATS = ("json", "text", "markdown", "html")
"""The formats of a many-unit report (not ``--summary``) that :class:`Writer` streams."""


@attrs.frozen
class Part:
    """What a streamed report keeps of one unit: its summary row, or its written text."""

    status: Status
    faulted: bool
    row: UnitRow | None = None
    text: bytes | None = None


@attrs.frozen
class Options:
    """What the report is: format, language, summary only, sort, colour, plugins."""

    fmt: str
    lang: str
    summary: bool
    sort: str = "code"
    color: bool = False
    registry: Registry | None = None

    @property
    def streamed(self) -> bool:
        """Whether :class:`Writer` can write this report as the units come."""
        return self.fmt in STREAMED_FORMATS or (self.summary and self.fmt != "xlsx")


def part(
    options: Options,
    county: County,
    result: Result,
    shown: Result,
    index: int = 0,
) -> Part:
    """What ``options``' report keeps of a unit; ``shown`` is its result as reports show it.

    (``shown`` names a workbook's cells where ``result`` names field paths; the JSON
    document is always ``result``'s.)  ``index``: the unit's place in the report, from 0
    (an HTML page's anchors count the units).
    """
    from edu_rules.batch import unit_progress

    status, faulted = result.status, bool(result.faults)
    if options.summary or options.fmt in _SPOOLED:
        from edu_rules.reports import summary

        row = summary.unit_row(shown, unit_progress(county, result), options.registry)
        slim = attrs.evolve(row, result=attrs.evolve(shown, findings=FindingTable()))
        if options.summary:
            return Part(status, faulted, row=slim)
        written = _written(options, shown, index).encode("utf-8")
        return Part(status, faulted, row=slim, text=written)
    from edu_rules.io.serialization import to_json_bytes

    return Part(status, faulted, text=to_json_bytes(result))


_SPOOLED = ("text", "markdown", "html")
"""The formats whose units' parts wait for the summary, which comes first."""


def _written(options: Options, shown: Result, index: int) -> str:
    """A unit's part of the many-unit report, as ``render_many`` writes it."""
    lang, registry = options.lang, options.registry
    if options.fmt == "html":
        from edu_rules.reports import html

        return html.many_part(shown, lang, index, registry=registry)
    if options.fmt == "markdown":
        from edu_rules.reports import markdown

        return markdown.many_part(shown, lang, registry=registry)
    from edu_rules.reports import render

    return render(shown, "text", lang, color=options.color)


class Writer:
    """Writes a many-unit report to ``out`` from the :class:`Part` of each unit, in order."""

    def __init__(self, out: IO[bytes], options: Options) -> None:
        """A report to ``out``; :meth:`add` each unit's part, then :meth:`close`."""
        self._out = out
        self._options = options
        self._rows: list[UnitRow] = []
        self._count = 0
        self._passed = True
        self._faulted = False
        self._spool: IO[bytes] | None = None
        if not options.summary and options.fmt in _SPOOLED:
            self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by close()

    def add(self, unit: Part) -> None:
        """The next unit's part."""
        self._passed = self._passed and unit.status is Status.PASS
        self._faulted = self._faulted or unit.faulted
        if unit.row is not None:
            self._rows.append(unit.row)
        if unit.text is not None:
            if self._spool is not None:
                self._spool.write(b"\n" + unit.text)
            else:  # a result document, into the array at once
                opening = b"[\n" if self._count == 0 else b",\n"
                self._out.write(opening + unit.text[:-1])  # without its final newline
        self._count += 1

    def close(self) -> None:
        """Write what waited for the last unit (the summary, the array's end)."""
        options = self._options
        if not options.summary and options.fmt == "json":
            self._out.write(b"[\n]\n" if self._count == 0 else b"\n]\n")
            return
        from edu_rules.reports import summary

        made = summary.sorted_rows(self._rows, options.sort)
        self._out.write(self._opening(made).encode("utf-8"))
        if self._spool is not None:
            self._spool.seek(0)
            shutil.copyfileobj(self._spool, self._out)
            self._spool.close()
        self._out.write(self._closing())

    def _opening(self, made: list[UnitRow]) -> str:
        """What comes before the units' parts: the summary (and a page's start)."""
        options = self._options
        if options.summary or options.fmt == "text":
            return _summary(made, options)
        if options.fmt == "html":
            from edu_rules.reports import html

            return html.many_opening(self._count, options.lang, summary=made, sort=options.sort)
        from edu_rules.reports import markdown

        return markdown.many_opening(self._count, options.lang, summary=made, sort=options.sort)

    def _closing(self) -> bytes:
        """What comes after the last unit's part (each part was written after a newline)."""
        options = self._options
        if options.summary or options.fmt == "text":
            return b""
        if options.fmt == "html":
            from edu_rules.reports import html

            return b"\n" + html.MANY_CLOSING.encode("utf-8") + b"\n"
        return b"\n"

    @property
    def passed(self) -> bool:
        """Whether every unit added so far passes."""
        return self._passed

    @property
    def faulted(self) -> bool:
        """Whether a plugin failed for some unit added so far."""
        return self._faulted


def _summary(made: list[UnitRow], options: Options) -> str:
    """The summary of ``made`` as :func:`edu_rules.reports.render_summary` writes it."""
    from edu_rules.reports import summary

    fmt, lang = options.fmt, options.lang
    if fmt == "text" or not options.summary:
        return summary.text((), lang, sort=options.sort, made=made)
    if fmt == "json":
        from edu_rules.io.serialization import to_json

        return to_json([summary.row_data(row) for row in made])
    report = summary.build((), lang, sort=options.sort, made=made)
    if fmt == "html":
        from edu_rules.reports import html

        return html.write(report)
    from edu_rules.reports import markdown

    return markdown.write(report)

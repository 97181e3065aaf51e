"""The city or province summary: one table for many units, in text, Markdown, HTML and Excel.

Each unit is one row, read off its :class:`~edu_rules.model.result.Result` (never
re-evaluated): the verdict, the binding shortfalls by family, what could not be
evaluated, the worst coefficient of variation per stage against its limit, where it
stands against its plan, and whether the assessment is official.  Rows are sorted by
code, by verdict (worst first) or by the count of binding shortfalls (most first).

:func:`build` gives the report document that :mod:`~edu_rules.reports.html` and
:mod:`~edu_rules.reports.markdown` write; :func:`text` the terminal form; the
results workbook (:mod:`edu_rules.reports.workbook`) puts the same table on its
first sheet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from edu_rules._messages import message
from edu_rules._text import visible
from edu_rules.batch import UnitProgress, planned_year
from edu_rules.engine import FAMILY_ORDER
from edu_rules.model.county import STAGE_NAMES
from edu_rules.model.result import Finding, Outcome, Result, Status, worst_cv
from edu_rules.model.targets import ScheduleState, schedule_state, year_passed
from edu_rules.reports import _format as fmt
from edu_rules.reports import _model, _svg
from edu_rules.reports._document import Block, Cell, Figure, Paragraph, Report, Section, _table
from edu_rules.reports._width import display_width, wrap

if TYPE_CHECKING:
    from edu_rules.plugins import Registry

SORTS: Final = ("code", "verdict", "shortfalls")
"""How the rows can be sorted: ``--sort`` of ``edu-rules evaluate``."""


_VERDICT_RANK: Final = {
    Status.INELIGIBLE: 0,
    Status.FAIL: 1,
    Status.INCOMPLETE: 2,
    Status.PASS: 3,
}
"""Worst first: a sort by verdict puts the units that need attention on top."""

FAMILY_COLOURS: Final = (
    "#c62828",
    "#ef6c00",
    "#6a1b9a",
    "#1565c0",
    "#00838f",
    "#2e7d32",
    "#5d4037",
    "#ad1457",
    "#455a64",
    "#9e9d24",
)
"""One colour per family in the summary chart, in the engine's family order."""

_TEXT_WIDTH: Final = 80

_Row = TypeVar("_Row")


@attrs.frozen
class WorstCv:
    """The stage's coefficient of variation that is furthest over (or nearest to) its limit.

    ``finding`` is ``None`` when the stage has no CV finding; ``unknown`` says that some
    CV of the stage could not be computed and none known exceeds its limit, so the worst
    is not known.
    """

    finding: Finding | None
    unknown: bool = False


@attrs.frozen
class UnitRow:
    """One unit of the summary."""

    result: Result
    schedule: ScheduleState
    planned_year: int | None
    by_family: tuple[tuple[str, int], ...]
    worst_cv: tuple[tuple[str, WorstCv], ...]
    not_applicable: int

    @property
    def code(self) -> str:
        """The unit's division code."""
        return self.result.county.code

    @property
    def binding(self) -> int:
        """How many binding shortfalls the unit has."""
        return self.result.summary.binding_shortfalls


def _worst(findings: Sequence[Finding]) -> WorstCv:
    worst, unknown = worst_cv((f.measured, f.required, f.outcome, f) for f in findings)
    return WorstCv(worst, unknown=unknown)


def _binding_by_family(result: Result) -> tuple[tuple[str, int], ...]:
    counted = Counter(f.family for f in result.shortfalls if f.binding)
    order = {family: index for index, family in enumerate(FAMILY_ORDER)}
    return tuple(sorted(counted.items(), key=lambda item: (order.get(item[0], 99), item[0])))


def unit_row(
    result: Result, progress: UnitProgress | None = None, registry: Registry | None = None
) -> UnitRow:
    """The summary row of one unit; ``progress`` (from a batch) gives its schedule state.

    Without ``progress``, the planned year comes from the result's schedule finding and
    the unit counts as passed only on a ``pass`` verdict (a recognition year on record
    is in the county document, not in the result).
    """
    if progress is not None:
        state, planned = progress.schedule, progress.planned_year
    else:
        planned = planned_year(result)
        year = result.assessment_year
        state = schedule_state(planned, year, year_passed(None, result.status, year))
    by_stage = _model.cv_findings(result, registry)
    return UnitRow(
        result=result,
        schedule=state,
        planned_year=planned,
        by_family=_binding_by_family(result),
        worst_cv=tuple((stage, _worst(by_stage.get(stage, []))) for stage in STAGE_NAMES),
        not_applicable=sum(1 for f in result.findings if f.outcome is Outcome.NOT_APPLICABLE),
    )


def rows(
    results: Sequence[Result],
    *,
    sort: str = "code",
    progress: Sequence[UnitProgress] | None = None,
    registry: Registry | None = None,
) -> list[UnitRow]:
    """A row per result, sorted by ``sort`` (see :data:`SORTS`); ties keep code order.

    :raises ValueError: for an unknown sort.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; choose from {', '.join(SORTS)}")
    if progress is not None and len(progress) != len(results):
        raise ValueError("progress must give one entry per result")
    made = [
        unit_row(result, progress[index] if progress is not None else None, registry)
        for index, result in enumerate(results)
    ]
    return sorted_rows(made, sort)


def sorted_rows(made: Iterable[UnitRow], sort: str = "code") -> list[UnitRow]:
    """Rows made one by one (:func:`unit_row`), sorted as :func:`rows` sorts them."""
    return _sorted(
        made,
        sort,
        lambda row: (row.code, row.result.county.name, row.result.status, row.binding),
    )


def sorted_data(made: Iterable[dict[str, Any]], sort: str = "code") -> list[dict[str, Any]]:
    """Rows as data (:func:`row_data`), sorted as :func:`sorted_rows` sorts their rows."""
    return _sorted(
        made,
        sort,
        lambda row: (row["code"], row["name"], Status(row["status"]), row["binding_shortfalls"]),
    )


def _sorted(
    made: Iterable[_Row], sort: str, facts: Callable[[_Row], tuple[str, str, Status, int]]
) -> list[_Row]:
    """``made`` by code (then name), then by verdict or shortfalls as ``sort`` says (stable)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; choose from {', '.join(SORTS)}")
    ordered = sorted(made, key=lambda row: facts(row)[:2])
    if sort == "verdict":
        ordered.sort(key=lambda row: _VERDICT_RANK[facts(row)[2]])
    elif sort == "shortfalls":
        ordered.sort(key=lambda row: -facts(row)[3])
    return ordered


# --------------------------------------------------------------------------- cell texts


def unit_text(row: UnitRow) -> str:
    """``鱼峰区 (450203)``."""
    return f"{row.result.county.name} ({row.code})"


def verdict_text(row: UnitRow, lang: str) -> str:
    """The verdict in words."""
    return message(f"status.{row.result.status.value}", lang)


def families_text(row: UnitRow, lang: str) -> str:
    """``资源配置（学校） 3, 校际均衡（差异系数） 1``; ``—`` for none."""
    if not row.by_family:
        return "—"
    return fmt.counts_text((message(f"family.{f}", lang), n) for f, n in row.by_family)


def open_items_text(row: UnitRow) -> str:
    """``not evaluated / checked by hand``: ``1 / 10``."""
    summary = row.result.summary
    return f"{fmt.number(summary.not_evaluated)} / {fmt.number(summary.manual_checks)}"


def cv_text(worst: WorstCv, lang: str) -> str:
    """``L6 0.69 > ≤ 0.45`` as ``L6 0.69（限值 ≤ 0.45）``; unknown or none in words."""
    finding = worst.finding
    if finding is None:
        return message("label.unknown_value", lang) if worst.unknown else "—"
    figures = fmt.figures(finding)
    limit = f"{fmt.comparator(finding.comparator)} {figures.required}"
    shown = message(
        "summary.cv_value",
        lang,
        item=fmt.short_rule(finding.rule).rsplit(".", 1)[-1],
        value=figures.measured,
        limit=limit,
    )
    if worst.unknown:
        shown += f"; {message('summary.cv_some_unknown', lang)}"
    return shown


def cv_css(worst: WorstCv) -> str | None:
    """How the worst CV cell is marked: over its limit, or unknown."""
    if worst.finding is not None and worst.finding.outcome is Outcome.SHORTFALL:
        return "shortfall"
    if worst.unknown or worst.finding is None:
        return "not-evaluable" if worst.unknown else None
    return "met"


def schedule_text(row: UnitRow, lang: str) -> str:
    """``2025 · 进度滞后``, or the state alone without a planned year."""
    state = fmt.schedule_text(row.schedule.value, None, lang)
    return f"{row.planned_year} · {state}" if row.planned_year is not None else state


def remarks_text(row: UnitRow, lang: str) -> str:
    """What else the reader must know: not official, plugin errors, rules not applicable."""
    result = row.result
    parts: list[str] = []
    if not result.official:
        names = ", ".join(item.plugin for item in result.left_out)
        parts.append(message("summary.unofficial", lang, names=names))
    if result.faults:
        parts.append(message("summary.faults", lang, n=len(result.faults)))
    if row.not_applicable:
        parts.append(message("summary.not_applicable", lang, n=row.not_applicable))
    return "; ".join(parts)


def head(lang: str) -> tuple[str, ...]:
    """The summary table's column headings."""
    return (
        message("label.unit", lang),
        message("label.year", lang),
        message("label.verdict", lang),
        message("label.binding_shortfalls", lang),
        message("summary.by_family", lang),
        message("summary.open_items", lang),
        message("summary.worst_cv", lang, stage=message("stage.primary", lang)),
        message("summary.worst_cv", lang, stage=message("stage.junior", lang)),
        message("summary.schedule", lang),
        message("summary.remarks", lang),
    )


def cells(row: UnitRow, lang: str) -> tuple[Cell, ...]:
    """One row of the summary table."""
    status = row.result.status.value
    worst = dict(row.worst_cv)
    behind = row.schedule is ScheduleState.BEHIND
    return (
        Cell(unit_text(row)),
        Cell(str(row.result.assessment_year)),
        Cell(verdict_text(row, lang), f"verdict-{status}"),
        Cell(fmt.number(row.binding), "shortfall" if row.binding else None),
        Cell(families_text(row, lang)),
        Cell(open_items_text(row)),
        *(Cell(cv_text(worst[stage], lang), cv_css(worst[stage])) for stage in STAGE_NAMES),
        Cell(schedule_text(row, lang), "shortfall" if behind else None),
        Cell(remarks_text(row, lang), "error" if not row.result.official else None),
    )


def verdict_counts(made: Sequence[UnitRow]) -> list[tuple[Status, int]]:
    """How many units have each verdict, worst verdict first (verdicts no unit has left out)."""
    counted = Counter(row.result.status for row in made)
    return [(status, counted[status]) for status in sorted(counted, key=_VERDICT_RANK.__getitem__)]


def row_data(row: UnitRow) -> dict[str, object]:
    """The row as plain JSON data (``--summary --format json``)."""
    result = row.result

    def cv(worst: WorstCv) -> dict[str, object] | None:
        finding = worst.finding
        if finding is None:
            return {"unknown": True} if worst.unknown else None
        return {
            "rule": finding.rule,
            "cv": finding.measured,
            "comparator": finding.comparator,
            "limit": finding.required,
            "outcome": finding.outcome.value,
            "others_unknown": worst.unknown,
        }

    return {
        "code": row.code,
        "name": result.county.name,
        "assessment_year": result.assessment_year,
        "status": result.status.value,
        "official": result.official,
        "left_out": [item.plugin for item in result.left_out],
        "binding_shortfalls": row.binding,
        "binding_shortfalls_by_family": dict(row.by_family),
        "not_evaluated": result.summary.not_evaluated,
        "manual_checks": result.summary.manual_checks,
        "not_applicable": row.not_applicable,
        "faults": len(result.faults),
        "worst_cv": {stage: cv(worst) for stage, worst in row.worst_cv},
        "planned_year": row.planned_year,
        "schedule": row.schedule.value,
    }


# --------------------------------------------------------------------------- the chart


def chart_svg(made: Sequence[UnitRow], lang: str) -> str:
    """A bar per unit: its binding shortfalls stacked by family, its name and verdict beside it.

    Names and numbers are written on the chart, so it reads in print without hovering.
    """
    families = [f for f in FAMILY_ORDER if any(dict(row.by_family).get(f) for row in made)]
    colours = {f: FAMILY_COLOURS[i % len(FAMILY_COLOURS)] for i, f in enumerate(families)}
    left, right, top, row_h, legend_h = 190, 150, 10, 22, 20
    width = 680
    legend_rows = -(-len(families) // 3) if families else 0
    height = top * 2 + row_h * len(made) + 18 + legend_rows * legend_h
    plot_w = width - left - right
    most = max((row.binding for row in made), default=0) or 1
    chart_title = message("summary.chart_title", lang)
    description = "; ".join(
        f"{unit_text(row)}: {verdict_text(row, lang)}, {row.binding}" for row in made
    )
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            'width="100%" role="img" class="chart" preserveAspectRatio="xMinYMin meet">'
        ),
        f"<title>{escape(visible(chart_title))}</title>",
        f"<desc>{escape(visible(description))}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<g {_svg.FONT} fill="{_svg.INK}">',
    ]
    for index, row in enumerate(made):
        y = top + index * row_h
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(visible(unit_text(row)))}</text>"
        )
        x = float(left)
        for family, count in row.by_family:
            bar = count / most * plot_w
            label = f"{message(f'family.{family}', lang)} {count}"
            parts.append(
                f'<rect x="{x:.2f}" y="{y + 4}" width="{bar:.2f}" height="14" '
                f'fill="{colours.get(family, _svg.GREY)}"><title>{escape(label)}</title></rect>'
            )
            x += bar
        shown = f"{row.binding} · {verdict_text(row, lang)}"
        parts.append(f'<text x="{x + 6:.2f}" y="{y + 15}">{escape(shown)}</text>')
    axis_y = top + row_h * len(made) + 2
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{axis_y}" stroke="{_svg.INK}"/>')
    for index, family in enumerate(families):
        lx = 10 + (index % 3) * 220
        ly = axis_y + 12 + (index // 3) * legend_h
        parts += [
            f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colours[family]}"/>',
            f'<text x="{lx + 16}" y="{ly + 10}">{escape(message(f"family.{family}", lang))}</text>',
        ]
    parts += ["</g>", "</svg>"]
    return "\n".join(parts)


# --------------------------------------------------------------------------- the report


def section(made: Sequence[UnitRow], lang: str, sort: str) -> Section:
    """The summary as one report section: the table, the verdict counts and the chart."""
    table = _table(
        message("summary.table", lang), head(lang), [cells(row, lang) for row in made], lang
    )
    counts = _table(
        message("summary.by_verdict", lang),
        (message("label.verdict", lang), message("summary.units", lang)),
        [
            (Cell(message(f"status.{s.value}", lang), f"verdict-{s.value}"), Cell(fmt.number(n)))
            for s, n in verdict_counts(made)
        ],
        lang,
    )
    blocks: list[Block] = [
        Paragraph(
            message("summary.sorted", lang, by=message(f"summary.sort.{sort}", lang)), "note"
        ),
        table,
        counts,
    ]
    if any(not row.result.official for row in made):
        blocks.insert(
            1, Paragraph(message("summary.some_unofficial", lang), "verdict verdict-fail")
        )
    if made:
        blocks.append(Figure(chart_svg(made, lang), message("summary.chart_caption", lang)))
    return Section("city-summary", message("summary.heading", lang, n=len(made)), tuple(blocks))


def build(  # noqa: PLR0913 - keyword-only options, each documented
    results: Sequence[Result],
    lang: str = "zh",
    *,
    sort: str = "code",
    progress: Sequence[UnitProgress] | None = None,
    registry: Registry | None = None,
    made: Sequence[UnitRow] | None = None,
) -> Report:
    """The summary of ``results`` as a report document (HTML and Markdown write it).

    :param made: the rows, if already made (by :func:`rows` or :func:`sorted_rows`).
    """
    from edu_rules._version import version

    if made is None:
        made = rows(results, sort=sort, progress=progress, registry=registry)
    years = sorted({row.result.assessment_year for row in made})
    facts = (
        (message("summary.units", lang), fmt.number(len(made))),
        (message("label.year", lang), ", ".join(str(year) for year in years)),
        *(
            (message(f"status.{status.value}", lang), fmt.number(count))
            for status, count in verdict_counts(made)
        ),
    )
    return Report(
        lang=lang,
        title=message("summary.title", lang),
        subtitle=message("summary.subtitle", lang, n=len(made)),
        status="",
        facts=facts,
        sections=(section(made, lang, sort),),
        footer=(message("summary.generated", lang, version=version()),),
    )


def _heading(key: str, lang: str, **values: object) -> str:
    return message(key, lang, **values)


def text(  # noqa: PLR0913 - keyword-only options, each documented
    results: Sequence[Result],
    lang: str = "zh",
    *,
    sort: str = "code",
    progress: Sequence[UnitProgress] | None = None,
    registry: Registry | None = None,
    made: Sequence[UnitRow] | None = None,
) -> str:
    """The summary for a terminal: a few lines per unit, each within 80 columns.

    :param made: the rows, if already made (by :func:`rows`).
    """
    if made is None:
        made = rows(results, sort=sort, progress=progress, registry=registry)
    lines = [_heading("summary.title", lang)]
    lines.append("=" * min(_TEXT_WIDTH, display_width(lines[0])))
    counts = ", ".join(
        f"{message(f'status.{status.value}', lang)} {count}"
        for status, count in verdict_counts(made)
    )
    lines += wrap(f"{message('summary.subtitle', lang, n=len(made))}: {counts}", _TEXT_WIDTH)
    sorted_by = message(f"summary.sort.{sort}", lang)
    lines += [message("summary.sorted", lang, by=sorted_by), ""]
    digits = len(str(len(made)))
    for number, row in enumerate(made, start=1):
        first = f"{number:>{digits}}. {unit_text(row)} · {row.result.assessment_year} — "
        first += verdict_text(row, lang)
        indent = " " * (digits + 2)
        lines += wrap(visible(first), _TEXT_WIDTH, "", indent)
        worst = dict(row.worst_cv)
        advisory = row.result.summary.shortfalls - row.binding
        count = fmt.shortfalls_text(row.binding, advisory, lang)
        shortfalls = f"{message('label.binding_shortfalls', lang)} {count}"
        details = [
            f"{shortfalls}: {families_text(row, lang)}" if row.by_family else shortfalls,
            (
                f"{message('summary.open_items', lang)} {open_items_text(row)}; "
                f"{message('summary.schedule', lang)} {schedule_text(row, lang)}"
            ),
            *(
                f"{message('summary.worst_cv', lang, stage=fmt.stage_name(stage, lang))} "
                f"{cv_text(worst[stage], lang)}"
                for stage in STAGE_NAMES
            ),
        ]
        remarks = remarks_text(row, lang)
        if remarks:
            details.append(f"{message('summary.remarks', lang)}: {remarks}")
        for detail in details:
            lines += wrap(visible(detail), _TEXT_WIDTH, indent, indent + "  ")
    return "\n".join(lines) + "\n"


__all__ = [
    "SORTS",
    "UnitRow",
    "WorstCv",
    "build",
    "cells",
    "chart_svg",
    "head",
    "row_data",
    "rows",
    "section",
    "sorted_rows",
    "text",
    "unit_row",
]

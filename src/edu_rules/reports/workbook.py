"""The results workbook (``edu-rules evaluate --format xlsx``): the tables an analyst pastes.

One workbook for one unit or many, in Chinese or English, the same bytes every time:

- **汇总 Summary** — a row per unit (the summary of :mod:`edu_rules.reports.summary`)
  and the units by verdict;
- **未达标项 Shortfalls** — every shortfall: unit, rule, subject, measured, required,
  gap, unit of measure, remedy, explanation, citation;
- **学校指标 School indicators** — per unit and stage, each school's seven indicators
  with the standard and the 85% floor above them; a value below the standard is
  marked amber, below the floor red, and the school rule's reason is written out;
- **差异系数 CV** — per unit, stage and indicator: schools, mean, standard deviation,
  CV and its limit;
- **无法评估 Not evaluated** — what could not be evaluated or is checked by hand, and why.

Values are numbers in their cells (rounded only by the cell format), so they can be
summed and charted; yes/no values and unknowns are words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from edu_rules._messages import message
from edu_rules.io.excel import sheets, stable_bytes
from edu_rules.model.county import STAGE_NAMES
from edu_rules.model.result import Finding, Outcome, Result
from edu_rules.reports import _format as fmt
from edu_rules.reports import _model, _xlsx, summary

if TYPE_CHECKING:
    from edu_rules.batch import UnitProgress
    from edu_rules.plugins import Registry

_FILLS: Final = {
    "met": "E8F5E9",
    "tolerated": "FFF3C4",
    "shortfall": "FFCDD2",
    "not-evaluable": "EEEEEE",
    "head": "E0E0E0",
}
_VALUE_FORMAT: Final = "#,##0.00"
_CV_FORMAT: Final = "0.000"


class _Sheet:
    """Writes rows into one worksheet: text or numbers, bold headings, marked cells."""

    def __init__(self, book: _Book, title: str) -> None:
        self.book = book
        self.sheet = book.workbook.create_sheet(_xlsx.sheet_name(title, book.used))
        self.row = 1

    def put(
        self,
        values: Sequence[object],
        *,
        bold: bool = False,
        marks: Sequence[str | None] = (),
        formats: Sequence[str | None] = (),
    ) -> None:
        """One row; a number's format is the display precision of its kind (``formats``)."""
        styles = self.book.styles
        for column, value in enumerate(values, start=1):
            cell = sheets.put(self.sheet, self.row, column, value)
            if bold:
                cell.font = styles.Font(bold=True)
            mark = marks[column - 1] if column - 1 < len(marks) else None
            if mark in _FILLS:
                colour = _FILLS[mark]
                cell.fill = styles.PatternFill(
                    fill_type="solid", start_color=colour, end_color=colour
                )
            shape = formats[column - 1] if column - 1 < len(formats) else None
            if isinstance(value, float | int) and not isinstance(value, bool):
                if shape is not None:
                    cell.number_format = shape
                elif isinstance(value, float):
                    cell.number_format = _CV_FORMAT if mark == "cv" else _VALUE_FORMAT
        self.row += 1

    def head(self, values: Sequence[str]) -> None:
        self.put(values, bold=True, marks=["head"] * len(values))

    def skip(self) -> None:
        self.row += 1


class _Book:
    def __init__(self) -> None:
        from edu_rules.io.excel import openpyxl_module

        self.styles = openpyxl_module().styles
        self.workbook = _xlsx.new_workbook()
        self.used: set[str] = set()

    def sheet(self, key: str, lang: str) -> _Sheet:
        return _Sheet(self, message(f"results.sheet.{key}", lang))


def _m(key: str, lang: str, **values: object) -> str:
    return message(key, lang, **values)


def _value(finding: Finding, value: float | None, lang: str) -> object:
    """A figure as a number, or as words for yes/no and unknown."""
    if value is None:
        return _m("label.unknown_value", lang)
    if finding.unit == "flag":
        return _m("flag.yes" if value else "flag.no", lang)
    if finding.unit == "year":
        return int(value)
    return float(value) if not float(value).is_integer() else int(value)


_DECIMALS: Final = {"cv": 3, "pct": 1}
"""Decimals shown by unit (criteria §6: CVs 3, percentages 1); others 2 (means, school values)."""

_MOST_DECIMALS: Final = 6
_TWO: Final = "#,##0.00"


def _shape(finding: Finding) -> str | None:
    """The number format of a finding's figures: its display precision (criteria §6).

    A failing value gets enough decimals to differ from its requirement: a CV of
    0.50025 against 0.5 shows as 0.5003, never as 0.500 against 0.500.
    """
    if finding.unit in {"flag", "indicators", "year"}:
        return None
    decimals = _DECIMALS.get(finding.unit or "", 2)
    measured, required = finding.measured, finding.required
    figures = [float(v) for v in (measured, required) if v is not None]
    if finding.unit not in _DECIMALS and figures and all(v.is_integer() for v in figures):
        decimals = 0  # counts (pupils, rooms, teachers) and whole sums
    if finding.outcome is Outcome.SHORTFALL and measured is not None and required is not None:
        decimals = _apart(float(measured), float(required), decimals)
    return sheets.decimals_format(decimals)


def _apart(value: float, limit: float, decimals: int) -> int:
    """Decimals enough to show ``value`` apart from the ``limit`` it misses (at most six)."""
    while decimals < _MOST_DECIMALS and f"{value:.{decimals}f}" == f"{limit:.{decimals}f}":
        decimals += 1
    return decimals


def _school_formats(
    row_bars: Sequence[_model.Bar | None], charts: Sequence[_model.IndicatorChart | None]
) -> list[str | None]:
    """A school row's formats: 2 decimals, more where a value below a limit would look equal."""
    formats: list[str | None] = [None] * 5
    for bar, chart in zip(row_bars, charts, strict=True):
        decimals = 2
        if bar is not None and bar.value is not None and chart is not None:
            for limit in (chart.threshold, chart.floor_value):
                if bar.value < limit:
                    decimals = _apart(bar.value, limit, decimals)
        formats.append(sheets.decimals_format(decimals))
    return formats


def _summary_sheet(book: _Book, made: Sequence[summary.UnitRow], lang: str, sort: str) -> None:
    sheet = book.sheet("summary", lang)
    sheet.put([_m("summary.title", lang)], bold=True)
    sheet.put([_m("summary.sorted", lang, by=_m(f"summary.sort.{sort}", lang))])
    if any(not row.result.official for row in made):
        sheet.put([_m("summary.some_unofficial", lang)], marks=["shortfall"])
    sheet.skip()
    head_row = sheet.row
    sheet.head(summary.head(lang))
    for row in made:
        cells = summary.cells(row, lang)
        values: list[object] = [cell.text for cell in cells]
        values[1], values[3] = row.result.assessment_year, row.binding
        marks = [
            None if cell.css and cell.css.startswith("verdict") else cell.css for cell in cells
        ]
        marks[2] = "met" if row.result.passed else "shortfall"
        sheet.put(values, marks=marks, formats=[None, "0", None, "#,##0"])
    last_row = sheet.row - 1
    sheet.skip()
    sheet.head((_m("label.verdict", lang), _m("summary.units", lang)))
    for status, count in summary.verdict_counts(made):
        sheet.put((_m(f"status.{status.value}", lang), count))
    sheets.lay_out(sheet.sheet, head_row=head_row, last_row=last_row, freeze_columns=1)


def _unit_cells(result: Result) -> list[object]:
    return [result.county.name, result.county.code]


def _shortfalls_sheet(book: _Book, results: Sequence[Result], lang: str) -> None:
    sheet = book.sheet("shortfalls", lang)
    sheet.head(
        [
            _m("label.unit", lang),
            _m("results.code", lang),
            _m("label.rule", lang),
            _m("results.title", lang),
            _m("label.family", lang),
            _m("label.layer", lang),
            _m("label.subject", lang),
            _m("label.stage", lang),
            _m("label.measured", lang),
            _m("results.comparator", lang),
            _m("label.required", lang),
            _m("label.gap", lang),
            _m("results.unit", lang),
            _m("label.to_close", lang),
            _m("label.why", lang),
            _m("label.citation", lang),
            _m("label.source_status", lang),
            _m("results.binding", lang),
        ]
    )
    for result in results:
        floor = fmt.floor_share(result)
        for finding in result.shortfalls:
            subject = finding.subject
            who = fmt.subject_text(attrs_without_stage(subject), lang)
            why = "; ".join(
                part
                for part in (
                    fmt.explanation(finding, lang, floor),
                    fmt.pulled_by_text(finding, lang),
                )
                if part
            )
            gap = (
                finding.gap if finding.gap and finding.unit not in {"flag", "indicators"} else None
            )
            shape = _shape(finding)
            sheet.put(
                [
                    *_unit_cells(result),
                    finding.rule,
                    fmt.title(finding.title, lang),
                    _m(f"family.{finding.family}", lang),
                    fmt.layer_level(result, finding.layer, lang),
                    who,
                    fmt.stage_name(subject.stage, lang),
                    _value(finding, finding.measured, lang),
                    fmt.comparator(finding.comparator),
                    "" if finding.required is None else _value(finding, finding.required, lang),
                    "" if gap is None else _value(finding, gap, lang),
                    fmt.unit_text(fmt.finding_unit(finding), lang),
                    fmt.remedy_text(finding, lang),
                    why,
                    finding.citation,
                    fmt.source_text(finding.source_status, lang),
                    _m("flag.yes" if finding.binding else "flag.no", lang),
                ],
                marks=[None] * 8 + ["shortfall"],
                formats=[None] * 8 + [shape, None, shape, shape],
            )
    sheets.lay_out(sheet.sheet, head_row=1, freeze_columns=2)


def attrs_without_stage(subject: Any) -> Any:
    """The subject without its stage (the stage has its own column)."""
    import attrs

    return attrs.evolve(subject, stage=None)


def _school_rule(result: Result) -> dict[tuple[str, str], Finding]:
    return {
        (f.subject.school or "", f.subject.stage or ""): f
        for f in result.findings
        if f.rule.endswith("school_rule") and f.subject.school is not None
    }


def _mark(value: float | None, outcome: Outcome, chart: _model.IndicatorChart) -> str | None:
    if value is None or outcome is Outcome.NOT_EVALUABLE:
        return "not-evaluable"
    if outcome is Outcome.NOT_APPLICABLE:
        return None
    if value >= chart.threshold:
        return "met"
    return "tolerated" if value >= chart.floor_value else "shortfall"


def _indicator_cell(bar: _model.Bar | None, lang: str) -> object:
    if bar is None:
        return ""
    if bar.outcome is Outcome.NOT_APPLICABLE:
        return _m("outcome.not_applicable", lang)
    if bar.value is None:
        return _m("label.unknown_value", lang)
    return bar.value


def _schools_sheet(
    book: _Book, results: Sequence[Result], lang: str, registry: Registry | None
) -> None:
    """One table: each unit's stages in turn, their standard and floor, then every school."""
    sheet = book.sheet("schools", lang)
    sheet.put([_m("results.schools_legend", lang)])
    blocks = []
    items: dict[str, str] = {}  # indicator → its heading, in the order met
    for result in results:
        floor = fmt.floor_share(result)
        charts = _model.indicator_charts(result, floor, registry)
        for stage in STAGE_NAMES:
            in_stage = [chart for chart in charts if chart.stage == stage]
            for c in in_stage:
                items.setdefault(
                    c.item, f"{c.item} {fmt.title(c.title, lang)}（{fmt.unit_text(c.unit, lang)}）"
                )
            if in_stage:
                blocks.append((result, floor, stage, in_stage))
    order = list(items)
    head_row = sheet.row
    sheet.head(
        [
            _m("label.unit", lang),
            _m("results.code", lang),
            _m("label.stage", lang),
            _m("results.school_id", lang),
            _m("results.school_name", lang),
            *items.values(),
            _m("results.school_rule", lang),
            _m("label.why", lang),
        ]
    )
    values_2 = [None] * 5 + [sheets.decimals_format(2)] * len(order)
    for result, floor, stage, in_stage in blocks:
        by_item = {chart.item: chart for chart in in_stage}
        charts_in_order = [by_item.get(item) for item in order]
        unit = [result.county.name, result.county.code, fmt.stage_name(stage, lang)]
        pct = fmt.number(floor * 100)
        limits = (
            (_m("label.threshold", lang), [c.threshold if c else "" for c in charts_in_order]),
            (
                _m("label.floor", lang, pct=pct),
                [c.floor_value if c else "" for c in charts_in_order],
            ),
        )
        for label, figures in limits:
            sheet.put(
                [*unit, "", label, *figures],
                bold=True,
                marks=["head"] * (5 + len(order)),
                formats=values_2,
            )
        rules = _school_rule(result)
        schools = dict.fromkeys((bar.school, bar.name) for chart in in_stage for bar in chart.bars)
        bars = [{bar.school: bar for bar in c.bars} if c else {} for c in charts_in_order]
        for school, school_name in schools:
            row_bars = [by_school.get(school) for by_school in bars]
            finding = rules.get((school, stage))
            verdict = _m(f"outcome.{finding.outcome.value}", lang) if finding else ""
            reason = fmt.explanation(finding, lang, floor) if finding else ""
            marks: list[str | None] = [None] * 5
            marks += [
                _mark(bar.value, bar.outcome, chart) if bar and chart else None
                for bar, chart in zip(row_bars, charts_in_order, strict=True)
            ]
            if finding is not None:
                marks.append("shortfall" if finding.outcome is Outcome.SHORTFALL else None)
            sheet.put(
                [
                    *unit,
                    school,
                    school_name or "",
                    *(_indicator_cell(b, lang) for b in row_bars),
                    verdict,
                    reason,
                ],
                marks=marks,
                formats=_school_formats(row_bars, charts_in_order),
            )
    sheets.lay_out(sheet.sheet, head_row=head_row, freeze_columns=5)


def _cv_sheet(book: _Book, results: Sequence[Result], lang: str, registry: Registry | None) -> None:
    sheet = book.sheet("cv", lang)
    sheet.head(
        [
            _m("label.unit", lang),
            _m("results.code", lang),
            _m("label.stage", lang),
            _m("label.rule", lang),
            _m("results.title", lang),
            _m("label.schools", lang),
            _m("label.mean", lang),
            _m("results.sd", lang),
            _m("label.cv", lang),
            _m("results.comparator", lang),
            _m("label.cv_limit", lang),
            _m("label.outcome", lang),
            _m("label.why", lang),
        ]
    )
    for result in results:
        for stage, findings in _model.cv_findings(result, registry).items():
            for finding in findings:
                details = finding.details or {}
                mean = details.get("mean")
                cv = finding.measured
                sd = (
                    float(cv) * float(mean)
                    if cv is not None and isinstance(mean, int | float)
                    else None
                )
                why = fmt.pulled_by_text(finding, lang) or (
                    fmt.missing_text(finding, lang) if cv is None else ""
                )
                unknown = _m("label.unknown_value", lang)
                sheet.put(
                    [
                        *_unit_cells(result),
                        fmt.stage_name(stage, lang),
                        finding.rule,
                        fmt.title(finding.title, lang),
                        details.get("schools", ""),
                        float(mean) if isinstance(mean, int | float) else unknown,
                        sd if sd is not None else unknown,
                        float(cv) if cv is not None else unknown,
                        fmt.comparator(finding.comparator),
                        float(finding.required) if finding.required is not None else "",
                        _m(f"outcome.{finding.outcome.value}", lang),
                        why,
                    ],
                    formats=[None] * 6 + [_TWO, _TWO, _shape(finding), None, _shape(finding)],
                    marks=[None] * 8
                    + [
                        "cv",
                        None,
                        "cv",
                        "shortfall" if finding.outcome is Outcome.SHORTFALL else None,
                    ],
                )
    sheets.lay_out(sheet.sheet, head_row=1, freeze_columns=2)


def _open_sheet(book: _Book, results: Sequence[Result], lang: str) -> None:
    sheet = book.sheet("not_evaluated", lang)
    sheet.head(
        [
            _m("label.unit", lang),
            _m("results.code", lang),
            _m("label.rule", lang),
            _m("results.title", lang),
            _m("label.subject", lang),
            _m("label.outcome", lang),
            _m("label.why", lang),
        ]
    )
    for result in results:
        for finding in (*result.not_evaluated, *result.manual_checks):
            sheet.put(
                [
                    *_unit_cells(result),
                    finding.rule,
                    fmt.title(finding.title, lang),
                    fmt.subject_text(finding.subject, lang),
                    _m(f"outcome.{finding.outcome.value}", lang),
                    fmt.missing_text(finding, lang),
                ]
            )
        for fault in result.faults:
            sheet.put(
                [
                    *_unit_cells(result),
                    fault.rule or "",
                    fault.plugin,
                    "",
                    _m("outcome.error", lang),
                    fault.error,
                ],
                marks=[None] * 5 + ["shortfall"],
            )
    sheets.lay_out(sheet.sheet, head_row=1, freeze_columns=2)


def render(
    results: Sequence[Result],
    lang: str = "zh",
    *,
    sort: str = "code",
    progress: Sequence[UnitProgress] | None = None,
    registry: Registry | None = None,
) -> bytes:
    """The results workbook of ``results`` (one unit or many), the same bytes every time.

    :raises ExcelSupportMissingError: when openpyxl is not installed (the ``excel`` extra).
    :raises ValueError: for an unknown sort.
    """
    made = summary.rows(results, sort=sort, progress=progress, registry=registry)
    ordered = [row.result for row in made]
    book = _Book()
    _summary_sheet(book, made, lang, sort)
    _shortfalls_sheet(book, ordered, lang)
    _schools_sheet(book, ordered, lang, registry)
    _cv_sheet(book, ordered, lang, registry)
    _open_sheet(book, ordered, lang)
    return stable_bytes(book.workbook)


__all__ = ["render"]

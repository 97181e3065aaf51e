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
from edu_rules.io.excel import stable_bytes
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
_WIDE: Final = 34
_NARROW: Final = 12


class _Sheet:
    """Writes rows into one worksheet: text or numbers, bold headings, marked cells."""

    def __init__(self, book: _Book, title: str) -> None:
        self.book = book
        self.sheet = book.workbook.create_sheet(_xlsx.sheet_name(title, book.used))
        self.row = 1

    def put(
        self, values: Sequence[object], *, bold: bool = False, marks: Sequence[str | None] = ()
    ) -> None:
        styles = self.book.styles
        for column, value in enumerate(values, start=1):
            cell = self.sheet.cell(row=self.row, column=column, value=value)
            if bold:
                cell.font = styles.Font(bold=True)
            mark = marks[column - 1] if column - 1 < len(marks) else None
            if mark in _FILLS:
                colour = _FILLS[mark]
                cell.fill = styles.PatternFill(
                    fill_type="solid", start_color=colour, end_color=colour
                )
            if isinstance(value, float):
                cell.number_format = _CV_FORMAT if mark == "cv" else _VALUE_FORMAT
        self.row += 1

    def head(self, values: Sequence[str]) -> None:
        self.put(values, bold=True, marks=["head"] * len(values))

    def skip(self) -> None:
        self.row += 1

    def widths(self, *widths: int) -> None:
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width


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


def _summary_sheet(book: _Book, made: Sequence[summary.UnitRow], lang: str, sort: str) -> None:
    sheet = book.sheet("summary", lang)
    sheet.put([_m("summary.title", lang)], bold=True)
    sheet.put([_m("summary.sorted", lang, by=_m(f"summary.sort.{sort}", lang))])
    if any(not row.result.official for row in made):
        sheet.put([_m("summary.some_unofficial", lang)], marks=["shortfall"])
    sheet.skip()
    sheet.head(summary.head(lang))
    sheet.sheet.freeze_panes = f"B{sheet.row}"
    for row in made:
        cells = summary.cells(row, lang)
        values: list[object] = [cell.text for cell in cells]
        values[1], values[3] = row.result.assessment_year, row.binding
        marks = [
            None if cell.css and cell.css.startswith("verdict") else cell.css for cell in cells
        ]
        marks[2] = "met" if row.result.passed else "shortfall"
        sheet.put(values, marks=marks)
    sheet.skip()
    sheet.head((_m("label.verdict", lang), _m("summary.units", lang)))
    for status, count in summary.verdict_counts(made):
        sheet.put((_m(f"status.{status.value}", lang), count))
    sheet.widths(24, 8, 16, 10, 34, 12, 24, 24, 18, 28)


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
            )
            _figure_formats(sheet.sheet, sheet.row - 1, finding)
    sheet.widths(
        14, 8, 22, _WIDE, 16, 8, _WIDE, 6, _NARROW, 4, _NARROW, _NARROW, 14, 22, _WIDE, _WIDE, 10, 8
    )
    sheet.sheet.freeze_panes = "C2"


def _figure_formats(sheet: Any, row: int, finding: Finding) -> None:
    """Measured, required and gap (columns I, K, L) shown with the digits the reports use.

    A value below its standard that would round to its requirement keeps every digit,
    as in the text and HTML reports (:func:`edu_rules.reports._format.figures`).
    """
    shown = fmt.figures(finding)
    for column, text in (("I", shown.measured), ("K", shown.required), ("L", shown.gap)):
        cell = sheet[f"{column}{row}"]
        places = fmt.shown_decimals(text)
        if isinstance(cell.value, float) and places:
            cell.number_format = "#,##0." + "0" * places


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
    sheet = book.sheet("schools", lang)
    sheet.put([_m("results.schools_legend", lang)])
    sheet.skip()
    for result in results:
        floor = fmt.floor_share(result)
        charts = _model.indicator_charts(result, floor, registry)
        rules = _school_rule(result)
        for stage in STAGE_NAMES:
            in_stage = [chart for chart in charts if chart.stage == stage]
            if not in_stage:
                continue
            name = f"{result.county.name} ({result.county.code}) · {fmt.stage_name(stage, lang)}"
            sheet.put([name], bold=True)
            sheet.head(
                [
                    _m("results.school_id", lang),
                    _m("results.school_name", lang),
                    *(
                        f"{c.item} {fmt.title(c.title, lang)}（{fmt.unit_text(c.unit, lang)}）"
                        for c in in_stage
                    ),
                    _m("results.school_rule", lang),
                    _m("label.why", lang),
                ]
            )
            sheet.put(
                ["", _m("label.threshold", lang), *(c.threshold for c in in_stage)], bold=True
            )
            pct = fmt.number(floor * 100)
            sheet.put(["", _m("label.floor", lang, pct=pct), *(c.floor_value for c in in_stage)])
            schools = dict.fromkeys(
                (bar.school, bar.name) for chart in in_stage for bar in chart.bars
            )
            bars = [{bar.school: bar for bar in chart.bars} for chart in in_stage]
            for school, school_name in schools:
                row_bars = [by_school.get(school) for by_school in bars]
                finding = rules.get((school, stage))
                verdict = _m(f"outcome.{finding.outcome.value}", lang) if finding else ""
                reason = fmt.explanation(finding, lang, floor) if finding else ""
                marks: list[str | None] = [None, None]
                marks += [
                    _mark(bar.value, bar.outcome, chart) if bar else None
                    for bar, chart in zip(row_bars, in_stage, strict=True)
                ]
                if finding is not None:
                    marks.append("shortfall" if finding.outcome is Outcome.SHORTFALL else None)
                sheet.put(
                    [
                        school,
                        school_name or "",
                        *(_indicator_cell(b, lang) for b in row_bars),
                        verdict,
                        reason,
                    ],
                    marks=marks,
                )
            sheet.skip()
    sheet.widths(16, _WIDE, *([16] * 7), 14, _WIDE)


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
                    marks=[None] * 8
                    + [
                        "cv",
                        None,
                        "cv",
                        "shortfall" if finding.outcome is Outcome.SHORTFALL else None,
                    ],
                )
    sheet.widths(14, 8, 6, 18, _WIDE, 10, 12, 12, 10, 4, 8, 12, _WIDE)
    sheet.sheet.freeze_panes = "C2"


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
    sheet.widths(14, 8, 30, _WIDE, _WIDE, 14, 60)
    sheet.sheet.freeze_panes = "C2"


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

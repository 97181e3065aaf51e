"""The report for people as a small document tree, built once and written as Markdown or HTML.

Building the content once is what keeps the two formats saying the same things:
:mod:`~edu_rules.reports.markdown` and :mod:`~edu_rules.reports.html` only decide
how a :class:`Table`, a :class:`Figure` or a :class:`Section` is spelled.  Every
section carries at least one table, so its content can be read (and printed)
without the charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

import attrs

from edu_rules._messages import message
from edu_rules.model.county import STAGE_NAMES
from edu_rules.model.result import Finding, Outcome, Result
from edu_rules.reports import _format as fmt
from edu_rules.reports import _model, _svg

if TYPE_CHECKING:
    from edu_rules.plugins import Registry


@attrs.frozen
class Cell:
    """A table cell; ``css`` marks its standing (``shortfall``, ``met``, ...) for HTML."""

    text: str
    css: str | None = None


@attrs.frozen
class Table:
    """A table with one header row; ``caption`` says what it lists."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@attrs.frozen
class Figure:
    """An inline SVG chart with a caption in words."""

    svg: str
    caption: str


@attrs.frozen
class Paragraph:
    """A paragraph of plain text; ``css`` styles it in HTML (``verdict-fail``, ``note``)."""

    text: str
    css: str | None = None


Block: TypeAlias = "Table | Figure | Paragraph | Section"


@attrs.frozen
class Section:
    """A titled part of the report; ``key`` is its stable anchor (``shortfalls``)."""

    key: str
    heading: str
    blocks: tuple[Block, ...]


@attrs.frozen
class Report:
    """One county's report: its title, the facts under the title, and its sections."""

    lang: str
    title: str
    subtitle: str
    status: str
    facts: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    footer: tuple[str, ...]


def _m(key: str, lang: str, **values: object) -> str:
    return message(key, lang, **values)


def _cells(*texts: str, css: str | None = None) -> tuple[Cell, ...]:
    return tuple(Cell(text, css) for text in texts)


_ONE_LINE = 14
"""A figure up to this many characters (``≤ 45 人``, ``4.2 人/百名学生``) is kept on one line."""


def _figure(text: str, css: str | None = None) -> Cell:
    """A cell holding a figure: kept on one line when short, so ``≤ 0.5`` never splits."""
    if len(text) > _ONE_LINE:
        return Cell(text, css)
    return Cell(text, f"{css} nowrap" if css else "nowrap")


def _table(caption: str, head: Sequence[str], rows: Sequence[tuple[Cell, ...]], lang: str) -> Table:
    """A table; an empty one gets a single row saying so, so no section is ever bare."""
    if not rows:
        rows = [(Cell(_m("label.none", lang)), *(Cell("") for _ in head[1:]))]
    return Table(caption, tuple(head), tuple(rows))


def _outcome_css(outcome: Outcome) -> str:
    return outcome.value.replace("_", "-")


# --------------------------------------------------------------------------- sections


def _unofficial(result: Result, lang: str) -> tuple[Paragraph, ...]:
    if result.official:
        return ()
    names = ", ".join(item.plugin for item in result.left_out)
    return (Paragraph(_m("verdict.unofficial", lang, names=names), "verdict verdict-fail"),)


def _summary(result: Result, lang: str) -> Section:
    summary = result.summary
    status = _m(f"status.{result.status.value}", lang)
    overview = [
        _cells(_m("label.verdict", lang), status, css=f"verdict-{result.status.value}"),
        _cells(_m("label.binding_shortfalls", lang), fmt.number(summary.binding_shortfalls)),
        _cells(
            _m("label.advisory_shortfalls", lang),
            fmt.number(summary.shortfalls - summary.binding_shortfalls),
        ),
        _cells(_m("label.not_evaluated", lang), fmt.number(summary.not_evaluated)),
        _cells(_m("label.manual_checks", lang), fmt.number(summary.manual_checks)),
        *(
            [_cells(_m("label.exceptions", lang), fmt.number(fmt.exceptions_relied_on(result)))]
            if fmt.exceptions_relied_on(result)
            else []
        ),
        _cells(_m("label.faults", lang), fmt.number(summary.errors)),
        _cells(_m("label.rules_applied", lang), fmt.number(summary.rules_applied)),
    ]
    families = [_cells(name, fmt.number(count)) for name, count in fmt.family_counts(result, lang)]
    layers = [
        _cells(level, fmt.layer_title(result, layer, lang), fmt.number(count))
        for level, layer, count in fmt.layer_counts(result, lang)
    ]
    count = _m("label.count", lang)
    return Section(
        "summary",
        _m("label.summary", lang),
        (
            Paragraph(
                _m(f"verdict.{result.status.value}", lang), f"verdict verdict-{result.status.value}"
            ),
            *_unofficial(result, lang),
            _table(
                _m("label.summary", lang),
                (_m("label.item", lang), _m("label.value", lang)),
                overview,
                lang,
            ),
            _table(_m("label.by_family", lang), (_m("label.family", lang), count), families, lang),
            _table(
                _m("label.by_layer", lang),
                (_m("label.level", lang), _m("label.layer", lang), count),
                layers,
                lang,
            ),
        ),
    )


def _rule_text(finding: Finding | _model.RuleRow, lang: str, advisory: str = "") -> str:
    """A rule as a reader looks for it: its title, then its id in brackets."""
    return f"{fmt.title(finding.title, lang)}{advisory} [{finding.rule}]"


def _shortfall_row(finding: Finding, lang: str, floor: float, total: int) -> tuple[Cell, ...]:
    advisory = f" {_m('label.advisory', lang)}" if not finding.binding else ""
    why = "; ".join(
        part
        for part in (
            fmt.exception_text(finding, lang),
            fmt.explanation(finding, lang, floor),
            fmt.pulled_by_text(finding, lang),
        )
        if part
    )
    source = fmt.source_text(finding.source_status, lang)
    return (
        Cell(_rule_text(finding, lang, advisory)),
        Cell(fmt.subject_text(finding.subject, lang)),
        _figure(fmt.measured_text(finding, lang, total), "shortfall"),
        _figure(fmt.required_text(finding, lang)),
        _figure(fmt.gap_text(finding, lang)),
        Cell(fmt.remedy_text(finding, lang)),
        Cell(why),
        Cell(f"{finding.citation} [{source}]"),
    )


def _shortfalls(result: Result, lang: str, floor: float) -> Section:
    head = tuple(
        _m(key, lang)
        for key in (
            "label.rule",
            "label.subject",
            "label.measured",
            "label.required",
            "label.gap",
            "label.to_close",
            "label.why",
            "label.citation",
        )
    )
    heading = fmt.shortfalls_heading(result, lang)
    if not result.shortfalls:
        return Section(
            "shortfalls", heading, (_table(_m("label.shortfalls", lang), head, [], lang),)
        )
    blocks: list[Block] = []
    totals = fmt.school_rule_totals(result)
    for family, findings in _model.grouped_by_family(result.shortfalls):
        name = _m(f"family.{family}", lang)
        rows = [
            _shortfall_row(finding, lang, floor, fmt.indicator_total(totals, finding))
            for finding in findings
        ]
        blocks.append(
            Section(
                f"shortfalls-{family}",
                f"{name} ({len(findings)})",
                (_table(name, head, rows, lang),),
            )
        )
    return Section("shortfalls", heading, tuple(blocks))


def _cv_text(chart: _model.IndicatorChart) -> tuple[str, str]:
    if chart.cv is None:
        return "", ""
    shown = fmt.figures(chart.cv)
    return shown.measured or "", f"{fmt.comparator(chart.cv.comparator)} {shown.required or ''}"


def _chart_row(chart: _model.IndicatorChart, lang: str) -> tuple[Cell, ...]:
    below = chart.count(below=chart.threshold)
    under_floor = chart.count(below=chart.floor_value)
    cv, limit = _cv_text(chart)
    return (
        Cell(f"{chart.item} {fmt.title(chart.title, lang)}"),
        _figure(fmt.stage_name(chart.stage, lang)),
        _figure(f"{fmt.number(chart.threshold)} {fmt.unit_text(chart.unit, lang)}".strip()),
        _figure(fmt.number(chart.floor_value)),
        Cell(fmt.number(len(chart.bars))),
        Cell(fmt.number(below), "tolerated" if below else None),
        Cell(fmt.number(under_floor), "shortfall" if under_floor else None),
        Cell(fmt.number(chart.count(unknown=True))),
        _figure(cv, _outcome_css(chart.cv.outcome) if chart.cv else None),
        _figure(limit),
    )


def _standing(chart: _model.IndicatorChart, value: float | None) -> str | None:
    if value is None:
        return "not-evaluable"
    if value < chart.floor_value:
        return "shortfall"
    return "tolerated" if value < chart.threshold else None


def _school_table(
    charts: Sequence[_model.IndicatorChart], numbers: dict[str, int], stage: str, lang: str
) -> Table:
    """Each school stage by its number under the bars, with its value of every indicator.

    This is what names the bars on paper: a chart's bar ``12`` is the school in row 12.
    """
    values = {
        (chart.rule, bar.school): (bar.value, _standing(chart, bar.value))
        for chart in charts
        for bar in chart.bars
    }
    names = {bar.school: bar.name for chart in charts for bar in chart.bars}
    unknown = _m("label.unknown_value", lang)
    rows = []
    for school, index in numbers.items():
        name = names.get(school)
        cells = [Cell(str(index)), Cell(f"{name} ({school})" if name else school)]
        for chart in charts:
            value, css = values.get((chart.rule, school), (None, "not-evaluable"))
            cells.append(Cell(unknown if value is None else fmt.number(value), css))
        rows.append(tuple(cells))
    head = (
        _m("label.number", lang),
        _m("label.school", lang),
        *(chart.item for chart in charts),
    )
    return _table(_m("label.school_table", lang, stage=stage), head, rows, lang)


def _charts(result: Result, lang: str, floor: float, registry: Registry | None) -> Section:
    charts = _model.indicator_charts(result, floor, registry)
    head = (
        _m("label.indicator", lang),
        _m("label.stage", lang),
        _m("label.threshold", lang),
        _m("label.floor", lang, pct=fmt.number(floor * 100)),
        _m("label.schools", lang),
        _m("label.below_standard", lang),
        _m("label.below_floor", lang, pct=fmt.number(floor * 100)),
        _m("label.unknown_value", lang),
        _m("label.cv", lang),
        _m("label.cv_limit", lang),
    )
    blocks: list[Block] = [
        Paragraph(_m("label.chart_legend", lang, pct=fmt.number(floor * 100)), "note")
    ]
    if not charts:
        blocks.append(_table(_m("label.charts", lang), head, [], lang))
    for stage in STAGE_NAMES:
        in_stage = [chart for chart in charts if chart.stage == stage]
        if not in_stage:
            continue
        name = fmt.stage_name(stage, lang)
        numbers = _svg.school_numbers(in_stage)
        figures = [
            Figure(
                _svg.indicator_svg(chart, lang, numbers),
                f"{_svg.indicator_title(chart, lang)} — {_svg.indicator_caption(chart, lang)}",
            )
            for chart in in_stage
        ]
        table = _table(
            f"{_m('label.charts', lang)} · {name}",
            head,
            [_chart_row(c, lang) for c in in_stage],
            lang,
        )
        schools = _school_table(in_stage, numbers, name, lang)
        blocks.append(Section(f"charts-{stage}", name, (table, *figures, schools)))
    return Section("charts", _m("label.charts", lang), tuple(blocks))


def _cv(result: Result, lang: str, registry: Registry | None) -> Section:
    by_stage = _model.cv_findings(result, registry)
    head = (
        _m("label.rule", lang),
        _m("label.stage", lang),
        _m("label.cv", lang),
        _m("label.cv_limit", lang),
        _m("label.outcome", lang),
        _m("label.schools", lang),
        _m("label.mean", lang),
        _m("label.why", lang),
    )
    rows = []
    for stage, findings in by_stage.items():
        for finding in findings:
            details = finding.details or {}
            why = fmt.pulled_by_text(finding, lang) or (
                fmt.missing_text(finding, lang) if finding.measured is None else ""
            )
            shown = fmt.figures(finding)
            rows.append(
                (
                    Cell(_rule_text(finding, lang)),
                    _figure(fmt.stage_name(stage, lang)),
                    _figure(shown.measured or "—", _outcome_css(finding.outcome)),
                    _figure(f"{fmt.comparator(finding.comparator)} {shown.required or '—'}"),
                    Cell(
                        _m(f"outcome.{finding.outcome.value}", lang), _outcome_css(finding.outcome)
                    ),
                    Cell(fmt.number(details.get("schools")) if "schools" in details else ""),
                    Cell(fmt.number(details.get("mean")) if "mean" in details else ""),
                    Cell(why),
                )
            )
    blocks: list[Block] = [_table(_m("label.cv_section", lang), head, rows, lang)]
    blocks += [
        Figure(
            _svg.cv_svg(findings, stage, lang),
            _m("label.cv_chart_title", lang, stage=fmt.stage_name(stage, lang)),
        )
        for stage, findings in by_stage.items()
    ]
    return Section("balance", _m("label.cv_section", lang), tuple(blocks))


def _layers(result: Result, lang: str, rules: Sequence[_model.RuleRow]) -> Section:
    head = (
        _m("label.level", lang),
        _m("label.layer", lang),
        _m("label.document", lang),
        _m("label.package", lang),
        *(_m(f"role.{role}", lang) for role in _model.ROLES),
    )
    rows = []
    for row in _model.layer_rows(result, rules):
        layer = row.layer
        package = f"{layer.distribution} {layer.version}" if layer.distribution else ""
        rows.append(
            (
                Cell(_m(f"level.{layer.level}", lang)),
                Cell(layer.jurisdiction or _m("layers.everywhere", lang)),
                Cell(f"{fmt.title(layer.title, lang)} {layer.citation}"),
                Cell(package),
                *(Cell(fmt.number(row.roles[role])) for role in _model.ROLES),
            )
        )
    document_rows = [
        _cells(document, layer, _m(f"role.{role}", lang), fmt.number(count))
        for document, layer, role, count in _model.documents(rules)
    ]
    documents_head = (
        _m("label.document", lang),
        _m("label.layer", lang),
        _m("label.role", lang),
        _m("label.rule_count", lang),
    )
    return Section(
        "layers",
        _m("label.layers_section", lang),
        (
            _table(_m("label.layers", lang), head, rows, lang),
            _table(_m("label.documents", lang), documents_head, document_rows, lang),
        ),
    )


def _not_evaluated(result: Result, lang: str, *, manual: bool = False) -> Section:
    findings, label = (
        (result.manual_checks, "label.manual_checks")
        if manual
        else (result.not_evaluated, "label.not_evaluated")
    )
    head = (
        _m("label.rule", lang),
        _m("label.subject", lang),
        _m("label.outcome", lang),
        _m("label.why", lang),
    )
    rows = [
        (
            Cell(_rule_text(finding, lang)),
            Cell(fmt.subject_text(finding.subject, lang)),
            Cell(_m(f"outcome.{finding.outcome.value}", lang), _outcome_css(finding.outcome)),
            Cell(fmt.missing_text(finding, lang)),
        )
        for finding in findings
    ]
    heading = f"{_m(label, lang)} ({len(findings)})"
    anchor = "manual-checks" if manual else "not-evaluated"
    return Section(anchor, heading, (_table(_m(label, lang), head, rows, lang),))


def _outcome_counts(outcomes: dict[str, int], lang: str) -> str:
    order = [outcome.value for outcome in Outcome]
    return ", ".join(
        f"{_m(f'outcome.{name}', lang)} {count}"
        for name, count in sorted(outcomes.items(), key=lambda item: order.index(item[0]))
    )


def _rules(result: Result, lang: str, rules: Sequence[_model.RuleRow]) -> Section:
    head = (
        _m("label.rule", lang),
        _m("label.family", lang),
        _m("label.citation", lang),
        _m("label.source_status", lang),
        _m("label.effective", lang),
        _m("label.provenance", lang),
        _m("label.outcome", lang),
    )
    rows = []
    for row in rules:
        effective = row.effective_from + (f" – {row.effective_to}" if row.effective_to else " –")
        provenance = "; ".join(
            _m(
                "label.provenance_record",
                lang,
                level=fmt.layer_level(result, record.layer, lang),
                role=_m(f"role.{record.role}", lang),
            )
            for record in row.provenance
        )
        rows.append(
            (
                Cell(_rule_text(row, lang)),
                Cell(_m(f"family.{row.family}", lang)),
                Cell(row.citation),
                Cell(fmt.source_text(row.source_status, lang), f"source-{row.source_status}"),
                Cell(effective),
                Cell(provenance),
                Cell(_outcome_counts(row.outcomes, lang)),
            )
        )
    return Section(
        "rules",
        _m("label.rules_section", lang),
        (
            Paragraph(_m("label.source_legend", lang), "note"),
            _table(_m("label.rules_section", lang), head, rows, lang),
        ),
    )


def _faults_and_notes(result: Result, lang: str) -> list[Section]:
    sections = []
    if result.faults:
        head = (_m("label.plugin", lang), _m("label.rule", lang), _m("label.why", lang))
        rows = [_cells(f.plugin, f.rule or "", f.error, css="error") for f in result.faults]
        sections.append(
            Section(
                "faults",
                _m("label.faults", lang),
                (_table(_m("label.faults", lang), head, rows, lang),),
            )
        )
    if result.notes:
        note_head = (_m("label.layer", lang), _m("label.note", lang))
        rows = [
            _cells(fmt.layer_level(result, n.layer, lang), n.zh if lang == "zh" else n.en)
            for n in result.notes
        ]
        sections.append(
            Section(
                "notes",
                _m("label.notes", lang),
                (_table(_m("label.notes", lang), note_head, rows, lang),),
            )
        )
    return sections


def build(result: Result, lang: str, registry: Registry | None = None) -> Report:
    """The report on ``result`` in ``lang``, ready to be written as Markdown or HTML.

    :param registry: the plugins whose evaluators say how each rule is drawn; by
        default the installed ones.
    """
    floor = fmt.floor_share(result)
    rules = _model.rule_rows(result)
    status = _m(f"status.{result.status.value}", lang)
    facts = (
        (_m("label.unit", lang), f"{result.county.name} ({result.county.code})"),
        (_m("label.year", lang), str(result.assessment_year)),
        (_m("label.as_of", lang), result.as_of),
        (_m("label.verdict", lang), status),
    )
    sections = (
        _summary(result, lang),
        _shortfalls(result, lang, floor),
        _charts(result, lang, floor, registry),
        _cv(result, lang, registry),
        _layers(result, lang, rules),
        _not_evaluated(result, lang),
        _not_evaluated(result, lang, manual=True),
        _rules(result, lang, rules),
        *_faults_and_notes(result, lang),
    )
    footer = (_m("label.generated", lang, version=result.engine_version, as_of=result.as_of),)
    return Report(
        lang=lang,
        title=_m("label.title", lang),
        subtitle=f"{result.county.name} ({result.county.code}) · {result.assessment_year}",
        status=result.status.value,
        facts=facts,
        sections=sections,
        footer=footer,
    )

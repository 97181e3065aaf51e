"""The city's annual monitoring report: built once, written as HTML, Markdown, Excel or JSON.

:func:`build` reads a :class:`~edu_rules.monitoring.MonitorResult` into the report
document of :mod:`edu_rules.reports._document` (sections of tables, figures and
paragraphs), which :mod:`~edu_rules.reports.html` and :mod:`~edu_rules.reports.markdown`
write as they write a county's report; the workbook has one sheet per section with
the same tables.  The JSON form is the monitoring's data (``schemas/monitor.schema.json``).
Every label comes from the message catalogue; numbers are rounded here only.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from html import escape
from typing import Final

from edu_rules._messages import message
from edu_rules.io.excel import stable_bytes
from edu_rules.model.county import STAGE_NAMES
from edu_rules.monitoring.monitor import (
    GapTrend,
    IndicatorYear,
    MonitorResult,
    ReadinessState,
    UnitMonitor,
    UnitYear,
)
from edu_rules.reports import _format as fmt
from edu_rules.reports import _svg, _xlsx
from edu_rules.reports._document import (
    Block,
    Cell,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
    _table,  # an empty table says so: one rule for all
)

FORMATS: Final = ("html", "md", "json", "xlsx")
"""The ``--format`` values of ``edu-rules monitor``."""

PALETTE: Final = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
    "#ff7f0e",
)
"""One colour per unit in the trend charts, in the order of the units."""

_STATE_CSS: Final = {
    ReadinessState.MET: "met",
    ReadinessState.ON_TRACK: "met",
    ReadinessState.AT_RISK: "tolerated",
    ReadinessState.OFF_TRACK: "shortfall",
    ReadinessState.NOT_PROJECTABLE: "not-evaluable",
    ReadinessState.NO_PLAN: None,
}
_CHANGES_SHOWN: Final = 12


def _m(key: str, lang: str, **values: object) -> str:
    return message(key, lang, **values)


def _num(value: Fraction | float | None, digits: int = 3) -> str:
    return fmt.number(None if value is None else float(value), digits)


def _year(value: int | None) -> str:
    return "—" if value is None else str(value)


def _title(result: MonitorResult, rule: str, lang: str) -> str:
    """A rule by its title, its id after it in brackets."""
    title = result.titles.get(rule)
    return f"{fmt.title(title, lang)} [{rule}]" if title is not None else rule


def _short(result: MonitorResult, rule: str, lang: str) -> str:
    """A rule by its short title (``学校资源配置达标``), for the summary's compact lists."""
    title = result.titles.get(rule)
    return fmt.short_title(title, lang) if title is not None else fmt.short_rule(rule)


def _state(state: ReadinessState, lang: str) -> Cell:
    css = _STATE_CSS[state]
    return Cell(_m(f"monitor.state.{state.value}", lang), f"{css} nowrap" if css else "nowrap")


def _status(year: UnitYear, lang: str) -> Cell:
    return Cell(_m(f"status.{year.status.value}", lang), f"verdict-{year.status.value}")


def _gap_label(result: MonitorResult, gap: GapTrend, lang: str) -> str:
    stage = f" · {fmt.stage_name(gap.stage, lang)}" if gap.stage else ""
    return f"{_title(result, gap.rule, lang)}{stage}"


def _gap_outlook(gap: GapTrend, lang: str) -> str:
    if gap.unprojectable is not None:
        return _m(f"monitor.reason.{gap.unprojectable.value}", lang)
    return str(gap.projected_year)


# --------------------------------------------------------------------------- sections


def _summary(result: MonitorResult, lang: str) -> Section:
    head = (
        _m("label.unit", lang),
        *(str(year) for year in result.years),
        _m("monitor.planned_year", lang),
        _m("monitor.projected_year", lang),
        _m("monitor.readiness", lang),
    )
    rows = []
    for unit in result.units:
        by_year = {year.year: year for year in unit.years}
        readiness = unit.readiness
        rows.append(
            (
                Cell(f"{unit.name} ({unit.code})"),
                *(
                    _status(by_year[year], lang) if year in by_year else Cell("—")
                    for year in result.years
                ),
                Cell(_year(readiness.planned_year)),
                Cell(_year(readiness.projected_year)),
                _state(readiness.state, lang),
            )
        )
    return Section(
        "summary",
        _m("monitor.summary", lang),
        (
            Paragraph(_m("monitor.not_a_verdict", lang), "note"),
            _table(_m("monitor.summary", lang), head, rows, lang),
        ),
    )


def _targets(result: MonitorResult, lang: str) -> Section:
    head = (
        _m("monitor.target", lang),
        _m("monitor.by_year", lang),
        _m("monitor.required_units", lang),
        *(str(year) for year in result.years),
    )
    rows = []
    for target_id in dict.fromkeys(t.id for t in result.targets):
        by_year = {t.year: t for t in result.targets if t.id == target_id}
        first = next(iter(by_year.values()))
        cells = []
        for year in result.years:
            target = by_year.get(year)
            if target is None:
                cells.append(Cell("—"))
                continue
            met = _m("monitor.target_met", lang) if target.met else ""
            text = _m(
                "monitor.reached",
                lang,
                reached=target.reached,
                units=target.units,
                recognised=target.recognised,
                passing=target.passing,
                met=met,
            )
            cells.append(Cell(text, "met" if target.met else ("shortfall" if target.due else None)))
        rows.append(
            (
                Cell(f"{fmt.title(first.title, lang)} ({first.citation})"),
                Cell(str(first.by_year)),
                Cell(f"{first.required}/{first.units}"),
                *cells,
            )
        )
    return Section(
        "targets",
        _m("monitor.targets", lang),
        (
            Paragraph(_m("monitor.targets_note", lang), "note"),
            _table(_m("monitor.targets", lang), head, rows, lang),
        ),
    )


def _deciding(result: MonitorResult, unit: UnitMonitor, lang: str) -> str:
    """``学校资源配置达标 · 小学: 差距在扩大; …``: short titles (the unit's section has all)."""
    return "; ".join(
        f"{_short(result, gap.rule, lang)}"
        f"{' · ' + fmt.stage_name(gap.stage, lang) if gap.stage else ''}: "
        f"{_gap_outlook(gap, lang)}"
        for gap in unit.readiness.deciding
    )


def _readiness(result: MonitorResult, lang: str) -> Section:
    head = (
        _m("label.unit", lang),
        _m("monitor.planned_year", lang),
        _m("label.verdict", lang),
        _m("monitor.projected_year", lang),
        _m("monitor.readiness", lang),
        _m("monitor.deciding", lang),
    )
    rows = [
        (
            Cell(f"{unit.name} ({unit.code})"),
            Cell(_year(unit.readiness.planned_year)),
            _status(unit.years[-1], lang),
            Cell(_year(unit.readiness.projected_year)),
            _state(unit.readiness.state, lang),
            Cell(_deciding(result, unit, lang)),
        )
        for unit in result.units
    ]
    return Section(
        "readiness",
        _m("monitor.readiness_section", lang),
        (
            Paragraph(_m("monitor.method", lang), "note"),
            Paragraph(_m("monitor.states", lang), "note"),
            _table(_m("monitor.readiness_section", lang), head, rows, lang),
        ),
    )


def _series(
    result: MonitorResult, rule: str, stage: str
) -> list[tuple[UnitMonitor, dict[int, IndicatorYear]]]:
    found = []
    for unit in result.units:
        points = {
            year.year: indicator
            for year in unit.years
            for indicator in year.indicators
            if indicator.rule == rule and indicator.stage == stage
        }
        if points:
            found.append((unit, points))
    return found


def trend_svg(  # noqa: PLR0913 - a chart's facets
    lines: Sequence[tuple[str, Sequence[tuple[int, float | None]]]],
    years: Sequence[int],
    *,
    limit: float | None,
    chart_title: str,
    description: str,
    lang: str,
) -> str:
    """Each line's values over ``years`` against a dashed ``limit``; one colour per line."""
    width, height = 680, 250
    left, right, top, bottom = 52, 170, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, points in lines for _, v in points if v is not None]
    y_max = max([*(v * 1.08 for v in values), (limit or 0) * 1.3, 0.1])

    inset = 18  # the first and last years' ticks clear the axis and the labels

    def x(year: int) -> float:
        if len(years) == 1:
            return left + plot_w / 2
        return left + inset + (year - years[0]) / (years[-1] - years[0]) * (plot_w - 2 * inset)

    def y(value: float) -> float:
        return top + plot_h - value / y_max * plot_h

    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            'width="100%" role="img" class="chart" preserveAspectRatio="xMinYMin meet">'
        ),
        f"<title>{escape(chart_title)}</title>",
        f"<desc>{escape(description)}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<g {_svg.FONT} fill="{_svg.INK}">',
    ]
    axis_y = top + plot_h
    parts += [
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{axis_y}" stroke="{_svg.INK}"/>',
        f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" stroke="{_svg.INK}"/>',
        f'<text x="{left - 6}" y="{axis_y + 4}" text-anchor="end">0</text>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{escape(_num(y_max, 2))}</text>',
    ]
    parts += [
        f'<text x="{x(year):.2f}" y="{axis_y + 16}" text-anchor="middle">{year}</text>'
        for year in years
    ]
    if limit is not None:
        limit_y = y(limit)
        parts += [
            (
                f'<line x1="{left}" y1="{limit_y:.2f}" x2="{left + plot_w}" y2="{limit_y:.2f}" '
                f'stroke="{_svg.RED}" stroke-width="1.5" stroke-dasharray="6,4"/>'
            ),
            (
                f'<text x="{left + 4}" y="{limit_y - 4:.2f}" fill="{_svg.RED}">'
                f"{escape(_m('monitor.limit', lang))} {escape(_num(limit))}</text>"
            ),
        ]
    labels: list[tuple[float, str, str]] = []
    for index, (name, points) in enumerate(lines):
        colour = PALETTE[index % len(PALETTE)]
        known = [(year, value) for year, value in points if value is not None]
        if len(known) > 1:
            path = " ".join(f"{x(year):.2f},{y(value):.2f}" for year, value in known)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.8"/>'
            )
        for year, value in known:
            parts.append(
                f'<circle cx="{x(year):.2f}" cy="{y(value):.2f}" r="2.6" fill="{colour}">'
                f"<title>{escape(f'{name} {year}: {_num(value)}')}</title></circle>"
            )
        if known:
            labels.append((y(known[-1][1]), name, colour))
    for label_y, name, colour in _svg.spread(sorted(labels), top + 8, height - 6):
        parts.append(
            f'<text x="{left + plot_w + 8}" y="{label_y:.2f}" fill="{colour}">{escape(name)}</text>'
        )
    parts += ["</g>", "</svg>"]
    return "\n".join(parts)


def _cv_block(result: MonitorResult, rule: str, stage: str, lang: str) -> list[Block]:
    series = _series(result, rule, stage)
    sample = next(iter(series[0][1].values()))
    limits = {i.cv_limit for _, points in series for i in points.values() if i.cv_limit}
    limit = max(limits) if limits else None
    chart_title = _m(
        "monitor.cv_chart_title",
        lang,
        item=sample.item,
        title=fmt.title(result.titles[rule], lang) if rule in result.titles else rule,
        stage=fmt.stage_name(stage, lang),
    )
    lines = [
        (
            unit.name,
            [
                (
                    year,
                    None
                    if year not in points or points[year].cv is None
                    else float(points[year].cv or 0),
                )
                for year in result.years
            ],
        )
        for unit, points in series
    ]
    caption = _m("monitor.cv_chart_caption", lang, limit=_num(limit))
    description = "; ".join(
        f"{name}: " + ", ".join(f"{year} {_num(value)}" for year, value in points)
        for name, points in lines
    )
    svg = trend_svg(
        lines,
        result.years,
        limit=None if limit is None else float(limit),
        chart_title=chart_title,
        description=description,
        lang=lang,
    )
    head = (
        _m("label.unit", lang),
        *(str(year) for year in result.years),
        _m("monitor.limit", lang),
    )
    rows = []
    for unit, points in series:
        cells = []
        for year in result.years:
            point = points.get(year)
            if point is None:
                cells.append(Cell("—"))
                continue
            css = point.cv_outcome.value.replace("_", "-") if point.cv_outcome else None
            cells.append(Cell(_num(point.cv), css))
        rows.append((Cell(unit.name), *cells, Cell(_num(limit))))
    return [Figure(svg, f"{chart_title} — {caption}"), _table(chart_title, head, rows, lang)]


def _cv(result: MonitorResult, lang: str) -> Section:
    keys = dict.fromkeys(
        (indicator.rule, indicator.stage, indicator.item)
        for unit in result.units
        for year in unit.years
        for indicator in year.indicators
    )
    blocks: list[Block] = []
    for stage in STAGE_NAMES:
        in_stage = sorted(
            ((rule, item) for rule, s, item in keys if s == stage),
            key=lambda pair: (int(pair[1][1:]) if pair[1][1:].isdigit() else 0, pair[0]),
        )
        if not in_stage:
            continue
        parts: list[Block] = []
        for rule, _item in in_stage:
            parts += _cv_block(result, rule, stage, lang)
        blocks.append(Section(f"cv-{stage}", fmt.stage_name(stage, lang), tuple(parts)))
    if not blocks:
        blocks.append(_table(_m("monitor.cv_section", lang), (_m("label.unit", lang),), [], lang))
    return Section("cv", _m("monitor.cv_section", lang), tuple(blocks))


def _kinds(year: UnitYear, lang: str) -> str:
    if year.remedies is None:
        return ""
    return ", ".join(
        f"{_num(quantity)} {_m(f'monitor.kind.{kind}', lang)}"
        for kind, quantity in year.remedies.by_kind.items()
    )


def _school_share(year: UnitYear, stage: str) -> str:
    for schools in year.schools:
        if schools.stage == stage:
            share = schools.share
            pct = "" if share is None else f" ({_num(share * 100, 1)}%)"
            return f"{schools.met}/{schools.schools}{pct}"
    return "—"


def _years_table(unit: UnitMonitor, lang: str) -> Table:
    head = (
        _m("label.year", lang),
        _m("label.verdict", lang),
        _m("label.binding_shortfalls", lang),
        _m("label.by_family", lang),
        _m("monitor.school_rule", lang, stage=fmt.stage_name("primary", lang)),
        _m("monitor.school_rule", lang, stage=fmt.stage_name("junior", lang)),
        _m("monitor.opened_closed", lang),
        _m("monitor.remedies", lang),
        _m("monitor.cost", lang),
        _m("monitor.after_plan", lang),
    )
    rows = []
    for year in unit.years:
        families = ", ".join(
            f"{_m(f'family.{family}', lang)} {count}" for family, count in year.by_family.items()
        )
        changes = year.changes
        moved = (
            f"+{len(changes.opened)} / −{len(changes.closed)} / ~{len(changes.changed)}"
            if changes is not None
            else "—"
        )
        remedies = year.remedies
        rows.append(
            (
                Cell(str(year.year)),
                _status(year, lang),
                Cell(fmt.number(year.binding_shortfalls)),
                Cell(families),
                Cell(_school_share(year, "primary")),
                Cell(_school_share(year, "junior")),
                Cell(moved),
                Cell(_kinds(year, lang)),
                Cell(_num(remedies.cost, 0) if remedies is not None else ""),
                Cell(
                    _m(f"status.{remedies.status_after.value}", lang)
                    if remedies is not None
                    else ""
                ),
            )
        )
    return _table(_m("monitor.unit_years", lang), head, rows, lang)


def _gaps_table(result: MonitorResult, unit: UnitMonitor, lang: str) -> Table:
    head = (
        _m("label.rule", lang),
        _m("monitor.gaps_by_year", lang),
        _m("monitor.pace", lang),
        _m("monitor.projected_year", lang),
    )
    deciding = set(unit.readiness.deciding)
    rows = []
    for gap in unit.readiness.gaps:
        unit_name = fmt.unit_text(gap.unit, lang)
        by_year = "; ".join(f"{point.year}: {_num(point.gap)}" for point in gap.points)
        rows.append(
            (
                Cell(_gap_label(result, gap, lang), "shortfall" if gap in deciding else None),
                Cell(f"{by_year} {unit_name}".strip()),
                Cell(_num(gap.pace)),
                Cell(_gap_outlook(gap, lang), "shortfall" if gap in deciding else None),
            )
        )
    return _table(_m("monitor.unit_gaps", lang), head, rows, lang)


def _indicators_table(unit: UnitMonitor, lang: str) -> Table:
    latest = unit.years[-1]
    head = (
        _m("label.indicator", lang),
        _m("label.stage", lang),
        _m("label.mean", lang),
        _m("label.threshold", lang),
        _m("label.cv", lang),
        _m("label.cv_limit", lang),
    )
    rows = [
        (
            Cell(indicator.item),
            Cell(fmt.stage_name(indicator.stage, lang)),
            Cell(
                _num(indicator.mean),
                "met"
                if indicator.mean is not None and indicator.mean >= indicator.standard
                else None,
            ),
            Cell(f"{_num(indicator.standard)} {fmt.unit_text(indicator.unit, lang)}".strip()),
            Cell(
                _num(indicator.cv),
                indicator.cv_outcome.value.replace("_", "-") if indicator.cv_outcome else None,
            ),
            Cell(f"{fmt.comparator(indicator.cv_comparator)} {_num(indicator.cv_limit)}".strip()),
        )
        for indicator in latest.indicators
    ]
    return _table(_m("monitor.unit_indicators", lang, year=latest.year), head, rows, lang)


def _moved(unit: str | None, before: Fraction | None, after: Fraction | None, lang: str) -> str:
    """``0 → 1 间`` — a measured value before and after, with its unit; years ungrouped."""

    def shown(value: Fraction | None) -> str:
        if value is None:
            return "—"
        return fmt.number(float(value), grouped=unit != "year")

    return f"{shown(before)} → {shown(after)} {fmt.unit_text(unit, lang)}".strip()


def _changes_table(result: MonitorResult, unit: UnitMonitor, lang: str) -> Table | None:
    latest = unit.years[-1]
    changes = latest.changes
    if changes is None:
        return None
    head = (
        _m("monitor.change", lang),
        _m("label.rule", lang),
        _m("label.subject", lang),
        _m("label.measured", lang),
    )
    rows: list[tuple[Cell, ...]] = []
    if changes.status_before is not latest.status:
        before = _m(f"status.{changes.status_before.value}", lang)
        after = _m(f"status.{latest.status.value}", lang)
        text = _m("monitor.status_change", lang, before=before, after=after)
        rows.append((Cell(text), Cell(""), Cell(""), Cell("")))
    for kind, listed in (
        ("opened", changes.opened),
        ("closed", changes.closed),
        ("changed", changes.changed),
    ):
        css = {"opened": "shortfall", "closed": "met", "changed": None}[kind]
        rows.extend(
            (
                Cell(_m(f"monitor.change.{kind}", lang), css),
                Cell(_title(result, change.rule, lang)),
                Cell(fmt.subject_text(change.subject, lang)),
                Cell(_moved(change.unit, change.before, change.after, lang)),
            )
            for change in listed[:_CHANGES_SHOWN]
        )
        if len(listed) > _CHANGES_SHOWN:
            more = _m("label.and_more", lang, n=len(listed) - _CHANGES_SHOWN)
            rows.append(
                (Cell(_m(f"monitor.change.{kind}", lang), css), Cell(more), Cell(""), Cell(""))
            )
    if not rows:
        rows.append((Cell(_m("monitor.no_changes", lang)), Cell(""), Cell(""), Cell("")))
    caption = _m("monitor.unit_changes", lang, year=latest.year, since=changes.since)
    return _table(caption, head, rows, lang)


def _unit(result: MonitorResult, unit: UnitMonitor, lang: str) -> Section:
    readiness = unit.readiness
    line = (
        f"{_m('monitor.planned_year', lang)} {_year(readiness.planned_year)} · "
        f"{_m('monitor.projected_year', lang)} {_year(readiness.projected_year)} · "
        f"{_m(f'monitor.state.{readiness.state.value}', lang)}"
    )
    blocks: list[Block] = [
        Paragraph(line, f"verdict verdict-{readiness.status.value}"),
        _years_table(unit, lang),
        _gaps_table(result, unit, lang),
        _indicators_table(unit, lang),
    ]
    changes = _changes_table(result, unit, lang)
    if changes is not None:
        blocks.append(changes)
    heading = _m("monitor.unit_section", lang, name=unit.name, code=unit.code)
    return Section(f"unit-{unit.code}", heading, tuple(blocks))


def _notes(result: MonitorResult, lang: str) -> Section | None:
    if not result.notes and not result.faults:
        return None
    head = (_m("label.year", lang), _m("label.layer", lang), _m("label.note", lang))
    rows = [
        (Cell(str(n.year)), Cell(n.note.layer), Cell(n.note.zh if lang == "zh" else n.note.en))
        for n in result.notes
    ]
    rows += [(Cell(""), Cell(f.plugin, "error"), Cell(f.error, "error")) for f in result.faults]
    return Section(
        "notes", _m("monitor.notes", lang), (_table(_m("monitor.notes", lang), head, rows, lang),)
    )


def build(result: MonitorResult, lang: str = "zh") -> Report:
    """The monitoring report on ``result`` in ``lang``, ready to be written in any format."""
    from edu_rules._version import version

    first, last = result.years[0], result.years[-1]
    facts = (
        (_m("monitor.units", lang), fmt.number(len(result.units))),
        (_m("monitor.years", lang), ", ".join(str(year) for year in result.years)),
        (_m("monitor.rules_as_of", lang), _m("monitor.rules_as_of_value", lang)),
    )
    notes = _notes(result, lang)
    sections = (
        _summary(result, lang),
        _targets(result, lang),
        _readiness(result, lang),
        _cv(result, lang),
        *(_unit(result, unit, lang) for unit in result.units),
        *((notes,) if notes is not None else ()),
    )
    footer = (
        _m("monitor.cost_note", lang),
        _m("monitor.generated", lang, version=version(), method=result.method),
    )
    return Report(
        lang=lang,
        title=_m("monitor.title", lang),
        subtitle=_m("monitor.subtitle", lang, n=len(result.units), first=first, last=last),
        status="",
        facts=facts,
        sections=sections,
        footer=footer,
    )


# --------------------------------------------------------------------------- formats


def _tables(section: Section) -> list[Table]:
    found: list[Table] = []
    for block in section.blocks:
        if isinstance(block, Table):
            found.append(block)
        elif isinstance(block, Section):
            found += _tables(block)
    return found


def xlsx(report: Report) -> bytes:
    """The report's tables as a workbook, a sheet per section; the same bytes every time.

    A sheet of one table keeps its header in view and filters by it; a sheet of
    several lists them one below the other, each under its caption and header.

    :raises ExcelSupportMissingError: when openpyxl is not installed (the ``excel`` extra).
    """
    from edu_rules.io.excel import openpyxl_module, sheets

    styles = openpyxl_module().styles
    bold = styles.Font(bold=True)
    shade = styles.PatternFill(fill_type="solid", start_color="E0E0E0", end_color="E0E0E0")
    workbook = _xlsx.new_workbook()
    used: set[str] = set()
    for section in report.sections:
        sheet = workbook.create_sheet(_xlsx.sheet_name(section.heading, used))
        tables = _tables(section)
        row = 1
        for table in tables:
            sheets.put(sheet, row, 1, table.caption).font = bold
            for column, head in enumerate(table.head, start=1):
                cell = sheets.put(sheet, row + 1, column, head)
                cell.font, cell.fill = bold, shade
            for offset, cells in enumerate(table.rows, start=2):
                for column, cell in enumerate(cells, start=1):
                    sheets.put(sheet, row + offset, column, cell.text)
            row += len(table.rows) + 3
        alone = len(tables) == 1
        sheets.lay_out(sheet, head_row=2, freeze=alone, filter_rows=alone, repeat=alone)
    return stable_bytes(workbook)


def render(result: MonitorResult, fmt_name: str = "html", lang: str = "zh") -> str | bytes:
    """The monitoring report in ``fmt_name`` (see :data:`FORMATS`): text, or bytes for xlsx.

    :raises ValueError: for an unknown format or language.
    """
    if fmt_name not in FORMATS:
        raise ValueError(f"unknown format {fmt_name!r}; choose from {', '.join(FORMATS)}")
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}; choose from zh, en")
    if fmt_name == "json":
        from edu_rules.io.serialization import to_json
        from edu_rules.monitoring.monitor import monitor_data

        return to_json(monitor_data(result))
    report = build(result, lang)
    if fmt_name == "xlsx":
        return xlsx(report)
    if fmt_name == "md":
        from edu_rules.reports import markdown

        return markdown.write(report)
    from edu_rules.reports import html

    return html.write(report)


__all__ = ["FORMATS", "PALETTE", "build", "render", "trend_svg", "xlsx"]

"""Charts as inline SVG: no scripts, no fonts to fetch, nothing outside the report file.

Two charts:

* every school stage's value of one indicator (L1–L7) as a bar, sorted from the
  lowest, against the standard (solid line) and the school rule's floor (dashed);
* each indicator's coefficient of variation against its limit, one row per indicator.

Colours say where a value stands (at standard, tolerated band, below the floor);
each bar carries a ``<title>`` naming its school and value, and each chart a
``<title>`` and ``<desc>`` so it reads without the picture too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Final

from edu_rules._messages import message
from edu_rules._text import html_escape as escape
from edu_rules.model.result import Finding, Outcome
from edu_rules.reports._format import (
    comparator,
    decimals,
    figures,
    number,
    stage_name,
    title,
    unit_text,
)
from edu_rules.reports._model import IndicatorChart

GREEN: Final = "#2e7d32"
AMBER: Final = "#f9a825"
RED: Final = "#c62828"
GREY: Final = "#9e9e9e"
INK: Final = "#212121"

FONT_FAMILIES: Final = (
    "PingFang SC",  # macOS 10.11 and later
    "Hiragino Sans GB",  # older macOS
    "Microsoft YaHei",  # Windows Vista and later (微软雅黑)
    "Noto Sans CJK SC",  # Linux: fonts-noto-cjk
    "Source Han Sans SC",  # the same design under Adobe's name
    "WenQuanYi Micro Hei",  # Linux: fonts-wqy-microhei
    "WenQuanYi Zen Hei",  # Linux: fonts-wqy-zenhei
    "Droid Sans Fallback",  # older Android-derived Linux systems
    "SimHei",  # Windows XP
    "Heiti SC",  # macOS before 10.11
)
"""Simplified Chinese sans-serif fonts of Windows, macOS and Linux; the first installed wins.

Named, never fetched: the report stays one file, and a machine with none of them falls
back to its ``sans-serif`` (which on most systems reaches a CJK font too).
"""
FONT_STACK: Final = ", ".join([*(f'"{name}"' for name in FONT_FAMILIES), "sans-serif"])
"""The CSS ``font-family`` of every report page."""
FONT: Final = 'font-family="{}" font-size="11"'.format(FONT_STACK.replace('"', "'"))
"""The font attributes of a chart's text: the same stack, so a chart prints in Chinese too."""

_WIDTH: Final = 680


def _open(width: int, height: int, chart_title: str, description: str) -> list[str]:
    return [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            'width="100%" role="img" class="chart" preserveAspectRatio="xMinYMin meet">'
        ),
        f"<title>{escape(chart_title)}</title>",
        f"<desc>{escape(description)}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def bar_colour(value: float, threshold: float, floor_value: float) -> str:
    """Green at or above the standard, amber in the tolerated band, red below the floor."""
    if value >= threshold:
        return GREEN
    if value >= floor_value:
        return AMBER
    return RED


def indicator_title(chart: IndicatorChart, lang: str) -> str:
    """``L1 每百名学生拥有高于规定学历教师数（小学）``."""
    return message(
        "label.chart_title",
        lang,
        item=chart.item,
        title=title(chart.title, lang),
        stage=stage_name(chart.stage, lang),
    )


_STEPS: Final = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def nice_ticks(high: float, most: int = 5) -> tuple[float, ...]:
    """Axis ticks from 0 past ``high``: ``0, 2, 4, 6, 8, 10`` for 8.971, never 8.971 itself.

    The step is 1, 2, 2.5 or 5 times a power of ten, the smallest giving at most
    ``most`` steps; the last tick is the first multiple of it at or above ``high``.
    """
    if not high or high <= 0 or not math.isfinite(high):
        return (0.0, 1.0)
    target = Decimal(repr(float(high)))
    power = Decimal(10) ** math.floor(math.log10(high / most))
    step = next(m * power for m in _STEPS if target / (m * power) <= most)
    count = math.ceil(target / step)
    return tuple(float(step * index) for index in range(count + 1))


def axis_cap(chart: IndicatorChart) -> float:
    """The top of a bar chart's axis: past the highest value, but about three standards at most.

    A bar above it is drawn broken at the cap with its value written on it (one school at
    ten times the standard would otherwise flatten every other bar).  The cap is a
    round number (:func:`nice_ticks`), where the axis's last tick is written.
    """
    highest = max((bar.value for bar in chart.bars if bar.value is not None), default=0.0)
    if highest > chart.threshold * 3:
        return chart.threshold * 3
    return nice_ticks(max(chart.threshold * 1.2, highest) or 1.0)[-1]


def axis_ticks(chart: IndicatorChart) -> tuple[float, ...]:
    """The ticks of a bar chart's axis: round steps up to the cap, the cap the last of them."""
    cap = axis_cap(chart)
    ticks = nice_ticks(cap)
    if ticks[-1] == cap:
        return ticks
    step = ticks[1]
    return (*(tick for tick in ticks if tick <= cap - step / 2), cap)


def _tick_label(value: float) -> str:
    """A tick's number: whole where it is, else as few decimals as it has."""
    return number(value, 3)


def _capped(chart: IndicatorChart) -> list[float]:
    cap = axis_cap(chart)
    return [bar.value for bar in chart.bars if bar.value is not None and bar.value > cap]


def indicator_caption(chart: IndicatorChart, lang: str) -> str:
    """What the chart shows, in words: counts against the standard and the floor, and the cap."""
    caption = message(
        "label.chart_caption",
        lang,
        n=len(chart.bars),
        below=chart.count(below=chart.threshold),
        floor=chart.count(below=chart.floor_value),
        unknown=chart.count(unknown=True),
        threshold=number(chart.threshold),
        floor_value=number(chart.floor_value),
        pct=number(chart.floor * 100),
        unit=unit_text(chart.unit, lang),
    )
    capped = _capped(chart)
    if capped:
        caption += message("label.chart_capped", lang, n=len(capped), cap=number(axis_cap(chart)))
    return caption


def school_numbers(charts: Sequence[IndicatorChart]) -> dict[str, int]:
    """School code → its number (1, 2, ...) under the bars of every chart of one stage.

    Schools are numbered once per stage in the order the data lists them, so a school
    keeps its number across the seven charts and the school table names it.
    """
    numbers: dict[str, int] = {}
    for chart in charts:
        for bar in chart.bars:
            numbers.setdefault(bar.school, len(numbers) + 1)
    return numbers


def _short(value: float) -> str:
    """A value written on a chart: whole from 100 up (``11,330``), else up to two decimals."""
    return number(round(value)) if abs(value) >= 100 else number(value, 2)


def _break_mark(x: float, width: float, y: float) -> str:
    """Two white strokes across a bar below the cap: the bar is cut, not drawn to scale."""
    return (
        f'<path d="M{x - 1:.2f} {y + 3:.2f} L{x + width + 1:.2f} {y - 1:.2f} '
        f'M{x - 1:.2f} {y + 7:.2f} L{x + width + 1:.2f} {y + 3:.2f}" '
        'stroke="#ffffff" stroke-width="2" fill="none"/>'
    )


def _bar_label(
    at: tuple[float, float], text: str, size: float, *, rotate: bool, above: bool = False
) -> str:
    """A number at ``at``, below it (or ``above``): upright, or turned to read upwards."""
    x, y = at
    if rotate:
        anchor = "start" if above else "end"
        return (
            f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size:.1f}" text-anchor="{anchor}" '
            f'dominant-baseline="central" transform="rotate(-90 {x:.2f} {y:.2f})">'
            f"{escape(text)}</text>"
        )
    return (
        f'<text x="{x:.2f}" y="{y + size:.2f}" font-size="{size:.1f}" text-anchor="middle">'
        f"{escape(text)}</text>"
    )


def _reference_lines(
    chart: IndicatorChart,
    lang: str,
    y: Callable[[float], float],
    across: tuple[float, float],
    within: tuple[float, float],
) -> list[str]:
    """The standard (solid) and the floor (dashed), labelled at the right, labels apart."""
    lines = (
        (chart.threshold, "", message("label.threshold", lang)),
        (
            chart.floor_value,
            ' stroke-dasharray="5,3"',
            message("label.floor", lang, pct=number(chart.floor * 100)),
        ),
    )
    start, end = across
    parts, labels = [], []
    for value, dash, name in lines:
        line_y = y(value)
        parts.append(
            f'<line x1="{start}" y1="{line_y:.2f}" x2="{end}" y2="{line_y:.2f}" '
            f'stroke="{INK}" stroke-width="1.5"{dash}/>'
        )
        labels.append((line_y, f"{name} {number(value)}", INK))
    for label_y, shown, _ in spread(sorted(labels), within[0] + 4, within[1] + 4, gap=12):
        parts.append(f'<text x="{end + 6}" y="{label_y:.2f}">{escape(shown)}</text>')
    return parts


def indicator_svg(
    chart: IndicatorChart, lang: str, numbers: Mapping[str, int] | None = None
) -> str:
    """The bar chart of one indicator in one stage; each bar numbered as in ``numbers``.

    :param numbers: school code → the number written under its bar (by default, the
        order of the chart's own bars); the report's school table lists the same numbers.
    """
    numbers = numbers if numbers is not None else school_numbers([chart])
    count = max(len(chart.bars), 1)
    left, right = 52, 112
    plot_w = _WIDTH - left - right
    step = plot_w / count
    rotate = step < 16  # two upright digits need about 16 units
    size = min(9.0, max(step * 0.9, 5.0))
    label_h = size * len(str(max(numbers.values(), default=1))) * 0.62 + 6 if rotate else size + 6
    capped = _capped(chart)
    value_h = (
        max(len(_short(value)) for value in capped) * size * 0.62 + 8 if capped and rotate else 0
    )
    top = 14 + (value_h if rotate else (size + 6 if capped else 0))
    bottom = label_h + 22
    plot_h = 186.0
    height = round(top + plot_h + bottom)
    known = sorted(
        (bar for bar in chart.bars if bar.value is not None), key=lambda b: (b.value, b.school)
    )
    unknown = [bar for bar in chart.bars if bar.value is None]
    y_max = axis_cap(chart)

    def y(value: float) -> float:
        return top + plot_h - min(value, y_max) / y_max * plot_h

    unit = unit_text(chart.unit, lang)
    parts = _open(_WIDTH, height, indicator_title(chart, lang), indicator_caption(chart, lang))
    parts.append(f'<g {FONT} fill="{INK}">')
    width = step * 0.8 if step >= 4 else step  # under 4 units, the bars touch
    axis_y = top + plot_h
    for index, bar in enumerate([*known, *unknown]):
        x = left + index * step + (step - width) / 2
        centre = x + width / 2
        who = f"{bar.name} ({bar.school})" if bar.name else bar.school
        tag = str(numbers.get(bar.school, index + 1))
        parts.append(_bar_label((centre, axis_y + 4), tag, size, rotate=rotate))
        if bar.value is None:
            label = f"{tag}. {who}: {message('label.unknown_value', lang)}"
            parts.append(
                f'<rect x="{x:.2f}" y="{axis_y - 6:.2f}" width="{width:.2f}" height="6" '
                f'fill="{GREY}"><title>{escape(label)}</title></rect>'
            )
            continue
        value = bar.value
        colour = bar_colour(value, chart.threshold, chart.floor_value)
        label = f"{tag}. {who}: {number(value, decimals(chart.unit))} {unit}".strip()
        bar_top = y(value)
        parts.append(
            f'<rect x="{x:.2f}" y="{bar_top:.2f}" width="{width:.2f}" '
            f'height="{axis_y - bar_top:.2f}" fill="{colour}">'
            f"<title>{escape(label)}</title></rect>"
        )
        if value > y_max:
            parts.append(_break_mark(x, width, top + 6))
            above = top - 3 if rotate else top - 3 - size
            parts.append(
                _bar_label((centre, above), _short(value), size, rotate=rotate, above=True)
            )
    parts += [
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{axis_y}" stroke="{INK}"/>',
        f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" stroke="{INK}"/>',
    ]
    for tick in axis_ticks(chart):
        tick_y = y(tick)
        if tick:
            parts.append(
                f'<line x1="{left - 3}" y1="{tick_y:.2f}" x2="{left + plot_w}" y2="{tick_y:.2f}" '
                f'stroke="{GREY}" stroke-width="0.4"/>'
            )
        parts.append(
            f'<text x="{left - 6}" y="{tick_y + 4:.2f}" text-anchor="end">'
            f"{escape(_tick_label(tick))}</text>"
        )
    parts += _reference_lines(chart, lang, y, (left, left + plot_w), (top, axis_y))
    axis_label = message("label.chart_axis", lang, n=len(chart.bars))
    parts += [
        (
            f'<text x="{left + plot_w / 2:.2f}" y="{height - 8}" text-anchor="middle">'
            f"{escape(axis_label)}</text>"
        ),
        "</g>",
        "</svg>",
    ]
    return "\n".join(parts)


def cv_svg(findings: list[Finding], stage: str, lang: str) -> str:
    """Each indicator's coefficient of variation in ``stage``, against its limit."""
    left, right, top, row_h = 56, 170, 10, 26
    height = top * 2 + row_h * len(findings) + 16
    plot_w = _WIDTH - left - right
    values = [f.measured for f in findings if f.measured is not None]
    limits = [f.required for f in findings if f.required is not None]
    ticks = nice_ticks(max([*(v * 1.05 for v in values), *(limit * 1.25 for limit in limits), 0.1]))
    x_max = ticks[-1]

    def x(value: float) -> float:
        return left + min(value, x_max) / x_max * plot_w

    chart_title = message("label.cv_chart_title", lang, stage=stage_name(stage, lang))
    description = "; ".join(
        f"{f.rule}: {figures(f).measured or '—'} {comparator(f.comparator)} {figures(f).required}"
        for f in findings
    )
    parts = _open(_WIDTH, height, chart_title, description)
    parts.append(f'<g {FONT} fill="{INK}">')
    for index, finding in enumerate(findings):
        row_y = top + index * row_h
        item = finding.rule.rsplit(".", 1)[-1]
        parts.append(
            f'<text x="{left - 8}" y="{row_y + 16}" text-anchor="end">{escape(item)}</text>'
        )
        limit = finding.required
        if finding.measured is None:
            why = message("label.unknown_value", lang)
            parts.append(
                f'<text x="{left + 4}" y="{row_y + 16}" fill="{GREY}">{escape(why)}</text>'
            )
        else:
            met = limit is None or finding.outcome is Outcome.MET
            colour = GREEN if met else RED
            label = f"{finding.rule}: {figures(finding).measured}"
            parts.append(
                f'<rect x="{left}" y="{row_y + 5}" width="{x(finding.measured) - left:.2f}" '
                f'height="14" fill="{colour}"><title>{escape(label)}</title></rect>'
            )
        if limit is not None:
            limit_x = x(limit)
            parts.append(
                f'<line x1="{limit_x:.2f}" y1="{row_y + 2}" x2="{limit_x:.2f}" y2="{row_y + 22}" '
                f'stroke="{INK}" stroke-width="2" stroke-dasharray="3,2"/>'
            )
        said = figures(finding)
        shown = f"{said.measured or '—'} ({comparator(finding.comparator)} {said.required or '—'})"
        parts.append(f'<text x="{left + plot_w + 8}" y="{row_y + 16}">{escape(shown)}</text>')
    axis_y = top + row_h * len(findings) + 2
    parts += [
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{axis_y}" stroke="{INK}"/>',
        *(
            f'<text x="{x(tick):.2f}" y="{axis_y + 14}" text-anchor="middle">'
            f"{escape(_tick_label(tick))}</text>"
            for tick in ticks
        ),
        "</g>",
        "</svg>",
    ]
    return "\n".join(parts)


def spread(
    labels: Sequence[tuple[float, str, str]], lowest: float, highest: float, gap: float = 11
) -> list[tuple[float, str, str]]:
    """Label positions near their lines, at least ``gap`` apart, within the chart.

    ``labels`` are ``(y, text, colour)`` sorted by ``y``; a label is written at the
    returned ``y`` (its baseline), so two lines drawn close together keep their labels
    apart instead of printing one over the other.
    """
    placed: list[tuple[float, str, str]] = []
    for label_y, name, colour in labels:
        position = max(label_y + 4, lowest, placed[-1][0] + gap if placed else lowest)
        placed.append((position, name, colour))
    overflow = placed[-1][0] - highest if placed else 0
    if overflow > 0:  # pushed off the bottom: move the run up, keeping the spacing
        shifted: list[tuple[float, str, str]] = []
        for position, name, colour in reversed(placed):
            bound = shifted[-1][0] - gap if shifted else highest
            shifted.append((min(position, bound), name, colour))
        placed = shifted[::-1]
    return placed

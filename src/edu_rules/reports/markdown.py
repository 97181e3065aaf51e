"""The report as Markdown: pipe tables, and charts as inline SVG blocks.

The file stands alone: no images to fetch, no stylesheet; a viewer that renders
raw HTML shows the charts, any other still shows every table.  The content is
the HTML report's, section for section (both come from
:mod:`edu_rules.reports._document`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from edu_rules._messages import message
from edu_rules._text import markdown_text
from edu_rules.model.result import Result
from edu_rules.reports._document import Figure, Paragraph, Report, Section, Table, build

if TYPE_CHECKING:
    from edu_rules.plugins import Registry
    from edu_rules.reports.summary import UnitRow


def _escape(text: str) -> str:
    """Text safe inside a pipe-table cell or a paragraph: no pipes, no links, no line breaks."""
    return markdown_text(text)


def _table(table: Table) -> list[str]:
    lines = [
        "| " + " | ".join(_escape(head) for head in table.head) + " |",
        "|" + "|".join("---" for _ in table.head) + "|",
    ]
    lines += ["| " + " | ".join(_escape(cell.text) for cell in row) + " |" for row in table.rows]
    return [*lines, ""]


def _section(section: Section, level: int) -> list[str]:
    lines = [f"{'#' * level} {_escape(section.heading)}", ""]
    for block in section.blocks:
        if isinstance(block, Table):
            lines += _table(block)
        elif isinstance(block, Figure):
            # A raw HTML block ends at a blank line; the SVG has none.
            lines += [block.svg, "", f"*{_escape(block.caption)}*", ""]
        elif isinstance(block, Paragraph):
            prefix = "**" if block.css and block.css.startswith("verdict") else ""
            lines += [f"{prefix}{_escape(block.text)}{prefix}", ""]
        else:
            lines += _section(block, level + 1)
    return lines


def _report(report: Report, level: int) -> list[str]:
    if level == 1:
        lines = [f"# {_escape(report.title)}", "", f"**{_escape(report.subtitle)}**", ""]
    else:  # a part of a batch: headed by its unit, as in HTML
        lines = [f"{'#' * level} {_escape(report.subtitle)}", "", f"*{_escape(report.title)}*", ""]
    lines += [f"- **{_escape(label)}**: {_escape(value)}" for label, value in report.facts]
    lines.append("")
    for section in report.sections:
        lines += _section(section, level + 1)
    lines += [f"*{_escape(line)}*" for line in report.footer]
    return lines


def render(
    result: Result,
    lang: str = "zh",
    color: bool = False,  # noqa: FBT001, FBT002, ARG001 - one signature for every format
    *,
    registry: Registry | None = None,
) -> str:
    """The Markdown report on ``result`` in ``lang``."""
    return write(build(result, lang, registry))


def write(report: Report) -> str:
    """A built report as one Markdown file."""
    return "\n".join(_report(report, 1)) + "\n"


def render_many(
    results: Sequence[Result],
    lang: str = "zh",
    *,
    registry: Registry | None = None,
    summary: Sequence[UnitRow] = (),
    sort: str = "code",
) -> str:
    """Several counties in one Markdown file: the summary, then a part per county.

    Each county's part is headed by its unit (``## 鱼峰区 (450203) · 2025``), so every
    heading differs and a table of contents can tell them apart.
    """
    parts = [
        many_opening(len(results), lang, summary=summary, sort=sort),
        *(many_part(result, lang, registry=registry) for result in results),
    ]
    return "\n".join(parts) + "\n"


def many_opening(
    count: int, lang: str, *, summary: Sequence[UnitRow] = (), sort: str = "code"
) -> str:
    """The start of :func:`render_many`'s file on ``count`` units, up to their parts."""
    title = message("label.batch_title", lang, n=count)
    lines = [f"# {_escape(title)}", ""]
    if summary:
        from edu_rules.reports.summary import section

        lines += _section(section(summary, lang, sort), 2)
        lines += ["---", ""]
    return "\n".join(lines)


def many_part(result: Result, lang: str, *, registry: Registry | None = None) -> str:
    """One unit's part of :func:`render_many`'s file (its report, then a rule)."""
    return "\n".join([*_report(build(result, lang, registry), 2), "", "---", ""])

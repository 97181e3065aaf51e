"""The report as one self-contained HTML file that prints well on A4.

Everything is inside the file: the stylesheet is inline, the charts are inline
SVG, nothing is fetched (no fonts, no scripts, no images).  Print CSS sets the
page to A4, repeats table headers on each page and keeps rows, figures and
headings from splitting.  The document is well-formed (every tag closed, one
``h1``, a table in every section, a ``<title>`` in every chart), which the tests
check with :mod:`html.parser`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from edu_rules._messages import message
from edu_rules._text import html_escape as escape
from edu_rules.model.result import Result
from edu_rules.reports import _svg
from edu_rules.reports._document import Figure, Paragraph, Report, Section, Table, build

if TYPE_CHECKING:
    from edu_rules.plugins import Registry
    from edu_rules.reports.summary import UnitRow

STYLE = f"""
@page {{ size: A4; margin: 14mm 12mm 16mm 12mm; }}
:root {{ --ink: {_svg.INK}; --rule: #bdbdbd; --met: {_svg.GREEN}; --tolerated: #8d6e00;
  --shortfall: {_svg.RED}; --unknown: #616161; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {_svg.FONT_STACK};
  color: var(--ink); font-size: 10.5pt; line-height: 1.45;
  max-width: 186mm; margin: 0 auto; padding: 8mm 0; }}
h1 {{ font-size: 17pt; margin: 0 0 2mm; }}
h2 {{ font-size: 13pt; margin: 7mm 0 2mm; padding-bottom: 1mm;
  border-bottom: 1.5pt solid var(--ink); }}
h3 {{ font-size: 11pt; margin: 5mm 0 2mm; }}
h4 {{ font-size: 10.5pt; margin: 4mm 0 2mm; }}
h2, h3, h4 {{ break-after: avoid; page-break-after: avoid; }}
.subtitle {{ font-size: 12pt; margin: 0 0 3mm; }}
dl.facts {{ display: grid; grid-template-columns: max-content auto; gap: 0.5mm 4mm;
  margin: 0 0 3mm; }}
dl.facts dt {{ font-weight: bold; }}
dl.facts dd {{ margin: 0; }}
.verdict {{ font-size: 12pt; font-weight: bold; padding: 2mm 3mm; border-left: 3pt solid; }}
.verdict-pass {{ color: var(--met); }}
.verdict-fail, .verdict-ineligible {{ color: var(--shortfall); }}
.verdict-incomplete {{ color: var(--tolerated); }}
table {{ width: 100%; border-collapse: separate; border-spacing: 0; margin: 0 0 3mm;
  font-size: 8.5pt; border-left: 0.5pt solid var(--rule); }}
caption {{ text-align: left; font-weight: bold; padding: 1mm 0; }}
th, td {{ border: solid var(--rule); border-width: 0 0.5pt 0.5pt 0; padding: 1mm 1.5mm;
  text-align: left; vertical-align: top; overflow-wrap: break-word; }}
th {{ border-top-width: 0.5pt; }}
th {{ background: #eeeeee; }}
td.shortfall, td.error {{ color: var(--shortfall); font-weight: bold; }}
td.tolerated {{ color: var(--tolerated); }}
td.met {{ color: var(--met); }}
td.not-evaluable, td.manual {{ color: var(--unknown); }}
td.source-secondary {{ font-style: italic; }}
td.nowrap {{ white-space: nowrap; }}
figure {{ margin: 2mm 0 4mm; }}
figcaption {{ font-size: 8.5pt; color: #424242; }}
svg.chart {{ display: block; width: 100%; height: auto; }}
.note {{ font-size: 9pt; color: #424242; }}
footer {{ margin-top: 8mm; font-size: 8.5pt; color: #616161; }}
article + article {{ break-before: page; page-break-before: always; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 9.5pt; }}
  thead {{ display: table-header-group; }}
  tr, figure, .verdict {{ break-inside: avoid; page-break-inside: avoid; }}
  a {{ color: inherit; text-decoration: none; }}
}}
"""
"""The whole stylesheet; A4 pages when printed."""


def _h(level: int, text: str, anchor: str | None = None) -> str:
    ident = f' id="{escape(anchor)}"' if anchor else ""
    return f"<h{level}{ident}>{escape(text)}</h{level}>"


def _table(table: Table) -> list[str]:
    lines = ["<table>", f"<caption>{escape(table.caption)}</caption>", "<thead><tr>"]
    lines += [f"<th>{escape(head)}</th>" for head in table.head]
    lines += ["</tr></thead>", "<tbody>"]
    for row in table.rows:
        cells = "".join(
            f'<td class="{escape(cell.css)}">{escape(cell.text)}</td>'
            if cell.css
            else f"<td>{escape(cell.text)}</td>"
            for cell in row
        )
        lines.append(f"<tr>{cells}</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def _section(section: Section, level: int, prefix: str) -> list[str]:
    anchor = f"{prefix}{section.key}"
    lines = [f'<section id="{escape(anchor)}">', _h(level, section.heading)]
    for block in section.blocks:
        if isinstance(block, Table):
            lines += _table(block)
        elif isinstance(block, Figure):
            lines += [
                "<figure>",
                block.svg,
                f"<figcaption>{escape(block.caption)}</figcaption>",
                "</figure>",
            ]
        elif isinstance(block, Paragraph):
            css = f' class="{escape(block.css)}"' if block.css else ""
            lines.append(f"<p{css}>{escape(block.text)}</p>")
        else:
            lines += _section(block, min(level + 1, 6), prefix)
    lines.append("</section>")
    return lines


def _report_body(report: Report, level: int, prefix: str) -> list[str]:
    lines = [_h(level, report.title if level == 1 else report.subtitle)]
    if level == 1:
        lines.append(f'<p class="subtitle">{escape(report.subtitle)}</p>')
    lines.append('<dl class="facts">')
    for label, value in report.facts:
        lines += [f"<dt>{escape(label)}</dt>", f"<dd>{escape(value)}</dd>"]
    lines.append("</dl>")
    for section in report.sections:
        lines += _section(section, level + 1, prefix)
    lines += ["<footer>", *(f"<p>{escape(line)}</p>" for line in report.footer), "</footer>"]
    return lines


def _page_head(lang: str, title: str) -> list[str]:
    html_lang = "zh-CN" if lang == "zh" else "en"
    return [
        "<!DOCTYPE html>",
        f'<html lang="{html_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
    ]


_PAGE_END = ("</body>", "</html>")


def _page(lang: str, title: str, body: list[str]) -> str:
    return "\n".join([*_page_head(lang, title), *body, *_PAGE_END]) + "\n"


def render(
    result: Result,
    lang: str = "zh",
    color: bool = False,  # noqa: FBT001, FBT002, ARG001 - one signature for every format
    *,
    registry: Registry | None = None,
) -> str:
    """The HTML report on ``result`` in ``lang``: one page, A4 when printed."""
    return write(build(result, lang, registry))


def write(report: Report) -> str:
    """A built report as one HTML page: the title, its facts and sections, A4 when printed."""
    body = ["<main>", *_report_body(report, 1, ""), "</main>"]
    return _page(report.lang, f"{report.title} — {report.subtitle}", body)


def render_many(
    results: Sequence[Result],
    lang: str = "zh",
    *,
    registry: Registry | None = None,
    summary: Sequence[UnitRow] = (),
    sort: str = "code",
) -> str:
    """Several counties in one file: one ``h1``, the summary, an ``article`` per county.

    :param summary: the summary's rows (see :mod:`edu_rules.reports.summary`); none, no summary.
    """
    parts = [
        many_opening(len(results), lang, summary=summary, sort=sort),
        *(many_part(result, lang, i, registry=registry) for i, result in enumerate(results)),
        MANY_CLOSING,
    ]
    return "\n".join(parts) + "\n"


def many_opening(
    count: int, lang: str, *, summary: Sequence[UnitRow] = (), sort: str = "code"
) -> str:
    """The start of :func:`render_many`'s page on ``count`` units, up to their articles."""
    title = message("label.batch_title", lang, n=count)
    lines = [*_page_head(lang, title), "<main>", _h(1, title)]
    if summary:
        from edu_rules.reports.summary import section

        lines += _section(section(summary, lang, sort), 2, "")
    return "\n".join(lines)


def many_part(result: Result, lang: str, index: int, *, registry: Registry | None = None) -> str:
    """The ``article`` of the unit at ``index`` (from 0) of :func:`render_many`'s page."""
    prefix = f"c{index + 1}-{result.county.code}-"
    report = build(result, lang, registry)
    opening = f'<article id="{escape(prefix[:-1])}">'
    return "\n".join([opening, *_report_body(report, 2, prefix), "</article>"])


MANY_CLOSING = "\n".join(["</main>", *_PAGE_END])
"""The end of :func:`render_many`'s page, after the last article (without the last newline)."""

"""The web pages: server-rendered HTML, Chinese by default, no script at all.

Every page shares one stylesheet and one navigation bar with a language switch
(``?lang=en``).  The report page is the CLI's own HTML report
(:func:`edu_rules.reports.render`) with the navigation bar and the download links
put in front; downloads are ``data:`` links carrying the result itself, so the
server keeps nothing between requests.  The Content-Security-Policy allows exactly
the stylesheets below (by hash) and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from html import escape
from typing import Any

from edu_rules.reports._format import schedule_text, shortfalls_text
from edu_rules.reports.html import STYLE as REPORT_STYLE
from edu_rules.web._messages import size, text

NAV_STYLE = """
nav.site { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", Arial, sans-serif; font-size: 10.5pt; background: #263238; color: #fff;
  padding: 2mm 4mm; display: flex; flex-wrap: wrap; gap: 1mm 5mm; align-items: baseline; }
nav.site a { color: #fff; }
nav.site .lang { margin-left: auto; }
.downloads { font-family: Arial, sans-serif; font-size: 10pt; max-width: 186mm;
  margin: 4mm auto 0; padding: 2mm 3mm; border: 0.5pt solid #bdbdbd; }
.downloads ul { margin: 1mm 0; padding-left: 5mm; }
@media print { nav.site, .downloads { display: none; } }
"""
"""The navigation bar and the download box, on every page."""

PAGE_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "Helvetica Neue", Arial, sans-serif; color: #212121; font-size: 11pt; line-height: 1.5;
  margin: 0; }
main { max-width: 190mm; margin: 0 auto; padding: 6mm 4mm; }
h1 { font-size: 16pt; margin: 0 0 3mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1pt solid #212121; }
form { border: 0.5pt solid #bdbdbd; padding: 4mm; margin: 4mm 0; }
label { display: block; font-weight: bold; margin: 2mm 0 1mm; }
button { margin-top: 3mm; font-size: 11pt; padding: 1mm 5mm; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; font-size: 9.5pt; }
th, td { border: 0.5pt solid #bdbdbd; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eeeeee; }
.error { color: #c62828; }
.pass { color: #2e7d32; font-weight: bold; }
.fail, .ineligible { color: #c62828; font-weight: bold; }
.incomplete { color: #8d6e00; font-weight: bold; }
.note { color: #424242; font-size: 9.5pt; }
"""
"""The stylesheet of the service's own pages (upload, batch, layers, errors)."""


def _hash(style: str) -> str:
    digest = hashlib.sha256(style.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = (
    "default-src 'none'; "
    f"style-src {_hash(REPORT_STYLE)} {_hash(NAV_STYLE)} {_hash(PAGE_STYLE)}; "
    "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""The Content-Security-Policy of every answer: no script, no fetch, only our styles."""

_MEDIA_TYPES = {
    "json": "application/json",
    "markdown": "text/markdown",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
}
SUFFIXES = {"json": "json", "markdown": "md", "html": "html", "xlsx": "xlsx"}


def _nav(lang: str, path: str) -> str:
    other = "en" if lang == "zh" else "zh"
    links = [
        (f"/?lang={lang}", text("nav.home", lang)),
        (f"/batch?lang={lang}", text("nav.batch", lang)),
        (f"/layers?lang={lang}", text("nav.layers", lang)),
        ("/template.xlsx", text("nav.template", lang)),
        ("/v1/openapi.json", text("nav.api", lang)),
    ]
    items = [f'<a href="{escape(href)}">{escape(label)}</a>' for href, label in links]
    switch = (
        f'<a class="lang" href="{escape(path)}?lang={other}" hreflang="{other}">'
        f"{escape(text('nav.other_language', lang))}</a>"
    )
    return '<nav class="site">' + "".join(items) + switch + "</nav>"


def page(lang: str, title: str, body: Iterable[str], *, path: str = "/") -> str:
    """A whole page of the service: head, navigation bar, ``body`` inside ``main``."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{html_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} — {escape(text('site.title', lang))}</title>",
        f"<style>{NAV_STYLE}</style>",
        f"<style>{PAGE_STYLE}</style>",
        "</head>",
        "<body>",
        _nav(lang, path),
        "<main>",
        *body,
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def _table(head: Sequence[str], rows: Iterable[Sequence[tuple[str, str]]]) -> list[str]:
    """A table; each cell is ``(text, css class)``."""
    lines = ["<table>", "<thead><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr></thead>"]
    lines.append("<tbody>")
    for row in rows:
        cells = "".join(
            f'<td class="{escape(css)}">{escape(cell)}</td>' if css else f"<td>{escape(cell)}</td>"
            for cell, css in row
        )
        lines.append(f"<tr>{cells}</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def _upload_form(lang: str, action: str, *, multiple: bool, limit: int) -> list[str]:
    submit = "batch.submit" if multiple else "upload.submit"
    label = text("batch.files" if multiple else "upload.file", lang)
    several = " multiple" if multiple else ""
    lines = [
        f'<form method="post" action="{escape(action)}?lang={lang}" enctype="multipart/form-data">',
        f'<label for="file">{escape(label)}</label>',
        f'<input id="file" name="file" type="file" accept=".xlsx,.json"{several} required>',
    ]
    if multiple:
        lines += [
            f'<label for="year">{escape(text("batch.year", lang))}</label>',
            '<input id="year" name="year" type="number" min="2000" max="2100" step="1">',
        ]
    lines += [
        f'<p class="note">{escape(text("upload.limit", lang, size=size(limit)))}</p>',
        f'<button type="submit">{escape(text(submit, lang))}</button>',
        "</form>",
    ]
    return lines


def upload_page(lang: str, limit: int) -> str:
    """The front page: the blank workbook and the upload of one county's file."""
    body = [
        f"<h1>{escape(text('upload.heading', lang))}</h1>",
        f"<p>{escape(text('upload.intro', lang))}</p>",
        f'<p><a href="/template.xlsx">{escape(text("nav.template", lang))}</a></p>',
        *_upload_form(lang, "/report", multiple=False, limit=limit),
    ]
    return page(lang, text("upload.heading", lang), body, path="/")


def batch_page(lang: str, limit: int) -> str:
    """The upload of several units' files, for the city view."""
    body = [
        f"<h1>{escape(text('batch.heading', lang))}</h1>",
        f"<p>{escape(text('batch.intro', lang))}</p>",
        *_upload_form(lang, "/batch", multiple=True, limit=limit),
    ]
    return page(lang, text("batch.heading", lang), body, path="/batch")


def problems_page(lang: str, problems: Sequence[Mapping[str, str]], *, path: str) -> str:
    """Why a file was refused: every problem, with its field path or sheet and cell."""
    whole = text("invalid.document", lang)
    rows = [((p["path"] or whole, ""), (p["reason"], "error")) for p in problems]
    body = [
        f'<h1 class="error">{escape(text("invalid.heading", lang))}</h1>',
        f"<p>{escape(text('invalid.count', lang, n=len(problems)))}</p>",
        *_table([text("invalid.where", lang), text("invalid.reason", lang)], rows),
        f'<p><a href="{escape(path)}?lang={lang}">{escape(text("report.again", lang))}</a></p>',
    ]
    return page(lang, text("invalid.heading", lang), body, path=path)


def message_page(lang: str, heading: str, *, path: str = "/") -> str:
    """A short page saying one thing (too large, busy, time limit, not found)."""
    body = [
        f'<h1 class="error">{escape(heading)}</h1>',
        f'<p><a href="/?lang={lang}">{escape(text("nav.home", lang))}</a></p>',
    ]
    return page(lang, heading, body, path=path)


Keep = Callable[[str | bytes, str, str], str]
"""Keeps a file for download: ``keep(content, media_type, filename)`` → its link."""


def media_type(fmt: str) -> str:
    """The media type a download of ``fmt`` is served with (text in UTF-8)."""
    charset = "" if fmt == "xlsx" else "; charset=utf-8"
    return f"{_MEDIA_TYPES[fmt]}{charset}"


def download_link(keep: Keep, fmt: str, content: str | bytes, filename: str, label: str) -> str:
    """A link to a download kept on the server (see :mod:`edu_rules.web._downloads`)."""
    href = keep(content, media_type(fmt), filename)
    return f'<li><a download="{escape(filename)}" href="{escape(href)}">{escape(label)}</a></li>'


def _downloads(lang: str, links: Sequence[str], *, again: str) -> str:
    return "\n".join(
        [
            '<div class="downloads">',
            f"<strong>{escape(text('report.downloads', lang))}</strong>",
            "<ul>",
            *links,
            "</ul>",
            f'<a href="{escape(again)}?lang={lang}">{escape(text("report.again", lang))}</a>',
            "</div>",
        ]
    )


def report_page(lang: str, documents: Mapping[str, str | bytes], code: str, keep: Keep) -> str:
    """The CLI's HTML report, with the navigation bar and links to the result's downloads."""
    report = str(documents["html"])
    links = [
        download_link(keep, fmt, documents[fmt], f"{code}-{name}.{SUFFIXES[fmt]}", text(key, lang))
        for fmt, name, key in (
            ("json", "result", "report.json"),
            ("markdown", "report", "report.markdown"),
            ("html", "report", "report.html"),
            ("xlsx", "results", "report.xlsx"),
        )
        if fmt in documents
    ]
    head = f"<style>{NAV_STYLE}</style>\n</head>"
    front = f"<body>\n{_nav(lang, '/')}\n{_downloads(lang, links, again='/')}"
    return report.replace("</head>", head, 1).replace("<body>", front, 1)


def _status(status: str, lang: str) -> tuple[str, str]:
    return text(f"status.{status}", lang), status


def _schedule(unit: Mapping[str, Any], lang: str) -> str:
    """The schedule in the words of ``edu-rules progress`` and the summary."""
    return schedule_text(unit["schedule"], unit.get("years"), lang)


def _percent(value: float) -> str:
    return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _yes(value: object, lang: str) -> str:
    return text("flag.yes" if value else "flag.no", lang)


def _target_row(progress: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    target = progress["target"]
    counted = text("list.separator", lang).join(
        text(
            "progress.counted_unit",
            lang,
            code=unit["code"],
            name=unit["name"],
            basis=text(f"progress.basis.{unit['basis']}", lang),
            year=unit["year"],
        )
        for unit in progress["counted"]
    )
    return [
        (f"{target['id']} {target['title'][lang]}", ""),
        (
            f"{progress['reached']}/{len(target['units'])} ({_percent(progress['share_reached'])})",
            "",
        ),
        (f"{_percent(target['share'])} = {progress['required']}", ""),
        (str(target["by_year"]), ""),
        (_yes(progress["met"], lang), "pass" if progress["met"] else "fail"),
        (_yes(progress["due"], lang), ""),
        (counted or text("label.none", lang), ""),
        (target["citation"], ""),
    ]


def progress_page(lang: str, answer: Mapping[str, Any], keep: Keep) -> str:
    """The city view of a batch: each unit's verdict and schedule, each target's progress."""
    progress = answer["progress"]
    counts = {
        unit["code"] + unit["name"]: shortfalls_text(unit["binding"], unit["advisory"], lang)
        for unit in answer["units"]
    }
    heading = text("batch.result_heading", lang, year=progress["year"])
    unit_head = [
        text(key, lang)
        for key in (
            "batch.code",
            "batch.name",
            "batch.assessment_year",
            "batch.status",
            "batch.shortfalls",
            "batch.planned_year",
            "batch.schedule",
        )
    ]
    unit_rows = [
        [
            (unit["code"], ""),
            (unit["name"], ""),
            (str(unit["assessment_year"]), ""),
            _status(unit["status"], lang),
            (counts.get(unit["code"] + unit["name"], "—"), ""),
            (str(unit["planned_year"]) if unit["planned_year"] is not None else "—", ""),
            (_schedule(unit, lang), unit["schedule"]),
        ]
        for unit in progress["units"]
    ]
    target_head = [
        text(key, lang)
        for key in (
            "batch.target",
            "batch.reached",
            "batch.required",
            "batch.by_year",
            "batch.met",
            "batch.due",
            "batch.counted",
            "batch.citation",
        )
    ]
    body = [f"<h1>{escape(heading)}</h1>", f"<h2>{escape(text('batch.units', lang))}</h2>"]
    body += _table(unit_head, unit_rows)
    body.append(f"<h2>{escape(text('batch.targets', lang))}</h2>")
    if progress["targets"]:
        body += _table(target_head, (_target_row(p, lang) for p in progress["targets"]))
    else:
        body.append(f"<p>{escape(text('batch.no_targets', lang))}</p>")
    if progress["notes"]:
        body.append(f"<h2>{escape(text('batch.notes', lang))}</h2>")
        body += ["<ul>", *(f"<li>{escape(n[lang])}</li>" for n in progress["notes"]), "</ul>"]
    if progress["faults"]:
        body.append(f"<h2 class='error'>{escape(text('batch.faults', lang))}</h2>")
        body += [
            "<ul>",
            *(f"<li>{escape(f['plugin'])}: {escape(f['error'])}</li>" for f in progress["faults"]),
            "</ul>",
        ]
    documents = answer["documents"]
    links = [
        download_link(
            keep,
            "json",
            answer["progress_json"],
            "progress.json",
            text("batch.progress_json", lang),
        )
    ]
    links += [
        download_link(keep, fmt, documents[fmt], f"batch-{name}.{SUFFIXES[fmt]}", text(key, lang))
        for fmt, name, key in (
            ("html", "report", "batch.report_html"),
            ("markdown", "report", "batch.report_markdown"),
        )
    ]
    body.append(_downloads(lang, links, again="/batch"))
    return page(lang, heading, body, path="/batch")


def layers_page(lang: str, rows: Sequence[Mapping[str, Any]]) -> str:
    """The installed layers, top down, with the document each implements."""
    head = [
        text(key, lang)
        for key in (
            "layers.level",
            "layers.name",
            "layers.jurisdiction",
            "layers.document",
            "layers.citation",
            "layers.rules",
            "layers.overrides",
            "layers.package",
        )
    ]
    table_rows = [
        [
            (text(f"level.{row['level']}", lang), ""),
            (row["name"], ""),
            (row["jurisdiction"] or text("layers.everywhere", lang), ""),
            (row["title"][lang], ""),
            (row["citation"], ""),
            (str(row["rules"]), ""),
            (str(row["overrides"]), ""),
            (f"{row['distribution']} {row['version']}", ""),
        ]
        for row in rows
    ]
    heading = text("layers.heading", lang)
    body = [f"<h1>{escape(heading)}</h1>", *_table(head, table_rows)]
    return page(lang, heading, body, path="/layers")

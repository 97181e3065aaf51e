"""The record's pages: sign-in, every unit and year, one version, the audit log, the public page.

Plain HTML forms and links, no script (the service's CSP allows none); every
value from the record is escaped.  Files are never shown inline: documents and
evidence are downloads (see :mod:`edu_rules.web._record`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from edu_rules.web._messages import size, text
from edu_rules.web._pages import page

Cell = tuple[str, str]
"""A table cell: its HTML (already escaped) and its CSS class."""


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _table(head: Sequence[str], rows: Iterable[Sequence[Cell]], *, css: str = "") -> list[str]:
    lines = [f'<table class="{css}">' if css else "<table>", "<thead><tr>"]
    lines += [f"<th>{_e(h)}</th>" for h in head]
    lines += ["</tr></thead>", "<tbody>"]
    for row in rows:
        cells = "".join(f'<td class="{c}">{h}</td>' if c else f"<td>{h}</td>" for h, c in row)
        lines.append(f"<tr>{cells}</tr>")
    return [*lines, "</tbody>", "</table>"]


def _status(status: str | None, lang: str) -> Cell:
    if status is None:
        return "", ""
    return _e(text(f"status.{status}", lang)), _e(status)


def _links(lang: str, principal: Any | None) -> str:
    links = []
    if principal is not None:
        links += [
            (f"/record?lang={lang}", text("record.nav", lang)),
            (f"/record/monitor?lang={lang}", text("record.monitor.link", lang)),
            (f"/record/monitor.xlsx?lang={lang}", text("record.monitor.xlsx", lang)),
            (f"/record/audit?lang={lang}", text("record.audit.heading", lang)),
        ]
    links.append((f"/public?lang={lang}", text("public.nav", lang)))
    return (
        '<p class="note">' + " · ".join(f'<a href="{_e(h)}">{_e(n)}</a>' for h, n in links) + "</p>"
    )


def _signed_in(lang: str, principal: Any) -> list[str]:
    who = text(
        "record.signed_in",
        lang,
        actor=principal.actor,
        scope=text(f"record.scope.{principal.scope.value}", lang),
    )
    return [
        f'<p class="note" id="who">{_e(who)}</p>',
        (
            f'<form method="post" action="/record/logout?lang={lang}">'
            f'<button type="submit">{_e(text("record.logout", lang))}</button></form>'
        ),
        _links(lang, principal),
    ]


def login_page(lang: str, *, refused: bool = False) -> str:
    """The sign-in form: a unit's token, kept in a cookie for the session."""
    body = [f"<h1>{_e(text('record.login.heading', lang))}</h1>"]
    if refused:
        body.append(f'<p class="error" id="refused">{_e(text("record.login.bad", lang))}</p>')
    body += [
        f"<p>{_e(text('record.login.intro', lang))}</p>",
        f'<form method="post" action="/record/login?lang={lang}">',
        f'<label for="token">{_e(text("record.login.token", lang))}</label> ',
        '<input type="password" id="token" name="token" autocomplete="off" required> ',
        f'<button type="submit" id="sign-in">{_e(text("record.login.submit", lang))}</button>',
        "</form>",
        _links(lang, None),
    ]
    return page(lang, text("record.login.heading", lang), body, path="/record")


def _state_row(lang: str, entry: Mapping[str, Any], *, reviewer: bool) -> list[Cell]:
    state = entry["state"]
    latest = entry["latest"]
    latest_cell = (
        f'<a href="/record/versions/{latest}?lang={lang}">{_e(entry["latest_version"])}</a>'
        if latest is not None
        else ""
    )
    accepted = entry["accepted"]
    accepted_cell = (
        f'<a href="/record/versions/{accepted}?lang={lang}">#{accepted}</a> '
        + _status(entry["accepted_status"], lang)[0]
        if accepted is not None
        else ""
    )
    published = text("record.published.yes" if entry["published"] else "record.published.no", lang)
    publish_cell = _e(published)
    if reviewer and accepted is not None:
        action = "withdraw" if entry["published"] else "publish"
        button = "record.withdraw" if entry["published"] else "record.publish"
        publish_cell += (
            f' <form class="inline" method="post" action="/record/publish?lang={lang}">'
            f'<input type="hidden" name="unit" value="{_e(entry["unit"])}">'
            f'<input type="hidden" name="year" value="{_e(entry["year"])}">'
            f'<input type="hidden" name="action" value="{action}">'
            f'<button type="submit" id="{action}-{_e(entry["unit"])}-{_e(entry["year"])}">'
            f"{_e(text(button, lang))}</button></form>"
        )
    return [
        (_e(f"{entry['name']}（{entry['unit']}）"), ""),
        (_e(entry["year"]), ""),
        (_e(text(f"record.state.{state}", lang)), _e(f"state-{state}")),
        (_e(entry["versions"]), ""),
        (latest_cell, ""),
        _status(entry["latest_status"], lang),
        (accepted_cell, ""),
        (publish_cell, ""),
    ]


def state_page(lang: str, principal: Any, state: Sequence[Mapping[str, Any]], *, limit: int) -> str:
    """Every unit and year the principal covers; the upload form for a county."""
    reviewer = principal.scope.value != "county"
    body = [f"<h1>{_e(text('record.title', lang))}</h1>", *_signed_in(lang, principal)]
    if not reviewer:
        body += [
            f"<h2>{_e(text('record.upload.heading', lang))}</h2>",
            f"<p>{_e(text('record.upload.intro', lang))}</p>",
            (
                f'<form method="post" action="/record/submit?lang={lang}" '
                'enctype="multipart/form-data">'
            ),
            f'<label for="file">{_e(text("upload.file", lang))}</label> ',
            '<input type="file" id="file" name="file" accept=".xlsx,.json" required> ',
            f'<button type="submit" id="submit">{_e(text("record.upload.submit", lang))}</button>',
            f'<p class="note">{_e(text("upload.limit", lang, size=size(limit)))}</p>',
            "</form>",
        ]
    head = [
        text(key, lang)
        for key in (
            "record.col.unit",
            "record.col.year",
            "record.col.state",
            "record.col.versions",
            "record.col.latest",
            "record.col.verdict",
            "record.col.accepted",
            "record.col.published",
        )
    ]
    body += [f"<h2>{_e(text('record.state.heading', lang))}</h2>"]
    if state:
        body += _table(head, (_state_row(lang, e, reviewer=reviewer) for e in state), css="state")
    else:
        body.append(f"<p>{_e(text('record.state.empty', lang))}</p>")
    return page(lang, text("record.title", lang), body, path="/record")


def _facts(lang: str, version: Mapping[str, Any]) -> list[str]:
    rows = [
        ("record.version.file", version["file_name"]),
        ("record.version.format", version["format"]),
        ("record.version.size", f"{version['size']} B"),
        ("record.version.sha256", version["sha256"]),
        ("record.version.submitted", version["submitted_at"]),
        ("record.version.by", version["submitted_by"]),
        ("record.col.state", text(f"record.state.{version['state']}", lang)),
    ]
    lines = ['<table class="facts">']
    lines += [f"<tr><th>{_e(text(k, lang))}</th><td>{_e(v)}</td></tr>" for k, v in rows]
    return [*lines, "</table>"]


def _results(lang: str, version: Mapping[str, Any]) -> list[str]:
    head = [
        text(key, lang)
        for key in (
            "record.col.judged_at",
            "record.col.reason",
            "record.col.verdict",
            "record.col.rules",
            "record.col.engine",
            "record.col.actor",
        )
    ]
    rows = [
        [
            (_e(r["judged_at"]), ""),
            (_e(text(f"record.reason.{r['reason']}", lang)), ""),
            _status(r["status"], lang),
            (_e(", ".join(f"{layer['name']} {layer['version']}" for layer in r["layers"])), ""),
            (_e(r["engine_version"]), ""),
            (_e(r["judged_by"]), ""),
        ]
        for r in version["results"]
    ]
    return _table(head, rows, css="results")


def _review(lang: str, principal: Any, version: Mapping[str, Any], number: int) -> list[str]:
    lines = [f"<h2>{_e(text('record.review.heading', lang))}</h2>"]
    review = version["review"]
    if review is not None:
        said = text(
            "record.review.done",
            lang,
            decision=text(f"record.state.{review['decision']}", lang),
            comment=review["comment"] or "—",
            by=review["reviewed_by"],
            at=review["reviewed_at"],
        )
        return [*lines, f'<p id="review">{_e(said)}</p>']
    if principal.scope.value == "county":
        return [*lines, f'<p id="review">{_e(text("record.review.waiting", lang))}</p>']
    return [
        *lines,
        f'<form method="post" action="/record/versions/{number}/review?lang={lang}">',
        f'<label for="comment">{_e(text("record.review.comment", lang))}</label><br>',
        '<textarea id="comment" name="comment" rows="3" cols="60" maxlength="2000"></textarea><br>',
        (
            f'<button type="submit" name="decision" value="accepted" id="accept">'
            f"{_e(text('record.review.accept', lang))}</button> "
        ),
        (
            f'<button type="submit" name="decision" value="returned" id="return">'
            f"{_e(text('record.review.return', lang))}</button>"
        ),
        "</form>",
    ]


def _evidence(
    lang: str, principal: Any, version: Mapping[str, Any], number: int, kinds: Sequence[str]
) -> list[str]:
    lines = [f"<h2>{_e(text('record.evidence.heading', lang))}</h2>"]
    files = version["evidence"]
    if files:
        head = [text(k, lang) for k in ("record.evidence.item", "record.version.file")]
        head += [text(k, lang) for k in ("record.version.size", "record.version.sha256")]
        rows = [
            [
                (_e(f["item"]), ""),
                (f'<a href="/record/evidence/{f["id"]}" download>{_e(f["file_name"])}</a>', ""),
                (_e(f"{f['size']} B"), ""),
                (_e(f["sha256"]), ""),
            ]
            for f in files
        ]
        lines += _table(head, rows, css="evidence")
    else:
        lines.append(f"<p>{_e(text('record.evidence.none', lang))}</p>")
    if principal.scope.value == "county" and version["review"] is None:
        accept = ",".join(f".{kind}" for kind in kinds)
        allowed = ", ".join(kinds)
        lines += [
            (
                f'<form method="post" action="/record/versions/{number}/evidence?lang={lang}" '
                'enctype="multipart/form-data">'
            ),
            f'<label for="item">{_e(text("record.evidence.item", lang))}</label> ',
            '<input type="text" id="item" name="item" size="6" maxlength="8" required> ',
            f'<input type="file" id="evidence" name="file" accept="{_e(accept)}" required> ',
            f'<button type="submit">{_e(text("record.evidence.submit", lang))}</button>',
            f'<p class="note">{_e(text("record.evidence.kinds", lang, kinds=allowed))}</p>',
            "</form>",
        ]
    return lines


def version_page(
    lang: str, principal: Any, version: Mapping[str, Any], *, kinds: Sequence[str]
) -> str:
    """One version: the file, every judgment with its rules, the review, the evidence."""
    number = version["id"]
    heading = text(
        "record.version.heading",
        lang,
        name=version["name"],
        year=version["year"],
        version=version["version"],
    )
    body = [f"<h1>{_e(heading)}</h1>", *_signed_in(lang, principal), *_facts(lang, version)]
    body += [
        (
            f'<p><a href="/record/versions/{number}/document" download>'
            f"{_e(text('record.version.download', lang))}</a> · "
            f'<a href="/record/versions/{number}/result" download>'
            f"{_e(text('record.version.result', lang))}</a></p>"
        ),
        f"<h2>{_e(text('record.version.results', lang))}</h2>",
        *_results(lang, version),
    ]
    if principal.scope.value != "county":
        body.append(
            f'<form method="post" action="/record/versions/{number}/rejudge?lang={lang}">'
            f'<button type="submit" id="rejudge">{_e(text("record.rejudge", lang))}</button></form>'
        )
    body += _review(lang, principal, version, number)
    body += _evidence(lang, principal, version, number, kinds)
    return page(lang, heading, body, path=f"/record/versions/{number}")


def audit_page(lang: str, principal: Any, entries: Sequence[Mapping[str, Any]]) -> str:
    """The audit log as the principal may read it, newest first."""
    head = [
        text(k, lang)
        for k in (
            "record.col.at",
            "record.col.actor",
            "record.col.action",
            "record.col.unit",
            "record.col.year",
            "record.col.detail",
        )
    ]
    rows = [
        [
            (_e(e["at"]), ""),
            (_e(e["actor"]), ""),
            (_e(text(f"record.action.{e['action']}", lang)), ""),
            (_e(e["unit"]), ""),
            (_e(e["year"]), ""),
            (_e(", ".join(f"{k}={v}" for k, v in e["detail"].items())), "note"),
        ]
        for e in reversed(entries)
    ]
    heading = text("record.audit.heading", lang)
    body = [
        f"<h1>{_e(heading)}</h1>",
        *_signed_in(lang, principal),
        *_table(head, rows, css="audit"),
    ]
    return page(lang, heading, body, path="/record/audit")


def monitor_empty_page(lang: str, principal: Any) -> str:
    """The monitoring page before any version is accepted."""
    heading = text("record.monitor.link", lang)
    body = [f"<h1>{_e(heading)}</h1>", *_signed_in(lang, principal)]
    body.append(f'<p id="empty">{_e(text("record.monitor.empty", lang))}</p>')
    return page(lang, heading, body, path="/record/monitor")


def public_page(lang: str, published: Sequence[Mapping[str, Any]]) -> str:
    """What the city published: units, years, verdicts, key figures; printable."""
    heading = text("public.heading", lang)
    body = [f"<h1>{_e(heading)}</h1>", f"<p>{_e(text('public.intro', lang))}</p>"]
    if not published:
        body.append(f'<p id="none">{_e(text("public.none", lang))}</p>')
        return page(lang, heading, body, path="/public")
    head = [
        text(k, lang)
        for k in (
            "record.col.unit",
            "record.col.year",
            "record.col.verdict",
            "public.col.shortfalls",
            "public.col.not_evaluated",
            "public.col.rules",
        )
    ]
    rows = [
        [
            (_e(f"{p['name']}（{p['unit']}）"), ""),
            (_e(p["year"]), ""),
            _status(p["status"], lang),
            (_e(p["binding_shortfalls"]), ""),
            (_e(p["not_evaluated"]), ""),
            (
                _e(", ".join(f"{layer['name']} {layer['version']}" for layer in p["layers"])),
                "note",
            ),
        ]
        for p in published
    ]
    body += _table(head, rows, css="published")
    return page(lang, heading, body, path="/public")

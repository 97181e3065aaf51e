"""The record over HTTP (``serve --store URL``): ``/v1/record`` for platforms, pages for people.

Every route of the record names who is asking: the API by ``Authorization: Bearer
<token>``, the pages by the same token kept in an HttpOnly, SameSite=Strict cookie
after signing in.  The store checks what that principal may read or do on every
call (:mod:`edu_rules.store`); another unit's versions are not found.  A page's
form is refused when the browser says it comes from another site.

Judging a submission and building the monitoring report run in the service's
worker processes; the database is read and written in threads, never on the event
loop.  Documents and evidence are sent as downloads (``application/octet-stream``,
``attachment``), never shown inline.  ``/public`` and ``/v1/public`` need no token
and show only what was published.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from edu_rules.store import EVIDENCE_KINDS, Action, Principal, RecordError, Store
from edu_rules.web import _pages, _record_pages, _record_work
from edu_rules.web._app import (
    RefusedError,
    answered,
    form_of,
    lang_of,
    parse_year,
    refused_with,
    uploads,
)
from edu_rules.web._messages import text
from edu_rules.web._work import in_language

if TYPE_CHECKING:
    from edu_rules.web._app import Pool
    from edu_rules.web._settings import Settings

COOKIE = "edu_rules_record"
"""The cookie holding a signed-in person's token (HttpOnly, SameSite=Strict)."""

KINDS = tuple(sorted(EVIDENCE_KINDS))

MONITOR_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_CACHED_REPORTS = 8

Handler = Callable[[Request], Awaitable[Response]]


def _refused(error: RecordError, lang: str) -> RefusedError:
    return refused_with(error.status, error.spell(lang))


def download(name: str, content: bytes) -> Response:
    """``content`` as a file to save, whatever it holds: never rendered by the browser."""
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in name)
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": disposition, "Content-Security-Policy": "sandbox"},
    )


def _whole(value: str, lang: str, name: str) -> int:
    if not value.isdecimal() or len(value) > 9:
        reason = text("error.parameter", lang, name=name, reason=text("error.whole_number", lang))
        raise refused_with(400 if name != "id" else 404, reason, name)
    return int(value)


def routes(settings: Settings, pool: Pool, store: Store) -> list[Route]:  # noqa: C901, PLR0915 - one closure per route
    """The record's routes: the API, the pages and the public page."""
    reports: dict[tuple[Any, ...], str | bytes] = {}

    async def call(lang: str, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return await run_in_threadpool(work, *args, **kwargs)
        except RecordError as error:
            raise _refused(error, lang) from error

    async def api_principal(request: Request, lang: str) -> Principal:
        given = request.headers.get("authorization", "")
        scheme, _, token = given.partition(" ")
        principal = None
        if scheme.lower() == "bearer" and token:
            principal = await run_in_threadpool(store.authenticate, token)
        if principal is None:
            error = refused_with(401, text("record.login.bad", lang))
            error.headers["WWW-Authenticate"] = 'Bearer realm="edu-rules record"'
            raise error
        return principal

    async def page_principal(request: Request) -> Principal | None:
        token = request.cookies.get(COOKIE)
        return await run_in_threadpool(store.authenticate, token) if token else None

    def api(work: Callable[[Request, str, Principal], Awaitable[Response]]) -> Handler:
        @functools.wraps(work)
        async def handler(request: Request) -> Response:
            lang = lang_of(request.query_params.get("lang"))
            return await work(request, lang, await api_principal(request, lang))

        return handler

    def signed_in(work: Callable[[Request, str, Principal], Awaitable[Response]]) -> Handler:
        """A page for a signed-in person; a form must come from this site."""

        @functools.wraps(work)
        async def handler(request: Request) -> Response:
            lang = lang_of(request.query_params.get("lang"))
            if request.method == "POST" and not _same_origin(request):
                raise refused_with(403, text("record.cross_site", lang))
            principal = await page_principal(request)
            if principal is None:
                return RedirectResponse(f"/record?lang={lang}", status_code=303)
            return await work(request, lang, principal)

        return handler

    async def judged(lang: str, raw: bytes, name: str) -> Any:
        return answered(await pool.run(lang, _record_work.judge, raw, name), lang)

    async def report(principal: Principal, fmt: str, lang: str) -> str | bytes | None:
        """The monitoring report on the accepted versions; ``None`` before the first."""
        state = await call(lang, store.state, principal)
        accepted = tuple(entry["accepted"] for entry in state if entry["accepted"] is not None)
        if not accepted:
            return None
        key = (accepted, fmt, lang)
        if key not in reports:
            documents = await call(lang, store.accepted, principal)
            answer = await pool.run(lang, _record_work.monitor_report, documents, fmt, lang)
            if len(reports) >= _CACHED_REPORTS:
                reports.pop(next(iter(reports)))
            reports[key] = answered(answer, lang)
        return reports[key]

    # ------------------------------------------------------------------ the API

    @api
    async def api_state(_request: Request, lang: str, who: Principal) -> Response:
        return JSONResponse({"units": await call(lang, store.state, who)})

    @api
    async def api_submit(request: Request, lang: str, who: Principal) -> Response:
        async with form_of(request, settings, lang) as form:
            ((name, raw),) = await uploads(form, lang, many=False)
        judgment = await judged(lang, raw, name)
        done = await call(lang, store.submit, who, raw, name, judgment=judgment)
        return JSONResponse(done, status_code=201)

    @api
    async def api_version(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        return JSONResponse(await call(lang, store.version, who, number))

    @api
    async def api_document(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        return download(*await call(lang, store.document, who, number))

    @api
    async def api_result(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        return Response(
            await call(lang, store.result_document, who, number), media_type="application/json"
        )

    @api
    async def api_review(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        body = await _json_object(request, lang)
        decision, comment = str(body.get("decision", "")), str(body.get("comment", ""))
        await call(lang, store.review, who, number, decision, comment)
        return JSONResponse(await call(lang, store.version, who, number))

    @api
    async def api_rejudge(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        version = await call(lang, store.version, who, number)
        if not who.may(Action.REVIEW, version["unit"]):
            raise refused_with(403, text("store.denied", lang))
        name, raw = await call(lang, store.document, who, number)
        return JSONResponse(
            await call(lang, store.rejudge, who, number, judgment=await judged(lang, raw, name))
        )

    @api
    async def api_evidence(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        async with form_of(request, settings, lang) as form:
            ((name, raw),) = await uploads(form, lang, many=False)
            item = str(form.get("item") or "")
        evidence = await call(lang, store.add_evidence, who, number, item, name, raw)
        return JSONResponse({"id": evidence}, status_code=201)

    @api
    async def api_evidence_file(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        return download(*await call(lang, store.evidence_file, who, number))

    @api
    async def api_publish(request: Request, lang: str, who: Principal) -> Response:
        body = await _json_object(request, lang)
        unit = str(body.get("unit", ""))
        year = parse_year(body.get("year"), lang)
        if year is None:
            raise refused_with(
                400,
                text("error.parameter", lang, name="year", reason=text("error.whole_number", lang)),
                "year",
            )
        if request.method == "DELETE":
            await call(lang, store.withdraw, who, unit, year)
            return Response(status_code=204)
        return JSONResponse(await call(lang, store.publish, who, unit, year), status_code=201)

    @api
    async def api_monitor(request: Request, lang: str, who: Principal) -> Response:
        fmt = request.query_params.get("format", "json")
        if fmt not in MONITOR_TYPES:
            choices = ", ".join(MONITOR_TYPES)
            raise refused_with(400, text("error.choose", lang, choices=choices), "format")
        made = await report(who, fmt, lang)
        if made is None:
            raise refused_with(404, text("record.monitor.empty", lang))
        return Response(made, media_type=MONITOR_TYPES[fmt])

    @api
    async def api_audit(_request: Request, lang: str, who: Principal) -> Response:
        return JSONResponse({"entries": await call(lang, store.audit, who)})

    async def api_public(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        return JSONResponse({"published": await call(lang, store.published)})

    # ------------------------------------------------------------------ the pages

    async def home(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        principal = await page_principal(request)
        if principal is None:
            return HTMLResponse(_record_pages.login_page(lang))
        state = await call(lang, store.state, principal)
        limit = settings.max_upload_bytes
        return HTMLResponse(_record_pages.state_page(lang, principal, state, limit=limit))

    async def login(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        if not _same_origin(request):
            raise refused_with(403, text("record.cross_site", lang))
        form = await request.form(max_files=0, max_fields=4)
        token = str(form.get("token") or "").strip()
        principal = await run_in_threadpool(store.authenticate, token) if token else None
        if principal is None:
            return HTMLResponse(_record_pages.login_page(lang, refused=True), status_code=401)
        answer = RedirectResponse(f"/record?lang={lang}", status_code=303)
        answer.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return answer

    async def logout(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        answer = RedirectResponse(f"/record?lang={lang}", status_code=303)
        answer.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return answer

    @signed_in
    async def page_submit(request: Request, lang: str, who: Principal) -> Response:
        async with form_of(request, settings, lang) as form:
            ((name, raw),) = await uploads(form, lang, many=False)
        answer = await pool.run(lang, _record_work.judge, raw, name)
        if answer[0] == "invalid":
            return HTMLResponse(
                _pages.problems_page(lang, in_language(answer[1], lang), path="/record"),
                status_code=422,
            )
        done = await call(lang, store.submit, who, raw, name, judgment=answered(answer, lang))
        return RedirectResponse(f"/record/versions/{done['id']}?lang={lang}", status_code=303)

    @signed_in
    async def page_version(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        version = await call(lang, store.version, who, number)
        return HTMLResponse(_record_pages.version_page(lang, who, version, kinds=KINDS))

    @signed_in
    async def page_document(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        return download(*await call(lang, store.document, who, number))

    @signed_in
    async def page_result(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        return download(
            f"result-{number}.json", await call(lang, store.result_document, who, number)
        )

    @signed_in
    async def page_review(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        form = await request.form(max_files=0, max_fields=4)
        decision = str(form.get("decision") or "")
        await call(lang, store.review, who, number, decision, str(form.get("comment") or ""))
        return RedirectResponse(f"/record/versions/{number}?lang={lang}", status_code=303)

    @signed_in
    async def page_rejudge(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        name, raw = await call(lang, store.document, who, number)
        await call(lang, store.rejudge, who, number, judgment=await judged(lang, raw, name))
        return RedirectResponse(f"/record/versions/{number}?lang={lang}", status_code=303)

    @signed_in
    async def page_evidence(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        async with form_of(request, settings, lang) as form:
            ((name, raw),) = await uploads(form, lang, many=False)
            item = str(form.get("item") or "")
        await call(lang, store.add_evidence, who, number, item, name, raw)
        return RedirectResponse(f"/record/versions/{number}?lang={lang}", status_code=303)

    @signed_in
    async def page_evidence_file(request: Request, lang: str, who: Principal) -> Response:
        number = _whole(request.path_params["id"], lang, "id")
        return download(*await call(lang, store.evidence_file, who, number))

    @signed_in
    async def page_publish(request: Request, lang: str, who: Principal) -> Response:
        form = await request.form(max_files=0, max_fields=4)
        unit = str(form.get("unit") or "")
        year = parse_year(form.get("year"), lang) or 0
        if form.get("action") == "withdraw":
            await call(lang, store.withdraw, who, unit, year)
        else:
            await call(lang, store.publish, who, unit, year)
        return RedirectResponse(f"/record?lang={lang}", status_code=303)

    @signed_in
    async def page_monitor(_request: Request, lang: str, who: Principal) -> Response:
        made = await report(who, "html", lang)
        if made is None:
            return HTMLResponse(_record_pages.monitor_empty_page(lang, who))
        return HTMLResponse(made)

    @signed_in
    async def page_monitor_xlsx(_request: Request, lang: str, who: Principal) -> Response:
        made = await report(who, "xlsx", lang)
        if made is None:
            raise refused_with(404, text("record.monitor.empty", lang))
        assert isinstance(made, bytes)  # noqa: S101 - xlsx is bytes
        return download("edu-rules-monitor.xlsx", made)

    @signed_in
    async def page_audit(_request: Request, lang: str, who: Principal) -> Response:
        entries = await call(lang, store.audit, who)
        return HTMLResponse(_record_pages.audit_page(lang, who, entries))

    async def public(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        return HTMLResponse(_record_pages.public_page(lang, await call(lang, store.published)))

    return [
        Route("/v1/record/state", api_state, methods=["GET"]),
        Route("/v1/record/submissions", api_submit, methods=["POST"]),
        Route("/v1/record/versions/{id}", api_version, methods=["GET"]),
        Route("/v1/record/versions/{id}/document", api_document, methods=["GET"]),
        Route("/v1/record/versions/{id}/result", api_result, methods=["GET"]),
        Route("/v1/record/versions/{id}/review", api_review, methods=["POST"]),
        Route("/v1/record/versions/{id}/rejudge", api_rejudge, methods=["POST"]),
        Route("/v1/record/versions/{id}/evidence", api_evidence, methods=["POST"]),
        Route("/v1/record/evidence/{id}", api_evidence_file, methods=["GET"]),
        Route("/v1/record/publications", api_publish, methods=["POST", "DELETE"]),
        Route("/v1/record/monitor", api_monitor, methods=["GET"]),
        Route("/v1/record/audit", api_audit, methods=["GET"]),
        Route("/v1/public", api_public, methods=["GET"]),
        Route("/record", home, methods=["GET"]),
        Route("/record/login", login, methods=["POST"]),
        Route("/record/logout", logout, methods=["POST"]),
        Route("/record/submit", page_submit, methods=["POST"]),
        Route("/record/versions/{id}", page_version, methods=["GET"]),
        Route("/record/versions/{id}/document", page_document, methods=["GET"]),
        Route("/record/versions/{id}/result", page_result, methods=["GET"]),
        Route("/record/versions/{id}/review", page_review, methods=["POST"]),
        Route("/record/versions/{id}/rejudge", page_rejudge, methods=["POST"]),
        Route("/record/versions/{id}/evidence", page_evidence, methods=["POST"]),
        Route("/record/evidence/{id}", page_evidence_file, methods=["GET"]),
        Route("/record/publish", page_publish, methods=["POST"]),
        Route("/record/monitor", page_monitor, methods=["GET"]),
        Route("/record/monitor.xlsx", page_monitor_xlsx, methods=["GET"]),
        Route("/record/audit", page_audit, methods=["GET"]),
        Route("/public", public, methods=["GET"]),
    ]


def _same_origin(request: Request) -> bool:
    """Whether a form comes from this site, as the browser tells it.

    ``Sec-Fetch-Site`` first (every current browser sends it); else ``Origin``, which
    a browser sends as ``null`` under the service's ``Referrer-Policy: no-referrer``.
    A request saying neither is no browser's cross-site form; the session cookie is
    SameSite=Strict besides.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in {"same-origin", "none"}
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return origin == f"{request.url.scheme}://{request.url.netloc}"


async def _json_object(request: Request, lang: str) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise refused_with(400, text("record.bad_json", lang)) from error
    if not isinstance(body, dict):
        raise refused_with(400, text("record.bad_json", lang))
    return body


__all__ = ["COOKIE", "download", "routes"]

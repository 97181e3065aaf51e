"""The JSON API, version 1: what the command line does, over HTTP, for platforms in any language.

Each answer is what the matching command prints with ``--format json``:
``POST /v1/evaluate`` the result document (``schemas/result.schema.json``),
``POST /v1/batch`` the progress of ``edu-rules progress``, ``POST /v1/plan`` the
plan, ``POST /v1/whatif`` the comparison, ``GET /v1/layers`` the installed layers.
Errors are ``{"errors": [{"path": ..., "reason": ...}, ...]}``, every problem at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from edu_rules.web import _work
from edu_rules.web._app import (
    RefusedError,
    answered,
    form_of,
    lang_of,
    parse_year,
    uploads,
)
from edu_rules.web._messages import text
from edu_rules.web._openapi import openapi

if TYPE_CHECKING:
    from edu_rules.web._app import Pool
    from edu_rules.web._settings import Settings

MEDIA_TYPES = {
    "json": "application/json",
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
"""What ``POST /v1/evaluate?format=...`` answers with."""


def _bad(name: str, reason: str) -> RefusedError:
    return RefusedError(400, [{"path": name, "reason": reason}])


def _is_form(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith("multipart/form-data")


async def _bodies(
    request: Request, settings: Settings, lang: str, *, many: bool
) -> list[tuple[str, bytes]]:
    """The uploaded document(s): the raw body, or the ``file`` parts of a multipart form."""
    if _is_form(request):
        async with form_of(request, settings, lang) as form:
            return await uploads(form, lang, many=many)
    raw = await request.body()
    if not raw.strip():
        raise _bad("", text("error.empty", lang))
    return [("body", raw)]


def routes(settings: Settings, pool: Pool) -> list[Route]:
    """The ``/v1`` routes, evaluating in ``pool``."""

    async def evaluate(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        fmt = request.query_params.get("format", "json")
        if fmt not in MEDIA_TYPES:
            choices = ", ".join(MEDIA_TYPES)
            raise _bad("format", text("error.choose", lang, choices=choices))
        ((name, raw),) = await _bodies(request, settings, lang, many=False)
        answer = await pool.run(lang, _work.evaluate, raw, name, (fmt,), lang)
        payload = answered(answer, lang)
        return Response(
            payload["documents"][fmt],
            media_type=MEDIA_TYPES[fmt],
            headers={"X-Edu-Rules-Status": payload["status"]},
        )

    async def batch(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        year = parse_year(request.query_params.get("year"), lang)
        files = await _bodies(request, settings, lang, many=True)
        answer = await pool.run(lang, _work.batch, files, year, (), lang)
        return Response(answered(answer, lang)["progress_json"], media_type="application/json")

    async def plan(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        costs = request.query_params.getlist("cost")
        ((name, raw),) = await _bodies(request, settings, lang, many=False)
        answer = await pool.run(lang, _work.plan, raw, name, costs, lang)
        return Response(answered(answer, lang), media_type="application/json")

    async def whatif(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        raw = await request.body()
        if not raw.strip():
            raise _bad("", text("error.empty", lang))
        answer = await pool.run(lang, _work.whatif, raw)
        return Response(answered(answer, lang), media_type="application/json")

    async def layers(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        return JSONResponse(answered(await pool.kept(lang, _work.layers), lang))

    async def document(_request: Request) -> Response:
        return JSONResponse(openapi(settings))

    return [
        Route("/v1/evaluate", evaluate, methods=["POST"]),
        Route("/v1/batch", batch, methods=["POST"]),
        Route("/v1/plan", plan, methods=["POST"]),
        Route("/v1/whatif", whatif, methods=["POST"]),
        Route("/v1/layers", layers, methods=["GET"]),
        Route("/v1/openapi.json", document, methods=["GET"]),
    ]

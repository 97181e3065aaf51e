"""The OpenAPI description of the record's routes, added to ``/v1/openapi.json`` with ``--store``.

Every ``/v1/record`` route takes a unit's token (``Authorization: Bearer <id>.<secret>``,
issued by ``edu-rules store token``), not the service's shared one; ``/v1/public``
takes none.
"""

from __future__ import annotations

from typing import Any

_JSON = {"application/json": {"schema": {"type": "object"}}}
_FILE = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
_ERRORS = {"$ref": "#/components/schemas/Errors"}
_SECURED: list[dict[str, list[str]]] = [{"unit_token": []}]
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}

_DESCRIBED = {
    "400": "bad request (a parameter, a form, an evidence file of a type not accepted)",
    "401": "missing, unknown or revoked unit token",
    "403": "the token's unit may not do this (another unit's document, a county reviewing)",
    "404": "no such version or file within the token's units",
    "409": "the version is already reviewed (it stays as it is), or nothing is accepted",
    "413": "the body or the file is larger than its limit",
    "422": "the document is not valid: every problem, with its path; nothing is kept",
    "500": "a plugin failed or the server erred: nothing is kept",
    "503": "busy, or judging passed its time limit: nothing is kept",
}


def _answers(ok: str, content: dict[str, Any] | None, *codes: int) -> dict[str, Any]:
    answers: dict[str, Any] = {ok: {"description": "done"}}
    if content is not None:
        answers[ok]["content"] = content
    for code in codes:
        answers[str(code)] = {
            "description": _DESCRIBED[str(code)],
            "content": {"application/json": {"schema": _ERRORS}},
        }
    return answers


def _form(*fields: str) -> dict[str, Any]:
    properties: dict[str, Any] = {"file": {"type": "string", "format": "binary"}}
    properties.update({name: {"type": "string"} for name in fields})
    schema = {"type": "object", "required": ["file", *fields], "properties": properties}
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


def _body(**properties: Any) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _operation(summary: str, answers: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"summary": summary, "security": _SECURED, "responses": answers, **more}


PATHS: dict[str, Any] = {
    "/v1/record/state": {
        "get": _operation(
            "Every unit and year the token covers: latest version, state, accepted version",
            _answers("200", _JSON, 401),
        )
    },
    "/v1/record/submissions": {
        "post": _operation(
            "Submit a document (JSON or .xlsx): kept as a new version, judged",
            _answers("201", _JSON, 400, 401, 403, 413, 422, 500, 503),
            requestBody=_form(),
        )
    },
    "/v1/record/versions/{id}": {
        "get": _operation(
            "One version: file, hash, judgments with their rule layers, review, evidence",
            _answers("200", _JSON, 401, 404),
            parameters=[_ID],
        )
    },
    "/v1/record/versions/{id}/document": {
        "get": _operation(
            "The file as submitted (a download)", _answers("200", _FILE, 401, 404), parameters=[_ID]
        )
    },
    "/v1/record/versions/{id}/result": {
        "get": _operation(
            "The latest judgment's result document",
            _answers(
                "200",
                {"application/json": {"schema": {"$ref": "#/components/schemas/Result"}}},
                401,
                404,
            ),
            parameters=[_ID],
        )
    },
    "/v1/record/versions/{id}/review": {
        "post": _operation(
            "Accept or return a version (once; returning needs a comment)",
            _answers("200", _JSON, 400, 401, 403, 404, 409),
            parameters=[_ID],
            requestBody=_body(
                decision={"enum": ["accepted", "returned"]}, comment={"type": "string"}
            ),
        )
    },
    "/v1/record/versions/{id}/rejudge": {
        "post": _operation(
            "Judge a version again with the rules installed now (kept beside the earlier)",
            _answers("200", _JSON, 401, 403, 404, 500, 503),
            parameters=[_ID],
        )
    },
    "/v1/record/versions/{id}/evidence": {
        "post": _operation(
            "Attach an evidence file (pdf, jpg, png, xlsx, docx) to a version not reviewed",
            _answers("201", _JSON, 400, 401, 403, 404, 409, 413),
            parameters=[_ID],
            requestBody=_form("item"),
        )
    },
    "/v1/record/evidence/{id}": {
        "get": _operation(
            "An evidence file (a download)", _answers("200", _FILE, 401, 404), parameters=[_ID]
        )
    },
    "/v1/record/publications": {
        "post": _operation(
            "Publish a unit-year's accepted version",
            _answers("201", _JSON, 400, 401, 403, 409),
            requestBody=_body(unit={"type": "string"}, year={"type": "integer"}),
        ),
        "delete": _operation(
            "Withdraw a unit-year from the public page",
            _answers("204", None, 400, 401, 403, 404),
            requestBody=_body(unit={"type": "string"}, year={"type": "integer"}),
        ),
    },
    "/v1/record/monitor": {
        "get": _operation(
            "The monitoring report on the accepted versions of every year",
            _answers("200", _JSON, 400, 401, 404, 500, 503),
            parameters=[
                {
                    "name": "format",
                    "in": "query",
                    "schema": {"enum": ["json", "html", "md", "xlsx"], "default": "json"},
                }
            ],
        )
    },
    "/v1/record/audit": {
        "get": _operation(
            "The audit log of the token's units, oldest first", _answers("200", _JSON, 401)
        )
    },
    "/v1/public": {
        "get": {
            "summary": "What the city published: units, years, verdicts, key figures",
            "security": [],
            "responses": _answers("200", _JSON),
        }
    },
}


def with_record(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (not changed) with the record's paths and its token scheme added."""
    components = dict(document["components"])
    components["securitySchemes"] = {
        **components.get("securitySchemes", {}),
        "unit_token": {
            "type": "http",
            "scheme": "bearer",
            "description": "a unit's token from edu-rules store token",
        },
    }
    return {**document, "paths": {**document["paths"], **PATHS}, "components": components}

"""The OpenAPI 3.1 description of ``/v1``, with the project's own JSON Schemas inside.

OpenAPI 3.1 speaks JSON Schema 2020-12, the dialect of ``schemas/*.schema.json``,
so the county and result contracts are embedded as they are (each keeps its
``$id``, against which its internal ``$ref`` resolve).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from edu_rules._resources import load_schema

if TYPE_CHECKING:
    from edu_rules.web._settings import Settings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["path", "reason"],
                "properties": {
                    "path": {
                        "type": "string",
                        "description": "JSON path of the field (schools[3].stages.primary."
                        "students), or sheet and cell of a workbook; empty for the whole body",
                    },
                    "reason": {"type": "string"},
                    "source": {"type": "string", "description": "which document, if several"},
                },
            },
        }
    },
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Errors")}}}


def _county_body(description: str) -> dict[str, Any]:
    return {
        "required": True,
        "description": description,
        "content": {
            "application/json": {"schema": _ref("County")},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }


_LANG = {
    "name": "lang",
    "in": "query",
    "schema": {"enum": ["zh", "en"], "default": "zh"},
    "description": "language of reports and of the service's own error messages",
}


def _errors(*codes: int) -> dict[str, Any]:
    described = {
        "400": "bad request (a parameter, an empty body, a broken form)",
        "401": "missing or wrong token (when the service has one)",
        "413": "the body is larger than the upload limit",
        "422": "the document is not valid: every problem, with its path",
        "500": "a plugin failed or the server erred: no verdict",
        "503": "busy, or the evaluation passed its time limit: no verdict",
    }
    return {str(code): _error(described[str(code)]) for code in codes}


@functools.cache
def _document(max_upload_bytes: int, *, token: bool) -> dict[str, Any]:
    from edu_rules._version import version

    common = (400, 401, 413, 422, 500, 503)
    json_out = {"application/json": {"schema": {"type": "object"}}}
    paths: dict[str, Any] = {
        "/v1/evaluate": {
            "post": {
                "summary": "Evaluate one county document (JSON or .xlsx)",
                "parameters": [
                    {
                        "name": "format",
                        "in": "query",
                        "schema": {"enum": ["json", "markdown", "html", "text"], "default": "json"},
                    },
                    _LANG,
                ],
                "requestBody": _county_body("a county document, as JSON or an .xlsx workbook"),
                "responses": {
                    "200": {
                        "description": "the result document (as edu-rules evaluate --format "
                        "json); the X-Edu-Rules-Status header repeats the verdict",
                        "content": {"application/json": {"schema": _ref("Result")}},
                    },
                    **_errors(*common),
                },
            }
        },
        "/v1/batch": {
            "post": {
                "summary": "Evaluate a batch and report progress against plans and targets",
                "parameters": [
                    {"name": "year", "in": "query", "schema": {"type": "integer"}},
                    _LANG,
                ],
                "requestBody": {
                    "required": True,
                    "description": "a JSON array of county documents, or several files "
                    "(JSON or .xlsx) as multipart/form-data fields named file",
                    "content": {
                        "application/json": {"schema": {"type": "array", "items": _ref("County")}},
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "file": {
                                        "type": "array",
                                        "items": {"type": "string", "format": "binary"},
                                    }
                                },
                            }
                        },
                    },
                },
                "responses": {
                    "200": {
                        "description": "as edu-rules progress --format json",
                        "content": json_out,
                    },
                    **_errors(*common),
                },
            }
        },
        "/v1/plan": {
            "post": {
                "summary": "The least additions that make a county's schools pass",
                "parameters": [
                    {
                        "name": "cost",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                        "description": "FIELD=YUAN, as --cost (repeatable)",
                    },
                    _LANG,
                ],
                "requestBody": _county_body("a county document, as JSON or an .xlsx workbook"),
                "responses": {
                    "200": {"description": "as edu-rules plan --format json", "content": json_out},
                    **_errors(*common),
                },
            }
        },
        "/v1/whatif": {
            "post": {
                "summary": "Change figures and compare the verdicts",
                "parameters": [_LANG],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["county", "changes"],
                                "properties": {
                                    "county": _ref("County"),
                                    "changes": {
                                        "type": "object",
                                        "description": "JSON path: new value, e.g. "
                                        '{"guarantee.quota_allocation_pct": 55}',
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "as edu-rules whatif --format json",
                        "content": json_out,
                    },
                    **_errors(*common),
                },
            }
        },
        "/v1/layers": {
            "get": {
                "summary": "The installed policy layers and their documents",
                "responses": {
                    "200": {
                        "description": "as edu-rules plugins --format json",
                        "content": json_out,
                    },
                    **_errors(401, 500, 503),
                },
            }
        },
    }
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "edu-rules",
            "version": version(),
            "description": "县域义务教育优质均衡发展评估 / high-quality balanced compulsory "
            f"education: assessment. Largest body accepted: {max_upload_bytes} bytes.",
        },
        "paths": paths,
        "components": {
            "schemas": {
                "County": load_schema("county.schema.json"),
                "Result": load_schema("result.schema.json"),
                "Errors": _ERRORS,
            }
        },
    }
    # The scheme is declared either way, so a platform's client is generated with it; a
    # service started with --token (or EDU_RULES_TOKEN) requires it on every operation.
    document["components"]["securitySchemes"] = {
        "token": {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "The shared token the service was started with (edu-rules serve --token, or "
                "EDU_RULES_TOKEN). Required on every operation when the service has one; "
                "the web pages take it as HTTP Basic authentication's password."
            ),
        }
    }
    document["security"] = [{"token": []}] if token else [{}, {"token": []}]
    return document


def openapi(settings: Settings) -> dict[str, Any]:
    """The OpenAPI document of a service with ``settings`` (and its record, with a store)."""
    document = _document(settings.max_upload_bytes, token=settings.token is not None)
    if settings.store is None:
        return document
    from edu_rules.web._record_openapi import with_record

    return with_record(document)

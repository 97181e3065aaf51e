"""The web service as one ASGI application: the pages and the API behind the shared guards."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from edu_rules.web import _api, _work
from edu_rules.web._app import (
    BodyTooLargeError,
    Pool,
    RefusedError,
    SecurityHeaders,
    TokenGate,
    UploadLimit,
    lang_of,
    page_routes,
    refusal,
    refused_with,
)
from edu_rules.web._downloads import Downloads
from edu_rules.web._messages import size, text
from edu_rules.web._settings import Settings


def create_app(settings: Settings | None = None) -> ASGIApp:
    """The web service as an ASGI application (uvicorn, or any ASGI server, runs it).

    :param settings: limits, token and workers; :class:`Settings` defaults if omitted.
    """
    settings = settings if settings is not None else Settings()
    pool = Pool(settings)
    store = None
    record: list[Route] = []
    if settings.store is not None:  # the record: only now are SQLAlchemy and Alembic imported
        from edu_rules.store import Store
        from edu_rules.web import _record

        store = Store.open(settings.store)
        record = _record.routes(settings, pool, store)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            with contextlib.suppress(RefusedError):  # a failure is said when a page asks
                await pool.kept("zh", _work.layers)  # workers up, and the layers kept
            yield
        finally:
            pool.close()
            if store is not None:
                store.close()

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, RefusedError)  # noqa: S101 - registered for this class only
        return refusal(request.scope, error)

    async def too_large(request: Request, _error: Exception) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        reason = text("error.too_large", lang, size=size(settings.max_upload_bytes))
        return refusal(request.scope, refused_with(413, reason))

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)  # noqa: S101 - registered for this class only
        lang = lang_of(request.query_params.get("lang"))
        key = {404: "error.not_found", 405: "error.method"}.get(error.status_code)
        reason = text(key, lang) if key else str(error.detail)
        return refusal(
            request.scope,
            RefusedError(
                error.status_code,
                [{"path": "", "reason": reason}],
                headers=dict(error.headers or {}),
            ),
        )

    app = Starlette(
        routes=[*page_routes(settings, pool, Downloads()), *_api.routes(settings, pool), *record],
        exception_handlers={
            RefusedError: refused,
            BodyTooLargeError: too_large,
            HTTPException: http_error,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.pool = pool
    app.state.store = store
    gated = TokenGate(UploadLimit(app, settings.max_upload_bytes), settings.token)
    return SecurityHeaders(gated)

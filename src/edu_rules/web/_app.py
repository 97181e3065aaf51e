"""The service's parts: the page routes, limits, the token, security headers, the worker pool.

Three thin layers wrap the Starlette application, outermost first: security
headers on every answer; the shared token on ``/v1``; the upload limit, which
refuses a body by its ``Content-Length`` before reading it and stops reading one
that grows past the limit.  Evaluation never runs on the event loop: a bounded
pool of worker processes does it, each request within a time limit.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hmac
import multiprocessing
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import PurePath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from edu_rules.web import _pages, _work
from edu_rules.web._downloads import Downloads
from edu_rules.web._messages import size, text
from edu_rules.web._settings import Settings

LANGUAGES = ("zh", "en")
_NAME_CHARS = 120
"""How much of an uploaded file's name messages quote (it is never used as a path)."""


# --------------------------------------------------------------------------- refusals


class RefusedError(Exception):
    """A request answered with an error: status, and problems as the API lists them."""

    def __init__(
        self, status: int, problems: list[dict[str, str]], *, headers: dict[str, str] | None = None
    ) -> None:
        """``problems`` are ``{"path": ..., "reason": ...}``; ``headers`` go on the answer."""
        super().__init__(status, problems)
        self.status = status
        self.problems = problems
        self.headers = headers or {}


def lang_of(query: str | None) -> str:
    """The page language a query asks for (``lang=en``); Chinese by default."""
    return "en" if query == "en" else "zh"


def _is_api(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


def refusal(scope: Scope, error: RefusedError) -> Response:
    """The answer to a refused request: JSON errors on ``/v1``, a page elsewhere."""
    if _is_api(scope.get("path", "")):
        return JSONResponse(
            {"errors": error.problems}, status_code=error.status, headers=error.headers
        )
    lang = lang_of(Request(scope).query_params.get("lang"))
    heading = "; ".join(problem["reason"] for problem in error.problems)
    return HTMLResponse(
        _pages.message_page(lang, heading, path=scope.get("path", "/")),
        status_code=error.status,
        headers=error.headers,
    )


def refused_with(status: int, reason: str, path: str = "") -> RefusedError:
    return RefusedError(status, [{"path": path, "reason": reason}])


# --------------------------------------------------------------------------- ASGI layers


SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", _pages.CSP.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
"""On every answer: no script, no framing, no referrer, nothing cached (results are private)."""


class SecurityHeaders:
    """Put :data:`SECURITY_HEADERS` on every answer, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the start of each HTTP answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


OPEN_PATHS = frozenset({"/healthz", "/v1/openapi.json", "/public"})
"""What a service with a token still shows to anyone: its health, its API's description and
the record's published results (``/public``, open by design)."""
RECORD_PATHS = ("/v1/record/", "/v1/public")
"""API paths of the record (``serve --store``), which carry a unit's token, not the shared one."""
RECORD_PAGES = "/record"
"""The record's pages (``serve --store``), which sign a unit in with its own token."""


class TokenGate:
    """Refuse every request without the shared token (when one is set), before reading it.

    The API takes it as ``Authorization: Bearer TOKEN``; a browser on the pages as HTTP
    Basic authentication (any user name, the token as the password), which it asks the
    person for when a page answers 401.  Only :data:`OPEN_PATHS` need no token, and the
    record's paths (:data:`RECORD_PATHS`, :data:`RECORD_PAGES`), which check a unit's own.
    """

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        """Wrap ``app``; ``token`` ``None`` lets every request through."""
        self.app = app
        self.token = token.encode() if token else None
        self.expected = f"Bearer {token}".encode() if token else None

    def _allowed(self, given: bytes) -> bool:
        """Whether an ``Authorization`` header carries the token (Bearer, or Basic's password)."""
        if self.expected is None or self.token is None:
            return True
        if hmac.compare_digest(given, self.expected):
            return True
        scheme, _, credentials = given.partition(b" ")
        if scheme.lower() != b"basic":
            return False
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        return hmac.compare_digest(decoded.partition(b":")[2], self.token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the ``Authorization`` header of every request but :data:`OPEN_PATHS`."""
        path = scope.get("path", "")
        if (
            scope["type"] == "http"
            and self.expected is not None
            and path not in OPEN_PATHS
            and not path.startswith(RECORD_PATHS)  # the record checks its own per-unit tokens
            and path != RECORD_PAGES
            and not path.startswith(RECORD_PAGES + "/")
        ):
            given = dict(scope["headers"]).get(b"authorization", b"")
            if not self._allowed(given):
                lang = lang_of(Request(scope).query_params.get("lang"))
                error = refused_with(401, text("error.token", lang))
                challenge = "Bearer" if _is_api(path) else "Basic"
                error.headers["WWW-Authenticate"] = (
                    f'{challenge} realm="edu-rules", charset="UTF-8"'
                )
                await refusal(scope, error)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyTooLargeError(Exception):
    """The request body grew past the limit while it was being read."""


class UploadLimit:
    """Refuse a request body larger than ``limit`` bytes: 413, read no further than needed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        """Wrap ``app``."""
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check ``Content-Length`` first; then count the bytes as they arrive."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang = lang_of(Request(scope).query_params.get("lang"))
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                await refusal(scope, refused_with(400, text("error.bad_length", lang)))(
                    scope, receive, send
                )
                return
            if length > self.limit:
                too_large = refused_with(413, text("error.too_large", lang, size=size(self.limit)))
                await refusal(scope, too_large)(scope, receive, send)
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLargeError
            return message

        await self.app(scope, counted, send)


# --------------------------------------------------------------------------- the worker pool


class Pool:
    """A bounded pool of worker processes; each job gets ``settings.time_limit`` seconds.

    At most ``workers + queue`` jobs are in the pool at once; one more is refused
    with 503 at once rather than queued without end.  A job counts until its work has
    really ended, not until its request was answered.  A request answered before its
    job ended (past the time limit: 503; or abandoned) gives its job up: a job still
    waiting is cancelled, one running is stopped by its worker at the time limit
    (:func:`edu_rules.web._work.within`), so refused work never holds a worker.
    What does not change while the service runs (the layers, the template) is asked
    of a worker once and kept: it never waits behind a burst of evaluations.
    """

    def __init__(self, settings: Settings) -> None:
        """Start nothing yet: the processes start with the first job."""
        self.settings = settings
        self._executor: ProcessPoolExecutor | None = None
        self._in_flight = 0
        self._kept: dict[str, Any] = {}

    @property
    def in_flight(self) -> int:
        """Jobs handed to the workers whose work has not ended yet."""
        return self._in_flight

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # forkserver: workers forked from a clean process, never from this threaded one.
            method = (
                "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            )
            self._executor = ProcessPoolExecutor(
                max_workers=self.settings.workers,
                mp_context=multiprocessing.get_context(method),
                initializer=_work.warm,
            )
        return self._executor

    def _ended(self, _work_done: Future[_work.Answer]) -> None:
        self._in_flight -= 1

    def _busy(self, lang: str) -> RefusedError:
        return RefusedError(
            503, [{"path": "", "reason": text("error.busy", lang)}], headers={"Retry-After": "5"}
        )

    def _late(self, lang: str) -> RefusedError:
        seconds = f"{self.settings.time_limit:g}"
        return refused_with(503, text("error.time_limit", lang, seconds=seconds))

    async def run(self, lang: str, job: Callable[..., _work.Answer], *args: Any) -> _work.Answer:
        """Run ``job(*args)`` in a worker and return its answer; refuse when full or late."""
        if self._in_flight >= self.settings.workers + self.settings.queue:
            raise self._busy(lang)
        loop = asyncio.get_running_loop()
        limit = self.settings.time_limit
        try:
            work = self._pool().submit(_work.within, limit, job, *args)
        except (BrokenProcessPool, RuntimeError) as error:  # a dead pool: start afresh
            self._executor = None
            raise refused_with(500, text("error.internal", lang)) from error
        self._in_flight += 1

        def ended(done: Future[_work.Answer]) -> None:  # in the pool's thread, or here
            with contextlib.suppress(RuntimeError):  # the loop closed: nothing left to count
                loop.call_soon_threadsafe(self._ended, done)

        work.add_done_callback(ended)
        try:
            answer = await asyncio.wait_for(asyncio.wrap_future(work), limit)
        except TimeoutError as error:
            work.cancel()  # waiting: it never starts; running: its worker stops it at the limit
            raise self._late(lang) from error
        except asyncio.CancelledError:  # the request was abandoned
            work.cancel()
            raise
        except BrokenProcessPool as error:  # a worker died (killed, out of memory): start afresh
            self._executor = None
            raise refused_with(500, text("error.internal", lang)) from error
        except _work.LateError as error:  # a job stopped at its deadline as it was ending
            raise self._late(lang) from error
        if answer[0] == "late":
            raise self._late(lang)
        return answer

    async def kept(self, lang: str, job: Callable[[], _work.Answer]) -> _work.Answer:
        """``job()``'s answer, asked of a worker the first time only (it never changes)."""
        name = job.__name__
        if name not in self._kept:
            answer = await self.run(lang, job)
            if answer[0] != "ok":
                return answer  # a failure is not kept: the next request asks again
            self._kept[name] = answer
        answer_kept: _work.Answer = self._kept[name]
        return answer_kept

    def close(self) -> None:
        """Stop the workers (pending jobs are cancelled)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def answered(answer: _work.Answer, lang: str, *, prefix: str = "") -> Any:
    """The payload of an ``ok`` answer; any other answer raised as a :class:`RefusedError`."""
    kind, payload = answer
    if kind == "ok":
        return payload
    if kind == "invalid":
        problems = _work.in_language(payload, lang)
        if prefix:
            problems = [{**p, "path": f"{prefix}{p['path']}"} for p in problems]
        raise RefusedError(422, problems)
    if kind == "bad":
        raise RefusedError(400, _work.in_language(payload, lang))
    raise refused_with(500, payload[lang] if payload else text("error.internal", lang))


# --------------------------------------------------------------------------- reading uploads


def file_name(upload: UploadFile) -> str:
    """An uploaded file's name, for messages only: the last part, shortened."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name
    return name[-_NAME_CHARS:] or "upload"


@contextlib.asynccontextmanager
async def form_of(request: Request, settings: Settings, lang: str) -> AsyncIterator[Any]:
    """The multipart form of ``request``, within the service's limits; closed afterwards."""
    try:
        form = await request.form(max_files=settings.max_files, max_fields=16)
    except MultiPartException as error:
        raise refused_with(400, text("error.form", lang, reason=error.message)) from error
    try:
        yield form
    finally:
        await form.close()


async def uploads(form: Any, lang: str, *, many: bool) -> list[tuple[str, bytes]]:
    """The files of a form's ``file`` field as ``(name, bytes)``; 400 if there are none."""
    files = [item for item in form.getlist("file") if isinstance(item, UploadFile)]
    found = [(file_name(item), await item.read()) for item in files if item.filename]
    if not found:
        raise refused_with(400, text("error.no_files" if many else "error.no_file", lang), "file")
    return found if many else found[:1]


# --------------------------------------------------------------------------- pages


def _page_of(answer: _work.Answer, lang: str, back: str, render: Callable[[Any], str]) -> Response:
    """The refused upload's problems (422), or ``render`` of the answer's payload."""
    if answer[0] == "invalid":
        problems = _work.in_language(answer[1], lang)
        return HTMLResponse(_pages.problems_page(lang, problems, path=back), status_code=422)
    return HTMLResponse(render(answered(answer, lang)))


def page_routes(settings: Settings, pool: Pool, kept: Downloads) -> list[Route]:
    limit = settings.max_upload_bytes

    async def home(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        return HTMLResponse(_pages.upload_page(lang, limit))

    async def report(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        async with form_of(request, settings, lang) as form:
            ((name, raw),) = await uploads(form, lang, many=False)
        formats = ("html", "json", "markdown", "xlsx")
        answer = await pool.run(lang, _work.evaluate, raw, name, formats, lang)
        return _page_of(
            answer,
            lang,
            "/",
            lambda done: _pages.report_page(lang, done["documents"], done["code"], kept.put),
        )

    async def batch_form(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        return HTMLResponse(_pages.batch_page(lang, limit))

    async def batch(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        async with form_of(request, settings, lang) as form:
            files = await uploads(form, lang, many=True)
            year = parse_year(form.get("year"), lang)
        formats = ("html", "markdown")  # every unit's JSON result: POST /v1/evaluate
        answer = await pool.run(lang, _work.batch, files, year, formats, lang)
        return _page_of(
            answer, lang, "/batch", lambda done: _pages.progress_page(lang, done, kept.put)
        )

    async def layers(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        rows = answered(await pool.kept(lang, _work.layers), lang)
        return HTMLResponse(_pages.layers_page(lang, rows))

    async def template(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        workbook = answered(await pool.kept(lang, _work.template), lang)
        return Response(
            workbook,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": 'attachment; filename="edu-rules-county.xlsx"'},
        )

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def download(request: Request) -> Response:
        lang = lang_of(request.query_params.get("lang"))
        found = kept.get(request.path_params["key"])
        if found is None or found.filename != request.path_params["name"]:
            raise refused_with(404, text("error.download_gone", lang))
        return Response(
            found.content,
            media_type=found.media_type,
            headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
        )

    return [
        Route("/", home, methods=["GET"]),
        Route("/report", report, methods=["POST"]),
        Route("/batch", batch_form, methods=["GET"]),
        Route("/batch", batch, methods=["POST"]),
        Route("/layers", layers, methods=["GET"]),
        Route("/template.xlsx", template, methods=["GET"]),
        Route("/healthz", health, methods=["GET"]),
        Route("/download/{key}/{name}", download, methods=["GET"]),
    ]


def parse_year(value: object, lang: str) -> int | None:
    """A report year from a form or query (empty: none); 400 if it is not a whole number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return int(str(value).strip())
    except ValueError as error:
        reason = text("error.parameter", lang, name="year", reason=text("error.whole_number", lang))
        raise refused_with(400, reason, "year") from error

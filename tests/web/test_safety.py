"""Safe by default: upload limits before reading, the API token, security headers, time limits.

The limit is checked on ``Content-Length`` before a byte of the body is read, and
on the bytes as they arrive when there is no length; the token guards ``/v1``; an
evaluation past its time limit answers an error, never a verdict.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re

import pytest
from starlette.testclient import TestClient

from edu_rules import PluginError
from edu_rules.web import Settings, create_app
from edu_rules.web._app import Pool, RefusedError, answered, file_name
from edu_rules.web._work import _answered, layers
from tests.web._support import FAILING, PASSING


def _call(app, path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]]):
    """Drive the ASGI app by hand: the status it answers and how many chunks it read."""
    read: list[int] = []
    sent: list[dict] = []

    async def receive():
        index = len(read)
        read.append(index)
        more = index + 1 < len(chunks)
        return {"type": "http.request", "body": chunks[index], "more_body": more}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8000),
        "scheme": "http",
        "root_path": "",
    }
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], len(read)


class TestUploadLimit:
    def test_a_declared_length_over_the_limit_is_refused_unread(self):
        """413 on Content-Length alone: the body is never read."""
        app = create_app(Settings(max_upload_bytes=4096))

        status, read = _call(app, "/v1/evaluate", [b"x" * 8192], [(b"content-length", b"8192")])

        assert (status, read) == (413, 0)

    def test_a_body_without_length_is_cut_off_once_past_the_limit(self):
        """413 as soon as the bytes pass the limit: the rest is never read."""
        app = create_app(Settings(max_upload_bytes=4096))
        chunks = [b"x" * 1024] * 100

        status, read = _call(app, "/v1/evaluate", chunks, [])

        assert status == 413
        assert read == 5

    def test_a_form_over_the_limit_gets_a_page_and_the_api_json(self, small_client):
        """The pages answer 413 with a page, the API with a JSON error list."""
        big = FAILING.read_bytes()

        page = small_client.post("/report", files={"file": ("x.json", big)})
        api = small_client.post("/v1/evaluate?lang=en", content=big)

        assert (page.status_code, api.status_code) == (413, 413)
        assert "上传内容超过上限 4 KiB" in page.text
        assert api.json() == {
            "errors": [{"path": "", "reason": "the upload is larger than the limit of 4 KiB"}]
        }

    def test_a_content_length_that_is_not_a_number_is_a_bad_request(self):
        """400, not a crash."""
        app = create_app(Settings())

        status, _ = _call(app, "/v1/evaluate", [b"{}"], [(b"content-length", b"lots")])

        assert status == 400


@pytest.fixture(name="guarded", scope="module")
def _guarded():
    """An application whose API needs the token s3cret."""
    settings = Settings(workers=1, token="s3cret")  # noqa: S106 - a test's token
    with TestClient(create_app(settings)) as client:
        yield client


class TestToken:
    @pytest.mark.parametrize("header", [None, "Bearer wrong", "s3cret"])
    def test_the_api_refuses_a_missing_or_wrong_token(self, guarded, header):
        """401 with WWW-Authenticate, before the body is read."""
        headers = {"Authorization": header} if header else {}

        answer = guarded.post("/v1/evaluate", content=PASSING.read_bytes(), headers=headers)

        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert answer.json()["errors"][0]["reason"].startswith("缺少或错误的访问令牌")

    def test_the_right_token_gets_the_result(self, guarded):
        """Authorization: Bearer <token> passes."""
        answer = guarded.post(
            "/v1/evaluate",
            content=PASSING.read_bytes(),
            headers={"Authorization": "Bearer s3cret"},
        )

        assert answer.status_code == 200

    def test_the_description_and_the_health_check_stay_open(self, guarded):
        """The OpenAPI document (which says a token is needed) and /healthz need none."""
        document = guarded.get("/v1/openapi.json")

        assert document.status_code == 200
        assert document.json()["security"] == [{"token": []}]
        assert document.json()["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
        assert guarded.get("/healthz").status_code == 200

    def test_an_open_service_declares_the_scheme_as_optional(self, client):
        """Without a token the scheme is still declared; no operation requires it."""
        document = client.get("/v1/openapi.json").json()

        assert document["components"]["securitySchemes"]["token"]["type"] == "http"
        assert {} in document["security"]

    @pytest.mark.parametrize(
        ("method", "path"),
        [("GET", "/"), ("POST", "/report"), ("GET", "/batch"), ("POST", "/batch")],
    )
    def test_the_pages_that_evaluate_ask_the_browser_for_it(self, guarded, method, path):
        """The upload pages answer 401 with a Basic challenge: the browser asks for the token."""
        files = {"file": ("x.json", PASSING.read_bytes())} if method == "POST" else None

        answer = guarded.request(method, path, files=files)

        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Basic")
        assert "访问令牌" in answer.text

    def test_a_browser_with_the_token_gets_the_report(self, guarded):
        """Basic authentication, any user name, the token as the password: the report."""
        files = {"file": ("x.json", PASSING.read_bytes())}

        answer = guarded.post("/report", files=files, auth=("analyst", "s3cret"))
        wrong = guarded.post("/report", files=files, auth=("analyst", "guess"))

        assert (answer.status_code, wrong.status_code) == (200, 401)
        assert "达标" in answer.text


class TestHeaders:
    @pytest.mark.parametrize(
        ("method", "path"),
        [("GET", "/"), ("GET", "/v1/layers"), ("GET", "/nowhere"), ("POST", "/v1/evaluate")],
    )
    def test_every_answer_carries_the_security_headers(self, client, method, path):
        """Pages, API answers and errors alike."""
        answer = client.request(method, path)

        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert "default-src 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["cache-control"] == "no-store"

    def test_the_policy_allows_exactly_the_stylesheets_the_pages_hold(self, client):
        """Every <style> of the upload and report pages is allowed by its hash; no script."""
        pages = [
            client.get("/").text,
            client.post("/report", files={"file": ("x.json", PASSING.read_bytes())}).text,
        ]
        policy = client.get("/").headers["content-security-policy"]

        for page in pages:
            for style in re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL):
                digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
                assert f"'sha256-{digest}'" in policy
            assert "<script" not in page
        assert "script-src" not in policy


class TestWorkers:
    def test_an_evaluation_past_its_time_limit_is_an_error_not_a_verdict(self):
        """503 naming the limit; no result document."""
        with TestClient(create_app(Settings(workers=1, time_limit=0.001))) as client:
            answer = client.post("/v1/evaluate?lang=en", content=PASSING.read_bytes())

        assert answer.status_code == 503
        assert answer.json() == {
            "errors": [
                {
                    "path": "",
                    "reason": "the evaluation took longer than the limit of 0.001 s; "
                    "no verdict was reached",
                }
            ]
        }

    def test_a_full_pool_refuses_at_once(self):
        """Past workers + queue jobs in flight, a 503 with Retry-After, no waiting."""
        pool = Pool(Settings(workers=1, queue=1))
        pool._in_flight = 2

        with pytest.raises(RefusedError) as refused:
            asyncio.run(pool.run("en", layers))

        assert (refused.value.status, refused.value.headers) == (503, {"Retry-After": "5"})
        assert pool._executor is None


class TestAnswers:
    def test_a_plugin_failure_is_an_error_never_a_verdict(self):
        """A PluginError in a worker answers ("error", message), which the API turns into 500."""

        def failing():
            raise PluginError("liuzhou: cannot load its rules")

        answer = _answered(failing)()

        said = "liuzhou: cannot load its rules"
        assert answer == ("error", {"zh": said, "en": said})
        with pytest.raises(RefusedError) as refused:
            answered(answer, "en")
        assert refused.value.status == 500

    def test_a_bug_is_logged_and_answered_without_its_traceback(self, caplog):
        """Any other exception: logged in the worker, a plain 500 message for the client."""

        def buggy():
            raise ZeroDivisionError

        answer = _answered(buggy)()

        assert answer == ("error", None)
        assert "edu-rules web worker failed" in caplog.text
        with pytest.raises(RefusedError) as refused:
            answered(answer, "en")
        assert refused.value.problems == [
            {
                "path": "",
                "reason": "internal error; no verdict was reached (the server log has the details)",
            }
        ]

    @pytest.mark.parametrize(
        ("given", "shown"),
        [
            ("C:\\fakepath\\county.xlsx", "county.xlsx"),
            ("../../etc/passwd", "passwd"),
            ("", "upload"),
        ],
    )
    def test_an_uploaded_name_is_only_ever_shown_never_a_path(self, given, shown):
        """Messages quote the last part of the name; nothing is stored under it."""
        import io

        from starlette.datastructures import UploadFile

        assert file_name(UploadFile(io.BytesIO(b""), filename=given)) == shown

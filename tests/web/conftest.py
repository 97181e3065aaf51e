"""Fixtures of the web service's tests: one application for the suite, a real server, examples.

The application's worker processes start once for the whole session (about a
second); a test that needs other settings builds its own small application.  The
real server is ``edu-rules serve`` itself, started on 127.0.0.1 on a free port.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed")

from starlette.testclient import TestClient

from edu_rules.web import Settings, create_app


@pytest.fixture(scope="session", name="client")
def _client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(workers=2))) as client:
        yield client


@pytest.fixture(name="small_client")
def _small_client() -> Iterator[TestClient]:
    """An application that accepts at most 4 KiB, for the limits."""
    with TestClient(create_app(Settings(workers=1, max_upload_bytes=4096))) as client:
        yield client


@pytest.fixture(scope="session", name="server")
def _server() -> Iterator[str]:
    """``edu-rules serve`` on 127.0.0.1 and a free port; its base URL."""
    pytest.importorskip("httpx")
    from benchmarks.web_load import serving

    with serving(workers=2) as base:
        yield base

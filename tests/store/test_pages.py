"""The record's pages, signed in by cookie: upload, review, evidence, monitoring, audit, publication."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed")

from starlette.testclient import TestClient

from edu_rules.store import Scope, Store
from edu_rules.web import Settings, create_app
from tests.store._record import PDF, raw, workbook


@pytest.fixture(name="pages")
def _pages(url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    store = Store.open(url)
    tokens = {
        "county": store.issue_token(Scope.COUNTY, "450202", "城中区教育局")[1],
        "city": store.issue_token(Scope.CITY, "4502", "柳州市教育局督导科")[1],
    }
    store.close()
    with TestClient(create_app(Settings(workers=1, store=url))) as client:
        yield client, tokens


def _sign_in(client: TestClient, token: str) -> None:
    client.cookies.clear()
    answer = client.post("/record/login", data={"token": token})
    assert answer.status_code == 200
    assert 'id="who"' in answer.text


def _upload(client: TestClient, name: str, content: bytes) -> int:
    answer = client.post("/record/submit", files={"file": (name, content)})
    assert answer.status_code == 200, answer.text
    return int(re.search(r"/record/versions/(\d+)", str(answer.url)).group(1))


def test_a_county_uploads_the_city_returns_accepts_and_publishes_through_the_pages(pages):
    client, tokens = pages
    _sign_in(client, tokens["county"])
    first = _upload(client, "城中区-2023.xlsx", workbook("450202", 2023))
    page = client.get(f"/record/versions/{first}").text
    assert "城中区 2023 年度 第 1 版" in page
    assert "national 0.1.0, guangxi 0.1.0, liuzhou 0.1.0" in page
    assert "等待市级审核" in page
    answer = client.post(
        f"/record/versions/{first}/evidence", data={"item": "G1"}, files={"file": ("编制.pdf", PDF)}
    )
    assert "编制.pdf" in answer.text
    _sign_in(client, tokens["city"])
    answer = client.post(
        f"/record/versions/{first}/review", data={"decision": "returned", "comment": "请补充 G2"}
    )
    assert "已退回：请补充 G2" in answer.text
    assert 'id="accept"' not in answer.text
    _sign_in(client, tokens["county"])
    assert 'name="item"' not in client.get(f"/record/versions/{first}").text
    second = _upload(client, "城中区-2023-v2.json", raw("450202", 2023))
    assert "第 2 版" in client.get(f"/record/versions/{second}").text
    _sign_in(client, tokens["city"])
    assert "已提交（待审核）" in client.get("/record").text
    client.post(f"/record/versions/{second}/review", data={"decision": "accepted", "comment": ""})
    client.post(f"/record/versions/{second}/rejudge")
    assert "重新评估" in client.get(f"/record/versions/{second}").text
    assert "<h1>城中区" not in client.get("/public").text
    state = client.post("/record/publish", data={"unit": "450202", "year": "2023"}).text
    assert "已公布" in state
    assert "城中区（450202）" in client.get("/public").text
    monitoring = client.get("/record/monitor")
    assert monitoring.status_code == 200
    assert "城中区" in monitoring.text
    assert "2023" in monitoring.text
    book = client.get("/record/monitor.xlsx")
    assert book.content.startswith(b"PK\x03\x04")
    assert book.headers["content-disposition"].startswith("attachment;")
    audit = client.get("/record/audit").text
    for action in ("提交", "审核退回", "审核通过", "重新评估", "上传佐证材料", "公布"):
        assert f"<td>{action}</td>" in audit


def test_the_monitoring_page_says_when_nothing_is_accepted_yet(pages):
    client, tokens = pages
    _sign_in(client, tokens["city"])
    assert 'id="empty"' in client.get("/record/monitor").text
    assert client.get("/record/monitor.xlsx").status_code == 404


def test_an_invalid_upload_lists_its_problems_and_keeps_nothing(pages):
    client, tokens = pages
    _sign_in(client, tokens["county"])
    answer = client.post("/record/submit", files={"file": ("x.json", b'{"code": 1}')})
    assert answer.status_code == 422
    assert "assessment_year" in answer.text
    assert "尚无提交记录" in client.get("/record").text

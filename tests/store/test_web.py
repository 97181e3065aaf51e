"""The record over HTTP: the API's flow, who may do what, files never shown inline, the public page."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed")

from starlette.testclient import TestClient

from edu_rules.store import Scope, Store
from edu_rules.web import Settings, create_app
from edu_rules.web._record import COOKIE
from tests.store._record import PDF, corrected, raw, workbook


@pytest.fixture(name="service")
def _service(url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """The service on a fresh record, and tokens: two counties, Liuzhou, Guilin, the province."""
    store = Store.open(url)
    tokens = {
        "chengzhong": store.issue_token(Scope.COUNTY, "450202", "城中区")[1],
        "yufeng": store.issue_token(Scope.COUNTY, "450203", "鱼峰区")[1],
        "liuzhou": store.issue_token(Scope.CITY, "4502", "柳州市教育局")[1],
        "guilin": store.issue_token(Scope.CITY, "4503", "桂林市教育局")[1],
        "province": store.issue_token(Scope.PROVINCE, None, "自治区教育厅")[1],
    }
    store.close()
    settings = Settings(workers=1, store=url, token="shared")  # noqa: S106 - a test's secret
    with TestClient(create_app(settings)) as client:
        yield client, tokens


def _as(tokens: dict[str, str], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[who]}"}


def _submit(client: TestClient, headers: dict[str, str], name: str, content: bytes):
    return client.post("/v1/record/submissions", headers=headers, files={"file": (name, content)})


def test_a_county_submits_three_years_and_the_city_reviews_monitors_and_publishes(service):
    client, tokens = service
    county, city = _as(tokens, "chengzhong"), _as(tokens, "liuzhou")
    ids = {}
    for year in (2022, 2023, 2024):
        answer = _submit(client, county, f"城中区-{year}.json", raw("450202", year))
        assert answer.status_code == 201, answer.text
        ids[year] = answer.json()["id"]
    returned = client.post(
        f"/v1/record/versions/{ids[2023]}/review",
        headers=city,
        json={"decision": "returned", "comment": "学校名册与年报不一致"},
    )
    assert returned.json()["state"] == "returned"
    seen = client.get(f"/v1/record/versions/{ids[2023]}", headers=county).json()
    assert seen["review"]["comment"] == "学校名册与年报不一致"
    again = _submit(client, county, "城中区-2023-v2.xlsx", workbook("450202", 2023)).json()
    assert again["version"] == 2
    for number in (ids[2022], again["id"], ids[2024]):
        accepted = client.post(
            f"/v1/record/versions/{number}/review", headers=city, json={"decision": "accepted"}
        )
        assert accepted.status_code == 200, accepted.text
    state = client.get("/v1/record/state", headers=city).json()["units"]
    assert {(e["year"], e["state"], e["accepted"]) for e in state} == {
        (2022, "accepted", ids[2022]),
        (2023, "accepted", again["id"]),
        (2024, "accepted", ids[2024]),
    }
    monitored = client.get("/v1/record/monitor?format=json", headers=city)
    assert monitored.status_code == 200
    report = monitored.json()
    assert report["years"] == [2022, 2023, 2024]
    (unit,) = report["units"]
    assert unit["code"] == "450202"
    assert unit["readiness"]["state"] in {"met", "on_track", "at_risk", "off_track"}
    page = client.get("/v1/record/monitor?format=html", headers=city)
    assert "城中区" in page.text
    published = client.post(
        "/v1/record/publications", headers=city, json={"unit": "450202", "year": 2023}
    )
    assert published.status_code == 201
    public = client.get("/v1/public").json()["published"]
    assert [(p["unit"], p["year"], p["version"]) for p in public] == [("450202", 2023, 2)]
    assert "城中区" in client.get("/public").text


def test_a_token_reads_and_writes_its_own_units_only(service):
    client, tokens = service
    mine = _submit(client, _as(tokens, "chengzhong"), "a.json", raw("450202", 2023)).json()
    for who in ("yufeng", "guilin"):
        for path in ("", "/document", "/result"):
            answer = client.get(f"/v1/record/versions/{mine['id']}{path}", headers=_as(tokens, who))
            assert answer.status_code == 404, (who, path)
            assert "450202" not in answer.text
        assert client.get("/v1/record/state", headers=_as(tokens, who)).json()["units"] == []
    refused = _submit(client, _as(tokens, "yufeng"), "b.json", raw("450202", 2024))
    assert refused.status_code == 403
    evidence = client.post(
        f"/v1/record/versions/{mine['id']}/evidence",
        headers=_as(tokens, "yufeng"),
        data={"item": "G1"},
        files={"file": ("a.pdf", PDF)},
    )
    assert evidence.status_code == 404
    review = client.post(
        f"/v1/record/versions/{mine['id']}/review",
        headers=_as(tokens, "guilin"),
        json={"decision": "accepted"},
    )
    assert review.status_code == 404
    own = client.post(
        f"/v1/record/versions/{mine['id']}/review",
        headers=_as(tokens, "chengzhong"),
        json={"decision": "accepted"},
    )
    assert own.status_code == 403
    for headers in ({}, {"Authorization": "Bearer shared"}, {"Authorization": "Bearer 1.x"}):
        assert client.get("/v1/record/state", headers=headers).status_code == 401
    assert client.get("/v1/record/audit", headers=_as(tokens, "province")).json()["entries"]


def test_a_returned_version_cannot_be_altered_and_every_change_is_logged(service):
    client, tokens = service
    county, city = _as(tokens, "chengzhong"), _as(tokens, "liuzhou")
    done = _submit(client, county, "a.json", raw("450202", 2022)).json()
    evidence = client.post(
        f"/v1/record/versions/{done['id']}/evidence",
        headers=county,
        data={"item": "G1"},
        files={"file": ("编制文件.pdf", PDF)},
    )
    assert evidence.status_code == 201
    client.post(
        f"/v1/record/versions/{done['id']}/review",
        headers=city,
        json={"decision": "returned", "comment": "缺少 G2 佐证"},
    )
    for attempt in (
        lambda: client.post(
            f"/v1/record/versions/{done['id']}/review", headers=city, json={"decision": "accepted"}
        ),
        lambda: client.post(
            f"/v1/record/versions/{done['id']}/evidence",
            headers=county,
            data={"item": "G2"},
            files={"file": ("b.pdf", PDF)},
        ),
    ):
        assert attempt().status_code == 409
    for method in ("put", "patch", "delete"):
        answer = client.request(method, f"/v1/record/versions/{done['id']}", headers=city)
        assert answer.status_code == 405
    document = client.get(f"/v1/record/versions/{done['id']}/document", headers=county)
    assert document.content == raw("450202", 2022)
    entries = client.get("/v1/record/audit", headers=city).json()["entries"]
    assert [(e["action"], e["unit"]) for e in entries[:3]] == [
        ("token.issued", "450202"),
        ("token.issued", "450203"),
        ("token.issued", "4502"),  # Guilin's token and the province's are not Liuzhou's to see
    ]
    entries = entries[3:]
    assert [e["action"] for e in entries] == [
        "unit.added",
        "submitted",
        "evidence.added",
        "returned",
    ]
    assert {e["actor"] for e in entries} == {"城中区 (#1)", "柳州市教育局 (#3)"}
    assert entries[1]["detail"]["sha256"] == hashlib.sha256(raw("450202", 2022)).hexdigest()


def test_files_are_downloads_never_pages(service):
    client, tokens = service
    county = _as(tokens, "chengzhong")
    done = _submit(client, county, "<script>.json", raw("450202", 2023)).json()
    number = client.post(
        f"/v1/record/versions/{done['id']}/evidence",
        headers=county,
        data={"item": "E2"},
        files={"file": ("证明.pdf", PDF)},
    ).json()["id"]
    for path in (f"/v1/record/evidence/{number}", f"/v1/record/versions/{done['id']}/document"):
        answer = client.get(path, headers=county)
        assert answer.headers["content-type"] == "application/octet-stream"
        assert answer.headers["content-disposition"].startswith("attachment;")
        assert answer.headers["x-content-type-options"] == "nosniff"
    html = client.post(
        f"/v1/record/versions/{done['id']}/evidence",
        headers=county,
        data={"item": "E2"},
        files={"file": ("x.html", b"<html><script>alert(1)</script></html>")},
    )
    assert html.status_code == 400
    shown = client.get(f"/v1/record/versions/{done['id']}", headers=county).json()
    assert shown["file_name"] == "<script>.json"
    cookie = {COOKIE: tokens["chengzhong"]}
    client.cookies.update(cookie)
    page = client.get(f"/record/versions/{done['id']}")
    assert "<script>" not in page.text
    assert "&lt;script&gt;.json" in page.text


def test_a_document_that_cannot_be_read_is_refused_with_every_problem(service):
    client, tokens = service
    broken = corrected("450202", 2023, assessment_year="二〇二三", code=450202)
    answer = _submit(client, _as(tokens, "chengzhong"), "broken.json", broken)
    assert answer.status_code == 422
    paths = {problem["path"] for problem in answer.json()["errors"]}
    assert {"assessment_year", "code"} <= paths
    assert client.get("/v1/record/state", headers=_as(tokens, "province")).json()["units"] == []


def test_the_pages_need_a_signed_in_token_and_refuse_forms_from_other_sites(service):
    client, tokens = service
    assert "令牌" in client.get("/record").text
    assert client.get("/record/audit", follow_redirects=False).status_code == 303
    refused = client.post("/record/login", data={"token": "1.forged"})
    assert refused.status_code == 401
    signed = client.post("/record/login", data={"token": tokens["liuzhou"]}, follow_redirects=False)
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    client.cookies.update({COOKIE: tokens["liuzhou"]})
    assert "柳州市教育局" in client.get("/record").text
    for elsewhere in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        cross = client.post(
            "/record/publish",
            data={"unit": "450202", "year": "2023", "action": "publish"},
            headers=elsewhere,
        )
        assert cross.status_code == 403
    login = client.post(
        "/record/login", data={"token": tokens["liuzhou"]}, headers={"Sec-Fetch-Site": "same-site"}
    )
    assert login.status_code == 403


def test_nothing_unpublished_is_reachable_without_a_token(service):
    client, tokens = service
    county, city = _as(tokens, "chengzhong"), _as(tokens, "liuzhou")
    yufeng = _as(tokens, "yufeng")
    published = _submit(client, county, "a.json", raw("450202", 2022)).json()
    hidden = _submit(client, yufeng, "b.json", raw("450203", 2022)).json()
    for number in (published["id"], hidden["id"]):
        client.post(
            f"/v1/record/versions/{number}/review", headers=city, json={"decision": "accepted"}
        )
    client.post("/v1/record/publications", headers=city, json={"unit": "450202", "year": 2022})
    public = client.get("/public").text + json.dumps(client.get("/v1/public").json())
    assert "城中区" in public
    assert "鱼峰区" not in public
    assert "450203" not in public
    anonymous = TestClient(client.app)
    paths = [
        f"/v1/record/versions/{hidden['id']}",
        f"/v1/record/versions/{hidden['id']}/document",
        f"/v1/record/versions/{hidden['id']}/result",
        "/v1/record/state",
        "/v1/record/monitor",
        "/v1/record/audit",
        "/v1/record/evidence/1",
    ]
    for path in paths:
        assert anonymous.get(path).status_code == 401, path
    for path in (f"/record/versions/{hidden['id']}", "/record/monitor", "/record/audit"):
        answer = anonymous.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert "鱼峰区" not in answer.text
    client.request(
        "DELETE", "/v1/record/publications", headers=city, json={"unit": "450202", "year": 2022}
    )
    assert client.get("/v1/public").json() == {"published": []}
    assert "城中区" not in client.get("/public").text


def test_the_openapi_document_describes_every_route_of_the_record(service):
    client, _tokens = service
    document = client.get("/v1/openapi.json").json()
    routes = {
        (route.path, method.lower())
        for route in client.app.app.app.app.routes  # under the security, token and size layers
        if route.path.startswith(("/v1/record", "/v1/public"))
        for method in route.methods - {"HEAD"}
    }
    described = {
        (path, method)
        for path, operations in document["paths"].items()
        if path.startswith(("/v1/record", "/v1/public"))
        for method in operations
    }
    assert described == routes
    assert document["paths"]["/v1/record/state"]["get"]["security"] == [{"unit_token": []}]
    assert document["paths"]["/v1/public"]["get"]["security"] == []

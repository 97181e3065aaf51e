"""The record as a library: versions kept as submitted, judged with their rules, reviewed, logged."""

from __future__ import annotations

import hashlib
import json

import pytest
import sqlalchemy as sa

import edu_rules
from edu_rules.model.errors import CountyDataError
from edu_rules.plugins import default_registry
from edu_rules.store import OPERATOR, RecordError, Scope, Store
from edu_rules.store import _tables as t
from tests.store._record import PDF, PNG, corrected, elsewhere, raw, workbook


def _county(store: Store, code: str = "450202", label: str = "城中区"):
    _, token = store.issue_token(Scope.COUNTY, code, label)
    return store.authenticate(token)


def _city(store: Store, prefix: str = "4502"):
    _, token = store.issue_token(Scope.CITY, prefix, "柳州市教育局督导科")
    return store.authenticate(token)


def test_a_submission_is_kept_byte_for_byte_and_never_overwritten(store):
    county = _county(store)
    first = raw("450202", 2023)
    second = corrected("450202", 2023, social_recognition_pct=91)
    one = store.submit(county, first, "城中区-2023.json")
    two = store.submit(county, second, "城中区-2023-更正.json")
    assert (one["version"], two["version"]) == (1, 2)
    assert (one["unit"], one["year"]) == ("450202", 2023)
    assert store.document(county, one["id"]) == ("城中区-2023.json", first)
    assert store.document(county, two["id"]) == ("城中区-2023-更正.json", second)
    version = store.version(county, one["id"])
    assert version["sha256"] == hashlib.sha256(first).hexdigest()
    assert version["size"] == len(first)
    assert version["submitted_by"] == county.actor
    assert version["submitted_at"] < store.version(county, two["id"])["submitted_at"]


def test_a_workbook_is_kept_as_a_workbook_and_read_for_its_unit_and_year(store):
    county = _county(store, "450203", "鱼峰区")
    book = workbook("450203", 2024)
    done = store.submit(county, book, "鱼峰区.xlsx")
    version = store.version(county, done["id"])
    assert (version["unit"], version["year"], version["format"]) == ("450203", 2024, "xlsx")
    assert store.document(county, done["id"])[1] == book


def test_each_result_names_the_rule_layers_and_engine_that_gave_it(store):
    county = _county(store, "450203", "鱼峰区")
    document = raw("450203", 2023)
    done = store.submit(county, document, "a.json")
    expected = edu_rules.evaluate(edu_rules.load_county(document), registry=default_registry())
    (judged,) = store.version(county, done["id"])["results"]
    assert judged["status"] == expected.status.value == done["status"]
    assert judged["engine_version"] == expected.engine_version
    assert judged["layers"] == [{"name": x.name, "version": x.version} for x in expected.layers]
    assert [x["name"] for x in judged["layers"]] == ["national", "guangxi", "liuzhou"]
    assert judged["summary"]["binding_shortfalls"] == expected.summary.binding_shortfalls
    kept = json.loads(store.result_document(county, done["id"]))
    assert kept["status"] == expected.status.value
    assert kept["county"]["code"] == "450203"


def test_judging_again_is_explicit_and_kept_beside_the_first(store):
    county, city = _county(store), _city(store)
    done = store.submit(county, raw("450202", 2022), "a.json")
    first = store.version(city, done["id"])["results"]
    with pytest.raises(RecordError) as refused:
        store.rejudge(county, done["id"])
    assert refused.value.status == 403
    store.rejudge(city, done["id"])
    results = store.version(city, done["id"])["results"]
    assert results[0] == first[0]
    assert [r["reason"] for r in results] == ["submitted", "rejudged"]
    assert results[1]["judged_by"] == city.actor
    assert [e["action"] for e in store.audit(city)][-1] == "rejudged"


def test_a_document_that_cannot_be_read_keeps_nothing(store):
    county = _county(store)
    before = store.audit(OPERATOR)
    broken = raw("450202", 2023).replace(b'"assessment_year": 2023', b'"assessment_year": "x"')
    with pytest.raises(CountyDataError) as refused:
        store.submit(county, broken, "broken.json")
    assert any("assessment_year" in p.path for p in refused.value.problems)
    assert store.state(OPERATOR) == []
    assert store.audit(OPERATOR) == before


def test_review_accepts_or_returns_once_and_a_returned_version_stays_as_it_was(store):
    county, city = _county(store), _city(store)
    done = store.submit(county, raw("450202", 2023), "a.json")
    store.add_evidence(county, done["id"], "G1", "编制文件.pdf", PDF)
    with pytest.raises(RecordError) as refused:
        store.review(city, done["id"], "returned", "   ")
    assert refused.value.status == 400
    with pytest.raises(RecordError) as refused:
        store.review(county, done["id"], "accepted", "")
    assert refused.value.status == 403
    before = store.version(city, done["id"])
    store.review(city, done["id"], "returned", "学校名册与统计年报不一致，请核对后重新提交")
    for attempt in (
        lambda: store.review(city, done["id"], "accepted", ""),
        lambda: store.review(OPERATOR, done["id"], "returned", "再次退回"),
        lambda: store.add_evidence(county, done["id"], "G2", "补充.pdf", PDF),
    ):
        with pytest.raises(RecordError) as refused:
            attempt()
        assert refused.value.status == 409
    after = store.version(county, done["id"])
    assert after["state"] == "returned"
    assert after["review"]["comment"] == "学校名册与统计年报不一致，请核对后重新提交"
    assert {k: v for k, v in after.items() if k not in {"state", "review"}} == {
        k: v for k, v in before.items() if k not in {"state", "review"}
    }
    assert store.document(county, done["id"])[1] == raw("450202", 2023)


def test_evidence_is_bounded_in_type_and_size_and_kept_as_bytes(store):
    small = Store(store.engine, limits=attrs_limits(evidence_bytes=4096))
    county = _county(store)
    done = small.submit(county, raw("450202", 2023), "a.json")
    number = small.add_evidence(county, done["id"], "q5", "监测报告.pdf", PDF)
    assert small.evidence_file(county, number) == ("监测报告.pdf", PDF)
    assert small.version(county, done["id"])["evidence"][0]["item"] == "Q5"
    refusals = {
        "page.html": b"<html><script>alert(1)</script></html>",
        "setup.exe": b"MZ\x90\x00",
        "disguised.pdf": b"MZ\x90\x00 not a pdf",
        "photo.png": PDF,  # a PDF named .png: the content must match the extension
    }
    for name, content in refusals.items():
        with pytest.raises(RecordError) as refused:
            small.add_evidence(county, done["id"], "G1", name, content)
        assert refused.value.status == 400, name
    with pytest.raises(RecordError) as refused:
        small.add_evidence(county, done["id"], "G1", "big.png", PNG + b"\x00" * 5000)
    assert refused.value.status == 413
    with pytest.raises(RecordError) as refused:
        small.add_evidence(county, done["id"], "<b>", "x.pdf", PDF)
    assert refused.value.status == 400
    assert len(small.version(county, done["id"])["evidence"]) == 1


def attrs_limits(**values: int):
    from edu_rules.store import Limits

    return Limits(**values)


def test_a_token_reaches_its_own_units_only(store):
    chengzhong, yufeng = _county(store), _county(store, "450203", "鱼峰区")
    liuzhou, guilin = _city(store), _city(store, "4503")
    mine = store.submit(chengzhong, raw("450202", 2023), "a.json")
    store.submit(yufeng, raw("450203", 2023), "b.json")
    for reader in (yufeng, guilin):
        for read in (store.version, store.document, store.result_document):
            with pytest.raises(RecordError) as refused:
                read(reader, mine["id"])
            assert refused.value.status == 404
    with pytest.raises(RecordError) as refused:
        store.submit(yufeng, raw("450202", 2024), "not-mine.json")
    assert refused.value.status == 403
    with pytest.raises(RecordError) as refused:
        store.review(guilin, mine["id"], "accepted", "")
    assert refused.value.status == 404
    with pytest.raises(RecordError) as refused:
        store.submit(liuzhou, raw("450202", 2024), "city.json")
    assert refused.value.status == 403
    assert {e["unit"] for e in store.state(yufeng)} == {"450203"}
    assert {e["unit"] for e in store.state(liuzhou)} == {"450202", "450203"}
    assert store.state(guilin) == []
    assert {e["unit"] for e in store.audit(yufeng)} == {"450203"}
    xiufeng = _county(store, "450302", "秀峰区")
    store.submit(xiufeng, elsewhere("450302", "秀峰区"), "c.json")
    assert {e["unit"] for e in store.state(guilin)} == {"450302"}
    assert {e["unit"] for e in store.state(OPERATOR)} == {"450202", "450203", "450302"}


def test_tokens_are_stored_hashed_and_revoked_tokens_open_nothing(store):
    token_id, token = store.issue_token(Scope.COUNTY, "450202", "城中区")
    secret = token.partition(".")[2]
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(t.tokens)).mappings().all()
    assert secret not in json.dumps([dict(r) for r in rows])
    assert rows[0]["secret_sha256"] == hashlib.sha256(secret.encode()).hexdigest()
    assert store.authenticate(token) is not None
    for forged in (f"{token_id}.{secret[:-1]}x", f"{token_id + 1}.{secret}", secret, "", "1."):
        assert store.authenticate(forged) is None
    store.revoke_token(token_id)
    assert store.authenticate(token) is None
    for scope, unit in ((Scope.COUNTY, "4502"), (Scope.CITY, "450202"), (Scope.PROVINCE, "45")):
        with pytest.raises(RecordError):
            store.issue_token(scope, unit, "x")


def test_the_state_lists_every_unit_and_year_with_its_latest_and_accepted_version(store):
    county, city = _county(store), _city(store)
    store.add_unit("450226", "三江侗族自治县")
    v1 = store.submit(county, raw("450202", 2022), "a.json")
    store.review(city, v1["id"], "returned", "缺少学校名册")
    v2 = store.submit(county, raw("450202", 2022), "b.json")
    store.review(city, v2["id"], "accepted", "")
    v3 = store.submit(county, corrected("450202", 2022, social_recognition_pct=80), "c.json")
    v4 = store.submit(county, raw("450202", 2023), "d.json")
    state = {(e["unit"], e["year"]): e for e in store.state(city)}
    assert set(state) == {(u, y) for u in ("450202", "450226") for y in (2022, 2023)}
    assert state["450226", 2022]["state"] == state["450226", 2023]["state"] == "missing"
    year = state["450202", 2022]
    assert (year["state"], year["versions"], year["latest"], year["accepted"]) == (
        "submitted",
        3,
        v3["id"],
        v2["id"],
    )
    assert state["450202", 2023]["latest"] == v4["id"]
    assert state["450202", 2023]["accepted"] is None
    assert store.accepted(city) == [("b.json", raw("450202", 2022))]


def test_the_audit_log_holds_every_change_in_order(store):
    county, city = _county(store), _city(store)
    done = store.submit(county, raw("450202", 2023), "a.json")
    store.add_evidence(county, done["id"], "G1", "a.pdf", PDF)
    store.review(city, done["id"], "accepted", "")
    store.rejudge(city, done["id"])
    store.publish(city, "450202", 2023)
    store.withdraw(city, "450202", 2023)
    entries = store.audit(OPERATOR)
    assert [e["action"] for e in entries] == [
        "token.issued",
        "token.issued",
        "unit.added",
        "submitted",
        "evidence.added",
        "accepted",
        "rejudged",
        "published",
        "withdrawn",
    ]
    assert [e["id"] for e in entries] == list(range(1, len(entries) + 1))
    assert [e["at"] for e in entries] == sorted(e["at"] for e in entries)
    assert entries[3]["actor"] == county.actor
    assert entries[3]["detail"]["sha256"] == hashlib.sha256(raw("450202", 2023)).hexdigest()
    assert entries[5]["actor"] == city.actor


def test_only_what_is_published_is_public(store):
    county, city = _county(store), _city(store)
    yufeng = _county(store, "450203", "鱼峰区")
    accepted = store.submit(county, raw("450202", 2023), "a.json")
    store.review(city, accepted["id"], "accepted", "")
    other = store.submit(yufeng, raw("450203", 2023), "b.json")
    store.review(city, other["id"], "accepted", "")
    pending = store.submit(county, raw("450202", 2024), "c.json")
    assert store.published() == []
    with pytest.raises(RecordError) as refused:
        store.publish(city, "450202", 2024)  # submitted, not accepted
    assert refused.value.status == 409
    with pytest.raises(RecordError) as refused:
        store.publish(county, "450202", 2023)
    assert refused.value.status == 403
    shown = store.publish(city, "450202", 2023)
    assert store.published() == [shown]
    assert (shown["unit"], shown["year"], shown["status"]) == ("450202", 2023, accepted["status"])
    public = json.dumps(store.published(), ensure_ascii=False)
    assert "鱼峰区" not in public
    assert "450203" not in public
    assert str(pending["id"]) not in [str(p["version"]) for p in store.published()]
    store.withdraw(city, "450202", 2023)
    assert store.published() == []


def test_another_input_form_joins_the_record_by_a_reader(store, monkeypatch):
    """The seam for the per-school forms: a reader recognises its bytes, the store keeps them."""
    from edu_rules.store import Reader, _judge

    def read_forms(content: bytes, name: str):
        return edu_rules.load_county(content.removeprefix(b"FORMS\n"), source_name=name)

    forms = Reader("forms", lambda content: content.startswith(b"FORMS\n"), read_forms)
    monkeypatch.setattr(_judge, "READERS", (forms, *_judge.READERS))
    county = _county(store)
    submitted = b"FORMS\n" + raw("450202", 2024)
    done = store.submit(county, submitted, "城中区-学校表.forms")
    version = store.version(county, done["id"])
    assert (version["format"], version["year"]) == ("forms", 2024)
    assert store.document(county, done["id"])[1] == submitted
    assert store.submit(county, raw("450202", 2024), "a.json")["version"] == 2
    assert store.version(county, done["id"] + 1)["format"] == "json"


def test_a_change_made_behind_the_records_back_is_found(store):
    from edu_rules.store import verify

    county, city = _county(store), _city(store)
    done = store.submit(county, raw("450202", 2023), "a.json")
    store.add_evidence(county, done["id"], "G1", "a.pdf", PDF)
    store.review(city, done["id"], "returned", "请补充")
    assert verify(store.engine) == ([], {"entries": 6, "versions": 1, "files": 1})
    with store.engine.begin() as connection:  # someone edits the database by hand
        connection.execute(
            t.audit.update().where(t.audit.c.id == 6).values(detail='{"comment": "已通过"}')
        )
        connection.execute(
            t.evidence.update().where(t.evidence.c.id == 1).values(content=PDF + b"%edited")
        )
    problems, _ = verify(store.engine)
    assert [(p.key, dict(p.values)["id"]) for p in problems] == [
        ("store.broken_chain", 6),
        ("store.bad_content.files", 1),
    ]
    with store.engine.begin() as connection:  # an entry taken out of the middle
        connection.execute(t.audit.delete().where(t.audit.c.id == 3))
    problems, _ = verify(store.engine)
    first = problems[0]
    assert (first.key, dict(first.values)["id"]) == ("store.broken_chain", 4)

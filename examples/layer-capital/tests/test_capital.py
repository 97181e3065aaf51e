"""Capital City's provisions on a realistic county: 融水's schools under the code 960102.

The document is the bundled example of 融水苗族自治县 (58 rural primary schools, 50
teaching points) with its code changed to the fictional 960102, which Capital City (9601)
and Northland (96) both govern.  Each test compares the county with and without the city
layer; each provision must change exactly what it says, and the finding must say which
branch or convention applied.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from edu_rules import Outcome, testing

EXAMPLE = Path(__file__).resolve().parents[2] / "450225-rongshui.json"


def _document() -> dict:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["code"], data["name"] = "960102", "示例区（融水的学校）"
    for school in data["schools"]:
        school["id"] = school["id"].replace("450225", "960102")
    return data


def _both(document):
    return (
        testing.evaluate_document(document),
        testing.evaluate_document(document, registry=testing.registry_without("capital")),
    )


def _findings(result, rule):
    return {(f.subject.school, f.subject.stage): f for f in result.findings if f.rule == rule}


def _largest(school) -> int:
    return max(
        (stage or {}).get("largest_class") or 0 for stage in school["stages"].values() if stage
    )


@pytest.fixture(scope="module")
def document() -> dict:
    return _document()


@pytest.fixture(scope="module")
def rural_small(document) -> dict:
    """A rural teaching point whose largest class is under 30 (a primary-stage school)."""
    return next(
        s for s in document["schools"]
        if s["kind"] == "teaching_point" and s["area"] == "rural" and 0 < _largest(s) < 30
    )  # fmt: skip


def test_both_layers_govern_the_county(document):
    with_city, _ = _both(document)
    assert [layer.name for layer in with_city.layers] == ["national", "northland", "capital"]


def test_rural_small_schools_are_judged_by_the_smaller_room_standard(document, rural_small):
    changed = copy.deepcopy(document)
    school = next(s for s in changed["schools"] if s["id"] == rural_small["id"])
    school["music_rooms_m2"] = [60] * len(school.get("music_rooms_m2") or [60])

    with_city, without = _both(changed)
    ours = _findings(with_city, "national.G3.music")[(school["id"], None)]
    theirs = _findings(without, "national.G3.music")[(school["id"], None)]

    assert theirs.outcome is Outcome.SHORTFALL  # 60 m² is under the national 96 m²
    assert ours.outcome is Outcome.MET  # and over the city's 54 m² for such a school
    assert ours.details["min_area_m2"] == 54
    assert ours.details["branch"] == {
        "id": "rural_small_primary", "kind": "branch", "layer": "capital",
        "citation": "省会教督〔2021〕2号（虚构）· 附表2 注3（小学）",
    }  # fmt: skip


def test_other_schools_keep_the_national_standard(document):
    with_city, without = _both(document)
    ours, theirs = _findings(with_city, "national.G3.art"), _findings(without, "national.G3.art")
    by_id = {s["id"]: s for s in document["schools"]}
    for key, finding in ours.items():
        school = by_id[key[0]]
        small = school["area"] == "rural" and school["kind"] in {"primary", "teaching_point"} \
            and _largest(school) < 30  # fmt: skip
        if not small and school["kind"] != "junior":
            assert "branch" not in (finding.details or {})
            assert (finding.outcome, finding.measured) == (
                theirs[key].outcome,
                theirs[key].measured,
            )
            assert finding.details["min_area_m2"] == 90


def test_an_indicator_is_compared_after_rounding_to_two_decimals(document):
    changed = copy.deepcopy(document)
    school = next(s for s in changed["schools"] if s["kind"] == "junior" and s["area"] == "urban")
    stage = school["stages"]["junior"]
    stage["students"], stage["pe_arts_teachers"] = 2011, 18  # 0.8951 per 100: 0.90 when rounded
    stage["classes"] = min(stage["classes"], 2011)

    with_city, without = _both(changed)
    ours = _findings(with_city, "national.L3")[(school["id"], "junior")]
    theirs = _findings(without, "national.L3")[(school["id"], "junior")]

    assert theirs.outcome is not Outcome.MET  # 0.8951 < 0.9 exactly
    assert ours.outcome is Outcome.MET
    assert ours.details["rounded"]["compared"] == 0.9
    assert abs(ours.details["rounded"]["raw"] - 18 / 20.11) < 1e-12
    assert ours.details["rounded"]["provision"]["layer"] == "capital"


def test_rounding_never_turns_a_value_that_rounds_below_into_a_pass(document):
    changed = copy.deepcopy(document)
    school = next(s for s in changed["schools"] if s["kind"] == "junior" and s["area"] == "urban")
    stage = school["stages"]["junior"]
    stage["students"], stage["pe_arts_teachers"] = 2012, 18  # 0.8946…: 0.89 when rounded

    with_city, _ = _both(changed)
    ours = _findings(with_city, "national.L3")[(school["id"], "junior")]

    assert ours.outcome is not Outcome.MET
    assert ours.details["rounded"]["compared"] == 0.89

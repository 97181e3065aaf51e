"""Northland's scope provision, on a realistic county: 三江's schools under a code of 96.

The document is the bundled example of 三江侗族自治县 (45 teaching points, 28 of them under
50 pupils) with its code changed to Northland's fictional 960201.  Every assertion compares
the county with and without the layer: the provision must change exactly what it says —
the small teaching points leave the school-by-school indicators and their CVs — and nothing
else.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import edu_rules
from edu_rules import Outcome, testing

EXAMPLE = Path(__file__).resolve().parents[2] / "450226-sanjiang.json"
RESOURCE_RULES = {"national.school_rule", *(f"national.L{i}" for i in range(1, 8))}


@pytest.fixture(scope="module")
def document() -> dict:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["code"], data["name"] = "960201", "示例县（三江的学校）"  # outside Capital City (9601)
    for school in data["schools"]:
        school["id"] = school["id"].replace("450226", "960201")
    return data


@pytest.fixture(scope="module")
def small(document) -> set[str]:
    """The ids of the teaching points under 50 pupils."""
    return {
        school["id"]
        for school in document["schools"]
        if school["kind"] == "teaching_point"
        and sum((stage or {}).get("students", 0) for stage in school["stages"].values()) < 50
    }


@pytest.fixture(scope="module")
def results(document):
    with_layer = testing.evaluate_document(document)
    without = testing.evaluate_document(document, registry=testing.registry_without("northland"))
    return with_layer, without


def _by_subject(result, rules):
    return {
        (f.rule, f.subject.school, f.subject.stage): f for f in result.findings if f.rule in rules
    }


def test_the_layer_governs_the_county(results):
    with_layer, _ = results
    assert [layer.name for layer in with_layer.layers] == ["national", "northland"]


def test_small_teaching_points_are_listed_as_left_out_with_the_citation(results, small):
    with_layer, _ = results
    left = [
        f
        for f in with_layer.findings
        if f.rule == "national.school_rule" and f.outcome is Outcome.NOT_APPLICABLE
    ]
    assert {f.subject.school for f in left} == small
    assert len(small) == 28
    for finding in left:
        assert "北教督〔2020〕1号（虚构）· 第三条第二款" in finding.note
        assert finding.details["provision"]["layer"] == "northland"
        assert finding.details["provision"]["kind"] == "exclude"
    provenance = [(p.layer, p.role) for p in left[0].provenance]
    assert provenance == [("national", "defines"), ("northland", "overrides")]


def test_no_indicator_is_judged_for_them(results, small):
    with_layer, without = results
    judged = {f.subject.school for f in with_layer.findings if f.rule in RESOURCE_RULES
              and f.outcome is not Outcome.NOT_APPLICABLE}  # fmt: skip
    assert not judged & small
    nationally = {f.subject.school for f in without.findings if f.rule in RESOURCE_RULES}
    assert small <= nationally


def test_every_other_school_is_judged_exactly_as_nationally(results, small):
    with_layer, without = results
    ours, theirs = _by_subject(with_layer, RESOURCE_RULES), _by_subject(without, RESOURCE_RULES)
    kept = {key: f for key, f in theirs.items() if key[1] not in small}
    assert {key: (f.outcome, f.measured, f.required) for key, f in kept.items()} == {
        key: (ours[key].outcome, ours[key].measured, ours[key].required) for key in kept
    }


def test_the_cvs_are_computed_without_them(results):
    with_layer, without = results
    cv = {rule for rule in (f.rule for f in without.findings) if rule.startswith("national.cv.")}
    ours, theirs = _by_subject(with_layer, cv), _by_subject(without, cv)
    assert set(ours) == set(theirs)
    assert any(ours[key].measured != theirs[key].measured for key in ours)


def test_nothing_outside_the_resource_indicators_changes(results):
    with_layer, without = results
    others = {f.rule for f in without.findings} - RESOURCE_RULES
    others = {rule for rule in others if not rule.startswith("national.cv.")}
    assert {k: (f.outcome, f.measured) for k, f in _by_subject(without, others).items()} == {
        k: (f.outcome, f.measured) for k, f in _by_subject(with_layer, others).items()
    }


def test_a_county_elsewhere_is_untouched():
    county = edu_rules.load_county(EXAMPLE)
    assert edu_rules.to_json(edu_rules.evaluate(county)) == testing.assessment_json(
        edu_rules.evaluate(county, registry=testing.registry_without("northland"))
    )

"""Provisions: scope, conditional values, adjusted measures and rounding as rule data.

The example layers under ``examples/layer-northland`` and ``examples/layer-capital`` show
each provision on realistic documents; these are the rules every provision obeys: the
load-time errors that name the culprit, the exact rounding, and the laws (an exemption
touches only the schools it exempts; not applicable never hides an unknown).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import Layer, Outcome, hookimpl, testing
from edu_rules.model.errors import PluginError
from edu_rules.model.provisions import round_exact
from edu_rules.model.rules import parse_rule_data
from tests._passing import passing_county
from tests.plugins_for_tests import FICTIONAL_CITATION, fictional_layer

OTHERS = {"guangxi", "liuzhou", "exampleland", "northland", "capital"}


class _Provisions:
    """A fictional provincial layer (98) overriding one rule with the provisions given."""

    layer = fictional_layer("prov")

    def __init__(self, rule: str, provisions: list[dict[str, Any]], *, exception: bool) -> None:
        entry: dict[str, Any] = {
            "overrides": rule,
            "citation": f"{FICTIONAL_CITATION} · 第二条",
            "source_status": "confirmed",
            "values": {"2020-01-01": {}},
            "provisions": provisions,
        }
        if exception:
            entry["exception"] = {
                "citation": f"{FICTIONAL_CITATION} · 第九条",
                "reason": "test",
                "covers": [f"provision:{p['id']}" for p in provisions],
            }
        self.data = {"rules": [entry]}

    @hookimpl
    def edu_rules_layer(self) -> Layer:
        return self.layer

    @hookimpl
    def edu_rules_rules(self) -> Any:
        return parse_rule_data(self.data, source="prov.json")


def _registry(rule: str, provisions: list[dict[str, Any]], *, exception: bool = True):
    plugin = _Provisions(rule, provisions, exception=exception)
    return edu_rules.load_registry(
        edu_rules.make_plugin_manager(blocked=OTHERS, plugins=[("prov", plugin)])
    )


SMALL_PRIMARY = {
    "id": "small_primary",
    "kind": "exclude",
    "when": [{"field": "kind", "op": "==", "value": "primary"}, {"field": "students", "op": "<", "value": 2000}],
    "citation": f"{FICTIONAL_CITATION} · 第二条",
    "reason": {"zh": "测试", "en": "test"},
}  # fmt: skip


class TestLoadTimeErrors:
    """A provision that cannot be applied as written stops the load, naming plugin, rule and file."""

    def test_a_scope_exemption_without_an_exception_is_refused(self):
        with pytest.raises(PluginError, match="can only loosen") as raised:
            _registry("national.school_rule", [SMALL_PRIMARY], exception=False)
        assert "'prov'" in str(raised.value)
        assert "prov.json" in str(raised.value)
        assert "national.school_rule" in str(raised.value)

    def test_a_condition_on_an_undeclared_field_is_refused(self):
        provision = {**SMALL_PRIMARY, "when": [{"field": "build_year", "op": "<", "value": 2010}]}
        with pytest.raises(PluginError, match="undeclared field 'build_year'") as raised:
            _registry("national.school_rule", [provision])
        assert "prov.json" in str(raised.value)

    def test_a_stage_field_on_a_school_rule_is_refused(self):
        provision = {
            "id": "b", "kind": "branch", "values": {"min_area": 50},
            "when": [{"field": "stage.students", "op": "<", "value": 50}], "citation": "x",
        }  # fmt: skip
        with pytest.raises(PluginError, match=r"undeclared field 'stage\.students'"):
            _registry("national.G3.music", [provision])

    def test_a_provision_the_evaluator_cannot_apply_is_refused(self):
        rounding = {"id": "r", "kind": "rounding", "digits": 2, "citation": "x"}
        with pytest.raises(PluginError, match="cannot apply it"):
            _registry("national.G8", [rounding])

    def test_adjusting_a_field_that_is_not_a_stage_measure_is_refused(self):
        add = {"id": "a", "kind": "add", "fields": ["name"], "citation": "x"}
        with pytest.raises(PluginError, match="not a measured field"):
            _registry("national.L3", [add])

    def test_a_split_that_does_not_cover_a_schools_stages_is_refused(self):
        split = {
            "id": "s",
            "kind": "split",
            "weights": {"nine_year": {"primary": 1}},
            "citation": "x",
        }
        with pytest.raises(PluginError, match="does not cover their stage") as raised:
            _registry("national.school_rule", [split], exception=False)
        assert "junior" in str(raised.value)
        assert "prov.json" in str(raised.value)

    def test_a_looser_branch_without_an_exception_is_refused_and_a_stricter_one_loads(self):
        looser = {
            "id": "b", "kind": "branch", "values": {"min_area": 50},
            "when": [{"field": "area", "op": "==", "value": "rural"}], "citation": "x",
        }  # fmt: skip
        with pytest.raises(PluginError, match="branch 'b'"):
            _registry("national.G3.music", [looser], exception=False)
        stricter = {**looser, "values": {"min_area": 120}}
        registry = _registry("national.G3.music", [stricter], exception=False)
        assert testing.thresholds("980101", registry=registry).rules["national.G3.music"].provisions


class TestRounding:
    """Rounding is exact, half up or half even, and shown beside the raw value."""

    @pytest.mark.parametrize(
        ("value", "digits", "mode", "expected"),
        [
            (Fraction(895, 1000), 2, "half_up", Fraction(90, 100)),
            (Fraction(895, 1000), 2, "half_even", Fraction(90, 100)),
            (Fraction(885, 1000), 2, "half_even", Fraction(88, 100)),
            (Fraction(8949999, 10**7), 2, "half_up", Fraction(89, 100)),
            (Fraction(18, 2011) * 100, 2, "half_up", Fraction(90, 100)),
            (Fraction(1, 3), 3, "half_up", Fraction(333, 1000)),
        ],
    )
    def test_exact_rounding(self, value, digits, mode, expected):
        assert round_exact(value, digits, mode) == expected


def _pupils(document: dict[str, Any], school: dict[str, Any]) -> int:
    del document
    return sum((stage or {}).get("students", 0) for stage in school["stages"].values())


@pytest.mark.property
@settings(max_examples=25, deadline=None)
@given(limit=st.integers(min_value=1, max_value=3000))
def test_a_scope_exemption_changes_only_the_schools_it_exempts(limit):
    provision = {**SMALL_PRIMARY, "when": [{"field": "students", "op": "<", "value": limit}]}
    registry = _registry("national.school_rule", [provision])
    document = passing_county(code="980101", name="虚构县")
    for school in document["schools"]:  # one stage short of L3 everywhere: findings to keep
        for stage in (school.get("stages") or {}).values():
            if stage:
                stage["pe_arts_teachers"] = 0
    exempt = {s["id"] for s in document["schools"] if _pupils(document, s) < limit}
    national = testing.registry_without(*OTHERS)

    ours = testing.evaluate_document(document, registry=registry)
    theirs = testing.evaluate_document(document, registry=national)

    def stage_findings(result, keep):
        return {
            (f.rule, f.subject.school, f.subject.stage): (f.outcome, f.measured)
            for f in result.findings
            if f.subject.school in keep
            and f.rule.startswith(("national.L", "national.school_rule"))
        }

    kept = {s["id"] for s in document["schools"]} - exempt
    assert stage_findings(ours, kept) == stage_findings(theirs, kept)
    left = {f.subject.school for f in ours.findings if f.outcome is Outcome.NOT_APPLICABLE
            and f.rule == "national.school_rule"}  # fmt: skip
    assert left == exempt & {
        s["id"] for s in document["schools"] if s["kind"] != "special_education"
    }


@pytest.mark.property
@settings(max_examples=25, deadline=None)
@given(known=st.booleans())
def test_an_exemption_that_cannot_be_decided_does_not_apply(known):
    """Whether a school boards is unknown: the exemption for boarding schools does not apply."""
    provision = {**SMALL_PRIMARY, "when": [{"field": "boarding", "op": "==", "value": True}]}
    registry = _registry("national.school_rule", [provision])
    document = passing_county(code="980101", name="虚构县")
    for school in document["schools"]:
        school["boarding"] = True if known else None

    result = testing.evaluate_document(document, registry=registry)
    left = [
        f
        for f in result.findings
        if f.outcome is Outcome.NOT_APPLICABLE and f.rule == "national.school_rule"
    ]

    assert bool(left) is known

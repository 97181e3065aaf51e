"""Layering only tightens: a lower layer can add requirements, never excuse one.

Laws, for any document:

- **Shortfalls only grow.**  Every binding shortfall ``(rule, subject)`` found by the
  national layer alone is found again with the provincial and municipal layers
  stacked on top (the same rule id: an override keeps the id of the rule it
  replaces).
- **The verdict never improves**: a county that fails (or is ineligible) nationally
  never passes with more layers.
- **The one way out is an authorised exception**: an override that loosens a
  number must say so (``"exception": {"citation", "reason"}``), and only its rule
  may then lose shortfalls.

Checked three ways: with any tightening Hypothesis can draw (a generated provincial
layer raising indicator thresholds, lowering CV limits, raising county thresholds,
tightening the school rule), with the installed Guangxi and Liuzhou layers on a
Liuzhou unit, and with the example province of ``examples/plugin-template``.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import Level, Status, testing
from tests._passing import passing_county
from tests._plugins import RulePlugin, layer, registry_with, threshold_override

pytestmark = pytest.mark.property

NATIONAL = testing.registry_without("guangxi", "liuzhou", "exampleland")
DRAWN_CODE = "980101"  # the drawn province governs 98; no real province has that code
AROUND = testing.thresholds(DRAWN_CODE, registry=NATIONAL)
LIUZHOU_UNITS = (
    "450202",
    "450203",
    "450204",
    "450205",
    "450206",
    "450222",
    "450223",
    "450224",
    "450225",
    "450226",
)
FEWER = settings(max_examples=max(5, settings.default.max_examples // 2))
"""Each example loads a registry with a drawn layer: half the profile's examples."""


def _tighter(
    value: Fraction, comparator: str, factor: Fraction, high: Fraction | None = None
) -> int | float:
    """``value`` made stricter by ``factor`` (≥ 1) in the direction ``comparator`` implies."""
    moved = value * factor if comparator in {">=", ">"} else value / factor
    moved = Fraction(round(moved * 100), 100)
    if comparator in {">=", ">"}:
        moved = max(moved, value)
        if high is not None:
            moved = min(moved, high)
    else:
        moved = min(moved, value)
    return testing.json_number(moved)


@st.composite
def tightenings(draw) -> list[dict]:
    """Override entries that each make one national rule stricter (or keep it as strict)."""
    entries = []
    factor = st.integers(100, 150).map(lambda percent: Fraction(percent, 100))
    for rule in AROUND.rules.values():
        evaluator = rule.definition.evaluator
        if not draw(st.booleans(), label=f"tighten {rule.id}"):
            continue
        comparator = rule.definition.comparator or ">="
        if evaluator in {"stage_indicator", "coefficient_of_variation", "class_size"}:
            values = {
                "threshold": {
                    stage: _tighter(Fraction(limit), comparator, draw(factor))
                    for stage, limit in rule.value["threshold"].items()
                }
            }
        elif evaluator == "county_value":
            high = Fraction(100) if rule.params["field"].endswith("_pct") else None
            values = {
                "threshold": _tighter(Fraction(rule.threshold()), comparator, draw(factor), high)
            }
        elif evaluator == "school_rule":
            values = {
                "max_misses": draw(st.integers(0, int(rule.threshold(name="max_misses")))),
                "floor": _tighter(
                    Fraction(rule.threshold(name="floor")), ">=", draw(factor), Fraction(1)
                ),
            }
        else:
            continue
        entries.append(threshold_override(rule.id, values))
    return entries


def _stacked(entries: list[dict]) -> edu_rules.Registry:
    plugin = RulePlugin(layer("drawn", Level.PROVINCIAL, DRAWN_CODE[:2]), entries)
    return registry_with(("drawn", plugin))


class TestAGeneratedStricterLayer:
    """``check_layering_only_tightens`` with a provincial layer Hypothesis draws."""

    @FEWER
    @given(
        entries=tightenings(),
        document=testing.counties(DRAWN_CODE, registry=NATIONAL, unknowns=True),
    )
    def test_adding_a_stricter_layer_never_turns_fail_into_pass(self, entries, document):
        """National shortfalls stay; a non-passing county does not pass with the stricter layer."""
        stacked = _stacked(entries)

        testing.check_layering_only_tightens(document, NATIONAL, stacked)

        base = testing.evaluate_document(document, registry=NATIONAL)
        if base.status is not Status.PASS:
            assert testing.evaluate_document(document, registry=stacked).status is not Status.PASS


class TestTheInstalledLayers:
    """``check_layering_only_tightens`` with the layers installed in this environment."""

    @given(data=st.data())
    def test_guangxi_and_liuzhou_only_add_shortfalls_to_the_national_ones(self, data):
        """On a Liuzhou unit the full stack finds every national shortfall, and passes no more often."""
        stacked = edu_rules.default_registry()
        names = [loaded.layer.name for loaded in stacked.chain(LIUZHOU_UNITS[0])]
        if names == ["national"]:
            pytest.skip(
                "the Guangxi and Liuzhou plugins are not installed: nothing is stacked on 4502"
            )
        code = data.draw(st.sampled_from(LIUZHOU_UNITS), label="code")
        document = data.draw(testing.counties(code, unknowns=True), label="document")

        testing.check_layering_only_tightens(document, NATIONAL, stacked)

    @given(data=st.data())
    def test_the_example_province_only_adds_shortfalls_to_the_national_ones(self, data):
        """On a 99xxxx unit, national + exampleland finds every national shortfall."""
        stacked = edu_rules.default_registry()
        if [loaded.layer.name for loaded in stacked.chain("990101")] == ["national"]:
            pytest.skip(
                "the example plugin is not installed: pip install --no-deps -e examples/plugin-template"
            )
        document = data.draw(testing.counties("990101", unknowns=True), label="document")

        testing.check_layering_only_tightens(document, NATIONAL, stacked)


class TestAuthorisedExceptions:
    """Loosening overrides: refused at load without an exception, exempt from the law with one."""

    LOOSER_L5 = {"threshold": {"primary": 7, "junior": 10}}  # below 7.5 / 10.2

    def test_a_loosening_override_without_an_exception_is_refused_at_load(self):
        """The law holds by construction: such a layer never loads."""
        plugin = RulePlugin(
            layer("loose", Level.PROVINCIAL, "98"),
            [threshold_override("national.L5", self.LOOSER_L5)],
        )

        with pytest.raises(edu_rules.PluginError, match="loosens"):
            registry_with(("loose", plugin))

    def test_a_rule_loosened_under_an_authorised_exception_may_lose_shortfalls(self):
        """With the exception cited, L5 may lose its shortfall and the check accepts it."""
        exception = {
            "exception": {
                "citation": "测试〔2099〕2号",
                "reason": "山区学校用地受限（测试）",
                "covers": ["threshold"],
            }
        }
        plugin = RulePlugin(
            layer("loose", Level.PROVINCIAL, "98"),
            [threshold_override("national.L5", self.LOOSER_L5, **exception)],
        )
        stacked = registry_with(("loose", plugin))
        document = passing_county(code=DRAWN_CODE)
        for school in document["schools"]:
            for stage in school["stages"].values():
                if stage:
                    stage["sports_area_m2"] = (
                        stage["students"] * 7.2
                    )  # 7.2 m²: short of 7.5, not of 7
                    stage["key_teachers"] = 0  # a second miss, so the school rule fails
        base_lost = testing.shortfall_keys(testing.evaluate_document(document, registry=NATIONAL))
        stacked_found = testing.shortfall_keys(
            testing.evaluate_document(document, registry=stacked)
        )

        testing.check_layering_only_tightens(document, NATIONAL, stacked)

        assert any(key[0] == "national.L5" for key in base_lost - stacked_found)

    def test_the_check_catches_a_stack_that_drops_shortfalls(self):
        """Read backwards (stricter as the base), the check fails: it is not vacuous."""
        stricter = _stacked(
            [
                threshold_override("national.G14", {"threshold": 60}),  # the county has 55
                threshold_override("national.L4", {"threshold": {"primary": 6, "junior": 7}}),
                threshold_override("national.L5", {"threshold": {"primary": 9, "junior": 12}}),
            ]
        )
        document = passing_county(code=DRAWN_CODE)

        with pytest.raises(AssertionError, match=r"national\.G14 @ 980101.*national\.L5 @ "):
            testing.check_layering_only_tightens(document, stricter, NATIONAL)

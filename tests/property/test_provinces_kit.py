"""The test kit knows provinces: their data fields, shared figures and group exclusions.

Laws:

- **Generated documents carry a province's facts.**  For a code whose layers declare
  data fields or ``split`` provisions (Capital City, 9601xx), the strategies give the
  fields — around the values the rules test — and some through-schools' figures as
  ``shared``; the documents follow the county schema with the plugins' fields and load.
- **The laws reach them.**  Order invariance, round trips and missing-never-helps hold
  on those documents, with the plugin fields among the figures made unknown.
- **An exclusion on a group rule narrows its members.**  Northland (96) leaves small
  teaching points out of ``national.school_rule`` under an authorised exception; the
  seven indicators and their CVs lose those schools' shortfalls with it, and the
  layering law accepts that — while a stack that drops shortfalls with no exception still
  fails it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import testing

pytestmark = pytest.mark.property

ROOT = Path(__file__).resolve().parents[2]
CAPITAL = "960101"


def _installed(*names: str) -> None:
    registry = edu_rules.default_registry()
    if not set(names) <= {loaded.layer.name for loaded in registry.chain(CAPITAL)}:
        pytest.skip(f"the example layers {names} are not installed")


@settings(deadline=None, max_examples=15)
@given(testing.counties(CAPITAL, unknowns=True, schools=st.integers(4, 10)))
def test_a_capital_document_gives_the_citys_fields_and_follows_the_schema(document):
    _installed("capital")
    fields = {(f.target, f.layer, f.name) for f in testing.thresholds(CAPITAL).data_fields.fields}
    given_fields = {
        ("school", layer, name)
        for school in document["schools"]
        for layer, values in (school.get("extra") or {}).items()
        for name in values
    } | {
        ("stage", layer, name)
        for school in document["schools"]
        for stage in school["stages"].values()
        if stage
        for layer, values in (stage.get("extra") or {}).items()
        for name in values
    }

    assert given_fields <= fields
    assert given_fields  # a document of 4 or more schools gives some
    testing.check_county_schema(document)
    edu_rules.load_county(document)


def test_a_through_school_may_give_its_figures_once():
    _installed("capital")
    shared = []

    @settings(deadline=None, max_examples=25)
    @given(testing.counties(CAPITAL, kinds=st.just("nine_year"), schools=st.integers(3, 5)))
    def collect(document):
        shared.extend(s["shared"] for s in document["schools"] if s.get("shared"))
        edu_rules.load_county(document)

    collect()
    assert shared
    assert all(value["sports_area_m2"] is None or value["sports_area_m2"] >= 0 for value in shared)


def test_the_values_aimed_at_are_those_the_rules_test():
    _installed("capital")
    around = testing.thresholds(CAPITAL)
    from edu_rules.testing.provinces import aimed_values

    aims = aimed_values(around.rules.values())

    assert 2016 in aims["extra.capital.build_year"]  # the rooms' branch: built by 2016
    assert 1 in aims["extra.capital.mental_health_teachers"]  # the own indicator's threshold


@settings(deadline=None, max_examples=10)
@given(testing.counties(CAPITAL, unknowns=False, schools=st.integers(3, 8)))
def test_the_laws_hold_with_a_provinces_fields(document):
    _installed("capital")
    testing.check_order_invariance(document)
    testing.check_round_trips(document)
    plugin_paths = [
        ("schools", index, "extra", layer, name)
        for index, school in enumerate(document["schools"])
        for layer, values in (school.get("extra") or {}).items()
        for name in values
    ][:3]
    testing.check_missing_never_helps(document, plugin_paths)


def test_check_county_schema_refuses_a_field_no_plugin_of_the_registry_declares():
    _installed("capital")
    document = json.loads((ROOT / "examples/450203-yufeng.json").read_text("utf-8"))
    document["schools"][0]["extra"] = {"capital": {"build_year": 2012}}

    testing.check_county_schema(document)  # Capital City declares it
    with pytest.raises(AssertionError, match="capital"):
        testing.check_county_schema(document, registry=testing.registry_without("capital"))


# --------------------------------------------------------------------------- group exclusions


def _small_points(code: str) -> dict:
    """融水's schools (50 teaching points, many under 50 pupils) under ``code``, each
    small teaching point short of L3 and L5 so the exclusion has shortfalls to take."""
    data = json.loads((ROOT / "examples/450225-rongshui.json").read_text("utf-8"))
    data["code"], data["name"] = code, "示例县"
    for school in data["schools"]:
        school["id"] = school["id"].replace("450225", code)
        if school["kind"] == "teaching_point":
            stage = school["stages"]["primary"]
            stage["pe_arts_teachers"], stage["sports_area_m2"] = 0, 0
    return data


def test_an_exclusion_on_the_school_rule_narrows_its_members_and_their_cvs():
    _installed("northland")
    code = "962201"  # Northland only
    document = _small_points(code)
    national = testing.registry_without("northland", "capital")
    stacked = edu_rules.default_registry()

    lost = testing.shortfall_keys(
        testing.evaluate_document(document, registry=national)
    ) - testing.shortfall_keys(testing.evaluate_document(document, registry=stacked))

    assert {key[0] for key in lost} >= {"national.L3", "national.L5"}  # members lose them
    testing.check_layering_only_tightens(document, national, stacked)


def test_exempt_names_rules_a_stack_may_loosen_for_a_reason_the_data_does_not_show():
    from edu_rules import Level
    from tests._passing import passing_county
    from tests._plugins import RulePlugin, layer, registry_with, threshold_override

    stricter = registry_with(
        ("drawn", RulePlugin(
            layer("drawn", Level.PROVINCIAL, "98"),
            [threshold_override("national.L5", {"threshold": {"primary": 9, "junior": 12}})],
        ))
    )  # fmt: skip
    national = registry_with()  # the installed national layer alone
    document = passing_county(code="980101")
    for school in document["schools"]:
        for stage in school["stages"].values():
            if stage:
                stage["key_teachers"] = 0  # a second miss: the school rule fails, L5 is short

    # the stricter layer as the base: the national layer alone loses its L5 shortfalls
    with pytest.raises(AssertionError, match=r"removed shortfalls.*national\.L5"):
        testing.check_layering_only_tightens(document, stricter, national)
    testing.check_layering_only_tightens(document, stricter, national, exempt=["national.L5"])

"""The law on outcomes, for any county and any lower layer Hypothesis can write.

A generated provincial layer overrides national rules with every kind of provision (scope
either way, branches, added or subtracted components, rounding, split weights) and any
override shape, with or without an exception that names what it covers; a generated hook
adds or drops schools.  Whatever loads, the law holds against an independent oracle — the
same county judged by the national layer alone, in a registry without the generated layer:

- no finding of a national rule is better with the layer than without it, unless it names
  the exception that allowed it (``details["exception"]``);
- the verdict is never ``pass`` with the layer where it is not ``pass`` without it, unless
  some finding names an exception.
"""

from __future__ import annotations

import contextlib
import types
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import County, Level, Prepared, Status, Title, hookimpl, testing
from edu_rules.layering import GONE, RANK
from tests._plugins import RulePlugin, layer

pytestmark = pytest.mark.property

OTHERS = {"guangxi", "liuzhou", "exampleland"}
NATIONAL = edu_rules.load_registry(edu_rules.make_plugin_manager(blocked=OTHERS))
CODE = "980101"
CITATION = "测试〔2099〕1号 · 第一条"

SCHOOL_FIELDS = {
    "kind": ["primary", "junior", "nine_year", "teaching_point", "special_education"],
    "area": ["urban", "town", "rural"],
    "students": [50, 100, 300, 1000],
    "classes": [6, 12, 24],
}
STAGE_MEASURES = ["pe_arts_teachers", "sports_area_m2", "teaching_room_area_m2", "key_teachers"]
INDICATORS = [f"national.L{i}" for i in range(1, 8)]


@st.composite
def conditions(draw: st.DrawFn) -> list[dict[str, Any]]:
    tests = []
    for field in draw(st.lists(st.sampled_from(sorted(SCHOOL_FIELDS)), max_size=2, unique=True)):
        value = draw(st.sampled_from(SCHOOL_FIELDS[field]))
        op = "==" if isinstance(value, str) else draw(st.sampled_from(["<", ">=", "=="]))
        tests.append({"field": field, "op": op, "value": value})
    return tests


@st.composite
def provisions(draw: st.DrawFn, rule: str) -> list[dict[str, Any]]:  # noqa: C901 - one branch per kind
    found: list[dict[str, Any]] = []
    kinds = ["include", "exclude"] if rule == "national.school_rule" else []
    if rule in INDICATORS:
        kinds += ["add", "subtract", "rounding"]
    if rule == "national.G3.music":
        kinds += ["branch"]
    if rule == "national.school_rule":
        kinds += ["split"]
    for index, kind in enumerate(
        draw(st.lists(st.sampled_from(kinds), max_size=2)) if kinds else []
    ):
        item: dict[str, Any] = {"id": f"p{index}", "kind": kind, "citation": CITATION}
        if kind in {"include", "exclude", "branch"}:
            item["when"] = draw(conditions()) or [{"field": "area", "op": "==", "value": "urban"}]
        if kind == "include" and draw(st.booleans()):
            item["when"] = [{"field": "kind", "op": "==", "value": "special_education"}]
        if kind in {"include", "exclude"}:
            item["reason"] = {"zh": "测试", "en": "test"}
        if kind == "branch":
            item["values"] = {"min_area": draw(st.sampled_from([60, 96, 120]))}
        if kind in {"add", "subtract"}:
            item["fields"] = [draw(st.sampled_from(STAGE_MEASURES))]
        if kind == "rounding":
            item["digits"] = draw(st.integers(0, 3))
            item["mode"] = draw(st.sampled_from(["half_up", "half_even"]))
        if kind == "split":
            junior = draw(st.sampled_from([1.1, 1, 2]))
            item["weights"] = {"nine_year": {"primary": 1, "junior": junior}}
        found.append(item)
    return found


@st.composite
def lower_layers(draw: st.DrawFn) -> list[dict[str, Any]]:
    entries = []
    rules = draw(
        st.lists(
            st.sampled_from(["national.school_rule", *INDICATORS, "national.G3.music", "national.G4"]),
            min_size=1, max_size=3, unique=True,
        )
    )  # fmt: skip
    for rule in rules:
        entry: dict[str, Any] = {
            "overrides": rule,
            "citation": CITATION,
            "source_status": "confirmed",
            "values": {"2020-01-01": {}},
            "provisions": draw(provisions(rule)),
        }
        if rule in INDICATORS and draw(st.booleans()):
            entry["values"]["2020-01-01"] = {
                "threshold": {"primary": draw(st.sampled_from([0, 1, 4, 100]))}
            }
        if draw(st.booleans()):
            covers = [f"provision:{p['id']}" for p in entry["provisions"]] or ["threshold"]
            entry["exception"] = {
                "citation": "测试〔2099〕2号",
                "reason": "测试例外",
                "covers": covers,
            }
        entries.append(entry)
    return entries


def _special_stages(document: dict[str, Any], factor: int) -> None:
    """Give special schools a large primary stage at the county's mean (the other primary
    stages summed, times ``factor``): counted, it would dilute every primary coefficient of
    variation — the national rules leave it out."""
    stages = [
        s["stages"]["primary"] for s in document["schools"]
        if s["kind"] != "special_education" and (s.get("stages") or {}).get("primary")
    ]  # fmt: skip
    if not stages:
        return
    total: dict[str, Any] = {}
    for key in stages[0]:
        values = [stage.get(key) for stage in stages]
        if key == "largest_class":
            total[key] = max((v for v in values if v is not None), default=None)
        elif all(isinstance(v, int | float) for v in values):
            total[key] = sum(values) * factor
        else:
            total[key] = None
    for school in document["schools"]:
        if school["kind"] == "special_education":
            school["stages"] = {"primary": dict(total)}


def _outcomes(result: edu_rules.Result) -> dict[tuple[str, tuple[str, str, str]], Any]:
    return {
        (f.rule, f.subject.sort_key): f
        for f in result.findings
        if f.rule.startswith("national.") and f.effect != "advisory"
    }


def _registry(entries: list[dict[str, Any]], hook: Any = None) -> edu_rules.Registry | None:
    plugin = RulePlugin(layer("drawn", Level.PROVINCIAL, "98"), entries)
    if hook is not None:
        plugin.edu_rules_prepare_county = types.MethodType(hookimpl(hook), plugin)  # type: ignore[attr-defined]
    with contextlib.suppress(edu_rules.PluginError):
        return edu_rules.load_registry(
            edu_rules.make_plugin_manager(blocked=OTHERS, plugins=[("drawn", plugin)])
        )
    return None


def _drop_first(self: Any, county: County) -> Prepared:
    return Prepared(
        note=Title(zh="", en=""), county=attrs.evolve(county, schools=county.schools[1:])
    )


def _add_copy(self: Any, county: County) -> Prepared:
    extra = attrs.evolve(county.schools[0], id=f"{CODE}-ADDED", name="增加的学校")
    return Prepared(
        note=Title(zh="并入", en="folded in"),
        county=attrs.evolve(county, schools=(*county.schools, extra)),
    )


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    document=testing.strategies.counties(
        CODE,
        schools=st.integers(3, 6),
        registry=NATIONAL,
        kinds=st.sampled_from(["primary", "primary", "nine_year", "special_education"]),
    ),
    entries=lower_layers(),
    hook=st.sampled_from([None, _drop_first, _add_copy]),
    factor=st.sampled_from([0, 3, 8]),
)
def test_no_national_finding_is_better_under_a_lower_layer_without_its_exception(
    document: dict[str, Any], entries: list[dict[str, Any]], hook: Any, factor: int
) -> None:
    if factor:
        _special_stages(document, factor)
    registry = _registry(entries, hook)
    event("refused at load" if registry is None else "loaded")
    if registry is None:
        return  # refused at load: a clear error, the first line of the law
    county = edu_rules.load_county(document)
    # The law compares on the same prepared data: a school a layer adds (with its reason) is
    # judged by the national rules too; one it drops is a fault and stays in.
    prepared = _add_copy(None, county).county if hook is _add_copy else county
    alone = edu_rules.evaluate(prepared, registry=NATIONAL)
    stacked = edu_rules.evaluate(county, registry=registry)

    excepted = (
        any(f.details and "exception" in f.details for f in stacked.findings)
        or stacked.summary.exceptions > 0
    )
    before, after = _outcomes(alone), _outcomes(stacked)
    for key, was in before.items():
        now = after.get(key)
        rank = GONE if now is None else RANK[now.outcome]
        if rank > RANK[was.outcome]:
            assert (now is not None and now.details and "exception" in now.details) or (
                now is None and stacked.summary.exceptions > 0
            ), f"{key}: {was.outcome.value} → {'gone' if now is None else now.outcome.value}"
    flagged = [f for f in stacked.faults if f.stage_of_work == "tighten_only"]
    event(f"improvements flagged: {bool(flagged)}; exceptions relied on: {excepted}")
    if alone.status is not Status.PASS and not excepted:
        assert stacked.status is not Status.PASS

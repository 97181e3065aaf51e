"""No false pass: no shape of rule data, no misbehaving plugin, no empty scope and no
left-out layer turns a county that does not pass into a pass, or touches another unit.

Every plugin here is FICTIONAL and registered in the test only; its layer governs the
made-up jurisdiction ``98`` (or a Liuzhou code where jurisdiction itself is the point).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import pickle
import signal
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import (
    County,
    Layer,
    Level,
    Observation,
    Outcome,
    Prepared,
    Status,
    Title,
    hookimpl,
    testing,
)
from edu_rules.model.errors import PluginError
from edu_rules.model.rules import parse_rule_data
from edu_rules.plugins import installed_plugins
from tests._passing import passing_county
from tests.plugins_for_tests import FICTIONAL_CITATION, fictional_layer

OTHERS = ("guangxi", "liuzhou", "exampleland")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
"""The installed plugins left out of every registry here, so only national + the fake run."""


def registry_with(
    *plugins: tuple[str, object], blocked: Iterable[str] = OTHERS
) -> edu_rules.Registry:
    return edu_rules.load_registry(
        edu_rules.make_plugin_manager(blocked=set(blocked), plugins=plugins)
    )


def county_98(**changes: Any) -> County:
    document = passing_county(code="980101", name="虚构县")
    document.update(changes)
    return edu_rules.load_county(document)


class OverrideLayer:
    """A fictional provincial layer that overrides one national rule with the values given."""

    def __init__(self, rule: str, values: Mapping[str, Any], *, level: Level = Level.PROVINCIAL,
                 jurisdiction: str = "98", name: str = "fake") -> None:  # fmt: skip
        self.layer = Layer(
            name=name,
            level=level,
            jurisdiction=jurisdiction,
            title=Title(zh="虚构（测试用）", en="fictional (tests only)"),
            citation=FICTIONAL_CITATION,
        )
        self.data = {
            "rules": [
                {
                    "overrides": rule,
                    "citation": f"{FICTIONAL_CITATION} · 第一条",
                    "source_status": "confirmed",
                    "values": {"2020-01-01": values},
                }
            ]
        }

    @hookimpl
    def edu_rules_layer(self) -> Layer:
        return self.layer

    @hookimpl
    def edu_rules_rules(self) -> Iterable[Any]:
        return parse_rule_data(self.data, source="fake.json")


# --------------------------------------------------------------------------- tighten-only


class TestTightenOnlyCannotBeBypassed:
    """An override is compared with the layers above leaf by leaf, whatever its shape."""

    @pytest.mark.parametrize(
        ("rule", "values", "why"),
        [
            ("national.L1", {"threshold": 4.5}, "junior"),  # 4.5 < junior 5.3: a scalar over a map
            ("national.L1", {"threshold": {"primary": 4.2, "junior": 5.2}}, "junior"),
            ("national.L1", {"threshold": {"senior": 9}}, "senior"),  # a stage the rule lacks
            ("national.L1", {"threshold": "4.2"}, "not a number"),
            ("national.L1", {"threshold": None}, "not a number"),
            ("national.L1", {"threshold": True}, "not a number"),
            ("national.L1", {"cap": 1}, "cap"),  # a value the rule does not have
            ("national.school_rule", {"max_misses": 2}, "max_misses"),
            ("national.school_rule", {"floor": 0.8}, "floor"),
        ],
    )
    def test_a_loosening_override_of_any_shape_is_refused_at_load(self, rule, values, why):
        with pytest.raises(PluginError, match="loosens") as raised:
            registry_with(("fake", OverrideLayer(rule, values)))
        assert why in str(raised.value)
        assert "fake" in str(raised.value)

    def test_a_scalar_that_tightens_every_stage_applies_to_every_stage(self):
        registry = registry_with(("fake", OverrideLayer("national.L1", {"threshold": 6})))
        rules = testing.thresholds("980101", registry=registry).rules

        assert rules["national.L1"].threshold("primary") == 6
        assert rules["national.L1"].threshold("junior") == 6

    def test_a_city_cannot_undo_what_its_province_tightened(self):
        """Stacked layers: the city's 1.0 is looser than the province's 1.1, though not the nation's 0.9."""
        province = OverrideLayer("national.L3", {"threshold": {"primary": 1.1}}, name="prov")
        city = OverrideLayer(
            "national.L3", {"threshold": {"primary": 1.0}},
            level=Level.MUNICIPAL, jurisdiction="9801", name="city",
        )  # fmt: skip

        with pytest.raises(PluginError, match="loosens") as raised:
            registry_with(("prov", province), ("city", city))
        assert "city" in str(raised.value)

    def test_rule_data_is_frozen_once_loaded(self):
        rules = testing.thresholds("980101").rules
        value = rules["national.L1"].value

        with pytest.raises(TypeError):
            value["threshold"]["primary"] = 0  # type: ignore[index]
        with pytest.raises(TypeError):
            rules["national.L1"] = rules["national.L2"]  # type: ignore[index]


_numbers = st.one_of(
    st.integers(min_value=0, max_value=20),
    st.fractions(min_value=0, max_value=20, max_denominator=20),
)
_leaf = st.one_of(_numbers, st.none(), st.booleans(), st.just("1"))
_shapes = st.one_of(
    _leaf,
    st.dictionaries(st.sampled_from(["primary", "junior", "senior"]), _leaf, max_size=3),
)


def _plain(value: Any) -> Any:
    """Rule files hold JSON: fractions are written as decimals or ints."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if hasattr(value, "denominator") and not isinstance(value, bool | int):
        from decimal import Decimal

        return Decimal(value.numerator) / Decimal(value.denominator)
    return value


@pytest.mark.property
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rule=st.sampled_from(["national.L1", "national.L3", "national.L5", "national.school_rule"]),
    key=st.sampled_from(["threshold", "max_misses", "floor"]),
    value=_shapes,
)
def test_an_override_that_loads_never_improves_a_verdict(rule, key, value):
    """Whatever shape an override takes, if it loads, no shortfall of the nation's disappears."""
    try:
        registry = registry_with(("fake", OverrideLayer(rule, {key: _plain(value)})))
    except PluginError:
        return  # refused at load: nothing can be improved
    document = passing_county(code="980101", name="虚构县")
    for school in document["schools"]:  # below the nation's L3 and L5 everywhere
        for stage in (school.get("stages") or {}).values():
            if stage:
                stage["pe_arts_teachers"] = 1
                stage["sports_area_m2"] = 1
    national = testing.evaluate_document(document, registry=testing.registry_without(*OTHERS))
    layered = testing.evaluate_document(document, registry=registry)

    assert testing.shortfall_keys(national) <= testing.shortfall_keys(layered)
    assert testing.status_rank(layered.status) <= testing.status_rank(national.status)


# --------------------------------------------------------------------------- identity


class _FakeDist:
    def __init__(self, name: str, entry_name: str, module: object) -> None:
        self.metadata = {"name": name}
        self.version = "1.0"

        class Entry:
            group = "edu_rules.plugins"

            def load(self) -> object:
                return module

        entry = Entry()
        entry.name = entry_name  # type: ignore[attr-defined]
        self.entry_points = (entry,)


class TestPluginIdentity:
    """A layer's name is claimed once; leaving a layer out is never silent."""

    def test_a_second_distribution_claiming_national_is_a_load_error_naming_both(self, monkeypatch):
        impostor = types.ModuleType("impostor")
        real = list(importlib.metadata.distributions())
        fake = _FakeDist("edu-rules-impostor", "national", impostor)
        monkeypatch.setattr(importlib.metadata, "distributions", lambda: [*real, fake])

        with pytest.raises(PluginError, match="more than one distribution") as raised:
            edu_rules.make_plugin_manager()
        assert "edu-rules-national" in str(raised.value)
        assert "edu-rules-impostor" in str(raised.value)

    def test_blocking_an_unknown_name_is_an_error_listing_the_installed(self):
        with pytest.raises(PluginError, match="liuzou") as raised:
            edu_rules.make_plugin_manager(blocked={"liuzou"})
        assert "liuzhou" in str(raised.value)

    def test_a_blocked_layer_marks_every_result_unofficial(self):
        registry = testing.registry_without("liuzhou")
        result = edu_rules.evaluate(
            edu_rules.load_county("examples/450202-chengzhong.json"), registry=registry
        )

        assert result.official is False
        assert [(item.plugin, item.reason) for item in result.left_out] == [("liuzhou", "blocked")]
        assert "不是正式评估" in result.notes[0].zh

    def test_an_allow_list_loads_only_the_named_distributions(self):
        manager = edu_rules.make_plugin_manager(allowed=["edu-rules-national"])
        registry = edu_rules.load_registry(manager)

        assert [loaded.layer.name for loaded in registry.layers] == ["national"]
        installed = set(installed_plugins())
        assert {item.plugin for item in registry.left_out} == installed - {"national"}
        assert {item.reason for item in registry.left_out} == {"not_allowed"}

    def test_the_installed_plugins_leave_nothing_out(self):
        result = edu_rules.evaluate(edu_rules.load_county("examples/450202-chengzhong.json"))

        assert result.official is True
        assert result.left_out == ()


# --------------------------------------------------------------------------- hooks' answers


class _Misbehaving:
    """A fictional layer with one rule of its own, judged by an evaluator given in the test."""

    layer = fictional_layer("bad")

    def __init__(self, evaluate: Any = None, **hooks: Any) -> None:
        self.evaluate = evaluate
        for name, function in hooks.items():
            setattr(self, name, types.MethodType(hookimpl(function), self))

    @hookimpl
    def edu_rules_layer(self) -> Layer:
        return self.layer

    @hookimpl
    def edu_rules_evaluators(self) -> Mapping[str, Any]:
        return {"bad.evaluator": self._evaluator}

    def _evaluator(self, rule: Any, context: Any) -> Iterator[Observation]:
        if self.evaluate is None:
            yield Observation(context.county_subject(), Outcome.MET, measured=1, required=1)
        else:
            yield from self.evaluate(rule, context)

    @hookimpl
    def edu_rules_rules(self) -> Iterable[Any]:
        return parse_rule_data(
            {
                "rules": [
                    {
                        "id": "bad.item",
                        "family": "quality",
                        "title": {"zh": "虚构项目", "en": "fictional item"},
                        "citation": FICTIONAL_CITATION,
                        "source_status": "confirmed",
                        "evaluator": "bad.evaluator",
                        "subject": "county",
                        "unit": "item",
                        "comparator": ">=",
                        "values": {"2017-01-01": {"threshold": 1}},
                    }
                ]
            },
            source="bad.json",
        )


def _boom() -> Any:
    raise RuntimeError("boom")


class TestEveryHookAnswerIsChecked:
    """A hook that raises or answers the wrong type is named; it never yields a pass."""

    @pytest.mark.parametrize(
        ("hook", "function", "says"),
        [
            ("edu_rules_layer", lambda self: "not a layer", "must return a Layer"),
            ("edu_rules_layer", lambda self: _boom(), "raised RuntimeError: boom"),
            ("edu_rules_rules", lambda self: [[]], "nested list"),
            ("edu_rules_rules", lambda self: "rules", "iterable of"),
            ("edu_rules_rules", lambda self: _boom(), "raised RuntimeError"),
            ("edu_rules_adoptions", lambda self: [1], "an Adoption"),
            ("edu_rules_evaluators", lambda self: ["x"], "mapping"),
            ("edu_rules_evaluators", lambda self: {"bad.x": 3}, "callable"),
            ("edu_rules_rules", lambda self, layer: [], "take no 'layer' argument"),
            ("edu_rules_targets", lambda self, layer: [], "take no 'layer' argument"),
        ],
    )
    def test_a_load_time_hook_that_misbehaves_is_a_plugin_error_naming_it(
        self, hook, function, says
    ):
        plugin = _Misbehaving()
        setattr(plugin, hook, types.MethodType(hookimpl(function), plugin))

        with pytest.raises(PluginError) as raised:
            registry_with(("bad", plugin))
        assert says in str(raised.value)
        assert "'bad'" in str(raised.value)

    @pytest.mark.parametrize(
        ("evaluate", "says"),
        [
            (lambda rule, context: ["met"], "Observation objects"),
            (
                lambda rule, context: [Observation(context.county_subject(), "met")],
                "not an Outcome",
            ),  # type: ignore[arg-type]
            (
                lambda rule, context: [
                    Observation(context.county_subject(), Outcome.MET, measured=0.5)
                ],
                "exact",
            ),
            (lambda rule, context: [Observation("980101", Outcome.MET)], "Subject"),  # type: ignore[arg-type]
            (
                lambda rule, context: [
                    Observation(context.county_subject(), Outcome.MET, details=["x"])
                ],
                "details",
            ),  # type: ignore[arg-type]
            (
                lambda rule, context: [
                    Observation(context.county_subject(), Outcome.MET, rule="national.L1")
                ],
                "not a rule of its own layer",
            ),
            (lambda rule, context: _boom(), "RuntimeError: boom"),
        ],
    )
    def test_a_misbehaving_evaluator_is_an_error_finding_and_never_a_pass(self, evaluate, says):
        registry = registry_with(("bad", _Misbehaving(evaluate)))

        result = edu_rules.evaluate(county_98(), registry=registry)

        assert result.status is Status.INCOMPLETE
        [fault] = result.faults
        assert (fault.plugin, fault.rule) == ("bad", "bad.item")
        assert says in fault.error
        [error] = [f for f in result.findings if f.rule == "bad.item"]
        assert error.outcome is Outcome.ERROR
        assert all(f.outcome is not Outcome.ERROR for f in result.findings if f.rule != "bad.item")

    def test_the_same_county_passes_with_a_well_behaved_evaluator(self):
        """The control: the fictional layer itself lets this county pass."""
        result = edu_rules.evaluate(county_98(), registry=registry_with(("bad", _Misbehaving())))

        assert result.status is Status.PASS

    def test_an_evaluator_that_writes_into_rule_data_changes_no_other_county(self):
        def vandal(rule: Any, context: Any) -> Iterator[Observation]:
            context.rules["national.L1"].value["threshold"]["primary"] = 0
            yield Observation(context.county_subject(), Outcome.MET, measured=1, required=1)

        registry = registry_with(("bad", _Misbehaving(vandal)))
        before = testing.thresholds("980101", registry=registry).rules["national.L1"].value

        first = edu_rules.evaluate(county_98(), registry=registry)
        second = edu_rules.evaluate(county_98(), registry=registry)

        assert first.status is Status.INCOMPLETE
        assert "frozen" in first.faults[0].error or "TypeError" in first.faults[0].error
        assert testing.thresholds("980101", registry=registry).rules["national.L1"].value == before
        assert edu_rules.to_json(first) == edu_rules.to_json(second)

    def test_an_evaluator_that_never_returns_is_stopped_by_its_time_budget(self):
        def forever(rule: Any, context: Any) -> Iterator[Observation]:
            while True:
                try:  # noqa: SIM105 - a careless plugin swallows every error
                    pass
                except Exception:  # noqa: BLE001, S110
                    pass
            yield  # pragma: no cover

        registry = registry_with(("bad", _Misbehaving(forever)))

        result = edu_rules.evaluate(county_98(), registry=registry, rule_seconds=0.2)

        assert result.status is Status.INCOMPLETE
        assert "OverBudget" in result.faults[0].error

    def test_the_county_a_prepare_county_hook_is_given_is_deeply_immutable(self):
        seen: list[County] = []

        def mutate(self: Any, county: County) -> Prepared | None:
            seen.append(county)
            return None

        registry = registry_with(("bad", _Misbehaving(edu_rules_prepare_county=mutate)))
        edu_rules.evaluate(county_98(), registry=registry)
        [county] = seen

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            county.name = "篡改"  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            county.schools[0].stages.primary.students = 0  # type: ignore[misc,union-attr]
        with pytest.raises(TypeError):
            county.schools[0] = county.schools[1]  # type: ignore[index]

    def test_a_prepare_county_hook_that_vandalises_the_county_is_caught_by_the_test_kit(self):
        """Frozen objects can still be forced (object.__setattr__); the hook is given the county
        itself, and the layer's own tests find the vandal with the test kit's check."""
        plain = county_98()
        school = plain.schools[0]
        stages = attrs.evolve(
            school.stages,
            **{
                name.value: attrs.evolve(stage, sports_area_m2=Fraction(15_001, 2))
                for name, stage in school.stages.items()
            },
        )
        given = attrs.evolve(
            plain, schools=(attrs.evolve(school, stages=stages), *plain.schools[1:])
        )
        before = pickle.dumps(given)

        def vandal(self: Any, county: County) -> Prepared | None:
            school = county.schools[0]
            for stage in (school.stages.primary, school.stages.junior):
                if stage is None:
                    continue
                object.__setattr__(stage, "students", 1)
                assert isinstance(stage.sports_area_m2, Fraction)
                object.__setattr__(stage.sports_area_m2, "_numerator", 1)
            object.__setattr__(school, "name", "篡改")
            object.__setattr__(county, "schools", ())
            return None

        registry = registry_with(("bad", _Misbehaving(edu_rules_prepare_county=vandal)))
        assert pickle.dumps(given) == before
        with pytest.raises(AssertionError, match="changed the county"):
            testing.check_hooks_leave_county_unchanged(given, registry)

    def test_forcing_a_change_into_the_shared_empty_map_is_found_before_another_unit(self):
        """Every county without plugin data shares one empty map: a hook that forces a change
        into it would reach every unit after it, so it is found and every unit is a fault."""
        shared = county_98().schools[0].extra

        def vandal(self: Any, county: County) -> Prepared | None:
            object.__setattr__(county.schools[0].extra, "_data", {"篡改": 1})
            return None

        registry = registry_with(("bad", _Misbehaving(edu_rules_prepare_county=vandal)))
        try:
            first = edu_rules.evaluate(county_98(), registry=registry)
            later = edu_rules.evaluate(county_98(), registry=registry)
        finally:
            object.__setattr__(shared, "_data", {})
        for result in (first, later):
            assert result.status is Status.INCOMPLETE
            assert [f.stage_of_work for f in result.faults] == ["rule_data"]

    def test_the_installed_layers_leave_the_county_they_are_given_as_it_was(self):
        for name in ("450203-yufeng.json", "450223-luzhai.json"):
            document = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
            testing.check_hooks_leave_county_unchanged(document)

    def test_a_prepare_county_hook_cannot_swap_in_another_unit(self):
        def swap(self: Any, county: County) -> Prepared | None:
            other = attrs.evolve(county, code="450202")
            return Prepared(note=Title(zh="换", en="swap"), county=other)

        registry = registry_with(("bad", _Misbehaving(edu_rules_prepare_county=swap)))

        result = edu_rules.evaluate(county_98(), registry=registry)

        assert result.status is Status.INCOMPLETE
        assert "not another unit" in result.faults[0].error


# --------------------------------------------------------------------------- jurisdiction


class _BatchLayer:
    """A fictional county-level layer for 450203 whose batch hook does what the test says."""

    layer = Layer(
        name="yufeng_fake",
        level=Level.COUNTY,
        jurisdiction="450203",
        title=Title(zh="虚构区级层（测试用）", en="fictional county layer (tests only)"),
        citation=FICTIONAL_CITATION,
    )

    def __init__(self, action: Any) -> None:
        self.action = action
        self.seen: list[str] = []

    @hookimpl
    def edu_rules_layer(self) -> Layer:
        return self.layer

    @hookimpl
    def edu_rules_prepare_batch(self, counties: Sequence[County]) -> Prepared | None:
        self.seen.extend(county.code for county in counties)
        return self.action(counties)


def _examples(*names: str) -> list[County]:
    return [edu_rules.load_county(f"examples/{name}.json") for name in names]


@pytest.fixture(scope="module")
def plain() -> Mapping[str, str]:
    """The three units' results with no fictional layer installed."""
    batch = edu_rules.evaluate_batch(
        _examples("450202-chengzhong", "450203-yufeng", "450204-liunan"),
        registry=testing.registry_without("exampleland"),
    )
    return {r.county.code: testing.assessment_json(r) for r in batch.results}


class TestJurisdictionIsEnforced:
    """A layer's batch hook sees only its own units and cannot drop, add or alter others."""

    def _run(self, action: Any) -> tuple[_BatchLayer, edu_rules.BatchResult]:
        layer = _BatchLayer(action)
        registry = registry_with(("yufeng_fake", layer), blocked={"exampleland"})
        batch = edu_rules.evaluate_batch(
            _examples("450202-chengzhong", "450203-yufeng", "450204-liunan"), registry=registry
        )
        return layer, batch

    def test_the_hook_is_given_only_the_units_its_layer_governs(self):
        layer, _ = self._run(lambda counties: None)

        assert layer.seen == ["450203"]

    @pytest.mark.parametrize(
        "action",
        [
            lambda counties: Prepared(note=Title(zh="删", en="drop"), counties=()),
            lambda counties: Prepared(
                note=Title(zh="加", en="add"),
                counties=(*counties, attrs.evolve(counties[0], code="450202")),
            ),
            lambda counties: Prepared(note=Title(zh="错", en="wrong"), counties=("x",)),
        ],
        ids=["drops its unit", "adds another", "returns garbage"],
    )
    def test_a_hook_that_breaks_the_contract_is_a_fault_of_its_units_only(self, plain, action):
        _, batch = self._run(action)
        by_code = {result.county.code: result for result in batch.results}

        assert set(by_code) == {"450202", "450203", "450204"}
        assert by_code["450203"].status is not Status.PASS
        assert by_code["450203"].faults[0].stage_of_work == "prepare_batch"
        for code in ("450202", "450204"):
            assert by_code[code].faults == ()
            assert testing.assessment_json(by_code[code]) == plain[code]

    def test_mutating_what_it_was_given_changes_no_other_unit(self, plain):
        """It is given its own units themselves (frozen, not copied): forcing a change into
        them is the layer's own fault, found by its tests; another unit never sees it."""

        def vandal(counties: Sequence[County]) -> Prepared | None:
            for county in counties:
                object.__setattr__(county, "schools", ())
            return None

        _, batch = self._run(vandal)
        by_code = {r.county.code: testing.assessment_json(r) for r in batch.results}

        assert by_code["450202"] == plain["450202"]


# --------------------------------------------------------------------------- workers


_PARENT = os.getpid()


def _in_worker() -> bool:
    return os.getpid() != _PARENT


class TestWorkersThatDieOrHang:
    """A worker that dies or stops is detected; its unit is reported, the others are intact."""

    def _batch(self, evaluate: Any, **options: Any) -> edu_rules.BatchResult:
        registry = registry_with(("bad", _Misbehaving(evaluate)))
        counties = [county_98(code=f"98010{i}", name=f"虚构县{i}") for i in range(1, 5)]
        return edu_rules.evaluate_batch(counties, registry=registry, jobs=2, **options)

    @pytest.mark.parametrize("how", ["kill", "stop"])
    def test_the_unit_whose_worker_dies_or_stops_is_reported_and_never_a_pass(self, how):
        def misbehave(rule: Any, context: Any) -> Iterator[Observation]:
            if context.county.code == "980102" and _in_worker():
                os.kill(os.getpid(), signal.SIGKILL if how == "kill" else signal.SIGSTOP)
            yield Observation(context.county_subject(), Outcome.MET, measured=1, required=1)

        batch = self._batch(misbehave, unit_seconds=3)
        by_code = {result.county.code: result for result in batch.results}

        assert [r.county.code for r in batch.results] == ["980101", "980102", "980103", "980104"]
        assert by_code["980102"].status is Status.INCOMPLETE
        assert "worker" in by_code["980102"].faults[0].error
        assert all(by_code[c].status is Status.PASS for c in ("980101", "980103", "980104"))


# --------------------------------------------------------------------------- empty scope


class TestNoVacuousPass:
    """Nothing to measure is never met by default."""

    def test_a_county_with_no_pupils_at_all_cannot_pass(self):
        document = passing_county(code="980101", name="虚构县")
        for school in document["schools"]:
            for stage in (school.get("stages") or {}).values():
                for key, value in (stage or {}).items():
                    if isinstance(value, int | float):
                        stage[key] = 0
        result = testing.evaluate_document(document, registry=testing.registry_without(*OTHERS))

        assert result.status is not Status.PASS
        empty = [f for f in result.findings if f.family in {"resource", "balance"}]
        assert empty
        assert all(f.outcome is not Outcome.MET for f in empty)

    def test_an_empty_scope_in_a_county_with_pupils_is_not_applicable_with_the_reason(self):
        result = testing.evaluate_document(
            passing_county(), registry=testing.registry_without(*OTHERS)
        )

        [g6] = [f for f in result.findings if f.rule == "national.G6"]
        assert g6.outcome is Outcome.NOT_APPLICABLE
        assert "scope" in (g6.note or "")
        assert result.status is Status.PASS


# --------------------------------------------------------------------------- the CLI

CHENGZHONG = "examples/450202-chengzhong.json"


def _cli(capsys: Any, *argv: str) -> tuple[int, str, str]:
    from edu_rules.cli.entry import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestLeavingALayerOutOnTheCommandLine:
    """``--block`` and an allow-list that omits a layer need ``--unofficial``; the result says so."""

    def test_block_without_unofficial_is_a_usage_error(self, capsys):
        code, out, err = _cli(capsys, "evaluate", CHENGZHONG, "--block", "liuzhou")

        assert (code, out) == (2, "")
        assert "--unofficial" in err
        assert "liuzhou" in err

    def test_an_unknown_block_name_lists_the_installed_plugins(self, capsys):
        code, _, err = _cli(capsys, "evaluate", CHENGZHONG, "--block", "liuzou", "--unofficial")

        assert code == 2
        assert "liuzou" in err
        assert "liuzhou（edu-rules-liuzhou）" in err

    def test_an_allow_list_that_omits_a_layer_needs_unofficial_too(self, capsys):
        code, _, err = _cli(capsys, "evaluate", CHENGZHONG, "--allow-plugins", "edu-rules-guangxi")

        assert code == 2
        assert "national" in err

    def test_with_unofficial_the_result_says_which_layer_was_left_out(self, capsys):
        blocked = sorted(set(installed_plugins()) - {"national", "guangxi"})
        argv = [arg for name in blocked for arg in ("--block", name)]
        code, out, _ = _cli(
            capsys, "evaluate", CHENGZHONG, *argv, "--unofficial", "--format", "json"
        )

        document = json.loads(out)
        assert document["official"] is False
        assert {item["plugin"] for item in document["left_out"]} == set(blocked)
        assert code == (0 if document["status"] == "pass" else 1)

    def test_progress_takes_block_too(self, capsys):
        code, out, _ = _cli(capsys, "progress", "examples/", "--block", "liuzhou", "--unofficial")

        assert code in {0, 1}
        assert "不是正式评估" in out

"""Tighten-only is a law on outcomes: no lower layer makes a higher layer's finding better.

Each test is a route by which a layer of rule data, a hook or plugin code made a unit look
better than its data, tried as a hostile province or a careless plugin would.  The law is
checked on what a layer *does* (the engine judges the rules a lower layer changes again under
the higher layers alone), so a new kind of provision cannot open a new route.  Every layer
here is FICTIONAL and governs the made-up jurisdiction ``98``.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
import pytest

import edu_rules
from edu_rules import County, Observation, Outcome, Prepared, Status, Title, hookimpl
from edu_rules.engine import default_as_of, prefixes
from edu_rules.model.errors import PluginError
from edu_rules.model.rules import parse_rule_data
from tests._passing import PRIMARY_RATES, passing_county, stage
from tests.plugins_for_tests import FICTIONAL_CITATION, fictional_layer

OTHERS = ("guangxi", "liuzhou", "exampleland")


def registry_with(*plugins: tuple[str, object]) -> edu_rules.Registry:
    return edu_rules.load_registry(
        edu_rules.make_plugin_manager(blocked=set(OTHERS), plugins=plugins)
    )


class RuleLayer:
    """A fictional layer of rule data (and, where a test says, hooks)."""

    def __init__(self, name: str, rules: list[dict[str, Any]], **hooks: Any) -> None:
        self.layer = fictional_layer(name)
        self.data = {"rules": rules}
        for hook, function in hooks.items():
            setattr(self, hook, types.MethodType(hookimpl(function), self))

    @hookimpl
    def edu_rules_layer(self) -> edu_rules.Layer:
        return self.layer

    @hookimpl
    def edu_rules_rules(self) -> Any:
        return parse_rule_data(self.data, source=f"{self.layer.name}.json")


def override(rule: str, provisions: list[dict[str, Any]] = (), **extra: Any) -> dict[str, Any]:
    return {
        "overrides": rule,
        "citation": f"{FICTIONAL_CITATION} · 第二条",
        "source_status": "confirmed",
        "values": {"2020-01-01": extra.pop("values", {})},
        "provisions": list(provisions),
        **extra,
    }


def diluted_document() -> dict[str, Any]:
    """Two primary schools far apart on L4 (CV ≈ 0.55 > 0.50) and a large special school
    whose primary stage sits at their mean: counting it would dilute the CV below the limit."""
    document = passing_county(code="980101", name="虚构县")
    schools = document["schools"]
    first = schools[0]
    first["stages"]["primary"] = stage(1000, PRIMARY_RATES, teaching_room_area_m2=4_000)
    second = copy.deepcopy(first)
    second.update(id="P2", name="测试小学二")
    second["stages"]["primary"] = stage(1000, PRIMARY_RATES, teaching_room_area_m2=13_000)
    schools.insert(1, second)
    special = schools[-1]
    special["stages"]["primary"] = stage(8000, PRIMARY_RATES, teaching_room_area_m2=68_000)
    special.update(special_students=8000, public_funds_yuan=48_000_000)
    special["training_funds_yuan"] = 2_400_000
    return document


INCLUDE_SPECIAL = {
    "id": "special_too",
    "kind": "include",
    "when": [{"field": "kind", "op": "==", "value": "special_education"}],
    "citation": f"{FICTIONAL_CITATION} · 第三条",
    "reason": {"zh": "特殊教育学校也计入", "en": "special schools count too"},
}


def finding(result: edu_rules.Result, rule: str, stage_name: str | None = None) -> Any:
    [found] = [
        f for f in result.findings
        if f.rule == rule and (stage_name is None or f.subject.stage == stage_name)
    ]  # fmt: skip
    return found


class TestAnIncludeThatDilutesACoefficientOfVariation:
    """An ``include`` looks like a tightening (more schools judged), but it dilutes a CV."""

    def test_the_national_layer_alone_finds_the_cv_short(self):
        result = edu_rules.evaluate(
            edu_rules.load_county(diluted_document()), registry=registry_with()
        )
        assert finding(result, "national.cv.L4", "primary").outcome is Outcome.SHORTFALL
        assert result.status is Status.FAIL

    def test_with_the_include_the_cv_is_an_error_naming_the_layer_never_met(self):
        layer = RuleLayer("dilute", [override("national.school_rule", [INCLUDE_SPECIAL])])
        result = edu_rules.evaluate(
            edu_rules.load_county(diluted_document()), registry=registry_with(("dilute", layer))
        )

        cv = finding(result, "national.cv.L4", "primary")
        assert cv.outcome is Outcome.ERROR
        assert cv.details["tighten_only"] == {
            "layers": ["dilute"], "rule": "national.cv.L4", "without": "shortfall", "with": "met",
        }  # fmt: skip
        assert "dilute" in cv.note
        assert "national.cv.L4" in cv.note
        assert result.status is not Status.PASS
        assert any(
            f.plugin == "dilute"
            and f.rule == "national.cv.L4"
            and f.stage_of_work == "tighten_only"
            for f in result.faults
        )

    def test_the_per_school_findings_it_adds_stand(self):
        """The special school's own indicators are new findings, not improvements: they stand."""
        layer = RuleLayer("dilute", [override("national.school_rule", [INCLUDE_SPECIAL])])
        result = edu_rules.evaluate(
            edu_rules.load_county(diluted_document()), registry=registry_with(("dilute", layer))
        )
        special = [
            f for f in result.findings if f.subject.school == "T1" and f.rule == "national.L4"
        ]
        assert [f.outcome for f in special] == [Outcome.MET]


class TestACityCannotUndoItsProvince:
    """A city's branch that gives back what the province's branch took is caught by outcome."""

    def _layers(self) -> tuple[RuleLayer, RuleLayer]:
        province = RuleLayer(
            "strict",
            [
                override(
                    "national.G3.music",
                    [
                        {
                            "id": "rural_bigger",
                            "kind": "branch",
                            "when": [{"field": "area", "op": "==", "value": "urban"}],
                            "values": {"min_area": 100},
                            "citation": f"{FICTIONAL_CITATION} · 第四条",
                        }
                    ],
                )
            ],
        )
        city_layer = attrs.evolve(
            fictional_layer("lenient"),
            level=edu_rules.Level.MUNICIPAL,
            jurisdiction="9801",
        )
        city = RuleLayer(
            "lenient",
            [
                override(
                    "national.G3.music",
                    [
                        {
                            "id": "back_to_96",
                            "kind": "branch",
                            "when": [{"field": "area", "op": "==", "value": "urban"}],
                            "values": {"min_area": 96},
                            "citation": f"{FICTIONAL_CITATION} · 市第一条",
                        }
                    ],
                )
            ],
        )
        city.layer = city_layer
        return province, city

    def test_province_alone_fails_and_province_plus_city_does_not_pass(self):
        province, city = self._layers()
        document = passing_county(code="980101", name="虚构县")
        for school in document["schools"]:
            if school["music_rooms_m2"]:
                school["music_rooms_m2"] = [98 for _ in school["music_rooms_m2"]]
        county = edu_rules.load_county(document)

        alone = edu_rules.evaluate(county, registry=registry_with(("strict", province)))
        both = edu_rules.evaluate(
            county, registry=registry_with(("strict", province), ("lenient", city))
        )

        short = {f.subject.school for f in alone.findings
                 if f.rule == "national.G3.music" and f.outcome is Outcome.SHORTFALL}  # fmt: skip
        assert short, "the province's 100 m² branch must fail the 98 m² rooms"
        assert alone.status is Status.FAIL
        assert both.status is not Status.PASS
        flagged = {f.subject.school for f in both.findings
                   if f.rule == "national.G3.music" and f.outcome is Outcome.ERROR}  # fmt: skip
        assert flagged == short
        assert {f.plugin for f in both.faults if f.stage_of_work == "tighten_only"} == {"lenient"}


class TestBoundExceptions:
    """An exception must be visible, name what it covers, and is then shown where it applied."""

    @pytest.mark.parametrize("blank", [" ", "\u200b", "\u3000\t", ""])
    def test_an_exception_without_visible_words_is_refused(self, blank):
        exception = {
            "citation": blank or " ",
            "reason": "理由",
            "covers": ["provision:special_too"],
        }
        layer = RuleLayer(
            "blank", [override("national.school_rule", [INCLUDE_SPECIAL], exception=exception)]
        )
        with pytest.raises(PluginError, match="visible citation"):
            registry_with(("blank", layer))
        exception = {"citation": "虚构〔2099〕2号", "reason": blank, "covers": ["threshold"]}
        layer = RuleLayer("blank", [override("national.L4", exception=exception)])
        with pytest.raises((PluginError, edu_rules.RuleDataError), match="reason"):
            registry_with(("blank", layer))

    def test_an_exception_must_name_what_it_covers(self):
        exception = {"citation": "虚构〔2099〕2号", "reason": "山区学校"}
        layer = RuleLayer(
            "vague",
            [override("national.L4", values={"threshold": {"primary": 4}}, exception=exception)],
        )
        with pytest.raises(PluginError, match="covers"):
            registry_with(("vague", layer))

    def test_a_loosening_the_exception_does_not_name_is_refused(self):
        """An exception written for the threshold does not excuse a rounding added beside it."""
        exception = {"citation": "虚构〔2099〕2号", "reason": "山区学校", "covers": ["threshold"]}
        rounding = {
            "id": "two_decimals", "kind": "rounding", "digits": 2,
            "citation": f"{FICTIONAL_CITATION} · 第五条",
        }  # fmt: skip
        layer = RuleLayer(
            "sneaky",
            [
                override(
                    "national.L4", [rounding],
                    values={"threshold": {"primary": 4}}, exception=exception,
                )
            ],
        )  # fmt: skip
        with pytest.raises(PluginError, match="two_decimals") as raised:
            registry_with(("sneaky", layer))
        assert "provision:two_decimals" in str(raised.value)

    def test_a_covered_improvement_stands_and_says_whose_exception_it_is(self):
        exception = {
            "citation": "虚构〔2099〕3号 · 特批",
            "reason": "特殊教育学校与普通学校统筹配置（测试）",
            "covers": ["provision:special_too"],
        }
        layer = RuleLayer(
            "excused",
            [override("national.school_rule", [INCLUDE_SPECIAL], exception=exception)],
        )
        result = edu_rules.evaluate(
            edu_rules.load_county(diluted_document()), registry=registry_with(("excused", layer))
        )

        cv = finding(result, "national.cv.L4", "primary")
        assert cv.outcome is Outcome.MET
        assert cv.details["exception"] == {
            "layer": "excused",
            "rule": "national.school_rule",
            "citation": "虚构〔2099〕3号 · 特批",
            "reason": "特殊教育学校与普通学校统筹配置（测试）",
            "covers": ["provision:special_too"],
            "without": "shortfall",
        }
        assert result.summary.exceptions == 1
        assert not [f for f in result.faults if f.stage_of_work == "tighten_only"]


class TestSplitWeights:
    """The split's weights are the national layer's; another layer's differ only when excepted."""

    @staticmethod
    def _split(weights: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": "weights", "kind": "split", "weights": weights,
            "citation": f"{FICTIONAL_CITATION} · 第八条",
        }  # fmt: skip

    def test_the_national_weights_load(self):
        split = self._split({"nine_year": {"primary": 1, "junior": 1.1}})
        registry_with(("same", RuleLayer("same", [override("national.school_rule", [split])])))

    def test_other_weights_are_refused(self):
        split = self._split({"complete_middle": {"junior": 1, "senior": 1e-9}})
        layer = RuleLayer("tilted", [override("national.school_rule", [split])])
        with pytest.raises(PluginError, match="complete_middle"):
            registry_with(("tilted", layer))


class TestPreparationMayOnlyAdd:
    """A preparation hook may add schools (with its reason), never drop or alter one."""

    @staticmethod
    def _result(prepare: Any) -> edu_rules.Result:
        layer = RuleLayer("prep", [], edu_rules_prepare_county=prepare)
        document = passing_county(code="980101", name="虚构县")
        document["schools"][0]["stages"]["primary"]["key_teachers"] = 1  # L2 short
        return edu_rules.evaluate(
            edu_rules.load_county(document), registry=registry_with(("prep", layer))
        )

    def test_dropping_a_failing_school_is_a_fault_and_the_school_is_still_judged(self):
        def drop(self: Any, county: County) -> Prepared:
            return Prepared(
                note=Title(zh="", en=""), county=attrs.evolve(county, schools=county.schools[1:])
            )

        result = self._result(drop)
        assert result.status is Status.FAIL
        assert any("never drop" in f.error for f in result.faults)
        assert any(
            f.subject.school == "P1" and f.outcome is Outcome.SHORTFALL for f in result.findings
        )

    def test_altering_a_school_is_a_fault(self):
        def alter(self: Any, county: County) -> Prepared:
            school = county.schools[0]
            stages = attrs.evolve(
                school.stages, primary=attrs.evolve(school.stages.primary, key_teachers=50)
            )
            schools = (attrs.evolve(school, stages=stages), *county.schools[1:])
            return Prepared(
                note=Title(zh="修正", en="fix"), county=attrs.evolve(county, schools=schools)
            )

        result = self._result(alter)
        assert result.status is Status.FAIL
        assert any("never alter" in f.error for f in result.faults)

    def test_changing_a_county_figure_is_a_fault(self):
        def lift(self: Any, county: County) -> Prepared:
            return Prepared(
                note=Title(zh="调整", en="lift"),
                county=attrs.evolve(county, social_recognition_pct=99),
            )

        result = self._result(lift)
        assert any("social_recognition_pct" in f.error for f in result.faults)

    def test_adding_a_school_without_a_reason_is_a_fault(self):
        def add(self: Any, county: County) -> Prepared:
            extra = attrs.evolve(county.schools[1], id="980101-X", name="新增学校")
            return Prepared(
                note=Title(zh=" ", en=" "),
                county=attrs.evolve(county, schools=(*county.schools, extra)),
            )

        result = self._result(add)
        assert any("without a note" in f.error for f in result.faults)


class _Raiser:
    """A fictional layer whose one evaluator raises what the test gives."""

    def __init__(self, error: BaseException) -> None:
        self.layer = fictional_layer("raiser")
        self.error = error

    @hookimpl
    def edu_rules_layer(self) -> edu_rules.Layer:
        return self.layer

    @hookimpl
    def edu_rules_rules(self) -> Any:
        return parse_rule_data(
            {
                "rules": [
                    {
                        "id": "raiser.own",
                        "family": "measure",
                        "title": {"zh": "测试", "en": "test"},
                        "citation": f"{FICTIONAL_CITATION} · 第一条",
                        "source_status": "confirmed",
                        "evaluator": "raising",
                        "subject": "county",
                        "unit": "items",
                        "values": {"2020-01-01": {}},
                    }
                ]
            },
            source="raiser.json",
        )

    @hookimpl
    def edu_rules_evaluators(self) -> Any:
        error = self.error

        def raising(rule: Any, context: Any) -> Iterator[Observation]:
            raise error
            yield  # pragma: no cover

        return {"raising": raising}


class TestPluginCodeCannotEndTheRun:
    @pytest.mark.parametrize(
        "error", [SystemExit(0), GeneratorExit(), KeyboardInterrupt(), StopIteration()],
        ids=lambda e: type(e).__name__,
    )  # fmt: skip
    def test_a_base_exception_from_an_evaluator_is_a_fault_of_that_plugin(self, error):
        registry = registry_with(("raiser", _Raiser(error)))
        result = edu_rules.evaluate(
            edu_rules.load_county(passing_county(code="980101", name="虚构县")), registry=registry
        )
        assert result.status is Status.INCOMPLETE
        assert [f.plugin for f in result.faults] == ["raiser"]
        assert type(error).__name__ in result.faults[0].error

    def test_an_evaluator_that_yields_without_end_is_stopped(self):
        class Endless(_Raiser):
            @hookimpl
            def edu_rules_evaluators(self) -> Any:
                def endless(rule: Any, context: Any) -> Iterator[Observation]:
                    subject = context.county_subject()
                    while True:
                        yield Observation(subject, Outcome.MET)

                return {"raising": endless}

        registry = registry_with(("raiser", Endless(ValueError())))
        result = edu_rules.evaluate(
            edu_rules.load_county(passing_county(code="980101", name="虚构县")), registry=registry
        )
        assert result.status is Status.INCOMPLETE
        assert "more than" in result.faults[0].error


class TestRuleDataIsNotSharedMutableState:
    """Plugin code that writes into compiled rule data is found before another unit is judged."""

    def test_a_write_into_rule_data_is_a_fault_for_this_unit_and_every_later_one(self):
        class Vandal(_Raiser):
            @hookimpl
            def edu_rules_evaluators(self) -> Any:
                def vandal(rule: Any, context: Any) -> Iterator[Observation]:
                    target = context.rules["national.L2"].value["threshold"]
                    object.__setattr__(target, "_data", {"primary": 0, "junior": 0})
                    yield Observation(context.county_subject(), Outcome.MET)

                return {"raising": vandal}

        registry = registry_with(("raiser", Vandal(ValueError())))
        failing = passing_county(code="980101", name="虚构县")
        failing["schools"][0]["stages"]["primary"]["key_teachers"] = 1  # L2 short
        first = edu_rules.evaluate(edu_rules.load_county(failing), registry=registry)
        later = edu_rules.evaluate(edu_rules.load_county(failing), registry=registry)

        for result in (first, later):
            assert result.status is Status.INCOMPLETE
            assert not result.findings
            assert [f.stage_of_work for f in result.faults] == ["rule_data"]


def test_the_installed_layers_change_no_rule_above_them_so_the_law_costs_nothing():
    """National, Guangxi and Liuzhou: no lower layer changes a higher rule; nothing is re-judged."""
    registry = edu_rules.default_registry()
    chain = registry.chain("450223")
    ruleset = registry.ruleset(tuple(loaded.layer.name for loaded in chain), default_as_of(2025))
    assert len(chain) == 3
    assert prefixes(registry, chain, ruleset) == ()


def _outcomes(result: edu_rules.Result, layer: str) -> Iterable[tuple[tuple[str, Any], Outcome]]:
    for f in result.findings:
        if f.rule.startswith(f"{layer}.") and f.effect != "advisory":
            yield (f.rule, f.subject.sort_key), f.outcome


class TestProvisionsAreCheckedByTypeAtLoad:
    """A malformed provision is a clear load error, never national rules that then fail."""

    @pytest.mark.parametrize(
        ("rule", "provision", "says"),
        [
            (
                "national.L3",
                {"id": "x", "kind": "subtract", "fields": ["extra"]},
                "not a measured field",
            ),
            (
                "national.L3",
                {"id": "x", "kind": "subtract", "fields": ["largest_class"]},
                "not a measured field",
            ),
            (
                "national.school_rule",
                {"id": "x", "kind": "include", "reason": {"zh": "x", "en": "x"},
                 "when": [{"field": "students", "op": ">", "value": None}]},
                "not a integer",
            ),
            (
                "national.school_rule",
                {"id": "x", "kind": "include", "reason": {"zh": "x", "en": "x"},
                 "when": [{"field": "kind", "op": "==", "value": "college"}]},
                "college",
            ),
            (
                "national.school_rule",
                {"id": "x", "kind": "include", "reason": {"zh": "x", "en": "x"},
                 "when": [{"field": "area", "op": "<", "value": "rural"}]},
                "compares numbers",
            ),
            (
                "national.school_rule",
                {"id": "x", "kind": "include", "reason": {"zh": "x", "en": "x"},
                 "when": [{"field": "kind", "op": "in", "value": "primary"}]},
                "list of values",
            ),
        ],
        ids=["component extra", "component largest_class", "students > null", "unknown kind",
             "area < rural", "in without a list"],
    )  # fmt: skip
    def test_refused_naming_the_provision(self, rule, provision, says):
        provision = {"citation": f"{FICTIONAL_CITATION} · 第六条", **provision}
        layer = RuleLayer("typed", [override(rule, [provision])])
        with pytest.raises(PluginError, match=says) as raised:
            registry_with(("typed", layer))
        assert "'x'" in str(raised.value)

    def test_a_component_must_be_a_field_declared_never_negative(self):
        """Subtracting a field that may be negative would add: it needs ``minimum`` ≥ 0."""

        class Fields(RuleLayer):
            @hookimpl
            def edu_rules_data_fields(self) -> Any:
                return {"stage": {"credit": {"type": "number", "description": "可为负数的调整量"}}}

        subtract = {
            "id": "x", "kind": "subtract", "fields": ["stage.extra.typed.credit"],
            "citation": f"{FICTIONAL_CITATION} · 第七条",
        }  # fmt: skip
        layer = Fields("typed", [override("national.L3", [subtract])])
        with pytest.raises(PluginError, match="minimum"):
            registry_with(("typed", layer))


class TestPluginFieldPatternsAreLinear:
    """A field's pattern that could backtrack without bound is refused when the plugin loads."""

    @pytest.mark.parametrize("pattern", ["^([a-z]+)+$", "(a|aa)*$", r"^(\w+)\1$", "^(a*)*b$"])
    def test_a_pattern_that_can_backtrack_without_bound_is_refused(self, pattern):
        class Fields(RuleLayer):
            @hookimpl
            def edu_rules_data_fields(self) -> Any:
                return {"school": {"code": {"type": "string", "pattern": pattern}}}

        with pytest.raises(PluginError, match="pattern"):
            registry_with(("typed", Fields("typed", [])))

    def test_a_plain_pattern_loads_and_checks_values(self):
        class Fields(RuleLayer):
            @hookimpl
            def edu_rules_data_fields(self) -> Any:
                return {"school": {"code": {"type": "string", "pattern": "^[A-Z]{2}-[0-9]+$"}}}

        registry_with(("typed", Fields("typed", [])))


class TestADeadlineThatHoldsInsideCCode:
    """A plugin's time budget is a signal, which one long call into C code never sees; the
    command line's worker process has a deadline that holds there too."""

    def test_an_evaluator_stuck_in_c_code_costs_its_unit_only(self):
        from edu_rules.batch import evaluate_each

        class Stuck(_Raiser):
            @hookimpl
            def edu_rules_evaluators(self) -> Any:
                def stuck(rule: Any, context: Any) -> Iterator[Observation]:
                    sum(range(10**11))  # one C call: no signal interrupts it
                    yield Observation(context.county_subject(), Outcome.MET)

                return {"raising": stuck}

        registry = registry_with(("raiser", Stuck(ValueError())))
        stuck = edu_rules.load_county(passing_county(code="980101", name="虚构县"))
        elsewhere = edu_rules.load_county(passing_county(code="110101"))

        results = evaluate_each(
            [stuck, elsewhere], registry=registry, unit_seconds=1, isolated=True
        )

        assert results[0].status is Status.INCOMPLETE
        assert "(worker)" in [f.plugin for f in results[0].faults]
        assert results[1].status is Status.PASS

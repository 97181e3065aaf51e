"""A province's own indicator written as rule data, judged by the core's field evaluators.

``school_field`` and ``stage_field`` read any figure of a school or a stage — the
contract's, or a plugin's declared ``extra.<layer>.<field>`` — as a count or a ratio, with
conditions (``where``), scope and branch provisions, and a remedy whose unit and price the
layer declares with its field.  The planner, what-if and the template use them.  Missing
data never helps: an unknown figure, or a name that names no figure, is not evaluable.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import Outcome, hookimpl, testing
from edu_rules.model.datafields import declared
from edu_rules.model.errors import CountyDataError, PluginError
from edu_rules.model.layers import Level, Title
from edu_rules.model.rules import parse_rule_data
from tests._plugins import layer, registry_with

ROOT = Path(__file__).resolve().parents[1]
RONGSHUI = ROOT / "examples" / "450225-rongshui.json"
RULE = "capital.mental_health_teachers"


def _capital_county() -> dict[str, Any]:
    """融水's 145 schools under the fictional code 960102 (Capital City governs it)."""
    data = json.loads(RONGSHUI.read_text(encoding="utf-8"))
    data["code"], data["name"] = "960102", "示例区（融水的学校）"
    for school in data["schools"]:
        school["id"] = school["id"].replace("450225", "960102")
    return data


def _pupils(school: dict[str, Any]) -> int:
    return sum((stage or {}).get("students", 0) for stage in school["stages"].values())


def _findings(result: edu_rules.Result, rule: str = RULE) -> dict[Any, edu_rules.Finding]:
    return {(f.subject.school, f.subject.stage): f for f in result.findings if f.rule == rule}


@pytest.fixture(scope="module")
def county() -> dict[str, Any]:
    """Every school of 300 pupils or more gives its mental-health teachers: 0, 1, 2 in turn."""
    data = _capital_county()
    big = [s for s in data["schools"] if _pupils(s) >= 300 and s["kind"] != "special_education"]
    for position, school in enumerate(big):
        school["extra"] = {"capital": {"mental_health_teachers": position % 3}}
    return data


class TestCapitalCitysOwnIndicator:
    def test_schools_of_300_pupils_or_more_are_judged_by_their_own_figure(self, county):
        found = _findings(testing.evaluate_document(county))
        by_id = {school["id"]: school for school in county["schools"]}

        assert found  # the rule judged something
        for (school_id, _), finding in found.items():
            school = by_id[school_id]
            assert _pupils(school) >= 300  # smaller schools are outside the rule
            teachers = school["extra"]["capital"]["mental_health_teachers"]
            assert finding.measured == teachers
            assert finding.outcome is (Outcome.MET if teachers >= 1 else Outcome.SHORTFALL)
        judged = {key[0] for key in found}
        assert judged == {
            s["id"] for s in county["schools"]
            if _pupils(s) >= 300 and s["kind"] != "special_education"
        }  # fmt: skip

    def test_a_shortfall_names_its_field_and_the_teachers_to_add(self, county):
        found = _findings(testing.evaluate_document(county))
        short = [f for f in found.values() if f.outcome is Outcome.SHORTFALL]

        assert short
        for finding in short:
            assert [(r.quantity, r.unit) for r in finding.remedies] == [(1, "teachers")]
            assert finding.details["field"].endswith(".extra.capital.mental_health_teachers")
            assert finding.citation.startswith("省会教督〔2021〕2号")

    def test_an_unknown_figure_is_not_evaluable_never_met(self, county):
        changed = copy.deepcopy(county)
        position, school = next(
            (i, s) for i, s in enumerate(changed["schools"])
            if s.get("extra", {}).get("capital", {}).get("mental_health_teachers") == 1
        )  # fmt: skip
        del school["extra"]

        finding = _findings(testing.evaluate_document(changed))[(school["id"], None)]

        assert finding.outcome is Outcome.NOT_EVALUABLE
        assert finding.missing == (f"schools[{position}].extra.capital.mental_health_teachers",)

    def test_missing_never_helps_the_verdict(self, county):
        paths = [
            ("schools", i, "extra", "capital", "mental_health_teachers")
            for i, s in enumerate(county["schools"]) if "extra" in s
        ][:4]  # fmt: skip
        testing.check_missing_never_helps(county, paths)


class TestThePlanWhatIfAndTemplateUseTheDeclaredUnitAndPrice:
    def test_the_plan_adds_teachers_at_the_declared_price_and_the_rule_is_then_met(self, county):
        model = edu_rules.load_county(county)
        the_plan = edu_rules.plan(model)
        targets = [t for t in the_plan.targets if t.rule == RULE]
        short = [f for f in _findings(testing.evaluate_document(county)).values()
                 if f.outcome is Outcome.SHORTFALL]  # fmt: skip

        assert len(targets) == len(short)
        for target in targets:
            assert (target.quantity, target.cost) == (1, 120_000)
            assert target.unit_title == Title(zh="名", en="teachers")
        after = edu_rules.evaluate(edu_rules.apply_plan(model, the_plan))
        assert all(f.outcome is not Outcome.SHORTFALL for f in _findings(after).values())

    def test_a_cost_given_on_the_command_line_wins_over_the_declared_one(self, county):
        costs = edu_rules.CostModel.with_costs(**{"extra.capital.mental_health_teachers": 80_000})
        the_plan = edu_rules.plan(edu_rules.load_county(county), costs=costs)

        assert {t.cost for t in the_plan.targets if t.rule == RULE} == {80_000}

    def test_whatif_sets_a_plugin_field_on_a_school_that_gave_none(self, tmp_path):
        data = _capital_county()
        path = tmp_path / "960102.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        position = next(i for i, s in enumerate(data["schools"]) if _pupils(s) >= 300)
        change = f"schools[{position}].extra.capital.mental_health_teachers=0"

        run = subprocess.run(
            [sys.executable, "-m", "edu_rules.cli", "whatif", str(path), "--set", change],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip

        assert "FrozenMap" not in run.stderr
        assert run.returncode in {0, 1}, run.stderr
        assert RULE in run.stdout  # a shortfall appears: the school now has none

    def test_whatif_refuses_a_field_no_layer_declares_naming_it(self):
        model = edu_rules.load_county(_capital_county())

        with pytest.raises(CountyDataError) as raised:
            edu_rules.apply_changes(model, {"schools[0].extra.capital.nonesuch": 1})

        assert "schools[0].extra.capital.nonesuch" in str(raised.value)

    def test_the_template_column_shows_the_declared_unit(self, tmp_path):
        openpyxl = pytest.importorskip("openpyxl")
        from edu_rules.io.excel import write_template

        target = tmp_path / "template.xlsx"
        write_template(target)
        headers = [cell.value for cell in openpyxl.load_workbook(target)["学校 Schools"][1]]

        assert "专职心理健康教师数（名）" in headers


# --------------------------------------------------------------------------- the evaluators


class _Own:
    """A fictional province (98) with its own fields and rules judged by the field evaluators."""

    fields = {
        "county": {"counselling_budget_pct": {"type": "number", "minimum": 0, "maximum": 100}},
        "school": {"build_year": {"type": "integer", "minimum": 1900, "maximum": 2100}},
        "stage": {
            "counsellors": {
                "type": "number", "minimum": 0,
                "description": "心理辅导员 — counsellors",
                "unit": {"zh": "名", "en": "counsellors"}, "cost": 90000,
            },
        },
    }  # fmt: skip

    def __init__(self, *rules: dict[str, Any]) -> None:
        self.rules = list(rules)

    @hookimpl
    def edu_rules_layer(self) -> edu_rules.Layer:
        return layer("owntest", Level.PROVINCIAL, "98")

    @hookimpl
    def edu_rules_data_fields(self) -> dict[str, Any]:
        return self.fields

    @hookimpl
    def edu_rules_rules(self) -> Any:
        return parse_rule_data({"rules": self.rules}, source="owntest.json")


def _rule(evaluator: str, params: dict[str, Any], threshold: Any, **more: Any) -> dict[str, Any]:
    return {
        "id": "owntest.own",
        "family": "guarantee",
        "title": {"zh": "测试", "en": "test"},
        "citation": "测试〔2099〕1号 · 第一条",
        "source_status": "confirmed",
        "evaluator": evaluator,
        "subject": "stage" if evaluator == "stage_field" else "school",
        "unit": "ratio",
        "comparator": ">=",
        "params": params,
        "values": {"2020-01-01": {"threshold": threshold}},
        **more,
    }


def _own_registry(*rules: dict[str, Any]) -> edu_rules.Registry:
    return registry_with(("owntest", _Own(*rules)))


def _fictional(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed["code"] = "980101"
    return changed


PER_THOUSAND = _rule(
    "stage_field",
    {"field": "extra.owntest.counsellors", "per": "students", "scale": 1000,
     "where": [{"field": "stage.students", "op": ">=", "value": 500}]},
    {"primary": 1, "junior": 2},
)  # fmt: skip
"""At least 1 counsellor per 1,000 primary pupils and 2 per 1,000 junior pupils, in
stages of 500 pupils or more."""


@pytest.fixture(scope="module")
def own_registry() -> edu_rules.Registry:
    return _own_registry(PER_THOUSAND)


@pytest.fixture(scope="module")
def yufeng() -> dict[str, Any]:
    return _fictional(json.loads((ROOT / "examples/450203-yufeng.json").read_text("utf-8")))


class TestStageRatios:
    def test_a_ratio_per_stage_is_judged_against_its_stages_threshold(self, own_registry, yufeng):
        changed = copy.deepcopy(yufeng)
        for school in changed["schools"]:
            for stage in school["stages"].values():
                if stage:
                    stage["extra"] = {"owntest": {"counsellors": stage["students"] // 700}}

        found = _findings(testing.evaluate_document(changed, registry=own_registry), "owntest.own")
        by_id = {s["id"]: s for s in changed["schools"]}

        assert found
        for (school_id, stage_name), finding in found.items():
            stage = by_id[school_id]["stages"][stage_name]
            assert stage["students"] >= 500
            expected = Fraction(stage["students"] // 700 * 1000, stage["students"])
            assert finding.measured == float(expected)
            required = {"primary": 1, "junior": 2}[stage_name]
            assert finding.required == required
            assert (finding.outcome is Outcome.MET) == (expected >= required)
            if finding.outcome is Outcome.SHORTFALL:
                [remedy] = finding.remedies
                assert remedy.unit == "stage.extra.owntest.counsellors"
                needed = Fraction(required * stage["students"], 1000) - stage["students"] // 700
                assert Fraction(str(remedy.quantity)) == pytest.approx(needed)

    def test_a_school_whose_scope_is_unknown_meets_the_rule_only_if_it_would_anyway(self):
        rule = _rule(
            "school_field",
            {"field": "extra.owntest.build_year", "where": [
                {"field": "extra.owntest.build_year", "op": "<", "value": 2030}]},
            2000,
        )  # fmt: skip
        registry = _own_registry(rule)
        document = _fictional(json.loads((ROOT / "examples/450203-yufeng.json").read_text("utf-8")))

        found = _findings(testing.evaluate_document(document, registry=registry), "owntest.own")

        # no school gives its build year: whether the rule applies is unknown, and so is
        # the figure: never met
        assert found
        assert {f.outcome for f in found.values()} == {Outcome.NOT_EVALUABLE}

    def test_a_name_that_names_no_figure_is_never_met(self, yufeng):
        registry = _own_registry(_rule("school_field", {"field": "mental_health"}, 1))

        found = _findings(testing.evaluate_document(yufeng, registry=registry), "owntest.own")

        assert found
        assert {f.outcome for f in found.values()} == {Outcome.NOT_EVALUABLE}
        assert all("'mental_health'" in (f.note or "") for f in found.values())

    def test_a_contract_field_is_read_as_the_national_rule_reads_it(self, yufeng):
        """Q4 written as data: training funds per 100 yuan of public funds, ≥ 5 per school."""
        rule = _rule(
            "school_field",
            {"field": "training_funds_yuan", "per": "public_funds_yuan", "scale": 100},
            5,
        )
        ours = testing.evaluate_document(yufeng, registry=_own_registry(rule))

        national = {k[0]: f for k, f in _findings(ours, "national.Q4").items()}
        mine = {k[0]: f for k, f in _findings(ours, "owntest.own").items()}

        assert national
        assert set(mine) >= set(national)
        for school_id, finding in national.items():
            assert (mine[school_id].outcome, mine[school_id].measured) == (
                finding.outcome,
                finding.measured,
            )


class TestACountyFigureOfTheLayersOwn:
    @pytest.mark.parametrize(("share", "outcome"), [(2.5, Outcome.MET), (1.5, Outcome.SHORTFALL),
                                                    (None, Outcome.NOT_EVALUABLE)])  # fmt: skip
    def test_county_value_reads_extra_at_the_county(self, yufeng, share, outcome):
        rule = _rule("county_value", {"field": "extra.owntest.counselling_budget_pct"}, 2)
        rule["subject"] = "county"
        changed = copy.deepcopy(yufeng)
        if share is not None:
            changed["extra"] = {"owntest": {"counselling_budget_pct": share}}

        result = testing.evaluate_document(changed, registry=_own_registry(rule))
        [finding] = _findings(result, "owntest.own").values()

        assert finding.outcome is outcome
        if share is None:
            assert finding.missing == ("extra.owntest.counselling_budget_pct",)


class TestTheLawsOfAFieldRule:
    @settings(deadline=None, max_examples=30)
    @given(st.integers(0, 5), st.integers(0, 5))
    def test_more_of_the_figure_never_worsens_the_finding(self, low, extra):
        registry = _own_registry(_rule("school_field", {"field": "extra.owntest.build_year"}, 3))
        document = _fictional(json.loads((ROOT / "examples/450203-yufeng.json").read_text("utf-8")))
        document["schools"] = document["schools"][:3]
        before, after = copy.deepcopy(document), copy.deepcopy(document)
        before["schools"][0]["extra"] = {"owntest": {"build_year": 1900 + low}}
        after["schools"][0]["extra"] = {"owntest": {"build_year": 1900 + low + extra}}
        rank = {Outcome.SHORTFALL: 0, Outcome.NOT_EVALUABLE: 1, Outcome.MET: 2}

        one = _findings(testing.evaluate_document(before, registry=registry), "owntest.own")
        two = _findings(testing.evaluate_document(after, registry=registry), "owntest.own")
        key = (document["schools"][0]["id"], None)

        assert rank[two[key].outcome] >= rank[one[key].outcome]


class TestDeclaringAUnitAndAPrice:
    def test_a_declared_unit_and_price_are_read_and_kept_out_of_the_schema(self):
        [field] = declared(
            {"school": {"psy": {"type": "integer", "unit": {"zh": "名", "en": "teachers"},
                                "cost": 1000, "description": "心理 — psychology"}}},
            "owntest",
        ).fields  # fmt: skip

        assert (field.unit, field.cost) == (Title(zh="名", en="teachers"), 1000)
        assert not {"unit", "cost"} & set(field.schema)
        assert field.schema["description"] == "心理 — psychology (teachers, 名)"

    @pytest.mark.parametrize(
        ("fragment", "says"),
        [
            ({"type": "string", "unit": {"zh": "名", "en": "x"}}, "number or integer"),
            ({"type": "integer", "unit": {"zh": "名"}}, '"unit" must be'),
            ({"type": "integer", "cost": -1}, '"cost" must be'),
            ({"type": "integer", "cost": "cheap"}, '"cost" must be'),
        ],
    )
    def test_a_bad_unit_or_price_stops_the_load_saying_why(self, fragment, says):
        class Bad(_Own):
            fields = {"school": {"psy": fragment}}

        with pytest.raises(PluginError, match=says):
            registry_with(("owntest", Bad()))

"""The Liuzhou layer's data and evaluators: schedule, measures, zones and targets, as shipped."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from importlib.resources import files

import edu_rules_liuzhou
import pytest

import edu_rules
from edu_rules import Effect, Level, RuleDef
from edu_rules.model.rules import select_version

DOCUMENT = "柳教督导〔2021〕16号"

# criteria.md §3: the plan's 四、分步规划.
PLAN = {
    "450202": 2022,
    "450205": 2022,
    "450204": 2024,
    "450203": 2025,
    "450223": 2025,
    "450206": 2027,
    "450224": 2027,
    "450222": 2028,
    "450225": 2029,
    "450226": 2029,
}


@pytest.fixture(name="rules", scope="module")
def _rules() -> dict[str, RuleDef]:
    return {
        rule.id: rule
        for rule in edu_rules.load_rule_files(files("edu_rules_liuzhou") / "rules")
        if isinstance(rule, RuleDef)
    }


class TestLayer:
    def test_liuzhou_is_the_municipal_layer_of_code_4502(self):
        """Municipal level, jurisdiction 4502, the plan issued on 2021-08-23."""
        layer = edu_rules_liuzhou.edu_rules_layer()

        assert (
            layer.level,
            layer.jurisdiction,
            layer.citation,
            layer.issued,
        ) == (Level.MUNICIPAL, "4502", DOCUMENT, "2021-08-23")


class TestRules:
    def test_every_rule_cites_a_part_of_the_plan(self, rules):
        """Each rule cites 柳教督导〔2021〕16号 and the part it comes from."""
        parts = ("四、分步规划", "五、推进措施", "六、注重监测结果运用")

        assert all(
            rule.citation.startswith(tuple(f"{DOCUMENT} · {part}" for part in parts))
            for rule in rules.values()
        )

    def test_every_rule_but_the_whole_unit_check_is_advisory_and_runs_with_the_plan(self, rules):
        """The plan's schedule and measures change no verdict; its rules run 2021-08-23 to 2030-12-31.

        One rule binds: a functional zone's document alone is never assessed as its host.
        """
        span = (dt.date(2021, 8, 23), dt.date(2030, 12, 31))
        assert {(Effect.ADVISORY, *span)} == {
            (rule.effect, rule.effective_from, rule.effective_to)
            for rule in rules.values()
            if rule.id != "liuzhou.procedure.whole_unit"
        }
        whole = rules["liuzhou.procedure.whole_unit"]
        assert (whole.effect, whole.effective_from, whole.effective_to) == (Effect.STANDARD, *span)

    def test_the_rules_are_out_of_force_after_2030(self, rules):
        """An assessment in 2031 finds no Liuzhou rule in force."""
        assert all(select_version(rule, dt.date(2031, 12, 31)) is None for rule in rules.values())


class TestSchedule:
    def test_the_schedule_is_the_plans(self):
        """四、分步规划, code by code (criteria.md §3)."""
        assert dict(edu_rules_liuzhou.schedule()) == PLAN

    def test_every_scheduled_unit_is_a_guangxi_county_unit(self):
        """The ten codes are exactly Guangxi's 4502xx units (NBS 2023 division codes)."""
        guangxi = pytest.importorskip("edu_rules_guangxi")
        liuzhou_units = {code for code in guangxi.county_units() if code.startswith("4502")}

        assert liuzhou_units == set(edu_rules_liuzhou.schedule())

    def test_the_schedule_names_its_units(self, rules):
        """params.names gives each scheduled unit its name."""
        assert set(PLAN) == set(rules["liuzhou.schedule"].params["names"])


class TestMeasures:
    def test_every_item_of_sections_five_and_six_has_a_rule(self, rules):
        """五 (一)–(十) and 六 (一)–(三) are all represented."""
        five = [f"{DOCUMENT} · 五、推进措施 · ({n})" for n in "一二三四五六七八九十"]
        six = [f"{DOCUMENT} · 六、注重监测结果运用 · ({n})" for n in "一二三"]

        assert set(five + six) == {r.citation for r in rules.values() if r.family == "measure"}

    def test_measures_with_data_use_evaluators_the_rest_are_manual(self, rules):
        """Rotation, migrant and disabled children, IT, burden and monitoring read data."""
        with_data = {
            rule.id
            for rule in rules.values()
            if rule.family == "measure" and rule.evaluator != "manual"
        }

        assert {
            "liuzhou.measure.5_4.it",
            "liuzhou.measure.5_5.migrant_children",
            "liuzhou.measure.5_5.disabled_children",
            "liuzhou.measure.5_7.rotation",
            "liuzhou.measure.5_8.burden",
            "liuzhou.measure.5_9.national_monitoring",
        } == with_data

    def test_borrowed_thresholds_equal_the_national_ones(self, rules):
        """A measure's number is the national rule's it names in params.reuses, never its own."""
        registry = edu_rules.load_registry(edu_rules.make_plugin_manager(blocked={"exampleland"}))
        national = {d.id: d for d in registry.layer("national").definitions}
        borrowing = [rule for rule in rules.values() if "reuses" in rule.params]

        assert borrowing
        for rule in borrowing:
            base = national[rule.params["reuses"]]
            assert base.values[-1][1] == rule.values[-1][1], rule.id
            assert (base.comparator, base.params.get("field")) == (
                rule.comparator,
                rule.params.get("field"),
            ), rule.id


class TestZones:
    def test_yufeng_is_assessed_with_two_zones(self):
        """鱼峰区 (450203) hosts 柳东新区 and 阳和工业新区 (alias 北部生态新区)."""
        (host,) = edu_rules_liuzhou.zones().hosts

        assert (host.code, host.name) == ("450203", "鱼峰区")
        assert [(zone.name, zone.aliases) for zone in host.zones] == [
            ("柳东新区", ()),
            ("阳和工业新区", ("北部生态新区",)),
        ]
        assert edu_rules_liuzhou.zones().citation == f"{DOCUMENT} · 四、分步规划"


class TestTargets:
    def test_half_by_2025_and_all_by_2029(self):
        """三、总体目标: 50% of the ten units by the end of 2025; 100% before 2030."""
        targets = edu_rules_liuzhou.targets()

        assert [(Fraction(1, 2), 2025, 5), (Fraction(1), 2029, 10)] == [
            (target.share, target.by_year, target.required) for target in targets
        ]
        assert all(set(target.units) == set(PLAN) for target in targets)
        assert all(target.citation.startswith(f"{DOCUMENT} · 三、总体目标") for target in targets)


class TestPresentEvaluator:
    @pytest.mark.parametrize(
        ("monitoring", "outcome"),
        [
            (None, "not_evaluable"),
            ([], "shortfall"),
            ([{"subject": "数学", "level": 3, "difference_rate": 0.1}], "met"),
        ],
    )
    def test_taking_part_in_national_monitoring(self, monitoring, outcome):
        """Results on record → met; an empty list → shortfall; unknown → not evaluable."""
        document = {
            "schema_version": 1,
            "code": "450202",
            "name": "城中区",
            "assessment_year": 2025,
            "schools": [
                {
                    "id": "S1",
                    "name": "测试小学",
                    "kind": "primary",
                    "ownership": "public",
                    "area": "urban",
                    "stages": {"primary": {"students": 100, "classes": 3}},
                }
            ],
            "quality": {"monitoring": monitoring},
        }

        result = edu_rules.evaluate(edu_rules.load_county(document))

        (finding,) = [
            f for f in result.findings if f.rule == "liuzhou.measure.5_9.national_monitoring"
        ]
        assert outcome == finding.outcome.value


class TestAZoneDocumentAlone:
    """A document of 柳东新区 alone is part of 鱼峰区: never assessed as 鱼峰区 passing."""

    def _document(self, name: str) -> dict:
        import json
        from pathlib import Path

        path = Path(__file__).resolve().parents[3] / "examples" / "450202-chengzhong.json"
        data = json.loads(path.read_text(encoding="utf-8"))  # a unit that passes
        data["code"], data["name"] = "450203", name
        return data

    def test_a_zone_document_that_would_pass_stays_open(self):
        result = edu_rules.evaluate(edu_rules.load_county(self._document("柳东新区")))

        assert result.status is edu_rules.Status.INCOMPLETE
        [finding] = [f for f in result.findings if f.rule == "liuzhou.procedure.whole_unit"]
        assert finding.outcome is edu_rules.Outcome.NOT_EVALUABLE
        assert "part of 鱼峰区" in finding.note

    def test_the_same_figures_as_the_whole_unit_pass(self):
        result = edu_rules.evaluate(edu_rules.load_county(self._document("鱼峰区")))

        assert result.status is edu_rules.Status.PASS

"""The Guangxi layer's data: rules, adoptions, county units and targets, as shipped."""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from importlib.resources import files

import edu_rules_guangxi
import pytest

import edu_rules
from edu_rules import Level

DOCUMENT = "桂教督委办〔2019〕1号"


@pytest.fixture(name="national_ids", scope="module")
def _national_ids() -> list[str]:
    """Every rule id the installed national layer defines."""
    registry = edu_rules.load_registry(edu_rules.make_plugin_manager(blocked={"exampleland"}))
    return [definition.id for definition in registry.layer("national").definitions]


class TestLayer:
    def test_guangxi_is_the_provincial_layer_of_code_45(self):
        """Provincial level, jurisdiction 45, citing its implementation rules."""
        layer = edu_rules_guangxi.edu_rules_layer()

        assert (
            layer.level,
            layer.jurisdiction,
            layer.citation,
        ) == (Level.PROVINCIAL, "45", DOCUMENT)


class TestRules:
    def test_guangxi_defines_no_rule_of_its_own(self, national_ids):
        """The municipal review is the national procedure's (国教督办函〔2019〕30号): adopted, not defined."""
        registry = edu_rules.load_registry(edu_rules.make_plugin_manager(blocked={"exampleland"}))
        guangxi = registry.layer("guangxi")

        assert (guangxi.definitions, guangxi.overrides) == ((), ())
        assert any(a.covers("national.procedure.municipal_review") for a in guangxi.adoptions)
        assert "national.procedure.municipal_review" in national_ids


class TestAdoptions:
    def test_each_record_cites_the_document_with_a_note(self):
        """One record per national family, each citing 桂教督委办〔2019〕1号 with a bilingual note."""
        adoptions = edu_rules_guangxi.adoptions()

        assert len(adoptions) == 8
        assert {DOCUMENT} == {adoption.citation for adoption in adoptions}
        assert all(
            adoption.note and adoption.note.zh and adoption.note.en for adoption in adoptions
        )

    def test_every_national_rule_is_adopted_exactly_once(self, national_ids):
        """No national rule is left unadopted, and none is adopted twice."""
        adoptions = edu_rules_guangxi.adoptions()

        counts = {rule: sum(a.covers(rule) for a in adoptions) for rule in national_ids}

        assert dict.fromkeys(national_ids, 1) == counts

    def test_every_pattern_names_a_national_rule(self, national_ids):
        """An adoption that matches nothing is a typo."""
        patterns = [pattern for a in edu_rules_guangxi.adoptions() for pattern in a.rules]

        unmatched = [
            pattern
            for pattern in patterns
            if not any(
                edu_rules.Adoption((pattern,), DOCUMENT).covers(rule) for rule in national_ids
            )
        ]
        assert unmatched == []


class TestCountyUnits:
    def test_the_111_units_of_guangxi(self):
        """data/county-units.csv: 111 distinct 45xxxx codes, each with a name and prefecture."""
        text = (files("edu_rules_guangxi") / "data" / "county-units.csv").read_text("utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))

        assert 111 == len(rows) == len({row["code"] for row in rows})
        assert all(row["code"].startswith(row["city_code"]) for row in rows)
        assert all(row["city_code"].startswith("45") and row["name"] for row in rows)

    def test_liuzhou_has_ten_units(self):
        """柳州市 (4502) has ten county-level units, the ten of its plan."""
        liuzhou = [code for code in edu_rules_guangxi.county_units() if code.startswith("4502")]

        assert len(liuzhou) == 10


class TestTargets:
    def test_twenty_percent_of_the_111_units_by_2025(self):
        """The region's target: 1/5 of its 111 units by 2025, i.e. 23 units."""
        (target,) = edu_rules_guangxi.targets()

        assert ("guangxi", Fraction(1, 5), 2025, 111, 23) == (
            target.layer,
            target.share,
            target.by_year,
            len(target.units),
            target.required,
        )

    def test_the_target_cites_the_work_plan_of_1_december_2021(self):
        """The target cites the plan the region's supervision committee adopted on 1 Dec 2021."""
        (target,) = edu_rules_guangxi.targets()

        assert "2021年12月1日" in target.citation
        assert target.source_status.value == "confirmed"

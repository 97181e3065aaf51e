"""The engine: stacking layers, overrides in the result, faults, verdicts, determinism."""

from __future__ import annotations

import datetime as dt

import pytest

import edu_rules
from edu_rules import Level, Outcome, Status, to_json
from edu_rules.engine import verdict
from tests._documents import minimal_county
from tests._helpers import only
from tests._passing import passing_county
from tests._plugins import RaisingPlugin, RulePlugin, layer, registry_with, threshold_override


def _raising_rule(name: str) -> dict:
    return {
        "id": f"{name}.fragile",
        "family": "guarantee",
        "title": {"zh": "会出错的规则", "en": "A rule whose evaluator raises"},
        "citation": "测试〔2099〕3号",
        "source_status": "confirmed",
        "evaluator": f"{name}.explode",
        "subject": "county",
        "unit": "flag",
        "values": {"2020-01-01": {}},
    }


class TestOverridesInTheResult:
    """A lower layer's override applies, and the finding shows both citations."""

    def test_a_tightened_threshold_applies_with_both_citations(self):
        """L3 primary raised to 1.0 by a 99 layer: 0.95 per 100 now fails."""
        plugin = RulePlugin(
            layer("tight", Level.PROVINCIAL, "99"),
            [threshold_override("national.L3", {"threshold": {"primary": 1.0}})],
        )
        registry = registry_with(("tight", plugin))
        document = passing_county(code="990101", name="示例区")
        document["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = 9.5

        result = edu_rules.evaluate(edu_rules.load_county(document), registry=registry)

        finding = only(result, "national.L3", school="P1", stage="primary")
        assert (finding.outcome, finding.required, finding.layer) == (
            Outcome.TOLERATED,
            1.0,
            "tight",
        )
        assert [(p.layer, p.role, p.citation) for p in finding.provenance] == [
            ("national", "defines", "教督〔2017〕6号 · 资源配置 · 第(3)项"),
            ("tight", "overrides", "测试〔2099〕1号 · 第一条"),
        ]

    def test_the_override_does_not_reach_outside_its_jurisdiction(self):
        """A Beijing county keeps the national threshold."""
        plugin = RulePlugin(
            layer("tight", Level.PROVINCIAL, "99"),
            [threshold_override("national.L3", {"threshold": {"primary": 1.0}})],
        )
        registry = registry_with(("tight", plugin))

        result = edu_rules.evaluate(edu_rules.load_county(passing_county()), registry=registry)

        assert only(result, "national.L3", school="P1", stage="primary").required == 0.9


class TestFaults:
    """A plugin that raises never yields a pass."""

    def test_a_raising_evaluator_makes_a_passing_county_incomplete(self):
        """The fault names the plugin and the rule; the status is not pass."""
        plugin = RaisingPlugin(layer("fragile", Level.PROVINCIAL, "99"), [_raising_rule("fragile")])
        registry = registry_with(("fragile", plugin))
        county = edu_rules.load_county(passing_county(code="990101"))

        result = edu_rules.evaluate(county, registry=registry)

        assert result.status is Status.INCOMPLETE
        assert [(f.plugin, f.rule) for f in result.faults] == [("fragile", "fragile.fragile")]
        assert "RuntimeError: boom" in result.faults[0].error
        assert only(result, "fragile.fragile").outcome is Outcome.ERROR

    def test_a_raising_prepare_hook_makes_a_passing_county_incomplete(self):
        """Preparation failures are faults too."""

        class BadPrepare(RulePlugin):
            @edu_rules.hookimpl
            def edu_rules_prepare_county(self, county):
                raise ValueError("cannot prepare")

        registry = registry_with(("bad", BadPrepare(layer("bad", Level.PROVINCIAL, "99"))))

        result = edu_rules.evaluate(
            edu_rules.load_county(passing_county(code="990101")), registry=registry
        )

        assert result.status is Status.INCOMPLETE
        assert result.faults[0].stage_of_work == "prepare_county"

    def test_a_fault_beside_a_shortfall_still_fails(self):
        """A failing county stays failing when a plugin also breaks."""
        plugin = RaisingPlugin(layer("fragile", Level.PROVINCIAL, "99"), [_raising_rule("fragile")])
        registry = registry_with(("fragile", plugin))
        document = passing_county(code="990101")
        document["guarantee"]["quota_allocation_pct"] = 40

        result = edu_rules.evaluate(edu_rules.load_county(document), registry=registry)

        assert result.status is Status.FAIL


class TestVerdict:
    """How findings become a status."""

    def test_no_rule_in_force_is_incomplete_not_pass(self):
        """Before the national measures came into force there is nothing to pass."""
        result = edu_rules.evaluate(
            edu_rules.load_county(passing_county()), as_of=dt.date(2016, 12, 31)
        )

        assert (result.status, result.summary.rules_applied) == (Status.INCOMPLETE, 0)

    def test_an_empty_list_of_findings_with_rules_applied_is_a_pass(self):
        """The verdict function itself: nothing short, nothing open."""
        assert verdict([], [], rules_applied=3) is Status.PASS

    def test_the_minimal_document_is_incomplete(self):
        """Almost everything unknown: incomplete, never pass."""
        result = edu_rules.evaluate(edu_rules.load_county(minimal_county()))

        assert result.status is Status.INCOMPLETE
        assert result.summary.not_evaluated > 0


class TestDeterminism:
    """The same input gives byte-identical JSON."""

    def test_repeated_evaluation_is_byte_identical(self):
        """Two runs, one text."""
        county = edu_rules.load_county(passing_county(code="450202", name="城中区"))

        first = to_json(edu_rules.evaluate(county))
        second = to_json(edu_rules.evaluate(county))

        assert first == second

    def test_school_order_does_not_change_the_result(self):
        """Reversing the schools gives the same JSON."""
        document = passing_county()
        document["schools"][0]["stages"]["primary"]["key_teachers"] = 8  # make something happen
        reversed_document = passing_county()
        reversed_document["schools"][0]["stages"]["primary"]["key_teachers"] = 8
        reversed_document["schools"].reverse()

        forward = edu_rules.evaluate(edu_rules.load_county(document))
        backward = edu_rules.evaluate(edu_rules.load_county(reversed_document))

        def strip_paths(text: str) -> str:
            import re

            return re.sub(r"schools\[\d+\]", "schools[i]", text)

        assert strip_paths(to_json(forward)) == strip_paths(to_json(backward))


class TestFindingConstruction:
    def test_the_engine_builds_findings_in_the_order_of_their_fields(self):
        """Findings are built positionally: the engine's field list is Finding's own order."""
        import attrs

        from edu_rules import engine
        from edu_rules.model.result import Finding

        assert tuple(field.name for field in attrs.fields(Finding)) == engine._FINDING_FIELDS


class TestPlanOnAFaultyPlugin:
    """``edu-rules plan`` says a plugin failed (exit 3), never "evaluated, not passing" (1)."""

    @pytest.mark.parametrize(("code", "expected"), [("990101", 3), ("110101", 0)])
    def test_the_exit_code(self, tmp_path, monkeypatch, capsys, code, expected):
        """The failing layer's unit exits 3; a unit outside its place keeps its verdict (pass)."""
        from edu_rules.cli import main

        plugin = RaisingPlugin(layer("fragile", Level.PROVINCIAL, "99"), [_raising_rule("fragile")])
        registry = registry_with(("fragile", plugin))
        path = tmp_path / "county.json"
        path.write_text(to_json(edu_rules.load_county(passing_county(code=code))), "utf-8")
        monkeypatch.setattr("edu_rules.cli.plan.registry_from", lambda _args: registry)

        assert main(["plan", str(path), "--format", "json"]) == expected
        assert f'"{code}"' in capsys.readouterr().out  # the plan is printed all the same

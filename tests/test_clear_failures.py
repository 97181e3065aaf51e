"""Clear failures: a failing school rule says why in its measured value; a broken plugin, how to pass it."""

from __future__ import annotations

from pathlib import Path

import edu_rules
from edu_rules import Outcome
from edu_rules.cli import main
from edu_rules.model.errors import PluginError
from edu_rules.reports import _format as fmt

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class TestSchoolRuleMeasured:
    def test_a_floor_failure_is_named_in_the_measured_value(self):
        """``1 项指标未达标`` against ``≤ 1`` fails only through the floor: the value says so."""
        result = edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450225-rongshui.json"))
        failing = [
            f
            for f in result.shortfalls
            if f.rule.endswith("school_rule") and (f.details or {}).get("below_floor")
        ]

        assert failing
        for finding in failing:
            zh, en = fmt.measured_text(finding, "zh"), fmt.measured_text(finding, "en")
            for rule in finding.details["below_floor"]:
                assert fmt.short_rule(rule) in zh
            assert "85%" in zh
            assert "below 85% of the standard" in en

    def test_a_met_school_rule_reads_as_indicators_met(self):
        """A met school rule reads as its count of indicators met, nothing about a floor."""
        result = edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450202-chengzhong.json"))
        met = next(f for f in result.findings if f.rule.endswith("school_rule"))

        assert met.outcome is Outcome.MET
        assert fmt.measured_text(met, "zh") == "7 项达标，要求至少 6 项"


class TestBrokenPlugin:
    def test_the_error_carries_the_hint_to_block_it(self, capsys, monkeypatch):
        """A plugin that cannot load: exit 3, its error, and --block NAME --unofficial as the way round."""
        from edu_rules.cli import evaluate

        def broken(_args):
            raise PluginError("plugin 'exampleland': edu_rules_layer raised ValueError")

        monkeypatch.setattr(evaluate, "registry_from", broken)

        code = main(["evaluate", str(EXAMPLES / "450202-chengzhong.json")])

        err = capsys.readouterr().err
        assert code == 3
        assert "exampleland" in err
        assert "--block" in err
        assert "--unofficial" in err
        assert "liuzhou" in err  # the installed plugins are listed

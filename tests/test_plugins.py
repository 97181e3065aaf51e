"""Plugin discovery and the checks made when plugins load.

Every load-time problem is a PluginError that names the culprit: the plugin, its
distribution, the rule and the file.
"""

from __future__ import annotations

import importlib.metadata
import types

import pytest

import edu_rules
from edu_rules import Level, PluginError, hookimpl
from tests._plugins import RulePlugin, layer, registry_with, threshold_override


class TestEntryPointDiscovery:
    """Plugins are found through the ``edu_rules.plugins`` entry-point group."""

    def test_installed_plugins_are_found_with_their_distribution(self):
        """The national plugin is installed and reports its distribution and version."""
        registry = edu_rules.default_registry()

        national = registry.layer("national").layer

        assert (national.distribution, national.level) == ("edu-rules-national", Level.NATIONAL)
        assert national.version

    def test_discovery_goes_through_importlib_metadata(self, monkeypatch):
        """A fake distribution with an entry point is loaded and registered under its name."""
        module = types.ModuleType("fake_plugin")
        module.edu_rules_layer = hookimpl(lambda: layer("fake", Level.PROVINCIAL, "99"))

        class FakeEntryPoint:
            name = "fake"
            group = "edu_rules.plugins"
            value = "fake_plugin"

            def load(self):
                return module

        class FakeDistribution:
            entry_points = (FakeEntryPoint(),)
            metadata = {"name": "edu-rules-fake"}
            version = "9.9"

            @property
            def name(self):
                return "edu-rules-fake"

        monkeypatch.setattr(importlib.metadata, "distributions", lambda: [FakeDistribution()])

        manager = edu_rules.make_plugin_manager()

        assert manager.get_plugin("fake") is module
        registry = edu_rules.load_registry(manager)
        assert registry.layer("fake").layer.distribution == "edu-rules-fake"

    def test_blocked_plugins_are_not_loaded(self):
        """``blocked`` leaves a layer out, as for a national-only what-if."""
        registry = edu_rules.load_registry(
            edu_rules.make_plugin_manager(blocked={"guangxi", "liuzhou"})
        )

        assert [loaded.layer.name for loaded in registry.chain("450202")] == ["national"]


class TestLayerSelection:
    """The county's code picks its layers, ordered by level and prefix, never by registration."""

    def test_order_follows_level_not_registration(self):
        """A municipal plugin registered before a provincial one still comes after it."""
        city = RulePlugin(layer("city", Level.MUNICIPAL, "9901"))
        province = RulePlugin(layer("province", Level.PROVINCIAL, "99"))
        registry = registry_with(("city", city), ("province", province))

        chain = [loaded.layer.name for loaded in registry.chain("990101")]

        assert chain == ["national", "province", "city"]

    def test_a_code_outside_the_jurisdiction_gets_only_the_national_layer(self):
        """110101 (Beijing) is not governed by a 99 layer."""
        registry = registry_with(
            ("province", RulePlugin(layer("province", Level.PROVINCIAL, "99")))
        )

        assert [loaded.layer.name for loaded in registry.chain("110101")] == ["national"]


class TestLoadTimeChecks:
    """What a plugin may not do, and how the error reads."""

    def test_two_plugins_claiming_one_jurisdiction_at_one_level(self):
        """Two provincial layers for 99 is ambiguous."""
        first = RulePlugin(layer("one", Level.PROVINCIAL, "99"))
        second = RulePlugin(layer("two", Level.PROVINCIAL, "99"))

        with pytest.raises(
            PluginError, match=r"plugin 'two'.*already claims the provincial jurisdiction '99'"
        ):
            registry_with(("one", first), ("two", second))

    def test_a_jurisdiction_of_the_wrong_length_for_its_level(self):
        """A provincial layer governs a two-digit prefix."""
        plugin = RulePlugin(layer("bad", Level.PROVINCIAL, "9901"))

        with pytest.raises(PluginError, match="2-digit code prefix"):
            registry_with(("bad", plugin))

    def test_an_override_that_loosens_is_refused(self):
        """Lowering L3's primary threshold from 0.9 to 0.8 names the plugin, rule and file."""
        plugin = RulePlugin(
            layer("loose", Level.PROVINCIAL, "99"),
            [threshold_override("national.L3", {"threshold": {"primary": 0.8}})],
        )

        with pytest.raises(PluginError) as caught:
            registry_with(("loose", plugin))

        message = str(caught.value)
        assert "plugin 'loose'" in message
        assert "national.L3" in message
        assert "<loose test rules>" in message
        assert "threshold.primary" in message

    def test_an_authorised_exception_may_loosen(self):
        """The same loosening with a cited exception is accepted and applied."""
        plugin = RulePlugin(
            layer("loose", Level.PROVINCIAL, "99"),
            [
                threshold_override(
                    "national.L3",
                    {"threshold": {"primary": 0.8}},
                    exception={
                        "citation": "测试〔2099〕2号",
                        "reason": "a test of the mechanism",
                        "covers": ["threshold.primary"],
                    },
                )
            ],
        )

        registry = registry_with(("loose", plugin))

        import datetime as dt

        rules = registry.ruleset(("national", "loose"), dt.date(2025, 12, 31)).rules
        assert float(rules["national.L3"].threshold("primary")) == 0.8

    def test_overriding_an_unknown_rule(self):
        """A typo in the overridden id is caught at load."""
        plugin = RulePlugin(
            layer("typo", Level.PROVINCIAL, "99"),
            [threshold_override("national.L33", {"threshold": {"primary": 1}})],
        )

        with pytest.raises(PluginError, match=r"overrides unknown rule 'national\.L33'"):
            registry_with(("typo", plugin))

    def test_a_rule_overridden_twice_at_one_level(self):
        """One layer overriding the same rule twice is ambiguous."""
        plugin = RulePlugin(
            layer("twice", Level.PROVINCIAL, "99"),
            [
                threshold_override("national.L3", {"threshold": {"primary": 1}}),
                threshold_override("national.L3", {"threshold": {"primary": 1.1}}),
            ],
        )

        with pytest.raises(PluginError, match="overridden twice"):
            registry_with(("twice", plugin))

    def test_own_rules_carry_the_layer_name(self):
        """A provincial rule may not pose as a national one."""
        entry = {
            "id": "national.sneaky",
            "family": "guarantee",
            "title": {"zh": "测试", "en": "test"},
            "citation": "测试〔2099〕1号",
            "source_status": "confirmed",
            "evaluator": "flag",
            "subject": "county",
            "unit": "flag",
            "params": {"field": "declared.G1"},
            "values": {"2020-01-01": {}},
        }
        plugin = RulePlugin(layer("sneaky", Level.PROVINCIAL, "99"), [entry])

        with pytest.raises(PluginError, match=r"must start with 'sneaky\.'"):
            registry_with(("sneaky", plugin))

    def test_a_rule_naming_an_evaluator_nobody_provides(self):
        """An unknown evaluator is caught at load, not at evaluation."""
        entry = {
            "id": "nowhere.rule",
            "family": "guarantee",
            "title": {"zh": "测试", "en": "test"},
            "citation": "测试〔2099〕1号",
            "source_status": "confirmed",
            "evaluator": "no_such_evaluator",
            "subject": "county",
            "unit": "flag",
            "values": {"2020-01-01": {}},
        }
        plugin = RulePlugin(layer("nowhere", Level.PROVINCIAL, "99"), [entry])

        with pytest.raises(PluginError, match="no_such_evaluator"):
            registry_with(("nowhere", plugin))

    def test_a_rule_file_that_breaks_the_ruleset_schema(self):
        """A rule without a citation is a RuleDataError naming the file."""
        entry = {"id": "x.y", "family": "guarantee"}
        plugin = RulePlugin(layer("x", Level.PROVINCIAL, "99"), [entry])

        with pytest.raises(edu_rules.RuleDataError, match="<x test rules>"):
            registry_with(("x", plugin))

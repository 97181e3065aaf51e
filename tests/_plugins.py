"""Tiny in-memory plugins for tests of the plugin machinery (never installed)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import edu_rules
from edu_rules import Layer, Level, Title, hookimpl
from edu_rules.model.rules import Override, RuleDef, parse_rule_data
from edu_rules.plugins import installed_plugins


def layer(name: str, level: Level, jurisdiction: str, citation: str = "测试〔2099〕1号") -> Layer:
    """A layer declaration for a test plugin."""
    return Layer(
        name=name,
        level=level,
        jurisdiction=jurisdiction,
        title=Title(zh=f"测试层 {name}", en=f"test layer {name}"),
        citation=citation,
    )


def threshold_override(rule: str, values: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """An override entry as a rule file would hold it."""
    return {
        "overrides": rule,
        "citation": "测试〔2099〕1号 · 第一条",
        "source_status": "confirmed",
        "values": {"2020-01-01": dict(values)},
        **extra,
    }


class RulePlugin:
    """A plugin declaring ``the_layer`` with rule entries given as plain dicts."""

    def __init__(self, the_layer: Layer, entries: Iterable[dict[str, Any]] = ()) -> None:
        self.the_layer = the_layer
        self.entries = list(entries)

    @hookimpl
    def edu_rules_layer(self) -> Layer:
        return self.the_layer

    @hookimpl
    def edu_rules_rules(self) -> list[RuleDef | Override]:
        return parse_rule_data(
            {"rules": self.entries}, source=f"<{self.the_layer.name} test rules>"
        )


class RaisingPlugin(RulePlugin):
    """A municipal plugin whose own rule's evaluator raises."""

    @hookimpl
    def edu_rules_evaluators(self) -> dict[str, Any]:
        def explode(rule: Any, context: Any) -> Any:
            raise RuntimeError("boom")

        return {f"{self.the_layer.name}.explode": explode}


def registry_with(*plugins: tuple[str, object], national: bool = True) -> edu_rules.Registry:
    """A registry of the installed national layer (optionally) plus ``plugins``."""
    blocked = set(installed_plugins()) - ({"national"} if national else set())
    manager = edu_rules.make_plugin_manager(blocked=blocked, plugins=plugins)
    return edu_rules.load_registry(manager)

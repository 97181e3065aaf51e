"""edu-rules: whether a county meets the standard for high-quality balanced compulsory education.

A county's data runs through the policy layers that govern it — national
(教督〔2017〕6号), provincial, municipal — and comes out as a verdict and a list of
shortfalls, each traceable to its rule, layer and legal citation::

    import edu_rules

    county = edu_rules.load_county("examples/450202-chengzhong.json")
    result = edu_rules.evaluate(county)
    print(result.status, len(result.shortfalls))

Layers are plugins (see :mod:`edu_rules.hookspecs`); rules are data.
"""

from __future__ import annotations

import importlib as _importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers and readers see; at run time each name loads lazily
    from edu_rules.batch import BatchResult, Target, evaluate_batch, load_batch
    from edu_rules.engine import evaluate
    from edu_rules.evaluators import Evaluator
    from edu_rules.io.inputs import load_county
    from edu_rules.io.serialization import to_json
    from edu_rules.io.validation import validate_county_data
    from edu_rules.model.county import (
        Area,
        County,
        Declared,
        Guarantee,
        MonitoringResult,
        Ownership,
        Procedure,
        Quality,
        School,
        SchoolKind,
        Stage,
        StageName,
        Stages,
        Vetoes,
    )
    from edu_rules.model.errors import (
        CountyDataError,
        EduRulesError,
        PluginError,
        Problem,
        RuleDataError,
    )
    from edu_rules.model.evaluation import Context, Observation, StageRow
    from edu_rules.model.layers import Layer, Level, Title
    from edu_rules.model.prepare import Adoption, Prepared
    from edu_rules.model.result import Finding, Outcome, Remedy, Result, Status, Subject
    from edu_rules.model.rules import Effect, Override, Rule, RuleDef, load_rule_files
    from edu_rules.monitoring import MonitorResult, load_panel, monitor
    from edu_rules.planner.plan import CostModel, Plan, apply_plan, plan
    from edu_rules.planner.whatif import apply_changes
    from edu_rules.plugins import (
        Registry,
        default_registry,
        hookimpl,
        load_registry,
        make_plugin_manager,
    )

_HOMES: dict[str, str] = {
    "batch": "BatchResult Target evaluate_batch load_batch",
    "model.county": "Area County Declared Guarantee MonitoringResult Ownership Procedure Quality "
    "School SchoolKind Stage StageName Stages Vetoes",
    "engine": "evaluate",
    "model.errors": "CountyDataError EduRulesError PluginError Problem RuleDataError",
    "model.evaluation": "Context Observation StageRow",
    "evaluators": "Evaluator",
    "model.layers": "Layer Level Title",
    "monitoring": "MonitorResult load_panel monitor",
    "planner.plan": "CostModel Plan apply_plan plan",
    "plugins": "Registry default_registry hookimpl load_registry make_plugin_manager",
    "model.prepare": "Adoption Prepared",
    "model.result": "Finding Outcome Remedy Result Status Subject",
    "model.rules": "Effect Override Rule RuleDef load_rule_files",
    "io.serialization": "to_json",
    "io.inputs": "load_county",
    "io.validation": "validate_county_data",
    "planner.whatif": "apply_changes",
}
_MODULE_OF: dict[str, str] = {
    name: f"edu_rules.{module}" for module, names in _HOMES.items() for name in names.split()
}
"""Where each public name lives.  ``import edu_rules`` imports none of those modules:
``edu-rules --help`` and a platform's start-up pay only for what they use (issue 7)."""

__all__ = [
    "Adoption",
    "Area",
    "BatchResult",
    "Context",
    "CostModel",
    "County",
    "CountyDataError",
    "Declared",
    "EduRulesError",
    "Effect",
    "Evaluator",
    "Finding",
    "Guarantee",
    "Layer",
    "Level",
    "MonitorResult",
    "MonitoringResult",
    "Observation",
    "Outcome",
    "Override",
    "Ownership",
    "Plan",
    "PluginError",
    "Prepared",
    "Problem",
    "Procedure",
    "Quality",
    "Registry",
    "Remedy",
    "Result",
    "Rule",
    "RuleDataError",
    "RuleDef",
    "School",
    "SchoolKind",
    "Stage",
    "StageName",
    "StageRow",
    "Stages",
    "Status",
    "Subject",
    "Target",
    "Title",
    "Vetoes",
    "apply_changes",
    "apply_plan",
    "default_registry",
    "evaluate",
    "evaluate_batch",
    "hookimpl",
    "load_batch",
    "load_county",
    "load_panel",
    "load_registry",
    "load_rule_files",
    "make_plugin_manager",
    "monitor",
    "plan",
    "to_json",
    "validate_county_data",
]


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562); ``__version__`` too."""
    module = _MODULE_OF.get(name)
    if module is not None:
        value = getattr(_importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value
    if name == "__version__":
        from edu_rules._version import version

        return version()
    raise AttributeError(f"module 'edu_rules' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

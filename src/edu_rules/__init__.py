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
    from edu_rules.county import (
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
    from edu_rules.engine import evaluate
    from edu_rules.errors import (
        CountyDataError,
        EduRulesError,
        PluginError,
        Problem,
        RuleDataError,
    )
    from edu_rules.evaluation import Context, Observation, StageRow
    from edu_rules.evaluators import Evaluator
    from edu_rules.inputs import load_county
    from edu_rules.layers import Layer, Level, Title
    from edu_rules.monitoring import MonitorResult, load_panel, monitor
    from edu_rules.planner import CostModel, Plan, apply_plan, plan
    from edu_rules.plugins import (
        Registry,
        default_registry,
        hookimpl,
        load_registry,
        make_plugin_manager,
    )
    from edu_rules.prepare import Adoption, Prepared
    from edu_rules.result import Finding, Outcome, Remedy, Result, Status, Subject
    from edu_rules.rules import Effect, Override, Rule, RuleDef, load_rule_files
    from edu_rules.serialization import to_json
    from edu_rules.validation import validate_county_data
    from edu_rules.whatif import apply_changes

_HOMES: dict[str, str] = {
    "batch": "BatchResult Target evaluate_batch load_batch",
    "county": "Area County Declared Guarantee MonitoringResult Ownership Procedure Quality "
    "School SchoolKind Stage StageName Stages Vetoes",
    "engine": "evaluate",
    "errors": "CountyDataError EduRulesError PluginError Problem RuleDataError",
    "evaluation": "Context Observation StageRow",
    "evaluators": "Evaluator",
    "layers": "Layer Level Title",
    "monitoring": "MonitorResult load_panel monitor",
    "planner": "CostModel Plan apply_plan plan",
    "plugins": "Registry default_registry hookimpl load_registry make_plugin_manager",
    "prepare": "Adoption Prepared",
    "result": "Finding Outcome Remedy Result Status Subject",
    "rules": "Effect Override Rule RuleDef load_rule_files",
    "serialization": "to_json",
    "inputs": "load_county",
    "validation": "validate_county_data",
    "whatif": "apply_changes",
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
        from importlib import metadata

        try:
            return metadata.version("edu-rules")
        except metadata.PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module 'edu_rules' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

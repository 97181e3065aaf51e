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

from importlib import metadata as _metadata
from typing import Any

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
from edu_rules.errors import CountyDataError, EduRulesError, PluginError, Problem, RuleDataError
from edu_rules.evaluation import Context, Evaluator, Observation, StageRow
from edu_rules.layers import Layer, Level, Title
from edu_rules.plugins import (
    Registry,
    default_registry,
    hookimpl,
    load_registry,
    make_plugin_manager,
)
from edu_rules.prepare import Adoption, Prepared
from edu_rules.result import (
    Finding,
    Outcome,
    Remedy,
    Result,
    Status,
    Subject,
)
from edu_rules.rules import Effect, Override, Rule, RuleDef, load_rule_files
from edu_rules.serialization import to_json
from edu_rules.validation import load_county, validate_county_data

__all__ = [
    "Adoption",
    "Area",
    "BatchResult",
    "Context",
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
    "MonitoringResult",
    "Observation",
    "Outcome",
    "Override",
    "Ownership",
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
    "default_registry",
    "evaluate",
    "evaluate_batch",
    "hookimpl",
    "load_batch",
    "load_county",
    "load_registry",
    "load_rule_files",
    "make_plugin_manager",
    "to_json",
    "validate_county_data",
]


def __getattr__(name: str) -> Any:
    """``__version__`` is read from the installed metadata on first use, not at import."""
    if name == "__version__":
        try:
            return _metadata.version("edu-rules")
        except _metadata.PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module 'edu_rules' has no attribute {name!r}")

"""edu-rules: whether a county meets the standard for high-quality balanced compulsory education.

A county's data runs through the policy layers that govern it — national
(教督〔2017〕6号), provincial, municipal — and comes out as a verdict and a list of
shortfalls, each traceable to its rule, layer and legal citation::

    import edu_rules

    county = edu_rules.load_county("examples/450202-chengzhong.json")
    result = edu_rules.evaluate(county)
    print(result.status, len(result.shortfalls))

Layers are plugins (see :mod:`edu_rules.hookspecs`); rules are data.  Everything a
platform or a plugin uses is named here, and only here; the modules behind it are the
house's own business.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The one list of public names, each with its home.  Type checkers read these imports;
# at run time a name is imported from its home on first use (PEP 562), so that
# ``import edu_rules`` and ``edu-rules --help`` pay only for what they use: importing
# every home at once takes about ten times as long (``python -X importtime``).
if TYPE_CHECKING:
    from edu_rules._numbers import Exact as Exact
    from edu_rules.batch import BatchResult as BatchResult
    from edu_rules.batch import evaluate_batch as evaluate_batch
    from edu_rules.batch import load_batch as load_batch
    from edu_rules.engine import evaluate as evaluate
    from edu_rules.evaluators import Evaluator as Evaluator
    from edu_rules.evaluators import Fix as Fix
    from edu_rules.evaluators import Scene as Scene
    from edu_rules.io.inputs import load_county as load_county
    from edu_rules.io.serialization import to_json as to_json
    from edu_rules.io.serialization import to_json_bytes as to_json_bytes
    from edu_rules.io.validation import validate_county_data as validate_county_data
    from edu_rules.model.county import Area as Area
    from edu_rules.model.county import County as County
    from edu_rules.model.county import Declared as Declared
    from edu_rules.model.county import Guarantee as Guarantee
    from edu_rules.model.county import MonitoringResult as MonitoringResult
    from edu_rules.model.county import Ownership as Ownership
    from edu_rules.model.county import Procedure as Procedure
    from edu_rules.model.county import Quality as Quality
    from edu_rules.model.county import School as School
    from edu_rules.model.county import SchoolKind as SchoolKind
    from edu_rules.model.county import Stage as Stage
    from edu_rules.model.county import StageName as StageName
    from edu_rules.model.county import Stages as Stages
    from edu_rules.model.county import Vetoes as Vetoes
    from edu_rules.model.errors import CountyDataError as CountyDataError
    from edu_rules.model.errors import EduRulesError as EduRulesError
    from edu_rules.model.errors import PluginError as PluginError
    from edu_rules.model.errors import Problem as Problem
    from edu_rules.model.errors import RuleDataError as RuleDataError
    from edu_rules.model.evaluation import Context as Context
    from edu_rules.model.evaluation import Observation as Observation
    from edu_rules.model.evaluation import StageRow as StageRow
    from edu_rules.model.layers import Layer as Layer
    from edu_rules.model.layers import Level as Level
    from edu_rules.model.layers import Title as Title
    from edu_rules.model.prepare import Adoption as Adoption
    from edu_rules.model.prepare import Prepared as Prepared
    from edu_rules.model.result import Finding as Finding
    from edu_rules.model.result import Outcome as Outcome
    from edu_rules.model.result import Remedy as Remedy
    from edu_rules.model.result import Result as Result
    from edu_rules.model.result import Status as Status
    from edu_rules.model.result import Subject as Subject
    from edu_rules.model.rules import Effect as Effect
    from edu_rules.model.rules import Override as Override
    from edu_rules.model.rules import Rule as Rule
    from edu_rules.model.rules import RuleDef as RuleDef
    from edu_rules.model.rules import SourceStatus as SourceStatus
    from edu_rules.model.rules import load_rule_files as load_rule_files
    from edu_rules.model.targets import ScheduleState as ScheduleState
    from edu_rules.model.targets import Target as Target
    from edu_rules.model.targets import load_targets as load_targets
    from edu_rules.model.targets import schedule_state as schedule_state
    from edu_rules.model.targets import year_passed as year_passed
    from edu_rules.monitoring.monitor import MonitorResult as MonitorResult
    from edu_rules.monitoring.monitor import load_panel as load_panel
    from edu_rules.monitoring.monitor import monitor as monitor
    from edu_rules.planner.costs import CostModel as CostModel
    from edu_rules.planner.plan import apply_plan as apply_plan
    from edu_rules.planner.plan import plan as plan
    from edu_rules.planner.result import Plan as Plan
    from edu_rules.planner.whatif import apply_changes as apply_changes
    from edu_rules.plugins import Registry as Registry
    from edu_rules.plugins import default_registry as default_registry
    from edu_rules.plugins import hookimpl as hookimpl
    from edu_rules.plugins import load_registry as load_registry
    from edu_rules.plugins import make_plugin_manager as make_plugin_manager


def _homes() -> dict[str, str]:
    """Each public name's home, read from the list above (this file's own lines)."""
    with open(__file__, encoding="utf-8") as source:  # noqa: PTH123 - pathlib costs 10 ms here
        lines = [line.split() for line in source if line.startswith("    from edu_rules")]
    return {words[3]: words[1] for words in lines}


_HOME: dict[str, str] = _homes()
__all__ = sorted(_HOME)  # noqa: PLE0605 - the names of the list above, in order


def __getattr__(name: str) -> Any:
    """Load a public name from its home on first use; ``__version__`` too."""
    home = _HOME.get(name)
    if home is not None:
        from importlib import import_module

        value = getattr(import_module(home), name)
        globals()[name] = value  # later lookups skip this function
        return value
    if name == "__version__":
        from edu_rules._version import version

        return version()
    raise AttributeError(f"module 'edu_rules' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

"""The Liuzhou layer: 柳教督导〔2021〕16号.

The city's plan, 《柳州市县域义务教育优质均衡发展督导评估发展规划（2021—2030年）》
(issued 23 August 2021, in force to the end of 2030), governs its ten county-level
units (codes ``4502xx``).  It adds no recognition criterion: it sets the year each
unit is to meet the national assessment (``rules/schedule.json``), the city's
targets (``data/targets.json``: 50% of the units by the end of 2025, all of them
before 2030), and a programme of measures for the counties and the city
(``rules/measures.json``).  Its findings are advisory — a unit behind plan is told
so, and its verdict stays what the national and Guangxi rules make it.

It also says that 鱼峰区 is assessed with 柳东新区 and 阳和工业新区
(``data/functional_zones.json``): a batch's separate document for a zone is folded
into 鱼峰区's before evaluation.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from importlib.resources import files
from typing import Any

from edu_rules import (
    County,
    Evaluator,
    Layer,
    Level,
    Override,
    PluginError,
    Prepared,
    RuleDef,
    Target,
    Title,
    hookimpl,
    load_rule_files,
    load_targets,
)
from edu_rules_liuzhou._evaluators import EVALUATORS
from edu_rules_liuzhou._zones import Zones, fold_batch, school_note

LAYER = Layer(
    name="liuzhou",
    level=Level.MUNICIPAL,
    jurisdiction="4502",
    title=Title(
        zh="柳州市县域义务教育优质均衡发展督导评估发展规划（2021—2030年）",
        en=(
            "Liuzhou plan for supervising and assessing high-quality balanced compulsory "
            "education at county level (2021–2030)"
        ),
    ),
    citation="柳教督导〔2021〕16号",
    issued="2021-08-23",
)

SCHEDULE_RULE = "liuzhou.schedule"
"""The rule whose ``planned_year`` values are the plan's schedule (四、分步规划)."""

_PACKAGE = files(__package__)


def _read_json(name: str) -> Mapping[str, Any]:
    entry = _PACKAGE / "data" / name
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PluginError(f"plugin 'liuzhou': cannot read {entry}: {error}") from error
    if not isinstance(data, Mapping):
        raise PluginError(f"plugin 'liuzhou': {entry} must hold a JSON object")
    return data


@functools.cache
def rules() -> tuple[RuleDef | Override, ...]:
    """The layer's rules, read from ``rules/*.json``."""
    return tuple(load_rule_files(_PACKAGE / "rules"))


def schedule() -> Mapping[str, int]:
    """The plan's schedule in its latest version: division code → planned year."""
    for rule in rules():
        if isinstance(rule, RuleDef) and rule.id == SCHEDULE_RULE:
            planned: Mapping[str, int] = rule.values[-1][1]["planned_year"]
            return planned
    raise PluginError(f"plugin 'liuzhou': rules/ defines no {SCHEDULE_RULE!r}")


@functools.cache
def zones() -> Zones:
    """The functional zones assessed with a unit (鱼峰区 with 柳东新区 and 阳和工业新区)."""
    try:
        return Zones.from_data(_read_json("functional_zones.json"), LAYER.jurisdiction)
    except (KeyError, TypeError) as error:
        raise PluginError(f"plugin 'liuzhou': data/functional_zones.json: {error}") from error


@functools.cache
def targets() -> tuple[Target, ...]:
    """The city's targets over the units of its schedule (三、总体目标)."""
    return load_targets(_PACKAGE / "data" / "targets.json", layer=LAYER, units=schedule())


@hookimpl
def edu_rules_layer() -> Layer:
    """Liuzhou governs the division codes starting ``4502``."""
    return LAYER


@hookimpl
def edu_rules_rules() -> Iterable[RuleDef | Override]:
    """The schedule and the measures (advisory), and the whole-unit check (binding)."""
    return rules()


@hookimpl
def edu_rules_evaluators() -> Mapping[str, Evaluator]:
    """``liuzhou.schedule``, ``liuzhou.present`` and ``liuzhou.whole_unit``."""
    return EVALUATORS


@hookimpl
def edu_rules_prepare_county(county: County) -> Prepared | None:
    """Say so when a document lists schools a functional zone administers."""
    return school_note(county, zones())


@hookimpl
def edu_rules_prepare_batch(counties: Sequence[County]) -> Prepared | None:
    """Fold the documents of 柳东新区 and 阳和工业新区 into 鱼峰区's."""
    return fold_batch(counties, zones())


@hookimpl
def edu_rules_targets() -> Iterable[Target]:
    """50% of the city's ten units by the end of 2025; all of them by 2029."""
    return targets()

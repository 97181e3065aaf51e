"""What a report shows, read off a :class:`~edu_rules.model.result.Result` once for every format.

The charts, the table of layers and the table of rule sources are all built from
the result's findings: a report never re-evaluates anything, so it can never say
something the result does not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

import attrs

from edu_rules.engine import FAMILY_ORDER
from edu_rules.model.county import STAGE_NAMES
from edu_rules.model.layers import Title
from edu_rules.model.result import Finding, LayerInfo, Outcome, ProvenanceRecord, Result
from edu_rules.reports._format import indicator_unit

if TYPE_CHECKING:
    from edu_rules.plugins import Registry

ROLES: Final = ("defines", "adopts", "overrides")
"""The parts a document can play in a rule as applied, in the order reports list them."""


def grouped_by_family(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by family, families in the engine's order."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.family, []).append(finding)
    order = {family: index for index, family in enumerate(FAMILY_ORDER)}
    return sorted(groups.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


@attrs.frozen
class Bar:
    """One school stage's value of an indicator."""

    school: str
    name: str | None
    value: float | None
    outcome: Outcome


@attrs.frozen
class IndicatorChart:
    """Every school stage's value of one indicator (L1–L7) in one stage, against the standard."""

    rule: str
    item: str
    title: Title
    stage: str
    unit: str | None
    threshold: float
    floor: float
    bars: tuple[Bar, ...]
    cv: Finding | None

    @property
    def floor_value(self) -> float:
        """The lowest value the school rule tolerates: floor × standard."""
        return self.floor * self.threshold

    def count(self, *, below: float | None = None, unknown: bool = False) -> int:
        """How many bars are unknown, or below a value."""
        if unknown:
            return sum(1 for bar in self.bars if bar.value is None)
        return sum(
            1
            for bar in self.bars
            if bar.value is not None and below is not None and bar.value < below
        )


def _most_common(values: Iterable[float]) -> float | None:
    counted = Counter(values).most_common(1)
    return counted[0][0] if counted else None


def _installed(registry: Registry | None) -> Registry:
    """``registry``, or the installed plugins' (built once and shared)."""
    if registry is not None:
        return registry
    from edu_rules.plugins import default_registry

    return default_registry()


def chart_kinds(result: Result, registry: Registry | None = None) -> Mapping[str, str]:
    """How each rule of ``result`` is drawn (``"indicator"``, ``"cv"``), from its evaluator.

    A rule whose evaluator has no chart, or that ``registry`` (by default the
    installed plugins) does not know, is listed but not drawn.
    """
    registry = _installed(registry)
    kinds: dict[str, str] = {}
    for rule in dict.fromkeys(finding.rule for finding in result.findings):
        evaluator = registry.evaluator_of(rule)
        if evaluator is not None and evaluator.chart is not None:
            kinds[rule] = evaluator.chart.kind
    return kinds


def _measured_by(result: Result, registry: Registry | None) -> Mapping[str, str]:
    """Indicator rule id → the CV rule that measures its spread (the CV chart's ``measures``)."""
    registry = _installed(registry)
    pairs: dict[str, str] = {}
    for rule in dict.fromkeys(finding.rule for finding in result.findings):
        evaluator = registry.evaluator_of(rule)
        chart = evaluator.chart if evaluator is not None else None
        definition = registry.definition(rule)
        if chart is not None and chart.measures is not None and definition is not None:
            measured = definition.params.get(chart.measures)
            if isinstance(measured, str):
                pairs.setdefault(measured, rule)
    return pairs


def _counted(result: Result, registry: Registry | None) -> Mapping[str, str]:
    """Rule id → what closes its gap (``teachers``, ``classrooms``): what its unit counts.

    Read from a shortfall's remedy, or else from the rule's own ``remedy_unit``.
    """
    counted: dict[str, str] = {}
    for finding in result.findings:
        if finding.remedies:
            counted.setdefault(finding.rule, finding.remedies[0].unit)
    registry = _installed(registry)
    for rule in dict.fromkeys(finding.rule for finding in result.findings):
        definition = registry.definition(rule)
        remedy = definition.params.get("remedy_unit") if definition is not None else None
        if isinstance(remedy, str):
            counted.setdefault(rule, remedy)
    return counted


def _item(rule: str) -> str:
    """The short name of a rule for a chart's label: its id's last part (``national.L3`` → L3)."""
    return rule.rsplit(".", 1)[-1]


def indicator_charts(
    result: Result, floor: float, registry: Registry | None = None
) -> list[IndicatorChart]:
    """One chart per rule drawn as an indicator, and stage, in rule order.

    Which rules are indicators comes from their evaluators (``Chart("indicator")``);
    each chart carries the CV finding of the rule that measures its spread, if any.
    """
    kinds = chart_kinds(result, registry)
    by_rule: dict[tuple[str, str], list[Finding]] = {}
    for finding in result.findings:
        if kinds.get(finding.rule) == "indicator" and finding.subject.stage in STAGE_NAMES:
            by_rule.setdefault((finding.rule, finding.subject.stage), []).append(finding)
    cvs = {
        (finding.rule, finding.subject.stage): finding
        for finding in result.findings
        if kinds.get(finding.rule) == "cv" and finding.subject.school is None
    }
    measured_by = _measured_by(result, registry) if by_rule else {}
    counted = _counted(result, registry) if by_rule else {}
    order = {rule: index for index, rule in enumerate(dict.fromkeys(r for r, _ in by_rule))}
    charts: list[IndicatorChart] = []
    for (rule, stage), findings in by_rule.items():
        threshold = _most_common(f.required for f in findings if f.required is not None)
        if threshold is None:
            continue
        charts.append(
            IndicatorChart(
                rule=rule,
                item=_item(rule),
                title=findings[0].title,
                stage=stage,
                unit=indicator_unit(findings[0].unit, counted.get(rule)),
                threshold=float(threshold),
                floor=floor,
                bars=tuple(
                    Bar(
                        school=f.subject.school or "",
                        name=f.subject.name,
                        value=None if f.measured is None else float(f.measured),
                        outcome=f.outcome,
                    )
                    for f in findings
                ),
                cv=cvs.get((measured_by.get(rule, ""), stage)),
            )
        )
    stage_rank = {stage: index for index, stage in enumerate(STAGE_NAMES)}
    return sorted(charts, key=lambda c: (stage_rank[c.stage], order[c.rule]))


def cv_findings(result: Result, registry: Registry | None = None) -> dict[str, list[Finding]]:
    """The findings drawn as coefficients of variation, by stage, in rule order."""
    kinds = chart_kinds(result, registry)
    by_stage: dict[str, list[Finding]] = {stage: [] for stage in STAGE_NAMES}
    for finding in result.findings:
        if kinds.get(finding.rule) == "cv" and finding.subject.stage in by_stage:
            by_stage[finding.subject.stage].append(finding)
    return {stage: findings for stage, findings in by_stage.items() if findings}


@attrs.frozen
class LayerRow:
    """A layer applied to the county, and how many rules it defined, adopted or overrode."""

    layer: LayerInfo
    roles: dict[str, int]


@attrs.frozen
class RuleRow:
    """One rule as applied: where it comes from and how sure its source is."""

    rule: str
    family: str
    title: Title
    layer: str
    citation: str
    source_status: str
    effective_from: str
    effective_to: str | None
    provenance: tuple[ProvenanceRecord, ...]
    outcomes: dict[str, int]


def rule_rows(result: Result) -> list[RuleRow]:
    """Each rule that produced a finding, once, in the order of the findings."""
    rows: dict[str, RuleRow] = {}
    for finding in result.findings:
        row = rows.get(finding.rule)
        if row is None:
            row = RuleRow(
                rule=finding.rule,
                family=finding.family,
                title=finding.title,
                layer=finding.layer,
                citation=finding.citation,
                source_status=finding.source_status,
                effective_from=finding.effective_from,
                effective_to=finding.effective_to,
                provenance=finding.provenance,
                outcomes={},
            )
            rows[finding.rule] = row
        row.outcomes[finding.outcome.value] = row.outcomes.get(finding.outcome.value, 0) + 1
    return list(rows.values())


def layer_rows(result: Result, rules: Sequence[RuleRow]) -> list[LayerRow]:
    """The layers applied, top down, with the count of rules each defines, adopts or overrides."""
    counts: dict[str, Counter[str]] = {layer.name: Counter() for layer in result.layers}
    for row in rules:
        for record in row.provenance:
            counts.setdefault(record.layer, Counter())[record.role] += 1
    return [
        LayerRow(layer=layer, roles={role: counts[layer.name][role] for role in ROLES})
        for layer in result.layers
    ]


def documents(rules: Sequence[RuleRow]) -> list[tuple[str, str, str, int]]:
    """Every document the rules cite, with its layer, its role and how many rules cite it so.

    The document is the citation's first part (``教督〔2017〕6号 · 资源配置 · 第(4)项`` →
    ``教督〔2017〕6号``); rows come in the order rules first cite them.
    """
    counted: dict[tuple[str, str, str], int] = {}
    for row in rules:
        for record in row.provenance:
            key = (record.citation.split(" · ", 1)[0], record.layer, record.role)
            counted[key] = counted.get(key, 0) + 1
    return [(document, layer, role, count) for (document, layer, role), count in counted.items()]

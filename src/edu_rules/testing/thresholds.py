"""The thresholds of the rules in force for a code and a date, read from the compiled rule set."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from fractions import Fraction

import attrs

from edu_rules._numbers import Exact
from edu_rules.engine import default_as_of
from edu_rules.evaluators import BUILTIN_EVALUATORS, Evaluator, boundaries
from edu_rules.model.datafields import NO_FIELDS, DataFields
from edu_rules.model.rules import Rule
from edu_rules.plugins import Registry, default_registry, load_registry, make_plugin_manager
from edu_rules.testing.contract import CENT

# --------------------------------------------------------------------------- thresholds


@attrs.frozen
class Indicator:
    """A per-student indicator rule (``stage_indicator``): what it divides, and its thresholds."""

    rule: str
    field: str
    per: Exact
    thresholds: Mapping[str, Exact]
    whole: bool

    @property
    def step(self) -> Fraction:
        """The numerator's smallest realistic step: one teacher or classroom, or 0.01 m² / yuan."""
        return Fraction(1) if self.whole else CENT

    def at_threshold(self, stage: str, students: int) -> Fraction:
        """The numerator that puts ``students`` exactly at the threshold of ``stage``."""
        return Fraction(self.thresholds[stage]) * students / self.per


@attrs.frozen
class Thresholds:
    """The rules in force for one division code on one date, as the strategies read them."""

    code: str
    as_of: dt.date
    layers: tuple[str, ...]
    rules: Mapping[str, Rule]

    evaluators: Mapping[str, Evaluator] = attrs.field(
        factory=lambda: dict(BUILTIN_EVALUATORS), eq=False, repr=False
    )
    """The evaluator objects the rules name, by name (by default the core's)."""
    data_fields: DataFields = attrs.field(default=NO_FIELDS, eq=False, repr=False)
    """The data fields the layers governing the code declare (their county documents may
    give them)."""

    def by_evaluator(self, name: str) -> tuple[Rule, ...]:
        """The rules applied by the evaluator called ``name``, in rule-set order."""
        return tuple(rule for rule in self.rules.values() if rule.definition.evaluator == name)

    def boundary(self, rule: Rule) -> boundaries.Boundary | None:
        """The boundaries of ``rule``'s evaluator: the figures it reads, where its threshold is."""
        evaluator = self.evaluators.get(rule.definition.evaluator)
        return None if evaluator is None else evaluator.boundaries

    def by_boundary(self, kind: type[boundaries.Boundary]) -> tuple[Rule, ...]:
        """The rules whose evaluator declares boundaries of ``kind``, in rule-set order.

        This is how the strategies find what to aim at: a plugin evaluator that
        declares a core kind (``boundaries.CountyFigure()``…) gets its figures
        generated around its own thresholds.
        """
        return tuple(rule for rule in self.rules.values() if isinstance(self.boundary(rule), kind))

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The per-student indicators (L1–L7 nationally), with the thresholds in force."""
        found: list[Indicator] = []
        for rule in self.by_boundary(boundaries.StageIndicator):
            value = rule.value.get("threshold")
            if not isinstance(value, Mapping):
                continue
            found.append(
                Indicator(
                    rule=rule.id,
                    field=rule.params["numerator"],
                    per=rule.params.get("per", 1),
                    thresholds=dict(value),
                    whole=bool(rule.params.get("whole", False)),
                )
            )
        return tuple(found)

    @property
    def cv_limits(self) -> Mapping[str, tuple[Indicator, Mapping[str, Exact]]]:
        """Per CV rule id: the indicator it measures and its limit per stage."""
        indicators = {indicator.rule: indicator for indicator in self.indicators}
        limits: dict[str, tuple[Indicator, Mapping[str, Exact]]] = {}
        for rule in self.by_boundary(boundaries.CoefficientOfVariation):
            indicator = indicators.get(rule.params["indicator"])
            value = rule.value.get("threshold")
            if indicator is not None and isinstance(value, Mapping):
                limits[rule.id] = (indicator, dict(value))
        return limits

    def class_limit(self, stage: str) -> Exact | None:
        """The largest class allowed in ``stage`` (``class_size`` rules), if a rule sets one."""
        limits = [
            rule.threshold(stage)
            for rule in self.by_boundary(boundaries.ClassLimit)
            if isinstance(rule.value.get("threshold"), Mapping) and stage in rule.value["threshold"]
        ]
        return min(limits) if limits else None


@functools.cache
def _thresholds(registry: Registry, code: str, as_of: dt.date) -> Thresholds:
    chain = tuple(loaded.layer.name for loaded in registry.chain(code))
    rules = registry.ruleset(chain, as_of).rules
    names = {rule.definition.evaluator for rule in rules.values()}
    fields = DataFields(tuple(f for f in registry.data_fields.fields if f.layer in chain))
    return Thresholds(
        code=code,
        as_of=as_of,
        layers=chain,
        rules=rules,
        evaluators={name: registry.evaluator(name) for name in sorted(names)},
        data_fields=fields,
    )


def thresholds(
    code: str = "450202",
    *,
    year: int = 2025,
    as_of: dt.date | None = None,
    registry: Registry | None = None,
) -> Thresholds:
    """The rules in force for ``code``: every layer governing it, stacked, on ``as_of``.

    :param as_of: by default the last day of ``year``, as the engine chooses.
    :param registry: by default the installed plugins.
    """
    registry = registry if registry is not None else default_registry()
    return _thresholds(registry, code, as_of if as_of is not None else default_as_of(year))


@functools.cache
def registry_without(*names: str) -> Registry:
    """The installed plugins less those called ``names`` (``registry_without("liuzhou")``)."""
    return load_registry(make_plugin_manager(blocked=set(names)))

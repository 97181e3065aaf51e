"""Remediation planner: the least a county must add, where, for its schools to pass.

A shortfall list says what is wrong; a :class:`Plan` says what to add, to which
school stage, in real units — whole teachers and multimedia classrooms, whole m²,
whole yuan — so that every resource-allocation and balance rule in force is met
(教督〔2017〕6号 · 资源配置).  Everything is read from the compiled rules of the
layers that govern the county, so a province's tighter thresholds are honoured.

1. **School rule, per stage.**  For each stage that fails it, the planner computes
   for every indicator the least whole addition that reaches the standard, and the
   least that reaches ``floor`` × standard.  The rule lets ``max_misses`` indicators
   stay below standard (but not below the floor); the planner leaves below standard
   those whose full addition would cost the most more than the floor addition, under
   a :class:`CostModel`.  This is exactly optimal for the stage: the choice is a
   top-k of independent savings.
2. **Balance, per indicator and stage.**  With the school additions in place, each
   coefficient of variation over its limit is brought within it by *water-filling*:
   the schools furthest below the county mean are raised first, to a common level
   found by exact bisection (every school below the level is raised to it in whole
   units), then each raise is trimmed as far as the limit allows.  Raising the lowest
   school is also the unit that lowers the CV most, so this is the greedy optimum.
3. **Other families.**  Government-guarantee and quality shortfalls with a number
   get the figure to reach (and, where it is a field of the document, the change);
   declared items, vetoes and anything else are listed as actions.

:func:`plan` returns the plan; :func:`apply_plan` the county with it applied, which
is evaluated again inside :func:`plan` (``status_after``, ``remaining``).  Students
are never changed: an indicator is a numerator over students, and only the
numerator is raised.  Additions are computed on the data as the layers prepared it
(a province may leave small teaching points out of scope) and written to the
document at each school's own path.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from edu_rules._numbers import Exact
from edu_rules.engine import default_as_of, evaluate, prepare_county
from edu_rules.evaluators import Fix, Planned, resource_rows
from edu_rules.evaluators.measures import (
    adjusts_measure,
    cv_measure,
    indicator_measure,
    indicator_standard,
)
from edu_rules.model.county import County, School, StageName
from edu_rules.model.datafields import NO_FIELDS, DataFields
from edu_rules.model.evaluation import Context, Observation, StageRow, compare
from edu_rules.model.layers import Title
from edu_rules.model.result import Finding, Outcome, Result, Subject
from edu_rules.model.rules import Effect, Rule
from edu_rules.planner.arithmetic import cv_of, cv_squared, least_whole_addition, water_fill
from edu_rules.planner.costs import RESOURCE_KINDS, CostModel
from edu_rules.planner.result import Action, Addition, BalancePlan, Plan, StagePlan, Target
from edu_rules.planner.whatif import apply_changes
from edu_rules.plugins import LoadedLayer, Registry, default_registry

PLANNED_FAMILIES = frozenset({"resource", "balance"})
"""The families whose shortfalls the planner removes by additions it computes itself."""

_TARGET_ROUNDS = 4  # a target can unsettle another (G6 raises Q4's denominator)


# --------------------------------------------------------------------------- planning


@attrs.define
class _Work:
    """The planner's running state: numerators as raised so far, and the changes made."""

    county: County
    prepared: County
    costs: CostModel
    index_of: dict[str, int]
    numerators: dict[tuple[str, str, str], Exact] = attrs.Factory(dict)
    changes: dict[str, Any] = attrs.Factory(dict)

    def stage_path(self, row: StageRow) -> str | None:
        index = self.index_of.get(row.school.id)
        if index is None:
            return None
        return f"schools[{index}].stages.{row.stage_name.value}"

    def path(self, row: StageRow, field: str) -> str | None:
        stage_path = self.stage_path(row)
        return None if stage_path is None else f"{stage_path}.{field}"

    def numerator(self, row: StageRow, field: str) -> Exact | None:
        key = (row.school.id, row.stage_name.value, field)
        if key in self.numerators:
            return self.numerators[key]
        value: Exact | None = getattr(row.stage, field)
        return value

    def add(  # noqa: PLR0913 - one addition has this many facts
        self, row: StageRow, indicator: Rule, quantity: int, *, rule: str, reason: str, level: Exact
    ) -> Addition | None:
        field = indicator.params["numerator"]
        path = self.path(row, field)
        before = self.numerator(row, field)
        if path is None or before is None or quantity <= 0:
            return None
        after = before + quantity
        self.numerators[(row.school.id, row.stage_name.value, field)] = after
        self.changes[path] = after
        return Addition(
            path=path,
            field=field,
            kind=RESOURCE_KINDS.get(field, field),
            unit=indicator.params.get("remedy_unit", field),
            quantity=quantity,
            before=before,
            after=after,
            rule=rule,
            reason=reason,
            school=row.school.id,
            stage=row.stage_name.value,
            students=row.stage.students,
            per=indicator.params.get("per", 1),
            level=level,
            cost=self.costs.cost(field, quantity),
        )


def _rules_by(context: Context, registry: Registry, remedy: Planned) -> list[Rule]:
    """The rules of the planned families whose evaluator's remedy is ``remedy``."""
    return [
        rule
        for rule in context.rules.values()
        if rule.definition.family in PLANNED_FAMILIES
        and registry.evaluator(rule.definition.evaluator).remedy is remedy
    ]


def _plan_stage(
    work: _Work, group: Rule, indicators: Sequence[Rule], row: StageRow
) -> StagePlan | None:
    """The cheapest additions that let one stage meet ``group`` (a school rule)."""
    max_misses = int(group.threshold(name="max_misses"))
    floor = group.threshold(name="floor")
    full: dict[str, int] = {}
    at_floor: dict[str, int] = {}
    standards: dict[str, Exact] = {}
    for indicator in indicators:
        numerator = work.numerator(row, indicator.params["numerator"])
        offset = _finding_offset(indicator, row)
        if numerator is None or offset is None:
            return None  # unknown data: reported as an action from the evaluation
        numerator += offset  # the measure the finding reads; additions go to the field
        per = indicator.params.get("per", 1)
        required = standards[indicator.id] = indicator_standard(indicator, row)
        full[indicator.id] = least_whole_addition(numerator, row.stage.students, per, required)
        at_floor[indicator.id] = least_whole_addition(
            numerator, row.stage.students, per, Fraction(required) * floor
        )
    misses = [i for i in indicators if full[i.id] > 0]
    if len(misses) <= max_misses and not any(at_floor.values()):
        return None
    order = {indicator.id: index for index, indicator in enumerate(indicators)}

    def saving(indicator: Rule) -> Exact:
        field = indicator.params["numerator"]
        return work.costs.cost(field, full[indicator.id]) - work.costs.cost(
            field, at_floor[indicator.id]
        )

    ranked = sorted((i for i in misses if saving(i) >= 0), key=lambda i: (-saving(i), order[i.id]))
    left_below = {i.id for i in ranked[:max_misses]}
    additions: list[Addition] = []
    for indicator in indicators:
        below = indicator.id in left_below
        quantity = at_floor[indicator.id] if below else full[indicator.id]
        required = standards[indicator.id]
        addition = work.add(
            row,
            indicator,
            quantity,
            rule=indicator.id,
            reason="floor" if below else "standard",
            level=Fraction(required) * floor if below else required,
        )
        if addition is not None:
            additions.append(addition)
    return StagePlan(
        rule=group.id,
        subject=row.subject,
        path=work.stage_path(row) or "",
        students=row.stage.students,
        additions=tuple(additions),
        left_below=tuple(i.id for i in indicators if i.id in left_below),
    )


def _finding_offset(indicator: Rule, row: StageRow) -> Exact | None:
    """What the indicator's ``add`` / ``subtract`` provisions add to the stage's own field.

    As its finding reads them (an unknown added figure counts as nothing); ``None`` when
    the measure is unknown.
    """
    if not adjusts_measure(indicator):
        return 0
    measure = indicator_measure(indicator, row)
    raw: Exact | None = getattr(row.stage, indicator.params["numerator"])
    if measure is None or raw is None:
        return None
    return measure - raw


def _measure_offset(indicator: Rule, row: StageRow) -> Exact | None:
    """What the indicator's ``add`` / ``subtract`` provisions add to the stage's own field.

    The CV reads the adjusted measure (:func:`~edu_rules.evaluators.measures.cv_measure`);
    the plan raises the stage's own field, which moves the measure by as much.  ``None``
    when the measure is unknown.
    """
    if not adjusts_measure(indicator):
        return 0
    measure, _ = cv_measure(indicator, row)
    raw: Exact | None = getattr(row.stage, indicator.params["numerator"])
    if measure is None or raw is None:
        return None
    return measure - raw


def _plan_balance(work: _Work, context: Context, rule: Rule) -> Iterator[BalancePlan]:
    """Water-fill one CV rule, stage by stage, on the numerators as the school plan left them.

    The numerators are the indicator's measure (its ``add`` / ``subtract`` provisions
    applied), as the CV rule reads them.
    """
    indicator = context.rules[rule.params["indicator"]]
    group = context.rules[indicator.params["group"]]
    field = indicator.params["numerator"]
    rows = resource_rows(context, group)
    comparator = rule.definition.comparator or "<="
    for stage_name in StageName:
        stage_rows = [row for row in rows if row.stage_name is stage_name]
        offsets = [_measure_offset(indicator, row) for row in stage_rows]
        numerators = [
            None if raw is None or offset is None else raw + offset
            for raw, offset in zip(
                (work.numerator(row, field) for row in stage_rows), offsets, strict=True
            )
        ]
        known = [n for n in numerators if n is not None]
        if len(stage_rows) < 2 or len(known) < len(numerators):
            continue  # undefined or unknown: the evaluation after the plan reports it
        pairs = [(row.stage.students, n) for row, n in zip(stage_rows, known, strict=True)]
        limit = rule.threshold(stage_name.value)
        cv_before = cv_squared(
            [
                (row.stage.students, getattr(row.stage, field) + (offset or 0))
                for row, offset in zip(stage_rows, offsets, strict=True)
            ]
        )
        cv_schools = cv_squared(pairs)
        if cv_schools is None:
            continue
        bound = Fraction(limit) ** 2
        failed_before = cv_before is None or not compare(cv_before, comparator, bound)
        filled = water_fill(pairs, limit, comparator)
        if filled is None:
            continue  # the evaluation after the plan reports what remains
        quantities, level = filled
        if not failed_before and level is None:
            continue
        per = indicator.params.get("per", 1)
        additions = [
            added
            for row, quantity in zip(stage_rows, quantities, strict=True)
            if quantity > 0
            and (
                added := work.add(
                    row,
                    indicator,
                    quantity,
                    rule=rule.id,
                    reason="balance",
                    level=level * per if level is not None else 0,
                )
            )
            is not None
        ]
        final = [
            (row.stage.students, (work.numerator(row, field) or 0) + (offset or 0))
            for row, offset in zip(stage_rows, offsets, strict=True)
        ]
        yield BalancePlan(
            rule=rule.id,
            stage=stage_name.value,
            limit=limit,
            cv_before=cv_of(cv_before),
            cv_after_schools=cv_of(cv_schools),
            cv_after=cv_of(cv_squared(final)),
            level=level * per if level is not None else None,
            additions=tuple(additions),
        )


# --------------------------------------------------------------------------- other families


@attrs.frozen
class _Scene:
    """What a remedy reads (an :class:`edu_rules.evaluators.Scene`): the county, and prices."""

    county: County
    index_of: Mapping[str, int]
    costs: CostModel
    fields: DataFields = NO_FIELDS

    def value(self, path: str) -> Any:
        """The county field at a dotted path; ``None`` if unknown."""
        node: Any = self.county
        for part in path.split("."):
            if node is None:
                return None
            node = getattr(node, part)
        return node

    def school(self, observation: Observation) -> tuple[int, School] | None:
        """The school a finding is about, with its index in the document."""
        index = self.index_of.get(observation.subject.school or "")
        return None if index is None else (index, self.county.schools[index])

    def cost(self, field: str, quantity: Exact) -> Exact:
        """What adding ``quantity`` units to ``field`` costs under the plan's cost model."""
        return self.costs.cost(field, quantity)

    def kind(self, field: str) -> str | None:
        """The kind of resource an addition to ``field`` is (:data:`RESOURCE_KINDS`)."""
        return RESOURCE_KINDS.get(field)

    def unit(self, field: str) -> Title | None:
        """The unit a layer declares with its data field ``field``, if it declares one."""
        declared = self.fields.named(field)
        return declared.unit if declared is not None else None


def _target(rule: Rule, observation: Observation, fix: Fix) -> Target:
    definition = rule.definition
    return Target(
        rule=rule.id,
        family=definition.family,
        title=definition.title,
        subject=observation.subject,
        before=observation.measured,
        required=observation.required,
        comparator=definition.comparator,
        unit=rule.params.get("remedy_unit", definition.unit),
        quantity=fix.quantity,
        kind=fix.kind,
        cost=fix.cost,
        changes=dict(fix.changes),
        unit_title=fix.unit,
    )


def _key(subject: Subject) -> tuple[str, str, str]:
    return (subject.county or "", subject.school or "", subject.stage or "")


@attrs.frozen
class _Setting:
    """The fixed inputs of one planning run."""

    county: County
    registry: Registry
    chain: tuple[LoadedLayer, ...]
    rules: Mapping[str, Rule]
    as_of: dt.date
    costs: CostModel
    index_of: Mapping[str, int]

    def evaluate(self, changes: Mapping[str, Any]) -> Result:
        """The county with ``changes`` made, evaluated."""
        return evaluate(
            apply_changes(self.county, changes), registry=self.registry, as_of=self.as_of
        )


def _targets_round(
    setting: _Setting, result: Result, changes: Mapping[str, Any]
) -> Iterator[Target]:
    """Targets for the standard shortfalls ``result`` has outside the planned families."""
    current = apply_changes(setting.county, changes) if changes else setting.county
    prepared, _, _ = prepare_county(current, setting.chain, setting.registry)
    context = Context(county=prepared, rules=setting.rules, as_of=setting.as_of)
    scene = _Scene(
        county=current,
        index_of=setting.index_of,
        costs=setting.costs,
        fields=setting.registry.data_fields,
    )
    wanted: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for finding in result.shortfalls:
        if finding.effect == Effect.STANDARD.value and finding.family not in PLANNED_FAMILIES:
            wanted[finding.rule].add(_key(finding.subject))
    for rule_id, subjects in wanted.items():
        rule = setting.rules.get(rule_id)
        if rule is None:
            continue
        evaluator = setting.registry.evaluator(rule.definition.evaluator)
        remedy = evaluator.remedy
        if remedy is None or isinstance(remedy, Planned):
            continue
        try:
            found = [
                _target(rule, observation, remedy(rule, observation, scene))
                for observation in evaluator.judge(rule, context)
                if observation.outcome is Outcome.SHORTFALL
                and _key(observation.subject) in subjects
            ]
        except Exception:  # a plugin's failing remedy leaves its shortfall an action
            if setting.registry.provider(rule.definition.evaluator) == "edu_rules":
                raise
            continue
        yield from found


def _plan_targets(
    setting: _Setting, changes: dict[str, Any], after: Result
) -> tuple[dict[tuple[str, tuple[str, str, str]], Target], Result]:
    """Targets for the other families, made into ``changes`` until nothing new comes up.

    A target can unsettle another (G6 raises a school's public funds, which is Q4's
    denominator), so the county is evaluated again after each round.
    """
    targets: dict[tuple[str, tuple[str, str, str]], Target] = {}
    for _ in range(_TARGET_ROUNDS):
        fresh = False
        for found in list(_targets_round(setting, after, changes)):
            target = found
            key = (target.rule, _key(target.subject))
            earlier = targets.get(key)
            if earlier is not None:
                target = attrs.evolve(target, before=earlier.before)
                if earlier.quantity is not None and target.quantity is not None:
                    target = attrs.evolve(
                        target,
                        quantity=earlier.quantity + target.quantity,
                        cost=earlier.cost + target.cost,
                    )
            targets[key] = target
            for path, value in target.changes.items():
                if changes.get(path) != value:
                    changes[path] = value
                    fresh = True
        if not fresh:
            break
        after = setting.evaluate(changes)
    return targets, after


def _action(finding: Finding, rules: Mapping[str, Rule], registry: Registry) -> Action:
    rule = rules.get(finding.rule)
    declare = (
        rule is not None and registry.evaluator(rule.definition.evaluator).remedy is Planned.DECLARE
    )
    if finding.outcome is not Outcome.SHORTFALL:
        what = "manual" if finding.outcome is Outcome.MANUAL else "data"
    elif finding.effect == Effect.VETO.value and declare:
        what = "veto"
    elif declare:
        what = "declare"
    else:
        what = "act"
    return Action(
        what=what,
        rule=finding.rule,
        family=finding.family,
        effect=finding.effect,
        title=finding.title,
        subject=finding.subject,
        measured=finding.measured,
        required=finding.required,
        comparator=finding.comparator,
        unit=finding.unit,
        gap=finding.gap,
        missing=finding.missing,
        note=finding.note,
    )


# --------------------------------------------------------------------------- the front door


def _plan_resources(
    county: County, context: Context, costs: CostModel, registry: Registry
) -> tuple[list[StagePlan], list[BalancePlan], dict[str, Any]]:
    """School-rule additions stage by stage, then balance on top of them."""
    index_of = {school.id: index for index, school in enumerate(county.schools)}
    work = _Work(county=county, prepared=context.county, costs=costs, index_of=index_of)
    stages: list[StagePlan] = []
    for group in _rules_by(context, registry, Planned.SCHOOL_RULE):
        indicators = [context.rules[rule_id] for rule_id in group.params["indicators"]]
        for row in resource_rows(context, group):
            stage_plan = _plan_stage(work, group, indicators, row)
            if stage_plan is not None:
                stages.append(stage_plan)
    balance: list[BalancePlan] = []
    for rule in _rules_by(context, registry, Planned.BALANCE):
        balance.extend(_plan_balance(work, context, rule))
    return stages, balance, dict(work.changes)


def plan(
    county: County,
    result: Result | None = None,
    *,
    registry: Registry | None = None,
    costs: CostModel | None = None,
    as_of: dt.date | None = None,
) -> Plan:
    """The least additions that make ``county`` meet every resource and balance rule in force.

    :param county: a validated county (see :func:`edu_rules.load_county`).
    :param result: its evaluation, if already at hand (saves evaluating it again).
    :param registry: the plugins to use; by default the installed ones.
    :param costs: prices used to choose between ways to pass; see :class:`CostModel`.
    :param as_of: the date whose rules apply; by default the result's, or the last
        day of the assessment year.
    """
    registry = registry if registry is not None else default_registry()
    costs = (costs if costs is not None else CostModel()).with_declared(registry.data_fields)
    if as_of is None:
        as_of = (
            dt.date.fromisoformat(result.as_of)
            if result is not None
            else default_as_of(county.assessment_year)
        )
    if result is None:
        result = evaluate(county, registry=registry, as_of=as_of)
    chain = registry.chain(county.code)
    ruleset = registry.ruleset(tuple(loaded.layer.name for loaded in chain), as_of)
    prepared, _, _ = prepare_county(county, chain, registry)
    context = Context(county=prepared, rules=ruleset.rules, as_of=as_of)
    stages, balance, changes = _plan_resources(county, context, costs, registry)
    setting = _Setting(
        county=county,
        registry=registry,
        chain=chain,
        rules=ruleset.rules,
        as_of=as_of,
        costs=costs,
        index_of={school.id: index for index, school in enumerate(county.schools)},
    )
    after = setting.evaluate(changes) if changes else result
    targets, after = _plan_targets(setting, changes, after)
    remaining = tuple(f for f in after.shortfalls if f.binding)
    unresolved = (*remaining, *(f for f in after.not_evaluated if f.binding))
    actions = tuple(
        _action(finding, ruleset.rules, registry)
        for finding in unresolved
        if finding.outcome is not Outcome.SHORTFALL
        or (finding.rule, _key(finding.subject)) not in targets
    )
    return Plan(
        code=county.code,
        name=county.name,
        as_of=as_of.isoformat(),
        cost_model=costs,
        status_before=result.status,
        status_after=after.status,
        stages=tuple(stages),
        balance=tuple(balance),
        targets=tuple(targets.values()),
        actions=actions,
        remaining=remaining,
        changes=changes,
        titles={rule_id: rule.definition.title for rule_id, rule in ruleset.rules.items()},
    )


def apply_plan(county: County, the_plan: Plan) -> County:
    """``county`` with every change of ``the_plan`` made (via ``apply_changes``)."""
    return apply_changes(county, the_plan.changes)

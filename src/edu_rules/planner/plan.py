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
import math
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from edu_rules._messages import text as catalogued
from edu_rules._numbers import Exact, exact, optional_json_number, to_json_number
from edu_rules.engine import default_as_of, evaluate, prepare_county
from edu_rules.evaluators import Fix, Planned, resource_rows, weighted_cv_squared
from edu_rules.io.serialization import register_document, unstructure
from edu_rules.model.county import County, School, Stage, StageName
from edu_rules.model.errors import UsageError
from edu_rules.model.evaluation import Context, Observation, StageRow, compare
from edu_rules.model.layers import Title
from edu_rules.model.result import Finding, Outcome, Result, Status, Subject
from edu_rules.model.rules import Effect, Rule
from edu_rules.planner.whatif import apply_changes
from edu_rules.plugins import LoadedLayer, Registry, default_registry

PLANNED_FAMILIES = frozenset({"resource", "balance"})
"""The families whose shortfalls the planner removes by additions it computes itself."""

DEFAULT_UNIT_COSTS: Mapping[str, Exact] = {
    # Yuan per unit added, by document field.  Only the ratios matter: they decide
    # which indicator a stage may leave below standard when the school rule allows
    # one.  Planning defaults, not estimates; pass a CostModel with local prices.
    "teachers_above_required_qualification": 100_000,  # one teacher-year (pay + on-costs)
    "key_teachers": 100_000,  # one teacher-year: a key teacher hired or trained up
    "pe_arts_teachers": 100_000,  # one teacher-year
    "teaching_room_area_m2": 3_000,  # one m² of teaching and auxiliary rooms built
    "sports_area_m2": 500,  # one m² of sports ground laid
    "equipment_value_yuan": 1,  # equipment is bought at its book value
    "multimedia_classrooms": 60_000,  # equipping one networked multimedia classroom
    "music_rooms_m2": 300_000,  # one music room of the minimum area, built and fitted
    "art_rooms_m2": 300_000,  # one art room of the minimum area, built and fitted
    "public_funds_yuan": 1,
    "training_funds_yuan": 1,
}

RESOURCE_KINDS: Mapping[str, str] = {
    "teachers_above_required_qualification": "teachers",
    "key_teachers": "teachers",
    "pe_arts_teachers": "teachers",
    "teaching_room_area_m2": "m2",
    "sports_area_m2": "m2",
    "equipment_value_yuan": "equipment_yuan",
    "multimedia_classrooms": "classrooms",
    "music_rooms_m2": "rooms",
    "art_rooms_m2": "rooms",
    "public_funds_yuan": "funds_yuan",
    "training_funds_yuan": "funds_yuan",
}
"""The kind of resource an addition to a field is, for totals.

One teacher may count towards L1, L2 and L3 at once (a qualified key PE teacher);
the planner cannot know, so the ``teachers`` total is an upper bound.
"""

_BISECTION_STEPS = 200  # ample: each step halves the level's interval; it stops far sooner
_WIDENING_STEPS = 64
_TARGET_ROUNDS = 4  # a target can unsettle another (G6 raises Q4's denominator)


@attrs.frozen
class CostModel:
    """Yuan per unit added, by county-document field; used to compare ways to pass.

    ``CostModel()`` uses :data:`DEFAULT_UNIT_COSTS`; ``CostModel.with_costs(sports_area_m2=800)``
    changes some.  A field with no price costs ``default`` per unit.
    """

    unit_costs: Mapping[str, Exact] = attrs.field(factory=lambda: dict(DEFAULT_UNIT_COSTS))
    default: Exact = 1

    @classmethod
    def with_costs(cls, **unit_costs: Exact) -> CostModel:
        """The default prices with ``unit_costs`` laid over them."""
        for field, price in unit_costs.items():
            if price < 0:
                raise ValueError(f"a unit cost cannot be negative: {field}={price}")
        return cls(unit_costs={**DEFAULT_UNIT_COSTS, **unit_costs})

    def cost(self, field: str, quantity: Exact) -> Exact:
        """What adding ``quantity`` units to ``field`` costs."""
        return self.unit_costs.get(field, self.default) * quantity


@attrs.frozen
class Addition:
    """Add ``quantity`` to one numerator of one school stage: the field goes ``before`` → ``after``.

    ``rule`` is the rule the addition serves (``national.L4`` for the school rule,
    ``national.cv.L4`` for balance); ``reason`` is ``"standard"`` (raised to the
    standard), ``"floor"`` (left below standard but raised to the floor the school rule
    allows) or ``"balance"``.  ``level`` is the indicator value the addition aims at.
    """

    path: str
    field: str
    kind: str
    unit: str
    quantity: int
    before: Exact
    after: Exact
    rule: str
    reason: str
    school: str
    stage: str
    students: int
    per: Exact
    level: Exact
    cost: Exact

    @property
    def value_before(self) -> Fraction:
        """The indicator value before the addition (per student, or per 100)."""
        return Fraction(self.before) * self.per / self.students

    @property
    def value_after(self) -> Fraction:
        """The indicator value after the addition."""
        return Fraction(self.after) * self.per / self.students


@attrs.frozen
class StagePlan:
    """What one school stage adds to meet the school rule, and what it may leave below standard."""

    rule: str
    subject: Subject
    path: str
    students: int
    additions: tuple[Addition, ...]
    left_below: tuple[str, ...]

    @property
    def cost(self) -> Exact:
        """The cost of the stage's additions under the plan's cost model."""
        return sum((a.cost for a in self.additions), 0)


@attrs.frozen
class BalancePlan:
    """What brings one indicator's coefficient of variation within its limit for one stage.

    ``cv_before`` is the CV of the data as given, ``cv_after_schools`` after the
    school-rule additions, ``cv_after`` after this plan's own; ``level`` is the
    water level (in the indicator's unit) the lowest schools were raised towards, or
    ``None`` when the school additions were enough.
    """

    rule: str
    stage: str
    limit: Exact
    cv_before: Fraction
    cv_after_schools: Fraction
    cv_after: Fraction
    level: Exact | None
    additions: tuple[Addition, ...]


@attrs.frozen
class Target:
    """A figure to reach for a guarantee or quality shortfall, and the document change it means.

    ``before``/``required`` are the measured and required values of the finding
    (exact); ``quantity`` is what to add in ``unit`` (``None`` when the figure is
    not something one adds, such as a percentage to reach); ``changes`` are the
    document paths and values :func:`apply_plan` sets (empty when the figure is not
    a field of the document).
    """

    rule: str
    family: str
    title: Title
    subject: Subject
    before: Exact | None
    required: Exact | None
    comparator: str | None
    unit: str
    quantity: Exact | None = None
    kind: str | None = None
    cost: Exact = 0
    changes: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Action:
    """Something the plan cannot express as a quantity: a declaration, a veto, data to supply.

    ``what`` is ``"declare"`` (a yes/no item to make true), ``"veto"`` (a veto event
    that happened), ``"data"`` (unknown figures to supply; see ``missing``),
    ``"manual"`` (checked by hand), or ``"act"`` (a shortfall to act on: class size,
    school size, years since basic balance, monitoring results…).
    """

    what: str
    rule: str
    family: str
    effect: str
    title: Title
    subject: Subject
    measured: int | float | None = None
    required: int | float | None = None
    comparator: str | None = None
    unit: str | None = None
    gap: int | float | None = None
    missing: tuple[str, ...] = ()
    note: str | None = None


@attrs.frozen
class Plan:
    """The least additions that make a county's schools pass, and everything else to do.

    ``changes`` maps each document path the plan touches to its new value; it is
    what :func:`apply_plan` sets.  ``status_after`` and ``remaining`` come from
    evaluating the county with the plan applied: what the plan cannot fix by
    additions (vetoes, declarations, unknown data) is still there.  ``titles``
    names every rule in force, for reports.
    """

    code: str
    name: str
    as_of: str
    cost_model: CostModel
    status_before: Status
    status_after: Status
    stages: tuple[StagePlan, ...]
    balance: tuple[BalancePlan, ...]
    targets: tuple[Target, ...]
    actions: tuple[Action, ...]
    remaining: tuple[Finding, ...]
    changes: Mapping[str, Any]
    titles: Mapping[str, Title] = attrs.field(factory=dict)

    @property
    def additions(self) -> tuple[Addition, ...]:
        """Every addition to a school stage: school rule first, then balance."""
        return tuple(a for s in self.stages for a in s.additions) + tuple(
            a for b in self.balance for a in b.additions
        )

    def totals_by_kind(self) -> dict[str, Exact]:
        """Units to add by kind: teachers, m2, equipment_yuan, classrooms, rooms, funds_yuan."""
        totals: dict[str, Exact] = defaultdict(int)
        for addition in self.additions:
            totals[addition.kind] += addition.quantity
        for target in self.targets:
            if target.kind is not None and target.quantity is not None:
                totals[target.kind] += target.quantity
        return dict(sorted(totals.items()))

    def totals_by_field(self) -> dict[str, Exact]:
        """Units to add by document field (``key_teachers``, ``sports_area_m2``…)."""
        totals: dict[str, Exact] = defaultdict(int)
        for addition in self.additions:
            totals[addition.field] += addition.quantity
        return dict(sorted(totals.items()))

    def totals_by_school(self) -> dict[str, dict[str, Exact]]:
        """Units to add per school id, by kind of resource."""
        totals: dict[str, dict[str, Exact]] = defaultdict(lambda: defaultdict(int))
        for addition in self.additions:
            totals[addition.school][addition.kind] += addition.quantity
        for target in self.targets:
            if target.subject.school and target.kind is not None and target.quantity is not None:
                totals[target.subject.school][target.kind] += target.quantity
        return {school: dict(sorted(kinds.items())) for school, kinds in sorted(totals.items())}

    @property
    def total_cost(self) -> Exact:
        """The plan's cost in yuan under its cost model (additions and priced targets)."""
        return sum((a.cost for a in self.additions), 0) + sum((t.cost for t in self.targets), 0)


# --------------------------------------------------------------------------- arithmetic


def least_whole_addition(numerator: Exact, students: int, per: Exact, level: Exact) -> int:
    """The least whole ``a ≥ 0`` with ``(numerator + a) × per / students ≥ level``."""
    needed = Fraction(level) * students / per - numerator
    return max(0, math.ceil(needed))


def _cv_squared(pairs: Sequence[tuple[int, Exact]]) -> Fraction | None:
    computed = weighted_cv_squared(pairs)
    return None if computed is None else computed[0]


def _cv(cv_squared: Fraction | None) -> Fraction:
    """The CV for display, to 12 decimals (the verdict compares CV² exactly)."""
    if cv_squared is None:
        return Fraction(0)
    scale = 10**12
    return Fraction(
        math.isqrt(cv_squared.numerator * scale * scale // cv_squared.denominator), scale
    )


def water_fill(
    rows: Sequence[tuple[int, Exact]], limit: Exact, comparator: str = "<="
) -> tuple[list[int], Fraction | None] | None:
    """The least whole additions to ``(students, numerator)`` rows that meet the CV ``limit``.

    Returns the additions row by row and the water level (numerator per student)
    the lowest rows were raised towards (``None`` if nothing was needed), or
    ``None`` when no level brings the CV within the limit (a limit of 0 with rows
    that cannot be made exactly equal in whole units).
    """
    students = [p for p, _ in rows]
    base = [Fraction(n) for _, n in rows]
    bound = Fraction(limit) ** 2

    def passes(additions: Sequence[int]) -> bool:
        cv_squared = _cv_squared(
            [(p, n + a) for p, n, a in zip(students, base, additions, strict=True)]
        )
        return cv_squared is not None and compare(cv_squared, comparator, bound)

    def raised(level: Fraction) -> list[int]:
        return [max(0, math.ceil(level * p - n)) for p, n in zip(students, base, strict=True)]

    zero = [0] * len(rows)
    if passes(zero):
        return zero, None
    values = [n / p for p, n in zip(students, base, strict=True)]
    low, high = min(values), max(values)
    if high <= 0:
        return None
    for _ in range(_WIDENING_STEPS):
        if passes(raised(high)):
            break
        high *= 2
    else:
        return None
    for _ in range(_BISECTION_STEPS):
        if sum(raised(high)) - sum(raised(low)) <= 1:
            break
        middle = (low + high) / 2
        if passes(raised(middle)):
            high = middle
        else:
            low = middle
    additions = _trim(raised(high), base, students, passes)
    return additions, high


def _trim(
    additions: list[int],
    base: Sequence[Fraction],
    students: Sequence[int],
    passes: Callable[[Sequence[int]], bool],
) -> list[int]:
    """Take back, school by school, as much of each raise as the limit allows.

    Schools nearest the mean first: a unit taken from them costs the CV least.
    Repeated until a full round takes nothing back.
    """
    changed = True
    while changed:
        changed = False
        order = sorted(
            (i for i, a in enumerate(additions) if a > 0),
            key=lambda i: (-(base[i] + additions[i]) / students[i], i),
        )
        for index in order:
            low, high = 0, additions[index]
            while low < high:
                middle = (low + high + 1) // 2
                trial = list(additions)
                trial[index] -= middle
                if passes(trial):
                    low = middle
                else:
                    high = middle - 1
            if low:
                additions[index] -= low
                changed = True
    return additions


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
    stage = row.stage_name.value
    full: dict[str, int] = {}
    at_floor: dict[str, int] = {}
    for indicator in indicators:
        numerator = work.numerator(row, indicator.params["numerator"])
        if numerator is None:
            return None  # unknown data: reported as an action from the evaluation
        per = indicator.params.get("per", 1)
        required = indicator.threshold(stage)
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
        required = indicator.threshold(stage)
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


def _plan_balance(work: _Work, context: Context, rule: Rule) -> Iterator[BalancePlan]:
    """Water-fill one CV rule, stage by stage, on the numerators as the school plan left them."""
    indicator = context.rules[rule.params["indicator"]]
    group = context.rules[indicator.params["group"]]
    field = indicator.params["numerator"]
    rows = resource_rows(context, group)
    comparator = rule.definition.comparator or "<="
    for stage_name in StageName:
        stage_rows = [row for row in rows if row.stage_name is stage_name]
        numerators = [work.numerator(row, field) for row in stage_rows]
        known = [n for n in numerators if n is not None]
        if len(stage_rows) < 2 or len(known) < len(numerators):
            continue  # undefined or unknown: the evaluation after the plan reports it
        pairs = [(row.stage.students, n) for row, n in zip(stage_rows, known, strict=True)]
        limit = rule.threshold(stage_name.value)
        cv_before = _cv_squared(
            [(row.stage.students, getattr(row.stage, field)) for row in stage_rows]
        )
        cv_schools = _cv_squared(pairs)
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
        final = [(row.stage.students, work.numerator(row, field) or 0) for row in stage_rows]
        yield BalancePlan(
            rule=rule.id,
            stage=stage_name.value,
            limit=limit,
            cv_before=_cv(cv_before),
            cv_after_schools=_cv(cv_schools),
            cv_after=_cv(_cv_squared(final)),
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
    scene = _Scene(county=current, index_of=setting.index_of, costs=setting.costs)
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
    costs = costs if costs is not None else CostModel()
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


# --------------------------------------------------------------------------- plain data


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        return to_json_number(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _addition_data(addition: Addition) -> dict[str, Any]:
    return {
        "path": addition.path,
        "school": addition.school,
        "stage": addition.stage,
        "rule": addition.rule,
        "reason": addition.reason,
        "field": addition.field,
        "kind": addition.kind,
        "unit": addition.unit,
        "quantity": addition.quantity,
        "before": optional_json_number(addition.before),
        "after": optional_json_number(addition.after),
        "value_before": optional_json_number(addition.value_before),
        "value_after": optional_json_number(addition.value_after),
        "level": optional_json_number(addition.level),
        "cost": optional_json_number(addition.cost),
    }


def plan_to_data(the_plan: Plan) -> dict[str, Any]:
    """Plain JSON data for a plan (what ``edu-rules plan --format json`` prints)."""
    return {
        "county": {"code": the_plan.code, "name": the_plan.name},
        "as_of": the_plan.as_of,
        "status_before": the_plan.status_before.value,
        "status_after": the_plan.status_after.value,
        "cost_model": {
            "unit_costs": {
                k: optional_json_number(v)
                for k, v in sorted(the_plan.cost_model.unit_costs.items())
            },
            "default": optional_json_number(the_plan.cost_model.default),
        },
        "totals": {
            "by_kind": {k: optional_json_number(v) for k, v in the_plan.totals_by_kind().items()},
            "by_field": {k: optional_json_number(v) for k, v in the_plan.totals_by_field().items()},
            "cost": optional_json_number(the_plan.total_cost),
        },
        "schools": {
            school: {k: optional_json_number(v) for k, v in kinds.items()}
            for school, kinds in the_plan.totals_by_school().items()
        },
        "stages": [
            {
                "rule": s.rule,
                "subject": unstructure(s.subject),
                "path": s.path,
                "students": s.students,
                "left_below": list(s.left_below),
                "cost": optional_json_number(s.cost),
                "additions": [_addition_data(a) for a in s.additions],
            }
            for s in the_plan.stages
        ],
        "balance": [
            {
                "rule": b.rule,
                "stage": b.stage,
                "limit": optional_json_number(b.limit),
                "cv_before": optional_json_number(b.cv_before),
                "cv_after_schools": optional_json_number(b.cv_after_schools),
                "cv_after": optional_json_number(b.cv_after),
                "level": optional_json_number(b.level),
                "additions": [_addition_data(a) for a in b.additions],
            }
            for b in the_plan.balance
        ],
        "targets": [
            {
                "rule": t.rule,
                "family": t.family,
                "subject": unstructure(t.subject),
                "before": optional_json_number(t.before),
                "required": optional_json_number(t.required),
                "comparator": t.comparator,
                "unit": t.unit,
                "quantity": optional_json_number(t.quantity),
                "kind": t.kind,
                "cost": optional_json_number(t.cost),
                "changes": {path: _plain(value) for path, value in t.changes.items()},
            }
            for t in the_plan.targets
        ],
        "actions": [
            {
                "what": a.what,
                "rule": a.rule,
                "family": a.family,
                "effect": a.effect,
                "subject": unstructure(a.subject),
                "measured": a.measured,
                "required": a.required,
                "comparator": a.comparator,
                "unit": a.unit,
                "gap": a.gap,
                "missing": list(a.missing),
                "note": a.note,
            }
            for a in the_plan.actions
        ],
        "changes": {path: _plain(value) for path, value in the_plan.changes.items()},
    }


register_document(Plan, plan_to_data)


__all__ = [
    "DEFAULT_UNIT_COSTS",
    "PLANNED_FAMILIES",
    "RESOURCE_KINDS",
    "Action",
    "Addition",
    "BalancePlan",
    "CostModel",
    "Plan",
    "StagePlan",
    "Target",
    "apply_plan",
    "least_whole_addition",
    "plan",
    "plan_to_data",
    "water_fill",
]


def parse_costs(specs: list[str]) -> dict[str, Any]:
    """Unit prices from ``--cost FIELD=YUAN`` pairs; :raises ValueError: naming the bad one."""
    known = set(DEFAULT_UNIT_COSTS) | {field.name for field in Stage.__attrs_attrs__}
    prices: dict[str, Any] = {}
    for spec in specs:
        field, sep, text = spec.partition("=")
        field = field.strip()
        if not sep or field not in known:
            fields = ", ".join(sorted(DEFAULT_UNIT_COSTS))
            raise UsageError.about(catalogued("plan.cost.write", spec=repr(spec), fields=fields))
        try:
            price = exact(text.strip())
        except (ValueError, ZeroDivisionError) as error:
            value = repr(text.strip())
            raise UsageError.about(
                catalogued("plan.cost.not_number", spec=repr(spec), value=value)
            ) from error
        if price < 0:
            raise UsageError.about(catalogued("plan.cost.negative", spec=repr(spec)))
        prices[field] = price
    return prices

"""What a plan is — its additions, balances, targets and actions — and its document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from edu_rules._numbers import Exact, optional_json_number, to_json_number
from edu_rules.io.serialization import register_document, unstructure
from edu_rules.model.layers import Title
from edu_rules.model.result import Finding, Status, Subject
from edu_rules.planner.costs import CostModel


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
    unit_title: Title | None = None
    """The unit of ``quantity`` in words, where a layer declares it with its data field."""


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
                **({"unit_title": unstructure(t.unit_title)} if t.unit_title is not None else {}),
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

"""The general evaluators the core provides, by the names rule data uses.

Each is a few lines of exact arithmetic over a rule's parameters; the numbers and
citations live in the plugins' rule files.  See :mod:`edu_rules.evaluation` for the
contract every evaluator follows (missing is not zero; exact at the boundary).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from edu_rules._numbers import Exact, ceil_whole, to_json_number
from edu_rules.county import StageName
from edu_rules.evaluation import (
    Context,
    Evaluator,
    Observation,
    StageRow,
    compare,
    gap_of,
)
from edu_rules.provisions import (
    Component,
    Provision,
    ProvisionKind,
    adjusted,
    branch_value,
    exclusion,
    rounded,
)
from edu_rules.result import Outcome, Remedy, Subject
from edu_rules.rules import Rule

_CV_DIGITS = 12  # the measured CV is shown to 12 decimals; the verdict compares CV² exactly


def _judge(measured: Exact, comparator: str, required: Exact) -> tuple[Outcome, Exact]:
    if compare(measured, comparator, required):
        return Outcome.MET, 0  # what gap_of gives whenever the rule is met
    return Outcome.SHORTFALL, gap_of(measured, comparator, required)


def _unknown(subject: Subject, *missing: str, required: Exact | None = None) -> Observation:
    return Observation(
        subject=subject, outcome=Outcome.NOT_EVALUABLE, required=required, missing=missing
    )


def _remedy(rule: Rule, amount: Exact) -> tuple[Remedy, ...]:
    """The real-world quantity that closes a gap, whole units rounded up."""
    unit = rule.params.get("remedy_unit")
    if unit is None or amount <= 0:
        return ()
    quantity: Exact = ceil_whole(amount) if rule.params.get("whole", False) else amount
    return (Remedy(quantity=to_json_number(quantity), unit=unit),)


def _excluded(rule: Rule) -> frozenset[str]:
    return frozenset(rule.params.get("exclude_kinds", ()))


# --------------------------------------------------------------------------- county items


def flag(rule: Rule, context: Context) -> Iterator[Observation]:
    """A yes/no item: ``params.field`` must equal ``params.expected`` (default ``true``)."""
    field = rule.params["field"]
    expected = bool(rule.params.get("expected", True))
    value = context.value_at(field)
    subject = context.county_subject()
    if value is None:
        yield _unknown(subject, field, required=int(expected))
        return
    met = value is expected
    yield Observation(
        subject=subject,
        outcome=Outcome.MET if met else Outcome.SHORTFALL,
        measured=int(value),
        required=int(expected),
        gap=0 if met else 1,
    )


def years_since(rule: Rule, context: Context) -> Iterator[Observation]:
    """Years from the year in ``params.field`` to the assessment year, against the threshold."""
    field = rule.params["field"]
    year = context.value_at(field)
    required = rule.threshold()
    subject = context.county_subject()
    if year is None:
        yield _unknown(subject, field, required=required)
        return
    measured = context.county.assessment_year - year
    outcome, gap = _judge(measured, rule.definition.comparator or ">=", required)
    yield Observation(subject, outcome, measured=measured, required=required, gap=gap)


def county_value(rule: Rule, context: Context) -> Iterator[Observation]:
    """A county figure at ``params.field`` compared with the threshold."""
    field = rule.params["field"]
    value = context.value_at(field)
    required = rule.threshold()
    subject = context.county_subject()
    if value is None:
        yield _unknown(subject, field, required=required)
        return
    outcome, gap = _judge(value, rule.definition.comparator or ">=", required)
    yield Observation(
        subject, outcome, measured=value, required=required, gap=gap, remedies=_remedy(rule, gap)
    )


def _ratio_observation(
    rule: Rule,
    subject: Subject,
    numerator: tuple[str, Exact | None],
    denominator: tuple[str, Exact | None],
    scale: Exact,
) -> Observation:
    """``numerator / denominator × scale`` against the threshold; each input is ``(path, value)``.

    The remedy is the numerator still needed: ``threshold × denominator / scale − numerator``.
    """
    required = rule.threshold()
    top, bottom = numerator[1], denominator[1]
    if top is None or bottom is None:
        missing = tuple(path for path, value in (numerator, denominator) if value is None)
        return _unknown(subject, *missing, required=required)
    if bottom == 0:
        return Observation(
            subject,
            Outcome.NOT_EVALUABLE,
            required=required,
            note=f"undefined: {denominator[0]} is 0",
        )
    # top × scale / bottom, normalised once (the same Fraction as three operations)
    measured = Fraction(
        top.numerator * scale.numerator * bottom.denominator,
        top.denominator * scale.denominator * bottom.numerator,
    )
    outcome, gap = _judge(measured, rule.definition.comparator or ">=", required)
    remedies: tuple[Remedy, ...] = ()
    if outcome is Outcome.SHORTFALL:
        remedies = _remedy(rule, Fraction(required) * bottom / scale - top)
    return Observation(
        subject,
        outcome,
        measured=measured,
        required=required,
        gap=gap,
        remedies=remedies,
    )


def county_ratio(rule: Rule, context: Context) -> Iterator[Observation]:
    """``numerator / denominator × scale`` of two county figures, against the threshold."""
    numerator_field = rule.params["numerator"]
    denominator_field = rule.params["denominator"]
    scale = rule.params.get("scale", 1)
    numerator = context.value_at(numerator_field)
    denominator = context.value_at(denominator_field)
    subject = context.county_subject()
    yield _ratio_observation(
        rule,
        subject,
        (numerator_field, numerator),
        (denominator_field, denominator),
        scale,
    )


def county_compare(rule: Rule, context: Context) -> Iterator[Observation]:
    """A county figure against another figure times the threshold (pay ≥ 1 × civil-servant pay)."""
    value_field = rule.params["value"]
    reference_field = rule.params["reference"]
    value = context.value_at(value_field)
    reference = context.value_at(reference_field)
    subject = context.county_subject()
    missing = tuple(f for f, v in ((value_field, value), (reference_field, reference)) if v is None)
    if missing:
        yield _unknown(subject, *missing)
        return
    required = Fraction(reference) * rule.threshold()
    outcome, gap = _judge(value, rule.definition.comparator or ">=", required)
    yield Observation(
        subject, outcome, measured=value, required=required, gap=gap, remedies=_remedy(rule, gap)
    )


def each_item(rule: Rule, context: Context) -> Iterator[Observation]:
    """Every item of a county list (``params.list``) meets the threshold on ``params.item``.

    The worst item is the measured value.  Unknown items can only make a shortfall
    certain if a known item already fails.
    """
    list_field = rule.params["list"]
    item_field = rule.params["item"]
    label_field = rule.params.get("label", "subject")
    comparator = rule.definition.comparator or ">="
    required = rule.threshold()
    items = context.value_at(list_field)
    subject = context.county_subject()
    if not items:
        yield _unknown(subject, list_field, required=required)
        return
    known = [(getattr(item, label_field), getattr(item, item_field)) for item in items]
    values = [(label, value) for label, value in known if value is not None]
    unknown = tuple(
        f"{list_field}[{index}].{item_field}"
        for index, (_, value) in enumerate(known)
        if value is None
    )
    failing = [label for label, value in values if not compare(value, comparator, required)]
    higher_is_better = comparator in {">=", ">"}
    worst = (min if higher_is_better else max)((v for _, v in values), default=None)
    if failing:
        _, gap = _judge(worst, comparator, required) if worst is not None else (None, None)
        yield Observation(
            subject,
            Outcome.SHORTFALL,
            measured=worst,
            required=required,
            gap=gap,
            note="failing: " + ", ".join(str(label) for label in failing),
            details={"failing": failing},
        )
    elif unknown:
        yield _unknown(subject, *unknown, required=required)
    else:
        yield Observation(subject, Outcome.MET, measured=worst, required=required, gap=0)


def manual(rule: Rule, context: Context) -> Iterator[Observation]:
    """An item checked by hand by the responsible office: reported, never a pass."""
    yield Observation(context.county_subject(), Outcome.MANUAL, note=rule.params.get("what"))


# --------------------------------------------------------------------------- resource allocation


def _scoped_rows(context: Context, group: Rule) -> tuple[tuple[StageRow, ...], tuple[Left, ...]]:
    """The school stages in scope of a resource group, and those its provisions leave out.

    In scope: stages with students, of a kind the group's ``exclude_kinds`` does not
    name — then widened by its ``include`` provisions and narrowed by its ``exclude`` ones.
    """

    def compute() -> tuple[tuple[StageRow, ...], tuple[Left, ...]]:
        excluded = _excluded(group)
        provisions = group.provisions
        rows: list[StageRow] = []
        left: list[Left] = []
        for index, school in enumerate(context.county.schools):
            by_kind = school.kind.value not in excluded
            if not by_kind and not provisions:
                continue
            for stage_name, stage in school.stages.items():
                if stage.students <= 0:
                    continue
                row = StageRow(index, school, stage_name, stage)
                if not provisions:
                    rows.append(row)
                    continue
                scope = exclusion(provisions, school, (stage_name, stage), in_scope=by_kind)
                if scope is True:
                    rows.append(row)
                elif isinstance(scope, Provision):
                    left.append(Left(row.subject, scope))
        return tuple(rows), tuple(left)

    found: tuple[tuple[StageRow, ...], tuple[Left, ...]] = context.memo(("rows", group.id), compute)
    return found


def resource_rows(context: Context, group: Rule) -> Sequence[StageRow]:
    """The school stages in scope of a resource group (see :func:`_scoped_rows`)."""
    return _scoped_rows(context, group)[0]


@attrs.frozen
class Left:
    """A subject a scope provision leaves out of a rule."""

    subject: Subject
    provision: Provision

    def observation(self) -> Observation:
        """Not applicable, saying which provision of which layer leaves it out, and why."""
        provision = self.provision
        reason = provision.reason.en if provision.reason else provision.id
        return Observation(
            self.subject,
            Outcome.NOT_APPLICABLE,
            note=f"left out by {provision.layer} ({provision.citation}): {reason}",
            details={"provision": provision.trace},
        )


def per_student(numerator: Exact, per: Exact, students: int) -> Exact:
    """``numerator × per / students`` exactly: an ``int`` when whole, else a ``Fraction``.

    One normalisation instead of three Fraction operations (the hot path of L1–L7).
    """
    top = numerator.numerator * per.numerator
    bottom = numerator.denominator * per.denominator * students
    whole, rest = divmod(top, bottom)
    return whole if rest == 0 else Fraction(top, bottom)


def _below(value: Exact, limit: Exact) -> bool:
    """``value < limit`` for exact rationals by cross-multiplying (denominators are positive).

    The same answer as ``<``, without Fraction's generic numeric-tower dispatch.
    """
    return value.numerator * limit.denominator < limit.numerator * value.denominator


def _numerator(
    rule: Rule, row: StageRow
) -> tuple[Exact | None, tuple[Component, ...], tuple[str, ...]]:
    """The indicator's numerator for a stage, adjusted by the provisions that hold there.

    Returns the value, its components, and the unknown fields that make it unknown.
    """
    field = rule.params["numerator"]
    if not rule.provisions:
        value = getattr(row.stage, field)
        return value, (), (() if value is not None else (field,))
    value, components, missing = adjusted(
        rule.provisions, field, row.school, (row.stage_name, row.stage)
    )
    if value is None and not missing:
        missing = (field,)
    return value, components, missing


def indicator_value(rule: Rule, row: StageRow) -> Exact | None:
    """The stage's value of a per-student indicator rule, or ``None`` if unknown."""
    numerator = (
        _numerator(rule, row)[0]
        if rule.provisions
        else getattr(row.stage, rule.params["numerator"])
    )
    if numerator is None:
        return None
    return per_student(numerator, rule.params.get("per", 1), row.stage.students)


def _standard(rule: Rule, row: StageRow, base: Exact) -> tuple[Exact, Provision | None]:
    """The threshold for this stage: ``base``, or the branch of the rule's provisions that holds."""
    if not rule.provisions:
        return base, None
    direction = rule.definition.stricter_directions().get("threshold")
    stage = (row.stage_name, row.stage)
    return branch_value(
        rule.provisions, base, "threshold", row.stage_name.value, row.school, stage, direction
    )


def _short(rule: Rule, value: Exact, required: Exact) -> bool:
    """Whether ``value`` is below ``required`` as the rule compares (after its rounding)."""
    if rule.provisions:
        value = rounded(rule.provisions, value)[0]
    return _below(value, required)


def _indicator_values(context: Context, indicator: Rule, group: Rule) -> Sequence[Exact | None]:
    """``indicator``'s value for each row of ``group``, computed once per county."""

    def compute() -> list[Exact | None]:
        return [indicator_value(indicator, row) for row in resource_rows(context, group)]

    values: Sequence[Exact | None] = context.memo(("values", indicator.id, group.id), compute)
    return values


def _row_subjects(context: Context, group: Rule) -> Sequence[Subject]:
    """The finding subject of each row of ``group``, built once per county and shared."""

    def compute() -> list[Subject]:
        return [row.subject for row in resource_rows(context, group)]

    subjects: Sequence[Subject] = context.memo(("subjects", group.id), compute)
    return subjects


class _StageState:
    """How a stage stands under the school rule: the indicators it misses, and how badly."""

    __slots__ = ("below_floor", "misses", "unknown", "verdict")

    def __init__(self) -> None:
        self.misses: list[str] = []
        self.below_floor: list[str] = []
        self.unknown: list[str] = []
        self.verdict: Outcome = Outcome.MET


def _mark_indicator(
    context: Context, group: Rule, indicator: Rule, floor: Exact, states: Sequence[_StageState]
) -> None:
    """Record, in each row's state, whether ``indicator`` is unknown, missed or below the floor."""
    rows = resource_rows(context, group)
    values = _indicator_values(context, indicator, group)
    limits: dict[str, tuple[Exact, Exact]] = {}  # stage → (standard, floor × standard)
    for row, value, state in zip(rows, values, states, strict=True):
        stage = row.stage_name.value
        if stage not in limits:
            required = indicator.threshold(stage)
            limits[stage] = (required, required * floor)
        if value is None:
            state.unknown.append(indicator.id)
            continue
        required, lowest = limits[stage]
        if indicator.provisions:
            required = _standard(indicator, row, required)[0]
            lowest = required * floor
        if _short(indicator, value, required):
            state.misses.append(indicator.id)
            if _short(indicator, value, lowest):
                state.below_floor.append(indicator.id)


def _school_rule_states(context: Context, group: Rule) -> Mapping[tuple[str, str], _StageState]:
    def compute() -> dict[tuple[str, str], _StageState]:
        indicators = [context.rules[rule_id] for rule_id in group.params["indicators"]]
        max_misses = group.threshold(name="max_misses")
        floor = group.threshold(name="floor")
        rows = resource_rows(context, group)
        states = [_StageState() for _ in rows]
        for indicator in indicators:
            _mark_indicator(context, group, indicator, floor, states)
        by_stage: dict[tuple[str, str], _StageState] = {}
        for row, state in zip(rows, states, strict=True):
            if state.below_floor or len(state.misses) > max_misses:
                state.verdict = Outcome.SHORTFALL
            elif state.unknown:
                state.verdict = Outcome.NOT_EVALUABLE
            by_stage[(row.school.id, row.stage_name.value)] = state
        return by_stage

    states: Mapping[tuple[str, str], _StageState] = context.memo(("school_rule", group.id), compute)
    return states


def school_rule(rule: Rule, context: Context) -> Iterator[Observation]:
    """A stage meets resource allocation: few misses, none below the floor.

    At most ``max_misses`` indicators below standard and none below ``floor`` × standard
    (教督〔2017〕6号: 6 of 7 at standard, the seventh at least 85% of it).
    """
    states = _school_rule_states(context, rule)
    max_misses = rule.threshold(name="max_misses")
    rows, left = _scoped_rows(context, rule)
    for out in left:
        yield out.observation()
    for row, subject in zip(rows, _row_subjects(context, rule), strict=True):
        state = states[(row.school.id, row.stage_name.value)]
        gap = max(len(state.misses) - max_misses, len(state.below_floor), 0)
        parts = []
        if state.misses:
            parts.append("below standard: " + ", ".join(state.misses))
        if state.below_floor:
            parts.append("below the floor: " + ", ".join(state.below_floor))
        yield Observation(
            subject,
            state.verdict,
            measured=len(state.misses),
            required=max_misses,
            gap=gap if state.verdict is Outcome.SHORTFALL else 0,
            missing=tuple(
                f"{row.path}.{context.rules[r].params['numerator']}" for r in state.unknown
            ),
            note="; ".join(parts) or None,
            details={
                "below_standard": state.misses,
                "below_floor": state.below_floor,
                "unknown": state.unknown,
            },
        )


def stage_indicator(rule: Rule, context: Context) -> Iterator[Observation]:
    """One per-student indicator (L1–L7) for every stage in scope of its school-rule group.

    A miss is a shortfall only when the stage fails the school rule; a miss the rule
    allows is *tolerated*; and while unknown indicators keep the school rule open, a
    miss is not yet evaluable either way.
    """
    group = context.rules[rule.params["group"]]
    states = _school_rule_states(context, group)
    field = rule.params["numerator"]
    per = rule.params.get("per", 1)
    rows = resource_rows(context, group)
    values = _indicator_values(context, rule, group)
    subjects = _row_subjects(context, group)
    standards: dict[str, Exact] = {}
    if rule.provisions:
        yield from _stage_indicator_with_provisions(rule, context, group)
        return
    for row, value, subject in zip(rows, values, subjects, strict=True):
        stage = row.stage_name.value
        if stage not in standards:
            standards[stage] = rule.threshold(stage)
        required = standards[stage]
        if value is None:
            yield _unknown(subject, f"{row.path}.{field}", required=required)
            continue
        if not _below(value, required):
            yield Observation(subject, Outcome.MET, measured=value, required=required, gap=0)
            continue
        state = states[(row.school.id, stage)].verdict
        outcome = {
            Outcome.SHORTFALL: Outcome.SHORTFALL,
            Outcome.MET: Outcome.TOLERATED,
        }.get(state, Outcome.NOT_EVALUABLE)
        needed = Fraction(required) * row.stage.students / per - getattr(row.stage, field)
        note = None
        if outcome is Outcome.NOT_EVALUABLE:
            note = "below standard; whether the school rule tolerates it depends on unknown data"
        yield Observation(
            subject,
            outcome,
            measured=value,
            required=required,
            gap=required - value,
            remedies=_remedy(rule, needed),
            note=note,
        )


def _stage_indicator_with_provisions(
    rule: Rule, context: Context, group: Rule
) -> Iterator[Observation]:
    """:func:`stage_indicator` for a rule with provisions: each finding says which applied.

    Its details name the branch whose threshold applied, list the components of an
    adjusted measure, and show the raw and the rounded value where the rule rounds.
    """
    states = _school_rule_states(context, group)
    per = rule.params.get("per", 1)
    rows = resource_rows(context, group)
    subjects = _row_subjects(context, group)
    for row, subject in zip(rows, subjects, strict=True):
        stage = row.stage_name.value
        required, branch = _standard(rule, row, rule.threshold(stage))
        numerator, components, missing = _numerator(rule, row)
        details: dict[str, Any] = {}
        if branch is not None:
            details["branch"] = branch.trace
        if components:
            details["components"] = [component.shown() for component in components]
        if numerator is None:
            yield Observation(
                subject, Outcome.NOT_EVALUABLE, required=required,
                missing=tuple(f"{row.path}.{name}" for name in missing), details=details or None,
            )  # fmt: skip
            continue
        value = per_student(numerator, per, row.stage.students)
        compared, rounding = rounded(rule.provisions, value)
        if rounding is not None:
            details["rounded"] = {
                "raw": to_json_number(value), "compared": to_json_number(compared),
                "digits": rounding.digits, "mode": rounding.mode, "provision": rounding.trace,
            }  # fmt: skip
        if not _below(compared, required):
            yield Observation(
                subject, Outcome.MET, measured=value, required=required, gap=0,
                details=details or None,
            )  # fmt: skip
            continue
        state = states[(row.school.id, stage)].verdict
        outcome = {
            Outcome.SHORTFALL: Outcome.SHORTFALL,
            Outcome.MET: Outcome.TOLERATED,
        }.get(state, Outcome.NOT_EVALUABLE)
        needed = Fraction(required) * row.stage.students / per - numerator
        yield Observation(
            subject, outcome, measured=value, required=required, gap=required - value,
            remedies=_remedy(rule, needed), details=details or None,
            note=None if outcome is not Outcome.NOT_EVALUABLE else
            "below standard; whether the school rule tolerates it depends on unknown data",
        )  # fmt: skip


def coefficient_of_variation(rule: Rule, context: Context) -> Iterator[Observation]:
    """The student-weighted coefficient of variation of one indicator, per stage.

    ``X̄ = Σ numerator / Σ P``, ``S² = Σ (P_i/P)(x_i − X̄)²``, ``CV = S / X̄`` (criteria.md
    §1.2).  The verdict compares ``S² ≤ limit² · X̄²`` exactly; the CV shown is rounded.
    """
    indicator = context.rules[rule.params["indicator"]]
    group = context.rules[indicator.params["group"]]
    rows = resource_rows(context, group)
    per = indicator.params.get("per", 1)
    field = indicator.params["numerator"]
    for stage_name in StageName:
        stage_rows = [row for row in rows if row.stage_name is stage_name]
        limit = rule.threshold(stage_name.value)
        subject = Subject(county=context.county.code, stage=stage_name.value)
        if not stage_rows:
            continue
        missing = tuple(
            f"{row.path}.{field}" for row in stage_rows if getattr(row.stage, field) is None
        )
        if missing:
            yield _unknown(subject, *missing, required=limit)
            continue
        if len(stage_rows) < 2:
            yield Observation(
                subject,
                Outcome.NOT_EVALUABLE,
                required=limit,
                note="undefined: fewer than two schools of this stage",
            )
            continue
        yield _cv_observation(rule, stage_rows, field, per, limit, subject)


def _scaled(numerators: Sequence[Exact]) -> tuple[list[int], int]:
    """Whole ``a_i`` and one ``K`` with ``numerator_i = a_i / K`` (decimal data: K = 10ᵏ)."""
    scale = math.lcm(*(num.denominator for num in numerators))
    return [num.numerator * (scale // num.denominator) for num in numerators], scale


def weighted_cv_squared(pairs: Iterable[tuple[int, Exact]]) -> tuple[Fraction, Fraction] | None:
    """``(CV², X̄)`` of ``(students, numerator)`` pairs, exactly; ``None`` when ``X̄ = 0``.

    Works on numerators so that ``X̄ = Σ num / Σ P`` holds by construction (the
    per-100 scale cancels in the CV).  Expanding ``S² = Σ (P_i/P)(x_i − X̄)²`` gives
    ``CV² = P · Σ (n_i² / P_i) / (Σ n_i)² − 1``, which is computed in whole numbers
    over ``lcm(P_i)`` — the same rational as summing Fractions, far faster.
    """
    pairs = list(pairs)
    students = [count for count, _ in pairs]
    scaled, scale = _scaled([num for _, num in pairs])
    total = sum(students)
    top = sum(scaled)
    mean = Fraction(top, scale * total)
    if top == 0:
        return None
    common = math.lcm(*students)
    squares = sum(a * a * (common // count) for a, count in zip(scaled, students, strict=True))
    return Fraction(total * squares - top * top * common, top * top * common), mean


def _pulled_by(
    rows: Sequence[StageRow], numerators: Sequence[Exact], per: Exact, mean: Fraction
) -> list[dict[str, Any]]:
    """The five stages contributing most to the variance, largest first (ties by school id).

    Stage i contributes ``(P_i/P)(x_i − X̄)² = e_i² / (K² P_i P³)`` with
    ``e_i = a_i P − N P_i``; the common factor cancels in the order and the shares.
    """
    students = [row.stage.students for row in rows]
    scaled, _ = _scaled(numerators)
    total, top = sum(students), sum(scaled)
    weights = [
        ((a * total - top * count) ** 2, count) for a, count in zip(scaled, students, strict=True)
    ]
    common = math.lcm(*students)
    variance = Fraction(sum(square * (common // count) for square, count in weights), common)
    ranked = sorted(
        (
            (Fraction(square, count), row, num)
            for (square, count), row, num in zip(weights, rows, numerators, strict=True)
        ),
        key=lambda item: (-item[0], item[1].school.id),
    )
    pulled: list[dict[str, Any]] = []
    for contribution, row, num in ranked[:5]:
        value = per_student(num, per, row.stage.students)
        pulled.append(
            {
                "school": row.school.id,
                "name": row.school.name,
                "value": float(value),
                "students": row.stage.students,
                "share_of_variance": float(contribution / variance) if variance else 0.0,
                "direction": "below" if value < mean * per else "above",
            }
        )
    return pulled


def _cv_observation(  # noqa: PLR0913, PLR0917 - the CV inputs, named
    rule: Rule,
    rows: Sequence[StageRow],
    field: str,
    per: Exact,
    limit: Exact,
    subject: Subject,
) -> Observation:
    numerators = [getattr(row.stage, field) for row in rows]
    computed = weighted_cv_squared(
        (row.stage.students, num) for row, num in zip(rows, numerators, strict=True)
    )
    if computed is None:
        return Observation(
            subject, Outcome.NOT_EVALUABLE, required=limit, note="undefined: the county mean is 0"
        )
    cv_squared, mean = computed
    met = compare(cv_squared, rule.definition.comparator or "<=", Fraction(limit) ** 2)
    scale = 10**_CV_DIGITS
    shown = Fraction(
        math.isqrt(cv_squared.numerator * scale * scale // cv_squared.denominator), scale
    )
    details: dict[str, Any] = {
        "schools": len(rows),
        "students": sum(row.stage.students for row in rows),
        "mean": float(mean * per),
    }
    if not met:
        details["pulled_by"] = _pulled_by(rows, numerators, per, mean)
    return Observation(
        subject,
        Outcome.MET if met else Outcome.SHORTFALL,
        measured=shown,
        required=limit,
        gap=max(shown - Fraction(limit), Fraction(0)) if not met else 0,
        details=details,
    )


# --------------------------------------------------------------------------- per school


def _schools(
    rule: Rule, context: Context, left: list[Left] | None = None
) -> Iterator[tuple[int, Any]]:
    """The schools in a per-school rule's scope, its scope provisions applied.

    First by its ``exclude_kinds`` and ``kinds``, then widened and narrowed by its scope
    provisions; the schools those leave out go to ``left``.
    """
    excluded = _excluded(rule)
    kinds = rule.params.get("kinds")
    for index, school in enumerate(context.county.schools):
        by_kind = school.kind.value not in excluded and (
            kinds is None or school.kind.value in kinds
        )
        if not rule.provisions:
            if by_kind:
                yield index, school
            continue
        scope = exclusion(rule.provisions, school, in_scope=by_kind)
        if scope is True:
            yield index, school
        elif isinstance(scope, Provision) and left is not None:
            left.append(Left(Subject.of_school(school.id, school.name), scope))


def _school_value(
    rule: Rule, school: Any, name: str, key: str | None = None
) -> tuple[Exact, Provision | None]:
    """The value ``name`` (its ``key`` entry) for ``school``, by the branch that holds there."""
    base = rule.threshold(key, name=name)
    if not rule.provisions:
        return base, None
    value, branch = branch_value(
        rule.provisions,
        base,
        name,
        key,
        school,
        None,
        rule.definition.stricter_directions().get(name),
    )
    return value, branch


def _with_branch(
    details: Mapping[str, Any] | None, branch: Provision | None
) -> Mapping[str, Any] | None:
    if branch is None:
        return details
    return {**(details or {}), "branch": branch.trace}


def school_rooms(rule: Rule, context: Context) -> Iterator[Observation]:
    """Rooms of at least ``min_area`` m², one per ``classes_per_room`` classes (at least one)."""
    field = rule.params["rooms"]
    per_classes = rule.params["classes_per_room"]
    min_rooms = rule.threshold(name="min_rooms")
    left: list[Left] = []
    for index, school in _schools(rule, context, left):
        min_area, branch = _school_value(rule, school, "min_area")
        shown_area = to_json_number(min_area)
        subject = Subject.of_school(school.id, school.name)
        required = max(min_rooms, -(-school.classes // per_classes))
        rooms = getattr(school, field)
        if rooms is None:
            yield _unknown(subject, f"schools[{index}].{field}", required=required)
            continue
        adequate = sum(1 for area in rooms if not _below(area, min_area))
        outcome, gap = _judge(adequate, ">=", required)
        yield Observation(
            subject,
            outcome,
            measured=adequate,
            required=required,
            gap=gap,
            remedies=_remedy(rule, gap),
            details=_with_branch({"min_area_m2": shown_area, "rooms": len(rooms)}, branch),
        )
    yield from (out.observation() for out in left)


def school_size(rule: Rule, context: Context) -> Iterator[Observation]:
    """A school's compulsory-education enrolment against the limit for its kind."""
    left: list[Left] = []
    for _, school in _schools(rule, context, left):
        limit, branch = _school_value(rule, school, "threshold", school.kind.value)
        outcome, gap = _judge(school.students, rule.definition.comparator or "<=", limit)
        yield Observation(
            Subject.of_school(school.id, school.name),
            outcome,
            measured=school.students,
            required=limit,
            gap=gap,
            remedies=_remedy(rule, gap),
            details=_with_branch(None, branch),
        )
    yield from (out.observation() for out in left)


def class_size(rule: Rule, context: Context) -> Iterator[Observation]:
    """Each stage's largest class against the stage's limit."""
    left: list[Left] = []
    for index, school in _schools(rule, context, left):
        for stage_name, stage in school.stages.items():
            if stage.students == 0:
                continue
            subject = Subject.of_stage(school.id, stage_name.value, school.name)
            limit = rule.threshold(stage_name.value)
            if stage.largest_class is None:
                path = f"schools[{index}].stages.{stage_name.value}.largest_class"
                yield _unknown(subject, path, required=limit)
                continue
            outcome, gap = _judge(stage.largest_class, rule.definition.comparator or "<=", limit)
            yield Observation(
                subject, outcome, measured=stage.largest_class, required=limit, gap=gap
            )
    yield from (out.observation() for out in left)


def small_school_funding(rule: Rule, context: Context) -> Iterator[Observation]:
    """Small village schools and teaching points funded as if they had ``floor_students``.

    A school is in scope when its kind is in ``params.kinds_in_scope`` or its area in
    ``params.areas_in_scope``, and it has fewer than ``floor_students`` students.  The
    floor is the per-student baseline of each stage, weighted by the school's own mix.
    """
    floor = rule.threshold(name="floor_students")
    kinds = set(rule.params.get("kinds_in_scope", ()))
    areas = set(rule.params.get("areas_in_scope", ()))
    baselines: Mapping[str, str] = rule.params["baselines"]
    for index, school in _schools(rule, context):
        if school.kind.value not in kinds and school.area.value not in areas:
            continue
        students = school.students
        if students == 0 or students >= floor:
            continue
        subject = Subject.of_school(school.id, school.name)
        missing = [
            baselines[name.value]
            for name, stage in school.stages.items()
            if stage.students and context.value_at(baselines[name.value]) is None
        ]
        if school.public_funds_yuan is None:
            missing.append(f"schools[{index}].public_funds_yuan")
        if missing:
            yield _unknown(subject, *missing)
            continue
        required = sum(
            (
                Fraction(context.value_at(baselines[name.value]))
                * floor
                * stage.students
                / students
                for name, stage in school.stages.items()
            ),
            Fraction(0),
        )
        outcome, gap = _judge(school.public_funds_yuan, ">=", required)
        yield Observation(
            subject,
            outcome,
            measured=school.public_funds_yuan,
            required=required,
            gap=gap,
            remedies=_remedy(rule, gap),
            details={"students": students},
        )


def per_student_funding(rule: Rule, context: Context) -> Iterator[Observation]:
    """A school's ``params.funds`` per ``params.students`` against the threshold."""
    funds_field = rule.params["funds"]
    students_field = rule.params["students"]
    required = rule.threshold()
    for index, school in _schools(rule, context):
        subject = Subject.of_school(school.id, school.name)
        funds = getattr(school, funds_field)
        students = getattr(school, students_field)
        missing = tuple(
            f"schools[{index}].{f}"
            for f, v in ((funds_field, funds), (students_field, students))
            if v is None
        )
        if missing:
            yield _unknown(subject, *missing, required=required)
            continue
        if students == 0:
            yield Observation(
                subject,
                Outcome.NOT_EVALUABLE,
                required=required,
                note=f"undefined: {students_field} is 0",
            )
            continue
        measured = Fraction(funds) / students
        outcome, gap = _judge(measured, ">=", required)
        yield Observation(
            subject,
            outcome,
            measured=measured,
            required=required,
            gap=gap,
            remedies=_remedy(rule, gap * students),
        )


def school_ratio(rule: Rule, context: Context) -> Iterator[Observation]:
    """A school's ``numerator / denominator × scale`` against the threshold (training ≥ 5%)."""
    numerator_field = rule.params["numerator"]
    denominator_field = rule.params["denominator"]
    scale = rule.params.get("scale", 1)
    for index, school in _schools(rule, context):
        subject = Subject.of_school(school.id, school.name)
        numerator = getattr(school, numerator_field)
        denominator = getattr(school, denominator_field)
        yield _ratio_observation(
            rule,
            subject,
            (f"schools[{index}].{numerator_field}", numerator),
            (f"schools[{index}].{denominator_field}", denominator),
            scale,
        )


BUILTIN_EVALUATORS: Mapping[str, Evaluator] = {
    "class_size": class_size,
    "coefficient_of_variation": coefficient_of_variation,
    "county_compare": county_compare,
    "county_ratio": county_ratio,
    "county_value": county_value,
    "each_item": each_item,
    "flag": flag,
    "manual": manual,
    "per_student_funding": per_student_funding,
    "school_ratio": school_ratio,
    "school_rooms": school_rooms,
    "school_rule": school_rule,
    "school_size": school_size,
    "small_school_funding": small_school_funding,
    "stage_indicator": stage_indicator,
    "years_since": years_since,
}
"""Evaluators every installation has; plugins add more through ``edu_rules_evaluators``."""

_SCOPE = frozenset({ProvisionKind.EXCLUDE, ProvisionKind.INCLUDE})

PROVISIONS: Mapping[str, frozenset[ProvisionKind]] = {
    "school_rule": _SCOPE,
    "stage_indicator": frozenset(
        {ProvisionKind.BRANCH, ProvisionKind.ADD, ProvisionKind.SUBTRACT, ProvisionKind.ROUNDING}
    ),
    "school_rooms": _SCOPE | {ProvisionKind.BRANCH},
    "school_size": _SCOPE | {ProvisionKind.BRANCH},
    "class_size": _SCOPE,
}
"""The provisions each built-in evaluator applies (see :mod:`edu_rules.provisions`); a rule
whose evaluator is not listed, or a provision of another kind, is refused at load time.
Scope provisions of the resource indicators and their CVs go on their group rule
(``national.school_rule``)."""

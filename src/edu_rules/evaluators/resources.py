"""Resource allocation: per-student indicators (L1–L7) and the school rule.

教督〔2017〕6号 · 资源配置: each school stage's seven indicators against their
standards, and the school rule that tolerates a few misses above a floor.  The
coefficient of variation of each indicator between schools is
:mod:`edu_rules.evaluators.balance`'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

from edu_rules._numbers import Exact, to_json_number
from edu_rules.evaluators import _kernels, boundaries
from edu_rules.evaluators._common import Left, _below, _excluded, _remedy, _unknown
from edu_rules.evaluators.base import Chart, Evaluator, Planned
from edu_rules.model._columns import Row
from edu_rules.model.evaluation import Context, Observation, StageRow
from edu_rules.model.provisions import (
    Component,
    Provision,
    ProvisionKind,
    adjusted,
    branch_value,
    exclusion,
    rounded,
)
from edu_rules.model.result import Outcome, Subject
from edu_rules.model.rules import Rule


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


def per_student(numerator: Exact, per: Exact, students: int) -> Exact:
    """``numerator × per / students`` exactly: an ``int`` when whole, else a ``Fraction``.

    One normalisation instead of three Fraction operations (the hot path of L1–L7).
    """
    top = numerator.numerator * per.numerator
    bottom = numerator.denominator * per.denominator * students
    whole, rest = divmod(top, bottom)
    return whole if rest == 0 else Fraction(top, bottom)


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
        schools = _kernels.schools(context)  # the subjects every kernel shares
        rows = resource_rows(context, group)
        subjects = []
        for row, stage in zip(rows, _kernels.stage_facts(context, group, rows).stages, strict=True):
            for name, _, subject in schools[row.index].stages:
                if name == stage:
                    subjects.append(subject)
        return subjects

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


def _mark_in_integers(
    context: Context, group: Rule, indicator: Rule, floor: Exact, states: Sequence[_StageState]
) -> None:
    """:func:`_mark_indicator` by the integer kernel (an indicator without provisions)."""
    unknown, below, below_floor = _kernels.indicator_shortfalls(
        context, group, resource_rows(context, group), indicator, floor
    )
    name = indicator.id
    for position in unknown:
        states[position].unknown.append(name)
    for position in below:
        states[position].misses.append(name)
    for position in below_floor:
        states[position].below_floor.append(name)


def _mark_indicator(
    context: Context, group: Rule, indicator: Rule, floor: Exact, states: Sequence[_StageState]
) -> None:
    """Record, in each row's state, whether ``indicator`` is unknown, missed or below the floor."""
    if context.kernels and not indicator.provisions:
        _mark_in_integers(context, group, indicator, floor, states)
        return
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
        stages = _kernels.stage_facts(context, group, rows).stages
        for row, stage, state in zip(rows, stages, states, strict=True):
            if state.below_floor or len(state.misses) > max_misses:
                state.verdict = Outcome.SHORTFALL
            elif state.unknown:
                state.verdict = Outcome.NOT_EVALUABLE
            by_stage[(row.school.id, stage)] = state
        return by_stage

    states: Mapping[tuple[str, str], _StageState] = context.memo(("school_rule", group.id), compute)
    return states


def _school_rule_list(context: Context, group: Rule) -> Sequence[_StageState]:
    """The school rule's state of each row of ``group``, in row order, once per county."""

    def compute() -> list[_StageState]:
        states = _school_rule_states(context, group)
        rows = resource_rows(context, group)
        stages = _kernels.stage_facts(context, group, rows).stages
        return [states[(row.school.id, stage)] for row, stage in zip(rows, stages, strict=True)]

    found: Sequence[_StageState] = context.memo(("school_rule_list", group.id), compute)
    return found


def _school_rule_verdicts(context: Context, group: Rule) -> Sequence[Outcome]:
    """The school rule's verdict of each row of ``group``, in row order, once per county."""

    def compute() -> list[Outcome]:
        return [state.verdict for state in _school_rule_list(context, group)]

    found: Sequence[Outcome] = context.memo(("school_rule_verdicts", group.id), compute)
    return found


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


# --------------------------------------------------------------------------- rows in integers

_TOLERANCE_UNKNOWN = "below standard; whether the school rule tolerates it depends on unknown data"
_BY_STATE = {Outcome.SHORTFALL: Outcome.SHORTFALL, Outcome.MET: Outcome.TOLERATED}


def stage_indicator_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`~edu_rules.evaluators.resources.stage_indicator`, in whole numbers.

    ``None`` when the rule carries provisions (the traced object path judges it).
    """
    if rule.provisions:
        return None
    group = context.rules[rule.params["group"]]
    verdicts = _school_rule_verdicts(context, group)
    field = rule.params["numerator"]
    rows = resource_rows(context, group)
    column, scale = _kernels.column(context, group, rows, field)
    facts = _kernels.stage_facts(context, group, rows)
    subjects = _row_subjects(context, group)
    p, q = _kernels.parts(rule.params.get("per", 1))
    # value = a·p / (K·q·P) = top / bottom; it meets c/d when top·d ≥ c·bottom
    limits: dict[str, tuple[int, int, int | float]] = {}
    for stage in facts.positions:
        required_exact = rule.threshold(stage)
        limits[stage] = (*_kernels.parts(required_exact), to_json_number(required_exact))
    kq = scale * q
    remedy = _kernels.Remedies(rule)
    out: list[Row] = []
    append = out.append
    met, unknown = Outcome.MET, Outcome.NOT_EVALUABLE
    for position, (a, stage, students, subject) in enumerate(
        zip(column, facts.stages, facts.students, subjects, strict=True)
    ):
        c, d, required = limits[stage]
        if a is None:
            missing = (f"{rows[position].path}.{field}",)
            append((subject, unknown, None, required, None, (), missing, None, None))
            continue
        top = a * p
        bottom = kq * students
        whole, rest = divmod(top, bottom)
        measured = whole if rest == 0 else top / bottom
        if top * d >= c * bottom:
            append((subject, met, measured, required, 0, (), (), None, None))
            continue
        outcome = _BY_STATE.get(verdicts[position], unknown)
        # needed = c/d · P · q/p − a/K, the numerator still missing
        remedies = remedy(c * students * kq - a * d * p, d * p * scale)
        gap = _kernels.json_ratio(c * bottom - top * d, d * bottom)
        note = _TOLERANCE_UNKNOWN if outcome is unknown else None
        append((subject, outcome, measured, required, gap, remedies, (), note, None))
    return out


def school_rule_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`~edu_rules.evaluators.resources.school_rule`, without provisions."""
    if rule.provisions:
        return None
    states = _school_rule_list(context, rule)
    max_misses = rule.threshold(name="max_misses")
    required = to_json_number(max_misses)
    numerators = {r: context.rules[r].params["numerator"] for r in rule.params["indicators"]}
    out: list[Row] = []
    rows = resource_rows(context, rule)
    for row, subject, state in zip(rows, _row_subjects(context, rule), states, strict=True):
        misses, below, unknown = state.misses, state.below_floor, state.unknown
        note = None
        if misses:
            note = "below standard: " + ", ".join(misses)
            if below:
                note += "; below the floor: " + ", ".join(below)
        elif below:
            note = "below the floor: " + ", ".join(below)
        missing: tuple[str, ...] = ()
        if unknown:
            path = row.path
            missing = tuple(f"{path}.{numerators[r]}" for r in unknown)
        verdict = state.verdict
        gap = max(len(misses) - max_misses, len(below), 0) if verdict is Outcome.SHORTFALL else 0
        details = {"below_standard": misses, "below_floor": below, "unknown": unknown}
        out.append((subject, verdict, len(misses), required, gap, (), missing, note, details))
    return out


INDICATOR = Evaluator(
    stage_indicator,
    rows=stage_indicator_rows,
    boundaries=boundaries.StageIndicator(),
    chart=Chart("indicator"),
    provisions=frozenset(
        {ProvisionKind.BRANCH, ProvisionKind.ADD, ProvisionKind.SUBTRACT, ProvisionKind.ROUNDING}
    ),
)
SCHOOL_RULE = Evaluator(
    school_rule,
    rows=school_rule_rows,
    remedy=Planned.SCHOOL_RULE,
    provisions=frozenset({ProvisionKind.EXCLUDE, ProvisionKind.INCLUDE, ProvisionKind.SPLIT}),
)

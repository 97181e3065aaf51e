"""Exact integer kernels for the built-in per-stage evaluators.

For a rule without provisions, :func:`stage_indicator_rows`, :func:`school_rule_rows`
and the school rule's per-stage states compare in whole numbers: each numerator
column is read once as integers over one common denominator (``a_i / K``, ``K = 10ᵏ``
for decimal data), a threshold ``c / d`` and ``per = p / q`` once per stage, and
``a_i · p / (K · q · P_i) < c / d`` becomes ``a_i · p · d < c · K · q · P_i``.  No
``Fraction`` and no object per value is made; a finding's row is a plain tuple
(:data:`edu_rules.model._columns.Row`) with its JSON numbers, the same numbers the
reference path (:mod:`edu_rules.evaluators.resources`) gives, as a differential test
shows on every finding.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from edu_rules._numbers import Exact, to_json_number
from edu_rules.model._columns import Row
from edu_rules.model.evaluation import Context, StageRow
from edu_rules.model.result import Outcome, Remedy
from edu_rules.model.rules import Rule

_TOLERANCE_UNKNOWN = "below standard; whether the school rule tolerates it depends on unknown data"
_BY_STATE = {Outcome.SHORTFALL: Outcome.SHORTFALL, Outcome.MET: Outcome.TOLERATED}


def json_ratio(top: int, bottom: int) -> int | float:
    """``top / bottom`` (``bottom > 0``) as :func:`~edu_rules._numbers.to_json_number` writes it.

    Whole: the ``int``; else the correctly rounded double of the rational, which is what
    ``float(Fraction(top, bottom))`` gives (integer true division rounds correctly).
    """
    whole, rest = divmod(top, bottom)
    return whole if rest == 0 else top / bottom


def scaled_column(rows: Sequence[StageRow], field: str) -> tuple[list[int | None], int]:
    """The ``field`` of every row as whole ``a_i`` over one ``K`` (``None`` where unknown)."""
    values: list[Exact | None] = [getattr(row.stage, field) for row in rows]
    scale = math.lcm(*(value.denominator for value in values if value is not None))
    return [
        None if value is None else value.numerator * (scale // value.denominator)
        for value in values
    ], scale


def _column(context: Context, group: Rule, field: str) -> tuple[list[int | None], int]:
    from edu_rules.evaluators.resources import resource_rows

    def compute() -> tuple[list[int | None], int]:
        return scaled_column(resource_rows(context, group), field)

    found: tuple[list[int | None], int] = context.memo(("scaled", group.id, field), compute)
    return found


def _parts(value: Exact) -> tuple[int, int]:
    return value.numerator, value.denominator


def indicator_shortfalls(
    context: Context, group: Rule, indicator: Rule, floor: Exact
) -> list[tuple[bool | None, bool]]:
    """Per row of ``group``: (below standard, or ``None`` if unknown; below ``floor`` × standard).

    The integer form of :func:`edu_rules.evaluators.resources._mark_indicator` for an
    indicator without provisions.
    """
    from edu_rules.evaluators.resources import resource_rows

    rows = resource_rows(context, group)
    column, scale = _column(context, group, indicator.params["numerator"])
    p, q = _parts(indicator.params.get("per", 1))
    f, g = _parts(floor)
    limits: dict[str, tuple[int, int, int]] = {}
    marks: list[tuple[bool | None, bool]] = []
    for row, a in zip(rows, column, strict=True):
        if a is None:
            marks.append((None, False))
            continue
        stage = row.stage_name.value
        limit = limits.get(stage)
        if limit is None:
            c, d = _parts(indicator.threshold(stage))
            # a·p/(K·q·P) < c/d  ⇔  a·p·d < c·K·q·P ; against the floor, × f/g on the right
            limit = limits[stage] = (p * d, c * scale * q, g)
        left, right, g_ = limit
        measured = a * left
        bound = right * row.stage.students
        if measured < bound:
            marks.append((True, measured * g_ < bound * f))
        else:
            marks.append((False, False))
    return marks


def stage_indicator_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`~edu_rules.evaluators.resources.stage_indicator`, in whole numbers.

    ``None`` when the rule carries provisions (the traced object path judges it).
    """
    if rule.provisions:
        return None
    from edu_rules.evaluators.resources import (
        _row_subjects,
        _school_rule_states,
        resource_rows,
    )

    group = context.rules[rule.params["group"]]
    states = _school_rule_states(context, group)
    field = rule.params["numerator"]
    rows = resource_rows(context, group)
    column, scale = _column(context, group, field)
    subjects = _row_subjects(context, group)
    p, q = _parts(rule.params.get("per", 1))
    unit = rule.params.get("remedy_unit")
    whole = rule.params.get("whole", False)
    per_stage: dict[str, tuple[int, int, int | float]] = {}
    out: list[Row] = []
    append = out.append
    met = Outcome.MET
    for row, a, subject in zip(rows, column, subjects, strict=True):
        stage = row.stage_name.value
        known = per_stage.get(stage)
        if known is None:
            required_exact = rule.threshold(stage)
            c, d = _parts(required_exact)
            known = per_stage[stage] = (c, d, to_json_number(required_exact))
        c, d, required = known
        if a is None:
            missing = (f"{row.path}.{field}",)
            append((subject, Outcome.NOT_EVALUABLE, None, required, None, (), missing, None, None))
            continue
        students = row.stage.students
        top = a * p  # value = top / bottom
        bottom = scale * q * students
        if top * d >= c * bottom:
            append((subject, met, json_ratio(top, bottom), required, 0, (), (), None, None))
            continue
        outcome = _BY_STATE.get(states[(row.school.id, stage)].verdict, Outcome.NOT_EVALUABLE)
        # needed = c/d · P · q/p − a/K, the numerator still missing
        need_top = c * students * q * scale - a * d * p
        remedies: tuple[Remedy, ...] = ()
        if unit is not None and need_top > 0:
            need_bottom = d * p * scale
            quantity = -(-need_top // need_bottom) if whole else json_ratio(need_top, need_bottom)
            remedies = (Remedy(quantity=quantity, unit=unit),)
        append(
            (
                subject,
                outcome,
                json_ratio(top, bottom),
                required,
                json_ratio(c * bottom - top * d, d * bottom),
                remedies,
                (),
                _TOLERANCE_UNKNOWN if outcome is Outcome.NOT_EVALUABLE else None,
                None,
            )
        )
    return out


def school_rule_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`~edu_rules.evaluators.resources.school_rule`, without provisions."""
    if rule.provisions:
        return None
    from edu_rules.evaluators.resources import _row_subjects, _school_rule_states, resource_rows

    states = _school_rule_states(context, rule)
    max_misses = rule.threshold(name="max_misses")
    required = to_json_number(max_misses)
    numerators = {r: context.rules[r].params["numerator"] for r in rule.params["indicators"]}
    out: list[Row] = []
    rows = resource_rows(context, rule)
    for row, subject in zip(rows, _row_subjects(context, rule), strict=True):
        state = states[(row.school.id, row.stage_name.value)]
        misses, below = state.misses, state.below_floor
        parts = []
        if misses:
            parts.append("below standard: " + ", ".join(misses))
        if below:
            parts.append("below the floor: " + ", ".join(below))
        shortfall = state.verdict is Outcome.SHORTFALL
        details: dict[str, Any] = {
            "below_standard": misses,
            "below_floor": below,
            "unknown": state.unknown,
        }
        out.append(
            (
                subject,
                state.verdict,
                len(misses),
                required,
                max(len(misses) - max_misses, len(below), 0) if shortfall else 0,
                (),
                tuple(f"{row.path}.{numerators[r]}" for r in state.unknown),
                "; ".join(parts) or None,
                details,
            )
        )
    return out

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

from edu_rules._numbers import Exact
from edu_rules.model.evaluation import Context, StageRow
from edu_rules.model.rules import Rule


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


def column(
    context: Context, group: Rule, rows: Sequence[StageRow], field: str
) -> tuple[list[int | None], int]:
    """:func:`scaled_column` of ``group``'s ``rows``, worked out once per county."""

    def compute() -> tuple[list[int | None], int]:
        return scaled_column(rows, field)

    found: tuple[list[int | None], int] = context.memo(("scaled", group.id, field), compute)
    return found


def parts(value: Exact) -> tuple[int, int]:
    return value.numerator, value.denominator


def indicator_shortfalls(
    context: Context, group: Rule, rows: Sequence[StageRow], indicator: Rule, floor: Exact
) -> list[tuple[bool | None, bool]]:
    """Per row of ``group``: (below standard, or ``None`` if unknown; below ``floor`` × standard).

    The integer form of :func:`edu_rules.evaluators.resources._mark_indicator` for an
    indicator without provisions.
    """
    numerators, scale = column(context, group, rows, indicator.params["numerator"])
    p, q = parts(indicator.params.get("per", 1))
    f, g = parts(floor)
    limits: dict[str, tuple[int, int, int]] = {}
    marks: list[tuple[bool | None, bool]] = []
    for row, a in zip(rows, numerators, strict=True):
        if a is None:
            marks.append((None, False))
            continue
        stage = row.stage_name.value
        limit = limits.get(stage)
        if limit is None:
            c, d = parts(indicator.threshold(stage))
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

"""Balance: the student-weighted coefficient of variation of each indicator between schools.

教督〔2017〕6号 · 资源配置, 差异系数: for each indicator (L1–L7) and stage, ``CV = S / X̄``
with ``X̄ = Σ numerator / Σ P`` and ``S² = Σ (P_i/P)(x_i − X̄)²`` over the school stages
in scope of the indicator's group.  The verdict compares ``CV²`` with ``limit²`` exactly,
or — where the rule carries a ``rounding`` provision — the CV rounded exactly
(:func:`~edu_rules.evaluators.measures.rounded_root`).  The numerators are the indicator's
measure, its ``add`` / ``subtract`` provisions applied
(:func:`~edu_rules.evaluators.measures.cv_measure`).  :func:`coefficient_of_variation` is
the reference; :func:`coefficient_of_variation_rows` the integer kernel for a rule and an
indicator without provisions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any

from edu_rules._numbers import Exact, to_json_number
from edu_rules.evaluators import _kernels, boundaries
from edu_rules.evaluators._common import _unknown
from edu_rules.evaluators.base import Chart, Evaluator, Planned
from edu_rules.evaluators.measures import adjusts_measure, cv_measure, rounded_root
from edu_rules.evaluators.resources import per_student, resource_rows
from edu_rules.model._columns import Row
from edu_rules.model.county import STAGE_NAMES, StageName
from edu_rules.model.evaluation import Context, Observation, StageRow, compare
from edu_rules.model.provisions import ProvisionKind, of_kind
from edu_rules.model.result import Outcome, Subject
from edu_rules.model.rules import Rule

_CV_DIGITS = 12  # the measured CV is shown to 12 decimals; the verdict compares CV² exactly


def coefficient_of_variation(rule: Rule, context: Context) -> Iterator[Observation]:
    """The student-weighted coefficient of variation of one indicator, per stage.

    ``X̄ = Σ numerator / Σ P``, ``S² = Σ (P_i/P)(x_i − X̄)²``, ``CV = S / X̄``
    (教督〔2017〕6号 · 资源配置, 差异系数).  The verdict compares ``S² ≤ limit² · X̄²``
    exactly; the CV shown is rounded.  The numerators are the indicator's measure, its
    ``add`` / ``subtract`` provisions applied (:func:`~edu_rules.evaluators.measures.cv_measure`);
    a ``rounding`` provision of the CV rule rounds the CV, exactly, before it is compared.
    """
    indicator = context.rules[rule.params["indicator"]]
    group = context.rules[indicator.params["group"]]
    rows = resource_rows(context, group)
    per = indicator.params.get("per", 1)
    for stage_name in StageName:
        stage_rows = [row for row in rows if row.stage_name is stage_name]
        limit = rule.threshold(stage_name.value)
        subject = Subject(county=context.county.code, stage=stage_name.value)
        if not stage_rows:
            continue
        measured = [cv_measure(indicator, row) for row in stage_rows]
        missing = tuple(path for _, paths in measured for path in paths)
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
        numerators = [value if value is not None else 0 for value, _ in measured]
        yield _cv_observation(rule, context, stage_rows, numerators, (per, limit), subject)


def _scaled(numerators: Sequence[Exact]) -> tuple[list[int], int]:
    """Whole ``a_i`` and one ``K`` with ``numerator_i = a_i / K`` (decimal data: K = 10ᵏ)."""
    scale = math.lcm(*(num.denominator for num in numerators))
    return [num.numerator * (scale // num.denominator) for num in numerators], scale


def _cv_parts(pairs: Iterable[tuple[int, Exact]]) -> tuple[int, int, int, int] | None:
    """``CV² = top / bottom`` and ``X̄ = mean_top / mean_bottom`` in whole numbers, or ``None``.

    See :func:`weighted_cv_squared`; nothing here is reduced to lowest terms.
    """
    pairs = list(pairs)
    students = [count for count, _ in pairs]
    scaled, scale = _scaled([num for _, num in pairs])
    total = sum(students)
    top = sum(scaled)
    if top == 0:
        return None
    common = math.lcm(*students)
    squares = sum(a * a * (common // count) for a, count in zip(scaled, students, strict=True))
    return total * squares - top * top * common, top * top * common, top, scale * total


def weighted_cv_squared(pairs: Iterable[tuple[int, Exact]]) -> tuple[Fraction, Fraction] | None:
    """``(CV², X̄)`` of ``(students, numerator)`` pairs, exactly; ``None`` when ``X̄ = 0``.

    Works on numerators so that ``X̄ = Σ num / Σ P`` holds by construction (the
    per-100 scale cancels in the CV).  Expanding ``S² = Σ (P_i/P)(x_i − X̄)²`` gives
    ``CV² = P · Σ (n_i² / P_i) / (Σ n_i)² − 1``, which is computed in whole numbers
    over ``lcm(P_i)`` — the same rational as summing Fractions, far faster.
    """
    parts = _cv_parts(pairs)
    if parts is None:
        return None
    cv_top, cv_bottom, mean_top, mean_bottom = parts
    return Fraction(cv_top, cv_bottom), Fraction(mean_top, mean_bottom)


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


def _cv_observation(  # noqa: PLR0913, PLR0917 - one stage's CV has this many inputs
    rule: Rule,
    context: Context,
    rows: Sequence[StageRow],
    numerators: Sequence[Exact],
    measure: tuple[Exact, Exact],
    subject: Subject,
) -> Observation:
    """The CV finding of one stage: its rows' ``numerators``; ``measure`` is ``per`` and the limit.

    Where the rule rounds (a ``rounding`` provision), the rounded CV is compared and the
    details show the raw and the compared value.
    """
    per, limit = measure
    computed = _cv_parts(
        (row.stage.students, num) for row, num in zip(rows, numerators, strict=True)
    )
    if computed is None:
        return Observation(
            subject, Outcome.NOT_EVALUABLE, required=limit, note="undefined: the county mean is 0"
        )
    cv_top, cv_bottom, mean_top, mean_bottom = computed
    comparator = rule.definition.comparator or "<="
    rounding = of_kind(rule.provisions, ProvisionKind.ROUNDING)
    compared: Fraction | None = None
    if rounding:
        compared = rounded_root(cv_top, cv_bottom, rounding[-1].digits or 0, rounding[-1].mode)
        met = compare(compared, comparator, Fraction(limit))
    elif context.kernels:  # CV² <op> limit² as cv_top · d² <op> n² · cv_bottom (limit = n / d)
        n, d = limit.numerator, limit.denominator
        met = compare(cv_top * d * d, comparator, n * n * cv_bottom)
    else:
        met = compare(Fraction(cv_top, cv_bottom), comparator, Fraction(limit) ** 2)
    scale = 10**_CV_DIGITS
    shown = Fraction(math.isqrt(cv_top * scale * scale // cv_bottom), scale)
    details: dict[str, Any] = {
        "schools": len(rows),
        "students": sum(row.stage.students for row in rows),
        "mean": (mean_top * per.numerator) / (mean_bottom * per.denominator),
    }
    if compared is not None:
        details["rounded"] = {
            "raw": to_json_number(shown),
            "compared": to_json_number(compared),
            "digits": rounding[-1].digits,
            "mode": rounding[-1].mode,
            "provision": rounding[-1].trace,
        }
    if not met:
        details["pulled_by"] = _pulled_by(rows, numerators, per, Fraction(mean_top, mean_bottom))
    gap: Exact = 0
    if not met:
        # how far the raw CV is over the limit; where only the rounded CV is, that distance
        gap = max(shown - Fraction(limit), Fraction(0))
        if gap == 0 and compared is not None:
            gap = max(compared - Fraction(limit), Fraction(0))
    return Observation(
        subject,
        Outcome.MET if met else Outcome.SHORTFALL,
        measured=shown,
        required=limit,
        gap=gap,
        details=details,
    )


def coefficient_of_variation_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`coefficient_of_variation`, in whole numbers.

    ``None`` where the CV rule has provisions (a rounding) or its indicator adjusts its
    measure (``add`` / ``subtract``): the evaluator object judges those, and says so.

    The stage's numerators are the group's column (one ``K`` for the county: the CV,
    its rounding and the mean are the same rationals whatever ``K``); the students'
    weights are worked out once per county and stage, shared by the seven CVs.
    """
    indicator = context.rules[rule.params["indicator"]]
    if rule.provisions or adjusts_measure(indicator):
        return None  # a rounded CV, or the indicator's adjusted measure: the traced path
    group = context.rules[indicator.params["group"]]
    rows = resource_rows(context, group)
    field = indicator.params["numerator"]
    column = _kernels.column(context, group, rows, field)
    positions_of = _kernels.stage_facts(context, group, rows).positions
    unknown = Outcome.NOT_EVALUABLE
    out: list[Row] = []
    for stage in STAGE_NAMES:
        limit = rule.threshold(stage)
        positions = positions_of.get(stage)
        if positions is None:
            continue
        subject = _stage_subject(context, stage)
        required = to_json_number(limit)
        missing = tuple(f"{rows[i].path}.{field}" for i in positions if column[0][i] is None)
        if missing:
            out.append((subject, unknown, None, required, None, (), missing, None, None))
        elif len(positions) < 2:
            out.append((subject, unknown, None, required, None, (), (), _FEWER_THAN_TWO, None))
        else:
            stage_rows = [rows[i] for i in positions]
            weights = _cv_weights(context, group, stage)
            measure = (indicator, stage_rows, column, positions)
            out.append(_cv_row(rule, subject, measure, weights, limit))
    return out


def _cv_row(
    rule: Rule,
    subject: Subject,
    measure: tuple[Rule, Sequence[StageRow], tuple[list[int | None], int], Sequence[int]],
    weights: tuple[int, int, Sequence[int]],
    limit: Exact,
) -> Row:
    """The CV row of one stage of two or more rows, every numerator known.

    ``measure``: the indicator, the stage's rows, the group's column and the stage's
    positions in it; ``weights``: :func:`_cv_weights`.
    """
    indicator, rows, (column, scale), positions = measure
    total, common, multipliers = weights
    values = [column[i] or 0 for i in positions]  # none is unknown here
    top = sum(values)
    required = to_json_number(limit)
    if top == 0:
        return (subject, Outcome.NOT_EVALUABLE, None, required, None, (), (), _MEAN_ZERO, None)
    squares = sum(a * a * weight for a, weight in zip(values, multipliers, strict=True))
    cv_bottom = top * top * common
    cv_top = total * squares - cv_bottom  # CV² = cv_top / cv_bottom
    n, d = _kernels.parts(limit)
    met = _kernels.met(rule.definition.comparator or "<=", cv_top, cv_bottom, n * n, d * d)
    shown_scale = 10**_CV_DIGITS
    shown = math.isqrt(cv_top * shown_scale * shown_scale // cv_bottom)
    per = indicator.params.get("per", 1)
    p, q = _kernels.parts(per)
    details: dict[str, Any] = {
        "schools": len(positions),
        "students": total,
        "mean": (top * p) / (scale * total * q),
    }
    if met:
        measured = _kernels.json_ratio(shown, shown_scale)
        return (subject, Outcome.MET, measured, required, 0, (), (), None, details)
    field = indicator.params["numerator"]
    numerators = [getattr(row.stage, field) for row in rows]
    details["pulled_by"] = _pulled_by(rows, numerators, per, Fraction(top, scale * total))
    above = shown * d - n * shown_scale
    gap = _kernels.json_ratio(above, shown_scale * d) if above > 0 else 0
    measured = _kernels.json_ratio(shown, shown_scale)
    return (subject, Outcome.SHORTFALL, measured, required, gap, (), (), None, details)


_FEWER_THAN_TWO = "undefined: fewer than two schools of this stage"
_MEAN_ZERO = "undefined: the county mean is 0"


def _stage_subject(context: Context, stage: str) -> Subject:
    """The subject of a county-wide finding about one stage, built once per county."""
    known: dict[str, Subject] = context.memo("county_stage_subjects", dict)
    subject = known.get(stage)
    if subject is None:
        subject = known[stage] = Subject(county=context.county.code, stage=stage)
    return subject


def _cv_weights(context: Context, group: Rule, stage: str) -> tuple[int, int, list[int]]:
    """``(P, lcm(P_i), lcm(P_i) / P_i)`` of ``group``'s rows of ``stage``, once per county."""

    def compute() -> tuple[int, int, list[int]]:
        rows = resource_rows(context, group)
        facts = _kernels.stage_facts(context, group, rows)
        students = [facts.students[i] for i in facts.positions[stage]]
        common = math.lcm(*students)
        return sum(students), common, [common // count for count in students]

    found: tuple[int, int, list[int]] = context.memo(("cv_weights", group.id, stage), compute)
    return found


COEFFICIENT_OF_VARIATION = Evaluator(
    coefficient_of_variation,
    rows=coefficient_of_variation_rows,
    remedy=Planned.BALANCE,
    boundaries=boundaries.CoefficientOfVariation(),
    chart=Chart("cv", measures="indicator"),
    provisions=frozenset({ProvisionKind.ROUNDING}),
)

"""One measure per indicator, and the exact rounding of a coefficient of variation.

**One measure.**  A layer that adjusts an indicator's measure (``add`` / ``subtract``
provisions on L1–L7: rented venues counted under L5) means the same measure wherever
the indicator is read: in its finding per school stage and in the coefficient of
variation between schools (its ``coefficient_of_variation`` rule).  The CV reads
:func:`cv_measure`: the stage's own field with every adjustment whose condition holds.
Unknown data is read strictly there.  An added figure that is unknown counts as
nothing in the indicator's own finding (adding only helps it), but a CV can go either
way when one school's measure grows, so for the CV an adjustment whose condition or
figure is unknown makes the measure unknown and the CV not evaluable, naming the
field.  A layer that counts a figure should give it (``0`` where there is none) for
every stage its condition holds for.  Rounding (``rounding`` on the indicator) is a
convention of comparing the indicator with its standard; the CV's inputs are the
unrounded measures, and the CV rounds only by a ``rounding`` provision of its own.

**Rounding a CV.**  A CV is the square root of an exact rational, usually irrational;
:func:`rounded_root` rounds it to ``digits`` decimals exactly, in whole numbers, so
that 0.5005 (``CV² = 0.25050025``) rounds half up to 0.501 and 0.50049… to 0.500.
"""

from __future__ import annotations

import math
from fractions import Fraction

from edu_rules._numbers import Exact
from edu_rules.model.evaluation import StageRow
from edu_rules.model.provisions import Provision, ProvisionKind, adjusted, branch_value, of_kind
from edu_rules.model.rules import Rule

__all__ = [
    "adjusts_measure",
    "cv_measure",
    "field_path",
    "indicator_measure",
    "indicator_standard",
    "rounded_root",
]


def adjusts_measure(rule: Rule) -> bool:
    """Whether ``rule`` (an indicator) carries ``add`` or ``subtract`` provisions."""
    return bool(of_kind(rule.provisions, ProvisionKind.ADD, ProvisionKind.SUBTRACT))


def field_path(row: StageRow, field: str) -> str:
    """The document path of a field a provision names, for the school stage ``row``.

    ``pe_arts_teachers`` and ``stage.extra.capital.rented_venue_m2`` are the stage's;
    ``extra.capital.build_year`` and ``largest_class`` are the school's.
    """
    if field.startswith("stage."):
        return f"{row.path}.{field.removeprefix('stage.')}"
    return f"schools[{row.index}].{field}"


def _unknown_tests(provision: Provision, row: StageRow) -> list[str]:
    stage = (row.stage_name, row.stage)
    return [
        field_path(row, test.field)
        for test in provision.when
        if test.holds(row.school, stage) is None
    ]


def cv_measure(indicator: Rule, row: StageRow) -> tuple[Exact | None, tuple[str, ...]]:
    """The indicator's measure of one school stage as its CV reads it, and what is unknown.

    The stage's ``numerator`` field with each ``add`` / ``subtract`` provision that holds
    applied (never below 0, as the indicator's own finding has it).  Returns ``(None,
    paths)`` when the field, an applicable adjustment's figure or whether an adjustment
    applies is unknown.
    """
    field = indicator.params["numerator"]
    base: Exact | None = getattr(row.stage, field)
    missing: list[str] = [] if base is not None else [f"{row.path}.{field}"]
    if not adjusts_measure(indicator):
        return base, tuple(missing)
    total: Exact = base if base is not None else 0
    stage = (row.stage_name, row.stage)
    for provision in of_kind(indicator.provisions, ProvisionKind.ADD, ProvisionKind.SUBTRACT):
        holds = provision.holds(row.school, stage)
        if holds is False:
            continue
        if holds is None:
            missing.extend(_unknown_tests(provision, row))
            continue
        sign = 1 if provision.kind is ProvisionKind.ADD else -1
        for name in provision.fields:
            part = _stage_figure(row, name)
            if part is None:
                missing.append(f"{row.path}.{name.removeprefix('stage.')}")
                continue
            total = total + sign * part
    if missing:
        return None, tuple(dict.fromkeys(missing))
    return max(total, 0), ()


def indicator_measure(indicator: Rule, row: StageRow) -> Exact | None:
    """The indicator's numerator for a stage as its own finding reads it, or ``None``.

    Its ``add`` / ``subtract`` provisions applied as the finding applies them (an added
    figure that is unknown counts as nothing; a subtracted one makes it unknown).
    """
    field = indicator.params["numerator"]
    if not adjusts_measure(indicator):
        value: Exact | None = getattr(row.stage, field)
        return value
    stage = (row.stage_name, row.stage)
    value, _, missing = adjusted(indicator.provisions, field, row.school, stage)
    return None if missing else value


def indicator_standard(indicator: Rule, row: StageRow) -> Exact:
    """The indicator's standard for a stage: its threshold, or the branch that holds there."""
    base: Exact = indicator.threshold(row.stage_name.value)
    if not indicator.provisions:
        return base
    direction = indicator.definition.stricter_directions().get("threshold")
    stage = (row.stage_name, row.stage)
    value: Exact = branch_value(
        indicator.provisions, base, "threshold", row.stage_name.value, row.school, stage, direction
    )[0]
    return value


def _stage_figure(row: StageRow, name: str) -> Exact | None:
    """A stage figure a provision counts: a stage field, or ``stage.extra.<layer>.<field>``."""
    name = name.removeprefix("stage.")
    if name.startswith("extra."):
        layer, _, field = name.removeprefix("extra.").partition(".")
        values = row.stage.extra.get(layer)
        found: Exact | None = None if values is None else values.get(field)
        return found
    value: Exact | None = getattr(row.stage, name)
    return value


def rounded_root(top: int, bottom: int, digits: int, mode: str) -> Fraction:
    """``√(top / bottom)`` rounded to ``digits`` decimals, exactly (``top ≥ 0``, ``bottom > 0``).

    With ``y = √(top/bottom) · 10ᵈ``, half up gives ``⌊y + ½⌋ = ⌊(⌊2y⌋ + 1) / 2⌋`` and
    ``⌊2y⌋ = isqrt(⌊4 · 10²ᵈ · top / bottom⌋)``; a tie (``2y`` odd and whole, which
    ``(2m − 1)² · bottom = 4 · 10²ᵈ · top`` tells exactly) goes to the even neighbour
    under ``half_even``.
    """
    scale = 10**digits
    four = 4 * scale * scale * top
    twice = math.isqrt(four // bottom)
    whole = (twice + 1) // 2
    if mode == "half_even" and whole % 2 == 1 and (2 * whole - 1) ** 2 * bottom == four:
        whole -= 1
    return Fraction(whole, scale)

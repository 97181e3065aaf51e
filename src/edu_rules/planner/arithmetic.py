"""The planner's exact arithmetic: least whole additions, water-filling, trimming."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from edu_rules._numbers import Exact
from edu_rules.evaluators import weighted_cv_squared
from edu_rules.model.evaluation import compare

_BISECTION_STEPS = 200  # ample: each step halves the level's interval; it stops far sooner
_WIDENING_STEPS = 64


# --------------------------------------------------------------------------- arithmetic


def least_whole_addition(numerator: Exact, students: int, per: Exact, level: Exact) -> int:
    """The least whole ``a ≥ 0`` with ``(numerator + a) × per / students ≥ level``."""
    needed = Fraction(level) * students / per - numerator
    return max(0, math.ceil(needed))


def cv_squared(pairs: Sequence[tuple[int, Exact]]) -> Fraction | None:
    """The squared coefficient of variation of ``(students, numerator)`` pairs, exactly."""
    computed = weighted_cv_squared(pairs)
    return None if computed is None else computed[0]


def cv_of(squared: Fraction | None) -> Fraction:
    """The CV for display, to 12 decimals (the verdict compares CV² exactly)."""
    if squared is None:
        return Fraction(0)
    scale = 10**12
    return Fraction(math.isqrt(squared.numerator * scale * scale // squared.denominator), scale)


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
        squared = cv_squared(
            [(p, n + a) for p, n, a in zip(students, base, additions, strict=True)]
        )
        return squared is not None and compare(squared, comparator, bound)

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

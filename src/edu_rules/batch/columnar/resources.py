"""Column kernels of resource allocation: L1–L7, the school rule, and balance (CV).

Each kernel counts, per unit, the findings of one rule that the built-in evaluator of
:mod:`edu_rules.evaluators.resources` would yield, for every unit of a
:class:`~edu_rules.batch.columnar.table.Table` at once:

- ``stage_indicator`` (:func:`~edu_rules.evaluators.resources.stage_indicator_rows`):
  one finding per school stage in scope of the indicator's school-rule group — met,
  or, below standard, a shortfall / tolerated / not evaluable as the school rule stands;
- ``school_rule`` (:func:`~edu_rules.evaluators.resources.school_rule_rows`): one
  finding per stage in scope — at most ``max_misses`` indicators below standard and
  none below ``floor`` × standard, else short; open while an indicator is unknown;
- ``coefficient_of_variation``
  (:func:`~edu_rules.evaluators.resources.coefficient_of_variation_rows`): one finding
  per stage taught in scope — the student-weighted CV against its limit, with the JSON
  numbers of the finding in a :class:`~edu_rules.batch.columnar.table.CvCell`.

The scope of a group (:func:`~edu_rules.evaluators.resources._scoped_rows` without
provisions) is every stage with students of a school whose kind the group's
``exclude_kinds`` does not name.  A per-student value ``a·p / (K·q·P)`` (numerator
``a / K``, ``per = p / q``, ``P`` students) is below a standard ``c / d`` when
``a·p·d < c·K·q·P`` (:func:`~edu_rules.evaluators._kernels.indicator_shortfalls`), and
below ``floor = f / g`` × standard when, moreover, ``a·p·d·g < c·K·q·P·f``: compared
for all rows at once in ``int64`` where the products are known to fit, else as Python
ints (``dtype=object``).  The CV of each unit and stage is first worked out in doubles
for all units at once, with a proven bound on its error (:func:`_float_pass`); where
that interval leaves the shown 12 decimals or the verdict open (about one CV in ten),
it is worked out in Python ints by the reference's own whole-number formulas.  What the
kernels share (the scope, each indicator's marks, the school rule's states, each
stage's layout) is worked out once per table.

A kernel answers ``None`` — the unit goes the per-unit path — for anything it does not
mirror exactly: provisions on the rule, its group or the group's indicators, a param it
does not know, a numerator that is not one of the seven indicator fields, a threshold,
``per``, ``max_misses`` or ``floor`` that is not an exact number (or a threshold missing
for a stage), a comparator the engine does not know, a rule the rule set lacks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from edu_rules._numbers import to_json_number
from edu_rules.batch.columnar.table import (
    INT64_SAFE,
    OUTCOME_INDEX,
    Counted,
    CvCell,
    Ints,
    Kernel,
    Ratio,
    Table,
    ratio,
)
from edu_rules.evaluators import _kernels
from edu_rules.evaluators.resources import _CV_DIGITS
from edu_rules.model.county import INDICATOR_FIELDS, STAGE_NAMES
from edu_rules.model.evaluation import COMPARATORS
from edu_rules.model.result import Outcome
from edu_rules.model.rules import Rule

Bools: TypeAlias = npt.NDArray[np.bool_]

_T = TypeVar("_T")

_GROUP_PARAMS = frozenset({"indicators", "exclude_kinds", "split_weights"})
_INDICATOR_PARAMS = frozenset({"group", "numerator", "per", "remedy_unit", "whole"})
_CV_PARAMS = frozenset({"indicator"})

_MET, _SHORT, _OPEN = 0, 1, 2
"""A stage's state under the school rule: met, short, or open (an indicator unknown)."""

_MET_AT = OUTCOME_INDEX[Outcome.MET]
_SHORTFALL_AT = OUTCOME_INDEX[Outcome.SHORTFALL]
_TOLERATED_AT = OUTCOME_INDEX[Outcome.TOLERATED]
_UNKNOWN_AT = OUTCOME_INDEX[Outcome.NOT_EVALUABLE]

_VERDICT_OUTCOME = np.array([_MET_AT, _SHORTFALL_AT, _UNKNOWN_AT], dtype=np.int64)
"""The school rule's finding by state (``school_rule_rows``)."""

_MISS_OUTCOME = np.array([_TOLERATED_AT, _SHORTFALL_AT, _UNKNOWN_AT], dtype=np.int64)
"""An indicator's finding below standard by the school rule's state (``_BY_STATE``)."""


def _memo(table: Table, key: Hashable, compute: Callable[[], _T]) -> _T:
    """``compute()``, worked out once per table and ``key`` (shared by the kernels)."""
    return table.memo(("resources", key), compute)


def _value(rule: Rule, key: str | None = None, name: str = "threshold") -> Ratio | None:
    """``rule.threshold(key, name)`` as a :data:`Ratio`; ``None`` if missing or not exact."""
    try:
        value = rule.threshold(key, name=name)
    except (KeyError, TypeError):
        return None
    return ratio(value)


# --------------------------------------------------------------------------- rule shapes


class _Indicator(NamedTuple):
    """What a per-student indicator rule measures: numerator field, ``per``, standards."""

    field: str
    per: Ratio
    limits: tuple[Ratio, ...]
    """The standard of each stage, in :data:`STAGE_NAMES` order."""


class _Group(NamedTuple):
    """A school-rule group: its scope, its indicators, ``max_misses`` and ``floor``."""

    kinds: frozenset[str]
    indicators: tuple[_Indicator, ...]
    max_misses: Ratio
    floor: Ratio


def _indicator(rule: Rule | None) -> _Indicator | None:
    """The :class:`_Indicator` of a ``stage_indicator`` rule, or ``None`` if not mirrored."""
    if rule is None or rule.provisions or not set(rule.params) <= _INDICATOR_PARAMS:
        return None
    field = rule.params.get("numerator")
    per = ratio(rule.params.get("per", 1))
    if field not in INDICATOR_FIELDS or per is None:
        return None
    limits = [_value(rule, stage) for stage in STAGE_NAMES]
    if any(limit is None for limit in limits):
        return None
    return _Indicator(str(field), per, tuple(limit for limit in limits if limit is not None))


def _excluded_kinds(group: Rule | None) -> frozenset[str] | None:
    """The kinds a group leaves out of scope (``_common._excluded``), or ``None``.

    ``None`` where the group has provisions (its scope is then traced) or a param
    this module does not know.
    """
    if group is None or group.provisions or not set(group.params) <= _GROUP_PARAMS:
        return None
    kinds = group.params.get("exclude_kinds", ())
    if isinstance(kinds, str | bytes) or not isinstance(kinds, Sequence | frozenset | set):
        return None
    if not all(isinstance(kind, str) for kind in kinds):
        return None
    return frozenset(kinds)


def _group(group: Rule | None, rules: Mapping[str, Rule]) -> _Group | None:
    """The :class:`_Group` of a ``school_rule`` rule, or ``None`` if not mirrored."""
    kinds = _excluded_kinds(group)
    if group is None or kinds is None:
        return None
    names = group.params.get("indicators")
    if isinstance(names, str) or not isinstance(names, Sequence):
        return None
    indicators = [_indicator(rules.get(name)) if isinstance(name, str) else None for name in names]
    max_misses = _value(group, name="max_misses")
    floor = _value(group, name="floor")
    if max_misses is None or floor is None or any(item is None for item in indicators):
        return None
    shapes = tuple(item for item in indicators if item is not None)
    return _Group(kinds, shapes, max_misses, floor)


# --------------------------------------------------------------------------- scope and marks


class _Scope(NamedTuple):
    """The stage rows in scope of a group, in table order (so grouped by unit)."""

    rows: Ints
    """Their indexes among the table's stage rows."""
    unit: Ints
    stage: Ints
    """Their stage, as an index into :data:`STAGE_NAMES`."""
    students: Ints


def _scope(table: Table, kinds: frozenset[str]) -> _Scope:
    """The stages with students of schools whose kind is not in ``kinds`` (``_scoped_rows``)."""

    def compute() -> _Scope:
        school_ok = np.ones(len(table.school_dicts), dtype=np.bool_)
        for kind in sorted(kinds):
            school_ok &= table.school_kind != kind
        mask = (table.stage_students > 0) & school_ok[table.stage_school]
        rows = np.flatnonzero(mask).astype(np.int64)
        return _Scope(
            rows,
            table.stage_unit[rows],
            table.stage_name[rows].astype(np.int64),
            table.stage_students[rows],
        )

    return _memo(table, ("scope", kinds), compute)


def _largest(values: npt.NDArray[Any]) -> int:
    """The largest magnitude in ``values`` (0 when empty), as a Python int."""
    if values.size == 0:
        return 0
    if values.dtype == object:
        return max(abs(int(value)) for value in values.tolist())
    return int(np.abs(values).max())


class _Marks(NamedTuple):
    """One indicator on a group's scope: known, below standard, below floor × standard."""

    known: Bools
    below: Bools
    below_floor: Bools


def _marks(table: Table, kinds: frozenset[str], shape: _Indicator, floor: Ratio) -> _Marks:
    """Where ``shape`` is known, below standard and below the floor, row by scope row.

    The column form of :func:`~edu_rules.evaluators._kernels.indicator_shortfalls`:
    ``a·p·d < c·K·q·P`` and, for the floor ``f / g``, ``a·p·d·g < c·K·q·P·f``.
    """

    def compute() -> _Marks:
        scope = _scope(table, kinds)
        column = table.stage_column(shape.field)
        numerators = column.num[scope.rows]
        known = column.known[scope.rows]
        p, q = shape.per
        f, g = floor
        lefts = [p * d for _, d in shape.limits]  # per stage: a·(p·d)
        rights = [c * column.scale * q for c, _ in shape.limits]  # per stage: (c·K·q)·P
        biggest = max(
            _largest(numerators) * max(abs(x) for x in lefts) * abs(g),
            _largest(scope.students) * max(abs(x) for x in rights) * abs(f),
        )
        dtype: Any = np.int64 if biggest < INT64_SAFE and not column.huge else object
        if dtype is object:
            numerators = numerators.astype(object)
        left = numerators * np.array(lefts, dtype=dtype)[scope.stage]
        right = np.array(rights, dtype=dtype)[scope.stage] * scope.students.astype(dtype)
        below = known & np.asarray(left < right, dtype=np.bool_)
        under = np.asarray(left * g < right * f, dtype=np.bool_)
        return _Marks(known, below, below & under)

    return _memo(table, ("marks", kinds, shape, floor), compute)


def _states(table: Table, group: _Group) -> Ints:
    """The school rule's state of each scope row: :data:`_MET`, :data:`_SHORT` or :data:`_OPEN`.

    As ``resources._school_rule_states``: short when an indicator is below the floor
    or more than ``max_misses`` are below standard; else open while one is unknown.
    """

    def compute() -> Ints:
        scope = _scope(table, group.kinds)
        size = scope.rows.size
        misses = np.zeros(size, dtype=np.int64)
        floors = np.zeros(size, dtype=np.int64)
        unknown = np.zeros(size, dtype=np.int64)
        for shape in group.indicators:
            marks = _marks(table, group.kinds, shape, group.floor)
            misses += marks.below
            floors += marks.below_floor
            unknown += ~marks.known
        most, over = group.max_misses  # misses > most / over  ⇔  misses · over > most
        if abs(most) < INT64_SAFE and over < INT64_SAFE // (len(group.indicators) + 1):
            too_many = misses * over > most
        else:
            too_many = np.array([int(m) * over > most for m in misses.tolist()], dtype=np.bool_)
        short = (floors > 0) | too_many
        states = np.where(short, _SHORT, np.where(unknown > 0, _OPEN, _MET))
        return states.astype(np.int64)

    return _memo(table, ("states", group), compute)


# --------------------------------------------------------------------------- kernels


def stage_indicator(rule: Rule, table: Table, rules: Mapping[str, Rule]) -> Counted | None:
    """Counts of :func:`~edu_rules.evaluators.resources.stage_indicator_rows` per unit.

    Per stage in scope of the rule's group: not evaluable where the numerator is
    unknown; met at or above standard; below it, short where the stage fails the
    school rule, tolerated where the school rule is met, else not evaluable.
    """
    shape = _indicator(rule)
    if shape is None:
        return None
    name = rule.params.get("group")
    group = _group(rules.get(name), rules) if isinstance(name, str) else None
    if group is None:
        return None
    scope = _scope(table, group.kinds)
    marks = _marks(table, group.kinds, shape, group.floor)
    states = _states(table, group)
    outcome = np.where(marks.known, _MET_AT, _UNKNOWN_AT).astype(np.int64)
    outcome[marks.below] = _MISS_OUTCOME[states[marks.below]]
    return Counted(table.tally(scope.unit, outcome))


def school_rule(rule: Rule, table: Table, rules: Mapping[str, Rule]) -> Counted | None:
    """Counts of :func:`~edu_rules.evaluators.resources.school_rule_rows` per unit.

    One finding per stage in scope: its state under the school rule (met, short, or
    not evaluable while an indicator is unknown).
    """
    group = _group(rule, rules)
    if group is None:
        return None
    scope = _scope(table, group.kinds)
    outcome = _VERDICT_OUTCOME[_states(table, group)]
    return Counted(table.tally(scope.unit, outcome))


class _Stage(NamedTuple):
    """One stage of a group's scope, unit by unit: what the group's seven CVs share."""

    positions: Ints
    """The stage's rows, as positions in the group's scope (grouped by unit)."""
    starts: Ints
    """Where each unit's rows begin among ``positions`` (one more entry: the end)."""
    sizes: Ints
    """How many rows each unit has."""
    pupils: Ints
    """Each unit's students of the stage, ``P = Σ P_i``."""
    students: npt.NDArray[np.float64]
    """Each row's students ``P_i``, as floats (exact: far below 2⁵³)."""
    firsts: Ints
    """The ``starts`` of the units that have rows (for :func:`numpy.add.reduceat`)."""
    weights: dict[int, tuple[int, int, list[int]]]
    """Per unit, ``(P, lcm(P_i), lcm(P_i) / P_i)`` (``resources._cv_weights``), as needed."""


def _stage(table: Table, kinds: frozenset[str], stage: int) -> _Stage:
    """The :class:`_Stage` of one stage of a group's scope, worked out once per table."""

    def compute() -> _Stage:
        scope = _scope(table, kinds)
        positions = np.flatnonzero(scope.stage == stage).astype(np.int64)
        return _layout(positions, scope.unit[positions], scope.students[positions], table.units)

    return _memo(table, ("stage", kinds, stage), compute)


def _layout(positions: Ints, units: Ints, students: Ints, count: int) -> _Stage:
    """The :class:`_Stage` of rows at ``positions``, of ``units`` (ascending) of ``count``."""
    starts = np.searchsorted(units, np.arange(count + 1)).astype(np.int64)
    sizes = np.diff(starts)
    running = np.concatenate(([0], np.cumsum(students))).astype(np.int64)
    pupils = running[starts[1:]] - running[starts[:-1]]
    firsts = starts[:-1][sizes > 0]
    return _Stage(positions, starts, sizes, pupils, students.astype(np.float64), firsts, {})


def _exact_weights(stage: _Stage, unit: int) -> tuple[int, int, list[int]]:
    """``(P, lcm(P_i), lcm(P_i) / P_i)`` of one unit's rows of ``stage``, once per table."""
    found = stage.weights.get(unit)
    if found is None:
        start, end = int(stage.starts[unit]), int(stage.starts[unit + 1])
        counts = stage.students[start:end].astype(np.int64).tolist()
        common = math.lcm(*counts)
        found = stage.weights[unit] = (sum(counts), common, [common // n for n in counts])
    return found


def _unit_sums(numerators: npt.NDArray[Any], starts: Ints) -> npt.NDArray[Any]:
    """Each unit's ``Σ a_i``, exactly: ``int64`` where no partial sum can overflow, else ints."""
    if numerators.dtype != object and _largest(numerators) * (numerators.size + 1) < INT64_SAFE:
        running: npt.NDArray[Any] = np.concatenate(([0], np.cumsum(numerators))).astype(np.int64)
    else:
        running = np.concatenate(
            (np.array([0], dtype=object), np.cumsum(numerators.astype(object)))
        )
    sums: npt.NDArray[Any] = running[starts[1:]] - running[starts[:-1]]
    return sums


_ROUNDING = 2.0**-53
"""``u``, the unit roundoff of a double: each operation's relative error is at most this."""

_SMALLEST_NORMAL = 2.0**-1000
"""A nonzero ``limit²`` below this (near the subnormals) is left to the exact computation."""


class _Decided(NamedTuple):
    """What the float pass settles, unit by unit (see :func:`_float_pass`)."""

    decided: Bools
    """Both the shown CV and the verdict are certain."""
    shown: npt.NDArray[np.float64]
    """``⌊CV · 10¹²⌋`` where decided (a whole number below 2⁵²)."""
    below: Bools
    """Where decided: ``CV² < limit²`` (else ``CV² > limit²``, never equal)."""


def _float_pass(
    numerators: Ints, stage: _Stage, sums: npt.NDArray[Any], limit: Ratio, candidates: Bools
) -> _Decided:
    """The CV of each unit in doubles, with an interval certain to hold the exact ``CV²``.

    The bound (Higham's ``γ_k = k·u / (1 − k·u)``, ``u = 2⁻⁵³``): each term of
    ``R = Σ a_i² / P_i`` (whole ``a_i``, so never subnormal) is within ``γ₄`` of its
    value, their sum within ``γ_{n−1}`` in any order (the terms are non-negative), so
    ``R_f = R(1 + η)``, ``|η| ≤ γ_{n+3}``.  ``V = P·R / T²`` (``T = Σ a_i``, exact and
    nonzero here; ``CV² = V − 1 ≥ 0``) takes five roundings more: ``|V_f − V| ≤
    γ_{n+8} V ≤ (1.03 n + 8.2) u V_f``.  With the rounding of ``V_f − 1`` and of the
    interval's ends, ``V_f − 1 ± (2n + 32) u · V_f`` holds ``CV²``.  The shown CV
    ``⌊10¹² · √CV²⌋`` is decided where the floors of the two ends (pushed outward by
    ``4u``, more than their three roundings) agree, the verdict where the interval
    lies strictly on one side of ``limit²`` (pushed outward by ``8u``).  Anything else
    (the two ends straddling a boundary, an overflow, a CV above 4 000) is left to the
    exact computation.
    """
    size = len(stage.sizes)
    none = _Decided(np.zeros(size, np.bool_), np.zeros(size), np.zeros(size, np.bool_))
    n, d = limit
    try:
        square = (n * n) / (d * d)  # correctly rounded: within u of limit² (if normal)
    except OverflowError:
        return none
    if not math.isfinite(square) or (n != 0 and square < _SMALLEST_NORMAL):
        return none
    if numerators.size == 0:
        return none
    u = _ROUNDING
    with np.errstate(all="ignore"):
        x = numerators.astype(np.float64)
        terms = x * x / stage.students
        total = np.zeros(size)
        total[stage.sizes > 0] = np.add.reduceat(terms, stage.firsts)
        tops = np.asarray(sums, dtype=np.float64)
        ratio = stage.pupils.astype(np.float64) * total / (tops * tops)
        width = ratio * ((2.0 * stage.sizes + 32.0) * u)
        cv2 = ratio - 1.0
        low, high = cv2 - width, cv2 + width
        scale = float(10**_CV_DIGITS)
        shown_low = np.floor(scale * np.sqrt(np.maximum(low, 0.0)) * (1.0 - 4 * u))
        shown_high = np.floor(scale * np.sqrt(high) * (1.0 + 4 * u))
        below = high < square * (1.0 - 8 * u)
        above = low > square * (1.0 + 8 * u)
        decided = (
            candidates
            & np.isfinite(ratio)
            & np.isfinite(width)
            & (shown_low == shown_high)
            & (shown_high < 2.0**52)
            & (below | above)
        )
    return _Decided(decided, shown_low, below)


_VERDICT_OF_SIDE: Mapping[str, tuple[bool, bool]] = {
    "<=": (True, False),
    "<": (True, False),
    ">=": (False, True),
    ">": (False, True),
    "==": (False, False),
}
"""Per comparator, whether ``CV² < limit²`` and whether ``CV² > limit²`` meet it."""


def _cv_cell(
    values: Sequence[int], weights: tuple[int, int, list[int]], measure: tuple[str, Ratio, Any]
) -> CvCell:
    """The CV finding of one unit's stage (two rows or more, every numerator known, ``Σ ≠ 0``).

    Exactly as ``resources._cv_row``: ``CV² = cv_top / cv_bottom`` in whole numbers,
    compared with ``limit² = n² / d²`` by cross-multiplication, shown rounded down to
    12 decimals.  ``measure`` is the comparator, the limit and the limit as JSON.
    """
    comparator, (n, d), required = measure
    top = sum(values)
    total, common, multipliers = weights
    squares = sum(a * a * weight for a, weight in zip(values, multipliers, strict=True))
    cv_bottom = top * top * common
    cv_top = total * squares - cv_bottom
    met = _kernels.met(comparator, cv_top, cv_bottom, n * n, d * d)
    scale = 10**_CV_DIGITS
    shown = math.isqrt(cv_top * scale * scale // cv_bottom)
    measured = _kernels.json_ratio(shown, scale)
    return CvCell(measured, required, Outcome.MET if met else Outcome.SHORTFALL)


def _stage_cells(
    table: Table, kinds: frozenset[str], stage: int, field: str, measure: tuple[str, Ratio, Any]
) -> tuple[list[CvCell | None], Ints]:
    """The CV cell of each unit for one stage (``None``: no finding), and its outcome index.

    Not evaluable where a numerator is unknown, with fewer than two schools, or
    ``Σ a_i = 0``; else decided by :func:`_float_pass` where it can, exactly elsewhere.
    The outcome index is −1 where there is no finding.
    """
    comparator, limit, required = measure
    scope = _scope(table, kinds)
    rows_of = _stage(table, kinds, stage)
    column = table.stage_column(field)
    rows = scope.rows[rows_of.positions]
    numerators = column.num[rows]
    units = scope.unit[rows_of.positions]
    unknown = np.bincount(units[~column.known[rows]], minlength=table.units)
    sums = _unit_sums(numerators, rows_of.starts)
    candidates = (rows_of.sizes >= 2) & (unknown == 0) & np.asarray(sums != 0, dtype=np.bool_)
    if numerators.dtype == object:  # huge numbers: every CV exactly
        nothing = np.zeros(table.units, dtype=np.bool_)
        decided, shown, below = nothing, np.zeros(table.units), nothing
    else:
        decided, shown, below = _float_pass(numerators, rows_of, sums, limit, candidates)
    met_below, met_above = _VERDICT_OF_SIDE[comparator]
    met = np.where(below, met_below, met_above)
    outcome = np.where(
        rows_of.sizes == 0,
        -1,
        np.where(candidates, np.where(met, _MET_AT, _SHORTFALL_AT), _UNKNOWN_AT),
    ).astype(np.int64)
    scale = 10**_CV_DIGITS
    measured = (shown / float(scale)).tolist()  # = json_ratio(shown, 10¹²): exact operands
    whole = (shown % float(scale) == 0).tolist()
    unknown_cell = CvCell(None, required, Outcome.NOT_EVALUABLE)
    by_index = {_MET_AT: Outcome.MET, _SHORTFALL_AT: Outcome.SHORTFALL}
    cells: list[CvCell | None] = []
    for unit, (index, settled) in enumerate(zip(outcome.tolist(), decided.tolist(), strict=True)):
        if index == -1:
            cells.append(None)
        elif index == _UNKNOWN_AT:
            cells.append(unknown_cell)
        elif settled:
            number = measured[unit]
            cells.append(CvCell(int(number) if whole[unit] else number, required, by_index[index]))
        else:
            start, end = int(rows_of.starts[unit]), int(rows_of.starts[unit + 1])
            values = numerators[start:end].tolist()
            cell = _cv_cell(values, _exact_weights(rows_of, unit), measure)
            outcome[unit] = OUTCOME_INDEX[cell.outcome]
            cells.append(cell)
    return cells, outcome


def coefficient_of_variation(rule: Rule, table: Table, rules: Mapping[str, Rule]) -> Counted | None:
    """Counts and CV cells of :func:`~edu_rules.evaluators.resources.coefficient_of_variation_rows`.

    Per unit and stage with rows in scope of the indicator's group: not evaluable
    where a numerator is unknown, with fewer than two schools, or a mean of zero;
    else met or short by the exact comparison of ``CV²`` with ``limit²``.
    """
    if rule.provisions or set(rule.params) != _CV_PARAMS:
        return None
    name = rule.params["indicator"]
    indicator = rules.get(name) if isinstance(name, str) else None
    shape = _indicator(indicator)
    group_name = indicator.params.get("group") if indicator is not None else None
    group = rules.get(group_name) if isinstance(group_name, str) else None
    kinds = _excluded_kinds(group)
    comparator = rule.definition.comparator or "<="
    found = [_value(rule, stage) for stage in STAGE_NAMES]
    limits = [limit for limit in found if limit is not None]
    if shape is None or kinds is None or comparator not in COMPARATORS or len(limits) < len(found):
        return None
    counts = table.zeros()
    cells: dict[str, list[CvCell | None]] = {}
    every = np.arange(table.units, dtype=np.int64)
    for stage, limit in enumerate(limits):
        measure = (comparator, limit, to_json_number(Fraction(*limit)))
        stage_cells, outcome = _stage_cells(table, kinds, stage, shape.field, measure)
        cells[STAGE_NAMES[stage]] = stage_cells
        present = outcome >= 0
        counts += table.tally(every[present], outcome[present])
    return Counted(counts, cells)


KERNELS: dict[str, Kernel] = {
    "stage_indicator": stage_indicator,
    "school_rule": school_rule,
    "coefficient_of_variation": coefficient_of_variation,
}
"""The column kernels of this module, by the built-in evaluator each mirrors."""

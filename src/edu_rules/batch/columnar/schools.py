"""Column kernels of the per-school evaluators, for every unit of a :class:`Table` at once.

Each kernel mirrors one evaluator of :mod:`edu_rules.evaluators.schools` (its
``_*_rows`` integer kernel and, where that kernel leaves a case to the object path,
the object itself) and returns, per unit, how many findings of each outcome the
reference gives for the rule.  A value ``v = n / K`` of a column is compared with a
threshold ``c / d`` by cross-multiplying whole numbers (``n · d ⋚ c · K``), in
``int64`` where the products are known to fit and in Python ints (``dtype=object``)
otherwise.

A kernel answers ``None`` (the units take the per-unit path) for a rule with
provisions, with a parameter it does not know, or with anything for which the
reference would fail (a threshold missing for a kind, a field the school model does
not have, a comparator not in :data:`~edu_rules.model.evaluation.COMPARATORS`): the
reference then gives an error finding and a fault, which counts cannot say.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import chain
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from edu_rules.batch.columnar.table import (
    INT64_SAFE,
    OUTCOME_INDEX,
    Column,
    Counted,
    Kernel,
    Ratio,
    Table,
    decimal_column,
    exact_column,
    ratio,
)
from edu_rules.evaluators._common import _excluded
from edu_rules.evaluators.schools import _in_alternatives
from edu_rules.model.county import STAGE_NAMES
from edu_rules.model.evaluation import COMPARATORS
from edu_rules.model.result import Outcome
from edu_rules.model.rules import Rule

Array: TypeAlias = np.ndarray[Any, Any]
"""A column of whole numbers: ``int64``, or Python ints (``dtype=object``) where huge."""

Bools: TypeAlias = npt.NDArray[np.bool_]
Ints: TypeAlias = npt.NDArray[np.int64]

_MET = OUTCOME_INDEX[Outcome.MET]
_SHORT = OUTCOME_INDEX[Outcome.SHORTFALL]
_UNKNOWN = OUTCOME_INDEX[Outcome.NOT_EVALUABLE]

_SCOPE_PARAMS = frozenset({"kinds", "exclude_kinds", "in_scope", "remedy_unit", "whole"})
"""The parameters every per-school evaluator reads for its scope (and its remedies)."""

ROOM_FIELDS = frozenset({"music_rooms_m2", "art_rooms_m2"})
"""The school fields that list room areas (``tuple[Exact, ...] | None`` in the model)."""

NUMBER_FIELDS = frozenset(
    {
        "public_funds_yuan",
        "training_funds_yuan",
        "special_students",
        "build_year",
        "migrant_students",
        "sponsor_type",
    }
)
"""The numeric school fields (``Exact | None`` or ``int | None`` in the model)."""

COUNTY_NUMBER_PATHS = frozenset(
    {
        *(
            f"guarantee.{name}"
            for name in (
                "teacher_avg_pay_yuan",
                "civil_servant_avg_pay_yuan",
                "training_360h_completion_pct",
                "rotation_eligible_teachers",
                "rotated_teachers",
                "rotated_key_teachers",
                "certified_teachers_pct",
                "nearby_enrolment_primary_pct",
                "nearby_enrolment_junior_pct",
                "quota_allocation_pct",
                "migrant_children_public_pct",
                "funding_baseline_primary_yuan",
                "funding_baseline_junior_yuan",
            )
        ),
        "quality.junior_retention_pct",
        "quality.disabled_enrolment_pct",
    }
)
"""The county paths whose value is an exact number or unknown (``Exact | None``)."""


# --------------------------------------------------------------------------- whole numbers


def _magnitude(factor: Array | int) -> int:
    if isinstance(factor, np.ndarray):
        return int(np.max(np.abs(factor))) if factor.size else 0
    return abs(factor)


def _product(*factors: Array | int) -> Array:
    """The elementwise product of arrays and whole numbers, exact whatever their size.

    ``int64`` when the product of the factors' magnitudes is below :data:`INT64_SAFE`,
    Python ints (``dtype=object``) otherwise.
    """
    bound = 1
    for factor in factors:
        bound *= _magnitude(factor)
    dtype: Any = np.int64 if bound < INT64_SAFE else object
    result: Array = np.ones(1, dtype=dtype)
    for factor in factors:
        if isinstance(factor, np.ndarray):
            result = result * factor.astype(dtype)
        else:
            result = result * np.array(factor, dtype=dtype)
    return result


def _holds(comparator: str, left: Array, right: Array) -> Bools:
    """``left <comparator> right`` elementwise, over whole numbers of any size."""
    if object in (left.dtype, right.dtype):
        left, right = left.astype(object), right.astype(object)
    return np.asarray(COMPARATORS[comparator](left, right), dtype=np.bool_)


def _met(comparator: str, top: Array, bottom: Array | int, c: int, d: int) -> Bools:
    """Whether ``top / bottom <comparator> c / d`` (``bottom, d > 0``): ``top·d ⋚ c·bottom``."""
    return _holds(comparator, _product(top, d), _product(bottom, c))


def _known_params(rule: Rule, own: frozenset[str]) -> bool:
    """Whether the rule names only parameters this kernel reads (and no provisions)."""
    return not rule.provisions and set(rule.params) <= _SCOPE_PARAMS | own


# --------------------------------------------------------------------------- scope


def _kind_areas(table: Table) -> tuple[list[tuple[str, str]], Ints]:
    """The distinct ``(kind, area)`` pairs of the table's schools and each school's pair."""

    def compute() -> tuple[list[tuple[str, str]], Ints]:
        index: dict[tuple[str, str], int] = {}
        pairs = zip(table.school_kind.tolist(), table.school_area.tolist(), strict=True)
        codes = np.fromiter(
            (index.setdefault(pair, len(index)) for pair in pairs),
            dtype=np.int64,
            count=len(table.school_dicts),
        )
        return list(index), codes

    return table.memo("kind_areas", compute)


def _scope(rule: Rule, table: Table) -> Bools | None:
    """Which school rows are in a provision-free rule's scope, as ``_in_scope`` decides.

    ``exclude_kinds``, ``kinds`` and ``in_scope`` (``in_listed_scope``), judged once per
    distinct kind and area by the reference's own expressions; ``None`` where those
    parameters are malformed (the reference would fail).
    """
    pairs, codes = _kind_areas(table)
    try:
        excluded = _excluded(rule)
        kinds = rule.params.get("kinds")
        alternatives = rule.params.get("in_scope")
        inside = [
            kind not in excluded
            and (kinds is None or kind in kinds)
            and (alternatives is None or _in_alternatives(alternatives, kind, area))
            for kind, area in pairs
        ]
    except (TypeError, AttributeError, KeyError, ValueError):
        return None
    lookup: Bools = np.array(inside, dtype=np.bool_)
    return lookup[codes]


def _counted(table: Table, units: Ints, outcomes: Ints) -> Counted:
    return Counted(counts=table.tally(units, outcomes))


def _outcomes(unknown: Bools, met: Bools) -> Ints:
    """Not evaluable where unknown, else met or short."""
    return np.where(unknown, _UNKNOWN, np.where(met, _MET, _SHORT)).astype(np.int64)


# --------------------------------------------------------------------------- room lists


@attrs.frozen(eq=False)
class Rooms:
    """One room-list field of every school: each listed room's area, and whose it is."""

    unknown: Bools
    """Per school row: the list is unknown (absent or ``null``)."""
    owner: Ints
    """Per listed room: its school row."""
    areas: Column
    """Per listed room: its area, exactly (``areas.num[i] / areas.scale``)."""


def _rooms(table: Table, field: str) -> Rooms:
    """The :class:`Rooms` of ``field`` over the table's schools, read once per table."""
    return table.memo(("rooms", field), lambda: _read_rooms(table, field))


def _read_rooms(table: Table, field: str) -> Rooms:
    lists = [school.get(field) for school in table.school_dicts]
    count = len(lists)
    unknown = np.fromiter((rooms is None for rooms in lists), dtype=np.bool_, count=count)
    sizes = np.fromiter((len(rooms) if rooms else 0 for rooms in lists), np.int64, count)
    owner = np.repeat(np.arange(count, dtype=np.int64), sizes)
    return Rooms(unknown, owner, _areas(lists, int(sizes.sum())))


def _areas(lists: Sequence[Sequence[Any] | None], count: int) -> Column:
    """The areas of all ``lists`` in order, as :func:`exact_column` reads them.

    Read at once as doubles when every area is one exactly (below 2⁵², no integer
    beyond a double's reach) and a power of ten reads each as its decimal; else
    value by value (:func:`exact_column`).
    """
    try:
        flat = chain.from_iterable(rooms for rooms in lists if rooms)
        floats = np.fromiter(flat, dtype=np.float64, count=count)
    except OverflowError:  # an integer beyond any double
        floats = np.full(count, np.inf)
    if np.isfinite(floats).all():
        found = decimal_column(floats, np.ones(count, dtype=np.bool_))
        if found is not None:
            return found
    return exact_column(list(chain.from_iterable(rooms for rooms in lists if rooms)))


# --------------------------------------------------------------------------- kernels


def school_rooms(rule: Rule, table: Table, rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors ``school_rooms`` / ``_school_rooms_rows``: adequate rooms ≥ the rooms required.

    A school in scope is not evaluable when its room list is unknown; else met when
    its rooms of at least ``min_area`` number at least ``max(min_rooms, ⌈classes /
    classes_per_room⌉)``.  ``None`` for a ``classes_per_room`` or ``min_rooms`` that is
    not a whole number (``classes_per_room`` > 0), or a room field the model lacks.
    """
    del rules
    if not _known_params(rule, frozenset({"rooms", "classes_per_room"})):
        return None
    try:
        field = rule.params["rooms"]
        per = rule.params["classes_per_room"]
        min_rooms = rule.threshold(name="min_rooms")
        min_area = rule.threshold(name="min_area")
    except (KeyError, TypeError):
        return None
    if field not in ROOM_FIELDS or type(per) is not int or per <= 0:
        return None
    area = ratio(min_area)
    if type(min_rooms) is not int or abs(min_rooms) >= INT64_SAFE or area is None:
        return None
    scope = _scope(rule, table)
    if scope is None:
        return None
    rows = np.flatnonzero(scope)
    rooms = _rooms(table, field)
    c, d = area
    big_enough = _met(">=", rooms.areas.num, rooms.areas.scale, c, d)
    adequate = np.bincount(rooms.owner[big_enough], minlength=scope.size)[rows]
    required = np.maximum(-(-table.school_classes[rows] // per), min_rooms)
    met = adequate >= required
    return _counted(table, table.school_unit[rows], _outcomes(rooms.unknown[rows], met))


def _compared_in_scope(rule: Rule, table: Table) -> tuple[str, Bools] | None:
    """The comparator (``<=`` by default) and scope of a size rule; ``None``: not ours."""
    comparator = rule.definition.comparator or "<="
    if not _known_params(rule, frozenset()) or comparator not in COMPARATORS:
        return None
    scope = _scope(rule, table)
    return None if scope is None else (comparator, scope)


def school_size(rule: Rule, table: Table, rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors ``school_size`` / ``_school_size_rows``: students ⋚ the limit for the kind.

    Every school in scope is met or short (``comparator``, ``<=`` by default).
    ``None`` when a kind in scope has no limit (the reference fails) or the comparator
    is unknown.
    """
    del rules
    judged = _compared_in_scope(rule, table)
    if judged is None:
        return None
    comparator, scope = judged
    rows = np.flatnonzero(scope)
    pairs, codes = _kind_areas(table)
    row_pairs = codes[rows]
    limits: dict[str, tuple[int, int]] = {}
    for pair in np.unique(row_pairs).tolist():
        kind = pairs[pair][0]
        try:
            limit = rule.threshold(kind)
        except (KeyError, TypeError):
            return None
        found = ratio(limit)
        if found is None:
            return None
        limits[kind] = found
    if any(abs(c) >= INT64_SAFE or d >= INT64_SAFE for c, d in limits.values()):
        return None
    tops = np.array([limits.get(kind, (0, 1))[0] for kind, _ in pairs], dtype=np.int64)
    bottoms = np.array([limits.get(kind, (0, 1))[1] for kind, _ in pairs], dtype=np.int64)
    c, d = tops[row_pairs], bottoms[row_pairs]
    met = _holds(comparator, _product(table.school_students[rows], d), c)
    unknown = np.zeros(rows.size, dtype=np.bool_)
    return _counted(table, table.school_unit[rows], _outcomes(unknown, met))


def class_size(rule: Rule, table: Table, rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors ``class_size`` / ``_class_size_rows``: each taught stage's largest class.

    Every stage with students of a school in scope: not evaluable when its
    ``largest_class`` is unknown, else met or short against the stage's limit
    (``comparator``, ``<=`` by default).  ``None`` when a stage has no limit or the
    comparator is unknown.
    """
    del rules
    judged = _compared_in_scope(rule, table)
    if judged is None:
        return None
    comparator, scope = judged
    taught = scope[table.stage_school] & (table.stage_students != 0)
    rows = np.flatnonzero(taught)
    largest = table.stage_column("largest_class")
    top = largest.num[rows]
    names = table.stage_name[rows]
    met = np.zeros(rows.size, dtype=np.bool_)
    for index in set(names.tolist()):
        try:
            limit = rule.threshold(STAGE_NAMES[index])
        except (KeyError, TypeError):
            return None
        found = ratio(limit)
        if found is None:
            return None
        here = names == index
        met[here] = _met(comparator, top[here], largest.scale, *found)
    unknown = ~largest.known[rows]
    return _counted(table, table.stage_unit[rows], _outcomes(unknown, met))


def _quotient(
    rule: Rule,
    table: Table,
    columns: tuple[Column, Column],
    *,
    scale: Ratio,
    comparator: str,
) -> Counted | None:
    """Each school in scope: ``numerator × scale / denominator`` ⋚ the rule's threshold.

    Not evaluable where either is unknown or the denominator is 0 (the reference's
    ``undefined`` note); else met or short.  ``None`` for a threshold that is not a
    number.
    """
    try:
        threshold = rule.threshold()
    except KeyError:
        return None
    required = ratio(threshold)
    if required is None:
        return None
    scope = _scope(rule, table)
    if scope is None:
        return None
    rows = np.flatnonzero(scope)
    numerator, denominator = columns
    a, m = numerator.num[rows], denominator.num[rows]
    unknown = ~(numerator.known[rows] & denominator.known[rows]) | (m == 0)
    s, t = scale
    # measured = (a / K1) · (s / t) / (m / K2) = a · s · K2 / (K1 · t · m)
    top = _product(a, s, denominator.scale)
    bottom = _product(m, numerator.scale, t)
    negative = bottom < 0
    if negative.any():
        top = np.where(negative, -top, top)
        bottom = np.where(negative, -bottom, bottom)
    bottom = np.where(unknown, 1, bottom)  # rows not judged: any positive bottom
    met = _met(comparator, top, bottom, *required)
    return _counted(table, table.school_unit[rows], _outcomes(unknown, met))


def school_ratio(rule: Rule, table: Table, rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors ``school_ratio`` / ``_school_ratio_rows``: ``numerator × scale / denominator``.

    ``None`` for a field the school model lacks, a ``scale`` that is not a nonzero
    number, or an unknown comparator (``>=`` by default).
    """
    del rules
    comparator = rule.definition.comparator or ">="
    own = frozenset({"numerator", "denominator", "scale"})
    if not _known_params(rule, own) or comparator not in COMPARATORS:
        return None
    try:
        numerator, denominator = rule.params["numerator"], rule.params["denominator"]
    except KeyError:
        return None
    scale = ratio(rule.params.get("scale", 1))
    if numerator not in NUMBER_FIELDS or denominator not in NUMBER_FIELDS:
        return None
    if scale is None or scale[0] == 0:
        return None
    columns = table.school_column(numerator), table.school_column(denominator)
    return _quotient(rule, table, columns, scale=scale, comparator=comparator)


def per_student_funding(rule: Rule, table: Table, rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors ``per_student_funding`` / ``_per_student_funding_rows``: funds / students ≥ it.

    Not evaluable where either field is unknown or the students are 0.  ``None`` for
    a field the school model lacks.
    """
    del rules
    if not _known_params(rule, frozenset({"funds", "students"})):
        return None
    try:
        funds, students = rule.params["funds"], rule.params["students"]
    except KeyError:
        return None
    if funds not in NUMBER_FIELDS or students not in NUMBER_FIELDS:
        return None
    columns = table.school_column(funds), table.school_column(students)
    return _quotient(rule, table, columns, scale=(1, 1), comparator=">=")


def _baselines(rule: Rule, table: Table, names: Sequence[int]) -> tuple[Array, Bools, int] | None:
    """Each stage's per-student baseline in every unit, over one common ``L``.

    ``(whole, known, L)``: ``whole[s, u] / L`` is stage ``names[s]``'s baseline in unit
    ``u`` where ``known[s, u]``.  ``None`` where a stage has no baseline path, or its
    path is not a number of the county model (the reference would fail).
    """
    baselines = rule.params.get("baselines")
    if not isinstance(baselines, Mapping):
        return None
    columns: list[Column] = []
    for index in names:
        path = baselines.get(STAGE_NAMES[index])
        if path not in COUNTY_NUMBER_PATHS:
            return None
        columns.append(exact_column(table.county(path)))
    scale = math.lcm(*(column.scale for column in columns)) if columns else 1
    width = len(names), table.units
    whole: Array = np.zeros(width, dtype=object)
    known: Bools = np.zeros(width, dtype=np.bool_)
    for position, column in enumerate(columns):
        whole[position] = column.num.astype(object) * (scale // column.scale)
        known[position] = column.known
    return whole, known, scale


def _small_schools(rule: Rule, table: Table) -> tuple[Ints, int, int] | None:
    """The school rows in scope with ``0 < P < floor_students`` pupils, and the floor ``f / g``.

    ``None`` for a floor that is not a number, or a malformed scope.
    """
    try:
        floor = rule.threshold(name="floor_students")
    except (KeyError, TypeError):
        return None
    scope = _scope(rule, table)
    parts = ratio(floor)
    if scope is None or parts is None:
        return None
    f, g = parts
    students = table.school_students
    small = scope & (students != 0) & _met("<", students, 1, f, g)
    return np.flatnonzero(small), f, g


def small_school_funding(rule: Rule, table: Table, rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors ``small_school_funding`` (the object, and its ``_small_school_funding_rows``).

    A school in scope with ``0 < P < floor_students`` pupils: not evaluable when the
    baseline of a stage it teaches pupils in, or its ``public_funds_yuan``, is unknown;
    else met when its funds reach ``floor · Σ_s b_s · P_s / P`` (a stage without pupils
    weighs nothing, its baseline known or not).  The object path's answer where a
    baseline is unknown is given too; a stage with no baseline path: ``None``.
    """
    del rules
    small = _small_schools(rule, table) if _known_params(rule, frozenset({"baselines"})) else None
    if small is None:
        return None
    rows, f, g = small
    if rows.size == 0:
        return Counted(counts=table.zeros())
    chosen = np.zeros(len(table.school_dicts), dtype=np.bool_)
    chosen[rows] = True
    stage_rows = np.flatnonzero(chosen[table.stage_school])
    names = sorted(set(table.stage_name[stage_rows].tolist()))
    found = _baselines(rule, table, names)
    if found is None:
        return None
    whole, known, scale = found
    slot = np.searchsorted(np.array(names, dtype=np.int64), table.stage_name[stage_rows])
    stage_unit = table.stage_unit[stage_rows]
    stage_students = table.stage_students[stage_rows]
    # each small school's place among ``rows``, for every one of its stages
    owner = np.searchsorted(rows, table.stage_school[stage_rows])
    baseline_known = known[slot, stage_unit]
    funds = table.school_column("public_funds_yuan")
    lacking = np.zeros(rows.size, dtype=np.bool_)
    lacking[owner[~baseline_known & (stage_students > 0)]] = True
    unknown = lacking | ~funds.known[rows]
    weighted: Array = np.zeros(rows.size, dtype=object)
    np.add.at(weighted, owner, whole[slot, stage_unit] * stage_students.astype(object))
    # funds F / K ≥ f · W / (g · L · P)  ⇔  F · g · L · P ≥ f · W · K
    left = _product(funds.num[rows], g, scale, table.school_students[rows])
    right = _product(weighted, f, funds.scale)
    met = _holds(">=", left, right)
    return _counted(table, table.school_unit[rows], _outcomes(unknown, met))


KERNELS: dict[str, Kernel] = {
    "school_rooms": school_rooms,
    "school_size": school_size,
    "class_size": class_size,
    "school_ratio": school_ratio,
    "per_student_funding": per_student_funding,
    "small_school_funding": small_school_funding,
}
"""The column kernels of the per-school evaluators, by evaluator name."""

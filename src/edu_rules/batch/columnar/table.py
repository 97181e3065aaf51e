"""Many units' documents laid out once as columns: what every column kernel reads.

A :class:`Table` is built from parsed, validated county documents (plain JSON data,
never a :class:`~edu_rules.model.county.County`): one row per school and one row per
present school stage, across every unit, with the unit each row belongs to.  A numeric
field becomes a :class:`Column` of whole numbers over one power of ten, so that every
comparison a kernel makes is an exact integer cross-multiplication, as the per-unit
kernels (:mod:`edu_rules.evaluators._kernels`) make it.

The decimal reading is the project's (:func:`edu_rules._numbers.exact`): a float is the
decimal its shortest text spells.  It is found for a whole column at once — the least
number of decimals ``k`` with ``rint(x · 10ᵏ) / 10ᵏ == x`` — which is that decimal
whenever ``|x · 10ᵏ| < 2⁵²`` (the ``k``-place decimals are then further apart than the
float's spacing, so only one of them reads as ``x``); anything else (an integer beyond
2⁵², more than :data:`_MOST_DECIMALS` decimals) is read value by value, exactly.  A
test holds the column reading to :func:`~edu_rules._numbers.exact` value for value.

What a kernel returns is :class:`Counted`: per unit, how many findings of each outcome
its rule yields (:data:`OUTCOMES` order).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Hashable, Mapping, Sequence
from fractions import Fraction
from typing import Any, TypeAlias, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from edu_rules._numbers import exact
from edu_rules.model.county import STAGE_NAMES
from edu_rules.model.result import Outcome
from edu_rules.model.rules import Rule

Ints: TypeAlias = npt.NDArray[np.int64]
"""A column of whole numbers (or of Python ints, ``dtype=object``, where they are huge)."""

_T = TypeVar("_T")

OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)
"""The column order of every count array."""

OUTCOME_INDEX: Mapping[Outcome, int] = {outcome: index for index, outcome in enumerate(OUTCOMES)}

_MOST_DECIMALS = 9
"""The most decimals a column is read with at once; a value with more is read alone."""

_EXACT_BELOW = 2.0**52
"""Scaled values below this are the unique decimal of their float (see the module text)."""

INT64_SAFE = 2**62
"""Whole numbers (and products) known to stay below this are held in ``int64``."""

_PLAIN = frozenset({int, float, type(None)})


Ratio: TypeAlias = tuple[int, int]
"""An exact rule number as ``(numerator, denominator)``, the denominator positive."""


def ratio(value: object) -> Ratio | None:
    """A rule number as a :data:`Ratio` if it is exact (``int`` or ``Fraction``, not ``bool``)."""
    if type(value) is int or type(value) is Fraction:
        return value.numerator, value.denominator
    return None


@attrs.frozen(eq=False)
class Column:
    """The exact numbers of one field, one per row: ``value_i = num[i] / scale`` where known.

    ``num`` is ``int64`` when every value fits with room to spare (|num| < 2⁶²), else a
    ``dtype=object`` array of Python ints; it is 0 where the value is unknown.
    """

    num: npt.NDArray[Any]
    known: npt.NDArray[np.bool_]
    scale: int

    def exact(self, row: int) -> int | Fraction | None:
        """Row ``row``'s value as the reference reads it (``None``: unknown)."""
        if not self.known[row]:
            return None
        value = Fraction(int(self.num[row]), self.scale)
        return value.numerator if value.denominator == 1 else value

    @property
    def huge(self) -> bool:
        """Whether the numbers are Python ints (a kernel then multiplies as objects)."""
        return self.num.dtype == object


@attrs.frozen
class CvCell:
    """A CV finding of one unit and stage, as the summary reads it: JSON numbers."""

    measured: int | float | None
    required: int | float | None
    outcome: Outcome


@attrs.frozen
class Counted:
    """What a kernel found for one rule: counts ``(units, len(OUTCOMES))``; CV cells by stage."""

    counts: Ints
    cv: Mapping[str, Sequence[CvCell | None]] | None = None


def exact_column(values: Sequence[Any]) -> Column:
    """The :class:`Column` of JSON numbers ``values`` (``None``: unknown)."""
    floats = None
    if set(map(type, values)) <= _PLAIN:  # a Decimal (the reference parse) is read alone
        try:
            floats = np.array(values, dtype=np.float64)  # None becomes NaN
        except OverflowError:  # an integer beyond any float
            floats = None
    if floats is not None:
        known = ~np.isnan(floats)
        floats[~known] = 0.0
        found = decimal_column(floats, known)
        if found is not None:
            return found
    known = np.fromiter((v is not None for v in values), dtype=np.bool_, count=len(values))
    return _one_by_one([0 if v is None else v for v in values], known)


def decimal_column(floats: npt.NDArray[np.float64], known: npt.NDArray[np.bool_]) -> Column | None:
    """The :class:`Column` of finite JSON floats (or whole numbers held as floats), at once.

    ``None`` where one power of ten cannot read them all as their decimals (a value of
    2⁵² or more, more than :data:`_MOST_DECIMALS` decimals): read them with
    :func:`exact_column` then.  ``known`` is carried over; unknown values must be 0.
    """
    if not (np.abs(floats) < _EXACT_BELOW).all():  # whole numbers here are exact as floats
        return None
    found = _decimal_scale(floats)
    return None if found is None else Column(found[0], known, found[1])


def _decimal_scale(floats: npt.NDArray[np.float64]) -> tuple[Ints, int] | None:
    """Whole numbers and the least ``10ᵏ`` that read every float as its decimal, or ``None``."""
    for decimals in range(_MOST_DECIMALS + 1):
        scale = 10**decimals
        scaled = np.rint(floats * scale)
        if (np.abs(scaled) < _EXACT_BELOW).all() and (scaled / scale == floats).all():
            return scaled.astype(np.int64), scale
    return None


def _one_by_one(filled: Sequence[Any], known: npt.NDArray[np.bool_]) -> Column:
    """The exact reading value by value (huge or many-decimal values): always exact."""
    exacts = [exact(value) for value in filled]
    scale = math.lcm(*(Fraction(value).denominator for value in exacts)) if exacts else 1
    whole = [int(Fraction(value) * scale) for value in exacts]
    biggest = max((abs(value) for value in whole), default=0)
    dtype: Any = np.int64 if biggest < INT64_SAFE else object
    return Column(np.array(whole, dtype=dtype), known, scale)


Kernel: TypeAlias = Callable[[Rule, "Table", Mapping[str, Rule]], Counted | None]
"""A column kernel: a rule, the table, the rule set by id → its counts, or ``None``."""


_NO_STAGES: Mapping[str, Any] = {}
_PRIMARY, _JUNIOR = STAGE_NAMES  # stage_name 0 and 1
_STUDENTS, _CLASSES = operator.itemgetter("students"), operator.itemgetter("classes")


def _strings(dicts: Sequence[Mapping[str, Any]], field: str) -> npt.NDArray[Any]:
    """The text field ``field`` of every dict, as an object array."""
    return np.array(list(map(operator.itemgetter(field), dicts)), dtype=object)


def _value_at(document: Mapping[str, Any], path: Sequence[str]) -> Any:
    value: Any = document
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


class Table:
    """The columns of a batch of units' documents (see the module text)."""

    def __init__(self, documents: Sequence[Mapping[str, Any]]) -> None:
        """Lay out ``documents`` (parsed and validated county documents) as rows."""
        self.documents = documents
        self.units = len(documents)
        self.codes: list[str] = [document["code"] for document in documents]
        school_unit: list[int] = []
        school_position: list[int] = []
        school_dicts: list[Mapping[str, Any]] = []
        stage_unit: list[int] = []
        stage_school: list[int] = []
        stage_name: list[int] = []
        stage_dicts: list[Mapping[str, Any]] = []
        add_stage, add_unit, add_school = stage_dicts.append, stage_unit.append, stage_school.append
        add_name = stage_name.append
        for unit, document in enumerate(documents):
            schools = document["schools"]
            first = len(school_dicts)
            school_dicts.extend(schools)
            school_unit.extend([unit] * len(schools))
            school_position.extend(range(len(schools)))
            for row, school in enumerate(schools, first):
                stages = school.get("stages") or _NO_STAGES
                primary, junior = stages.get(_PRIMARY), stages.get(_JUNIOR)
                if primary is not None:
                    add_stage(primary)
                    add_unit(unit)
                    add_school(row)
                    add_name(0)
                if junior is not None:
                    add_stage(junior)
                    add_unit(unit)
                    add_school(row)
                    add_name(1)
        self.school_dicts = school_dicts
        self.stage_dicts = stage_dicts
        self.school_unit: Ints = np.array(school_unit, dtype=np.int64)
        self.school_position: Ints = np.array(school_position, dtype=np.int64)
        self.school_kind = _strings(school_dicts, "kind")
        self.school_area = _strings(school_dicts, "area")
        self.school_ownership = _strings(school_dicts, "ownership")
        self.stage_unit: Ints = np.array(stage_unit, dtype=np.int64)
        self.stage_school: Ints = np.array(stage_school, dtype=np.int64)
        self.stage_name = np.array(stage_name, dtype=np.int8)
        self.stage_students: Ints = np.array(list(map(_STUDENTS, stage_dicts)), dtype=np.int64)
        self.stage_classes: Ints = np.array(list(map(_CLASSES, stage_dicts)), dtype=np.int64)
        schools = len(school_dicts)
        self.school_students: Ints = np.bincount(
            self.stage_school, weights=self.stage_students, minlength=schools
        ).astype(np.int64)
        self.school_classes: Ints = np.bincount(
            self.stage_school, weights=self.stage_classes, minlength=schools
        ).astype(np.int64)
        pupils = np.bincount(
            self.stage_unit, weights=(self.stage_students > 0), minlength=self.units
        )
        self.has_pupils: npt.NDArray[np.bool_] = pupils > 0
        self._columns: dict[tuple[str, str], Column] = {}
        self._values: dict[str, list[Any]] = {}
        self._memo: dict[Hashable, Any] = {}

    def school_column(self, field: str) -> Column:
        """The exact numbers of a school field, one per school row (cached)."""
        return self._column("school", self.school_dicts, field)

    def stage_column(self, field: str) -> Column:
        """The exact numbers of a stage field, one per stage row (cached)."""
        return self._column("stage", self.stage_dicts, field)

    def _column(self, rows: str, dicts: Sequence[Mapping[str, Any]], field: str) -> Column:
        found = self._columns.get((rows, field))
        if found is None:
            found = self._columns[rows, field] = exact_column([row.get(field) for row in dicts])
        return found

    def county(self, path: str) -> list[Any]:
        """Per unit, the JSON value at the dotted ``path`` (``None`` where absent), cached."""
        found = self._values.get(path)
        if found is None:
            keys = path.split(".")
            found = self._values[path] = [_value_at(document, keys) for document in self.documents]
        return found

    def memo(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """``compute()``, worked out once per table and ``key``: what kernels share."""
        if key in self._memo:
            found: _T = self._memo[key]
            return found
        value = self._memo[key] = compute()
        return value

    def tally(self, unit_of: Ints, outcome_of: Ints) -> Ints:
        """Counts ``(units, len(OUTCOMES))`` of rows by unit and outcome index."""
        width = len(OUTCOMES)
        flat = np.bincount(unit_of * width + outcome_of, minlength=self.units * width)
        return flat.astype(np.int64).reshape(self.units, width)

    def zeros(self) -> Ints:
        """Counts of no finding at all, to add to."""
        return np.zeros((self.units, len(OUTCOMES)), dtype=np.int64)


def build(documents: Sequence[Mapping[str, Any]]) -> Table:
    """The :class:`Table` of ``documents`` (parsed and validated county documents)."""
    return Table(documents)

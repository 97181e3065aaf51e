"""Column kernels of the county items: flags, county figures and ratios, lists, manual checks.

Each kernel mirrors one evaluator of :mod:`edu_rules.evaluators.county` for every unit of
a :class:`~edu_rules.batch.columnar.table.Table` at once, without building a
:class:`~edu_rules.model.county.County`: it reads the raw document values
(:meth:`Table.county`), turns each into the value the converter would give
(:mod:`edu_rules.io.serialization`: a float is the decimal its shortest text spells, an
integer field is ``int(value)``, a flag ``bool(value)``) and judges it as the evaluator
does, by exact integer cross-multiplication.  Every one of these evaluators yields exactly
one observation per unit, so a kernel's counts are one finding per unit.

A county field is read once per rule as a column of exact numbers over all units
(:func:`~edu_rules.batch.columnar.table.exact_column`, the converter's decimal reading,
or value by value where a value is not a plain JSON number) and judged with Python
integers in ``dtype=object`` arrays (a few thousand units: no overflow to guard against).
The scope of a county figure about some schools (:func:`county_value` with
``params.schools``) reads the school rows, and a list (:func:`each_item`) its items,
laid out flat.

A kernel answers ``None`` ("not supported", the unit falls back to the reference path)
for a rule with provisions, a parameter it does not know, a comparator the reference does
not name, a field path the county model does not have (or of the wrong type), or a
threshold that is not a plain number: wherever the reference could do anything but what
is mirrored here, including raise (an ``error`` finding).
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from edu_rules._numbers import Exact
from edu_rules.batch.columnar.table import OUTCOME_INDEX, Counted, Kernel, Table, exact_column
from edu_rules.io.serialization import read_exact
from edu_rules.model import county as model
from edu_rules.model.county import STAGE_NAMES
from edu_rules.model.evaluation import COMPARATORS
from edu_rules.model.result import Outcome
from edu_rules.model.rules import Rule

Reader: TypeAlias = Callable[[Any], Any]
"""How the converter turns one raw JSON value of a field into the model's value."""

Objects: TypeAlias = npt.NDArray[np.object_]
"""A column of Python ints (or of Python bools, from a comparison)."""

Ratio: TypeAlias = tuple[int, int]
"""An exact rational as ``(numerator, denominator)``, the denominator positive."""

_MET: Final = OUTCOME_INDEX[Outcome.MET]
_SHORT: Final = OUTCOME_INDEX[Outcome.SHORTFALL]
_UNKNOWN: Final = OUTCOME_INDEX[Outcome.NOT_EVALUABLE]
_EXCUSED: Final = OUTCOME_INDEX[Outcome.NOT_APPLICABLE]
_MANUAL: Final = OUTCOME_INDEX[Outcome.MANUAL]

_LARGEST_PARAMETER: Final = 10**30
"""A threshold or scale with a numerator or denominator this large is left to the reference:
its findings turn exact values into floats (``to_json_number``), which past about 10³⁰⁸
raise; inputs are bounded by ``LARGEST_EXPONENT``, so parameters below this never do."""

_INFORMATIONAL: Final = frozenset({"reuses", "remedy_unit", "whole"})
"""Parameters that never change an outcome: the rule another layer's number comes from, and
the unit and rounding of a remedy (the remedy is computed only from exact values already
checked, and cannot fail)."""

# --------------------------------------------------------------------------- the model's fields

_MODELS: Final = frozenset(
    cls for cls in vars(model).values() if isinstance(cls, type) and attrs.has(cls)
)
"""The attrs classes of the county model: what a dotted field path may pass through."""


def _read_whole(value: Any) -> int | None:
    """An ``int`` field as the converter structures it: ``int(value)``."""
    return None if value is None else int(value)


def _read_flag(value: Any) -> bool | None:
    """A ``bool`` field as the converter structures it: ``bool(value)``."""
    return None if value is None else bool(value)


_NUMBER_READERS: Final[Mapping[object, Reader]] = {
    Exact | None: read_exact,
    Exact: read_exact,
    int | None: _read_whole,
    int: _read_whole,
}
_FLAG_READERS: Final[Mapping[object, Reader]] = {bool | None: _read_flag, bool: _read_flag}


@functools.cache
def _hints(cls: type) -> Mapping[str, Any]:
    """The resolved field types of a model class."""
    return typing.get_type_hints(cls)


def _leaf_type(cls: type, path: Any) -> object | None:
    """The type of the field at a dotted ``path`` from ``cls``, or ``None`` where none is.

    Every part but the last must name a field holding a model object, as ``Context.value_at``
    walks it with ``getattr`` (anything else would raise there).
    """
    if not isinstance(path, str) or not path:
        return None
    *inner, last = path.split(".")
    for part in inner:
        found = _hints(cls).get(part)
        if not isinstance(found, type) or found not in _MODELS:
            return None
        cls = found
    return _hints(cls).get(last)


def _reader(path: Any, readers: Mapping[object, Reader]) -> Reader | None:
    """How to read the county field at ``path`` if its type is one of ``readers``', or ``None``."""
    leaf = _leaf_type(model.County, path)
    try:
        return readers.get(leaf)
    except TypeError:  # an unhashable annotation: not one of ours
        return None


def _list_item(path: Any) -> type | None:
    """The model class of the items of a list field (``tuple[X, ...] | None``), or ``None``."""
    leaf = _leaf_type(model.County, path)
    for member in typing.get_args(leaf):
        args = typing.get_args(member)
        if typing.get_origin(member) is tuple and len(args) == 2 and args[1] is Ellipsis:
            item = args[0]
            return item if isinstance(item, type) and item in _MODELS else None
    return None


# --------------------------------------------------------------------------- figures


@attrs.frozen(eq=False)
class Figures:
    """One figure per row, exactly: ``num[i] / den[i]`` where ``known[i]`` (else ``0 / 1``).

    ``num`` and ``den`` hold Python ints (``dtype=object``); ``den`` is positive.
    """

    num: Objects
    den: Objects
    known: npt.NDArray[np.bool_]

    def holds(self, comparator: str, required: Ratio) -> npt.NDArray[np.bool_]:
        """Per row, ``compare(value, comparator, required)`` by cross-multiplying.

        Meaningless where the value is unknown (``0 / 1`` is compared there).
        """
        top, bottom = required
        found = COMPARATORS[comparator](self.num * bottom, self.den * top)
        return np.asarray(found, dtype=np.bool_)


def _figures(raw: Sequence[Any], read: Reader) -> Figures:
    """The exact figures of raw JSON values, each read as ``read`` (the converter) reads it.

    An ``Exact`` field of plain JSON numbers is read as a whole column (the decimal of
    each float's shortest text); anything else value by value, through ``read``.
    """
    size = len(raw)
    if read is read_exact:  # exact_column reads as read_exact does, a plain column at once
        column = exact_column(raw)
        return Figures(
            column.num.astype(object), np.full(size, column.scale, dtype=object), column.known
        )
    values: list[Exact | None] = [read(value) for value in raw]
    known = np.fromiter((value is not None for value in values), np.bool_, size)
    num = np.empty(size, dtype=object)
    den = np.empty(size, dtype=object)
    num[:] = [0 if value is None else value.numerator for value in values]
    den[:] = [1 if value is None else value.denominator for value in values]
    return Figures(num, den, known)


def _county_figures(table: Table, path: str, read: Reader) -> Figures:
    """Per unit, the exact figure of the county field at ``path``."""
    return _figures(table.county(path), read)


# --------------------------------------------------------------------------- rule parameters


def _params(rule: Rule, known: frozenset[str]) -> Mapping[str, Any] | None:
    """The rule's parameters, or ``None`` if it has provisions or a parameter not in ``known``."""
    if rule.provisions:
        return None
    params = rule.params
    if not set(params) <= known | _INFORMATIONAL:
        return None
    return params


def _plain(value: Any) -> Ratio | None:
    """A rule number (int or Fraction, not bool, not huge) as ``(numerator, denominator)``."""
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        return None
    if abs(value.numerator) >= _LARGEST_PARAMETER or value.denominator >= _LARGEST_PARAMETER:
        return None
    return value.numerator, value.denominator


def _required(rule: Rule) -> Ratio | None:
    """The rule's plain threshold in force (``rule.threshold()``), or ``None``."""
    return _plain(rule.value.get("threshold"))


def _comparator(rule: Rule) -> str | None:
    """The comparator the reference applies (``>=`` by default), if it names a known one."""
    comparator = rule.definition.comparator or ">="
    return comparator if comparator in COMPARATORS else None


# --------------------------------------------------------------------------- counting


def _one_each(table: Table, outcomes: npt.NDArray[np.int64]) -> Counted:
    """Counts of one finding per unit, with the outcome index ``outcomes[unit]``."""
    counts = table.zeros()
    counts[np.arange(table.units), outcomes] = 1
    return Counted(counts=counts)


def _judged(unknown: npt.NDArray[np.bool_], met: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Per unit: not evaluable where ``unknown``, else met where ``met``, else short."""
    outcomes: npt.NDArray[np.int64] = np.where(
        unknown, _UNKNOWN, np.where(met, _MET, _SHORT)
    ).astype(np.int64)
    return outcomes


# --------------------------------------------------------------------------- kernels

_FLAG_PARAMS: Final = frozenset({"field", "expected", "not_applicable"})


def _excused_prefixes(params: Mapping[str, Any]) -> tuple[str, ...] | None:
    """``tuple(params.not_applicable.prefixes)`` as ``_not_applicable_here`` reads it.

    ``()`` when there is none (no unit is excused); ``None`` when the spec is one the
    reference would fail on (not a mapping, no ``reason``, a prefix that is not text).
    """
    spec = params.get("not_applicable")
    if spec is None:
        return ()
    if not isinstance(spec, Mapping) or "reason" not in spec or "prefixes" not in spec:
        return None
    try:
        prefixes = tuple(spec["prefixes"])
    except TypeError:
        return None
    if not all(isinstance(prefix, str) for prefix in prefixes):
        return None  # ``startswith`` refuses anything but text
    return prefixes


def flag(rule: Rule, table: Table, _rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors :func:`edu_rules.evaluators.county.flag` (and ``_not_applicable_here``).

    Not applicable where the unit's code starts with a ``not_applicable`` prefix; else
    unknown where the flag is; else met exactly when it ``is`` the expected value.
    """
    params = _params(rule, _FLAG_PARAMS)
    if params is None:
        return None
    read = _reader(params.get("field"), _FLAG_READERS)
    prefixes = _excused_prefixes(params)
    if read is None or prefixes is None:
        return None
    expected = bool(params.get("expected", True))
    values = [read(value) for value in table.county(params["field"])]
    size = table.units
    unknown = np.fromiter((value is None for value in values), np.bool_, size)
    met = np.fromiter((value is expected for value in values), np.bool_, size)
    outcomes = _judged(unknown, met)
    if prefixes:
        excused = np.fromiter((str(code).startswith(prefixes) for code in table.codes), bool, size)
        outcomes[excused] = _EXCUSED
    return _one_each(table, outcomes)


_YEARS_PARAMS: Final = frozenset({"field"})


def years_since(rule: Rule, table: Table, _rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors :func:`edu_rules.evaluators.county.years_since`.

    ``assessment_year − year`` (the document's assessment year, not the evaluation date)
    against the threshold; unknown where the year is.
    """
    params = _params(rule, _YEARS_PARAMS)
    if params is None:
        return None
    read = _reader(params.get("field"), _NUMBER_READERS)
    required, comparator = _required(rule), _comparator(rule)
    if read is None or required is None or comparator is None:
        return None
    year = _county_figures(table, params["field"], read)
    assessed = np.empty(table.units, dtype=object)
    assessed[:] = [int(document["assessment_year"]) for document in table.documents]
    measured = Figures(assessed * year.den - year.num, year.den, year.known)
    return _one_each(table, _judged(~year.known, measured.holds(comparator, required)))


_VALUE_PARAMS: Final = frozenset({"field", "schools"})

_IN_SCOPE: Final = 0
"""A school of the stage is known to be a day school: the figure is about it."""
_IN_DOUBT: Final = 1
"""No school of the stage is known to be a day school, but some school's boarding is unknown."""
_OUT_OF_SCOPE: Final = 2
"""Every school of the stage boards (or none has pupils of the stage): not applicable."""


def _scope_stage(params: Mapping[str, Any]) -> str | None:
    """The stage of ``params.schools`` (``""``: no such parameter), ``None`` if unusable."""
    spec = params.get("schools")
    if spec is None:
        return ""
    if not isinstance(spec, Mapping) or "reason" not in spec:
        return None
    stage = spec.get("stage")
    return stage if isinstance(stage, str) and stage in STAGE_NAMES else None


_DAY: Final = 0
_BOARDS: Final = 1
_BOARDING_UNKNOWN: Final = 2


def _boarding(table: Table) -> npt.NDArray[np.int8]:
    """Per school row, ``_DAY``, ``_BOARDS`` or ``_BOARDING_UNKNOWN`` (cached per table).

    As the converter reads ``boarding``: ``bool(value)``, ``None`` unknown.
    """

    def compute() -> npt.NDArray[np.int8]:
        raw = (school.get("boarding") for school in table.school_dicts)
        codes = (_BOARDING_UNKNOWN if b is None else _BOARDS if b else _DAY for b in raw)
        return np.fromiter(codes, np.int8, len(table.school_dicts))

    return table.memo("boarding", compute)


def _scope_states(table: Table, stage: str) -> npt.NDArray[np.int64]:
    """Per unit, what ``_scope`` finds for the schools with pupils of ``stage``.

    A unit with a day school of the stage (``boarding`` false) is in scope, whatever the
    others' boarding; else one whose school's boarding is unknown is in doubt; else every
    school of the stage boards, or none has pupils of it: out of scope.
    """
    rows = np.flatnonzero(
        (table.stage_name == STAGE_NAMES.index(stage)) & (table.stage_students > 0)
    )
    boarding = _boarding(table)[table.stage_school[rows]]
    day, unknown = boarding == _DAY, boarding == _BOARDING_UNKNOWN
    units = table.stage_unit[rows]
    has_day = np.bincount(units[day], minlength=table.units) > 0
    has_unknown = np.bincount(units[unknown], minlength=table.units) > 0
    states: npt.NDArray[np.int64] = np.where(
        has_day, _IN_SCOPE, np.where(has_unknown, _IN_DOUBT, _OUT_OF_SCOPE)
    ).astype(np.int64)
    return states


def county_value(rule: Rule, table: Table, _rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors :func:`edu_rules.evaluators.county.county_value` (and ``_scope``).

    Not applicable where no school of the ``params.schools`` stage is in scope; else
    unknown where the figure is; else judged, a shortfall turning unknown where a school's
    boarding is unknown and none is known to be a day school.
    """
    params = _params(rule, _VALUE_PARAMS)
    if params is None:
        return None
    read = _reader(params.get("field"), _NUMBER_READERS)
    stage = _scope_stage(params)
    required, comparator = _required(rule), _comparator(rule)
    if read is None or stage is None or required is None or comparator is None:
        return None
    value = _county_figures(table, params["field"], read)
    met = value.holds(comparator, required)
    outcomes = _judged(~value.known, met)
    if stage:
        states = _scope_states(table, stage)
        outcomes[(states == _IN_DOUBT) & value.known & ~met] = _UNKNOWN
        outcomes[states == _OUT_OF_SCOPE] = _EXCUSED
    return _one_each(table, outcomes)


_RATIO_PARAMS: Final = frozenset({"numerator", "denominator", "scale"})


def county_ratio(rule: Rule, table: Table, _rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors :func:`edu_rules.evaluators.county.county_ratio` (``_ratio_observation``).

    ``numerator / denominator × scale`` against the threshold; unknown where either figure
    is, or where the denominator is 0 (the measure is undefined).  ``None`` for a scale that
    is not a positive plain number.
    """
    params = _params(rule, _RATIO_PARAMS)
    if params is None:
        return None
    read_top = _reader(params.get("numerator"), _NUMBER_READERS)
    read_bottom = _reader(params.get("denominator"), _NUMBER_READERS)
    scale = _plain(params.get("scale", 1))
    required, comparator = _required(rule), _comparator(rule)
    if read_top is None or read_bottom is None or comparator is None:
        return None
    if scale is None or scale[0] <= 0 or required is None:
        return None
    top = _county_figures(table, params["numerator"], read_top)
    bottom = _county_figures(table, params["denominator"], read_bottom)
    undefined = bottom.known & (bottom.num == 0)
    # top × scale / bottom = (tn · sn · bd) / (td · sd · bn), its denominator made positive
    sign = np.where(bottom.num < 0, -1, 1).astype(object)
    num = top.num * scale[0] * bottom.den * sign
    den = top.den * scale[1] * bottom.num * sign
    den[~top.known | ~bottom.known | undefined] = 1  # compared, never read
    measured = Figures(num, den, top.known & bottom.known)
    unknown = ~measured.known | undefined
    return _one_each(table, _judged(unknown, measured.holds(comparator, required)))


_COMPARE_PARAMS: Final = frozenset({"value", "reference"})


def county_compare(rule: Rule, table: Table, _rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors :func:`edu_rules.evaluators.county.county_compare`.

    A figure against ``reference × threshold``; unknown where either figure is.
    """
    params = _params(rule, _COMPARE_PARAMS)
    if params is None:
        return None
    read_value = _reader(params.get("value"), _NUMBER_READERS)
    read_reference = _reader(params.get("reference"), _NUMBER_READERS)
    times, comparator = _required(rule), _comparator(rule)
    if read_value is None or read_reference is None or times is None or comparator is None:
        return None
    value = _county_figures(table, params["value"], read_value)
    reference = _county_figures(table, params["reference"], read_reference)
    # value ⋈ reference × t  ⇔  vn · fd · td ⋈ fn · tn · vd
    left = value.num * reference.den * times[1]
    right = reference.num * times[0] * value.den
    met = np.asarray(COMPARATORS[comparator](left, right), dtype=np.bool_)
    return _one_each(table, _judged(~(value.known & reference.known), met))


_EACH_PARAMS: Final = frozenset({"list", "item", "label"})


def each_item(rule: Rule, table: Table, _rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors :func:`edu_rules.evaluators.county.each_item`.

    Unknown where the list is unknown or empty; else short where a known item fails; else
    unknown where an item's figure is; else met.  ``None`` unless ``params.item`` is a
    number field of the list's items and ``params.label`` one of their fields.
    """
    params = _params(rule, _EACH_PARAMS)
    if params is None:
        return None
    item_class = _list_item(params.get("list"))
    if item_class is None:
        return None
    item_field, label = params.get("item"), params.get("label", "subject")
    fields = _hints(item_class)  # ``getattr(item, name)`` of one item's fields
    if not isinstance(item_field, str) or not isinstance(label, str) or label not in fields:
        return None
    read = _NUMBER_READERS.get(fields.get(item_field))
    required, comparator = _required(rule), _comparator(rule)
    if read is None or comparator is None or required is None:
        return None
    lists = table.county(params["list"])
    owner = np.fromiter(
        (unit for unit, items in enumerate(lists) if items for _ in items), np.int64
    )
    value = _figures([item.get(item_field) for items in lists if items for item in items], read)
    failing = value.known & ~value.holds(comparator, required)
    size = table.units
    has_failing = np.bincount(owner[failing], minlength=size) > 0
    has_unknown = np.bincount(owner[~value.known], minlength=size) > 0
    empty = np.fromiter((not items for items in lists), np.bool_, size)
    outcomes: npt.NDArray[np.int64] = np.where(
        empty | (has_unknown & ~has_failing), _UNKNOWN, np.where(has_failing, _SHORT, _MET)
    ).astype(np.int64)
    return _one_each(table, outcomes)


_MANUAL_PARAMS: Final = frozenset({"what"})


def manual(rule: Rule, table: Table, _rules: Mapping[str, Rule]) -> Counted | None:
    """Mirrors :func:`edu_rules.evaluators.county.manual`: one manual check per unit."""
    if _params(rule, _MANUAL_PARAMS) is None:
        return None
    return _one_each(table, np.full(table.units, _MANUAL, dtype=np.int64))


KERNELS: Final[dict[str, Kernel]] = {
    "flag": flag,
    "years_since": years_since,
    "county_value": county_value,
    "county_ratio": county_ratio,
    "county_compare": county_compare,
    "each_item": each_item,
    "manual": manual,
}
"""The county kernels by evaluator name."""

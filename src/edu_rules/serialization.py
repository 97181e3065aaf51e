"""The one cattrs converter: county documents and results in and out of plain JSON data.

Configured once, here; nothing registers hooks on cattrs' global converter.  Numbers
structure into exact rationals (:func:`edu_rules._numbers.exact`) and unstructure
into JSON numbers; enums travel as their values; tuples as lists; unknown values as
``null`` (the canonical document spells every field out).

:func:`to_json` is byte-stable: the same object always gives the same bytes.
"""

from __future__ import annotations

import enum
import json
from fractions import Fraction
from typing import Any, TypeVar

import cattrs

from edu_rules._numbers import Exact, exact, to_json_number
from edu_rules.result import Subject

T = TypeVar("T")

_EXACT_TYPES: frozenset[object] = frozenset({Exact, Exact | None, Fraction})
_JSON_NUMBER_TYPES: frozenset[object] = frozenset({int | float, int | float | None})


def _structure_exact(value: Any, _type: object) -> Exact | None:
    if value is None:
        return None
    return exact(value)


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _structure_json_number(value: Any, _type: object) -> int | float | None:
    """Result numbers stay what JSON said they were (already rounded to doubles)."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise TypeError(f"not a number: {value!r}")


def _unstructure_subject(subject: Subject) -> dict[str, str]:
    """A subject names only what it is about: ``{"school": "S1", "stage": "primary"}``."""
    return {
        key: value
        for key, value in (
            ("county", subject.county),
            ("school", subject.school),
            ("stage", subject.stage),
            ("name", subject.name),
        )
        if value is not None
    }


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_unstructure_hook(Subject, _unstructure_subject)
    converter.register_structure_hook_func(lambda t: t in _EXACT_TYPES, _structure_exact)
    converter.register_structure_hook_func(
        lambda t: t in _JSON_NUMBER_TYPES, _structure_json_number
    )
    converter.register_unstructure_hook(Fraction, to_json_number)
    # StrEnum / IntEnum list ``str`` / ``int`` before ``Enum`` in their MRO, so a hook on
    # ``Enum`` alone never reaches them and members would leak out as enum objects.
    for enum_base in (enum.Enum, enum.StrEnum, enum.IntEnum):
        converter.register_unstructure_hook(enum_base, _enum_value)
    return converter


converter: cattrs.Converter = _make_converter()
"""The converter every (de)serialisation in edu-rules goes through."""


def structure(data: Any, cls: type[T]) -> T:
    """Build ``cls`` from plain JSON data that has already been validated."""
    return converter.structure(data, cls)


def unstructure(obj: object) -> Any:
    """Plain JSON data (dicts, lists, str, numbers, bool, None) for ``obj``."""
    return converter.unstructure(obj)


def to_json(obj: object, *, indent: int | None = 2) -> str:
    """Deterministic JSON text for an attrs object or plain data (keys in declared order)."""
    data = obj if isinstance(obj, dict | list) else unstructure(obj)
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"

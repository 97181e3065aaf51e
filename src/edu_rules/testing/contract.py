"""The county contract as the kit sees it: exact JSON numbers, paths, field schemas, bounds."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Final, TypeAlias

from edu_rules._numbers import Exact
from edu_rules._resources import load_schema

Document: TypeAlias = dict[str, Any]
"""A county document as plain JSON data."""

Path: TypeAlias = tuple[str | int, ...]
"""A location in a document: keys and list indices, outermost first."""

CENT: Final = Fraction(1, 100)
"""The step of a measured figure (m², yuan, percent): one hundredth of its unit."""


# --------------------------------------------------------------------------- numbers and paths


def json_number(value: Exact | float) -> int | float:
    """The JSON number whose decimal text is exactly ``value`` (``int`` when whole).

    :raises ValueError: when no double's shortest text is exactly ``value`` (a
        non-terminating fraction such as 1/3, or more than 15 significant digits).
    """
    fraction = Fraction(value)
    if fraction.denominator == 1:
        return int(fraction)
    number = float(fraction)
    if Fraction(repr(number)) != fraction:
        raise ValueError(f"{fraction} has no exact decimal JSON text")
    return number


def is_decimal(value: Fraction) -> bool:
    """Whether ``value`` can be written exactly as a JSON number."""
    try:
        json_number(value)
    except (ValueError, OverflowError):
        return False
    return True


def on_grid(value: Fraction, step: Fraction, *, up: bool = True) -> Fraction:
    """``value`` moved to a whole number of ``step`` s (up, or down with ``up=False``)."""
    units = value / step
    whole = math.ceil(units) if up else math.floor(units)
    return whole * step


def get_path(document: Any, path: Path) -> Any:
    """The value at ``path`` in ``document`` (``None`` where the path leads nowhere)."""
    node = document
    for segment in path:
        if isinstance(node, Mapping) and isinstance(segment, str):
            node = node.get(segment)
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            node = node[segment]
        else:
            return None
    return node


def set_path(document: Any, path: Path, value: Any) -> None:
    """Set the value at ``path``, creating the objects on the way."""
    node = document
    for segment in path[:-1]:
        if isinstance(node, dict) and isinstance(segment, str) and node.get(segment) is None:
            node[segment] = {}
        node = node[segment]
    node[path[-1]] = value


def dotted(path: str) -> Path:
    """``"guarantee.teacher_avg_pay_yuan"`` as a :data:`Path`."""
    return tuple(path.split("."))


# --------------------------------------------------------------------------- the contract


@functools.cache
def county_schema() -> dict[str, Any]:
    """The county contract, ``schemas/county.schema.json``."""
    return load_schema("county.schema.json")


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a ``$ref`` (and an ``anyOf`` of one schema or null) in the county schema."""
    while True:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            node = {
                **county_schema()["$defs"][name],
                **{k: v for k, v in node.items() if k != "$ref"},
            }
            continue
        if "anyOf" in node:
            real = [option for option in node["anyOf"] if option != {"type": "null"}]
            if len(real) == 1:
                node = real[0]
                continue
        return node


def field_schema(path: Path) -> Mapping[str, Any]:
    """The schema of the field at ``path`` (indices step into array items)."""
    node: Mapping[str, Any] = county_schema()
    for segment in path:
        node = _resolve(node)
        if isinstance(segment, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(segment, {})
    return _resolve(node)


def types_of(schema: Mapping[str, Any]) -> tuple[str, ...]:
    """The JSON types a field's schema allows."""
    kind = schema.get("type", ())
    return (kind,) if isinstance(kind, str) else tuple(kind)


def bounds(path: Path) -> tuple[Fraction, Fraction | None]:
    """The lowest and highest value the contract allows at ``path`` (``None``: no top)."""
    schema = field_schema(path)
    low = Fraction(schema.get("minimum", 0))
    high = schema.get("maximum")
    return low, (Fraction(high) if high is not None else None)


def is_integer_field(path: Path) -> bool:
    """Whether the contract wants a whole number at ``path``."""
    return "integer" in types_of(field_schema(path))

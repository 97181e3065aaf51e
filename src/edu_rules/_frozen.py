"""Immutable rule data: a mapping nobody can write into, and the function that freezes a tree."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from edu_rules._numbers import exact


class FrozenMap(Mapping[str, Any]):
    """An immutable, hashable, picklable mapping: how rule data is held once loaded.

    Rule values are shared by every county a process evaluates; an evaluator that could
    write into them would change the next county's verdict.  Nothing can: there is no
    method that changes a :class:`FrozenMap`, and nested values are frozen too.
    """

    __slots__ = ("_data", "_hash")
    _data: dict[str, Any]
    _hash: int | None

    def __init__(self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        """Hold a copy of ``data``; its values should already be immutable."""
        object.__setattr__(self, "_data", dict(data))
        object.__setattr__(self, "_hash", None)

    def __getitem__(self, key: str) -> Any:
        """The value at ``key``."""
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        """The keys, in the order written."""
        return iter(self._data)

    def __len__(self) -> int:
        """How many keys."""
        return len(self._data)

    def __setattr__(self, name: str, value: object) -> None:
        """Refuse: rule data is frozen once loaded."""
        raise AttributeError(f"rule data is frozen; cannot set {name!r}")

    def __hash__(self) -> int:
        """A hash of the items (values are frozen, so hashable)."""
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._data.items())))
        return hash(frozenset(self._data.items())) if self._hash is None else self._hash

    def __eq__(self, other: object) -> bool:
        """Equal to any mapping with the same items."""
        if isinstance(other, Mapping):
            return dict(self._data.items()) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        """Like a dict."""
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the items (results cross process boundaries)."""
        return (FrozenMap, (tuple(self._data.items()),))


def freeze(value: Any) -> Any:
    """``value`` with every mapping a :class:`FrozenMap` and every list a tuple."""
    if isinstance(value, Mapping):
        return FrozenMap((key, freeze(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def frozen_exact(value: Any) -> Any:
    """Rule data as held once loaded: numbers exact, mappings frozen, lists tuples."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | Decimal | float):
        return exact(value)
    if isinstance(value, Mapping):
        return FrozenMap((key, frozen_exact(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(frozen_exact(item) for item in value)
    return value

"""Immutable data: a frozen mapping, the function that freezes a tree, an independent copy."""

from __future__ import annotations

import datetime as dt
import enum
import operator
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, TypeVar

import attrs

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


# --------------------------------------------------------------------------- independent copies

_ATOMS: Final = (int, bool, str, bytes, float, Decimal, type(None), dt.date, dt.datetime)
"""Built-in types whose values nothing can change, not even ``object.__setattr__``."""
_ATOM_SET: Final = frozenset(_ATOMS)


def independent_copy(value: Any) -> Any:
    """A deep copy of ``value`` (a tree of frozen attrs objects, tuples, maps, exact numbers).

    Nothing in the copy can be reached from ``value``, except atoms (numbers, text, dates,
    enum members) that nobody can change.  A frozen attrs object can still be changed with
    ``object.__setattr__``, and a :class:`~fractions.Fraction` too: the copy has its own of
    each, so a plugin given the copy cannot reach the original.  Equal to
    ``pickle.loads(pickle.dumps(value))`` (a test checks it on county documents), and
    faster: attrs objects are copied field by field without their validators (the values
    were valid already); anything of another type is copied through pickle.
    """
    copier = _COPIERS.get(type(value))
    return value if copier is _same else (copier or _copier(type(value)))(value)


def _same(value: Any) -> Any:
    return value


def _copy_tuple(value: tuple[Any, ...]) -> tuple[Any, ...]:
    if all(type(item) in _ATOM_SET for item in value):
        return value  # a tuple of atoms: nothing in it can be changed
    return tuple([independent_copy(item) for item in value])


_new = object.__new__
_put = object.__setattr__


def _copy_fraction(value: Fraction) -> Fraction:
    made = _new(Fraction)
    _put(made, "_numerator", value.numerator)  # already in lowest terms
    _put(made, "_denominator", value.denominator)
    return made


def _copy_map(value: FrozenMap) -> FrozenMap:
    return FrozenMap({key: independent_copy(item) for key, item in value.items()})


def _pickled(value: Any) -> Any:
    return pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))  # noqa: S301 - our own bytes


def _attrs_copier(kind: type) -> Callable[[Any], Any]:
    """A copier for the attrs class ``kind``, its fields written out one by one.

    As attrs writes its ``__init__``: a field holding an atom is taken as it is, any
    other value is copied.
    """
    lines = ["def copy(value):", "    made = new(kind)"]
    for field in attrs.fields(kind):
        lines += [
            f"    item = value.{field.name}",
            "    copier = copiers.get(type(item))",
            "    if copier is not same:",
            "        item = (copier or find(type(item)))(item)",
            f"    put(made, {field.name!r}, item)",
        ]
    lines.append("    return made")
    names: dict[str, Any] = {
        "new": _new, "put": _put, "kind": kind, "copiers": _COPIERS, "same": _same,
        "find": _copier,
    }  # fmt: skip
    code = compile("\n".join(lines), f"<independent copy of {kind.__qualname__}>", "exec")
    exec(code, names)  # noqa: S102 - the source is ours; attrs field names are identifiers
    copy: Callable[[Any], Any] = names["copy"]
    return copy


_COPIERS: dict[type, Callable[[Any], Any]] = {
    **dict.fromkeys(_ATOMS, _same),
    tuple: _copy_tuple,
    # A Fraction is copied slot by slot where it has the two slots of CPython's; elsewhere
    # through pickle.
    Fraction: (
        _copy_fraction if set(Fraction.__slots__) == {"_numerator", "_denominator"} else _pickled
    ),
    FrozenMap: _copy_map,
}


def _copier(kind: type) -> Callable[[Any], Any]:
    """How to copy a value of ``kind`` (worked out once per type, then kept)."""
    if issubclass(kind, enum.Enum):
        copier: Callable[[Any], Any] = _same
    elif attrs.has(kind) and "__slots__" in kind.__dict__:
        # A post-init hook would not run for a copy made field by field: pickle those.
        has_hook = hasattr(kind, "__attrs_post_init__")
        copier = _pickled if has_hook else _attrs_copier(kind)
    else:
        copier = _pickled
    _COPIERS[kind] = copier
    return copier


# --------------------------------------------------------------------------- pickling

_T = TypeVar("_T")


def pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle instances of the attrs class ``cls`` as the arguments of its constructor.

    A class decorator, put above ``@attrs.frozen``.  attrs pickles a slotted class through a
    state dict rebuilt field by field in Python; a result holds hundreds of small objects
    (subjects, remedies, titles) that batch workers send back; pickled as ``(cls, fields)``
    they take a 150-school county's result from about 3.9 to 2.7 ms there and back, to equal
    objects (the constructor runs again).
    """
    fields = attrs.fields(cls)  # type: ignore[arg-type]  # any attrs class
    if not all(field.init and not field.kw_only for field in fields):
        raise TypeError(f"{cls.__qualname__}: every field must be a positional argument")
    get = operator.attrgetter(*(field.name for field in fields))
    if len(fields) == 1:

        def __reduce__(self: Any) -> tuple[Any, ...]:  # noqa: N807 - the pickle protocol's name
            return type(self), (get(self),)
    else:

        def __reduce__(self: Any) -> tuple[Any, ...]:  # noqa: N807 - the pickle protocol's name
            return type(self), get(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


# --------------------------------------------------------------------------- fingerprints


def fingerprint(value: Any) -> int:
    """A hash of everything in ``value`` (frozen maps, tuples, attrs objects, atoms), read afresh.

    Rule data is frozen, but Python lets determined code change anything (``object.__setattr__``
    on a frozen object, a frozen map's inner dict).  The engine takes the fingerprint of the
    rules in force when it compiles them and compares it again after plugin code has run, so
    a change is found before it can touch another unit.  Not cryptographic: it detects
    accidents and careless plugins, and the README states the trust model.
    """
    parts: list[Any] = []
    _walk(value, parts)
    return hash(tuple(parts))


def _walk(value: Any, parts: list[Any]) -> None:
    kind = type(value)
    if kind is FrozenMap:
        data = value._data  # noqa: SLF001 - read afresh, past any cached hash
        parts.append(len(data))
        for key, item in data.items():
            parts.append(key)
            _walk(item, parts)
    elif kind is tuple or kind is list:
        parts.append(len(value))
        for item in value:
            _walk(item, parts)
    elif kind is dict:
        parts.append(len(value))
        for key, item in value.items():
            parts.append(key)
            _walk(item, parts)
    elif attrs.has(kind):
        parts.append(kind)
        for field in attrs.fields(kind):
            _walk(getattr(value, field.name), parts)
    elif kind is Fraction:
        parts.append((value.numerator, value.denominator))
    else:
        parts.append(value)

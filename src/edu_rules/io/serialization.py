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
import math
import re
import types
from collections.abc import Callable
from fractions import Fraction
from typing import Any, TypeVar, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from edu_rules._frozen import FrozenMap
from edu_rules._numbers import Exact, exact, exact_float, to_json_number
from edu_rules.model import county
from edu_rules.model.county import County
from edu_rules.model.datafields import structure_extra
from edu_rules.model.result import Finding, Outcome, Result, Subject

T = TypeVar("T")

_EXACT_TYPES: frozenset[object] = frozenset({Exact, Exact | None, Fraction})
_JSON_NUMBER_TYPES: frozenset[object] = frozenset({int | float, int | float | None})


def read_exact(value: Any) -> Exact | None:
    """A JSON figure as the converter reads an ``Exact`` field (a float: its shortest decimal)."""
    kind = type(value)
    if value is None or kind is int:  # most figures: no conversion to make
        unchanged: int | None = value
        return unchanged
    return exact_float(value) if kind is float else exact(value)


def _structure_exact(value: Any, _type: object) -> Exact | None:
    return read_exact(value)


# --------------------------------------------------------------------------- speed
# A national batch structures 200,000 school stages.  cattrs' generic path collects
# per-field errors (the county was validated before it is structured) and dispatches
# every ``X | None`` and ``tuple[X, ...]`` value anew; these hooks keep cattrs'
# semantics (``None`` stays ``None``, else the inner type's own hook) with the dispatch
# done once per type.

_COUNTY_MODELS: frozenset[type] = frozenset(
    model for model in vars(county).values() if isinstance(model, type) and attrs.has(model)
)
"""Every attrs class of :mod:`edu_rules.model.county`: what a county document structures to."""
_CALLED: frozenset[type] = frozenset({int, str, bool})
"""Types cattrs structures by calling them (``int(value)``)."""

_Hook = Callable[[Any, Any], Any]


def _optional_inner(type_: object) -> object | None:
    """``X`` for ``X | None`` (exactly two members), else ``None``."""
    if type_ in _EXACT_TYPES or type_ in _JSON_NUMBER_TYPES:
        return None  # these have their own hooks
    if not isinstance(type_, types.UnionType):
        return None
    members = get_args(type_)
    if len(members) != 2 or type(None) not in members:
        return None
    inner: object = next(member for member in members if member is not type(None))
    return inner


def _optional_hook(converter: cattrs.Converter) -> Callable[[Any], _Hook]:
    def factory(type_: object) -> _Hook:
        inner = _optional_inner(type_)
        if inner in _CALLED:
            call: Callable[[Any], Any] = inner
            return lambda value, _type: None if value is None else call(value)
        hook = converter.get_structure_hook(inner)
        return lambda value, _type: None if value is None else hook(value, inner)

    return factory


def _is_homogeneous_tuple(type_: object) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(converter: cattrs.Converter) -> Callable[[Any], _Hook]:
    def factory(type_: object) -> _Hook:
        item = get_args(type_)[0]
        hook = converter.get_structure_hook(item)
        return lambda value, _type: tuple([hook(element, item) for element in value])

    return factory


def _county_model_hook(converter: cattrs.Converter) -> Callable[[Any], _Hook]:
    def factory(cls: Any) -> _Hook:
        hook: _Hook = make_dict_structure_fn(cls, converter, _cattrs_detailed_validation=False)
        return hook

    return factory


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


# --------------------------------------------------------------------------- results
# A result keeps its findings as per-rule columns; its document is written straight from
# them: each rule's shared fields unstructured once, each row into a dict of the
# finding's fields in their declared order, the same data the generic attrs hook gives
# for a finished Finding (a test compares the bytes).  For the writer (``to_json``) the
# same walk also says whether orjson will spell every number as ``json.dumps`` does, so
# the written text need not be searched for exponents afterwards.  ``to_json`` and
# ``to_json_bytes`` write a result of columns without making these dicts at all
# (:mod:`edu_rules.io._resultjson`, where the tests of plainness live too).

_UNKNOWN_OUTCOMES = (Outcome.NOT_EVALUABLE, Outcome.ERROR)


def _document(
    converter: cattrs.Converter, result: Result, *, writer: bool
) -> tuple[dict[str, Any], bool]:
    """The document of ``result``, and whether orjson writes it as ``json.dumps`` does.

    ``writer=False``: the converter's plain data (lists, dicts), as :func:`unstructure`
    gives.  ``writer=True``: the same JSON data for the writer, with tuples and plain
    ``details`` left as they are (both writers spell a tuple as a list).
    """
    from edu_rules.io._resultjson import _RESULT_HEAD, _plain, finding_data

    blocks = result.table.blocks()
    if blocks is None:
        findings = [(f.outcome, converter.unstructure(f)) for f in result.findings]
        same = writer and all(_plain(finding) for _, finding in findings)
    else:  # the column writer had its chance (or ``indent`` is not 2): no orjson here
        findings, same = finding_data(blocks, converter), False
    data: dict[str, Any] = {
        name: converter.unstructure(getattr(result, name)) for name in _RESULT_HEAD
    }
    data["shortfalls"] = [f for outcome, f in findings if outcome is Outcome.SHORTFALL]
    data["not_evaluated"] = [f for outcome, f in findings if outcome in _UNKNOWN_OUTCOMES]
    data["manual_checks"] = [f for outcome, f in findings if outcome is Outcome.MANUAL]
    data["faults"] = converter.unstructure(result.faults)
    data["notes"] = converter.unstructure(result.notes)
    data["findings"] = [f for _, f in findings]
    if same:
        same = all(_plain(data[name]) for name in (*_RESULT_HEAD, "faults", "notes"))
    return data, same


def _unstructure_result(converter: cattrs.Converter) -> Callable[[Result], dict[str, Any]]:
    def hook(result: Result) -> dict[str, Any]:
        return _document(converter, result, writer=False)[0]

    return hook


def _structure_result(converter: cattrs.Converter) -> Callable[[Any, Any], Result]:
    """A result from its document; the three derived lists are read from ``findings``."""

    def hook(data: Any, _type: object) -> Result:
        attrs.resolve_types(Result)
        values: dict[str, Any] = {
            str(field.alias): converter.structure(data[field.name], field.type or Any)
            for field in attrs.fields(Result)
            if field.name != "table"
        }
        findings = converter.structure(data["findings"], tuple[Finding, ...])
        return Result(**values, findings=findings)

    return hook


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    # Registered first: cattrs asks the most recently registered predicates first.
    converter.register_structure_hook_factory(
        lambda t: _optional_inner(t) is not None, _optional_hook(converter)
    )
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook(converter))
    converter.register_structure_hook_factory(
        lambda t: t in _COUNTY_MODELS, _county_model_hook(converter)
    )
    converter.register_unstructure_hook(Subject, _unstructure_subject)
    # ``extra`` (plugin data fields): layer → field → exact value, frozen.
    converter.register_structure_hook(FrozenMap, lambda value, _type: structure_extra(value))
    converter.register_unstructure_hook(Result, _unstructure_result(converter))
    converter.register_structure_hook(Result, _structure_result(converter))
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
    """Build ``cls`` from plain JSON data that has already been validated.

    A county's percentages that the document gives as counts are computed from them,
    exactly (:func:`edu_rules.model.county.with_counted_rates`).
    """
    built = converter.structure(data, cls)
    if cls is County:
        from edu_rules.model.county import with_counted_rates

        return cast("T", with_counted_rates(cast("County", built)))
    return built


def unstructure(obj: object) -> Any:
    """Plain JSON data (dicts, lists, str, numbers, bool, None) for ``obj``."""
    return converter.unstructure(obj)


def register_document(cls: type[T], write: Callable[[T], dict[str, Any]]) -> None:
    """Make ``write`` the way :func:`unstructure` and :func:`to_json` turn a ``cls`` into data.

    The module that owns a document type registers it here (the planner its
    :class:`~edu_rules.planner.result.Plan`), so every document goes through this converter.
    """
    converter.register_unstructure_hook(cls, write)


def _exact_value(_instance: object, _field: object, value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def exact_document(county: County) -> dict[str, Any]:
    """The canonical county document of ``county`` as plain data, numbers kept exact.

    Same keys, order and nesting as :func:`unstructure` (every field spelled out, unknowns
    as ``None``), but numbers stay ``int``/``Fraction``, so a round trip through
    :func:`edu_rules.apply_changes` loses nothing.
    """
    data: dict[str, Any] = attrs.asdict(county, recurse=True, value_serializer=_exact_value)
    return data


def to_json(obj: object, *, indent: int | None = 2) -> str:
    """Deterministic JSON text for an attrs object or plain data (keys in declared order).

    An attrs object (a result, a county…) written with the default ``indent=2`` goes
    through orjson when it is installed (the ``fast`` extra) and gives the very bytes
    of the reference writer (``json.dumps``); see :func:`_fast_json`.  A result's
    document is written straight from its columns (:mod:`edu_rules.io._resultjson`)
    where that gives the same bytes.
    """
    if isinstance(obj, Result):
        fast = _columns_json(obj, text=True) if indent == 2 else None
        return fast if isinstance(fast, str) else _result_text(obj, indent)
    plain = isinstance(obj, dict | list)
    data = obj if plain else unstructure(obj)
    if indent == 2:
        fast = _fast_json(data, plain=plain)
        if fast is not None:
            return fast
    return reference_json(data, indent=indent)


def to_json_bytes(obj: object) -> bytes:
    """``to_json(obj)`` as UTF-8 bytes, for a file or an HTTP body (a result skips the text)."""
    if isinstance(obj, Result):
        fast = _columns_json(obj, text=False)
        return fast if isinstance(fast, bytes) else _result_text(obj, 2).encode("utf-8")
    return to_json(obj).encode("utf-8")


def _columns_json(result: Result, *, text: bool) -> bytes | str | None:
    """A result's document by the column writer; ``None`` where only the reference may write."""
    blocks = result.table.blocks()
    if blocks is None:
        return None
    from edu_rules.io._resultjson import result_json

    return result_json(result, blocks, converter, text=text)


def _result_text(result: Result, indent: int | None) -> str:
    document, same = _document(converter, result, writer=True)
    fast = _orjson_text(document) if same and indent == 2 else None
    return fast if fast is not None else reference_json(document, indent=indent)


def reference_json(data: Any, *, indent: int | None = 2) -> str:
    """The reference writer: ``json.dumps`` of plain data, UTF-8 text, no NaN, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


_EXPONENT = re.compile(rb"[eE][-+]?[0-9]")  # then: is the byte before it a digit?
"""Where orjson may spell a float otherwise than ``repr``: it and ``json.dumps`` agree on
every finite double from 1e-4 up to 1e16; outside that range orjson's text always has an
exponent or four zeros after the point (``1e-7`` for ``1e-07``, ``0.00001`` for
``1e-05``).  Text with either anywhere, even inside a string, takes the reference path."""


def _fast_json(data: Any, *, plain: bool = False) -> str | None:
    """``reference_json(data)`` by orjson, or ``None`` where the bytes could differ.

    They could for a float outside 1e-4…1e16 (see :data:`_EXPONENT`), an integer
    beyond 64 bits or a key that is not a string (orjson refuses both), and a NaN or
    infinity (orjson writes ``null`` where the reference refuses): numbers unstructured
    from exact values are finite, and the free-form ``details`` of findings are checked.
    ``plain``: data a caller handed over as it is, which orjson must read back as equal
    (a NaN written ``null``, a tuple written as a list: the reference writes then).
    """
    if not plain and not _finite_details(data):
        return None
    written = _orjson_bytes(data)
    if plain and written is not None and not _reads_back(written, data):
        return None
    if (
        written is None
        or b"0.0000" in written
        or any(
            written[found.start() - 1 : found.start()].isdigit()  # a digit, then the exponent
            for found in _EXPONENT.finditer(written)
        )
    ):
        return None
    return written.decode("utf-8")


def _reads_back(written: bytes, data: Any) -> bool:
    """Whether orjson reads ``written`` back as ``data``: no value was altered in writing."""
    import orjson

    read: Any = orjson.loads(written)
    return bool(read == data)


def _orjson_bytes(data: Any) -> bytes | None:
    """The indented text orjson writes for ``data``; ``None`` if orjson is missing or refuses."""
    try:
        import orjson
    except ImportError:
        return None
    try:
        written: bytes = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return written


def _orjson_text(data: Any) -> str | None:
    """:func:`_orjson_bytes` as text, for data found alike in both writers (``_plain``)."""
    written = _orjson_bytes(data)
    return None if written is None else written.decode("utf-8")


def _finite_details(data: Any) -> bool:
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, list):
        return True
    return all(_finite(finding.get("details")) for finding in findings)


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(item) for item in value.values())
    if isinstance(value, list | tuple):
        return all(_finite(item) for item in value)
    return True

"""Fast paths for reading a county document: the reference's verdicts, much sooner.

The reference path (:mod:`edu_rules.io.validation`) parses JSON numbers as
:class:`~decimal.Decimal` and checks ``schemas/county.schema.json`` with
:mod:`jsonschema`; it is exact and explains every problem, but a 150-school document
takes about a tenth of a second.  This module offers two shortcuts that take a
document only where they are provably equivalent, and otherwise say "ask the
reference" (``None`` / ``False``), so that every refusal, and every message, still
comes from the reference:

* :func:`parse_json` reads the bytes with orjson (if installed) — but only when the
  numbers it yields structure to the *same exact values* as the reference's
  Decimals, and no object repeats a key (which orjson would silently merge);
* :func:`schema_accepts` checks plain JSON data against the county schema compiled by
  fastjsonschema (if installed); it is ``True`` exactly when the reference schema
  validation reports nothing.

**Why the numbers are the same.**  The converter turns a float into
``Fraction(repr(value))`` (:func:`edu_rules._numbers.exact`).  A decimal text of at
most 15 significant digits survives text → double → shortest ``repr`` unchanged
(15 ≤ DBL_DIG), so it gives the same Fraction as the Decimal of the text.  A longer
text may not: ``0.30000000000000001`` reads as the double ``0.3`` and would become
``3/10`` instead of ``30000000000000001/10**17``.  :func:`parse_json` therefore
declines any document with a run of 16 or more digits (and points), and any exponent
(``1E+400`` is refused by the reference's range check, but is a valid float).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import Any, Final

from edu_rules._limits import MAX_DEPTH
from edu_rules._numbers import out_of_range
from edu_rules._resources import load_schema
from edu_rules._text import is_text
from edu_rules.model.datafields import NO_FIELDS, DataFields, county_schema_with

__all__ = ["PARSER", "parse_json", "schema_accepts", "validator_name"]

try:  # optional (the "fast" extra); a C extension, cheap to import
    import orjson as _orjson
except ImportError:  # pragma: no cover - exercised only without the extra
    _orjson = None  # type: ignore[assignment]

PARSER: Final = f"orjson {_orjson.__version__}" if _orjson is not None else "none"
"""The fast parser in use, for reports; ``"none"`` when orjson is not installed."""

_BOM: Final = b"\xef\xbb\xbf"

# Digits and the decimal point become "0", an exponent letter "e": then a number of 16
# or more significant digits shows as 16 zeros in a row, and an exponent as "0e".
_NUMBER_SHAPE: Final = bytes.maketrans(b"0123456789.E", b"00000000000e")
_LONG_NUMBER: Final = b"0" * 16
_EXPONENT: Final = b"0e"

_KEY_END: Final = re.compile(rb'"[ \t\r\n]+:')
"""A key whose colon is not right after its closing quote (``"a" : 1``)."""
_WHITE_SPACE: Final = (b" ", b"\t", b"\r", b"\n")

_STRING_TOKEN: Final = re.compile(rb'"(?:[^"\\]|\\.)*"[ \t\r\n]*(:?)', re.DOTALL)
"""Every JSON string; group 1 is ``:`` when the string is an object key."""


def _numbers_read_alike(raw: bytes) -> bool:
    """No number in the text has 16+ digits or an exponent (strings do not count)."""
    shape = raw.translate(_NUMBER_SHAPE)
    if _LONG_NUMBER not in shape and _EXPONENT not in shape:
        return True  # the common case, decided on the whole text at once
    # Something matched, perhaps inside a string (an id, a \u escape): look again
    # at the text outside the strings only.
    # Without escapes quotes alternate, so every other piece is outside a string.
    outside = _STRING_TOKEN.sub(b'""', raw) if b"\\" in raw else b"".join(raw.split(b'"')[::2])
    shape = outside.translate(_NUMBER_SHAPE)
    return _LONG_NUMBER not in shape and _EXPONENT not in shape


def _keys_in_text(raw: bytes) -> int:
    """How many object keys the JSON text writes (repeats included)."""
    if b"\\" not in raw:
        # Without escapes a string cannot hold a quote, so every '"' followed by ':'
        # (after optional white space) closes a key.
        count = raw.count(b'":')
        if any(space in raw for space in _WHITE_SPACE):  # one byte: a fast memchr each
            count += len(_KEY_END.findall(raw))  # '"key" : value' (rare, but valid JSON)
        return count
    return sum(1 for colon in _STRING_TOKEN.findall(raw) if colon)


def _keys_in_data(data: object) -> int:
    """How many keys the parsed objects hold (a repeated key counts once)."""
    count = 0
    stack = [data]
    pop, push = stack.pop, stack.extend
    while stack:
        node = pop()
        if type(node) is dict:
            count += len(node)
            push(node.values())
        elif type(node) is list:
            push(node)
    return count


def parse_json(raw: bytes) -> Any | None:
    """Parse a county document with orjson, or return ``None`` to leave it to the reference.

    The data returned is what the reference parser would give, up to types that the
    converter treats alike: ``float`` where it gives a ``Decimal`` of the same exact
    value, ``dict`` where it gives its dict subclass.  ``None`` means: no orjson, not
    UTF-8, not JSON, a number the float path could read differently (16+ digits, an
    exponent), or a key given twice in one object.
    """
    if _orjson is None:
        return None
    body = raw.removeprefix(_BOM)
    if not _numbers_read_alike(body):
        return None
    try:
        body.decode("utf-8")  # the reference's own strictness, not orjson's
        data = _orjson.loads(body)
    except (UnicodeDecodeError, _orjson.JSONDecodeError):
        return None
    if _keys_in_data(data) != _keys_in_text(body):
        return None  # a repeated key: the reference names it
    return data


# --------------------------------------------------------------------------- the schema


def _always(_: object) -> bool:
    return True


_PLAIN_LEAVES: Final[dict[type, Callable[[Any], bool]]] = {
    str: is_text,  # no lone surrogate
    int: lambda number: not out_of_range(number),
    float: lambda number: math.isfinite(number) and not out_of_range(number),
    bool: _always,
    type(None): _always,
}
"""The leaf types a JSON parser makes, each with what the reference would still refuse."""


def _plain_keys(mapping: dict[object, object]) -> bool:
    """Every key is text (a ``str`` without a lone surrogate)."""
    return all(type(key) is str and is_text(key) for key in mapping)


def _is_plain(data: object) -> bool:
    """Only what a JSON parser makes: dict (str keys), list, str, int, bool, None, finite float.

    Anything else (Decimal, Fraction, NaN, a mapping or sequence of another type, the
    reference parser's dict subclass), any leaf the reference refuses (a number out
    of range, a lone surrogate), nesting deeper than
    :data:`~edu_rules._limits.MAX_DEPTH`, and a list or dict met twice (shared, or
    containing itself) is the reference's to judge.
    """
    if type(data) in _PLAIN_LEAVES:
        return _PLAIN_LEAVES[type(data)](data)
    stack: list[tuple[object, int]] = [(data, 0)]
    pop, push = stack.pop, stack.append
    leaves = _PLAIN_LEAVES
    seen: set[int] = set()  # a parser never shares a container: data that does is not plain
    while stack:
        node, depth = pop()
        kind = type(node)
        if depth > MAX_DEPTH or (kind is not dict and kind is not list and kind is not tuple):
            return False
        if id(node) in seen:
            return False
        seen.add(id(node))
        if kind is dict:
            if not _plain_keys(node):  # type: ignore[arg-type]
                return False
            children = node.values()  # type: ignore[attr-defined]
        else:
            children = node
        for child in children:
            leaf_check = leaves.get(type(child))
            if leaf_check is None:
                push((child, depth + 1))
            elif not leaf_check(child):
                return False
    return True


@functools.cache
def _compiled(
    fields: DataFields = NO_FIELDS,
) -> tuple[Callable[[Any], Any], type[Exception], str] | None:
    """The county schema compiled to Python (once per set of data fields), or ``None``.

    fastjsonschema is imported here, not with the module, so that ``import
    edu_rules`` (and ``edu-rules --help``) does not pay for it.
    """
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - exercised only without the extra
        return None
    validate: Callable[[Any], Any] = fastjsonschema.compile(
        county_schema_with(load_schema("county.schema.json"), fields),
        use_default=False,
        use_formats=False,
    )
    return validate, fastjsonschema.JsonSchemaException, f"fastjsonschema {fastjsonschema.VERSION}"


def validator_name() -> str:
    """The compiled schema validator in use, for reports; ``"none"`` without fastjsonschema."""
    compiled = _compiled()
    return compiled[2] if compiled is not None else "none"


def schema_accepts(data: object, fields: DataFields = NO_FIELDS) -> bool:
    """Whether the county schema (with the plugin data ``fields``) accepts ``data``.

    Decided without jsonschema.
    ``True`` only when the reference schema validation would report nothing.  For
    plain JSON data (what ``json.loads`` or orjson return) the answer is exact both
    ways; for anything else, or without fastjsonschema, it is ``False`` — which
    means "ask the reference", not "invalid".
    """
    compiled = _compiled(fields)
    if compiled is None or not _is_plain(data):
        return False
    validate, invalid, _ = compiled
    try:
        validate(data)
    except (invalid, RecursionError):  # nested too deep to judge here: the reference will
        return False
    return True

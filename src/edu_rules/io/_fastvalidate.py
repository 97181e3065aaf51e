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
* :func:`schema_accepts` checks plain JSON data against the county schema with
  jsonschema-rs (compiled Rust) where :func:`_rust_alike` proves it judges that schema
  as the reference does, else with the schema compiled by fastjsonschema (if
  installed); it is ``True`` exactly when the reference schema validation reports
  nothing.

**Why not msgspec.**  Decoding straight into typed structs (made from the schema) was
measured on the 300 documents of ``benchmarks/bench.py --units 300``: twice as fast as
orjson followed by jsonschema-rs, but no faster once turned into the dicts that the
consistency checks and the converter read, and both of those together are a small
part of loading.  Not worth a second statement of the contract (structs beside
``county.schema.json``), nor the reference's verdicts as it stands: it refuses
``2023.0`` for an integer, which the contract takes.

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
from itertools import chain, compress, repeat
from operator import is_, not_
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

_WHITE_SPACE_BYTES: Final = b" \t\r\n"

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
        # (after optional white space) closes a key: with the white space taken out
        # (one pass in C), every '":' does (in valid JSON a ':' follows only a key).
        return raw.translate(None, _WHITE_SPACE_BYTES).count(b'":')
    return sum(1 for colon in _STRING_TOKEN.findall(raw) if colon)


def _keys_in_data(data: object) -> int:
    """How many keys the parsed objects hold (a repeated key counts once).

    orjson writes the data back compactly, a string's quote always escaped: where that
    text has no backslash, every ``":`` in it closes a key, and counting them is a
    memchr-speed pass instead of a walk over every value (about twice as fast).
    """
    if _orjson is not None:
        try:
            written = _orjson.dumps(data)
        except TypeError:  # orjson.JSONEncodeError: not orjson's own data after all
            return _walked_keys(data)
        if b"\\" not in written:
            return written.count(b'":')
    return _walked_keys(data)


def _walked_keys(data: object) -> int:
    """:func:`_keys_in_data` by walking the objects."""
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
    r"""Parse a county document with orjson, or return ``None`` to leave it to the reference.

    The data returned is what the reference parser would give, up to types that the
    converter treats alike: ``float`` where it gives a ``Decimal`` of the same exact
    value, ``dict`` where it gives its dict subclass.  ``None`` means: no orjson, not
    UTF-8, not JSON, a number the float path could read differently (16+ digits, an
    exponent), or a key given twice in one object.

    What it returns is plain by construction, so :func:`schema_accepts` need not walk
    it (``parsed=True``): orjson makes only ``dict`` (``str`` keys), ``list``, ``str``,
    ``int``, ``float``, ``bool`` and ``None``, never shares a container, and refuses a
    lone surrogate (``"\ud800"``) outright; the numbers kept have at most 15 digits
    and no exponent, so each is finite and far inside the range of
    :func:`~edu_rules._numbers.out_of_range`.  Nesting is the one check left: orjson
    reads 1,024 levels, the reference refuses more than
    :data:`~edu_rules._limits.MAX_DEPTH`; but the schema itself accepts nothing nested
    deeper than a county document is (its every object closes ``additionalProperties``,
    its every list says what its items are), so what it accepts is never too deep.
    Tests check each of these facts.
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


_CONTAINERS: Final = frozenset({dict, list, tuple})
_LEAVES: Final = frozenset({str, int, float, bool, type(None)})
"""The types a JSON parser makes (``tuple`` too: the reference reads it as an array)."""


def _is_plain(data: object) -> bool:
    """Only what a JSON parser makes: dict (str keys), list, str, int, bool, None, finite float.

    Anything else (Decimal, Fraction, NaN, a mapping or sequence of another type, the
    reference parser's dict subclass), any leaf the reference refuses (a number out
    of range, a lone surrogate), nesting deeper than
    :data:`~edu_rules._limits.MAX_DEPTH`, and a list or dict met twice (shared, or
    containing itself) is the reference's to judge.

    The walk goes a level at a time and checks each level's values in bulk (their
    types at once, all the text at once, the largest and smallest numbers), with no
    Python step per value.
    """
    if type(data) not in _CONTAINERS:
        return _plain_values([data])
    level: list[Any] = [data]
    seen = {id(data)}
    for _depth in range(MAX_DEPTH + 1):
        objects = _of_type(level, list(map(type, level)), dict)
        keys = list(chain.from_iterable(objects))
        if keys and not (set(map(type, keys)) == {str} and is_text("".join(keys))):
            return False  # a key that is not text
        values = list(chain.from_iterable(map(dict.values, objects)))
        if len(objects) < len(level):  # lists and tuples
            values.extend(chain.from_iterable(node for node in level if type(node) is not dict))
        kinds = list(map(type, values))
        containers = list(map(_CONTAINERS.__contains__, kinds))
        below = list(compress(values, containers))
        if len(below) < len(values):
            leaves = list(map(not_, containers))
            if not _plain_values(list(compress(values, leaves)), list(compress(kinds, leaves))):
                return False
        if not below:
            return True
        known = len(seen)
        seen.update(map(id, below))
        if len(seen) != known + len(below):  # a parser never shares a container
            return False
        level = below
    return False  # a container deeper than MAX_DEPTH


def _of_type(values: list[Any], kinds: list[type], kind: type) -> list[Any]:
    return list(compress(values, map(is_, kinds, repeat(kind))))


def _plain_values(leaves: list[Any], kinds: list[type] | None = None) -> bool:
    """Every value of ``leaves`` is a JSON leaf the reference takes (checked in bulk).

    ``kinds``: the type of each value, when known.
    """
    kinds = list(map(type, leaves)) if kinds is None else kinds
    present = set(kinds)
    if not present <= _LEAVES:
        return False
    if str in present and not is_text("".join(_of_type(leaves, kinds, str))):
        return False
    if int in present:
        ints = _of_type(leaves, kinds, int)
        if out_of_range(max(ints)) or out_of_range(min(ints)):
            return False
    if float not in present:
        return True
    floats = _of_type(leaves, kinds, float)
    if not all(map(math.isfinite, floats)):
        return False
    # out_of_range grows with the magnitude above 1 and shrinks with it below 1: the
    # largest and the smallest (not zero) magnitudes decide for every float.
    largest = max(map(abs, floats))
    smallest = min(filter(None, map(abs, floats)), default=largest)
    return not (out_of_range(largest) or out_of_range(smallest))


_ALIKE_PATTERNS: Final = {"^[0-9]{6}$": 6}
"""The ``pattern`` values proven to mean the same to jsonschema-rs as to the reference,
each with the longest ``maxLength`` beside which that holds.

The reference (jsonschema) tests a pattern with Python's ``re.search``, jsonschema-rs
with a Rust regex engine.  ``[0-9]`` is the ten ASCII digits in both (unlike ``\\d``,
which Python's ``re`` lets match any Unicode digit); the one difference left is ``$``,
which ``re`` also lets match before a final newline (``"450202\\n"``) and Rust does
not: beside a ``maxLength`` of at most 6, which refuses the seventh character in both,
the two agree on every string.  A plugin's field with any other
pattern sends its schema to the second validator."""

_LIMIT_KEYWORDS: Final = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_FLOAT_EXACT: Final = 2**53
"""Numeric limits below this (in magnitude) compare alike in both validators.

jsonschema-rs may hold a number as a double where the reference compares Python's
exact ``int`` with ``float``; any two numbers ordered against a limit that a double
holds exactly, and that is smaller than 2⁵³, stay ordered the same way after rounding."""


def _rust_alike(schema: object) -> bool:
    """Whether jsonschema-rs judges every plain document by ``schema`` as the reference does.

    Every ``pattern`` is one of :data:`_ALIKE_PATTERNS` (with its ``maxLength``), no
    ``format`` is asked for, and every numeric limit is a finite number below
    :data:`_FLOAT_EXACT`.
    """
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        # A keyword's value is never an object; an object under such a name is a schema
        # (``properties`` of a plugin's field called ``pattern``), walked as any other.
        pattern = node.get("pattern")
        if not isinstance(pattern, dict | type(None)) and node.get(
            "maxLength", math.inf
        ) > _ALIKE_PATTERNS.get(pattern, -1):
            return False
        if "format" in node and isinstance(node["format"], str):
            return False
        for keyword in _LIMIT_KEYWORDS:
            limit = node.get(keyword)
            if not isinstance(limit, dict | type(None)) and not (
                type(limit) in (int, float) and abs(limit) < _FLOAT_EXACT
            ):
                return False
        stack.extend(node.values())
    return True


_Judge = Callable[[Any], bool]


def _rust_judge(schema: dict[str, Any]) -> tuple[_Judge, str] | None:
    """jsonschema-rs' ``is_valid`` for ``schema`` (Draft 2020-12, no formats), if it may judge."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - exercised only without the extra
        return None
    if not _rust_alike(schema):
        return None
    is_valid = jsonschema_rs.Draft202012Validator(schema, validate_formats=False).is_valid

    def judge(data: Any) -> bool:
        try:
            return bool(is_valid(data))
        except (ValueError, OverflowError):  # a value it cannot read: the reference will
            return False

    return judge, f"jsonschema-rs {_version('jsonschema_rs')}"


def _python_judge(schema: dict[str, Any]) -> tuple[_Judge, str] | None:
    """``schema`` compiled by fastjsonschema (the second choice), if installed."""
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - exercised only without the extra
        return None
    validate = fastjsonschema.compile(schema, use_default=False, use_formats=False)
    invalid = fastjsonschema.JsonSchemaException

    def judge(data: Any) -> bool:
        try:
            validate(data)
        except (invalid, RecursionError):  # nested too deep to judge here: the reference will
            return False
        return True

    return judge, f"fastjsonschema {fastjsonschema.VERSION}"


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:  # pragma: no cover - a module without its metadata
        return "?"


@functools.cache
def _compiled(fields: DataFields = NO_FIELDS) -> tuple[_Judge, str] | None:
    """The county schema compiled (once per set of data fields), or ``None``.

    jsonschema-rs where it is installed and :func:`_rust_alike` proves it agrees for
    this schema, else fastjsonschema.  Both are imported here, not with the module, so
    that ``import edu_rules`` (and ``edu-rules --help``) does not pay for them.
    """
    schema = county_schema_with(load_schema("county.schema.json"), fields)
    return _rust_judge(schema) or _python_judge(schema)


def validator_name(fields: DataFields = NO_FIELDS) -> str:
    """The compiled schema validator in use, for reports; ``"none"`` without either."""
    compiled = _compiled(fields)
    return compiled[1] if compiled is not None else "none"


def schema_accepts(data: object, fields: DataFields = NO_FIELDS, *, parsed: bool = False) -> bool:
    """Whether the county schema (with the plugin data ``fields``) accepts ``data``.

    Decided without jsonschema.
    ``True`` only when the reference schema validation would report nothing.  For
    plain JSON data (what ``json.loads`` or orjson return) the answer is exact both
    ways; for anything else, or without a compiled validator, it is ``False`` — which
    means "ask the reference", not "invalid".

    :param parsed: ``data`` is what :func:`parse_json` has just returned, untouched:
        plain by construction (see :func:`parse_json`), so not walked again.
    """
    compiled = _compiled(fields)
    if compiled is None or not (parsed or _is_plain(data)):
        return False
    judge, _ = compiled
    return judge(data)

"""Read a county document and say everything that is wrong with it, in one go.

A county document usually comes from an analyst filling in a template by hand, so
the checks are written for that reader: every problem is found in one pass (fixing
one mistake should not reveal the next), each names the exact field
(``schools[3].stages.primary.students``) and says what is expected in plain words
(``must be ≥ 0 (got -3)``).  A document is either accepted whole, as a
:class:`~edu_rules.model.county.County`, or refused whole with a
:class:`~edu_rules.model.errors.CountyDataError`; there is no partial county.

Two layers of checks run:

* the contract, ``schemas/county.schema.json`` (JSON Schema 2020-12), for shapes,
  types and ranges;
* the consistency checks a schema cannot express (duplicate school ids, a
  nine-year school without its junior stage, more rotated teachers than eligible
  ones, ...).  They only read values that passed the schema, so a wrong type is
  reported once, as a wrong type, and never crashes a later check.

Numbers in JSON text are parsed as :class:`decimal.Decimal` so that ``0.9`` stays
exactly nine tenths on its way to :func:`edu_rules._numbers.exact`.  NaN and
Infinity are never numbers here: JSON has no such values, and a rule comparing
against one would silently pass or fail.
"""

from __future__ import annotations

import codecs
import difflib
import functools
import json
import math
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import jsonschema  # type: ignore[import-untyped, unused-ignore]

from edu_rules._limits import (
    LARGEST_EXPONENT,
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    MAX_NUMBER_DIGITS,
    MAX_VALUES,
)
from edu_rules._messages import Text, text
from edu_rules._numbers import Exact, exact, out_of_range
from edu_rules._resources import load_schema
from edu_rules._text import is_text, printable, visible
from edu_rules.io import _fastvalidate, serialization
from edu_rules.io.paths import format_path
from edu_rules.model.county import (
    CLASS_SIZE_BANDS,
    COUNTED_RATES,
    INDICATOR_FIELDS,
    KIND_STAGES,
    STAGE_NAMES,
    SUBTOTALS,
    County,
    SchoolKind,
    counted_rate,
    gives_bands,
    largest_class_range,
)
from edu_rules.model.datafields import (
    NO_FIELDS,
    DataFields,
    county_schema_with,
    has_extra,
)
from edu_rules.model.errors import CountyDataError, Problem

if TYPE_CHECKING:
    from edu_rules.plugins import Registry

__all__ = ["county_schema", "load_county", "read_input_file", "validate_county_data"]

_SCHEMA_NAME: Final = "county.schema.json"

_Path: TypeAlias = tuple[Any, ...]
"""A location in the data: mapping keys and list indices, outermost first."""

_Finding: TypeAlias = tuple[_Path, str | Text]
"""A problem before its path is spelled out: where, and why."""

_Error: TypeAlias = jsonschema.exceptions.ValidationError
"""One complaint from jsonschema (untyped upstream, hence the alias)."""

_SHOWN_CHARS: Final = 40
"""How much of an offending value a message quotes."""

_DEEPEST: Final = MAX_DEPTH
"""Values nested deeper than this are refused unread (see :data:`edu_rules._limits.MAX_DEPTH`)."""


# --------------------------------------------------------------------------- public API


def county_schema() -> dict[str, Any]:
    """Return the county data contract, ``schemas/county.schema.json``, as a fresh dict."""
    return load_schema(_SCHEMA_NAME)


def load_county(
    source: str | os.PathLike[str] | bytes | Mapping[str, Any],
    *,
    source_name: str | None = None,
    registry: Registry | None = None,
) -> County:
    """Read, check and build one county document.

    :param source: a file path (``str`` or path-like), the file's raw bytes, or data
        already parsed into a mapping.  A ``str`` is always a path, never JSON text.
    :param source_name: how error messages name the document; defaults to the path.
    :param registry: the plugins whose data fields the document's ``extra`` may give;
        by default the installed plugins (loaded only for a document that has ``extra``).
    :raises CountyDataError: with every problem found (unreadable file, encoding,
        JSON syntax, contract, consistency), never after building part of a county.
    """
    name = source_name
    data: Any
    if isinstance(source, str | os.PathLike):
        name = name if name is not None else visible(os.fspath(source))
        source = read_input_file(source, name)
    elif isinstance(source, bytes | bytearray) and len(source) > MAX_DOCUMENT_BYTES:
        raise CountyDataError([_too_large(len(source), MAX_DOCUMENT_BYTES)], source=name)
    # ---- fast path (edu_rules.io._fastvalidate) ---------------------------------
    # orjson and the compiled schema, kept only for a document they prove valid; every
    # other document goes the reference way below, so every message is the reference's.
    if isinstance(source, bytes | bytearray):
        fast = _fastvalidate.parse_json(bytes(source))
        fields = _fields_for(fast, registry, source) if fast is not None else NO_FIELDS
        if fast is not None and _passes_fast_checks(fast, fields, parsed=True):
            return serialization.structure(fast, County)
    # ---- end of the fast path ------------------------------------------------------------
    if isinstance(source, bytes | bytearray):
        data, problems = _parse(bytes(source))
    elif isinstance(source, Mapping):
        data, problems = source, []
    else:
        raise TypeError(
            f"load_county() takes a file path, bytes or a mapping, not {type(source).__name__}"
        )
    if not problems:
        problems = validate_county_data(data, registry=registry)
    if problems:
        raise CountyDataError(problems, source=name)
    return serialization.structure(data, County)


def schema_checked(source: bytes, *, registry: Registry | None = None) -> dict[str, Any] | None:
    """The parsed document ``source``, where the fast path reads it and the schema accepts it.

    :func:`load_county`'s fast reading without building the county, and without the
    consistency checks, which are the caller's to run (the columnar path runs them in
    columns, :mod:`edu_rules.batch.columnar.checks`): plain JSON data (orjson's:
    ``int``, ``float``, ``str``, ``bool``, ``None``, lists and dicts).  ``None`` says
    "read it with :func:`load_county`", which gives the reference's messages, or the county.
    """
    if len(source) > MAX_DOCUMENT_BYTES:
        return None
    fast = _fastvalidate.parse_json(bytes(source))
    if not isinstance(fast, dict) or (_may_give_counts(source) and gives_counts(fast)):
        return None  # counts: their rates are computed in the reference's reading
    return (
        fast
        if _fastvalidate.schema_accepts(fast, _fields_for(fast, registry, source), parsed=True)
        else None
    )


_COUNT_PATHS: Final = tuple(
    _dotted_path
    for rate in COUNTED_RATES
    for _dotted_path in (*rate.numerators, *rate.denominators)
) + tuple(part for part, _ in SUBTOTALS)


_COUNT_KEYS: Final = tuple(
    f'"{path.rsplit(".", 1)[-1]}"'.encode() for path in _COUNT_PATHS
) + tuple(f'"{field}"'.encode() for field, _, _ in CLASS_SIZE_BANDS)


def _may_give_counts(source: bytes | bytearray) -> bool:
    """Whether the text may name a count or a band (an escape may hide a key: then yes)."""
    return b"\\" in source or any(key in source for key in _COUNT_KEYS)


def gives_counts(data: Mapping[str, Any]) -> bool:
    """Whether a county document gives any count a percentage is computed from, or any band.

    A band is a class-size band (:data:`edu_rules.model.county.CLASS_SIZE_BANDS`).
    """
    for path in _COUNT_PATHS:
        node: object = data
        for part in path.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        if node is not None:
            return True
    schools = data.get("schools")
    for school in schools if isinstance(schools, list) else ():
        stages = school.get("stages") if isinstance(school, Mapping) else None
        for stage in stages.values() if isinstance(stages, Mapping) else ():
            if isinstance(stage, Mapping) and gives_bands(stage):
                return True
    return False


def schema_accepts(data: object, *, registry: Registry | None = None) -> bool:
    """Whether the compiled schema check proves ``data`` (parsed JSON) valid against the schema.

    ``False`` means "not proven": invalid, or for the reference to judge
    (:func:`validate_county_data` says which, and why).  Plain data is walked first.
    """
    return _fastvalidate.schema_accepts(data, _fields_for(data, registry))


def validate_county_data(data: Any, *, registry: Registry | None = None) -> list[Problem]:
    """List every problem with already-parsed county data, in document order; empty if valid.

    Schema problems and consistency problems come together, so one run tells the
    analyst everything to fix.  ``extra`` is checked against the data fields of the
    plugins of ``registry`` (by default the installed plugins).
    """
    fields = _fields_for(data, registry)
    if _passes_fast_checks(data, fields):  # fast path: valid plain data, decided fast
        return []
    too_many = _too_many_schools(data)
    if too_many is not None:  # checking each of 10⁵ schools would take minutes: say this alone
        return [too_many]
    try:
        unusable = list(_unusable_values(data))
    except _TooManyValues:  # shared lists nested to multiply: say this alone
        return [Problem.about("", text("input.too_many_values", limit=f"{MAX_VALUES:,}"))]
    findings: list[_Finding] = [(path, reason) for path, reason, _ in unusable]
    bad_numbers = {path for path, _, is_number in unusable if is_number}
    # The schema never sees NaN, Infinity or absurd magnitudes: Decimal("sNaN") raises
    # on comparison, and the finding above already says what is wrong there.
    checked = _with_placeholders(data, bad_numbers) if bad_numbers else data
    errors = list(_leaf_errors(_validator(fields).iter_errors(checked)))
    findings.extend(_translate(errors, skip=bad_numbers))
    dirty = _prefixes([tuple(error.absolute_path) for error in errors], bad_numbers)
    findings.extend(_consistency_findings(checked, dirty))
    findings.sort(key=lambda finding: _order_key(data, finding[0]))
    problems = (_problem(path, reason) for path, reason in findings)
    return list(dict.fromkeys(problems))


def _problem(path: _Path, reason: str | Text) -> Problem:
    """The problem at ``path``: a catalogue message keeps its key, to be said in any language."""
    where = printable(format_path(path) if path else "")
    if isinstance(reason, Text):
        return Problem.about(where, reason)
    return Problem(where, printable(reason))


def _fields_for(
    data: object, registry: Registry | None, raw: bytes | bytearray | None = None
) -> DataFields:
    """The plugin data fields ``data`` is checked against.

    Only a document that gives ``extra`` somewhere needs them (every data field is
    optional), so a document without never loads the plugins.  ``raw``, the text
    ``data`` was parsed from, tells at once where it has no escape and no ``"extra"``:
    then no key is ``extra``, and the data need not be walked.
    """
    from edu_rules.plugins import fields_of  # the plugins load only when asked

    if raw is not None and b'"extra"' not in raw and b"\\" not in raw:
        return NO_FIELDS
    return fields_of(registry) if has_extra(data) else NO_FIELDS


def _passes_fast_checks(
    data: object, fields: DataFields = NO_FIELDS, *, parsed: bool = False
) -> bool:
    """Fast path: plain JSON data the compiled schema accepts, and consistent.

    ``True`` exactly when the reference checks of :func:`validate_county_data` would
    report nothing (see :mod:`edu_rules.io._fastvalidate`); ``False`` says "run them".
    ``parsed``: ``data`` is :func:`~edu_rules.io._fastvalidate.parse_json`'s own output.
    """
    return (
        _fastvalidate.schema_accepts(data, fields, parsed=parsed)
        and next(iter(_consistency_findings(data, frozenset())), None) is None
    )


# --------------------------------------------------------------------------- reading


@functools.cache
def _schools_limit() -> int:
    """The contract's most schools in one document (``schools.maxItems``)."""
    limit: int = county_schema()["properties"]["schools"]["maxItems"]
    return limit


def _too_many_schools(data: object) -> Problem | None:
    """The one problem of a document listing more schools than the contract allows, if so."""
    schools = data.get("schools") if isinstance(data, Mapping) else None
    limit = _schools_limit()
    if not isinstance(schools, list | tuple) or len(schools) <= limit:
        return None
    return Problem.about(
        "schools", text("input.max_items", n=f"{limit:,}", got=f"{len(schools):,}")
    )


_FILE_KINDS: Final = (
    (stat.S_ISDIR, "input.kind.folder"),
    (stat.S_ISFIFO, "input.kind.fifo"),
    (stat.S_ISCHR, "input.kind.device"),
    (stat.S_ISBLK, "input.kind.device"),
    (stat.S_ISSOCK, "input.kind.socket"),
)


def _not_regular(mode: int) -> Problem:
    kind = next((key for test, key in _FILE_KINDS if test(mode)), "input.kind.other")
    return Problem.about("", text("input.not_regular", kind=text(kind)))


def _too_large(size: int, limit: int) -> Problem:
    return Problem.about(
        "", text("input.too_large", size=f"{size:,}", limit=f"{limit:,}", mib=limit >> 20)
    )


def read_input_file(
    path: str | os.PathLike[str], name: str, *, limit: int = MAX_DOCUMENT_BYTES
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    What is not a regular file (a folder, a FIFO, a device such as ``/dev/zero``, a
    socket) is refused from :func:`os.stat`, without opening it for reading, and a
    file larger than ``limit`` from its size, before a byte is read; at most
    ``limit + 1`` bytes are ever read, so a file that grows meanwhile is refused too.

    :raises CountyDataError: naming ``name`` and saying why.
    """
    try:
        info = Path(path).stat()
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        raise CountyDataError([_cannot_read(path, error)], source=name) from error
    if not stat.S_ISREG(info.st_mode):
        raise CountyDataError([_not_regular(info.st_mode)], source=name)
    if info.st_size > limit:
        raise CountyDataError([_too_large(info.st_size, limit)], source=name)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
        with os.fdopen(descriptor, "rb") as stream:
            opened = os.fstat(stream.fileno())  # what was opened may not be what was looked at
            if not stat.S_ISREG(opened.st_mode):
                raise CountyDataError([_not_regular(opened.st_mode)], source=name)
            raw = stream.read(limit + 1)
    except OSError as error:
        raise CountyDataError([_cannot_read(path, error)], source=name) from error
    if len(raw) > limit:
        raise CountyDataError([_too_large(len(raw), limit)], source=name)
    return raw


def _cannot_read(path: str | os.PathLike[str], error: Exception) -> Problem:
    """Why the OS refused to read the file."""
    if isinstance(error, FileNotFoundError):
        reason = text("input.no_such_path")
    elif isinstance(error, PermissionError):
        reason = text("input.no_permission")
    else:
        reason = text("input.cannot_read", error=getattr(error, "strerror", None) or error)
    if isinstance(path, str) and path.lstrip().startswith("{"):
        reason = text("input.str_is_path", reason=reason)
    return Problem.about("", reason)


class _JsonObject(dict[str, Any]):
    """A parsed JSON object that remembers the keys its text gave more than once.

    ``json.loads`` silently keeps the last of two equal keys; an analyst who typed
    ``students`` twice should hear about it instead of losing a figure.
    """

    repeated_keys: tuple[str, ...] = ()


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject(pairs)
    if len(obj) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        obj.repeated_keys = tuple(key for key, count in counts.items() if count > 1)
    return obj


def _parse(raw: bytes) -> tuple[object, list[Problem]]:
    """Decode strict UTF-8 (a BOM tolerated), then parse JSON with exact decimals."""
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        decoded = raw[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start
        reason = text("input.not_utf8", byte=f"{raw[offset]:02X}", offset=offset)
        return None, [Problem.about("", reason)]
    if not decoded.strip():
        return None, [Problem.about("", text("input.empty_file"))]
    try:
        data = json.loads(
            decoded,
            parse_float=Decimal,
            # NaN / Infinity / -Infinity are not JSON.  They are parsed into non-finite
            # Decimals only so that validation can name the field they sit in.
            parse_constant=Decimal,
            object_pairs_hook=_object_from_pairs,
        )
    except json.JSONDecodeError as error:
        said = _json_error(error.msg)
        reason = text("input.bad_json", error=said, line=error.lineno, column=error.colno)
        return None, [Problem.about("", reason)]
    except RecursionError:
        return None, [Problem.about("", text("input.json_nested"))]
    except ValueError as error:  # e.g. an integer with more than 4300 digits
        return None, [Problem.about("", text("input.json_other", error=error))]
    return data, []


_JSON_ERRORS = (
    ("Expecting value", "input.json.value"),
    ("Expecting property name", "input.json.property"),
    ("Expecting ',' delimiter", "input.json.comma"),
    ("Expecting ':' delimiter", "input.json.colon"),
    ("Extra data", "input.json.extra"),
    ("Unterminated string", "input.json.unterminated"),
    ("Invalid control character", "input.json.control"),
    ("Invalid \\escape", "input.json.escape"),
    ("Invalid \\uXXXX escape", "input.json.unicode"),
)
"""The JSON reader's messages (English only), each with the catalogue's words for it."""


def _json_error(said: str) -> Text | str:
    """What the JSON reader said, in the catalogue's words where they are known."""
    for start, key in _JSON_ERRORS:
        if said.startswith(start):
            return text(key)
    return said


# --------------------------------------------------------------------------- the schema


def _is_number(_checker: object, instance: object) -> bool:
    """JSON numbers: int, float, Decimal, Fraction, finite; never ``bool``."""
    if isinstance(instance, bool):
        return False
    if isinstance(instance, int | Fraction):
        return True
    if isinstance(instance, float):
        return math.isfinite(instance)
    if isinstance(instance, Decimal):
        return instance.is_finite()
    return False


def _is_integer(checker: object, instance: object) -> bool:
    """Whole numbers, including an integral ``3.0`` as parsed from JSON text."""
    if not _is_number(checker, instance):
        return False
    if isinstance(instance, int):
        return True
    if isinstance(instance, float):
        return instance.is_integer()
    if isinstance(instance, Decimal):
        return instance == instance.to_integral_value()
    return isinstance(instance, Fraction) and instance.denominator == 1


def _is_array(_checker: object, instance: object) -> bool:
    return isinstance(instance, list | tuple)


def _is_object(_checker: object, instance: object) -> bool:
    return isinstance(instance, Mapping)


@functools.cache
def _validator(fields: DataFields = NO_FIELDS) -> jsonschema.Draft202012Validator:
    """Build the county validator once per set of data fields: Draft 2020-12, exact numbers."""
    schema = county_schema_with(load_schema(_SCHEMA_NAME), fields)
    base = jsonschema.Draft202012Validator
    base.check_schema(schema)
    type_checker = base.TYPE_CHECKER.redefine_many(
        {
            "number": _is_number,
            "integer": _is_integer,
            "array": _is_array,
            "object": _is_object,
        }
    )
    validator_class = jsonschema.validators.extend(base, type_checker=type_checker)
    return validator_class(schema)


def _leaf_errors(errors: Iterable[_Error]) -> Iterator[_Error]:
    """Yield errors an analyst can act on: an ``anyOf`` (a stage or null) gives the stage's."""
    for error in errors:
        if error.validator in {"anyOf", "oneOf"} and error.context:
            alternatives = error.validator_value
            real = [
                sub
                for sub in error.context
                if alternatives[sub.relative_schema_path[0]] != {"type": "null"}
            ]
            yield from _leaf_errors(real or error.context)
        else:
            yield error


_PATTERN_WORDS: Final = {"^[0-9]{6}$": "input.code"}


def _translate(errors: list[_Error], *, skip: set[_Path]) -> Iterator[_Finding]:
    """Put schema errors in plain words, one finding per field.

    Where a value has the wrong type, only that is said: ``"abc"`` for the schema
    version is not also "must be 1".  Values in ``skip`` already have a finding.
    """
    typed = {tuple(error.absolute_path) for error in errors if error.validator == "type"}
    for error in errors:
        path = tuple(error.absolute_path)
        if path in skip or (path in typed and error.validator != "type"):
            continue
        yield from _explain(error, path)


def _explain(error: _Error, path: _Path) -> Iterator[_Finding]:  # noqa: C901, PLR0912
    """Explain one jsonschema error; the fallback is jsonschema's own message."""
    keyword, expected, instance = error.validator, error.validator_value, error.instance

    def got(reason: Text) -> Text:
        return text("input.got", reason=reason, value=_show(instance))

    if keyword == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        wanted = [kind for kind in types if kind != "null"]
        if wanted == ["boolean"]:
            key = "input.type.boolean_or_null" if "null" in types else "input.type.boolean"
        elif wanted:
            key = f"input.type.{wanted[0]}"
        else:
            key = "input.type.null"
        yield path, got(text(key))
    elif keyword == "required":
        for name in expected:
            if name not in instance:
                yield (*path, name), text("input.required")
    elif keyword == "additionalProperties" and _EXTRA in path[-2:]:
        yield from _unknown_extra(error, path)
    elif keyword == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        for name in instance:
            if name not in known:
                hint = difflib.get_close_matches(str(name), known, n=1, cutoff=0.75)
                also = text("input.hint", hint=hint[0]) if hint else ""
                yield (*path, name), text("input.unknown_field", hint=also)
    elif keyword == "maximum" and path and path[-1] in _RATIO_FIELDS and _percent_sized(instance):
        yield path, _ratio_slip(instance)
    elif keyword in {"minimum", "maximum"}:
        yield path, got(text(f"input.{keyword}", limit=expected))
    elif keyword == "enum":
        choices = ", ".join(_show(value) for value in expected)
        yield path, got(text("input.enum", choices=choices))
    elif keyword == "const":
        yield path, got(text("input.const", value=_show(expected)))
    elif keyword in {"pattern", "maxLength"} and "pattern" in error.schema:
        pattern = error.schema["pattern"]
        words = _PATTERN_WORDS.get(pattern)
        yield path, got(text(words) if words else text("input.pattern", pattern=pattern))
    elif keyword == "minLength":
        yield path, text("input.empty") if expected == 1 else text("input.min_length", n=expected)
    elif keyword == "maxLength" and isinstance(instance, str):
        yield path, text("input.too_long", limit=f"{expected:,}", got=f"{len(instance):,}")
    elif keyword == "minItems":
        yield (
            path,
            text("input.no_school")
            if path == ("schools",)
            else text("input.min_items", n=expected),
        )
    elif keyword == "maxItems":
        yield path, text("input.max_items", n=f"{expected:,}", got=f"{len(instance):,}")
    else:
        yield path, text("input.schema_other", detail=error.message)


_EXTRA: Final = "extra"

_RATIO_FIELDS: Final = frozenset({"difference_rate"})
"""Fields that hold a ratio (a share of one, 0.15), where a percentage (15) is a slip."""


def _percent_sized(value: object) -> bool:
    """Whether a number above a ratio's bound of 1 reads as a percentage (at most 100)."""
    return (
        isinstance(value, int | float | Decimal)
        and not isinstance(value, bool)
        and (1 < value <= 100)
    )


def _ratio_slip(value: object) -> Text:
    """``15：是否应为 0.15？`` for a ratio field given a percentage-sized number."""
    exact_value = Decimal(str(value))
    shown = format(exact_value.normalize(), "f")
    ratio = format((exact_value / 100).normalize(), "f")
    return text("input.ratio.percent_slip", value=shown, ratio=ratio)


def _unknown_extra(error: _Error, path: _Path) -> Iterator[_Finding]:
    """An ``extra`` layer, or a field of one, that no loaded plugin declares."""
    known = list(error.schema.get("properties", {}))
    listed = ", ".join(known) or "—"
    for name in error.instance:
        if name in known:
            continue
        hint = difflib.get_close_matches(str(name), known, n=1, cutoff=0.75)
        also = text("input.hint", hint=hint[0]) if hint else ""
        if path[-1] == _EXTRA:
            reason = text("input.extra.layer", layer=_show(name), declared=listed, hint=also)
        else:
            reason = text("input.extra.field", layer=_show(path[-1]), declared=listed, hint=also)
        yield (*path, name), reason


# --------------------------------------------------------------------------- values


class _Unusable:
    """Stands in for a NaN, Infinity or absurd number while the schema runs.

    No JSON type accepts it and it equals nothing, so no keyword can trip over it.
    """

    def __repr__(self) -> str:
        return "<unusable number>"


_UNUSABLE: Final = _Unusable()


def _unusable_number(value: object) -> str | Text | None:
    """Why a number cannot be used, or ``None`` when it can (or is not a number)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number (got {_show(value)}); write null if it is unknown"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"must be a finite number (got {_show(value)}); write null if it is unknown"
    if out_of_range(value) or _fraction_out_of_range(value):
        return f"is out of range (got {_show(value)})"
    if isinstance(value, Decimal) and len(value.as_tuple().digits) > MAX_NUMBER_DIGITS:
        return text("input.too_many_digits", limit=MAX_NUMBER_DIGITS)
    return None


_FRACTION_BITS: Final = 4 * (LARGEST_EXPONENT + MAX_NUMBER_DIGITS)
"""More bits than the numerator or denominator of any fraction in range can need
(10¹⁵⁰ < 2⁶⁰⁰): checked first, so a ten-million-digit fraction costs nothing."""


def _fraction_out_of_range(value: object) -> bool:
    """A :class:`~fractions.Fraction` (from Python data) beyond the bounds decimal text has."""
    if not isinstance(value, Fraction) or not value:
        return False
    if max(value.numerator.bit_length(), value.denominator.bit_length()) > _FRACTION_BITS:
        return True
    size = abs(value)
    return not Fraction(1, 10**LARGEST_EXPONENT) <= size < 10 ** (LARGEST_EXPONENT + 1)


def _container_problem(path: _Path, value: object, ancestors: tuple[int, ...]) -> str | Text | None:
    """Why a list or mapping is not walked: too deep, inside itself, or a bad field name."""
    if len(path) > _DEEPEST:
        return text("input.nested", limit=_DEEPEST)
    if id(value) in ancestors:
        return text("input.cycle")
    if isinstance(value, Mapping) and not all(
        is_text(key) for key in value if isinstance(key, str)
    ):
        return _BAD_FIELD_NAME
    return None


class _TooManyValues(Exception):  # noqa: N818 - a signal inside this module, never raised out
    """The data holds more values than :data:`~edu_rules._limits.MAX_VALUES`."""


def _unusable_values(data: object) -> Iterator[tuple[_Path, str | Text, bool]]:
    """Find non-finite or absurd numbers, and repeated JSON keys, anywhere in the data.

    Yields ``(path, reason, is_number)``; ``is_number`` marks a value the schema must
    not see.  Walks the whole tree, unknown fields included, without recursion: a
    deeply nested mapping from a caller must not crash validation, a mapping that
    contains itself is named instead of walked forever, and data that shares one list
    between many places is walked at most :data:`~edu_rules._limits.MAX_VALUES` values
    far (then :class:`_TooManyValues` is raised).
    """
    stack: list[tuple[_Path, object, tuple[int, ...]]] = [((), data, ())]
    budget = MAX_VALUES
    while stack:
        path, value, ancestors = stack.pop()
        budget -= 1
        if budget < 0:
            raise _TooManyValues
        if isinstance(value, str):
            if not is_text(value):
                yield path, _NOT_TEXT, True
        elif isinstance(value, Mapping | list | tuple):
            refusal = _container_problem(path, value, ancestors)
            if refusal is not None:
                yield path, refusal, True
                continue
            ancestors = (*ancestors, id(value))
            if isinstance(value, Mapping):
                repeated = value.repeated_keys if isinstance(value, _JsonObject) else ()
                yield from (((*path, key), _REPEATED, False) for key in repeated)
                items: Iterable[tuple[Any, object]] = value.items()
            else:
                items = enumerate(value)
            stack.extend(((*path, key), item, ancestors) for key, item in items)
        else:
            reason = _unusable_number(value)
            if reason is not None:
                yield path, reason, True


_REPEATED: Final = "is given more than once in the same object"


_NOT_TEXT: Final = (
    "must be valid Unicode text (it holds an unpaired surrogate such as \\ud800, "
    "which is not a character)"
)


_BAD_FIELD_NAME: Final = (
    "has a field name that is not valid Unicode text (an unpaired surrogate such as \\ud800)"
)


def _value_at(data: object, path: _Path) -> object:
    """Return the value at ``path``, or ``None`` where the path leads nowhere."""
    node = data
    for segment in path:
        kind = type(node)  # parsed data first: isinstance(node, Mapping) is an ABC check
        if kind is dict:
            node = node.get(segment)  # type: ignore[attr-defined]
        elif kind is list and type(segment) is int and segment < len(node):  # type: ignore[arg-type]
            node = node[segment]  # type: ignore[index]
        elif isinstance(node, Mapping):
            node = node.get(segment)
        elif isinstance(node, list | tuple) and isinstance(segment, int) and segment < len(node):
            node = node[segment]
        else:
            return None
    return node


def _shallow_copy(container: object) -> dict[Any, Any] | list[Any]:
    if isinstance(container, Mapping):
        return dict(container)
    if isinstance(container, list | tuple):
        return list(container)
    raise TypeError(f"not a container: {type(container).__name__}")


def _with_placeholders(data: object, paths: set[_Path]) -> object:
    """Copy ``data`` with :data:`_UNUSABLE` at ``paths``.

    Only the containers on those paths are copied; the caller's data is left as it was.
    """
    if () in paths:
        return _UNUSABLE
    root = _shallow_copy(data)
    copies: dict[_Path, Any] = {(): root}
    for path in paths:
        node = root
        for depth in range(1, len(path)):
            prefix = path[:depth]
            if prefix not in copies:
                copies[prefix] = _shallow_copy(node[path[depth - 1]])
                node[path[depth - 1]] = copies[prefix]
            node = copies[prefix]
        node[path[-1]] = _UNUSABLE
    return root


def _prefixes(*path_groups: Iterable[_Path]) -> frozenset[_Path]:
    """Every path that has a problem at or below it."""
    return frozenset(
        path[:depth] for paths in path_groups for path in paths for depth in range(len(path) + 1)
    )


def _show(value: object) -> str:
    """Quote an offending value as the analyst wrote it, cut to :data:`_SHOWN_CHARS`."""
    if isinstance(value, bool) or value is None:
        text = json.dumps(value)
    elif isinstance(value, float) and not math.isfinite(value):
        text = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    elif isinstance(value, int) and out_of_range(value):
        text = f"{Decimal(value):.6E}"  # str() refuses ints of more than 4300 digits
    elif isinstance(value, Fraction) and _fraction_out_of_range(value):
        bits = max(value.numerator.bit_length(), value.denominator.bit_length())
        text = f"a fraction of {bits:,}-bit integers"
    elif isinstance(value, int | float | Decimal | Fraction):
        text = str(value)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


# --------------------------------------------------------------------------- paths


def _order_key(data: object, path: _Path) -> tuple[int, ...]:
    """Locate ``path`` in the document, so problems read top to bottom.

    A missing (required) field sorts after the fields that are there.
    """
    key: list[int] = []
    node = data
    for segment in path:
        if isinstance(node, Mapping):
            keys = list(node)
            key.append(keys.index(segment) if segment in node else len(keys))
        elif isinstance(segment, int):
            key.append(segment)
        else:
            key.append(0)
        node = _value_at(node, (segment,))
    return tuple(key)


# --------------------------------------------------------------------------- consistency


class Reader:
    """Reads values for the consistency checks, but only values that passed the schema."""

    def __init__(self, dirty: frozenset[_Path]) -> None:
        self._dirty = dirty

    def clean(self, path: _Path) -> bool:
        """Nothing at or below ``path`` failed the schema."""
        return path not in self._dirty

    def figure(self, data: object, path: _Path) -> Exact | None:
        """Return the exact number at ``path`` if it is present and passed the schema."""
        value = _value_at(data, path)
        if value is None or not self.clean(path):
            return None
        if type(value) is int:  # most figures: already exact
            figure: int = value
            return figure
        return exact(value) if _is_number(None, value) else None

    def text(self, data: object, path: _Path) -> str | None:
        """Return the text at ``path`` if it is present and passed the schema."""
        value = _value_at(data, path)
        return value if isinstance(value, str) and self.clean(path) else None


_STAGES_REFUSED: Final[dict[str, tuple[str, ...]]] = {
    SchoolKind.PRIMARY: ("junior",),
    SchoolKind.TEACHING_POINT: ("junior",),
    SchoolKind.JUNIOR: ("primary",),
}

_STAGE_FIGURES: Final = ("classes", *INDICATOR_FIELDS)
"""What a stage with no students cannot have (largest_class has its own check)."""


def _consistency_findings(data: object, dirty: frozenset[_Path]) -> Iterator[_Finding]:
    """Find what the schema cannot express: facts that contradict each other."""
    if not isinstance(data, Mapping):
        return
    read = Reader(dirty)
    schools = data.get("schools")
    if isinstance(schools, list | tuple):
        yield from _duplicate_ids(data, len(schools), read)
        for index, school in enumerate(schools):
            if isinstance(school, Mapping):
                yield from _school_findings(data, ("schools", index), read)
    yield from county_findings(data, read)


def county_findings(data: Mapping[str, Any], read: Reader) -> Iterator[_Finding]:
    """The county-wide consistency checks: rotated teachers, percentages, years."""
    yield from _guarantee_findings(data, read)
    yield from _count_findings(data, read)
    yield from _fraction_findings(data, read)
    assessment_year = read.figure(data, ("assessment_year",))
    if assessment_year is not None:
        for path in (("basic_balance_year",), ("procedure", "national_recognition_year")):
            year = read.figure(data, path)
            if year is not None and year > assessment_year:
                yield path, f"{year} is after assessment_year ({assessment_year})"


def _dotted(path: str) -> _Path:
    return tuple(path.split("."))


def _count_findings(data: Mapping[str, Any], read: Reader) -> Iterator[_Finding]:
    """Counts that contradict each other, or the percentage given beside them.

    A part above its whole (more satisfied questionnaires than valid ones), counts whose
    denominators are all 0, and a percentage that the counts do not give — to the
    decimals it is written with (96.5 for 96.49…) — are refused: the rate judged is the
    one the counts give, exactly (:func:`edu_rules.model.county.with_counted_rates`).
    """
    for rate in COUNTED_RATES:
        for numerator, denominator in zip(rate.numerators, rate.denominators, strict=True):
            part = read.figure(data, _dotted(numerator))
            whole = read.figure(data, _dotted(denominator))
            if part is not None and whole is not None and part > whole:
                yield (
                    _dotted(numerator),
                    text("input.count.above", part=part, whole=denominator, value=whole),
                )
        paths = (*rate.numerators, *rate.denominators)
        figures = [read.figure(data, _dotted(path)) for path in paths]
        if any(figure is None for figure in figures):
            continue
        if sum(figures[len(rate.numerators) :]) == 0:  # type: ignore[arg-type]
            yield _dotted(rate.denominators[0]), text("input.count.no_denominator", rule=rate.rule)
            continue
        given = read.figure(data, _dotted(rate.rate))
        counted = counted_rate(data, rate)
        if (
            given is None
            or counted is None
            or _agrees(_value_at(data, _dotted(rate.rate)), counted)
        ):
            continue
        yield (
            _dotted(rate.rate),
            text(
                "input.count.disagree",
                given=_show(_value_at(data, _dotted(rate.rate))),
                counted=format(Decimal(counted.numerator) / Decimal(counted.denominator), ".6g")
                if isinstance(counted, Fraction)
                else str(counted),
                parts=" / ".join(str(figure) for figure in figures),
            ),
        )
    for part_path, whole_path in SUBTOTALS:
        part = read.figure(data, _dotted(part_path))
        whole = read.figure(data, _dotted(whole_path))
        if part is not None and whole is not None and part > whole:
            yield (
                _dotted(part_path),
                text("input.count.above", part=part, whole=whole_path, value=whole),
            )


def _agrees(given: object, counted: Exact) -> bool:
    """Whether a percentage as written is the counted rate, to the decimals it is written with.

    The float edu-rules itself writes for an exact rate (``33.333333333333336`` for 100/3)
    agrees too, so that a document it wrote reads back.
    """
    if isinstance(given, bool) or not isinstance(given, int | float | Decimal):
        return False
    if isinstance(given, float) and given == float(counted):
        return True
    written = Decimal(repr(given)) if isinstance(given, float) else Decimal(given)
    places = max(0, -written.as_tuple().exponent)  # type: ignore[operator]
    half = Fraction(1, 2 * 10**places)
    return abs(exact(written) - Fraction(counted)) <= half


def _duplicate_ids(data: object, count: int, read: Reader) -> Iterator[_Finding]:
    first: dict[str, int] = {}
    for index in range(count):
        school_id = read.text(data, ("schools", index, "id"))
        if school_id is None:
            continue
        if school_id in first:
            yield (
                ("schools", index, "id"),
                f"duplicate school id {_show(school_id)} (also schools[{first[school_id]}])",
            )
        else:
            first[school_id] = index


def _stage_presence(school: Mapping[str, Any]) -> dict[str, bool] | None:
    """Tell which stages the school lists, or ``None`` when its ``stages`` is malformed."""
    stages = school.get("stages")
    if stages is None:
        return dict.fromkeys(STAGE_NAMES, False)
    if not isinstance(stages, Mapping):
        return None
    presence: dict[str, bool] = {}
    for name in STAGE_NAMES:
        stage = stages.get(name)
        if stage is not None and not isinstance(stage, Mapping):
            return None
        presence[name] = stage is not None
    return presence


def _school_findings(data: object, at: _Path, read: Reader) -> Iterator[_Finding]:
    school = _value_at(data, at)
    if not isinstance(school, Mapping):
        return
    presence = _stage_presence(school)
    kind = read.text(data, (*at, "kind"))
    if presence is not None and kind is not None:
        yield from _kind_findings(kind, presence, at, data, read)
    for name in STAGE_NAMES:
        # A malformed sibling (``"junior": "abc"``) does not stop the checks of a good stage.
        if isinstance(_value_at(school, ("stages", name)), Mapping):
            yield from _stage_findings(data, (*at, "stages", name), read)


def _kind_findings(
    kind: str, presence: dict[str, bool], at: _Path, data: object, read: Reader
) -> Iterator[_Finding]:
    """Check that the school teaches the stages its kind implies."""
    if kind == SchoolKind.SPECIAL_EDUCATION:
        students_path = (*at, "special_students")
        if read.clean(students_path) and _value_at(data, students_path) is None:
            given = " (its stages alone are not enough)" if any(presence.values()) else ""
            reason = (
                "is required for a special_education school: G7 funds its pupils by "
                f"special_students{given}"
            )
            yield students_path, reason
        return
    needed = KIND_STAGES.get(kind, ())
    if not any(presence.values()):
        both = " and a ".join(needed)
        need = f"both a {both} stage" if len(needed) > 1 else f"a {both} stage"
        yield (*at, "stages"), f"a {kind} school must have {need}; none is given"
        return
    for name in needed:
        if not presence[name]:
            because = "it teaches both stages" if len(needed) > 1 else f"it teaches {name} pupils"
            yield (*at, "stages", name), f"is required for a {kind} school ({because})"
    for name in _STAGES_REFUSED.get(kind, ()):
        if presence[name]:
            yield (
                (*at, "stages", name),
                f"a {kind} school has no {name} stage; remove it or correct the kind",
            )


def _stage_findings(data: object, at: _Path, read: Reader) -> Iterator[_Finding]:
    students = read.figure(data, (*at, "students"))
    if students is None:
        return
    if students == 0:
        for name in _STAGE_FIGURES:
            figure = read.figure(data, (*at, name))
            if figure:
                yield at, f"has 0 students but {_show(_value_at(data, (*at, name)))} {name}"
    else:
        classes = read.figure(data, (*at, "classes"))
        if classes == 0:
            yield at, f"has {_show(_value_at(data, (*at, 'students')))} students but 0 classes"
    largest = read.figure(data, (*at, "largest_class"))
    if largest is not None and largest > students:
        shown_largest = _show(_value_at(data, (*at, "largest_class")))
        shown_students = _show(_value_at(data, (*at, "students")))
        yield (
            (*at, "largest_class"),
            f"{shown_largest} is more than the stage's students ({shown_students})",
        )
    yield from _band_findings(data, at, read)


def _band_findings(data: object, at: _Path, read: Reader) -> Iterator[_Finding]:
    """The class-size bands add up to the stage's classes; the largest class is in the top one."""
    counts = [read.figure(data, (*at, field)) for field, _, _ in CLASS_SIZE_BANDS]
    if any(count is None for count in counts):
        return
    classes = read.figure(data, (*at, "classes"))
    total = sum(counts)  # type: ignore[arg-type]
    if classes is not None and total != classes:
        yield (*at, CLASS_SIZE_BANDS[0][0]), text("input.bands.total", total=total, classes=classes)
    largest = read.figure(data, (*at, "largest_class"))
    found = largest_class_range(_value_at(data, at))
    if largest is not None and found is not None and not found[0] <= largest <= found[1]:
        yield (
            (*at, "largest_class"),
            text("input.bands.largest", largest=largest, low=found[0], high=found[1]),
        )


def _guarantee_findings(data: object, read: Reader) -> Iterator[_Finding]:
    """Rotated teachers are a subset of eligible ones; rotated key teachers of rotated ones."""
    pairs = (
        ("rotated_teachers", "rotation_eligible_teachers"),
        ("rotated_key_teachers", "rotated_teachers"),
    )
    for part, whole in pairs:
        part_figure = read.figure(data, ("guarantee", part))
        whole_figure = read.figure(data, ("guarantee", whole))
        if part_figure is not None and whole_figure is not None and part_figure > whole_figure:
            shown_part = _show(_value_at(data, ("guarantee", part)))
            shown_whole = _show(_value_at(data, ("guarantee", whole)))
            yield ("guarantee", part), f"{shown_part} is more than {whole} ({shown_whole})"


def _percentages(data: Mapping[str, Any], read: Reader) -> Iterator[tuple[_Path, Exact]]:
    """Every percentage (a ``*_pct`` figure) the county gives, with its path."""
    for key in data:
        if isinstance(key, str) and key.endswith("_pct"):
            figure = read.figure(data, (key,))
            if figure is not None:
                yield (key,), figure
    for part in ("guarantee", "quality"):
        group = data.get(part)
        if isinstance(group, Mapping):
            for key in group:
                if isinstance(key, str) and key.endswith("_pct"):
                    figure = read.figure(data, (part, key))
                    if figure is not None:
                        yield (part, key), figure


def _fraction_findings(data: Mapping[str, Any], read: Reader) -> Iterator[_Finding]:
    """Percentages written as fractions (0.95 for 95%), told by the document's other ones.

    A lone 0.95 beside real percentages may be a genuinely tiny share, and every
    percentage rule is a minimum, so it can only fail, never pass: it is taken.  When
    two or more percentages are given and none is above 1, the document writes them as
    fractions — no real county has every share at 1% or less — and each fraction is
    refused, saying what it would be as a percentage.
    """
    given = list(_percentages(data, read))
    if len(given) < 2 or any(figure > 1 for _, figure in given):
        return
    for path, figure in given:
        if 0 < figure < 1:
            value = _show(_value_at(data, path))
            scaled = Decimal(figure.numerator) * 100 / figure.denominator
            percent = format(scaled.normalize(), "f")
            reason = text(
                "input.pct.fraction_document", value=value, percent=percent, fields=len(given)
            )
            yield path, reason

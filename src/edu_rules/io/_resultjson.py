"""A result document written straight from its per-rule columns (issue 12, item 5).

The reference writer (``json.dumps(data, indent=2, ensure_ascii=False)``) spells every
finding of a rule with the same ten leading fields (rule, layer, citation…).  Here those
are written once per rule set, already indented, and kept with the rule; each finding
adds only its row, and all the rows of a result are written by one ``orjson.dumps`` call,
then cut apart.  Each finding's text is used twice without being copied: in its
outcome's list (``shortfalls``, ``not_evaluated``, ``manual_checks``) and in
``findings``; the document is joined once, as bytes (for a file or an HTTP body) or as
``str``.

Only data both writers spell alike is written here (:func:`_plain`, which the
dict-building writer of :mod:`edu_rules.io.serialization` uses too): a far float, an
exact number left in a plugin's ``details``, an integer beyond 64 bits or a NaN makes
:func:`result_json` return ``None``, and the caller takes the reference writer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from edu_rules.model.result import Finding, Outcome, Subject

if TYPE_CHECKING:
    import cattrs

    from edu_rules.model.result import Block, Result

# How ``json.dumps(indent=2)`` spells a list of findings at depth 1 of the document.
_ROWS_OPEN = "[\n    {\n"  # before the first row, once orjson's text is indented once more
_ROWS_CLOSE = "\n    }\n  ]"  # after the last row
_BETWEEN = "\n    },\n    {\n"  # only between two rows: anything inside is indented deeper
_UNKNOWN = (Outcome.NOT_EVALUABLE, Outcome.ERROR)
_EMPTY: list[Any] = []
_FINDING_HEAD: tuple[str, ...] = tuple(field.name for field in attrs.fields(Finding))[:10]
_RESULT_HEAD = (
    "schema_version", "status", "county", "assessment_year", "as_of",
    "engine_version", "layers", "official", "left_out", "summary",
)  # fmt: skip


def _same_float(value: float) -> bool:
    """Whether orjson writes ``value`` as ``json.dumps`` does (see ``serialization._EXPONENT``).

    Zero, and every magnitude from 1e-4 up to (not including) 1e16; not NaN or an
    infinity (orjson writes ``null`` where the reference refuses).
    """
    return value == 0.0 or 1e-4 <= abs(value) < 1e16


def _plain(value: Any) -> bool:
    """Whether ``value`` is plain JSON data both writers spell alike (exact types only).

    Strings, integers, booleans, ``None``, floats in :func:`_same_float`'s range, and
    lists, tuples and string-keyed dicts of those.  Anything else (a ``Fraction``, an
    enum, a subclass of ``str``) is unstructured by the converter first.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is float:
        return _same_float(value)
    if kind is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if kind is list or kind is tuple:
        return all(_plain(item) for item in value)
    return False


def _json_head(converter: cattrs.Converter, fields: dict[str, Any]) -> dict[str, Any]:
    """A rule's shared finding fields as JSON data, made once per rule set and kept."""
    head: dict[str, Any] | None = fields.get("json_head")
    if head is None or "json_head_plain" not in fields:
        head = {
            name: converter.unstructure(value)
            for name, value in zip(_FINDING_HEAD, fields["head"], strict=True)
        }
        fields["json_head_plain"] = _plain(head)
        fields["json_head"] = head
    return head


@attrs.frozen
class _Spelling:
    """The fixed text of a result document, as bytes or as ``str``."""

    start: Any  # the document's opening brace
    keys: tuple[Any, ...]  # each list's key, after the comma that ends what came before
    comma: Any  # after the lists by outcome, before ``faults``
    end: Any  # the closing brace and the final newline
    between: Any
    list_open: Any
    next: Any  # after a finding that is not the last of its list
    last: Any  # after the last finding of a list
    empty: Any
    join: Callable[[list[Any]], Any]

    @classmethod
    def of(cls, kind: Callable[[str], Any]) -> _Spelling:
        keys = ("shortfalls", "not_evaluated", "manual_checks", "findings")
        return cls(
            start=kind("{\n"),
            keys=tuple(kind(f',\n  "{key}": ') for key in keys),
            comma=kind(",\n"),
            end=kind("\n}\n"),
            between=kind(_BETWEEN),
            list_open=kind("[\n"),
            next=kind("\n    },\n"),
            last=kind(_ROWS_CLOSE),
            empty=kind("[]"),
            join=kind("").join,
        )


_BYTES = _Spelling.of(str.encode)
_TEXT = _Spelling.of(str)


def result_json(
    result: Result, blocks: Sequence[Block], converter: cattrs.Converter, *, text: bool
) -> bytes | str | None:
    """``reference_json(unstructure(result))`` (``text``) or its UTF-8 bytes; ``None`` if unsafe.

    ``blocks`` are the result's columns; ``converter`` unstructures its own fields.
    ``None``: orjson is missing, or some value is one the two writers could spell apart.
    """
    try:
        import orjson
    except ImportError:
        return None
    parts = _top(result, converter)
    if parts is None:
        return None
    data, prefixes, outcomes = _rows(blocks, converter, text=text)
    if data is None:
        return None
    option = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_SUBCLASS
    try:
        written = orjson.dumps(data, option=option)
        before, after = (orjson.dumps(part, option=option)[2:-2] for part in parts)
    except (TypeError, orjson.JSONEncodeError):
        return None
    spell = _TEXT if text else _BYTES
    rows: list[Any] = []
    if data:
        indented: Any = written.replace(b"\n", b"\n  ")
        if text:
            indented = indented.decode()
        rows = indented[len(_ROWS_OPEN) : -len(_ROWS_CLOSE)].split(spell.between)
    shortfalls, unknown, manual, every = spell.keys
    pieces: list[Any] = [spell.start, before.decode() if text else before]
    for key, chosen in (
        (shortfalls, [i for i, o in enumerate(outcomes) if o is Outcome.SHORTFALL]),
        (unknown, [i for i, o in enumerate(outcomes) if o in _UNKNOWN]),
        (manual, [i for i, o in enumerate(outcomes) if o is Outcome.MANUAL]),
    ):
        pieces.append(key)
        _add_list(pieces, chosen, prefixes, rows, spell)
    pieces += (spell.comma, after.decode() if text else after, every)
    _add_list(pieces, range(len(rows)), prefixes, rows, spell)
    pieces.append(spell.end)
    return spell.join(pieces)  # type: ignore[no-any-return]  # bytes or str, as asked


def _top(
    result: Result, converter: cattrs.Converter
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The result's own fields, before and after the lists of findings; ``None`` if not plain."""
    unstructure = converter.unstructure
    before = {name: unstructure(getattr(result, name)) for name in _RESULT_HEAD}
    after = {"faults": unstructure(result.faults), "notes": unstructure(result.notes)}
    return (before, after) if _plain(before) and _plain(after) else None


def _rows(
    blocks: Sequence[Block], converter: cattrs.Converter, *, text: bool | None
) -> tuple[list[dict[str, Any]] | None, list[Any], list[Outcome]]:
    """Every row as the JSON data of its finding's last eleven fields, with its rule's head.

    For the writer (``text`` true or false) the head is its text (:func:`_head_text`), a
    row's values are kept as they are, and ``None`` is returned at the first value that
    is not plain.  ``text=None`` gives the converter's plain data instead: the head as a
    dict, fresh lists, ``details`` unstructured (what ``serialization.unstructure`` returns
    for a result).
    """
    writing = text is not None
    plain = _plain
    unstructure = converter.unstructure
    unstructure_subject = converter.get_unstructure_hook(Subject)
    data: list[dict[str, Any]] = []
    heads: list[Any] = []
    outcomes: list[Outcome] = []
    subjects: dict[int, dict[str, str]] = {}
    append, head_of, outcome_of = data.append, heads.append, outcomes.append
    for fields, rows in blocks:
        if not rows:
            continue
        head = (  # the engine's own dict
            _head_text(converter, fields, text=text)  # type: ignore[arg-type]
            if writing
            else _json_head(converter, fields)  # type: ignore[arg-type]
        )
        if head is None:
            return None, heads, outcomes
        comparator, unit = fields["comparator"], fields["unit"]
        for subject, outcome, measured, required, gap, remedies, missing, note, details in rows:
            if writing and (
                (type(measured) is float and not _near(measured))
                or (type(required) is float and not _near(required))
                or (type(gap) is float and not _near(gap))
                or (details is not None and not _plain_details(details, plain))
            ):
                return None, heads, outcomes
            shown = subjects.get(id(subject))
            if shown is None:
                shown = subjects[id(subject)] = unstructure_subject(subject)
            shown_remedies: list[Any] = _EMPTY
            if remedies or not writing:
                shown_remedies = [{"quantity": r.quantity, "unit": r.unit} for r in remedies]
                if writing and not plain(shown_remedies):
                    return None, heads, outcomes
            shown_missing: Any = missing
            shown_details = details
            if not writing:
                shown_missing = list(missing)
                shown_details = None if details is None else unstructure(details)
            append(
                {
                    "subject": shown,
                    "outcome": outcome._value_,
                    "measured": measured,
                    "required": required,
                    "comparator": comparator,
                    "unit": unit,
                    "gap": gap,
                    "remedies": shown_remedies,
                    "missing": shown_missing,
                    "note": note,
                    "details": shown_details,
                }
            )
            head_of(head)
            outcome_of(outcome)
    return data, heads, outcomes


def finding_data(
    blocks: Sequence[Block], converter: cattrs.Converter
) -> list[tuple[Outcome, dict[str, Any]]]:
    """Every row of ``blocks`` as its finding's plain data (``unstructure``'s), in order."""
    data, heads, outcomes = _rows(blocks, converter, text=None)
    assert data is not None  # noqa: S101 - plain data is always made
    return [
        (outcome, {**head, **row}) for outcome, head, row in zip(outcomes, heads, data, strict=True)
    ]


def _near(number: float) -> bool:
    """Whether orjson spells this float as ``json.dumps`` does: zero, or 1e-4 ≤ |number| < 1e16.

    :func:`_same_float` without ``abs``, for the hot loop.
    """
    return 1e-4 <= number < 1e16 or -1e16 < number <= -1e-4 or number == 0.0


_STR_ONLY = {str}


def _plain_details(details: Any, plain: Callable[[Any], bool]) -> bool:
    """``plain(details)``, quicker for the usual dict of strings, numbers and lists of strings."""
    if type(details) is not dict:
        return plain(details)
    for key, value in details.items():
        kind = type(value)
        if type(key) is not str:
            return False
        if kind is str or kind is int or kind is bool or value is None:
            continue
        if kind is list and set(map(type, value)) <= _STR_ONLY:
            continue
        if not plain(value):
            return False
    return True


def _add_list(
    pieces: list[Any],
    chosen: Sequence[int],
    prefixes: list[Any],
    rows: list[Any],
    spell: _Spelling,
) -> None:
    """The findings ``chosen`` as a JSON list at depth 1: each its rule's text, then its row's."""
    if not chosen:
        pieces.append(spell.empty)
        return
    pieces.append(spell.list_open)
    after = spell.next
    for index in chosen:
        pieces += (prefixes[index], rows[index], after)
    pieces[-1] = spell.last


def _head_text(converter: cattrs.Converter, fields: dict[str, Any], *, text: bool) -> Any:
    """A rule's shared fields as the opening of each of its findings, made once and kept.

    UTF-8 bytes, or ``str`` for ``text``; ``None`` when they are not plain JSON data (the
    reference writer is used then).
    """
    key = "json_head_str" if text else "json_head_bytes"
    if key not in fields:
        import orjson

        head = _json_head(converter, fields)
        written: Any = None
        if fields["json_head_plain"]:
            dumped = orjson.dumps(head, option=orjson.OPT_INDENT_2)
            written = b"    {\n    " + dumped[2:-2].replace(b"\n", b"\n    ") + b",\n"
            written = written.decode() if text else written
        fields[key] = written
    return fields[key]

"""The compiled validators judge as the reference does, and the facts the fast path rests on.

:mod:`edu_rules.io._fastvalidate` lets jsonschema-rs judge the county schema where it
is proven to agree with the reference (jsonschema with Python's ``re`` and exact
numbers), fastjsonschema elsewhere, and trusts :func:`~edu_rules.io._fastvalidate.parse_json`'s
own output without walking it again.  These tests check:

- both compiled validators accept and refuse the same documents as the reference,
  on generated documents and on the values where a Rust regex, a double or a Python
  ``int`` could tell them apart (``$`` before a final newline, Unicode digits, ``1.0``
  for an integer, numbers beyond 64 bits);
- a schema jsonschema-rs could judge otherwise (another pattern, a limit beyond 2⁵³,
  a ``format``) goes to the second validator;
- what the trusted path skips is true of orjson: it refuses lone surrogates, and the
  schema accepts nothing nested deeper than :data:`~edu_rules._limits.MAX_DEPTH`.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_rules._limits import LARGEST_EXPONENT, MAX_DEPTH
from edu_rules._resources import load_schema
from edu_rules.io import _fastvalidate, validation
from edu_rules.model.datafields import county_schema_with, declared
from tests._documents import full_county
from tests.test_fastvalidate import SETTINGS, _reference_schema_accepts, any_documents

pytestmark = pytest.mark.property

jsonschema_rs = pytest.importorskip("jsonschema_rs")
fastjsonschema = pytest.importorskip("fastjsonschema")
orjson = pytest.importorskip("orjson")


@functools.cache
def _judges() -> tuple[tuple[str, _fastvalidate._Judge], ...]:
    """Both compiled validators of the county schema (jsonschema-rs even where not chosen)."""
    schema = load_schema("county.schema.json")
    rust = jsonschema_rs.Draft202012Validator(schema, validate_formats=False).is_valid
    python = _fastvalidate._python_judge(schema)
    assert python is not None
    return ("jsonschema-rs", rust), ("fastjsonschema", python[0])


def _verdicts(document: Any) -> dict[str, bool]:
    """What the fast path says with each compiled validator: plain, and accepted."""
    plain = _fastvalidate._is_plain(document)
    return {name: plain and judge(copy.deepcopy(document)) for name, judge in _judges()}


def _with(path: tuple[Any, ...], value: object) -> dict[str, Any]:
    document = full_county()
    parent = document
    for segment in path[:-1]:
        parent = parent[segment]
    parent[path[-1]] = value
    return document


_STUDENTS = ("schools", 0, "stages", "primary", "students")
_AT_THE_EDGE = [
    # the one pattern: Python's $ matches before a final newline, Rust's does not
    (("code",), "450202\n"),
    (("code",), "450202"),
    (("code",), "４５０２０２"),  # full-width digits
    (("code",), "٤٥٠٢٠٢"),  # Arabic-Indic digits: \d would take them in Python
    (("code",), "45020２"),  # one full-width digit
    (("code",), "\n450202"),
    # integer against 1.0, and a value that is no integer
    (("schema_version",), 1.0),
    (("schema_version",), 1.0000000000000002),
    (("schema_version",), True),
    (("assessment_year",), 2023.0),
    (("assessment_year",), 2023.5),
    # numbers beyond 64 bits, beyond doubles, at the limits
    (_STUDENTS, 2**63),
    (_STUDENTS, 2**64 + 1),
    (_STUDENTS, 10**40),
    (_STUDENTS, -(2**63) - 1),
    (_STUDENTS, -(10**40)),
    (("assessment_year",), 2**64 + 2023),
    (("assessment_year",), 2100),
    (("assessment_year",), 2100.0000000000005),
    (("social_recognition_pct",), 100),
    (("social_recognition_pct",), 100.00000000000001),
    (("social_recognition_pct",), 100.00000000000003),
    (("social_recognition_pct",), -0.0),
    (("social_recognition_pct",), 5e-324),
    (("social_recognition_pct",), 1e308),
    (("name",), "名" * 200),
    (("name",), "名" * 201),
    (("name",), "😀" * 200),
    (("name",), "😀" * 201),
]


class TestCompiledValidators:
    @pytest.mark.parametrize(("path", "value"), _AT_THE_EDGE)
    def test_agree_with_the_reference_at_the_edge(self, path: tuple[Any, ...], value: Any) -> None:
        """Where regex dialects or number types could differ, both judge as the reference."""
        document = _with(path, value)
        expected = _reference_schema_accepts(document)

        actual = _verdicts(document)

        assert actual == dict.fromkeys(actual, expected)

    @SETTINGS
    @given(document=any_documents)
    def test_agree_with_the_reference_on_generated_documents(self, document: Any) -> None:
        """On plain data both validators judge as the reference; the rest they leave to it."""
        plain = _fastvalidate._is_plain(document)
        expected = plain and _reference_schema_accepts(document)

        actual = _verdicts(document)

        assert actual == dict.fromkeys(actual, expected)

    def test_jsonschema_rs_judges_the_core_schema(self) -> None:
        """The core contract (and plugin fields of plain ranges) is jsonschema-rs' to judge."""
        fields = declared(
            {"school": {"build_year": {"type": "integer", "minimum": 1900}}}, "capital"
        )

        assert _fastvalidate.validator_name().startswith("jsonschema-rs")
        assert _fastvalidate.validator_name(fields).startswith("jsonschema-rs")

    @pytest.mark.parametrize(
        "fragment",
        [
            {"type": "string", "pattern": "^[A-Z]+$"},
            {"type": "string", "pattern": "^\\d{4}$", "maxLength": 4},
            {"type": "integer", "maximum": 2**53},
            {"type": "number", "minimum": -1e300},
        ],
    )
    def test_sends_a_schema_it_could_judge_otherwise_to_fastjsonschema(
        self, fragment: dict[str, Any]
    ) -> None:
        """Another pattern, or a limit a double cannot order exactly: the second validator."""
        fields = declared({"school": {"odd": fragment}}, "capital")

        assert _fastvalidate.validator_name(fields).startswith("fastjsonschema")

    def test_without_jsonschema_rs_fastjsonschema_judges(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without the Rust validator the fast path is what it was: fastjsonschema."""
        monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # import fails
        _fastvalidate._compiled.cache_clear()
        try:
            name = _fastvalidate.validator_name()
            verdicts = [
                _fastvalidate.schema_accepts(full_county()),
                _fastvalidate.schema_accepts(_with(("code",), "450202\n")),
            ]
        finally:
            _fastvalidate._compiled.cache_clear()

        assert name.startswith("fastjsonschema")
        assert verdicts == [True, False]

    @pytest.mark.parametrize("name", ["pattern", "minimum", "maximum", "format"])
    def test_a_plugin_field_named_like_a_keyword_is_a_field(self, name: str) -> None:
        """A field called ``pattern`` is a property, not a pattern: Rust judges, loading works."""
        fields = declared({"school": {name: {"type": "integer", "minimum": 0}}}, "capital")
        document = full_county()
        document["schools"][0]["extra"] = {"capital": {name: 3}}

        assert _fastvalidate.validator_name(fields).startswith("jsonschema-rs")
        assert _fastvalidate.schema_accepts(document, fields)
        document["schools"][0]["extra"]["capital"][name] = -1
        assert not _fastvalidate.schema_accepts(document, fields)

    @pytest.mark.parametrize(
        ("pattern", "max_length", "alike"),
        [("^[0-9]{6}$", 6, "alike"), ("^[0-9]{6}$", 7, "not"), ("^[0-9]{6}$", None, "not")],
    )
    def test_the_one_pattern_is_alike_only_beside_its_length(
        self, pattern: str, max_length: int | None, alike: str
    ) -> None:
        """``"450202\\n"`` has seven characters: a maxLength of 6 refuses it in both."""
        node: dict[str, Any] = {"type": "string", "pattern": pattern}
        if max_length is not None:
            node["maxLength"] = max_length

        assert (alike == "alike") == _fastvalidate._rust_alike({"properties": {"code": node}})


# --------------------------------------------------------------------------- the trusted path


def _deepest(schema: dict[str, Any], node: Any, seen: frozenset[str] = frozenset()) -> int:
    """How deep a document the schema ``node`` accepts can nest (containers counted)."""
    if not isinstance(node, dict):
        return 0
    reference = node.get("$ref")
    if reference is not None:
        name = reference.removeprefix("#/$defs/")
        assert name not in seen, "a recursive schema accepts any depth"
        return _deepest(schema, schema["$defs"][name], seen | {name})
    depth = 0
    for branch in node.get("anyOf", []):
        depth = max(depth, _deepest(schema, branch, seen))
    kinds = node.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds or []
    if "object" in kinds:
        assert node.get("additionalProperties") is False, node.get("description")
        inner = [_deepest(schema, value, seen) for value in node.get("properties", {}).values()]
        depth = max(depth, 1 + max(inner, default=0))
    if "array" in kinds:
        assert "items" in node, node.get("description")
        depth = max(depth, 1 + _deepest(schema, node["items"], seen))
    return depth


class TestParsedDataIsPlain:
    def test_the_schema_accepts_nothing_too_deep(self) -> None:
        """Every object closed, every list typed: an accepted document is never too deep."""
        fields = declared({"stage": {"note": {"type": "string"}}}, "capital")
        schema = county_schema_with(load_schema("county.schema.json"), fields)

        assert _deepest(schema, schema) < MAX_DEPTH

    @pytest.mark.parametrize(
        "text", [b'"\\ud800"', b'"\\udc00"', b'{"\\ud800": 1}', b'["a\\ud83d"]']
    )
    def test_orjson_refuses_lone_surrogates(self, text: bytes) -> None:
        """So parse_json never returns text the reference would refuse as not Unicode."""
        with pytest.raises(orjson.JSONDecodeError):
            orjson.loads(text)

    @pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 1000])
    @pytest.mark.parametrize("where", ["nonsense", "schools", "music"])
    def test_deep_nesting_is_refused_alike(self, depth: int, where: str) -> None:
        """orjson reads 1,024 levels; trusted or walked, the verdict is the same."""
        nested = "[" * depth + "]" * depth
        text = json.dumps(full_county())
        if where == "nonsense":
            text = text.replace('{"schema_version"', f'{{"nonsense": {nested}, "schema_version"', 1)
        elif where == "schools":
            text = text.replace('"schools": [', f'"schools": [{nested}, ', 1)
        else:
            text = text.replace('"music_rooms_m2": [', f'"music_rooms_m2": [{nested}, ', 1)
        parsed = _fastvalidate.parse_json(text.encode())
        assert parsed is not None

        trusted = _fastvalidate.schema_accepts(parsed, parsed=True)

        assert trusted == _fastvalidate.schema_accepts(parsed) == _reference_schema_accepts(parsed)
        assert not trusted

    @SETTINGS
    @given(document=any_documents, escaped=st.booleans())
    def test_trusting_parse_json_changes_no_verdict(self, document: Any, *, escaped: bool) -> None:
        """Whatever JSON text it keeps, the walk it skips would not change the verdict."""
        try:
            raw = json.dumps(document, ensure_ascii=escaped).encode("utf-8", "surrogatepass")
        except TypeError:
            return  # not JSON at all (a Decimal, a Fraction): no text to parse
        parsed = _fastvalidate.parse_json(raw)

        if parsed is not None:
            expected = _fastvalidate.schema_accepts(parsed)

            assert expected == _fastvalidate.schema_accepts(parsed, parsed=True)


def _nested(depth: int) -> list[Any]:
    node: list[Any] = []
    for _ in range(depth - 1):
        node = [node]
    return node


def _shared() -> dict[str, Any]:
    rooms = [96, 100]
    return {"a": rooms, "b": rooms}


def _cycle() -> dict[str, Any]:
    node: dict[str, Any] = {"a": 1}
    node["self"] = [node]
    return node


class _Text(str):
    __slots__ = ()


class TestIsPlain:
    @pytest.mark.parametrize(
        ("data", "plain"),
        [
            (full_county(), "plain"),
            ({"a": [1, 2.5, "名", True, None, (1, "x")]}, "plain"),
            ({"a": _nested(MAX_DEPTH)}, "plain"),  # the root is level 0
            ({"a": _nested(MAX_DEPTH + 1)}, "not"),
            (_shared(), "not"),
            (_cycle(), "not"),
            ({"a": "\ud800"}, "not"),
            ({"\udc00": 1}, "not"),
            ({1: 1}, "not"),
            ({"a": [_Text("x")]}, "not"),
            ({"a": 10**100}, "plain"),
            ({"a": 10**101}, "not"),
            ({"a": [-(10**101), 1]}, "not"),
            ({"a": [1e100, 0.0]}, "plain"),
            ({"a": [1e101, 0.0]}, "not"),
            ({"a": [0.0, 1e-100, 1.0]}, "plain"),
            ({"a": [0.0, 1e-101, 1.0]}, "not"),
            ({"a": [1.0, math.nan]}, "not"),
            ({"a": [1.0, -math.inf]}, "not"),
            ({"a": Decimal("1.5")}, "not"),
            ({"a": Fraction(1, 3)}, "not"),
            ("名", "plain"),
            (math.nan, "not"),
        ],
    )
    def test_tells_parser_data_from_the_rest(self, data: object, plain: str) -> None:
        """Only what a parser makes, within the reference's bounds, is plain."""
        assert LARGEST_EXPONENT == 100  # the numbers below sit at that bound
        expected = plain == "plain"

        assert expected == _fastvalidate._is_plain(data)

    @pytest.mark.parametrize("data", [{"a": 10**101}, {"a": [1e-101]}, {"\udc00": 1}])
    def test_agrees_with_the_reference_walk(self, data: object) -> None:
        """What the walk refuses for its values, the reference finds unusable."""
        assert any(validation._unusable_values(data))

"""The fast paths give the reference's verdicts: differential tests against the reference.

:mod:`edu_rules.io._fastvalidate` parses with orjson and checks the schema with a
compiled validator; :mod:`edu_rules.io.validation` is the reference (Decimal parsing,
jsonschema).  These properties generate county documents — valid ones and ones broken
in every way an analyst or a program could break them (wrong types, negatives,
unknown fields, missing required fields, nulls, booleans for numbers, huge integers,
Decimal and Fraction for float, NaN) — and check that:

- for plain JSON data the compiled schema and the reference accept and reject the
  same documents, and for any other data the fast path never accepts what the
  reference rejects;
- ``validate_county_data`` and ``load_county`` return exactly what they return with
  the fast path switched off (same problems, same messages, same county);
- orjson's numbers, where the fast parser keeps them, structure to the same exact
  values as the reference's Decimals, and a repeated key always sends the document
  the reference way.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edu_rules._numbers import exact
from edu_rules.io import _fastvalidate, serialization, validation
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError
from tests._documents import full_county, minimal_county
from tests._helpers import reference_only

pytestmark = pytest.mark.property

# More examples than the suite's "ci" profile: a differential test is only as good as
# the ground it covers, and these examples are small.  HEAVY is for the tests that run
# the whole reference (jsonschema) twice per example; together about 10 s on 2 cores.
SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HEAVY = settings(SETTINGS, max_examples=50)

needs_fast = pytest.mark.skipif(
    _fastvalidate.PARSER == "none" or _fastvalidate.validator_name() == "none",
    reason="the fast extra (orjson and a compiled schema validator) is not installed",
)

# --------------------------------------------------------------------------- documents

_STAGE_FIGURES = (
    "teachers_above_required_qualification",
    "key_teachers",
    "pe_arts_teachers",
    "teaching_room_area_m2",
    "sports_area_m2",
    "equipment_value_yuan",
    "multimedia_classrooms",
)
_KINDS = ("primary", "junior", "nine_year", "twelve_year", "complete_middle", "teaching_point")

_figures = st.one_of(
    st.none(),
    st.integers(0, 10**7),
    st.floats(0, 1e7, allow_nan=False, allow_infinity=False),
    st.decimals(0, 10**7, places=2).map(float),
)
_percents = st.one_of(st.none(), st.integers(0, 100), st.floats(0, 100))
# What spreadsheets and report tools write: at most two decimals, never an exponent.
_tool_figures = st.one_of(
    st.none(), st.integers(0, 10**7), st.decimals(0, 10**7, places=2).map(float)
)
_tool_percents = st.one_of(st.none(), st.decimals(0, 100, places=1).map(float))


@st.composite
def _stages(draw: st.DrawFn, figures: st.SearchStrategy[Any]) -> dict[str, Any]:
    stage: dict[str, Any] = {
        "students": draw(st.integers(0, 3000)),
        "classes": draw(st.integers(0, 80)),
    }
    if draw(st.booleans()):
        stage["largest_class"] = draw(st.one_of(st.none(), st.integers(0, 70)))
    for name in _STAGE_FIGURES:
        if draw(st.booleans()):
            stage[name] = draw(figures)
    return stage


@st.composite
def _schools(draw: st.DrawFn, index: int, figures: st.SearchStrategy[Any]) -> dict[str, Any]:
    kind = draw(st.sampled_from(_KINDS))
    school: dict[str, Any] = {
        "id": f"S{index}",
        "name": draw(st.text(max_size=4)),
        "kind": kind,
        "ownership": draw(st.sampled_from(("public", "private"))),
        "area": draw(st.sampled_from(("urban", "town", "rural"))),
        "stages": {
            "primary": draw(st.one_of(st.none(), _stages(figures))),
            "junior": draw(st.one_of(st.none(), _stages(figures))),
        },
    }
    optional = {
        "boarding": st.one_of(st.none(), st.booleans()),
        "administered_by": st.one_of(st.none(), st.text(max_size=4)),
        "public_funds_yuan": figures,
        "training_funds_yuan": figures,
        "music_rooms_m2": st.one_of(st.none(), st.lists(figures.filter(bool), max_size=3)),
        "special_students": st.one_of(st.none(), st.integers(0, 300)),
    }
    for name, values in optional.items():
        if draw(st.booleans()):
            school[name] = draw(values)
    return school


@st.composite
def documents(
    draw: st.DrawFn,
    figures: st.SearchStrategy[Any] = _figures,
    percents: st.SearchStrategy[Any] = _percents,
) -> dict[str, Any]:
    """A county document that follows the schema (not always consistent)."""
    base = full_county() if draw(st.booleans()) else minimal_county()
    count = draw(st.integers(1, 3))
    base["schools"] = [draw(_schools(index, figures)) for index in range(count)]
    base["code"] = draw(st.sampled_from(("450202", "450225", "110101", "650102")))
    base["social_recognition_pct"] = draw(percents)
    if "guarantee" in base:
        base["guarantee"]["quota_allocation_pct"] = draw(percents)
    return base


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


_PLAIN_REPLACEMENTS = (
    "text", "", "450202\n", "45020", "4502021", -1, -0.5, 0, 1, 2, 1.5, 2.0, -0.0, 100.5,
    101, 1999, 2101, True, False, None, [], {}, [1], {"students": 1}, 10**40, -(10**40),
    2**63, 1e308, 5e-324,
    # at and beyond the bounds of edu_rules._limits: text length, list length, nesting
    "名" * 200, "名" * 201, "i" * 64, "i" * 65, [96] * 100, [96] * 101,
    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
)  # fmt: skip
_OTHER_REPLACEMENTS = (
    Decimal("1.5"), Decimal(1), Decimal(-2), Decimal("1E+2"), Decimal("NaN"), Fraction(3, 2),
    Fraction(4, 1), math.nan, math.inf, -math.inf, (1, 2), ("a",),
    Decimal("1." + "2" * 49), Decimal("1." + "2" * 50), Fraction(1, 10**200), Fraction(10**200),
)  # fmt: skip


@st.composite
def _mutated(draw: st.DrawFn, replacements: tuple[Any, ...]) -> dict[str, Any]:
    """A document with one value replaced, one key removed or one unknown key added."""
    document = draw(documents())
    path = draw(st.sampled_from(list(_paths(document))))
    if not path:
        return document
    parent = document
    for segment in path[:-1]:
        parent = parent[segment]
    action = draw(st.sampled_from(("replace", "replace", "delete", "add")))
    if action == "replace":
        parent[path[-1]] = draw(st.sampled_from(replacements))
    elif action == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent["nonsense"] = 1
    return document


plain_documents = st.one_of(documents(), _mutated(_PLAIN_REPLACEMENTS))
any_documents = st.one_of(plain_documents, _mutated(_PLAIN_REPLACEMENTS + _OTHER_REPLACEMENTS))


def _reference_schema_accepts(data: Any) -> bool:
    """The reference verdict on the contract: no unusable number, no jsonschema error."""
    if any(validation._unusable_values(data)):
        return False
    return not any(validation._validator().iter_errors(data))


def _load(raw: bytes) -> County | tuple[Any, ...]:
    try:
        return validation.load_county(raw)
    except CountyDataError as error:
        return error.problems


def _text(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


# --------------------------------------------------------------------------- the schema


@needs_fast
class TestSchemaAccepts:
    @SETTINGS
    @given(document=plain_documents)
    def test_agrees_with_the_reference_on_plain_json(self, document: dict[str, Any]) -> None:
        """For what a JSON parser returns, the compiled schema accepts exactly what jsonschema accepts."""
        expected = _reference_schema_accepts(document)

        assert expected == _fastvalidate.schema_accepts(document)

    @SETTINGS
    @given(document=any_documents)
    def test_never_accepts_what_the_reference_rejects(self, document: dict[str, Any]) -> None:
        """With Decimals, Fractions, NaN or tuples about, an acceptance still holds."""
        if _fastvalidate.schema_accepts(document):
            assert _reference_schema_accepts(document)

    def test_leaves_decimals_to_the_reference(self) -> None:
        """A Decimal is the reference parser's number: not plain, so not decided fast."""
        document = minimal_county(social_recognition_pct=Decimal("90.5"))

        assert not _fastvalidate.schema_accepts(document)
        assert _reference_schema_accepts(document)

    def test_accepts_the_full_example(self) -> None:
        """The document with every field set passes the fast check."""
        assert _fastvalidate.schema_accepts(full_county())


@needs_fast
class TestValidateCountyData:
    @HEAVY
    @given(document=any_documents)
    def test_returns_what_the_reference_returns(self, document: dict[str, Any]) -> None:
        """Same problems, same words, same order, fast path or not."""
        with reference_only():
            expected = validation.validate_county_data(copy.deepcopy(document))

        assert expected == validation.validate_county_data(document)


@needs_fast
class TestLoadCounty:
    @HEAVY
    @given(document=plain_documents)
    def test_builds_the_county_the_reference_builds(self, document: dict[str, Any]) -> None:
        """From the same bytes: the same county, or the same problems (quoted the same way)."""
        raw = _text(document)
        with reference_only():
            expected = _load(raw)

        assert expected == _load(raw)

    def test_quotes_invalid_numbers_as_written(self) -> None:
        """An invalid document is read the reference way, so "3.50" is not quoted as 3.5."""
        raw = _text(minimal_county()).replace(b'"students": 900', b'"students": -3.50')

        problems = _load(raw)

        assert isinstance(problems, tuple)
        assert any("-3.50" in problem.reason for problem in problems)


# --------------------------------------------------------------------------- parsing

# Number texts as analysts' tools write them, and as a program might: up to 20
# significant digits, leading zeros after the point, exponents, negative zero.
_number_texts = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.builds(
        lambda whole, fraction: f"{whole}.{fraction}",
        st.integers(0, 10**12),
        st.text("0123456789", min_size=1, max_size=12),
    ),
    st.builds(
        lambda digits, exponent: f"{digits}e{exponent}",
        st.integers(1, 10**6),
        st.integers(-320, 320),
    ),
    st.sampled_from(("-0", "-0.0", "0.30000000000000001", "1.0", "1E2", "0.1", "1e-7")),
)


@st.composite
def _json_texts(draw: st.DrawFn) -> bytes:
    """A small JSON text whose numbers are written exactly as drawn."""
    numbers = draw(st.lists(_number_texts, min_size=1, max_size=6))
    members = [f'"k{index}": {text}' for index, text in enumerate(numbers)]
    nested = ", ".join(f"[{text}]" for text in numbers)
    return ("{" + ", ".join(members) + f', "list": [{nested}]' + "}").encode()


def _exact_tree(node: Any) -> Any:
    """The data with every number as the converter sees it (an exact rational)."""
    if isinstance(node, dict):
        return {key: _exact_tree(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_exact_tree(value) for value in node]
    if isinstance(node, int | float | Decimal) and not isinstance(node, bool):
        return exact(node)
    return node


def _reference_parse(raw: bytes) -> Any:
    data, problems = validation._parse(raw)
    assert not problems
    return data


@needs_fast
class TestParseJson:
    @SETTINGS
    @given(raw=_json_texts())
    def test_keeps_only_numbers_the_reference_reads_alike(self, raw: bytes) -> None:
        """Where orjson's reading is kept, every number is the reference's exact value."""
        fast = _fastvalidate.parse_json(raw)

        if fast is not None:
            assert _exact_tree(_reference_parse(raw)) == _exact_tree(fast)

    @HEAVY
    @given(document=documents(_tool_figures, _tool_percents))
    def test_keeps_documents_written_by_tools(self, document: dict[str, Any]) -> None:
        """Documents as tools write them (two decimals at most) take the fast path, alike."""
        raw = _text(document)

        fast = _fastvalidate.parse_json(raw)

        assert fast is not None
        assert _exact_tree(_reference_parse(raw)) == _exact_tree(fast)

    @pytest.mark.parametrize(
        "raw",
        [
            b'{"a": 1, "a": 2}',
            b'{"b": {"a": 1, "a": 1}}',
            b'{"a" : 1, "a" : 2}',
            b'{"a"\n:\t1, "a"\r\n : 2}',
            b'{"a": " :", "b": {"c": 1, "c": 2, "d": "x"}}',
            b'{"x\\"": 1, "a": [{"c": 1, "c": 2}]}',
        ],
    )
    def test_declines_a_repeated_key(self, raw: bytes) -> None:
        """orjson keeps the last of two equal keys; the reference names them, so it decides."""
        assert _fastvalidate.parse_json(raw) is None

    @pytest.mark.parametrize(
        "raw",
        [
            b'{"a": 0.30000000000000001}',
            b'{"a": 1234567.123456789}',
            b'{"a": 1e400}',
            b'{"a": 1E+2}',
            b'{"a": 12345678901234567890}',
            b'{"a": NaN}',
            b'{"a": 1,}',
            b"",
            b'{"a": "\xff"}',
        ],
    )
    def test_declines_what_it_could_read_differently(self, raw: bytes) -> None:
        """Long or exponent numbers, NaN, bad JSON or bad UTF-8: the reference reads them."""
        assert _fastvalidate.parse_json(raw) is None

    def test_tolerates_a_byte_order_mark(self) -> None:
        """A UTF-8 BOM is skipped, as the reference skips it."""
        raw = b"\xef\xbb\xbf" + _text(full_county())

        assert _exact_tree(_reference_parse(raw)) == _exact_tree(_fastvalidate.parse_json(raw))

    def test_reads_escaped_text(self) -> None:
        """JSON escapes (``ensure_ascii`` output) do not defeat the repeated-key check."""
        raw = json.dumps(full_county(), ensure_ascii=True).encode()

        assert _exact_tree(_reference_parse(raw)) == _exact_tree(_fastvalidate.parse_json(raw))


# --------------------------------------------------------------------------- structuring


class TestStructureExact:
    @SETTINGS
    @given(value=st.floats(allow_nan=False, allow_infinity=False))
    def test_a_float_becomes_what_exact_makes_of_it(self, value: float) -> None:
        """The converter's float shortcut gives ``exact(value)``, type included."""
        expected = exact(value)

        actual = serialization._structure_exact(value, None)

        assert expected == actual
        assert type(expected) is type(actual)

    @needs_fast
    def test_generated_units_structure_alike_either_way(self) -> None:
        """Benchmark documents: the fast path's county equals the reference's, field by field."""
        from benchmarks import generate_national

        for schools in (30, 90):
            raw = generate_national.dumps(generate_national.large_county(schools=schools))
            with reference_only():
                expected = validation.load_county(raw)

            assert expected == validation.load_county(raw)

"""Loading and checking county documents: every problem at once, each at its exact path."""

from __future__ import annotations

import json
import math
import os
import types
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edu_rules import _resources
from edu_rules.io.validation import county_schema, load_county, validate_county_data
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError, Problem
from tests._documents import full_county, minimal_county, minimal_school

if TYPE_CHECKING:
    from collections.abc import Callable


def _problems(source: Any) -> tuple[Problem, ...]:
    """The problems ``load_county`` raises for ``source`` (it must raise)."""
    with pytest.raises(CountyDataError) as caught:
        load_county(source)
    return caught.value.problems


def _problems_if_any(source: Any) -> tuple[Problem, ...]:
    """The problems ``load_county`` raises for ``source``; empty when it accepts it."""
    try:
        load_county(source)
    except CountyDataError as error:
        return error.problems
    return ()


def _text(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _school(**overrides: Any) -> dict[str, Any]:
    return minimal_school(**overrides)


def _stage(**overrides: Any) -> dict[str, Any]:
    stage: dict[str, Any] = {"students": 900, "classes": 20}
    stage.update(overrides)
    return stage


@pytest.fixture(name="county_data")
def _county_data() -> dict[str, Any]:
    return minimal_county()


@pytest.fixture(name="county_file")
def _county_file(tmp_path: Path) -> Path:
    path = tmp_path / "450202.json"
    path.write_bytes(_text(full_county()))
    return path


# --------------------------------------------------------------------------- load_county


class TestLoadCountySources:
    """``load_county`` reads a path, a str path, bytes or a mapping, and builds a County."""

    def test_minimal_document_loads(self, county_data):
        """The smallest valid document gives a County with unknowns as None."""
        county = load_county(county_data)
        assert isinstance(county, County)
        assert county.code == "450202"
        assert county.basic_balance_year is None
        assert county.schools[0].stages.junior is None

    def test_full_document_loads(self):
        """A document with every field set loads, numbers exact."""
        county = load_county(full_county())
        assert len(county.schools) == 2
        assert county.schools[0].public_funds_yuan == Fraction("1250000.5")
        assert county.schools[1].special_students == 86
        assert county.quality.monitoring is not None
        assert county.quality.monitoring[0].difference_rate == Fraction(12, 100)

    def test_loads_from_path(self, county_file):
        """A pathlib.Path is read as a file."""
        assert load_county(county_file) == load_county(full_county())

    def test_loads_from_str_path(self, county_file):
        """A str is a file path."""
        assert load_county(str(county_file)) == load_county(full_county())

    def test_loads_from_bytes(self):
        """Bytes are the file's contents."""
        assert load_county(_text(full_county())) == load_county(full_county())

    def test_loads_from_bytearray(self):
        """A bytearray is treated like bytes."""
        assert load_county(bytearray(_text(full_county()))) == load_county(full_county())

    def test_loads_from_any_mapping(self):
        """A read-only mapping, with tuples for lists, is data like a dict."""
        document = full_county()
        document["schools"] = tuple(document["schools"])
        assert load_county(types.MappingProxyType(document)) == load_county(full_county())

    def test_utf8_bom_is_tolerated(self):
        """A UTF-8 byte-order mark (Windows Notepad adds one) is skipped."""
        assert load_county(b"\xef\xbb\xbf" + _text(full_county())) == load_county(full_county())

    def test_decimal_text_is_exact(self):
        """``0.9`` in JSON text becomes exactly 9/10, never a binary float."""
        document = minimal_county()
        document["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = 0.9
        county = load_county(_text(document))
        stage = county.schools[0].stages.primary
        assert stage is not None
        assert stage.pe_arts_teachers == Fraction(9, 10)

    def test_integral_decimal_is_accepted_as_integer(self):
        """``120.0`` students in JSON text is the whole number 120."""
        text = _text(minimal_county()).replace(b'"students": 900', b'"students": 900.0')
        county = load_county(
            text.replace(b'"assessment_year": 2024', b'"assessment_year": 2.024e3')
        )
        stage = county.schools[0].stages.primary
        assert stage is not None
        assert stage.students == 900
        assert type(stage.students) is int
        assert county.assessment_year == 2024

    def test_integral_float_is_accepted_as_integer_in_a_mapping(self, county_data):
        """A float ``900.0`` from Python data is the whole number 900."""
        county_data["schools"][0]["stages"]["primary"]["students"] = 900.0
        stage = load_county(county_data).schools[0].stages.primary
        assert stage is not None
        assert stage.students == 900
        assert type(stage.students) is int

    def test_source_name_names_the_document(self, county_data):
        """``source_name`` is carried by the error for messages."""
        county_data["code"] = "x"
        with pytest.raises(CountyDataError) as caught:
            load_county(county_data, source_name="城中区.json")
        assert caught.value.source == "城中区.json"
        assert str(caught.value).startswith("城中区.json: invalid county data (1 problem)")

    def test_path_is_the_default_source_name(self, tmp_path):
        """An invalid file is named by its path."""
        path = tmp_path / "bad.json"
        path.write_bytes(b"{}")
        with pytest.raises(CountyDataError) as caught:
            load_county(path)
        assert caught.value.source == os.fspath(path)

    def test_other_source_types_are_a_programming_error(self):
        """Anything but a path, bytes or a mapping is a TypeError, not a data error."""
        with pytest.raises(TypeError, match="not list"):
            load_county([minimal_county()])  # type: ignore[arg-type]


class TestLoadCountyUnreadable:
    """Files that cannot be read or decoded give one clear problem for the whole document."""

    def test_missing_file(self, tmp_path):
        """A missing file says so, in either language."""
        path = tmp_path / "missing.json"
        (problem,) = _problems(path)

        assert (problem, problem.reason_in("zh")) == (
            Problem("", "no such file or folder"),
            "没有这个文件或文件夹",
        )

    def test_directory(self, tmp_path):
        """A folder is not a county document: said from its kind, in either language."""
        (problem,) = _problems(tmp_path)

        assert problem == Problem("", "is a folder, not a regular file; it is not read")
        assert problem.reason_in("zh") == "不是普通文件（是文件夹），不予读取"

    def test_json_text_passed_as_str_gets_a_hint(self):
        """A str is a path; a JSON text given by mistake says how to pass it."""
        (problem,) = _problems('{"code": "450202"}')
        assert problem.reason.endswith("(a str is read as a file path; pass JSON text as bytes)")

    def test_not_utf8(self):
        """A GBK-encoded file names the first bad byte and its offset."""
        text = '{"name": "城中区"}'.encode("gbk")
        assert _problems(text) == (
            Problem("", "the file is not UTF-8 text (byte 0xB3 at offset 10); save it as UTF-8"),
        )

    def test_not_utf8_offset_counts_the_bom(self):
        """The offset is into the file as saved, BOM included."""
        text = b"\xef\xbb\xbf" + '{"name": "城"}'.encode("gbk")
        (problem,) = _problems(text)
        assert problem.reason.startswith("the file is not UTF-8 text (byte 0xB3 at offset 13)")

    def test_malformed_json_names_line_and_column(self):
        """A syntax error says what was expected, and where."""
        text = b'{\n  "code": "450202"\n    "name": "x"\n}'
        assert _problems(text) == (
            Problem("", "not valid JSON: Expecting ',' delimiter at line 3, column 5"),
        )

    def test_empty_file(self):
        """An empty file says so rather than 'Expecting value'."""
        assert _problems(b"  \n") == (
            Problem("", "the file is empty; a county document is a JSON object"),
        )

    def test_top_level_must_be_an_object(self):
        """A JSON array (a batch) is not one county document."""
        assert _problems(b"[]") == (Problem("", "must be an object (got [])"),)

    def test_too_deeply_nested(self):
        """Pathological nesting is refused without crashing."""
        (problem,) = _problems(b"[" * 100_000 + b"]" * 100_000)
        assert problem.reason.startswith("not valid JSON")


class TestLoadCountyNonFinite:
    """NaN and Infinity are not numbers: refused at the field they sit in."""

    @pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
    def test_in_json_text(self, constant):
        """The JSON extensions NaN/Infinity are rejected with the field's path."""
        text = _text(minimal_county(social_recognition_pct=1)).replace(
            b'"social_recognition_pct": 1', f'"social_recognition_pct": {constant}'.encode()
        )
        assert _problems(text) == (
            Problem(
                "social_recognition_pct",
                f"must be a finite number (got {constant}); write null if it is unknown",
            ),
        )

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (math.nan, "NaN"),
            (math.inf, "Infinity"),
            (-math.inf, "-Infinity"),
            (Decimal("sNaN"), "sNaN"),
        ],
    )
    def test_in_a_mapping(self, county_data, value, shown):
        """Non-finite floats (and Decimals) in Python data are rejected, even in integer fields."""
        county_data["schools"][0]["stages"]["primary"]["classes"] = value
        assert _problems(county_data) == (
            Problem(
                "schools[0].stages.primary.classes",
                f"must be a finite number (got {shown}); write null if it is unknown",
            ),
        )

    def test_in_an_enum_field_does_not_crash(self, county_data):
        """A signalling NaN where an enum or const is expected is reported, not raised."""
        county_data["schema_version"] = Decimal("sNaN")
        county_data["schools"][0]["kind"] = Decimal("sNaN")
        paths = [problem.path for problem in _problems(county_data)]
        assert paths == ["schema_version", "schools[0].kind"]

    def test_absurd_magnitude(self):
        """``1e999999999`` is refused before anything tries to make it exact."""
        text = _text(minimal_county(social_recognition_pct=1)).replace(
            b'"social_recognition_pct": 1', b'"social_recognition_pct": 1e999999999'
        )
        assert _problems(text) == (
            Problem("social_recognition_pct", "is out of range (got 1E+999999999)"),
        )

    @pytest.mark.parametrize(
        ("value", "refused"),
        [
            (10**101 - 1, False),  # 101 digits: exponent 100, the largest allowed
            (10**101, True),
            (-(10**101), True),
            (Decimal("9.99E+100"), False),
            (Decimal("1E+101"), True),
            (Decimal("1E-100"), False),
            (Decimal("9.9E-101"), True),
            (1e100, False),
            (1e101, True),
            (1e-100, False),
            (1e-101, True),
            (0, False),
            (0.0, False),
        ],
    )
    def test_the_magnitude_bound_is_the_same_for_text_and_data(self, county_data, value, refused):
        """Exponent ±100 is allowed, ±101 refused, whether the number is an int, float or Decimal."""
        stage = county_data["schools"][0]["stages"]["primary"]
        stage["equipment_value_yuan"] = "PLACEHOLDER"
        as_text = json.dumps(county_data).replace('"PLACEHOLDER"', repr(value) if isinstance(
            value, float) else str(value))  # fmt: skip
        stage["equipment_value_yuan"] = value
        path = "schools[0].stages.primary.equipment_value_yuan"

        for source in (county_data, as_text.encode()):
            reasons = [p.reason for p in _problems_if_any(source) if p.path == path]
            # within the exponent bound, a number may still be above the field's maximum
            reasons = [r for r in reasons if not r.startswith("must be ≤")]
            assert [r.startswith("is out of range") for r in reasons] == ([True] * refused)

    def test_a_lone_surrogate_is_refused_and_the_message_prints(self, county_data):
        """``"\\ud800"`` is not text: refused, and the message escapes it so it can be printed."""
        county_data["name"] = "坏\ud800"

        problems = _problems(county_data)

        assert [(p.path, p.reason.split(" (")[0]) for p in problems] == [
            ("name", "must be valid Unicode text")
        ]

    def test_a_lone_surrogate_in_a_field_name_is_refused_and_the_message_prints(self, county_data):
        """A field name holding ``"\\udc00"`` is refused where it sits; messages stay printable."""
        county_data["schools"][0]["\udc00extra"] = 1

        problems = _problems(county_data)

        assert [p.path for p in problems] == ["schools[0]"]
        assert "field name that is not valid Unicode text" in problems[0].reason
        str(problems).encode("utf-8")  # no surrogate survives into a message

    def test_a_mapping_nested_5000_deep_is_refused_without_recursion(self, county_data):
        """A caller's absurdly deep structure is refused at the level where it goes too deep."""
        deep: list[object] = []
        for _ in range(5000):
            deep = [deep]
        county_data["name"] = deep

        problems = _problems(county_data)

        assert any("nested too deeply" in p.reason for p in problems)
        assert any(p.path == "name" for p in problems)

    def test_input_mapping_is_not_changed(self, county_data):
        """Validation works on a copy; the caller's NaN stays where it was."""
        county_data["social_recognition_pct"] = math.nan
        validate_county_data(county_data)
        assert math.isnan(county_data["social_recognition_pct"])


# --------------------------------------------------------------------------- schema problems


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets the dotted ``path`` (list indices as numbers) to ``value``."""

    def mutate(document: dict[str, Any]) -> None:
        *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
        node: Any = document
        for part in parents:
            node = node[part]
        node[last] = value

    return mutate


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(document: dict[str, Any]) -> None:
        *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
        node: Any = document
        for part in parents:
            node = node[part]
        del node[last]

    return mutate


_STUDENTS = "schools.0.stages.primary.students"
_KINDS = (
    '"primary", "junior", "nine_year", "twelve_year", "complete_middle", "teaching_point", '
    '"special_education"'
)

_SCHEMA_CASES = [
    # wrong types
    (
        _set(_STUDENTS, "abc"),
        "schools[0].stages.primary.students",
        'must be a whole number (got "abc")',
    ),
    (
        _set(_STUDENTS, 12.5),
        "schools[0].stages.primary.students",
        "must be a whole number (got 12.5)",
    ),
    (
        _set(_STUDENTS, value=True),
        "schools[0].stages.primary.students",
        "must be a whole number (got true)",
    ),
    (
        _set(_STUDENTS, None),
        "schools[0].stages.primary.students",
        "must be a whole number (got null)",
    ),
    (
        _set("schools.0.public_funds_yuan", "12万"),
        "schools[0].public_funds_yuan",
        'must be a number (got "12万")',
    ),
    (
        _set("schools.0.public_funds_yuan", value=False),
        "schools[0].public_funds_yuan",
        "must be a number (got false)",
    ),
    (_set("name", 450202), "name", "must be text (got 450202)"),
    (_set("declared", {"G1": "yes"}), "declared.G1", 'must be true, false or null (got "yes")'),
    (_set("declared", {"Q8": 1}), "declared.Q8", "must be true, false or null (got 1)"),
    (
        _set("schools.0.music_rooms_m2", "96"),
        "schools[0].music_rooms_m2",
        'must be a list (got "96")',
    ),
    (
        _set("schools.0.music_rooms_m2", [96, -1]),
        "schools[0].music_rooms_m2[1]",
        "must be ≥ 0 (got -1)",
    ),
    (_set("guarantee", []), "guarantee", "must be an object (got [])"),
    (_set("guarantee", None), "guarantee", "must be an object (got null)"),
    (
        _set("schools.0.stages.primary", "abc"),
        "schools[0].stages.primary",
        'must be an object (got "abc")',
    ),
    (_set("schools", {}), "schools", "must be a list (got {})"),
    # ranges
    (
        _set("schools.0.stages.primary.classes", -1),
        "schools[0].stages.primary.classes",
        "must be ≥ 0 (got -1)",
    ),
    (
        _set("schools.0.stages.primary.key_teachers", -0.5),
        "schools[0].stages.primary.key_teachers",
        "must be ≥ 0 (got -0.5)",
    ),
    (_set("social_recognition_pct", 100.5), "social_recognition_pct", "must be ≤ 100 (got 100.5)"),
    (
        _set("guarantee", {"quota_allocation_pct": -1}),
        "guarantee.quota_allocation_pct",
        "must be ≥ 0 (got -1)",
    ),
    (_set("assessment_year", 1999), "assessment_year", "must be ≥ 2000 (got 1999)"),
    (
        _set("quality", {"monitoring": [{"subject": "数学", "level": 5}]}),
        "quality.monitoring[0].level",
        "must be ≤ 4 (got 5)",
    ),
    (
        _set("quality", {"monitoring": [{"subject": "数学", "level": 0}]}),
        "quality.monitoring[0].level",
        "must be ≥ 1 (got 0)",
    ),
    # required, unknown, empty
    (_delete("code"), "code", "is required"),
    (_delete("schools.0.kind"), "schools[0].kind", "is required"),
    (
        _delete("schools.0.stages.primary.classes"),
        "schools[0].stages.primary.classes",
        "is required",
    ),
    (
        _set("quality", {"monitoring": [{"level": 3}]}),
        "quality.monitoring[0].subject",
        "is required",
    ),
    (_set("district", "x"), "district", "unknown field (not in the county data contract)"),
    (
        _set("schools.0.stages.primary.studnets", 3),
        "schools[0].stages.primary.studnets",
        'unknown field (not in the county data contract); did you mean "students"?',
    ),
    (
        _set("guarantee", {"有效": 1}),
        "guarantee.有效",
        "unknown field (not in the county data contract)",
    ),
    (
        _set("vetoes", {"a b": True}),
        'vetoes["a b"]',
        "unknown field (not in the county data contract)",
    ),
    (_set("schools", []), "schools", "must list at least one school"),
    (_set("name", ""), "name", "must not be empty"),
    (_set("schools.0.id", ""), "schools[0].id", "must not be empty"),
    # fixed values
    (
        _set("schools.0.kind", "middle"),
        "schools[0].kind",
        f'must be one of: {_KINDS} (got "middle")',
    ),
    (
        _set("schools.0.area", "city"),
        "schools[0].area",
        'must be one of: "urban", "town", "rural" (got "city")',
    ),
    (_set("code", "45020"), "code", 'must be a 6-digit administrative division code (got "45020")'),
    (
        _set("code", "4502021"),
        "code",
        'must be a 6-digit administrative division code (got "4502021")',
    ),
    (
        _set("code", "450202\n"),
        "code",
        'must be a 6-digit administrative division code (got "450202\\n")',
    ),
    (
        _set("code", "４５０２０２"),
        "code",
        'must be a 6-digit administrative division code (got "４５０２０２")',
    ),
    (_set("schema_version", 2), "schema_version", "must be 1 (got 2)"),
    (_set("schema_version", "1"), "schema_version", 'must be a whole number (got "1")'),
]


class TestValidateCountyDataSchema:
    """Each contract violation is one problem, at the exact path, in plain words."""

    def test_valid_documents_have_no_problems(self):
        """A valid document gives an empty list."""
        assert validate_county_data(minimal_county()) == []
        assert validate_county_data(full_county()) == []

    @pytest.mark.parametrize(("mutate", "path", "reason"), _SCHEMA_CASES)
    def test_problem_names_path_and_reason(self, county_data, mutate, path, reason):
        """The broken field, and only it, is reported with its path and reason."""
        mutate(county_data)
        assert validate_county_data(county_data) == [Problem(path, reason)]

    @pytest.mark.parametrize(("mutate", "path", "reason"), _SCHEMA_CASES)
    def test_load_county_raises_the_same_problem(self, county_data, mutate, path, reason):
        """``load_county`` refuses the document with the same problem, from JSON text too."""
        mutate(county_data)
        assert _problems(_text(county_data)) == (Problem(path, reason),)

    def test_nullable_fields_accept_null(self, county_data):
        """Null is 'unknown' wherever the contract allows it."""
        county_data.update(basic_balance_year=None, social_recognition_pct=None)
        county_data["schools"][0].update(boarding=None, music_rooms_m2=None, special_students=None)
        county_data["schools"][0]["stages"] = {
            "primary": _stage(largest_class=None),
            "junior": None,
        }
        county_data["guarantee"] = {"rotated_teachers": None}
        county_data["quality"] = {"monitoring": [{"subject": "数学", "level": None}]}
        assert validate_county_data(county_data) == []

    def test_long_values_are_cut_to_40_characters(self, county_data):
        """A long offending value is quoted only in part."""
        county_data["name"] = ["城中区" * 30]
        (problem,) = validate_county_data(county_data)
        quoted = problem.reason.removeprefix("must be text (got ").removesuffix(")")
        assert len(quoted) == 40
        assert quoted.endswith("…")

    def test_a_wrong_type_is_reported_once(self, county_data):
        """``"2"`` for schema_version is a wrong type; it is not also 'must be 1'."""
        county_data["schema_version"] = "2"
        assert validate_county_data(county_data) == [
            Problem("schema_version", 'must be a whole number (got "2")')
        ]

    def test_every_missing_required_field_is_reported(self):
        """An empty object lists each required field once."""
        assert validate_county_data({}) == [
            Problem(name, "is required")
            for name in ("schema_version", "code", "name", "assessment_year", "schools")
        ]

    def test_repeated_key_in_json_text(self):
        """A key given twice is reported instead of silently keeping the last value."""
        text = _text(minimal_county()).replace(
            b'"code": "450202"', b'"code": "450202", "code": "450203"'
        )
        assert _problems(text) == (Problem("code", "is given more than once in the same object"),)

    def test_several_problems_are_all_reported_in_document_order(self):
        """Schema and consistency problems come together, top to bottom, schools by number."""
        document = minimal_county(
            code="45",
            schools=[_school(id=f"S{index}") for index in range(12)],
            guarantee={"rotation_eligible_teachers": 10, "rotated_teachers": 11},
        )
        document["schools"][2]["stages"]["primary"]["students"] = -5
        document["schools"][10]["ownership"] = "state"
        document["schools"][11]["id"] = "S2"
        document["schools"][11]["stages"]["primary"]["largest_class"] = 901
        del document["name"]
        with pytest.raises(CountyDataError) as caught:
            load_county(document)
        assert caught.value.problems == (
            Problem("code", 'must be a 6-digit administrative division code (got "45")'),
            Problem("schools[2].stages.primary.students", "must be ≥ 0 (got -5)"),
            Problem("schools[10].ownership", 'must be one of: "public", "private" (got "state")'),
            Problem("schools[11].id", 'duplicate school id "S2" (also schools[2])'),
            Problem(
                "schools[11].stages.primary.largest_class",
                "901 is more than the stage's students (900)",
            ),
            Problem(
                "guarantee.rotated_teachers", "11 is more than rotation_eligible_teachers (10)"
            ),
            Problem("name", "is required"),
        )
        assert "invalid county data (7 problems)" in str(caught.value)

    @pytest.mark.parametrize(
        "data", [None, [], "x", 5, True, {"schools": [None, 5, "x", {"stages": 5}]}]
    )
    def test_any_data_is_checked_without_crashing(self, data):
        """Whatever the data, the result is a list of problems, never an exception."""
        problems = validate_county_data(data)
        assert problems
        assert all(isinstance(problem, Problem) for problem in problems)


# --------------------------------------------------------------------------- consistency


def _with_schools(*schools: dict[str, Any], **top: Any) -> dict[str, Any]:
    return minimal_county(schools=list(schools), **top)


class TestValidateCountyDataConsistency:
    """What the schema cannot express: contradictions between fields."""

    def test_duplicate_school_ids(self):
        """A repeated id names the earlier school that has it."""
        schools = [_school(id=f"S{index:03}") for index in range(8)]
        schools[7]["id"] = "S002"
        assert validate_county_data(_with_schools(*schools)) == [
            Problem("schools[7].id", 'duplicate school id "S002" (also schools[2])')
        ]

    @pytest.mark.parametrize("kind", ["nine_year", "twelve_year"])
    def test_through_school_needs_both_stages(self, kind):
        """A through-school lacking its junior (or primary) stage is reported at that stage."""
        missing_junior = _school(kind=kind, stages={"primary": _stage()})
        missing_primary = _school(id="S2", kind=kind, stages={"primary": None, "junior": _stage()})
        assert validate_county_data(_with_schools(missing_junior, missing_primary)) == [
            Problem(
                "schools[0].stages.junior",
                f"is required for a {kind} school (it teaches both stages)",
            ),
            Problem(
                "schools[1].stages.primary",
                f"is required for a {kind} school (it teaches both stages)",
            ),
        ]

    def test_complete_middle_needs_a_junior_stage(self):
        """A complete middle school teaches the junior stage."""
        school = _school(kind="complete_middle")
        assert validate_county_data(_with_schools(school)) == [
            Problem(
                "schools[0].stages.junior",
                "is required for a complete_middle school (it teaches junior pupils)",
            )
        ]

    @pytest.mark.parametrize("kind", ["primary", "teaching_point"])
    def test_primary_schools_have_no_junior_stage(self, kind):
        """A primary school or teaching point with a junior stage is reported."""
        school = _school(kind=kind, stages={"primary": _stage(), "junior": _stage()})
        assert validate_county_data(_with_schools(school)) == [
            Problem(
                "schools[0].stages.junior",
                f"a {kind} school has no junior stage; remove it or correct the kind",
            )
        ]

    def test_junior_school_has_only_a_junior_stage(self):
        """A junior school with only a primary stage: its primary is wrong, its junior missing."""
        school = _school(kind="junior")
        assert validate_county_data(_with_schools(school)) == [
            Problem(
                "schools[0].stages.primary",
                "a junior school has no primary stage; remove it or correct the kind",
            ),
            Problem(
                "schools[0].stages.junior",
                "is required for a junior school (it teaches junior pupils)",
            ),
        ]

    @pytest.mark.parametrize(
        ("kind", "need"),
        [("primary", "a primary stage"), ("nine_year", "both a primary and a junior stage")],
    )
    def test_school_without_any_stage(self, kind, need):
        """A school with no stage at all says which it needs."""
        school = _school(kind=kind)
        del school["stages"]
        assert validate_county_data(_with_schools(school)) == [
            Problem("schools[0].stages", f"a {kind} school must have {need}; none is given")
        ]

    def test_special_school_needs_special_students(self):
        """G7 funds a special school's pupils: it must give special_students, stages or not.

        Described only by stages it would be accepted and then never evaluable by G7.
        """
        bare = _school(kind="special_education", stages={})
        with_students = _school(id="S2", kind="special_education", special_students=40)
        del with_students["stages"]
        with_stage = _school(id="S3", kind="special_education")
        reason = (
            "is required for a special_education school: G7 funds its pupils by special_students"
        )
        assert validate_county_data(_with_schools(bare, with_students, with_stage)) == [
            Problem("schools[0].special_students", reason),
            Problem("schools[2].special_students", f"{reason} (its stages alone are not enough)"),
        ]

    def test_stage_with_no_students(self):
        """A stage with 0 students cannot have classes or indicator figures; zeros are fine."""
        stage = _stage(
            students=0, classes=12, teachers_above_required_qualification=12, key_teachers=0
        )
        school = _school(stages={"primary": stage})
        assert validate_county_data(_with_schools(school)) == [
            Problem("schools[0].stages.primary", "has 0 students but 12 classes"),
            Problem(
                "schools[0].stages.primary",
                "has 0 students but 12 teachers_above_required_qualification",
            ),
        ]

    def test_stage_with_students_but_no_classes(self):
        """Students have to be taught in at least one class."""
        school = _school(stages={"primary": _stage(students=30, classes=0)})
        assert validate_county_data(_with_schools(school)) == [
            Problem("schools[0].stages.primary", "has 30 students but 0 classes")
        ]

    def test_empty_stage_is_consistent(self):
        """0 students in 0 classes with null figures is a consistent (if odd) stage."""
        school = _school(stages={"primary": _stage(students=0, classes=0, key_teachers=None)})
        assert validate_county_data(_with_schools(school)) == []

    def test_largest_class_larger_than_the_stage(self):
        """The largest class cannot hold more students than the stage has."""
        school = _school(stages={"primary": _stage(students=40, classes=1, largest_class=45)})
        assert validate_county_data(_with_schools(school)) == [
            Problem(
                "schools[0].stages.primary.largest_class",
                "45 is more than the stage's students (40)",
            )
        ]

    def test_rotation_counts(self):
        """Rotated ≤ eligible teachers; rotated key teachers ≤ rotated teachers."""
        guarantee = {
            "rotation_eligible_teachers": 20,
            "rotated_teachers": 30.5,
            "rotated_key_teachers": 31,
        }
        assert validate_county_data(minimal_county(guarantee=guarantee)) == [
            Problem(
                "guarantee.rotated_teachers", "30.5 is more than rotation_eligible_teachers (20)"
            ),
            Problem("guarantee.rotated_key_teachers", "31 is more than rotated_teachers (30.5)"),
        ]

    def test_years_after_the_assessment(self):
        """Recognition years cannot lie after the assessment year; the same year is fine."""
        document = minimal_county(
            basic_balance_year=2025, procedure={"national_recognition_year": 2026}
        )
        assert validate_county_data(document) == [
            Problem("basic_balance_year", "2025 is after assessment_year (2024)"),
            Problem("procedure.national_recognition_year", "2026 is after assessment_year (2024)"),
        ]
        same_year = minimal_county(
            basic_balance_year=2024, procedure={"national_recognition_year": 2024}
        )
        assert validate_county_data(same_year) == []

    def test_checks_skip_values_that_failed_the_schema(self):
        """A wrong value is reported once, as a wrong value, not again as a contradiction."""
        broken = _school(kind="nine_year", stages={"primary": _stage(students="0", classes=12)})
        broken["id"] = 7
        other = _school(id=7)
        guarantee = {"rotation_eligible_teachers": -1, "rotated_teachers": 5}
        document = _with_schools(
            broken, other, assessment_year="2024", basic_balance_year=2030, guarantee=guarantee
        )
        assert validate_county_data(document) == [
            Problem("assessment_year", 'must be a whole number (got "2024")'),
            Problem("schools[0].id", "must be text (got 7)"),
            Problem("schools[0].stages.primary.students", 'must be a whole number (got "0")'),
            Problem(
                "schools[0].stages.junior",
                "is required for a nine_year school (it teaches both stages)",
            ),
            Problem("schools[1].id", "must be text (got 7)"),
            Problem("guarantee.rotation_eligible_teachers", "must be ≥ 0 (got -1)"),
        ]

    def test_a_malformed_stage_does_not_hide_its_sibling(self):
        """A bad junior stage is reported, and the primary stage is still checked."""
        school = _school(
            kind="nine_year", stages={"primary": _stage(largest_class=901), "junior": 5}
        )
        assert validate_county_data(_with_schools(school)) == [
            Problem(
                "schools[0].stages.primary.largest_class",
                "901 is more than the stage's students (900)",
            ),
            Problem("schools[0].stages.junior", "must be an object (got 5)"),
        ]

    def test_unknown_kind_skips_stage_checks(self):
        """An invalid kind is reported; which stages it needs is not guessed."""
        school = _school(kind="middle", stages={"primary": _stage(), "junior": _stage()})
        assert validate_county_data(_with_schools(school)) == [
            Problem("schools[0].kind", f'must be one of: {_KINDS} (got "middle")')
        ]


# --------------------------------------------------------------------------- robustness


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3000)
    | st.floats(allow_nan=True)
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [path] + [
            leaf for key, item in value.items() for leaf in _leaf_paths(item, (*path, key))
        ]
    if isinstance(value, list):
        return [path] + [
            leaf for index, item in enumerate(value) for leaf in _leaf_paths(item, (*path, index))
        ]
    return [path]


_FULL_PATHS = [path for path in _leaf_paths(full_county()) if path]


@pytest.mark.property
class TestValidationNeverCrashes:
    """Any change to a valid document is either accepted whole or refused with problems."""

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(_FULL_PATHS), _json_values)
    def test_replacing_any_value(self, path, value):
        """Replace one value anywhere: the result is problems or a County, never a crash."""
        document = full_county()
        node: Any = document
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        problems = validate_county_data(document)
        if problems:
            assert all(isinstance(problem, Problem) for problem in problems)
        else:
            assert isinstance(load_county(document), County)

    @settings(max_examples=200, deadline=None)
    @given(_json_values)
    def test_arbitrary_data(self, data):
        """Arbitrary JSON-like data never crashes validation."""
        problems = validate_county_data(data)
        assert all(isinstance(problem, Problem) for problem in problems)


# --------------------------------------------------------------------------- schema access


class TestCountySchema:
    """``county_schema()`` is the contract file, found wherever edu-rules runs from."""

    def test_is_the_draft_2020_12_contract(self):
        """The schema names its draft and its versioned id, and is itself valid."""
        schema = county_schema()
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == "https://edu-rules.example/schemas/county/v1.json"
        jsonschema.Draft202012Validator.check_schema(schema)

    def test_every_object_is_closed(self):
        """``additionalProperties: false`` everywhere: a typo is never silently ignored."""
        schema = county_schema()
        for obj in [schema, *schema["$defs"].values()]:
            assert obj["additionalProperties"] is False

    def test_returns_a_fresh_copy(self):
        """Editing the returned dict does not change what validation uses."""
        county_schema()["properties"].clear()
        assert county_schema()["properties"]
        assert validate_county_data(minimal_county(extra=1)) != []

    def test_matches_the_repository_file(self):
        """The schema is the file at the repository root (a source checkout here)."""
        path = Path(__file__).resolve().parents[1] / "schemas" / "county.schema.json"
        assert county_schema() == json.loads(path.read_text(encoding="utf-8"))


class TestLoadSchema:
    """``_resources.load_schema`` finds schemas by bare file name only."""

    @pytest.mark.parametrize("name", ["", "../pyproject.toml", "a/b.json", "..", "."])
    def test_refuses_paths(self, name):
        """Only bare file names: a schema name never reaches outside the schema folder."""
        with pytest.raises(ValueError, match="not a schema file name"):
            _resources.load_schema(name)

    def test_missing_schema(self):
        """An unknown schema says where it was looked for."""
        with pytest.raises(FileNotFoundError, match=r"nope\.schema\.json"):
            _resources.load_schema("nope.schema.json")

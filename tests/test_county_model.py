"""The attrs county models and the JSON Schema are one contract, and data survives a round trip."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import json
import types
import typing
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

from edu_rules._frozen import FrozenMap
from edu_rules._numbers import Exact
from edu_rules.io.serialization import to_json, unstructure
from edu_rules.io.validation import county_schema, load_county
from edu_rules.model.county import County, SchoolKind
from tests._documents import full_county, minimal_county

# --------------------------------------------------------------------------- helpers


def _resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` (local ``#/$defs/...`` only) to the subschema it names."""
    while "$ref" in schema:
        reference = schema["$ref"]
        assert reference.startswith("#/$defs/"), reference
        schema = root["$defs"][reference.removeprefix("#/$defs/")]
    return schema


def _schema_shape(root: dict[str, Any], schema: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    """(does it admit null, the non-null subschema) for one property."""
    if "anyOf" in schema:
        branches = schema["anyOf"]
        nullable = {"type": "null"} in branches
        rest = [branch for branch in branches if branch != {"type": "null"}]
        assert len(rest) == 1, schema
        return nullable, _resolve(root, rest[0])
    types_ = schema.get("type")
    nullable = isinstance(types_, list) and "null" in types_
    return nullable, _resolve(root, schema)


def _model_shape(annotation: Any) -> tuple[bool, Any]:
    """(does the annotation admit None, the annotation without None)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        members = typing.get_args(annotation)
        rest = tuple(member for member in members if member is not type(None))
        inner: Any = rest[0] if len(rest) == 1 else _union_of(rest)
        return len(rest) != len(members), inner
    return False, annotation


def _union_of(members: tuple[Any, ...]) -> Any:
    union = members[0]
    for member in members[1:]:
        union = union | member
    return union


def _schema_types(schema: dict[str, Any]) -> set[str]:
    types_ = schema.get("type", [])
    return {types_} if isinstance(types_, str) else set(types_) - {"null"}


def _compare_scalar(annotation: Any, schema: dict[str, Any], where: str) -> list[str]:  # noqa: PLR0911
    if annotation is FrozenMap:  # ``extra``: layer → field → value, declared by plugins
        if schema.get("type") != "object" or schema.get("additionalProperties") is not False:
            return [f"{where}: plugin data fields must be a closed object in the schema"]
        return []
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        values = {member.value for member in annotation}
        if set(schema.get("enum", [])) != values:
            return [f"{where}: enum {schema.get('enum')} ≠ model {sorted(values)}"]
        return []
    expected = {int: {"integer"}, str: {"string"}, bool: {"boolean"}}.get(annotation)
    if annotation == Exact:
        expected = {"number"}
    if expected is None:
        return [f"{where}: model type {annotation!r} has no schema counterpart"]
    if _schema_types(schema) != expected:
        return [f"{where}: schema type {schema.get('type')} ≠ model {annotation!r}"]
    return []


def _compare_value(
    root: dict[str, Any], annotation: Any, schema: dict[str, Any], where: str
) -> list[str]:
    """Mismatches between one model annotation (None already removed) and its subschema."""
    if attrs.has(annotation):
        return _compare_class(root, annotation, schema, where)
    if typing.get_origin(annotation) is tuple:
        element, ellipsis = typing.get_args(annotation)
        assert ellipsis is Ellipsis
        if _schema_types(schema) != {"array"}:
            return [f"{where}: model is a tuple but schema type is {schema.get('type')}"]
        nullable, items = _schema_shape(root, schema["items"])
        element_nullable, element = _model_shape(element)
        problems = _compare_value(root, element, items, f"{where}[]")
        if nullable != element_nullable:
            problems.append(f"{where}[]: schema null={nullable} but model None={element_nullable}")
        return problems
    return _compare_scalar(annotation, schema, where)


def _compare_class(
    root: dict[str, Any], cls: type, schema: dict[str, Any], where: str
) -> list[str]:
    """Every mismatch between an attrs class and its schema object, both ways, recursively."""
    problems: list[str] = []
    hints = typing.get_type_hints(cls)
    fields = {field.name: field for field in attrs.fields(cls)}
    properties = schema.get("properties", {})
    problems += [
        f"{where}.{name}: in the model, not the schema" for name in fields if name not in properties
    ]
    problems += [
        f"{where}.{name}: in the schema, not the model" for name in properties if name not in fields
    ]
    if schema.get("type") != "object" or schema.get("additionalProperties") is not False:
        problems.append(f"{where}: schema must be a closed object")
    required = set(schema.get("required", []))
    for name, field in fields.items():
        if name not in properties:
            continue
        model_required = field.default is attrs.NOTHING
        if model_required != (name in required):
            problems.append(
                f"{where}.{name}: schema required={name in required}, "
                f"model required={model_required}"
            )
        schema_nullable, subschema = _schema_shape(root, properties[name])
        model_nullable, annotation = _model_shape(hints[name])
        if schema_nullable != model_nullable:
            problems.append(
                f"{where}.{name}: schema null={schema_nullable}, model None={model_nullable}"
            )
        problems += _compare_value(root, annotation, subschema, f"{where}.{name}")
    return problems


def _contract_mismatches(schema: dict[str, Any]) -> list[str]:
    return _compare_class(schema, County, schema, "County")


def _canonical(root: dict[str, Any], schema: dict[str, Any], value: Any) -> Any:
    """``value`` as unstructure writes it: every optional field spelled out, null if unknown."""
    nullable, core = _schema_shape(root, schema)
    if value is None:
        assert nullable or core.get("type") == "object"
        return None
    if "properties" in core:
        result = {}
        for name, subschema in core["properties"].items():
            if name in value:
                result[name] = _canonical(root, subschema, value[name])
            else:
                sub_nullable, sub_core = _schema_shape(root, subschema)
                result[name] = None if sub_nullable else _canonical(root, subschema, {})
                assert sub_nullable or "properties" in sub_core, name
        return result
    if "items" in core:
        return [_canonical(root, core["items"], item) for item in value]
    return value


def _canonical_document(document: dict[str, Any]) -> dict[str, Any]:
    schema = county_schema()
    result: dict[str, Any] = _canonical(schema, schema, document)
    return result


def _plain_json_types(value: Any, where: str = "$") -> list[str]:
    """Paths whose value is not exactly a JSON type (a str subclass such as an enum counts)."""
    if isinstance(value, dict):
        return [
            bad for key, item in value.items() for bad in _plain_json_types(item, f"{where}.{key}")
        ]
    if isinstance(value, list):
        return [
            bad
            for index, item in enumerate(value)
            for bad in _plain_json_types(item, f"{where}[{index}]")
        ]
    if type(value) in {str, int, float, bool, type(None)}:
        return []
    return [f"{where}: {type(value).__name__}"]


# --------------------------------------------------------------------------- tests


class TestSchemaMatchesModels:
    """``schemas/county.schema.json`` and :mod:`edu_rules.model.county` describe the same document."""

    def test_same_fields_requiredness_and_nullability_everywhere(self):
        """At every level names, required-ness, nullability and value types agree both ways."""
        assert _contract_mismatches(county_schema()) == []

    def test_comparison_notices_a_field_only_in_the_schema(self):
        """The agreement check is not vacuous: an extra schema property is reported."""
        schema = county_schema()
        schema["$defs"]["Stage"]["properties"]["boys"] = {"type": ["integer", "null"]}
        assert (
            "County.schools[].stages.primary.boys: in the schema, not the model"
            in _contract_mismatches(schema)
        )

    def test_comparison_notices_a_field_only_in_the_model(self):
        """A model field the schema lacks is reported."""
        schema = county_schema()
        del schema["$defs"]["Guarantee"]["properties"]["rotated_teachers"]
        assert (
            "County.guarantee.rotated_teachers: in the model, not the schema"
            in _contract_mismatches(schema)
        )

    def test_comparison_notices_nullability_and_requiredness(self):
        """A field made non-nullable, or required, in the schema alone is reported."""
        schema = county_schema()
        schema["$defs"]["School"]["properties"]["boarding"]["type"] = "boolean"
        schema["$defs"]["Stage"]["required"].append("largest_class")
        mismatches = _contract_mismatches(schema)
        assert "County.schools[].boarding: schema null=False, model None=True" in mismatches
        assert any(
            "stages.primary.largest_class: schema required=True" in item for item in mismatches
        )

    def test_comparison_notices_a_changed_enum(self):
        """An enum value added on one side only is reported."""
        schema = county_schema()
        schema["$defs"]["School"]["properties"]["kind"]["enum"].append("vocational")
        assert any(
            item.startswith("County.schools[].kind: enum") for item in _contract_mismatches(schema)
        )

    def test_every_property_is_described(self):
        """Every property carries a description with its Chinese name, for the template and docs."""
        schema = county_schema()
        objects = [schema, *schema["$defs"].values()]
        for obj in objects:
            for name, subschema in obj.get("properties", {}).items():
                description = subschema.get("description", "")
                assert " — " in description, name
                assert any("\u4e00" <= char <= "\u9fff" for char in description), name


class TestRoundTrip:
    """``unstructure(load_county(doc))`` is the canonical document: nothing lost or invented."""

    @pytest.mark.parametrize("build", [minimal_county, full_county], ids=["minimal", "full"])
    def test_unstructure_gives_the_canonical_document(self, build):
        """Optional fields and absent stages come back as null, given values unchanged."""
        document = build()
        assert unstructure(load_county(document)) == _canonical_document(document)

    def test_canonical_minimal_document_spells_out_unknowns(self):
        """The canonical form of the minimal document has null for what it does not say."""
        canonical = unstructure(load_county(minimal_county()))
        assert canonical["basic_balance_year"] is None
        assert canonical["guarantee"]["rotated_teachers"] is None
        assert canonical["schools"][0]["stages"]["junior"] is None
        assert canonical["schools"][0]["stages"]["primary"]["largest_class"] is None
        assert canonical["quality"]["monitoring"] is None

    def test_round_trip_through_json_text(self):
        """Loading the canonical JSON text gives back the same county."""
        county = load_county(full_county())
        assert load_county(to_json(county).encode("utf-8")) == county

    def test_canonical_document_is_plain_json(self):
        """Unstructured data holds only exact JSON types: enums become their plain string values."""
        assert _plain_json_types(unstructure(load_county(full_county()))) == []

    def test_decimals_stay_exact(self):
        """``31.8`` teachers load as exactly 318/10, not the float nearest to it."""
        county = load_county(full_county())
        junior = county.schools[0].stages.junior
        assert junior is not None
        assert junior.teachers_above_required_qualification == Fraction(318, 10)
        assert county.schools[0].kind is SchoolKind.NINE_YEAR

    def test_loaded_county_is_independent_of_the_input(self):
        """Changing the input dict afterwards does not change the loaded county."""
        document = full_county()
        county = load_county(document)
        before = copy.deepcopy(unstructure(county))
        document["schools"][0]["stages"]["primary"]["students"] = 1
        assert unstructure(county) == before
        assert json.loads(to_json(county)) == before


_EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class TestAnIndependentCopy:
    """What a preparation hook is given: equal to the county, and sharing nothing changeable."""

    _ATOMS = (int, str, bool, type(None), enum.Enum, dt.date)

    @staticmethod
    def _reachable(value: Any) -> list[Any]:
        found, stack = [], [value]
        while stack:
            node = stack.pop()
            found.append(node)
            if attrs.has(type(node)):
                stack.extend(getattr(node, field.name) for field in attrs.fields(type(node)))
            elif isinstance(node, tuple):
                stack.extend(node)
            elif isinstance(node, FrozenMap):
                stack.append(node._data)
            elif isinstance(node, dict):
                stack.extend(node.values())
        return found

    @pytest.mark.parametrize("path", sorted(_EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
    def test_equals_the_county_and_shares_only_atoms_and_tuples_of_atoms(self, path):
        from edu_rules._frozen import independent_copy

        county = load_county(path.read_bytes())
        copied = independent_copy(county)

        assert copied == county
        assert to_json(copied) == to_json(county)
        originals = {id(node): node for node in self._reachable(county)}
        shared = [
            node
            for node in self._reachable(copied)
            if id(node) in originals
            and not isinstance(node, self._ATOMS)
            and not (type(node) is tuple and all(isinstance(x, self._ATOMS) for x in node))
        ]
        assert shared == []
        assert any(isinstance(node, Fraction) for node in originals.values())

"""Plugin data fields: figures a layer's document needs that the national contract lacks.

Provincial and municipal documents judge schools by facts the county contract does not
record — the year a school was built, the visiting PE and arts teachers of a small rural
school.  A plugin declares such fields with the hook ``edu_rules_data_fields``, each a
small JSON Schema for a number, integer, boolean, string or enum.  A county document then
carries their values under ``"extra"``, namespaced by the layer's name, on the county, on a
school or on a stage::

    {"id": "S1", ..., "extra": {"capital": {"build_year": 2014}},
     "stages": {"primary": {..., "extra": {"capital": {"visiting_pe_arts_teachers": 2}}}}}

Validation checks them against the declarations of the installed plugins (a layer or a
field nobody declares is refused, naming its path), the Excel template gives each one a
column, and provisions may test them (``extra.capital.build_year``) or count them
(``stage.extra.capital.visiting_pe_arts_teachers``).  An absent or ``null`` value is
unknown, as everywhere in the contract.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from edu_rules._frozen import FrozenMap, freeze
from edu_rules._numbers import exact

__all__ = ["NO_FIELDS", "TARGETS", "DataField", "DataFields", "county_schema_with"]

TARGETS: Final = ("county", "school", "stage")
"""Where a plugin may declare fields: on the county, on each school, on each school stage."""

_NAME: Final = re.compile(r"^[a-z][a-z0-9_]*$")
_LONGEST_TEXT: Final = 200
"""The longest text value (as for names in the core contract, see ``edu_rules._limits``)."""

_KEYWORDS: Final[Mapping[str, frozenset[str]]] = {
    "number": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "integer": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "boolean": frozenset(),
    "string": frozenset({"minLength", "maxLength", "pattern"}),
    "enum": frozenset(),
}
"""The keywords a fragment of each kind may use besides ``type``/``enum`` and the words."""
_WORDS: Final = frozenset({"description", "title"})


@attrs.frozen
class DataField:
    """One field a layer declares: where it lives, its name and its JSON Schema fragment."""

    layer: str
    target: str  # "county" | "school" | "stage"
    name: str
    schema: Mapping[str, Any]

    @property
    def kind(self) -> str:
        """``number``, ``integer``, ``boolean``, ``string`` or ``enum``."""
        kind: str = "enum" if "enum" in self.schema else self.schema["type"]
        return kind

    @property
    def numeric(self) -> bool:
        """Whether its values are numbers (a measure may count it)."""
        return self.kind in {"number", "integer"}

    @property
    def path(self) -> str:
        """Its place inside the object it belongs to: ``extra.<layer>.<name>``."""
        return f"extra.{self.layer}.{self.name}"

    @property
    def provision_name(self) -> str:
        """How a provision names it: ``extra.<layer>.<name>``, or ``stage.extra.…`` on a stage."""
        return f"stage.{self.path}" if self.target == "stage" else self.path


@attrs.frozen
class DataFields:
    """The data fields the loaded plugins declare (empty when none declares any)."""

    fields: tuple[DataField, ...] = ()

    def __bool__(self) -> bool:
        """Whether any field is declared."""
        return bool(self.fields)

    def of(self, target: str) -> tuple[DataField, ...]:
        """The fields declared for ``target`` (``county``, ``school`` or ``stage``), in order."""
        return tuple(field for field in self.fields if field.target == target)

    def named(self, provision_name: str) -> DataField | None:
        """The field a provision names (``extra.capital.build_year``), if it is declared."""
        return next((f for f in self.fields if f.provision_name == provision_name), None)

    def __add__(self, other: DataFields) -> DataFields:
        """The fields of both (each plugin's declarations, gathered at load)."""
        return DataFields((*self.fields, *other.fields))


NO_FIELDS: Final = DataFields()
"""No plugin data fields: the core contract alone."""


def fragment_problem(fragment: object) -> str | None:  # noqa: C901, PLR0911 - one answer per check
    """Why ``fragment`` is not a field declaration edu-rules takes, or ``None`` if it is.

    A fragment is a JSON Schema for one value: ``{"type": "integer", "minimum": 1900}``,
    ``{"type": "boolean"}``, ``{"enum": ["a", "b"]}``...  Only ``number``, ``integer``,
    ``boolean``, ``string`` and ``enum`` (of string codes) are taken, with
    their range and length keywords, ``description`` and ``title``.
    """
    import jsonschema  # type: ignore[import-untyped, unused-ignore]

    if not isinstance(fragment, Mapping):
        return f"must be a JSON Schema object, not {fragment!r:.60}"
    if "enum" in fragment:
        kind = "enum"
        options = fragment["enum"]
        if "type" in fragment:
            return 'an enum fragment gives "enum" alone, without "type"'
        if (
            not isinstance(options, list | tuple)
            or not options
            or not all(isinstance(item, str) for item in options)
        ):
            return '"enum" must be a non-empty list of strings (codes, as the template shows them)'
    else:
        kind = fragment.get("type")  # type: ignore[assignment]
        if kind not in _KEYWORDS:
            return (
                '"type" must be one of "number", "integer", "boolean", "string" (or give "enum"),'
                f" not {kind!r:.40}"
            )
    unknown = sorted(set(fragment) - {"type", "enum"} - _WORDS - _KEYWORDS[kind])
    if unknown:
        return f"keyword {unknown[0]!r} is not taken in a {kind} field"
    if kind == "string" and fragment.get("maxLength", 0) > _LONGEST_TEXT:
        return f'"maxLength" may be at most {_LONGEST_TEXT}'
    if kind == "string" and "pattern" in fragment:
        problem = pattern_problem(fragment["pattern"])
        if problem:
            return f'"pattern" {problem}'
    try:
        jsonschema.Draft202012Validator.check_schema(dict(fragment))
    except jsonschema.exceptions.SchemaError as error:
        return f"is not a valid JSON Schema: {error.message}"
    return None


def pattern_problem(pattern: object) -> str | None:
    """Why a field's ``pattern`` could take time beyond bound on some input, or ``None``.

    Patterns are matched by a backtracking engine (Python's ``re``), where a quantified
    group that itself repeats or branches (``^([a-z]+)+$``, ``(a|aa)*``) takes time that
    doubles with each character of a hostile value.  Such a pattern, a back-reference or a
    look-around is refused when the plugin loads; a plain pattern (``^[0-9]{4}$``,
    ``^[A-Z]{2}-[0-9]+$``) is linear and taken.
    """
    import re

    if not isinstance(pattern, str):
        return "must be a string"
    try:
        from re import _parser  # type: ignore[attr-defined]  # CPython's own parser

        parsed = _parser.parse(pattern)
    except (ImportError, re.error) as error:
        return f"is not a regular expression Python reads ({error})"
    return _risky(parsed, inside=False)


_NESTED = (
    "repeats a part that itself repeats (like ^([a-z]+)+$): matching it can take time that "
    "doubles with each character; write it without nesting"
)
_BRANCHED = (
    "repeats a choice of alternatives (like (a|aa)*): matching it can take time that doubles "
    "with each character; use a character class instead"
)


def _risky(items: Any, *, inside: bool) -> str | None:
    """A reason the parsed pattern ``items`` may backtrack without bound, or ``None``."""
    for op, value in items:
        problem = _risky_item(op, value, inside=inside)
        if problem:
            return problem
    return None


def _risky_item(op: Any, value: Any, *, inside: bool) -> str | None:  # noqa: PLR0911 - one answer per opcode
    """:func:`_risky` for one node of the parse tree (``inside``: within a varying repeat)."""
    from re import _constants as c  # type: ignore[attr-defined]  # the parse tree's opcodes

    if op in {c.GROUPREF, c.GROUPREF_EXISTS}:
        return "may not use a back-reference (it can take unbounded time)"
    if op in {c.ASSERT, c.ASSERT_NOT}:
        return "may not use a look-ahead or look-behind"
    if op in {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}:
        low, high, body = value
        if inside and high != low:
            return _NESTED
        return _risky(body, inside=inside or high != low)
    if op is c.BRANCH:
        if inside:
            return _BRANCHED
        return next((p for branch in value[1] if (p := _risky(branch, inside=False))), None)
    if op is c.SUBPATTERN:
        return _risky(value[-1], inside=inside)
    return None


def declared(answer: object, layer: str) -> DataFields:
    """The fields of one plugin's ``edu_rules_data_fields`` answer.

    :raises ValueError: saying what is wrong with the answer's shape or a fragment.
    """
    if answer is None:
        return NO_FIELDS
    if not isinstance(answer, Mapping):
        raise ValueError(  # noqa: TRY004 - the caller makes it a PluginError
            'must return a mapping {"county"|"school"|"stage": {field: JSON Schema}}, '
            f"not {answer!r:.80}"
        )
    found: list[DataField] = []
    seen: dict[str, str] = {}
    for target, fields in answer.items():
        if target not in TARGETS:
            raise ValueError(f"{target!r} is not one of {', '.join(map(repr, TARGETS))}")
        if not isinstance(fields, Mapping):
            raise ValueError(  # noqa: TRY004 - the caller makes it a PluginError
                f"{target!r} must map field names to JSON Schemas, not {fields!r:.60}"
            )
        for name, fragment in fields.items():
            if not isinstance(name, str) or not _NAME.match(name):
                raise ValueError(
                    f"{target}: field name {name!r} must be lower-case letters, digits, _"
                )
            if name in seen:
                raise ValueError(
                    f"{target}: field {name!r} is already declared for {seen[name]!r}; a layer "
                    "names each of its fields once"
                )
            problem = fragment_problem(fragment)
            if problem is not None:
                raise ValueError(f"{target}.{name}: {problem}")
            seen[name] = target
            found.append(DataField(layer, target, name, freeze(dict(fragment))))
    return DataFields(tuple(found))


# --------------------------------------------------------------------------- the contract


def _nullable(fragment: Mapping[str, Any]) -> dict[str, Any]:
    """A fragment as the document takes it: its value, or ``null`` for unknown."""
    plain: dict[str, Any] = _thawed(fragment)
    if plain.get("type") == "string" and "maxLength" not in plain:
        plain["maxLength"] = _LONGEST_TEXT
    return {"anyOf": [plain, {"type": "null"}]}


def _thawed(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _thawed(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_thawed(item) for item in value]
    return value


def _extra_schema(base: Mapping[str, Any], fields: tuple[DataField, ...]) -> dict[str, Any]:
    schema = dict(base)
    layers: dict[str, dict[str, Any]] = {}
    for field in fields:
        layers.setdefault(field.layer, {})[field.name] = _nullable(field.schema)
    schema["properties"] = {
        layer: {"type": "object", "additionalProperties": False, "properties": properties}
        for layer, properties in layers.items()
    }
    return schema


def county_schema_with(schema: Mapping[str, Any], fields: DataFields) -> dict[str, Any]:
    """The county contract ``schema`` with the declared fields under each ``extra``."""
    result: dict[str, Any] = copy.deepcopy(dict(schema))
    if not fields:
        return result
    defs = result["$defs"]
    for target, holder in (
        ("county", result),
        ("school", defs["School"]),
        ("stage", defs["Stage"]),
    ):
        holder["properties"]["extra"] = _extra_schema(
            holder["properties"]["extra"], fields.of(target)
        )
    return result


# --------------------------------------------------------------------------- values


def structure_extra(value: Mapping[str, Any]) -> FrozenMap:
    """``extra`` as the model holds it: layer → field → exact value; unknowns left out.

    The document was validated first, so every value is a JSON scalar; numbers become
    exact (:func:`edu_rules._numbers.exact`), and a ``null`` (unknown) is the same as
    an absent field.
    """
    layers = []
    for layer, values in value.items():
        known = FrozenMap(
            (name, _exact_value(item)) for name, item in values.items() if item is not None
        )
        if known:
            layers.append((layer, known))
    return FrozenMap(layers)


def _exact_value(value: Any) -> Any:
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float | Decimal | Fraction):
        return exact(value)
    return value


def value_of(extra: Mapping[str, Any], path: str) -> Any:
    """The value at ``<layer>.<field>`` of an ``extra`` mapping; ``None`` if unknown."""
    layer, _, name = path.partition(".")
    values = extra.get(layer)
    return None if values is None else values.get(name)


# --------------------------------------------------------------------------- where from


def has_extra(data: object) -> bool:
    """Whether a county document gives any ``extra`` (on the county, a school or a stage).

    Cheap, so that a document without plugin fields never needs the plugins loaded.
    """
    if not isinstance(data, Mapping):
        return False
    if "extra" in data:
        return True
    schools = data.get("schools")
    if not isinstance(schools, list | tuple):
        return False
    for school in schools:
        if not isinstance(school, Mapping):
            continue
        if "extra" in school:
            return True
        stages = school.get("stages")
        if isinstance(stages, Mapping) and any(
            isinstance(stage, Mapping) and "extra" in stage for stage in stages.values()
        ):
            return True
    return False

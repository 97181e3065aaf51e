"""Provisions: what a layer's document says about a rule beyond its numbers.

Published provincial and municipal rules narrow or widen a rule's *scope* (Hebei leaves
teaching points under 50 pupils out of the seven indicators), give a *conditional value*
for schools meeting a condition (music rooms of 73 m² for schools built before 2016),
*adjust the measure* for some schools (count visiting PE and arts teachers in small rural
schools), and fix a *comparison convention* (compare after rounding to two decimals).
Each is a :class:`Provision` in rule data, under ``"provisions"`` of a rule or of an
override, with its own citation::

    {"id": "small_teaching_points", "kind": "exclude",
     "when": [{"field": "kind", "op": "==", "value": "teaching_point"},
              {"field": "students", "op": "<", "value": 50}],
     "citation": "河北省…具体办法 · 第三条", "reason": {"zh": "…", "en": "…"}}

Kinds:

- ``exclude`` — schools (or school stages) the ``when`` holds for are left out of the rule;
  a loosening, so an override needs an authorised ``exception``.  Each school left out is
  listed in the result as ``not_applicable``, with the provision's citation and reason.
- ``include`` — schools the rule's own parameters leave out come in when ``when`` holds;
  a tightening.
- ``branch`` — where ``when`` holds, ``values`` replace the rule's values of the same names
  (``{"min_area": 73}``, ``{"threshold": {"primary": 54}}``); the finding names the branch.
  A branch looser than the values it replaces needs an ``exception`` in an override.
- ``add`` / ``subtract`` — where ``when`` holds, the stage fields in ``fields`` are added to or
  subtracted from the measure's numerator; the finding lists the components.  Adding is a
  loosening.
- ``rounding`` — the measured value is rounded to ``digits`` decimals (``mode`` ``half_up``
  or ``half_even``) before it is compared; the finding shows the raw and the rounded value.
  Rounding can loosen, so an override needs an ``exception``.

- ``split`` — a through-school's figures given once (``shared`` in the county document)
  are divided between its stages by weighted pupils: ``weights`` gives, per school kind,
  the weight of one pupil of each stage (``{"nine_year": {"primary": 1, "junior": 1.1}}``).
  A stage's own figure, where given, wins; the split is exact, and the result's notes show
  it school by school.  It lowers no standard; it makes given figures usable.  Declared
  on the resource group rule (``national.school_rule``).

A ``when`` is a list of tests that must all hold, each ``{"field", "op", "value"}`` on a
school attribute (``kind``, ``ownership``, ``area``, ``boarding``, ``administered_by``,
``students``, ``classes``, ``largest_class``) or, for stage rules, a stage attribute
(``stage.students``, ``stage.classes``, ``stage.largest_class``, ``stage.name``).  A
plugin's own data fields (:mod:`edu_rules.model.datafields`) are named ``extra.<layer>.<field>``
on a school and ``stage.extra.<layer>.<field>`` on a stage; the latter, when numeric, may
also be a component of ``add`` / ``subtract``.  A field the document leaves unknown never
helps: an exemption whose condition cannot be decided does not apply, a tightening one
does, and of two candidate values the stricter is used.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from edu_rules._frozen import frozen_exact
from edu_rules._numbers import Exact
from edu_rules.model.county import (
    INDICATOR_FIELDS,
    Area,
    Ownership,
    School,
    SchoolKind,
    Stage,
    StageName,
)
from edu_rules.model.datafields import NO_FIELDS, DataFields, value_of
from edu_rules.model.layers import Title


class ProvisionKind(enum.Enum):
    """What a provision does to its rule."""

    EXCLUDE = "exclude"
    INCLUDE = "include"
    BRANCH = "branch"
    ADD = "add"
    SUBTRACT = "subtract"
    ROUNDING = "rounding"
    SPLIT = "split"


LOOSENING: frozenset[ProvisionKind] = frozenset(
    {ProvisionKind.EXCLUDE, ProvisionKind.ADD, ProvisionKind.ROUNDING}
)
"""Provisions that can only loosen a rule; a lower layer needs an authorised exception."""

_OPS: Mapping[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda value, options: value in options,
    "not_in": lambda value, options: value not in options,
}

SCHOOL_FIELDS: frozenset[str] = frozenset(
    {
        "kind",
        "ownership",
        "area",
        "boarding",
        "administered_by",
        "students",
        "classes",
        "largest_class",
    }
)
STAGE_FIELDS: frozenset[str] = frozenset(
    {"stage.students", "stage.classes", "stage.largest_class", "stage.name"}
)
"""The attributes a ``when`` may test."""


@attrs.frozen
class Test:
    """One test in a ``when``: ``field op value``."""

    field: str
    op: str
    value: Any

    def holds(self, school: School, stage: tuple[StageName, Stage] | None) -> bool | None:
        """Whether the test holds for ``school`` (and ``stage``); ``None`` if unknown."""
        found = _attribute(self.field, school, stage)
        if found is None:
            return None
        if isinstance(found, enum.Enum):
            found = found.value
        return bool(_OPS[self.op](found, self.value))


_EXTRA = "extra."


def _attribute(field: str, school: School, stage: tuple[StageName, Stage] | None) -> Any:
    if not field.startswith("stage."):
        if field.startswith(_EXTRA):
            return value_of(school.extra, field.removeprefix(_EXTRA))
        return getattr(school, field)
    if stage is None:
        return None
    name, values = stage
    return name.value if field == "stage.name" else _stage_value(values, field)


def _stage_value(stage: Stage, field: str) -> Any:
    """A stage's field by its name or as a provision names it; ``None`` if unknown.

    ``pe_arts_teachers``, ``stage.largest_class`` and ``stage.extra.<layer>.<field>`` all work.
    """
    field = field.removeprefix("stage.")
    if field.startswith(_EXTRA):
        return value_of(stage.extra, field.removeprefix(_EXTRA))
    return getattr(stage, field)


@attrs.frozen
class Provision:
    """One provision of a layer's document about one rule (see the module's docstring)."""

    id: str
    kind: ProvisionKind
    layer: str
    citation: str
    when: tuple[Test, ...] = ()
    reason: Title | None = None
    values: Mapping[str, Any] = attrs.field(factory=dict)
    fields: tuple[str, ...] = ()
    digits: int | None = None
    mode: str = "half_up"
    weights: Mapping[str, Mapping[str, Exact]] = attrs.field(factory=dict)
    """For ``split``: per school kind, the weight of one pupil of each stage."""

    def holds(self, school: School, stage: tuple[StageName, Stage] | None = None) -> bool | None:
        """Whether every test of ``when`` holds; ``None`` if one is unknown and none fails."""
        unknown = False
        for test in self.when:
            answer = test.holds(school, stage)
            if answer is False:
                return False
            unknown = unknown or answer is None
        return None if unknown else True

    @property
    def trace(self) -> dict[str, str]:
        """How a finding names this provision: its id, kind, layer and citation."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "layer": self.layer,
            "citation": self.citation,
        }


def parse_provisions(raw: Sequence[Mapping[str, Any]], *, layer: str) -> tuple[Provision, ...]:
    """The provisions of one rule file entry (already checked against the rule-file schema)."""
    return tuple(
        Provision(
            id=item["id"],
            kind=ProvisionKind(item["kind"]),
            layer=layer,
            citation=item["citation"],
            when=tuple(
                Test(t["field"], t["op"], frozen_exact(t["value"])) for t in item.get("when", ())
            ),
            reason=Title(**item["reason"]) if item.get("reason") else None,
            values=frozen_exact(item.get("values", {})),
            weights=frozen_exact(item.get("weights", {})),
            fields=tuple(item.get("fields", ())),
            digits=item.get("digits"),
            mode=item.get("mode", "half_up"),
        )
        for item in raw
    )


SPLIT_STAGES: Mapping[str, frozenset[str]] = {
    "nine_year": frozenset({"primary", "junior"}),
    "twelve_year": frozenset({"primary", "junior", "senior"}),
    "complete_middle": frozenset({"junior", "senior"}),
}
"""The stages a split must weigh, by school kind (the senior stage is outside compulsory
education, but its pupils take their share of a complete middle school's figures)."""

SHARED_FIELDS: tuple[str, ...] = INDICATOR_FIELDS
"""The figures a through-school may give once for the whole school."""

_STAGE_MEASURES: frozenset[str] = frozenset(INDICATOR_FIELDS)
"""The stage fields a measure may add or subtract: the numerators of the seven indicators."""

_FIELD_TYPES: Mapping[str, tuple[str, frozenset[Any]]] = {
    "kind": ("enum", frozenset(kind.value for kind in SchoolKind)),
    "ownership": ("enum", frozenset(item.value for item in Ownership)),
    "area": ("enum", frozenset(item.value for item in Area)),
    "boarding": ("boolean", frozenset()),
    "administered_by": ("string", frozenset()),
    "students": ("integer", frozenset()),
    "classes": ("integer", frozenset()),
    "largest_class": ("integer", frozenset()),
    "stage.students": ("integer", frozenset()),
    "stage.classes": ("integer", frozenset()),
    "stage.largest_class": ("integer", frozenset()),
    "stage.name": ("enum", frozenset(StageName)),
}
"""What a ``when`` may compare each attribute with: its kind of value, and an enum's values."""

_ORDERED = frozenset({"<", "<=", ">", ">="})


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Fraction) and not isinstance(value, bool)


def _fits(value: Any, kind: str, options: frozenset[Any]) -> bool:
    """Whether ``value`` (one item) is a value of the field's kind."""
    if kind in {"integer", "number"}:
        return _is_number(value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "enum":
        return value in options
    return isinstance(value, str)


def test_problem(test: Test, kind: str, options: frozenset[Any]) -> str | None:
    """What is wrong with ``test`` on a field of ``kind`` (with enum ``options``), if anything.

    A comparison that can never be decided as written (``students > null``, ``kind < 3``, an
    enum value the field does not have) is refused at load rather than left to decide
    nothing — or everything — at evaluation.
    """
    if test.op in _ORDERED and kind not in {"integer", "number"}:
        return f"{test.op!r} compares numbers, and {test.field!r} is not one"
    if test.op in {"in", "not_in"}:
        if not isinstance(test.value, tuple) or not test.value:
            return f"{test.op!r} needs a non-empty list of values"
        wrong = [item for item in test.value if not _fits(item, kind, options)]
    else:
        wrong = [] if _fits(test.value, kind, options) else [test.value]
    if wrong:
        allowed = f" (one of {', '.join(sorted(map(str, options)))})" if options else ""
        return f"{test.field!r} is compared with {wrong[0]!r}, which is not a {kind}{allowed}"
    return None


def _condition_problems(
    provision: Provision,
    testable: frozenset[str] | set[str],
    types: Mapping[str, tuple[str, frozenset[Any]]],
) -> Iterable[str]:
    """What is wrong with the tests of ``provision``'s ``when``: unknown fields, wrong types."""
    for test in provision.when:
        if test.field not in testable:
            yield (
                f"provision {provision.id!r}: condition on undeclared field "
                f"{test.field!r} (known: {', '.join(sorted(testable))})"
            )
            continue
        problem = test_problem(test, *types[test.field])
        if problem:
            yield f"provision {provision.id!r}: condition {problem}"


def _minimum_at_least_zero(schema: Mapping[str, Any]) -> bool:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    return low is not None and low >= 0


def provision_problems(
    definition: Any,
    provisions: Sequence[Provision],
    evaluator: Any,
    data_fields: DataFields = NO_FIELDS,
) -> Iterable[str]:
    """What is wrong with ``provisions`` for the rule ``definition`` judged by ``evaluator``.

    A provision must be one the evaluator can apply (its ``provisions``), test only the
    attributes a ``when`` may name (stage ones only on a stage rule) or the plugin data
    fields in ``data_fields``, and adjust only the stage's measured fields or a numeric
    stage data field.
    """
    supported: frozenset[ProvisionKind] = getattr(evaluator, "provisions", frozenset())
    stage_rule = definition.subject.value == "stage"
    declared = {
        field.provision_name
        for field in data_fields.fields
        if field.target == "school" or (stage_rule and field.target == "stage")
    }
    testable = SCHOOL_FIELDS | (STAGE_FIELDS if stage_rule else frozenset()) | declared
    measures = _STAGE_MEASURES | {
        field.provision_name
        for field in data_fields.of("stage")
        if field.numeric and _minimum_at_least_zero(field.schema)
    }
    types = dict(_FIELD_TYPES)
    for field in data_fields.fields:
        options = frozenset(field.schema.get("enum", ()))
        types[field.provision_name] = (field.kind, options)
    for provision in provisions:
        if provision.kind not in supported:
            yield (
                f"provision {provision.id!r} ({provision.kind.value}): evaluator "
                f"{definition.evaluator!r} cannot apply it"
            )
        yield from _condition_problems(provision, testable, types)
        for kind, weights in provision.weights.items():
            missing = sorted(SPLIT_STAGES.get(kind, frozenset()) - set(weights))
            if missing:
                yield (
                    f"provision {provision.id!r}: the split for {kind} schools does not cover "
                    f"their stage(s) {', '.join(missing)}"
                )
        for name in provision.fields:
            if name not in measures:
                yield (
                    f"provision {provision.id!r}: {name!r} is not a measured field of a stage "
                    "(one of the seven indicators' numerators) nor a numeric stage field a "
                    'plugin declares with "minimum" ≥ 0 (a negative component would turn a '
                    "subtraction into an addition)"
                )


# --------------------------------------------------------------------------- applying


def of_kind(provisions: Iterable[Provision], *kinds: ProvisionKind) -> tuple[Provision, ...]:
    """The provisions of the given kinds, in order (higher layers first)."""
    return tuple(p for p in provisions if p.kind in kinds)


def exclusion(
    provisions: Sequence[Provision],
    school: School,
    stage: tuple[StageName, Stage] | None = None,
    *,
    in_scope: bool = True,
) -> Provision | bool | None:
    """Whether a school (stage) is in a rule's scope once the provisions are applied.

    Returns the :class:`Provision` that leaves it out, or ``True`` if it is in scope, or
    ``False`` if it is out by the rule's own parameters and no ``include`` brings it in.
    An exclusion whose condition is unknown does not apply; an inclusion whose condition is
    unknown does (missing never helps).
    """
    if not in_scope:
        brought = any(
            p.holds(school, stage) is not False for p in of_kind(provisions, ProvisionKind.INCLUDE)
        )
        if not brought:
            return False
    for provision in of_kind(provisions, ProvisionKind.EXCLUDE):
        if provision.holds(school, stage) is True:
            return provision
    return True


def branch_value(  # noqa: PLR0913, PLR0917 - the lookup's inputs, named
    provisions: Sequence[Provision],
    base: Any,
    name: str,
    key: str | None,
    school: School,
    stage: tuple[StageName, Stage] | None,
    direction: str | None,
) -> tuple[Any, Provision | None]:
    """The value called ``name`` (its ``key`` entry) for this school, and the branch applied.

    The lowest layer's branch that holds wins over the higher layers' and the rule's own
    value.  Where whether a branch holds is unknown, the stricter of it and the value it
    would replace is used, and that branch is named only if it is the one applied.
    """
    value, chosen = base, None
    for provision in of_kind(provisions, ProvisionKind.BRANCH):
        if name not in provision.values:
            continue
        candidate = provision.values[name]
        if key is not None and isinstance(candidate, Mapping):
            if key not in candidate:
                continue
            candidate = candidate[key]
        holds = provision.holds(school, stage)
        if holds is False:
            continue
        if holds is None and not _stricter(candidate, value, direction):
            continue
        value, chosen = candidate, provision
    return value, chosen


def _stricter(candidate: Any, current: Any, direction: str | None) -> bool:
    if direction == "higher":
        return bool(candidate > current)
    if direction == "lower":
        return bool(candidate < current)
    return False


@attrs.frozen
class Component:
    """One part of an adjusted measure: a field, its value and its sign."""

    field: str
    value: Exact
    sign: int
    provision: Provision | None = None

    def shown(self) -> dict[str, Any]:
        """As a finding's details list it."""
        from edu_rules._numbers import to_json_number

        shown: dict[str, Any] = {
            "field": self.field,
            "value": to_json_number(self.value),
            "sign": "+" if self.sign > 0 else "-",
        }
        if self.provision is not None:
            shown["provision"] = self.provision.trace
        return shown


def adjusted(
    provisions: Sequence[Provision],
    field: str,
    school: School,
    stage: tuple[StageName, Stage],
) -> tuple[Exact | None, tuple[Component, ...], tuple[str, ...]]:
    """A stage's numerator with the ``add``/``subtract`` provisions that hold applied.

    A component is a stage field (``pe_arts_teachers``) or a numeric plugin data field
    of the stage (``stage.extra.<layer>.<field>``).  Returns the value (``None`` if
    unknown), its components (empty when no provision applies) and the fields whose
    unknown value makes it unknown.  An added component
    that is unknown counts as nothing (adding only helps); a subtracted one that is
    unknown makes the measure unknown.
    """
    base = getattr(stage[1], field)
    adjustments = of_kind(provisions, ProvisionKind.ADD, ProvisionKind.SUBTRACT)
    applied = [p for p in adjustments if p.holds(school, stage) is not False]
    if not applied:
        return base, (), ()
    components = [] if base is None else [Component(field, base, 1)]
    missing = [field] if base is None else []
    total: Exact = 0 if base is None else base
    for provision in applied:
        sign = 1 if provision.kind is ProvisionKind.ADD else -1
        if sign > 0 and provision.holds(school, stage) is None:
            continue  # an addition that may not apply is not made
        for name in provision.fields:
            part = _stage_value(stage[1], name)
            if part is None:
                if sign < 0:
                    missing.append(name)
                continue
            components.append(Component(name, part, sign, provision))
            total = total + sign * part
    if missing:
        return None, tuple(components), tuple(missing)
    return max(total, 0), tuple(components), ()


def round_exact(value: Exact, digits: int, mode: str) -> Fraction:
    """``value`` rounded to ``digits`` decimals, exactly.

    ``half_up`` rounds a half away from zero; ``half_even`` to the even neighbour.
    """
    magnitude = abs(Fraction(value)) * 10**digits
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    twice = 2 * rest
    if twice > magnitude.denominator or (
        twice == magnitude.denominator and (mode == "half_up" or whole % 2 == 1)
    ):
        whole += 1
    return Fraction(whole if value >= 0 else -whole, 10**digits)


def rounded(provisions: Sequence[Provision], value: Exact) -> tuple[Exact, Provision | None]:
    """``value`` as the rule compares it: rounded by its (lowest) ``rounding`` provision."""
    found = of_kind(provisions, ProvisionKind.ROUNDING)
    if not found:
        return value, None
    provision = found[-1]
    result = round_exact(value, provision.digits or 0, provision.mode)
    return (result.numerator if result.denominator == 1 else result), provision


# --------------------------------------------------------------------------- splits


@attrs.frozen
class Split:
    """How one school's shared figures were divided: the provision, and each stage's share."""

    school: School
    provision: Provision
    shares: Mapping[str, Fraction]
    """Stage → its share of the whole school's figures (weighted pupils over their total)."""
    filled: tuple[str, ...]
    """The stage fields the split gave a value (a stage's own figure is never replaced)."""


def _shares(school: School, weights: Mapping[str, Exact]) -> dict[str, Fraction] | None:
    pupils = {name.value: stage.students for name, stage in school.stages.items()}
    if "senior" in weights:
        if school.shared is None or school.shared.senior_students is None:
            return None  # the senior stage's pupils are unknown: no share can be known
        pupils["senior"] = school.shared.senior_students
    weighted = {stage: Fraction(weights[stage]) * pupils.get(stage, 0) for stage in weights}
    total = sum(weighted.values(), Fraction(0))
    if total == 0:
        return None
    return {stage: value / total for stage, value in weighted.items()}


def _split_stages(
    school: School, shared: Any, shares: Mapping[str, Fraction]
) -> tuple[dict[str, Stage], list[str]]:
    """Each stage with its unknown figures filled from ``shared`` by its share; what was filled."""
    stages: dict[str, Stage] = {}
    filled: list[str] = []
    for name, stage in school.stages.items():
        changes: dict[str, Any] = {}
        for field in SHARED_FIELDS:
            whole = getattr(shared, field)
            if getattr(stage, field) is None and whole is not None:
                part = Fraction(whole) * shares[name.value]
                changes[field] = part.numerator if part.denominator == 1 else part
                filled.append(f"{name.value}.{field}")
        stages[name.value] = attrs.evolve(stage, **changes) if changes else stage
    return stages, filled


def split_shared(
    schools: Sequence[School], provisions: Iterable[Provision]
) -> tuple[tuple[School, ...], tuple[Split, ...]]:
    """``schools`` with each through-school's shared figures split between its stages.

    The lowest layer's ``split`` provision for a school's kind applies.  Each stage field
    that is unknown (``None``) while the shared figure is known becomes the shared figure
    times the stage's share, exactly; a stage's own figure is kept.  A school without
    ``shared``, of a kind no split names, or whose shares cannot be known (the senior
    pupils of a complete middle school unknown) is left as it is: its figures stay unknown.
    """
    by_kind: dict[str, Provision] = {}
    for each in of_kind(provisions, ProvisionKind.SPLIT):
        for kind in each.weights:
            by_kind[kind] = each
    if not by_kind:
        return tuple(schools), ()
    out: list[School] = []
    splits: list[Split] = []
    for school in schools:
        found = by_kind.get(school.kind.value)
        shared = school.shared
        if found is None or shared is None:
            out.append(school)
            continue
        shares = _shares(school, found.weights[school.kind.value])
        if shares is None:
            out.append(school)
            continue
        stages, filled = _split_stages(school, shared, shares)
        out.append(attrs.evolve(school, stages=attrs.evolve(school.stages, **stages)))
        if filled:
            splits.append(Split(school, found, shares, tuple(filled)))
    return tuple(out), tuple(splits)

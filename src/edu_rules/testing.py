"""Test kit for plugin authors: Hypothesis strategies for county documents, and invariant checks.

A plugin changes what the rules say, never how they behave: a stricter layer only
adds shortfalls, unknown data never helps, the order of schools in a document does
not matter, a result survives its own JSON.  This module turns those laws into a few
lines of test code.  The strategies generate *valid* county documents (plain dicts, as
an analyst would write them) whose figures sit around the thresholds **of the rules in
force** for the code and year asked for — read from the compiled rule set, never
hard-coded — with values exactly at a threshold among them.  The checks raise
:class:`AssertionError` with a message that names the rule and the subject.

Hypothesis is a test dependency (``pip install edu-rules[test]``): ``import edu_rules``
never imports this module.  A plugin's test, run with pytest (an example evaluates a
whole county, so switch Hypothesis' 200 ms deadline off)::

    import edu_rules
    from edu_rules import testing
    from hypothesis import given, settings

    NATIONAL = testing.registry_without("exampleland")

    @settings(deadline=None)
    @given(testing.counties(code="990101"))
    def test_exampleland_only_tightens(document):
        testing.check_layering_only_tightens(
            document, base_registry=NATIONAL, stacked_registry=edu_rules.default_registry()
        )

    @settings(deadline=None)
    @given(testing.counties(code="990101", unknowns=True))
    def test_results_are_deterministic_and_well_formed(document):
        testing.check_order_invariance(document)
        testing.check_round_trips(document)

The strategies: :func:`counties` (documents; :func:`county_models` for
:class:`~edu_rules.County` objects), :func:`schools`, :func:`stages`.  The thresholds
they aim at: :func:`thresholds`.  The checks: :func:`check_determinism`,
:func:`check_order_invariance`, :func:`check_monotone`, :func:`check_missing_never_helps`,
:func:`check_layering_only_tightens`, :func:`check_round_trips`,
:func:`check_county_schema`, :func:`check_result_schema`.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import math
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, TypeAlias

import attrs
import jsonschema
from hypothesis import strategies as st

from edu_rules._numbers import Exact, exact
from edu_rules._resources import load_schema
from edu_rules.engine import default_as_of, evaluate, verdict
from edu_rules.evaluators import BUILTIN_EVALUATORS, Evaluator, boundaries
from edu_rules.evaluators.schools import in_listed_scope
from edu_rules.io import serialization
from edu_rules.io.paths import format_path
from edu_rules.io.validation import load_county
from edu_rules.model.county import KIND_STAGES, STAGE_NAMES, County, SchoolKind
from edu_rules.model.errors import CountyDataError
from edu_rules.model.result import Outcome, Result, Status
from edu_rules.model.rules import Rule
from edu_rules.plugins import Registry, default_registry, load_registry, make_plugin_manager

__all__ = [
    "Indicator",
    "ShortfallKey",
    "Thresholds",
    "check_county_schema",
    "check_determinism",
    "check_layering_only_tightens",
    "check_missing_never_helps",
    "check_monotone",
    "check_order_invariance",
    "check_result_schema",
    "check_round_trips",
    "comparable",
    "counties",
    "county_models",
    "evaluate_document",
    "fill_values",
    "get_path",
    "good_directions",
    "json_number",
    "nullable_paths",
    "registry_without",
    "schools",
    "set_path",
    "shortfall_keys",
    "stages",
    "status_rank",
    "thresholds",
]

Document: TypeAlias = dict[str, Any]
"""A county document as plain JSON data."""

Path: TypeAlias = tuple[str | int, ...]
"""A location in a document: keys and list indices, outermost first."""

CENT: Final = Fraction(1, 100)
"""The step of a measured figure (m², yuan, percent): one hundredth of its unit."""


_KIND_WEIGHTS: Final = (
    [SchoolKind.PRIMARY] * 4
    + [SchoolKind.JUNIOR] * 3
    + [SchoolKind.NINE_YEAR] * 2
    + [SchoolKind.TEACHING_POINT] * 2
    + [SchoolKind.TWELVE_YEAR, SchoolKind.COMPLETE_MIDDLE, SchoolKind.SPECIAL_EDUCATION]
)

_STUDENTS: Final[Mapping[tuple[str, str], tuple[int, int]]] = {
    (SchoolKind.PRIMARY, "primary"): (40, 2000),
    (SchoolKind.JUNIOR, "junior"): (60, 2000),
    (SchoolKind.NINE_YEAR, "primary"): (60, 1250),
    (SchoolKind.NINE_YEAR, "junior"): (40, 1250),
    (SchoolKind.TWELVE_YEAR, "primary"): (60, 1250),
    (SchoolKind.TWELVE_YEAR, "junior"): (40, 1250),
    (SchoolKind.COMPLETE_MIDDLE, "junior"): (100, 1800),
    (SchoolKind.TEACHING_POINT, "primary"): (5, 99),
}
"""Realistic enrolment of one stage, by kind of school (within the national size limits)."""

_SUBJECTS: Final = ("语文", "数学", "科学", "体育与健康", "艺术", "德育")
_SHORTFALL_OUTCOMES: Final = (Outcome.SHORTFALL,)


# --------------------------------------------------------------------------- numbers and paths


def json_number(value: Exact | float) -> int | float:
    """The JSON number whose decimal text is exactly ``value`` (``int`` when whole).

    :raises ValueError: when no double's shortest text is exactly ``value`` (a
        non-terminating fraction such as 1/3, or more than 15 significant digits).
    """
    fraction = Fraction(value)
    if fraction.denominator == 1:
        return int(fraction)
    number = float(fraction)
    if Fraction(repr(number)) != fraction:
        raise ValueError(f"{fraction} has no exact decimal JSON text")
    return number


def _decimal(value: Fraction) -> bool:
    """Whether ``value`` can be written exactly as a JSON number."""
    try:
        json_number(value)
    except (ValueError, OverflowError):
        return False
    return True


def _on_grid(value: Fraction, step: Fraction, *, up: bool = True) -> Fraction:
    units = value / step
    whole = math.ceil(units) if up else math.floor(units)
    return whole * step


def get_path(document: Any, path: Path) -> Any:
    """The value at ``path`` in ``document`` (``None`` where the path leads nowhere)."""
    node = document
    for segment in path:
        if isinstance(node, Mapping) and isinstance(segment, str):
            node = node.get(segment)
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            node = node[segment]
        else:
            return None
    return node


def set_path(document: Any, path: Path, value: Any) -> None:
    """Set the value at ``path``, creating the objects on the way."""
    node = document
    for segment in path[:-1]:
        if isinstance(node, dict) and isinstance(segment, str) and node.get(segment) is None:
            node[segment] = {}
        node = node[segment]
    node[path[-1]] = value


def _dotted(path: str) -> Path:
    return tuple(path.split("."))


# --------------------------------------------------------------------------- the contract


@functools.cache
def _county_schema() -> dict[str, Any]:
    return load_schema("county.schema.json")


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a ``$ref`` (and an ``anyOf`` of one schema or null) in the county schema."""
    while True:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            node = {
                **_county_schema()["$defs"][name],
                **{k: v for k, v in node.items() if k != "$ref"},
            }
            continue
        if "anyOf" in node:
            real = [option for option in node["anyOf"] if option != {"type": "null"}]
            if len(real) == 1:
                node = real[0]
                continue
        return node


def _field_schema(path: Path) -> Mapping[str, Any]:
    """The schema of the field at ``path`` (indices step into array items)."""
    node: Mapping[str, Any] = _county_schema()
    for segment in path:
        node = _resolve(node)
        if isinstance(segment, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(segment, {})
    return _resolve(node)


def _types(schema: Mapping[str, Any]) -> tuple[str, ...]:
    kind = schema.get("type", ())
    return (kind,) if isinstance(kind, str) else tuple(kind)


def _bounds(path: Path) -> tuple[Fraction, Fraction | None]:
    schema = _field_schema(path)
    low = Fraction(schema.get("minimum", 0))
    high = schema.get("maximum")
    return low, (Fraction(high) if high is not None else None)


def _is_integer_field(path: Path) -> bool:
    return "integer" in _types(_field_schema(path))


# --------------------------------------------------------------------------- thresholds


@attrs.frozen
class Indicator:
    """A per-student indicator rule (``stage_indicator``): what it divides, and its thresholds."""

    rule: str
    field: str
    per: Exact
    thresholds: Mapping[str, Exact]
    whole: bool

    @property
    def step(self) -> Fraction:
        """The numerator's smallest realistic step: one teacher or classroom, or 0.01 m² / yuan."""
        return Fraction(1) if self.whole else CENT

    def at_threshold(self, stage: str, students: int) -> Fraction:
        """The numerator that puts ``students`` exactly at the threshold of ``stage``."""
        return Fraction(self.thresholds[stage]) * students / self.per


@attrs.frozen
class Thresholds:
    """The rules in force for one division code on one date, as the strategies read them."""

    code: str
    as_of: dt.date
    layers: tuple[str, ...]
    rules: Mapping[str, Rule]

    evaluators: Mapping[str, Evaluator] = attrs.field(
        factory=lambda: dict(BUILTIN_EVALUATORS), eq=False, repr=False
    )
    """The evaluator objects the rules name, by name (by default the core's)."""

    def by_evaluator(self, name: str) -> tuple[Rule, ...]:
        """The rules applied by the evaluator called ``name``, in rule-set order."""
        return tuple(rule for rule in self.rules.values() if rule.definition.evaluator == name)

    def boundary(self, rule: Rule) -> boundaries.Boundary | None:
        """The boundaries of ``rule``'s evaluator: the figures it reads, where its threshold is."""
        evaluator = self.evaluators.get(rule.definition.evaluator)
        return None if evaluator is None else evaluator.boundaries

    def by_boundary(self, kind: type[boundaries.Boundary]) -> tuple[Rule, ...]:
        """The rules whose evaluator declares boundaries of ``kind``, in rule-set order.

        This is how the strategies find what to aim at: a plugin evaluator that
        declares a core kind (``boundaries.CountyFigure()``…) gets its figures
        generated around its own thresholds.
        """
        return tuple(rule for rule in self.rules.values() if isinstance(self.boundary(rule), kind))

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The per-student indicators (L1–L7 nationally), with the thresholds in force."""
        found: list[Indicator] = []
        for rule in self.by_boundary(boundaries.StageIndicator):
            value = rule.value.get("threshold")
            if not isinstance(value, Mapping):
                continue
            found.append(
                Indicator(
                    rule=rule.id,
                    field=rule.params["numerator"],
                    per=rule.params.get("per", 1),
                    thresholds=dict(value),
                    whole=bool(rule.params.get("whole", False)),
                )
            )
        return tuple(found)

    @property
    def cv_limits(self) -> Mapping[str, tuple[Indicator, Mapping[str, Exact]]]:
        """Per CV rule id: the indicator it measures and its limit per stage."""
        indicators = {indicator.rule: indicator for indicator in self.indicators}
        limits: dict[str, tuple[Indicator, Mapping[str, Exact]]] = {}
        for rule in self.by_boundary(boundaries.CoefficientOfVariation):
            indicator = indicators.get(rule.params["indicator"])
            value = rule.value.get("threshold")
            if indicator is not None and isinstance(value, Mapping):
                limits[rule.id] = (indicator, dict(value))
        return limits

    def class_limit(self, stage: str) -> Exact | None:
        """The largest class allowed in ``stage`` (``class_size`` rules), if a rule sets one."""
        limits = [
            rule.threshold(stage)
            for rule in self.by_boundary(boundaries.ClassLimit)
            if isinstance(rule.value.get("threshold"), Mapping) and stage in rule.value["threshold"]
        ]
        return min(limits) if limits else None


@functools.cache
def _thresholds(registry: Registry, code: str, as_of: dt.date) -> Thresholds:
    chain = tuple(loaded.layer.name for loaded in registry.chain(code))
    rules = registry.ruleset(chain, as_of).rules
    names = {rule.definition.evaluator for rule in rules.values()}
    return Thresholds(
        code=code,
        as_of=as_of,
        layers=chain,
        rules=rules,
        evaluators={name: registry.evaluator(name) for name in sorted(names)},
    )


def thresholds(
    code: str = "450202",
    *,
    year: int = 2025,
    as_of: dt.date | None = None,
    registry: Registry | None = None,
) -> Thresholds:
    """The rules in force for ``code``: every layer governing it, stacked, on ``as_of``.

    :param as_of: by default the last day of ``year``, as the engine chooses.
    :param registry: by default the installed plugins.
    """
    registry = registry if registry is not None else default_registry()
    return _thresholds(registry, code, as_of if as_of is not None else default_as_of(year))


@functools.cache
def registry_without(*names: str) -> Registry:
    """The installed plugins less those called ``names`` (``registry_without("liuzhou")``)."""
    return load_registry(make_plugin_manager(blocked=set(names)))


# --------------------------------------------------------------------------- drawing numbers

_Draw: TypeAlias = Callable[[st.SearchStrategy[Any]], Any]
_Pick: TypeAlias = Callable[[int, int], int]
"""Picks a whole number in a closed range: from Hypothesis, or from a seeded generator."""


def _from_hypothesis(draw: _Draw) -> _Pick:
    """Each pick is a Hypothesis draw: shrinks well, costs a draw."""
    return lambda low, high: int(draw(st.integers(low, high)))


def _seeded(draw: _Draw) -> _Pick:
    """One Hypothesis draw seeds the rest: a school's many figures cost one draw."""
    generator = random.Random(draw(st.integers(0, 2**32 - 1)))  # noqa: S311 - test data, not secrets
    return generator.randint


def _choice(pick: _Pick, options: Sequence[Any]) -> Any:
    return options[pick(0, len(options) - 1)]


def _unknown(pick: _Pick, *, unknowns: bool) -> bool:
    """Whether an optional value is left unknown (about one in eight, when allowed)."""
    return unknowns and pick(0, 7) == 7


@attrs.frozen
class _Aim:
    """How a generated document is drawn: unknowns allowed, values at thresholds, passing."""

    unknowns: bool
    at: bool
    passing: bool

    def keep(self, comparator: str | None) -> str | None:
        """The side of its threshold a figure must stay on (only when aiming to pass)."""
        return (comparator or ">=") if self.passing else None


def _near(  # noqa: PLR0913 - each knob is a fact about the figure
    pick: _Pick,
    target: Fraction,
    step: Fraction,
    *,
    low: Fraction = Fraction(0),
    high: Fraction | None = None,
    at: bool = True,
    spread: tuple[Fraction, Fraction] = (Fraction(6, 10), Fraction(15, 10)),
    keep: str | None = None,
) -> Fraction:
    """A figure around ``target`` on a ``step`` grid, within bounds; often exactly ``target``.

    :param keep: a comparator the figure must satisfy against ``target`` (``">="``
        keeps it at or above), to aim at a passing document.
    """
    lowest = max(low, target * spread[0])
    highest = target * spread[1] if target > 0 else target + 10 * step
    if high is not None:
        highest = min(high, highest)
    if keep in {">=", ">"}:
        lowest = max(lowest, target + (step if keep == ">" else 0))
        highest = max(highest, lowest)
    elif keep in {"<=", "<"}:
        highest = min(highest, target - (step if keep == "<" else 0))
        lowest = min(lowest, highest)
    inside = lowest <= target <= highest
    if at and inside and _decimal(target) and pick(0, 3) == 0:
        return target
    first = math.ceil(lowest / step)
    last = max(first, math.floor(highest / step))
    return pick(first, last) * step


def _figure(
    pick: _Pick, path: Path, target: Fraction, *, at: bool, keep: str | None = None
) -> int | float:
    """A county figure near ``target``, of the type and within the range the contract gives."""
    low, high = _bounds(path)
    integer = _is_integer_field(path)
    step = Fraction(1) if integer else Fraction(1, 10)
    span = max(abs(target) * Fraction(2, 10), 10 * step)
    lowest = max(low, target - span)
    highest = target + span if high is None else min(high, target + span)
    if keep in {">=", ">"}:
        lowest = max(lowest, target + (step if keep == ">" else 0))
    elif keep in {"<=", "<"}:
        highest = min(highest, target - (step if keep == "<" else 0))
    highest = max(highest, lowest)
    if high is not None:
        lowest = min(lowest, high)
        highest = min(highest, high)
    inside = lowest <= target <= highest and (not integer or Fraction(target).denominator == 1)
    if at and inside and _decimal(target) and pick(0, 3) == 0:
        return json_number(target)
    first = math.ceil(lowest / step)
    last = max(first, math.floor(highest / step))
    return json_number(pick(first, last) * step)


# --------------------------------------------------------------------------- stages and schools


def _stage(pick: _Pick, stage_name: str, around: Thresholds, students: int, aim: _Aim) -> Document:
    limit = int(around.class_limit(stage_name) or 45)
    average = pick(min(20, limit), limit)
    classes = max(1, -(-students // average))
    smallest_largest = -(-students // classes)
    top = min(students, limit if aim.passing else limit + 5)
    largest = pick(smallest_largest, max(smallest_largest, top))
    stage: Document = {
        "students": students,
        "classes": classes,
        "largest_class": None if _unknown(pick, unknowns=aim.unknowns) else largest,
    }
    for indicator in around.indicators:
        if indicator.field in stage or stage_name not in indicator.thresholds:
            continue
        target = indicator.at_threshold(stage_name, students)
        value = _near(pick, target, indicator.step, at=aim.at, keep=aim.keep(">="))
        stage[indicator.field] = (
            None if _unknown(pick, unknowns=aim.unknowns) else json_number(value)
        )
    return stage


def stages(  # noqa: PLR0913 - each knob is documented
    stage_name: str,
    *,
    around: Thresholds | None = None,
    students: st.SearchStrategy[int] | None = None,
    unknowns: bool = False,
    at_thresholds: bool = True,
    passing: bool = False,
) -> st.SearchStrategy[Document]:
    """One school's ``stage_name`` part: enrolment, classes and every indicator's numerator.

    Numerators sit around the thresholds of ``around`` (by default :func:`thresholds`),
    a quarter of the time exactly at them (``at_thresholds``), on the step an analyst
    would use (whole teachers and classrooms, 0.01 m² or yuan).

    :param students: the enrolment; by default 40–2000.
    :param unknowns: let optional figures be ``null`` (unknown).
    :param passing: keep every figure on the passing side of its threshold.
    """
    rules = around if around is not None else thresholds()
    enrolment = students if students is not None else st.integers(40, 2000)
    aim = _Aim(unknowns=unknowns, at=at_thresholds, passing=passing)

    @st.composite
    def build(draw: _Draw) -> Document:
        return _stage(_from_hypothesis(draw), stage_name, rules, draw(enrolment), aim)

    return build()


def _applies(rule: Rule, kind: str) -> bool:
    """Whether a per-school rule looks at a school of ``kind`` (``kinds`` / ``exclude_kinds``)."""
    if kind in rule.params.get("exclude_kinds", ()):
        return False
    kinds = rule.params.get("kinds")
    return kinds is None or kind in kinds


def _small_school_required(
    rule: Rule, school: Document, baselines: Mapping[str, Exact | None]
) -> Fraction | None:
    """The public funds the small-school rule asks of ``school`` (``None``: out of scope)."""
    stage_students = {name: stage["students"] for name, stage in school["stages"].items() if stage}
    total = sum(stage_students.values())
    in_scope = in_listed_scope(rule.params, school["kind"], school["area"])
    floor = rule.threshold(name="floor_students")
    known = all(baselines.get(name) is not None for name in stage_students)
    if not (_applies(rule, school["kind"]) and in_scope and 0 < total < floor and known):
        return None
    return sum(
        (
            Fraction(baselines[name] or 0) * floor * count / total
            for name, count in stage_students.items()
        ),
        Fraction(0),
    )


def _school_funds(
    pick: _Pick,
    school: Document,
    around: Thresholds,
    baselines: Mapping[str, Exact | None],
    aim: _Aim,
) -> None:
    """Public funds, training funds and special-school funding, near their rules' thresholds."""
    kind = school["kind"]
    total = sum(stage["students"] for stage in school["stages"].values() if stage)
    funds: Fraction | None = None
    for rule in around.by_boundary(boundaries.PerStudentFunding):
        count = school.get(rule.params["students"])
        if _applies(rule, kind) and count:
            target = Fraction(rule.threshold()) * count
            funds = _near(pick, target, Fraction(1), at=aim.at, keep=aim.keep(">="))
    for rule in around.by_boundary(boundaries.SmallSchoolFunding):
        required = _small_school_required(rule, school, baselines)
        if funds is None and required is not None:
            spread = (Fraction(8, 10), Fraction(13, 10))
            funds = _near(pick, required, CENT, at=aim.at, spread=spread, keep=aim.keep(">="))
    if funds is None:
        funds = Fraction(pick(500, 1500) * max(total, school.get("special_students") or 0, 1))
    school["public_funds_yuan"] = (
        None if _unknown(pick, unknowns=aim.unknowns) else json_number(funds)
    )
    training: Fraction | None = None
    for rule in around.by_boundary(boundaries.SchoolRatio):
        numerator, denominator = rule.params["numerator"], rule.params["denominator"]
        if (numerator, denominator) == ("training_funds_yuan", "public_funds_yuan") and _applies(
            rule, kind
        ):
            share = Fraction(rule.threshold()) / rule.params.get("scale", 1)
            keep = aim.keep(rule.definition.comparator)
            training = _near(pick, funds * share, CENT, at=aim.at, keep=keep)
    if training is None:
        training = _on_grid(funds * pick(0, 10) / 100, CENT)
    value = None if _unknown(pick, unknowns=aim.unknowns) else json_number(training)
    school["training_funds_yuan"] = value


def _rooms(pick: _Pick, school: Document, around: Thresholds, aim: _Aim) -> None:
    """Music and art rooms around the ``school_rooms`` rules: how many, and how large."""
    classes = sum(stage["classes"] for stage in school["stages"].values() if stage)
    for field in ("music_rooms_m2", "art_rooms_m2"):
        rule = next(
            (r for r in around.by_boundary(boundaries.SchoolRooms) if r.params["rooms"] == field),
            None,
        )
        if rule is None or not _applies(rule, school["kind"]):
            school[field] = None
            continue
        if _unknown(pick, unknowns=aim.unknowns):
            school[field] = None
            continue
        per_room = int(rule.params["classes_per_room"])
        required = max(int(rule.threshold(name="min_rooms")), -(-classes // per_room))
        count = pick(required if aim.passing else max(0, required - 1), required + 1)
        min_area = Fraction(rule.threshold(name="min_area"))
        spread = (Fraction(9, 10), Fraction(13, 10))
        school[field] = [
            json_number(
                _near(
                    pick, min_area, Fraction(1, 10), at=aim.at, spread=spread, keep=aim.keep(">=")
                )
            )
            for _ in range(count)
        ]


def _school(  # noqa: PLR0913 - the school's facts
    pick: _Pick,
    kind: str,
    around: Thresholds,
    baselines: Mapping[str, Exact | None],
    school_id: str,
    *,
    aim: _Aim,
) -> Document:
    area = (
        "rural" if kind == SchoolKind.TEACHING_POINT else _choice(pick, ("urban", "town", "rural"))
    )
    school: Document = {
        "id": school_id,
        "name": f"测试学校{school_id}",
        "kind": str(kind),
        "ownership": _choice(pick, ("public", "public", "public", "private")),
        "area": area,
        "boarding": None if _unknown(pick, unknowns=aim.unknowns) else pick(0, 1) == 1,
        "administered_by": None,
        "special_students": None,
        "stages": {},
    }
    for stage_name in KIND_STAGES[kind]:
        low, high = _STUDENTS[(kind, stage_name)]
        school["stages"][stage_name] = _stage(pick, stage_name, around, pick(low, high), aim)
    if kind == SchoolKind.SPECIAL_EDUCATION:
        school["special_students"] = pick(10, 300)
    _school_funds(pick, school, around, baselines, aim)
    _rooms(pick, school, around, aim)
    return school


def schools(  # noqa: PLR0913 - each knob is documented
    kind: str | st.SearchStrategy[str] | None = None,
    stage: str | None = None,
    *,
    around: Thresholds | None = None,
    baselines: Mapping[str, Exact | None] | None = None,
    school_id: str = "S001",
    unknowns: bool = False,
    at_thresholds: bool = True,
    passing: bool = False,
) -> st.SearchStrategy[Document]:
    """One school of the county document, with its stages and school-level figures.

    :param kind: a kind (``"nine_year"``), a strategy of kinds, or any kind.
    :param stage: only kinds that teach this stage (``"junior"``).
    :param around: the thresholds to aim at (by default :func:`thresholds`).
    :param baselines: per-stage funding baselines (yuan per student) for the
        small-school funding rule; by default 650 / 850.
    :param passing: keep every figure on the passing side of its threshold.
    """
    rules = around if around is not None else thresholds()
    base = baselines if baselines is not None else {"primary": 650, "junior": 850}
    aim = _Aim(unknowns=unknowns, at=at_thresholds, passing=passing)
    if kind is None:
        pool = [k for k in _KIND_WEIGHTS if stage is None or stage in KIND_STAGES[k]]
        kinds: st.SearchStrategy[str] = st.sampled_from(pool)
    elif isinstance(kind, str):
        kinds = st.just(kind)
    else:
        kinds = kind

    @st.composite
    def build(draw: _Draw) -> Document:
        return _school(_from_hypothesis(draw), draw(kinds), rules, base, school_id, aim=aim)

    return build()


# --------------------------------------------------------------------------- county figures


def _contract_defaults(pick: _Pick, year: int, aim: _Aim) -> Document:
    """Every county-level field of the contract, with a plausible value (or unknown)."""
    document: Document = {}
    for section in ("guarantee", "quality", "declared", "vetoes", "procedure"):
        values: Document = {}
        for name in _field_schema((section,)).get("properties", {}):
            path: Path = (section, name)
            types = _types(_field_schema(path))
            if _unknown(pick, unknowns=aim.unknowns) or "array" in types or name.endswith("_year"):
                values[name] = None
            elif "boolean" in types:
                values[name] = section != "vetoes"
            else:
                _, high = _bounds(path)
                values[name] = _figure(pick, path, (high or Fraction(5000)) * 9 / 10, at=False)
        document[section] = values
    document["social_recognition_pct"] = None
    document["basic_balance_year"] = None if _unknown(pick, unknowns=aim.unknowns) else year - 6
    return document


def _ratio_order(rules: Sequence[Rule]) -> list[Rule]:
    """County ratios whose denominator no other ratio sets come first (eligible before rotated)."""
    numerators = {rule.params["numerator"] for rule in rules}
    return sorted(rules, key=lambda rule: rule.params["denominator"] in numerators)


class _Figures:
    """Sets county figures once each, near the thresholds of the rules that read them."""

    def __init__(
        self, pick: _Pick, document: Document, around: Thresholds, year: int, aim: _Aim
    ) -> None:
        self.pick, self.document, self.around, self.year, self.aim = (
            pick,
            document,
            around,
            year,
            aim,
        )
        self.done: set[str] = set()

    def put(self, field: str, value: Any, *, may_be_unknown: bool = True) -> None:
        self.done.add(field)
        unknown = may_be_unknown and _unknown(self.pick, unknowns=self.aim.unknowns)
        set_path(self.document, _dotted(field), None if unknown else value)

    def flags(self) -> None:
        for rule in self.around.by_boundary(boundaries.CountyFlag):
            field = rule.params["field"]
            if field not in self.done:
                expected = bool(rule.params.get("expected", True))
                self.put(field, expected if self.aim.passing or self.pick(0, 9) else not expected)

    def years(self) -> None:
        for rule in self.around.by_boundary(boundaries.YearsSince):
            field = rule.params["field"]
            if field not in self.done:
                keep = self.aim.keep(rule.definition.comparator)
                spread = (Fraction(1, 3), Fraction(3))
                gap = _near(
                    self.pick,
                    Fraction(rule.threshold()),
                    Fraction(1),
                    at=self.aim.at,
                    spread=spread,
                    keep=keep,
                )
                self.put(field, max(2000, self.year - int(gap)))

    def values(self) -> None:
        for rule in self.around.by_boundary(boundaries.CountyFigure):
            field = rule.params["field"]
            if field not in self.done:
                keep = self.aim.keep(rule.definition.comparator)
                self.put(
                    field,
                    _figure(
                        self.pick,
                        _dotted(field),
                        Fraction(rule.threshold()),
                        at=self.aim.at,
                        keep=keep,
                    ),
                )

    def comparisons(self) -> None:
        for rule in self.around.by_boundary(boundaries.CountyComparison):
            value_field, reference_field = rule.params["value"], rule.params["reference"]
            if reference_field not in self.done:
                self.put(reference_field, self.pick(40_000, 160_000), may_be_unknown=False)
            reference = get_path(self.document, _dotted(reference_field))
            if value_field in self.done or reference is None:
                continue
            target = boundaries.CountyComparison.at(rule, reference)
            spread = (Fraction(8, 10), Fraction(12, 10))
            keep = self.aim.keep(rule.definition.comparator)
            self.put(
                value_field,
                json_number(
                    _near(self.pick, target, Fraction(1), at=self.aim.at, spread=spread, keep=keep)
                ),
            )

    def ratios(self) -> None:
        for rule in _ratio_order(self.around.by_boundary(boundaries.CountyRatio)):
            numerator, denominator = rule.params["numerator"], rule.params["denominator"]
            if denominator not in self.done:
                self.put(denominator, self.pick(20, 3000), may_be_unknown=False)
            whole = get_path(self.document, _dotted(denominator))
            if numerator in self.done or whole is None:
                continue
            scale = rule.params.get("scale", 1)
            share = Fraction(rule.threshold()) / scale
            high = Fraction(whole) if scale == 100 else None
            keep = self.aim.keep(rule.definition.comparator)
            value = _near(
                self.pick,
                Fraction(whole) * share,
                Fraction(1),
                high=high,
                at=self.aim.at,
                keep=keep,
            )
            self.put(numerator, json_number(value))

    def lists(self) -> None:
        made: dict[str, list[Document]] = {}
        for rule in self.around.by_boundary(boundaries.EachItem):
            list_field, item_field = rule.params["list"], rule.params["item"]
            if list_field in self.done:
                continue
            if list_field not in made:
                count = self.pick(1, len(_SUBJECTS))
                label = rule.params.get("label", "subject")
                made[list_field] = [{label: name} for name in _SUBJECTS[:count]]
            path = (*_dotted(list_field), 0, item_field)
            keep = self.aim.keep(rule.definition.comparator)
            for item in made[list_field]:
                value = _figure(
                    self.pick, path, Fraction(rule.threshold()), at=self.aim.at, keep=keep
                )
                item[item_field] = (
                    None if _unknown(self.pick, unknowns=self.aim.unknowns) else value
                )
        for list_field, items in made.items():
            self.put(list_field, items)

    def all(self) -> None:
        self.flags()
        self.years()
        self.values()
        self.comparisons()
        self.ratios()
        self.lists()
        _consistent(self.document)


def _consistent(document: Document) -> None:
    """Keep the contract's own consistency: rotated ≤ eligible, rotated key ≤ rotated."""
    guarantee = document.get("guarantee") or {}
    for part, whole in (
        ("rotated_teachers", "rotation_eligible_teachers"),
        ("rotated_key_teachers", "rotated_teachers"),
    ):
        if guarantee.get(part) is not None and guarantee.get(whole) is not None:
            guarantee[part] = min(guarantee[part], guarantee[whole])


def _day_schools(document: Document) -> None:
    """Keep one school of each stage a day school: G13 measures day schools only.

    Without one, the nearby-enrolment items have nothing to measure and are not
    applicable; the strategies aim at the thresholds, so they keep them applicable.
    """
    for stage in STAGE_NAMES:
        teaching = [
            school
            for school in document["schools"]
            if ((school.get("stages") or {}).get(stage) or {}).get("students", 0) > 0
        ]
        if teaching and all(school.get("boarding") is True for school in teaching):
            teaching[0]["boarding"] = False


def _baselines(document: Document, around: Thresholds) -> dict[str, Exact | None]:
    found: dict[str, Exact | None] = {"primary": None, "junior": None}
    for rule in around.by_boundary(boundaries.SmallSchoolFunding):
        for stage_name, field in rule.params["baselines"].items():
            value = get_path(document, _dotted(field))
            found[stage_name] = None if value is None else exact(value)
    return found


def counties(  # noqa: PLR0913 - each knob is documented
    code: str = "450202",
    *,
    name: str = "测试县",
    year: int | st.SearchStrategy[int] = 2025,
    schools: st.SearchStrategy[int] = st.integers(2, 12),  # noqa: B008 - immutable strategy
    kinds: st.SearchStrategy[str] | None = None,
    unknowns: bool = False,
    at_thresholds: bool = True,
    passing: bool | st.SearchStrategy[bool] = st.booleans(),  # noqa: B008 - immutable strategy
    registry: Registry | None = None,
) -> st.SearchStrategy[Document]:
    """A valid county document for ``code`` with figures around the rules in force.

    The thresholds come from the rule set the engine compiles for ``code`` and the
    assessment year (every installed layer that governs the code, overrides
    applied).  Schools mix every kind — through-schools with both stages, teaching
    points, special-education schools — with realistic enrolments; about a quarter
    of the figures sit exactly at their threshold (``at_thresholds``).

    :param year: the assessment year, or a strategy of years.
    :param schools: how many schools.
    :param kinds: a strategy of school kinds (by default all, weighted as in a county).
    :param unknowns: let optional figures be ``null`` (unknown), about one in eight.
    :param passing: keep every figure on the passing side of its threshold, so the
        document can pass; by default drawn per document.
    :param registry: the plugins whose rules to aim at; by default the installed ones.
    """
    years = year if isinstance(year, st.SearchStrategy) else st.just(year)
    aims = passing if isinstance(passing, st.SearchStrategy) else st.just(passing)
    kind_strategy = kinds if kinds is not None else st.sampled_from(_KIND_WEIGHTS)

    @st.composite
    def build(draw: _Draw) -> Document:
        assessment_year = draw(years)
        aim = _Aim(unknowns=unknowns, at=at_thresholds, passing=draw(aims))
        around = thresholds(code, year=assessment_year, registry=registry)
        document: Document = {
            "schema_version": 1,
            "code": code,
            "name": name,
            "assessment_year": assessment_year,
        }
        pick = _from_hypothesis(draw)
        document.update(_contract_defaults(pick, assessment_year, aim))
        _Figures(pick, document, around, assessment_year, aim).all()
        base = _baselines(document, around)
        count = draw(schools)
        document["schools"] = [
            _school(_seeded(draw), draw(kind_strategy), around, base, f"S{index + 1:03d}", aim=aim)
            for index in range(count)
        ]
        _day_schools(document)
        return document

    return build()


def county_models(code: str = "450202", **options: Any) -> st.SearchStrategy[County]:
    """:func:`counties`, loaded through :func:`edu_rules.load_county`."""
    return counties(code, **options).map(load_county)


# --------------------------------------------------------------------------- evaluating


ShortfallKey: TypeAlias = tuple[str, str | None, str | None, str | None]
"""A shortfall's identity: ``(rule, county, school, stage)``."""

_RANK: Final = {Status.INELIGIBLE: 0, Status.FAIL: 1, Status.INCOMPLETE: 2, Status.PASS: 3}


def status_rank(status: Status) -> int:
    """Order verdicts from worst to best: ineligible 0, fail 1, incomplete 2, pass 3."""
    return _RANK[status]


def _as_county(document: Mapping[str, Any] | County) -> County:
    return document if isinstance(document, County) else load_county(document)


def evaluate_document(
    document: Mapping[str, Any] | County,
    *,
    registry: Registry | None = None,
    as_of: dt.date | None = None,
) -> Result:
    """Load (validating) and evaluate a county document."""
    return evaluate(_as_county(document), registry=registry, as_of=as_of)


def assessment_json(result: Result) -> str:
    """The result's JSON without the marks that say which installed plugins were left out.

    A result evaluated with a plugin blocked is marked as not official (``official``,
    ``left_out`` and a note); what the layers that did apply found is the rest, and this
    is what "a layer never touches a county elsewhere" compares.
    """
    notes = tuple(note for note in result.notes if note.layer != "edu_rules")
    return serialization.to_json(attrs.evolve(result, official=True, left_out=(), notes=notes))


def shortfall_keys(
    result: Result,
    *,
    families: Callable[[str], bool] | None = None,
    binding: bool = True,
) -> frozenset[ShortfallKey]:
    """The ``(rule, county, school, stage)`` of every shortfall, optionally of some families.

    :param binding: only shortfalls that can change the verdict (the default).
        Advisory findings comment on the verdict itself (a county "behind plan" is
        one that does not pass), so the laws of this module are about binding ones.
    """
    return frozenset(
        (f.rule, f.subject.county, f.subject.school, f.subject.stage)
        for f in result.findings
        if f.outcome is Outcome.SHORTFALL
        and (families is None or families(f.family))
        and (f.binding or not binding)
    )


def _describe_keys(keys: Iterable[ShortfallKey]) -> str:
    parts = []
    for rule, county, school, stage in sorted(keys, key=lambda k: tuple(str(x) for x in k)):
        subject = "/".join(str(x) for x in (school or county, stage) if x)
        parts.append(f"{rule} @ {subject}")
    return ", ".join(parts)


_INDEX = re.compile(r"schools\[(\d+)\]")


def comparable(result: Result, document: Mapping[str, Any] | County) -> str:
    """The result's JSON with school positions replaced by school ids, findings sorted.

    Two results of one document with its schools in different orders give the same
    text: ``schools[3].stages.primary.key_teachers`` becomes
    ``schools[id=S004].stages.primary.key_teachers``, and each finding's ``missing``
    paths (listed in document order) are sorted.
    """
    county = _as_county(document)
    ids = [school.id for school in county.schools]
    data = serialization.unstructure(result)

    def rewrite(value: Any) -> Any:
        if isinstance(value, str):
            return _INDEX.sub(lambda m: f"schools[id={ids[int(m.group(1))]}]", value)
        if isinstance(value, list):
            return [rewrite(item) for item in value]
        if isinstance(value, dict):
            return {key: rewrite(item) for key, item in value.items()}
        return value

    data = rewrite(data)
    for key in ("findings", "shortfalls", "not_evaluated", "manual_checks"):
        for finding in data[key]:
            finding["missing"] = sorted(finding["missing"])
        data[key] = sorted(
            data[key],
            key=lambda f: (
                f["rule"],
                json.dumps(f["subject"], sort_keys=True),
                json.dumps(f, sort_keys=True),
            ),
        )
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)


# --------------------------------------------------------------------------- the checks


def check_determinism(
    document: Mapping[str, Any], *, registry: Registry | None = None, as_of: dt.date | None = None
) -> Result:
    """The same document, loaded and evaluated twice, gives byte-identical result JSON."""
    first = serialization.to_json(
        evaluate_document(copy.deepcopy(dict(document)), registry=registry, as_of=as_of)
    )
    result = evaluate_document(copy.deepcopy(dict(document)), registry=registry, as_of=as_of)
    second = serialization.to_json(result)
    if first != second:
        raise AssertionError(
            "evaluating one document twice gave different JSON: " + _first_difference(first, second)
        )
    return result


def check_order_invariance(
    document: Mapping[str, Any],
    *,
    orders: Iterable[Sequence[int]] | None = None,
    registry: Registry | None = None,
) -> None:
    """Listing the schools in another order changes nothing but the positions in paths.

    :param orders: permutations of the school indices to try; by default reversed
        and rotated by one.
    """
    original = list(document["schools"])
    count = len(original)
    tried = (
        list(orders)
        if orders is not None
        else [list(reversed(range(count))), [*range(1, count), 0][:count]]
    )
    reference = comparable(evaluate_document(document, registry=registry), document)
    for order in tried:
        shuffled = {**document, "schools": [original[index] for index in order]}
        text = comparable(evaluate_document(shuffled, registry=registry), shuffled)
        if text != reference:
            raise AssertionError(
                f"the result depends on the order of the schools: order {list(order)} differs "
                f"from the document's order\n{_first_difference(reference, text)}"
            )


def _first_difference(a: str, b: str) -> str:
    for number, (line_a, line_b) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False)):
        if line_a != line_b:
            return f"line {number}: {line_a.strip()!r} != {line_b.strip()!r}"
    return "one text is a prefix of the other"


def _non_balance(family: str) -> bool:
    return family != "balance"


def _restricted_status(result: Result, families: Callable[[str], bool]) -> Status:
    findings = [f for f in result.findings if families(f.family)]
    return verdict(findings, result.faults, result.summary.rules_applied)


def check_monotone(
    before: Mapping[str, Any] | County,
    after: Mapping[str, Any] | County,
    *,
    registry: Registry | None = None,
) -> None:
    """``after`` only improved figures of ``before`` in their good direction: nothing got worse.

    What is monotone: every binding finding outside the ``balance`` family (the
    per-stage indicators, the school rule, per-school rules, county figures) — no new
    shortfall — and the verdict restricted to those families.  The coefficients of
    variation (family ``balance``) are *not* monotone: raising one school's figure
    can widen the spread between schools, so they are left out; advisory findings
    comment on the verdict itself, and inherit that.
    """
    first = evaluate_document(before, registry=registry)
    second = evaluate_document(after, registry=registry)
    added = shortfall_keys(second, families=_non_balance) - shortfall_keys(
        first, families=_non_balance
    )
    if added:
        raise AssertionError(f"improving a figure added shortfalls: {_describe_keys(added)}")
    status_before = _restricted_status(first, _non_balance)
    status_after = _restricted_status(second, _non_balance)
    if status_rank(status_after) < status_rank(status_before):
        raise AssertionError(
            f"improving a figure worsened the verdict outside the balance family: "
            f"{status_before.value} -> {status_after.value}"
        )


def nullable_paths(document: Mapping[str, Any]) -> list[Path]:
    """Every path holding a known value that the contract allows to be unknown (``null``)."""
    found: list[Path] = []

    def walk(value: Any, path: Path) -> None:
        schema = _field_schema(path) if path else _county_schema()
        if path and value is not None and "null" in _types(schema):
            found.append(path)
        if isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list) and "array" in _types(schema) and "null" in _types(schema):
            return
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(document, ())
    return found


def _threshold_for(document: Mapping[str, Any], path: Path, around: Thresholds) -> Fraction | None:
    """The value that puts the figure at ``path`` exactly at its rule's threshold, if known."""
    if len(path) == 5 and path[0] == "schools" and path[2] == "stages":
        stage_name, field = str(path[3]), str(path[4])
        students = get_path(document, (*path[:4], "students"))
        for indicator in around.indicators:
            if indicator.field == field and stage_name in indicator.thresholds and students:
                return indicator.at_threshold(stage_name, students)
    dotted = ".".join(str(p) for p in path)
    for rule in around.by_boundary(boundaries.CountyFigure):
        if rule.params["field"] == dotted:
            return boundaries.CountyFigure.at(rule)
    return None


def fill_values(
    document: Mapping[str, Any], path: Path, *, around: Thresholds | None = None
) -> list[Any]:
    """Ways to fill the figure at ``path``: low, high, and at its threshold if it has one."""
    schema = _field_schema(path)
    types = _types(schema)
    if "boolean" in types:
        return [True, False]
    if "array" in types:
        return [[], [Fraction(1000)]]
    if "string" in types:
        return ["填充"]
    low, high = _bounds(path)
    current = get_path(document, path)
    known = isinstance(current, int | float) and not isinstance(current, bool)
    big = Fraction(exact(current)) * 3 + 100 if known else Fraction(10**6)
    values: list[Fraction] = [low, high if high is not None else big]
    at = _threshold_for(
        document,
        path,
        around or thresholds(str(document["code"]), year=int(document["assessment_year"])),
    )
    if at is not None and _decimal(at):
        values.append(at)
    integer = "integer" in types
    return [
        int(value) if integer and Fraction(value).denominator == 1 else json_number(value)
        for value in values
        if not integer or Fraction(value).denominator == 1
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return json_number(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def check_missing_never_helps(
    document: Mapping[str, Any],
    paths: Iterable[Path],
    *,
    fillings: Iterable[Mapping[Path, Any]] | None = None,
    registry: Registry | None = None,
) -> None:
    """Making the figures at ``paths`` unknown never helps the county.

    With those figures unknown: (1) a county that does not pass with them known does
    not pass either; (2) every binding shortfall holds for every way of filling them —
    the document's own values, and each of ``fillings`` (by default: all low, all
    high, all exactly at threshold, from :func:`fill_values`).  A filling the
    contract refuses is no way of filling the unknowns and is skipped.
    """
    chosen = list(dict.fromkeys(tuple(path) for path in paths))
    unknown = copy.deepcopy(dict(document))
    for path in chosen:
        set_path(unknown, path, None)
    known_result = evaluate_document(document, registry=registry)
    unknown_result = evaluate_document(unknown, registry=registry)
    if known_result.status is not Status.PASS and unknown_result.status is Status.PASS:
        raise AssertionError(
            f"making {', '.join(format_path(p) for p in chosen)} unknown turned "
            f"{known_result.status.value} into pass"
        )
    claimed = shortfall_keys(unknown_result)
    if fillings is None:
        options = {path: fill_values(document, path) for path in chosen}
        fillings = [
            {
                path: values[min(index, len(values) - 1)]
                for path, values in options.items()
                if values
            }
            for index in range(3)
        ]
    candidates: list[tuple[str, Mapping[str, Any] | Result]] = [
        ("the document's own values", known_result)
    ]
    for number, filling in enumerate(fillings):
        filled = copy.deepcopy(unknown)
        for path, value in filling.items():
            set_path(filled, path, _plain(value))
        candidates.append((f"filling #{number}", filled))
    for label, candidate in candidates:
        if isinstance(candidate, Result):
            result = candidate
        else:
            try:
                result = evaluate_document(candidate, registry=registry)
            except CountyDataError:
                continue
        lost = claimed - shortfall_keys(result)
        if lost:
            raise AssertionError(
                f"with {', '.join(format_path(p) for p in chosen)} unknown the result claims "
                f"shortfalls that {label} does not have: {_describe_keys(lost)}"
            )


def _layer_names(registry: Registry, code: str) -> str:
    return " + ".join(loaded.layer.name for loaded in registry.chain(code))


def _exceptions(registry: Registry, code: str) -> frozenset[str]:
    """Rules that a layer governing ``code`` loosens under an authorised exception."""
    return frozenset(
        override.overrides
        for loaded in registry.chain(code)
        for override in loaded.overrides
        if override.exception is not None
    )


def check_layering_only_tightens(
    document: Mapping[str, Any] | County,
    base_registry: Registry,
    stacked_registry: Registry,
    *,
    exempt: Iterable[str] = (),
) -> None:
    """Stacking layers on the base layers only adds shortfalls and never improves the verdict.

    Every ``(rule, subject)`` short under the base layers is short with the stacked
    ones, and the stacked verdict is no better, except for rules a stacked layer
    overrides under an authorised exception (``"exception": {...}`` in its rule data)
    and rules listed in ``exempt``.
    """
    county = _as_county(document)
    base = evaluate(county, registry=base_registry)
    stacked = evaluate(county, registry=stacked_registry)
    allowed = _exceptions(stacked_registry, county.code) | frozenset(exempt)
    lost = {key for key in shortfall_keys(base) - shortfall_keys(stacked) if key[0] not in allowed}
    if lost:
        raise AssertionError(
            f"stacking {_layer_names(stacked_registry, county.code)} removed shortfalls "
            f"the base layers find: {_describe_keys(lost)}"
        )
    if not allowed and status_rank(stacked.status) > status_rank(base.status):
        raise AssertionError(
            f"stacking layers improved the verdict: {base.status.value} -> {stacked.status.value}"
        )


def check_round_trips(document: Mapping[str, Any], *, registry: Registry | None = None) -> None:
    """Document → model → document, and result → JSON → result, are identities.

    The document's canonical form (:func:`edu_rules.io.serialization.unstructure` of the
    model) spells every field out; it keeps each value the document gives (numbers
    equal as exact decimals), loads back to the same model, and is its own canonical
    form.  The result's JSON structures back into an equal result.
    """
    county = load_county(document)
    canonical = serialization.unstructure(county)
    again = load_county(json.loads(json.dumps(canonical, ensure_ascii=False)))
    if again != county:
        raise AssertionError("the canonical form of the document loads into a different model")
    if serialization.unstructure(again) != canonical:
        raise AssertionError("the canonical form of the document is not its own canonical form")
    for path in _leaves(document):
        given, kept = get_path(document, path), get_path(canonical, path)
        if not _same_value(given, kept):
            raise AssertionError(
                f"{format_path(path)}: the document says {given!r}, its model says {kept!r}"
            )
    result = evaluate(county, registry=registry)
    text = serialization.to_json(result)
    back = serialization.structure(json.loads(text), Result)
    if back != result:
        raise AssertionError("the result's JSON does not structure back into the same result")
    if serialization.to_json(back) != text:
        raise AssertionError("the result's JSON is not stable through a round trip")


def _leaves(value: Any, path: Path = ()) -> Iterable[Path]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _same_value(given: Any, kept: Any) -> bool:
    if isinstance(given, bool) or isinstance(kept, bool) or given is None or kept is None:
        return given is kept or given == kept
    if isinstance(given, int | float) and isinstance(kept, int | float):
        return exact(given) == exact(kept)
    return bool(given == kept)


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _schema_errors(name: str, data: Any) -> list[str]:
    errors = sorted(
        _validator(name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
    )
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}" for e in errors]


def check_county_schema(document: Mapping[str, Any]) -> None:
    """The document validates against ``schemas/county.schema.json`` (plain jsonschema)."""
    errors = _schema_errors("county.schema.json", json.loads(json.dumps(document)))
    if errors:
        raise AssertionError(
            "county document does not follow county.schema.json: " + "; ".join(errors[:10])
        )


def check_result_schema(result: Result) -> None:
    """The result's JSON validates against ``schemas/result.schema.json``."""
    errors = _schema_errors("result.schema.json", json.loads(serialization.to_json(result)))
    if errors:
        raise AssertionError("result does not follow result.schema.json: " + "; ".join(errors[:10]))


def _votes(around: Thresholds, rule: Rule) -> Iterable[tuple[str, int]]:
    """The figures ``rule`` reads and which way each helps it (0: no known direction).

    Its evaluator's boundaries say; an evaluator without them reads whatever its
    ``field``, ``numerator`` or ``value`` parameter names, with no known direction.
    """
    return (around.boundary(rule) or boundaries.Boundary()).reads(rule)


def good_directions(around: Thresholds) -> Mapping[str, int]:
    """Which way each figure helps (+1 higher, -1 lower), where every rule reading it agrees.

    Keys are ``"county:<dotted path>"``, ``"school:<field>"``, ``"stage:<field>"`` and
    ``"item:<list>.<field>"``; flags are not included (see the rules' ``expected``).
    A figure that helps one rule and hurts another (rotated teachers: numerator of
    G11, denominator of G11's key-teacher share) is left out.
    """
    seen: dict[str, set[int]] = {}
    for rule in around.rules.values():
        for key, direction in _votes(around, rule):
            seen.setdefault(key, set()).add(direction)
    return {
        key: next(iter(signs))
        for key, signs in sorted(seen.items())
        if len(signs) == 1 and 0 not in signs
    }

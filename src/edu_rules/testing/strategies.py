"""Hypothesis strategies: valid county documents with figures around the thresholds in force."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, TypeAlias

import attrs
from hypothesis import strategies as st

from edu_rules._numbers import Exact, exact
from edu_rules.evaluators import boundaries
from edu_rules.evaluators.schools import in_listed_scope
from edu_rules.io.validation import load_county
from edu_rules.model.county import (
    COUNTED_RATES,
    KIND_STAGES,
    STAGE_NAMES,
    SUBTOTALS,
    County,
    SchoolKind,
)
from edu_rules.model.rules import Rule
from edu_rules.plugins import Registry
from edu_rules.testing.contract import (
    CENT,
    Document,
    Path,
    bounds,
    dotted,
    field_schema,
    get_path,
    is_decimal,
    is_integer_field,
    json_number,
    on_grid,
    set_path,
    types_of,
)
from edu_rules.testing.provinces import add_plugin_fields, share_figures, split_weights
from edu_rules.testing.thresholds import Thresholds, thresholds

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
    if at and inside and is_decimal(target) and pick(0, 3) == 0:
        return target
    first = math.ceil(lowest / step)
    last = max(first, math.floor(highest / step))
    return pick(first, last) * step


def _figure(
    pick: _Pick, path: Path, target: Fraction, *, at: bool, keep: str | None = None
) -> int | float:
    """A county figure near ``target``, of the type and within the range the contract gives."""
    low, high = bounds(path)
    integer = is_integer_field(path)
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
    if at and inside and is_decimal(target) and pick(0, 3) == 0:
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
        training = on_grid(funds * pick(0, 10) / 100, CENT)
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


_COUNTS: Final = frozenset(
    path for rate in COUNTED_RATES for path in (*rate.numerators, *rate.denominators)
) | frozenset(part for part, _ in SUBTOTALS)
"""The counts a percentage is computed from: generated documents give the percentages."""


def _contract_defaults(pick: _Pick, year: int, aim: _Aim) -> Document:
    """Every county-level field of the contract, with a plausible value (or unknown)."""
    document: Document = {}
    for section in ("guarantee", "quality", "declared", "vetoes", "procedure"):
        values: Document = {}
        for name in field_schema((section,)).get("properties", {}):
            path: Path = (section, name)
            types = types_of(field_schema(path))
            if (
                _unknown(pick, unknowns=aim.unknowns)
                or "array" in types
                or name.endswith("_year")
                or f"{section}.{name}" in _COUNTS  # the percentages are given instead
            ):
                values[name] = None
            elif "boolean" in types:
                values[name] = section != "vetoes"
            else:
                _, high = bounds(path)
                near = min(high, Fraction(5000)) if high is not None else Fraction(5000)
                values[name] = _figure(pick, path, near * 9 / 10, at=False)
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
        set_path(self.document, dotted(field), None if unknown else value)

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
                        dotted(field),
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
            reference = get_path(self.document, dotted(reference_field))
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
            whole = get_path(self.document, dotted(denominator))
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
            path = (*dotted(list_field), 0, item_field)
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
            value = get_path(document, dotted(field))
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
    of the figures sit exactly at their threshold (``at_thresholds``).  Where the
    layers declare data fields or ``split`` provisions, the document gives the fields
    (around the values their rules test) and some through-schools' figures as
    ``shared`` (see :mod:`edu_rules.testing.provinces`).

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
        if around.data_fields or split_weights(around):  # a province's: one more draw
            pick = _seeded(draw)
            share_figures(pick, document, around)
            add_plugin_fields(pick, document, around, unknowns=aim.unknowns)
        return document

    return build()


def county_models(code: str = "450202", **options: Any) -> st.SearchStrategy[County]:
    """:func:`counties`, loaded through :func:`edu_rules.load_county`."""
    return counties(code, **options).map(load_county)

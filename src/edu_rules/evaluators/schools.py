"""Per school: rooms, school and class size, funding, and school-level ratios.

Each judges one figure of every school (or school stage) in the rule's scope
(``params.kinds`` / ``params.exclude_kinds``) against the threshold.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any

from edu_rules._numbers import Exact, to_json_number
from edu_rules.evaluators import boundaries
from edu_rules.evaluators._common import (
    Left,
    _below,
    _excluded,
    _judge,
    _ratio_observation,
    _remedy,
    _unknown,
)
from edu_rules.evaluators.base import Evaluator, Fix, Scene
from edu_rules.model._columns import Row
from edu_rules.model.county import School
from edu_rules.model.evaluation import Context, Observation
from edu_rules.model.provisions import Provision, ProvisionKind, branch_value, exclusion
from edu_rules.model.result import Outcome, Subject
from edu_rules.model.rules import Rule


def _schools(
    rule: Rule, context: Context, left: list[Left] | None = None
) -> Iterator[tuple[int, Any]]:
    """The schools in a per-school rule's scope, its scope provisions applied.

    First by its ``exclude_kinds``, ``kinds`` and ``in_scope`` (:func:`in_listed_scope`),
    then widened and narrowed by its scope provisions; the schools those leave out go to
    ``left``.
    """
    excluded = _excluded(rule)
    kinds = rule.params.get("kinds")
    alternatives = rule.params.get("in_scope")
    for index, school in enumerate(context.county.schools):
        kind = school.kind.value
        by_kind = (
            kind not in excluded
            and (kinds is None or kind in kinds)
            and (alternatives is None or _in_alternatives(alternatives, kind, school.area.value))
        )
        if not rule.provisions:
            if by_kind:
                yield index, school
            continue
        scope = exclusion(rule.provisions, school, in_scope=by_kind)
        if scope is True:
            yield index, school
        elif isinstance(scope, Provision) and left is not None:
            left.append(Left(Subject.of_school(school.id, school.name), scope))


def _school_value(
    rule: Rule, school: Any, name: str, key: str | None = None
) -> tuple[Exact, Provision | None]:
    """The value ``name`` (its ``key`` entry) for ``school``, by the branch that holds there."""
    base = rule.threshold(key, name=name)
    if not rule.provisions:
        return base, None
    value, branch = branch_value(
        rule.provisions,
        base,
        name,
        key,
        school,
        None,
        rule.definition.stricter_directions().get(name),
    )
    return value, branch


def _with_branch(
    details: Mapping[str, Any] | None, branch: Provision | None
) -> Mapping[str, Any] | None:
    if branch is None:
        return details
    return {**(details or {}), "branch": branch.trace}


def school_rooms(rule: Rule, context: Context) -> Iterator[Observation]:
    """Rooms of at least ``min_area`` m², one per ``classes_per_room`` classes (at least one)."""
    field = rule.params["rooms"]
    per_classes = rule.params["classes_per_room"]
    min_rooms = rule.threshold(name="min_rooms")
    left: list[Left] = []
    for index, school in _schools(rule, context, left):
        min_area, branch = _school_value(rule, school, "min_area")
        shown_area = to_json_number(min_area)
        subject = Subject.of_school(school.id, school.name)
        required = max(min_rooms, -(-school.classes // per_classes))
        rooms = getattr(school, field)
        if rooms is None:
            yield _unknown(subject, f"schools[{index}].{field}", required=required)
            continue
        adequate = sum(1 for area in rooms if not _below(area, min_area))
        outcome, gap = _judge(adequate, ">=", required)
        yield Observation(
            subject,
            outcome,
            measured=adequate,
            required=required,
            gap=gap,
            remedies=_remedy(rule, gap),
            details=_with_branch({"min_area_m2": shown_area, "rooms": len(rooms)}, branch),
        )
    yield from (out.observation() for out in left)


def school_size(rule: Rule, context: Context) -> Iterator[Observation]:
    """A school's compulsory-education enrolment against the limit for its kind."""
    left: list[Left] = []
    for _, school in _schools(rule, context, left):
        limit, branch = _school_value(rule, school, "threshold", school.kind.value)
        outcome, gap = _judge(school.students, rule.definition.comparator or "<=", limit)
        yield Observation(
            Subject.of_school(school.id, school.name),
            outcome,
            measured=school.students,
            required=limit,
            gap=gap,
            remedies=_remedy(rule, gap),
            details=_with_branch(None, branch),
        )
    yield from (out.observation() for out in left)


def class_size(rule: Rule, context: Context) -> Iterator[Observation]:
    """Each stage's largest class against the stage's limit."""
    left: list[Left] = []
    for index, school in _schools(rule, context, left):
        for stage_name, stage in school.stages.items():
            if stage.students == 0:
                continue
            subject = Subject.of_stage(school.id, stage_name.value, school.name)
            limit = rule.threshold(stage_name.value)
            if stage.largest_class is None:
                path = f"schools[{index}].stages.{stage_name.value}.largest_class"
                yield _unknown(subject, path, required=limit)
                continue
            outcome, gap = _judge(stage.largest_class, rule.definition.comparator or "<=", limit)
            yield Observation(
                subject, outcome, measured=stage.largest_class, required=limit, gap=gap
            )
    yield from (out.observation() for out in left)


def in_listed_scope(params: Mapping[str, Any], kind: str, area: str) -> bool:
    """Whether a school of ``kind`` in ``area`` is in ``params.in_scope``.

    ``in_scope`` lists alternatives, each with optional ``kinds`` and ``areas``; a school
    is in scope when it matches every list of one alternative (G6: teaching points, or
    rural primary schools — 村小学和教学点).  No ``in_scope``: every school.
    """
    alternatives = params.get("in_scope")
    return alternatives is None or _in_alternatives(alternatives, kind, area)


def _in_alternatives(alternatives: Iterable[Mapping[str, Any]], kind: str, area: str) -> bool:
    return any(
        kind in option.get("kinds", (kind,)) and area in option.get("areas", (area,))
        for option in alternatives
    )


def small_school_funding(rule: Rule, context: Context) -> Iterator[Observation]:
    """Small village schools and teaching points funded as if they had ``floor_students``.

    A school is in scope when it matches ``params.in_scope`` (:func:`in_listed_scope`),
    widened or narrowed by the rule's scope provisions, and has fewer than
    ``floor_students`` students.  The floor is the per-student baseline of each stage,
    weighted by the school's own mix.
    """
    floor = rule.threshold(name="floor_students")
    baselines: Mapping[str, str] = rule.params["baselines"]
    left: list[Left] = []
    for index, school in _schools(rule, context, left):
        students = school.students
        if students == 0 or students >= floor:
            continue
        subject = Subject.of_school(school.id, school.name)
        missing = [
            baselines[name.value]
            for name, stage in school.stages.items()
            if stage.students and context.value_at(baselines[name.value]) is None
        ]
        if school.public_funds_yuan is None:
            missing.append(f"schools[{index}].public_funds_yuan")
        if missing:
            yield _unknown(subject, *missing)
            continue
        required = sum(
            (
                Fraction(context.value_at(baselines[name.value]))
                * floor
                * stage.students
                / students
                for name, stage in school.stages.items()
            ),
            Fraction(0),
        )
        outcome, gap = _judge(school.public_funds_yuan, ">=", required)
        yield Observation(
            subject,
            outcome,
            measured=school.public_funds_yuan,
            required=required,
            gap=gap,
            remedies=_remedy(rule, gap),
            details={"students": students},
        )
    yield from (out.observation() for out in left)


def per_student_funding(rule: Rule, context: Context) -> Iterator[Observation]:
    """A school's ``params.funds`` per ``params.students`` against the threshold."""
    funds_field = rule.params["funds"]
    students_field = rule.params["students"]
    required = rule.threshold()
    for index, school in _schools(rule, context):
        subject = Subject.of_school(school.id, school.name)
        funds = getattr(school, funds_field)
        students = getattr(school, students_field)
        missing = tuple(
            f"schools[{index}].{f}"
            for f, v in ((funds_field, funds), (students_field, students))
            if v is None
        )
        if missing:
            yield _unknown(subject, *missing, required=required)
            continue
        if students == 0:
            yield Observation(
                subject,
                Outcome.NOT_EVALUABLE,
                required=required,
                note=f"undefined: {students_field} is 0",
            )
            continue
        measured = Fraction(funds) / students
        outcome, gap = _judge(measured, ">=", required)
        yield Observation(
            subject,
            outcome,
            measured=measured,
            required=required,
            gap=gap,
            remedies=_remedy(rule, gap * students),
        )


def school_ratio(rule: Rule, context: Context) -> Iterator[Observation]:
    """A school's ``numerator / denominator × scale`` against the threshold (training ≥ 5%)."""
    numerator_field = rule.params["numerator"]
    denominator_field = rule.params["denominator"]
    scale = rule.params.get("scale", 1)
    for index, school in _schools(rule, context):
        subject = Subject.of_school(school.id, school.name)
        numerator = getattr(school, numerator_field)
        denominator = getattr(school, denominator_field)
        yield _ratio_observation(
            rule,
            subject,
            (f"schools[{index}].{numerator_field}", numerator),
            (f"schools[{index}].{denominator_field}", denominator),
            scale,
        )


# --------------------------------------------------------------------------- kernels (issue 12)
# For a rule without provisions, the rows of school_rooms, school_size and class_size
# made directly (:data:`edu_rules.model._columns.Row`), with no Observation per school: the
# same comparisons (`_judge`, `_remedy`), the same numbers, the subjects built once per
# county and shared by every rule.  The differential test of the kernels compares them
# with the evaluators above on every finding.


def _school_subjects(context: Context) -> list[Subject]:
    """The subject of every school of the county, by index, built once per county."""

    def compute() -> list[Subject]:
        return [Subject.of_school(school.id, school.name) for school in context.county.schools]

    subjects: list[Subject] = context.memo("school_subjects", compute)
    return subjects


def _stage_subject(context: Context, school: School, stage: str) -> Subject:
    """The subject of one stage of ``school``, built once per county."""
    known: dict[tuple[str, str], Subject] = context.memo("stage_subjects", dict)
    subject = known.get((school.id, stage))
    if subject is None:
        subject = known[school.id, stage] = Subject.of_stage(school.id, stage, school.name)
    return subject


def _school_rooms_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`school_rooms`, for a rule without provisions."""
    if rule.provisions:
        return None
    field = rule.params["rooms"]
    per_classes = rule.params["classes_per_room"]
    min_rooms = rule.threshold(name="min_rooms")
    min_area = rule.threshold(name="min_area")
    shown_area = to_json_number(min_area)
    top, bottom = min_area.numerator, min_area.denominator
    subjects = _school_subjects(context)
    out: list[Row] = []
    for index, school in _schools(rule, context):
        subject = subjects[index]
        required = max(min_rooms, -(-school.classes // per_classes))
        rooms = getattr(school, field)
        if rooms is None:
            missing = (f"schools[{index}].{field}",)
            unknown = (subject, Outcome.NOT_EVALUABLE, None, to_json_number(required), None)
            out.append((*unknown, (), missing, None, None))
            continue
        # not _below(area, min_area): area · bottom ≥ top · area's denominator
        adequate = sum(1 for area in rooms if area.numerator * bottom >= top * area.denominator)
        outcome, gap = _judge(adequate, ">=", required)
        remedies = _remedy(rule, gap) if outcome is Outcome.SHORTFALL else ()
        details = {"min_area_m2": shown_area, "rooms": len(rooms)}
        shown = (to_json_number(required), to_json_number(gap))
        out.append((subject, outcome, adequate, *shown, remedies, (), None, details))
    return out


def _school_size_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`school_size`, for a rule without provisions."""
    if rule.provisions:
        return None
    comparator = rule.definition.comparator or "<="
    subjects = _school_subjects(context)
    out: list[Row] = []
    for index, school in _schools(rule, context):
        limit = rule.threshold(school.kind.value)
        students = school.students
        outcome, gap = _judge(students, comparator, limit)
        remedies = _remedy(rule, gap) if outcome is Outcome.SHORTFALL else ()
        shown = (to_json_number(limit), to_json_number(gap))
        out.append((subjects[index], outcome, students, *shown, remedies, (), None, None))
    return out


def _class_size_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`class_size`, for a rule without provisions."""
    if rule.provisions:
        return None
    comparator = rule.definition.comparator or "<="
    limits: dict[str, tuple[Exact, int | float]] = {}
    out: list[Row] = []
    for index, school in _schools(rule, context):
        for stage_name, stage in school.stages.items():
            if stage.students == 0:
                continue
            name = stage_name.value
            subject = _stage_subject(context, school, name)
            known = limits.get(name)
            if known is None:
                limit = rule.threshold(name)
                known = limits[name] = (limit, to_json_number(limit))
            limit, shown_limit = known
            largest = stage.largest_class
            if largest is None:
                missing = (f"schools[{index}].stages.{name}.largest_class",)
                out.append(
                    (
                        subject,
                        Outcome.NOT_EVALUABLE,
                        None,
                        shown_limit,
                        None,
                        (),
                        missing,
                        None,
                        None,
                    )
                )
                continue
            outcome, gap = _judge(largest, comparator, limit)
            out.append(
                (subject, outcome, largest, shown_limit, to_json_number(gap), (), (), None, None)
            )
    return out


# --------------------------------------------------------------------------- remedies


def _school_rooms_fix(rule: Rule, obs: Observation, scene: Scene) -> Fix:
    field = rule.params["rooms"]
    found = scene.school(obs)
    if found is None or obs.gap is None:
        return Fix()
    index, school = found
    rooms = getattr(school, field)
    count = int(obs.gap)
    if rooms is None or count <= 0:
        return Fix()
    built = [*rooms, *([rule.threshold(name="min_area")] * count)]
    return Fix(
        quantity=count,
        kind=scene.kind(field) or "rooms",
        cost=scene.cost(field, count),
        changes={f"schools[{index}].{field}": built},
    )


def _school_funds(
    obs: Observation, scene: Scene, field: str, total: Callable[[School], Exact | None]
) -> Fix:
    """Raise a school's ``field`` (yuan) to ``total(school)``, in whole yuan."""
    found = scene.school(obs)
    if found is None:
        return Fix()
    index, school = found
    value = getattr(school, field)
    required = total(school)
    if value is None or required is None or math.ceil(required - value) <= 0:
        return Fix()
    quantity = math.ceil(required - value)
    return Fix(
        quantity=quantity,
        kind=scene.kind(field),
        cost=scene.cost(field, quantity),
        changes={f"schools[{index}].{field}": value + quantity},
    )


def _per_student_funding_fix(rule: Rule, obs: Observation, scene: Scene) -> Fix:
    def total(school: School) -> Exact | None:
        students: int | None = getattr(school, rule.params["students"])
        if students is None or obs.required is None:
            return None
        return Fraction(obs.required) * students

    return _school_funds(obs, scene, rule.params["funds"], total)


def _small_school_funding_fix(rule: Rule, obs: Observation, scene: Scene) -> Fix:
    del rule  # the observation's required funds say it all
    return _school_funds(obs, scene, "public_funds_yuan", lambda _school: obs.required)


def _school_ratio_fix(rule: Rule, obs: Observation, scene: Scene) -> Fix:
    def total(school: School) -> Exact | None:
        denominator: Exact | None = getattr(school, rule.params["denominator"])
        if denominator is None or obs.required is None:
            return None
        scale: Exact = rule.params.get("scale", 1)
        return Fraction(obs.required) * denominator / scale

    return _school_funds(obs, scene, rule.params["numerator"], total)


_SCOPE = frozenset({ProvisionKind.EXCLUDE, ProvisionKind.INCLUDE})

SCHOOL_ROOMS = Evaluator(
    school_rooms,
    remedy=_school_rooms_fix,
    boundaries=boundaries.SchoolRooms(),
    provisions=_SCOPE | {ProvisionKind.BRANCH},
    rows=_school_rooms_rows,
)
SCHOOL_SIZE = Evaluator(
    school_size, provisions=_SCOPE | {ProvisionKind.BRANCH}, rows=_school_size_rows
)
CLASS_SIZE = Evaluator(
    class_size, boundaries=boundaries.ClassLimit(), provisions=_SCOPE, rows=_class_size_rows
)
SMALL_SCHOOL_FUNDING = Evaluator(
    small_school_funding,
    remedy=_small_school_funding_fix,
    boundaries=boundaries.SmallSchoolFunding(),
    provisions=_SCOPE,
)
PER_STUDENT_FUNDING = Evaluator(
    per_student_funding,
    remedy=_per_student_funding_fix,
    boundaries=boundaries.PerStudentFunding(),
)
SCHOOL_RATIO = Evaluator(
    school_ratio, remedy=_school_ratio_fix, boundaries=boundaries.SchoolRatio()
)

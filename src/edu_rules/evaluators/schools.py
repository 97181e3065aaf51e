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
from edu_rules.evaluators import _kernels, boundaries
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
from edu_rules.model.county import School, gives_bands, largest_class_range
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


def _open_branches(rule: Rule, school: Any, name: str) -> tuple[list[Exact], list[str]]:
    """Values of ``name`` that a branch whose condition is unknown could give ``school``.

    Also the fields that leave it open; the rule's own value (or a known branch's) is
    among the values.
    """
    values: list[Exact] = []
    fields: list[str] = []
    for provision in rule.provisions:
        if provision.kind is not ProvisionKind.BRANCH or name not in provision.values:
            continue
        if provision.holds(school) is None:
            values.append(provision.values[name])
            fields += [test.field for test in provision.when if test.holds(school, None) is None]
    if values:
        known = rule.threshold(name=name)
        for provision in rule.provisions:
            holds = provision.kind is ProvisionKind.BRANCH and name in provision.values
            if holds and provision.holds(school) is True:
                known = provision.values[name]
        values.append(known)
    return values, fields


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
        if outcome is Outcome.SHORTFALL:
            # A shortfall is reported only when it holds whatever the unknown values are:
            # a branch whose condition is unknown might give a smaller room that is enough.
            values, fields = _open_branches(rule, school, "min_area")
            if values and any(
                sum(1 for area in rooms if not _below(area, value)) >= required for value in values
            ):
                paths = tuple(dict.fromkeys(f"schools[{index}].{field}" for field in fields))
                yield Observation(
                    subject, Outcome.NOT_EVALUABLE, required=required, missing=paths,
                    details=_with_branch({"min_area_m2": shown_area, "rooms": len(rooms)}, branch),
                )  # fmt: skip
                continue
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
                decided = _from_bands(rule, stage, subject, limit)
                if decided is not None:
                    yield decided
                    continue
                path = f"schools[{index}].stages.{stage_name.value}.largest_class"
                yield _unknown(subject, path, required=limit)
                continue
            outcome, gap = _judge(stage.largest_class, rule.definition.comparator or "<=", limit)
            yield Observation(
                subject, outcome, measured=stage.largest_class, required=limit, gap=gap
            )
    yield from (out.observation() for out in left)


def _from_bands(rule: Rule, stage: Any, subject: Subject, limit: Exact) -> Observation | None:
    """G5 judged from the class-size bands where they decide it, else ``None``.

    The largest class lies in the highest band that has a class: every class within
    the limit when that band's top is, some class over it when that band's bottom is.
    The measured value shown is that bound (at most / at least), never a guess.
    """
    found = largest_class_range(stage)
    if found is None or (rule.definition.comparator or "<=") != "<=":
        return None
    low, high = found
    if high <= limit:
        return Observation(subject, Outcome.MET, measured=high, required=limit, gap=0)
    if low > limit:
        outcome, gap = _judge(low, "<=", limit)
        return Observation(subject, outcome, measured=low, required=limit, gap=gap)
    return None


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
                if stage.students  # a stage without pupils weighs nothing, known or not
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


def _in_scope(rule: Rule, context: Context) -> Iterator[_kernels.SchoolFacts]:
    """:func:`_schools` for a rule without provisions, over the county's school facts."""
    excluded = _excluded(rule)
    kinds = rule.params.get("kinds")
    alternatives = rule.params.get("in_scope")
    for facts in _kernels.schools(context):
        kind = facts.kind
        if (
            kind not in excluded
            and (kinds is None or kind in kinds)
            and (alternatives is None or _in_alternatives(alternatives, kind, facts.area))
        ):
            yield facts


def _school_rooms_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`school_rooms`, for a rule without provisions (whole counts)."""
    per_classes = rule.params["classes_per_room"]
    min_rooms = rule.threshold(name="min_rooms")
    if rule.provisions or type(per_classes) is not int or type(min_rooms) is not int:
        return None
    field = rule.params["rooms"]
    min_area = rule.threshold(name="min_area")
    shown_area = to_json_number(min_area)
    top, bottom = _kernels.parts(min_area)
    remedy = _kernels.Remedies(rule)
    out: list[Row] = []
    for facts in _in_scope(rule, context):
        required = max(min_rooms, -(-facts.classes // per_classes))
        rooms = getattr(facts.school, field)
        if rooms is None:
            missing = (f"schools[{facts.position}].{field}",)
            unknown = (facts.subject, Outcome.NOT_EVALUABLE, None, required, None)
            out.append((*unknown, (), missing, None, None))
            continue
        adequate = 0
        for area in rooms:  # not _below(area, min_area), cross-multiplied
            n, d = area.as_integer_ratio()
            if n * bottom >= top * d:
                adequate += 1
        details = {"min_area_m2": shown_area, "rooms": len(rooms)}
        if adequate >= required:
            out.append((facts.subject, Outcome.MET, adequate, required, 0, (), (), None, details))
            continue
        gap = required - adequate
        remedies = remedy(gap, 1)
        row = (facts.subject, Outcome.SHORTFALL, adequate, required, gap, remedies)
        out.append((*row, (), None, details))
    return out


def _school_size_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`school_size`, for a rule without provisions."""
    if rule.provisions:
        return None
    comparator = rule.definition.comparator or "<="
    limits: dict[str, tuple[int, int, int | float]] = {}
    remedy = _kernels.Remedies(rule)
    out: list[Row] = []
    for facts in _in_scope(rule, context):
        known = limits.get(facts.kind)
        if known is None:
            limit = rule.threshold(facts.kind)
            known = limits[facts.kind] = (*_kernels.parts(limit), to_json_number(limit))
        c, d, shown = known
        students = facts.students
        if _kernels.met(comparator, students, 1, c, d):
            out.append((facts.subject, Outcome.MET, students, shown, 0, (), (), None, None))
            continue
        gap = _kernels.gap_parts(comparator, students, 1, c, d)
        shown_gap = _kernels.json_ratio(*gap)
        row = (facts.subject, Outcome.SHORTFALL, students, shown, shown_gap)
        out.append((*row, remedy(*gap), (), None, None))
    return out


def _class_size_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`class_size`, for a rule without provisions."""
    if rule.provisions:
        return None
    comparator = rule.definition.comparator or "<="
    limits: dict[str, tuple[int, int, int | float]] = {}
    out: list[Row] = []
    append = out.append
    unknown = Outcome.NOT_EVALUABLE
    for facts in _in_scope(rule, context):
        for name, stage, subject in facts.stages:
            if stage.students == 0:
                continue
            known = limits.get(name)
            if known is None:
                limit = rule.threshold(name)
                known = limits[name] = (*_kernels.parts(limit), to_json_number(limit))
            c, d, shown = known
            largest = stage.largest_class
            if largest is None and gives_bands(stage):
                return None  # the bands decide it: the reference path (class_size) says how
            if largest is None:
                missing = (f"schools[{facts.position}].stages.{name}.largest_class",)
                append((subject, unknown, None, shown, None, (), missing, None, None))
            elif _kernels.met(comparator, largest, 1, c, d):
                append((subject, Outcome.MET, largest, shown, 0, (), (), None, None))
            else:
                gap = _kernels.json_ratio(*_kernels.gap_parts(comparator, largest, 1, c, d))
                append((subject, Outcome.SHORTFALL, largest, shown, gap, (), (), None, None))
    return out


def _small_school_funding_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`small_school_funding`, for a rule without provisions.

    ``None`` (the object path judges) when a stage's baseline is unknown, not named or
    not a county field.
    The floor of a school of ``P`` students is ``floor · Σ_s b_s · P_s / P``; with every
    ``b_s = B_s / L`` over one ``L``, it is ``floor · Σ B_s P_s / (L · P)``.
    """
    if rule.provisions:
        return None
    f, g = _kernels.parts(rule.threshold(name="floor_students"))
    small = [
        facts
        for facts in _in_scope(rule, context)
        if facts.students and facts.students * g < f  # below the floor of students
    ]
    if not small:
        return []
    baselines: Mapping[str, str] = rule.params["baselines"]
    try:
        values = {stage: context.value_at(path) for stage, path in baselines.items()}
    except AttributeError:  # a path the county lacks: the object path says what it makes of it
        return None
    if any(value is None for value in values.values()):
        return None
    scale = math.lcm(*(value.denominator for value in values.values()))
    wholes = {stage: v.numerator * (scale // v.denominator) for stage, v in values.items()}
    remedy = _kernels.Remedies(rule)
    out: list[Row] = []
    for facts in small:
        students = facts.students
        if any(name not in wholes for name, _, _ in facts.stages):
            return None
        funds = facts.school.public_funds_yuan
        if funds is None:
            missing = (f"schools[{facts.position}].public_funds_yuan",)
            unknown = (facts.subject, Outcome.NOT_EVALUABLE, None, None, None)
            out.append((*unknown, (), missing, None, None))
            continue
        weighted = sum(wholes[name] * stage.students for name, stage, _ in facts.stages)
        top, bottom = f * weighted, g * scale * students  # the floor of funds, top / bottom
        n, d = _kernels.parts(funds)
        required = _kernels.json_ratio(top, bottom)
        shown = to_json_number(funds)
        details = {"students": students}
        if n * bottom >= top * d:
            out.append((facts.subject, Outcome.MET, shown, required, 0, (), (), None, details))
            continue
        gap = (top * d - n * bottom, bottom * d)
        row = (facts.subject, Outcome.SHORTFALL, shown, required, _kernels.json_ratio(*gap))
        out.append((*row, remedy(*gap), (), None, details))
    return out


def _school_ratio_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`school_ratio`: ``numerator × scale / denominator`` cross-multiplied."""
    if rule.provisions:
        return None
    field = rule.params["denominator"]
    measure = (rule.params["numerator"], field, rule.params.get("scale", 1))
    comparator = rule.definition.comparator or ">="
    return _quotient_rows(
        rule, context, (*measure, comparator), lambda index: f"schools[{index}].{field}"
    )


def _per_student_funding_rows(rule: Rule, context: Context) -> list[Row] | None:
    """The rows of :func:`per_student_funding`: ``funds / students`` cross-multiplied.

    The same rows as a school ratio of scale 1 and ``>=``: the funds still needed,
    the gap × students, is the threshold × students − funds.
    """
    if rule.provisions:
        return None
    field = rule.params["students"]
    measure = (rule.params["funds"], field, 1, ">=")
    return _quotient_rows(rule, context, measure, lambda _: field)


def _quotient_rows(
    rule: Rule,
    context: Context,
    measure: tuple[str, str, Exact, str],
    zero: Callable[[int], str],
) -> list[Row]:
    """Each school's ``numerator × scale / denominator`` against the rule's threshold.

    ``measure``: the numerator field, the denominator field, the scale and the
    comparator; ``zero(index)``: what the note of a school whose denominator is 0 names.
    The remedy is the numerator still needed, ``threshold × denominator / scale − numerator``.
    """
    numerator_field, denominator_field, scale, comparator = measure
    s, t = _kernels.parts(scale)
    threshold = rule.threshold()
    c, d = _kernels.parts(threshold)
    required = to_json_number(threshold)
    remedy = _kernels.Remedies(rule)
    out: list[Row] = []
    for facts in _in_scope(rule, context):
        numerator = getattr(facts.school, numerator_field)
        denominator = getattr(facts.school, denominator_field)
        if numerator is None or denominator is None:
            missing = tuple(
                f"schools[{facts.position}].{field}"
                for field, value in ((numerator_field, numerator), (denominator_field, denominator))
                if value is None
            )
            unknown = (facts.subject, Outcome.NOT_EVALUABLE, None, required, None)
            out.append((*unknown, (), missing, None, None))
            continue
        if denominator == 0:
            note = f"undefined: {zero(facts.position)} is 0"
            unknown = (facts.subject, Outcome.NOT_EVALUABLE, None, required, None)
            out.append((*unknown, (), (), note, None))
            continue
        a, b = _kernels.parts(numerator)
        m, n = _kernels.parts(denominator)
        top, bottom = a * s * n, b * t * m  # measured = a/b · s/t · n/m
        if bottom < 0:
            top, bottom = -top, -bottom
        measured = _kernels.json_ratio(top, bottom)
        if _kernels.met(comparator, top, bottom, c, d):
            out.append((facts.subject, Outcome.MET, measured, required, 0, (), (), None, None))
            continue
        gap = _kernels.json_ratio(*_kernels.gap_parts(comparator, top, bottom, c, d))
        # the numerator still needed: c/d · m/n · t/s − a/b
        need = (c * m * t * b - a * d * n * s, d * n * s * b)
        if need[1] < 0:
            need = (-need[0], -need[1])
        row = (facts.subject, Outcome.SHORTFALL, measured, required, gap)
        out.append((*row, remedy(*need), (), None, None))
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
    rows=_small_school_funding_rows,
)
PER_STUDENT_FUNDING = Evaluator(
    per_student_funding,
    remedy=_per_student_funding_fix,
    boundaries=boundaries.PerStudentFunding(),
    rows=_per_student_funding_rows,
)
SCHOOL_RATIO = Evaluator(
    school_ratio,
    remedy=_school_ratio_fix,
    boundaries=boundaries.SchoolRatio(),
    rows=_school_ratio_rows,
)

"""Exact integer kernels for the built-in per-school and per-stage evaluators.

For a rule without provisions, the kernels (``*_rows`` in :mod:`~.resources` and
:mod:`~.schools`) compare in whole numbers: each numerator
column is read once as integers over one common denominator (``a_i / K``, ``K = 10ᵏ``
for decimal data), a threshold ``c / d`` and ``per = p / q`` once per stage, and
``a_i · p / (K · q · P_i) < c / d`` becomes ``a_i · p · d < c · K · q · P_i``.  No
``Fraction`` and no object per value is made; a finding's row is a plain tuple
(:data:`edu_rules.model._columns.Row`) with its JSON numbers, the same numbers the
reference path (the evaluator objects) gives, as a differential test shows on every
finding.  What every kernel reads is read once per county and memoised on the
:class:`~edu_rules.model.evaluation.Context`: the schools' facts (:func:`schools`, the
enum values and sums a loop would otherwise read again per rule), a group's stage
facts (:func:`stage_facts`) and its numerator columns (:func:`column`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from edu_rules._numbers import Exact
from edu_rules.model.county import STAGE_NAMES, School, Stage
from edu_rules.model.evaluation import COMPARATORS, Context, StageRow
from edu_rules.model.result import Remedy, Subject
from edu_rules.model.rules import Rule


class SchoolFacts(NamedTuple):
    """What the per-school kernels read of one school, read once per county."""

    position: int
    """Its index in the document's ``schools``."""
    school: School
    kind: str
    area: str
    students: int
    classes: int
    subject: Subject
    stages: tuple[tuple[str, Stage, Subject], ...]
    """Each stage taught, primary first: its name, its figures and its finding subject."""


def schools(context: Context) -> tuple[SchoolFacts, ...]:
    """The :class:`SchoolFacts` of every school of the county, in document order."""

    def compute() -> tuple[SchoolFacts, ...]:
        facts = []
        for index, school in enumerate(context.county.schools):
            school_id, name = school.id, school.name
            stages = []
            students = classes = 0
            for stage_name, stage in (
                ("primary", school.stages.primary),
                ("junior", school.stages.junior),
            ):
                if stage is not None:  # Stages.items(), without the enum
                    subject = Subject(school=school_id, stage=stage_name, name=name)
                    stages.append((stage_name, stage, subject))
                    students += stage.students
                    classes += stage.classes
            kind, area = school.kind.value, school.area.value
            subject = Subject(school=school_id, name=name)
            facts.append(
                SchoolFacts(index, school, kind, area, students, classes, subject, tuple(stages))
            )
        return tuple(facts)

    found: tuple[SchoolFacts, ...] = context.memo("school_facts", compute)
    return found


class StageFacts(NamedTuple):
    """What the kernels read of a resource group's rows (:func:`stage_facts`), by row."""

    stages: list[str]
    """Each row's stage name."""
    students: list[int]
    """Each row's students."""
    positions: dict[str, list[int]]
    """The rows of each stage, by position, for the stages that have rows (report order)."""


def json_ratio(top: int, bottom: int) -> int | float:
    """``top / bottom`` (``bottom > 0``) as :func:`~edu_rules._numbers.to_json_number` writes it.

    Whole: the ``int``; else the correctly rounded double of the rational, which is what
    ``float(Fraction(top, bottom))`` gives (integer true division rounds correctly).
    """
    whole, rest = divmod(top, bottom)
    return whole if rest == 0 else top / bottom


def scaled_column(rows: Sequence[StageRow], field: str) -> tuple[list[int | None], int]:
    """The ``field`` of every row as whole ``a_i`` over one ``K`` (``None`` where unknown)."""
    ratios = [
        None if value is None else value.as_integer_ratio()
        for value in [getattr(row.stage, field) for row in rows]
    ]
    scale = math.lcm(*(ratio[1] for ratio in ratios if ratio is not None))
    if scale == 1:
        return [None if ratio is None else ratio[0] for ratio in ratios], 1
    return [None if ratio is None else ratio[0] * (scale // ratio[1]) for ratio in ratios], scale


def column(
    context: Context, group: Rule, rows: Sequence[StageRow], field: str
) -> tuple[list[int | None], int]:
    """:func:`scaled_column` of ``group``'s ``rows``, worked out once per county."""

    def compute() -> tuple[list[int | None], int]:
        return scaled_column(rows, field)

    found: tuple[list[int | None], int] = context.memo(("scaled", group.id, field), compute)
    return found


def stage_facts(context: Context, group: Rule, rows: Sequence[StageRow]) -> StageFacts:
    """The :class:`StageFacts` of ``group``'s ``rows``, worked out once per county."""

    def compute() -> StageFacts:
        stages = [row.stage_name.value for row in rows]
        positions: dict[str, list[int]] = {}
        for position, stage in enumerate(stages):
            positions.setdefault(stage, []).append(position)
        ordered: dict[str, list[int]] = {
            name: positions[name] for name in STAGE_NAMES if name in positions
        }
        return StageFacts(stages, [row.stage.students for row in rows], ordered)

    found: StageFacts = context.memo(("stage_facts", group.id), compute)
    return found


def parts(value: Exact) -> tuple[int, int]:
    """``(n, d)`` with ``value = n / d`` and ``d > 0``."""
    return value.numerator, value.denominator


def met(comparator: str, top: int, bottom: int, c: int, d: int) -> bool:
    """Whether ``top / bottom <comparator> c / d`` (``bottom, d > 0``), in whole numbers."""
    return bool(COMPARATORS[comparator](top * d, c * bottom))


def gap_parts(comparator: str, top: int, bottom: int, c: int, d: int) -> tuple[int, int]:
    """:func:`~edu_rules.model.evaluation.gap_of` of ``top / bottom`` against ``c / d``.

    As ``(n, m)``, ``m > 0``, ``n ≥ 0`` (``bottom, d > 0``): the distance to the boundary
    in the rule's direction, never below 0.
    """
    above = top * d - c * bottom  # measured − required, over d · bottom
    if comparator in {">=", ">"}:
        above = -above
    elif comparator not in {"<=", "<"}:
        above = abs(above)
    return max(above, 0), d * bottom


class Remedies:
    """:func:`~edu_rules.evaluators._common._remedy` for one rule, in whole numbers.

    ``remedies(top, bottom)`` (``bottom > 0``) is the remedy of the amount
    ``top / bottom``; the rule's unit and rounding are read once, and the remedies of
    equal quantities are one (immutable) tuple.
    """

    __slots__ = ("made", "unit", "whole")

    def __init__(self, rule: Rule) -> None:
        self.unit: str | None = rule.params.get("remedy_unit")
        self.whole: bool = rule.params.get("whole", False)
        self.made: dict[tuple[type, int | float], tuple[Remedy, ...]] = {}

    def __call__(self, top: int, bottom: int) -> tuple[Remedy, ...]:
        """The remedies that close a gap of ``top / bottom``: none when there is no gap."""
        if self.unit is None or top <= 0:
            return ()
        quantity = -(-top // bottom) if self.whole else json_ratio(top, bottom)
        key = (type(quantity), quantity)  # 1 and 1.0 are equal keys, not equal JSON
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = (Remedy(quantity=quantity, unit=self.unit),)
        return made


def indicator_shortfalls(
    context: Context, group: Rule, rows: Sequence[StageRow], indicator: Rule, floor: Exact
) -> tuple[list[int], list[int], list[int]]:
    """Where ``indicator`` is unknown, below standard and below ``floor`` × standard.

    Each a list of positions in ``group``'s rows; those below the floor are among those
    below standard.  The integer form of
    :func:`edu_rules.evaluators.resources._mark_indicator` for an indicator without
    provisions.
    """
    numerators, scale = column(context, group, rows, indicator.params["numerator"])
    facts = stage_facts(context, group, rows)
    p, q = parts(indicator.params.get("per", 1))
    f, g = parts(floor)
    # a·p/(K·q·P) < c/d  ⇔  a·p·d < c·K·q·P ; against the floor, × f/g on the right
    limits: dict[str, tuple[int, int]] = {}
    for stage in facts.positions:
        c, d = parts(indicator.threshold(stage))
        limits[stage] = (p * d, c * scale * q)
    unknown: list[int] = []
    below: list[int] = []
    below_floor: list[int] = []
    for position, (a, stage, students) in enumerate(
        zip(numerators, facts.stages, facts.students, strict=True)
    ):
        if a is None:
            unknown.append(position)
            continue
        left, right = limits[stage]
        measured = a * left
        bound = right * students
        if measured < bound:
            below.append(position)
            if measured * g < bound * f:
                below_floor.append(position)
    return unknown, below, below_floor

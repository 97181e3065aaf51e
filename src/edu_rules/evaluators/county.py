"""County items: yes/no flags, county figures and ratios, lists of items, manual checks.

Each judges one county-level figure of the document against its rule's threshold
(教督〔2017〕6号 · 政府保障程度, 教育质量, 社会认可度); the numbers live in the rule files.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

from edu_rules._numbers import Exact
from edu_rules.evaluators import boundaries
from edu_rules.evaluators._common import _judge, _ratio_observation, _remedy, _unknown
from edu_rules.evaluators.base import Evaluator, Fix, Planned, Scene
from edu_rules.model.evaluation import Context, Observation, compare
from edu_rules.model.result import Outcome
from edu_rules.model.rules import Rule


def _not_applicable_here(rule: Rule, context: Context) -> Observation | None:
    """Not applicable where the unit's code starts with one of ``params.not_applicable.prefixes``.

    ``{"prefixes": ["11", "12", "31", "50"], "reason": "…"}``: the districts of the four
    municipalities directly under the central government have no city between them and
    their province-level government, so a municipal review has nothing to be.
    """
    spec = rule.params.get("not_applicable")
    if spec is None or not context.county.code.startswith(tuple(spec["prefixes"])):
        return None
    return Observation(
        context.county_subject(), Outcome.NOT_APPLICABLE, note=f"not applicable: {spec['reason']}"
    )


def flag(rule: Rule, context: Context) -> Iterator[Observation]:
    """A yes/no item: ``params.field`` must equal ``params.expected`` (default ``true``)."""
    field = rule.params["field"]
    expected = bool(rule.params.get("expected", True))
    value = context.value_at(field)
    subject = context.county_subject()
    excused = _not_applicable_here(rule, context)
    if excused is not None:
        yield excused
        return
    if value is None:
        yield _unknown(subject, field, required=int(expected))
        return
    met = value is expected
    yield Observation(
        subject=subject,
        outcome=Outcome.MET if met else Outcome.SHORTFALL,
        measured=int(value),
        required=int(expected),
        gap=0 if met else 1,
    )


def years_since(rule: Rule, context: Context) -> Iterator[Observation]:
    """Years from the year in ``params.field`` to the assessment year, against the threshold."""
    field = rule.params["field"]
    year = context.value_at(field)
    required = rule.threshold()
    subject = context.county_subject()
    if year is None:
        yield _unknown(subject, field, required=required)
        return
    measured = context.county.assessment_year - year
    outcome, gap = _judge(measured, rule.definition.comparator or ">=", required)
    yield Observation(subject, outcome, measured=measured, required=required, gap=gap)


def _scope(rule: Rule, context: Context) -> tuple[Observation | None, tuple[str, ...]]:
    """Whether a county figure about some schools has any school to be about.

    ``params.schools = {"stage": "junior", "reason": "…"}``: G13's share of pupils enrolled
    nearby excludes boarding schools (不含寄宿制学校), so in a county where every school
    with a junior stage boards the item has nothing to measure (``not_applicable``).
    Returns that observation, or ``None`` and the ``boarding`` fields still unknown when no
    school is known to be in scope: a school whose boarding is unknown may be in scope, so
    the item stays applicable, but a shortfall found then depends on those fields.
    """
    spec = rule.params.get("schools")
    if spec is None:
        return None, ()
    stage_name = spec["stage"]
    unknown: list[str] = []
    for index, school in enumerate(context.county.schools):
        stage = getattr(school.stages, stage_name)
        if stage is None or stage.students <= 0:
            continue
        if school.boarding is False:
            return None, ()
        if school.boarding is None:
            unknown.append(f"schools[{index}].boarding")
    if unknown:
        return None, tuple(unknown)
    return Observation(
        context.county_subject(), Outcome.NOT_APPLICABLE, note=f"not applicable: {spec['reason']}"
    ), ()


def county_value(rule: Rule, context: Context) -> Iterator[Observation]:
    """A county figure at ``params.field`` compared with the threshold."""
    field = rule.params["field"]
    value = context.value_at(field)
    required = rule.threshold()
    subject = context.county_subject()
    excused, in_doubt = _scope(rule, context)
    if excused is not None:
        yield excused
        return
    if value is None:
        yield _unknown(subject, field, *in_doubt, required=required)
        return
    outcome, gap = _judge(value, rule.definition.comparator or ">=", required)
    if outcome is Outcome.SHORTFALL and in_doubt:  # a shortfall only if one of them is day
        yield _unknown(subject, *in_doubt, required=required)
        return
    yield Observation(
        subject, outcome, measured=value, required=required, gap=gap, remedies=_remedy(rule, gap)
    )


def county_ratio(rule: Rule, context: Context) -> Iterator[Observation]:
    """``numerator / denominator × scale`` of two county figures, against the threshold."""
    numerator_field = rule.params["numerator"]
    denominator_field = rule.params["denominator"]
    scale = rule.params.get("scale", 1)
    numerator = context.value_at(numerator_field)
    denominator = context.value_at(denominator_field)
    subject = context.county_subject()
    yield _ratio_observation(
        rule,
        subject,
        (numerator_field, numerator),
        (denominator_field, denominator),
        scale,
    )


def county_compare(rule: Rule, context: Context) -> Iterator[Observation]:
    """A county figure against another figure times the threshold (pay ≥ 1 × civil-servant pay)."""
    value_field = rule.params["value"]
    reference_field = rule.params["reference"]
    value = context.value_at(value_field)
    reference = context.value_at(reference_field)
    subject = context.county_subject()
    missing = tuple(f for f, v in ((value_field, value), (reference_field, reference)) if v is None)
    if missing:
        yield _unknown(subject, *missing)
        return
    required = Fraction(reference) * rule.threshold()
    outcome, gap = _judge(value, rule.definition.comparator or ">=", required)
    yield Observation(
        subject, outcome, measured=value, required=required, gap=gap, remedies=_remedy(rule, gap)
    )


def each_item(rule: Rule, context: Context) -> Iterator[Observation]:
    """Every item of a county list (``params.list``) meets the threshold on ``params.item``.

    The worst item is the measured value.  Unknown items can only make a shortfall
    certain if a known item already fails.
    """
    list_field = rule.params["list"]
    item_field = rule.params["item"]
    label_field = rule.params.get("label", "subject")
    comparator = rule.definition.comparator or ">="
    required = rule.threshold()
    items = context.value_at(list_field)
    subject = context.county_subject()
    if not items:
        yield _unknown(subject, list_field, required=required)
        return
    known = [(getattr(item, label_field), getattr(item, item_field)) for item in items]
    values = [(label, value) for label, value in known if value is not None]
    unknown = tuple(
        f"{list_field}[{index}].{item_field}"
        for index, (_, value) in enumerate(known)
        if value is None
    )
    failing = [label for label, value in values if not compare(value, comparator, required)]
    higher_is_better = comparator in {">=", ">"}
    worst = (min if higher_is_better else max)((v for _, v in values), default=None)
    if failing:
        _, gap = _judge(worst, comparator, required) if worst is not None else (None, None)
        yield Observation(
            subject,
            Outcome.SHORTFALL,
            measured=worst,
            required=required,
            gap=gap,
            note="failing: " + ", ".join(str(label) for label in failing),
            details={"failing": failing},
        )
    elif unknown:
        yield _unknown(subject, *unknown, required=required)
    else:
        yield Observation(subject, Outcome.MET, measured=worst, required=required, gap=0)


def manual(rule: Rule, context: Context) -> Iterator[Observation]:
    """An item checked by hand by the responsible office: reported, never a pass."""
    yield Observation(context.county_subject(), Outcome.MANUAL, note=rule.params.get("what"))


# --------------------------------------------------------------------------- remedies


def _county_value_fix(rule: Rule, obs: Observation, _scene: Scene) -> Fix:
    comparator = rule.definition.comparator or ">="
    if obs.required is None or comparator not in {">=", "<="}:
        return Fix()
    return Fix(changes={rule.params["field"]: obs.required})


def _county_ratio_fix(rule: Rule, obs: Observation, scene: Scene) -> Fix:
    numerator_field = rule.params["numerator"]
    numerator = scene.value(numerator_field)
    denominator = scene.value(rule.params["denominator"])
    if numerator is None or not denominator or obs.required is None:
        return Fix()
    needed = Fraction(obs.required) * denominator / rule.params.get("scale", 1) - numerator
    quantity: Exact = math.ceil(needed) if rule.params.get("whole", False) else needed
    if quantity <= 0:
        return Fix()
    return Fix(quantity=quantity, changes={numerator_field: numerator + quantity})


def _county_compare_fix(rule: Rule, obs: Observation, scene: Scene) -> Fix:
    field = rule.params["value"]
    value = scene.value(field)
    if value is None or obs.required is None:
        return Fix()
    required = math.ceil(obs.required)
    return Fix(quantity=required - value, changes={field: required})


FLAG = Evaluator(flag, remedy=Planned.DECLARE, boundaries=boundaries.CountyFlag())
YEARS_SINCE = Evaluator(years_since, boundaries=boundaries.YearsSince())
COUNTY_VALUE = Evaluator(
    county_value, remedy=_county_value_fix, boundaries=boundaries.CountyFigure()
)
COUNTY_RATIO = Evaluator(
    county_ratio, remedy=_county_ratio_fix, boundaries=boundaries.CountyRatio()
)
COUNTY_COMPARE = Evaluator(
    county_compare, remedy=_county_compare_fix, boundaries=boundaries.CountyComparison()
)
EACH_ITEM = Evaluator(each_item, boundaries=boundaries.EachItem())
MANUAL = Evaluator(manual)

"""The general evaluators the core provides, one object each, by the names rule data uses.

Each evaluator is an :class:`~edu_rules.evaluators.base.Evaluator`: how it judges a
rule against a county, the remedy the planner applies to its shortfalls, the
boundaries the test kit aims at, and the chart the reports draw.  They come in
five families — :mod:`~edu_rules.evaluators.county` (county items),
:mod:`~edu_rules.evaluators.resources` (indicators and the school rule),
:mod:`~edu_rules.evaluators.balance` (the coefficients of variation),
:mod:`~edu_rules.evaluators.schools` (per school) and :mod:`~edu_rules.evaluators.fields`
(any declared figure of a school or stage: a province's own indicator as data) — and
plugins add more through the
``edu_rules_evaluators`` hook.  See :mod:`edu_rules.model.evaluation` for the contract
every judge follows (missing is not zero; exact at the boundary).
"""

from __future__ import annotations

from collections.abc import Mapping

from edu_rules.evaluators import balance, boundaries, county, fields, resources, schools
from edu_rules.evaluators.balance import weighted_cv_squared
from edu_rules.evaluators.base import (
    Chart,
    Evaluator,
    Fix,
    Judge,
    Planned,
    RemedyFunction,
    Scene,
    as_evaluator,
)
from edu_rules.evaluators.resources import (
    indicator_value,
    per_student,
    resource_rows,
)

BUILTIN_EVALUATORS: Mapping[str, Evaluator] = {
    "class_size": schools.CLASS_SIZE,
    "coefficient_of_variation": balance.COEFFICIENT_OF_VARIATION,
    "county_compare": county.COUNTY_COMPARE,
    "county_ratio": county.COUNTY_RATIO,
    "county_value": county.COUNTY_VALUE,
    "each_item": county.EACH_ITEM,
    "flag": county.FLAG,
    "manual": county.MANUAL,
    "per_student_funding": schools.PER_STUDENT_FUNDING,
    "school_ratio": schools.SCHOOL_RATIO,
    "school_field": fields.SCHOOL_FIELD,
    "school_rooms": schools.SCHOOL_ROOMS,
    "school_rule": resources.SCHOOL_RULE,
    "school_size": schools.SCHOOL_SIZE,
    "small_school_funding": schools.SMALL_SCHOOL_FUNDING,
    "stage_field": fields.STAGE_FIELD,
    "stage_indicator": resources.INDICATOR,
    "years_since": county.YEARS_SINCE,
}
"""Evaluators every installation has; plugins add more through ``edu_rules_evaluators``."""

__all__ = [
    "BUILTIN_EVALUATORS",
    "Chart",
    "Evaluator",
    "Fix",
    "Judge",
    "Planned",
    "RemedyFunction",
    "Scene",
    "as_evaluator",
    "boundaries",
    "indicator_value",
    "per_student",
    "resource_rows",
    "weighted_cv_squared",
]

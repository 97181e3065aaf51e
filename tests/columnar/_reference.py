"""What the reference object path observes: the evaluator objects, judged on each county."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import edu_rules
from edu_rules import engine
from edu_rules.evaluators import BUILTIN_EVALUATORS
from edu_rules.model.evaluation import Context, Observation
from edu_rules.model.rules import Rule


def observations(
    rule: Rule, rules: Mapping[str, Rule], counties: Sequence[edu_rules.County]
) -> list[list[Observation]]:
    """Per county, the observations of ``rule``'s built-in evaluator object (in Fractions)."""
    evaluator = BUILTIN_EVALUATORS[rule.definition.evaluator]
    found = []
    for county in counties:
        as_of = engine.default_as_of(county.assessment_year)
        context = Context(county=county, rules=rules, as_of=as_of, kernels=False)
        found.append(list(evaluator.judge(rule, context)))
    return found

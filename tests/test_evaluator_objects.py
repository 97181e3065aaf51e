"""One home per evaluator: the planner, the test kit and the reports read the evaluator object.

A plugin evaluator that declares a remedy, boundaries and a chart is planned, gets
generated test data and is drawn, with no further code; a plain function is still
accepted and gets none of them.  The fictional layer here (示例区 / *Visitland*)
asks for 1.2 PE and arts teachers per 100 pupils, counting visiting teachers.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import find
from hypothesis import strategies as st

import edu_rules
from edu_rules import Evaluator, Level, Observation, Outcome, Rule, Subject, hookimpl, testing
from edu_rules.evaluators import BUILTIN_EVALUATORS, Chart, Fix, Planned, Scene, boundaries
from edu_rules.model.evaluation import Context
from edu_rules.reports import render
from tests._plugins import RulePlugin, layer, registry_with

EXAMPLES = Path(__file__).parent.parent / "examples"
RULE = "visitland.pe_arts"


def pe_arts(rule: Rule, context: Context) -> Iterator[Observation]:
    """Each stage's PE and arts teachers per 100 pupils against the threshold."""
    field, per = rule.params["numerator"], rule.params["per"]
    for school in context.county.schools:
        for stage_name, stage in school.stages.items():
            if stage.students == 0:
                continue
            subject = Subject.of_stage(school.id, stage_name.value, school.name)
            required = rule.threshold(stage_name.value)
            teachers = getattr(stage, field)
            if teachers is None:
                yield Observation(subject, Outcome.NOT_EVALUABLE, required=required)
                continue
            measured = Fraction(teachers) * per / stage.students
            met = measured >= required
            yield Observation(
                subject,
                Outcome.MET if met else Outcome.SHORTFALL,
                measured=measured,
                required=required,
                gap=0 if met else required - measured,
            )


def add_teachers(rule: Rule, observation: Observation, scene: Scene) -> Fix:
    """Whole teachers added to the stage until it reaches the threshold."""
    found = scene.school(observation)
    if found is None or observation.required is None or observation.subject.stage is None:
        return Fix()
    index, school = found
    field, stage_name = rule.params["numerator"], observation.subject.stage
    stage = getattr(school.stages, stage_name)
    needed = math.ceil(Fraction(observation.required) * stage.students / rule.params["per"])
    quantity = needed - getattr(stage, field)
    return Fix(
        quantity=quantity,
        kind=scene.kind(field),
        cost=scene.cost(field, quantity),
        changes={f"schools[{index}].stages.{stage_name}.{field}": getattr(stage, field) + quantity},
    )


VISITING = Evaluator(
    pe_arts, remedy=add_teachers, boundaries=boundaries.StageIndicator(), chart=Chart("indicator")
)


class Visitland(RulePlugin):
    """A provincial layer for 45xxxx with one rule of its own, judged by ``evaluator``."""

    def __init__(self, evaluator: Any) -> None:
        super().__init__(
            layer("visitland", Level.PROVINCIAL, "45"),
            [
                {
                    "id": RULE,
                    "family": "guarantee",
                    "effect": "standard",
                    "title": {"zh": "每百名学生体育艺术教师1.2人（虚构）", "en": "PE and arts"},
                    "citation": "测试〔2099〕1号 · 第二条",
                    "source_status": "confirmed",
                    "evaluator": "visitland.pe_arts",
                    "subject": "stage",
                    "unit": "per_100_students",
                    "comparator": ">=",
                    "params": {"numerator": "pe_arts_teachers", "per": 100, "whole": True},
                    "values": {"2020-01-01": {"threshold": {"primary": 1.2, "junior": 1.2}}},
                }
            ],
        )
        self.evaluator = evaluator

    @hookimpl
    def edu_rules_evaluators(self) -> dict[str, Any]:
        return {"visitland.pe_arts": self.evaluator}


@pytest.fixture(name="registry", scope="module")
def _registry() -> edu_rules.Registry:
    return registry_with(("visitland", Visitland(VISITING)))


@pytest.fixture(name="county", scope="module")
def _county() -> edu_rules.County:
    return edu_rules.load_county(EXAMPLES / "450223-luzhai.json")


def _charts(report: str) -> str:
    """The indicator-chart section of an English Markdown report."""
    return report.split("## Resource indicators", 1)[1].split("\n## ", 1)[0]


class TestOneHome:
    """Every core evaluator is one object; the registry hands out objects."""

    def test_every_builtin_is_an_object(self):
        """Every built-in evaluator is an :class:`Evaluator`, named by its rule data."""
        assert all(isinstance(e, Evaluator) for e in BUILTIN_EVALUATORS.values())
        assert {"stage_indicator", "school_rule", "coefficient_of_variation"} <= set(
            BUILTIN_EVALUATORS
        )

    def test_what_each_builtin_owns(self):
        """Remedies, boundaries and charts sit on the objects the rule data names."""
        registry = edu_rules.default_registry()

        assert registry.evaluator("flag").remedy is Planned.DECLARE
        assert registry.evaluator("school_rule").remedy is Planned.SCHOOL_RULE
        assert registry.evaluator("coefficient_of_variation").chart == Chart("cv", "indicator")
        assert registry.evaluator_of("national.L3") is registry.evaluator("stage_indicator")
        assert registry.evaluator("manual").remedy is None

    def test_a_plain_function_is_wrapped_with_nothing_else(self):
        """A plugin may still give a function: judged, never planned, generated or drawn."""
        registry = registry_with(("visitland", Visitland(pe_arts)))

        wrapped = registry.evaluator("visitland.pe_arts")

        assert (wrapped.judge, wrapped.remedy, wrapped.boundaries, wrapped.chart) == (
            pe_arts,
            None,
            None,
            None,
        )
        assert registry.provider("visitland.pe_arts") == "visitland"


class TestAPluginEvaluatorObject:
    """Visitland's evaluator gets a plan, test data and charts from what it declares."""

    def test_the_planner_adds_the_teachers_its_remedy_names(self, registry, county):
        """Each short stage gets a target; with the plan applied, no stage is short."""
        before = edu_rules.evaluate(county, registry=registry)
        short = {f.subject.school for f in before.shortfalls if f.rule == RULE}

        the_plan = edu_rules.plan(county, before, registry=registry)

        planned = [t for t in the_plan.targets if t.rule == RULE]
        assert short
        assert {t.subject.school for t in planned} == short
        assert all(t.quantity and t.quantity > 0 and t.kind == "teachers" for t in planned)
        assert not [f for f in the_plan.remaining if f.rule == RULE]

    def test_without_a_remedy_the_shortfalls_are_actions(self, county):
        """The same rule judged by a plain function: listed to act on, no target."""
        registry = registry_with(("visitland", Visitland(pe_arts)))

        the_plan = edu_rules.plan(county, registry=registry)

        assert not [t for t in the_plan.targets if t.rule == RULE]
        assert {a.what for a in the_plan.actions if a.rule == RULE} == {"act"}

    def test_the_kit_generates_its_figure_exactly_at_its_threshold(self):
        """Its boundaries make the strategies aim at 1.2 per 100: 12 teachers for 1000 pupils."""
        alone = registry_with(("visitland", Visitland(VISITING)), national=False)
        around = testing.thresholds("450202", registry=alone)

        stage = find(
            testing.stages("primary", around=around, students=st.just(1000)),
            lambda stage: stage["pe_arts_teachers"] == 12,
        )

        assert [rule.id for rule in around.by_boundary(boundaries.StageIndicator)] == [RULE]
        assert stage["pe_arts_teachers"] == 12

    def test_without_boundaries_the_kit_leaves_its_figure_out(self):
        """A plain function reads nothing the kit knows of: no figure is aimed at."""
        alone = registry_with(("visitland", Visitland(pe_arts)), national=False)
        around = testing.thresholds("450202", registry=alone)

        stage = find(testing.stages("primary", around=around), lambda _stage: True)

        assert "pe_arts_teachers" not in stage

    def test_the_report_draws_a_chart_of_its_findings(self, registry, county):
        """The Markdown report lists a chart row for the rule in each stage it judged."""
        result = edu_rules.evaluate(county, registry=registry)
        plain = registry_with(("visitland", Visitland(pe_arts)))

        drawn = render(result, "markdown", "en", registry=registry)
        undrawn = render(result, "markdown", "en", registry=plain)

        assert "pe_arts PE and arts" in _charts(drawn)
        assert "pe_arts PE and arts" not in _charts(undrawn)

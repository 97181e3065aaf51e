"""Exact boundaries: a figure exactly at its threshold is judged exactly, never as 0.8999….

Every threshold below is read from the rules in force (the compiled rule set of the
code and year), never written here.  Documents go through JSON text, so the decimal
the analyst wrote is the number compared.

Laws:

- **Indicators.**  A stage whose numerator is exactly ``threshold × students / per``
  meets the indicator (measured equals required); one step less — one teacher or
  classroom fewer, 0.01 m² or 0.01 yuan less — misses it.
- **Coefficient of variation.**  Two equal schools with numerators ``(1 + L)k`` and
  ``(1 − L)k`` have a CV of exactly ``L`` and meet a limit of ``L``; one step more on
  the larger numerator misses it.
- **County figures.**  A county figure (value, ratio, comparison with another
  figure, years since, each monitored subject) exactly at its threshold meets a
  ``≥`` or ``≤`` rule and misses a strict ``<`` or ``>`` one; one step to the wrong
  side (0.01, one teacher, one year, one level) misses any rule.
- **Class size and training share.**  The largest class exactly at the limit meets
  it, one pupil more misses it; training funds exactly at their share of public funds
  meet it, 0.01 yuan less misses it.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import Outcome, testing
from tests._helpers import findings

pytestmark = pytest.mark.property

CODE = "450202"
YEAR = 2025
AROUND = testing.thresholds(CODE, year=YEAR)
FEW = settings(max_examples=max(3, settings.default.max_examples // 5))
"""For the tests run once per rule: a fifth of the profile's examples each."""


def _evaluate(document: dict) -> edu_rules.Result:
    """Through JSON text, as a file would arrive."""
    text = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return edu_rules.evaluate(edu_rules.load_county(text))


def _number(value: Fraction) -> int | float:
    return testing.json_number(value)


def _finding(result, rule, *, school=None, stage=None):
    found = findings(result, rule, school=school, stage=stage)
    if school is None and stage is None:
        found = [f for f in found if f.subject.school is None and f.subject.stage is None]
    assert len(found) == 1, f"expected one {rule} finding, got {found}"
    return found[0]


class TestIndicatorBoundary:
    """``stage_indicator`` rules at and one step below their threshold."""

    @given(data=st.data(), document=testing.counties(CODE, year=YEAR))
    def test_exactly_at_the_threshold_meets_it_and_one_step_below_misses_it(self, data, document):
        """Numerator ``threshold × students / per`` is met; one teacher or 0.01 less is not."""
        rows = [
            (index, name)
            for index, school in enumerate(document["schools"])
            if school["kind"] != "special_education"
            for name, stage in school["stages"].items()
            if stage
        ]
        assume(rows)
        index, stage_name = data.draw(st.sampled_from(rows), label="stage")
        indicator = data.draw(
            st.sampled_from([i for i in AROUND.indicators if stage_name in i.thresholds]),
            label="indicator",
        )
        school_id = document["schools"][index]["id"]
        stage = document["schools"][index]["stages"][stage_name]
        at = indicator.at_threshold(stage_name, stage["students"])
        assume(at - indicator.step >= 0)
        below = copy.deepcopy(document)
        stage[indicator.field] = _number(at)
        below["schools"][index]["stages"][stage_name][indicator.field] = _number(
            at - indicator.step
        )

        met = _finding(_evaluate(document), indicator.rule, school=school_id, stage=stage_name)
        missed = _finding(_evaluate(below), indicator.rule, school=school_id, stage=stage_name)

        assert (Outcome.MET, met.required) == (met.outcome, met.measured)
        assert missed.outcome is not Outcome.MET
        assert missed.measured < missed.required


def _two_schools(
    kind: str, stage_name: str, students: int, numerators: tuple[Fraction, Fraction], field: str
) -> list:
    schools = []
    for number, numerator in enumerate(numerators, start=1):
        schools.append(
            {
                "id": f"B{number}",
                "name": f"边界学校{number}",
                "kind": kind,
                "ownership": "public",
                "area": "urban",
                "stages": {
                    stage_name: {
                        "students": students,
                        "classes": -(-students // 40),
                        field: _number(numerator),
                    }
                },
            }
        )
    return schools


class TestCoefficientOfVariationBoundary:
    """``coefficient_of_variation`` rules at and one step above their limit."""

    @given(
        data=st.data(),
        students=st.integers(30, 2000),
        units=st.integers(1, 10_000),
    )
    def test_a_cv_exactly_at_its_limit_meets_it_and_one_step_more_misses_it(
        self, data, students, units
    ):
        """Numerators ``(1 + L)k`` and ``(1 − L)k`` for equal schools: CV is exactly L."""
        rule_id = data.draw(st.sampled_from(sorted(AROUND.cv_limits)), label="cv rule")
        indicator, limits = AROUND.cv_limits[rule_id]
        stage_name = data.draw(st.sampled_from(sorted(limits)), label="stage")
        limit = Fraction(limits[stage_name])
        k = Fraction(units, 100)
        high, low = (1 + limit) * k, (1 - limit) * k
        assume(testing.contract.is_decimal(high) and testing.contract.is_decimal(low))
        kind = "primary" if stage_name == "primary" else "junior"
        at = {
            "schema_version": 1,
            "code": CODE,
            "name": "边界县",
            "assessment_year": YEAR,
            "schools": _two_schools(kind, stage_name, students, (high, low), indicator.field),
        }
        above = copy.deepcopy(at)
        above["schools"][0]["stages"][stage_name][indicator.field] = _number(
            high + Fraction(1, 100)
        )

        met = _finding(_evaluate(at), rule_id, stage=stage_name)
        missed = _finding(_evaluate(above), rule_id, stage=stage_name)

        assert met.outcome is Outcome.MET
        assert met.measured == pytest.approx(float(limit), abs=1e-12)
        assert missed.outcome is Outcome.SHORTFALL


def _blank(document: dict) -> dict:
    """The document with every county figure unknown, so one rule's fields can be set alone."""
    blank = copy.deepcopy(document)
    for section in ("guarantee", "quality"):
        blank[section] = dict.fromkeys(blank[section], None)
    return blank


def _dotted(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def _county_cases() -> list[tuple[str, str]]:
    return [
        (rule.id, rule.definition.evaluator)
        for rule in AROUND.rules.values()
        if rule.definition.evaluator
        in {"county_value", "county_ratio", "county_compare", "years_since", "each_item"}
        and rule.definition.effect.value != "advisory"
    ]


def _at_and_wrong_side(rule, document: dict, draw) -> tuple[dict, dict]:
    """Two copies of ``document``: the rule's figure exactly at its threshold, and one step off."""
    evaluator = rule.definition.evaluator
    threshold = Fraction(rule.threshold())
    comparator = rule.definition.comparator or ">="
    worse = -1 if comparator in {">=", ">"} else 1
    at, off = _blank(document), _blank(document)
    params = rule.params
    if evaluator == "county_value":
        path = _dotted(params["field"])
        step = Fraction(1) if testing.contract.is_integer_field(path) else Fraction(1, 100)
        testing.set_path(at, path, _number(threshold))
        testing.set_path(off, path, _number(threshold + worse * step))
    elif evaluator == "county_ratio":
        scale = Fraction(params.get("scale", 1))
        share = threshold / scale
        whole = share.denominator * draw(st.integers(1, 50), label="denominator multiple")
        for target in (at, off):
            testing.set_path(target, _dotted(params["denominator"]), whole)
        testing.set_path(at, _dotted(params["numerator"]), _number(whole * share))
        testing.set_path(off, _dotted(params["numerator"]), _number(whole * share + worse))
    elif evaluator == "county_compare":
        reference = draw(st.integers(10_000, 200_000), label="reference")
        for target in (at, off):
            testing.set_path(target, _dotted(params["reference"]), reference)
        testing.set_path(at, _dotted(params["value"]), _number(reference * threshold))
        testing.set_path(
            off, _dotted(params["value"]), _number(reference * threshold + worse * Fraction(1, 100))
        )
    elif evaluator == "years_since":
        year = document["assessment_year"]
        testing.set_path(at, _dotted(params["field"]), year - int(threshold))
        testing.set_path(off, _dotted(params["field"]), year - int(threshold) - worse)
    else:  # each_item
        path = (*_dotted(params["list"]), 0, params["item"])
        step = Fraction(1) if testing.contract.is_integer_field(path) else Fraction(1, 100)
        label = params.get("label", "subject")
        testing.set_path(
            at, _dotted(params["list"]), [{label: "数学", params["item"]: _number(threshold)}]
        )
        testing.set_path(
            off,
            _dotted(params["list"]),
            [{label: "数学", params["item"]: _number(threshold + worse * step)}],
        )
    return at, off


class TestCountyFigureBoundary:
    """County-figure rules at and one step to the wrong side of their threshold."""

    @pytest.mark.parametrize(("rule_id", "evaluator"), _county_cases())
    @FEW
    @given(
        data=st.data(), document=testing.counties(CODE, year=YEAR, schools=st.just(2), passing=True)
    )
    def test_exactly_at_the_threshold_meets_a_closed_rule_and_one_step_off_misses(
        self, rule_id, evaluator, data, document
    ):
        """At the threshold: met for ≥ and ≤, short for < and >; one step worse: short."""
        rule = AROUND.rules[rule_id]
        scope = rule.params.get("schools")  # G13: only a county with a day school of the stage
        assume(
            scope is None
            or any(
                ((school["stages"] or {}).get(scope["stage"]) or {}).get("students", 0) > 0
                for school in document["schools"]
            )
        )
        at, off = _at_and_wrong_side(rule, document, data.draw)
        strict = rule.definition.comparator in {"<", ">"}

        at_finding = _finding(_evaluate(at), rule_id)
        off_finding = _finding(_evaluate(off), rule_id)

        assert at_finding.outcome is (Outcome.SHORTFALL if strict else Outcome.MET), evaluator
        assert off_finding.outcome is Outcome.SHORTFALL


class TestSchoolFigureBoundary:
    """``class_size`` and ``school_ratio`` (training share) at and just past their threshold."""

    @given(data=st.data(), document=testing.counties(CODE, year=YEAR, passing=True))
    def test_the_largest_class_at_the_limit_meets_it_and_one_pupil_more_misses_it(
        self, data, document
    ):
        """``largest_class`` equal to the limit is met; limit + 1 is short."""
        rule = AROUND.by_evaluator("class_size")[0]
        rows = [
            (index, name)
            for index, school in enumerate(document["schools"])
            if school["kind"] not in rule.params.get("exclude_kinds", ())
            for name, stage in school["stages"].items()
            if stage and stage["students"] > rule.threshold(name)
        ]
        assume(rows)
        index, stage_name = data.draw(st.sampled_from(rows), label="stage")
        school_id = document["schools"][index]["id"]
        limit = rule.threshold(stage_name)
        over = copy.deepcopy(document)
        document["schools"][index]["stages"][stage_name]["largest_class"] = int(limit)
        over["schools"][index]["stages"][stage_name]["largest_class"] = int(limit) + 1

        met = _finding(_evaluate(document), rule.id, school=school_id, stage=stage_name)
        missed = _finding(_evaluate(over), rule.id, school=school_id, stage=stage_name)

        assert (met.outcome, missed.outcome) == (Outcome.MET, Outcome.SHORTFALL)

    @given(data=st.data(), document=testing.counties(CODE, year=YEAR, passing=True))
    def test_training_funds_at_their_share_meet_it_and_a_cent_less_misses_it(self, data, document):
        """``training = share × public funds`` is met; 0.01 yuan less is short."""
        rule = next(
            r
            for r in AROUND.by_evaluator("school_ratio")
            if r.params["numerator"] == "training_funds_yuan"
        )
        share = Fraction(rule.threshold()) / rule.params.get("scale", 1)
        index = data.draw(st.integers(0, len(document["schools"]) - 1), label="school")
        school = document["schools"][index]
        assume(school["kind"] not in rule.params.get("exclude_kinds", ()))
        funds = Fraction(data.draw(st.integers(100, 10**8), label="public funds cents"), 100)
        assume(testing.contract.is_decimal(funds * share) and funds * share >= Fraction(1, 100))
        short = copy.deepcopy(document)
        for target, training in (
            (document, funds * share),
            (short, funds * share - Fraction(1, 100)),
        ):
            target["schools"][index]["public_funds_yuan"] = _number(funds)
            target["schools"][index]["training_funds_yuan"] = _number(training)

        met = _finding(_evaluate(document), rule.id, school=school["id"])
        missed = _finding(_evaluate(short), rule.id, school=school["id"])

        assert (met.outcome, missed.outcome) == (Outcome.MET, Outcome.SHORTFALL)

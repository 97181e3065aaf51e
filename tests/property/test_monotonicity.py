"""Monotonicity: more resources never make a county look worse — except in the balance family.

What is monotone, precisely.  Raising any resource numerator of one school stage (L1–L7
teachers, area, equipment, classrooms), or moving any county or school figure in the
direction every rule reading it agrees is better (more pay, a higher retention rate,
an earlier basic-balance year, more training funds…), or setting a yes/no item to the
value its rule expects, never:

- adds a shortfall ``(rule, subject)`` in any family other than ``balance`` — the
  per-stage indicator findings, the school rule, the per-school rules and the county
  figures;
- worsens the verdict computed from those families alone (order: ineligible < fail <
  incomplete < pass).

What is **not** monotone: the coefficient of variation (family ``balance``).  Raising
one school's figure moves the county mean and can widen the spread: a school that is
already above the mean and gets better raises the CV, and can push it over its limit.
:class:`TestCoefficientOfVariationIsNotMonotone` shows it on one county.  Whenever no
balance finding changes, the full verdict is monotone too.

A figure that helps one rule and hurts another is left out: rotated teachers are the
numerator of G11 and the denominator of G11's key-teacher share; a school's public
funds are what G6/G7 ask for and the denominator of Q4's training share.
"""

from __future__ import annotations

import copy
import math
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import edu_rules
from edu_rules import CountyDataError, Outcome, testing
from edu_rules.evaluators import weighted_cv_squared
from tests._helpers import only
from tests._passing import passing_county

pytestmark = pytest.mark.property

CODES = ("450202", "110101")
DOCUMENTS = st.sampled_from(CODES).flatmap(lambda code: testing.counties(code, unknowns=True))


def _balance(result: edu_rules.Result) -> dict[tuple[str, str | None], Outcome]:
    return {(f.rule, f.subject.stage): f.outcome for f in result.findings if f.family == "balance"}


def _check(before: dict, after: dict) -> None:
    """The monotone part holds; and with the balance findings unchanged, the whole verdict."""
    try:
        edu_rules.load_county(after)
    except CountyDataError:
        assume(False)  # the move left the contract (e.g. more rotated than eligible teachers)
    testing.check_monotone(before, after)
    first, second = testing.evaluate_document(before), testing.evaluate_document(after)
    if _balance(first) == _balance(second):
        assert testing.status_rank(second.status) >= testing.status_rank(first.status)


def _raise(value: float, steps: int, step: Fraction, high: Fraction | None = None) -> float | int:
    raised = Fraction(str(value)) + steps * step
    return testing.json_number(min(raised, high) if high is not None else raised)


class TestRaisingAStageResource:
    """``evaluate`` before and after one school stage gets more of one resource."""

    @given(data=st.data(), before=DOCUMENTS)
    def test_raising_a_stage_resource_never_adds_a_shortfall_outside_balance(self, data, before):
        """More teachers, area, equipment or classrooms in one stage: no new shortfall, no worse verdict."""
        around = testing.thresholds(before["code"], year=before["assessment_year"])
        fields = {indicator.field: indicator for indicator in around.indicators}
        known = [
            (index, name, field)
            for index, school in enumerate(before["schools"])
            for name, stage in school["stages"].items()
            if stage
            for field in fields
            if stage.get(field) is not None
        ]
        assume(known)
        index, name, field = data.draw(st.sampled_from(known), label="stage figure")
        steps = data.draw(st.integers(1, 500), label="steps up")
        after = copy.deepcopy(before)
        stage = after["schools"][index]["stages"][name]

        stage[field] = _raise(stage[field], steps, fields[field].step)

        _check(before, after)


class TestImprovingAFigure:
    """``evaluate`` before and after one county or school figure moves in its good direction."""

    @given(data=st.data(), before=DOCUMENTS)
    def test_improving_a_county_figure_never_adds_a_shortfall_outside_balance(self, data, before):
        """Higher pay, rates, shares; an earlier basic-balance year: no new shortfall, no worse verdict."""
        around = testing.thresholds(before["code"], year=before["assessment_year"])
        directions = testing.good_directions(around)
        movable = sorted(
            key
            for key in directions
            if key.startswith("county:")
            and testing.get_path(before, tuple(key.removeprefix("county:").split("."))) is not None
        )
        assume(movable)
        key = data.draw(st.sampled_from(movable), label="figure")
        path = tuple(key.removeprefix("county:").split("."))
        after = copy.deepcopy(before)
        low, high = testing.contract.bounds(path)
        current = Fraction(str(testing.get_path(before, path)))
        step = Fraction(1) if testing.contract.is_integer_field(path) else Fraction(1, 10)
        steps = data.draw(st.integers(1, 200), label="steps")
        moved = current + directions[key] * steps * step
        moved = max(low, moved if high is None else min(high, moved))

        testing.set_path(after, path, testing.json_number(moved))

        _check(before, after)

    @given(data=st.data(), before=DOCUMENTS)
    def test_improving_a_school_figure_never_adds_a_shortfall_outside_balance(self, data, before):
        """More training funds or fewer pupils in the largest class: no new shortfall, no worse verdict."""
        around = testing.thresholds(before["code"], year=before["assessment_year"])
        directions = testing.good_directions(around)
        candidates = [
            (index, (name,), directions[f"school:{name}"])
            for index, school in enumerate(before["schools"])
            for name, value in school.items()
            if f"school:{name}" in directions and isinstance(value, int | float)
        ] + [
            (index, ("stages", stage_name, "largest_class"), directions["stage:largest_class"])
            for index, school in enumerate(before["schools"])
            for stage_name, stage in school["stages"].items()
            if stage
            and stage.get("largest_class") is not None
            and "stage:largest_class" in directions
        ]
        assume(candidates)
        index, where, direction = data.draw(st.sampled_from(candidates), label="figure")
        after = copy.deepcopy(before)
        path = ("schools", index, *where)
        current = Fraction(str(testing.get_path(before, path)))
        # A figure that helps by falling is a denominator or a size; 0 would make its ratio
        # undefined (not evaluable), which is no improvement, so it stops at 1.
        floor = Fraction(1) if direction < 0 and current >= 1 else Fraction(0)
        moved = max(floor, current + direction * data.draw(st.integers(1, 10_000)))

        testing.set_path(after, path, testing.json_number(moved))

        _check(before, after)

    @given(data=st.data(), before=DOCUMENTS)
    def test_setting_a_yes_no_item_as_its_rule_expects_never_adds_a_shortfall(self, data, before):
        """A declared item made true, a veto event made false: no new shortfall, no worse verdict."""
        around = testing.thresholds(before["code"], year=before["assessment_year"])
        flags = sorted(
            {
                (rule.params["field"], bool(rule.params.get("expected", True)))
                for rule in around.by_evaluator("flag")
            }
        )
        field, expected = data.draw(st.sampled_from(flags), label="item")
        path = tuple(field.split("."))
        assume(testing.get_path(before, path) is not None)
        after = copy.deepcopy(before)

        testing.set_path(after, path, expected)

        _check(before, after)


class TestCoefficientOfVariationIsNotMonotone:
    """``national.cv.L6`` before and after one school gets much better equipment."""

    def test_improving_one_school_can_raise_the_cv_into_a_shortfall(self):
        """P1 already above the mean goes from 2200 to 10000 yuan per pupil: the CV crosses 0.5."""
        before = passing_county()
        after = copy.deepcopy(before)
        after["schools"][0]["stages"]["primary"]["equipment_value_yuan"] = 10_000 * 1000
        rows = [
            (
                school["stages"]["primary"]["students"],
                school["stages"]["primary"]["equipment_value_yuan"],
            )
            for school in after["schools"]
            if school["stages"].get("primary")
        ]
        expected_cv = math.sqrt(weighted_cv_squared(rows)[0])

        first = testing.evaluate_document(before)
        second = testing.evaluate_document(after)

        cv_before = only(first, "national.cv.L6", stage="primary")
        cv_after = only(second, "national.cv.L6", stage="primary")
        assert (cv_before.outcome, cv_after.outcome) == (Outcome.MET, Outcome.SHORTFALL)
        assert cv_after.measured > cv_before.measured
        assert math.isclose(cv_after.measured, expected_cv, rel_tol=1e-9)
        assert only(second, "national.L6", school="P1", stage="primary").outcome is Outcome.MET

    def test_the_monotone_check_still_holds_when_the_cv_rises(self):
        """The same change passes ``check_monotone``: it ignores the balance family by design."""
        before = passing_county()
        after = copy.deepcopy(before)
        after["schools"][0]["stages"]["primary"]["equipment_value_yuan"] = 10_000 * 1000

        testing.check_monotone(before, after)

    def test_the_monotone_check_catches_a_worse_figure(self):
        """Lowering a figure below its threshold is caught: the check can fail."""
        before = passing_county()
        after = copy.deepcopy(before)
        after["guarantee"]["training_360h_completion_pct"] = 90

        with pytest.raises(AssertionError, match=r"national\.G9"):
            testing.check_monotone(before, after)

"""Scale invariance: the coefficient of variation measures spread relative to the mean.

Laws:

- **Exact scale invariance.**  Multiplying one indicator's numerator by the same
  positive constant in every school of a stage leaves that indicator's CV exactly
  unchanged (the exact ``CV²`` of :func:`~edu_rules.evaluators.weighted_cv_squared`
  is equal as a fraction; the county mean is multiplied by the constant).
- **Through the engine.**  After such a scaling, the ``national.cv.*`` finding of
  that indicator and stage has the same measured value and outcome, and every other
  balance finding is untouched.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from edu_rules import testing
from edu_rules.evaluators import weighted_cv_squared
from edu_rules.model.county import MAXIMA

pytestmark = pytest.mark.property

NATIONAL = testing.registry_without("guangxi", "liuzhou", "exampleland")

FACTORS = st.integers(1, 100_000).map(lambda hundredths: Fraction(hundredths, 100))
"""Positive constants from 0.01 to 1000, in hundredths (so scaled figures stay decimals)."""

PAIRS = st.lists(
    st.tuples(
        st.integers(1, 3000),
        st.integers(0, 10**9).map(lambda cents: Fraction(cents, 100)),
    ),
    min_size=2,
    max_size=40,
)
"""``(students, numerator)`` of the school stages of one county."""


class TestWeightedCvSquared:
    """``weighted_cv_squared`` on pairs scaled by a constant."""

    @given(pairs=PAIRS, factor=FACTORS)
    def test_scaling_every_numerator_leaves_the_cv_exactly_unchanged(self, pairs, factor):
        """CV² is equal as a fraction; the mean is multiplied by the constant."""
        original = weighted_cv_squared(pairs)
        assume(original is not None)

        scaled = weighted_cv_squared(
            (students, numerator * factor) for students, numerator in pairs
        )

        assert scaled is not None
        assert (original[0], original[1] * factor) == scaled


def _balance(result):
    return {
        (f.rule, f.subject.stage): (f.outcome, f.measured)
        for f in result.findings
        if f.family == "balance"
    }


class TestScalingThroughTheEngine:
    """``evaluate`` before and after one indicator is scaled across a stage."""

    @given(data=st.data(), document=testing.counties("110101", registry=NATIONAL))
    def test_scaling_one_indicator_across_a_stage_leaves_its_cv_finding_unchanged(
        self, data, document
    ):
        """Same measured CV and outcome for that indicator, every other balance finding untouched."""
        around = testing.thresholds("110101", registry=NATIONAL)
        limits = around.cv_limits
        rule_id = data.draw(st.sampled_from(sorted(limits)), label="cv rule")
        indicator, _ = limits[rule_id]
        stage_name = data.draw(st.sampled_from(["primary", "junior"]), label="stage")
        factor = data.draw(FACTORS, label="factor")
        scaled = copy.deepcopy(document)
        touched = 0
        for school in scaled["schools"]:
            stage = school["stages"].get(stage_name)
            if (
                stage
                and school["kind"] != "special_education"
                and stage.get(indicator.field) is not None
            ):
                # Decimal arithmetic is exact here, and Decimal is what the loader makes of JSON text.
                stage[indicator.field] = (
                    Decimal(str(stage[indicator.field]))
                    * Decimal(factor.numerator)
                    / Decimal(factor.denominator)
                )
                touched += 1
                # the scaled figure must stay within the contract's realistic maximum
                assume(stage[indicator.field] <= MAXIMA["Stage"][indicator.field])
        assume(touched >= 2)

        expected = _balance(testing.evaluate_document(document, registry=NATIONAL))
        actual = _balance(testing.evaluate_document(scaled, registry=NATIONAL))

        assert expected == actual

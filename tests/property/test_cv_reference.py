"""The weighted coefficient of variation agrees with a plain float implementation.

The engine computes the CV exactly (``CV²`` as a fraction, compared with ``limit²``).
Here it is recomputed the obvious way, in floats, straight from criteria.md §1.2:

    P = Σ P_i,   X̄ = Σ numerator_i / P,   S = sqrt(Σ (P_i / P) · (x_i − X̄)²),   CV = S / X̄

Laws:

- :func:`~edu_rules.evaluators.weighted_cv_squared` matches the reference within
  1e-9 relative on generated ``(students, numerator)`` pairs, and is undefined
  exactly when the reference mean is 0.
- Every ``national.cv.*`` finding the engine reports for a generated county has the
  reference CV of its indicator and stage as ``measured`` (shown to 12 decimals, so
  within 1e-9 relative or 1e-12 absolute), over the county's school stages in scope:
  every school but special-education ones, stages with pupils.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from edu_rules import testing
from edu_rules._numbers import exact
from edu_rules.evaluators import weighted_cv_squared

pytestmark = pytest.mark.property

NATIONAL = testing.registry_without("guangxi", "liuzhou", "exampleland")


def reference_cv(pairs: list[tuple[int, float]]) -> float | None:
    """The student-weighted CV in floats; ``None`` when the mean is 0."""
    total = sum(students for students, _ in pairs)
    mean = sum(numerator for _, numerator in pairs) / total
    if mean == 0:
        return None
    variance = sum(
        students / total * (numerator / students - mean) ** 2 for students, numerator in pairs
    )
    return math.sqrt(variance) / mean


PAIRS = st.lists(
    st.tuples(st.integers(1, 3000), st.integers(0, 10**9).map(lambda cents: cents / 100)),
    min_size=1,
    max_size=40,
)


class TestWeightedCvSquared:
    """``weighted_cv_squared`` against the float reference."""

    @given(pairs=PAIRS)
    def test_matches_the_float_reference(self, pairs):
        """Same CV within 1e-9 relative; undefined exactly when the mean is 0."""
        expected = reference_cv(pairs)

        computed = weighted_cv_squared((students, exact(value)) for students, value in pairs)

        if expected is None:
            assert computed is None
        else:
            assert computed is not None
            assert math.isclose(math.sqrt(computed[0]), expected, rel_tol=1e-9, abs_tol=1e-12)


class TestTheEngine:
    """``national.cv.*`` findings of generated counties against the float reference."""

    @given(document=testing.counties("110101", registry=NATIONAL, schools=st.integers(2, 15)))
    def test_every_reported_cv_is_the_reference_cv(self, document):
        """``measured`` of each CV finding equals the reference CV of its indicator and stage."""
        around = testing.thresholds("110101", registry=NATIONAL)
        result = testing.evaluate_document(document, registry=NATIONAL)

        for finding in result.findings:
            if finding.rule not in around.cv_limits or finding.measured is None:
                continue
            event("a CV was compared")
            indicator, _ = around.cv_limits[finding.rule]
            pairs = [
                (stage["students"], float(stage[indicator.field]))
                for school in document["schools"]
                if school["kind"] != "special_education"
                for name, stage in school["stages"].items()
                if name == finding.subject.stage and stage and stage["students"] > 0
            ]
            expected = reference_cv(pairs)
            assert expected is not None
            assert math.isclose(finding.measured, expected, rel_tol=1e-9, abs_tol=1e-12), (
                finding.rule
            )

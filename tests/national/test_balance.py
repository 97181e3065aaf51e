"""Inter-school balance: the student-weighted coefficient of variation of each indicator, per stage.

``X̄ = Σ numerator / Σ P``; ``S = sqrt(Σ (P_i/P)(x_i − X̄)²)``; ``CV = S / X̄`` ≤ 0.50
(primary) or ≤ 0.45 (junior), compared exactly.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from edu_rules import Outcome
from edu_rules.evaluators import weighted_cv_squared
from tests._helpers import evaluate_national, only
from tests._passing import PRIMARY_RATES, passing_county, stage


def _primary_only(*schools: tuple[str, int, dict]) -> dict:
    """A passing county whose primary stages are exactly ``schools`` (id, students, numerators)."""
    document = passing_county()
    base = document["schools"][0]
    built = []
    for school_id, students, numerators in schools:
        entry = {**base, "id": school_id, "name": f"学校{school_id}"}
        entry["stages"] = {"primary": stage(students, PRIMARY_RATES, **numerators)}
        built.append(entry)
    document["schools"] = built + [s for s in document["schools"] if s["kind"] != "primary"]
    # keep the nine-year school's primary part out of the way: give it the county mean later
    return document


class TestWeightedCoefficientOfVariation:
    """The formula of criteria.md §1.2, checked by hand."""

    def test_matches_a_hand_computed_example(self):
        """100 pupils at 4 m² and 300 at 6 m²: X̄ = 5.5, S² = 0.75, CV = √0.75 / 5.5."""
        cv_squared, mean = weighted_cv_squared([(100, 400), (300, 1800)])

        assert mean == Fraction(11, 2)
        assert cv_squared == Fraction(3, 4) / Fraction(11, 2) ** 2

    def test_the_finding_reports_the_cv_of_the_county(self):
        """The engine's measured CV for L4 primary is the hand-computed one (three schools)."""
        document = _primary_only(
            ("A", 100, {"teaching_room_area_m2": 400}),
            ("B", 300, {"teaching_room_area_m2": 1800}),
        )
        # The nine-year school's primary part enters too: 600 pupils at 5 m².
        expected = math.sqrt(weighted_cv_squared([(100, 400), (300, 1800), (600, 3000)])[0])

        result = evaluate_national(document)

        finding = only(result, "national.cv.L4", stage="primary")
        assert finding.measured == pytest.approx(expected, abs=1e-12)
        assert finding.outcome is Outcome.MET

    def test_weighting_by_students_can_change_the_verdict(self):
        """A big well-equipped school and two tiny poor ones: weighted CV ≈ 0.2 passes, unweighted ≈ 1.1 would fail."""
        document = _primary_only(
            ("BIG", 2000, {"equipment_value_yuan": 2100 * 2000}),
            ("S1", 50, {"equipment_value_yuan": 200 * 50}),
            ("S2", 50, {"equipment_value_yuan": 200 * 50}),
        )
        document["schools"] = [s for s in document["schools"] if s["kind"] != "nine_year"]
        values = [2100, 200, 200]
        mean = sum(values) / len(values)
        unweighted = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) / mean

        result = evaluate_national(document)

        finding = only(result, "national.cv.L6", stage="primary")
        assert unweighted > 0.5
        assert finding.outcome is Outcome.MET
        assert finding.measured < 0.5

    def test_exactly_at_the_limit_meets_it(self):
        """Equal enrolments at 3 and 1 m² per pupil give a CV of exactly 0.5: met for primary."""
        document = _primary_only(
            ("A", 100, {"teaching_room_area_m2": 300}),
            ("B", 100, {"teaching_room_area_m2": 100}),
        )
        document["schools"] = [s for s in document["schools"] if s["kind"] != "nine_year"]

        result = evaluate_national(document)

        finding = only(result, "national.cv.L4", stage="primary")
        assert (finding.outcome, finding.measured, finding.required) == (Outcome.MET, 0.5, 0.5)

    def test_the_junior_limit_is_stricter(self):
        """The same CV of 0.5 fails the junior limit of 0.45, and names the schools behind it."""
        document = passing_county()
        junior = document["schools"][1]
        document["schools"] = [
            {**junior, "id": "JA", "stages": {"junior": stage(100, {}, teaching_room_area_m2=300)}},
            {**junior, "id": "JB", "stages": {"junior": stage(100, {}, teaching_room_area_m2=100)}},
        ]

        result = evaluate_national(document)

        finding = only(result, "national.cv.L4", stage="junior")
        assert (finding.outcome, finding.required) == (Outcome.SHORTFALL, 0.45)
        assert finding.gap == pytest.approx(0.05)
        assert {entry["school"] for entry in finding.details["pulled_by"]} == {"JA", "JB"}


class TestWhenTheCvIsUndefined:
    """Fewer than two schools, a zero mean, or unknown values: reported, never a pass."""

    def test_a_single_school_of_a_stage_is_not_evaluable(self):
        """One junior stage in the county: the junior CV is undefined."""
        document = passing_county()
        document["schools"] = [s for s in document["schools"] if s["id"] != "N1"]

        result = evaluate_national(document)

        finding = only(result, "national.cv.L1", stage="junior")
        assert finding.outcome is Outcome.NOT_EVALUABLE
        assert "fewer than two schools" in finding.note

    def test_a_zero_mean_is_not_evaluable(self):
        """No multimedia classroom anywhere in the junior stage: X̄ = 0."""
        document = passing_county()
        for school in document["schools"]:
            if school["stages"].get("junior"):
                school["stages"]["junior"]["multimedia_classrooms"] = 0

        result = evaluate_national(document)

        finding = only(result, "national.cv.L7", stage="junior")
        assert finding.outcome is Outcome.NOT_EVALUABLE
        assert "mean is 0" in finding.note

    def test_an_unknown_value_leaves_the_cv_open(self):
        """One school's figure unknown: the CV cannot be computed and lists the missing field."""
        document = passing_county()
        document["schools"][0]["stages"]["primary"]["sports_area_m2"] = None

        result = evaluate_national(document)

        finding = only(result, "national.cv.L5", stage="primary")
        assert finding.outcome is Outcome.NOT_EVALUABLE
        assert finding.missing == ("schools[0].stages.primary.sports_area_m2",)

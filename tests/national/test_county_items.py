"""National county and per-school items: eligibility, government guarantee, quality, recognition, vetoes.

Each rule at its boundary (met), just past it (shortfall) and unknown (not evaluable).
"""

from __future__ import annotations

from typing import Any

import pytest

from edu_rules import Outcome, Status
from tests._helpers import evaluate_national, only, outcome
from tests._passing import passing_county


def _with(path: str, value: Any) -> dict:
    document = passing_county()
    target = document
    *parents, last = path.split(".")
    for part in parents:
        target = target[part]
    target[last] = value
    return document


# (rule, field path, value exactly at the boundary, value just past it)
COUNTY_FIGURES = [
    ("national.G9", "guarantee.training_360h_completion_pct", 100, 99.9),
    ("national.G12", "guarantee.certified_teachers_pct", 100, 99.5),
    ("national.G13.primary", "guarantee.nearby_enrolment_primary_pct", 100, 99.9),
    ("national.G13.junior", "guarantee.nearby_enrolment_junior_pct", 95, 94.9),
    ("national.G14", "guarantee.quota_allocation_pct", 50, 49.9),
    ("national.G15", "guarantee.migrant_children_public_pct", 85, 84.9),
    ("national.Q1", "quality.junior_retention_pct", 95, 94.99),
    ("national.Q2", "quality.disabled_enrolment_pct", 95, 94.9),
    ("national.G8", "guarantee.teacher_avg_pay_yuan", 95_000, 94_999),
]

DECLARED = [
    ("national.G1", "declared.G1"),
    ("national.G2", "declared.G2"),
    ("national.G10", "declared.G10"),
    ("national.Q3", "declared.Q3"),
    ("national.Q5", "declared.Q5"),
    ("national.Q6", "declared.Q6"),
    ("national.Q7", "declared.Q7"),
    ("national.Q8", "declared.Q8"),
    ("national.G8.performance_pay", "guarantee.performance_pay_fully_set"),
]

VETOES = [
    "exam_admission",
    "school_choice_violation",
    "key_schools_or_classes",
    "staffing_vacancies",
    "major_safety_incident",
    "falsified_data",
]


class TestCountyFigures:
    """County figures against their thresholds."""

    @pytest.mark.parametrize(("rule", "path", "boundary", "past"), COUNTY_FIGURES)
    def test_exactly_at_the_threshold_meets_it(self, rule, path, boundary, past):
        """The boundary value itself is enough."""
        result = evaluate_national(_with(path, boundary))

        assert outcome(result, rule) is Outcome.MET

    @pytest.mark.parametrize(("rule", "path", "boundary", "past"), COUNTY_FIGURES)
    def test_just_past_the_threshold_is_a_shortfall(self, rule, path, boundary, past):
        """A hair below fails, with the gap in the indicator's unit."""
        result = evaluate_national(_with(path, past))

        finding = only(result, rule)
        assert finding.outcome is Outcome.SHORTFALL
        assert finding.gap == pytest.approx(boundary - past)
        assert result.status is Status.FAIL

    @pytest.mark.parametrize(("rule", "path", "boundary", "past"), COUNTY_FIGURES)
    def test_unknown_is_not_evaluable(self, rule, path, boundary, past):
        """Missing is not zero: the county can be at best incomplete."""
        result = evaluate_national(_with(path, None))

        assert outcome(result, rule) is Outcome.NOT_EVALUABLE
        assert result.status is Status.INCOMPLETE


class TestDeclaredItems:
    """Qualitative items the county declares true, false or unknown."""

    @pytest.mark.parametrize(("rule", "path"), DECLARED)
    def test_false_is_a_shortfall_and_unknown_is_open(self, rule, path):
        """``false`` fails; ``null`` cannot pass."""
        assert outcome(evaluate_national(_with(path, False)), rule) is Outcome.SHORTFALL
        assert outcome(evaluate_national(_with(path, None)), rule) is Outcome.NOT_EVALUABLE


class TestRotation:
    """G11: rotation ≥ 10% of eligible teachers; key teachers ≥ 20% of those rotated."""

    def test_exactly_ten_percent_meets_it(self):
        """40 of 400 eligible teachers rotated."""
        document = _with("guarantee.rotated_teachers", 40)
        document["guarantee"]["rotated_key_teachers"] = 8

        result = evaluate_national(document)

        assert outcome(result, "national.G11") is Outcome.MET
        assert outcome(result, "national.G11.key") is Outcome.MET

    def test_one_teacher_short_says_so(self):
        """39 of 400: one more teacher must rotate."""
        result = evaluate_national(_with("guarantee.rotated_teachers", 39))

        finding = only(result, "national.G11")
        assert finding.outcome is Outcome.SHORTFALL
        assert [(r.quantity, r.unit) for r in finding.remedies] == [(1, "teachers")]

    def test_no_eligible_teachers_leaves_the_ratio_undefined(self):
        """0 eligible teachers: the share is undefined, not met."""
        document = _with("guarantee.rotation_eligible_teachers", 0)
        document["guarantee"]["rotated_teachers"] = 0
        document["guarantee"]["rotated_key_teachers"] = 0

        result = evaluate_national(document)

        assert outcome(result, "national.G11") is Outcome.NOT_EVALUABLE


class TestSchoolItems:
    """G3–G7 and Q4, judged per school."""

    def test_music_rooms_per_twelve_classes_rounded_up(self):
        """25 classes need 3 music rooms of at least 96 m²; a 95.9 m² room does not count."""
        document = passing_county()
        school = document["schools"][0]
        school["stages"]["primary"]["classes"] = 25
        school["music_rooms_m2"] = [96, 120, 95.9]

        result = evaluate_national(document)

        finding = only(result, "national.G3.music", school="P1")
        assert (finding.outcome, finding.measured, finding.required) == (Outcome.SHORTFALL, 2, 3)
        assert [(r.quantity, r.unit) for r in finding.remedies] == [(1, "music_rooms")]

    def test_art_rooms_at_exactly_ninety_square_metres_count(self):
        """Three art rooms (for 25 classes) of exactly 90 m² each meet the size."""
        document = passing_county()
        document["schools"][0]["art_rooms_m2"] = [90, 90, 90]  # 25 classes: 3 rooms

        result = evaluate_national(document)

        assert outcome(result, "national.G3.art", school="P1") is Outcome.MET

    def test_unknown_rooms_are_not_evaluable(self):
        """No room list: G3 is open for that school."""
        document = passing_county()
        document["schools"][0]["music_rooms_m2"] = None

        result = evaluate_national(document)

        assert outcome(result, "national.G3.music", school="P1") is Outcome.NOT_EVALUABLE

    @pytest.mark.parametrize(("kind", "limit"), [("primary", 2000), ("nine_year", 2500)])
    def test_school_size_limit_depends_on_the_kind(self, kind, limit):
        """At the limit meets it; one pupil more fails."""
        document = passing_county()
        school = document["schools"][2 if kind == "nine_year" else 0]
        stages = school["stages"]
        first = "primary"
        other = sum(s["students"] for name, s in stages.items() if s and name != first)
        stages[first]["students"] = limit - other

        at_limit = evaluate_national(document)
        stages[first]["students"] += 1
        over = evaluate_national(document)

        assert outcome(at_limit, "national.G4", school=school["id"]) is Outcome.MET
        assert outcome(over, "national.G4", school=school["id"]) is Outcome.SHORTFALL

    @pytest.mark.parametrize(
        ("school", "stage_name", "limit"), [("P1", "primary", 45), ("J1", "junior", 50)]
    )
    def test_class_size_limit_per_stage(self, school, stage_name, limit):
        """45 pupils in a primary class meets; 46 fails. Junior: 50 and 51."""
        document = passing_county()
        entry = next(s for s in document["schools"] if s["id"] == school)
        entry["stages"][stage_name]["largest_class"] = limit
        at_limit = evaluate_national(document)
        entry["stages"][stage_name]["largest_class"] = limit + 1
        over = evaluate_national(document)

        assert outcome(at_limit, "national.G5", school=school, stage=stage_name) is Outcome.MET
        assert outcome(over, "national.G5", school=school, stage=stage_name) is Outcome.SHORTFALL

    def test_small_village_school_funded_as_if_it_had_a_hundred_pupils(self):
        """A rural school of 60 pupils at a 650-yuan baseline needs 65 000 yuan; 64 999 is short."""
        document = passing_county()
        school = document["schools"][0]
        school["area"] = "rural"
        school["stages"]["primary"].update(students=60, classes=3, largest_class=20)
        school["public_funds_yuan"] = 65_000
        met = evaluate_national(document)
        school["public_funds_yuan"] = 64_999
        short = evaluate_national(document)
        document["guarantee"]["funding_baseline_primary_yuan"] = None
        unknown = evaluate_national(document)

        assert outcome(met, "national.G6", school="P1") is Outcome.MET
        assert only(short, "national.G6", school="P1").remedies[0].quantity == 1
        assert outcome(unknown, "national.G6", school="P1") is Outcome.NOT_EVALUABLE

    def test_schools_of_a_hundred_pupils_or_more_are_outside_g6(self):
        """The floor concerns schools under 100 pupils only: with none, G6 is not applicable."""
        result = evaluate_national(passing_county())

        [finding] = [f for f in result.findings if f.rule == "national.G6"]
        assert finding.outcome is Outcome.NOT_APPLICABLE
        assert finding.subject.county == result.county.code
        assert "not applicable" in (finding.note or "")
        assert result.status is Status.PASS

    def test_special_school_funding_per_pupil(self):
        """120 pupils need 720 000 yuan at 6000 each; 719 999 is one yuan short."""
        document = passing_county()
        met = evaluate_national(document)
        document["schools"][3]["public_funds_yuan"] = 719_999
        short = evaluate_national(document)

        assert outcome(met, "national.G7", school="T1") is Outcome.MET
        assert [(r.quantity, r.unit) for r in only(short, "national.G7", school="T1").remedies] == [
            (1, "yuan")
        ]

    def test_training_funds_at_exactly_five_percent(self):
        """50 000 of 1 000 000 yuan is 5%: met; 49 999 is short."""
        document = passing_county()
        met = evaluate_national(document)
        document["schools"][0]["training_funds_yuan"] = 49_999
        short = evaluate_national(document)

        assert outcome(met, "national.Q4", school="P1") is Outcome.MET
        assert outcome(short, "national.Q4", school="P1") is Outcome.SHORTFALL


class TestMonitoring:
    """Q9: every subject at level III or above; difference rate strictly below 0.15."""

    def test_difference_rate_of_exactly_point_one_five_fails(self):
        """The comparison is strict."""
        document = passing_county()
        document["quality"]["monitoring"][0]["difference_rate"] = 0.15

        result = evaluate_national(document)

        assert outcome(result, "national.Q9.difference") is Outcome.SHORTFALL

    def test_level_two_in_one_subject_fails_and_names_it(self):
        """The worst subject is the measured value."""
        document = passing_county()
        document["quality"]["monitoring"][1]["level"] = 2

        result = evaluate_national(document)

        finding = only(result, "national.Q9.level")
        assert (finding.outcome, finding.measured) == (Outcome.SHORTFALL, 2)
        assert "语文" in finding.note

    def test_an_unknown_level_is_open_unless_another_subject_already_fails(self):
        """Unknown alone: not evaluable; unknown beside a failing subject: shortfall."""
        document = passing_county()
        document["quality"]["monitoring"][0]["level"] = None
        open_result = evaluate_national(document)
        document["quality"]["monitoring"][1]["level"] = 2
        failing = evaluate_national(document)

        assert outcome(open_result, "national.Q9.level") is Outcome.NOT_EVALUABLE
        assert outcome(failing, "national.Q9.level") is Outcome.SHORTFALL

    def test_no_monitoring_results_is_not_evaluable(self):
        """An empty list is no evidence of quality."""
        result = evaluate_national(_with("quality.monitoring", []))

        assert outcome(result, "national.Q9.level") is Outcome.NOT_EVALUABLE


class TestEligibilityRecognitionAndVetoes:
    """What makes a county ineligible whatever else holds."""

    def test_basic_balance_exactly_three_years_before_is_eligible(self):
        """Recognised in 2022, assessed in 2025."""
        result = evaluate_national(_with("basic_balance_year", 2022))

        assert outcome(result, "national.E1") is Outcome.MET

    def test_basic_balance_two_years_before_is_ineligible(self):
        """Recognised in 2023, assessed in 2025: too recent."""
        result = evaluate_national(_with("basic_balance_year", 2023))

        assert result.status is Status.INELIGIBLE

    def test_monitoring_not_good_is_ineligible(self):
        """The declared monitoring item is an eligibility condition."""
        result = evaluate_national(_with("declared.monitoring_good", False))

        assert result.status is Status.INELIGIBLE

    def test_social_recognition_of_exactly_85_percent_meets_it(self):
        """85% is enough; 84.9% is a veto."""
        assert (
            outcome(evaluate_national(_with("social_recognition_pct", 85)), "national.S1")
            is Outcome.MET
        )
        assert evaluate_national(_with("social_recognition_pct", 84.9)).status is Status.INELIGIBLE

    @pytest.mark.parametrize("veto", VETOES)
    def test_each_veto_makes_the_county_ineligible(self, veto):
        """A veto event that happened, whatever else holds."""
        result = evaluate_national(_with(f"vetoes.{veto}", True))

        assert result.status is Status.INELIGIBLE
        assert outcome(result, f"national.veto.{veto}") is Outcome.SHORTFALL

    @pytest.mark.parametrize("veto", VETOES)
    def test_an_unknown_veto_item_is_never_a_pass(self, veto):
        """Nobody said whether it happened: incomplete."""
        result = evaluate_national(_with(f"vetoes.{veto}", None))

        assert result.status is Status.INCOMPLETE


class TestG13LeavesBoardingSchoolsOut:
    """G13 (就近入学) is about day schools: with every school of the stage boarding it is not
    applicable, and where the only candidates' boarding is unknown, a shortfall would rest
    on that unknown, so the item is not evaluable, naming those fields."""

    @staticmethod
    def _county(*, p1_boarding: bool | None, share: float) -> dict:
        document = passing_county()
        for school in document["schools"]:
            school["boarding"] = True
        document["schools"][0]["boarding"] = p1_boarding
        document["guarantee"]["nearby_enrolment_primary_pct"] = share
        return document

    def test_a_day_school_keeps_the_item_and_its_shortfall(self):
        finding = only(
            evaluate_national(self._county(p1_boarding=False, share=99.9)), "national.G13.primary"
        )
        assert finding.outcome is Outcome.SHORTFALL

    def test_every_school_boarding_makes_it_not_applicable(self):
        finding = only(
            evaluate_national(self._county(p1_boarding=True, share=99.9)), "national.G13.primary"
        )
        assert finding.outcome is Outcome.NOT_APPLICABLE

    def test_a_shortfall_that_rests_on_unknown_boarding_is_not_evaluable(self):
        finding = only(
            evaluate_national(self._county(p1_boarding=None, share=99.9)), "national.G13.primary"
        )
        assert finding.outcome is Outcome.NOT_EVALUABLE
        assert finding.missing == ("schools[0].boarding",)

    def test_met_stays_met_whatever_the_unknown_boarding(self):
        finding = only(
            evaluate_national(self._county(p1_boarding=None, share=100)), "national.G13.primary"
        )
        assert finding.outcome is Outcome.MET

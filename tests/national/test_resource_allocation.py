"""National resource allocation (教督〔2017〕6号 · 资源配置): L1–L7 per school stage and the school rule.

A stage meets resource allocation when at most one indicator is below standard and
none is below 85% of it; a miss the rule allows is *tolerated*, not a shortfall.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from edu_rules import Outcome, Status
from tests._helpers import evaluate_national, findings, only, outcome
from tests._passing import passing_county

# (rule, numerator field, per, primary threshold, junior threshold)
INDICATORS = [
    ("national.L1", "teachers_above_required_qualification", 100, Fraction("4.2"), Fraction("5.3")),
    ("national.L2", "key_teachers", 100, Fraction(1), Fraction(1)),
    ("national.L3", "pe_arts_teachers", 100, Fraction("0.9"), Fraction("0.9")),
    ("national.L4", "teaching_room_area_m2", 1, Fraction("4.5"), Fraction("5.8")),
    ("national.L5", "sports_area_m2", 1, Fraction("7.5"), Fraction("10.2")),
    ("national.L6", "equipment_value_yuan", 1, Fraction(2000), Fraction(2500)),
    ("national.L7", "multimedia_classrooms", 100, Fraction("2.3"), Fraction("2.4")),
]


def _json_number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def _set(document: dict, school: str, stage: str, **fields: object) -> dict:
    for entry in document["schools"]:
        if entry["id"] == school:
            entry["stages"][stage].update(fields)
    return document


class TestIndicatorAtItsThreshold:
    """Each indicator, each stage: exactly at the threshold meets it; just below misses it."""

    @pytest.mark.parametrize(("rule", "field", "per", "primary", "junior"), INDICATORS)
    def test_exactly_at_the_primary_threshold_meets_it(self, rule, field, per, primary, junior):
        """1000 pupils with exactly threshold × 1000 / per of the numerator is met, not 0.8999…."""
        document = _set(
            passing_county(), "P1", "primary", **{field: _json_number(primary * 1000 / per)}
        )

        result = evaluate_national(document)

        finding = only(result, rule, school="P1", stage="primary")
        assert (Outcome.MET, finding.required) == (finding.outcome, finding.measured)

    @pytest.mark.parametrize(("rule", "field", "per", "primary", "junior"), INDICATORS)
    def test_exactly_at_the_junior_threshold_meets_it(self, rule, field, per, primary, junior):
        """The junior part is held to the junior threshold."""
        document = _set(
            passing_county(), "J1", "junior", **{field: _json_number(junior * 800 / per)}
        )

        result = evaluate_national(document)

        assert outcome(result, rule, school="J1", stage="junior") is Outcome.MET

    @pytest.mark.parametrize(("rule", "field", "per", "primary", "junior"), INDICATORS)
    def test_just_below_the_threshold_is_a_miss_the_school_rule_tolerates(
        self, rule, field, per, primary, junior
    ):
        """One indicator 1% below standard, the other six met: tolerated, and the county passes."""
        value = primary * 1000 / per * Fraction(99, 100)
        document = _set(passing_county(), "P1", "primary", **{field: _json_number(value)})

        result = evaluate_national(document)

        assert outcome(result, rule, school="P1", stage="primary") is Outcome.TOLERATED
        assert outcome(result, "national.school_rule", school="P1", stage="primary") is Outcome.MET
        assert result.status is Status.PASS

    @pytest.mark.parametrize(("rule", "field", "per", "primary", "junior"), INDICATORS)
    def test_unknown_value_is_not_evaluable_and_never_a_pass(
        self, rule, field, per, primary, junior
    ):
        """One unknown indicator and six met: not evaluable, and the county is at best incomplete."""
        document = _set(passing_county(), "P1", "primary", **{field: None})

        result = evaluate_national(document)

        finding = only(result, rule, school="P1", stage="primary")
        assert finding.outcome is Outcome.NOT_EVALUABLE
        assert finding.missing == (f"schools[0].stages.primary.{field}",)
        assert (
            outcome(result, "national.school_rule", school="P1", stage="primary")
            is Outcome.NOT_EVALUABLE
        )
        assert result.status is Status.INCOMPLETE


class TestExactArithmetic:
    """Comparisons are exact; floats never decide a boundary."""

    def test_nine_pe_teachers_for_a_thousand_pupils_is_exactly_point_nine(self):
        """9 / 1000 × 100 = 0.9 meets L3's 0.9, and is reported as 0.9."""
        document = _set(passing_county(), "P1", "primary", pe_arts_teachers=9)

        result = evaluate_national(document)

        finding = only(result, "national.L3", school="P1", stage="primary")
        assert (finding.outcome, finding.measured, finding.required) == (Outcome.MET, 0.9, 0.9)

    def test_one_tenth_steps_add_up_exactly(self):
        """4.5 m² per pupil written as 4500.0 m² for 1000 pupils meets L4 exactly."""
        document = _set(passing_county(), "P1", "primary", teaching_room_area_m2=4500.0)

        result = evaluate_national(document)

        assert outcome(result, "national.L4", school="P1", stage="primary") is Outcome.MET

    def test_the_same_value_meets_primary_and_misses_junior(self):
        """5.0 qualified teachers per 100 pupils meets the primary 4.2 but not the junior 5.3."""
        document = passing_county()
        _set(document, "P1", "primary", teachers_above_required_qualification=50)
        _set(document, "J1", "junior", teachers_above_required_qualification=40)

        result = evaluate_national(document)

        assert outcome(result, "national.L1", school="P1", stage="primary") is Outcome.MET
        assert outcome(result, "national.L1", school="J1", stage="junior") is Outcome.TOLERATED


class TestSchoolRule:
    """At most one indicator below standard, none below 85% of it."""

    def test_two_misses_fail_the_stage_and_both_are_shortfalls(self):
        """Two indicators below standard: the stage fails, and each miss is a shortfall."""
        document = _set(passing_county(), "P1", "primary", pe_arts_teachers=8, key_teachers=9)

        result = evaluate_national(document)

        rule = only(result, "national.school_rule", school="P1", stage="primary")
        assert (
            rule.outcome,
            rule.measured,
            rule.required,
            rule.gap,
        ) == (Outcome.SHORTFALL, 2, 1, 1)
        assert outcome(result, "national.L2", school="P1", stage="primary") is Outcome.SHORTFALL
        assert outcome(result, "national.L3", school="P1", stage="primary") is Outcome.SHORTFALL
        assert result.status is Status.FAIL

    def test_a_single_miss_below_85_percent_fails_the_stage(self):
        """One miss at 84% of standard is not tolerated."""
        document = _set(
            passing_county(), "P1", "primary", equipment_value_yuan=2000 * 1000 * 84 // 100
        )

        result = evaluate_national(document)

        assert (
            outcome(result, "national.school_rule", school="P1", stage="primary")
            is Outcome.SHORTFALL
        )
        assert outcome(result, "national.L6", school="P1", stage="primary") is Outcome.SHORTFALL

    def test_a_single_miss_exactly_at_85_percent_is_tolerated(self):
        """85% of the standard is the floor itself, which the rule allows."""
        document = _set(passing_county(), "P1", "primary", equipment_value_yuan=1700 * 1000)

        result = evaluate_national(document)

        assert outcome(result, "national.L6", school="P1", stage="primary") is Outcome.TOLERATED

    def test_two_known_misses_fail_even_with_a_third_indicator_unknown(self):
        """The shortfall holds whatever the unknown value is, so it is reported."""
        document = _set(
            passing_county(),
            "P1",
            "primary",
            pe_arts_teachers=8,
            key_teachers=9,
            sports_area_m2=None,
        )

        result = evaluate_national(document)

        assert (
            outcome(result, "national.school_rule", school="P1", stage="primary")
            is Outcome.SHORTFALL
        )
        assert outcome(result, "national.L5", school="P1", stage="primary") is Outcome.NOT_EVALUABLE

    def test_one_miss_with_an_unknown_is_open(self):
        """One tolerable miss and one unknown: the stage may pass or fail, so neither is claimed."""
        document = _set(passing_county(), "P1", "primary", pe_arts_teachers=8, sports_area_m2=None)

        result = evaluate_national(document)

        assert (
            outcome(result, "national.school_rule", school="P1", stage="primary")
            is Outcome.NOT_EVALUABLE
        )
        assert outcome(result, "national.L3", school="P1", stage="primary") is Outcome.NOT_EVALUABLE
        assert result.status is Status.INCOMPLETE


class TestScope:
    """Which school stages enter L1–L7."""

    def test_a_through_school_is_judged_per_stage_on_each_stage_threshold(self):
        """The nine-year school's primary part against 4.2, its junior part against 5.3."""
        document = passing_county()
        _set(
            document,
            "N1",
            "primary",
            teachers_above_required_qualification=int(Fraction("4.2") * 600 / 100 + 1),
        )
        _set(document, "N1", "junior", teachers_above_required_qualification=21)  # 5.25 per 100

        result = evaluate_national(document)

        primary = only(result, "national.L1", school="N1", stage="primary")
        junior = only(result, "national.L1", school="N1", stage="junior")
        assert (primary.outcome, primary.required) == (Outcome.MET, 4.2)
        assert (junior.outcome, junior.required) == (Outcome.TOLERATED, 5.3)

    def test_special_education_schools_are_left_out(self):
        """The special school has no L1–L7 or school-rule findings."""
        result = evaluate_national(passing_county())

        assert [
            f for f in result.findings if f.subject.school == "T1" and f.family == "resource"
        ] == []


class TestWhatClosesTheGap:
    """A shortfall says what it takes, in whole real-world units."""

    def test_teachers_to_add_are_rounded_up_to_whole_people(self):
        """40 qualified teachers for 1000 pupils against 4.2 per 100: 2 more teachers."""
        document = _set(
            passing_county(),
            "P1",
            "primary",
            teachers_above_required_qualification=40,
            key_teachers=9,
        )

        result = evaluate_national(document)

        finding = only(result, "national.L1", school="P1", stage="primary")
        assert [(r.quantity, r.unit) for r in finding.remedies] == [(2, "teachers")]
        assert finding.gap == pytest.approx(0.2)

    def test_area_to_build_is_in_square_metres(self):
        """4.4 m² per pupil for 1000 pupils against 4.5: 100 m² to build."""
        document = _set(
            passing_county(), "P1", "primary", teaching_room_area_m2=4400, key_teachers=9
        )

        result = evaluate_national(document)

        finding = only(result, "national.L4", school="P1", stage="primary")
        assert [(r.quantity, r.unit) for r in finding.remedies] == [(100, "m2")]

    def test_every_shortfall_is_traceable(self):
        """Rule id, layer, citation, source status and effective dates on every finding."""
        document = _set(passing_county(), "P1", "primary", pe_arts_teachers=8, key_teachers=9)

        result = evaluate_national(document)

        for finding in findings(result, "national.L3"):
            assert finding.layer == "national"
            assert finding.citation == "教督〔2017〕6号 · 资源配置 · 第(3)项"
            assert finding.source_status == "secondary"
            assert finding.effective_from == "2017-05-01"

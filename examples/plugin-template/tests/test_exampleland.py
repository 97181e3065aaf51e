"""The Exampleland layer (示例省, FICTIONAL): its numbers, its reach, the laws every layer obeys.

Thresholds are read from the compiled rules (``testing.thresholds``), never written here
twice: the test follows the data in ``rules/exampleland.json``.
"""

from __future__ import annotations

import copy
from fractions import Fraction

import edu_rules
from edu_rules import Outcome, testing
from hypothesis import given
from hypothesis import strategies as st

CODE = "990101"  # an (imaginary) county of Exampleland
NATIONAL = testing.registry_without("exampleland")


def _county(**changes) -> dict:
    """A small valid Exampleland county: one primary school of 1000 pupils."""
    document = {
        "schema_version": 1,
        "code": CODE,
        "name": "示例县",
        "assessment_year": 2025,
        "schools": [
            {
                "id": "S1",
                "name": "示例县第一小学",
                "kind": "primary",
                "ownership": "public",
                "area": "urban",
                "stages": {"primary": {"students": 1000, "classes": 24, "pe_arts_teachers": 10}},
            }
        ],
        "guarantee": {
            "rotation_eligible_teachers": 400,
            "rotated_teachers": 60,
            "rotated_key_teachers": 12,
        },
    }
    document.update(changes)
    return document


def _finding(result: edu_rules.Result, rule: str, **subject: str) -> edu_rules.Finding:
    found = [
        f
        for f in result.findings
        if f.rule == rule
        and all(getattr(f.subject, key) == value for key, value in subject.items())
    ]
    assert len(found) == 1, found
    return found[0]


class TestTheLayer:
    """What the installed plugin declares, and where it applies."""

    def test_it_governs_99_codes_on_top_of_the_national_layer(self):
        """A 99xxxx county: national, then exampleland."""
        result = testing.evaluate_document(_county())

        assert [layer.name for layer in result.layers] == ["national", "exampleland"]

    def test_it_never_touches_a_county_elsewhere(self):
        """A 4502xx county evaluates to the same bytes with or without Exampleland."""
        document = _county(code="450202")
        with_it = edu_rules.to_json(testing.evaluate_document(document))
        without_it = testing.assessment_json(testing.evaluate_document(document, registry=NATIONAL))

        assert with_it == without_it


class TestTightenedL3:
    """``national.L3`` as Exampleland overrides it."""

    def test_the_override_is_stricter_and_cites_exampleland(self):
        """The threshold in force is above the national one; the finding names both documents."""
        ours = testing.thresholds(CODE).rules["national.L3"]
        theirs = testing.thresholds(CODE, registry=NATIONAL).rules["national.L3"]

        assert ours.threshold("primary") > theirs.threshold("primary")
        assert [p.role for p in ours.provenance] == ["defines", "overrides"]
        assert ours.layer.name == "exampleland"

    def test_exactly_at_the_exampleland_threshold_meets_it_and_one_teacher_fewer_misses_it(self):
        """1000 pupils: threshold × 10 teachers meets L3; one teacher fewer does not."""
        threshold = Fraction(testing.thresholds(CODE).rules["national.L3"].threshold("primary"))
        at = int(threshold * 1000 / 100)
        document = _county()
        below = copy.deepcopy(document)
        document["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = at
        below["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = at - 1

        met = _finding(testing.evaluate_document(document), "national.L3", school="S1")
        missed = _finding(testing.evaluate_document(below), "national.L3", school="S1")

        assert (met.outcome, met.layer) == (Outcome.MET, "exampleland")
        assert missed.outcome is not Outcome.MET

    def test_a_value_the_nation_accepts_can_miss_in_exampleland(self):
        """9.5 teachers per 1000 pupils: 0.95 per 100 meets 0.9 nationally, misses 1.0 here."""
        document = _county()
        document["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = 9.5

        national_result = testing.evaluate_document(document, registry=NATIONAL)
        national = _finding(national_result, "national.L3", school="S1")
        ours = _finding(testing.evaluate_document(document), "national.L3", school="S1")

        assert (national.outcome, ours.outcome is Outcome.MET) == (Outcome.MET, False)


class TestKeyTeacherRotation:
    """``exampleland.key_teacher_rotation``: key teachers rotated ≥ 3% of the eligible."""

    RULE = "exampleland.key_teacher_rotation"

    def test_exactly_three_percent_meets_it_and_one_key_teacher_fewer_misses_it(self):
        """400 eligible teachers: 12 key teachers rotated meet it, 11 fall short by one."""
        threshold = Fraction(testing.thresholds(CODE).rules[self.RULE].threshold())
        at = int(threshold * 400 / 100)
        document, below = _county(), _county()
        document["guarantee"]["rotated_key_teachers"] = at
        below["guarantee"]["rotated_key_teachers"] = at - 1

        met = _finding(testing.evaluate_document(document), self.RULE)
        missed = _finding(testing.evaluate_document(below), self.RULE)

        assert (met.outcome, missed.outcome) == (Outcome.MET, Outcome.SHORTFALL)
        assert missed.remedies[0].quantity == 1

    def test_unknown_figures_are_not_evaluable(self):
        """Missing is not zero: no rotation figures, no verdict on the rule."""
        document = _county(guarantee={})

        finding = _finding(testing.evaluate_document(document), self.RULE)

        assert finding.outcome is Outcome.NOT_EVALUABLE


class TestTheLawsEveryLayerObeys:
    """``edu_rules.testing`` checks on counties generated around Exampleland's own thresholds."""

    @given(document=testing.counties(CODE, unknowns=True, year=st.integers(2020, 2030)))
    def test_exampleland_only_tightens_the_national_rules(self, document):
        """No national shortfall disappears, and no county passes that fails nationally."""
        testing.check_layering_only_tightens(document, NATIONAL, edu_rules.default_registry())

    @given(document=testing.counties(CODE, unknowns=True))
    def test_results_do_not_depend_on_school_order_and_survive_json(self, document):
        """Order invariance, document and result round trips."""
        testing.check_order_invariance(document)
        testing.check_round_trips(document)

    @given(document=testing.counties(CODE, schools=st.integers(2, 5)))
    def test_every_result_follows_the_result_schema(self, document):
        """What platforms code against holds for Exampleland's findings too."""
        testing.check_result_schema(testing.evaluate_document(document))

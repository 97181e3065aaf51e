"""A coefficient of variation compared after rounding, as a province writes it in rule data.

"Compare the coefficients of variation after rounding to 3 decimals, half up" is a
``rounding`` provision on a ``coefficient_of_variation`` rule.  The CV is the square root of
an exact rational; it is rounded exactly (never through a float), the rounded value is
compared with the limit, and the finding shows both.  A CV rule with a provision never
takes a path that ignores it: the integer kernel and the columnar batch path leave it
to the evaluator object.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import edu_rules
from edu_rules import Layer, Outcome, hookimpl, testing
from edu_rules._resources import load_schema
from edu_rules.batch.columnar import _why_not
from edu_rules.engine import default_as_of
from edu_rules.evaluators import BUILTIN_EVALUATORS
from edu_rules.evaluators.measures import rounded_root
from edu_rules.io.serialization import to_json
from edu_rules.model.evaluation import Context
from edu_rules.model.provisions import round_exact
from edu_rules.model.rules import parse_rule_data
from tests._passing import PRIMARY_RATES, passing_county, stage
from tests.plugins_for_tests import FICTIONAL_CITATION, fictional_layer

OTHERS = {"guangxi", "liuzhou", "exampleland", "northland", "capital"}


def exception(*covers: str) -> dict[str, Any]:
    """An authorised exception as the rule-file schema takes it, naming what it covers."""
    entry: dict[str, Any] = {"citation": f"{FICTIONAL_CITATION} · 第九条", "reason": "统计口径"}
    if "covers" in load_schema("ruleset.schema.json")["$defs"]["exception"]["properties"]:
        entry["covers"] = list(covers)
    return entry


class _Rounding:
    """A fictional province (98) comparing the L6 CV after rounding (``digits``, ``mode``)."""

    layer: Layer = fictional_layer("cvround")

    def __init__(self, digits: int, mode: str) -> None:
        self.data = {
            "rules": [
                {
                    "overrides": "national.cv.L6",
                    "citation": f"{FICTIONAL_CITATION} · 第九条 差异系数保留三位小数",
                    "source_status": "confirmed",
                    "values": {"2020-01-01": {}},
                    "exception": exception("provision:cv_digits"),
                    "provisions": [
                        {
                            "id": "cv_digits",
                            "kind": "rounding",
                            "digits": digits,
                            "mode": mode,
                            "citation": f"{FICTIONAL_CITATION} · 第九条",
                        }
                    ],
                }
            ]
        }

    @hookimpl
    def edu_rules_layer(self) -> Layer:
        return self.layer

    @hookimpl
    def edu_rules_rules(self) -> Any:
        return parse_rule_data(self.data, source="cvround.json")


def _registry(digits: int = 3, mode: str = "half_up") -> edu_rules.Registry:
    plugin = _Rounding(digits, mode)
    return edu_rules.load_registry(
        edu_rules.make_plugin_manager(blocked=OTHERS, plugins=[("cvround", plugin)])
    )


def _county_with_l6_cv(high: int, low: int) -> dict[str, Any]:
    """A passing county whose two primary stages (1,000 pupils each) hold ``high`` and
    ``low`` yuan of equipment per pupil: the L6 primary CV is ``(high − low) / (high + low)``."""
    document = passing_county("980101", "虚构区")
    by_id = {school["id"]: school for school in document["schools"]}
    by_id["P1"]["stages"]["primary"] = stage(1000, PRIMARY_RATES, equipment_value_yuan=high * 1000)
    by_id["N1"]["stages"]["primary"] = stage(1000, PRIMARY_RATES, equipment_value_yuan=low * 1000)
    return document


def _cv_finding(result: edu_rules.Result) -> edu_rules.Finding:
    [finding] = [
        f for f in result.findings if f.rule == "national.cv.L6" and f.subject.stage == "primary"
    ]
    return finding


class TestTheBoundary:
    def test_0_5005_rounds_half_up_to_0_501_and_fails_a_limit_of_0_5(self):
        county = _county_with_l6_cv(3001, 999)  # 2002 / 4000 = 0.5005 exactly

        finding = _cv_finding(testing.evaluate_document(county, registry=_registry()))

        assert finding.outcome is Outcome.SHORTFALL
        assert finding.details["rounded"]["raw"] == 0.5005
        assert finding.details["rounded"]["compared"] == 0.501
        assert finding.details["rounded"]["provision"]["layer"] == "cvround"
        assert finding.gap == pytest.approx(0.0005)

    def test_0_5004_rounds_to_0_500_and_meets_it_where_the_national_rule_alone_fails(self):
        county = _county_with_l6_cv(3751, 1249)  # 2502 / 5000 = 0.5004 exactly
        national = testing.registry_without(*OTHERS)

        ours = _cv_finding(testing.evaluate_document(county, registry=_registry()))
        theirs = _cv_finding(testing.evaluate_document(county, registry=national))

        assert theirs.outcome is Outcome.SHORTFALL  # 0.5004 > 0.5 exactly
        assert "rounded" not in theirs.details
        assert ours.outcome is Outcome.MET
        assert (ours.details["rounded"]["raw"], ours.details["rounded"]["compared"]) == (
            0.5004,
            0.5,
        )

    def test_half_even_takes_an_exact_tie_to_the_even_neighbour(self):
        county = _county_with_l6_cv(3001, 999)  # 0.5005: a tie at three decimals

        finding = _cv_finding(testing.evaluate_document(county, registry=_registry(3, "half_even")))

        assert finding.outcome is Outcome.MET
        assert finding.details["rounded"]["compared"] == 0.5

    def test_a_cv_just_under_a_tie_rounds_down_even_half_up(self):
        county = _county_with_l6_cv(300_099, 99_901)  # 0.500495: below the tie

        finding = _cv_finding(testing.evaluate_document(county, registry=_registry()))

        assert finding.outcome is Outcome.MET
        assert finding.details["rounded"]["compared"] == 0.5


class TestExactRounding:
    @given(
        st.fractions(min_value=0, max_value=10, max_denominator=10**6),
        st.integers(0, 6),
        st.sampled_from(["half_up", "half_even"]),
    )
    def test_the_root_of_a_square_rounds_as_the_number_itself(self, value, digits, mode):
        """``√(v²)`` rounded in whole numbers is ``v`` rounded exactly, ties included."""
        squared = value * value
        assert rounded_root(squared.numerator, squared.denominator, digits, mode) == round_exact(
            value, digits, mode
        )

    @given(
        st.integers(0, 10**12),
        st.integers(1, 10**12),
        st.integers(0, 6),
    )
    def test_the_rounded_root_is_within_half_a_step_of_the_root(self, top, bottom, digits):
        """``|r − √(top/bottom)| ≤ ½ · 10⁻ᵈ``, checked by squaring, exactly."""
        rounded = rounded_root(top, bottom, digits, "half_up")
        half = Fraction(1, 2 * 10**digits)
        low, high = max(rounded - half, Fraction(0)), rounded + half
        value = Fraction(top, bottom)
        assert low * low <= value <= high * high
        assert (10**digits) % rounded.denominator == 0  # a whole number of steps


class _Adding(_Rounding):
    """A fictional province (98) adding a stage figure to L5's measure (any stage field will
    do for the law: here its multimedia classrooms), its CVs unrounded."""

    def __init__(self) -> None:
        self.data = {
            "rules": [
                {
                    "overrides": "national.L5",
                    "citation": f"{FICTIONAL_CITATION} · 第七条",
                    "source_status": "confirmed",
                    "values": {"2020-01-01": {}},
                    "exception": exception("provision:rented"),
                    "provisions": [
                        {
                            "id": "rented",
                            "kind": "add",
                            "fields": ["multimedia_classrooms"],
                            "citation": f"{FICTIONAL_CITATION} · 第七条",
                        }
                    ],
                }
            ]
        }


class TestNoPathIgnoresTheProvision:
    def test_the_integer_kernel_leaves_the_cv_of_an_adjusted_indicator_to_the_evaluator(self):
        registry = edu_rules.load_registry(
            edu_rules.make_plugin_manager(blocked=OTHERS, plugins=[("cvround", _Adding())])
        )
        county = edu_rules.load_county(_county_with_l6_cv(3751, 1249))
        ruleset = registry.ruleset(("national", "cvround"), default_as_of(2025))
        context = Context(county=county, rules=ruleset.rules, as_of=ruleset.as_of)
        kernel = BUILTIN_EVALUATORS["coefficient_of_variation"].rows
        assert kernel is not None

        assert kernel(ruleset.rules["national.cv.L5"], context) is None
        fast = edu_rules.evaluate(county, registry=registry)
        reference = edu_rules.evaluate(county, registry=registry, kernels=False)
        assert to_json(fast) == to_json(reference)
        [cv] = [
            f for f in fast.findings if f.rule == "national.cv.L5" and f.subject.stage == "primary"
        ]
        # the measure is sports area + multimedia classrooms: the mean says so
        pupils = 2000
        area = sum(
            s["stages"]["primary"]["sports_area_m2"]
            + s["stages"]["primary"]["multimedia_classrooms"]
            for s in _county_with_l6_cv(3751, 1249)["schools"]
            if s["stages"].get("primary")
        )
        assert cv.details["mean"] == pytest.approx(area / pupils)

    def test_the_integer_kernel_leaves_a_rounded_cv_to_the_evaluator(self):
        county = edu_rules.load_county(_county_with_l6_cv(3751, 1249))
        registry = _registry()
        ruleset = registry.ruleset(("national", "cvround"), default_as_of(2025))
        context = Context(county=county, rules=ruleset.rules, as_of=ruleset.as_of)
        kernel = BUILTIN_EVALUATORS["coefficient_of_variation"].rows
        assert kernel is not None
        assert kernel(ruleset.rules["national.cv.L6"], context) is None
        assert kernel(ruleset.rules["national.cv.L5"], context) is not None  # no provision

    def test_kernels_and_reference_agree_on_a_rounded_cv(self):
        county = edu_rules.load_county(_county_with_l6_cv(3751, 1249))
        registry = _registry()

        fast = edu_rules.evaluate(county, registry=registry)
        reference = edu_rules.evaluate(county, registry=registry, kernels=False)

        assert to_json(fast) == to_json(reference)
        assert _cv_finding(fast).outcome is Outcome.MET

    def test_the_columnar_batch_path_leaves_the_group_to_the_per_unit_path(self):
        registry = _registry()
        chain = registry.chain("980101")
        ruleset = registry.ruleset(
            tuple(loaded.layer.name for loaded in chain), default_as_of(2025)
        )

        national = testing.registry_without(*OTHERS)
        alone = national.ruleset(("national",), default_as_of(2025))

        assert _why_not(national, national.chain("980101"), alone) is None
        # Either reason sends the group to the per-unit path: the provision itself, or the
        # law on outcomes, which judges a lower layer's change of a higher rule unit by unit.
        assert _why_not(registry, chain, ruleset) in {
            "national.cv.L6: has provisions",
            "a lower layer changes rules of the layers above (the law on outcomes judges them)",
        }

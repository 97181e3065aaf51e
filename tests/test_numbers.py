"""Exact numbers: a float means the decimal text it was written with, nothing else."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_rules._numbers import exact


class TestFloats:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (0.9, Fraction(9, 10)),
            (-0.9, Fraction(-9, 10)),
            (7.5, Fraction(15, 2)),
            (1e-7, Fraction(1, 10**7)),
            (1.5e20, 150_000_000_000_000_000_000),
            (2.0, 2),
        ],
    )
    def test_a_float_is_its_shortest_decimal_text(self, value, expected):
        """0.9 is nine tenths exactly (not 0.90000000000000002220…); whole values are ints."""
        assert exact(value) == expected
        assert type(exact(value)) is type(expected)

    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_the_fast_reading_equals_reading_the_text(self, value):
        """``exact(x)`` is the same rational as parsing ``repr(x)`` as a decimal."""
        assert exact(value) == Fraction(Decimal(repr(value)))

    def test_nine_teachers_for_a_thousand_pupils_is_exactly_point_nine_per_hundred(self):
        """The boundary the standard names: 9 × 100 / 1000 is 0.9, and 0.9 read is 9/10."""
        assert Fraction(9 * 100, 1000) == exact(0.9)

    @pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
    def test_not_a_finite_number_is_refused(self, value):
        """NaN and Infinity are not numbers here."""
        with pytest.raises(ValueError, match="finite"):
            exact(value)


class TestTextAndDataAgree:
    def test_a_float_reads_as_its_text(self):
        """207130812617.5183 as text; from Python data it reads the same, not the binary float.

        (Whole floats beyond 2⁵³ no longer fit the contract: money is at most 10¹² yuan.)"""
        import copy
        import json

        import edu_rules
        from tests._passing import passing_county

        document = passing_county(code="450202")
        document["schools"][0]["stages"]["primary"]["equipment_value_yuan"] = 207130812617.5183

        as_text = edu_rules.load_county(json.dumps(document).encode())
        as_data = edu_rules.load_county(copy.deepcopy(document))

        values = {
            county.schools[0].stages.primary.equipment_value_yuan for county in (as_text, as_data)
        }
        assert values == {Fraction("207130812617.5183")}

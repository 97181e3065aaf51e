"""Remembered exact values of floats: the same answer as :func:`edu_rules._numbers.exact`.

Structuring a batch converts about a million figures, most of them repeated; the
converter asks :func:`~edu_rules._numbers.exact_float`, which remembers what it has
converted.  The laws: it gives what ``exact`` gives, type included, the first time and
every time after; it never keeps a value ``exact`` refuses; it stays bounded.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_rules import _numbers
from edu_rules._numbers import exact, exact_float

pytestmark = pytest.mark.property


class TestExactFloat:
    @settings(max_examples=200, deadline=None)
    @given(value=st.floats(allow_nan=False, allow_infinity=False))
    def test_gives_what_exact_gives_every_time(self, value: float) -> None:
        """First and remembered answers both equal ``exact(value)``, type included."""
        expected = exact(value)

        first, again = exact_float(value), exact_float(value)

        assert (expected, type(expected)) == (first, type(first)) == (again, type(again))

    def test_both_zeros_are_zero(self) -> None:
        """``-0.0`` and ``0.0`` are one dict key; both are exactly ``0``."""
        assert (exact_float(-0.0), exact_float(0.0)) == (0, 0)

    @pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
    def test_refuses_what_exact_refuses_and_keeps_nothing(self, value: float) -> None:
        """NaN and infinities raise as ``exact`` does, and are not remembered."""
        with pytest.raises(ValueError, match="finite"):
            exact_float(value)

        assert value not in _numbers._REMEMBERED

    def test_stays_bounded(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Past its bound it starts afresh instead of growing without end."""
        monkeypatch.setattr(_numbers, "_REMEMBERED", {})
        monkeypatch.setattr(_numbers, "_REMEMBERED_MOST", 4)

        answers = [exact_float(index + 0.5) for index in range(10)]

        assert answers == [exact(index + 0.5) for index in range(10)]
        assert len(_numbers._REMEMBERED) <= 4

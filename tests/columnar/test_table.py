"""A table reads every figure as the project reads it, and keeps each row with its unit.

Laws:

- **The decimal reading.**  A column's ``num[i] / scale`` is exactly
  :func:`edu_rules._numbers.exact` of the JSON value (a float is the decimal its shortest
  text spells), for any mix of whole numbers, floats of up to 15 significant digits
  (what the fast parser keeps), huge integers and unknowns; and a ``Decimal`` (the
  reference parser's numbers) is read exactly, never through a float.
- **Rows and units.**  Every school and every present stage of every document is one
  row, in document order, with its unit; a unit's pupils are its stages' students.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_rules import testing
from edu_rules._numbers import exact
from edu_rules.batch.columnar.table import Table, exact_column

pytestmark = pytest.mark.property

DECIMAL_TEXT = st.builds(
    lambda digits, places, sign: (
        f"{sign}{digits[:-places] or '0'}.{digits[-places:].zfill(places)}"
        if places
        else f"{sign}{digits}"
    ),
    st.text("0123456789", min_size=1, max_size=15),
    st.integers(0, 12),
    st.sampled_from(("", "-")),
)
"""Decimal text as a county document writes it: up to 15 digits, up to 12 decimals."""

VALUES = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**9),
    st.integers(-(2**70), 2**70),
    DECIMAL_TEXT.map(float),
    st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda x: abs(x) < 1e15),
)


def _read(column: Any, row: int) -> Any:
    return column.exact(row)


class TestTheDecimalReading:
    @settings(max_examples=300)
    @given(st.lists(VALUES, max_size=30))
    def test_a_column_reads_each_value_as_exact_does(self, values: list[Any]) -> None:
        """Whole numbers, decimals, huge integers and unknowns, mixed in one column."""
        column = exact_column(values)
        for row, value in enumerate(values):
            expected = None if value is None else exact(value)
            assert _read(column, row) == expected, (row, value)
            assert isinstance(_read(column, row), int | Fraction | type(None))

    def test_the_boundary_figures_read_exactly(self) -> None:
        """0.9 per 100 is 9/10, whatever the float nearest to it is."""
        column = exact_column([0.9, 0.1, 0.7, 1e-12, 123456789012.345, None])
        assert [_read(column, i) for i in range(6)] == [
            Fraction(9, 10),
            Fraction(1, 10),
            Fraction(7, 10),
            Fraction(1, 10**12),
            Fraction(123456789012345, 1000),
            None,
        ]

    def test_a_decimal_is_never_read_through_a_float(self) -> None:
        """The reference parser's Decimal keeps every digit."""
        text = "0.10000000000000000001"
        column = exact_column([Decimal(text), 1])
        assert _read(column, 0) == Fraction(text)
        assert column.huge


class TestRowsAndUnits:
    @settings(max_examples=30, deadline=None)
    @given(st.lists(testing.counties("110101", unknowns=True), min_size=1, max_size=3))
    def test_every_school_and_stage_is_a_row_of_its_unit(self, documents: list[Any]) -> None:
        """In document order, each row knows its unit and its school."""
        documents = [orjson.loads(orjson.dumps(d)) for d in documents]
        table = Table(documents)
        schools = [(u, s) for u, d in enumerate(documents) for s in d["schools"]]
        assert [table.school_dicts[i] is s for i, (_, s) in enumerate(schools)] == [True] * len(
            schools
        )
        assert table.school_unit.tolist() == [u for u, _ in schools]
        stages = [
            (row, stage)
            for row, (_, school) in enumerate(schools)
            for name in ("primary", "junior")
            if (stage := (school.get("stages") or {}).get(name)) is not None
        ]
        assert table.stage_school.tolist() == [row for row, _ in stages]
        assert all(table.stage_dicts[i] is stage for i, (_, stage) in enumerate(stages))
        assert table.stage_unit.tolist() == [schools[row][0] for row, _ in stages]
        pupils = [
            any(
                stage["students"] > 0
                for school in d["schools"]
                for stage in (school.get("stages") or {}).values()
                if stage is not None
            )
            for d in documents
        ]
        assert table.has_pupils.tolist() == pupils

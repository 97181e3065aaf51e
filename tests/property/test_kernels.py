"""The exact integer kernels give the findings the reference object path gives.

Laws:

- **Kernels agree with the reference.**  For every county, ``evaluate(county)`` (the
  built-in per-stage evaluators' integer kernels, wherever a rule has no provisions)
  equals ``evaluate(county, kernels=False)`` (every rule judged by its evaluator
  object, in Fractions), finding for finding and byte for byte as JSON.  Checked on
  generated documents with figures at and around every threshold in force, with
  unknown values, for a Liuzhou unit (three layers), a unit of the national layer
  only and the two example provision layers (whose rules take the traced path), and on
  a slice of the synthetic national batch of ``benchmarks/generate_national.py``.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import edu_rules
from benchmarks import generate_national
from edu_rules import testing
from edu_rules.io.serialization import to_json

pytestmark = pytest.mark.property

CODES = ("450202", "450223", "110101", "960101", "960102")
"""Liuzhou (three layers), national only, and the two example layers with provisions."""


def _assert_same(county: edu_rules.County) -> None:
    fast = edu_rules.evaluate(county)
    reference = edu_rules.evaluate(county, kernels=False)

    assert reference.findings == fast.findings
    assert reference == fast
    assert to_json(reference) == to_json(fast)


class TestKernelsAgreeWithTheReference:
    @given(
        st.sampled_from(CODES).flatmap(
            lambda code: testing.county_models(code, unknowns=True, schools=st.integers(2, 20))
        )
    )
    def test_on_documents_around_every_threshold(self, county: edu_rules.County) -> None:
        """Figures at, just below and just above each threshold: every finding is equal."""
        _assert_same(county)

    @pytest.mark.parametrize("index", [0, 1, 2, 3])
    def test_on_a_slice_of_the_national_batch(self, index: int) -> None:
        """Units of the synthetic national batch (a Liuzhou unit among them): equal results."""
        rng = random.Random(generate_national.DEFAULT_SEED)  # noqa: S311 - the batch's seed
        codes = generate_national.unit_codes(generate_national.DEFAULT_UNITS, rng)
        liuzhou = [unit for unit in codes if unit[0].startswith("4502")][:1]
        chosen = [*liuzhou, *codes[:: len(codes) // 3]][index]
        seed = f"{generate_national.DEFAULT_SEED}-{chosen[0]}"
        unit_rng = random.Random(seed)  # noqa: S311 - how the batch seeds a unit
        document = generate_national.make_county(
            unit_rng, *chosen, stages=generate_national.stage_count(unit_rng)
        )

        _assert_same(edu_rules.load_county(document))

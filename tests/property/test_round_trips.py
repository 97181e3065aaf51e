"""Round trips: documents and results survive their own serialisation, and follow their schemas.

Laws:

- **Document → model → document.**  A document's canonical form (every field spelled
  out, unknowns as ``null``) keeps every value the document gives — numbers equal as
  exact decimals —, loads back into the same model, and is its own canonical form.
- **Result → JSON → result.**  ``structure(json.loads(to_json(result)), Result)`` equals
  the result, and writes the same bytes again.
- **Contracts.**  Every generated document validates against
  ``schemas/county.schema.json`` (checked with plain jsonschema, independently of the
  loader), and every result against ``schemas/result.schema.json``.
"""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import testing
from edu_rules._resources import load_schema
from edu_rules.io.serialization import structure, to_json
from edu_rules.model.result import Result

pytestmark = pytest.mark.property

FEW = settings(max_examples=max(5, settings.default.max_examples // 5))
"""Validating a result of several hundred findings with jsonschema is slow: a fifth of the examples."""

CODES = ("450202", "110101")
DOCUMENTS = st.sampled_from(CODES).flatmap(
    lambda code: testing.counties(code, unknowns=True, year=st.integers(2019, 2030))
)


def _result_schema_or_skip() -> None:
    try:
        load_schema("result.schema.json")
    except FileNotFoundError:
        pytest.skip("schemas/result.schema.json is not written yet")


class TestDocuments:
    """County documents through ``load_county`` and the converter."""

    @given(document=DOCUMENTS)
    def test_every_generated_document_follows_the_county_schema(self, document):
        """The generator only makes documents the contract accepts."""
        testing.check_county_schema(document)

    @given(document=DOCUMENTS)
    def test_document_model_document_is_an_identity_and_so_is_result_json_result(self, document):
        """Canonical form keeps every value; the result's JSON structures back into it."""
        testing.check_round_trips(document)


class TestResults:
    """Results through ``to_json`` and the converter."""

    @given(document=DOCUMENTS)
    def test_result_json_result_is_an_identity(self, document):
        """``structure(json.loads(to_json(result)), Result) == result``."""
        result = testing.evaluate_document(document)

        back = structure(json.loads(to_json(result)), Result)

        assert result == back

    @FEW
    @given(document=DOCUMENTS)
    def test_every_result_follows_the_result_schema(self, document):
        """What platforms code against is what the engine writes."""
        _result_schema_or_skip()

        testing.check_result_schema(testing.evaluate_document(document))

    def test_the_schema_check_catches_a_result_that_breaks_the_contract(self):
        """A result with a status outside the contract fails the check: it is not vacuous."""
        _result_schema_or_skip()
        from tests._passing import passing_county

        result = edu_rules.evaluate(edu_rules.load_county(passing_county()))
        broken = attrs.evolve(result, engine_version=7)

        with pytest.raises(AssertionError, match="engine_version"):
            testing.check_result_schema(broken)

"""A result keeps its findings as per-rule columns and builds ``Finding`` objects when read.

What a user sees does not change: the same findings, shortfalls, summary and JSON
bytes as a result made of finished findings; equal results compare equal; a result
survives pickling (batch workers send results back) with its findings intact.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import attrs
import pytest

import edu_rules
from edu_rules._frozen import pickled_by_fields
from edu_rules.batch import unit_progress
from edu_rules.io.serialization import _fast_json, reference_json, structure, to_json, unstructure
from edu_rules.model.result import FindingTable, Outcome, Result

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(name="result", scope="module")
def _result() -> Result:
    return edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450223-luzhai.json"))


def _finished(result: Result) -> Result:
    """The same result, made of finished Finding objects (the reference form)."""
    return attrs.evolve(result, findings=tuple(result.findings))


class TestLazyResult:
    def test_the_lists_are_the_findings_by_outcome(self, result: Result) -> None:
        """``shortfalls``, ``not_evaluated`` and ``manual_checks`` select from ``findings``."""
        findings = result.findings

        assert tuple(f for f in findings if f.outcome is Outcome.SHORTFALL) == result.shortfalls
        assert (
            tuple(f for f in findings if f.outcome in {Outcome.NOT_EVALUABLE, Outcome.ERROR})
            == result.not_evaluated
        )
        assert tuple(f for f in findings if f.outcome is Outcome.MANUAL) == result.manual_checks
        assert result.summary.shortfalls == len(result.shortfalls) > 0

    def test_columns_and_finished_findings_are_equal(self, result: Result) -> None:
        """A result of columns equals the same result made of finished findings."""
        finished = _finished(result)

        assert finished.table.blocks() is None
        assert result.table.blocks() is not None
        assert finished == result

    @pytest.mark.parametrize("family", ["schedule", "resource", "balance", "no such family"])
    def test_a_familys_findings_are_those_of_the_whole_list(self, family: str) -> None:
        """``table.of_family`` gives, lazily or not, what filtering ``findings`` gives."""
        fresh = edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450223-luzhai.json"))

        lazily = fresh.table.of_family(family)

        assert fresh.table._findings is None  # nothing else was built
        assert lazily == tuple(f for f in fresh.findings if f.family == family)
        assert fresh.table.of_family(family) == lazily  # and from finished findings

    def test_a_units_progress_builds_no_finding(self) -> None:
        """The batch's per-unit progress reads only the schedule rules' findings."""
        county = edu_rules.load_county(EXAMPLES / "450223-luzhai.json")
        fresh = edu_rules.evaluate(county)

        progress = unit_progress(county, fresh)

        assert fresh.table._findings is None
        assert progress.planned_year is not None

    def test_a_different_finding_makes_a_different_result(self, result: Result) -> None:
        """Equality reads the findings: one changed note is a different result."""
        first, *rest = result.findings
        changed = attrs.evolve(result, findings=(attrs.evolve(first, note="changed"), *rest))

        assert changed != result

    def test_json_from_columns_is_the_reference_bytes(self, result: Result) -> None:
        """The document written from the columns is byte for byte the generic writer's."""
        assert to_json(_finished(result)) == to_json(result)

    def test_pickling_keeps_every_finding(self, result: Result) -> None:
        """A pickled result, unread or read, comes back equal, with the same JSON."""
        fresh = edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450203-yufeng.json"))
        unread = pickle.loads(pickle.dumps(fresh))  # noqa: S301 - our own bytes

        assert unread == fresh
        assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - our own bytes
        assert to_json(unread) == to_json(fresh)

    def test_its_small_objects_pickle_as_their_fields(self, result: Result) -> None:
        """Subjects, remedies, provenance and titles cross to the parent as ``(class, fields)``."""
        finding = next(f for f in result.findings if f.remedies and f.provenance)
        for value in (finding.subject, finding.remedies[0], finding.provenance[0], finding.title):
            cls, fields = value.__reduce_ex__(pickle.HIGHEST_PROTOCOL)[:2]

            assert cls is type(value)
            assert fields == attrs.astuple(value, recurse=False)
            assert pickle.loads(pickle.dumps(value)) == value  # noqa: S301 - our own bytes

    def test_only_a_class_of_positional_fields_can_pickle_as_its_fields(self) -> None:
        with pytest.raises(TypeError, match="positional"):

            @pickled_by_fields
            @attrs.frozen(kw_only=True)
            class _Named:
                a: int

    def test_the_document_structures_back_to_an_equal_result(self, result: Result) -> None:
        """``structure(document, Result)`` reads the findings; the lists follow from them."""
        back = structure(json.loads(to_json(result)), Result)

        assert back == result
        assert back.shortfalls == result.shortfalls

    def test_a_table_of_findings_is_returned_as_it_is(self, result: Result) -> None:
        """``FindingTable.of`` wraps findings once; a table passes through unchanged."""
        table = FindingTable.of(result.findings)

        assert FindingTable.of(table) is table
        assert len(table) == len(result.findings) == result.summary.findings


class TestFastWriter:
    """``to_json`` writes with orjson only where the bytes are the reference writer's."""

    @pytest.mark.parametrize(
        "number",
        [
            0.9,
            1e-4,
            9.99e-5,
            1e-5,
            1e-7,
            5e-324,
            123456789012345.6,
            1e16,
            2.5e17,
            1.7976931348623157e308,
            2**70,
        ],
    )
    def test_very_small_and_very_large_numbers(self, result: Result, number: float) -> None:
        """A number in a finding, however small or large, is written as ``json.dumps`` writes it."""
        first, *rest = result.findings
        changed = attrs.evolve(result, findings=(attrs.evolve(first, measured=number), *rest))

        assert reference_json(unstructure(changed)) == to_json(changed)

    def test_a_nan_in_details_is_refused_as_before(self, result: Result) -> None:
        """orjson would write ``null``; the reference writer refuses, and so does ``to_json``."""
        first, *rest = result.findings
        odd = attrs.evolve(first, details={"ratio": float("nan")})

        with pytest.raises(ValueError, match="not JSON compliant"):
            to_json(attrs.evolve(result, findings=(odd, *rest)))

    def test_every_example_is_written_as_the_reference_writes_it(self) -> None:
        """Every bundled example's result: the same bytes as ``json.dumps`` of its data."""
        for path in sorted(EXAMPLES.glob("*.json")):
            result = edu_rules.evaluate(edu_rules.load_county(path))

            assert reference_json(unstructure(result)) == to_json(result), path.name

    def test_a_realistic_result_takes_the_fast_writer(self, result: Result) -> None:
        """Rule ids such as ``national.E1`` are not mistaken for exponents (orjson is used)."""
        pytest.importorskip("orjson")
        data = unstructure(result)

        assert _fast_json(data) == reference_json(data)

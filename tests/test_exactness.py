"""The fast paths of issue 12 give what the reference paths give, to the byte.

- A result's document is written from its per-rule columns; orjson writes it only when
  every number in it is one orjson spells as ``json.dumps`` does, which the walk that
  builds the document decides (far floats, NaN, exact numbers left in a plugin's
  ``details``, integers beyond 64 bits all take the reference writer).
- ``benchmarks/bench.py --check-exact`` compares the integer kernels with the reference
  object path finding by finding, field by field, and says which field differs.
"""

from __future__ import annotations

import importlib.util
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

import edu_rules
from edu_rules.io import serialization
from edu_rules.io.serialization import reference_json, to_json, unstructure
from edu_rules.model.result import Finding, FindingTable, Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(name="result", scope="module")
def _result() -> Result:
    return edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450226-sanjiang.json"))


_ROW = (
    "subject",
    "outcome",
    "measured",
    "required",
    "gap",
    "remedies",
    "missing",
    "note",
    "details",
)


def _with_row(result: Result, **changes: Any) -> Result:
    """``result`` with its first finding's row changed, still kept as columns."""
    blocks = result.table.blocks()
    assert blocks is not None
    (fields, rows), *rest = blocks
    row = dict(zip(_ROW, rows[0], strict=True))
    row.update(changes)
    changed = ((fields, [tuple(row.values()), *rows[1:]]), *rest)
    return attrs.evolve(result, findings=FindingTable(changed))  # type: ignore[arg-type]


class TestResultWriter:
    """``to_json`` of a result of columns: the reference writer's bytes, whatever the row holds."""

    def test_a_realistic_result_is_written_by_orjson(self, result: Result) -> None:
        """The walk finds every number of a real result safe for orjson, and the bytes agree."""
        pytest.importorskip("orjson")
        _, same = serialization._document(serialization.converter, result, writer=True)

        assert same
        assert reference_json(unstructure(result)) == to_json(result)

    @pytest.mark.parametrize(
        "changes",
        [
            {"measured": 1e-7},
            {"required": 2.5e17},
            {"gap": 9.99e-5},
            {"measured": -1e16},
            {"details": {"ratio": 1e-9, "rooms": [1, 2]}},
            {"details": {"share": Fraction(1, 3)}},
            {"details": {"big": 2**70}},
            {"details": {"nested": ({"tiny": 3e-30},)}},
            {"remedies": (edu_rules.Remedy(quantity=1e20, unit="m2"),)},
        ],
        ids=str,
    )
    def test_far_numbers_and_exact_details_give_the_reference_bytes(
        self, result: Result, changes: dict[str, Any]
    ) -> None:
        """A far float, an exact Fraction or a huge integer in a row: the bytes of json.dumps."""
        changed = _with_row(result, **changes)

        assert reference_json(unstructure(changed)) == to_json(changed)

    def test_a_nan_in_a_row_is_refused(self, result: Result) -> None:
        """orjson would write ``null``; the reference writer refuses, and so does ``to_json``."""
        changed = _with_row(result, measured=float("nan"))

        with pytest.raises(ValueError, match="not JSON compliant"):
            to_json(changed)

    def test_unstructure_gives_lists_not_tuples(self, result: Result) -> None:
        """The plain data of a result is JSON data: its ``missing`` fields are lists."""
        changed = _with_row(result, missing=("schools[0].stages.primary.teachers",))

        first = unstructure(changed)["findings"][0]

        assert first["missing"] == ["schools[0].stages.primary.teachers"]

    def test_columns_and_finished_findings_write_alike(self, result: Result) -> None:
        """The same findings, as columns or as finished objects, write the same bytes."""
        finished = attrs.evolve(result, findings=tuple(result.findings))

        assert to_json(finished) == to_json(result)


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    assert spec is not None
    assert spec.loader is not None
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return module


class TestCheckExact:
    """The whole-batch comparison of the kernels with the reference object path."""

    def test_equal_findings_are_reported_equal(self, result: Result) -> None:
        """The same findings both ways: no difference listed."""
        bench = _bench()

        assert bench.finding_differences(result.findings, result.findings) == []

    def test_a_different_field_is_named(self, result: Result) -> None:
        """A finding whose gap differs is reported with its rule, subject and field."""
        bench = _bench()
        first, *rest = result.findings
        changed: list[Finding] = [attrs.evolve(first, gap=12345), *rest]

        found = bench.finding_differences(result.findings, changed)

        assert len(found) == 1
        assert first.rule in found[0]
        assert "gap" in found[0]
        assert "12345" in found[0]

    def test_a_missing_finding_is_reported(self, result: Result) -> None:
        """One path giving fewer findings is a difference too."""
        bench = _bench()

        found = bench.finding_differences(result.findings, result.findings[:-1])

        assert any("findings" in line for line in found)

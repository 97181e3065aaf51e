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
import math
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules.io import serialization
from edu_rules.io.serialization import reference_json, to_json, to_json_bytes, unstructure
from edu_rules.model.result import Finding, FindingTable, Outcome, Result, Subject

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

        written = serialization._columns_json(result, text=False)

        assert written is not None  # the column writer wrote it
        assert reference_json(unstructure(result)).encode() == written == to_json_bytes(result)
        assert serialization._columns_json(result, text=True) == to_json(result)

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

    @pytest.mark.parametrize("outcome", list(Outcome), ids=str)
    def test_every_outcome_is_listed_where_the_reference_lists_it(
        self, result: Result, outcome: Outcome
    ) -> None:
        """A finding of any outcome lands in the same lists, in the same order, as json.dumps."""
        changed = _with_row(result, outcome=outcome)

        assert reference_json(unstructure(changed)) == to_json(changed)
        assert reference_json(unstructure(changed)).encode() == to_json_bytes(changed)

    @pytest.mark.parametrize(
        "changes",
        [
            {"note": "体育运动场馆面积不足：差 1 200 平方米（按 2025 年在校生计）"},
            {"note": 'quotes " and \\ backslashes, a tab\t, a line\nbreak, \x00 and \u2028'},
            {"subject": Subject.of_stage("450226-S001", "primary", "三江侗族自治县古宜镇中心小学")},
            {"details": {"说明": ["国家义务教育质量监测", "😀"], "比例": 0.85}},
            {"missing": ("schools[0].stages.primary.teachers", "学校[1]")},
        ],
        ids=["chinese-note", "escapes", "chinese-subject", "chinese-details", "missing"],
    )
    def test_any_text_is_escaped_as_the_reference_escapes_it(
        self, result: Result, changes: dict[str, Any]
    ) -> None:
        """Chinese, emoji, quotes and control characters: the bytes of json.dumps."""
        changed = _with_row(result, **changes)

        assert reference_json(unstructure(changed)) == to_json(changed)
        assert reference_json(unstructure(changed)).encode() == to_json_bytes(changed)

    @pytest.mark.parametrize("number", [0.0, -0.0, 1e-4, -1e-4, 9.999999e15, -2.5e-3, 2**63 - 1])
    def test_numbers_at_the_edges_of_the_fast_range(self, result: Result, number: float) -> None:
        """Floats at the edges of orjson's agreeing range, and the largest 64-bit integer."""
        changed = _with_row(result, measured=number, required=number, gap=number)

        assert serialization._columns_json(changed, text=False) is not None  # the fast road
        assert reference_json(unstructure(changed)).encode() == to_json_bytes(changed)

    def test_a_result_without_findings(self, result: Result) -> None:
        """No finding at all: every list is written ``[]``, as json.dumps writes it."""
        empty = attrs.evolve(result, findings=FindingTable([]))

        assert reference_json(unstructure(empty)) == to_json(empty)
        assert '"findings": []' in to_json(empty)


class TestToJsonBytes:
    """``to_json_bytes``: the UTF-8 bytes of ``to_json``, for files and HTTP bodies."""

    def test_every_example_gives_the_bytes_of_its_text(self) -> None:
        """Each bundled example's result, as bytes, is its JSON text encoded; and the reference."""
        for path in sorted(EXAMPLES.glob("*.json")):
            result = edu_rules.evaluate(edu_rules.load_county(path))

            written = to_json_bytes(result)

            assert written == to_json(result).encode("utf-8"), path.name
            assert written == reference_json(unstructure(result)).encode("utf-8"), path.name

    def test_finished_findings_and_plain_data_take_the_same_road(self, result: Result) -> None:
        """A result of finished findings, or any other data: ``to_json``'s text, encoded."""
        finished = attrs.evolve(result, findings=tuple(result.findings))

        assert to_json_bytes(finished) == to_json(result).encode("utf-8")
        assert (
            to_json_bytes({"名称": "三江", "n": [1, 2.5]})
            == to_json({"名称": "三江", "n": [1, 2.5]}).encode()
        )

    def test_without_orjson_the_reference_writes(
        self, result: Result, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The ``fast`` extra is optional: without orjson the same bytes come from json.dumps."""
        expected = to_json_bytes(result)
        monkeypatch.setitem(sys.modules, "orjson", None)  # ``import orjson`` now fails

        assert to_json_bytes(result) == expected
        assert to_json(result).encode() == expected


PLAIN_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
"""Plain JSON data of every kind: huge integers, floats of every magnitude, any text."""


class TestPlainData:
    """Plain data (a summary's rows, a progress document) is written as json.dumps writes it."""

    @settings(max_examples=300)
    @given(PLAIN_JSON)
    def test_the_same_bytes_as_the_reference(self, data: Any) -> None:
        """orjson writes it where that gives the same bytes; else the reference does."""
        assert to_json(data if isinstance(data, dict | list) else [data]) == reference_json(
            data if isinstance(data, dict | list) else [data]
        )

    @pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
    def test_a_float_that_is_no_number_is_refused_as_by_the_reference(self, bad: float) -> None:
        """json.dumps refuses NaN and infinities; orjson would write null: still refused."""
        with pytest.raises(ValueError, match="JSON compliant"):
            to_json({"rows": [{"cv": bad}]})


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

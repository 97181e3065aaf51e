"""The columnar path's summary rows are the per-unit path's, row for row.

Laws:

- **Same rows.**  For every unit the columnar path judges, its summary row
  (``--summary --format json``) equals the row of the per-unit result
  (``reports.summary.row_data`` of ``unit_row(evaluate(county), unit_progress(…))``),
  value for value and number type for number type: on generated documents with
  figures at and around every threshold, several units to a table, and on a slice of
  the synthetic national batch.
- **Never other, only faster.**  A unit whose chain prepares counties (Liuzhou's
  zones) or whose rule set has a rule without a column kernel is left to the per-unit
  path, and says so: no row is made for it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edu_rules
from benchmarks import generate_national
from edu_rules import testing
from edu_rules.batch import unit_progress
from edu_rules.batch.columnar import summary_rows
from edu_rules.reports import summary

pytestmark = pytest.mark.property

NATIONAL, GUANGXI = "110101", "450102"
EXAMPLE = Path(__file__).parents[2] / "examples" / "450202-chengzhong.json"


def reference_row(document: Mapping[str, Any]) -> dict[str, Any]:
    """The summary row of ``document`` by the per-unit path."""
    county = edu_rules.load_county(dict(document))
    result = edu_rules.evaluate(county)
    return summary.row_data(summary.unit_row(result, unit_progress(county, result)))


def assert_same_rows(documents: Sequence[Mapping[str, Any]]) -> list[int]:
    """Every columnar row equals the reference; returns the indexes left to the per-unit path."""
    made = summary_rows(documents)
    rows, others = made.rows, made.per_unit
    for index, (document, row) in enumerate(zip(documents, rows, strict=True)):
        if row is None:
            continue
        assert repr(row) == repr(reference_row(document)), (index, document["code"])
    return others


def _national_slice(count: int) -> list[dict[str, Any]]:
    rng = random.Random(generate_national.DEFAULT_SEED)  # noqa: S311 - the batch's seed
    codes = generate_national.unit_codes(generate_national.DEFAULT_UNITS, rng)
    chosen = codes[:: len(codes) // count][:count]
    documents = []
    for unit in chosen:
        unit_rng = random.Random(f"{generate_national.DEFAULT_SEED}-{unit[0]}")  # noqa: S311
        documents.append(
            generate_national.make_county(
                unit_rng, *unit, stages=generate_national.stage_count(unit_rng)
            )
        )
    return documents


AROUND = st.lists(
    st.sampled_from((NATIONAL, GUANGXI)).flatmap(
        lambda code: testing.counties(code, unknowns=True, schools=st.integers(2, 12))
    ),
    min_size=1,
    max_size=4,
)


class TestSameRows:
    @settings(max_examples=40, deadline=None)
    @given(AROUND)
    def test_on_documents_around_every_threshold(self, documents: list[dict[str, Any]]) -> None:
        """Figures at, below and above each threshold, unknown values: the same rows."""
        others = assert_same_rows(documents)
        assert others == []

    def test_on_a_slice_of_the_national_batch(self) -> None:
        """Thirty units of the synthetic national batch in one table: the same rows."""
        documents = [d for d in _national_slice(40) if not d["code"].startswith("4502")][:30]
        assert assert_same_rows(documents) == []


class TestAYearBeforeTheRules:
    @pytest.mark.parametrize("code", [NATIONAL, GUANGXI])
    def test_a_unit_assessed_before_2017_gets_its_own_row(self, code: str) -> None:
        """No rule is in force in 2016: the unit's row says incomplete, as the per-unit path's.

        It used to stop the whole summary (an internal error, exit 3).
        """
        documents = _national_slice(2)
        early = orjson.loads(EXAMPLE.read_bytes())
        early.update(code=code, assessment_year=2016, basic_balance_year=2014)
        early["procedure"]["national_recognition_year"] = None
        for school in early["schools"]:
            school["id"] = code + school["id"][6:]

        assert assert_same_rows([early, *documents]) == []
        assert summary_rows([early, *documents]).rows[0]["status"] == "incomplete"


class TestOnlyFaster:
    def test_liuzhou_units_are_left_to_the_per_unit_path(self) -> None:
        """Liuzhou prepares its counties (zones) and judges by its own evaluators."""
        documents = [orjson.loads(EXAMPLE.read_bytes()), *_national_slice(2)]
        made = summary_rows(documents)
        rows, others = made.rows, made.per_unit
        assert others == [0]
        assert rows[0] is None
        assert all(row is not None for row in rows[1:])


class TestAFailingKernelCostsTimeNotAVerdict:
    @pytest.mark.parametrize(
        "answer",
        ["raise", "wrong shape", "negative", "no cells"],
    )
    def test_the_group_goes_the_per_unit_path(
        self, monkeypatch: pytest.MonkeyPatch, answer: str
    ) -> None:
        """A kernel that raises or answers malformed counts: no row, the unit is left."""
        import numpy as np

        from edu_rules.batch import columnar
        from edu_rules.batch.columnar.table import Counted

        documents = _national_slice(2)
        real = columnar.kernels()
        target = "coefficient_of_variation" if answer == "no cells" else "school_rooms"

        def broken(rule: Any, table: Any, rules: Any) -> Any:
            found = real[target](rule, table, rules)
            if answer == "raise":
                raise RuntimeError("a kernel's bug")
            if answer == "wrong shape":
                return Counted(found.counts[:, :-1])
            if answer == "negative":
                return Counted(found.counts - np.int64(1))
            return Counted(found.counts)

        monkeypatch.setattr(columnar, "kernels", lambda: {**real, target: broken})
        made = summary_rows(documents)
        assert made.rows == [None, None]
        assert made.per_unit == [0, 1]


class TestItChecksWhatItIsGiven:
    def test_a_document_the_schema_or_the_checks_refuse_gets_no_row(self) -> None:
        """By default every document is checked here: a bad one is refused, never judged."""
        good, schema_bad, inconsistent = _national_slice(3)
        schema_bad["schools"][0]["kind"] = "university"
        stage = next(
            stage
            for school in inconsistent["schools"]
            for stage in school["stages"].values()
            if stage and stage["students"]
        )
        stage["classes"] = 0

        made = summary_rows([good, schema_bad, inconsistent, "not a document"])  # type: ignore[list-item]

        assert made.refused == [1, 2, 3]
        assert made.per_unit == []
        assert made.rows[0] == reference_row(good)
        assert made.rows[1:] == [None, None, None]


class TestWholeNumbersWrittenAsFloats:
    def test_a_year_or_a_count_written_2023_0_reads_as_the_converter_reads_it(self) -> None:
        """The contract takes ``2023.0`` for a year and ``641.0`` for pupils: the same rows."""
        documents = _national_slice(4)
        for document in documents:
            document["assessment_year"] = float(document["assessment_year"])
            document.setdefault("procedure", {})["national_recognition_year"] = 2020.0
            for school in document["schools"]:
                for stage in (school.get("stages") or {}).values():
                    if stage:
                        stage["students"] = float(stage["students"])
                        stage["classes"] = float(stage["classes"])
        documents = [orjson.loads(orjson.dumps(document)) for document in documents]
        assert assert_same_rows(documents) == []

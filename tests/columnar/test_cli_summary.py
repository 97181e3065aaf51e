"""``edu-rules evaluate FILE... --summary --format json`` by columns writes the per-unit bytes.

- **The same report.**  On a batch that mixes units the columns judge (national only,
  Guangxi) with units they leave to the per-unit path (Liuzhou's, which prepare their
  zones), the report is byte for byte the one the per-unit path writes, for every sort,
  and the exit code is the same.
- **The same refusals.**  One bad file among many — bad JSON, a schema problem, a
  contradiction only the consistency checks see — and nothing is written (exit 2), with
  the very messages the per-unit path gives, in file order.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from benchmarks import generate_national
from edu_rules.cli import evaluate, main

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))


@pytest.fixture(name="batch", scope="module")
def _batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three Liuzhou examples and nine generated units of other provinces, Guangxi's among them."""
    folder = tmp_path_factory.mktemp("batch")
    rng = random.Random(generate_national.DEFAULT_SEED)  # noqa: S311 - the batch's seed
    codes = generate_national.unit_codes(generate_national.DEFAULT_UNITS, rng)
    chosen = [*codes[::400][:6], *[unit for unit in codes if unit[0].startswith("4501")][:3]]
    paths = list(EXAMPLES[:3])
    for code, name in chosen:
        document = generate_national.make_county(random.Random(code), code, name, stages=10)  # noqa: S311
        path = folder / f"{code}.json"
        path.write_bytes(generate_national.dumps(document))
        paths.append(path)
    return paths


def _run(
    tmp_path: Path,
    files: list[Path],
    *options: str,
    columns: bool,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, bytes, str]:
    out = tmp_path / ("columns.json" if columns else "per-unit.json")
    kept = evaluate.columnar_available
    if not columns:
        evaluate.columnar_available = lambda: False
    try:
        code = main(
            [
                "evaluate",
                *map(str, files),
                "--summary",
                "--format",
                "json",
                *options,
                "-o",
                str(out),
            ]
        )
    finally:
        evaluate.columnar_available = kept
    return code, out.read_bytes() if out.exists() else b"", capsys.readouterr().err


@pytest.mark.parametrize("sort", ["code", "verdict", "shortfalls"])
def test_the_report_is_the_per_unit_report(
    tmp_path: Path, batch: list[Path], sort: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Columns and per-unit units mixed: the same bytes and the same exit code."""
    assert evaluate.columnar_available()
    fast = _run(tmp_path, batch, "--sort", sort, columns=True, capsys=capsys)
    slow = _run(tmp_path, batch, "--sort", sort, columns=False, capsys=capsys)

    assert fast == slow
    assert fast[0] == 1
    rows = json.loads(fast[1])
    assert len(rows) == len(batch)
    assert {row["status"] for row in rows} >= {"fail"}


def _broken(tmp_path: Path, batch: list[Path], name: str, change: object) -> list[Path]:
    document = json.loads(batch[4].read_text(encoding="utf-8"))
    if callable(change):
        change(document)
        text = json.dumps(document, ensure_ascii=False)
    else:
        text = str(change)
    path = tmp_path / f"{name}.json"
    path.write_text(text, encoding="utf-8")
    return [*batch[:5], path, *batch[5:]]


def _no_classes(document: dict[str, object]) -> None:
    stage = next(
        stage
        for school in document["schools"]  # type: ignore[attr-defined]
        for stage in school["stages"].values()
        if stage and stage["students"]
    )
    stage["classes"] = 0


def _bad_kind(document: dict[str, object]) -> None:
    document["schools"][0]["kind"] = "university"  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "change"),
    [("not-json", "{ not json"), ("schema", _bad_kind), ("consistency", _no_classes)],
)
def test_one_bad_file_and_nothing_is_written(
    tmp_path: Path, batch: list[Path], name: str, change: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2, no report, and the per-unit path's messages."""
    files = _broken(tmp_path, batch, name, change)
    fast = _run(tmp_path, files, columns=True, capsys=capsys)
    slow = _run(tmp_path, files, columns=False, capsys=capsys)

    assert fast == slow
    assert fast[0] == 2
    assert fast[1] == b""
    assert name in fast[2]


@pytest.fixture(name="small_chunks")
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of four files: the twelve make three, enough for two workers."""
    from edu_rules.cli import _columnar

    monkeypatch.setattr(_columnar, "CHUNK", 4)


@pytest.mark.usefixtures("small_chunks")
class TestInWorkers:
    def test_two_jobs_write_the_same_bytes(
        self, tmp_path: Path, batch: list[Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--jobs 2: the chunks are judged in two worker processes; the same report."""
        alone = _run(tmp_path, batch, "--jobs", "1", columns=True, capsys=capsys)
        two = _run(tmp_path, batch, "--jobs", "2", columns=True, capsys=capsys)
        assert two == alone
        assert two == _run(tmp_path, batch, columns=False, capsys=capsys)

    def test_a_worker_that_dies_costs_only_time(
        self,
        tmp_path: Path,
        batch: list[Path],
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A worker killed mid-batch: its chunks are judged in the parent, the same report."""
        from edu_rules.cli import _columnar

        monkeypatch.setattr(_columnar, "_judge_in_worker", _dies)
        two = _run(tmp_path, batch, "--jobs", "2", columns=True, capsys=capsys)
        assert two == _run(tmp_path, batch, columns=False, capsys=capsys)


def _dies(places: Any) -> Any:
    """A worker that dies at once, as one killed by the system would."""
    import os

    os._exit(3)

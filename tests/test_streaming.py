"""``edu-rules evaluate FILE...`` writes its report as the units come in (issue 12, item 4).

- Every file is read and checked first: one bad file among many, and nothing is written
  (exit 2), as before.
- Then each file is read again when its unit is evaluated, and only what the report
  needs of it is kept: the JSON array is written document by document, ``--summary``
  keeps each unit's row, the text, Markdown and HTML reports keep each unit's part.  The bytes are those
  of the whole-batch renderers (``render_many``, ``render_summary``), for any ``--jobs``.
- :func:`edu_rules.batch.stream_each` yields in input order, whatever order the workers
  finish in, and runs ``keep`` in the worker.
- ``edu-rules progress`` holds only the units a layer prepares as a batch (Liuzhou's,
  which folds 柳东新区 into 鱼峰区); the others are read again when evaluated.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

import edu_rules
from benchmarks import generate_national
from edu_rules import County
from edu_rules.batch import (
    Pending,
    evaluate_batch,
    evaluate_each,
    held_back,
    load_batch,
    progress_data,
    scan_batch,
    stream_each,
    unit_progress,
)
from edu_rules.cli import main
from edu_rules.io.serialization import to_json
from edu_rules.model.errors import CountyDataError
from edu_rules.model.result import Result
from edu_rules.plugins import default_registry
from edu_rules.reports import render_many, render_summary

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))


@pytest.fixture(name="generated", scope="module")
def _generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Twelve generated units (Liuzhou's ten first, then two more), small enough to be quick."""
    folder = tmp_path_factory.mktemp("generated")
    rng = random.Random(generate_national.DEFAULT_SEED)  # noqa: S311 - the batch's seed
    paths = []
    for code, name in generate_national.unit_codes(12, rng):
        document = generate_national.make_county(random.Random(code), code, name, stages=8)  # noqa: S311
        path = folder / f"{code}.json"
        path.write_bytes(generate_national.dumps(document))
        paths.append(path)
    return paths


@pytest.fixture(name="results", scope="module")
def _results() -> list[Result]:
    return evaluate_each([edu_rules.load_county(path) for path in EXAMPLES])


def _evaluate(tmp_path: Path, files: list[Path], *options: str) -> tuple[int, bytes]:
    out = tmp_path / "report.out"
    code = main(["evaluate", *map(str, files), *options, "-o", str(out)])
    return code, out.read_bytes() if out.exists() else b""


def _progress(results: list[Result]) -> list[object]:
    counties = [edu_rules.load_county(path) for path in EXAMPLES]
    return [unit_progress(c, r) for c, r in zip(counties, results, strict=True)]


class TestStreamedReports:
    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_the_json_array_is_the_whole_batch_renderer_s(
        self, tmp_path: Path, results: list[Result], jobs: str
    ) -> None:
        """The ten examples: the bytes ``render_many(results, "json")`` gives, for any --jobs."""
        code, written = _evaluate(tmp_path, EXAMPLES, "--format", "json", "--jobs", jobs)

        assert written == render_many(results, "json").encode("utf-8")
        assert code == 1  # evaluated, not every unit passes

    @pytest.mark.parametrize("fmt", ["json", "text", "markdown", "html"])
    @pytest.mark.parametrize("sort", ["code", "verdict", "shortfalls"])
    def test_the_summary_is_the_whole_batch_summary(
        self, tmp_path: Path, results: list[Result], fmt: str, sort: str
    ) -> None:
        """--summary keeps a row per unit and writes what ``render_summary`` writes."""
        _, written = _evaluate(tmp_path, EXAMPLES, "--summary", "--format", fmt, "--sort", sort)

        expected = render_summary(results, fmt, "zh", sort=sort, progress=_progress(results))
        assert written == expected.encode("utf-8")

    def test_the_text_report_is_the_whole_batch_report(
        self, tmp_path: Path, results: list[Result]
    ) -> None:
        """The summary first, then each unit's report: ``render_many``'s text, in English too."""
        _, written = _evaluate(tmp_path, EXAMPLES, "--lang", "en", "--jobs", "2")

        expected = render_many(results, "text", "en", progress=_progress(results))
        assert written == expected.encode("utf-8")

    @pytest.mark.parametrize(
        ("fmt", "lang", "jobs"), [("markdown", "zh", "1"), ("html", "en", "2")]
    )
    def test_the_markdown_and_html_reports_are_the_whole_batch_reports(  # noqa: PLR0917
        self,
        tmp_path: Path,
        results: list[Result],
        fmt: str,
        lang: str,
        jobs: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """One page: the summary first, then each unit's part (an HTML page's anchors count them)."""
        from edu_rules.cli import evaluate

        def holding_every_result(*_: object) -> int:
            raise AssertionError("the report held every result")

        monkeypatch.setattr(evaluate, "_whole", holding_every_result)
        _, written = _evaluate(tmp_path, EXAMPLES, "--format", fmt, "--lang", lang, "--jobs", jobs)

        expected = render_many(results, fmt, lang, progress=_progress(results))
        assert written == expected.encode("utf-8")
        if fmt == "html":
            assert f'<article id="c{len(EXAMPLES)}-{results[-1].county.code}">'.encode() in written

    def test_generated_units_stream_alike_for_one_and_two_jobs(
        self, tmp_path: Path, generated: list[Path]
    ) -> None:
        """Generated documents: the same JSON bytes and summary from one worker or two."""
        one = _evaluate(tmp_path, generated, "--format", "json")
        two = _evaluate(tmp_path, generated, "--format", "json", "--jobs", "2")
        counties = [edu_rules.load_county(path) for path in generated]

        assert one == two
        assert one[1] == render_many(evaluate_each(counties), "json").encode("utf-8")
        assert _evaluate(tmp_path, generated, "--summary") == _evaluate(
            tmp_path, generated, "--summary", "--jobs", "2"
        )

    def test_a_bad_file_among_many_writes_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One broken document after nine good ones: exit 2, its problem named, no report."""
        bad = tmp_path / "450299-broken.json"
        bad.write_text('{"code": 450299, "name": "坏"}', encoding="utf-8")
        files = [*EXAMPLES[:9], bad]

        code, written = _evaluate(tmp_path, files, "--format", "json", "--jobs", "2")

        assert code == 2
        assert written == b""
        assert not list(tmp_path.glob(".report.out.*"))  # no partial file left either
        assert "450299-broken.json" in capsys.readouterr().err

    def test_standard_output_gets_the_same_bytes(
        self, capfdbinary: pytest.CaptureFixture[bytes], results: list[Result]
    ) -> None:
        """Without -o the streamed JSON goes to standard output, byte for byte."""
        code = main(["evaluate", *map(str, EXAMPLES[:3]), "--format", "json"])

        assert code == 1
        assert capfdbinary.readouterr().out == render_many(results[:3], "json").encode()


def _pid_and_code(_county: object, result: Result) -> tuple[int, str]:
    return os.getpid(), result.county.code


class TestStreamEach:
    def test_values_come_in_input_order_from_the_workers(self, results: list[Result]) -> None:
        """With two workers ``keep`` runs in them, and the values still come in input order."""
        counties = [edu_rules.load_county(path) for path in EXAMPLES]

        kept = list(stream_each(counties, keep=_pid_and_code, jobs=2))

        assert [code for _, code in kept] == [r.county.code for r in results]
        assert os.getpid() not in {pid for pid, _ in kept}

    def test_without_keep_it_yields_evaluate_each_s_results(self, results: list[Result]) -> None:
        """One worker, no ``keep``: the results themselves, equal to ``evaluate_each``'s."""
        counties = [edu_rules.load_county(path) for path in EXAMPLES[:4]]

        assert list(stream_each(counties)) == results[:4]

    def test_a_lazy_batch_is_read_as_it_is_evaluated(self) -> None:
        """A sequence that reads each document when indexed is read one unit at a time."""
        read: list[int] = []

        class Lazy(list[Path]):
            def __getitem__(self, index):  # type: ignore[no-untyped-def,override]
                read.append(index)
                return edu_rules.load_county(super().__getitem__(index))

        stream = stream_each(Lazy(EXAMPLES[:3]), keep=_pid_and_code)
        first = next(stream)

        assert read == [0]
        assert first[1] == "450202"
        assert [code for _, code in stream] == ["450203", "450204"]
        assert read == [0, 1, 2]


@pytest.fixture(name="province", scope="module")
def _province(tmp_path_factory: pytest.TempPathFactory, generated: list[Path]) -> Path:
    """A folder: the twelve generated units and a document of 柳东新区 (鱼峰区's zone)."""
    folder = tmp_path_factory.mktemp("province")
    for path in generated:
        (folder / path.name).write_bytes(path.read_bytes())
    zone = json.loads((EXAMPLES[1]).read_text(encoding="utf-8"))  # 鱼峰区's, as a zone's
    zone["name"] = "柳东新区"
    zone["schools"] = zone["schools"][:4]
    for school in zone["schools"]:
        school["id"] = "LD-" + school["id"]
    (folder / "450203-liudong.json").write_text(json.dumps(zone, ensure_ascii=False), "utf-8")
    return folder


class TestStreamedProgress:
    def test_only_the_units_a_layer_prepares_are_held(self, province: Path) -> None:
        """Liuzhou prepares its units as a batch: those are read; the others wait in their files."""
        units = scan_batch([province], held_back(default_registry()))

        held = sorted(u.code for u in units if isinstance(u, County))
        pending = sorted(u.code for u in units if isinstance(u, Pending))
        assert held == sorted([*(code for code, _ in generate_national.LIUZHOU), "450203"])
        assert len(pending) == 2
        assert not any(code.startswith("4502") for code in pending)

    def test_a_pending_file_that_now_holds_another_unit_is_an_error(self, tmp_path: Path) -> None:
        """The batch was checked, prepared and counted with the unit the file held then."""
        for path in EXAMPLES[:3]:
            (tmp_path / path.name).write_bytes(path.read_bytes())
        units = scan_batch([tmp_path], lambda county: False)  # nothing held: all pending
        (tmp_path / EXAMPLES[0].name).write_bytes(EXAMPLES[3].read_bytes())

        assert all(isinstance(unit, Pending) for unit in units)
        with pytest.raises(CountyDataError) as raised:
            evaluate_batch(units)
        assert EXAMPLES[0].name in raised.value.spell("zh")
        assert "文件在检查之后被改动" in raised.value.spell("zh")
        assert "changed after it was checked" in raised.value.spell("en")

    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_the_progress_is_the_whole_batch_s_with_the_zone_folded(
        self, province: Path, capfdbinary: pytest.CaptureFixture[bytes], jobs: str
    ) -> None:
        """The JSON of ``progress`` is that of the batch held whole, and 柳东新区 is folded in."""
        batch = evaluate_batch(load_batch([province]), keep_results=False)

        main(["progress", str(province), "--format", "json", "--jobs", jobs])
        written = capfdbinary.readouterr().out

        assert written == to_json(progress_data(batch)).encode("utf-8")
        assert len(batch.units) == 12  # thirteen documents, twelve units
        assert "柳东新区" in batch.notes[0].zh


class TestStreamedOutputFile:
    def test_the_report_file_gets_the_mode_of_a_plain_write(self, tmp_path: Path) -> None:
        """Renamed into place at the end, the report is as readable as a file written directly."""
        plain = tmp_path / "plain.txt"
        plain.write_text("x", encoding="utf-8")

        main(["evaluate", *map(str, EXAMPLES[:2]), "--summary", "-o", str(tmp_path / "s.txt")])

        assert (tmp_path / "s.txt").stat().st_mode == plain.stat().st_mode

    def test_an_existing_report_keeps_its_mode_and_a_link_is_written_through(
        self, tmp_path: Path
    ) -> None:
        """An earlier report is replaced with its mode kept; a symbolic link's target is written."""
        earlier = tmp_path / "earlier.json"
        earlier.write_text("old", encoding="utf-8")
        earlier.chmod(0o640)
        link = tmp_path / "link.json"
        link.symlink_to(earlier)

        main(["evaluate", *map(str, EXAMPLES[:2]), "--format", "json", "-o", str(link)])

        assert link.is_symlink()
        assert earlier.read_text(encoding="utf-8").startswith("[\n{\n")
        main(["evaluate", *map(str, EXAMPLES[:2]), "--format", "json", "-o", str(earlier)])
        assert earlier.stat().st_mode & 0o777 == 0o640

    def test_a_report_that_cannot_be_written_is_an_error_not_a_traceback(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A folder that does not exist: the message names the report file."""
        missing = tmp_path / "no-such-folder" / "report.json"

        code = main(["evaluate", *map(str, EXAMPLES[:2]), "--format", "json", "-o", str(missing)])

        assert code == 2  # as before: the report is the user's to place
        assert f"无法写入 {missing}：" in capsys.readouterr().err

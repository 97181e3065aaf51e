"""``edu-rules evaluate FILE... --summary --format json`` by the columnar path.

Every file is read and checked first, as on the per-unit path: one bad file, and
nothing is written (exit 2), every file's problems said in file order.  The files are
taken :data:`CHUNK` at a time (:func:`judge_files`): the JSON documents the compiled
schema accepts are judged in columns (:func:`edu_rules.batch.columnar.summary_rows`),
their consistency checks too; a document the columns refuse, a workbook, a document
only the reference reading takes, and a unit the columnar path leaves (its layer
prepares counties) are read by the per-unit path, which names every problem.  With
``--jobs N`` the chunks are judged in ``N`` worker processes; a worker that dies costs
only time (its chunks are judged here).  The units left to the per-unit path are then
evaluated one by one, with their batch's preparation.  The rows are the ones the per-unit
path writes, and the report is byte for byte the same (a test holds it so).
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

CHUNK = 100
"""How many files are judged at once (by one worker): memory stays bounded."""


@attrs.frozen
class Judged:
    """What :func:`judge_files` found of a chunk of files, by their places."""

    rows: dict[int, dict[str, Any]]
    per_unit: list[int]
    problems: dict[int, str]


@attrs.frozen
class _Job:
    """What a chunk needs, inherited by forked workers (so never pickled)."""

    files: Sequence[Path]
    lang: str
    registry: Any


_JOB: list[_Job] = []


def judge_files(job: _Job, places: Sequence[int]) -> Judged:
    """Read, check and judge in columns the files at ``places``."""
    from edu_rules._text import visible
    from edu_rules.batch.columnar import summary_rows
    from edu_rules.io.inputs import is_workbook
    from edu_rules.io.validation import read_input_file, schema_checked
    from edu_rules.model.errors import CountyDataError

    problems: dict[int, str] = {}
    per_unit: list[int] = []
    read: list[tuple[int, dict[str, Any]]] = []

    def by_reference(index: int) -> None:  # the reference reading: its problems, or a unit
        from edu_rules.io.inputs import load_located

        path = job.files[index]
        try:
            load_located(path, source_name=str(path))
        except CountyDataError as error:
            problems[index] = error.spell(job.lang)
            return
        per_unit.append(index)

    for index in places:
        path = job.files[index]
        data = None
        if not is_workbook(path):
            try:
                raw = read_input_file(path, visible(str(path)))
            except CountyDataError as error:
                problems[index] = error.spell(job.lang)
                continue
            data = schema_checked(raw, registry=job.registry)
        if data is None:
            by_reference(index)
        else:
            read.append((index, data))
    made = summary_rows([data for _, data in read], registry=job.registry, schema=False)
    rows = {index: row for (index, _), row in zip(read, made.rows, strict=True) if row}
    for other in (*made.per_unit, *made.refused):
        by_reference(read[other][0])
    return Judged(rows, sorted(per_unit), problems)


def _judge_in_worker(places: Sequence[int]) -> Judged:
    """In a forked worker: :func:`judge_files` with the job the parent left."""
    return judge_files(_JOB[0], places)


class Reading:
    """The files of one summary: read, checked, judged in columns where they can be."""

    def __init__(self, files: Sequence[Path], lang: str, registry: Any) -> None:
        """Prepare to read ``files``; problems are said in ``lang``."""
        self.job = _Job(files, lang, registry)
        self._rows: list[dict[str, Any] | None] = [None] * len(files)
        self._per_unit: list[int] = []
        self._found: dict[int, str] = {}  # each bad file's problems, by its place

    def read_all(self, jobs: int = 1) -> None:
        """Read and check every file; judge in columns what can be (in ``jobs`` processes)."""
        from edu_rules._messages import message
        from edu_rules.reports import progress_counter

        files = self.job.files
        chunks = [
            range(start, min(start + CHUNK, len(files))) for start in range(0, len(files), CHUNK)
        ]
        label = message("evaluate.reading", self.job.lang)
        paused = gc.isenabled()
        gc.disable()  # parsed documents hold no cycle; a chunk of them would keep it busy
        try:
            with progress_counter(len(files), True, label=label) as advance:  # noqa: FBT003
                for places, judged in self._judged(chunks, jobs):
                    self._take(judged)
                    advance(len(places))
        finally:
            if paused:
                gc.enable()

    def _judged(
        self, chunks: Sequence[Sequence[int]], jobs: int
    ) -> Iterator[tuple[Sequence[int], Judged]]:
        """Each chunk and what it holds, in order: in workers where asked, else here."""
        done = 0
        if jobs > 1 and len(chunks) > 1:
            _JOB[:] = [self.job]
            context = multiprocessing.get_context("fork")
            try:
                with ProcessPoolExecutor(jobs, mp_context=context, initializer=gc.disable) as pool:
                    for places, judged in zip(
                        chunks, pool.map(_judge_in_worker, chunks), strict=False
                    ):
                        yield places, judged
                        done += 1
            except BrokenProcessPool:  # a worker died: the chunks it left are judged here
                pass
            finally:
                _JOB.clear()
        for places in chunks[done:]:
            yield places, judge_files(self.job, places)

    def _take(self, judged: Judged) -> None:
        for index, row in judged.rows.items():
            self._rows[index] = row
        self._per_unit.extend(judged.per_unit)
        self._found.update(judged.problems)

    def problems(self) -> list[str]:
        """What is wrong with the files, file by file in their order (empty: nothing)."""
        return [self._found[index] for index in sorted(self._found)]

    def evaluate_the_rest(
        self, lazily: Callable[[Sequence[Path]], Any], sort: str, jobs: int
    ) -> bool:
        """Evaluate the units left to the per-unit path; whether a plugin failed for one.

        ``lazily`` makes the sequence of counties that reads each file when indexed.
        """
        from edu_rules.batch import stream_each
        from edu_rules.reports import summary
        from edu_rules.reports.many import Options, part

        if not self._per_unit:
            return False
        left = sorted(self._per_unit)
        registry = self.job.registry
        options = Options("json", self.job.lang, summary=True, sort=sort, registry=registry)
        counties = lazily([self.job.files[index] for index in left])

        def keep(county: Any, result: Any) -> Any:
            counties.cells(county)
            return part(options, county, result, result, counties.index_of(county))

        faulted = False
        made = stream_each(counties, keep=keep, registry=registry, jobs=jobs)
        for position, kept in enumerate(made):
            faulted = faulted or kept.faulted
            self._rows[left[position]] = summary.row_data(kept.row)
        return faulted

    def rows(self) -> list[dict[str, Any]]:
        """Every unit's summary row, in file order."""
        return [row for row in self._rows if row is not None]

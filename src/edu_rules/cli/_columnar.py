"""``edu-rules evaluate FILE... --summary --format json`` by the columnar path.

Every file is read and checked first, as on the per-unit path: one bad file, and
nothing is written (exit 2), every file's problems said in file order.  The JSON
documents the compiled schema accepts are judged in columns
(:func:`edu_rules.batch.columnar.summary_rows`), :data:`CHUNK` at a time, their
consistency checks too.  A document the columns refuse, a workbook, a document only
the reference reading takes, and a unit the columnar path leaves (its layer prepares
counties) are read by the per-unit path, which names every problem; those units are
then evaluated one by one, with their batch's preparation.  The rows are the ones the
per-unit path writes, and the report is byte for byte the same (a test holds it so).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

CHUNK = 500
"""How many documents are laid out as columns at once: memory stays bounded."""


class Reading:
    """The files of one summary: read, checked, judged in columns where they can be."""

    def __init__(self, files: Sequence[Path], lang: str, registry: Any) -> None:
        """Prepare to read ``files``; problems are said in ``lang``."""
        self.files = files
        self.lang = lang
        self.registry = registry
        self._rows: list[dict[str, Any] | None] = [None] * len(files)
        self._per_unit: list[int] = []
        self._found: dict[int, str] = {}  # each bad file's problems, by its place
        self._chunk: list[tuple[int, dict[str, Any]]] = []

    def read_all(self) -> None:
        """Read and check every file; judge in columns what can be."""
        from edu_rules._messages import message
        from edu_rules.reports import progress_bar

        label = message("evaluate.reading", self.lang)
        files = progress_bar(self.files, len(self.files), True, label=label)  # noqa: FBT003
        paused = gc.isenabled()
        gc.disable()  # parsed documents hold no cycle; a chunk of them would keep it busy
        try:
            self._read_files(files)
        finally:
            if paused:
                gc.enable()

    def _read_files(self, files: Iterable[Path]) -> None:
        from edu_rules._text import visible
        from edu_rules.io.inputs import is_workbook
        from edu_rules.io.validation import read_input_file, schema_checked
        from edu_rules.model.errors import CountyDataError

        for index, path in enumerate(files):
            data = None
            if not is_workbook(path):
                try:
                    raw = read_input_file(path, visible(str(path)))
                except CountyDataError as error:
                    self._found[index] = error.spell(self.lang)
                    continue
                data = schema_checked(raw, registry=self.registry)
            if data is None:
                self._read(index)
                continue
            self._chunk.append((index, data))
            if len(self._chunk) >= CHUNK:
                self._judge()
        self._judge()

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
        options = Options("json", self.lang, summary=True, sort=sort, registry=self.registry)
        counties = lazily([self.files[index] for index in left])

        def keep(county: Any, result: Any) -> Any:
            counties.cells(county)
            return part(options, county, result, result, counties.index_of(county))

        faulted = False
        made = stream_each(counties, keep=keep, registry=self.registry, jobs=jobs)
        for position, kept in enumerate(made):
            faulted = faulted or kept.faulted
            self._rows[left[position]] = summary.row_data(kept.row)
        return faulted

    def rows(self) -> list[dict[str, Any]]:
        """Every unit's summary row, in file order."""
        return [row for row in self._rows if row is not None]

    def _read(self, index: int) -> None:
        """The reference reading of one file: its problems, or a unit for the per-unit path."""
        from edu_rules.io.inputs import load_located
        from edu_rules.model.errors import CountyDataError

        path = self.files[index]
        try:
            load_located(path, source_name=str(path))
        except CountyDataError as error:
            self._found[index] = error.spell(self.lang)
            return
        self._per_unit.append(index)

    def _judge(self) -> None:
        """Judge the documents read so far in columns."""
        from edu_rules.batch.columnar import summary_rows

        chunk, self._chunk = self._chunk, []
        if not chunk:
            return
        made = summary_rows([data for _, data in chunk], registry=self.registry, checked=False)
        for (index, _), row in zip(chunk, made.rows, strict=True):
            self._rows[index] = row
        for other in (*made.per_unit, *made.refused):
            self._read(chunk[other][0])

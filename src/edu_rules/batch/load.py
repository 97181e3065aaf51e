"""Reading a batch: folders, JSON array files and single documents, every problem at once."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from edu_rules._messages import text
from edu_rules.io.inputs import documents_in, input_files, is_workbook, load_county
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError, Problem

# --------------------------------------------------------------------------- loading


def prefixed(error: CountyDataError, source: str) -> Iterator[Problem]:
    """The problems of ``error``, each path prefixed with the document it comes from."""
    for problem in error.problems:
        where = f"{error.source or source}: {problem.path or '(document)'}"
        yield Problem(where, problem.reason, problem.text)


def load_batch(paths: Iterable[str | os.PathLike[str]]) -> list[County]:
    """Read a batch: folders, JSON array files, single documents (JSON or ``.xlsx``).

    A folder contributes its ``*.json`` and ``*.xlsx`` files (see :mod:`edu_rules.io.inputs`).

    Every problem in every file is reported at once, each naming its file (and its
    index in an array) and field.  The same unit twice (two documents with the same
    code *and* name) is an error; two documents sharing a code under different names
    may be a functional zone and the unit it is assessed with, which a layer folds
    in :func:`evaluate_batch` (a second document that no layer folds is refused there).

    :raises CountyDataError: listing every problem found.
    """
    files, problems = input_files(paths)
    return _read_batch([(os.fspath(path), path) for path in files], problems)


@attrs.frozen
class Pending:
    """A document read and found valid, left in its file until its unit is evaluated.

    What a batch needs to know of a unit before evaluating it (to prepare the batch and
    check that each unit appears once): its code, name and assessment year.
    """

    path: Path
    source: str
    code: str
    name: str
    assessment_year: int

    def load(self) -> County:
        """The county, read from its file again: the very unit that was checked, or an error."""
        county = load_county(self.path, source_name=self.source)
        if (county.code, county.name, county.assessment_year) != (
            self.code,
            self.name,
            self.assessment_year,
        ):  # another unit now: the batch was prepared, and its units counted, without it
            changed = text(
                "input.changed_since_checked",
                name=self.name,
                code=self.code,
                year=self.assessment_year,
            )
            raise CountyDataError([Problem.about(f"{self.source}: code", changed)], source="batch")
        return county


def as_county(unit: County | Pending) -> County:
    """A batch's unit as a county: a :class:`Pending` one is read from its file."""
    return unit.load() if isinstance(unit, Pending) else unit


def scan_batch(
    paths: Iterable[str | os.PathLike[str]], hold: Callable[[County], bool]
) -> list[County | Pending]:
    """:func:`load_batch`, keeping in memory only the counties ``hold`` chooses.

    Every document is read and checked, every problem reported at once, as by
    :func:`load_batch`; a file holding one document that ``hold`` does not choose is then
    given as a :class:`Pending` unit, read again when it is evaluated.  (The documents of
    a JSON array file are kept: reading one again would read the whole array.)

    :raises CountyDataError: listing every problem found.
    """
    files, problems = input_files(paths)
    return _read_batch([(os.fspath(path), path) for path in files], problems, hold)


def read_batch(files: Iterable[tuple[str, bytes]]) -> list[County]:
    """Read a batch from files already in memory (uploads): ``(name, bytes)`` pairs.

    Each file holds one county document or a JSON array of them, as for
    :func:`load_batch`, and problems are reported the same way, naming each file by
    the name given.

    :raises CountyDataError: listing every problem found.
    """
    return _read_batch(list(files), [])


def _read_batch(
    files: Sequence[tuple[str, Path | bytes]],
    problems: list[Problem],
    hold: Callable[[County], bool] | None = None,
) -> list[Any]:
    counties: list[County | Pending] = []
    sources: dict[tuple[str, str], str] = {}
    for name, file in files:
        documents: list[tuple[str, Path | bytes]] = []
        try:
            if isinstance(file, Path) and is_workbook(file):
                documents.append((name, file))  # one county, read by the workbook reader
            else:
                documents.extend(documents_in(name, file))
        except CountyDataError as error:
            problems.extend(prefixed(error, name))
            continue
        for source, raw in documents:
            try:
                county = load_county(raw, source_name=source)
            except CountyDataError as error:
                problems.extend(prefixed(error, source))
                continue
            key = (county.code, county.name)
            if key in sources:
                problems.append(
                    Problem.about(
                        f"{source}: code",
                        text(
                            "input.twice_in_batch",
                            name=county.name,
                            code=county.code,
                            first=sources[key],
                        ),
                    )
                )
                continue
            sources[key] = source
            if hold is None or not isinstance(file, Path) or source != name or hold(county):
                counties.append(county)
            else:  # one document in its own file: read again when evaluated
                code, year = county.code, county.assessment_year
                counties.append(Pending(file, source, code, county.name, year))
    if not counties and not problems:
        problems.append(Problem.about("", text("input.empty_batch")))
    if problems:
        raise CountyDataError(problems, source="batch")
    return counties

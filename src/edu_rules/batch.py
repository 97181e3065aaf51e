"""The city and province view: many county documents, evaluated together, against plans.

A city or province feeds a *batch*: a folder of county documents, a JSON array, or
several files (:func:`load_batch`).  :func:`evaluate_batch` lets every layer adjust
the batch as a whole first (``edu_rules_prepare_batch``: Liuzhou folds the documents
of 柳东新区 and 阳和工业新区 into 鱼峰区), evaluates each unit, and then measures
progress:

- per unit: its status, the year its layer's plan schedules it for, and where it
  stands against that plan (:class:`ScheduleState`);
- per :class:`Target` a layer sets (``edu_rules_targets``: "50% of Liuzhou's 10
  units by the end of 2025"): the units counted as recognised, the exact share
  reached, whether it is met and whether it is due.

A unit counts as recognised for a target when its document records a national
recognition year no later than the target year, or when it gets a ``pass`` verdict
in an assessment year no later than the target year.  A unit of the target that is
not in the batch counts as not recognised, and the progress says so.

**Planned years.**  A layer's schedule rule (family ``schedule``) exposes the
planned year of the unit on its finding as ``details["planned_year"]``; the batch
reads it from there, so a plan is data in the layer that adopted it.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import json
import math
import multiprocessing
import os
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from edu_rules._budget import OverBudget, time_budget
from edu_rules._limits import MAX_BATCH_FILE_BYTES, MAX_DEPTH, MAX_DOCUMENT_BYTES
from edu_rules._messages import bilingual
from edu_rules.engine import DEFAULT_RULE_SECONDS, copy_county, evaluate, unit_failure
from edu_rules.io.inputs import input_files, is_workbook, load_county
from edu_rules.io.serialization import unstructure
from edu_rules.io.validation import _too_large, read_input_file
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError, PluginError, Problem, describe_error
from edu_rules.model.layers import Layer, Title
from edu_rules.model.prepare import Prepared
from edu_rules.model.result import Fault, Note, Result, Status
from edu_rules.model.rules import SourceStatus
from edu_rules.plugins import LoadedLayer, Registry, default_registry

__all__ = [
    "Basis",
    "BatchResult",
    "CountedUnit",
    "ScheduleState",
    "Target",
    "TargetProgress",
    "UnitProgress",
    "evaluate_batch",
    "evaluate_each",
    "load_batch",
    "planned_year",
    "progress_data",
    "read_batch",
    "schedule_state",
    "unit_progress",
    "year_passed",
]

_CODE_LENGTH = 6


# --------------------------------------------------------------------------- targets


def _to_fraction(value: Fraction | int | str) -> Fraction:
    """A share as an exact fraction: ``Fraction(1, 5)``, ``1`` or ``"1/5"``; never a float."""
    if isinstance(value, bool) or not isinstance(value, Fraction | int | str):
        raise TypeError(f"a target share must be a Fraction, an int or a str, not {value!r}")
    return Fraction(value)


def _to_codes(value: Iterable[str]) -> tuple[str, ...]:
    """Target units as a tuple, in the order given."""
    return tuple(value)


def _check_share(_instance: object, _attribute: object, value: Fraction) -> None:
    if not 0 < value <= 1:
        raise ValueError(f"a target share must be in (0, 1], not {value}")


def _check_units(_instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    if not value:
        raise ValueError("a target needs at least one unit")
    bad = [code for code in value if len(code) != _CODE_LENGTH or not code.isdigit()]
    if bad:
        raise ValueError(f"target units must be 6-digit division codes, not {bad}")
    repeated = sorted(code for code, count in Counter(value).items() if count > 1)
    if repeated:
        raise ValueError(f"target units repeat {repeated}")


@attrs.frozen
class Target:
    """A layer's recognition target: ``share`` of ``units`` recognised by the end of ``by_year``.

    ``share`` is exact (``Fraction(1, 2)``); 5 of 10 units meets a 50% target.
    """

    id: str
    layer: str
    title: Title
    citation: str
    units: tuple[str, ...] = attrs.field(converter=_to_codes, validator=_check_units)
    share: Fraction = attrs.field(converter=_to_fraction, validator=_check_share)
    by_year: int
    source_status: SourceStatus = SourceStatus.CONFIRMED

    @property
    def required(self) -> int:
        """How many units must be recognised: ``share × units``, rounded up."""
        return math.ceil(self.share * len(self.units))


# --------------------------------------------------------------------------- the schedule


class ScheduleState(enum.Enum):
    """Where a unit stands against the year its plan schedules it for."""

    AHEAD = "ahead"  # passed before its planned year
    PASSED = "passed"  # passed in or after its planned year
    ON = "on"  # not passed yet; its planned year is still to come
    BEHIND = "behind"  # its planned year has come (or gone) and it has not passed
    NO_PLAN = "no_plan"  # no layer schedules it


def year_passed(
    recognition_year: int | None, status: Status | None, assessment_year: int
) -> int | None:
    """The year a unit passed: its national recognition on record, else a ``pass`` now."""
    years = [recognition_year] if recognition_year is not None else []
    if status is Status.PASS:
        years.append(assessment_year)
    return min(years, default=None)


def schedule_state(
    planned_year: int | None, assessment_year: int, passed_in: int | None
) -> ScheduleState:
    """The unit's :class:`ScheduleState` in ``assessment_year``.

    :param planned_year: the year the plan schedules it for, or ``None``.
    :param passed_in: the year it passed (see :func:`year_passed`), or ``None``.
    """
    if planned_year is None:
        return ScheduleState.NO_PLAN
    if passed_in is not None:
        return ScheduleState.AHEAD if passed_in < planned_year else ScheduleState.PASSED
    return ScheduleState.ON if assessment_year < planned_year else ScheduleState.BEHIND


# --------------------------------------------------------------------------- the result


class Basis(enum.Enum):
    """Why a unit counts as recognised for a target."""

    RECOGNITION_YEAR = "recognition_year"  # procedure.national_recognition_year on record
    PASS_VERDICT = "pass_verdict"  # noqa: S105 - not a password; a pass verdict in an assessment year ≤ the target year


@attrs.frozen
class UnitProgress:
    """One unit of the batch: its verdict and where it stands against its plan.

    ``years`` is the number of years behind plan (``behind``) or the years that
    remain (``on``); ``None`` otherwise.
    """

    code: str
    name: str
    assessment_year: int
    status: Status
    recognition_year: int | None
    planned_year: int | None
    schedule: ScheduleState
    years: int | None


@attrs.frozen
class CountedUnit:
    """A unit counted as recognised for a target, and the evidence it rests on."""

    code: str
    name: str
    basis: Basis
    year: int


@attrs.frozen
class TargetProgress:
    """How far a target is reached.

    ``share_reached`` is exact; ``met`` compares it with the target's share exactly.
    ``due`` says whether the target year is no later than the batch's report year.
    ``missing`` lists the target's units absent from the batch, counted as not
    recognised.
    """

    target: Target
    reached: int
    required: int
    share_reached: Fraction
    met: bool
    due: bool
    counted: tuple[CountedUnit, ...]
    not_recognised: tuple[str, ...]
    missing: tuple[str, ...]


@attrs.frozen
class BatchResult:
    """A batch evaluated: every unit's result, its progress, and every target's progress.

    ``notes`` and ``faults`` are what the layers did (or failed to do) to the batch
    as a whole; a unit whose documents a layer changed also carries the note in its
    own result, and a unit governed by a layer that failed carries the fault and is
    never ``pass``.
    """

    year: int
    units: tuple[UnitProgress, ...]
    targets: tuple[TargetProgress, ...]
    notes: tuple[Note, ...]
    faults: tuple[Fault, ...]
    results: tuple[Result, ...]

    @property
    def targets_due_met(self) -> bool:
        """Whether every target due by :attr:`year` is met (vacuously true if none is due)."""
        return all(progress.met for progress in self.targets if progress.due)


# --------------------------------------------------------------------------- loading


def _array_elements(text: str) -> Iterator[str]:
    """The text of each element of a top-level JSON array, so each parses on its own."""
    decoder = json.JSONDecoder()
    index = text.index("[") + 1
    length = len(text)

    def skip(position: int) -> int:
        while position < length and text[position] in " \t\r\n":
            position += 1
        return position

    index = skip(index)
    if index < length and text[index] == "]":
        return
    while True:
        _, end = decoder.raw_decode(text, index)
        yield text[index:end]
        index = skip(end)
        if index < length and text[index] == ",":
            index = skip(index + 1)
            continue
        if index < length and text[index] == "]":
            return
        raise json.JSONDecodeError("expected ',' or ']' after an array element", text, index)


def _is_array(path: Path) -> bool:
    """Whether a regular file starts like a JSON array (so the batch file bound applies).

    Only a file's first bytes are looked at; a single document keeps the document bound,
    so a 200 MB file that is no array is refused from its size, without being read.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False  # read_input_file says why
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"[")


def _documents_in(name: str, source: Path | bytes) -> Iterator[tuple[str, bytes]]:
    """``(source name, raw JSON bytes)`` of every document a file (or its bytes) holds."""
    if isinstance(source, bytes):
        if len(source) > MAX_BATCH_FILE_BYTES:
            raise CountyDataError([_too_large(len(source), MAX_BATCH_FILE_BYTES)], source=name)
        raw = source
    else:
        limit = MAX_BATCH_FILE_BYTES if _is_array(source) else MAX_DOCUMENT_BYTES
        raw = read_input_file(source, name, limit=limit)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""  # not UTF-8: load_county says so, naming the offending byte
    if not text.lstrip().startswith("["):
        yield name, raw
        return
    try:
        elements = list(_array_elements(text))
    except json.JSONDecodeError as error:
        reason = f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        raise CountyDataError([Problem("", reason)], source=name) from error
    except RecursionError as error:  # an element nested 10⁵ deep
        nested = bilingual("input.nested", limit=MAX_DEPTH)
        raise CountyDataError([Problem("", nested)], source=name) from error
    if not elements:
        raise CountyDataError([Problem("", "the array holds no county documents")], source=name)
    for index, element in enumerate(elements):
        yield f"{name}[{index}]", element.encode("utf-8")


def _prefixed(error: CountyDataError, source: str) -> Iterator[Problem]:
    for problem in error.problems:
        yield Problem(f"{error.source or source}: {problem.path or '(document)'}", problem.reason)


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


def read_batch(files: Iterable[tuple[str, bytes]]) -> list[County]:
    """Read a batch from files already in memory (uploads): ``(name, bytes)`` pairs.

    Each file holds one county document or a JSON array of them, as for
    :func:`load_batch`, and problems are reported the same way, naming each file by
    the name given.

    :raises CountyDataError: listing every problem found.
    """
    return _read_batch(list(files), [])


def _read_batch(files: Sequence[tuple[str, Path | bytes]], problems: list[Problem]) -> list[County]:
    counties: list[County] = []
    sources: dict[tuple[str, str], str] = {}
    for name, file in files:
        documents: list[tuple[str, Path | bytes]] = []
        try:
            if isinstance(file, Path) and is_workbook(file):
                documents.append((name, file))  # one county, read by the workbook reader
            else:
                documents.extend(_documents_in(name, file))
        except CountyDataError as error:
            problems.extend(_prefixed(error, name))
            continue
        for source, raw in documents:
            try:
                county = load_county(raw, source_name=source)
            except CountyDataError as error:
                problems.extend(_prefixed(error, source))
                continue
            key = (county.code, county.name)
            if key in sources:
                problems.append(
                    Problem(
                        f"{source}: code",
                        f"{county.name} ({county.code}) is already in the batch, from "
                        f"{sources[key]}; a unit may appear once",
                    )
                )
                continue
            sources[key] = source
            counties.append(county)
    if not counties and not problems:
        problems.append(Problem("", "the batch holds no county documents"))
    if problems:
        raise CountyDataError(problems, source="batch")
    return counties


# --------------------------------------------------------------------------- preparing


@attrs.frozen
class _Prepared:
    counties: tuple[County, ...]
    notes: tuple[Note, ...]
    unit_notes: Mapping[str, tuple[Note, ...]]
    faults: tuple[tuple[Fault, Layer], ...]


def _prepare_batch(
    counties: Sequence[County], registry: Registry, seconds: float | None = DEFAULT_RULE_SECONDS
) -> _Prepared:
    """Run every layer's ``edu_rules_prepare_batch``, top layer first, on its own units only.

    Each layer is given copies of the documents it governs, never another unit's, so it
    can neither read nor change them.  What it returns must be units it governs, with
    the same set of codes it was given: it may fold documents of one unit together
    (Liuzhou's functional zones) but may not drop a unit, add one, or move one.  A layer
    whose hook raises, runs past ``seconds`` or breaks that contract is a fault of the
    units it governs; the batch goes on without its changes.
    """
    current = tuple(counties)
    notes: list[Note] = []
    unit_notes: dict[str, list[Note]] = {}
    faults: list[tuple[Fault, Layer]] = []
    for loaded in registry.layers:
        if not registry.implements(loaded, "edu_rules_prepare_batch"):
            continue
        mine = [index for index, county in enumerate(current) if loaded.layer.governs(county.code)]
        if not mine:
            continue
        given = tuple(copy_county(current[index]) for index in mine)
        try:
            with time_budget(seconds):
                prepared = registry.call(loaded, "edu_rules_prepare_batch", counties=given)
            if prepared is None:
                continue
            returned = _check_prepared(prepared, given, loaded.layer)
        except CountyDataError:
            raise  # the plugin found a problem in the input: the user's to fix
        except (Exception, OverBudget) as error:  # noqa: BLE001 - a plugin's failure is reported
            fault = Fault(loaded.plugin_name, None, "prepare_batch", describe_error(error))
            faults.append((fault, loaded.layer))
            continue
        note = Note(layer=loaded.layer.name, zh=prepared.note.zh, en=prepared.note.en)
        notes.append(note)
        untouched = {id(county) for county in given}
        for county in returned:
            if id(county) not in untouched:
                unit_notes.setdefault(county.code, []).append(note)
        first = mine[0]
        taken = set(mine)
        current = tuple(
            county
            for index, original in enumerate(current)
            for county in (returned if index == first else () if index in taken else (original,))
        )
    return _Prepared(
        counties=current,
        notes=tuple(notes),
        unit_notes={code: tuple(found) for code, found in unit_notes.items()},
        faults=tuple(faults),
    )


def _check_prepared(prepared: object, given: Sequence[County], layer: Layer) -> tuple[County, ...]:
    """The counties a batch hook returned, if it kept to its units; else a TypeError."""
    if not isinstance(prepared, Prepared) or prepared.counties is None:
        raise TypeError("edu_rules_prepare_batch must return None or Prepared(note, counties=…)")
    if not isinstance(prepared.note, Title):
        raise TypeError("edu_rules_prepare_batch: Prepared.note must be a Title(zh, en)")
    returned = tuple(prepared.counties)
    if not all(isinstance(county, County) for county in returned):
        raise TypeError("edu_rules_prepare_batch returned something that is not a County")
    outside = sorted({c.code for c in returned if not layer.governs(c.code)})
    if outside:
        raise TypeError(
            f"edu_rules_prepare_batch returned units outside layer {layer.name!r}'s "
            f"jurisdiction: {', '.join(outside)}"
        )
    before, after = {c.code for c in given}, {c.code for c in returned}
    if before != after:
        dropped, added = sorted(before - after), sorted(after - before)
        raise TypeError(
            "edu_rules_prepare_batch must return every unit it was given and no other "
            f"(dropped: {', '.join(dropped) or 'none'}; added: {', '.join(added) or 'none'})"
        )
    return returned


def _check_unique(counties: Sequence[County]) -> None:
    """After the layers prepared the batch, each unit appears once."""
    by_code: dict[str, list[County]] = {}
    for county in counties:
        by_code.setdefault(county.code, []).append(county)
    problems = [
        Problem(
            f"code {code}",
            f"the same unit appears in {len(found)} documents ("
            + ", ".join(f"{county.name} {county.assessment_year}" for county in found)
            + "); a unit may appear once, and no installed layer folds these documents together",
        )
        for code, found in by_code.items()
        if len(found) > 1
    ]
    if problems:
        raise CountyDataError(problems, source="batch")


# --------------------------------------------------------------------------- evaluating

DEFAULT_UNIT_SECONDS = 300.0
"""How long a worker may take over one unit before it is stopped and the unit reported."""


@attrs.frozen
class _Work:
    """What evaluating a batch needs, inherited by forked workers (so never pickled)."""

    registry: Registry
    counties: Sequence[County]
    notes: Sequence[tuple[Note, ...]]
    faults: Sequence[tuple[Fault, ...]]
    rule_seconds: float | None

    def evaluate(self, index: int) -> Result:
        return evaluate(
            self.counties[index],
            registry=self.registry,
            notes=self.notes[index],
            faults=self.faults[index],
            rule_seconds=self.rule_seconds,
        )


_WORK: list[_Work] = []
"""The batch a forked worker evaluates: inherited from the parent, so never pickled."""


def _evaluate_run(indices: Sequence[int]) -> list[Result]:
    """In a forked worker: evaluate a run of the batch's counties."""
    work = _WORK[0]
    return [work.evaluate(index) for index in indices]


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch is evaluated; then restore it.

    Evaluation makes no reference cycles (results are trees of frozen objects; a test
    checks that nothing is left for the collector), so reference counting frees all
    garbage.  The collector would only rescan the growing list of results, again and
    again: measured at a quarter of a 300-unit batch's time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's workers (a stopped or hung one too) and shut it down without waiting."""
    processes = getattr(pool, "_processes", None) or {}  # no public way to kill them in 3.11
    for process in list(processes.values()):
        with contextlib.suppress(OSError, AttributeError):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _in_pool(
    runs: Sequence[Sequence[int]],
    workers: int,
    unit_seconds: float,
    on_done: Callable[[int], None] | None = None,
) -> tuple[dict[int, Result], list[int]]:
    """Evaluate ``runs`` of unit indices in forked workers, at most ``workers`` runs at once.

    Returns the results by index and the indices whose run did not finish: its worker
    died, or it ran past ``unit_seconds`` per unit (the pool is then stopped and the
    runs not started are left for the caller too).
    """
    done: dict[int, Result] = {}
    waiting = list(reversed(runs))
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=gc.disable)
    running: dict[Future[list[Result]], tuple[Sequence[int], float]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                run = waiting.pop()
                deadline = time.monotonic() + unit_seconds * len(run)
                running[pool.submit(_evaluate_run, run)] = (run, deadline)
            soonest = min(deadline for _, deadline in running.values())
            finished, _ = wait(running, timeout=max(0.0, soonest - time.monotonic()),
                               return_when=FIRST_COMPLETED)  # fmt: skip
            for future in finished:
                run, _ = running.pop(future)
                try:
                    done.update(zip(run, future.result(), strict=True))
                except BrokenProcessPool:
                    return done, _left(run, running, waiting)
                if on_done is not None:
                    on_done(len(run))
            if not finished and time.monotonic() >= soonest:
                return done, _left((), running, waiting)
        return done, []
    finally:
        _stop(pool)


def _left(
    run: Sequence[int],
    running: Mapping[Future[list[Result]], tuple[Sequence[int], float]],
    waiting: Sequence[Sequence[int]],
) -> list[int]:
    return sorted(
        {*run, *(i for r, _ in running.values() for i in r), *(i for r in waiting for i in r)}
    )


def _alone(work: _Work, index: int, unit_seconds: float) -> Result:
    """Evaluate one unit in a worker of its own; a unit that kills or hangs it is reported."""
    done, failed = _in_pool([[index]], 1, unit_seconds)
    if not failed:
        return done[index]
    county = work.counties[index]
    fault = Fault(
        "(worker)",
        None,
        "evaluate",
        f"the worker evaluating this unit died or ran past {unit_seconds:g} s; "
        "the layers governing it: "
        + ", ".join(loaded.layer.name for loaded in work.registry.chain(county.code)),
    )
    return unit_failure(
        county, registry=work.registry, notes=work.notes[index], faults=(*work.faults[index], fault)
    )


def _evaluate_all(
    work: _Work,
    *,
    jobs: int,
    unit_seconds: float,
    on_done: Callable[[int], None] | None = None,
) -> list[Result]:
    count = len(work.counties)
    if jobs == 1 or count < 2:
        results = []
        for index in range(count):
            results.append(work.evaluate(index))
            if on_done is not None:
                on_done(1)
        return results
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - POSIX only
        raise ValueError("jobs > 1 needs the 'fork' start method; use jobs=1")
    workers = min(jobs, count)
    # Each task is a run of counties, not one: a few tasks per worker keep them all busy
    # without paying the inter-process round trip thousands of times.
    size = max(1, -(-count // (workers * 4)))
    runs = [list(range(start, min(start + size, count))) for start in range(0, count, size)]
    _WORK[:] = [work]
    try:
        done, failed = _in_pool(runs, workers, unit_seconds, on_done)
        while failed:  # a run that did not finish: every unit of it again, alone
            index = failed.pop(0)
            done[index] = _alone(work, index, unit_seconds)
            if on_done is not None:
                on_done(1)
            if failed:  # the others of a stopped pool: in a pool again
                more, failed = _in_pool([[i] for i in failed], workers, unit_seconds, on_done)
                done.update(more)
        return [done[index] for index in range(count)]
    finally:
        _WORK.clear()


def planned_year(result: Result) -> int | None:
    """The planned year the lowest layer's schedule finding exposes, if any."""
    planned = None
    for finding in result.findings:
        if finding.family == "schedule" and finding.details and "planned_year" in finding.details:
            planned = int(finding.details["planned_year"])
    return planned


def unit_progress(county: County, result: Result) -> UnitProgress:
    """Where ``county`` stands against its plan, given its ``result``."""
    recognition = county.procedure.national_recognition_year
    planned = planned_year(result)
    passed_in = year_passed(recognition, result.status, county.assessment_year)
    state = schedule_state(planned, county.assessment_year, passed_in)
    years = None
    if planned is not None and state is ScheduleState.BEHIND:
        years = county.assessment_year - planned
    elif planned is not None and state is ScheduleState.ON:
        years = planned - county.assessment_year
    return UnitProgress(
        code=county.code,
        name=county.name,
        assessment_year=county.assessment_year,
        status=result.status,
        recognition_year=recognition,
        planned_year=planned,
        schedule=state,
        years=years,
    )


def _targets(registry: Registry, codes: set[str]) -> list[Target]:
    """The targets of every layer that governs a unit of the batch, top layer first."""
    found: list[Target] = []
    for loaded in registry.layers:
        if not any(loaded.layer.governs(code) for code in codes):
            continue
        found.extend(_layer_targets(registry, loaded))
    return found


def _layer_targets(registry: Registry, loaded: LoadedLayer) -> list[Target]:
    try:
        targets = list(registry.call(loaded, "edu_rules_targets", layer=loaded.layer) or [])
    except Exception as error:
        raise PluginError(
            f"plugin {loaded.plugin_name!r}: edu_rules_targets failed: {describe_error(error)}"
        ) from error
    for target in targets:
        if not isinstance(target, Target) or target.layer != loaded.layer.name:
            raise PluginError(
                f"plugin {loaded.plugin_name!r}: edu_rules_targets must return Target objects "
                f"of layer {loaded.layer.name!r}, got {target!r}"
            )
    return sorted(targets, key=lambda target: (target.by_year, target.id))


def _basis(unit: UnitProgress, by_year: int) -> CountedUnit | None:
    if unit.recognition_year is not None and unit.recognition_year <= by_year:
        return CountedUnit(unit.code, unit.name, Basis.RECOGNITION_YEAR, unit.recognition_year)
    if unit.status is Status.PASS and unit.assessment_year <= by_year:
        return CountedUnit(unit.code, unit.name, Basis.PASS_VERDICT, unit.assessment_year)
    return None


def _target_progress(
    target: Target, units: Mapping[str, UnitProgress], year: int
) -> TargetProgress:
    counted: list[CountedUnit] = []
    not_recognised: list[str] = []
    missing: list[str] = []
    for code in target.units:
        unit = units.get(code)
        if unit is None:
            missing.append(code)
            continue
        basis = _basis(unit, target.by_year)
        if basis is None:
            not_recognised.append(code)
        else:
            counted.append(basis)
    share_reached = Fraction(len(counted), len(target.units))
    return TargetProgress(
        target=target,
        reached=len(counted),
        required=target.required,
        share_reached=share_reached,
        met=share_reached >= target.share,
        due=target.by_year <= year,
        counted=tuple(counted),
        not_recognised=tuple(not_recognised),
        missing=tuple(missing),
    )


def evaluate_batch(  # noqa: PLR0913 - keyword-only options, each documented
    counties: Sequence[County],
    *,
    registry: Registry | None = None,
    year: int | None = None,
    jobs: int = 1,
    rule_seconds: float | None = DEFAULT_RULE_SECONDS,
    unit_seconds: float = DEFAULT_UNIT_SECONDS,
) -> BatchResult:
    """Evaluate a batch and measure its progress against the layers' plans and targets.

    :param counties: the batch, as :func:`load_batch` returns it.
    :param registry: the plugins to use; by default the installed ones.
    :param year: the report year: targets with ``by_year ≤ year`` are *due*; by
        default the latest assessment year in the batch.
    :param jobs: worker processes; any number gives the same result, in input order.
    :param rule_seconds: the time budget of each plugin evaluator and preparation hook;
        one that runs longer is a fault of its unit, which is then never ``pass``.
    :param unit_seconds: with ``jobs > 1``, how long a worker may spend on one unit; a
        worker that dies or runs longer is stopped and its unit reported as failed (the
        other units are evaluated again in fresh workers, so none is lost or changed).
    :raises CountyDataError: when a layer finds the batch inconsistent (two folded
        documents sharing a school id) or a unit appears twice.
    :raises PluginError: when a layer's targets cannot be read.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if not counties:
        raise CountyDataError([Problem("", "the batch holds no county documents")], source="batch")
    registry = registry if registry is not None else default_registry()
    prepared = _prepare_batch(counties, registry, rule_seconds)
    _check_unique(prepared.counties)
    work = _Work(
        registry=registry,
        counties=prepared.counties,
        notes=[prepared.unit_notes.get(county.code, ()) for county in prepared.counties],
        faults=[
            tuple(fault for fault, layer in prepared.faults if layer.governs(county.code))
            for county in prepared.counties
        ],
        rule_seconds=rule_seconds,
    )
    with _cyclic_gc_paused():
        results = _evaluate_all(work, jobs=jobs, unit_seconds=unit_seconds)
    units = [unit_progress(c, r) for c, r in zip(prepared.counties, results, strict=True)]
    report_year = year if year is not None else max(c.assessment_year for c in prepared.counties)
    by_code = {unit.code: unit for unit in units}
    targets = _targets(registry, set(by_code))
    return BatchResult(
        year=report_year,
        units=tuple(units),
        targets=tuple(_target_progress(target, by_code, report_year) for target in targets),
        notes=prepared.notes,
        faults=tuple(fault for fault, _ in prepared.faults),
        results=tuple(results),
    )


def evaluate_each(  # noqa: PLR0913 - keyword-only options, each documented
    counties: Sequence[County],
    *,
    registry: Registry | None = None,
    jobs: int = 1,
    rule_seconds: float | None = DEFAULT_RULE_SECONDS,
    unit_seconds: float = DEFAULT_UNIT_SECONDS,
    on_done: Callable[[int], None] | None = None,
) -> list[Result]:
    """Evaluate each county on its own (no batch preparation), in ``jobs`` worker processes.

    The results are :func:`~edu_rules.evaluate`'s, in input order, whatever ``jobs``
    is; a worker that dies or hangs is reported as :func:`evaluate_batch` reports it.
    This is ``edu-rules evaluate FILE... --jobs N``: each file judged as it stands.

    :param on_done: called with how many more units are finished, as they finish
        (a progress bar's hook).
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    registry = registry if registry is not None else default_registry()
    work = _Work(
        registry=registry,
        counties=counties,
        notes=[() for _ in counties],
        faults=[() for _ in counties],
        rule_seconds=rule_seconds,
    )
    with _cyclic_gc_paused():
        return _evaluate_all(work, jobs=jobs, unit_seconds=unit_seconds, on_done=on_done)


def progress_data(batch: BatchResult) -> dict[str, Any]:
    """The batch's progress as plain JSON data: everything but the per-unit findings."""
    data: dict[str, Any] = unstructure(attrs.evolve(batch, results=()))
    del data["results"]
    return data

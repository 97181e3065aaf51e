"""Evaluating a batch in worker processes; a dead or hung worker costs only its own unit."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import attrs

from edu_rules._messages import text
from edu_rules.batch.prepare import check_unique, prepare_batch
from edu_rules.batch.progress import (
    BatchResult,
    UnitProgress,
    batch_targets,
    target_progress,
    unit_progress,
)
from edu_rules.engine import DEFAULT_RULE_SECONDS, evaluate, unit_failure
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError, Problem
from edu_rules.model.result import Fault, Note, Result
from edu_rules.plugins import Registry, default_registry

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
    reduce: Callable[[County, Result], Any] | None = None
    """What is kept of each result (in the worker that made it); by default all of it."""

    def evaluate(self, index: int) -> Any:
        return self.kept(
            index,
            evaluate(
                self.counties[index],
                registry=self.registry,
                notes=self.notes[index],
                faults=self.faults[index],
                rule_seconds=self.rule_seconds,
            ),
        )

    def kept(self, index: int, result: Result) -> Any:
        return result if self.reduce is None else self.reduce(self.counties[index], result)


@attrs.frozen
class _Reduced:
    """What a batch keeps of a unit's result when it does not keep the result."""

    progress: UnitProgress
    faulted: bool
    left_out: tuple[str, ...]


def _reduced(county: County, result: Result) -> _Reduced:
    left_out = tuple(item.plugin for item in result.left_out)
    return _Reduced(unit_progress(county, result), bool(result.faults), left_out)


_WORK: list[_Work] = []
"""The batch a forked worker evaluates: inherited from the parent, so never pickled."""


def _evaluate_run(indices: Sequence[int]) -> list[Any]:
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
) -> tuple[dict[int, Any], list[int]]:
    """Evaluate ``runs`` of unit indices in forked workers, at most ``workers`` runs at once.

    Returns the results by index and the indices whose run did not finish: its worker
    died, or it ran past ``unit_seconds`` per unit (the pool is then stopped and the
    runs not started are left for the caller too).
    """
    done: dict[int, Any] = {}
    waiting = list(reversed(runs))
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=gc.disable)
    running: dict[Future[list[Any]], tuple[Sequence[int], float]] = {}
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
    running: Mapping[Future[list[Any]], tuple[Sequence[int], float]],
    waiting: Sequence[Sequence[int]],
) -> list[int]:
    return sorted(
        {*run, *(i for r, _ in running.values() for i in r), *(i for r in waiting for i in r)}
    )


def _alone(work: _Work, index: int, unit_seconds: float) -> Any:
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
    return work.kept(
        index,
        unit_failure(
            county,
            registry=work.registry,
            notes=work.notes[index],
            faults=(*work.faults[index], fault),
        ),
    )


def _evaluate_all(
    work: _Work,
    *,
    jobs: int,
    unit_seconds: float,
    on_done: Callable[[int], None] | None = None,
) -> list[Any]:
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


def evaluate_batch(  # noqa: PLR0913 - keyword-only options, each documented
    counties: Sequence[County],
    *,
    registry: Registry | None = None,
    year: int | None = None,
    jobs: int = 1,
    rule_seconds: float | None = DEFAULT_RULE_SECONDS,
    unit_seconds: float = DEFAULT_UNIT_SECONDS,
    keep_results: bool = True,
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
    :param keep_results: ``False`` keeps only each unit's progress and whether a plugin
        failed for it (``results`` is then empty): a whole country's findings are never
        held at once, so memory stays bounded by the documents themselves.
    :raises CountyDataError: when a layer finds the batch inconsistent (two folded
        documents sharing a school id) or a unit appears twice.
    :raises PluginError: when a layer's targets cannot be read.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if not counties:
        problem = Problem.about("", text("input.empty_batch"))
        raise CountyDataError([problem], source="batch")
    registry = registry if registry is not None else default_registry()
    prepared = prepare_batch(counties, registry, rule_seconds)
    check_unique(prepared.counties)
    work = _Work(
        registry=registry,
        counties=prepared.counties,
        notes=[prepared.unit_notes.get(county.code, ()) for county in prepared.counties],
        faults=[
            tuple(fault for fault, layer in prepared.faults if layer.governs(county.code))
            for county in prepared.counties
        ],
        rule_seconds=rule_seconds,
        reduce=None if keep_results else _reduced,
    )
    with _cyclic_gc_paused():
        done = _evaluate_all(work, jobs=jobs, unit_seconds=unit_seconds)
    results: list[Result] = done if keep_results else []
    kept: list[_Reduced] = (
        [_reduced(c, r) for c, r in zip(prepared.counties, results, strict=True)]
        if keep_results
        else done
    )
    units = [unit.progress for unit in kept]
    report_year = year if year is not None else max(c.assessment_year for c in prepared.counties)
    by_code = {unit.code: unit for unit in units}
    targets = batch_targets(registry, set(by_code))
    return BatchResult(
        year=report_year,
        units=tuple(units),
        targets=tuple(target_progress(target, by_code, report_year) for target in targets),
        notes=prepared.notes,
        faults=tuple(fault for fault, _ in prepared.faults),
        results=tuple(results),
        faulted_units=tuple(unit.progress.code for unit in kept if unit.faulted),
        left_out=tuple(sorted({name for unit in kept for name in unit.left_out})),
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

"""Evaluating a batch in worker processes; a dead or hung worker costs only its own unit."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import attrs

from edu_rules._messages import text
from edu_rules.batch.load import Pending, as_county
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
        county = self.counties[index]  # a lazy batch reads the document here, in the worker
        return self.kept(
            county,
            evaluate(
                county,
                registry=self.registry,
                notes=self.notes[index],
                faults=self.faults[index],
                rule_seconds=self.rule_seconds,
            ),
        )

    def kept(self, county: County, result: Result) -> Any:
        return result if self.reduce is None else self.reduce(county, result)


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


def _in_pool(  # noqa: PLR0913 - keyword-only options, each documented
    runs: Sequence[Sequence[int]],
    workers: int,
    unit_seconds: float,
    on_done: Callable[[int], None] | None = None,
    *,
    failed: list[int],
    window: int | None = None,
) -> Iterator[tuple[int, Any]]:
    """Evaluate ``runs`` of unit indices in forked workers, at most ``workers`` runs at once.

    Yields ``(index, value)`` as each run finishes.  The indices whose run did not finish
    are put in ``failed``: its worker died, or it ran past ``unit_seconds`` per unit (the
    pool is then stopped and the runs not started are left for the caller too).
    ``window``: no run is started more than this many runs after the earliest one still
    running, so a caller that reorders what is yielded holds a bounded number of values.
    """
    waiting = list(reversed(runs))
    order = {id(run): number for number, run in enumerate(runs)}
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=gc.disable)
    running: dict[Future[list[Any]], tuple[Sequence[int], float]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < workers and _within(waiting, running, order, window):
                run = waiting.pop()
                deadline = time.monotonic() + unit_seconds * len(run)
                running[pool.submit(_evaluate_run, run)] = (run, deadline)
            soonest = min(deadline for _, deadline in running.values())
            finished, _ = wait(running, timeout=max(0.0, soonest - time.monotonic()),
                               return_when=FIRST_COMPLETED)  # fmt: skip
            for future in finished:
                run, _ = running.pop(future)
                try:
                    values = future.result()
                except BrokenProcessPool:
                    failed += _left(run, running, waiting)
                    return
                yield from zip(run, values, strict=True)
                if on_done is not None:
                    on_done(len(run))
            if not finished and time.monotonic() >= soonest:
                failed += _left((), running, waiting)
                return
    finally:
        _stop(pool)


def _within(
    waiting: Sequence[Sequence[int]],
    running: Mapping[Future[list[Any]], tuple[Sequence[int], float]],
    order: Mapping[int, int],
    window: int | None,
) -> bool:
    """Whether the next waiting run is within ``window`` runs of the earliest one running."""
    if window is None or not running:
        return True
    earliest = min(order[id(run)] for run, _ in running.values())
    return order[id(waiting[-1])] - earliest < window


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
    failed: list[int] = []
    done = dict(_in_pool([[index]], 1, unit_seconds, failed=failed))
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
        county,
        unit_failure(
            county,
            registry=work.registry,
            notes=work.notes[index],
            faults=(*work.faults[index], fault),
        ),
    )


STREAM_RUN = 4
"""Units a worker evaluates per task when results are streamed: few, so that what waits
to be written in order stays small, yet enough to spread the round trip to the worker."""


def _evaluated(  # noqa: PLR0913 - keyword-only options, each documented
    work: _Work,
    *,
    jobs: int,
    unit_seconds: float,
    on_done: Callable[[int], None] | None = None,
    streaming: bool = False,
    isolated: bool = False,
) -> Iterator[tuple[int, Any]]:
    """``(index, value)`` for every unit of ``work``, as each is finished.

    In input order for ``jobs=1``.  ``streaming``: small runs, and a bounded window of
    runs under way (see :func:`_in_pool`).  ``isolated``: even with ``jobs=1``, plugin
    code runs in a worker process whose deadline holds where a plugin's own time budget
    cannot (inside one long call into C code, which no signal interrupts).
    """
    count = len(work.counties)
    if isolated and jobs == 1 and runs_plugin_code(work.registry) and _can_fork():
        yield from _evaluated_in_workers(work, 1, unit_seconds, on_done, streaming=streaming)
        return
    if jobs == 1 or count < 2:
        for index in range(count):
            yield index, work.evaluate(index)
            if on_done is not None:
                on_done(1)
        return
    if not _can_fork():  # pragma: no cover - POSIX only
        raise ValueError("jobs > 1 needs the 'fork' start method; use jobs=1")
    yield from _evaluated_in_workers(
        work, min(jobs, count), unit_seconds, on_done, streaming=streaming
    )


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def runs_plugin_code(registry: Registry) -> bool:
    """Whether evaluating a unit can run plugin code: a preparation hook or a plugin's evaluator."""
    return any(provider != "edu_rules" for _, provider in registry.evaluators.values()) or any(
        registry.implements(loaded, "edu_rules_prepare_county") for loaded in registry.layers
    )


def _evaluated_in_workers(
    work: _Work,
    workers: int,
    unit_seconds: float,
    on_done: Callable[[int], None] | None,
    *,
    streaming: bool,
) -> Iterator[tuple[int, Any]]:
    """:func:`_evaluated` in ``workers`` forked processes; a dead or hung one costs its unit."""
    count = len(work.counties)
    # Each task is a run of counties, not one: a few tasks per worker keep them all busy
    # without paying the inter-process round trip thousands of times.
    size = max(1, -(-count // (workers * 4)))
    window = None
    if streaming:
        size, window = min(size, STREAM_RUN), 2 * workers
    runs = [list(range(start, min(start + size, count))) for start in range(0, count, size)]
    _WORK[:] = [work]
    try:
        failed: list[int] = []
        yield from _in_pool(runs, workers, unit_seconds, on_done, failed=failed, window=window)
        while failed:  # a run that did not finish: every unit of it again, alone
            index = failed.pop(0)
            yield index, _alone(work, index, unit_seconds)
            if on_done is not None:
                on_done(1)
            if failed:  # the others of a stopped pool: in a pool again
                again, failed = [[i] for i in failed], []
                yield from _in_pool(
                    again, workers, unit_seconds, on_done, failed=failed, window=window
                )
    finally:
        _WORK.clear()


def _evaluate_all(
    work: _Work,
    *,
    jobs: int,
    unit_seconds: float,
    on_done: Callable[[int], None] | None = None,
) -> list[Any]:
    done = dict(_evaluated(work, jobs=jobs, unit_seconds=unit_seconds, on_done=on_done))
    return [done[index] for index in range(len(work.counties))]


def _each_paused(pairs: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """The items of ``pairs``, the cyclic collector paused while each is made (not between)."""
    iterator = iter(pairs)
    while True:
        with _cyclic_gc_paused():
            item = next(iterator, None)
        if item is None:
            return
        yield item


def _in_order(pairs: Iterable[tuple[int, Any]]) -> Iterator[Any]:
    """The values of ``(index, value)`` pairs, in index order from 0, each as soon as it can be."""
    waiting: dict[int, Any] = {}
    following = 0
    for index, value in pairs:
        waiting[index] = value
        while following in waiting:
            yield waiting.pop(following)
            following += 1


def evaluate_batch(  # noqa: PLR0913 - keyword-only options, each documented
    counties: Sequence[County | Pending],
    *,
    registry: Registry | None = None,
    year: int | None = None,
    jobs: int = 1,
    rule_seconds: float | None = DEFAULT_RULE_SECONDS,
    unit_seconds: float = DEFAULT_UNIT_SECONDS,
    keep_results: bool = True,
    on_done: Callable[[int], None] | None = None,
) -> BatchResult:
    """Evaluate a batch and measure its progress against the layers' plans and targets.

    :param counties: the batch, as :func:`load_batch` returns it, or :func:`scan_batch`
        (whose :class:`Pending` units are read when they are evaluated, and in a worker
        for ``jobs > 1``: with ``keep_results=False`` memory then holds only the units
        a layer prepares as a batch).
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
    :param on_done: called with a count each time units are evaluated (a progress bar).
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
        counties=_Loading(prepared.counties),
        notes=[prepared.unit_notes.get(county.code, ()) for county in prepared.counties],
        faults=[
            tuple(fault for fault, layer in prepared.faults if layer.governs(county.code))
            for county in prepared.counties
        ],
        rule_seconds=rule_seconds,
        reduce=None if keep_results else _reduced,
    )
    with _cyclic_gc_paused():
        done = _evaluate_all(work, jobs=jobs, unit_seconds=unit_seconds, on_done=on_done)
    results: list[Result] = done if keep_results else []
    kept: list[_Reduced] = (
        [_reduced(c, r) for c, r in zip(work.counties, results, strict=True)]
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


def _each(
    counties: Sequence[County],
    registry: Registry | None,
    rule_seconds: float | None,
    jobs: int,
    keep: Callable[[County, Result], Any] | None = None,
) -> _Work:
    """The work of evaluating each county on its own, with no batch preparation."""
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    return _Work(
        registry=registry if registry is not None else default_registry(),
        counties=counties,
        notes=_Repeated((), len(counties)),
        faults=_Repeated((), len(counties)),
        rule_seconds=rule_seconds,
        reduce=keep,
    )


def evaluate_each(  # noqa: PLR0913 - keyword-only options, each documented
    counties: Sequence[County],
    *,
    registry: Registry | None = None,
    jobs: int = 1,
    rule_seconds: float | None = DEFAULT_RULE_SECONDS,
    unit_seconds: float = DEFAULT_UNIT_SECONDS,
    on_done: Callable[[int], None] | None = None,
    isolated: bool = False,
) -> list[Result]:
    """Evaluate each county on its own (no batch preparation), in ``jobs`` worker processes.

    The results are :func:`~edu_rules.evaluate`'s, in input order, whatever ``jobs``
    is; a worker that dies or hangs is reported as :func:`evaluate_batch` reports it.
    This is ``edu-rules evaluate FILE... --jobs N``: each file judged as it stands.

    :param on_done: called with how many more units are finished, as they finish
        (a progress bar's hook).
    :param isolated: with ``jobs=1`` too, run plugin code in a worker process, so that
        ``unit_seconds`` holds even inside a long call into C code (the command line's
        way; where processes cannot be forked, units are evaluated here).
    """
    work = _each(counties, registry, rule_seconds, jobs)
    with _cyclic_gc_paused():
        done = dict(
            _evaluated(
                work, jobs=jobs, unit_seconds=unit_seconds, on_done=on_done, isolated=isolated
            )
        )
        return [done[index] for index in range(len(work.counties))]


def stream_each(  # noqa: PLR0913 - keyword-only options, each documented
    counties: Sequence[County],
    *,
    keep: Callable[[County, Result], Any] | None = None,
    registry: Registry | None = None,
    jobs: int = 1,
    rule_seconds: float | None = DEFAULT_RULE_SECONDS,
    unit_seconds: float = DEFAULT_UNIT_SECONDS,
    on_done: Callable[[int], None] | None = None,
    isolated: bool = False,
) -> Iterator[Any]:
    """:func:`evaluate_each`, yielding each unit's result in input order as soon as it can.

    For a batch too large to hold: ``counties`` may be a sequence that reads each
    document when it is indexed (in the worker, for ``jobs > 1``), and ``keep`` turns
    each unit's county and result into what is yielded (a written document, a summary
    row), also in the worker, so only that crosses back.  With ``jobs > 1`` the workers
    run ahead of the unit to be yielded next by a few small runs at most, so what waits
    to be yielded in order stays bounded whatever the number of units.  The values are
    those of ``keep`` applied to :func:`evaluate_each`'s results, for any ``jobs``.

    :param keep: what to yield of a unit, from its county and result; by default the result.
    :param on_done: called with how many more units are finished, as they finish.
    :param isolated: as for :func:`evaluate_each`.
    """
    work = _each(counties, registry, rule_seconds, jobs, keep)
    pairs = _evaluated(
        work,
        jobs=jobs,
        unit_seconds=unit_seconds,
        on_done=on_done,
        streaming=True,
        isolated=isolated,
    )
    yield from _in_order(_each_paused(pairs))


@attrs.frozen
class _Loading(Sequence[County]):
    """The batch's counties, a :class:`Pending` one read from its file when indexed."""

    units: Sequence[County | Pending]

    def __len__(self) -> int:
        return len(self.units)

    def __getitem__(self, index: Any) -> Any:
        return as_county(self.units[index])


@attrs.frozen
class _Repeated(Sequence[Any]):
    """``value``, ``length`` times, without a list of them."""

    value: Any
    length: int

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: Any) -> Any:
        return self.value

"""What the worker processes do: read an upload, evaluate it, render what was asked for.

Each function takes bytes and plain values and returns an :data:`Answer`, plain
data that crosses the process boundary: ``("ok", payload)``, ``("invalid",
problems)`` (the document is refused: 422), ``("bad", problems)`` (the request
is: 400) or ``("error", reason)`` (a plugin or the server failed: 500, never a
verdict).  Everything here reuses the library's own readers, evaluation and
reports; nothing is written to disk.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec, TypeAlias

import attrs

from edu_rules._messages import Text
from edu_rules._messages import text as catalogued
from edu_rules.model.errors import CountyDataError, EduRulesError, Problem

if TYPE_CHECKING:
    from edu_rules.model.county import County
    from edu_rules.plugins import Registry

Answer: TypeAlias = tuple[str, Any]
"""``(kind, payload)``: see the module docstring."""

ProblemData: TypeAlias = dict[str, str]
"""One problem as the worker hands it over: ``{"path": ..., "zh": ..., "en": ...}`` (and
``"source"``), its reason in both languages; :func:`in_language` keeps the one asked for."""

WORKBOOK_MAGIC = b"PK\x03\x04"
"""How an .xlsx file starts (it is a zip); a JSON document never does."""

_log = logging.getLogger("edu_rules.web")

P = ParamSpec("P")


def problems_data(error: CountyDataError, prefix: str = "") -> list[ProblemData]:
    """Every problem of ``error`` as plain data, its path under ``prefix``, in both languages.

    The worker does not know which language the answer is in: it says each reason in
    both, and the server keeps one (:func:`in_language`), so that a response never
    mixes them.
    """
    out: list[ProblemData] = []
    for problem in error.problems:
        path = f"{prefix}.{problem.path}" if prefix and problem.path else prefix or problem.path
        entry = {"path": path, "zh": problem.reason_in("zh"), "en": problem.reason_in("en")}
        if error.source:
            entry["source"] = error.source
        out.append(entry)
    return out


def in_language(problems: Sequence[Mapping[str, str]], lang: str) -> list[dict[str, str]]:
    """The problems as the API and the pages show them: ``{"path", "reason"}`` in ``lang``."""
    out: list[dict[str, str]] = []
    for problem in problems:
        reason = problem.get(lang) or problem.get("reason") or problem.get("en", "")
        entry = {"path": problem["path"], "reason": reason}
        if "source" in problem:
            entry["source"] = problem["source"]
        out.append(entry)
    return out


def said(error: EduRulesError | BadRequestError) -> dict[str, str]:
    """An error's message in both languages (one the plugin author wrote stays as written)."""
    if isinstance(error, BadRequestError):
        return {"zh": error.reason_in("zh"), "en": error.reason_in("en")}
    return {"zh": error.spell("zh"), "en": error.spell("en")}


def _answered(work: Callable[P, Any]) -> Callable[P, Answer]:
    """Run ``work`` and turn what it raises into an answer: the worker never crashes."""

    @functools.wraps(work)
    def answer(*args: P.args, **kwargs: P.kwargs) -> Answer:
        try:
            return ("ok", work(*args, **kwargs))
        except CountyDataError as error:
            return ("invalid", problems_data(error))
        except BadRequestError as error:
            return ("bad", [{"path": error.path, **said(error)}])
        except EduRulesError as error:  # a plugin that cannot load: no verdict
            return ("error", said(error))
        except Exception:  # noqa: BLE001 - a bug: logged, never a verdict or a traceback
            _log.exception("edu-rules web worker failed")
            return ("error", None)

    return answer


class BadRequestError(Exception):
    """A request the service cannot act on (not the document's fault): 400."""

    def __init__(self, path: str, reason: Text | str) -> None:
        """Say where (a parameter) and why (a catalogue message, said in either language)."""
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {self.reason_in('en')}")

    def reason_in(self, lang: str) -> str:
        """Why, in ``lang``."""
        return self.reason.spell(lang) if isinstance(self.reason, Text) else self.reason


def warm() -> None:
    """Load the installed layers and the readers once, when a worker starts."""
    from edu_rules.io import excel  # noqa: F401 - imported to be warm
    from edu_rules.plugins import default_registry

    default_registry()


class LateError(BaseException):
    """A job ran past its deadline (a ``BaseException``: plugin code's ``except`` misses it)."""


_REPEAT = 0.05
"""Seconds between reminders once a job is late, in case something swallowed the first."""

_ARMED = [False]
"""True while a job of this worker runs under a deadline; a reminder otherwise does nothing.

A plain list item: setting it runs no Python code, so no reminder can come between a
job's end and its disarming."""


def _interrupt(_signum: int, _frame: object) -> None:
    if _ARMED[0]:
        raise LateError


_WATCHES: list[tuple[threading.Event, threading.Thread]] = []
"""The deadline thread of the job that ran last in this worker (ended before the next)."""


def _stop_watching() -> None:
    """Disarm and end every deadline thread; a reminder that comes meanwhile does nothing."""
    _ARMED[0] = False
    while _WATCHES:
        done, watch = _WATCHES.pop()
        done.set()
        watch.join()


def within(seconds: float, job: Callable[..., Answer], *args: Any) -> Answer:
    """Run ``job(*args)`` in this worker for at most ``seconds``; past that, answer ``late``.

    The worker stops the job itself, so a request the service has given up on (its
    answer was 503) does not go on holding a worker.  A thread of the worker interrupts
    its main thread with ``SIGUSR1`` at the deadline, and again every
    :data:`_REPEAT` seconds until the job ends (the engine's own budgets for plugin code
    use ``SIGALRM``, which this leaves alone).
    """
    main = threading.main_thread()
    if threading.current_thread() is not main or not hasattr(signal, "pthread_kill"):
        return job(*args)  # no signals here: the job runs to its end
    _stop_watching()  # whatever an earlier job left
    signal.signal(signal.SIGUSR1, _interrupt)  # kept: a late reminder finds it disarmed
    done = threading.Event()

    def remind() -> None:
        if done.wait(seconds):
            return
        while not done.is_set():
            with contextlib.suppress(OSError, ValueError):
                signal.pthread_kill(main.ident or 0, signal.SIGUSR1)
            done.wait(_REPEAT)

    watch = threading.Thread(target=remind, name="edu-rules-deadline", daemon=True)
    _WATCHES.append((done, watch))
    answer: Answer = ("late", None)
    try:
        _ARMED[0] = True
        watch.start()
        answer = job(*args)
    except LateError:
        pass
    finally:
        _ARMED[0] = False
        _stop_watching()
    return answer


def _registry() -> Registry:
    """The installed layers, all of them: the service gives official assessments only."""
    from edu_rules.plugins import default_registry

    return default_registry()


def read_county(raw: bytes, name: str) -> County:
    """A county from an upload: an .xlsx workbook (by its first bytes) or a JSON document."""
    if raw.startswith(WORKBOOK_MAGIC):
        from edu_rules.io import excel

        return excel.load_county(raw, source_name=name)
    from edu_rules.io.validation import load_county

    return load_county(raw, source_name=name)


@_answered
def evaluate(raw: bytes, name: str, formats: Sequence[str], lang: str) -> dict[str, Any]:
    """The result on one county in each of ``formats`` (``json`` is the result document)."""
    from edu_rules.engine import evaluate as evaluate_county
    from edu_rules.reports import render

    registry = _registry()
    cells = None
    if raw.startswith(WORKBOOK_MAGIC):  # its reports name the cells, as `edu-rules evaluate`'s
        from edu_rules.io import excel

        county, cells = excel.load_located(raw, source_name=name)
    else:
        county = read_county(raw, name)
    result = evaluate_county(county, registry=registry)
    shown = result if cells is None else cells.locate(result)
    documents: dict[str, str | bytes] = {
        fmt: render(result if fmt == "json" else shown, fmt, lang)
        for fmt in formats
        if fmt != "xlsx"
    }
    if "xlsx" in formats:
        from edu_rules.reports import workbook

        documents["xlsx"] = workbook.render([shown], lang, registry=registry)
    return {
        "code": county.code,
        "name": county.name,
        "status": result.status.value,
        "documents": documents,
    }


def _unit_summary(result: Any) -> dict[str, Any]:
    summary = result.summary
    return {
        "code": result.county.code,
        "name": result.county.name,
        "status": result.status.value,
        "binding": summary.binding_shortfalls,
        "advisory": summary.shortfalls - summary.binding_shortfalls,
        "not_evaluated": summary.not_evaluated,
        "manual_checks": summary.manual_checks,
    }


@_answered
def batch(
    files: Sequence[tuple[str, bytes]], year: int | None, formats: Sequence[str], lang: str
) -> dict[str, Any]:
    """A batch's progress (the data of ``edu-rules progress --format json``) and reports.

    Workbooks are read first (their problems named by file, sheet and cell); the
    documents then go through :func:`edu_rules.batch.read_batch`, like a folder
    through ``edu-rules progress``.
    """
    from edu_rules.batch import evaluate_batch, progress_data, read_batch
    from edu_rules.io.serialization import to_json
    from edu_rules.reports import render_many

    documents: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    for name, raw in files:
        if not raw.startswith(WORKBOOK_MAGIC):
            documents.append((name, raw))
            continue
        try:
            county = read_county(raw, name)
        except CountyDataError as error:
            problems += [
                attrs.evolve(p, path=f"{name}: {p.path}" if p.path else name)
                for p in error.problems
            ]
            continue
        documents.append((name, to_json(county).encode("utf-8")))
    try:
        counties = read_batch(documents) if documents else []
    except CountyDataError as error:
        problems += error.problems
    if problems:
        raise CountyDataError(problems, source="batch")
    result = evaluate_batch(counties, year=year)
    progress = progress_data(result)
    rendered = {fmt: render_many(result.results, fmt, lang) for fmt in formats}
    return {
        "progress": progress,
        "progress_json": to_json(progress),
        "units": [_unit_summary(unit) for unit in result.results],
        "documents": rendered,
    }


@_answered
def plan(raw: bytes, name: str, costs: Sequence[str], lang: str) -> str:
    """The plan as ``edu-rules plan --format json --cost …`` prints it (its note in ``lang``)."""
    from edu_rules.planner.costs import CostModel, parse_costs
    from edu_rules.planner.plan import plan as plan_county
    from edu_rules.reports._plan import plan_json

    specs = list(costs)
    try:
        cost_model = CostModel.with_costs(**parse_costs(specs))
    except EduRulesError as error:
        raise BadRequestError("cost", error.text or str(error)) from error
    except ValueError as error:
        raise BadRequestError("cost", str(error).removeprefix("--cost ")) from error
    given = {spec.partition("=")[0].strip(): "" for spec in specs}
    registry = _registry()
    county = read_county(raw, name)
    return plan_json(plan_county(county, registry=registry, costs=cost_model), lang, given)


def _envelope(raw: bytes) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """The ``county`` and ``changes`` of a what-if request, numbers read exactly."""
    from edu_rules.io.validation import _parse

    data, problems = _parse(raw)
    if problems:
        raise CountyDataError(problems, source="request")
    if not isinstance(data, Mapping) or not isinstance(data.get("county"), Mapping):
        raise CountyDataError(
            [Problem.about("county", catalogued("error.envelope"))], source="request"
        )
    changes = data.get("changes")
    if not isinstance(changes, Mapping) or not changes:
        raise CountyDataError(
            [Problem.about("changes", catalogued("error.changes"))], source="request"
        )
    return data["county"], changes


@_answered
def whatif(raw: bytes) -> str:
    """The diff as ``edu-rules whatif --format json`` prints it."""
    from edu_rules.engine import evaluate as evaluate_county
    from edu_rules.io.serialization import to_json
    from edu_rules.io.validation import load_county
    from edu_rules.planner.whatif import apply_changes, diff, diff_to_data

    registry = _registry()
    document, changes = _envelope(raw)
    try:
        county = load_county(document, source_name="county")
    except CountyDataError as error:
        raise CountyDataError(
            [
                attrs.evolve(p, path=f"county.{p.path}" if p.path else "county")
                for p in error.problems
            ],
            source="request",
        ) from error
    changed = apply_changes(county, changes)
    before = evaluate_county(county, registry=registry)
    after = evaluate_county(changed, registry=registry)
    return to_json(diff_to_data(diff(before, after)))


@_answered
def layers() -> list[dict[str, Any]]:
    """The installed layers, as ``edu-rules plugins --format json`` lists them."""
    from edu_rules.plugins import layer_rows

    return layer_rows(_registry())


@_answered
def template() -> bytes:
    """The blank workbook, as ``edu-rules template`` writes it."""
    from edu_rules.io import excel

    out = io.BytesIO()
    excel.write_template(out)
    return out.getvalue()

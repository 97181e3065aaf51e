"""How fast is edu-rules on a national batch, on one county, and at start-up.

Prints, for the same synthetic data (``generate_national.py``, seeded) in one run:

1. the *parse floor*: the time merely to parse every document with the fastest JSON
   parser installed (orjson, else the standard library) — no engine can load faster;
2. the pipeline, county by county as the ministry would stream it: load + validate
   (the library's parse and :func:`edu_rules.validate_county_data`), structure (the
   converter builds the :class:`~edu_rules.County`), evaluate (every layer that governs
   the county), and the total; the ratio total / parse floor; then
   :func:`edu_rules.load_county` on the bytes timed apart (the three loading phases in
   one call, as a caller makes it: it trusts its own parse, where
   ``validate_county_data`` must walk data handed to it) and the total by it;
   and the *columnar summary*: ``edu-rules evaluate FILE... --summary --format json``
   run in this process (file reading included), which judges every unit it can in
   columns (``edu_rules.batch.columnar``, with numpy) and the others one by one, with
   ``--jobs 1`` and each of ``--jobs``;
3. the same pipeline on ``--jobs`` worker processes (a
   :class:`~concurrent.futures.ProcessPoolExecutor` here, streaming county by county),
   and, if ``edu_rules.batch.evaluate_batch`` exists, its evaluation time with
   ``jobs=1`` and ``jobs=2`` (on slices of ``--slice`` units, whose results are dropped);
4. peak memory (``ru_maxrss`` of this process and of the largest worker);
5. the evaluation time of one 150-school county, already loaded, registry warm
   (median of many calls), and the time ``to_json`` takes to write its result;
6. the import time of ``edu_rules`` and the wall time of ``edu-rules --help``
   (fresh interpreters, median of several runs).

Nothing here asserts a speed: it measures and prints.  File reading is timed apart
and left out of every figure.  Start-up is timed with byte code cached, as after
``pip install`` (the environment's ``PYTHONDONTWRITEBYTECODE`` is dropped for it).
Typical use::

    python benchmarks/bench.py --units 300      # a quick run (about a minute)
    python benchmarks/bench.py                  # the national batch, 2,850 units
    python benchmarks/bench.py --check-exact    # fast and reference reading agree?
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import gc
import importlib
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate_national  # noqa: E402

PHASES = ("parse", "validate", "structure", "evaluate")


# --------------------------------------------------------------------------- helpers


def _fastest_loads() -> tuple[str, Callable[[bytes], Any]]:
    try:
        import orjson
    except ImportError:
        return "json (stdlib)", json.loads
    return f"orjson {orjson.__version__}", orjson.loads


def _library_parse() -> tuple[str, Callable[[bytes], Any]]:
    """The parse ``edu_rules.load_county`` uses: the fast path if it exists, else the reference."""
    from edu_rules.io import validation

    reference = validation._parse  # noqa: SLF001 - the benchmark splits load_county's phases

    def parse_reference(raw: bytes) -> Any:
        data, problems = reference(raw)
        if problems:
            raise ValueError(problems)
        return data

    if importlib.util.find_spec("edu_rules.io._fastvalidate") is None:
        return "reference (json + Decimal)", parse_reference
    fast = importlib.import_module("edu_rules.io._fastvalidate")

    def parse_fast(raw: bytes) -> Any:
        data = fast.parse_json(raw)
        return parse_reference(raw) if data is None else data

    return (
        f"fast ({fast.PARSER}, schema by {fast.validator_name()}) with reference fallback",
        parse_fast,
    )


def _max_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def _dataset(units: int, seed: int, folder: Path | None) -> list[Path]:
    folder = folder or generate_national.HERE / "data" / f"national-{units}-seed{seed}"
    paths = sorted(folder.glob("*.json"))
    if len(paths) != units:
        print(f"generating {units} units into {folder} …", flush=True)
        started = time.perf_counter()
        paths = generate_national.generate(folder, units=units, seed=seed)
        print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    return paths


# --------------------------------------------------------------------------- the pipeline


def _pipeline(
    paths: Sequence[Path], *, front_door: bool = True
) -> tuple[dict[str, float], Counter[str], int, int]:
    """Load, validate, structure and evaluate each file; return phase times and verdicts.

    ``front_door``: also time ``load_county(bytes)`` apart, which does the first three
    phases in one call, as a caller would.
    """
    import edu_rules
    from edu_rules.io import serialization

    _, parse = _library_parse()
    times = dict.fromkeys(("read", *PHASES, "front door"), 0.0)
    statuses: Counter[str] = Counter()
    stages = findings = 0
    clock = time.perf_counter
    for path in paths:
        t0 = clock()
        raw = path.read_bytes()
        t1 = clock()
        data = parse(raw)
        t2 = clock()
        problems = edu_rules.validate_county_data(data)
        t3 = clock()
        if problems:
            raise SystemExit(f"{path}: {problems[:3]}")
        county = serialization.structure(data, edu_rules.County)
        t4 = clock()
        result = edu_rules.evaluate(county)
        t5 = clock()
        if front_door:
            edu_rules.load_county(raw)  # the front door does the first three phases in one
        t6 = clock()
        marks = (t0, t1, t2, t3, t4, t5)
        for name, start, end in zip(("read", *PHASES), marks[:-1], marks[1:], strict=True):
            times[name] += end - start
        times["front door"] += t6 - t5
        statuses[result.status.value] += 1
        stages += sum(len(school.stages.items()) for school in county.schools)
        findings += len(result.findings)
    return times, statuses, stages, findings


def _worker_init() -> None:
    import edu_rules

    edu_rules.default_registry()


def _chunks(paths: Sequence[Path], size: int) -> Iterator[Sequence[Path]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def _parallel(paths: Sequence[Path], jobs: int) -> tuple[float, Counter[str], float]:
    """The whole pipeline on ``jobs`` processes; wall time (pool start-up included)."""
    started = time.perf_counter()
    statuses: Counter[str] = Counter()
    with concurrent.futures.ProcessPoolExecutor(jobs, initializer=_worker_init) as pool:
        streamed = functools.partial(_pipeline, front_door=False)
        for _, found, _, _ in pool.map(streamed, _chunks(paths, 25)):
            statuses.update(found)
    return time.perf_counter() - started, statuses, _max_rss_mb(resource.RUSAGE_CHILDREN)


def _batch_api() -> Callable[..., Any] | None:
    if importlib.util.find_spec("edu_rules.batch") is None:
        return None
    return getattr(importlib.import_module("edu_rules.batch"), "evaluate_batch", None)


def _time_batch(
    batch: Callable[..., Any], paths: Sequence[Path], jobs: Sequence[int], size: int
) -> dict[int, float]:
    """Seconds ``evaluate_batch`` takes per worker count, over slices of ``size`` units."""
    import edu_rules

    spent = dict.fromkeys(jobs, 0.0)
    for chunk in _chunks(paths, size):
        counties = [edu_rules.load_county(path.read_bytes()) for path in chunk]
        for count in jobs:
            gc.collect()
            started = time.perf_counter()
            batch(counties, jobs=count)
            spent[count] += time.perf_counter() - started
    return spent


def finding_differences(expected: Sequence[Any], found: Sequence[Any]) -> list[str]:
    """Each way ``found`` differs from ``expected``, two sequences of findings, field by field.

    One line per differing field, naming the finding (its rule and subject) and both values;
    a line for a count that differs.
    """
    import attrs

    lines = []
    if len(expected) != len(found):
        lines.append(f"{len(expected)} findings by the reference path, {len(found)} by the kernels")
    for want, got in zip(expected, found, strict=False):
        if want == got:
            continue
        for field in attrs.fields(type(want)):
            left, right = getattr(want, field.name), getattr(got, field.name)
            if left != right:
                lines.append(
                    f"{want.rule} {want.subject.sort_key}: {field.name} "
                    f"{left!r} (reference) != {right!r} (kernels)"
                )
    return lines


def _check_exact(paths: Sequence[Path]) -> int:
    """Every document read fast and the reference way, and evaluated both ways, agrees.

    The county read fast equals the county read the reference way; and for every unit
    the findings of the fast path (the integer kernels, the columns) equal those of the
    reference object path (``evaluate(..., kernels=False)``), field for field, as do
    the verdict and the summary.  Every difference is printed; the exit status is 1 if
    there is any.
    """
    import edu_rules
    from edu_rules.io import _fastvalidate, serialization, validation

    started = time.perf_counter()
    fast_read = different = 0
    for path in paths:
        raw = path.read_bytes()
        reference, problems = validation._parse(raw)  # noqa: SLF001 - the reference reading
        if problems:
            raise SystemExit(f"{path}: not JSON: {problems}")
        expected = serialization.structure(reference, edu_rules.County)
        fast = _fastvalidate.parse_json(raw)
        if fast is None:
            continue
        fast_read += 1
        if serialization.structure(fast, edu_rules.County) != expected:
            different += 1
            print(f"DIFFERENT: {path}")
    print(f"{len(paths)} documents, {fast_read} read by the fast path, {different} different")
    unequal = findings = 0
    for path in paths:  # the integer kernels against the reference object path
        county = edu_rules.load_county(path.read_bytes())
        fast_result = edu_rules.evaluate(county)
        slow_result = edu_rules.evaluate(county, kernels=False)
        lines = finding_differences(slow_result.findings, fast_result.findings)
        for name in ("status", "summary", "faults", "notes"):
            if getattr(fast_result, name) != getattr(slow_result, name):
                lines.append(
                    f"{name}: {getattr(slow_result, name)!r} != {getattr(fast_result, name)!r}"
                )
        findings += len(slow_result.findings)
        if lines:
            unequal += 1
            print(f"KERNELS DIFFER: {path}")
            for line in lines[:20]:
                print(f"  {line}")
    seconds = time.perf_counter() - started
    print(
        f"{len(paths)} units, {findings} findings compared field by field: "
        f"kernels and reference differ on {unequal} units ({seconds:.0f} s)"
    )
    columns = _check_columnar(paths)
    return 1 if different or unequal or columns else 0


def _columnar_summary(paths: Sequence[Path], output: Path, jobs: int = 1) -> float | None:
    """Seconds ``edu-rules evaluate FILE... --summary --format json --jobs N -o output`` takes.

    Run in this process (the chunks in ``jobs`` forked workers); ``None`` where the
    columnar path cannot run (numpy is not installed).
    """
    from edu_rules.batch import columnar
    from edu_rules.cli import main as cli

    if not columnar.available():
        return None
    gc.collect()
    files = list(map(str, paths))
    started = time.perf_counter()
    cli(
        [
            "evaluate",
            *files,
            "--summary",
            "--format",
            "json",
            "--jobs",
            str(jobs),
            "-o",
            str(output),
        ]
    )
    return time.perf_counter() - started


def _per_unit_summary(paths: Sequence[Path], output: Path) -> float:
    """The same summary by the per-unit path alone (the reference the columns must equal)."""
    from edu_rules.cli import evaluate
    from edu_rules.cli import main as cli

    started = time.perf_counter()
    kept, evaluate.columnar_available = evaluate.columnar_available, lambda: False
    try:
        cli(["evaluate", *map(str, paths), "--summary", "--format", "json", "-o", str(output)])
    finally:
        evaluate.columnar_available = kept
    return time.perf_counter() - started


def _check_columnar(paths: Sequence[Path]) -> int:
    """The columnar summary is byte for byte the per-unit path's; 1 if it is not."""
    with tempfile.TemporaryDirectory() as folder:
        fast, slow = Path(folder, "columnar.json"), Path(folder, "per-unit.json")
        seconds = _columnar_summary(paths, fast)
        if seconds is None:
            print("columnar summary: numpy is not installed, not compared")
            return 0
        reference = _per_unit_summary(paths, slow)
        same = fast.read_bytes() == slow.read_bytes()
        rows = len(json.loads(fast.read_bytes()))
    verdict = "the same bytes" if same else "DIFFERENT"
    print(
        f"columnar summary of {rows} units ({seconds:.1f} s) and per-unit summary "
        f"({reference:.1f} s): {verdict}"
    )
    return 0 if same else 1


# --------------------------------------------------------------------------- one county, start-up


def _one_county(calls: int) -> dict[str, float]:
    import edu_rules

    doc = generate_national.large_county()
    raw = generate_national.dumps(doc)
    load_times = []
    for _ in range(max(5, calls // 10)):
        started = time.perf_counter()
        county = edu_rules.load_county(raw)
        load_times.append(time.perf_counter() - started)
    result = edu_rules.evaluate(county)  # warm: registry loaded, rule set compiled
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        edu_rules.evaluate(county)
        samples.append(time.perf_counter() - started)
    paused = []  # the same with the cyclic garbage collector paused (see RESULTS.md)
    gc.disable()
    try:
        for _ in range(calls):
            started = time.perf_counter()
            edu_rules.evaluate(county)
            paused.append(time.perf_counter() - started)
    finally:
        gc.enable()
    from edu_rules.engine import copy_county
    from edu_rules.io import serialization

    copies = []  # the copy a preparation hook is given (Liuzhou's), part of every evaluation
    for _ in range(max(5, calls // 10)):
        started = time.perf_counter()
        copy_county(county)
        copies.append(time.perf_counter() - started)
    written = []  # to_json of fresh results (a result keeps nothing of an earlier writing)
    written_bytes = []  # to_json_bytes, where the library has it (files and HTTP take bytes)
    to_bytes = getattr(serialization, "to_json_bytes", None)
    for fresh in [edu_rules.evaluate(county) for _ in range(20)]:
        started = time.perf_counter()
        text = serialization.to_json(fresh)
        written.append(time.perf_counter() - started)
    for fresh in [edu_rules.evaluate(county) for _ in range(20 if to_bytes else 0)]:
        started = time.perf_counter()
        to_bytes(fresh)
        written_bytes.append(time.perf_counter() - started)
    return {
        "copy_ms": _median_ms(copies),
        "to_json_bytes_ms": _median_ms(written_bytes) if written_bytes else None,
        "to_json_ms": _median_ms(written),
        "to_json_mb": len(text.encode("utf-8")) / 1e6,
        "evaluate_no_gc_ms": _median_ms(paused),
        "schools": len(county.schools),
        "stages": sum(len(school.stages.items()) for school in county.schools),
        "layers": len(result.layers),
        "layer_names": ", ".join(layer.name for layer in result.layers),
        "findings": len(result.findings),
        "evaluate_ms": _median_ms(samples),
        "evaluate_min_ms": min(samples) * 1000,
        "load_ms": _median_ms(load_times),
    }


def _wall(command: Sequence[str], runs: int) -> float:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)  # noqa: S603 - warm
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)  # noqa: S603
        samples.append(time.perf_counter() - started)
    return _median_ms(samples)


def _startup(runs: int) -> dict[str, Any]:
    python = sys.executable
    script = Path(sysconfig.get_path("scripts")) / "edu-rules"
    cli = str(script) if script.exists() else shutil.which("edu-rules")
    bare = _wall([python, "-c", "pass"], runs)
    imported = _wall([python, "-c", "import edu_rules"], runs)
    probe = (
        "import sys, edu_rules; "
        "print(sorted(m for m in sys.modules if m.startswith(('edu_rules_', 'fastjsonschema'))))"
    )
    check = subprocess.run(  # noqa: S603
        [python, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.strip()
    return {
        "python_ms": bare,
        "import_ms": imported,
        "help_ms": _wall([cli, "--help"], runs) if cli else float("nan"),
        "cli": cli,
        "plugin_modules_at_import": check,
    }


# --------------------------------------------------------------------------- report


def _row(label: str, seconds: float, floor: float, note: str = "") -> str:
    return f"  {label:<34}{seconds:>9.2f} s {seconds / floor:>8.1f} × floor  {note}"


def _parse_floor(paths: Sequence[Path], loads: Callable[[bytes], Any]) -> tuple[float, float]:
    """Seconds to parse every document, and (apart) to read the files."""
    gc.collect()
    read = floor = 0.0
    for path in paths:
        t0 = time.perf_counter()
        raw = path.read_bytes()
        t1 = time.perf_counter()
        loads(raw)
        floor += time.perf_counter() - t1
        read += t1 - t0
    return floor, read


def _report_pipeline(times: dict[str, float], units: int, floor: float) -> None:
    total = sum(times[name] for name in PHASES)
    split = f"(parse {times['parse']:.2f} s, validate {times['validate']:.2f} s)"
    print(_row("load + validate", times["parse"] + times["validate"], floor, split))
    print(_row("structure", times["structure"], floor))
    per_unit = f"({1000 * times['evaluate'] / units:.1f} ms per unit)"
    print(_row("evaluate (every governing layer)", times["evaluate"], floor, per_unit))
    print(_row("total", total, floor, f"({1000 * total / units:.1f} ms per unit)"))
    # What a caller of the front door pays: load_county(bytes) trusts its own parse (no
    # second walk over the data), which validate_county_data on handed-in data cannot.
    front = times["front door"]
    print(_row("load_county(bytes), the front door", front, floor, "(parse, checks, structure)"))
    by_front = front + times["evaluate"]
    note = f"({1000 * by_front / units:.1f} ms per unit)"
    print(_row("total by the front door", by_front, floor, note))


def _report_columnar(paths: Sequence[Path], floor: float, read: float, jobs: Sequence[int]) -> None:
    for workers in (1, *(n for n in jobs if n > 1)):
        with tempfile.TemporaryDirectory() as folder:
            seconds = _columnar_summary(paths, Path(folder, "summary.json"), workers)
        if seconds is None:
            print("  columnar summary: numpy is not installed (the fast extra), not timed")
            return
        label = f"columnar summary, {workers} process{'es' if workers > 1 else ''}"
        print(_row(label, seconds, floor, "(end to end, file reading included)"))
        if workers == 1:
            note = f"({1000 * (seconds - read) / len(paths):.2f} ms per unit)"
            print(_row("  the same, file reading left out", seconds - read, floor, note))


def _report_one(one: dict[str, Any], calls: int) -> None:
    print(
        f"\none county: {one['schools']} schools, {one['stages']} stages, "
        f"{one['layers']} layers ({one['layer_names']}), {one['findings']} findings"
    )
    print(
        f"  evaluate, loaded, registry warm:  {one['evaluate_ms']:.2f} ms median "
        f"({one['evaluate_min_ms']:.2f} ms best) of {calls} calls"
    )
    print(f"    the same, garbage collector paused: {one['evaluate_no_gc_ms']:.2f} ms median")
    print(f"    of which the copy given to a preparation hook: {one['copy_ms']:.2f} ms median")
    print(f"  load_county(bytes):               {one['load_ms']:.2f} ms median")
    print(
        f"  to_json(result):                  {one['to_json_ms']:.2f} ms median of 20 "
        f"fresh results ({one['to_json_mb']:.1f} MB)"
    )
    if one["to_json_bytes_ms"] is not None:
        print(f"  to_json_bytes(result):            {one['to_json_bytes_ms']:.2f} ms median of 20")


def _report_startup(start: dict[str, Any], runs: int) -> None:
    over = start["import_ms"] - start["python_ms"]
    print(f"\nstart-up (median of {runs} fresh interpreters, byte code cached):")
    print(f"  python -c pass:                   {start['python_ms']:.0f} ms")
    print(f"  python -c 'import edu_rules':     {start['import_ms']:.0f} ms (+{over:.0f} ms)")
    print(f"  edu-rules --help:                 {start['help_ms']:.0f} ms ({start['cli']})")
    print(f"  plugin modules loaded by import:  {start['plugin_modules_at_import']}")


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=generate_national.DEFAULT_UNITS)
    parser.add_argument("--seed", type=int, default=generate_national.DEFAULT_SEED)
    parser.add_argument("--data", type=Path, help="folder of documents (default: generated)")
    parser.add_argument("--jobs", type=int, nargs="*", default=[2], help="worker counts to time")
    parser.add_argument("--slice", type=int, default=300, help="units per evaluate_batch call")
    parser.add_argument("--calls", type=int, default=200, help="calls timed for one county")
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per timing")
    parser.add_argument("--check-exact", action="store_true", help="only compare the readings")
    args = parser.parse_args(argv)

    paths = _dataset(args.units, args.seed, args.data)
    if args.check_exact:
        return _check_exact(paths)
    parser_name, loads = _fastest_loads()
    import edu_rules

    machine = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"edu-rules benchmark — {machine}, {os.cpu_count()} CPUs, {platform.machine()}")
    print(f"command: python {' '.join(sys.argv)}")
    size = sum(path.stat().st_size for path in paths)
    print(f"data: {len(paths)} units, {size / 1e6:.1f} MB, seed {args.seed} ({paths[0].parent})")
    print(f"library parse: {_library_parse()[0]}")

    # 1. the parse floor
    floor, read = _parse_floor(paths, loads)
    print(f"\nparse floor ({parser_name}): {floor:.3f} s   (file reading, left out: {read:.3f} s)")

    # 2. the pipeline, one process
    edu_rules.default_registry()  # plugin loading is a one-off, timed with start-up below
    gc.collect()
    times, statuses, stages, findings = _pipeline(paths)
    print(f"\npipeline, 1 process ({stages} school stages, {findings} findings):")
    _report_pipeline(times, len(paths), floor)
    print(f"  verdicts: {dict(sorted(statuses.items()))}")
    print(f"  peak memory (this process): {_max_rss_mb():.0f} MB")
    _report_columnar(paths, floor, read, args.jobs)

    # 3. on several processes
    for jobs in args.jobs:
        wall, found, child_rss = _parallel(paths, jobs)
        if found != statuses:
            raise SystemExit(f"jobs={jobs} gave other verdicts: {found} != {statuses}")
        note = f"(pool start-up included; largest worker {child_rss:.0f} MB)"
        print(_row(f"total, {jobs} processes (wall)", wall, floor, note))
    batch = _batch_api()
    if batch is not None:
        spent = _time_batch(batch, paths, (1, *args.jobs), args.slice)
        print(f"  edu_rules.batch.evaluate_batch, evaluation only, {args.slice} units a call:")
        for jobs, seconds in spent.items():
            print(_row(f"  jobs={jobs}", seconds, floor))
        print(f"  peak memory after evaluate_batch: {_max_rss_mb():.0f} MB")

    # 4. one county; 5. start-up
    _report_one(_one_county(args.calls), args.calls)
    _report_startup(_startup(args.runs), args.runs)
    children = _max_rss_mb(resource.RUSAGE_CHILDREN)
    print(f"\npeak memory: {_max_rss_mb():.0f} MB here, {children:.0f} MB largest child")
    return 0


if __name__ == "__main__":
    sys.exit(main())

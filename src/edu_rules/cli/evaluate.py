"""``edu-rules evaluate FILE...``: the verdict on one or more county documents.

Each FILE is a county document in JSON or an Excel workbook (``.xlsx``, from
``edu-rules template``), or a folder of them.  The report goes to standard output,
or to ``--output``.
With several files the report opens with a summary table of every unit (sorted
by ``--sort``), and ``--summary`` prints that table alone; ``--format xlsx``
writes the results workbook.  A progress bar shows on a terminal (standard
error) and stays quiet when piped; ``--jobs`` evaluates in worker processes.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from edu_rules.cli._lang import add_lang_option, say
from edu_rules.cli._layers import add_layer_options, exit_code, registry_from

if TYPE_CHECKING:
    from pathlib import Path


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "evaluate",
        help=say("help.evaluate"),
        description=say("help.evaluate.about"),
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=say("help.evaluate.files"),
    )
    parser.add_argument(
        "--format",
        dest="fmt",
        default="text",
        help=say("help.evaluate.format"),
    )
    add_lang_option(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help=say("help.output"))
    parser.add_argument(
        "--summary",
        action="store_true",
        help=say("help.evaluate.summary"),
    )
    parser.add_argument(
        "--sort",
        default="code",
        choices=("code", "verdict", "shortfalls"),
        help=say("help.evaluate.sort"),
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help=say("help.jobs"),
    )
    parser.add_argument(
        "--county",
        dest="county_form",
        metavar="COUNTY_FORM",
        help=say("help.evaluate.county_form"),
    )
    parser.add_argument("--roster", metavar="FILE", help=say("help.collect.roster"))
    add_layer_options(parser)
    return parser


def _usage(key: str, lang: str, **values: object) -> int:
    from edu_rules._messages import message

    print(message(key, lang, **values), file=sys.stderr)  # noqa: T201
    return 2


def run(args: argparse.Namespace) -> int:
    """Evaluate every file; exit 0 all pass, 1 some does not, 2 bad input, 3 a plugin failed.

    Every file is read and checked first; once one is bad nothing is reported.  Then a
    report on many units that can be written as the units come (see
    :mod:`edu_rules.reports.many`) is: each file is read again when its unit is
    evaluated, and only what the report needs of it is kept.
    """
    from edu_rules._messages import message
    from edu_rules.cli._terminal import terminal_output
    from edu_rules.io.inputs import input_files, load_located
    from edu_rules.model.errors import CountyDataError
    from edu_rules.reports import progress_bar
    from edu_rules.reports.many import Options

    refused = _refused_options(args)
    if refused is not None:
        return refused
    registry = registry_from(args)
    if args.county_form is not None:  # the FILEs are school forms: collected, then evaluated
        return _forms(args, registry)
    files, missing = input_files(args.files)
    problems = [f"edu-rules: {problem.spell(args.lang)}" for problem in missing]
    if not missing:
        args.output, refusal = terminal_output(args.fmt, args.output, files, args.lang)
        if refusal is not None:
            print(f"edu-rules: {refusal}", file=sys.stderr)  # noqa: T201
            return 2
    batch = len(files) > 1
    if batch and args.summary and args.fmt == "json" and columnar_available():
        return _columnar_summary(args, files, problems, registry)
    color = args.fmt == "text" and args.output is None and sys.stdout.isatty()
    options = Options(args.fmt, args.lang, args.summary, args.sort, color, registry)
    streamed = batch and options.streamed
    loaded: list[Any] = []  # (county, cells) of each file, unless the report is streamed
    reading = message("evaluate.reading", args.lang)
    for path in progress_bar(files, len(files), batch, label=reading):
        try:
            county, located = load_located(path, source_name=str(path))
        except CountyDataError as error:
            problems.append(error.spell(args.lang))
            continue
        if not streamed:  # a streamed report reads each file again when it gets to it
            loaded.append((county, located))
    if problems:  # once a file is bad nothing is reported: no need to evaluate any
        return _refused(problems)
    return _stream(args, files, options) if streamed else _whole(args, loaded, registry)


def _forms(args: argparse.Namespace, registry: Any) -> int:
    """Evaluate the county the school forms and the county form make (``--county``)."""
    from edu_rules.io.excel.forms import collect, summary
    from edu_rules.io.validation import load_county
    from edu_rules.model.errors import CountyDataError

    try:
        collected = collect(args.files, args.county_form, roster=args.roster, registry=registry)
    except CountyDataError as error:
        return _refused([f"edu-rules: {error.spell(args.lang)}"])
    print(f"edu-rules: {summary(collected, args.lang)}", file=sys.stderr)  # noqa: T201
    county = load_county(collected.document, registry=registry)
    return _whole(args, [(county, None)], registry)


def _refused(problems: Sequence[str]) -> int:
    """Say every file's problems on standard error; exit 2 (nothing is reported)."""
    from edu_rules._text import visible

    print(visible("\n".join(problems), keep="\n"), file=sys.stderr)  # noqa: T201
    return 2


def _emit(args: argparse.Namespace, report: str | bytes) -> None:
    """Write a whole report to standard output, or to ``--output``."""
    from edu_rules.io.files import write_file

    if args.output is None:
        sys.stdout.write(report if isinstance(report, str) else report.decode())
        sys.stdout.flush()  # a reader that left is found here, while the verdict is at hand
    else:
        write_file(args.output, report)


def _refused_options(args: argparse.Namespace) -> int | None:
    """The usage error of options that cannot go together, if any (exit 2)."""
    from edu_rules.reports import FORMATS

    formats = (*FORMATS, "xlsx")
    if args.fmt not in formats:
        return _usage(
            "evaluate.bad_format", args.lang, fmt=repr(args.fmt), choices=", ".join(formats)
        )
    if args.jobs < 1:
        return _usage("evaluate.bad_jobs", args.lang, jobs=args.jobs)
    if args.fmt == "xlsx" and args.output is None:
        return _usage("evaluate.xlsx_needs_output", args.lang)
    if args.fmt == "xlsx" and args.summary:
        return _usage("evaluate.summary_format", args.lang)
    return None


def _whole(args: argparse.Namespace, loaded: list[Any], registry: Any) -> int:
    """Evaluate every county, then write the report on all of them."""
    from edu_rules._messages import message
    from edu_rules.batch import evaluate_each, unit_progress
    from edu_rules.reports import progress_counter

    counties = [county for county, _ in loaded]
    evaluating = message("evaluate.evaluating", args.lang)
    with progress_counter(len(counties), len(counties) > 1, label=evaluating) as advance:
        results = evaluate_each(
            counties, registry=registry, jobs=args.jobs, on_done=advance, isolated=True
        )
    progress = [unit_progress(c, r) for c, r in zip(counties, results, strict=True)]
    shown = results
    if args.fmt != "json":  # the result document keeps field paths; reports name the cells
        shown = [r if c is None else c.locate(r) for (_, c), r in zip(loaded, results, strict=True)]
    code = exit_code(results)
    try:
        _emit(args, _report(args, shown, progress, registry))
    except BrokenPipeError:
        return _reader_gone(code)
    return code


def columnar_available() -> bool:
    """Whether a JSON summary of many files can take the columnar path (numpy installed)."""
    from edu_rules.batch import columnar

    return columnar.available()


def _columnar_summary(
    args: argparse.Namespace, files: Sequence[Path], problems: list[str], registry: Any
) -> int:
    """``--summary --format json`` of many files by the columnar path (:mod:`._columnar`)."""
    from edu_rules.cli._columnar import Reading
    from edu_rules.io.serialization import to_json
    from edu_rules.reports import summary

    reading = Reading(files, args.lang, registry)
    reading.read_all(args.jobs)
    problems.extend(reading.problems())
    if problems:  # once a file is bad nothing is reported
        return _refused(problems)
    faulted = reading.evaluate_the_rest(_Files, args.sort, args.jobs)
    made = summary.sorted_data(reading.rows(), args.sort)
    passed = all(row["status"] == "pass" for row in made)
    code = exit_code((), passed=passed, faulted=faulted)
    try:
        _emit(args, to_json(made))
    except BrokenPipeError:
        return _reader_gone(code)
    return code


class _Files(Sequence[Any]):
    """The counties of ``files``, each read when it is indexed (in the worker that needs it).

    Where a workbook's fields came from waits beside, until :meth:`cells` takes it.
    """

    def __init__(self, files: Sequence[Path]) -> None:
        self._files = files
        self._cells: dict[int, Any] = {}
        self._indices: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._files)

    def __getitem__(self, index: Any) -> Any:
        from edu_rules.io.inputs import load_located

        path = self._files[index]
        county, located = load_located(path, source_name=str(path))
        self._cells[id(county)] = located
        self._indices[id(county)] = index
        return county

    def cells(self, county: Any) -> Any:
        """Where the fields of ``county`` (just read) came from; ``None`` for JSON."""
        return self._cells.pop(id(county), None)

    def index_of(self, county: Any) -> int:
        """The place of ``county`` (just read) among the files, from 0."""
        return self._indices.pop(id(county))


def _stream(args: argparse.Namespace, files: Sequence[Path], options: Any) -> int:
    """Evaluate the files one by one and write the report as their results come in."""
    from edu_rules._messages import message
    from edu_rules.batch import stream_each
    from edu_rules.reports import progress_counter
    from edu_rules.reports.many import Writer, part

    counties = _Files(files)

    def keep(county: Any, result: Any) -> Any:
        cells = counties.cells(county)
        shown = result if cells is None or options.fmt == "json" else cells.locate(result)
        return part(options, county, result, shown, counties.index_of(county))

    added = 0
    with _opened(args.output) as out:
        writer = Writer(out, options)
        evaluating = message("evaluate.evaluating", args.lang)
        try:
            with progress_counter(len(files), True, label=evaluating) as advance:  # noqa: FBT003
                for unit in stream_each(
                    counties,
                    keep=keep,
                    registry=options.registry,
                    jobs=args.jobs,
                    on_done=advance,
                ):
                    writer.add(unit)
                    added += 1
            writer.close()
        except BrokenPipeError:  # the reader left: the verdict counts only if every unit was in
            whole = added == len(files) or writer.faulted
            code = exit_code((), passed=writer.passed, faulted=writer.faulted)
            return _reader_gone(code if whole else None)
    return exit_code((), passed=writer.passed, faulted=writer.faulted)


def _reader_gone(code: int | None) -> int:
    """The exit code when standard output's reader left early (``| head``): never 0.

    The report was not delivered whole, so a passing verdict is not claimed: a
    failing one (1) or a plugin's failure (3) still stands; otherwise 2.  Nothing
    more is printed.
    """
    from edu_rules.cli.entry import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_NOT_PASSED, silence_stdout

    silence_stdout()
    return code if code in {EXIT_NOT_PASSED, EXIT_FAILURE} else EXIT_BAD_INPUT


@contextlib.contextmanager
def _opened(output: str | None) -> Iterator[IO[bytes]]:
    """Where a streamed report goes: standard output, or ``output`` once it is complete.

    A file is replaced only by the whole report (:func:`edu_rules.io.files.replacing`):
    a report cut short leaves no partial file behind, nor clobbers an earlier one.
    """
    from edu_rules.io.files import replacing

    if output is None:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with replacing(output) as out:
        yield out


def _report(args: argparse.Namespace, results: Any, progress: Any, registry: Any) -> str | bytes:
    from edu_rules.reports import render_many, render_summary

    if args.fmt == "xlsx":
        from edu_rules.reports import workbook

        return workbook.render(
            results, args.lang, sort=args.sort, progress=progress, registry=registry
        )
    if args.summary:
        return render_summary(
            results, args.fmt, args.lang, sort=args.sort, progress=progress, registry=registry
        )
    color = args.fmt == "text" and args.output is None and sys.stdout.isatty()
    return render_many(
        results,
        args.fmt,
        args.lang,
        color=color,
        registry=registry,
        sort=args.sort,
        progress=progress,
    )

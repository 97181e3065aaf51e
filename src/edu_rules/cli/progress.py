"""``edu-rules progress PATH...``: a city's or province's units against its plan and targets.

Exit 0 when every target due by the report year is met, 1 when one is missed, 2 on
bad input.  The JSON form is the batch's progress without the per-unit findings
(``edu-rules evaluate`` prints those).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from edu_rules._messages import message
from edu_rules.cli._lang import add_lang_option, say
from edu_rules.cli._layers import add_layer_options, exit_code, registry_from

if TYPE_CHECKING:
    from edu_rules.batch import BatchResult, TargetProgress, UnitProgress


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "progress",
        help=say("help.progress"),
        description=say("help.progress.about"),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help=say("help.paths"))
    parser.add_argument(
        "--year",
        type=int,
        default=None,
        help=say("help.progress.year"),
    )
    parser.add_argument(
        "--format", dest="fmt", default="text", choices=("text", "json"), help=say("help.format")
    )
    add_lang_option(parser)
    parser.add_argument("--jobs", type=int, default=1, help=say("help.jobs"))
    add_layer_options(parser)
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="ID",
        help=say("help.progress.target"),
    )
    return parser


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns, as the reports measure them."""
    from edu_rules.reports._width import display_width

    return text + " " * max(0, width - display_width(text))


def _schedule_text(unit: UnitProgress, lang: str) -> str:
    from edu_rules.reports._format import schedule_text

    return schedule_text(unit.schedule.value, unit.years, lang)


def _percent(value: Any) -> str:
    return f"{float(value) * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _target_lines(progress: TargetProgress, lang: str) -> list[str]:
    target = progress.target
    state = message(
        "progress.state",
        lang,
        met=message("progress.met" if progress.met else "progress.not_met", lang),
        due=message("progress.due" if progress.due else "progress.not_due", lang),
    )
    title = target.title.zh if lang == "zh" else target.title.en
    reached = message(
        "progress.reached",
        lang,
        reached=progress.reached,
        units=len(target.units),
        share=_percent(progress.share_reached),
        required_share=_percent(target.share),
        required=progress.required,
        year=target.by_year,
    )
    status = message(f"source.{target.source_status.value}", lang)
    lines = [
        f"  {target.id}  {state}  {title}",
        f"      {reached}",
        f"      {message('progress.citation', lang, citation=target.citation, status=status)}",
    ]
    if progress.counted:
        counted = message("list.separator", lang).join(
            message(
                "progress.counted_unit",
                lang,
                code=unit.code,
                name=unit.name,
                basis=message(f"progress.basis.{unit.basis.value}", lang),
                year=unit.year,
            )
            for unit in progress.counted
        )
        lines.append(f"      {message('progress.counted', lang, units=counted)}")
    if progress.missing:
        lines.append(f"      {message('progress.missing', lang, n=len(progress.missing))}")
    return lines


def render_text(batch: BatchResult, lang: str = "zh") -> str:
    """The progress as a table per unit and a block per target, in ``lang``."""
    lines = [message("progress.title", lang, year=batch.year)]
    left_out = batch.left_out
    if left_out:
        lines.append(message("verdict.unofficial", lang, names=", ".join(left_out)))
    rows = [[message(key, lang) for key in _COLUMNS]]
    for unit in batch.units:
        planned = str(unit.planned_year) if unit.planned_year is not None else "—"
        status = message(f"status.{unit.status.value}", lang)
        cells = [unit.code, unit.name, str(unit.assessment_year), status, planned]
        rows.append([*cells, _schedule_text(unit, lang)])
    lines += ["", message("progress.units", lang), *_table(rows)]
    lines += ["", message("progress.targets", lang)]
    if not batch.targets:
        lines.append("  " + message("progress.no_targets", lang))
    for progress in batch.targets:
        lines += _target_lines(progress, lang)
    if batch.notes:
        lines += ["", message("label.notes", lang)]
        lines += [
            f"  * [{note.layer}] {note.zh if lang == 'zh' else note.en}" for note in batch.notes
        ]
    if batch.faults:
        lines += ["", message("label.faults", lang)]
        lines += [f"  ! {f.plugin} {f.stage_of_work}: {f.error}" for f in batch.faults]
    return "\n".join(lines) + "\n"


_COLUMNS = (
    "progress.col.code",
    "progress.col.name",
    "progress.col.year",
    "progress.col.status",
    "progress.col.planned",
    "progress.col.schedule",
)
"""The columns of the units' table (their catalogue keys)."""


def _table(rows: list[list[str]]) -> list[str]:
    """The rows with every column but the last padded to its widest cell."""
    from edu_rules.reports._width import display_width

    widths = [max(display_width(row[index]) for row in rows) for index in range(len(rows[0]) - 1)]
    return [
        "  "
        + " ".join(
            [*(_pad(cell, width) for cell, width in zip(row[:-1], widths, strict=True)), row[-1]]
        )
        for row in rows
    ]


def run(args: argparse.Namespace) -> int:
    """Evaluate the batch; exit 0 due targets met, 1 not, 2 bad input, 3 a plugin failed."""
    import attrs

    from edu_rules._limits import MAX_DEPTH
    from edu_rules._text import visible
    from edu_rules.batch import evaluate_batch, held_back, progress_data, scan_batch
    from edu_rules.io.serialization import to_json
    from edu_rules.reports import progress_counter

    if args.jobs < 1:
        print(message("evaluate.bad_jobs", args.lang, jobs=args.jobs), file=sys.stderr)  # noqa: T201
        return 2
    registry = registry_from(args)
    try:
        # Only the units a layer prepares as a batch are held; the others wait in their files.
        counties = scan_batch(args.paths, held_back(registry))
    except RecursionError:  # a JSON array whose element nests 10⁵ deep
        nested = message("input.nested", args.lang, limit=MAX_DEPTH)
        print(visible(f"edu-rules: {', '.join(args.paths)}: {nested}"), file=sys.stderr)  # noqa: T201
        return 2
    evaluating = message("evaluate.evaluating", args.lang)
    with progress_counter(len(counties), len(counties) > 1, label=evaluating) as advance:
        batch = evaluate_batch(
            counties,
            registry=registry,
            year=args.year,
            jobs=args.jobs,
            keep_results=False,
            on_done=advance,
        )
    if args.target:
        known = {progress.target.id for progress in batch.targets}
        unknown = sorted(set(args.target) - known)
        if unknown:
            listed = ", ".join(sorted(known)) or "—"
            said = message(
                "progress.unknown_target", args.lang, names=", ".join(unknown), known=listed
            )
            print(said, file=sys.stderr)  # noqa: T201
            return 2
        chosen = tuple(p for p in batch.targets if p.target.id in set(args.target))
        batch = attrs.evolve(batch, targets=chosen)
    if args.fmt == "json":
        sys.stdout.write(to_json(progress_data(batch)))
    else:
        sys.stdout.write(visible(render_text(batch, args.lang), keep="\n"))
    return exit_code((), passed=batch.targets_due_met, faulted=bool(batch.faulted_units))

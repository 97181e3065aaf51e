"""``edu-rules progress PATH...``: a city's or province's units against its plan and targets.

Exit 0 when every target due by the report year is met, 1 when one is missed, 2 on
bad input.  The JSON form is the batch's progress without the per-unit findings
(``edu-rules evaluate`` prints those).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

from edu_rules.cli._layers import add_layer_options, exit_code, registry_from

if TYPE_CHECKING:
    from edu_rules.batch import BatchResult, TargetProgress, UnitProgress


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "progress",
        help="evaluate a batch of county documents and report progress against plans and targets",
        description=(
            "Evaluate a batch (folders of county documents, JSON array files, or single "
            "documents) and report each unit's status and schedule, and each target's progress."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="folder, JSON array or document")
    parser.add_argument(
        "--year",
        type=int,
        default=None,
        help="report year: targets due by then decide the exit code "
        "(default: the latest assessment year in the batch)",
    )
    parser.add_argument("--format", dest="fmt", default="text", choices=("text", "json"))
    parser.add_argument(
        "--jobs", type=int, default=1, help="worker processes (same result for any number)"
    )
    add_layer_options(parser)
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="ID",
        help="report and check only this target (repeatable), e.g. liuzhou.target.2025",
    )
    return parser


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def _schedule_text(unit: UnitProgress) -> str:
    from edu_rules.model.targets import ScheduleState

    state = unit.schedule.value
    if unit.schedule is ScheduleState.BEHIND:
        return f"{state} (due this year)" if unit.years == 0 else f"{state} by {_years(unit.years)}"
    if unit.schedule is ScheduleState.ON:
        return f"{state} ({_years(unit.years)} to go)"
    return state


def _years(count: int | None) -> str:
    return "1 year" if count == 1 else f"{count} years"


def _percent(value: Any) -> str:
    return f"{float(value) * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _target_lines(progress: TargetProgress) -> list[str]:
    target = progress.target
    verdict = "met" if progress.met else "NOT MET"
    due = "due" if progress.due else "not yet due"
    lines = [
        f"  {target.id}  [{verdict}, {due}]  {target.title.zh}",
        (
            f"      {progress.reached}/{len(target.units)} recognised "
            f"({_percent(progress.share_reached)}); required {_percent(target.share)} "
            f"= {progress.required} by {target.by_year}"
        ),
        f"      citation: {target.citation} ({target.source_status.value})",
    ]
    if progress.counted:
        counted = ", ".join(
            f"{unit.code} {unit.name} ({unit.basis.value} {unit.year})" for unit in progress.counted
        )
        lines.append(f"      counted: {counted}")
    if progress.missing:
        lines.append(
            f"      {len(progress.missing)} unit(s) not in the batch, counted as not recognised"
        )
    return lines


def render_text(batch: BatchResult) -> str:
    """The progress as a table per unit and a block per target."""
    from edu_rules._messages import message

    lines = [f"Progress · report year {batch.year}"]
    left_out = batch.left_out
    if left_out:
        lines.append(message("verdict.unofficial", "zh", names=", ".join(left_out)))
        lines.append(message("verdict.unofficial", "en", names=", ".join(left_out)))
    lines += ["", "Units"]
    lines.append(
        f"  {'code':<7} {_pad('name', 14)} {'year':<5} {'status':<11} {'planned':<8} schedule"
    )
    for unit in batch.units:
        planned = str(unit.planned_year) if unit.planned_year is not None else "—"
        lines.append(
            f"  {unit.code:<7} {_pad(unit.name, 14)} {unit.assessment_year:<5} "
            f"{unit.status.value:<11} {planned:<8} {_schedule_text(unit)}"
        )
    lines += ["", "Targets"]
    if not batch.targets:
        lines.append("  (no layer governing these units sets a target)")
    for progress in batch.targets:
        lines += _target_lines(progress)
    if batch.notes:
        lines += ["", "Notes"]
        lines += [f"  * [{note.layer}] {note.zh}" for note in batch.notes]
    if batch.faults:
        lines += ["", "Plugin errors"]
        lines += [f"  ! {f.plugin} {f.stage_of_work}: {f.error}" for f in batch.faults]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Evaluate the batch; exit 0 due targets met, 1 not, 2 bad input, 3 a plugin failed."""
    import attrs

    from edu_rules._limits import MAX_DEPTH
    from edu_rules._messages import bilingual
    from edu_rules._text import visible
    from edu_rules.batch import evaluate_batch, load_batch, progress_data
    from edu_rules.io.serialization import to_json

    if args.jobs < 1:
        print("edu-rules: --jobs must be at least 1", file=sys.stderr)  # noqa: T201
        return 2
    registry = registry_from(args)
    try:
        counties = load_batch(args.paths)
    except RecursionError:  # a JSON array whose element nests 10⁵ deep
        nested = bilingual("input.nested", limit=MAX_DEPTH)
        print(visible(f"edu-rules: {', '.join(args.paths)}: {nested}"), file=sys.stderr)  # noqa: T201
        return 2
    batch = evaluate_batch(
        counties, registry=registry, year=args.year, jobs=args.jobs, keep_results=False
    )
    if args.target:
        known = {progress.target.id for progress in batch.targets}
        unknown = sorted(set(args.target) - known)
        if unknown:
            print(  # noqa: T201
                f"edu-rules: unknown --target {', '.join(unknown)}; "
                f"this batch has {', '.join(sorted(known)) or 'none'}",
                file=sys.stderr,
            )
            return 2
        chosen = tuple(p for p in batch.targets if p.target.id in set(args.target))
        batch = attrs.evolve(batch, targets=chosen)
    if args.fmt == "json":
        sys.stdout.write(to_json(progress_data(batch)))
    else:
        sys.stdout.write(visible(render_text(batch), keep="\n"))
    return exit_code((), passed=batch.targets_due_met, faulted=bool(batch.faulted_units))

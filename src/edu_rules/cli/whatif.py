"""``edu-rules whatif FILE --set PATH=VALUE ...``: change figures and see what the verdict does.

``PATH`` is a JSON path into the county document (``guarantee.quota_allocation_pct``,
``schools[3].stages.primary.key_teachers``); ``VALUE`` is JSON (``55``, ``null``,
``[96, 96]``, ``true``), or text when it is not JSON.  Prints the change in status and
the shortfalls added, removed and changed.  Exit 0 when the changed county passes,
1 when it does not, 2 on bad input (an unknown path, a value the contract refuses).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from edu_rules._messages import message
from edu_rules._messages import text as catalogued
from edu_rules.cli._lang import add_lang_option, say
from edu_rules.cli._layers import add_layer_options, exit_code, registry_from
from edu_rules.model.errors import UsageError

if TYPE_CHECKING:
    from edu_rules.model.result import Finding
    from edu_rules.planner.whatif import ResultDiff, ShortfallChange


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "whatif",
        help=say("help.whatif"),
        description=say("help.whatif.about"),
    )
    parser.add_argument("file", metavar="FILE", help=say("help.file"))
    parser.add_argument(
        "--set",
        dest="changes",
        action="append",
        default=[],
        required=True,
        metavar="PATH=VALUE",
        help=say("help.whatif.set"),
    )
    parser.add_argument(
        "--format", dest="fmt", default="text", choices=("text", "json"), help=say("help.format")
    )
    add_lang_option(parser)
    parser.add_argument("--out", metavar="CHANGED.json", help=say("help.whatif.out"))
    add_layer_options(parser)
    return parser


def parse_changes(specs: list[str]) -> dict[str, Any]:
    """``PATH=VALUE`` pairs as a mapping; VALUE is JSON (exact decimals) or else text."""
    changes: dict[str, Any] = {}
    for spec in specs:
        path, sep, text = spec.partition("=")
        if not sep or not path.strip():
            raise UsageError.about(catalogued("whatif.write_set", spec=repr(spec)))
        try:
            value = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError:
            value = text
        except RecursionError:  # [[[[… 10⁵ deep: no county field is
            raise UsageError.about(catalogued("whatif.value_nested", path=path.strip())) from None
        except ValueError as error:  # an integer of more than 4300 digits
            said = catalogued("whatif.bad_value", path=path.strip(), error=error)
            raise UsageError.about(said) from None
        changes[path.strip()] = value
    return changes


def run(args: argparse.Namespace) -> int:
    """Evaluate before and after the changes; 0 if the changed county passes."""
    from edu_rules._text import visible
    from edu_rules.engine import evaluate
    from edu_rules.io.files import write_file
    from edu_rules.io.inputs import load_county
    from edu_rules.io.serialization import to_json, unstructure
    from edu_rules.model.result import Status
    from edu_rules.planner.whatif import apply_changes, diff, diff_to_data

    try:
        changes = parse_changes(args.changes)
    except UsageError as error:
        print(f"edu-rules: {error.spell(args.lang)}", file=sys.stderr)  # noqa: T201
        return 2
    registry = registry_from(args)
    county = load_county(args.file, source_name=args.file)
    changed = apply_changes(county, changes, registry=registry)  # CountyDataError → exit 2
    before = evaluate(county, registry=registry)
    after = evaluate(changed, registry=registry)
    result_diff = diff(before, after)
    if args.out:
        write_file(args.out, to_json(unstructure(changed)))  # EduRulesError → exit 2
    if args.fmt == "json":
        sys.stdout.write(to_json(diff_to_data(result_diff)))
    else:
        text = render_text(result_diff, f"{county.name} ({county.code})", args.lang)
        sys.stdout.write(visible(text, keep="\n"))
    return exit_code((before, after), passed=after.status is Status.PASS)


def _side(finding: Finding | None, lang: str) -> str:
    """One side of a change as the reports say it: ``7.65 平方米/生（未达标）``, ``—``.

    The school rule reads as indicators met against its floor (``6 项达标，要求至少 6 项``).
    """
    from edu_rules.reports import _format as fmt

    if finding is None:
        return "—"
    outcome = message(f"outcome.{finding.outcome.value}", lang)
    if finding.measured is None:
        return outcome
    return message("whatif.side", lang, value=fmt.measured_text(finding, lang), outcome=outcome)


def _line(change: ShortfallChange, lang: str) -> str:
    from edu_rules.reports import _format as fmt

    finding = change.finding
    where = fmt.subject_text(change.subject, lang)
    title = fmt.title(finding.title, lang)
    before, after = _side(change.before, lang), _side(change.after, lang)
    return f"  {title}  [{change.rule}]\n      {where}: {before} → {after}"


def render_text(result_diff: ResultDiff, unit: str, lang: str = "zh") -> str:
    """The diff for a terminal."""
    before = message(f"status.{result_diff.status_before.value}", lang)
    after = message(f"status.{result_diff.status_after.value}", lang)
    out = [
        message("whatif.title", lang, unit=unit),
        message("whatif.status", lang, before=before, after=after),
    ]
    for key, changes in (
        ("whatif.removed", result_diff.removed),
        ("whatif.added", result_diff.added),
        ("whatif.changed", result_diff.changed),
    ):
        if changes:
            out += ["", message(key, lang, n=len(changes))]
            out += [_line(change, lang) for change in changes]
    if result_diff.empty:
        out += ["", message("whatif.nothing", lang)]
    return "\n".join(out) + "\n"

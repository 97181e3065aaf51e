"""``edu-rules plan FILE``: the least additions that make a county's schools pass.

Prints the plan (text, JSON or Markdown) and, with ``--apply-out``, writes the
county document with the plan applied.  Exit 0 when the county passes once the
plan is carried out, 1 when something the plan cannot add remains (a veto, a
declaration, unknown data), 2 on bad input.

Its cost is printed with its basis in every format: the unit prices used, where
they come from (the built-in defaults, ``--cost FIELD=YUAN`` or ``--cost FILE``), and
that it is an estimate for comparison, not a budget.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edu_rules._messages import MESSAGES, message
from edu_rules._messages import text as catalogued
from edu_rules.cli._lang import add_lang_option, say
from edu_rules.cli._layers import add_layer_options, exit_code, registry_from
from edu_rules.model.errors import EduRulesError, UsageError

if TYPE_CHECKING:
    from edu_rules.model.result import Subject
    from edu_rules.planner.result import Addition, Plan, Target

FORMATS = ("text", "json", "markdown")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "plan",
        help=say("help.plan"),
        description=say("help.plan.about"),
    )
    parser.add_argument("file", metavar="FILE", help=say("help.file"))
    parser.add_argument(
        "--format", dest="fmt", default="text", choices=FORMATS, help=say("help.format")
    )
    add_lang_option(parser)
    parser.add_argument(
        "--apply-out",
        metavar="FIXED.json",
        help=say("help.plan.apply_out"),
    )
    parser.add_argument(
        "--cost",
        action="append",
        default=[],
        metavar="FIELD=YUAN",
        help=say("help.plan.cost"),
    )
    add_layer_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Plan one county: 0 it passes after the plan, 1 not, 2 bad input, 3 a plugin failed."""
    from edu_rules._text import visible
    from edu_rules.engine import evaluate
    from edu_rules.io.files import write_file
    from edu_rules.io.inputs import load_county
    from edu_rules.io.serialization import to_json, unstructure
    from edu_rules.model.result import Status
    from edu_rules.planner.costs import CostModel, parse_costs
    from edu_rules.planner.plan import apply_plan, plan

    registry = registry_from(args)
    try:  # a layer's data fields are priced by name too (stage.extra.<layer>.<field>=YUAN)
        specs, given = cost_specs(args.cost)
        costs = CostModel.with_costs(**parse_costs(specs, registry.data_fields))
    except EduRulesError as error:
        print(f"edu-rules: {error.spell(args.lang)}", file=sys.stderr)  # noqa: T201
        return 2
    county = load_county(args.file, source_name=args.file)  # CountyDataError → exit 2 in cli.entry
    before = evaluate(county, registry=registry)  # a plugin's failure shows in its faults
    the_plan = plan(county, before, registry=registry, costs=costs)
    if args.apply_out:
        applied = apply_plan(county, the_plan)
        write_file(args.apply_out, to_json(unstructure(applied)))  # EduRulesError → exit 2
        said = message("plan.applied", args.lang, path=args.apply_out)
        print(f"edu-rules: {said}", file=sys.stderr)  # noqa: T201
    if args.fmt == "json":
        sys.stdout.write(render_json(the_plan, args.lang, given))
    elif args.fmt == "markdown":
        sys.stdout.write(visible(render_markdown(the_plan, args.lang, given), keep="\n"))
    else:
        sys.stdout.write(visible(render_text(the_plan, args.lang, given), keep="\n"))
    return exit_code((before,), passed=the_plan.status_after is Status.PASS)


# --------------------------------------------------------------------------- prices


def cost_specs(values: list[str]) -> tuple[list[str], dict[str, str]]:
    """``--cost`` values as ``FIELD=YUAN`` pairs, and where each field's price came from.

    A value without ``=`` names a price file: a JSON object of field: yuan, or one
    ``FIELD=YUAN`` a line (``#`` starts a comment).  The second result maps each field
    priced to the file it came from, or ``""`` for the command line.
    """
    specs: list[str] = []
    given: dict[str, str] = {}
    for value in values:
        if "=" in value:
            specs.append(value)
            given[value.partition("=")[0].strip()] = ""
            continue
        for pair in _price_file(value):
            specs.append(pair)
            given[pair.partition("=")[0].strip()] = value
    return specs, given


def _price_file(path: str) -> list[str]:
    """The ``FIELD=YUAN`` pairs of a price file; :raises UsageError: naming the file."""
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise UsageError.about(
            catalogued("plan.cost.file_unreadable", path=path, error=reason)
        ) from error
    if raw.lstrip().startswith("{"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise UsageError.about(catalogued("plan.cost.file_shape", path=path)) from error
        if not isinstance(data, dict):
            raise UsageError.about(catalogued("plan.cost.file_shape", path=path))
        return [f"{field}={price}" for field, price in data.items()]
    lines = (line.split("#", 1)[0].strip() for line in raw.splitlines())
    pairs = [line for line in lines if line]
    if any("=" not in pair for pair in pairs):
        raise UsageError.about(catalogued("plan.cost.file_shape", path=path))
    return pairs


# --------------------------------------------------------------------------- rendering


def _label(key: str, lang: str) -> str:
    """A heading in ``lang`` (``key`` a ``plan.label.*`` key of the catalogue)."""
    return message(key, lang)


def _field(field: str, lang: str) -> str:
    """A field by its name for people (``体育运动场馆面积``); its key where it has none."""
    from edu_rules.reports._format import field_name

    return field_name(field, lang) or field


def _fields(paths: Sequence[str], lang: str) -> str:
    """Document paths by their names, each path after its name."""
    from edu_rules.reports._format import field_text

    return message("list.separator", lang).join(field_text(path, lang) for path in paths)


def _word(key: str, lang: str) -> str:
    """A word inside a line, in ``lang`` alone; the key itself if the catalogue lacks it."""
    return message(key, lang) if key in MESSAGES else key.rpartition(".")[2]


def _unit(unit: str, lang: str) -> str:
    """A remedy's unit (``m2``, ``teachers``) in ``lang``."""
    for family in ("remedy", "unit"):
        if f"{family}.{unit}" in MESSAGES:
            return message(f"{family}.{unit}", lang)
    return unit


def _target_unit(target: Target, lang: str) -> str:
    """A target's unit: the one its layer declares with the field, else the catalogue's."""
    if target.unit_title is not None:
        return target.unit_title.en if lang == "en" else target.unit_title.zh
    return _unit(target.unit, lang)


def _cols(lang: str, *names: str) -> str:
    """A Markdown table's header row and rule, the columns in ``lang``."""
    cells = [message(key, lang) for key in names]
    return "| " + " | ".join(cells) + " |"


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns."""
    from edu_rules.reports._width import display_width

    return text + " " * max(0, width - display_width(text))


def _num(value: object, digits: int = 2) -> str:
    """A figure at the forms' precision: 2 decimals (per-school values), 3 for a CV."""
    from edu_rules._numbers import display, exact

    if value is None:
        return "—"
    if isinstance(value, float):
        return display(exact(value), digits)
    if isinstance(value, int):
        return f"{value:,}"
    return display(value, digits)  # type: ignore[arg-type]


def _cv(value: object) -> str:
    return _num(value, 3)


def _title(the_plan: Plan, rule: str, lang: str) -> str:
    """A rule by its title, its id after it in brackets."""
    title = the_plan.titles.get(rule)
    if title is None:
        return rule
    return f"{title.zh if lang == 'zh' else title.en} [{rule}]"


def _where(school: str | None, stage: str | None, name: str | None, lang: str) -> str:
    shown = _word(f"stage.{stage}", lang) if stage else None
    parts = [part for part in (school, name, shown) if part]
    return " · ".join(parts) if parts else message("label.county", lang)


def _addition_line(addition: Addition, lang: str, *, school: bool) -> str:
    stage = _word(f"stage.{addition.stage}", lang)
    where = f"{addition.school} · {stage}: " if school else ""
    reason = _word(f"plan.reason.{addition.reason}", lang)
    return (
        f"{where}+{_num(addition.quantity)} {_unit(addition.unit, lang)} "
        f"{_field(addition.field, lang)}: "
        f"{_num(addition.value_before)} → {_num(addition.value_after)} "
        f"({reason} {_num(addition.level)})  [{addition.rule}]"
    )


def _summary_lines(the_plan: Plan, lang: str) -> list[str]:
    title = f"{_label('plan.label.title', lang)}: {the_plan.name} ({the_plan.code})"
    before = message(f"status.{the_plan.status_before.value}", lang)
    after = message(f"status.{the_plan.status_after.value}", lang)
    lines = [
        f"{title}, {_label('plan.label.rules_as_of', lang)} {the_plan.as_of}",
        (
            f"{_label('plan.label.status', lang)}: {before} → "
            f"{_label('plan.label.after', lang)}: {after}"
        ),
    ]
    if not the_plan.totals_by_kind() and not the_plan.targets:
        lines.append(_label("plan.label.nothing", lang))
    return lines


def _subject_text(subject: Subject, lang: str) -> str:
    if not subject.school:
        return message("label.county", lang)
    return _where(subject.school, subject.stage, subject.name, lang)


def _prices(the_plan: Plan, lang: str) -> list[str]:
    """The unit price of each field the plan adds to: ``体育运动场馆面积：每平方米 500 元``."""
    units: dict[str, str] = {}
    for addition in [a for s in the_plan.stages for a in s.additions] + [
        a for b in the_plan.balance for a in b.additions
    ]:
        units.setdefault(addition.field, addition.unit)
    prices = the_plan.cost_model.unit_costs
    return [
        message(
            "plan.cost.price",
            lang,
            field=_field(field, lang),
            unit=_unit(unit, lang),
            price=_num(prices.get(field, the_plan.cost_model.default)),
        )
        for field, unit in sorted(units.items())
    ]


def _source(given: dict[str, str] | None, lang: str) -> str:
    """Where the prices come from: the defaults, or the fields given and where."""
    if not given:
        return message("plan.cost.defaults", lang)
    by_place: dict[str, list[str]] = {}
    for field, place in given.items():
        by_place.setdefault(place, []).append(_field(field, lang))
    separator = message("list.separator", lang)
    return "; ".join(
        message(
            "plan.cost.given",
            lang,
            fields=separator.join(fields),
            where=place or message("plan.cost.command_line", lang),
        )
        for place, fields in by_place.items()
    )


def _cost_total(the_plan: Plan, lang: str) -> str:
    caveat = message("plan.cost.caveat", lang)
    return message("plan.cost.total", lang, cost=_num(the_plan.total_cost), caveat=caveat)


def _text_totals(the_plan: Plan, lang: str, given: dict[str, str] | None = None) -> list[str]:
    totals = the_plan.totals_by_kind()
    if not totals:
        return []
    out = ["", _label("plan.label.totals", lang)]
    out += [
        f"  {_pad(_num(quantity), 14)} {_word(f'monitor.kind.{kind}', lang)}"
        for kind, quantity in totals.items()
    ]
    out.append(f"  {_label('plan.label.cost', lang)}: {_cost_total(the_plan, lang)}")
    out.append(f"  {message('plan.cost.prices', lang)}:")
    out += [f"    {line}" for line in _prices(the_plan, lang)]
    out.append(f"  {message('plan.cost.source', lang)}: {_source(given, lang)}")
    return out


def _text_stages(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("plan.label.stages", lang)] if the_plan.stages else []
    for stage in the_plan.stages:
        students = f"{_num(stage.students)} {message('plan.label.students', lang)}"
        out.append(f"  {_subject_text(stage.subject, lang)} ({students})  [{stage.path}]")
        out += [f"    {_addition_line(a, lang, school=False)}" for a in stage.additions]
        if stage.left_below:
            out.append(
                f"    {_label('plan.label.left_below', lang)}: {', '.join(stage.left_below)}"
            )
    return out


def _text_balance(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("plan.label.balance", lang)] if the_plan.balance else []
    for item in the_plan.balance:
        steps = (
            f"{message('unit.cv', lang)} {_cv(item.cv_before)} → {_cv(item.cv_after_schools)} "
            f"({message('plan.label.after_schools', lang)}) → {_cv(item.cv_after)}"
        )
        level_word = message("plan.label.level", lang)
        level = f"; {level_word} {_num(item.level)}" if item.level is not None else ""
        out.append(
            f"  {_title(the_plan, item.rule, lang)} · {_word(f'stage.{item.stage}', lang)}: "
            f"{steps}; {message('plan.label.limit', lang)} {_cv(item.limit)}{level}"
        )
        out += [f"    {_addition_line(a, lang, school=True)}" for a in item.additions]
    return out


def _text_targets(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("plan.label.targets", lang)] if the_plan.targets else []
    for target in the_plan.targets:
        unit = _target_unit(target, lang)
        added = f" (+{_num(target.quantity)} {unit})" if target.quantity is not None else ""
        reach = f"{target.comparator or ''} {_num(target.required)}"
        out.append(
            f"  {_title(the_plan, target.rule, lang)} · {_subject_text(target.subject, lang)}: "
            f"{_num(target.before)} → {reach}{added}"
        )
    return out


def _text_actions(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("plan.label.actions", lang)] if the_plan.actions else []
    for action in the_plan.actions:
        missing = message("plan.missing", lang, fields=_fields(action.missing, lang))
        detail = f"; {missing}" if action.missing else ""
        if action.what == "act" and action.required is not None:
            reach = f"{action.comparator or ''} {_num(action.required)}"
            detail = f": {_num(action.measured)} → {reach}"
        what = _word(f"plan.what.{action.what}", lang)
        out.append(
            f"  [{what}] {_title(the_plan, action.rule, lang)} · "
            f"{_subject_text(action.subject, lang)}{detail}"
        )
    return out


def render_text(the_plan: Plan, lang: str = "zh", given: dict[str, str] | None = None) -> str:
    """The plan for a terminal; ``given`` says which prices came from ``--cost`` and where."""
    out = _summary_lines(the_plan, lang)
    out += _text_totals(the_plan, lang, given)
    for section in (_text_stages, _text_balance, _text_targets, _text_actions):
        out += section(the_plan, lang)
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """A name from the document, for Markdown: shown as written, never a link or a column."""
    from edu_rules._text import markdown_text

    return markdown_text(text)


def render_json(the_plan: Plan, lang: str = "zh", given: dict[str, str] | None = None) -> str:
    """The plan's data, its cost model saying where the prices came from and what it is."""
    from edu_rules.reports._plan import plan_json

    return plan_json(the_plan, lang, given)


def render_markdown(the_plan: Plan, lang: str = "zh", given: dict[str, str] | None = None) -> str:
    """The plan as Markdown: a summary, then one table per part."""
    out = [
        f"# {_label('plan.label.title', lang)}: {_md(the_plan.name)} ({_md(the_plan.code)})",
        "",
    ]
    out += [f"- {line}" for line in _summary_lines(the_plan, lang)[1:]]
    out.append(f"- {_label('plan.label.rules_as_of', lang)}: {the_plan.as_of}")
    totals = the_plan.totals_by_kind()
    if totals:
        out += [
            "",
            f"## {_label('plan.label.totals', lang)}",
            "",
            _cols(lang, "plan.col.kind", "plan.col.quantity"),
            "|---|---:|",
        ]
        out += [
            f"| {_word(f'monitor.kind.{kind}', lang)} | {_num(quantity)} |"
            for kind, quantity in totals.items()
        ]
        out.append(f"| {_label('plan.label.cost', lang)} | {_cost_total(the_plan, lang)} |")
        out += ["", f"**{message('plan.cost.prices', lang)}**", ""]
        out += [f"- {line}" for line in _prices(the_plan, lang)]
        out += ["", f"{message('plan.cost.source', lang)}: {_source(given, lang)}"]
        kinds_shown = " | ".join(_word(f"monitor.kind.{kind}", lang) for kind in totals)
        school_word = message("plan.col.school", lang)
        out += [
            "",
            f"## {_label('plan.label.schools', lang)}",
            "",
            f"| {school_word} | {kinds_shown} |",
        ]
        out.append("|---|" + "---:|" * len(totals))
        for school, kinds in the_plan.totals_by_school().items():
            cells = " | ".join(_num(kinds.get(kind, 0)) for kind in totals)
            out.append(f"| {_md(school)} | {cells} |")
    additions = [a for s in the_plan.stages for a in s.additions] + [
        a for b in the_plan.balance for a in b.additions
    ]
    if additions:
        out += [
            "",
            f"## {_label('plan.label.stages', lang)} · {_label('plan.label.balance', lang)}",
            "",
        ]
        out += [
            _cols(
                lang,
                "plan.col.school",
                "plan.col.stage",
                "plan.col.rule",
                "plan.col.reason",
                "plan.col.add",
                "plan.col.unit",
                "plan.col.before",
                "plan.col.after",
            ),
            "|---|---|---|---|---:|---|---:|---:|",
        ]
        out += [
            f"| {_md(a.school)} | {_word(f'stage.{a.stage}', lang)} | "
            f"{_field(a.field, lang)} [{a.rule}] | "
            f"{_word(f'plan.reason.{a.reason}', lang)} | {_num(a.quantity)} | "
            f"{_unit(a.unit, lang)} | {_num(a.value_before)} | {_num(a.value_after)} |"
            for a in additions
        ]
    if the_plan.balance:
        columns = (
            "plan.col.rule",
            "plan.col.stage",
            "plan.col.cv_before",
            "plan.col.after_schools",
            "plan.col.cv_after",
            "plan.col.limit",
        )
        out += ["", _cols(lang, *columns)]
        out.append("|---|---|---:|---:|---:|---:|")
        out += [
            f"| {_title(the_plan, b.rule, lang)} | {_word(f'stage.{b.stage}', lang)} | "
            f"{_cv(b.cv_before)} | {_cv(b.cv_after_schools)} | "
            f"{_cv(b.cv_after)} | {_cv(b.limit)} |"
            for b in the_plan.balance
        ]
    if the_plan.targets:
        out += [
            "",
            f"## {_label('plan.label.targets', lang)}",
            "",
            _cols(
                lang,
                "plan.col.rule",
                "plan.col.subject",
                "plan.col.now",
                "plan.col.to_reach",
                "plan.col.add",
            ),
        ]
        out.append("|---|---|---:|---:|---:|")
        out += [
            f"| {_title(the_plan, t.rule, lang)} | "
            f"{_md(t.subject.school or t.subject.county or '')} | "
            f"{_num(t.before)} | "
            f"{t.comparator or ''} {_num(t.required)} | "
            f"{_num(t.quantity) + ' ' + _target_unit(t, lang) if t.quantity is not None else '—'} |"
            for t in the_plan.targets
        ]
    if the_plan.actions:
        out += ["", f"## {_label('plan.label.actions', lang)}", ""]
        for action in the_plan.actions:
            where = action.subject.school or action.subject.county or ""
            said = message("plan.missing", lang, fields=_fields(action.missing, lang))
            missing = f" — {said}" if action.missing else ""
            out.append(
                f"- **{_word(f'plan.what.{action.what}', lang)}** "
                f"{_title(the_plan, action.rule, lang)} ({_md(where)}){missing}"
            )
    return "\n".join(out) + "\n"

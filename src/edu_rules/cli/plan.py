"""``edu-rules plan FILE``: the least additions that make a county's schools pass.

Prints the plan (text, JSON or Markdown) and, with ``--apply-out``, writes the
county document with the plan applied.  Exit 0 when the county passes once the
plan is carried out, 1 when something the plan cannot add remains (a veto, a
declaration, unknown data), 2 on bad input.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from edu_rules._messages import MESSAGES, bilingual, message
from edu_rules.cli._lang import add_lang_option, say
from edu_rules.cli._layers import add_layer_options, exit_code, registry_from
from edu_rules.model.errors import EduRulesError

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
        costs = CostModel.with_costs(**parse_costs(args.cost, registry.data_fields))
    except EduRulesError as error:
        print(f"edu-rules: {error.spell(args.lang)}", file=sys.stderr)  # noqa: T201
        return 2
    county = load_county(args.file, source_name=args.file)  # CountyDataError → exit 2 in cli.entry
    before = evaluate(county, registry=registry)  # a plugin's failure shows in its faults
    the_plan = plan(county, before, registry=registry, costs=costs)
    if args.apply_out:
        applied = apply_plan(county, the_plan)
        write_file(args.apply_out, to_json(unstructure(applied)))  # EduRulesError → exit 2
    if args.fmt == "json":
        sys.stdout.write(to_json(the_plan))
    elif args.fmt == "markdown":
        sys.stdout.write(visible(render_markdown(the_plan, args.lang), keep="\n"))
    else:
        sys.stdout.write(visible(render_text(the_plan, args.lang), keep="\n"))
    return exit_code((before,), passed=the_plan.status_after is Status.PASS)


# --------------------------------------------------------------------------- rendering


def _label(key: str, lang: str) -> str:
    """A heading: ``中文 / English`` in Chinese, as the reports print theirs; English alone."""
    return bilingual(f"plan.label.{key}") if lang == "zh" else message(f"plan.label.{key}", lang)


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
    cells = [message(f"plan.col.{name}", lang) for name in names]
    return "| " + " | ".join(cells) + " |"


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns."""
    from edu_rules.reports._width import display_width

    return text + " " * max(0, width - display_width(text))


def _num(value: object) -> str:
    from edu_rules._numbers import display, exact

    if value is None:
        return "—"
    if isinstance(value, float):
        return display(exact(value), 3)
    if isinstance(value, int):
        return f"{value:,}"
    return display(value, 3)  # type: ignore[arg-type]


def _title(the_plan: Plan, rule: str, lang: str) -> str:
    title = the_plan.titles.get(rule)
    if title is None:
        return rule
    return f"{rule} {title.zh if lang == 'zh' else title.en}"


def _where(school: str | None, stage: str | None, name: str | None, lang: str) -> str:
    shown = _word(f"stage.{stage}", lang) if stage else None
    parts = [part for part in (school, name, shown) if part]
    return " · ".join(parts) if parts else message("label.county", lang)


def _addition_line(addition: Addition, lang: str, *, school: bool) -> str:
    stage = _word(f"stage.{addition.stage}", lang)
    where = f" @ {addition.school} · {stage}" if school else ""
    reason = _word(f"plan.reason.{addition.reason}", lang)
    return (
        f"+{_num(addition.quantity)} {_unit(addition.unit, lang)} "
        f"({addition.field}, {addition.rule}){where}: "
        f"{_num(addition.value_before)} → {_num(addition.value_after)} "
        f"[{reason} {_num(addition.level)}]"
    )


def _summary_lines(the_plan: Plan, lang: str) -> list[str]:
    title = f"{_label('title', lang)}: {the_plan.name} ({the_plan.code})"
    before = message(f"status.{the_plan.status_before.value}", lang)
    after = message(f"status.{the_plan.status_after.value}", lang)
    lines = [
        f"{title}, {_label('rules_as_of', lang)} {the_plan.as_of}",
        f"{_label('status', lang)}: {before} → {_label('after', lang)}: {after}",
    ]
    if not the_plan.totals_by_kind() and not the_plan.targets:
        lines.append(_label("nothing", lang))
    return lines


def _subject_text(subject: Subject, lang: str) -> str:
    if not subject.school:
        return message("label.county", lang)
    return _where(subject.school, subject.stage, subject.name, lang)


def _text_totals(the_plan: Plan, lang: str) -> list[str]:
    totals = the_plan.totals_by_kind()
    if not totals:
        return []
    out = ["", _label("totals", lang)]
    out += [
        f"  {_pad(_word(f'monitor.kind.{kind}', lang), 16)} {_num(quantity)}"
        for kind, quantity in totals.items()
    ]
    out.append(f"  {_label('cost', lang)}: {_num(the_plan.total_cost)}")
    return out


def _text_stages(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("stages", lang)] if the_plan.stages else []
    for stage in the_plan.stages:
        students = f"{_num(stage.students)} {message('plan.label.students', lang)}"
        out.append(f"  {_subject_text(stage.subject, lang)} ({students}) — {stage.path}")
        out += [f"    {_addition_line(a, lang, school=False)}" for a in stage.additions]
        if stage.left_below:
            out.append(f"    {_label('left_below', lang)}: {', '.join(stage.left_below)}")
    return out


def _text_balance(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("balance", lang)] if the_plan.balance else []
    for item in the_plan.balance:
        steps = (
            f"{message('unit.cv', lang)} {_num(item.cv_before)} → {_num(item.cv_after_schools)} "
            f"({message('plan.label.after_schools', lang)}) → {_num(item.cv_after)}"
        )
        level_word = message("plan.label.level", lang)
        level = f"; {level_word} {_num(item.level)}" if item.level is not None else ""
        out.append(
            f"  {_title(the_plan, item.rule, lang)} · {_word(f'stage.{item.stage}', lang)}: "
            f"{steps}; {message('plan.label.limit', lang)} {_num(item.limit)}{level}"
        )
        out += [f"    {_addition_line(a, lang, school=True)}" for a in item.additions]
    return out


def _text_targets(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("targets", lang)] if the_plan.targets else []
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
    out = ["", _label("actions", lang)] if the_plan.actions else []
    for action in the_plan.actions:
        missing = message("plan.missing", lang, fields=", ".join(action.missing))
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


def render_text(the_plan: Plan, lang: str = "zh") -> str:
    """The plan for a terminal."""
    out = _summary_lines(the_plan, lang)
    for section in (_text_totals, _text_stages, _text_balance, _text_targets, _text_actions):
        out += section(the_plan, lang)
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """A name from the document, for Markdown: shown as written, never a link or a column."""
    from edu_rules._text import markdown_text

    return markdown_text(text)


def render_markdown(the_plan: Plan, lang: str = "zh") -> str:
    """The plan as Markdown: a summary, then one table per part."""
    out = [f"# {_label('title', lang)}: {_md(the_plan.name)} ({_md(the_plan.code)})", ""]
    out += [f"- {line}" for line in _summary_lines(the_plan, lang)[1:]]
    out.append(f"- {_label('rules_as_of', lang)}: {the_plan.as_of}")
    totals = the_plan.totals_by_kind()
    if totals:
        out += [
            "",
            f"## {_label('totals', lang)}",
            "",
            _cols(lang, "kind", "quantity"),
            "|---|---:|",
        ]
        out += [
            f"| {_word(f'monitor.kind.{kind}', lang)} | {_num(quantity)} |"
            for kind, quantity in totals.items()
        ]
        out.append(f"| {_label('cost', lang)} | {_num(the_plan.total_cost)} |")
        kinds_shown = " | ".join(_word(f"monitor.kind.{kind}", lang) for kind in totals)
        school_word = message("plan.col.school", lang)
        out += ["", f"## {_label('schools', lang)}", "", f"| {school_word} | {kinds_shown} |"]
        out.append("|---|" + "---:|" * len(totals))
        for school, kinds in the_plan.totals_by_school().items():
            cells = " | ".join(_num(kinds.get(kind, 0)) for kind in totals)
            out.append(f"| {_md(school)} | {cells} |")
    additions = [a for s in the_plan.stages for a in s.additions] + [
        a for b in the_plan.balance for a in b.additions
    ]
    if additions:
        out += ["", f"## {_label('stages', lang)} · {_label('balance', lang)}", ""]
        out += [
            _cols(lang, "school", "stage", "rule", "reason", "add", "unit", "before", "after"),
            "|---|---|---|---|---:|---|---:|---:|",
        ]
        out += [
            f"| {_md(a.school)} | {_word(f'stage.{a.stage}', lang)} | {a.rule} · {a.field} | "
            f"{_word(f'plan.reason.{a.reason}', lang)} | {_num(a.quantity)} | "
            f"{_unit(a.unit, lang)} | {_num(a.value_before)} | {_num(a.value_after)} |"
            for a in additions
        ]
    if the_plan.balance:
        columns = ("rule", "stage", "cv_before", "after_schools", "cv_after", "limit")
        out += ["", _cols(lang, *columns)]
        out.append("|---|---|---:|---:|---:|---:|")
        out += [
            f"| {b.rule} | {_word(f'stage.{b.stage}', lang)} | {_num(b.cv_before)} | "
            f"{_num(b.cv_after_schools)} | "
            f"{_num(b.cv_after)} | {_num(b.limit)} |"
            for b in the_plan.balance
        ]
    if the_plan.targets:
        out += [
            "",
            f"## {_label('targets', lang)}",
            "",
            _cols(lang, "rule", "subject", "now", "to_reach", "add"),
        ]
        out.append("|---|---|---:|---:|---:|")
        out += [
            f"| {t.rule} | {_md(t.subject.school or t.subject.county or '')} | {_num(t.before)} | "
            f"{t.comparator or ''} {_num(t.required)} | "
            f"{_num(t.quantity) + ' ' + _target_unit(t, lang) if t.quantity is not None else '—'} |"
            for t in the_plan.targets
        ]
    if the_plan.actions:
        out += ["", f"## {_label('actions', lang)}", ""]
        for action in the_plan.actions:
            where = action.subject.school or action.subject.county or ""
            said = message("plan.missing", lang, fields=", ".join(action.missing))
            missing = f" — {said}" if action.missing else ""
            out.append(
                f"- **{_word(f'plan.what.{action.what}', lang)}** "
                f"{_title(the_plan, action.rule, lang)} ({_md(where)}){missing}"
            )
    return "\n".join(out) + "\n"

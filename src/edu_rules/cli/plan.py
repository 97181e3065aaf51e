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

from edu_rules.cli._layers import add_layer_options, registry_from

if TYPE_CHECKING:
    from edu_rules.model.result import Subject
    from edu_rules.planner.plan import Addition, Plan

FORMATS = ("text", "json", "markdown")

_LABELS: dict[str, tuple[str, str]] = {
    "title": ("整改方案", "Remediation plan"),
    "rules_as_of": ("规则日期", "rules as of"),
    "status": ("结论", "Status"),
    "after": ("按方案整改后", "after the plan"),
    "totals": ("合计", "Totals"),
    "cost": ("估算成本（元）", "estimated cost (yuan)"),
    "stages": ("学校学段（校际达标）", "School stages (school rule)"),
    "balance": ("校际均衡（差异系数）", "Balance (coefficient of variation)"),
    "targets": ("需达到的数值", "Figures to reach"),
    "actions": ("其他事项", "Other actions"),
    "schools": ("按学校", "By school"),
    "nothing": ("无需增加任何资源。", "Nothing to add."),
    "left_below": ("允许低于标准（不低于85%）", "left below standard (at or above the floor)"),
    "students": ("学生", "students"),
    "limit": ("上限", "limit"),
    "level": ("水位", "level"),
    "after_schools": ("学校补足后", "after school additions"),
}

_WHAT: dict[str, tuple[str, str]] = {
    "declare": ("需认定", "declare"),
    "veto": ("否决事项", "veto"),
    "data": ("需补充数据", "data needed"),
    "manual": ("人工核查", "checked by hand"),
    "act": ("需整改", "act"),
}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare the subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "plan",
        help="the least additions (teachers, m², equipment, rooms) that make a county pass",
        description=(
            "Plan the least whole-unit additions per school stage that meet the school rule and "
            "bring every coefficient of variation within its limit; list the other figures to "
            "reach and the actions no quantity can replace."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="county document, JSON")
    parser.add_argument("--format", dest="fmt", default="text", choices=FORMATS)
    parser.add_argument("--lang", default="zh", choices=("zh", "en"), help="report language")
    parser.add_argument(
        "--apply-out",
        metavar="FIXED.json",
        help="write the county document with the plan applied to this file",
    )
    parser.add_argument(
        "--cost",
        action="append",
        default=[],
        metavar="FIELD=YUAN",
        help="price of one unit added to a field (e.g. sports_area_m2=800); repeatable",
    )
    add_layer_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Plan one county; 0 if it passes after the plan, 1 if not, 2 on bad input."""
    from edu_rules._text import visible
    from edu_rules.io.inputs import load_county
    from edu_rules.io.serialization import to_json, unstructure
    from edu_rules.model.result import Status
    from edu_rules.planner.plan import CostModel, apply_plan, parse_costs, plan

    try:
        costs = CostModel.with_costs(**parse_costs(args.cost))
    except ValueError as error:
        print(f"edu-rules: {error}", file=sys.stderr)  # noqa: T201
        return 2
    registry = registry_from(args)
    county = load_county(args.file, source_name=args.file)  # CountyDataError → exit 2 in cli.entry
    the_plan = plan(county, registry=registry, costs=costs)
    if args.apply_out:
        applied = apply_plan(county, the_plan)
        try:
            with open(args.apply_out, "w", encoding="utf-8") as out:  # noqa: PTH123
                out.write(to_json(unstructure(applied)))
        except OSError as error:
            reason = error.strerror or error
            print(f"edu-rules: cannot write {args.apply_out}: {reason}", file=sys.stderr)  # noqa: T201
            return 2
    if args.fmt == "json":
        sys.stdout.write(to_json(the_plan))
    elif args.fmt == "markdown":
        sys.stdout.write(visible(render_markdown(the_plan, args.lang), keep="\n"))
    else:
        sys.stdout.write(visible(render_text(the_plan, args.lang), keep="\n"))
    return 0 if the_plan.status_after is Status.PASS else 1


# --------------------------------------------------------------------------- rendering


def _label(key: str, lang: str) -> str:
    zh, en = _LABELS[key]
    return f"{zh} / {en}" if lang == "zh" else en


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


def _where(school: str | None, stage: str | None, name: str | None = None) -> str:
    parts = [part for part in (school, name, stage) if part]
    return " · ".join(parts) if parts else "county"


def _addition_line(addition: Addition, *, school: bool) -> str:
    where = f" @ {addition.school} · {addition.stage}" if school else ""
    return (
        f"+{_num(addition.quantity)} {addition.unit} ({addition.field}, {addition.rule}){where}: "
        f"{_num(addition.value_before)} → {_num(addition.value_after)} "
        f"[{addition.reason} {_num(addition.level)}]"
    )


def _summary_lines(the_plan: Plan, lang: str) -> list[str]:
    title = f"{_label('title', lang)}: {the_plan.name} ({the_plan.code})"
    status = f"{_label('status', lang)}: {the_plan.status_before.value}"
    lines = [
        f"{title}, {_label('rules_as_of', lang)} {the_plan.as_of}",
        f"{status} → {_label('after', lang)}: {the_plan.status_after.value}",
    ]
    if not the_plan.totals_by_kind() and not the_plan.targets:
        lines.append(_label("nothing", lang))
    return lines


def _subject_text(subject: Subject) -> str:
    if not subject.school:
        return "county"
    return _where(subject.school, subject.stage, subject.name)


def _text_totals(the_plan: Plan, lang: str) -> list[str]:
    totals = the_plan.totals_by_kind()
    if not totals:
        return []
    out = ["", _label("totals", lang)]
    out += [f"  {kind:<16} {_num(quantity)}" for kind, quantity in totals.items()]
    out.append(f"  {_label('cost', lang)}: {_num(the_plan.total_cost)}")
    return out


def _text_stages(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("stages", lang)] if the_plan.stages else []
    for stage in the_plan.stages:
        students = f"{_num(stage.students)} {_label('students', lang)}"
        out.append(f"  {_subject_text(stage.subject)} ({students}) — {stage.path}")
        out += [f"    {_addition_line(a, school=False)}" for a in stage.additions]
        if stage.left_below:
            out.append(f"    {_label('left_below', lang)}: {', '.join(stage.left_below)}")
    return out


def _text_balance(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("balance", lang)] if the_plan.balance else []
    for item in the_plan.balance:
        steps = (
            f"CV {_num(item.cv_before)} → {_num(item.cv_after_schools)} "
            f"({_label('after_schools', lang)}) → {_num(item.cv_after)}"
        )
        level = f"; {_label('level', lang)} {_num(item.level)}" if item.level is not None else ""
        out.append(
            f"  {_title(the_plan, item.rule, lang)} · {item.stage}: {steps}; "
            f"{_label('limit', lang)} {_num(item.limit)}{level}"
        )
        out += [f"    {_addition_line(a, school=True)}" for a in item.additions]
    return out


def _text_targets(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("targets", lang)] if the_plan.targets else []
    for target in the_plan.targets:
        added = f" (+{_num(target.quantity)} {target.unit})" if target.quantity is not None else ""
        reach = f"{target.comparator or ''} {_num(target.required)}"
        out.append(
            f"  {_title(the_plan, target.rule, lang)} · {_subject_text(target.subject)}: "
            f"{_num(target.before)} → {reach}{added}"
        )
    return out


def _text_actions(the_plan: Plan, lang: str) -> list[str]:
    out = ["", _label("actions", lang)] if the_plan.actions else []
    for action in the_plan.actions:
        zh, en = _WHAT[action.what]
        detail = f"; missing: {', '.join(action.missing)}" if action.missing else ""
        if action.what == "act" and action.required is not None:
            reach = f"{action.comparator or ''} {_num(action.required)}"
            detail = f": {_num(action.measured)} → {reach}"
        what = zh if lang == "zh" else en
        out.append(
            f"  [{what}] {_title(the_plan, action.rule, lang)} · "
            f"{_subject_text(action.subject)}{detail}"
        )
    return out


def render_text(the_plan: Plan, lang: str = "zh") -> str:
    """The plan for a terminal."""
    out = _summary_lines(the_plan, lang)
    for section in (_text_totals, _text_stages, _text_balance, _text_targets, _text_actions):
        out += section(the_plan, lang)
    return "\n".join(out) + "\n"


def render_markdown(the_plan: Plan, lang: str = "zh") -> str:
    """The plan as Markdown: a summary, then one table per part."""
    out = [f"# {_label('title', lang)}: {the_plan.name} ({the_plan.code})", ""]
    out += [f"- {line}" for line in _summary_lines(the_plan, lang)[1:]]
    out.append(f"- {_label('rules_as_of', lang)}: {the_plan.as_of}")
    totals = the_plan.totals_by_kind()
    if totals:
        out += ["", f"## {_label('totals', lang)}", "", "| kind | quantity |", "|---|---:|"]
        out += [f"| {kind} | {_num(quantity)} |" for kind, quantity in totals.items()]
        out.append(f"| {_label('cost', lang)} | {_num(the_plan.total_cost)} |")
        out += ["", f"## {_label('schools', lang)}", "", "| school | " + " | ".join(totals) + " |"]
        out.append("|---|" + "---:|" * len(totals))
        for school, kinds in the_plan.totals_by_school().items():
            cells = " | ".join(_num(kinds.get(kind, 0)) for kind in totals)
            out.append(f"| {school} | {cells} |")
    additions = [a for s in the_plan.stages for a in s.additions] + [
        a for b in the_plan.balance for a in b.additions
    ]
    if additions:
        out += ["", f"## {_label('stages', lang)} · {_label('balance', lang)}", ""]
        out += [
            "| school | stage | rule | reason | add | unit | value before | value after |",
            "|---|---|---|---|---:|---|---:|---:|",
        ]
        out += [
            f"| {a.school} | {a.stage} | {a.rule} | {a.reason} | {_num(a.quantity)} | {a.unit} | "
            f"{_num(a.value_before)} | {_num(a.value_after)} |"
            for a in additions
        ]
    if the_plan.balance:
        out += ["", "| rule | stage | CV before | after schools | CV after | limit |"]
        out.append("|---|---|---:|---:|---:|---:|")
        out += [
            f"| {b.rule} | {b.stage} | {_num(b.cv_before)} | {_num(b.cv_after_schools)} | "
            f"{_num(b.cv_after)} | {_num(b.limit)} |"
            for b in the_plan.balance
        ]
    if the_plan.targets:
        out += [
            "",
            f"## {_label('targets', lang)}",
            "",
            "| rule | subject | now | to reach | add |",
        ]
        out.append("|---|---|---:|---:|---:|")
        out += [
            f"| {t.rule} | {t.subject.school or t.subject.county or ''} | {_num(t.before)} | "
            f"{t.comparator or ''} {_num(t.required)} | "
            f"{_num(t.quantity) + ' ' + t.unit if t.quantity is not None else '—'} |"
            for t in the_plan.targets
        ]
    if the_plan.actions:
        out += ["", f"## {_label('actions', lang)}", ""]
        for action in the_plan.actions:
            zh, en = _WHAT[action.what]
            where = action.subject.school or action.subject.county or ""
            missing = f" — missing: {', '.join(action.missing)}" if action.missing else ""
            out.append(
                f"- **{zh if lang == 'zh' else en}** {_title(the_plan, action.rule, lang)} "
                f"({where}){missing}"
            )
    return "\n".join(out) + "\n"

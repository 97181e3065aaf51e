"""The terminal report: a compact summary first, then shortfalls grouped by family.

It fits an 80-column terminal; colour is added only when asked (the CLI asks when
the output is a terminal).  Numbers are rounded here, and only here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from edu_rules._messages import bilingual, message
from edu_rules.engine import FAMILY_ORDER
from edu_rules.result import Finding, Result, Status, Subject

_LIMIT_NOT_EVALUATED = 12
_COLOURS = {
    Status.PASS: "\033[32m",
    Status.FAIL: "\033[31m",
    Status.INELIGIBLE: "\033[31m",
    Status.INCOMPLETE: "\033[33m",
}
_RESET = "\033[0m"


def _number(value: float | None) -> str:
    """Round for display only: three decimals at most, thousands separated."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def subject_text(subject: Subject, lang: str) -> str:
    """``城中区第三小学 (450202-S003) · 小学`` — who a finding is about."""
    if subject.school is None:
        stage = f" · {message('stage.' + subject.stage, lang)}" if subject.stage else ""
        return f"{message('label.county', lang)}{stage}"
    name = f"{subject.name} ({subject.school})" if subject.name else subject.school
    if subject.stage:
        return f"{name} · {message('stage.' + subject.stage, lang)}"
    return name


def value_text(finding: Finding, value: float | None, lang: str) -> str:
    """A measured or required value with its unit, as people read it."""
    if value is None:
        return "—"
    if finding.unit == "flag":
        return message("flag.yes" if value else "flag.no", lang)
    unit = message(f"unit.{finding.unit}", lang) if finding.unit else ""
    unit = "" if unit.startswith("unit.") else unit
    return f"{_number(value)} {unit}".strip()


def remedy_text(finding: Finding, lang: str) -> str:
    """``+3 名教师, +120 平方米`` — what closes the gap."""
    parts = []
    for remedy in finding.remedies:
        label = message(f"remedy.{remedy.unit}", lang)
        parts.append(f"+{_number(remedy.quantity)} {label}")
    return ", ".join(parts)


def _title(finding: Finding, lang: str) -> str:
    return finding.title.zh if lang == "zh" else finding.title.en


def _shortfall_lines(finding: Finding, lang: str) -> list[str]:
    comparator = finding.comparator or ""
    advisory = f" {message('label.advisory', lang)}" if not finding.binding else ""
    lines = [
        f"  ✗ {finding.rule}  {_title(finding, lang)}{advisory}",
        f"      {subject_text(finding.subject, lang)}",
        f"      {message('label.measured', lang)} {value_text(finding, finding.measured, lang)}"
        f"  {message('label.required', lang)} {comparator} "
        f"{value_text(finding, finding.required, lang)}",
    ]
    remedy = remedy_text(finding, lang)
    if remedy:
        lines.append(f"      {message('label.to_close', lang)}: {remedy}")
    if finding.note:
        lines.append(f"      {finding.note}")
    pulled = (finding.details or {}).get("pulled_by")
    if pulled:
        names = ", ".join(f"{item['name']} ({_number(item['value'])})" for item in pulled[:3])
        lines.append(f"      {message('label.pulled_by', lang)}: {names}")
    lines.append(f"      {message('label.citation', lang)}: {finding.citation}")
    return lines


def _grouped(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.family, []).append(finding)
    order = {family: index for index, family in enumerate(FAMILY_ORDER)}
    return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


def _not_evaluated_lines(findings: Sequence[Finding], lang: str) -> list[str]:
    lines = [f"{bilingual('label.not_evaluated')} ({len(findings)})"]
    for finding in findings[:_LIMIT_NOT_EVALUATED]:
        why = ", ".join(finding.missing[:2]) or finding.note or ""
        outcome = message(f"outcome.{finding.outcome.value}", lang)
        lines.append(
            f"  ? {finding.rule}  {subject_text(finding.subject, lang)}  [{outcome}] {why}"
        )
    if len(findings) > _LIMIT_NOT_EVALUATED:
        rest = len(findings) - _LIMIT_NOT_EVALUATED
        lines.append(f"  … {message('label.and_more', lang, n=rest)}")
    return lines


def render(result: Result, lang: str = "zh", color: bool = False) -> str:  # noqa: FBT001, FBT002
    """The whole text report."""
    status = message(f"status.{result.status.value}", lang)
    other = "en" if lang == "zh" else "zh"
    status_line = f"{status} ({message(f'status.{result.status.value}', other)})"
    if color:
        status_line = f"{_COLOURS[result.status]}{status_line}{_RESET}"
    summary = result.summary
    lines = [
        bilingual("label.title"),
        "=" * 60,
        f"{bilingual('label.unit')}: {result.county.name} ({result.county.code})",
        f"{bilingual('label.year')}: {result.assessment_year}",
        f"{bilingual('label.verdict')}: {status_line}",
        f"{message('label.count_shortfalls', lang, n=summary.binding_shortfalls)}; "
        f"{message('label.count_not_evaluated', lang, n=summary.not_evaluated)}",
        "",
        f"{bilingual('label.layers')}:",
    ]
    for layer in result.layers:
        title = layer.title.zh if lang == "zh" else layer.title.en
        lines.append(f"  - {message('level.' + layer.level, lang)}: {title} ({layer.citation})")
    if summary.shortfalls_by_family:
        counts = ", ".join(
            f"{message('family.' + family, lang)} {count}"
            for family, count in summary.shortfalls_by_family.items()
        )
        lines += ["", f"{bilingual('label.summary')}: {counts}"]
    lines.append("")
    if result.shortfalls:
        lines.append(f"{bilingual('label.shortfalls')} ({len(result.shortfalls)})")
        for family, findings in _grouped(result.shortfalls):
            lines += ["", f"【{message('family.' + family, lang)}】 ({len(findings)})"]
            for finding in findings:
                lines += _shortfall_lines(finding, lang)
    else:
        lines.append(bilingual("label.no_shortfalls"))
    if result.not_evaluated:
        lines += ["", *_not_evaluated_lines(result.not_evaluated, lang)]
    if result.faults:
        lines += ["", bilingual("label.faults")]
        lines += [f"  ! {f.plugin} {f.rule or ''}: {f.error}" for f in result.faults]
    if result.notes:
        lines += ["", bilingual("label.notes")]
        lines += [f"  * [{n.layer}] {n.zh if lang == 'zh' else n.en}" for n in result.notes]
    return "\n".join(lines) + "\n"

"""The terminal report: a compact summary first, then shortfalls grouped by family.

Every line fits an 80-column terminal, Chinese characters counted double (see
:mod:`edu_rules.reports._width`); long lines wrap with a hanging indent.  Colour is
added only when asked (the CLI asks when the output is a terminal).  A report is in
one language throughout: Chinese by default, English with ``lang="en"`` (school and
county names stay as the data spells them).  A finding is led by its title in the
report's language; its rule id follows in brackets, for looking it up.
"""

from __future__ import annotations

from collections.abc import Sequence

from edu_rules._messages import message
from edu_rules._text import visible
from edu_rules.model.result import Finding, Result, Status
from edu_rules.reports import _format as fmt
from edu_rules.reports._model import grouped_by_family
from edu_rules.reports._width import display_width, wrap

WIDTH = 80
"""The widest line the report prints, in terminal columns."""

_LIMIT_NOT_EVALUATED = 12
_COLOURS = {
    Status.PASS: "\033[32m",
    Status.FAIL: "\033[31m",
    Status.INELIGIBLE: "\033[31m",
    Status.INCOMPLETE: "\033[33m",
}
_BOLD = "\033[1m"
_RESET = "\033[0m"


def _heading(key: str, lang: str, **values: object) -> str:
    """A heading in the report's language."""
    return message(key, lang, **values)


class _Lines:
    """Collects report lines, wrapping each to :data:`WIDTH` with a hanging indent."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str = "", indent: str = "", hanging: str | None = None) -> None:
        if not text:
            self.lines.append(indent.rstrip())
            return
        self.lines += wrap(visible(text), WIDTH, indent, hanging)

    def raw(self, line: str) -> None:
        """A line already known to fit (it may carry colour codes)."""
        self.lines.append(line)


def _summary(out: _Lines, result: Result, lang: str, colour: bool) -> None:  # noqa: FBT001
    title = _heading("label.title", lang)
    out.add(title)
    out.raw("=" * min(WIDTH, max(display_width(line) for line in out.lines)))
    out.add(f"{_heading('label.unit', lang)}: {result.county.name} ({result.county.code})")
    out.add(
        f"{_heading('label.year', lang)}: {result.assessment_year}"
        f"  ({message('label.as_of', lang)} {result.as_of})"
    )
    status = message(f"status.{result.status.value}", lang)
    verdict_label = f"{_heading('label.verdict', lang)}: "
    if colour:
        out.raw(f"{verdict_label}{_BOLD}{_COLOURS[result.status]}{status}{_RESET}")
    else:
        out.add(f"{verdict_label}{status}")
    if not result.official:
        names = ", ".join(item.plugin for item in result.left_out)
        out.add(message("verdict.unofficial", lang, names=names))
    summary = result.summary
    counts = [
        message("label.count_shortfalls", lang, n=summary.binding_shortfalls),
        message("label.count_not_evaluated", lang, n=summary.not_evaluated),
    ]
    advisory = summary.shortfalls - summary.binding_shortfalls
    if advisory:
        counts.append(message("label.count_advisory", lang, n=advisory))
    if summary.manual_checks:
        counts.append(message("label.count_manual_checks", lang, n=summary.manual_checks))
    exceptions = fmt.exceptions_relied_on(result)
    if exceptions:
        counts.append(message("label.count_exceptions", lang, n=exceptions))
    out.add("; ".join(counts))
    if summary.shortfalls_by_family:
        families = fmt.family_counts(result, lang)
        out.add(f"{_heading('label.by_family', lang)}: {fmt.counts_text(families)}", "", "  ")
    if summary.shortfalls_by_layer:
        layers = [(level, count) for level, _, count in fmt.layer_counts(result, lang)]
        out.add(f"{_heading('label.by_layer', lang)}: {fmt.counts_text(layers)}", "", "  ")
    out.add(f"{_heading('label.layers', lang)}:")
    for layer in result.layers:
        level = message(f"level.{layer.level}", lang)
        out.add(f"{level}: {fmt.title(layer.title, lang)} ({layer.citation})", "  - ")


def _shortfall(out: _Lines, finding: Finding, lang: str, floor: float, total: int) -> None:
    advisory = f" {message('label.advisory', lang)}" if not finding.binding else ""
    out.add(f"{fmt.title(finding.title, lang)}{advisory}  [{finding.rule}]", "  ✗ ", "      ")
    body = "      "
    out.add(fmt.subject_text(finding.subject, lang), body)
    measured = fmt.measured_text(finding, lang, total)
    figures = [f"{message('label.measured', lang)} {measured}"]
    required = fmt.required_text(finding, lang)
    if required:
        figures.append(f"{message('label.required', lang)} {required}")
    gap = fmt.gap_text(finding, lang)
    if gap:
        figures.append(f"{message('label.gap', lang)} {gap}")
    out.add(" · ".join(figures), body)
    remedy = fmt.remedy_text(finding, lang)
    if remedy:
        out.add(f"{message('label.to_close', lang)}: {remedy}", body, body + "  ")
    exception = fmt.exception_text(finding, lang)
    if exception:
        out.add(exception, body, body + "  ")
    why = fmt.explanation(finding, lang, floor)
    if why:
        out.add(why, body, body + "  ")
    pulled = fmt.pulled_by_text(finding, lang)
    if pulled:
        out.add(pulled, body, body + "  ")
    source = fmt.source_text(finding.source_status, lang)
    out.add(f"{message('label.citation', lang)}: {finding.citation} [{source}]", body, body + "  ")


def _not_evaluated(
    out: _Lines, findings: Sequence[Finding], lang: str, label: str = "label.not_evaluated"
) -> None:
    out.add(f"{_heading(label, lang)} ({len(findings)})")
    for finding in findings[:_LIMIT_NOT_EVALUATED]:
        outcome = message(f"outcome.{finding.outcome.value}", lang)
        out.add(
            f"{fmt.title(finding.title, lang)}  [{finding.rule}]",
            "  ? ",
            "      ",
        )
        out.add(f"{fmt.subject_text(finding.subject, lang)}  [{outcome}]", "      ", "        ")
        out.add(fmt.missing_text(finding, lang), "      ", "        ")
    if len(findings) > _LIMIT_NOT_EVALUATED:
        rest = len(findings) - _LIMIT_NOT_EVALUATED
        out.add(f"… {message('label.and_more', lang, n=rest)}", "  ")


def render(result: Result, lang: str = "zh", color: bool = False) -> str:  # noqa: FBT001, FBT002
    """The whole text report on ``result``, in ``lang``; ANSI colour if ``color``."""
    out = _Lines()
    _summary(out, result, lang, color)
    floor = fmt.floor_share(result)
    totals = fmt.school_rule_totals(result)
    out.add()
    if result.shortfalls:
        out.add(fmt.shortfalls_heading(result, lang))
        for family, findings in grouped_by_family(result.shortfalls):
            out.add()
            name = message(f"family.{family}", lang)
            out.add(message("label.family_heading", lang, name=name, n=len(findings)))
            for finding in findings:
                _shortfall(out, finding, lang, floor, fmt.indicator_total(totals, finding))
    else:
        out.add(_heading("label.no_shortfalls", lang))
    if result.not_evaluated:
        out.add()
        _not_evaluated(out, result.not_evaluated, lang)
    if result.manual_checks:
        out.add()
        _not_evaluated(out, result.manual_checks, lang, "label.manual_checks")
    if result.faults:
        out.add()
        out.add(_heading("label.faults", lang))
        for fault in result.faults:
            out.add(f"{fault.plugin} {fault.rule or ''}: {fault.error}", "  ! ", "    ")
    if result.notes:
        out.add()
        out.add(_heading("label.notes", lang))
        for note in result.notes:
            level = fmt.layer_level(result, note.layer, lang)
            out.add(f"[{level}] {note.zh if lang == 'zh' else note.en}", "  * ", "    ")
    return "\n".join(out.lines) + "\n"

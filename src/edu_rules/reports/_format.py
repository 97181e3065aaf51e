"""How values, subjects and remedies read in every report format, in either language.

Numbers are rounded here, and only here: the result carries full precision, a
report shows them at the precision of the official forms (percentages 1 decimal,
coefficients of variation 3, every other mean or per-school value 2), and a
value that fails its requirement always with enough digits to differ from it: a
CV of 0.50025 against ≤ 0.5 reads ``0.50025``, never ``0.5``, and its gap never
``0``.  Every label comes from the message catalogue (:mod:`edu_rules._messages`);
rule titles come from each finding.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from decimal import Decimal

import attrs

from edu_rules._messages import message
from edu_rules._text import has_cjk
from edu_rules.engine import FAMILY_ORDER
from edu_rules.model.layers import Title
from edu_rules.model.result import Finding, Outcome, Result, Subject

_COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}
_YEAR_UNITS = frozenset({"year"})
"""Units whose values are calendar years: ``2025``, never ``2,025``."""
_NO_GAP_UNITS = frozenset({"flag", "indicators"})
"""Units whose gap says nothing the measured and required values do not."""
_DECIMALS = {"pct": 1, "cv": 3, "ratio": 3}
"""Decimals shown by unit, as the official forms print them; every other unit: 2."""
_HOLDS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
}
_BELOW_STANDARD = frozenset({Outcome.SHORTFALL, Outcome.TOLERATED})
SCHOOL_RULE_INDICATORS = 7
"""How many indicators the school rule counts (L1–L7) when a report cannot count them."""


def number(value: float | None, digits: int = 3, *, grouped: bool = True) -> str:
    """Round for display only: ``digits`` decimals at most, thousands separated if ``grouped``."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}" if grouped else str(int(value))
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def decimals(unit: str | None) -> int:
    """The decimals a value of ``unit`` is shown with (percentages 1, CVs 3, others 2)."""
    return _DECIMALS.get(unit or "", 2)


def exact_number(value: float, *, grouped: bool = True) -> str:
    """``value`` with every digit it has: the shortest decimal that is exactly this double."""
    if float(value).is_integer():
        return number(value, grouped=grouped)
    shown = Decimal(repr(float(value)))
    return f"{shown:,f}" if grouped else f"{shown:f}"


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@attrs.frozen
class Figures:
    """A finding's measured value, requirement and gap as numbers shown (no unit, no sign)."""

    measured: str | None
    required: str | None
    gap: str | None


def figures(finding: Finding) -> Figures:
    """The numbers of ``finding`` at display precision, never misleading.

    A value below its standard whose rounding would meet (or equal) the requirement is
    shown with all its digits, and so is the requirement; a gap that would round to
    ``0`` is shown with all its digits too.
    """
    digits = decimals(finding.unit)
    grouped = finding.unit not in _YEAR_UNITS
    measured, required, gap = finding.measured, finding.required, finding.gap

    def shown(value: float | None) -> str | None:
        return None if value is None else number(value, digits, grouped=grouped)

    m, r = shown(measured), shown(required)
    holds = _HOLDS.get(finding.comparator or "")
    if (
        finding.outcome in _BELOW_STANDARD
        and m is not None
        and r is not None
        and measured is not None
        and required is not None
        and holds is not None
        and (holds(_decimal(m), _decimal(r)) or m == r)
    ):
        m = exact_number(measured, grouped=grouped)
        r = exact_number(required, grouped=grouped)
    g = shown(gap)
    if gap and g is not None and _decimal(g) == 0:
        g = exact_number(gap, grouped=grouped)
    return Figures(m, r, g)


def shown_decimals(text: str | None) -> int:
    """How many decimals a number as shown has (``0.50025`` → 5): for a spreadsheet's format."""
    if not text or "." not in text:
        return 0
    return len(text.rsplit(".", 1)[1])


def title(text: Title, lang: str) -> str:
    """A bilingual name in the report's language."""
    return text.zh if lang == "zh" else text.en


def short_title(text: Title, lang: str) -> str:
    """A rule's title without the parenthesised detail at its end: ``学校资源配置达标``."""
    shown = title(text, lang)
    for opening, closing in (("（", "）"), (" (", ")")):
        if shown.endswith(closing) and opening in shown:
            head = shown[: shown.rindex(opening)].strip()
            if head:
                return head
    return shown


def comparator(symbol: str | None) -> str:
    """``>=`` as people write it: ``≥``."""
    return _COMPARATORS.get(symbol or "", symbol or "")


def stage_name(stage: str | None, lang: str) -> str:
    """``小学`` / ``primary``; empty for no stage."""
    return message(f"stage.{stage}", lang) if stage else ""


def subject_text(subject: Subject, lang: str) -> str:
    """``城中区第三小学 (450202-S003) · 小学`` — who a finding is about."""
    stage = stage_name(subject.stage, lang)
    if subject.school is None:
        return (
            f"{message('label.county', lang)} · {stage}" if stage else message("label.county", lang)
        )
    name = f"{subject.name} ({subject.school})" if subject.name else subject.school
    return f"{name} · {stage}" if stage else name


_COUNTED: dict[str, str] = {
    "teachers": "teachers",
    "key_teachers": "teachers",
    "pe_arts_teachers": "teachers",
    "classrooms": "classrooms",
    "music_rooms": "classrooms",
    "art_rooms": "classrooms",
}
"""What a remedy adds, as the thing a per-100-pupils indicator counts (teachers or rooms)."""


def indicator_unit(unit: str | None, counted: str | None) -> str | None:
    """``per_100_students`` of teachers is ``人/百名学生``, of classrooms ``间/百名学生``.

    ``counted`` is what closes the indicator's gap (its remedy's unit); an indicator
    whose remedy is not known keeps the unit its rule states.
    """
    if unit == "per_100_students" and counted in _COUNTED:
        return f"{_COUNTED[counted]}_per_100_students"
    return unit


def finding_unit(finding: Finding) -> str | None:
    """The unit of ``finding``'s values, told apart by what its remedy adds."""
    return indicator_unit(finding.unit, finding.remedies[0].unit if finding.remedies else None)


def unit_text(unit: str | None, lang: str) -> str:
    """The unit of an indicator, or ``""`` when it has none worth printing."""
    if not unit or unit == "flag":
        return ""
    text = message(f"unit.{unit}", lang)
    return "" if text == f"unit.{unit}" else text


def value_text(finding: Finding, value: float | None, lang: str, shown: str | None = None) -> str:
    """A measured or required value with its unit, as people read it.

    ``shown`` is the number as :func:`figures` spells it (by default ``value`` at the
    unit's display precision).
    """
    if value is None:
        return message("label.unknown_value", lang)
    if finding.unit == "flag":
        return message("flag.yes" if value else "flag.no", lang)
    if shown is None:
        grouped = finding.unit not in _YEAR_UNITS
        shown = number(value, decimals(finding.unit), grouped=grouped)
    return f"{shown} {unit_text(finding_unit(finding), lang)}".strip()


def is_school_rule(finding: Finding) -> bool:
    """Whether ``finding`` is the school rule's (indicators met against a floor)."""
    return finding.unit == "indicators" and "below_standard" in (finding.details or {})


def school_rule_counts(finding: Finding, total: int | None = None) -> tuple[int, int]:
    """``(met, at_least)``: indicators known to meet the standard, and how many must.

    The finding counts the indicators below the standard (``measured``) against the
    most allowed (``required``); people read the rule as indicators met against a
    floor: 5 met where at least 6 must be.  An indicator whose data is unknown is not
    counted as met.
    """
    total = total or SCHOOL_RULE_INDICATORS
    details = finding.details or {}
    missed = len(details.get("below_standard") or []) + len(details.get("unknown") or [])
    allowed = int(finding.required) if finding.required is not None else 0
    return total - missed, total - allowed


def school_rule_text(finding: Finding, lang: str, total: int | None = None) -> str:
    """``5 项达标，要求至少 6 项，其中 L5 低于标准的85%（不允许）``."""
    met, at_least = school_rule_counts(finding, total)
    text = message("label.school_rule_counts", lang, met=met, at_least=at_least)
    below_floor = (finding.details or {}).get("below_floor") or []
    if finding.outcome is Outcome.SHORTFALL and below_floor:
        ids = ", ".join(short_rule(str(rule)) for rule in below_floor)
        text += message(
            "label.floor_reason", lang, ids=ids, pct=number(floor_share_of(finding) * 100)
        )
    return text


def measured_text(finding: Finding, lang: str, total: int | None = None) -> str:
    """The measured value; for the school rule, the indicators met against the floor.

    ``1 项指标未达标`` against ``≤ 1`` reads as a pass where the school rule fails on its
    floor; ``5 项达标，要求至少 6 项，其中 L5 低于标准的85%`` says what happened.
    """
    if is_school_rule(finding) and finding.measured is not None:
        return school_rule_text(finding, lang, total)
    return value_text(finding, finding.measured, lang, figures(finding).measured)


def floor_share_of(finding: Finding) -> float:
    """The floor the school rule's finding was judged by (0.85 unless its details say)."""
    floor = (finding.details or {}).get("floor")
    if isinstance(floor, int | float) and not isinstance(floor, bool):
        return float(floor)
    return 0.85


def required_text(finding: Finding, lang: str) -> str:
    """``≥ 4.2 人(间)/百名学生``; empty when the rule states no figure."""
    if finding.required is None or is_school_rule(finding):
        return ""  # the school rule's requirement is said with its count (measured_text)
    symbol = comparator(finding.comparator)
    shown = figures(finding).required
    return f"{symbol} {value_text(finding, finding.required, lang, shown)}".strip()


def gap_text(finding: Finding, lang: str) -> str:
    """How far the finding is from the standard, in its unit; empty when there is no gap."""
    if not finding.gap or finding.unit in _NO_GAP_UNITS:
        return ""
    return f"{figures(finding).gap} {unit_text(finding_unit(finding), lang)}".strip()


def remedy_text(finding: Finding, lang: str) -> str:
    """``+3 名教师, +120 平方米`` — what closes the gap."""
    return ", ".join(
        f"+{number(remedy.quantity)} {message(f'remedy.{remedy.unit}', lang)}"
        for remedy in finding.remedies
    )


def short_rule(rule_id: str) -> str:
    """``national.L5`` → ``L5``: the item without its layer, for compact lists."""
    return rule_id.split(".", 1)[1] if "." in rule_id else rule_id


def school_rule_totals(result: Result) -> dict[tuple[str | None, str | None], int]:
    """How many indicators (L1, L2, …) each school stage of ``result`` was judged on.

    The school rule counts them; a report reads them off the resource findings, so a
    layer that adds or drops an indicator is counted as it applied.
    """
    seen: dict[tuple[str | None, str | None], set[str]] = {}
    for finding in result.findings:
        if finding.family != "resource" or finding.subject.school is None:
            continue
        item = short_rule(finding.rule)
        if item[:1] == "L" and item[1:].isdigit():
            seen.setdefault((finding.subject.school, finding.subject.stage), set()).add(item)
    return {key: len(items) for key, items in seen.items()}


def indicator_total(totals: dict[tuple[str | None, str | None], int], finding: Finding) -> int:
    """The indicators ``finding``'s school stage was judged on (7 when none were counted)."""
    return totals.get((finding.subject.school, finding.subject.stage), SCHOOL_RULE_INDICATORS)


def floor_share(result: Result) -> float:
    """The school rule's floor (0.85 unless a layer changed it and the finding says so)."""
    for finding in result.findings:
        if finding.rule.endswith("school_rule") and finding.details and "floor" in finding.details:
            return floor_share_of(finding)
    return 0.85


def note_in(note: str | None, lang: str) -> str:
    """An evaluator's note in the report's language.

    A note may give both languages as ``中文 / English`` (the convention of
    :mod:`edu_rules.hookspecs`): a Chinese report shows the part before the slash, an
    English one the part after.  A note in one language is shown as it is.
    """
    if not note:
        return ""
    zh, sep, en = note.partition(" / ")
    if sep and has_cjk(zh) and not has_cjk(en):
        return zh if lang == "zh" else en
    return note


def explanation(finding: Finding, lang: str, floor: float) -> str:
    """Why the finding came out as it did, in the report's language.

    The school rule is explained from its details (which indicators are below the
    standard, which below the floor); other findings keep the evaluator's note.
    """
    details = finding.details or {}
    parts: list[str] = []
    if "below_standard" in details:
        labelled = (
            ("below_standard", message("label.below_standard", lang)),
            ("below_floor", message("label.below_floor", lang, pct=number(floor * 100))),
            ("unknown", message("label.unknown_indicators", lang)),
        )
        for key, label in labelled:
            ids = details.get(key) or []
            if ids:
                parts.append(f"{label}: {', '.join(short_rule(str(i)) for i in ids)}")
        return "; ".join(parts)
    if details.get("failing"):  # the items of a list that miss (monitored subjects)
        items = message("list.separator", lang).join(str(item) for item in details["failing"])
        return message("label.failing_items", lang, items=items)
    return note_in(finding.note, lang)


def pulled_by_text(finding: Finding, lang: str, limit: int = 3) -> str:
    """The schools that pull a coefficient of variation up most: ``A (3.1), B (9.8)``."""
    pulled = (finding.details or {}).get("pulled_by") or []
    if not pulled:
        return ""
    names = ", ".join(f"{item['name']} ({number(item['value'])})" for item in pulled[:limit])
    return f"{message('label.pulled_by', lang)}: {names}"


_SCHOOL_FIELD = re.compile(r"schools\[\d+\]\.(?:stages\.\w+\.(?P<stage>\w+)|(?P<school>\w+))$")


def field_name(path: str, lang: str) -> str | None:
    """A field's name for people (``体育运动场馆面积``); ``None`` where the catalogue has none.

    ``path`` is a document path (``schools[3].stages.primary.sports_area_m2``,
    ``procedure.municipal_review_passed``) or a school stage's field alone
    (``sports_area_m2``).  The name is the first part of the field's meaning in the
    catalogue (the part before its first ``；``).
    """
    found = _SCHOOL_FIELD.match(path)
    if found and found["stage"]:
        keys = [f"field.stage.{found['stage']}"]
    elif found:
        keys = [f"field.school.{found['school']}"]
    else:
        keys = [f"field.{path}", f"field.stage.{path}", f"field.school.{path}"]
    for key in keys:
        meaning = message(key, lang)
        if meaning != key:
            return meaning.split("；" if lang == "zh" else "; ", 1)[0]
    return None


def field_text(path: str, lang: str) -> str:
    """A field by its name, its path after it: ``已通过市级复核（procedure.…）``.

    A field the catalogue does not describe (a plugin's own) is shown by its path.
    """
    name = field_name(path, lang)
    if name is None:
        return path
    return message("label.field_with_path", lang, meaning=name, path=path)


def missing_text(finding: Finding, lang: str) -> str:
    """Why a finding could not be evaluated: the unknown fields, or the evaluator's note."""
    if finding.missing:
        fields = message("list.separator", lang).join(
            field_text(path, lang) for path in finding.missing
        )
        return f"{message('label.missing', lang)}: {fields}"
    return note_in(finding.note, lang) or message(f"outcome.{finding.outcome.value}", lang)


def source_text(status: str, lang: str) -> str:
    """``已核实`` / ``secondary``: how sure the rule's source is."""
    return message(f"source.{status}", lang)


def layer_level(result: Result, layer_name: str, lang: str) -> str:
    """The level label of a layer named in the result (``national`` → ``国家``)."""
    for layer in result.layers:
        if layer.name == layer_name:
            return message(f"level.{layer.level}", lang)
    return layer_name


def schedule_text(state: str, years: int | None, lang: str) -> str:
    """A unit's schedule in the words every surface uses: ``进度滞后（今年到期）``.

    ``state`` is a :class:`~edu_rules.model.targets.ScheduleState` value (``behind``,
    ``on``, ``passed``, ``ahead``, ``no_plan``); ``years`` how far the planned year is
    (behind: past it; on: still to go).  ``edu-rules progress``, the city summary and
    the web's batch page all say it through here.
    """
    said = message(f"summary.schedule.{state}", lang)
    if state == "behind" and years is not None:
        if years == 0:
            return message("progress.due_this_year", lang, state=said)
        return message("progress.behind_by", lang, state=said, years=years)
    if state == "on" and years is not None:
        return message("progress.to_go", lang, state=said, years=years)
    return said


def shortfalls_text(binding: int, advisory: int, lang: str) -> str:
    """The binding shortfalls, and the advisory ones apart: ``9（另有参考性未达标 1 项）``."""
    if not advisory:
        return number(binding)
    return message("label.shortfalls_apart", lang, binding=number(binding), advisory=advisory)


def shortfalls_heading(result: Result, lang: str) -> str:
    """``未达标项 (9)``, or with advisory ones ``未达标项（影响结论 28 项，参考性 1 项）``."""
    binding = result.summary.binding_shortfalls
    advisory = len(result.shortfalls) - binding
    if not advisory:
        return f"{message('label.shortfalls', lang)} ({binding})"
    return message("label.shortfalls_with_advisory", lang, n=binding, advisory=advisory)


def layer_title(result: Result, layer_name: str, lang: str) -> str:
    """The title of a layer named in the result (``liuzhou`` → ``柳州市…规划``), else its name."""
    for layer in result.layers:
        if layer.name == layer_name:
            return title(layer.title, lang)
    return layer_name


def exception_text(finding: Finding, lang: str) -> str:
    """The authorised exception a finding relied on: its reason, layer and citation; or ``""``.

    The engine names it in ``details["exception"]`` (``layer``, ``citation``, ``reason``)
    where a lower layer's authorised exception changed the finding; reports show it
    beside the finding.
    """
    exception = (finding.details or {}).get("exception") or getattr(finding, "exception", None)
    if not exception:
        return ""

    def part(name: str) -> str:
        value = exception.get(name) if isinstance(exception, dict) else getattr(exception, name, "")
        return note_in(str(value or ""), lang)

    return message(
        "label.exception",
        lang,
        layer=part("layer"),
        citation=part("citation"),
        reason=part("reason"),
    )


def exceptions_relied_on(result: Result) -> int:
    """How many authorised exceptions the result's findings rely on (0 where none is counted)."""
    return int(getattr(result.summary, "exceptions", 0) or 0)


def family_counts(result: Result, lang: str) -> list[tuple[str, int]]:
    """Shortfalls by family, labelled, in the engine's family order."""
    order = {family: index for index, family in enumerate(FAMILY_ORDER)}
    ranked = sorted(
        result.summary.shortfalls_by_family.items(),
        key=lambda item: (order.get(item[0], len(order)), item[0]),
    )
    return [(message(f"family.{family}", lang), count) for family, count in ranked]


def layer_counts(result: Result, lang: str) -> list[tuple[str, str, int]]:
    """Shortfalls by layer, top layer first: ``(level label, layer name, count)``."""
    order = {layer.name: index for index, layer in enumerate(result.layers)}
    ranked = sorted(
        result.summary.shortfalls_by_layer.items(),
        key=lambda item: (order.get(item[0], len(order)), item[0]),
    )
    return [(layer_level(result, layer, lang), layer, count) for layer, count in ranked]


def counts_text(counts: Iterable[tuple[str, int]]) -> str:
    """``资源配置 36, 校际均衡 1``."""
    return ", ".join(f"{label} {count}" for label, count in counts)

"""How values, subjects and remedies read in every report format, in either language.

Numbers are rounded here, and only here: the result carries full precision, a
report shows at most three decimals.  Every label comes from the message
catalogue (:mod:`edu_rules._messages`); rule titles come from each finding.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def number(value: float | None, digits: int = 3, *, grouped: bool = True) -> str:
    """Round for display only: ``digits`` decimals at most, thousands separated if ``grouped``."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}" if grouped else str(int(value))
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def title(text: Title, lang: str) -> str:
    """A bilingual name in the report's language."""
    return text.zh if lang == "zh" else text.en


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


def value_text(finding: Finding, value: float | None, lang: str) -> str:
    """A measured or required value with its unit, as people read it."""
    if value is None:
        return message("label.unknown_value", lang)
    if finding.unit == "flag":
        return message("flag.yes" if value else "flag.no", lang)
    grouped = finding.unit not in _YEAR_UNITS
    return f"{number(value, grouped=grouped)} {unit_text(finding_unit(finding), lang)}".strip()


def measured_text(finding: Finding, lang: str) -> str:
    """The measured value, with the real reason when the school rule fails on its floor.

    ``1 项指标未达标`` alone reads as a pass against ``≤ 1``; the school rule also fails
    when an indicator is below the floor, and the measured value says which.
    """
    text = value_text(finding, finding.measured, lang)
    below_floor = (finding.details or {}).get("below_floor") or []
    if finding.outcome is Outcome.SHORTFALL and below_floor:
        ids = ", ".join(short_rule(str(rule)) for rule in below_floor)
        text += message(
            "label.floor_reason", lang, ids=ids, pct=number(floor_share_of(finding) * 100)
        )
    return text


def floor_share_of(finding: Finding) -> float:
    """The floor the school rule's finding was judged by (0.85 unless its details say)."""
    floor = (finding.details or {}).get("floor")
    if isinstance(floor, int | float) and not isinstance(floor, bool):
        return float(floor)
    return 0.85


def required_text(finding: Finding, lang: str) -> str:
    """``≥ 4.2 人(间)/百名学生``; empty when the rule states no figure."""
    if finding.required is None:
        return ""
    symbol = comparator(finding.comparator)
    return f"{symbol} {value_text(finding, finding.required, lang)}".strip()


def gap_text(finding: Finding, lang: str) -> str:
    """How far the finding is from the standard, in its unit; empty when there is no gap."""
    if not finding.gap or finding.unit in _NO_GAP_UNITS:
        return ""
    return f"{number(finding.gap)} {unit_text(finding_unit(finding), lang)}".strip()


def remedy_text(finding: Finding, lang: str) -> str:
    """``+3 名教师, +120 平方米`` — what closes the gap."""
    return ", ".join(
        f"+{number(remedy.quantity)} {message(f'remedy.{remedy.unit}', lang)}"
        for remedy in finding.remedies
    )


def short_rule(rule_id: str) -> str:
    """``national.L5`` → ``L5``: the item without its layer, for compact lists."""
    return rule_id.split(".", 1)[1] if "." in rule_id else rule_id


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
    return note_in(finding.note, lang)


def pulled_by_text(finding: Finding, lang: str, limit: int = 3) -> str:
    """The schools that pull a coefficient of variation up most: ``A (3.1), B (9.8)``."""
    pulled = (finding.details or {}).get("pulled_by") or []
    if not pulled:
        return ""
    names = ", ".join(f"{item['name']} ({number(item['value'])})" for item in pulled[:limit])
    return f"{message('label.pulled_by', lang)}: {names}"


def missing_text(finding: Finding, lang: str) -> str:
    """Why a finding could not be evaluated: the unknown fields, or the evaluator's note."""
    if finding.missing:
        return f"{message('label.missing', lang)}: {', '.join(finding.missing)}"
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

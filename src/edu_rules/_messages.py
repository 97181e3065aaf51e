"""The message catalogue: every label the reports print, in Chinese and English.

One place for both languages, so that a report in ``--lang en`` and one in
``--lang zh`` say the same things.  Keys are stable identifiers; ``message(key,
lang)`` falls back to the English text, then to the key itself, never failing.
"""

from __future__ import annotations

from collections.abc import Mapping

MESSAGES: Mapping[str, Mapping[str, str]] = {
    # verdicts
    "status.pass": {"zh": "达标", "en": "pass"},
    "status.fail": {"zh": "未达标", "en": "fail"},
    "status.ineligible": {"zh": "不具备认定条件", "en": "ineligible"},
    "status.incomplete": {"zh": "数据不全，无法认定", "en": "incomplete"},
    # outcomes
    "outcome.met": {"zh": "达标", "en": "met"},
    "outcome.shortfall": {"zh": "未达标", "en": "shortfall"},
    "outcome.tolerated": {"zh": "低于标准但在允许范围内", "en": "tolerated"},
    "outcome.not_evaluable": {"zh": "无法评估", "en": "not evaluable"},
    "outcome.manual": {"zh": "需人工核查", "en": "checked by hand"},
    "outcome.error": {"zh": "插件错误", "en": "plugin error"},
    # families
    "family.eligibility": {"zh": "申报条件", "en": "Eligibility"},
    "family.veto": {"zh": "一票否决", "en": "One-vote veto"},
    "family.social": {"zh": "社会认可度", "en": "Social recognition"},
    "family.resource": {"zh": "资源配置（学校）", "en": "Resource allocation (schools)"},
    "family.balance": {"zh": "校际均衡（差异系数）", "en": "Inter-school balance (CV)"},
    "family.guarantee": {"zh": "政府保障程度", "en": "Government guarantee"},
    "family.quality": {"zh": "教育质量", "en": "Education quality"},
    "family.procedure": {"zh": "评估程序", "en": "Procedure"},
    "family.schedule": {"zh": "规划进度", "en": "Plan schedule"},
    "family.measure": {"zh": "推进措施", "en": "Municipal measures"},
    # levels
    "level.national": {"zh": "国家", "en": "national"},
    "level.provincial": {"zh": "省级", "en": "provincial"},
    "level.municipal": {"zh": "市级", "en": "municipal"},
    "level.county": {"zh": "县级", "en": "county"},
    # stages
    "stage.primary": {"zh": "小学", "en": "primary"},
    "stage.junior": {"zh": "初中", "en": "junior"},
    # units of indicators
    "unit.per_100_students": {"zh": "人(间)/百名学生", "en": "per 100 students"},
    "unit.m2_per_student": {"zh": "平方米/生", "en": "m² per student"},
    "unit.yuan_per_student": {"zh": "元/生", "en": "yuan per student"},
    "unit.indicators": {"zh": "项指标未达标", "en": "indicators below standard"},
    "unit.cv": {"zh": "差异系数", "en": "CV"},
    "unit.rooms": {"zh": "间", "en": "rooms"},
    "unit.students": {"zh": "人", "en": "students"},
    "unit.yuan": {"zh": "元", "en": "yuan"},
    "unit.pct": {"zh": "%", "en": "%"},
    "unit.years": {"zh": "年", "en": "years"},
    "unit.flag": {"zh": "是/否", "en": "yes/no"},
    "unit.level": {"zh": "级", "en": "level"},
    "unit.ratio": {"zh": "", "en": ""},
    # units of remedies
    "remedy.teachers": {"zh": "名教师", "en": "teachers"},
    "remedy.key_teachers": {"zh": "名骨干教师", "en": "key teachers"},
    "remedy.pe_arts_teachers": {"zh": "名体育艺术教师", "en": "PE/arts teachers"},
    "remedy.m2": {"zh": "平方米", "en": "m²"},
    "remedy.yuan": {"zh": "元", "en": "yuan"},
    "remedy.classrooms": {"zh": "间多媒体教室", "en": "multimedia classrooms"},
    "remedy.music_rooms": {"zh": "间音乐教室", "en": "music rooms"},
    "remedy.art_rooms": {"zh": "间美术教室", "en": "art rooms"},
    "remedy.students": {"zh": "名学生（超出部分）", "en": "students over the limit"},
    "remedy.percentage_points": {"zh": "个百分点", "en": "percentage points"},
    # flags
    "flag.yes": {"zh": "是", "en": "yes"},
    "flag.no": {"zh": "否", "en": "no"},
    # report labels
    "label.title": {"zh": "县域义务教育优质均衡发展评估结果", "en": "High-quality balanced compulsory education: assessment"},
    "label.unit": {"zh": "评估对象", "en": "Unit"},
    "label.year": {"zh": "评估年度", "en": "Assessment year"},
    "label.verdict": {"zh": "结论", "en": "Verdict"},
    "label.layers": {"zh": "适用政策层级", "en": "Policy layers applied"},
    "label.summary": {"zh": "概要", "en": "Summary"},
    "label.shortfalls": {"zh": "未达标项", "en": "Shortfalls"},
    "label.no_shortfalls": {"zh": "无未达标项", "en": "No shortfalls"},
    "label.not_evaluated": {"zh": "无法评估项", "en": "Not evaluated"},
    "label.faults": {"zh": "插件错误", "en": "Plugin errors"},
    "label.notes": {"zh": "数据处理说明", "en": "Notes on the data"},
    "label.measured": {"zh": "实际", "en": "measured"},
    "label.required": {"zh": "要求", "en": "required"},
    "label.gap": {"zh": "差距", "en": "gap"},
    "label.to_close": {"zh": "需补足", "en": "to close"},
    "label.citation": {"zh": "依据", "en": "citation"},
    "label.missing": {"zh": "缺少数据", "en": "missing data"},
    "label.advisory": {"zh": "（参考，不影响结论）", "en": "(advisory; does not change the verdict)"},
    "label.county": {"zh": "全县", "en": "county"},
    "label.and_more": {"zh": "另有 {n} 项", "en": "and {n} more"},
    "label.count_shortfalls": {"zh": "未达标 {n} 项", "en": "{n} shortfalls"},
    "label.count_not_evaluated": {"zh": "无法评估 {n} 项", "en": "{n} not evaluated"},
    "label.source_status": {"zh": "来源", "en": "source"},
    "source.confirmed": {"zh": "已核实", "en": "confirmed"},
    "source.secondary": {"zh": "二手资料", "en": "secondary"},
    "label.pulled_by": {"zh": "主要拉高差异系数的学校", "en": "schools pulling the CV up most"},
}


def message(key: str, lang: str = "zh", **values: object) -> str:
    """The text for ``key`` in ``lang`` (``"zh"`` or ``"en"``), formatted with ``values``."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get("en") or key
    return text.format(**values) if values else text


def bilingual(key: str, **values: object) -> str:
    """``中文 / English`` for labels shown in both languages side by side."""
    zh = message(key, "zh", **values)
    en = message(key, "en", **values)
    return zh if zh == en else f"{zh} / {en}"

"""The message catalogue: every label the reports print, in Chinese and English.

One place for both languages, so that a report in ``--lang en`` and one in
``--lang zh`` say the same things.  Keys are stable identifiers; ``message(key,
lang)`` falls back to the English text, then to the key itself, never failing.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

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
    "outcome.not_applicable": {"zh": "不适用", "en": "not applicable"},
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
    "unit.teachers_per_100_students": {"zh": "人/百名学生", "en": "teachers per 100 students"},
    "unit.classrooms_per_100_students": {"zh": "间/百名学生", "en": "classrooms per 100 students"},
    "unit.m2_per_student": {"zh": "平方米/生", "en": "m² per student"},
    "unit.yuan_per_student": {"zh": "元/生", "en": "yuan per student"},
    "unit.indicators": {"zh": "项指标未达标", "en": "indicators below standard"},
    "unit.cv": {"zh": "差异系数", "en": "CV"},
    "unit.rooms": {"zh": "间", "en": "rooms"},
    "unit.students": {"zh": "人", "en": "students"},
    "unit.teachers": {"zh": "名", "en": "teachers"},
    "unit.yuan": {"zh": "元", "en": "yuan"},
    "unit.pct": {"zh": "%", "en": "%"},
    "unit.years": {"zh": "年", "en": "years"},
    "unit.year": {"zh": "年", "en": ""},
    "unit.subjects": {"zh": "个学科", "en": "subjects"},
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
    "label.title": {
        "zh": "县域义务教育优质均衡发展评估结果",
        "en": "High-quality balanced compulsory education: assessment",
    },
    "label.batch_title": {
        "zh": "县域义务教育优质均衡发展评估结果（{n} 个县级单位）",
        "en": "High-quality balanced compulsory education: assessment of {n} county-level units",
    },
    "label.unit": {"zh": "评估对象", "en": "Unit"},
    "label.year": {"zh": "评估年度", "en": "Assessment year"},
    "label.as_of": {"zh": "规则适用日期", "en": "rules as of"},
    "label.verdict": {"zh": "结论", "en": "Verdict"},
    "label.layers": {"zh": "适用政策层级", "en": "Policy layers applied"},
    "label.summary": {"zh": "概要", "en": "Summary"},
    "label.by_family": {"zh": "按类别", "en": "By family"},
    "label.by_layer": {"zh": "按层级", "en": "By layer"},
    "label.family_heading": {"zh": "【{name}】 ({n})", "en": "== {name} ({n}) =="},
    "label.shortfalls": {"zh": "未达标项", "en": "Shortfalls"},
    "label.no_shortfalls": {"zh": "无未达标项", "en": "No shortfalls"},
    "label.not_evaluated": {"zh": "无法评估项", "en": "Not evaluated"},
    "label.manual_checks": {"zh": "需人工核查项", "en": "To be checked by hand"},
    "label.faults": {"zh": "插件错误", "en": "Plugin errors"},
    "label.notes": {"zh": "数据处理说明", "en": "Notes on the data"},
    "label.measured": {"zh": "实际", "en": "measured"},
    "label.required": {"zh": "要求", "en": "required"},
    "label.gap": {"zh": "差距", "en": "gap"},
    "label.to_close": {"zh": "需补足", "en": "to close"},
    "label.citation": {"zh": "依据", "en": "citation"},
    "label.missing": {"zh": "缺少数据", "en": "missing data"},
    "label.field_with_path": {"zh": "{meaning}（{path}）", "en": "{meaning} ({path})"},
    "label.exception": {
        "zh": "按授权例外认定：{reason}（{layer} · {citation}）",
        "en": "judged under an authorised exception: {reason} ({layer} · {citation})",
    },
    "label.advisory": {
        "zh": "（参考，不影响结论）",
        "en": "(advisory; does not change the verdict)",
    },
    "label.county": {"zh": "全县", "en": "county"},
    "label.and_more": {"zh": "另有 {n} 项", "en": "and {n} more"},
    "label.count_shortfalls": {"zh": "未达标 {n} 项", "en": "{n} shortfalls"},
    "label.count_not_evaluated": {"zh": "无法评估 {n} 项", "en": "{n} not evaluated"},
    "label.count_manual_checks": {"zh": "需人工核查 {n} 项", "en": "{n} to check by hand"},
    "label.count_advisory": {"zh": "参考性未达标 {n} 项", "en": "{n} advisory shortfalls"},
    "label.count_exceptions": {
        "zh": "按授权例外认定 {n} 项",
        "en": "{n} judged under an authorised exception",
    },
    "label.exceptions": {"zh": "按授权例外认定项", "en": "Judged under an authorised exception"},
    "label.shortfalls_with_advisory": {
        "zh": "未达标项（影响结论 {n} 项，参考性 {advisory} 项）",
        "en": "Shortfalls ({n} binding, {advisory} advisory)",
    },
    "label.shortfalls_apart": {
        "zh": "{binding}（另有参考性未达标 {advisory} 项）",
        "en": "{binding} (and {advisory} advisory)",
    },
    "label.binding_shortfalls": {"zh": "未达标项（影响结论）", "en": "Shortfalls (binding)"},
    "label.advisory_shortfalls": {"zh": "未达标项（参考）", "en": "Shortfalls (advisory)"},
    "label.rules_applied": {"zh": "适用规则数", "en": "Rules applied"},
    "label.source_status": {"zh": "来源", "en": "source"},
    "label.pulled_by": {"zh": "主要拉高差异系数的学校", "en": "schools pulling the CV up most"},
    "label.unknown_value": {"zh": "未知", "en": "unknown"},
    "label.below_standard": {"zh": "低于标准", "en": "below standard"},
    "label.below_floor": {"zh": "低于标准的{pct}%", "en": "below {pct}% of standard"},
    "label.unknown_indicators": {"zh": "数据缺失", "en": "data unknown"},
    "label.failing_items": {"zh": "未达到要求：{items}", "en": "failing: {items}"},
    "label.item": {"zh": "项目", "en": "item"},
    "label.value": {"zh": "数值", "en": "value"},
    "label.count": {"zh": "项数", "en": "count"},
    "label.family": {"zh": "类别", "en": "family"},
    "label.level": {"zh": "级别", "en": "level"},
    "label.layer": {"zh": "政策层", "en": "layer"},
    "label.rule": {"zh": "规则", "en": "rule"},
    "label.subject": {"zh": "对象", "en": "subject"},
    "label.why": {"zh": "说明", "en": "explanation"},
    "label.outcome": {"zh": "结果", "en": "outcome"},
    "label.indicator": {"zh": "指标", "en": "indicator"},
    "label.stage": {"zh": "学段", "en": "stage"},
    "label.schools": {"zh": "学校（学段）数", "en": "school stages"},
    "label.mean": {"zh": "全县均值", "en": "county mean"},
    "label.threshold": {"zh": "标准", "en": "standard"},
    "label.floor": {"zh": "{pct}%下限", "en": "{pct}% floor"},
    "label.cv": {"zh": "差异系数", "en": "CV"},
    "label.cv_limit": {"zh": "限值", "en": "limit"},
    "label.charts": {
        "zh": "资源配置指标：各校数值与标准",
        "en": "Resource indicators: each school against the standard",
    },
    "label.chart_title": {"zh": "{item} {title}（{stage}）", "en": "{item} {title} ({stage})"},
    "label.chart_caption": {
        "zh": (
            "{n} 个学校学段：低于标准 {threshold} {unit} 的 {below} 个，其中低于{pct}%下限 "
            "{floor_value} 的 {floor} 个；数据未知 {unknown} 个"
        ),
        "en": (
            "{n} school stages: {below} below the standard of {threshold} {unit}, {floor} of them "
            "below the {pct}% floor of {floor_value}; {unknown} unknown"
        ),
    },
    "label.chart_axis": {
        "zh": "各学校学段，按数值由低到高排列（共 {n} 个）；柱下编号即各校指标表的编号",
        "en": "school stages, lowest value first ({n} in all); numbered as in the school table",
    },
    "label.chart_capped": {
        "zh": "；{n} 个数值超出纵轴上限 {cap}，柱顶折断并在柱上标出数值",
        "en": "; {n} beyond the axis cap of {cap}: their bars are broken at the top, values above",
    },
    "label.school_table": {
        "zh": "各校指标值（编号与图中一致）· {stage}",
        "en": "Each school's indicators (numbered as in the charts) · {stage}",
    },
    "label.number": {"zh": "编号", "en": "No."},
    "label.school": {"zh": "学校", "en": "school"},
    "label.chart_legend": {
        "zh": (
            "图例：绿色＝达到标准；黄色＝低于标准但不低于{pct}%下限（一所学校至多一项，可容许）；"
            "红色＝低于{pct}%下限；灰色＝数据未知。实线为标准，虚线为下限。"
        ),
        "en": (
            "Key: green = at or above the standard; amber = below the standard but not below the "
            "{pct}% floor (one such indicator per school is tolerated); red = below the floor; "
            "grey = unknown. Solid line: the standard; dashed line: the floor."
        ),
    },
    "label.cv_section": {"zh": "校际差异系数", "en": "Inter-school coefficients of variation"},
    "label.cv_chart_title": {
        "zh": "各指标校际差异系数与限值（{stage}）",
        "en": "Coefficient of variation of each indicator against its limit ({stage})",
    },
    "label.layers_section": {"zh": "适用的政策层级与文件", "en": "Layers and documents applied"},
    "label.documents": {"zh": "引用的文件", "en": "Documents cited"},
    "label.document": {"zh": "文件", "en": "document"},
    "label.package": {"zh": "插件包", "en": "package"},
    "label.role": {"zh": "作用", "en": "role"},
    "label.rule_count": {"zh": "规则数", "en": "rules"},
    "label.rules_section": {"zh": "各规则的依据与来源", "en": "Sources of the rules"},
    "label.source_legend": {
        "zh": (
            "来源：“已核实”指依据接近原文的文本核实；“二手资料”指多份独立公开摘要一致、但未见原文。"
        ),
        "en": (
            "Source: “confirmed” = checked against a near-primary text; “secondary” = several "
            "independent published summaries agree, full text not seen."
        ),
    },
    "label.effective": {"zh": "生效期间", "en": "in force"},
    "label.provenance": {"zh": "制定与采纳", "en": "provenance"},
    "label.plugin": {"zh": "插件", "en": "plugin"},
    "label.note": {"zh": "说明", "en": "note"},
    "label.none": {"zh": "无", "en": "none"},
    "label.generated": {
        "zh": "由 edu-rules {version} 生成；规则适用日期 {as_of}。",
        "en": "Generated by edu-rules {version}; rules as of {as_of}.",
    },
    # verdicts as sentences
    "verdict.pass": {
        "zh": "结论：达标。所有约束性规则均已评估且达到要求。",
        "en": "Verdict: pass. Every binding rule was evaluated and is met.",
    },
    "verdict.fail": {
        "zh": "结论：未达标。至少一项约束性规则未达到要求。",
        "en": "Verdict: fail. At least one binding rule is not met.",
    },
    "verdict.ineligible": {
        "zh": "结论：不具备认定条件。申报条件不满足或触发一票否决。",
        "en": "Verdict: ineligible. An eligibility condition fails or a one-vote veto applies.",
    },
    "verdict.incomplete": {
        "zh": "结论：数据不全，无法认定。没有未达标项，但部分规则无法评估。",
        "en": "Verdict: incomplete. Nothing failed, but some rules could not be evaluated.",
    },
    "verdict.unofficial": {
        "zh": "注意：不是正式评估。已安装的插件 {names} 未使用，其政策层的规则没有适用。",
        "en": "Note: not an official assessment. Installed plugin(s) {names} were left out; "
        "their layers' rules did not apply.",
    },
    "note.left_out": {
        "zh": "不是正式评估：未使用已安装的插件 {names}（被排除或不在允许名单中）。",
        "en": "Not an official assessment: installed plugin(s) {names} left out "
        "(blocked, or not on the allow-list).",
    },
    "law.improved": {
        "zh": (
            "违反“只能从严”：下级层级 {layers} 使上级规则 {rule} 对 {subject} 的结论变好"
            "（仅按 {prefix}：{before}；加上下级层级：{after}），且没有约束该规则的授权例外；"
            "此项按错误处理，不采用变好的结论"
        ),
        "en": (
            "tighten-only broken: lower layer(s) {layers} made the finding of higher rule "
            "{rule} for {subject} better ({prefix} alone: {before}; with the lower layers: "
            "{after}) with no authorised exception bound to that rule; it is an error, never "
            "the better outcome"
        ),
    },
    "note.split": {
        "zh": "{school}（{id}）全校共用数据按加权学生数拆分到各学段：{shares}（依据{citation}）。",
        "en": "{school} ({id}): shared figures split between its stages by weighted pupils: "
        "{shares} (under {citation}).",
    },
    # provenance roles
    "role.defines": {"zh": "制定", "en": "defines"},
    "role.adopts": {"zh": "采纳", "en": "adopts"},
    "role.overrides": {"zh": "调整", "en": "overrides"},
    "label.provenance_record": {"zh": "{level}{role}", "en": "{level} {role}"},
    # source status
    "source.confirmed": {"zh": "已核实", "en": "confirmed"},
    "source.secondary": {"zh": "二手资料", "en": "secondary"},
    # annual monitoring (edu-rules monitor)
    "monitor.title": {
        "zh": "县域义务教育优质均衡发展年度监测报告",
        "en": "High-quality balanced compulsory education: annual monitoring report",
    },
    "monitor.subtitle": {
        "zh": "{n} 个县级单位 · {first}—{last} 年度",
        "en": "{n} county-level units · assessment years {first}–{last}",
    },
    "monitor.units": {"zh": "监测单位", "en": "Units monitored"},
    "monitor.years": {"zh": "监测年度", "en": "Assessment years"},
    "monitor.rules_as_of": {"zh": "各年度适用规则", "en": "Rules applied"},
    "monitor.rules_as_of_value": {
        "zh": "各年度按当年 12 月 31 日有效的规则评估",
        "en": "each year by the rules in force on its 31 December",
    },
    "monitor.not_a_verdict": {
        "zh": (
            "本报告是监测结果，不是认定结论：各年度结论由当年适用的规则作出；"
            "“预计达标年度”是按近年进度推算的预测，不是评估结论。"
        ),
        "en": (
            "This is a monitoring report, not an assessment: each year's verdict comes from "
            "the rules in force that year; the projected year is a projection at the recent "
            "pace, never a verdict."
        ),
    },
    "monitor.summary": {"zh": "各单位逐年结论", "en": "Every unit by year"},
    "monitor.planned_year": {"zh": "规划验收年度", "en": "planned year"},
    "monitor.projected_year": {"zh": "预计达标年度", "en": "projected year"},
    "monitor.readiness": {"zh": "进度判断", "en": "readiness"},
    "monitor.targets": {
        "zh": "全市目标与认定、达标情况",
        "en": "Targets against recognitions and passes",
    },
    "monitor.target": {"zh": "目标", "en": "target"},
    "monitor.by_year": {"zh": "目标年度", "en": "by"},
    "monitor.required_units": {"zh": "需达到", "en": "required"},
    "monitor.reached": {
        "zh": "{reached}/{units}（已认定 {recognised}，当年达标 {passing}）{met}",
        "en": "{reached}/{units} ({recognised} recognised, {passing} passing){met}",
    },
    "monitor.target_met": {"zh": " ✓ 已实现", "en": " ✓ met"},
    "monitor.targets_note": {
        "zh": (
            "每年按当年文件计算：有国家认定年度记录的单位计为“已认定”，当年评估结论为达标的"
            "计为“当年达标”；不在本监测中的单位计为未达到。"
        ),
        "en": (
            "Counted each year from that year's documents: a unit with a national recognition "
            "year on record counts as recognised, one whose verdict that year is pass as "
            "passing; a unit of the target absent from the panel counts as not reached."
        ),
    },
    "monitor.readiness_section": {
        "zh": "按近年进度预测的达标年度与规划对照",
        "en": "Projected readiness against the plan's schedule",
    },
    "monitor.method": {
        "zh": (
            "方法：对单位最近一年仍未达标的每项约束性规则（分学段），以各年该规则全部未达标项差距"
            "之和（规则本身的单位；当年达标记为 0）为该规则的差距，用最小二乘法求其逐年变化的斜率，"
            "年进度＝斜率的相反数（精确分数计算）；预计达标年度＝最近一年＋⌈最近差距÷年进度⌉，"
            "单位的预计达标年度取各项规则中最晚者。已知差距少于 2 年、年进度为零或差距扩大、"
            "是/否类要求、或最近一年数据不全的规则“无法预测”。评估程序（市级复核、自治区评估）"
            "在达标之后进行，不作预测。"
        ),
        "en": (
            "Method: for each binding rule (per stage) the unit falls short of in its latest "
            "year, the gap is the sum of its shortfalls' gaps in the rule's unit (0 in a year "
            "it was met); the pace is minus the least-squares slope of the gaps over the years, "
            "computed exactly; the rule is projected to be met in latest year + ⌈latest gap ÷ "
            "pace⌉, and the unit in its latest rule's year. A gap is not projectable with fewer "
            "than 2 known years, a zero or worsening pace, a yes/no requirement, or unknown "
            "data in the latest year. Procedure steps (municipal review, provincial "
            "assessment) follow the standard and are not projected."
        ),
    },
    "monitor.states": {
        "zh": (
            "判断（P＝规划验收年度，L＝最近监测年度，Y＝预计达标年度）："
            "已达标＝L 年评估达标或已有国家认定记录；"
            "进度正常＝Y<P，或 Y=L≤P（现已达到各项可预测规则）；"
            "存在风险＝L<Y=P（恰在规划年度才达到，没有余量）；"
            "进度滞后＝Y>P，或 P≤L 而仍未达标；"
            "无法预测＝P>L 且有差距无法预测；无规划＝没有政策层为其安排验收年度。"
        ),
        "en": (
            "States (P = planned year, L = latest year monitored, Y = projected year): met = "
            "passes in L or a national recognition is on record; on track = Y < P, or Y = L ≤ "
            "P (meets every projected rule now); at risk = L < Y = P (reaches the standard only "
            "in its planned year, no margin); off track = Y > P, or P ≤ L and not meeting the "
            "standard; not projectable = P > L and some gap cannot be projected; no plan = no "
            "layer schedules the unit."
        ),
    },
    "monitor.state.met": {"zh": "已达标", "en": "met"},
    "monitor.state.on_track": {"zh": "进度正常", "en": "on track"},
    "monitor.state.at_risk": {"zh": "存在风险", "en": "at risk"},
    "monitor.state.off_track": {"zh": "进度滞后", "en": "off track"},
    "monitor.state.not_projectable": {"zh": "无法预测", "en": "not projectable"},
    "monitor.state.no_plan": {"zh": "无规划年度", "en": "no planned year"},
    "monitor.reason.too_few_years": {"zh": "已知年度不足 2 年", "en": "fewer than 2 known years"},
    "monitor.reason.no_progress": {"zh": "差距没有缩小", "en": "no progress"},
    "monitor.reason.worsening": {"zh": "差距在扩大", "en": "gap growing"},
    "monitor.reason.yes_no": {"zh": "是/否类要求，无进度可言", "en": "a yes/no requirement"},
    "monitor.reason.unknown_data": {
        "zh": "最近一年数据不全",
        "en": "data unknown in the latest year",
    },
    "monitor.deciding": {"zh": "决定进度的差距", "en": "gaps that decide it"},
    "monitor.gaps_by_year": {"zh": "各年差距", "en": "gap by year"},
    "monitor.pace": {"zh": "年进度", "en": "pace a year"},
    "monitor.cv_section": {
        "zh": "各指标校际差异系数逐年变化",
        "en": "Each indicator's coefficient of variation over the years",
    },
    "monitor.cv_chart_title": {
        "zh": "{item} {title}（{stage}）差异系数逐年变化",
        "en": "{item} {title} ({stage}): CV by year",
    },
    "monitor.cv_chart_caption": {
        "zh": "各单位差异系数逐年折线，虚线为限值 {limit}；高于虚线即未达标",
        "en": "each unit's CV by year; the dashed line is the limit of {limit}; above it fails",
    },
    "monitor.limit": {"zh": "限值", "en": "limit"},
    "monitor.unit_section": {"zh": "{name}（{code}）", "en": "{name} ({code})"},
    "monitor.unit_years": {"zh": "逐年情况", "en": "Year by year"},
    "monitor.school_rule": {
        "zh": "学校达标（{stage}）",
        "en": "schools meeting the rule ({stage})",
    },
    "monitor.opened_closed": {"zh": "新增/消除/变化", "en": "opened/closed/changed"},
    "monitor.remedies": {"zh": "仍需补足", "en": "still to add"},
    "monitor.cost": {"zh": "估算成本（元）", "en": "cost (yuan)"},
    "monitor.after_plan": {"zh": "按方案整改后", "en": "after the plan"},
    "monitor.unit_gaps": {"zh": "决定达标进度的差距", "en": "Gaps that decide readiness"},
    "monitor.unit_indicators": {
        "zh": "{year} 年各指标全县均值与差异系数",
        "en": "Indicators in {year}: county mean and CV",
    },
    "monitor.unit_changes": {
        "zh": "{year} 年较 {since} 年的变化",
        "en": "Changes in {year} since {since}",
    },
    "monitor.change": {"zh": "变化", "en": "change"},
    "monitor.change.opened": {"zh": "新增", "en": "opened"},
    "monitor.change.closed": {"zh": "消除", "en": "closed"},
    "monitor.change.changed": {"zh": "变化", "en": "changed"},
    "monitor.status_change": {"zh": "结论 {before} → {after}", "en": "verdict {before} → {after}"},
    "monitor.no_changes": {"zh": "没有变化", "en": "nothing moved"},
    "monitor.kind.teachers": {"zh": "名教师", "en": "teachers"},
    "monitor.kind.m2": {"zh": "平方米", "en": "m²"},
    "monitor.kind.equipment_yuan": {"zh": "元设备", "en": "yuan of equipment"},
    "monitor.kind.classrooms": {"zh": "间多媒体教室", "en": "multimedia classrooms"},
    "monitor.kind.rooms": {"zh": "间专用教室", "en": "music/art rooms"},
    "monitor.kind.funds_yuan": {"zh": "元经费", "en": "yuan of funds"},
    "monitor.cost_note": {
        "zh": "仍需补足的资源与成本来自整改方案（edu-rules plan）的默认单价，仅供比较，不是预算。",
        "en": (
            "The remedies and their cost come from the remediation planner (edu-rules plan) "
            "at its default unit costs: for comparison, not a budget."
        ),
    },
    "monitor.notes": {"zh": "数据处理说明", "en": "Notes on the data"},
    "monitor.working": {"zh": "逐年评估与跟踪 ", "en": "judging and following each year "},
    "monitor.bad_jobs": {
        "zh": "--jobs 至少为 1（收到 {jobs}）",
        "en": "--jobs must be at least 1 (got {jobs})",
    },
    "monitor.bad_span": {
        "zh": "--from {first} 晚于 --to {last}",
        "en": "--from {first} is after --to {last}",
    },
    "monitor.xlsx_needs_output": {
        "zh": "--format xlsx 生成 Excel 工作簿，请用 -o 文件名.xlsx 指定保存位置（-o FILE.xlsx）",
        "en": "--format xlsx writes a workbook: name it with -o FILE.xlsx",
    },
    "monitor.generated": {
        "zh": "由 edu-rules {version} 生成；方法 {method}。",
        "en": "Generated by edu-rules {version}; method {method}.",
    },
    # the record (edu_rules.store): what it refuses, and the command's own words
    "store.denied": {
        "zh": "无权执行此操作",
        "en": "not allowed to do this",
    },
    "store.not_your_unit": {
        "zh": "无权为单位 {unit} 提交数据（令牌只限本单位）",
        "en": "not allowed to submit for unit {unit} (a token is for its own unit only)",
    },
    "store.bad_unit.county": {
        "zh": "县级令牌须对应 6 位单位代码（得到“{unit}”）",
        "en": "a county token needs a six-digit unit code (got “{unit}”)",
    },
    "store.bad_unit.city": {
        "zh": "市级令牌须对应 4 位代码前缀（得到“{unit}”）",
        "en": "a city token needs a four-digit code prefix (got “{unit}”)",
    },
    "store.bad_unit.province": {
        "zh": "省级令牌不对应具体单位（得到“{unit}”）",
        "en": "a province token takes no unit (got “{unit}”)",
    },
    "store.no_token": {"zh": "没有编号为 {id} 的令牌", "en": "no token numbered {id}"},
    "store.no_version": {"zh": "没有编号为 {id} 的提交版本", "en": "no version numbered {id}"},
    "store.no_evidence": {
        "zh": "没有编号为 {id} 的佐证材料",
        "en": "no evidence file numbered {id}",
    },
    "store.too_large": {
        "zh": "文件超过大小上限（{limit} 字节）",
        "en": "the file is larger than the limit ({limit} bytes)",
    },
    "store.bad_decision": {
        "zh": "审核结论须为 accepted（通过）或 returned（退回），得到“{decision}”",
        "en": "a decision is accepted or returned, not “{decision}”",
    },
    "store.comment_needed": {
        "zh": "退回时须填写意见，说明需要修改之处",
        "en": "returning a version needs a comment saying what to change",
    },
    "store.comment_too_long": {
        "zh": "审核意见不得超过 {limit} 字",
        "en": "a comment has at most {limit} characters",
    },
    "store.already_reviewed": {
        "zh": "版本 {id} 已审核，结论不可更改；如需修改请提交新版本",
        "en": "version {id} is already reviewed and stays as it is; submit a new version",
    },
    "store.version_closed": {
        "zh": "版本 {id} 已审核，不能再添加佐证材料；请提交新版本",
        "en": "version {id} is reviewed: no evidence can be added; submit a new version",
    },
    "store.evidence_kind": {
        "zh": "佐证材料“{name}”的类型不被接受（文件内容须与扩展名相符；可接受：{kinds}）",
        "en": "evidence file “{name}” is not of an accepted type (its content must match "
        "its extension; accepted: {kinds})",
    },
    "store.too_many_files": {
        "zh": "每个版本最多 {limit} 份佐证材料",
        "en": "a version holds at most {limit} evidence files",
    },
    "store.bad_item": {
        "zh": "佐证材料须注明对应的申报项目代码（如 G1、Q5、E2），得到“{item}”",
        "en": "evidence needs the declared item's code (such as G1, Q5, E2), got “{item}”",
    },
    "store.nothing_accepted": {
        "zh": "{unit} 的 {year} 年度没有已通过审核的版本，不能公布",
        "en": "{unit} has no accepted version for {year}: nothing to publish",
    },
    "store.not_published": {
        "zh": "{unit} 的 {year} 年度未公布",
        "en": "{unit} {year} is not published",
    },
    "store.folder_not_empty": {
        "zh": "导出目录 {path} 不是空目录",
        "en": "the export folder {path} is not empty",
    },
    "store.bad_export": {
        "zh": "导出文件 {path} 无法读取：{reason}",
        "en": "cannot read the export {path}: {reason}",
    },
    "store.other_revision": {
        "zh": "导出文件的数据库版本为 {found}，本程序为 {expected}",
        "en": "the export is of database revision {found}; this program is at {expected}",
    },
    "store.not_empty": {
        "zh": "目标数据库已有记录；只能导入到空的数据库",
        "en": "the record is not empty: an export is imported into an empty one only",
    },
    "store.hash_mismatch": {
        "zh": "{path} 的内容与记录的 SHA-256 不符",
        "en": "the content of {path} does not match its recorded SHA-256",
    },
    "store.broken_chain": {
        "zh": "审计日志第 {id} 条与此前的记录不符：它或其前一条在写入后被改动、插入或删除",
        "en": "audit entry {id} does not follow from those before it: it or the one before "
        "was changed, inserted or removed after it was written",
    },
    "store.bad_content.versions": {
        "zh": "提交版本 {id} 的文件内容与提交时记录的 SHA-256 不符",
        "en": "the bytes of version {id} no longer match the SHA-256 recorded when it came",
    },
    "store.bad_content.files": {
        "zh": "佐证材料 {id} 的文件内容与上传时记录的 SHA-256 不符",
        "en": "the bytes of evidence file {id} no longer match the SHA-256 recorded when it came",
    },
    "store.intact": {
        "zh": "记录完整：{entries} 条审计日志环环相扣，{versions} 个提交版本和 {files} 份佐证材料"
        "与其 SHA-256 相符",
        "en": "the record is whole: {entries} audit entries each follow from the one before, "
        "{versions} versions and {files} evidence files match their SHA-256",
    },
    "store.needs_extra": {
        "zh": '数据库记录需要安装 store 扩展：pip install "edu-rules[store]"',
        "en": 'the record needs the store extra: pip install "edu-rules[store]"',
    },
    "store.cannot_open": {
        "zh": "无法打开数据库 {url}：{reason}",
        "en": "cannot open the database {url}: {reason}",
    },
    "store.token_issued": {
        "zh": "令牌 #{id} 已生成（只显示这一次，请妥善交付）：",
        "en": "token #{id} issued (shown this once; hand it over safely):",
    },
    "store.exported": {
        "zh": "已导出 {count} 个文件到 {path}",
        "en": "{count} files exported to {path}",
    },
    "store.imported": {
        "zh": "已从 {path} 导入 {count} 行记录",
        "en": "{count} rows imported from {path}",
    },
    "store.ready": {
        "zh": "数据库 {url} 已就绪（版本 {revision}）",
        "en": "the record at {url} is ready (revision {revision})",
    },
    # the record's pages (edu-rules serve --store)
    "record.nav": {"zh": "提交记录", "en": "The record"},
    "record.title": {"zh": "提交记录与审核", "en": "The record: submissions and review"},
    "record.login.heading": {"zh": "登录提交记录", "en": "Sign in to the record"},
    "record.login.intro": {
        "zh": "请输入本单位的令牌（由市级教育督导部门发放）。登录状态只保存在本浏览器中。",
        "en": "Enter your unit's token (issued by the city's education supervision office). "
        "You stay signed in in this browser only.",
    },
    "record.login.token": {"zh": "令牌", "en": "Token"},
    "record.login.submit": {"zh": "登录", "en": "Sign in"},
    "record.login.bad": {
        "zh": "令牌无效或已吊销",
        "en": "the token is unknown or revoked",
    },
    "record.logout": {"zh": "退出登录", "en": "Sign out"},
    "record.cross_site": {
        "zh": "表单来自其他网站，已拒绝",
        "en": "the form comes from another site and is refused",
    },
    "record.bad_json": {
        "zh": "请求正文须为 JSON 对象",
        "en": "the request body must be a JSON object",
    },
    "record.signed_in": {
        "zh": "当前身份：{actor}（{scope}）",
        "en": "Signed in as {actor} ({scope})",
    },
    "record.scope.county": {"zh": "县级", "en": "county"},
    "record.scope.city": {"zh": "市级", "en": "city"},
    "record.scope.province": {"zh": "省级", "en": "province"},
    "record.state.heading": {"zh": "各单位各年度提交状态", "en": "Every unit and year"},
    "record.state.empty": {"zh": "尚无提交记录", "en": "Nothing submitted yet"},
    "record.state.missing": {"zh": "未提交", "en": "not submitted"},
    "record.state.submitted": {"zh": "已提交（待审核）", "en": "submitted (to review)"},
    "record.state.accepted": {"zh": "已通过", "en": "accepted"},
    "record.state.returned": {"zh": "已退回", "en": "returned"},
    "record.col.unit": {"zh": "单位", "en": "unit"},
    "record.col.year": {"zh": "年度", "en": "year"},
    "record.col.state": {"zh": "状态", "en": "state"},
    "record.col.versions": {"zh": "版本数", "en": "versions"},
    "record.col.latest": {"zh": "最新版本", "en": "latest version"},
    "record.col.verdict": {"zh": "评估结论", "en": "verdict"},
    "record.col.accepted": {"zh": "已通过的版本", "en": "accepted version"},
    "record.col.published": {"zh": "公布", "en": "published"},
    "record.col.judged_at": {"zh": "评估时间", "en": "judged at"},
    "record.col.reason": {"zh": "原因", "en": "why"},
    "record.col.rules": {"zh": "规则层级及版本", "en": "rule layers and versions"},
    "record.col.engine": {"zh": "引擎版本", "en": "engine"},
    "record.col.actor": {"zh": "操作人", "en": "by"},
    "record.col.at": {"zh": "时间", "en": "time"},
    "record.col.action": {"zh": "操作", "en": "action"},
    "record.col.detail": {"zh": "内容", "en": "detail"},
    "record.published.yes": {"zh": "已公布", "en": "published"},
    "record.published.no": {"zh": "未公布", "en": "not published"},
    "record.publish": {"zh": "公布", "en": "Publish"},
    "record.withdraw": {"zh": "撤回公布", "en": "Withdraw"},
    "record.upload.heading": {"zh": "提交年度数据", "en": "Submit a year's data"},
    "record.upload.intro": {
        "zh": "上传 Excel 填报表或 JSON 县级数据文件。每次提交都保存为新版本，原文件原样保存，"
        "以前的版本不会被覆盖。",
        "en": "Upload the filled workbook or a JSON county document. Each submission is kept as "
        "a new version, byte for byte; earlier versions are never overwritten.",
    },
    "record.upload.submit": {"zh": "提交", "en": "Submit"},
    "record.version.heading": {
        "zh": "{name} {year} 年度 第 {version} 版",
        "en": "{name} {year}, version {version}",
    },
    "record.version.file": {"zh": "文件", "en": "file"},
    "record.version.format": {"zh": "格式", "en": "format"},
    "record.version.size": {"zh": "大小", "en": "size"},
    "record.version.sha256": {"zh": "SHA-256", "en": "SHA-256"},
    "record.version.submitted": {"zh": "提交时间（UTC）", "en": "submitted (UTC)"},
    "record.version.by": {"zh": "提交人", "en": "submitted by"},
    "record.version.download": {"zh": "下载原始提交文件", "en": "Download the file as submitted"},
    "record.version.result": {"zh": "下载评估结果（JSON）", "en": "Download the result (JSON)"},
    "record.version.results": {"zh": "评估记录", "en": "Judgments"},
    "record.reason.submitted": {"zh": "提交时评估", "en": "on submission"},
    "record.reason.rejudged": {"zh": "重新评估", "en": "judged again"},
    "record.rejudge": {
        "zh": "按当前安装的规则重新评估（原结果保留）",
        "en": "Judge again with the rules installed now (the earlier result stays)",
    },
    "record.review.heading": {"zh": "审核", "en": "Review"},
    "record.review.comment": {"zh": "审核意见（退回时必填）", "en": "Comment (needed to return)"},
    "record.review.accept": {"zh": "通过", "en": "Accept"},
    "record.review.return": {"zh": "退回", "en": "Return"},
    "record.review.waiting": {"zh": "等待市级审核", "en": "Waiting for the city's review"},
    "record.review.done": {
        "zh": "{decision}：{comment}（{by}，{at}）",
        "en": "{decision}: {comment} ({by}, {at})",
    },
    "record.evidence.heading": {"zh": "佐证材料", "en": "Evidence"},
    "record.evidence.item": {"zh": "申报项目（如 G1）", "en": "declared item (e.g. G1)"},
    "record.evidence.submit": {"zh": "上传佐证材料", "en": "Upload evidence"},
    "record.evidence.none": {"zh": "暂无佐证材料", "en": "No evidence yet"},
    "record.evidence.kinds": {
        "zh": "可接受的文件类型：{kinds}；文件只供下载，不在浏览器中打开。",
        "en": "Accepted file types: {kinds}; files are downloaded, never opened in the browser.",
    },
    "record.monitor.link": {"zh": "年度监测报告", "en": "Monitoring report"},
    "record.monitor.xlsx": {"zh": "下载监测报告（Excel）", "en": "Monitoring workbook (Excel)"},
    "record.monitor.empty": {
        "zh": "尚无审核通过的版本，无法生成监测报告",
        "en": "no version is accepted yet: there is nothing to monitor",
    },
    "record.audit.heading": {"zh": "审计日志", "en": "Audit log"},
    "record.action.unit.added": {"zh": "登记单位", "en": "unit added"},
    "record.action.token.issued": {"zh": "发放令牌", "en": "token issued"},
    "record.action.token.revoked": {"zh": "吊销令牌", "en": "token revoked"},
    "record.action.submitted": {"zh": "提交", "en": "submitted"},
    "record.action.rejudged": {"zh": "重新评估", "en": "judged again"},
    "record.action.accepted": {"zh": "审核通过", "en": "accepted"},
    "record.action.returned": {"zh": "审核退回", "en": "returned"},
    "record.action.evidence.added": {"zh": "上传佐证材料", "en": "evidence added"},
    "record.action.published": {"zh": "公布", "en": "published"},
    "record.action.withdrawn": {"zh": "撤回公布", "en": "withdrawn"},
    "public.nav": {"zh": "公布结果", "en": "Published results"},
    "public.heading": {
        "zh": "县域义务教育优质均衡发展监测结果公布",
        "en": "High-quality balanced compulsory education: published results",
    },
    "public.intro": {
        "zh": "以下为市级教育督导部门审核通过并决定公布的各单位年度评估结果。",
        "en": "The results below were accepted and chosen for publication by the city's "
        "education supervision office.",
    },
    "public.none": {"zh": "暂无公布的结果", "en": "Nothing is published yet"},
    "public.col.shortfalls": {"zh": "未达标项（约束性）", "en": "binding shortfalls"},
    "public.col.not_evaluated": {"zh": "无法评估项", "en": "not evaluated"},
    "public.col.rules": {"zh": "评估依据", "en": "rules applied"},
    # input refused by a bound (edu_rules._limits); {placeholders} are filled in
    "input.not_regular": {
        "zh": "不是普通文件（是{kind}），不予读取",
        "en": "is {kind}, not a regular file; it is not read",
    },
    "input.kind.folder": {"zh": "文件夹", "en": "a folder"},
    "input.kind.fifo": {"zh": "命名管道 FIFO", "en": "a named pipe (FIFO)"},
    "input.kind.device": {"zh": "设备文件", "en": "a device"},
    "input.kind.socket": {"zh": "套接字", "en": "a socket"},
    "input.kind.other": {"zh": "特殊文件", "en": "a special file"},
    "input.too_large": {
        "zh": "文件过大（{size} 字节，上限 {limit} 字节，即 {mib} MiB），未读取",
        "en": "the file is too large ({size} bytes; at most {limit} bytes, {mib} MiB, are read)",
    },
    "input.extra.layer": {
        "zh": (
            "未知的数据字段层 {layer}：已加载的插件均未以此名声明数据字段"
            "（已声明的层：{declared}）{hint}"
        ),
        "en": (
            "unknown layer {layer}: no loaded plugin declares data fields under this name "
            "(layers with fields: {declared}){hint}"
        ),
    },
    "input.extra.field": {
        "zh": "未知字段：{layer} 层未声明此数据字段（已声明：{declared}）{hint}",
        "en": "unknown field: layer {layer} declares no such data field "
        "(declared: {declared}){hint}",
    },
    "xl.section.extra": {"zh": "插件数据字段", "en": "Plugin data fields"},
    "input.too_long": {
        "zh": "文本过长（{got} 个字符，上限 {limit}）",
        "en": "is too long ({got} characters; at most {limit})",
    },
    "input.too_many_digits": {
        "zh": "数字的有效位数超过 {limit} 位",
        "en": "has more than {limit} significant digits",
    },
    "input.nested": {
        "zh": "嵌套过深（超过 {limit} 层）",
        "en": "is nested too deeply (more than {limit} levels)",
    },
    "input.cycle": {
        "zh": "包含自身（循环引用），无法作为文档读取",
        "en": "contains itself (a cycle); it cannot be a document",
    },
    "input.too_many_values": {
        "zh": "数据包含的值超过 {limit} 个（列表或对象被多处共用？），不再检查",
        "en": (
            "holds more than {limit} values (a list or object shared many times?); "
            "not checked further"
        ),
    },
    "input.xlsx.too_unpacked": {
        "zh": "工作簿解压后过大（{size} 字节，上限 {limit} 字节），未解压",
        "en": "the workbook unpacks to {size} bytes (at most {limit}); it is not unpacked",
    },
    "input.xlsx.too_many_parts": {
        "zh": "工作簿包含的部件过多（{count} 个，上限 {limit} 个）",
        "en": "the workbook has {count} parts (at most {limit})",
    },
    "input.xlsx.too_merged": {
        "zh": "合并单元格过多（超过 {limit} 个单元格）",
        "en": "merged ranges cover more than {limit} cells",
    },
    "input.xlsx.ignored_cells": {
        "zh": "表头以外的列中填有超过 {limit} 个值（只读取已知表头下的单元格）；请清除它们",
        "en": (
            "more than {limit} values lie in columns under no known header (only the cells "
            "under known headers are read); clear them"
        ),
    },
    "input.xlsx.row_order": {
        "zh": "工作表的行未按顺序保存（文件已损坏）；请在 Excel 中另存后重试",
        "en": "the sheet's rows are not stored in order (a damaged file); save it again in Excel",
    },
    "input.xlsx.far_cell": {
        "zh": "单元格超出县级工作簿的使用范围（最多 {rows} 行、{columns} 列）；请清除它",
        "en": (
            "lies beyond what a county workbook uses (rows up to {rows}, columns up to "
            "{columns}); clear it"
        ),
    },
    "input.xlsx.unsafe_char": {
        "zh": "含有 Excel 单元格无法保存的控制字符 {char}；请删除，或保存为 JSON",
        "en": (
            "holds the control character {char}, which an Excel cell cannot store; remove it, "
            "or keep the document as JSON"
        ),
    },
    # the front door for input (edu_rules.io.inputs)
    "input.save_as.xls": {
        "zh": "这是旧版 Excel 工作簿（.xls），无法读取；请在 Excel 或 WPS 中打开，"
        "“另存为” Excel 工作簿（*.xlsx）后再试",
        "en": "this is an old Excel workbook (.xls), which is not read; open it in Excel or WPS "
        "and use Save As to save it as an Excel Workbook (*.xlsx)",
    },
    "input.save_as.csv": {
        "zh": "CSV 文件无法读取（一张表装不下学校和县级两部分数据）；请用 edu-rules template "
        "生成填报模板，把数据粘贴进去，保存为 .xlsx",
        "en": "a CSV file is not read (one table cannot hold both the schools and the county "
        "figures); make the workbook with edu-rules template, paste the data in and save it "
        "as .xlsx",
    },
    "input.save_as.ods": {
        "zh": "OpenDocument 表格（.ods）无法读取；请在 WPS 或 LibreOffice 中“另存为” "
        "Excel 工作簿（*.xlsx）",
        "en": "an OpenDocument spreadsheet (.ods) is not read; in LibreOffice or WPS, use Save "
        "As to save it as an Excel workbook (*.xlsx)",
    },
    "input.empty_folder": {
        "zh": "文件夹中没有县级数据文件（*.json、*.xlsx）",
        "en": "the folder holds no county documents (*.json, *.xlsx)",
    },
    "input.no_such_path": {"zh": "没有这个文件或文件夹", "en": "no such file or folder"},
    # validation problems (edu_rules.io.validation, model.errors.Problem.spell)
    "input.invalid": {
        "zh": "{source}县级数据有误（共 {count} 处）：",
        "en": "{source}invalid county data ({count} problems):",
    },
    "input.problem": {"zh": "{path}：{reason}", "en": "{path}: {reason}"},
    "input.document": {"zh": "（整个文档）", "en": "(document)"},
    "source.batch": {"zh": "批量数据", "en": "batch"},
    "source.panel": {"zh": "监测数据", "en": "panel"},
    "source.request": {"zh": "请求", "en": "request"},
    "source.what-if changes": {"zh": "修改项", "en": "what-if changes"},
    "source.county with what-if changes": {
        "zh": "修改后的县级数据",
        "en": "county with what-if changes",
    },
    "list.separator": {"zh": "、", "en": ", "},
    "input.got": {"zh": "{reason}（实际为 {value}）", "en": "{reason} (got {value})"},
    "input.type.boolean": {"zh": "必须填 true 或 false", "en": "must be true or false"},
    "input.type.boolean_or_null": {
        "zh": "必须填 true、false 或 null",
        "en": "must be true, false or null",
    },
    "input.type.null": {"zh": "必须为 null", "en": "must be null"},
    "input.type.number": {"zh": "必须是数字", "en": "must be a number"},
    "input.type.integer": {"zh": "必须是整数", "en": "must be a whole number"},
    "input.type.string": {"zh": "必须是文本", "en": "must be text"},
    "input.type.array": {"zh": "必须是列表", "en": "must be a list"},
    "input.type.object": {"zh": "必须是对象", "en": "must be an object"},
    "input.required": {"zh": "缺少此项（必填）", "en": "is required"},
    "input.unknown_field": {
        "zh": "未知字段（不在县级数据格式中）{hint}",
        "en": "unknown field (not in the county data contract){hint}",
    },
    "input.hint": {"zh": "；是否应为“{hint}”？", "en": '; did you mean "{hint}"?'},
    "input.minimum": {"zh": "必须 ≥ {limit}", "en": "must be ≥ {limit}"},
    "input.maximum": {"zh": "必须 ≤ {limit}", "en": "must be ≤ {limit}"},
    "input.enum": {"zh": "必须是以下之一：{choices}", "en": "must be one of: {choices}"},
    "input.const": {"zh": "必须为 {value}", "en": "must be {value}"},
    "input.code": {
        "zh": "必须是 6 位行政区划代码",
        "en": "must be a 6-digit administrative division code",
    },
    "input.pattern": {"zh": "必须符合格式 {pattern}", "en": "must match the pattern {pattern}"},
    "input.empty": {"zh": "不能为空", "en": "must not be empty"},
    "input.min_length": {"zh": "至少 {n} 个字符", "en": "must be ≥ {n} characters"},
    "input.no_school": {"zh": "至少要列出一所学校", "en": "must list at least one school"},
    "input.min_items": {"zh": "至少要有 {n} 项", "en": "must have at least {n} item(s)"},
    "input.max_items": {
        "zh": "至多 {n} 项（实际 {got} 项）",
        "en": "must have at most {n} items (got {got})",
    },
    "input.schema_other": {"zh": "不符合县级数据格式：{detail}", "en": "{detail}"},
    "input.cannot_read": {"zh": "无法读取文件：{error}", "en": "cannot read the file: {error}"},
    "input.no_permission": {
        "zh": "无法读取文件：没有读取权限",
        "en": "cannot read the file: permission denied",
    },
    "input.str_is_path": {
        "zh": "{reason}（字符串按文件路径读取；JSON 文本请以 bytes 传入）",
        "en": "{reason} (a str is read as a file path; pass JSON text as bytes)",
    },
    "input.not_utf8": {
        "zh": "文件不是 UTF-8 文本（偏移 {offset} 处的字节 0x{byte}）；请另存为 UTF-8",
        "en": "the file is not UTF-8 text (byte 0x{byte} at offset {offset}); save it as UTF-8",
    },
    "input.empty_file": {
        "zh": "文件是空的；县级数据应是一个 JSON 对象",
        "en": "the file is empty; a county document is a JSON object",
    },
    "input.bad_json": {
        "zh": "不是有效的 JSON：第 {line} 行第 {column} 列（{error}）",
        "en": "not valid JSON: {error} at line {line}, column {column}",
    },
    # what Python's JSON reader says went wrong (json.JSONDecodeError.msg), by its message
    "input.json.value": {"zh": "此处应为一个值", "en": "Expecting value"},
    "input.json.property": {
        "zh": "此处应为用双引号括起的字段名",
        "en": "Expecting property name enclosed in double quotes",
    },
    "input.json.comma": {"zh": "此处应为逗号", "en": "Expecting ',' delimiter"},
    "input.json.colon": {"zh": "此处应为冒号", "en": "Expecting ':' delimiter"},
    "input.json.extra": {"zh": "文档结束后还有多余内容", "en": "Extra data"},
    "input.json.unterminated": {"zh": "字符串没有结束的引号", "en": "Unterminated string"},
    "input.json.control": {"zh": "字符串中有控制字符", "en": "Invalid control character"},
    "input.json.escape": {"zh": "无效的转义（\\）", "en": "Invalid \\escape"},
    "input.json.unicode": {"zh": "无效的 \\u 转义", "en": "Invalid \\uXXXX escape"},
    "input.json_nested": {
        "zh": "不是有效的 JSON：嵌套过深",
        "en": "not valid JSON: nested too deeply",
    },
    "input.json_other": {"zh": "不是有效的 JSON：{error}", "en": "not valid JSON: {error}"},
    "input.empty_array": {
        "zh": "数组中没有县级数据",
        "en": "the array holds no county documents",
    },
    "input.empty_batch": {
        "zh": "这批数据中没有县级数据",
        "en": "the batch holds no county documents",
    },
    "input.empty_panel": {
        "zh": "监测数据中没有县级数据",
        "en": "the panel holds no county documents",
    },
    "input.twice_in_batch": {
        "zh": "{name}（{code}）已在这批数据中（来自 {first}）；每个单位只能出现一次",
        "en": "{name} ({code}) is already in the batch, from {first}; a unit may appear once",
    },
    "input.changed_since_checked": {
        "zh": "文件在检查之后被改动：检查时是 {name}（{code}，{year} 年度），现在不是；请重新运行",
        "en": "the file changed after it was checked: it held {name} ({code}, {year}), "
        "and no longer does; run again",
    },
    "input.twice_in_panel": {
        "zh": "{name}（{code}）{year} 年已在监测数据中（来自 {first}）；每个单位每年只能出现一次",
        "en": "{name} ({code}) {year} is already in the panel, from {first}; a unit may appear "
        "once a year",
    },
    "input.no_year_in_span": {
        "zh": "监测数据中没有 {span} 年度的文档",
        "en": "no document of the panel falls in the years {span}",
    },
    "input.not_json_or_xlsx": {
        "zh": "请使用 .json 或 .xlsx 文件",
        "en": "use a .json or .xlsx file",
    },
    "input.not_a_file": {"zh": "不是普通文件", "en": "not a regular file"},
    "input.exists": {
        "zh": "{path} 已存在；如需覆盖请加 --force",
        "en": "{path} exists; use --force to overwrite it",
    },
    "input.wrote": {"zh": "已写入 {path}", "en": "wrote {path}"},
    "input.needs_excel": {
        "zh": '读写 Excel 工作簿需要安装 excel 扩展：pip install "edu-rules[excel]"',
        "en": (
            "reading and writing Excel workbooks needs the excel extra: "
            'pip install "edu-rules[excel]"'
        ),
    },
    "input.cannot_write": {"zh": "无法写入 {path}：{error}", "en": "cannot write {path}: {error}"},
    "output.workbook_temp": {
        "zh": "无法生成工作簿：临时文件夹 {path} 写入失败（{error}）；"
        "可用环境变量 TMPDIR 指定另一个文件夹（原有文件保持不变）",
        "en": "cannot make the workbook: its temporary files in {path} could not be written "
        "({error}); the TMPDIR environment variable names another folder (any earlier file "
        "is left as it was)",
    },
    "output.reason.no_space": {"zh": "磁盘空间不足", "en": "the disk is full"},
    "output.reason.too_big": {"zh": "文件超出允许的大小", "en": "the file is larger than allowed"},
    "output.reason.denied": {"zh": "没有写入权限", "en": "permission denied"},
    "output.reason.read_only": {"zh": "该位置只读", "en": "the place is read-only"},
    "output.reason.no_folder": {"zh": "文件夹不存在", "en": "the folder does not exist"},
    "output.reason.is_folder": {"zh": "这是一个文件夹", "en": "it is a folder"},
    "output.cannot_write": {
        "zh": "无法写入 {path}：{error}（原有文件保持不变）",
        "en": "cannot write {path}: {error} (any earlier file there is left as it was)",
    },
    "input.not_xlsx_name": {
        "zh": "工作簿的文件名应以 .xlsx 结尾",
        "en": "a workbook file name ends in .xlsx",
    },
    # what-if changes (edu_rules.planner.whatif, edu-rules whatif --set)
    "whatif.the_document": {"zh": "文档", "en": "the document"},
    "whatif.no_field": {
        "zh": "{here} 没有字段 {field}（可用字段：{known}）",
        "en": "{here} has no field {field} (fields: {known})",
    },
    "whatif.not_object": {
        "zh": "{here} 是 {kind}，不是对象；请整体修改 {here}",
        "en": "{here} is {kind}, not an object; set {here} as a whole instead",
    },
    "whatif.not_list": {
        "zh": "{here} 是 {kind}，不是列表；请整体修改 {here}",
        "en": "{here} is {kind}, not a list; set {here} as a whole instead",
    },
    "whatif.out_of_range": {
        "zh": "{here} 只有 {count} 项；序号 {index} 超出范围",
        "en": "{here} has {count} entries; index {index} is out of range",
    },
    "whatif.empty_path": {"zh": "路径为空", "en": "empty path"},
    "whatif.bad_path": {
        "zh": "不是有效的字段路径（应为 guarantee.quota_allocation_pct 或 schools[3].stages.primary"
        ".students 的形式）",
        "en": "not a field path (write it as guarantee.quota_allocation_pct or "
        "schools[3].stages.primary.students)",
    },
    "whatif.write_set": {
        "zh": "--set {spec}：请写成 路径=值，如 guarantee.quota_allocation_pct=55",
        "en": "--set {spec}: write PATH=VALUE, e.g. guarantee.quota_allocation_pct=55",
    },
    "whatif.value_nested": {
        "zh": "--set {path}=…：值嵌套过深",
        "en": "--set {path}=…: the value is nested too deeply",
    },
    "whatif.bad_value": {"zh": "--set {path}=…：{error}", "en": "--set {path}=…: {error}"},
    # edu-rules plan (edu_rules.cli.plan): headings, and the words inside its lines
    "plan.label.title": {"zh": "整改方案", "en": "Remediation plan"},
    "plan.label.rules_as_of": {"zh": "规则日期", "en": "rules as of"},
    "plan.label.status": {"zh": "结论", "en": "Status"},
    "plan.label.after": {"zh": "按方案整改后", "en": "after the plan"},
    "plan.label.totals": {"zh": "合计", "en": "Totals"},
    "plan.label.cost": {"zh": "估算成本（元）", "en": "estimated cost (yuan)"},
    "plan.label.stages": {"zh": "学校学段（校际达标）", "en": "School stages (school rule)"},
    "plan.label.balance": {
        "zh": "校际均衡（差异系数）",
        "en": "Balance (coefficient of variation)",
    },
    "plan.label.targets": {"zh": "需达到的数值", "en": "Figures to reach"},
    "plan.label.actions": {"zh": "其他事项", "en": "Other actions"},
    "plan.label.schools": {"zh": "按学校", "en": "By school"},
    "plan.label.nothing": {"zh": "无需增加任何资源。", "en": "Nothing to add."},
    "plan.label.left_below": {
        "zh": "允许低于标准（不低于85%）",
        "en": "left below standard (at or above the floor)",
    },
    "plan.label.students": {"zh": "学生", "en": "students"},
    "plan.label.limit": {"zh": "上限", "en": "limit"},
    "plan.label.level": {"zh": "水位", "en": "level"},
    "plan.label.after_schools": {"zh": "学校补足后", "en": "after school additions"},
    "plan.what.declare": {"zh": "需认定", "en": "declare"},
    "plan.what.veto": {"zh": "否决事项", "en": "veto"},
    "plan.what.data": {"zh": "需补充数据", "en": "data needed"},
    "plan.what.manual": {"zh": "人工核查", "en": "checked by hand"},
    "plan.what.act": {"zh": "需整改", "en": "act"},
    "plan.reason.floor": {"zh": "85%下限", "en": "floor"},
    "plan.reason.standard": {"zh": "标准", "en": "standard"},
    "plan.reason.balance": {"zh": "均衡水位", "en": "balance"},
    "plan.missing": {"zh": "缺少数据：{fields}", "en": "missing: {fields}"},
    "plan.col.kind": {"zh": "类别", "en": "kind"},
    "plan.col.quantity": {"zh": "数量", "en": "quantity"},
    "plan.col.school": {"zh": "学校", "en": "school"},
    "plan.col.stage": {"zh": "学段", "en": "stage"},
    "plan.col.rule": {"zh": "规则", "en": "rule"},
    "plan.col.reason": {"zh": "依据", "en": "reason"},
    "plan.col.add": {"zh": "补充", "en": "add"},
    "plan.col.unit": {"zh": "单位", "en": "unit"},
    "plan.col.before": {"zh": "补充前", "en": "value before"},
    "plan.col.after": {"zh": "补充后", "en": "value after"},
    "plan.col.cv_before": {"zh": "整改前差异系数", "en": "CV before"},
    "plan.col.after_schools": {"zh": "学校补足后", "en": "after schools"},
    "plan.col.cv_after": {"zh": "整改后差异系数", "en": "CV after"},
    "plan.col.limit": {"zh": "上限", "en": "limit"},
    "plan.col.subject": {"zh": "对象", "en": "subject"},
    "plan.col.now": {"zh": "现值", "en": "now"},
    "plan.col.to_reach": {"zh": "需达到", "en": "to reach"},
    # edu-rules whatif (edu_rules.cli.whatif)
    "whatif.side": {"zh": "{value}（{outcome}）", "en": "{value} ({outcome})"},
    "whatif.title": {"zh": "假设分析：{unit}", "en": "What-if: {unit}"},
    "whatif.status": {"zh": "结论：{before} → {after}", "en": "Status: {before} → {after}"},
    "whatif.removed": {"zh": "消除的未达标项（{n}）", "en": "Shortfalls removed ({n})"},
    "whatif.added": {"zh": "新增的未达标项（{n}）", "en": "Shortfalls added ({n})"},
    "whatif.changed": {"zh": "变化的未达标项（{n}）", "en": "Shortfalls changed ({n})"},
    "whatif.nothing": {"zh": "没有变化。", "en": "Nothing changed."},
    # plan costs (edu-rules plan --cost)
    "plan.cost.write": {
        "zh": "--cost {spec}：请写成 字段=元，字段为以下之一：{fields}",
        "en": "--cost {spec}: write FIELD=YUAN with FIELD one of {fields}",
    },
    "plan.cost.not_number": {
        "zh": "--cost {spec}：{value} 不是数字",
        "en": "--cost {spec}: {value} is not a number",
    },
    "plan.cost.negative": {
        "zh": "--cost {spec}：单价不能为负",
        "en": "--cost {spec}: a price cannot be negative",
    },
    "plan.cost.caveat": {
        "zh": "估算，仅供比较，不是预算",
        "en": "an estimate for comparison only, not a budget",
    },
    "plan.cost.total": {"zh": "{cost}（{caveat}）", "en": "{cost} ({caveat})"},
    "plan.cost.prices": {"zh": "所用单价", "en": "Unit prices used"},
    "plan.cost.price": {
        "zh": "{field}：每{unit} {price} 元",
        "en": "{field}: {price} yuan per {unit}",
    },
    "plan.cost.source": {"zh": "单价来源", "en": "Source of the prices"},
    "plan.cost.defaults": {
        "zh": "内置默认单价（用 --cost 价格文件 或 --cost 字段=元 改为当地价格）",
        "en": "the built-in defaults (--cost PRICES-FILE or --cost FIELD=YUAN sets local prices)",
    },
    "plan.cost.given": {
        "zh": "{fields} 的单价来自 {where}；其余为内置默认单价",
        "en": "{fields} from {where}; the others are the built-in defaults",
    },
    "plan.cost.command_line": {"zh": "命令行", "en": "the command line"},
    "plan.cost.file_unreadable": {
        "zh": "--cost {path}：无法读取单价文件（{error}）",
        "en": "--cost {path}: cannot read the price file ({error})",
    },
    "plan.cost.file_shape": {
        "zh": (
            '--cost {path}：单价文件应为 JSON 对象（如 {{"sports_area_m2": 800}}）'
            "或每行一个 字段=元"
        ),
        "en": (
            '--cost {path}: a price file is a JSON object (e.g. {{"sports_area_m2": 800}}) '
            "or one FIELD=YUAN a line"
        ),
    },
    "plan.applied": {
        "zh": "已将按方案整改后的县级数据写入 {path}",
        "en": "wrote the county data with the plan carried out to {path}",
    },
    # edu-rules plugins (edu_rules.cli.plugins)
    "plugins.layer": {
        "zh": "{level}：{title}（{citation}）",
        "en": "{level}: {title} ({citation})",
    },
    "plugins.details": {
        "zh": "标识 {name} · 适用代码 {where} · 规则 {rules} 条 · 调整上级规则 {overrides} 条 · "
        "插件包 {package}",
        "en": "id {name} · codes {where} · {rules} rules · {overrides} overrides · "
        "package {package}",
    },
    # plugins named on the command line (edu_rules.cli._layers)
    "layers.plugin": {"zh": "{name}（{distribution}）", "en": "{name} ({distribution})"},
    "layers.unknown": {
        "zh": "--block {names}：没有安装这个插件；已安装的插件：{installed}",
        "en": "--block {names}: no such plugin is installed; installed: {installed}",
    },
    "layers.needs_unofficial": {
        "zh": "{names}：去掉政策层（--block，或 --allow-plugins 名单未包含）后结果不再是正式评估；"
        "确需如此请加 --unofficial",
        "en": "{names}: leaving a layer out (--block, or --allow-plugins without it) makes the "
        "result unofficial: add --unofficial to accept that",
    },
    # the command line's --help and usage errors (edu_rules.cli: help=, description=, argparse)
    "cli.usage": {"zh": "用法：", "en": "usage: "},
    "cli.positionals": {"zh": "参数", "en": "positional arguments"},
    "cli.options": {"zh": "选项", "en": "options"},
    "cli.help": {"zh": "显示本帮助并退出", "en": "show this help message and exit"},
    "cli.error": {"zh": "{prog}：错误：{error}", "en": "{prog}: error: {error}"},
    "cli.error.required": {
        "zh": "缺少必需的参数：{names}",
        "en": "the following arguments are required: {names}",
    },
    "cli.error.choice": {
        "zh": "参数 {argument}：无效的选项 {value}（可选：{choices}）",
        "en": "argument {argument}: invalid choice: {value} (choose from {choices})",
    },
    "cli.error.unrecognized": {
        "zh": "无法识别的参数：{names}",
        "en": "unrecognized arguments: {names}",
    },
    "cli.error.one_value": {
        "zh": "参数 {argument}：需要一个值",
        "en": "argument {argument}: expected one argument",
    },
    "cli.error.bad_value": {
        "zh": "参数 {argument}：{value} 不是有效的{kind}",
        "en": "argument {argument}: invalid {kind} value: {value}",
    },
    "cli.error.kind.int": {"zh": "整数", "en": "int"},
    "cli.error.kind.float": {"zh": "数字", "en": "float"},
    "cli.error.other": {"zh": "用法有误：{error}", "en": "{error}"},
    "cli.exit_codes": {
        "zh": "退出码：0 达标（或已完成），1 已评估但未达标（或未实现目标），2 输入或用法有误，"
        "3 内部错误或插件错误（加 --debug 可看到调用栈）",
        "en": "exit codes: 0 pass (or done), 1 evaluated and not passing (or a target missed), "
        "2 invalid input or usage, 3 internal or plugin failure (add --debug for the traceback)",
    },
    "help.about": {
        "zh": "逐个政策层级评估县域是否达到义务教育优质均衡发展标准。",
        "en": "Assess a county against the standard for high-quality balanced compulsory "
        "education (县域义务教育优质均衡发展), layer by layer.",
    },
    "help.command": {"zh": "命令", "en": "COMMAND"},
    "help.version": {"zh": "显示版本号并退出", "en": "print the version and exit"},
    "help.debug": {
        "zh": "发生内部错误或插件错误（退出码 3）时，同时显示调用栈",
        "en": "on an internal or plugin failure (exit 3), print the traceback too",
    },
    "help.lang": {
        "zh": "输出语言：zh 中文（默认），en 英文；也可用环境变量 EDU_RULES_LANG",
        "en": "language of the output: zh Chinese (the default), en English; or set EDU_RULES_LANG",
    },
    "help.format": {"zh": "输出格式", "en": "output format"},
    "help.force": {"zh": "目标文件已存在时覆盖", "en": "overwrite the target if it exists"},
    "help.output": {
        "zh": "把报告写入文件，而不是输出到屏幕",
        "en": "write the report to FILE instead of standard output",
    },
    "help.jobs": {
        "zh": "并行的工作进程数（任何进程数结果都相同）",
        "en": "worker processes (the same result for any number)",
    },
    "help.block": {
        "zh": "不使用某个已安装的插件（可重复；需同时加 --unofficial），"
        "如 --block liuzhou --unofficial 只按国家和自治区两级评估",
        "en": "leave an installed plugin out (repeatable; needs --unofficial), "
        "e.g. --block liuzhou --unofficial for a national+provincial what-if",
    },
    "help.unofficial": {
        "zh": "确认去掉政策层级（--block，或 --allow-plugins 名单未包含的插件）后，"
        "结果不是正式评估；每个结果都会注明",
        "en": "accept that with a layer left out (--block, or an --allow-plugins list without "
        "it) the result is not an official assessment; every result then says which",
    },
    "help.allow_plugins": {
        "zh": "只加载这些发行包中的插件（可重复），如 --allow-plugins edu-rules-national",
        "en": "load only the plugins of these distributions (repeatable), "
        "e.g. --allow-plugins edu-rules-national",
    },
    "help.convert": {
        "zh": "在 JSON 与 Excel（.xlsx）之间转换县级数据",
        "en": "convert a county document between JSON and Excel (.xlsx)",
    },
    "help.convert.about": {
        "zh": "按文件后缀，在 JSON 与 Excel 工作簿之间双向转换县级数据；先检查数据，"
        "目标为“-”时输出 JSON 到屏幕。",
        "en": "Convert a county document between JSON and an Excel workbook, in either "
        "direction (by file suffix). The document is checked first; TARGET '-' prints JSON.",
    },
    "help.convert.source": {
        "zh": "县级数据：.json 或 .xlsx",
        "en": "county document: .json or .xlsx",
    },
    "help.convert.target": {
        "zh": "写入位置：.json、.xlsx，或“-”表示输出到屏幕",
        "en": "where to write: .json, .xlsx, or - for stdout",
    },
    "help.evaluate": {
        "zh": "评估县级数据，输出结论和未达标项",
        "en": "evaluate county documents and print the verdict and shortfalls",
    },
    "help.evaluate.about": {
        "zh": "按适用于各县级单位的全部政策层级评估县级数据（JSON，或由 edu-rules template "
        "生成的 Excel 工作簿）。",
        "en": "Evaluate county documents (JSON, or Excel workbooks from `edu-rules template`) "
        "through every policy layer that governs them.",
    },
    "help.evaluate.files": {
        "zh": "县级数据：.json 或 .xlsx 文件，或存放它们的文件夹",
        "en": "county document(s): .json or .xlsx, or a folder of them",
    },
    "help.evaluate.format": {
        "zh": "text 文本（默认）、json、markdown、html（独立网页，可按 A4 打印）"
        "或 xlsx（结果工作簿，需加 -o）",
        "en": "text (default), json, markdown, html (self-contained, prints on A4) "
        "or xlsx (the results workbook; needs -o)",
    },
    "help.evaluate.summary": {
        "zh": "只输出各单位的汇总表（每个单位一行）",
        "en": "print only the summary table of the units (one row per unit)",
    },
    "help.evaluate.sort": {
        "zh": "汇总表的排序：code 行政区划代码（默认）、verdict 结论（最差在前）"
        "或 shortfalls 未达标项数（最多在前）",
        "en": "order of the summary's rows: division code (default), verdict (worst first) "
        "or binding shortfalls (most first)",
    },
    "help.monitor": {
        "zh": "年度监测报告：各单位逐年情况及预计达标年度",
        "en": "the annual monitoring report: every unit year by year, and its projected readiness",
    },
    "help.monitor.about": {
        "zh": "按各年度当年的规则评估各年度的县级数据，报告每个单位的变化、逐年目标完成情况、"
        "各指标差异系数的逐年变化，以及按近年进度预计何时达标并与规划验收年度对照"
        "（是预测，不是评估结论）。",
        "en": "Judge each year's county documents by that year's rules and report every unit's "
        "course, the targets year by year, each indicator's CV over the years, and when "
        "each unit would meet the standard at its recent pace against its planned year "
        "(a projection, not a verdict).",
    },
    "help.paths": {
        "zh": "文件夹、JSON 文件（单个文档或数组）或 .xlsx",
        "en": "folder, JSON document or array, or .xlsx",
    },
    "help.monitor.from": {"zh": "起始年度", "en": "first year"},
    "help.monitor.to": {"zh": "截止年度", "en": "last year"},
    "help.monitor.no_remedies": {
        "zh": "不计算整改方案的补足量与成本（更快）",
        "en": "leave out the planner's remedies and their cost (faster)",
    },
    "help.plan": {
        "zh": "使县域达标所需的最少补充（教师、面积、设备、教室）",
        "en": "the least additions (teachers, m², equipment, rooms) that make a county pass",
    },
    "help.plan.about": {
        "zh": "按学校学段规划最少的整数补充量，使各校达到校际达标要求、各差异系数不超过限值；"
        "并列出其他需达到的数值，以及无法用数量替代的工作。",
        "en": "Plan the least whole-unit additions per school stage that meet the school rule "
        "and bring every coefficient of variation within its limit; list the other figures "
        "to reach and the actions no quantity can replace.",
    },
    "help.file": {"zh": "县级数据：.json 或 .xlsx", "en": "county document: .json or .xlsx"},
    "help.plan.apply_out": {
        "zh": "把按方案整改后的县级数据写入此文件",
        "en": "write the county document with the plan applied to this file",
    },
    "help.plan.cost": {
        "zh": (
            "某字段每补充一个单位的单价（如 sports_area_m2=800），或一个单价文件"
            "（JSON 对象，或每行一个 字段=元）；可重复"
        ),
        "en": (
            "price of one unit added to a field (e.g. sports_area_m2=800), or a file of "
            "prices (a JSON object, or one FIELD=YUAN a line); repeatable"
        ),
    },
    "help.plugins": {
        "zh": "列出已安装的政策层级（插件）",
        "en": "list the installed policy layers (plugins)",
    },
    "help.progress": {
        "zh": "批量评估县级数据，报告对照规划与目标的进度",
        "en": "evaluate a batch of county documents and report progress against plans and targets",
    },
    "help.progress.about": {
        "zh": "批量评估（县级数据文件夹、JSON 数组文件或单个文档），报告各单位的结论与规划进度，"
        "以及各项目标的完成情况。",
        "en": "Evaluate a batch (folders of county documents, JSON array files, or single "
        "documents) and report each unit's status and schedule, and each target's progress.",
    },
    "help.progress.year": {
        "zh": "报告年度：到该年度到期的目标决定退出码（默认：批量数据中最近的评估年度）",
        "en": "report year: targets due by then decide the exit code "
        "(default: the latest assessment year in the batch)",
    },
    "help.progress.target": {
        "zh": "只报告和检查这一项目标（可重复），如 liuzhou.target.2025",
        "en": "report and check only this target (repeatable), e.g. liuzhou.target.2025",
    },
    "help.schema": {
        "zh": "输出 JSON Schema（默认为县级数据的格式）",
        "en": "print a JSON Schema (the county document by default)",
    },
    "help.schema.which": {"zh": "哪一个格式", "en": "which schema"},
    "help.serve": {
        "zh": "运行网页服务：上传页面和 JSON API（需安装 edu-rules[web]）",
        "en": "run the web service: upload pages and the JSON API (needs edu-rules[web])",
    },
    "help.serve.about": {
        "zh": "提供上传页面（默认中文，?lang=en 为英文）和 /v1 下的 JSON API"
        "（说明见 /v1/openapi.json）；上传的内容不保存。",
        "en": "Serve the upload pages (Chinese by default, ?lang=en) and the JSON API under "
        "/v1 (described at /v1/openapi.json). Nothing uploaded is stored.",
    },
    "help.serve.host": {
        "zh": "监听地址（默认 127.0.0.1）",
        "en": "address to bind (default 127.0.0.1)",
    },
    "help.serve.port": {"zh": "端口（默认 8000）", "en": "port (default 8000)"},
    "help.serve.token": {
        "zh": "API 要求的共享令牌（Authorization: Bearer 令牌）；默认取环境变量 EDU_RULES_TOKEN，"
        "没有则不要求",
        "en": "shared token the API requires (Authorization: Bearer TOKEN); "
        "default: the EDU_RULES_TOKEN environment variable, else none",
    },
    "help.serve.max_upload": {
        "zh": "上传文件的上限（默认 32 MB）",
        "en": "largest upload (default 32)",
    },
    "help.serve.workers": {
        "zh": "评估工作进程数（默认 2）",
        "en": "evaluation worker processes (default 2)",
    },
    "help.serve.time_limit": {
        "zh": "单个请求评估的最长时间（默认 60 秒）",
        "en": "longest evaluation of one request (default 60)",
    },
    "help.serve.store": {
        "zh": "保存提交记录的数据库（如 sqlite:///edu-rules.db 或 postgresql://…）；"
        "不指定则不保存任何内容",
        "en": "the database keeping the record (sqlite:///edu-rules.db, postgresql://…); "
        "without it nothing is kept",
    },
    "help.store": {
        "zh": "管理提交记录数据库：初始化、令牌、单位、导出与导入",
        "en": "manage the record: set up, tokens, units, export and import",
    },
    "help.store.about": {
        "zh": "提交记录保存在数据库中（SQLite 或 PostgreSQL）。init 创建或升级数据表；"
        "token 生成县级、市级或省级令牌；unit 登记单位；export 把全部记录导出为文件；"
        "import 把导出的文件导入空数据库；verify 核验审计日志哈希链与文件哈希。"
        "需安装 edu-rules[store]。",
        "en": "The record lives in a database (SQLite or PostgreSQL). init creates or "
        "upgrades its tables; token issues county, city or province tokens; unit registers "
        "a unit; export writes the whole record as files; import reads them into an empty "
        "record; verify checks the audit log's hash chain and every file's hash. Needs "
        "edu-rules[store].",
    },
    "help.store.url": {
        "zh": "数据库地址（默认 sqlite:///edu-rules.db）",
        "en": "the database URL (default sqlite:///edu-rules.db)",
    },
    "help.store.action": {"zh": "操作", "en": "action"},
    "help.store.init": {"zh": "创建或升级数据表", "en": "create or upgrade the tables"},
    "help.store.token": {"zh": "生成令牌", "en": "issue a token"},
    "help.store.scope": {
        "zh": "令牌范围：county（本单位）、city（本市）、province（全省）",
        "en": "the token's reach: county (its unit), city (its units), province (all)",
    },
    "help.store.unit": {
        "zh": "单位代码（县级 6 位）或市代码前缀（市级 4 位）",
        "en": "a unit code (county, six digits) or a city prefix (four digits)",
    },
    "help.store.label": {"zh": "令牌名称（写入审计日志）", "en": "the token's name (in the log)"},
    "help.store.revoke": {"zh": "吊销令牌", "en": "revoke a token"},
    "help.store.tokens": {"zh": "列出令牌（不含密钥）", "en": "list the tokens (no secrets)"},
    "help.store.add_unit": {"zh": "登记单位", "en": "register a unit"},
    "help.store.name": {"zh": "单位名称", "en": "the unit's name"},
    "help.store.export": {"zh": "导出全部记录到目录", "en": "export the whole record to a folder"},
    "help.store.import": {
        "zh": "从导出目录导入到空数据库",
        "en": "import an export into an empty record",
    },
    "help.store.folder": {"zh": "目录", "en": "folder"},
    "help.store.verify": {
        "zh": "核验记录完整性：审计日志的哈希链与每个文件的 SHA-256（不符时退出码为 1）",
        "en": "check the record is whole: the audit log's hash chain and every file's SHA-256 "
        "(exit 1 when something does not hold)",
    },
    "help.template": {
        "zh": "生成空白 Excel 填报模板，用于填写县级数据",
        "en": "write an empty Excel workbook to fill in with a county's figures",
    },
    "help.template.about": {
        "zh": "生成县级填报工作簿：学校表（每个学校学段一行）、县级指标与质量监测结果表、"
        "中英文填报说明。填好后运行 edu-rules evaluate 文件.xlsx。需安装 edu-rules[excel]。",
        "en": "Write the county workbook: a sheet of schools (one row per school stage), a "
        "sheet of county figures and monitoring results, and instructions, in Chinese and "
        "English. Fill it in, then run `edu-rules evaluate FILE.xlsx`. Needs edu-rules[excel].",
    },
    "help.collect": {
        "zh": "把各校填报表和县级填报表汇总为一份县级数据",
        "en": "build the county document from the school forms and the county form",
    },
    "help.collect.about": {
        "zh": (
            "读取各校填报表（文件或文件夹）和县级填报表（均由 edu-rules template 生成），"
            "汇总为一份县级数据（.json 或 "
            ".xlsx）。所有文件的所有问题一次列出，指明文件、工作表和单元格：同一学校两份表、两份表数据不一致、其他县或其他年度的表、名单中的学校缺表、不是填报表的文件。"
        ),
        "en": (
            "Read the school forms (files or folders) and the county form, both from edu-rules "
            "template, into one county document (.json or .xlsx). Every problem in every file is "
            "listed at once, by file, sheet and cell: two forms for one school, figures "
            "differing between them, a form of another unit or year, a school of the roster "
            "without a form, a file that is not a form."
        ),
    },
    "help.collect.forms": {
        "zh": "学校填报表（.xlsx）或装有它们的文件夹",
        "en": "school forms (.xlsx), or folders of them",
    },
    "help.collect.county": {
        "zh": "县级填报表（edu-rules template --county）",
        "en": "the county form (edu-rules template --county)",
    },
    "help.collect.roster": {
        "zh": "学校名单文件（每行一个学校标识，或 JSON 列表）；不给出时用县级填报表中的名单",
        "en": (
            "a roster of school ids (one per line, or a JSON list); by default the county form's "
            "roster"
        ),
    },
    "help.collect.output": {
        "zh": "汇总结果的保存位置（.json 或 .xlsx）",
        "en": "where to write the county document (.json or .xlsx)",
    },
    "help.evaluate.county_form": {
        "zh": "县级填报表：给出时，FILE 为各校填报表（或其文件夹），先汇总再评估",
        "en": (
            "the county form: with it, the FILEs are school forms (or folders of them), "
            "collected and then evaluated"
        ),
    },
    "help.template.school": {
        "zh": (
            "学校填报表：FILE.xlsx 写一份空白表；与 --from 一起给出文件夹时，"
            "为该文档的每所学校写一份预填的表（以学校标识命名）"
        ),
        "en": (
            "a school form: FILE.xlsx writes one blank form; a folder with --from writes one "
            "prefilled form per school of that document, named by school id"
        ),
    },
    "help.template.county": {
        "zh": "县级填报表（县级指标、质量监测结果、学校名单），可用 --from 预填",
        "en": (
            "the county form (county items, monitoring results, the roster of schools), "
            "prefilled with --from"
        ),
    },
    "help.template.code": {
        "zh": "县级单位代码：模板包含适用于该单位的各层级自己的字段；不给出时只含国家字段",
        "en": (
            "the unit's code: the template has the own fields of exactly the layers governing "
            "it; without one, the national fields only"
        ),
    },
    "help.template.from": {
        "zh": "上一年度的县级数据（JSON 或工作簿），用于预填学校和数据",
        "en": "last year's county document (JSON or workbook), to prefill the schools and figures",
    },
    "template.nothing": {
        "zh": "请给出要写的文件：FILE.xlsx、--school 或 --county",
        "en": "say what to write: FILE.xlsx, --school or --county",
    },
    "template.bad_code": {
        "zh": "不是 6 位行政区划代码",
        "en": "is not a 6-digit division code",
    },
    "template.folder_needs_from": {
        "zh": (
            "为文件夹写学校填报表需要 --from（从哪份县级数据取学校）；写一份空白表请给出 .xlsx "
            "文件名"
        ),
        "en": (
            "a folder of school forms needs --from (the document whose schools they are); for "
            "one blank form give a .xlsx file name"
        ),
    },
    "template.wrote_forms": {
        "zh": "已在 {folder} 写入 {count} 份学校填报表",
        "en": "wrote {count} school forms in {folder}",
    },
    "help.template.output": {"zh": "工作簿的保存位置", "en": "where to write the workbook"},
    "help.whatif": {
        "zh": "修改县级数据中的数值，对比修改前后的结论",
        "en": "change figures in a county document and compare the verdicts",
    },
    "help.whatif.about": {
        "zh": "按 JSON 路径修改县级数据中的数值，分别评估修改前后，显示变化。",
        "en": "Set values at JSON paths of a county document, evaluate it before and after, "
        "and show what changed.",
    },
    "help.whatif.set": {
        "zh": "一项修改，如 guarantee.quota_allocation_pct=55；可重复",
        "en": "a change, e.g. guarantee.quota_allocation_pct=55; repeatable",
    },
    "help.whatif.out": {
        "zh": "把修改后的县级数据写入此文件",
        "en": "write the changed document here",
    },
    # failures of edu-rules itself or of a plugin (exit code 3)
    "cli.internal": {
        "zh": (
            "edu-rules {command}：内部错误（{error}），处理 {inputs} 时发生。{culprit}"
            "这不是数据的问题，而是 edu-rules 或插件的缺陷；加 --debug 重新运行可看到完整的调用栈，"
            "请附上它报告问题。"
        ),
        "en": (
            "edu-rules {command}: internal error ({error}) while working on {inputs}. {culprit}"
            "This is not a problem with the data but a defect in edu-rules or a plugin; run "
            "again with --debug for the traceback, and include it when you report the problem."
        ),
    },
    "cli.culprit": {
        "zh": "出错的代码位于插件模块 {module}（{where}）。",
        "en": "The failing code is in the plugin module {module} ({where}). ",
    },
    "cli.plugin_error": {
        "zh": "edu-rules {command}：插件错误：{error}",
        "en": "edu-rules {command}: plugin error: {error}",
    },
    "cli.plugin_hint": {
        "zh": "如需暂时绕过出错的插件，可加 --block 插件名 --unofficial（已安装的插件：{names}）；"
        "这样得到的结果不是正式评估。",
        "en": "To get round the failing plugin for now, add --block NAME --unofficial (installed "
        "plugins: {names}); the result is then not an official assessment.",
    },
    "plugins.foreign_citation": {
        "zh": "提示：插件 {plugin}（政策层 {layer}）有 {n} 条规则引用的是 {cited}，"
        "而不是本层的文件 {document}：{rules}。若插件是从模板复制的，请改写这些引用；"
        "若确实依据另一份文件，请把它列入 Layer 的 documents。此提示不影响任何评估结论。",
        "en": "warning: plugin {plugin} (layer {layer}): {n} rule(s) cite {cited}, not the "
        "layer's document {document}: {rules}. If the plugin was copied from the template, "
        "rewrite these citations; if they rest on another document on purpose, list it in the "
        "layer's documents. This changes no verdict.",
    },
    "label.school_rule_counts": {
        "zh": "{met} 项达标，要求至少 {at_least} 项",
        "en": "{met} indicators met, at least {at_least} required",
    },
    "label.floor_reason": {
        "zh": "，其中 {ids} 低于标准的{pct}%（不允许）",
        "en": ", {ids} below {pct}% of the standard (not allowed)",
    },
    "cli.memory": {"zh": "内存不足", "en": "out of memory"},
    "cli.recursion": {"zh": "递归过深", "en": "recursion too deep"},
    "cli.no_inputs": {"zh": "（无输入文件）", "en": "(no input file)"},
    "cli.interrupted": {"zh": "edu-rules：已中断", "en": "edu-rules: interrupted"},
    # the web service (edu_rules.web, edu-rules serve): the command
    "serve.needs_extra": {
        "zh": '网页服务需要安装 web 扩展：pip install "edu-rules[web]"',
        "en": 'the web service needs the web extra: pip install "edu-rules[web]"',
    },
    "serve.listening": {
        "zh": "网页服务：http://{host}:{port}/ （按 Ctrl+C 停止）",
        "en": "web service at http://{host}:{port}/ (Ctrl+C stops it)",
    },
    "serve.bad_setting": {
        "zh": "{option} 须为有限的正数（得到 {value}）",
        "en": "{option} must be a finite positive number (got {value})",
    },
    "serve.bad_port": {
        "zh": "--port 须为 1 到 65535 之间的整数（得到 {value}）",
        "en": "--port must be a whole number from 1 to 65535 (got {value})",
    },
    "serve.cannot_listen": {
        "zh": "无法在 {host}:{port} 上提供服务：地址无效或已被占用",
        "en": "cannot serve on {host}:{port}: the address is invalid or already in use",
    },
    # navigation
    "nav.home": {"zh": "上传评估", "en": "Evaluate"},
    "nav.batch": {"zh": "全市进度", "en": "City progress"},
    "nav.layers": {"zh": "政策层级", "en": "Policy layers"},
    "nav.template": {"zh": "下载空白填报表", "en": "Blank workbook"},
    "nav.api": {"zh": "接口说明（OpenAPI）", "en": "API (OpenAPI)"},
    "nav.other_language": {"zh": "English", "en": "中文"},
    "site.title": {
        "zh": "县域义务教育优质均衡发展评估",
        "en": "High-quality balanced compulsory education: assessment",
    },
    # the upload page
    "upload.heading": {
        "zh": "上传县级单位数据，查看评估结果",
        "en": "Upload a county's data, read the report",
    },
    "upload.intro": {
        "zh": (
            "先下载空白填报表（Excel），按说明填写后上传；也可上传 JSON 格式的县级数据文件。"
            "文件只在内存中处理，服务器不保存上传的文件；结果的下载在内存中保留 30 分钟。"
        ),
        "en": (
            "Download the blank workbook (Excel), fill it in as its instructions say and upload "
            "it; a county document in JSON works too. Files are handled in memory: the server "
            "keeps no file you upload, and the result's downloads for 30 minutes, in memory."
        ),
    },
    "upload.file": {"zh": "数据文件（.xlsx 或 .json）", "en": "Data file (.xlsx or .json)"},
    "upload.submit": {"zh": "评估", "en": "Evaluate"},
    "upload.limit": {"zh": "文件大小上限：{size}", "en": "Largest file accepted: {size}"},
    # the report page
    "report.downloads": {"zh": "下载结果", "en": "Download the result"},
    "report.json": {"zh": "JSON（结果文档）", "en": "JSON (result document)"},
    "report.markdown": {"zh": "Markdown 报告", "en": "Markdown report"},
    "report.xlsx": {"zh": "Excel 结果工作簿", "en": "Excel results workbook"},
    "report.html": {"zh": "HTML 报告（可打印）", "en": "HTML report (printable)"},
    "report.again": {"zh": "评估另一个文件", "en": "Evaluate another file"},
    # errors on pages
    "invalid.heading": {
        "zh": "文件有误，未能评估",
        "en": "The file has errors; nothing was evaluated",
    },
    "invalid.count": {
        "zh": "共 {n} 处问题，请改正后重新上传：",
        "en": "{n} problem(s); correct them and upload again:",
    },
    "invalid.where": {"zh": "位置", "en": "where"},
    "invalid.reason": {"zh": "问题", "en": "problem"},
    "invalid.document": {"zh": "（整个文件）", "en": "(document)"},
    # the batch page
    "batch.heading": {
        "zh": "全市（全区）进度：上传多个县级单位的文件",
        "en": "City or province progress: upload several units' files",
    },
    "batch.intro": {
        "zh": "可一次选择多个 .xlsx 或 .json 文件（JSON 文件也可以是多个县级单位的数组）。",
        "en": (
            "Choose several .xlsx or .json files at once (a JSON file may also hold an array "
            "of units)."
        ),
    },
    "batch.files": {"zh": "数据文件（可多选）", "en": "Data files (several)"},
    "batch.year": {
        "zh": "报告年度（留空＝批次中最晚的评估年度）",
        "en": "Report year (empty = the latest assessment year in the batch)",
    },
    "batch.submit": {"zh": "评估全部", "en": "Evaluate all"},
    "batch.result_heading": {
        "zh": "全市（全区）进度 · 报告年度 {year}",
        "en": "Progress · report year {year}",
    },
    "batch.units": {"zh": "各县级单位", "en": "Units"},
    "batch.targets": {"zh": "目标进度", "en": "Targets"},
    "batch.no_targets": {
        "zh": "适用的政策层级未设定目标。",
        "en": "No layer governing these units sets a target.",
    },
    "batch.code": {"zh": "代码", "en": "code"},
    "batch.name": {"zh": "名称", "en": "name"},
    "batch.assessment_year": {"zh": "评估年度", "en": "assessment year"},
    "batch.status": {"zh": "结论", "en": "verdict"},
    "batch.shortfalls": {"zh": "未达标项（影响结论）", "en": "shortfalls (binding)"},
    "batch.planned_year": {"zh": "规划年度", "en": "planned year"},
    "batch.schedule": {"zh": "进度", "en": "schedule"},
    "batch.target": {"zh": "目标", "en": "target"},
    "batch.reached": {"zh": "已认定", "en": "recognised"},
    "batch.required": {"zh": "要求", "en": "required"},
    "batch.by_year": {"zh": "期限", "en": "by"},
    "batch.met": {"zh": "是否达成", "en": "met"},
    "batch.due": {"zh": "是否到期", "en": "due"},
    "batch.citation": {"zh": "依据", "en": "citation"},
    "batch.counted": {"zh": "计入的单位", "en": "units counted"},
    "batch.notes": {"zh": "数据处理说明", "en": "Notes"},
    "batch.faults": {"zh": "插件错误", "en": "Plugin errors"},
    "batch.progress_json": {"zh": "进度（JSON）", "en": "Progress (JSON)"},
    "batch.report_html": {"zh": "各单位报告（HTML）", "en": "Every unit's report (HTML)"},
    "batch.report_markdown": {
        "zh": "各单位报告（Markdown）",
        "en": "Every unit's report (Markdown)",
    },
    # the layers page
    "layers.heading": {
        "zh": "已安装的政策层级及其文件",
        "en": "Installed policy layers and their documents",
    },
    "layers.level": {"zh": "级别", "en": "level"},
    "layers.name": {"zh": "名称", "en": "name"},
    "layers.jurisdiction": {"zh": "适用代码", "en": "codes"},
    "layers.document": {"zh": "文件", "en": "document"},
    "layers.citation": {"zh": "文号", "en": "number"},
    "layers.rules": {"zh": "规则数", "en": "rules"},
    "layers.overrides": {"zh": "调整上级规则", "en": "overrides"},
    "layers.package": {"zh": "插件包", "en": "package"},
    "layers.everywhere": {"zh": "全部", "en": "all"},
    # answers
    "error.too_large": {
        "zh": "上传内容超过上限 {size}",
        "en": "the upload is larger than the limit of {size}",
    },
    "error.bad_length": {
        "zh": "Content-Length 请求头不是有效的数字",
        "en": "the Content-Length header is not a number",
    },
    "error.token": {
        "zh": (
            "缺少或错误的访问令牌（接口：Authorization: Bearer 令牌；网页：用户名任意，密码为令牌）"
        ),
        "en": (
            "missing or wrong access token (the API: Authorization: Bearer TOKEN; "
            "the pages: any user name, the token as the password)"
        ),
    },
    "error.busy": {"zh": "服务器繁忙，请稍后重试", "en": "the server is busy; try again shortly"},
    "error.time_limit": {
        "zh": "评估超过时间上限 {seconds} 秒，未得出结论",
        "en": "the evaluation took longer than the limit of {seconds} s; no verdict was reached",
    },
    "error.internal": {
        "zh": "服务器内部错误，未得出结论（详情见服务器日志）",
        "en": "internal error; no verdict was reached (the server log has the details)",
    },
    "error.not_found": {"zh": "没有这个地址", "en": "no such address"},
    "error.download_gone": {
        "zh": "没有这个下载：下载只保留 30 分钟，请重新上传文件",
        "en": "no such download: downloads are kept for 30 minutes; upload the file again",
    },
    "error.method": {
        "zh": "此地址不接受该请求方法",
        "en": "this address does not take that method",
    },
    "error.no_file": {"zh": "请选择一个文件", "en": "choose a file"},
    "error.no_files": {"zh": "请至少选择一个文件", "en": "choose at least one file"},
    "error.empty": {"zh": "请求体为空", "en": "the request body is empty"},
    "error.form": {
        "zh": "无法读取上传的表单：{reason}",
        "en": "cannot read the uploaded form: {reason}",
    },
    "error.parameter": {
        "zh": "参数 {name} 无效：{reason}",
        "en": "parameter {name} is not valid: {reason}",
    },
    "error.whole_number": {"zh": "须为整数", "en": "must be a whole number"},
    "error.choose": {"zh": "须为 {choices} 之一", "en": "must be one of {choices}"},
    "error.envelope": {
        "zh": '须为县级数据文档（JSON 对象），放在 "county" 下',
        "en": 'must be a county document (a JSON object) under "county"',
    },
    "error.changes": {
        "zh": '须为对象，键为路径，如 {"guarantee.quota_allocation_pct": 55}',
        "en": 'must be an object of path: value, e.g. {"guarantee.quota_allocation_pct": 55}',
    },
    # the city or province summary (edu-rules evaluate on several units)
    "summary.title": {"zh": "县域义务教育优质均衡发展评估汇总", "en": "Summary of the assessment"},
    "summary.subtitle": {"zh": "{n} 个县级单位", "en": "{n} county-level units"},
    "summary.heading": {"zh": "汇总（{n} 个单位）", "en": "Summary ({n} units)"},
    "summary.table": {"zh": "各单位评估结果一览", "en": "Each unit at a glance"},
    "summary.units": {"zh": "单位数", "en": "units"},
    "summary.by_verdict": {"zh": "按结论统计", "en": "Units by verdict"},
    "summary.by_family": {"zh": "未达标项按类别", "en": "binding shortfalls by family"},
    "summary.open_items": {"zh": "无法评估 / 需人工核查", "en": "not evaluated / by hand"},
    "summary.worst_cv": {"zh": "最高差异系数（{stage}）", "en": "worst CV ({stage})"},
    "summary.cv_value": {
        "zh": "{item} {value}（限值 {limit}）",
        "en": "{item} {value} (limit {limit})",
    },
    "summary.cv_some_unknown": {"zh": "另有未知", "en": "some unknown"},
    "summary.schedule": {"zh": "规划进度", "en": "plan schedule"},
    "summary.schedule.ahead": {"zh": "提前达标", "en": "passed ahead of plan"},
    "summary.schedule.passed": {"zh": "已达标", "en": "passed"},
    "summary.schedule.on": {"zh": "未到规划年度", "en": "not yet due"},
    "summary.schedule.behind": {"zh": "进度滞后", "en": "behind plan"},
    "summary.schedule.no_plan": {"zh": "无规划年度", "en": "no planned year"},
    "summary.remarks": {"zh": "备注", "en": "remarks"},
    # edu-rules progress (edu_rules.cli.progress); schedule states are summary.schedule.*
    "progress.title": {"zh": "进度 · 报告年度 {year}", "en": "Progress · report year {year}"},
    "progress.units": {"zh": "各单位", "en": "Units"},
    "progress.col.code": {"zh": "代码", "en": "code"},
    "progress.col.name": {"zh": "名称", "en": "name"},
    "progress.col.year": {"zh": "年度", "en": "year"},
    "progress.col.status": {"zh": "结论", "en": "status"},
    "progress.col.planned": {"zh": "规划年度", "en": "planned"},
    "progress.col.schedule": {"zh": "进度", "en": "schedule"},
    "progress.due_this_year": {"zh": "{state}（今年到期）", "en": "{state} (due this year)"},
    "progress.behind_by": {"zh": "{state}（滞后 {years} 年）", "en": "{state} by {years} year(s)"},
    "progress.to_go": {"zh": "{state}（还有 {years} 年）", "en": "{state} ({years} year(s) to go)"},
    "progress.targets": {"zh": "目标", "en": "Targets"},
    "progress.no_targets": {
        "zh": "（适用于这些单位的政策层均未设定目标）",
        "en": "(no layer governing these units sets a target)",
    },
    "progress.met": {"zh": "已实现", "en": "met"},
    "progress.not_met": {"zh": "未实现", "en": "NOT MET"},
    "progress.due": {"zh": "已到期", "en": "due"},
    "progress.not_due": {"zh": "未到期", "en": "not yet due"},
    "progress.state": {"zh": "［{met}，{due}］", "en": "[{met}, {due}]"},
    "progress.reached": {
        "zh": "已认定 {reached}/{units}（{share}）；"
        "要求 {required_share}，即到 {year} 年 {required} 个",
        "en": "{reached}/{units} recognised ({share}); required {required_share} = {required} "
        "by {year}",
    },
    "progress.citation": {
        "zh": "依据：{citation}（{status}）",
        "en": "citation: {citation} ({status})",
    },
    "progress.counted": {"zh": "计入：{units}", "en": "counted: {units}"},
    "progress.counted_unit": {
        "zh": "{code} {name}（{basis} {year}）",
        "en": "{code} {name} ({basis} {year})",
    },
    "progress.basis.recognition_year": {"zh": "国家认定年度", "en": "recognised in"},
    "progress.basis.pass_verdict": {"zh": "评估达标", "en": "passed in"},
    "progress.missing": {
        "zh": "{n} 个单位不在这批数据中，按未认定计",
        "en": "{n} unit(s) not in the batch, counted as not recognised",
    },
    "progress.unknown_target": {
        "zh": "edu-rules：未知的 --target {names}；这批数据的目标有：{known}",
        "en": "edu-rules: unknown --target {names}; this batch has {known}",
    },
    "summary.unofficial": {
        "zh": "非正式评估（未应用：{names}）",
        "en": "not official ({names} left out)",
    },
    "summary.some_unofficial": {
        "zh": "注意：部分单位的评估去掉了政策层级，不是正式评估（见备注）。",
        "en": "Note: some units were assessed with a layer left out; those are not official "
        "assessments (see the remarks).",
    },
    "summary.faults": {"zh": "插件错误 {n} 项", "en": "{n} plugin errors"},
    "summary.not_applicable": {"zh": "不适用 {n} 项", "en": "{n} not applicable"},
    "summary.sorted": {"zh": "排序：{by}", "en": "Sorted by {by}"},
    "summary.sort.code": {"zh": "行政区划代码", "en": "division code"},
    "summary.sort.verdict": {"zh": "结论（最差在前）", "en": "verdict (worst first)"},
    "summary.sort.shortfalls": {
        "zh": "未达标项数（最多在前）",
        "en": "binding shortfalls (most first)",
    },
    "summary.chart_title": {
        "zh": "各单位未达标项（影响结论）按类别",
        "en": "Binding shortfalls of each unit, by family",
    },
    "summary.chart_caption": {
        "zh": "每个单位一条，按类别分色；条末为未达标项数和结论。",
        "en": "One bar per unit, coloured by family; the count and the verdict follow each bar.",
    },
    "summary.generated": {
        "zh": "由 edu-rules {version} 生成；各单位的详细报告：edu-rules evaluate"
        "（不加 --summary）。",
        "en": "Made by edu-rules {version}; each unit's full report: edu-rules evaluate "
        "without --summary.",
    },
    # the results workbook (edu-rules evaluate --format xlsx)
    "results.sheet.summary": {"zh": "汇总", "en": "Summary"},
    "results.sheet.shortfalls": {"zh": "未达标项", "en": "Shortfalls"},
    "results.sheet.schools": {"zh": "学校指标", "en": "School indicators"},
    "results.sheet.cv": {"zh": "差异系数", "en": "CV"},
    "results.sheet.not_evaluated": {"zh": "无法评估与人工核查", "en": "Not evaluated"},
    "results.code": {"zh": "代码", "en": "code"},
    "results.title": {"zh": "名称", "en": "name"},
    "results.comparator": {"zh": "比较", "en": "vs"},
    "results.unit": {"zh": "单位", "en": "unit"},
    "results.binding": {"zh": "影响结论", "en": "binding"},
    "results.sd": {"zh": "标准差", "en": "standard deviation"},
    "results.school_id": {"zh": "学校代码", "en": "school id"},
    "results.school_name": {"zh": "学校名称", "en": "school"},
    "results.school_rule": {"zh": "学校达标情况", "en": "school rule"},
    "results.schools_legend": {
        "zh": "每个学段一块：第一行为标准，第二行为标准的85%下限；"
        "绿色达标，黄色低于标准但不低于下限，红色低于下限，灰色数据未知。",
        "en": "One block per stage: the standard, then its 85% floor, then the schools; green "
        "meets the standard, amber is below it but not below the floor, red is below the "
        "floor, grey is unknown.",
    },
    "evaluate.reading": {"zh": "读取 ", "en": "reading "},
    "evaluate.evaluating": {"zh": "评估 ", "en": "evaluating "},
    "terminal.written": {
        "zh": "报告不在终端中显示，已写入 {path}（用 -o 文件名 可另选位置）",
        "en": (
            "the report is not shown on a terminal: it was written to {path} "
            "(-o FILE names another)"
        ),
    },
    "terminal.exists": {
        "zh": "报告不在终端中显示，而 {path} 已存在；请用 -o 文件名{suffix} 指定保存位置",
        "en": (
            "the report is not shown on a terminal and {path} exists: "
            "name a file with -o FILE{suffix}"
        ),
    },
    "terminal.refused": {
        "zh": "{fmt} 报告不在终端中显示；请用 -o 文件名{suffix} 指定保存位置",
        "en": "a {fmt} report is not shown on a terminal: name a file with -o FILE{suffix}",
    },
    "evaluate.bad_format": {
        "zh": "edu-rules：未知的 --format {fmt}；可选：{choices}",
        "en": "edu-rules: unknown --format {fmt}; choose from {choices}",
    },
    "evaluate.xlsx_needs_output": {
        "zh": "edu-rules：--format xlsx 生成 Excel 工作簿，请用 -o 文件名.xlsx 指定保存位置",
        "en": "edu-rules: --format xlsx writes a workbook: name it with -o FILE.xlsx",
    },
    "evaluate.bad_jobs": {
        "zh": "edu-rules：--jobs 至少为 1（收到 {jobs}）",
        "en": "edu-rules: --jobs must be at least 1 (got {jobs})",
    },
    "evaluate.summary_format": {
        "zh": "edu-rules：--summary 不能与 --format xlsx 同用（工作簿的第一张表就是汇总表）",
        "en": "edu-rules: --summary does not apply to --format xlsx (its first sheet is the "
        "summary)",
    },
    # the Excel workbook (sheet names are part of the workbook format: keep them stable)
    "xl.sheet.schools": {"zh": "学校", "en": "Schools"},
    "xl.sheet.county": {"zh": "县级指标", "en": "County"},
    "xl.sheet.help": {"zh": "说明", "en": "Instructions"},
    "xl.sheet.shared": {"zh": "全校共用", "en": "Shared"},
    "xl.section.general": {"zh": "基本信息", "en": "general"},
    "xl.col.stage": {
        "zh": "学段",
        "en": "stage: primary, junior, or empty for a special-education school without stages",
    },
    "xl.col.sheet": {"zh": "工作表", "en": "sheet"},
    "xl.col.item": {"zh": "指标", "en": "item"},
    "xl.col.field": {"zh": "字段", "en": "field"},
    "xl.col.value": {"zh": "数值", "en": "value"},
    "xl.col.unit": {"zh": "单位", "en": "unit"},
    "xl.col.allowed": {"zh": "允许值", "en": "allowed values"},
    "xl.col.description": {"zh": "说明", "en": "description"},
    "xl.kind.text": {"zh": "文本", "en": "text"},
    "xl.kind.integer": {"zh": "整数", "en": "whole number"},
    "xl.kind.number": {"zh": "数字", "en": "number"},
    "xl.allowed.boolean": {"zh": "是、否", "en": "yes (是), no (否)"},
    "xl.allowed.numbers": {
        "zh": "每间一个数，用“;”或“、”分隔，如 96;100.5；没有填“无”",
        "en": "one number per room, separated by ; or 、 (e.g. 96;100.5); 无 for none",
    },
    "xl.empty_is_unknown": {"zh": "空白＝未知（不是 0）", "en": "empty = unknown (not zero)"},
    "xl.required": {"zh": "必填", "en": "required"},
    "xl.unit.students": {"zh": "人", "en": "students"},
    "xl.unit.teachers": {"zh": "人", "en": "teachers"},
    "xl.unit.classes": {"zh": "个", "en": "classes"},
    "xl.unit.classrooms": {"zh": "间", "en": "classrooms"},
    "xl.unit.m²": {"zh": "平方米", "en": "m²"},
    "xl.unit.year": {"zh": "年份", "en": "year"},
    "xl.unit.percent, 0–100": {"zh": "%，0–100", "en": "percent, 0–100"},
    "xl.unit.ratio, e.g. 0.15": {"zh": "比率，如 0.15", "en": "ratio, e.g. 0.15"},
    "xl.unit.whole number 1–4": {"zh": "1–4 级", "en": "whole number 1–4"},
    "xl.unit.true/false": {"zh": "是/否", "en": "yes/no"},
    "xl.unit.true = happened": {"zh": "是＝发生", "en": "yes = happened"},
    "xl.unit.always 1": {"zh": "固定为 1", "en": "always 1"},
    "xl.help.title": {
        "zh": "县域义务教育优质均衡发展评估数据填报说明",
        "en": "How to fill in the county assessment workbook",
    },
    "xl.help.1": {
        "zh": (
            "1. “学校”表：每所学校的每个学段填一行。九年一贯制、"
            "十二年一贯制等一贯制学校填两行（小学一行、初中一行），"
            "学校信息在两行中重复填写且必须一致；没有学段的特殊教育学校填一行，“学段”留空。"
        ),
        "en": (
            "1. Schools sheet: one row per school stage. A through-school (nine-year, "
            "twelve-year) has two rows, a primary one and a junior one, with its school fields "
            "repeated (and equal) on both; a special-education school without stages has one row "
            "with the stage left empty."
        ),
    },
    "xl.help.2": {
        "zh": (
            "2. 第 1 行是中文列名（括号内为单位），第 2 行是英文字段名，程序按第 2 行识别各列，"
            "请勿修改第 2 行；数据从第 3 行开始填写。"
        ),
        "en": (
            "2. Row 1 holds the Chinese column names (units in brackets), row 2 the English field "
            "names, by which the columns are read: do not change row 2. Data starts on row 3."
        ),
    },
    "xl.help.3": {
        "zh": (
            "3. 空白单元格表示“未知”，不是 0；确实为 0 时请填写 0。数据未知的指标无法评估，"
            "结论至多为“数据不全”。"
        ),
        "en": (
            "3. An empty cell means unknown, not zero; write 0 for a real zero. An indicator with "
            "unknown data cannot be evaluated, and the verdict is then at best incomplete."
        ),
    },
    "xl.help.4": {
        "zh": (
            "4. 是/否项填写“是”或“否”；类型、办学性质、城乡属性、学段从下拉列表中选择。百分比填 "
            "0–100 之间的数（如 96.5）。"
        ),
        "en": (
            "4. Yes/no items take 是 (yes) or 否 (no); kind, ownership, area and stage come from "
            "the drop-down lists. Percentages are numbers from 0 to 100 (e.g. 96.5)."
        ),
    },
    "xl.help.5": {
        "zh": (
            "5. 音乐、美术专用教室面积：每间教室一个数，用“;”或“、”分隔，如 96;100.5；"
            "没有此类教室填“无”。"
        ),
        "en": (
            "5. Music and art rooms: one area per room, separated by ; or 、 (e.g. 96;100.5); "
            "write 无 if the school has none."
        ),
    },
    "xl.help.6": {
        "zh": (
            "6. “县级指标”表：在 C 列填写各字段的数值；右侧为国家义务教育质量监测结果，"
            "每个学科一行；没有监测结果填“无”。"
        ),
        "en": (
            "6. County sheet: fill in column C for each field; the table on the right holds the "
            "national quality-monitoring results, one row per subject (无 if there are none)."
        ),
    },
    "xl.help.7": {
        "zh": (
            "7. 评估：edu-rules evaluate county.xlsx；转换为 JSON：edu-rules convert county.xlsx "
            "county.json。出错时会指出工作表、单元格和原因。"
        ),
        "en": (
            "7. Evaluate with: edu-rules evaluate county.xlsx; convert to JSON with: edu-rules "
            "convert county.xlsx county.json. Errors name the sheet, the cell and the reason."
        ),
    },
    "xl.help.8": {
        "zh": (
            "8. "
            "“全校共用”表（可选）：一贯制学校、完全中学的全校合计数据（教师、校舍、设备，及高中学段在校生数）只填一次，每校一行，按学校标识对应“学校”表；由层级按加权学生数拆分到各学段，学段自己填写的数值优先。"
        ),
        "en": (
            "8. Shared sheet (optional): a through-school's or complete middle school's "
            "whole-school figures (teachers, rooms, equipment, and its senior pupils), given "
            "once, one row per school, matched to the Schools sheet by school id; a layer splits "
            "them between the stages by weighted pupils, and a stage's own figure wins."
        ),
    },
    # the workbook reader's own reasons (io/excel/read.py)
    "xl.cell.number": {
        "zh": "须为数字（填写的是 {got}）",
        "en": "must be a number (got {got})",
    },
    "xl.cell.number_or_empty": {
        "zh": "须为数字（填写的是 {got}）；未知请留空",
        "en": "must be a number (got {got}); leave the cell empty if it is unknown",
    },
    "xl.cell.date": {
        "zh": "须为数字，不能是日期或时间（填写的是 {got}）；请检查单元格格式",
        "en": "must be a number, not a date or time (got {got}); check the cell's format",
    },
    "xl.cell.out_of_range": {
        "zh": "超出范围：最多 {digits} 位数字，数量级在 1E-{exp} 与 1E+{exp} 之间"
        "（填写的是 {got}）",
        "en": "is out of range: at most {digits} digits and a magnitude between 1E-{exp} and "
        "1E+{exp} (got {got})",
    },
    "xl.cell.numbers": {
        "zh": "须为以 ; 或 、 分隔的数字（填写的是 {got}）",
        "en": "must be numbers separated by ; or 、 (got {got})",
    },
    "xl.cell.numbers_piece": {
        "zh": "须为以 ; 或 、 分隔的数字，没有则填 无"
        "（填写的是 {got}，其中 {piece} 不是可用的数字）",
        "en": "must be numbers separated by ; or 、, or 无 for none (got {got}: {piece} is not "
        "a number it can take)",
    },
    "xl.cell.boolean": {
        "zh": "须为 是 或 否（填写的是 {got}）；未知请留空",
        "en": "must be 是 or 否 (yes or no) (got {got}); leave it empty if unknown",
    },
    "xl.cell.choice": {
        "zh": "须为以下之一：{allowed}（填写的是 {got}）",
        "en": "must be one of: {allowed} (got {got})",
    },
    "xl.cell.text": {"zh": "须为文字（填写的是 {got}）", "en": "must be text (got {got})"},
    "xl.shared.twice": {
        "zh": "学校 {school} 的全校共用数据已在第 {row} 行填写，同一学校只填一行",
        "en": "school {school} already has its shared figures on row {row}: one row per school",
    },
    "xl.shared.no_school": {
        "zh": "“学校”表中没有标识为 {school} 的学校",
        "en": "the Schools sheet has no school with id {school}",
    },
    "form.sheet.school": {
        "zh": "学校填报",
        "en": "School form",
    },
    "form.sheet.roster": {
        "zh": "学校名单",
        "en": "Roster",
    },
    "form.col.category": {
        "zh": "类别",
        "en": "category",
    },
    "form.col.item": {
        "zh": "填报项目",
        "en": "item",
    },
    "form.col.unit": {
        "zh": "单位",
        "en": "unit",
    },
    "form.col.value": {
        "zh": "填报值",
        "en": "value",
    },
    "form.col.required": {
        "zh": "是否必填",
        "en": "required",
    },
    "form.col.description": {
        "zh": "说明",
        "en": "description",
    },
    "form.col.field": {
        "zh": "字段（程序据此读取，请勿修改）",
        "en": "field (read by it: do not change)",
    },
    "form.category.form": {
        "zh": "表头",
        "en": "form",
    },
    "form.category.school": {
        "zh": "学校",
        "en": "school",
    },
    "form.category.primary": {
        "zh": "小学学段",
        "en": "primary stage",
    },
    "form.category.junior": {
        "zh": "初中学段",
        "en": "junior stage",
    },
    "form.category.shared": {
        "zh": "全校共用",
        "en": "shared",
    },
    "form.required.yes": {
        "zh": "必填",
        "en": "required",
    },
    "form.required.stage": {
        "zh": "有该学段时必填",
        "en": "required when the school has the stage",
    },
    "form.required.no": {
        "zh": "选填（空白表示未知）",
        "en": "optional (empty is unknown)",
    },
    "form.not_a_form": {
        "zh": "不是学校填报表（没有“{sheet}”工作表）；请用 edu-rules template --school 生成",
        "en": (
            "not a school form (it has no sheet '{sheet}'); make forms with edu-rules template "
            "--school"
        ),
    },
    "form.not_a_county_form": {
        "zh": "不是县级填报表（没有“{sheet}”工作表）；请用 edu-rules template --county 生成",
        "en": (
            "not a county form (it has no sheet '{sheet}'); make it with edu-rules template "
            "--county"
        ),
    },
    "form.none": {
        "zh": "没有找到学校填报表（.xlsx）",
        "en": "no school form (.xlsx) was found",
    },
    "form.roster_missing": {
        "zh": "名单中的学校 {school} 没有填报表",
        "en": "school {school} of the roster has no form",
    },
    "form.not_in_roster": {
        "zh": "学校 {school} 不在名单中",
        "en": "school {school} is not on the roster",
    },
    "form.unit_missing": {
        "zh": "未填写：无法确认本表属于哪个县级单位和年度",
        "en": "not given: the form cannot be matched to its unit and year",
    },
    "form.other_unit": {
        "zh": "本表属于另一个县级单位（{got}），县级填报表 {county} 为 {expected}",
        "en": "the form is of another unit ({got}); the county form {county} says {expected}",
    },
    "form.other_year": {
        "zh": "本表属于另一个评估年度（{got}），县级填报表 {county} 为 {expected}",
        "en": "the form is of another year ({got}); the county form {county} says {expected}",
    },
    "form.same_school_twice": {
        "zh": "学校 {school} 已由 {other} 填报，同一学校只能提交一份",
        "en": "school {school} already has a form, {other}: one form per school",
    },
    "form.school_differs": {
        "zh": "学校 {school} 的两份填报表不一致：本表为 {value}，{other} 为 {other_value}",
        "en": "school {school}'s two forms differ: {value} here, {other_value} in {other}",
    },
    "form.collected": {
        "zh": "已汇总 {schools} 所学校，来自 {forms} 份学校填报表：{where}；县级填报表 {county}",
        "en": (
            "collected {schools} schools from {forms} school forms: {where}; county form {county}"
        ),
    },
    "form.is_school_form": {
        "zh": (
            "这是一所学校的填报表，不是县级工作簿：请用 edu-rules collect 表格… --county "
            "县级填报表.xlsx 汇总，或 edu-rules "
            "evaluate 表格… --county 县级填报表.xlsx 直接评估"
        ),
        "en": (
            "this is one school's form, not a county workbook: collect the forms with edu-rules "
            "collect FORMS... --county COUNTY_FORM.xlsx, or evaluate them with edu-rules "
            "evaluate FORMS... --county COUNTY_FORM.xlsx"
        ),
    },
    "xl.cell.formulas": {
        "zh": "{cells} 是公式，请粘贴为数值（公式单元格保存的计算结果无法核实，不予采用）",
        "en": (
            "{cells}: formulas; paste them as values (the value a formula cell was saved "
            "with cannot be verified, so it is never taken)"
        ),
    },
    "xl.book.unreadable": {
        "zh": "无法读取工作簿（{reason}）；是 .xlsx 文件吗？",
        "en": "cannot read the workbook ({reason}); is it an .xlsx file?",
    },
    "xl.sheet.unreadable": {
        "zh": "无法读取工作表（{reason}）；是 .xlsx 文件吗？",
        "en": "cannot read the sheet ({reason}); is it an .xlsx file?",
    },
    "xl.sheet.missing": {
        "zh": "缺少此工作表：工作簿须有“{schools}”和“{county}”两个工作表"
        "（可从 edu-rules template 开始）",
        "en": "the sheet is missing; the workbook must have the sheets '{schools}' and "
        "'{county}' (start from `edu-rules template`)",
    },
    "xl.hint": {"zh": "；是否应为“{hint}”？", "en": '; did you mean "{hint}"?'},
    "xl.column.unknown": {
        "zh": "未知的列“{name}”（第 2 行是英文字段名）{also}",
        "en": "unknown column '{name}' (row 2 holds the English field names){also}",
    },
    "xl.column.twice": {
        "zh": "列“{name}”出现了两次",
        "en": "the column '{name}' appears twice",
    },
    "xl.column.no_id": {
        "zh": "没有 id 列：每一行都需要填写学校的 id",
        "en": "has no id column: every row needs its school's id",
    },
    "xl.row.no_id": {
        "zh": "必填：每一行都需要填写学校的 id",
        "en": "is required: every row needs its school's id",
    },
    "xl.row.differs": {
        "zh": "{other} 与第 {row} 行（{value}）不一致：学校 {school} 的各行须填写相同的学校信息",
        "en": "{other} differs from row {row} ({value}): the rows of school {school} must "
        "agree on its school fields",
    },
    "xl.row.stage_empty": {
        "zh": "为空，但该行填写了学段数据（{names}）：请填写 小学（primary）或 初中（junior），"
        "无学段的学校请不要填写这些数据",
        "en": "is empty, but the row gives stage figures ({names}); write 小学 (primary) or "
        "初中 (junior), or leave the figures empty for a school without stages",
    },
    "xl.row.stage_twice": {
        "zh": "学校 {school} 已有一行“{stage}”（{name}，第 {row} 行）：每所学校每个学段一行",
        "en": "school {school} already has a {stage} ({name}) row (row {row}): one row per "
        "school stage",
    },
    "xl.county.no_field": {
        "zh": "有数值但没有字段名：B 列是每一行的字段名",
        "en": "a value without a field name: column B names the field of each row",
    },
    "xl.county.unknown": {
        "zh": "未知字段“{field}”{also}",
        "en": "unknown field '{field}'{also}",
    },
    "xl.county.twice": {
        "zh": "该字段填写了两次（另见第 {row} 行）",
        "en": "the field is given twice (also row {row})",
    },
    "xl.where.rest_reason": {"zh": "{rest}：{reason}", "en": "{rest}: {reason}"},
    # workbook locations and percent sanity
    "input.bands.total": {
        "zh": "各班额段的班级数合计 {total}，与本学段班级数 {classes} 不一致",
        "en": "the class-size bands add up to {total} classes, not the stage's {classes}",
    },
    "input.bands.largest": {
        "zh": "最大班额 {largest} 不在有班级的最高班额段（{low}–{high} 人）内",
        "en": (
            "the largest class, {largest}, is not in the highest band with a class ({low}–{high})"
        ),
    },
    "input.count.above": {
        "zh": "{part} 大于 {whole}（{value}）：部分不能多于整体",
        "en": "{part} is more than {whole} ({value}): a part cannot exceed its whole",
    },
    "input.count.no_denominator": {
        "zh": "{rule} 的分母计数为 0：无法由计数算出比例",
        "en": "{rule}'s denominator counts are 0: no rate can be computed from them",
    },
    "input.count.disagree": {
        "zh": "填报的比例 {given} 与计数算出的 {counted}（{parts}）不一致；请核对，或只填计数",
        "en": (
            "the percentage given, {given}, is not the {counted} its counts give ({parts}); "
            "check it, or give the counts alone"
        ),
    },
    "input.ratio.percent_slip": {
        "zh": "{value}：是否应为 {ratio}？比率请填 0–1 的小数（如 0.15），不是百分数",
        "en": (
            "{value}: did you mean {ratio}? A ratio is a fraction of one (0.15), not a percentage"
        ),
    },
    "input.pct.fraction_cell": {
        "zh": (
            "{value}%：是否应为 {percent}%？百分比请填 0–100 的数（{percent} 即 {percent}%），"
            "或把单元格设为百分比格式；确为 {value}% 时请填文本“{value}%”"
        ),
        "en": (
            "{value}%: did you mean {percent}%? Give percentages as 0–100 ({percent} for "
            "{percent}%), or format the cell as a percentage; if it really is {value}%, type "
            "the text “{value}%”"
        ),
    },
    "input.pct.fraction_document": {
        "zh": (
            "{value}%：是否应为 {percent}%？本文件的百分比（{fields} 项）都不超过 1，像是写成了"
            "小数；百分比请写 0–100 的数（{percent} 即 {percent}%）"
        ),
        "en": (
            "{value}%: did you mean {percent}%? Every percentage in this document ({fields} "
            "given) is at most 1, as if written as a fraction; give percentages as 0–100 "
            "({percent} for {percent}%)"
        ),
    },
    "input.xlsx.merged_cell": {
        "zh": (
            "是合并单元格的一部分（合并区域从 {origin} 开始），本格不能取该区域的值：学段数据和"
            "县级指标每行各填一格；请取消合并，在每行填写自己的值"
        ),
        "en": (
            "is part of cells merged from {origin}, whose value cannot stand for this cell: "
            "stage figures and county figures take one cell per row; unmerge the cells and "
            "fill in each row"
        ),
    },
    "xl.where.stage_row": {
        "zh": "“{stage}”学段行（{name}）",
        "en": "the {stage} ({name}) stage row",
    },
    # the county contract's fields in Chinese (the template's 说明 column)
    "xl.english": {"zh": "英文", "en": "English"},
    "field.school.id": {
        "zh": "学校的标识，在本文件内唯一",
        "en": "identifier of the school, unique within the document",
    },
    "field.school.name": {
        "zh": "学校的名称",
        "en": "name of the school",
    },
    "field.school.kind": {
        "zh": (
            "学校类型：小学、初中、九年一贯制学校、十二年一贯制学校、完全中学、教学点、特殊教育学校"
        ),
        "en": (
            "kind of school: primary 小学, junior 初中, nine_year 九年一贯制, twelve_year "
            "十二年一贯制, complete_middle 完全中学, teaching_point 教学点, "
            "special_education 特殊教育学校"
        ),
    },
    "field.school.ownership": {
        "zh": "办学性质：公办、民办",
        "en": "ownership: public 公办, private 民办",
    },
    "field.school.area": {
        "zh": "学校所在地的城乡属性：城区、镇区、乡村",
        "en": "where the school stands: urban 城区, town 镇区, rural 乡村",
    },
    "field.school.boarding": {
        "zh": "学校是否为寄宿制学校",
        "en": "whether the school is a boarding school",
    },
    "field.school.administered_by": {
        "zh": "管理学校的功能区，如柳东新区；由本县级单位自行管理的留空",
        "en": (
            "the functional zone that runs the school, e.g. 柳东新区; null when the unit "
            "itself runs it"
        ),
    },
    "field.school.public_funds_yuan": {
        "zh": "本年度拨付学校的公用经费；不超过 10¹²，远超任何真实学校",
        "en": (
            "public funds allocated to the school for the year; at most 10¹², far above any real "
            "school"
        ),
    },
    "field.school.training_funds_yuan": {
        "zh": "学校本年度用于教师培训的经费支出；不超过 10¹²，远超任何真实学校",
        "en": (
            "the school's spending on teacher training for the year; at most 10¹², far above any "
            "real school"
        ),
    },
    "field.school.music_rooms_m2": {
        "zh": "各间音乐专用教室的面积，每间填一个数；不超过 10,000,000（每间），远超任何真实学校",
        "en": (
            "floor area of each dedicated music room, one number per room; at most 10,000,000 "
            "per room, far above any real school"
        ),
    },
    "field.school.art_rooms_m2": {
        "zh": "各间美术专用教室的面积，每间填一个数；不超过 10,000,000（每间），远超任何真实学校",
        "en": (
            "floor area of each dedicated art room, one number per room; at most 10,000,000 per "
            "room, far above any real school"
        ),
    },
    "field.school.special_students": {
        "zh": "特殊教育学校的在校生数；不超过 100,000，远超任何真实学校",
        "en": "students of a special-education school; at most 100,000, far above any real school",
    },
    "field.school.build_year": {
        "zh": "建校（规划建设）年份；国家的过渡性规定和部分层级的标准据此区分新老学校",
        "en": (
            "the year the school was planned and built; the national concessions and some "
            "layers' standards depend on it"
        ),
    },
    "field.school.migrant_students": {
        "zh": "本校在校生中进城务工人员随迁子女的人数；不超过 100,000，远超任何真实学校",
        "en": (
            "pupils of the school who are children of migrant workers; at most 100,000, far "
            "above any real school"
        ),
    },
    "field.school.sponsor_type": {
        "zh": "举办者类型，按教育事业统计的代码填 1–10，其中 10 为民办",
        "en": (
            "who runs the school, as the education statistics code it: 1 to 10, 10 being 民办 "
            "(private)"
        ),
    },
    "field.stage.stage": {
        "zh": "学段：小学或初中；不分学段的特殊教育学校留空",
        "en": "stage: primary, junior, or empty for a special-education school without stages",
    },
    "field.stage.students": {
        "zh": "本学段的在校生数；不超过 100,000，远超任何真实学校",
        "en": "enrolment of this stage; at most 100,000, far above any real school",
    },
    "field.stage.classes": {
        "zh": "本学段的班级数；不超过 2,000，远超任何真实学校",
        "en": "number of classes of this stage; at most 2,000, far above any real school",
    },
    "field.stage.largest_class": {
        "zh": "本学段最大班级的学生数；不超过 1,000，远超任何真实学校",
        "en": (
            "students in the largest class of this stage; at most 1,000, far above any real school"
        ),
    },
    "field.stage.classes_up_to_45": {
        "zh": (
            "45 人及以下的班级数（教育统计的班额段）；各段都填写时，G5 "
            "在班额段能确定结论处据此评估（最大班额位于有班级的最高一段）；不超过 2,000"
        ),
        "en": (
            "classes of 45 pupils or fewer, a class-size band of the statistics; with every band "
            "given, G5 is judged from them where they decide it (the largest class lies in the "
            "highest band that has a class); at most 2,000"
        ),
    },
    "field.stage.classes_46_to_50": {
        "zh": (
            "46–50 人的班级数（教育统计的班额段）；各段都填写时，G5 "
            "在班额段能确定结论处据此评估（最大班额位于有班级的最高一段）；不超过 2,000"
        ),
        "en": (
            "classes of 46 to 50 pupils, a class-size band of the statistics; with every band "
            "given, G5 is judged from them where they decide it (the largest class lies in the "
            "highest band that has a class); at most 2,000"
        ),
    },
    "field.stage.classes_51_to_55": {
        "zh": (
            "51–55 人的班级数（教育统计的班额段）；各段都填写时，G5 "
            "在班额段能确定结论处据此评估（最大班额位于有班级的最高一段）；不超过 2,000"
        ),
        "en": (
            "classes of 51 to 55 pupils, a class-size band of the statistics; with every band "
            "given, G5 is judged from them where they decide it (the largest class lies in the "
            "highest band that has a class); at most 2,000"
        ),
    },
    "field.stage.classes_56_to_65": {
        "zh": (
            "56–65 人的班级数（教育统计的班额段）；各段都填写时，G5 "
            "在班额段能确定结论处据此评估（最大班额位于有班级的最高一段）；不超过 2,000"
        ),
        "en": (
            "classes of 56 to 65 pupils, a class-size band of the statistics; with every band "
            "given, G5 is judged from them where they decide it (the largest class lies in the "
            "highest band that has a class); at most 2,000"
        ),
    },
    "field.stage.classes_66_and_over": {
        "zh": (
            "66 人及以上的班级数（教育统计的班额段）；各段都填写时，G5 "
            "在班额段能确定结论处据此评估（最大班额位于有班级的最高一段）；不超过 2,000"
        ),
        "en": (
            "classes of 66 pupils or more, a class-size band of the statistics; with every band "
            "given, G5 is judged from them where they decide it (the largest class lies in the "
            "highest band that has a class); at most 2,000"
        ),
    },
    "field.stage.teachers_above_required_qualification": {
        "zh": (
            "学历高于规定学历的教师；L1 指标的分子，按每百名学生计；不超过 10,000，远超任何真实学校"
        ),
        "en": (
            "teachers whose qualification is above the required level; L1 numerator, per 100 "
            "students; at most 10,000, far above any real school"
        ),
    },
    "field.stage.key_teachers": {
        "zh": (
            "县级及以上认定的骨干教师；L2 指标的分子，按每百名学生计；不超过 10,000，"
            "远超任何真实学校"
        ),
        "en": (
            "key teachers recognised at county level or above; L2 numerator, per 100 students; "
            "at most 10,000, far above any real school"
        ),
    },
    "field.stage.pe_arts_teachers": {
        "zh": (
            "体育、艺术（音乐、美术及艺术（综合））专任教师；L3 指标的分子，按每百名学生计；不超过 "
            "10,000，远超任何真实学校"
        ),
        "en": (
            "full-time PE and arts teachers (music, art, and the integrated arts subject); L3 "
            "numerator, per 100 students; at most 10,000, far above any real school"
        ),
    },
    "field.stage.visiting_pe_arts_teachers": {
        "zh": (
            "在别处任职、到本学段走教的体育艺术教师数；不计入 pe_arts_teachers，是否计入 L3 "
            "由层级决定；不超过 10,000，远超任何真实学校"
        ),
        "en": (
            "PE and arts teachers who teach at this stage while employed elsewhere (走教); not in "
            "pe_arts_teachers, a layer may count them under L3; at most 10,000, far above any "
            "real school"
        ),
    },
    "field.stage.teaching_room_area_m2": {
        "zh": (
            "教学及辅助用房面积，不含室内体育用房（计入 L5）；L4 指标的分子，按生均计；不超过 10,"
            "000,000，远超任何真实学校"
        ),
        "en": (
            "floor area of teaching and teaching-support rooms, without indoor sports rooms "
            "(they count under L5); L4 numerator, per student; at most 10,000,000, far above any "
            "real school"
        ),
    },
    "field.stage.sports_area_m2": {
        "zh": "体育运动场馆面积；L5 指标的分子，按生均计；不超过 10,000,000，远超任何真实学校",
        "en": (
            "area of sports grounds and halls; L5 numerator, per student; at most 10,000,000, "
            "far above any real school"
        ),
    },
    "field.stage.own_sports_ground_m2": {
        "zh": (
            "学校自有运动场地面积，L5 体育运动场馆面积的组成部分之一（按填报表口径）；L5 仍读取 "
            "sports_area_m2；不超过 10,000,000，远超任何真实学校"
        ),
        "en": (
            "the school's own sports grounds, one component of the L5 figure as the forms report "
            "it; sports_area_m2 stays the figure L5 reads; at most 10,000,000, far above any "
            "real school"
        ),
    },
    "field.stage.gymnasium_m2": {
        "zh": (
            "体育馆及室内体育用房面积，L5 的组成部分之一（计入 L5，不计入 L4）；L5 仍读取 "
            "sports_area_m2；不超过 10,000,000，远超任何真实学校"
        ),
        "en": (
            "gymnasiums and indoor sports rooms, one component of the L5 figure (they count "
            "under L5, not L4); sports_area_m2 stays the figure L5 reads; at most 10,000,000, "
            "far above any real school"
        ),
    },
    "field.stage.converted_sports_space_m2": {
        "zh": (
            "屋顶、架空层等改造用于体育活动的场地面积，L5 的组成部分之一；L5 仍读取 "
            "sports_area_m2；不超过 10,000,000，远超任何真实学校"
        ),
        "en": (
            "roofs, corridors and other spaces converted for sports, one component of the L5 "
            "figure; sports_area_m2 stays the figure L5 reads; at most 10,000,000, far above any "
            "real school"
        ),
    },
    "field.stage.leased_sports_venue_m2": {
        "zh": (
            "学校就近租借或协议共享的体育场馆面积，L5 的组成部分之一；L5 仍读取 sports_area_m2；"
            "不超过 10,000,000，远超任何真实学校"
        ),
        "en": (
            "sports venues nearby that the school leases or shares by agreement, one component "
            "of the L5 figure; sports_area_m2 stays the figure L5 reads; at most 10,000,000, far "
            "above any real school"
        ),
    },
    "field.stage.equipment_value_yuan": {
        "zh": "教学仪器设备值；L6 指标的分子，按生均计；不超过 10¹²，远超任何真实学校",
        "en": (
            "value of teaching instruments and equipment; L6 numerator, per student; at most "
            "10¹², far above any real school"
        ),
    },
    "field.stage.multimedia_classrooms": {
        "zh": (
            "网络多媒体教室数；L7 指标的分子，按每百名学生计；不超过 10,000（每间），"
            "远超任何真实学校"
        ),
        "en": (
            "networked multimedia classrooms; L7 numerator, per 100 students; at most 10,000, "
            "far above any real school"
        ),
    },
    "field.schema_version": {
        "zh": "县级数据格式的版本",
        "en": "version of the county data contract",
    },
    "field.code": {
        "zh": "6 位行政区划代码，如 450202；没有代码的功能区使用与其一并评估的县级单位的代码",
        "en": (
            "6-digit administrative division code, e.g. 450202; a functional zone without "
            "one uses the code of the unit it is assessed with"
        ),
    },
    "field.name": {
        "zh": "县级单位的名称，如城中区",
        "en": "name of the county-level unit, e.g. 城中区",
    },
    "field.assessment_year": {
        "zh": "评估的年度，据此选用当年适用的规则",
        "en": "year of the assessment; selects the rules in force",
    },
    "field.basic_balance_year": {
        "zh": "通过国家义务教育基本均衡发展认定的年份",
        "en": "year of national basic-balance recognition",
    },
    "field.guarantee.teacher_avg_pay_yuan": {
        "zh": (
            "全县公办义务教育学校教师上一年度的年平均工资收入（G8）；不超过 10¹²，远超任何真实学校"
        ),
        "en": (
            "average annual pay of the county's public compulsory-education teachers in the "
            "previous year (G8); at most 10¹², far above any real school"
        ),
    },
    "field.guarantee.civil_servant_avg_pay_yuan": {
        "zh": "当地公务员年平均工资收入；不超过 10¹²，远超任何真实学校",
        "en": "average annual pay of local civil servants; at most 10¹², far above any real school",
    },
    "field.guarantee.performance_pay_fully_set": {
        "zh": "是否按规定足额核定教师绩效工资总量",
        "en": "whether teachers' total performance pay is set in full as required",
    },
    "field.guarantee.training_360h_completion_pct": {
        "zh": "5 年内完成 360 学时培训的教师所占比例",
        "en": "share of teachers who completed 360 training hours in five years",
    },
    "field.guarantee.rotation_eligible_teachers": {
        "zh": "本年度符合校际交流轮岗条件的教师数；不超过 1,000,000，远超任何真实学校",
        "en": (
            "teachers eligible for rotation between schools this year; at most 1,000,000, far "
            "above any real school"
        ),
    },
    "field.guarantee.rotated_teachers": {
        "zh": "本年度实际在校际交流轮岗的教师数；不超过 1,000,000，远超任何真实学校",
        "en": (
            "teachers actually rotated between schools this year; at most 1,000,000, far above "
            "any real school"
        ),
    },
    "field.guarantee.rotated_key_teachers": {
        "zh": "交流轮岗教师中的骨干教师数；不超过 1,000,000，远超任何真实学校",
        "en": (
            "key teachers among the rotated teachers; at most 1,000,000, far above any real school"
        ),
    },
    "field.guarantee.certified_teachers_pct": {
        "zh": "持有教师资格证书的专任教师所占比例",
        "en": "share of full-time teachers holding a teacher qualification certificate",
    },
    "field.guarantee.nearby_enrolment_primary_pct": {
        "zh": "城区和镇区公办小学新生中按就近划片入学的比例",
        "en": "share of urban and town public primary schools' entrants admitted by nearby zoning",
    },
    "field.guarantee.nearby_enrolment_junior_pct": {
        "zh": "城区和镇区公办初中新生中按就近划片入学的比例",
        "en": "share of urban and town public junior schools' entrants admitted by nearby zoning",
    },
    "field.guarantee.quota_allocation_pct": {
        "zh": "优质高中招生名额分配到初中学校的比例",
        "en": "share of quality senior-high admission places allocated to junior schools",
    },
    "field.guarantee.migrant_children_public_pct": {
        "zh": "符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例",
        "en": (
            "share of eligible migrant children in public schools or government-funded "
            "places in private schools"
        ),
    },
    "field.guarantee.funding_baseline_primary_yuan": {
        "zh": "本县执行的小学生均公用经费基准定额，用于 G6；不超过 10¹²，远超任何真实学校",
        "en": (
            "per-student public-funds baseline for primary schools in force in the county, used "
            "for G6; at most 10¹², far above any real school"
        ),
    },
    "field.guarantee.funding_baseline_junior_yuan": {
        "zh": "本县执行的初中生均公用经费基准定额，用于 G6；不超过 10¹²，远超任何真实学校",
        "en": (
            "per-student public-funds baseline for junior schools in force in the county, used "
            "for G6; at most 10¹², far above any real school"
        ),
    },
    "field.quality.junior_retention_pct": {
        "zh": "初中同一届学生三年后仍在校就读的比例",
        "en": "share of a junior cohort still enrolled after three years",
    },
    "field.quality.disabled_enrolment_pct": {
        "zh": "残疾儿童少年的入学率",
        "en": "enrolment rate of children and adolescents with disabilities",
    },
    "field.declared.G1": {
        "zh": "义务教育学校规划布局符合国家要求",
        "en": "school planning and layout meet national requirements",
    },
    "field.declared.G2": {
        "zh": "县级人民政府制定义务教育学校办学标准并落实",
        "en": "the county set school-running standards and enforces them",
    },
    "field.declared.G10": {
        "zh": "教育行政部门在核定的总量内统筹分配各校教职工编制和岗位",
        "en": (
            "the education bureau allocates staffing quotas and posts among schools within "
            "the approved totals"
        ),
    },
    "field.declared.G15": {
        "zh": "留守儿童关爱体系健全，即第（15）项的后半部分",
        "en": "a sound care system for left-behind children, the second half of item (15)",
    },
    "field.declared.Q3": {
        "zh": "所有学校制定章程，实现管理与教学信息化",
        "en": (
            "every school has a charter and runs management and teaching with information "
            "technology"
        ),
    },
    "field.declared.Q5": {
        "zh": "教师能熟练运用信息化手段组织教学，设施设备利用充分",
        "en": "teachers teach with information technology and equipment is well used",
    },
    "field.declared.Q6": {
        "zh": "所有学校德育工作、校园文化建设水平达到良好以上",
        "en": "moral education and school culture rated good or better in every school",
    },
    "field.declared.Q7": {
        "zh": "课程开齐开足，教学秩序规范，综合实践活动有效开展",
        "en": "the full curriculum is taught, teaching is orderly, practical activities take place",
    },
    "field.declared.Q8": {
        "zh": "无过重课业负担",
        "en": "no excessive homework burden",
    },
    "field.declared.monitoring_good": {
        "zh": (
            "县级单位自评：基本均衡发展认定后的年度监测持续保持较高水平（申报条件第(2)项）；"
            "规则 E2 始终读取此项，分学科质量监测结果不能代替它"
        ),
        "en": (
            "the annual monitoring since basic-balance recognition has stayed at a good level, "
            "as the county declares it: eligibility condition (2), which rule E2 always reads "
            "(per-subject quality-monitoring results do not replace it)"
        ),
    },
    "field.social_recognition_pct": {
        "zh": "受调查者对本县义务教育满意的比例",
        "en": "share of surveyed people satisfied with compulsory education in the county",
    },
    "field.vetoes.exam_admission": {
        "zh": "学校以考试方式招生",
        "en": "schools admitted pupils by examination",
    },
    "field.vetoes.school_choice_violation": {
        "zh": "违规择校行为突出",
        "en": "widespread irregular school choice",
    },
    "field.vetoes.key_schools_or_classes": {
        "zh": "存在重点学校或重点班",
        "en": "key schools or key classes exist",
    },
    "field.vetoes.staffing_vacancies": {
        "zh": "有空编不补，或长期聘用编外教师",
        "en": (
            "vacant posts left unfilled or teachers employed long-term outside the staffing quota"
        ),
    },
    "field.vetoes.major_safety_incident": {
        "zh": "发生教育系统负有责任的重大安全事故",
        "en": "a major safety incident for which the education system was responsible",
    },
    "field.vetoes.falsified_data": {
        "zh": "数据或材料弄虚作假",
        "en": "data or materials were falsified",
    },
    "field.procedure.municipal_review_passed": {
        "zh": "已通过市级复核",
        "en": "the municipal review was passed",
    },
    "field.procedure.provincial_assessment_passed": {
        "zh": "已通过省级评估",
        "en": "the provincial assessment was passed",
    },
    "field.procedure.national_recognition_year": {
        "zh": "通过国家义务教育优质均衡发展认定的年份",
        "en": "year of national recognition of high-quality balance",
    },
    "field.monitoring.subject": {
        "zh": "监测的学科，如数学",
        "en": "the monitored subject, e.g. 数学",
    },
    "field.monitoring.level": {
        "zh": "学生在该学科的学业水平等级，Ⅰ–Ⅳ级",
        "en": "students' achievement level in the subject, Ⅰ–Ⅳ",
    },
    "field.monitoring.difference_rate": {
        "zh": "该学科的校际差异率；不超过 1：大于 1 的数是误填的百分数（15 应为 0.15），不予接受",
        "en": (
            "between-school difference rate of the subject; at most 1: a number above 1 is a "
            "percentage typed by mistake (15 for 0.15) and is refused"
        ),
    },
    "field.shared.teachers_above_required_qualification": {
        "zh": (
            "全校合计（贯通学校只填一次，由层级按加权学生数拆分到各学段；学段自填的数值优先）："
            "学历高于规定学历的教师；L1 指标的分子，按每百名学生计；不超过 "
            "10,000，远超任何真实学校"
        ),
        "en": (
            "teachers whose qualification is above the required level; L1 numerator, per 100 "
            "students; at most 10,000, far above any real school"
        ),
    },
    "field.shared.key_teachers": {
        "zh": (
            "全校合计（贯通学校只填一次，由层级按加权学生数拆分到各学段；学段自填的数值优先）："
            "县级及以上认定的骨干教师；L2 指标的分子，按每百名学生计；不超过 "
            "10,000，远超任何真实学校"
        ),
        "en": (
            "key teachers recognised at county level or above; L2 numerator, per 100 students; "
            "at most 10,000, far above any real school"
        ),
    },
    "field.shared.pe_arts_teachers": {
        "zh": (
            "全校合计（贯通学校只填一次，由层级按加权学生数拆分到各学段；学段自填的数值优先）："
            "体育、艺术（音乐、美术及艺术（综合））专任教师；L3 "
            "指标的分子，按每百名学生计；不超过 10,000，远超任何真实学校"
        ),
        "en": (
            "full-time PE and arts teachers (music, art, and the integrated arts subject); L3 "
            "numerator, per 100 students; at most 10,000, far above any real school"
        ),
    },
    "field.shared.teaching_room_area_m2": {
        "zh": (
            "全校合计（贯通学校只填一次，由层级按加权学生数拆分到各学段；学段自填的数值优先）："
            "教学及辅助用房面积，不含室内体育用房（计入 L5）；L4 "
            "指标的分子，按生均计；不超过 10,000,000，远超任何真实学校"
        ),
        "en": (
            "floor area of teaching and teaching-support rooms, without indoor sports rooms "
            "(they count under L5); L4 numerator, per student; at most 10,000,000, far above any "
            "real school"
        ),
    },
    "field.shared.sports_area_m2": {
        "zh": (
            "全校合计（贯通学校只填一次，由层级按加权学生数拆分到各学段；学段自填的数值优先）："
            "体育运动场馆面积；L5 指标的分子，按生均计；不超过 "
            "10,000,000，远超任何真实学校"
        ),
        "en": (
            "area of sports grounds and halls; L5 numerator, per student; at most 10,000,000, "
            "far above any real school"
        ),
    },
    "field.shared.equipment_value_yuan": {
        "zh": (
            "全校合计（贯通学校只填一次，由层级按加权学生数拆分到各学段；学段自填的数值优先）："
            "教学仪器设备值；L6 指标的分子，按生均计；不超过 10¹²，远超任何真实学校"
        ),
        "en": (
            "value of teaching instruments and equipment; L6 numerator, per student; at most "
            "10¹², far above any real school"
        ),
    },
    "field.shared.multimedia_classrooms": {
        "zh": (
            "全校合计（贯通学校只填一次，由层级按加权学生数拆分到各学段；学段自填的数值优先）："
            "网络多媒体教室数；L7 指标的分子，按每百名学生计；不超过 "
            "10,000（每间），远超任何真实学校"
        ),
        "en": (
            "networked multimedia classrooms; L7 numerator, per 100 students; at most 10,000, "
            "far above any real school"
        ),
    },
    "field.shared.senior_students": {
        "zh": (
            "完全中学、十二年一贯制学校高中学段的在校生数，用于按层级权重拆分全校共用数据；不超过 "
            "100,000，远超任何真实学校"
        ),
        "en": (
            "students of the school's senior-secondary part, for splitting a complete middle or "
            "twelve-year school's shared figures; at most 100,000, far above any real school"
        ),
    },
    "field.guarantee.training_360h_completed_teachers": {
        "zh": "完成 5 年 360 学时培训的教师数：G9 的分子，比例由计数精确算出；不超过 1,000,000",
        "en": (
            "teachers who completed 360 training hours in five years: G9's numerator, the rate "
            "then computed exactly from the counts; at most 1,000,000"
        ),
    },
    "field.guarantee.training_360h_teachers": {
        "zh": "G9 统计的教师总数：G9 的分母；不超过 1,000,000",
        "en": "all teachers G9 counts: its denominator; at most 1,000,000",
    },
    "field.guarantee.certified_teachers": {
        "zh": "持有教师资格证的专任教师数：G12 的分子，比例由计数精确算出；不超过 1,000,000",
        "en": (
            "full-time teachers holding a teacher qualification certificate: G12's numerator, "
            "the rate then computed exactly from the counts; at most 1,000,000"
        ),
    },
    "field.guarantee.full_time_teachers": {
        "zh": "专任教师总数：G12 的分母；不超过 1,000,000",
        "en": "all full-time teachers: G12's denominator; at most 1,000,000",
    },
    "field.guarantee.quota_allocated_places": {
        "zh": "分配到初中的优质高中招生名额：G14 的分子，比例由计数精确算出；不超过 1,000,000",
        "en": (
            "quality senior-high admission places allocated to junior schools: G14's numerator, "
            "the rate then computed exactly from the counts; at most 1,000,000"
        ),
    },
    "field.guarantee.quality_senior_places": {
        "zh": "优质高中招生计划总数：G14 的分母；不超过 1,000,000",
        "en": (
            "all admission places of the quality senior-high schools: G14's denominator; at most "
            "1,000,000"
        ),
    },
    "field.guarantee.quota_allocated_rural_places": {
        "zh": "分配名额中分配到农村初中的名额（G14 要求向农村初中倾斜）；不超过 1,000,000",
        "en": (
            "of the allocated places, those allocated to rural junior schools (the share G14 "
            "asks to lean towards them); at most 1,000,000"
        ),
    },
    "field.guarantee.migrant_children_public_places": {
        "zh": (
            "在公办学校和政府购买服务的民办学校就读的符合条件的随迁子女数：G15 的分子，"
            "比例由计数精确算出；不超过 10,000,000"
        ),
        "en": (
            "eligible migrant children in public schools or government-funded places in private "
            "schools: G15's numerator, the rate then computed exactly from the counts; at most "
            "10,000,000"
        ),
    },
    "field.guarantee.migrant_children_eligible": {
        "zh": "符合条件的随迁子女总数：G15 的分母；不超过 10,000,000",
        "en": "all eligible migrant children: G15's denominator; at most 10,000,000",
    },
    "field.quality.junior_retention_retained": {
        "zh": (
            "按初中三年巩固率公式计算的、初中毕业时仍在校的该届学生数：Q1 的分子，"
            "比例由计数精确算出；不超过 10,000,000"
        ),
        "en": (
            "the cohort still enrolled at the end of junior school, as the three-year retention "
            "formula counts it: Q1's numerator, the rate then computed exactly from the counts; "
            "at most 10,000,000"
        ),
    },
    "field.quality.junior_retention_cohort": {
        "zh": "按公式计算的该届学生三年前入学时的人数：Q1 的分母；不超过 10,000,000",
        "en": (
            "the same cohort at its junior-school entry three years before, as the formula "
            "counts it: Q1's denominator; at most 10,000,000"
        ),
    },
    "field.quality.disabled_children_enrolled": {
        "zh": "已入学的残疾儿童少年数：Q2 的分子，比例由计数精确算出；不超过 10,000,000",
        "en": (
            "children and adolescents with disabilities who are enrolled: Q2's numerator, the "
            "rate then computed exactly from the counts; at most 10,000,000"
        ),
    },
    "field.quality.disabled_children": {
        "zh": "义务教育阶段适龄残疾儿童少年总数：Q2 的分母；不超过 10,000,000",
        "en": (
            "all children and adolescents with disabilities of compulsory-education age: Q2's "
            "denominator; at most 10,000,000"
        ),
    },
    "field.social_survey.valid_questionnaires": {
        "zh": "社会认可度调查的有效问卷数；不超过 10,000,000",
        "en": "valid questionnaires of the survey; at most 10,000,000",
    },
    "field.social_survey.satisfied_questionnaires": {
        "zh": "有效问卷中表示满意的问卷数；不超过 10,000,000",
        "en": "valid questionnaires that say satisfied; at most 10,000,000",
    },
    "field.social_survey.parent_questionnaires": {
        "zh": "有效问卷中家长问卷数（小计）；不超过 10,000,000",
        "en": "of the valid questionnaires, those of parents (a subtotal); at most 10,000,000",
    },
    "field.social_survey.parent_satisfied_questionnaires": {
        "zh": "家长问卷中表示满意的问卷数（小计）；不超过 10,000,000",
        "en": (
            "of the parents' questionnaires, those that say satisfied (a subtotal); at most "
            "10,000,000"
        ),
    },
    "field.social_survey.field_visits": {
        "zh": "实地走访询问的人数；不超过 10,000,000",
        "en": "people asked in field visits; at most 10,000,000",
    },
    "field.social_survey.satisfied_field_visits": {
        "zh": "实地走访中表示满意的人数；不超过 10,000,000",
        "en": "people asked in field visits who said satisfied; at most 10,000,000",
    },
}


LOOKED_UP_BY_VALUE: Mapping[str, str] = {
    "status.": "a verdict (model.result.Status)",
    "verdict.": "a verdict, as a sentence",
    "outcome.": "a finding's outcome (model.result.Outcome)",
    "family.": "a rule family (engine.FAMILY_ORDER)",
    "level.": "a layer's level (model.layers.Level)",
    "stage.": "a school stage (model.county.STAGE_NAMES)",
    "role.": "a document's part in a rule (reports._model.ROLES)",
    "source.": "a rule's source status, or the name edu-rules gives an input",
    "unit.": "an indicator's unit, as a rule states it",
    "remedy.": "a remedy's unit",
    "summary.schedule.": "a unit's schedule (model.targets.ScheduleState)",
    "summary.sort.": "an order of the summary (reports.summary.SORTS)",
    "monitor.state.": "a unit's readiness (monitoring.ReadinessState)",
    "monitor.reason.": "why a gap cannot be projected",
    "monitor.change.": "how a finding changed from one year to the next",
    "monitor.kind.": "a kind of resource (planner.costs.RESOURCE_KINDS)",
    "plan.reason.": "why an addition stops where it does",
    "plan.what.": "what an action of a plan asks",
    "progress.basis.": "why a unit counts towards a target",
    "results.sheet.": "a sheet of the results workbook",
    "cli.error.kind.": "the kind of argument argparse refused",
    "input.": "a JSON Schema keyword a value breaks (io.validation)",
    "input.type.": "a JSON type a value should have",
    "field.": "a county-contract field, by its path (the template's 说明)",
    "xl.col.": "a column of the workbook's help sheet",
    "form.col.": "a column of a school or county form (io.excel.forms)",
    "form.category.": "a category of a form's items (io.excel.forms)",
    "xl.help.": "a step of the workbook's instructions",
    "xl.kind.": "the kind of value a workbook column takes",
    "xl.unit.": "a workbook column's unit",
    "store.bad_unit.": "a token's scope whose unit code is wrong",
    "store.bad_content.": "what an imported record lacks",
    "record.scope.": "a token's scope (county, city, province)",
    "record.state.": "the state of a unit's year in the record",
    "record.reason.": "why a result was stored",
    "record.action.": "an action of the record's audit log",
}
"""The families of keys looked up by a value known only at run time, with what keys them.

Every other key is written out where it is used, so that a test finds a key used but
missing from :data:`MESSAGES`, or present but used nowhere; a key built from a value
must belong to one of these families (the test checks that too, and that the closed
families name every value of their enumeration).
"""


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


@attrs.frozen
class Text:
    """A catalogue message not yet spelled: its key and values, said in a language when shown.

    A value that is itself a :class:`Text` is spelled in the same language.
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def spell(self, lang: str = "zh") -> str:
        """The message in ``lang``."""
        values = {
            name: value.spell(lang) if isinstance(value, Text | Joined) else value
            for name, value in self.values
        }
        return message(self.key, lang, **values)


def text(key: str, **values: object) -> Text:
    """The message ``key`` with ``values``, to be spelled later (see :class:`Text`)."""
    return Text(key, tuple(values.items()))


@attrs.frozen
class Joined:
    """Messages listed in a language: ``、`` between them in Chinese, ``, `` in English."""

    items: tuple[Text | str, ...]

    def spell(self, lang: str = "zh") -> str:
        """The items in ``lang``, joined by the language's list separator."""
        spelled = (item.spell(lang) if isinstance(item, Text) else item for item in self.items)
        return message("list.separator", lang).join(spelled)

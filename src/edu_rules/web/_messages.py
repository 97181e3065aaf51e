"""Every string the web service shows a person, in Chinese and English, keyed by id.

The reports' own labels (verdicts, statuses, stages) stay in the core catalogue,
:mod:`edu_rules._messages`; this one holds what only the web pages and the API's
own errors say.  ``text(key, lang)`` falls back to the English text, then the key.
"""

from __future__ import annotations

from collections.abc import Mapping

from edu_rules._messages import MESSAGES as CORE

MESSAGES: Mapping[str, Mapping[str, str]] = {
    # the command
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
            "文件只在内存中处理，服务器不保存任何上传内容。"
        ),
        "en": (
            "Download the blank workbook (Excel), fill it in as its instructions say and upload "
            "it; a county document in JSON works too. Files are handled in memory: the server "
            "keeps nothing you upload."
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
    "batch.shortfalls": {"zh": "未达标项", "en": "shortfalls"},
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
    "schedule.ahead": {"zh": "提前完成", "en": "ahead"},
    "schedule.passed": {"zh": "已完成", "en": "passed"},
    "schedule.on": {"zh": "按计划推进（还有 {years} 年）", "en": "on plan ({years} years to go)"},
    "schedule.behind": {"zh": "落后于规划", "en": "behind plan"},
    "schedule.no_plan": {"zh": "无规划年度", "en": "no plan"},
    "basis.recognition_year": {"zh": "已获国家认定", "en": "recognised"},
    "basis.pass_verdict": {"zh": "本次评估达标", "en": "pass verdict"},
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
        "zh": "缺少或错误的访问令牌（Authorization: Bearer …）",
        "en": "missing or wrong access token (Authorization: Bearer …)",
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
}


def text(key: str, lang: str = "zh", **values: object) -> str:
    """The text for ``key`` in ``lang``, from this catalogue or the core one, formatted."""
    entry = MESSAGES.get(key) or CORE.get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry.get("en") or key
    return template.format(**values) if values else template


def size(count: int) -> str:
    """A byte count for people: ``32 MiB``, ``1.5 KiB``, ``100 B`` (the same in both languages)."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            value = count / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{count} B"

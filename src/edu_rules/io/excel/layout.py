"""The workbook's layout: its sheets and its columns, taken from the county schema."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from edu_rules._messages import MESSAGES, message, text
from edu_rules._resources import load_schema
from edu_rules._text import has_cjk
from edu_rules.model.county import STAGE_NAMES
from edu_rules.model.datafields import DataField, DataFields
from edu_rules.model.errors import EduRulesError

if TYPE_CHECKING:
    from edu_rules.plugins import Registry
SCHOOLS_SHEET: Final = f"{message('xl.sheet.schools', 'zh')} {message('xl.sheet.schools', 'en')}"
"""The sheet of schools, one row per school stage."""
COUNTY_SHEET: Final = f"{message('xl.sheet.county', 'zh')} {message('xl.sheet.county', 'en')}"
"""The sheet of county figures (field/value rows) and monitoring results."""
SHARED_SHEET: Final = f"{message('xl.sheet.shared', 'zh')} {message('xl.sheet.shared', 'en')}"
"""The sheet of a through-school's whole-school figures (``shared``), one row per school."""
HELP_SHEET: Final = f"{message('xl.sheet.help', 'zh')} {message('xl.sheet.help', 'en')}"
"""The instruction sheet."""

SCHOOL_FORM_SHEET: Final = (
    f"{message('form.sheet.school', 'zh')} {message('form.sheet.school', 'en')}"
)
"""The one sheet of a school's form (:mod:`edu_rules.io.excel.forms`): an item per row."""
ROSTER_SHEET: Final = f"{message('form.sheet.roster', 'zh')} {message('form.sheet.roster', 'en')}"
"""The county form's list of the unit's schools (id, name), in report order."""

FIRST_DATA_ROW: Final = 3
"""Rows 1 and 2 are the Chinese and English headers."""


_DESCRIPTION: Final = re.compile(r"^(?P<zh>.*?) — (?P<en>.*?)(?: \((?P<unit>[^()]*)\))?$")


class ExcelSupportMissingError(EduRulesError, ImportError):
    """openpyxl is not installed; ``pip install edu-rules[excel]`` adds it."""


def openpyxl_module() -> Any:
    """openpyxl, or :class:`ExcelSupportMissingError` saying how to install it."""
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - exercised by a test that hides it
        raise ExcelSupportMissingError.about(text("input.needs_excel")) from error
    return openpyxl


# --------------------------------------------------------------------------- columns


@attrs.frozen
class Column:
    """One field of the county contract as a workbook column (or a row of the county sheet)."""

    field: str
    level: str  # "school" | "stage" | "county" | "monitoring"
    kind: str  # "text" | "integer" | "number" | "boolean" | "enum" | "numbers"
    zh: str
    en: str
    unit: str | None
    required: bool
    choices: tuple[tuple[str, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def key(self) -> str:
        """The last part of the field: the key inside its object.

        For a plugin data field, its layer and name (``capital.build_year``).
        """
        if self.extra:
            return self.field.rsplit(".", 2)[-2] + "." + self.field.rsplit(".", 1)[-1]
        return self.field.rsplit(".", 1)[-1]

    @property
    def extra(self) -> bool:
        """A plugin data field, ``extra.<layer>.<field>`` (:mod:`edu_rules.model.datafields`)."""
        return self.field.startswith("extra.")

    @property
    def percent(self) -> bool:
        """A 0–100 percentage (``*_pct``), which Excel may hold as a fraction."""
        return self.field.endswith("_pct")

    @property
    def meaning_key(self) -> str:
        """The catalogue key of the field's meaning.

        ``field.<path>`` for a county row (``field.guarantee.teacher_avg_pay_yuan``),
        ``field.<level>.<key>`` for a column of the schools sheet or the monitoring table
        (``field.stage.students``).
        """
        if self.level == "county":
            return f"field.{self.field}"
        return f"field.{self.level}.{self.key}"

    @property
    def meaning_zh(self) -> str:
        """The meaning in Chinese, from the catalogue; a plugin's field it lacks keeps its own."""
        return message(self.meaning_key, "zh") if self.meaning_key in MESSAGES else self.en

    @property
    def unit_zh(self) -> str:
        """The unit as a Chinese reader writes it (``人``, ``元/年``, ``%``)."""
        if self.unit is None:
            return ""
        if ", " in self.unit and has_cjk(self.unit.split(", ", 1)[1]):
            return self.unit.split(", ", 1)[1]
        text = message(f"xl.unit.{self.unit}", "zh")
        return self.unit if text.startswith("xl.unit.") else text

    @property
    def header(self) -> str:
        """Row 1 of the column: ``在校生数（人）``."""
        unit = self.unit_zh
        return f"{self.zh}（{unit}）" if unit else self.zh

    @property
    def allowed(self) -> str:
        """The values a cell may hold, in words of both languages."""
        if self.kind == "enum":
            return "、".join(f"{label} ({code})" for code, label in self.choices)
        if self.kind == "boolean":
            return message("xl.allowed.boolean", "zh") + " / " + message("xl.allowed.boolean", "en")
        if self.kind == "numbers":
            return message("xl.allowed.numbers", "zh") + " / " + message("xl.allowed.numbers", "en")
        bounds = ""
        if self.minimum is not None or self.maximum is not None:
            low = "" if self.minimum is None else _plain(self.minimum)
            high = "" if self.maximum is None else _plain(self.maximum)
            bounds = f" {low}–{high}" if high else f" ≥ {low}"
        kind = f"xl.kind.{self.kind}"
        return f"{message(kind, 'zh')} / {message(kind, 'en')}{bounds}"

    def choice_label(self, code: str) -> str:
        """The Chinese label the workbook shows for an enum value."""
        return dict(self.choices).get(code, code)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _kind(spec: Mapping[str, Any]) -> str:
    if "enum" in spec:
        return "enum"
    types = spec.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    for name, kind in (
        ("boolean", "boolean"),
        ("array", "numbers"),
        ("integer", "integer"),
        ("number", "number"),
    ):
        if name in types:
            return kind
    return "text"


def _choices(spec: Mapping[str, Any], en: str) -> tuple[tuple[str, str], ...]:
    """``primary 小学, junior 初中`` from a description, checked against the enum."""
    codes = [str(code) for code in spec.get("enum", [])]
    labels: dict[str, str] = {}
    if ":" in en:
        for part in en.split(":", 1)[1].split(","):
            words = part.split()
            if len(words) == 2 and words[0] in codes:
                labels[words[0]] = words[1]
    return tuple((code, labels.get(code, code)) for code in codes)


def _column(field: str, level: str, spec: Mapping[str, Any], required: Iterable[str]) -> Column:
    match = _DESCRIPTION.match(spec.get("description", ""))
    zh, en, unit = (match["zh"], match["en"], match["unit"]) if match else (field, field, None)
    kind = _kind(spec)
    minimum = spec.get("minimum")
    maximum = spec.get("maximum")
    return Column(
        field=field,
        level=level,
        kind=kind,
        zh=zh,
        en=en,
        unit=None if unit in {"text", None} else unit,
        required=field.rsplit(".", 1)[-1] in set(required),
        choices=_choices(spec, en) if kind == "enum" else (),
        minimum=minimum,
        maximum=maximum,
    )


def _stage_column() -> Column:
    choices = tuple((stage, message(f"stage.{stage}", "zh")) for stage in STAGE_NAMES)
    return Column(
        field="stage",
        level="stage",
        kind="enum",
        zh=message("xl.col.stage", "zh"),
        en=message("xl.col.stage", "en"),
        unit=None,
        required=False,
        choices=choices,
    )


@attrs.frozen
class _Layout:
    """Every column of the workbook, derived from the county schema."""

    school: tuple[Column, ...]
    stage: tuple[Column, ...]
    county: tuple[tuple[str, str, tuple[Column, ...]], ...]  # (zh heading, en heading, rows)
    monitoring: tuple[Column, ...]
    shared: tuple[Column, ...] = ()

    @property
    def shared_sheet(self) -> tuple[Column, ...]:
        """The columns of the shared-figures sheet: the school's id, then the figures."""
        return (self.school[0], *self.shared)

    @property
    def school_sheet(self) -> tuple[Column, ...]:
        """The columns of the schools sheet, left to right."""
        return (*self.school, _stage_column(), *self.stage)

    @property
    def county_rows(self) -> tuple[Column, ...]:
        """The field rows of the county sheet, top to bottom."""
        return tuple(column for _, _, columns in self.county for column in columns)


def _extra_columns(fields: DataFields, target: str) -> tuple[Column, ...]:
    """A column (or county row) per plugin data field of ``target``, named by layer and field."""

    def column(field: DataField) -> Column:
        spec = dict(field.schema)
        spec.setdefault("description", f"{field.layer}.{field.name} — {field.layer}.{field.name}")
        level = "county" if target == "county" else target
        return _column(field.path, level, spec, ())

    return tuple(column(field) for field in fields.of(target))


@functools.cache
def _layout(fields: DataFields) -> _Layout:
    """The workbook's columns: the county contract's, then the plugins' data fields."""
    schema = load_schema("county.schema.json")
    defs = schema["$defs"]
    school_def, stage_def = defs["School"], defs["Stage"]
    school = tuple(
        _column(name, "school", spec, school_def.get("required", ()))
        for name, spec in school_def["properties"].items()
        if name not in {"stages", "extra", "shared"}  # shared figures: a sheet of their own
    ) + _extra_columns(fields, "school")
    shared_def = defs["Shared"]
    shared = tuple(
        _column(name, "shared", spec, shared_def.get("required", ()))
        for name, spec in shared_def["properties"].items()
    )
    stage = tuple(
        _column(name, "stage", spec, stage_def.get("required", ()))
        for name, spec in stage_def["properties"].items()
        if name != "extra"
    ) + _extra_columns(fields, "stage")
    groups: list[tuple[str, str, tuple[Column, ...]]] = []
    scalars: list[Column] = []

    def flush() -> None:
        if scalars:
            if groups:
                heading = (scalars[0].zh, scalars[0].en)
            else:
                heading = (message("xl.section.general", "zh"), message("xl.section.general", "en"))
            groups.append((*heading, tuple(scalars)))
            scalars.clear()

    for name, spec in schema["properties"].items():
        if name in {"schools", "extra"}:
            continue
        ref = spec.get("$ref", "")
        if ref.startswith("#/$defs/"):
            flush()
            target = defs[ref.rsplit("/", 1)[1]]
            zh, _, en = spec.get("description", f"{name} — {name}").partition(" — ")
            rows = tuple(
                _column(f"{name}.{key}", "county", sub, target.get("required", ()))
                for key, sub in target["properties"].items()
                if key != "monitoring"
            )
            groups.append((zh, en, rows))
        else:
            scalars.append(_column(name, "county", spec, schema.get("required", ())))
    flush()
    county_extra = _extra_columns(fields, "county")
    if county_extra:
        groups.append(
            (message("xl.section.extra", "zh"), message("xl.section.extra", "en"), county_extra)
        )
    monitoring_def = defs["MonitoringResult"]
    monitoring = tuple(
        _column(name, "monitoring", spec, monitoring_def.get("required", ()))
        for name, spec in monitoring_def["properties"].items()
    )
    return _Layout(
        school=school, stage=stage, county=tuple(groups), monitoring=monitoring, shared=shared
    )


def columns(*, registry: Registry | None = None) -> tuple[Column, ...]:
    """Every column of the workbook.

    The schools sheet, the county rows, the monitoring table, the shared figures.

    :param registry: the plugins whose data fields get columns; by default the installed ones.
    """
    from edu_rules.plugins import fields_of  # the plugins load only when asked

    layout = _layout(fields_of(registry))
    return (*layout.school_sheet, *layout.county_rows, *layout.monitoring, *layout.shared)

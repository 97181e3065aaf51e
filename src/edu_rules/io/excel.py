"""Excel workbooks in and out: the template people fill, read back as a county document.

People who run assessments keep their school statistics in Excel.  This module
writes a workbook they can fill in and reads it back into the very county
document :func:`edu_rules.load_county` takes, so a workbook and a JSON file are
two spellings of one contract, and each converts to the other without loss.

The workbook has three sheets:

* ``学校 Schools`` — one row per school *stage*: a nine-year school has a
  primary row and a junior row, its school fields repeated on both; a
  special-education school without stages has one row with the stage empty.
  Row 1 holds the Chinese header (with the unit), row 2 the English field name
  the reader goes by; data starts on row 3.
* ``县级指标 County`` — the county figures as field/value rows (``code``,
  ``guarantee.teacher_avg_pay_yuan``, ...), and beside them the table of national
  quality-monitoring results.
* ``说明 Instructions`` — how to fill it in, and every column explained.

Labels, units and allowed values are taken from the descriptions in
``schemas/county.schema.json``, so the template cannot drift from the contract.
An empty cell is *unknown* (``null``), never zero.  Every problem is reported at
once, each naming its sheet, cell and column (``学校 Schools!F12 (在校生数
students)``).  openpyxl is an optional dependency: ``pip install
edu-rules[excel]``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import io
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import IO, TYPE_CHECKING, Any, Final, TypeAlias

import attrs

from edu_rules._limits import (
    LARGEST_EXPONENT,
    MAX_MERGED_CELLS,
    MAX_NUMBER_DIGITS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_WORKBOOK_BYTES,
    MAX_WORKBOOK_MEMBERS,
    MAX_WORKBOOK_UNPACKED_BYTES,
)
from edu_rules._messages import bilingual, message
from edu_rules._numbers import exact
from edu_rules._resources import load_schema
from edu_rules._text import excel_unsafe, visible
from edu_rules.io import serialization
from edu_rules.io.validation import _too_large, read_input_file, validate_county_data
from edu_rules.model.county import County
from edu_rules.model.datafields import DataField, DataFields
from edu_rules.model.errors import CountyDataError, EduRulesError, Problem

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from edu_rules.plugins import Registry

__all__ = [
    "COUNTY_SHEET",
    "EMPTY",
    "HELP_SHEET",
    "SCHOOLS_SHEET",
    "Column",
    "ExcelSupportMissingError",
    "columns",
    "load_county",
    "parse_cell",
    "read_county",
    "write_county",
    "write_template",
]

SCHOOLS_SHEET: Final = f"{message('xl.sheet.schools', 'zh')} {message('xl.sheet.schools', 'en')}"
"""The sheet of schools, one row per school stage."""
COUNTY_SHEET: Final = f"{message('xl.sheet.county', 'zh')} {message('xl.sheet.county', 'en')}"
"""The sheet of county figures (field/value rows) and monitoring results."""
HELP_SHEET: Final = f"{message('xl.sheet.help', 'zh')} {message('xl.sheet.help', 'en')}"
"""The instruction sheet."""

FIRST_DATA_ROW: Final = 3
"""Rows 1 and 2 are the Chinese and English headers."""

_TEMPLATE_ROWS: Final = 500
"""Rows prepared (drop-down lists, formats) below the data for people to fill in."""

_EMPTY_LIST_WORDS: Final = frozenset({"无", "none", "[]", "0间", "无此类教室"})
_LIST_SEPARATORS: Final = re.compile(r"[;；、]")
_TRUE_WORDS: Final = frozenset({"是", "true", "yes", "y"})
_FALSE_WORDS: Final = frozenset({"否", "false", "no", "n"})
_ROMAN: Final = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "I": 1, "II": 2, "III": 3, "IV": 4}
_DESCRIPTION: Final = re.compile(r"^(?P<zh>.*?) — (?P<en>.*?)(?: \((?P<unit>[^()]*)\))?$")
_SHOWN: Final = 40


class ExcelSupportMissingError(EduRulesError, ImportError):
    """openpyxl is not installed; ``pip install edu-rules[excel]`` adds it."""


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - exercised by a test that hides it
        raise ExcelSupportMissingError(
            "reading and writing Excel workbooks needs openpyxl: install edu-rules[excel] "
            "(pip install 'edu-rules[excel]')"
        ) from error
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
    def unit_zh(self) -> str:
        """The unit as a Chinese reader writes it (``人``, ``元/年``, ``%``)."""
        if self.unit is None:
            return ""
        if ", " in self.unit and _has_cjk(self.unit.split(", ", 1)[1]):
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


def _has_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(char) in {"W", "F"} for char in text)


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
    choices = tuple((stage, message(f"stage.{stage}", "zh")) for stage in ("primary", "junior"))
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
        if name not in {"stages", "extra", "shared"}  # shared figures: JSON only, for now
    ) + _extra_columns(fields, "school")
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
    return _Layout(school=school, stage=stage, county=tuple(groups), monitoring=monitoring)


def columns(*, registry: Registry | None = None) -> tuple[Column, ...]:
    """Every column of the workbook: the schools sheet, the county rows, the monitoring table.

    :param registry: the plugins whose data fields get columns; by default the installed ones.
    """
    from edu_rules.plugins import fields_of  # the plugins load only when asked

    layout = _layout(fields_of(registry))
    return (*layout.school_sheet, *layout.county_rows, *layout.monitoring)


# --------------------------------------------------------------------------- locations


@attrs.frozen
class _Location:
    """Where a value sits in the workbook, as people name it.

    ``学校 Schools!F12 (在校生数 students)`` for a cell, ``学校 Schools!5:6 (school S1)``
    for rows, ``县级指标 County (code)`` for a field that has no row.
    """

    sheet: str
    row: int | None = None
    column: int | None = None
    header: str | None = None
    last_row: int | None = None

    def __str__(self) -> str:
        from openpyxl.utils import get_column_letter

        header = f" ({self.header})" if self.header else ""
        if self.row is None:
            return f"{self.sheet}{header}"
        if self.column is None:
            return f"{self.sheet}!{self.row}:{self.last_row or self.row}{header}"
        return f"{self.sheet}!{get_column_letter(self.column)}{self.row}{header}"

    @property
    def order(self) -> tuple[int, int, int]:
        sheets = (SCHOOLS_SHEET, COUNTY_SHEET, HELP_SHEET)
        rank = sheets.index(self.sheet) if self.sheet in sheets else len(sheets)
        return (rank, self.row or 0, self.column or 0)


def _header(column: Column) -> str:
    return f"{column.zh} {column.field if column.level == 'county' else column.key}"


class _Problems:
    """Problems found while reading, each at its location, reported together and in order."""

    def __init__(self) -> None:
        self.found: list[tuple[tuple[int, int, int], Problem]] = []
        self.cells: set[str] = set()

    def add(self, where: _Location, reason: str) -> None:
        self.found.append((where.order, Problem(str(where), reason)))
        self.cells.add(str(where))

    def add_checked(self, where: _Location, reason: str) -> None:
        """A problem the county contract found: said once per cell, after the reader's own."""
        if str(where) not in self.cells:
            self.found.append((where.order, Problem(str(where), reason)))

    def sorted(self) -> list[Problem]:
        return [problem for _, problem in sorted(self.found, key=lambda item: item[0])]


# --------------------------------------------------------------------------- cell values


class _Empty:
    """An empty cell: unknown, not zero."""

    def __repr__(self) -> str:
        return "<empty>"


EMPTY: Final = _Empty()


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


_LONGEST_NUMBER_TEXT: Final = 4 * MAX_NUMBER_DIGITS
"""Cell text longer than this is not read as a number (digits, separators, a sign, an
exponent of at most three digits fit well within it)."""


def _number_text(text: str, *, percent: bool) -> Decimal | None:
    """A number typed as text: ``1,234.5``, full-width digits, ``96.5%`` in a percent field."""
    if len(text) > _LONGEST_NUMBER_TEXT:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _beyond_bounds(value: Decimal) -> bool:
    """Whether a number is too big, too fine or too long to take (before any conversion)."""
    return bool(value) and (
        abs(value.adjusted()) > LARGEST_EXPONENT or len(value.as_tuple().digits) > MAX_NUMBER_DIGITS
    )


_BEYOND_BOUNDS: Final = (
    f"is out of range: at most {MAX_NUMBER_DIGITS} digits and a magnitude "
    f"between 1E-{LARGEST_EXPONENT} and 1E+{LARGEST_EXPONENT}"
)


def _as_number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() and "." not in str(value) else value


def _parse_number(raw: object, column: Column, number_format: str) -> tuple[object, str | None]:
    value: object = EMPTY
    wrong = f"must be a number (got {_show(raw)})"
    reason: str | None = wrong
    if isinstance(raw, dt.datetime | dt.date | dt.time | dt.timedelta):
        reason = f"must be a number, not a date or time (got {raw}); check the cell's format"
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        value, reason = raw, None
        if column.percent and "%" in number_format:
            # Excel keeps 96.5% as 0.965: the contract wants the percentage itself.
            value = _as_number(Decimal(repr(raw)) * 100)
    elif isinstance(raw, str) and column.kind == "integer" and raw.strip() in _ROMAN:
        value, reason = _ROMAN[raw.strip()], None
    elif isinstance(raw, str):
        parsed = _number_text(raw, percent=column.percent)
        if parsed is None:
            reason = wrong + "; leave the cell empty if it is unknown"
        elif _beyond_bounds(parsed):  # checked before int(): 1e99999999 has 10⁸ digits
            reason = f"{_BEYOND_BOUNDS} (got {_show(raw)})"
        else:
            value, reason = _as_number(parsed), None
    return value, reason


def _parse_numbers(raw: object) -> tuple[object, str | None]:
    if isinstance(raw, bool):
        return EMPTY, f"must be numbers separated by ; or 、 (got {_show(raw)})"
    if isinstance(raw, int | float):
        return [raw], None
    if not isinstance(raw, str):
        return EMPTY, f"must be numbers separated by ; or 、 (got {_show(raw)})"
    if raw.strip().lower() in _EMPTY_LIST_WORDS:
        return [], None
    values: list[object] = []
    for piece in _LIST_SEPARATORS.split(raw):
        if not piece.strip():
            continue
        parsed = _number_text(piece, percent=False)
        if parsed is None or _beyond_bounds(parsed):
            trouble = "is not a number" if parsed is None else _BEYOND_BOUNDS
            return EMPTY, (
                f"must be numbers separated by ; or 、, or 无 for none (got {_show(raw)}: "
                f"{_show(piece.strip())} {trouble})"
            )
        values.append(_as_number(parsed))
    return values, None


def _parse_boolean(raw: object) -> tuple[object, str | None]:
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE_WORDS:
            return True, None
        if word in _FALSE_WORDS:
            return False, None
    return EMPTY, f"must be 是 or 否 (yes or no) (got {_show(raw)}); leave it empty if unknown"


def _parse_enum(raw: object, column: Column) -> tuple[object, str | None]:
    if isinstance(raw, str):
        word = raw.strip()
        for code, label in column.choices:
            if word in {label, code} or word.lower() == code.lower():
                return code, None
    allowed = ", ".join(f"{label} ({code})" for code, label in column.choices)
    return EMPTY, f"must be one of: {allowed} (got {_show(raw)})"


def _parse_text(raw: object) -> tuple[object, str | None]:
    if isinstance(raw, str):
        return raw, None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return EMPTY, f"must be text (got {_show(raw)})"
    # Excel turns a typed 450202 or 1001 into a number; the contract keeps it as text.
    return (str(int(raw)) if float(raw).is_integer() else repr(raw)), None


def parse_cell(
    raw: object, column: Column, number_format: str = "General"
) -> tuple[object, str | None]:
    """The value a cell holds for ``column``, or :data:`EMPTY`, and the problem if any.

    Whitespace-only text is empty.  Numbers may be typed as text; a percentage
    formatted as ``%`` in Excel is read as the percentage it shows.
    """
    if _blank(raw):
        return EMPTY, None
    if column.kind in {"integer", "number"}:
        return _parse_number(raw, column, number_format)
    if column.kind == "numbers":
        return _parse_numbers(raw)
    if column.kind == "boolean":
        return _parse_boolean(raw)
    if column.kind == "enum":
        return _parse_enum(raw, column)
    return _parse_text(raw)


def _same(first: object, second: object) -> bool:
    """Whether two cell values are the same value (``96`` equals ``96.0``)."""

    def norm(value: object) -> object:
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int | float | Decimal):
            return exact(value)
        if isinstance(value, list):
            return tuple(norm(item) for item in value)
        return value

    return norm(first) == norm(second)


# --------------------------------------------------------------------------- reading


@attrs.define
class _Row:
    """One row of the schools sheet, parsed."""

    number: int
    school: dict[str, tuple[object, _Location]]
    stage: tuple[object, _Location]
    figures: dict[str, tuple[object, _Location]]


_Cell = tuple[object, str, bool]
"""What a cell holds: its value, its number format, and whether it is a formula."""


class _Sheet:
    """The cells of one worksheet that hold a value, read as the file has them.

    Cells are taken from the sheet's XML as they come (never by walking the
    dimension the sheet claims, which may be ``A1:XFD1048576``), only up to
    :data:`~edu_rules._limits.MAX_SHEET_ROWS` and ``MAX_SHEET_COLUMNS``; formulas read
    their cached values from ``cached``.  Merged ranges map each of their cells to
    the range's first cell (:meth:`origin`).
    """

    def __init__(
        self,
        title: str,
        cells: Mapping[tuple[int, int], _Cell],
        cached: Mapping[tuple[int, int], object],
        merged: Mapping[tuple[int, int], tuple[int, int]],
    ) -> None:
        self.title = title
        self.cells = cells
        self.cached = cached
        self.merged = merged
        self.max_row = max((row for row, _ in cells), default=0)
        self.max_column = max((column for _, column in cells), default=0)

    def cell(self, row: int, column: int) -> tuple[object, str, bool]:
        """``(value, number format, is an uncalculated formula)`` of a cell (1-based)."""
        found = self.cells.get((row, column))
        if found is None:
            return None, "General", False
        value, number_format, formula = found
        if formula:
            cached = self.cached.get((row, column))
            return cached, number_format, cached is None
        return value, number_format, False

    def origin(self, row: int, column: int) -> tuple[int, int]:
        """The first cell of the merged range holding this cell, or the cell itself."""
        return self.merged.get((row, column), (row, column))


Source: TypeAlias = "str | os.PathLike[str] | bytes"
"""Where a workbook is read from: a file path, or the file's bytes (an upload, kept in memory)."""


def _name_of(source: Source, source_name: str | None) -> str:
    if source_name is not None:
        return source_name
    return "workbook" if isinstance(source, bytes) else os.fspath(source)


class _FarCellError(Exception):
    """A sheet holds a value beyond the rows and columns a county workbook uses."""

    def __init__(self, row: int, column: int) -> None:
        super().__init__(row, column)
        self.row, self.column = row, column


class _TooManyMergedError(Exception):
    """The merged ranges of a sheet cover more cells than a county workbook can need."""


_Cells = dict[tuple[int, int], _Cell]


def _sheet_cells(worksheet: Any) -> tuple[_Cells, list[str]]:
    """The value-holding cells of a read-only worksheet, and its merged ranges.

    openpyxl's own iteration fills every row and column up to the largest index it
    meets (a cell at ``XFD1048576`` means a million rows of 16,384 cells), so the
    sheet's XML is parsed here with openpyxl's streaming parser, cell by cell.

    :raises _FarCellError: at the first value beyond the bounds.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    book = worksheet.parent
    cells: _Cells = {}
    with worksheet._get_source() as source:  # noqa: SLF001 - the read-only sheet's XML stream
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,  # noqa: SLF001
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,  # noqa: SLF001
            timedelta_formats=book._timedelta_formats,  # noqa: SLF001
        )
        for _, row in parser.parse():
            for cell in row:
                if cell["value"] is None:
                    continue
                where = (cell["row"], cell["column"])
                if where[0] > MAX_SHEET_ROWS or where[1] > MAX_SHEET_COLUMNS:
                    raise _FarCellError(*where)
                number_format = ReadOnlyCell(worksheet, **cell).number_format
                cells[where] = (cell["value"], number_format, cell["data_type"] == "f")
        merged = parser.merged_cells
    ranges = [str(each.ref) for each in merged.mergeCell] if merged is not None else []
    return cells, ranges


def _merged_map(ranges: list[str]) -> dict[tuple[int, int], tuple[int, int]]:
    """Each cell of the merged ranges (within the bounds), mapped to its range's first cell."""
    from openpyxl.utils.cell import range_boundaries

    origins: dict[tuple[int, int], tuple[int, int]] = {}
    for ref in ranges:
        try:
            first_column, first_row, last_column, last_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue  # a range openpyxl cannot read merges nothing
        if None in (first_column, first_row, last_column, last_row):
            continue
        last_row, last_column = min(last_row, MAX_SHEET_ROWS), min(last_column, MAX_SHEET_COLUMNS)
        size = max(0, last_row - first_row + 1) * max(0, last_column - first_column + 1)
        if len(origins) + size > MAX_MERGED_CELLS:
            raise _TooManyMergedError
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                if (row, column) != (first_row, first_column):
                    origins[(row, column)] = (first_row, first_column)
    return origins


def _unpacked_problem(raw: bytes) -> Problem | None:
    """Why the workbook's zip must not be unpacked, judged from its directory alone."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # not a zip: openpyxl's own refusal says so
    if len(members) > MAX_WORKBOOK_MEMBERS:
        reason = bilingual(
            "input.xlsx.too_many_parts", count=f"{len(members):,}", limit=MAX_WORKBOOK_MEMBERS
        )
        return Problem("", reason)
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_WORKBOOK_UNPACKED_BYTES:
        reason = bilingual(
            "input.xlsx.too_unpacked",
            size=f"{unpacked:,}",
            limit=f"{MAX_WORKBOOK_UNPACKED_BYTES:,}",
        )
        return Problem("", reason)
    return None


def _load(openpyxl: Any, raw: bytes, name: str, *, data_only: bool) -> Any:
    try:
        return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
    # A damaged or forged workbook can fail anywhere inside openpyxl (bad zip, bad XML,
    # a missing part, a wrong type...); whatever it raises, the analyst hears one thing.
    except Exception as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise CountyDataError(
            [Problem("", f"cannot read the workbook ({reason}); is it an .xlsx file?")], source=name
        ) from error


def _far_cell(title: str, error: _FarCellError) -> Problem:
    from openpyxl.utils import get_column_letter

    # Beyond Excel's own last column (XFD) there is no letter to name the cell by.
    column = error.column if error.column <= _EXCEL_COLUMNS else None
    reason = bilingual(
        "input.xlsx.far_cell",
        rows=f"{MAX_SHEET_ROWS:,}",
        columns=get_column_letter(MAX_SHEET_COLUMNS),
    )
    return Problem(str(_Location(title, error.row, column)), reason)


_EXCEL_COLUMNS: Final = 16_384
"""Excel's last column, ``XFD``."""


def _read_one(worksheet: Any, title: str, name: str) -> tuple[_Cells, list[str]]:
    try:
        return _sheet_cells(worksheet)
    except _FarCellError as error:
        raise CountyDataError([_far_cell(title, error)], source=name) from None
    except Exception as error:  # forged XML inside a well-formed zip, as in _load
        reason = str(error) or type(error).__name__
        raise CountyDataError(
            [Problem(title, f"cannot read the sheet ({reason}); is it an .xlsx file?")],
            source=name,
        ) from error


def _read_sheets(
    path: Source, name: str, titles: Iterable[str]
) -> tuple[dict[str, _Sheet], list[str]]:
    """The sheets called ``titles`` that the workbook has, and the names of all its sheets.

    The file is bounded before openpyxl sees it: a regular file of at most
    :data:`~edu_rules._limits.MAX_WORKBOOK_BYTES`, whose zip directory promises at most
    ``MAX_WORKBOOK_UNPACKED_BYTES`` (Python's zip reader never inflates a part past the
    size the directory gives it).  It is read in openpyxl's read-only mode; XML entities
    are not expanded (openpyxl parses with ``defusedxml`` when it is installed, as the
    ``excel`` extra does, and Python's expat refuses entity amplification besides).
    """
    openpyxl = _openpyxl()
    if isinstance(path, bytes):  # an upload, already in memory
        if len(path) > MAX_WORKBOOK_BYTES:
            raise CountyDataError([_too_large(len(path), MAX_WORKBOOK_BYTES)], source=name)
        raw = path
    else:
        raw = read_input_file(path, name, limit=MAX_WORKBOOK_BYTES)
    refusal = _unpacked_problem(raw)
    if refusal is not None:
        raise CountyDataError([refusal], source=name)
    found: dict[str, tuple[_Cells, list[str]]] = {}
    cached: dict[str, dict[tuple[int, int], object]] = {}
    with warnings.catch_warnings():
        # openpyxl warns of parts it does not keep (extensions, odd styles): not our matter
        warnings.simplefilter("ignore")
        workbook = _load(openpyxl, raw, name, data_only=False)
        try:
            names = list(workbook.sheetnames)
            for title in titles:
                if title in names:
                    found[title] = _read_one(workbook[title], title, name)
        finally:
            workbook.close()
        formulas = {
            title: [where for where, (_, _, formula) in cells.items() if formula]
            for title, (cells, _) in found.items()
        }
        if any(formulas.values()):
            values = _load(openpyxl, raw, name, data_only=True)
            try:
                for title, wanted in formulas.items():
                    cells, _ = _read_one(values[title], title, name)
                    cached[title] = {where: cells[where][0] for where in wanted if where in cells}
            finally:
                values.close()
    sheets: dict[str, _Sheet] = {}
    for title, (cells, ranges) in found.items():
        try:
            merged = _merged_map(ranges)
        except _TooManyMergedError:
            reason = bilingual("input.xlsx.too_merged", limit=f"{MAX_MERGED_CELLS:,}")
            raise CountyDataError([Problem(title, reason)], source=name) from None
        sheets[title] = _Sheet(title, cells, cached.get(title, {}), merged)
    return sheets, names


class _Reader:
    """Reads a filled workbook into a county document, noting where every value came from."""

    def __init__(self, sheets: Mapping[str, _Sheet], names: list[str], layout: _Layout) -> None:
        self.sheets = sheets
        self.names = names
        self.problems = _Problems()
        self.locations: dict[str, _Location] = {}
        self.layout = layout

    def sheet(self, title: str) -> _Sheet | None:
        if title not in self.sheets:
            self.problems.add(
                _Location(title),
                f"the sheet is missing; the workbook must have the sheets {SCHOOLS_SHEET!r} and "
                f"{COUNTY_SHEET!r} (start from `edu-rules template`)",
            )
            return None
        return self.sheets[title]

    def value(
        self, sheet: _Sheet, row: int, index: int, column: Column, *, merged: bool = False
    ) -> tuple[object, _Location]:
        """The value of a cell for ``column``; with ``merged``, a merged range's value."""
        if merged:
            row, index = sheet.origin(row, index)
        raw, number_format, uncalculated = sheet.cell(row, index)
        where = _Location(sheet.title, row, index, _header(column))
        if uncalculated:
            self.problems.add(
                where,
                "is a formula whose value was never calculated; open and save the workbook in "
                "Excel, or type the value",
            )
            return EMPTY, where
        value, reason = parse_cell(raw, column, number_format)
        if reason is not None:
            self.problems.add(where, reason)
        return value, where

    # ---- the schools sheet

    def header_map(
        self, sheet: _Sheet, columns: Iterable[Column], first: int = 1, last: int | None = None
    ) -> dict[str, int]:
        """Column indices by English field name (row 2); unknown names are problems."""
        known = {
            column.key if column.level != "county" else column.field: column for column in columns
        }
        found: dict[str, int] = {}
        for index in range(first, (last or sheet.max_column) + 1):
            raw, _, _ = sheet.cell(2, index)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            name = str(raw).strip()
            where = _Location(sheet.title, 2, index, name)
            if name not in known:
                hint = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
                also = f'; did you mean "{hint[0]}"?' if hint else ""
                self.problems.add(
                    where, f"unknown column {name!r} (row 2 holds the English field names){also}"
                )
            elif name in found:
                self.problems.add(where, f"the column {name!r} appears twice")
            else:
                found[name] = index
        return found

    def school_rows(self, sheet: _Sheet) -> list[_Row]:
        layout = self.layout
        stage_column = _stage_column()
        headers = self.header_map(sheet, layout.school_sheet)
        if "id" not in headers:
            self.problems.add(
                _Location(sheet.title, 2), "has no id column: every row needs its school's id"
            )
            return []
        rows: list[_Row] = []
        for number in range(FIRST_DATA_ROW, sheet.max_row + 1):
            if all(_blank(sheet.cell(number, index)[0]) for index in headers.values()):
                continue
            # A school field merged over the rows of a through-school counts for each row.
            school = {
                column.key: self.value(sheet, number, headers[column.key], column, merged=True)
                for column in layout.school
                if column.key in headers
            }
            stage = (
                self.value(sheet, number, headers["stage"], stage_column)
                if "stage" in headers
                else (EMPTY, _Location(sheet.title, number))
            )
            figures = {
                column.key: self.value(sheet, number, headers[column.key], column)
                for column in layout.stage
                if column.key in headers
            }
            rows.append(_Row(number, school, stage, figures))
        return rows

    def merge_schools(self, rows: list[_Row]) -> list[dict[str, Any]]:
        """Rows of one school (same id) become one school with its stages."""
        by_id: dict[str, list[_Row]] = {}
        for row in rows:
            school_id, where = row.school["id"]
            if school_id is EMPTY:
                self.problems.add(where, "is required: every row needs its school's id")
                continue
            by_id.setdefault(str(school_id).strip(), []).append(row)
        schools: list[dict[str, Any]] = []
        for index, (school_id, school_rows) in enumerate(by_id.items()):
            schools.append(self.school(index, school_id, school_rows))
        return schools

    def school(self, index: int, school_id: str, rows: list[_Row]) -> dict[str, Any]:
        at = f"schools[{index}]"
        sheet = SCHOOLS_SHEET
        first, last = rows[0].number, rows[-1].number
        span = _Location(sheet, first, None, f"school {school_id}", last)
        self.locations[at] = span
        self.locations[f"{at}.stages"] = span
        school: dict[str, Any] = {}
        for column in self.layout.school:
            if column.key not in rows[0].school:
                continue
            given = [
                row.school[column.key] for row in rows if row.school[column.key][0] is not EMPTY
            ]
            path = f"{at}.{column.field}"
            self.locations[path] = given[0][1] if given else rows[0].school[column.key][1]
            if not given:
                if not column.required and not column.extra:
                    school[column.key] = None
                continue
            value, where = given[0]
            for other, other_where in given[1:]:
                if not _same(value, other):
                    self.problems.add(
                        other_where,
                        f"{_show(other)} differs from row {where.row} ({_show(value)}): "
                        f"the rows of school {school_id} must agree on its school fields",
                    )
            _put(school, column.field, value if column.key != "id" else school_id)
        school["stages"] = self.stages(at, school_id, rows)
        return school

    def stages(self, at: str, school_id: str, rows: list[_Row]) -> dict[str, Any]:
        stages: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for row in rows:
            stage, where = row.stage
            given = [key for key, (value, _) in row.figures.items() if value is not EMPTY]
            if stage is EMPTY:
                if given:
                    names = ", ".join(given[:3]) + (", …" if len(given) > 3 else "")
                    self.problems.add(
                        where,
                        f"is empty, but the row gives stage figures ({names}); write "
                        "小学 (primary) or 初中 (junior), or leave the figures empty for a "
                        "school without stages",
                    )
                continue
            name = str(stage)
            if name in seen:
                self.problems.add(
                    where,
                    f"school {school_id} already has a {message(f'stage.{name}', 'zh')} "
                    f"({name}) row (row {seen[name]}): one row per school stage",
                )
                continue
            seen[name] = row.number
            stage_at = f"{at}.stages.{name}"
            self.locations[stage_at] = where
            figures: dict[str, Any] = {}
            for column in self.layout.stage:
                if column.key not in row.figures:
                    continue
                value, cell = row.figures[column.key]
                self.locations[f"{stage_at}.{column.field}"] = cell
                if value is not EMPTY:
                    _put(figures, column.field, value)
                elif not column.required and not column.extra:
                    figures[column.key] = None
            stages[name] = figures
        return stages

    # ---- the county sheet

    def county(self, sheet: _Sheet | None, document: dict[str, Any]) -> None:
        rows = {column.field: column for column in self.layout.county_rows}
        for column in rows.values():
            self.locations[column.field] = _Location(COUNTY_SHEET, None, None, column.field)
        if sheet is None:
            return
        seen: dict[str, int] = {}
        title = sheet.title
        for number in range(FIRST_DATA_ROW, sheet.max_row + 1):
            raw_field, _, _ = sheet.cell(number, 2)
            field = str(raw_field).strip() if raw_field is not None else ""
            raw_value, _, _ = sheet.cell(number, 3)
            if not field:
                if raw_value is not None and str(raw_value).strip():
                    self.problems.add(
                        _Location(title, number, 3),
                        "a value without a field name: column B names the field of each row",
                    )
                continue
            found = rows.get(field)
            if found is None:
                hint = difflib.get_close_matches(field, list(rows), n=1, cutoff=0.75)
                also = f'; did you mean "{hint[0]}"?' if hint else ""
                self.problems.add(
                    _Location(title, number, 2, field), f"unknown field {field!r}{also}"
                )
                continue
            if field in seen:
                self.problems.add(
                    _Location(title, number, 2, field),
                    f"the field is given twice (also row {seen[field]})",
                )
                continue
            seen[field] = number
            value, where = self.value(sheet, number, 3, found)
            self.locations[field] = where
            if value is EMPTY and (found.required or found.extra):
                continue
            _put(document, field, None if value is EMPTY else value)
        self.monitoring(sheet, document)

    def monitoring(self, sheet: _Sheet, document: dict[str, Any]) -> None:
        columns = self.layout.monitoring
        headers = self.header_map(sheet, columns, first=6)
        self.locations["quality.monitoring"] = _Location(
            COUNTY_SHEET, None, None, "quality.monitoring"
        )
        if not headers:
            return
        entries: list[dict[str, Any]] = []
        first_row: int | None = None
        for number in range(FIRST_DATA_ROW, sheet.max_row + 1):
            cells = {
                column.key: self.value(sheet, number, headers[column.key], column)
                for column in columns
                if column.key in headers
            }
            if all(value is EMPTY for value, _ in cells.values()):
                continue
            subject = cells.get("subject", (EMPTY, None))[0]
            others = [value for key, (value, _) in cells.items() if key != "subject"]
            if (
                isinstance(subject, str)
                and subject.strip().lower() in _EMPTY_LIST_WORDS
                and all(value is EMPTY for value in others)
            ):
                first_row = first_row or number
                continue  # "无": results are known, and there are none
            at = f"quality.monitoring[{len(entries)}]"
            entry: dict[str, Any] = {}
            for column in columns:
                if column.key not in cells:
                    continue
                value, where = cells[column.key]
                self.locations[f"{at}.{column.key}"] = where
                if value is not EMPTY:
                    entry[column.key] = value
                elif not column.required:
                    entry[column.key] = None
            self.locations[at] = _Location(COUNTY_SHEET, number, None, "quality.monitoring")
            first_row = first_row or number
            entries.append(entry)
        if first_row is not None:
            self.locations["quality.monitoring"] = _Location(
                COUNTY_SHEET, first_row, None, "quality.monitoring"
            )
            _put(document, "quality.monitoring", entries)

    def where(self, path: str) -> _Location:
        """The workbook location of a document path, or of its nearest ancestor that has one."""
        candidate = path
        while candidate:
            if candidate in self.locations:
                return self.locations[candidate]
            candidate = re.sub(r"(\.[^.\[\]]+|\[[^\]]*\])$", "", candidate)
        return _Location(COUNTY_SHEET if not path.startswith("schools") else SCHOOLS_SHEET)


def _put(document: dict[str, Any], field: str, value: object) -> None:
    *parents, key = field.split(".")
    node = document
    for parent in parents:
        node = node.setdefault(parent, {})
    node[key] = value


def _read(path: Source, name: str, registry: Registry | None) -> dict[str, Any]:
    sheets, names = _read_sheets(path, name, (COUNTY_SHEET, SCHOOLS_SHEET))
    from edu_rules.plugins import fields_of  # the plugins load only when asked

    reader = _Reader(sheets, names, _layout(fields_of(registry)))
    document: dict[str, Any] = {}
    county_sheet = reader.sheet(COUNTY_SHEET)
    reader.county(county_sheet, document)
    schools_sheet = reader.sheet(SCHOOLS_SHEET)
    rows = reader.school_rows(schools_sheet) if schools_sheet is not None else []
    document["schools"] = reader.merge_schools(rows)
    reader.locations.setdefault("schools", _Location(SCHOOLS_SHEET))
    ordered = {key: document[key] for key in _document_order() if key in document}
    for problem in validate_county_data(ordered, registry=registry):
        reader.problems.add_checked(reader.where(problem.path), problem.reason)
    problems = reader.problems.sorted()
    if problems:
        raise CountyDataError(problems, source=name)
    return ordered


def _document_order() -> list[str]:
    return list(load_schema("county.schema.json")["properties"])


def load_county(
    path: Source, *, source_name: str | None = None, registry: Registry | None = None
) -> County:
    """Read a filled workbook (a path, or the file's bytes) into a checked county.

    :param registry: the plugins whose data fields the workbook may give (a column each);
        by default the installed plugins.
    :raises CountyDataError: with every problem found, each naming its sheet, cell
        and column, for cells the reader cannot take and for values the county
        contract refuses (checked by :func:`edu_rules.validate_county_data`).
    :raises ExcelSupportMissingError: when openpyxl is not installed.
    """
    document = _read(path, _name_of(path, source_name), registry)
    return serialization.structure(document, County)


def read_county(
    path: Source, *, source_name: str | None = None, registry: Registry | None = None
) -> dict[str, Any]:
    """The county document a filled workbook holds, in canonical form (every field spelled out).

    It is the document :func:`edu_rules.load_county` accepts, and what
    ``edu-rules convert county.xlsx county.json`` writes.
    """
    county = load_county(path, source_name=source_name, registry=registry)
    result: dict[str, Any] = serialization.unstructure(county)
    return result


# --------------------------------------------------------------------------- writing


def _canonical(document: Mapping[str, Any] | County, registry: Registry | None) -> dict[str, Any]:
    if isinstance(document, County):
        county = document
    else:
        from edu_rules.io.validation import load_county as load_json_county

        county = load_json_county(document, registry=registry)
    result: dict[str, Any] = serialization.unstructure(county)
    return result


def _cell_value(value: object, column: Column) -> object:
    """How a document value is written into a cell (the reader's inverse)."""
    written: object = value
    if value is None:
        written = None
    elif column.kind == "boolean":
        written = message("flag.yes" if value else "flag.no", "zh")
    elif column.kind == "enum":
        written = column.choice_label(str(value))
    elif column.kind == "numbers" and isinstance(value, list):
        written = ";".join(_number(item) for item in value) if value else "无"
    elif isinstance(value, Fraction):
        written = float(value)
    return written


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


class _Writer:
    """Writes the three sheets, styled, with drop-down lists and notes on every header."""

    def __init__(self, openpyxl: Any, layout: _Layout) -> None:
        self.px = openpyxl
        self.layout = layout
        styles = openpyxl.styles
        self.bold = styles.Font(bold=True)
        self.english = styles.Font(italic=True, color="FF616161", size=9)
        self.fill = styles.PatternFill("solid", fgColor="FFDDEBF7")
        self.group_fill = styles.PatternFill("solid", fgColor="FFEDEDED")
        self.wrap = styles.Alignment(wrap_text=True, vertical="top")

    def put(
        self, sheet: Worksheet, row: int, column: int, value: object, *, text: bool = False
    ) -> Any:
        cell = sheet.cell(row=row, column=column)
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text that looks like a formula stays text
        if text:
            cell.number_format = "@"
        return cell

    def headers(
        self, sheet: Worksheet, column_index: int, zh: str, en: str, note: str | None
    ) -> None:
        top = self.put(sheet, 1, column_index, zh)
        top.font, top.fill, top.alignment = self.bold, self.fill, self.wrap
        bottom = self.put(sheet, 2, column_index, en)
        bottom.font, bottom.fill = self.english, self.fill
        if note:
            comment = self.px.comments.Comment(note, "edu-rules")
            comment.width, comment.height = 320, 160
            top.comment = comment

    def validation(self, sheet: Worksheet, column: Column, cells: str) -> None:
        """A drop-down list for enums and yes/no, a range check for numbers; a prompt on all."""
        worksheet_dv = self.px.worksheet.datavalidation.DataValidation
        prompt = _note(column, short=True)
        if column.kind in {"enum", "boolean"}:
            choices = (
                [label for _, label in column.choices]
                if column.kind == "enum"
                else [message("flag.yes", "zh"), message("flag.no", "zh")]
            )
            rule = worksheet_dv(
                type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
            )
        elif column.kind in {"integer", "number"}:
            kind = "whole" if column.kind == "integer" else "decimal"
            if column.maximum is not None:
                low = column.minimum if column.minimum is not None else 0
                rule = worksheet_dv(
                    type=kind,
                    operator="between",
                    formula1=_plain(low),
                    formula2=_plain(column.maximum),
                    allow_blank=True,
                )
            else:
                rule = worksheet_dv(
                    type=kind,
                    operator="greaterThanOrEqual",
                    formula1=_plain(column.minimum if column.minimum is not None else 0),
                    allow_blank=True,
                )
        else:
            rule = worksheet_dv(type=None, allow_blank=True)
        rule.showErrorMessage = column.kind in {"enum", "boolean", "integer", "number"}
        rule.errorTitle = column.zh[:32]
        rule.error = f"{column.allowed}"[:255]
        rule.promptTitle = column.zh[:32]
        rule.prompt = prompt[:255]
        rule.showInputMessage = True
        rule.add(cells)
        sheet.add_data_validation(rule)

    # ---- the schools sheet

    def schools(self, sheet: Worksheet, document: Mapping[str, Any] | None) -> None:
        from openpyxl.utils import get_column_letter

        columns = self.layout.school_sheet
        rows = list(_school_rows(document)) if document is not None else []
        last = FIRST_DATA_ROW + max(len(rows), 1) - 1 + _TEMPLATE_ROWS
        for index, column in enumerate(columns, start=1):
            self.headers(sheet, index, column.header, column.key, _note(column))
            letter = get_column_letter(index)
            self.validation(sheet, column, f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            sheet.column_dimensions[letter].width = max(10, min(24, len(column.zh) * 2 + 4))
            if column.kind in {"text", "numbers"}:
                # A column style, not 500 formatted cells: Excel applies it to what is typed.
                sheet.column_dimensions[letter].number_format = "@"
        for offset, (school, stage_name, stage) in enumerate(rows):
            for index, column in enumerate(columns, start=1):
                if column.level == "school":
                    value = _get(school, column.field)
                elif column.field == "stage":
                    value = stage_name
                else:
                    value = _get(stage, column.field)
                self.put(
                    sheet,
                    FIRST_DATA_ROW + offset,
                    index,
                    _cell_value(value, column),
                    text=column.kind in {"text", "numbers"},
                )
        sheet.row_dimensions[1].height = 48
        sheet.freeze_panes = "C3"

    # ---- the county sheet

    def county(self, sheet: Worksheet, document: Mapping[str, Any] | None) -> None:
        heads = ("item", "field", "value", "unit", "description")
        widths = (34, 40, 16, 14, 70)
        for index, (key, width) in enumerate(zip(heads, widths, strict=True), start=1):
            self.headers(
                sheet, index, message(f"xl.col.{key}", "zh"), message(f"xl.col.{key}", "en"), None
            )
            sheet.column_dimensions[self.px.utils.get_column_letter(index)].width = width
        row = FIRST_DATA_ROW
        for zh, en, columns in self.layout.county:
            for index in range(1, 6):
                cell = self.put(sheet, row, index, f"{zh} / {en}" if index == 1 else None)
                cell.fill = self.group_fill
                cell.font = self.bold
            row += 1
            for column in columns:
                value = _get(document, column.field) if document is not None else None
                if document is None and column.field == "schema_version":
                    value = 1
                self.put(sheet, row, 1, column.zh)
                self.put(sheet, row, 2, column.field)
                self.put(sheet, row, 3, _cell_value(value, column), text=column.kind == "text")
                if column.kind == "text":
                    sheet.cell(row=row, column=3).number_format = "@"
                self.put(sheet, row, 4, column.unit_zh or "")
                description = self.put(sheet, row, 5, f"{column.en}. {column.allowed}")
                description.alignment = self.wrap
                self.validation(sheet, column, f"C{row}")
                row += 1
        self.monitoring(sheet, document)
        sheet.freeze_panes = "C3"

    def monitoring(self, sheet: Worksheet, document: Mapping[str, Any] | None) -> None:
        columns = self.layout.monitoring
        first = 7
        entries = _get(document, "quality.monitoring") if document is not None else None
        for offset, column in enumerate(columns):
            index = first + offset
            self.headers(sheet, index, column.header, column.key, _note(column))
            letter = self.px.utils.get_column_letter(index)
            sheet.column_dimensions[letter].width = 16
            self.validation(
                sheet, column, f"{letter}{FIRST_DATA_ROW}:{letter}{FIRST_DATA_ROW + 50}"
            )
        if entries is None:
            return
        if not entries:
            self.put(sheet, FIRST_DATA_ROW, first, "无", text=True)
            return
        for row, entry in enumerate(entries, start=FIRST_DATA_ROW):
            for offset, column in enumerate(columns):
                self.put(
                    sheet,
                    row,
                    first + offset,
                    _cell_value(entry.get(column.key), column),
                    text=column.kind == "text",
                )

    # ---- the instruction sheet

    def help(self, sheet: Worksheet) -> None:
        sheet.column_dimensions["A"].width = 22
        for letter, width in zip("BCDEF", (34, 30, 14, 40, 70), strict=True):
            sheet.column_dimensions[letter].width = width
        title = self.put(
            sheet, 1, 1, f"{message('xl.help.title', 'zh')} / {message('xl.help.title', 'en')}"
        )
        title.font = self.px.styles.Font(bold=True, size=14)
        row = 3
        for number in range(1, _HELP_STEPS + 1):
            for lang in ("zh", "en"):
                cell = self.put(sheet, row, 1, message(f"xl.help.{number}", lang))
                if lang == "zh":
                    cell.font = self.bold
                row += 1
            row += 1
        heads = ("sheet", "item", "field", "unit", "allowed", "description")
        for index, key in enumerate(heads, start=1):
            cell = self.put(
                sheet,
                row,
                index,
                f"{message(f'xl.col.{key}', 'zh')} {message(f'xl.col.{key}', 'en')}",
            )
            cell.font, cell.fill = self.bold, self.fill
        row += 1
        layout = self.layout
        listed = [
            *((SCHOOLS_SHEET, column) for column in layout.school_sheet),
            *((COUNTY_SHEET, column) for column in layout.county_rows),
            *((COUNTY_SHEET, column) for column in layout.monitoring),
        ]
        for sheet_name, column in listed:
            values = (
                sheet_name,
                column.zh,
                column.field if column.level == "county" else column.key,
                column.unit_zh,
                column.allowed,
                column.en + (f" ({column.unit})" if column.unit else ""),
            )
            for index, value in enumerate(values, start=1):
                self.put(sheet, row, index, value).alignment = self.wrap
            row += 1


_HELP_STEPS: Final = 7


def _note(column: Column, *, short: bool = False) -> str:
    """The note on a header (or the prompt of a cell): meaning, unit, allowed values."""
    unit = f"{column.unit_zh} ({column.unit})" if column.unit else ""
    lines = [
        f"{column.zh} — {column.en}" if not short else column.en,
        f"{message('xl.col.unit', 'zh')}: {unit}" if unit else "",
        f"{message('xl.col.allowed', 'zh')}: {column.allowed}",
        message("xl.empty_is_unknown", "zh") + " / " + message("xl.empty_is_unknown", "en"),
    ]
    if column.required:
        lines.append(message("xl.required", "zh") + " / " + message("xl.required", "en"))
    return "\n".join(line for line in lines if line)


def _get(document: Mapping[str, Any] | None, field: str) -> Any:
    node: Any = document
    for part in field.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _school_rows(
    document: Mapping[str, Any],
) -> Iterator[tuple[Mapping[str, Any], str | None, Mapping[str, Any] | None]]:
    """A canonical document's schools as sheet rows: one per stage, school fields repeated.

    Each row is ``(school, stage name, stage)``; a school without stages has one row
    with neither.
    """
    for school in document.get("schools", []):
        stages = [
            (name, stage)
            for name, stage in (school.get("stages") or {}).items()
            if stage is not None
        ]
        if not stages:
            yield school, None, None
            continue
        for name, stage in stages:
            yield school, name, stage


def _unstorable_text(document: Mapping[str, Any]) -> Iterator[Problem]:
    """A problem for each text of the document that an Excel cell cannot hold."""
    from edu_rules.io.paths import format_path

    stack: list[tuple[tuple[str | int, ...], object]] = [((), document)]
    found: list[tuple[tuple[str | int, ...], str]] = []
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            char = excel_unsafe(value)
            if char is not None:
                found.append((path, char))
        elif isinstance(value, Mapping):
            stack.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
    for path, char in sorted(found, key=lambda item: tuple(map(str, item[0]))):
        yield Problem(format_path(path), bilingual("input.xlsx.unsafe_char", char=visible(char)))


Target: TypeAlias = "str | os.PathLike[str] | IO[bytes]"
"""Where a workbook is written: a file path, or a binary stream (a download, kept in memory)."""


def _save(workbook: Workbook, path: Target) -> None:
    where = os.fspath(path) if isinstance(path, str | os.PathLike) else None
    try:
        workbook.save(path if where is None else where)
    except OSError as error:
        raise EduRulesError(
            f"{where or 'workbook'}: cannot write the workbook: {error.strerror or error}"
        ) from error


def write_county(
    path: Target,
    document: Mapping[str, Any] | County | None = None,
    *,
    registry: Registry | None = None,
) -> None:
    """Write ``document`` as a workbook at ``path`` or into a stream; with none, the template.

    The document is checked first (:func:`edu_rules.load_county`) and written in
    canonical form, so reading the workbook back gives the canonical document.  The
    plugins of ``registry`` (by default the installed ones) give their data fields a
    column each.

    :raises CountyDataError: if ``document`` is not a valid county document.
    :raises ExcelSupportMissingError: when openpyxl is not installed.
    """
    openpyxl = _openpyxl()
    canonical = _canonical(document, registry) if document is not None else None
    if canonical is not None:
        unstorable = list(_unstorable_text(canonical))
        if unstorable:
            where = os.fspath(path) if isinstance(path, str | os.PathLike) else "workbook"
            raise CountyDataError(unstorable, source=visible(where))
    workbook = openpyxl.Workbook()
    from edu_rules.plugins import fields_of  # the plugins load only when asked

    writer = _Writer(openpyxl, _layout(fields_of(registry)))
    schools = workbook.active
    schools.title = SCHOOLS_SHEET
    writer.schools(schools, canonical)
    writer.county(workbook.create_sheet(COUNTY_SHEET), canonical)
    writer.help(workbook.create_sheet(HELP_SHEET))
    _save(workbook, path)


def write_template(path: Target, *, registry: Registry | None = None) -> None:
    """Write the empty workbook people fill in (``edu-rules template county.xlsx``).

    Each data field the plugins of ``registry`` (by default the installed) declare has a column.
    """
    write_county(path, registry=registry)

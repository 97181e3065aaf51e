"""Writing a county, or the blank template, as a workbook with the same bytes for the same input."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import IO, TYPE_CHECKING, Any, Final, TypeAlias

from edu_rules._messages import bilingual, message
from edu_rules._text import excel_unsafe, visible
from edu_rules.io import serialization
from edu_rules.io.excel import sheets
from edu_rules.io.excel.layout import (
    COUNTY_SHEET,
    FIRST_DATA_ROW,
    HELP_SHEET,
    SCHOOLS_SHEET,
    SHARED_SHEET,
    Column,
    _Layout,
    _layout,
    _plain,
    openpyxl_module,
)
from edu_rules.io.files import cannot_make_workbook, cannot_write, write_file
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError, Problem

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from edu_rules.model.datafields import DataFields
    from edu_rules.plugins import Registry

_TEMPLATE_ROWS: Final = 500
"""Rows prepared (drop-down lists, formats) below the data for people to fill in."""

_SHARED_TEMPLATE_ROWS: Final = 100
"""Rows prepared on the shared-figures sheet (through-schools are a few per county)."""


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
        cell = sheets.put(sheet, row, column, value, exact=True)  # text stays text, as typed
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
            sheet.column_dimensions[letter].width = _form_width(column)
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
        self.for_work_and_print(sheet, len(columns), FIRST_DATA_ROW + len(rows) - 1)

    def for_work_and_print(
        self, sheet: Worksheet, columns: int, last_row: int, *, freeze: str = "C3"
    ) -> None:
        """Headers wrapped and in view, a filter on them, and A4 landscape one page wide."""
        from openpyxl.utils import get_column_letter

        lines = max(
            sheets.wrapped_lines(str(sheet.cell(row=1, column=index).value or ""), width)
            for index in range(1, columns + 1)
            if (width := sheet.column_dimensions[get_column_letter(index)].width)
        )
        sheet.row_dimensions[1].height = max(lines, 2) * 15
        sheet.freeze_panes = freeze
        right = get_column_letter(columns)
        sheet.auto_filter.ref = f"A2:{right}{max(last_row, FIRST_DATA_ROW)}"
        sheets.for_print(sheet, repeat_rows=2)

    # ---- the shared-figures sheet

    def shared(self, sheet: Worksheet, document: Mapping[str, Any] | None) -> None:
        """One row per school that gives whole-school figures (``shared``), by school id."""
        from openpyxl.utils import get_column_letter

        columns = self.layout.shared_sheet
        rows = [
            school
            for school in (document or {}).get("schools", [])
            if school.get("shared") is not None
        ]
        last = FIRST_DATA_ROW + max(len(rows), 1) - 1 + _SHARED_TEMPLATE_ROWS
        for index, column in enumerate(columns, start=1):
            self.headers(sheet, index, column.header, column.key, _note(column))
            letter = get_column_letter(index)
            self.validation(sheet, column, f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            sheet.column_dimensions[letter].width = _form_width(column)
            if column.kind == "text":
                sheet.column_dimensions[letter].number_format = "@"
        for offset, school in enumerate(rows):
            for index, column in enumerate(columns, start=1):
                source = school if column.level == "school" else school["shared"]
                self.put(
                    sheet,
                    FIRST_DATA_ROW + offset,
                    index,
                    _cell_value(_get(source, column.key), column),
                    text=column.kind == "text",
                )
        self.for_work_and_print(sheet, len(columns), FIRST_DATA_ROW + len(rows) - 1, freeze="B3")

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
                description = self.put(sheet, row, 5, f"{column.meaning_zh}。{column.allowed}")
                description.alignment = self.wrap
                self.validation(sheet, column, f"C{row}")
                row += 1
        self.monitoring(sheet, document)
        sheet.freeze_panes = "C3"
        sheets.fit_rows(sheet, FIRST_DATA_ROW)
        sheets.for_print(sheet, repeat_rows=2)

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
        heading_row = row
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
            *((SHARED_SHEET, column) for column in layout.shared),
        ]
        for sheet_name, column in listed:
            values = (
                sheet_name,
                column.zh,
                column.field if column.level == "county" else column.key,
                column.unit_zh,
                column.allowed,
                "\n".join(_meanings(column)) + (f" ({column.unit})" if column.unit else ""),
            )
            for index, value in enumerate(values, start=1):
                self.put(sheet, row, index, value).alignment = self.wrap
            row += 1
        sheets.fit_rows(sheet, heading_row)
        sheets.for_print(sheet)
        sheet.print_title_rows = f"{heading_row}:{heading_row}"


_HELP_STEPS: Final = 8


_NAME_WIDTH: Final = 30
"""A school's name takes up to fifteen Chinese characters."""


def _form_width(column: Column) -> float:
    """A schools-sheet column wide enough for its field's key and, in three lines, its header."""
    from edu_rules.io.excel.sheets import text_width

    header = -(-text_width(column.header) // 3) + 3
    key = min(text_width(column.key) + 2, 28)
    widest = _NAME_WIDTH if column.field == "name" else 0
    return max(10, header, key, widest)


def _meanings(column: Column) -> tuple[str, ...]:
    """The field's meaning in Chinese, then in English (one, if a plugin's field has no Chinese)."""
    return (column.en,) if column.meaning_zh == column.en else (column.meaning_zh, column.en)


def _note(column: Column, *, short: bool = False) -> str:
    """The note on a header (or the prompt of a cell): meaning, unit, allowed values.

    The meaning is Chinese; a header's note adds the English meaning on a line of its own.
    """
    unit = f"{column.unit_zh} ({column.unit})" if column.unit else ""
    english = f"{bilingual('xl.english')}: {column.en}" if len(_meanings(column)) > 1 else ""
    lines = [
        f"{column.zh} — {column.meaning_zh}" if not short else column.meaning_zh,
        english if not short else "",
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


FIXED_TIME: Final = (1980, 1, 1, 0, 0, 0)
"""The date of every zip entry and of the workbook's properties."""

_MODIFIED: Final = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def stable_bytes(workbook: Any) -> bytes:
    """The workbook saved, every date fixed, so equal workbooks are equal bytes.

    openpyxl stamps the time of saving into the workbook's properties and its zip entries;
    both are fixed here.  Every workbook edu-rules writes goes through this.
    """
    import datetime as dt

    fixed = dt.datetime(*FIXED_TIME)  # noqa: DTZ001 - a fixed stamp keeps the bytes stable
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    buffer = io.BytesIO()
    failed: OSError | None = None
    try:
        workbook.save(buffer)  # openpyxl writes each sheet to a temporary file first
    except OSError as error:
        failed = error
    if failed is not None:
        import tempfile

        said = cannot_make_workbook(tempfile.gettempdir(), failed)
        _drop_quietly(failed)
        raise said
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = _MODIFIED.sub(rb"\g<1>1980-01-01T00:00:00Z\g<2>", content)
            target.writestr(entry, content)
    return out.getvalue()


def _drop_quietly(error: BaseException) -> None:
    """Let go of a failed save's frames without the noise their half-written sheets make.

    openpyxl writes a sheet through a generator; when a save fails, the generator
    still held by the error's frames complains on standard error as it is collected.
    """
    import gc
    import sys

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        error.__traceback__ = None
        error.__context__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _save(workbook: Workbook, path: Target) -> None:
    """Save ``workbook`` into a stream, or replace the file ``path`` by it, all or nothing."""
    content = stable_bytes(workbook)
    if isinstance(path, str | os.PathLike):
        write_file(path, content)  # the earlier file stays if the write fails
        return
    try:
        path.write(content)
    except OSError as error:
        raise cannot_write("workbook", error) from error


def write_county(
    path: Target,
    document: Mapping[str, Any] | County | None = None,
    *,
    registry: Registry | None = None,
    fields: DataFields | None = None,
) -> None:
    """Write ``document`` as a workbook at ``path`` or into a stream; with none, the template.

    The document is checked first (:func:`edu_rules.load_county`) and written in
    canonical form, so reading the workbook back gives the canonical document.  The
    plugins of ``registry`` (by default the installed ones) give their data fields a
    column each; ``fields``, when given, are the data fields that get one instead (those
    of the layers governing one unit: :func:`edu_rules.io.excel.forms.fields_for`).

    :raises CountyDataError: if ``document`` is not a valid county document.
    :raises ExcelSupportMissingError: when openpyxl is not installed.
    """
    openpyxl = openpyxl_module()
    canonical = _canonical(document, registry) if document is not None else None
    if canonical is not None:
        unstorable = list(_unstorable_text(canonical))
        if unstorable:
            where = os.fspath(path) if isinstance(path, str | os.PathLike) else "workbook"
            raise CountyDataError(unstorable, source=visible(where))
    workbook = openpyxl.Workbook()
    from edu_rules.plugins import fields_of  # the plugins load only when asked

    writer = _Writer(openpyxl, _layout(fields if fields is not None else fields_of(registry)))
    schools = workbook.active
    schools.title = SCHOOLS_SHEET
    writer.schools(schools, canonical)
    writer.county(workbook.create_sheet(COUNTY_SHEET), canonical)
    writer.shared(workbook.create_sheet(SHARED_SHEET), canonical)
    writer.help(workbook.create_sheet(HELP_SHEET))
    _save(workbook, path)


def write_template(
    path: Target, *, registry: Registry | None = None, fields: DataFields | None = None
) -> None:
    """Write the empty workbook people fill in (``edu-rules template county.xlsx``).

    Each data field the plugins of ``registry`` (by default the installed) declare has a
    column, or each of ``fields`` when given.
    """
    write_county(path, registry=registry, fields=fields)

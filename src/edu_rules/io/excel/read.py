"""Reading a filled workbook back into a county document, every problem named by sheet and cell."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypeVar

import attrs

from edu_rules._limits import (
    LARGEST_EXPONENT,
    MAX_IGNORED_CELLS,
    MAX_MERGED_CELLS,
    MAX_NUMBER_DIGITS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_WORKBOOK_BYTES,
    MAX_WORKBOOK_MEMBERS,
    MAX_WORKBOOK_UNPACKED_BYTES,
)
from edu_rules._messages import Text, bilingual, message, text
from edu_rules._numbers import exact
from edu_rules._resources import load_schema
from edu_rules.io import serialization
from edu_rules.io.excel.layout import (
    COUNTY_SHEET,
    FIRST_DATA_ROW,
    HELP_SHEET,
    SCHOOL_FORM_SHEET,
    SCHOOLS_SHEET,
    SHARED_SHEET,
    Column,
    _Layout,
    _layout,
    _stage_column,
    openpyxl_module,
)
from edu_rules.io.validation import _too_large, read_input_file, validate_county_data
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError, Problem

if TYPE_CHECKING:
    from edu_rules.model.result import Result
    from edu_rules.plugins import Registry

_L = TypeVar("_L")

_EMPTY_LIST_WORDS: Final = frozenset({"无", "none", "[]", "0间", "无此类教室"})
_LIST_SEPARATORS: Final = re.compile(r"[;；、]")
_TRUE_WORDS: Final = frozenset({"是", "true", "yes", "y"})
_FALSE_WORDS: Final = frozenset({"否", "false", "no", "n"})
_ROMAN: Final = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "I": 1, "II": 2, "III": 3, "IV": 4}
_SHOWN: Final = 40


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
        sheets = (SCHOOLS_SHEET, COUNTY_SHEET, SHARED_SHEET, HELP_SHEET)
        rank = sheets.index(self.sheet) if self.sheet in sheets else len(sheets)
        return (rank, self.row or 0, self.column or 0)


def _header(column: Column) -> str:
    return f"{column.zh} {column.field if column.level == 'county' else column.key}"


def _problem(where: str, reason: str | Text) -> Problem:
    return Problem.about(where, reason) if isinstance(reason, Text) else Problem(where, reason)


class _Problems:
    """Problems found while reading, each at its location, reported together and in order."""

    def __init__(self) -> None:
        self.found: list[tuple[tuple[int, int, int], Problem]] = []
        self.cells: set[str] = set()

    def add(self, where: _Location, reason: str | Text) -> None:
        self.found.append((where.order, _problem(str(where), reason)))
        self.cells.add(str(where))

    def add_checked(self, where: _Location, reason: str | Text) -> None:
        """A problem the county contract found: said once per cell, after the reader's own."""
        if str(where) not in self.cells:
            self.found.append((where.order, _problem(str(where), reason)))

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


def _out_of_range(raw: object) -> Text:
    return text(
        "xl.cell.out_of_range", digits=MAX_NUMBER_DIGITS, exp=LARGEST_EXPONENT, got=_show(raw)
    )


def _as_number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() and "." not in str(value) else value


def _parse_number(raw: object, column: Column, number_format: str) -> tuple[object, Text | None]:
    value: object = EMPTY
    reason: Text | None = text("xl.cell.number", got=_show(raw))
    if isinstance(raw, dt.datetime | dt.date | dt.time | dt.timedelta):
        reason = text("xl.cell.date", got=str(raw))
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        value, reason = raw, None
        if column.percent and _percent_format(number_format):
            # Excel keeps 96.5% as 0.965: the contract wants the percentage itself.
            value = _as_number(Decimal(repr(raw)) * 100)
        elif column.percent and 0 < raw < 1:
            value, reason = EMPTY, _fraction_reason(Decimal(repr(raw)))
    elif isinstance(raw, str) and column.kind == "integer" and raw.strip() in _ROMAN:
        value, reason = _ROMAN[raw.strip()], None
    elif isinstance(raw, str):
        parsed = _number_text(raw, percent=column.percent)
        if parsed is None:
            reason = text("xl.cell.number_or_empty", got=_show(raw))
        elif _beyond_bounds(parsed):  # checked before int(): 1e99999999 has 10⁸ digits
            reason = _out_of_range(raw)
        elif column.percent and 0 < parsed < 1 and not raw.strip().endswith(("%", "％")):
            reason = _fraction_reason(parsed)  # typed "0.95%", it is taken as 0.95%
        else:
            value, reason = _as_number(parsed), None
    return value, reason


_QUOTED_FORMAT: Final = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
"""What a number format shows literally: quoted text, escaped characters, [colours]."""


def _percent_format(number_format: str) -> bool:
    """Whether Excel shows the cell as a percentage (``0%``, ``0.0%``; not ``0.0"%"``)."""
    return "%" in _QUOTED_FORMAT.sub("", number_format)


def _fraction_reason(value: Decimal) -> Text:
    """``0.95%：是否应为 95%？…`` for a percentage cell that holds a fraction of one."""
    shown = format(value.normalize(), "f")
    percent = format((value * 100).normalize(), "f")
    return text("input.pct.fraction_cell", value=shown, percent=percent)


def _parse_numbers(raw: object) -> tuple[object, Text | None]:
    if isinstance(raw, bool):
        return EMPTY, text("xl.cell.numbers", got=_show(raw))
    if isinstance(raw, int | float):
        return [raw], None
    if not isinstance(raw, str):
        return EMPTY, text("xl.cell.numbers", got=_show(raw))
    if raw.strip().lower() in _EMPTY_LIST_WORDS:
        return [], None
    values: list[object] = []
    for piece in _LIST_SEPARATORS.split(raw):
        if not piece.strip():
            continue
        parsed = _number_text(piece, percent=False)
        if parsed is None or _beyond_bounds(parsed):
            return EMPTY, text("xl.cell.numbers_piece", got=_show(raw), piece=_show(piece.strip()))
        values.append(_as_number(parsed))
    return values, None


def _parse_boolean(raw: object) -> tuple[object, Text | None]:
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE_WORDS:
            return True, None
        if word in _FALSE_WORDS:
            return False, None
    return EMPTY, text("xl.cell.boolean", got=_show(raw))


def _parse_enum(raw: object, column: Column) -> tuple[object, Text | None]:
    if isinstance(raw, str):
        word = raw.strip()
        for code, label in column.choices:
            if word in {label, code} or word.lower() == code.lower():
                return code, None
    allowed = ", ".join(f"{label} ({code})" for code, label in column.choices)
    return EMPTY, text("xl.cell.choice", allowed=allowed, got=_show(raw))


def _parse_text(raw: object) -> tuple[object, Text | None]:
    if isinstance(raw, str):
        return raw, None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return EMPTY, text("xl.cell.text", got=_show(raw))
    # Excel turns a typed 450202 or 1001 into a number; the contract keeps it as text.
    return (str(int(raw)) if float(raw).is_integer() else repr(raw)), None


def parse_cell(
    raw: object, column: Column, number_format: str = "General", *, lang: str = "en"
) -> tuple[object, str | None]:
    """The value a cell holds for ``column``, or :data:`EMPTY`, and the problem if any.

    Whitespace-only text is empty.  Numbers may be typed as text; a percentage
    formatted as ``%`` in Excel is read as the percentage it shows.  The problem is
    said in ``lang``.
    """
    value, reason = _parse_cell(raw, column, number_format)
    return value, None if reason is None else reason.spell(lang)


def _parse_cell(raw: object, column: Column, number_format: str) -> tuple[object, Text | None]:
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


_FORMULAS_SHOWN: Final = 200
"""Most formula cells one message names (the count of the others follows)."""

_Cell = tuple[object, str, bool]
"""What a cell holds: its value, its number format, and whether it is a formula."""


class _Sheet:
    """The cells of one worksheet that hold a value, read as the file has them.

    Cells are taken from the sheet's XML as they come (never by walking the
    dimension the sheet claims, which may be ``A1:XFD1048576``), only up to
    :data:`~edu_rules._limits.MAX_SHEET_ROWS` and ``MAX_SHEET_COLUMNS``.  A formula is
    a formula: its cached value is never read, for nothing proves it is what the formula
    gives (``=1+1`` may be saved with 10), and the reader refuses it.  Merged ranges map
    each of their cells to the range's first cell (:meth:`origin`).
    """

    def __init__(
        self,
        title: str,
        cells: Mapping[tuple[int, int], _Cell],
        merged: Mapping[tuple[int, int], tuple[int, int]],
    ) -> None:
        self.title = title
        self.cells = cells
        self.merged = merged
        self.max_row = max((row for row, _ in cells), default=0)
        self.max_column = max((column for _, column in cells), default=0)

    def cell(self, row: int, column: int) -> tuple[object, str, bool]:
        """``(value, number format, is a formula)`` of a cell (1-based).

        A formula's value is its text (``=1+1``).
        """
        found = self.cells.get((row, column))
        if found is None:
            return None, "General", False
        return found

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


@attrs.frozen
class _Keep:
    """Which cells of a sheet's data rows are stored: those under the headers the reader knows.

    The header rows (1 and 2) are kept whole, within the bounds.  Below them a cell is
    kept when its column is one of ``columns`` (read by position) or its row-2 header is
    one of ``names``; any other cell holding a value is skipped unparsed and counted, and
    the sheet is refused past :data:`~edu_rules._limits.MAX_IGNORED_CELLS` of them.
    """

    names: frozenset[str] = frozenset()
    columns: frozenset[int] = frozenset()


class _IgnoredCellsError(Exception):
    """A sheet holds more values outside its known columns than a filled workbook can."""

    def __init__(self, row: int, column: int) -> None:
        super().__init__(row, column)
        self.row, self.column = row, column


class _RowOrderError(Exception):
    """A sheet's rows are not in ascending order (a forged file: Excel never writes one)."""

    def __init__(self, row: int) -> None:
        super().__init__(row)
        self.row = row


_HEADER_ROWS: Final = 2
"""Rows 1 and 2 of a sheet: the Chinese and the English headers."""

_COLUMN_LETTERS: Final = re.compile(r"[A-Za-z]{1,3}")


def _column_of(coordinate: str | None, previous: int) -> int:
    """The column (1-based) of a cell reference ``AD17``; the next column when it has none."""
    if not coordinate:
        return previous + 1
    letters = _COLUMN_LETTERS.match(coordinate)
    if letters is None:
        return previous + 1  # let openpyxl's own parsing refuse the cell
    column = 0
    for letter in letters.group(0).upper():
        column = column * 26 + ord(letter) - 64
    return column


def _sheet_cells(worksheet: Any, keep: _Keep) -> tuple[_Cells, list[str]]:  # noqa: C901 - one bound per check
    """The value-holding cells of a read-only worksheet that the reader uses, and its merged ranges.

    openpyxl's own iteration fills every row and column up to the largest index it
    meets (a cell at ``XFD1048576`` means a million rows of 16,384 cells), so the
    sheet's XML is parsed here with openpyxl's streaming parser, row by row, and a
    cell of a data row is parsed only when it lies under a known header (``keep``):
    memory stays within the known columns times :data:`~edu_rules._limits.MAX_SHEET_ROWS`
    whatever the file holds, and a sheet of millions of values elsewhere is refused at
    the first cell past the bounds.

    :raises _FarCellError: at the first value beyond the bounds.
    :raises _IgnoredCellsError: at the value past ``MAX_IGNORED_CELLS`` outside the known columns.
    :raises _RowOrderError: at a row that does not follow the one before it.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    book = worksheet.parent
    cells: _Cells = {}
    columns: frozenset[int] | None = None  # known once the header rows are read
    ignored = 0
    last_row = 0

    def known_columns() -> frozenset[int]:
        headers = {
            column: str(value).strip()
            for (row, column), (value, _, _) in cells.items()
            if row == _HEADER_ROWS and isinstance(value, str | int | float)
        }
        return keep.columns | frozenset(
            column for column, name in headers.items() if name in keep.names
        )

    class _Parser(WorkSheetParser):  # type: ignore[misc]  # openpyxl is untyped
        row_counter: int
        col_counter: int

        def parse_row(self, row: Any) -> tuple[int, list[dict[str, Any]]]:
            nonlocal columns, ignored, last_row
            number = row.get("r")
            try:
                self.row_counter = int(number) if number is not None else self.row_counter + 1
            except ValueError:
                self.row_counter = int(float(number))  # "3.0"; anything else is refused below
            if self.row_counter <= last_row:
                raise _RowOrderError(self.row_counter)
            last_row = self.row_counter
            self.col_counter = 0
            if self.row_counter > _HEADER_ROWS and columns is None:
                columns = known_columns()
            wanted = columns
            parsed = []
            if len(row) > MAX_SHEET_COLUMNS:  # more cells than columns: refused before parsing
                raise _FarCellError(self.row_counter, len(row))
            for element in row:
                column = _column_of(element.get("r"), self.col_counter)
                if wanted is not None and column not in wanted:
                    self.col_counter = column
                    if len(element):  # a value, a formula or inline text (not just a style)
                        if self.row_counter > MAX_SHEET_ROWS or column > MAX_SHEET_COLUMNS:
                            raise _FarCellError(self.row_counter, column)
                        ignored += 1
                        if ignored > MAX_IGNORED_CELLS:
                            raise _IgnoredCellsError(self.row_counter, column)
                    continue
                parsed.append(self.parse_cell(element))
            return self.row_counter, parsed

    with worksheet._get_source() as source:  # noqa: SLF001 - the read-only sheet's XML stream
        parser = _Parser(
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
            [Problem.about("", text("xl.book.unreadable", reason=reason))], source=name
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


def _read_one(worksheet: Any, title: str, name: str, keep: _Keep) -> tuple[_Cells, list[str]]:
    try:
        return _sheet_cells(worksheet, keep)
    except _FarCellError as error:
        raise CountyDataError([_far_cell(title, error)], source=name) from None
    except _IgnoredCellsError as error:
        where = _Location(
            title, error.row, error.column if error.column <= _EXCEL_COLUMNS else None
        )
        reason = bilingual("input.xlsx.ignored_cells", limit=f"{MAX_IGNORED_CELLS:,}")
        raise CountyDataError([Problem(str(where), reason)], source=name) from None
    except _RowOrderError as error:
        reason = bilingual("input.xlsx.row_order")
        raise CountyDataError([Problem(f"{title}!{error.row}", reason)], source=name) from None
    except Exception as error:  # forged XML inside a well-formed zip, as in _load
        reason = str(error) or type(error).__name__
        raise CountyDataError(
            [Problem.about(title, text("xl.sheet.unreadable", reason=reason))],
            source=name,
        ) from error


def _read_sheets(
    path: Source, name: str, titles: Mapping[str, _Keep]
) -> tuple[dict[str, _Sheet], list[str]]:
    """The sheets called ``titles`` that the workbook has, and the names of all its sheets.

    The file is bounded before openpyxl sees it: a regular file of at most
    :data:`~edu_rules._limits.MAX_WORKBOOK_BYTES`, whose zip directory promises at most
    ``MAX_WORKBOOK_UNPACKED_BYTES`` (Python's zip reader never inflates a part past the
    size the directory gives it).  It is read in openpyxl's read-only mode; XML entities
    are not expanded (openpyxl parses with ``defusedxml`` when it is installed, as the
    ``excel`` extra does, and Python's expat refuses entity amplification besides).  Of
    each sheet only the cells under the headers its :class:`_Keep` names are stored.
    Formulas are kept as formulas (never their cached values: see :meth:`_Sheet.cell`).
    """
    openpyxl = openpyxl_module()
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
    with warnings.catch_warnings():
        # openpyxl warns of parts it does not keep (extensions, odd styles): not our matter
        warnings.simplefilter("ignore")
        workbook = _load(openpyxl, raw, name, data_only=False)
        try:
            names = list(workbook.sheetnames)
            for title, keep in titles.items():
                if title in names:
                    found[title] = _read_one(workbook[title], title, name, keep)
        finally:
            workbook.close()
    sheets: dict[str, _Sheet] = {}
    for title, (cells, ranges) in found.items():
        try:
            merged = _merged_map(ranges)
        except _TooManyMergedError:
            reason = bilingual("input.xlsx.too_merged", limit=f"{MAX_MERGED_CELLS:,}")
            raise CountyDataError([Problem(title, reason)], source=name) from None
        sheets[title] = _Sheet(title, cells, merged)
    return sheets, names


class _Reader:
    """Reads a filled workbook into a county document, noting where every value came from."""

    def __init__(self, sheets: Mapping[str, _Sheet], names: list[str], layout: _Layout) -> None:
        self.sheets = sheets
        self.names = names
        self.problems = _Problems()
        self.locations: dict[str, _Location] = {}
        self.rows: dict[tuple[str, str | None], str] = {}
        """(school id, stage or ``None``) → the rows it was read from: ``学校 Schools!5:5``."""
        self.layout = layout
        self.formulas: list[_Location] = []
        """The cells read that hold a formula, in reading order."""

    def formula_problem(self) -> None:
        """One problem naming every formula cell read: they must be pasted as values."""
        if not self.formulas:
            return
        shown = [
            str(_Location(where.sheet, where.row, where.column))
            for where in self.formulas[:_FORMULAS_SHOWN]
        ]
        more = len(self.formulas) - len(shown)
        cells = "、".join(shown) + (f" … (+{more:,})" if more else "")
        first = self.formulas[0]
        self.problems.cells.discard(str(first))
        self.problems.add(first, text("xl.cell.formulas", cells=cells))

    def sheet(self, title: str) -> _Sheet | None:
        if title not in self.sheets:
            self.problems.add(
                _Location(title),
                text("xl.sheet.missing", schools=SCHOOLS_SHEET, county=COUNTY_SHEET),
            )
            return None
        return self.sheets[title]

    def value(
        self, sheet: _Sheet, row: int, index: int, column: Column, *, merged: bool = False
    ) -> tuple[object, _Location]:
        """The value of a cell for ``column``; with ``merged``, a merged range's value."""
        origin = sheet.origin(row, index)
        if merged:
            row, index = origin
        where = _Location(sheet.title, row, index, _header(column))
        if origin != (row, index):  # a figure merged over rows (or columns) is no figure of each
            shown = str(_Location(sheet.title, *origin))
            self.problems.add(where, text("input.xlsx.merged_cell", origin=shown))
            return EMPTY, where
        raw, number_format, formula = sheet.cell(row, index)
        if formula:  # never judged by a cached value: said once for all (formula_problem)
            self.formulas.append(where)
            self.problems.cells.add(str(where))
            return EMPTY, where
        value, reason = _parse_cell(raw, column, number_format)
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
                also = text("xl.hint", hint=hint[0]) if hint else ""
                self.problems.add(where, text("xl.column.unknown", name=name, also=also))
            elif name in found:
                self.problems.add(where, text("xl.column.twice", name=name))
            else:
                found[name] = index
        return found

    def school_rows(self, sheet: _Sheet) -> list[_Row]:
        layout = self.layout
        stage_column = _stage_column()
        headers = self.header_map(sheet, layout.school_sheet)
        if "id" not in headers:
            self.problems.add(_Location(sheet.title, 2), text("xl.column.no_id"))
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
                self.problems.add(where, text("xl.row.no_id"))
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
        self.rows[(school_id, None)] = str(_Location(sheet, first, None, None, last))
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
                        text(
                            "xl.row.differs",
                            other=_show(other),
                            row=where.row,
                            value=_show(value),
                            school=school_id,
                        ),
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
                if given and str(where) not in self.problems.cells:
                    names = ", ".join(given[:3]) + (", …" if len(given) > 3 else "")
                    self.problems.add(
                        where,
                        text("xl.row.stage_empty", names=names),
                    )
                continue
            name = str(stage)
            if name in seen:
                self.problems.add(
                    where,
                    text(
                        "xl.row.stage_twice",
                        school=school_id,
                        stage=message(f"stage.{name}", "zh"),  # the label in the cell
                        name=name,
                        row=seen[name],
                    ),
                )
                continue
            seen[name] = row.number
            stage_at = f"{at}.stages.{name}"
            self.locations[stage_at] = where
            self.rows[(school_id, name)] = str(_Location(where.sheet, row.number))
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

    # ---- the shared-figures sheet

    def shared(self, sheet: _Sheet, schools: list[dict[str, Any]]) -> None:
        """Each row's whole-school figures into its school's ``shared`` (optional sheet)."""
        columns = self.layout.shared_sheet
        headers = self.header_map(sheet, columns)
        if not headers:
            return
        if "id" not in headers:
            self.problems.add(_Location(sheet.title, 2), text("xl.column.no_id"))
            return
        index_of = {str(school.get("id")): index for index, school in enumerate(schools)}
        seen: dict[str, int] = {}
        for number in range(FIRST_DATA_ROW, sheet.max_row + 1):
            if all(_blank(sheet.cell(number, index)[0]) for index in headers.values()):
                continue
            cells = {
                column.key: self.value(sheet, number, headers[column.key], column)
                for column in columns
                if column.key in headers
            }
            school_id, where = cells.pop("id")
            if school_id is EMPTY:
                self.problems.add(where, text("xl.row.no_id"))
                continue
            key = str(school_id).strip()
            if key in seen:
                self.problems.add(where, text("xl.shared.twice", school=key, row=seen[key]))
                continue
            seen[key] = number
            if key not in index_of:
                self.problems.add(where, text("xl.shared.no_school", school=key))
                continue
            at = f"schools[{index_of[key]}].shared"
            self.locations[at] = _Location(sheet.title, number, None, f"school {key}")
            figures: dict[str, Any] = {}
            for column in self.layout.shared:
                if column.key not in cells:
                    continue
                value, cell = cells[column.key]
                self.locations[f"{at}.{column.key}"] = cell
                figures[column.key] = None if value is EMPTY else value
            schools[index_of[key]]["shared"] = figures

    # ---- the county sheet

    def county(self, sheet: _Sheet | None, document: dict[str, Any]) -> None:
        rows = {column.field: column for column in self.layout.county_rows}
        for column in rows.values():
            self.locations[column.field] = _Location(COUNTY_SHEET, None, None, _header(column))
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
                        text("xl.county.no_field"),
                    )
                continue
            found = rows.get(field)
            if found is None:
                hint = difflib.get_close_matches(field, list(rows), n=1, cutoff=0.75)
                also = text("xl.hint", hint=hint[0]) if hint else ""
                self.problems.add(
                    _Location(title, number, 2, field),
                    text("xl.county.unknown", field=field, also=also),
                )
                continue
            if field in seen:
                self.problems.add(
                    _Location(title, number, 2, field),
                    text("xl.county.twice", row=seen[field]),
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

    def where(self, path: str) -> tuple[_Location, str]:
        """The workbook location of a document path, and what it says of the path beyond it.

        A path the workbook has no cell for (a stage row that is not there) is located at
        its nearest ancestor that has one, and the rest is said: ``缺少“初中”学段行``.
        """
        return _nearest(self.locations, path, _Location(COUNTY_SHEET))


def _put(document: dict[str, Any], field: str, value: object) -> None:
    *parents, key = field.split(".")
    node = document
    for parent in parents:
        node = node.setdefault(parent, {})
    node[key] = value


def _read(path: Source, name: str, registry: Registry | None) -> tuple[dict[str, Any], CellMap]:
    from edu_rules.plugins import fields_of  # the plugins load only when asked

    layout = _layout(fields_of(registry))
    keep = {
        # the county sheet's items are read by position (B: field, C: value), the
        # monitoring table by its headers; the schools sheet by its headers
        COUNTY_SHEET: _Keep(
            frozenset(column.key for column in layout.monitoring), frozenset({2, 3})
        ),
        SCHOOLS_SHEET: _Keep(frozenset(column.key for column in layout.school_sheet)),
        SHARED_SHEET: _Keep(frozenset(column.key for column in layout.shared_sheet)),
    }
    sheets, names = _read_sheets(path, name, keep)
    if SCHOOL_FORM_SHEET in names and SCHOOLS_SHEET not in names:  # one school's form
        raise CountyDataError([Problem.about("", text("form.is_school_form"))], source=name)
    reader = _Reader(sheets, names, layout)
    document: dict[str, Any] = {}
    county_sheet = reader.sheet(COUNTY_SHEET)
    reader.county(county_sheet, document)
    schools_sheet = reader.sheet(SCHOOLS_SHEET)
    rows = reader.school_rows(schools_sheet) if schools_sheet is not None else []
    document["schools"] = reader.merge_schools(rows)
    shared_sheet = sheets.get(SHARED_SHEET)  # optional: workbooks written before it lack it
    if shared_sheet is not None:
        reader.shared(shared_sheet, document["schools"])
    reader.locations.setdefault("schools", _Location(SCHOOLS_SHEET))
    ordered = {key: document[key] for key in _document_order() if key in document}
    for problem in validate_county_data(ordered, registry=registry):
        where, rest = reader.where(problem.path)
        reason: str | Text = problem.text if problem.text is not None else problem.reason
        if rest:
            reason = text("xl.where.rest_reason", rest=rest, reason=reason)
        reader.problems.add_checked(where, reason)
    reader.formula_problem()
    problems = reader.problems.sorted()
    if problems:
        raise CountyDataError(problems, source=name)
    places = {path: str(where) for path, where in reader.locations.items()}
    return ordered, CellMap(places, reader.rows)


_LAST_STEP: Final = re.compile(r"(\.[^.\[\]]+|\[[^\]]*\])$")
_STAGE_ROW: Final = re.compile(r"^schools\[\d+\]\.stages\.(primary|junior)$")


def _nearest(locations: Mapping[str, _L], path: str, default: _L) -> tuple[_L, str]:
    """The location of ``path`` or of its nearest located ancestor, and the rest in words."""
    candidate = path
    while candidate and candidate not in locations:
        candidate = _LAST_STEP.sub("", candidate)
    if not candidate:
        return default, ""
    rest = path[len(candidate) :]
    stage = _STAGE_ROW.search(path) if path.startswith("schools[") else None
    if stage is not None and stage.group(0).endswith(rest):
        name = stage.group(1)
        rest = bilingual("xl.where.stage_row", stage=message(f"stage.{name}", "zh"), name=name)
    return locations[candidate], rest.lstrip(".")


def _plain_dict(places: Mapping[str, str]) -> dict[str, str]:
    return dict(places)


def _plain_rows(
    rows: Mapping[tuple[str, str | None], str],
) -> dict[tuple[str, str | None], str]:
    return dict(rows)


@attrs.frozen
class CellMap:
    """Where each field of a county read from a workbook came from.

    Kept beside the county (:func:`load_located`), never in it: the county and its
    result are the same whether they came from JSON or from cells.  A report on the
    result names the cells the analyst fills instead of field paths (:meth:`locate`).
    """

    places: Mapping[str, str] = attrs.field(converter=_plain_dict)
    """Document path → ``学校 Schools!K7 (美术专用教室面积 art_rooms_m2)``."""
    rows: Mapping[tuple[str, str | None], str] = attrs.field(factory=dict, converter=_plain_rows)
    """(school id, stage or ``None``) → the rows it was read from: ``学校 Schools!5:5``."""

    def place(self, path: str) -> str:
        """The cell (sheet, cell and column header) a document path was read from.

        A path with no cell of its own is named by its nearest ancestor that has one,
        followed by the rest of the path.
        """
        where, rest = _nearest(self.places, path, COUNTY_SHEET)
        return f"{where} {rest}" if rest else where

    def row_of(self, school: str | None, stage: str | None) -> str | None:
        """The workbook rows a school's finding is about (its stage row, or all its rows)."""
        if school is None:
            return None
        return self.rows.get((school, stage)) or self.rows.get((school, None))

    def locate(self, result: Result) -> Result:
        """``result`` as a report shows it for a workbook: every finding named by cell.

        Missing data is named by the cell to fill; a school's finding (a shortfall, a met
        indicator) carries the rows its figures came from beside the school's name:
        ``城中区实验小学（学校 Schools!5:5）``.  The JSON result document keeps field paths
        and names: this is for what people read.
        """
        findings = []
        for finding in result.findings:
            changes: dict[str, Any] = {}
            if finding.missing:
                changes["missing"] = tuple(self.place(path) for path in finding.missing)
            subject = finding.subject
            row = self.row_of(subject.school, subject.stage)
            if row is not None:
                changes["subject"] = attrs.evolve(subject, name=f"{subject.name}（{row}）")
            findings.append(attrs.evolve(finding, **changes) if changes else finding)
        return attrs.evolve(result, findings=findings)


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
    county, _ = load_located(path, source_name=source_name, registry=registry)
    return county


def load_located(
    path: Source, *, source_name: str | None = None, registry: Registry | None = None
) -> tuple[County, CellMap]:
    """:func:`load_county`, and where each field of the county came from in the workbook."""
    document, cells = _read(path, _name_of(path, source_name), registry)
    return serialization.structure(document, County), cells


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

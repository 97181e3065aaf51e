r"""Cells that stay what they say, and sheets laid out for work and for print.

Every workbook edu-rules writes (the results, the monitoring report, the template
and a county's form) puts its values through :func:`put` and lays its sheets out
with :func:`lay_out`:

- **Text stays text.**  A name such as ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0``
  is stored as a string, never a formula, and marked with Excel's quote prefix
  (the ``'`` a person types), so that editing the cell later does not turn it into
  one; so is any text beginning with ``+``, ``-`` or ``@``.  In a report, control
  characters are shown escaped (``\x1b``), as every other format shows them.
- **Fit for work.**  Headers are bold, shaded and wrapped, their columns wide enough
  for the Chinese words (a Chinese character takes two of Excel's character widths);
  the header rows stay in view (frozen panes) and carry a filter.
- **Fit for print.**  A4 landscape, scaled to the page's width (never cut at a column),
  the header rows repeated on every page, the sheet's name and page number at the foot.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import Any, Final

from edu_rules._text import visible

__all__ = [
    "FORMULA_STARTS",
    "decimals_format",
    "fit_rows",
    "for_print",
    "lay_out",
    "put",
    "text_width",
    "wrapped_lines",
]

FORMULA_STARTS: Final = ("=", "+", "-", "@")
"""What makes a spreadsheet read typed text as a formula."""

_LINE_POINTS: Final = 15.0
"""The height of one line of 11-point text, in points."""

_HEADER_WIDEST: Final = 20
"""A header wider than this (in Excel's character widths) wraps rather than widens its column."""

_DATA_WIDEST: Final = 44
"""A column no wider than this; longer text wraps within it."""

_NARROWEST: Final = 6


def text_width(text: str) -> int:
    """The width of ``text``'s longest line in Excel's character units (a Chinese character: 2)."""
    return max(
        (
            sum(2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1 for char in line)
            for line in text.split("\n")
        ),
        default=0,
    )


def put(sheet: Any, row: int, column: int, value: object, *, exact: bool = False) -> Any:
    """Write ``value`` into a cell; text is stored as text, never as a formula.

    ``exact`` keeps text as it is (a county's form, read back losslessly); otherwise
    control characters are shown escaped, as in every other report.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        shown = value if exact else visible(value, keep="\n")
        cell.value = shown
        cell.data_type = "s"
        if shown.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def decimals_format(decimals: int) -> str:
    """An Excel number format with thousands separators and ``decimals`` places."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` characters wide (a safe estimate)."""
    room = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(text_width(line) / room)) for line in text.split("\n"))


def lay_out(  # noqa: PLR0913 - the facets of one sheet's layout
    sheet: Any,
    *,
    head_row: int,
    last_row: int | None = None,
    first_column: int = 1,
    last_column: int | None = None,
    freeze_columns: int = 0,
    widths: Sequence[float] | None = None,
    filter_rows: bool = True,
    freeze: bool = True,
    repeat: bool = True,
) -> None:
    """Lay ``sheet`` out for work and print; its header is row ``head_row``.

    Columns get widths that fit their header (wrapped past :data:`_HEADER_WIDEST`)
    and their values (wrapped past :data:`_DATA_WIDEST`), or ``widths`` where given
    (``0`` there: fit).  Text below the header wraps within its column, each row tall
    enough for it.  The rows down to the header and the first ``freeze_columns``
    columns stay in view unless ``freeze`` is false; the header, down to ``last_row``
    (by default the sheet's last), carries a filter unless ``filter_rows`` is false;
    the rows down to the header are printed atop every page unless ``repeat`` is
    false (a sheet of several tables, each with its own header, says none of these).
    """
    from openpyxl.utils import get_column_letter

    last = last_column if last_column is not None else sheet.max_column
    bottom = last_row if last_row is not None else sheet.max_row
    fitted: dict[int, float] = {}
    for column in range(first_column, last + 1):
        offset = column - first_column
        given = widths[offset] if widths and offset < len(widths) else 0
        fitted[column] = given or _fit(sheet, column, head_row)
        sheet.column_dimensions[get_column_letter(column)].width = fitted[column]
    _wrap(sheet, head_row, fitted)
    if freeze:
        sheet.freeze_panes = get_column_letter(first_column + freeze_columns) + str(head_row + 1)
    if filter_rows and bottom > head_row:
        left, right = get_column_letter(first_column), get_column_letter(last)
        sheet.auto_filter.ref = f"{left}{head_row}:{right}{bottom}"
    for_print(sheet, repeat_rows=head_row if repeat else 0)


def _fit(sheet: Any, column: int, head_row: int) -> float:
    """A width for ``column``: its header's (up to a point: it wraps) or its widest value."""
    header = sheet.cell(row=head_row, column=column).value
    head = min(text_width(str(header)) if header is not None else 0, _HEADER_WIDEST)
    data = 0
    for row in range(head_row + 1, sheet.max_row + 1):
        value = sheet.cell(row=row, column=column).value
        if value is not None:
            shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
            data = max(data, text_width(shown))
    return max(_NARROWEST, min(max(head, data) + 2, _DATA_WIDEST))


def fit_rows(sheet: Any, first_row: int = 1) -> None:
    """Make each row from ``first_row`` tall enough for the wrapped text in it."""
    from openpyxl.utils import column_index_from_string

    widths = {
        column_index_from_string(letter): dimension.width
        for letter, dimension in sheet.column_dimensions.items()
        if dimension.width
    }
    for row in range(first_row, sheet.max_row + 1):
        lines = 1
        for cell in sheet[row]:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                lines = max(lines, _lines(cell.value, widths.get(cell.column, 8.43)))
        if lines > 1:
            sheet.row_dimensions[row].height = lines * _LINE_POINTS


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` characters wide."""
    return _lines(text, width)


def _wrap(sheet: Any, head_row: int, widths: dict[int, float]) -> None:
    """Wrap the header and the text below it in their columns; make each row tall enough."""
    from openpyxl.styles import Alignment

    head_wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    data_wrap = Alignment(wrap_text=True, vertical="top")
    for row in range(head_row, sheet.max_row + 1):
        lines = 1
        for column, width in widths.items():
            cell = sheet.cell(row=row, column=column)
            if row == head_row:
                cell.alignment = head_wrap
            if isinstance(cell.value, str):
                if row > head_row:
                    cell.alignment = data_wrap
                lines = max(lines, _lines(cell.value, width))
        if lines > 1:
            sheet.row_dimensions[row].height = lines * _LINE_POINTS


def for_print(sheet: Any, *, repeat_rows: int = 0) -> None:
    """A4 landscape, one page wide (as many pages down as it takes), the header rows repeated."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.3
    if repeat_rows:
        sheet.print_title_rows = f"1:{repeat_rows}"
    sheet.oddFooter.center.text = "&A — &P / &N"

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

from edu_rules.io.excel.layout import (
    COUNTY_SHEET,
    HELP_SHEET,
    SCHOOLS_SHEET,
    SHARED_SHEET,
    Column,
    ExcelSupportMissingError,
    columns,
    openpyxl_module,
)
from edu_rules.io.excel.read import (
    EMPTY,
    CellMap,
    load_county,
    load_located,
    parse_cell,
    read_county,
)
from edu_rules.io.excel.write import stable_bytes, write_county, write_template

__all__ = [
    "COUNTY_SHEET",
    "EMPTY",
    "HELP_SHEET",
    "SCHOOLS_SHEET",
    "SHARED_SHEET",
    "CellMap",
    "Column",
    "ExcelSupportMissingError",
    "columns",
    "load_county",
    "load_located",
    "openpyxl_module",
    "parse_cell",
    "read_county",
    "stable_bytes",
    "write_county",
    "write_template",
]

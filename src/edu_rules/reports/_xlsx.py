"""Workbooks of the reports: a new workbook, and sheet names Excel accepts.

Every workbook is saved through :func:`edu_rules.io.excel.stable_bytes`, so an
unchanged report is an unchanged file.
"""

from __future__ import annotations

from typing import Any, Final

_SHEET_NAME_LENGTH: Final = 28


def new_workbook() -> Any:
    """An empty openpyxl workbook (no sheet yet).

    :raises ExcelSupportMissingError: when openpyxl is not installed (the ``excel`` extra).
    """
    from edu_rules.io.excel import openpyxl_module

    workbook = openpyxl_module().Workbook()
    workbook.remove(workbook.active)
    return workbook


def sheet_name(text: str, used: set[str]) -> str:
    """A sheet name Excel accepts (at most 31 characters, no brackets or slashes), unique."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in text)
    name = cleaned[:_SHEET_NAME_LENGTH].strip() or "Sheet"
    candidate, number = name, 2
    while candidate in used:
        candidate = f"{name[:25]} {number}"
        number += 1
    used.add(candidate)
    return candidate

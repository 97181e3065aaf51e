"""Workbooks written the same way by every report: openpyxl, then the same bytes every time.

openpyxl stamps the time of saving into the workbook's properties and its zip
entries; :func:`stable_bytes` fixes both, so an unchanged report is an unchanged
file (the monitoring workbook and the results workbook both go through here).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any, Final

FIXED_TIME: Final = (1980, 1, 1, 0, 0, 0)
"""The date of every zip entry and of the workbook's properties."""

_MODIFIED: Final = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
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


def stable_bytes(workbook: Any) -> bytes:
    """The workbook saved, every date fixed, so equal workbooks are equal bytes."""
    import datetime as dt

    fixed = dt.datetime(*FIXED_TIME)  # noqa: DTZ001 - a fixed stamp keeps the bytes stable
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    buffer = io.BytesIO()
    workbook.save(buffer)
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

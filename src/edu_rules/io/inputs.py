"""One front door for county input: JSON or an Excel workbook, a file, a folder or a list of them.

Every command and :func:`edu_rules.load_county`, :func:`edu_rules.load_batch` and
:func:`edu_rules.load_panel` read their input through here, so each takes the same
files: ``.json`` (one county document or an array of them) and ``.xlsx`` / ``.xlsm``
(the workbook of ``edu-rules template``), and folders holding either.  An older or
other spreadsheet format (``.xls``, ``.csv``, ``.ods``) is refused with a message
saying how to save it as ``.xlsx``.  The reading itself stays with the bounded
readers (:func:`edu_rules.io.validation.read_input_file`, :func:`edu_rules.io.excel.load_county`).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from edu_rules._limits import MAX_BATCH_FILE_BYTES, MAX_DEPTH, MAX_DOCUMENT_BYTES
from edu_rules._messages import text as catalogued
from edu_rules._text import visible
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError, Problem

if TYPE_CHECKING:
    from edu_rules.io.excel import CellMap

WORKBOOK_SUFFIXES: Final = frozenset({".xlsx", ".xlsm"})
"""Workbooks read as the ``edu-rules template`` workbook."""

JSON_SUFFIXES: Final = frozenset({".json"})

REFUSED_SUFFIXES: Final = {
    ".xls": "input.save_as.xls",
    ".csv": "input.save_as.csv",
    ".ods": "input.save_as.ods",
}
"""Spreadsheet formats that are not read, each with the message saying what to do instead."""

_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an .xlsx (a zip archive) and of an .xls (an OLE2 compound file)."""


def is_workbook(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names an Excel workbook this library reads (by its suffix)."""
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def refused(path: str | os.PathLike[str]) -> Problem | None:
    """The problem with a file in a format that is not read (``.xls``, ``.csv``, ``.ods``)."""
    key = REFUSED_SUFFIXES.get(Path(path).suffix.lower())
    return None if key is None else Problem.about("", catalogued(key))


def load_county(
    source: str | os.PathLike[str] | bytes | Mapping[str, Any],
    *,
    source_name: str | None = None,
) -> County:
    """Read, check and build one county document, from JSON or from a workbook.

    :param source: a file path (``.json``, ``.xlsx``), a file's raw bytes (a workbook
        is recognised by its first bytes), or data already parsed into a mapping.  A
        ``str`` is always a path, never JSON text.
    :param source_name: how error messages name the document; defaults to the path.
    :raises CountyDataError: with every problem found, naming the field (JSON) or the
        sheet and cell (workbook); for ``.xls``, ``.csv`` and ``.ods``, how to save the
        file as ``.xlsx``.
    :raises ExcelSupportMissingError: for a workbook when openpyxl is not installed.
    """
    from edu_rules.io import validation

    if isinstance(source, str | os.PathLike):
        name = source_name if source_name is not None else visible(os.fspath(source))
        problem = refused(source)
        if problem is not None:
            raise CountyDataError([problem], source=name)
        if is_workbook(source):
            from edu_rules.io import excel

            return excel.load_county(source, source_name=name)
    elif isinstance(source, bytes | bytearray):
        if bytes(source[:4]) == _ZIP_MAGIC:
            from edu_rules.io import excel

            return excel.load_county(bytes(source), source_name=source_name)
        if bytes(source[:8]) == _OLE2_MAGIC:
            problem = Problem.about("", catalogued("input.save_as.xls"))
            raise CountyDataError([problem], source=source_name)
    return validation.load_county(source, source_name=source_name)


def load_located(
    path: str | os.PathLike[str], *, source_name: str | None = None
) -> tuple[County, CellMap | None]:
    """:func:`load_county` from a file, and for a workbook where each field came from.

    The :class:`~edu_rules.io.excel.CellMap` (``None`` for JSON) lets a report name the
    cell to fill instead of the field path (:meth:`~edu_rules.io.excel.CellMap.locate`).
    """
    if is_workbook(path) and refused(path) is None:
        from edu_rules.io import excel

        name = source_name if source_name is not None else visible(os.fspath(path))
        return excel.load_located(path, source_name=name)
    return load_county(path, source_name=source_name), None


def input_files(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[Path], list[Problem]]:
    """The files that ``paths`` name: each file as given, each folder's county files, sorted.

    A folder contributes its ``*.json``, ``*.xlsx`` and ``*.xlsm`` files (not hidden
    ones, nor Excel's ``~$`` lock files); a file in a refused format, or a folder with
    none, is a problem, as is a path that does not exist.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    readable = JSON_SUFFIXES | WORKBOOK_SUFFIXES
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and not p.name.startswith((".", "~$"))
                and p.suffix.lower() in readable
            )
            if not found:
                problems.append(Problem.about(os.fspath(path), catalogued("input.empty_folder")))
            files.extend(found)
        elif path.exists():
            problem = refused(path)
            if problem is not None:
                problems.append(Problem(os.fspath(path), problem.reason, problem.text))
            else:  # read_input_file refuses what is not a regular file, saying so
                files.append(path)
        else:
            problems.append(Problem.about(os.fspath(path), catalogued("input.no_such_path")))
    return files, problems


def _array_elements(text: str) -> Iterator[str]:
    """The text of each element of a top-level JSON array, so each parses on its own."""
    decoder = json.JSONDecoder()
    index = text.index("[") + 1
    length = len(text)

    def skip(position: int) -> int:
        while position < length and text[position] in " \t\r\n":
            position += 1
        return position

    index = skip(index)
    if index < length and text[index] == "]":
        return
    while True:
        _, end = decoder.raw_decode(text, index)
        yield text[index:end]
        index = skip(end)
        if index < length and text[index] == ",":
            index = skip(index + 1)
            continue
        if index < length and text[index] == "]":
            return
        raise json.JSONDecodeError("expected ',' or ']' after an array element", text, index)


def is_array(path: Path) -> bool:
    """Whether a regular file starts like a JSON array (so the batch file bound applies).

    Only a file's first bytes are looked at; a single document keeps the document bound,
    so a 200 MB file that is no array is refused from its size, without being read.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False  # read_input_file says why
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"[")


def documents_in(name: str, source: Path | bytes) -> Iterator[tuple[str, bytes]]:
    """``(source name, raw JSON bytes)`` of every document a file (or its bytes) holds."""
    from edu_rules.io.validation import _too_large, read_input_file

    if isinstance(source, bytes):
        if len(source) > MAX_BATCH_FILE_BYTES:
            raise CountyDataError([_too_large(len(source), MAX_BATCH_FILE_BYTES)], source=name)
        raw = source
    else:
        limit = MAX_BATCH_FILE_BYTES if is_array(source) else MAX_DOCUMENT_BYTES
        raw = read_input_file(source, name, limit=limit)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""  # not UTF-8: load_county says so, naming the offending byte
    if not text.lstrip().startswith("["):
        yield name, raw
        return
    try:
        elements = list(_array_elements(text))
    except json.JSONDecodeError as error:
        reason = catalogued(
            "input.bad_json", error=error.msg, line=error.lineno, column=error.colno
        )
        raise CountyDataError([Problem.about("", reason)], source=name) from error
    except RecursionError as error:  # an element nested 10⁵ deep
        nested = Problem.about("", catalogued("input.nested", limit=MAX_DEPTH))
        raise CountyDataError([nested], source=name) from error
    if not elements:
        raise CountyDataError([Problem.about("", catalogued("input.empty_array"))], source=name)
    for index, element in enumerate(elements):
        yield f"{name}[{index}]", element.encode("utf-8")


def documents(path: Path) -> Iterator[tuple[str, County]]:
    """``(source name, county)`` of each document in one file: a workbook, or JSON (array)."""
    name = os.fspath(path)
    if is_workbook(path):
        from edu_rules.io import excel

        yield name, excel.load_county(path, source_name=name)
        return
    from edu_rules.io import validation

    for source, raw in documents_in(name, path):
        yield source, validation.load_county(raw, source_name=source)


__all__ = [
    "JSON_SUFFIXES",
    "REFUSED_SUFFIXES",
    "WORKBOOK_SUFFIXES",
    "documents",
    "documents_in",
    "input_files",
    "is_workbook",
    "load_county",
    "load_located",
    "refused",
]

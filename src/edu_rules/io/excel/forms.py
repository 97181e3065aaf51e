"""Per-school forms and the county form, and collecting them into one county document.

The data travels the way the published data-entry materials have it: **each school
fills its own form** — one vertical sheet of items (类别 · 填报项目 · 单位 · 填报值 ·
是否必填 · 说明, and the field each item is read by), both stages and the whole-school
figures included — and **the county fills a county form** (the county items, the
monitoring results and the roster of its schools).  :func:`collect` reads them all and
builds the county document, saying every problem in every file at once, by file,
sheet and cell: two forms for one school, one school's figures differing between
forms, a form of another unit or year, a school of the roster without a form (or a
form of a school the roster does not list), a file that is not a form.  Nothing is
dropped silently.

The forms use the contract's own columns (:mod:`edu_rules.io.excel.layout`): labels,
units, allowed values and drop-down lists come from the schema, and the layers' data
fields of the unit are items too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from edu_rules._limits import MAX_SCHOOLS
from edu_rules._messages import Text, message, text
from edu_rules.io.excel.layout import (
    COUNTY_SHEET,
    FIRST_DATA_ROW,
    ROSTER_SHEET,
    SCHOOL_FORM_SHEET,
    Column,
    _Layout,
    _layout,
    openpyxl_module,
)
from edu_rules.io.excel.read import (
    EMPTY,
    _blank,
    _Keep,
    _Location,
    _put,
    _read_sheets,
    _Reader,
    _same,
    _show,
)
from edu_rules.io.excel.write import _canonical, _cell_value, _get, _note, _save, _Writer
from edu_rules.io.validation import validate_county_data
from edu_rules.model.county import STAGE_NAMES, County
from edu_rules.model.errors import CountyDataError, Problem

if TYPE_CHECKING:
    from edu_rules.model.datafields import DataFields
    from edu_rules.plugins import Registry

_HEADS: Final = ("category", "item", "unit", "value", "required", "description", "field")
"""The school form's columns, left to right (the catalogue's ``form.col.*``)."""
_VALUE_COLUMN: Final = 4
_FIELD_COLUMN: Final = 7
_FORM_FIELDS: Final = ("code", "assessment_year")
"""The items that say which unit and year a form belongs to."""


# --------------------------------------------------------------------------- the items


@attrs.frozen
class _Item:
    """One row of a school form: its category, the column it is, and the path it fills."""

    category: str
    column: Column
    path: str
    """``code`` / ``assessment_year`` (the form's unit), else the path inside the school."""


def _items(layout: _Layout) -> tuple[_Item, ...]:
    """Every item of a school form, in order: the form's unit, the school, stages, shared."""
    county = {column.field: column for column in layout.county_rows}
    items = [
        _Item(message("form.category.form", "zh"), county[field], field) for field in _FORM_FIELDS
    ]
    school = message("form.category.school", "zh")
    items += [_Item(school, column, column.field) for column in layout.school]
    for stage in STAGE_NAMES:
        category = message(f"form.category.{stage}", "zh")
        items += [
            _Item(category, column, f"stages.{stage}.{column.field}") for column in layout.stage
        ]
    shared = message("form.category.shared", "zh")
    items += [_Item(shared, column, f"shared.{column.field}") for column in layout.shared]
    return tuple(items)


def _required_word(item: _Item) -> str:
    if item.path in _FORM_FIELDS or (item.column.required and item.column.level == "school"):
        return message("form.required.yes", "zh")
    if item.column.required:  # a stage's students and classes: when the school has the stage
        return message("form.required.stage", "zh")
    return message("form.required.no", "zh")


# --------------------------------------------------------------------------- writing


def _fields(registry: Registry | None, code: str | None) -> DataFields:
    """The data fields of exactly the layers that govern ``code`` (none but national's without)."""
    from edu_rules.model.datafields import DataFields
    from edu_rules.plugins import default_registry

    registry = registry if registry is not None else default_registry()
    if code is None:
        names = {loaded.layer.name for loaded in registry.layers if loaded.layer.jurisdiction == ""}
    else:
        names = {loaded.layer.name for loaded in registry.chain(code)}
    return DataFields(tuple(field for field in registry.data_fields.fields if field.layer in names))


def fields_for(code: str | None, *, registry: Registry | None = None) -> DataFields:
    """The plugin data fields a template for ``code`` has: those of the layers governing it.

    Without a code, the national layer's only (the template never depends on which other
    plugins happen to be installed).
    """
    return _fields(registry, code)


def write_school_form(
    path: str | os.PathLike[str],
    *,
    school: Mapping[str, Any] | None = None,
    code: str | None = None,
    year: int | None = None,
    fields: DataFields | None = None,
) -> None:
    """Write one school's form, blank or prefilled with ``school`` (a canonical school)."""
    openpyxl = openpyxl_module()
    layout = _layout(fields if fields is not None else _fields(None, None))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SCHOOL_FORM_SHEET
    writer = _Writer(openpyxl, layout)
    widths = (12, 30, 12, 18, 12, 60, 40)
    for index, (key, width) in enumerate(zip(_HEADS, widths, strict=True), start=1):
        writer.headers(
            sheet, index, message(f"form.col.{key}", "zh"), message(f"form.col.{key}", "en"), None
        )
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    known = {"code": code, "assessment_year": year}
    for row, item in enumerate(_items(layout), start=FIRST_DATA_ROW):
        column = item.column
        if item.path in _FORM_FIELDS:
            value = known[item.path]
        else:
            value = _get(school, item.path) if school is not None else None
        writer.put(sheet, row, 1, item.category)
        writer.put(sheet, row, 2, column.zh)
        writer.put(sheet, row, 3, column.unit_zh or "")
        writer.put(
            sheet, row, 4, _cell_value(value, column), text=column.kind in {"text", "numbers"}
        )
        writer.put(sheet, row, 5, _required_word(item))
        writer.put(sheet, row, 6, f"{column.meaning_zh}。{column.allowed}").alignment = writer.wrap
        writer.put(sheet, row, 7, item.path)
        writer.validation(sheet, column, f"D{row}")  # a drop-down list or a range, and a prompt
    sheet.freeze_panes = "D3"
    _save(workbook, path)


def write_county_form(
    path: str | os.PathLike[str],
    document: Mapping[str, Any] | County | None = None,
    *,
    fields: DataFields | None = None,
    registry: Registry | None = None,
) -> None:
    """Write the county form: the county items, the monitoring results and the roster.

    Prefilled from ``document`` (last year's county) when given: its county figures and
    its schools, by id and name, as the roster.
    """
    openpyxl = openpyxl_module()
    canonical = _canonical(document, registry) if document is not None else None
    layout = _layout(fields if fields is not None else _fields(registry, None))
    workbook = openpyxl.Workbook()
    writer = _Writer(openpyxl, layout)
    county = workbook.active
    county.title = COUNTY_SHEET
    writer.county(county, canonical)
    roster = workbook.create_sheet(ROSTER_SHEET)
    id_column, name_column = layout.school[0], layout.school[1]
    for index, column in enumerate((id_column, name_column), start=1):
        writer.headers(roster, index, column.header, column.key, _note(column))
        roster.column_dimensions[openpyxl.utils.get_column_letter(index)].width = 30
    for row, school in enumerate((canonical or {}).get("schools", []), start=FIRST_DATA_ROW):
        writer.put(roster, row, 1, school["id"], text=True)
        writer.put(roster, row, 2, school["name"], text=True)
    roster.freeze_panes = "A3"
    _save(workbook, path)


def safe_file_name(school_id: str) -> str:
    """A file name for a school's form: its id, with what a file system refuses replaced."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", school_id).strip(" .") or "_"
    return f"{name}.xlsx"


def write_school_forms(
    folder: str | os.PathLike[str],
    document: Mapping[str, Any] | County,
    *,
    fields: DataFields | None = None,
    registry: Registry | None = None,
) -> list[Path]:
    """One prefilled form per school of ``document`` in ``folder``, named by school id."""
    canonical = _canonical(document, registry)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for school in canonical["schools"]:
        name = safe_file_name(str(school["id"]))
        while name.lower() in used:  # two ids that differ only where a file name cannot
            name = name[: -len(".xlsx")] + "_.xlsx"
        used.add(name.lower())
        path = target / name
        write_school_form(
            path,
            school=school,
            code=canonical["code"],
            year=canonical["assessment_year"],
            fields=fields,
        )
        written.append(path)
    return written


# --------------------------------------------------------------------------- reading


@attrs.define
class _Read:
    """One school form read: its school, its unit and year, where each value came from."""

    file: str
    school: dict[str, Any]
    code: object
    year: object
    places: dict[str, str]
    """Path inside the school (``stages.primary.students``) → ``file: sheet!D12 (label)``."""


def _at(file: str, where: _Location | str) -> str:
    return f"{file}: {where}"


class _Collector:
    """Every problem of every file, each named by file, sheet and cell."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, reason: Text | str) -> None:
        if isinstance(reason, Text):
            self.problems.append(Problem.about(where, reason))
        else:
            self.problems.append(Problem(where, reason))


def _read_school_form(  # noqa: C901, PLR0912 - one check per row and per item of the form
    path: Path, file: str, layout: _Layout, problems: _Collector
) -> _Read | None:
    """The school a form holds, or ``None`` (its problems said) when it is no form."""
    try:
        sheets, _ = _read_sheets(
            path,
            file,
            {SCHOOL_FORM_SHEET: _Keep(columns=frozenset({_VALUE_COLUMN, _FIELD_COLUMN}))},
        )
    except CountyDataError as error:
        for problem in error.problems:
            reason: Text | str = problem.text if problem.text is not None else problem.reason
            problems.add(_at(file, problem.path) if problem.path else file, reason)
        return None
    sheet = sheets.get(SCHOOL_FORM_SHEET)
    if sheet is None:
        problems.add(file, text("form.not_a_form", sheet=SCHOOL_FORM_SHEET))
        return None
    items = {item.path: item for item in _items(layout)}
    reader = _Reader(sheets, [SCHOOL_FORM_SHEET], layout)
    values: dict[str, tuple[object, _Location]] = {}
    for number in range(FIRST_DATA_ROW, sheet.max_row + 1):
        raw_field, _, _ = sheet.cell(number, _FIELD_COLUMN)
        raw_value, _, _ = sheet.cell(number, _VALUE_COLUMN)
        field = str(raw_field).strip() if raw_field is not None else ""
        if not field:
            if not _blank(raw_value):
                problems.add(
                    _at(file, _Location(sheet.title, number, _VALUE_COLUMN)),
                    text("xl.county.no_field"),
                )
            continue
        item = items.get(field)
        if item is None:
            where = _Location(sheet.title, number, _FIELD_COLUMN, field)
            problems.add(_at(file, where), text("xl.county.unknown", field=field, also=""))
            continue
        if field in values:
            where = _Location(sheet.title, number, _FIELD_COLUMN, field)
            problems.add(_at(file, where), text("xl.county.twice", row=values[field][1].row))
            continue
        values[field] = reader.value(sheet, number, _VALUE_COLUMN, item.column)
    reader.formula_problem()
    for problem in reader.problems.sorted():
        reason = problem.text if problem.text is not None else problem.reason
        problems.add(_at(file, problem.path), reason)
    school: dict[str, Any] = {}
    places: dict[str, str] = {}
    for field, (_, where) in values.items():
        places[field] = _at(file, where)
    for item_path, item in items.items():
        if item_path in _FORM_FIELDS or item_path.startswith(("stages.", "shared.")):
            continue
        value = values.get(item_path, (EMPTY, None))[0]
        if value is not EMPTY:
            _put(school, item_path, value)
        elif not item.column.required and not item.column.extra:
            school[item_path] = None
    stages: dict[str, Any] = {}
    for stage in STAGE_NAMES:
        stage_values = _group(values, items, f"stages.{stage}.")
        if stage_values is not None:
            stages[stage] = stage_values
    school["stages"] = stages
    school["shared"] = _group(values, items, "shared.")
    code = values.get("code", (EMPTY, None))[0]
    year = values.get("assessment_year", (EMPTY, None))[0]
    return _Read(file, school, code, year, places)


def _group(
    values: Mapping[str, tuple[object, _Location]], items: Mapping[str, _Item], prefix: str
) -> dict[str, Any] | None:
    """A stage's (or the shared) figures, or ``None`` when every item of it is empty."""
    given = {
        path[len(prefix) :]: value
        for path, (value, _) in values.items()
        if path.startswith(prefix) and value is not EMPTY
    }
    if not given:
        return None
    group: dict[str, Any] = {}
    for path, item in items.items():
        if not path.startswith(prefix):
            continue
        key = path[len(prefix) :]
        if key in given:
            _put(group, key, given[key])
        elif not item.column.required and not item.column.extra:
            group[key] = None
    return group


@attrs.frozen
class Collected:
    """What :func:`collect` built: the county document, and where its schools came from."""

    document: dict[str, Any]
    """The county document, checked against the contract."""
    sources: tuple[tuple[str, str], ...]
    """``(school id, form file)`` in document order."""
    county_form: str


def _files(forms: Iterable[str | os.PathLike[str]], county_form: Path) -> list[Path]:
    """The form files: each file given, and each ``.xlsx`` of each folder given, by name."""
    found: list[Path] = []
    for given in forms:
        path = Path(given)
        if path.is_dir():
            found += sorted(
                child
                for child in path.iterdir()
                if child.suffix.lower() in {".xlsx", ".xlsm"}
                and not child.name.startswith("~$")  # Excel's lock file of an open workbook
                and child.is_file()
            )
        else:
            found.append(path)
    county = county_form.resolve()
    return [path for path in found if path.resolve() != county]


def read_roster(path: str | os.PathLike[str]) -> list[str]:
    """School ids from a roster file: one per line (``id`` or ``id,name``), or a JSON list."""
    import json

    raw = Path(path).read_text(encoding="utf-8-sig")
    if raw.lstrip().startswith("["):
        data = json.loads(raw)
        return [str(item["id"] if isinstance(item, Mapping) else item).strip() for item in data]
    ids = []
    for line in raw.splitlines():
        first = re.split(r"[,，\t]", line, maxsplit=1)[0].strip()
        if first and not first.startswith("#"):
            ids.append(first)
    return ids


def _county_form(
    path: Path, file: str, layout: _Layout, problems: _Collector
) -> tuple[dict[str, Any], list[tuple[str, _Location]], _Reader | None]:
    """The county items of the county form, its roster, and its reader (for locations)."""
    keep = {
        COUNTY_SHEET: _Keep(
            frozenset(column.key for column in layout.monitoring), frozenset({2, 3})
        ),
        ROSTER_SHEET: _Keep(columns=frozenset({1, 2})),
    }
    try:
        sheets, names = _read_sheets(path, file, keep)
    except CountyDataError as error:
        for problem in error.problems:
            reason: Text | str = problem.text if problem.text is not None else problem.reason
            problems.add(_at(file, problem.path) if problem.path else file, reason)
        return {}, [], None
    if COUNTY_SHEET not in sheets:
        problems.add(file, text("form.not_a_county_form", sheet=COUNTY_SHEET))
        return {}, [], None
    reader = _Reader(sheets, names, layout)
    document: dict[str, Any] = {}
    reader.county(sheets[COUNTY_SHEET], document)
    roster: list[tuple[str, _Location]] = []
    sheet = sheets.get(ROSTER_SHEET)
    if sheet is not None:
        id_column = layout.school[0]
        for number in range(FIRST_DATA_ROW, sheet.max_row + 1):
            value, where = reader.value(sheet, number, 1, id_column)
            if value is not EMPTY:
                roster.append((str(value).strip(), where))
    reader.formula_problem()
    for problem in reader.problems.sorted():
        reason = problem.text if problem.text is not None else problem.reason
        problems.add(_at(file, problem.path), reason)
    return document, roster, reader


def _order(
    roster: str | os.PathLike[str] | None,
    listed: Sequence[tuple[str, _Location]],
    county_file: str,
    by_id: Mapping[str, _Read],
    problems: _Collector,
) -> list[str]:
    """The school ids in document order: the roster's (or the county form's), else as read."""
    if roster is not None:
        ids = read_roster(roster)
        roster_name = os.fspath(roster)
        wanted = [(school_id, roster_name) for school_id in ids]
    else:
        wanted = [(school_id, _at(county_file, where)) for school_id, where in listed]
    order: list[str] = []
    if wanted:
        for school_id, where in wanted:
            if school_id in order:
                continue
            order.append(school_id)
            if school_id not in by_id:
                problems.add(where, text("form.roster_missing", school=school_id))
        for school_id, form in by_id.items():
            if school_id not in order:
                problems.add(
                    form.places.get("id", form.file),
                    text("form.not_in_roster", school=school_id),
                )
    else:
        order = list(by_id)
    return order


def collect(
    forms: Sequence[str | os.PathLike[str]],
    county_form: str | os.PathLike[str],
    *,
    roster: str | os.PathLike[str] | None = None,
    registry: Registry | None = None,
) -> Collected:
    """Build the county document from school forms (files or folders) and the county form.

    :raises CountyDataError: with every problem of every file, each named by file, sheet
        and cell; no document is built from part of the forms.
    """
    from edu_rules.plugins import fields_of

    layout = _layout(fields_of(registry))
    problems = _Collector()
    county_path = Path(county_form)
    county_file = os.fspath(county_form)
    document, listed, county_reader = _county_form(county_path, county_file, layout, problems)
    files = _files(forms, county_path)
    if not files:
        problems.add(", ".join(os.fspath(form) for form in forms) or "—", text("form.none"))
    if len(files) > MAX_SCHOOLS:  # refused before a form is read: no unit has that many schools
        problems.add(
            ", ".join(os.fspath(form) for form in forms),
            text("input.max_items", n=f"{MAX_SCHOOLS:,}", got=f"{len(files):,}"),
        )
        raise CountyDataError(problems.problems)
    read = [
        found
        for path in files
        if (found := _read_school_form(path, os.fspath(path), layout, problems)) is not None
    ]
    code, year = document.get("code"), document.get("assessment_year")
    by_id: dict[str, _Read] = {}
    for form in read:
        _check_unit(form, code, year, county_file, problems)
        school_id = form.school.get("id")
        if school_id is None:
            continue  # the contract names the empty id cell below
        key = str(school_id).strip()
        first = by_id.get(key)
        if first is None:
            by_id[key] = form
            continue
        _twice(first, form, key, problems)
    order = _order(roster, listed, county_file, by_id, problems)
    chosen = [by_id[school_id] for school_id in order if school_id in by_id]
    chosen += [form for form in read if form.school.get("id") is None]
    document["schools"] = [form.school for form in chosen]
    from edu_rules.io.excel.read import _document_order

    ordered = {key: document[key] for key in _document_order() if key in document}
    if not problems.problems:
        for problem in validate_county_data(ordered, registry=registry):
            where = _locate(problem.path, chosen, county_reader, county_file)
            reason = problem.text if problem.text is not None else problem.reason
            problems.add(where, reason)
    if problems.problems:
        raise CountyDataError(problems.problems)
    sources = tuple((str(form.school["id"]), form.file) for form in chosen)
    return Collected(ordered, sources, county_file)


def _check_unit(
    form: _Read, code: object, year: object, county_file: str, problems: _Collector
) -> None:
    """A form of another unit or year is named, with what the county form says."""
    for field, own, expected in (("code", form.code, code), ("assessment_year", form.year, year)):
        where = form.places.get(field, form.file)
        if own is EMPTY:
            problems.add(where, text("form.unit_missing"))
        elif expected is not None and not _same(own, expected):
            problems.add(
                where,
                text(
                    "form.other_unit" if field == "code" else "form.other_year",
                    got=_show(own),
                    expected=_show(expected),
                    county=county_file,
                ),
            )


def _twice(first: _Read, second: _Read, school_id: str, problems: _Collector) -> None:
    """Two forms for one school: each figure that differs is named in both files."""
    differ = [
        path
        for path in sorted(set(first.places) | set(second.places))
        if path not in _FORM_FIELDS
        and not _same(_get(first.school, path), _get(second.school, path))
    ]
    if not differ:
        problems.add(
            second.file, text("form.same_school_twice", school=school_id, other=first.file)
        )
        return
    for path in differ:
        problems.add(
            second.places.get(path, second.file),
            text(
                "form.school_differs",
                school=school_id,
                value=_show(_get(second.school, path)),
                other=first.places.get(path, first.file),
                other_value=_show(_get(first.school, path)),
            ),
        )


_SCHOOL_PATH: Final = re.compile(r"^schools\[(\d+)\](?:\.(.*))?$")


def _locate(
    path: str, chosen: Sequence[_Read], county_reader: _Reader | None, county_file: str
) -> str:
    """Where a problem of the built document lies: a form's cell, or the county form's."""
    match = _SCHOOL_PATH.match(path)
    if match is not None:
        form = chosen[int(match.group(1))]
        inner = match.group(2) or ""
        candidate = inner
        while candidate and candidate not in form.places:
            candidate = re.sub(r"(\.[^.\[\]]+|\[[^\]]*\])$", "", candidate)
        if candidate:
            rest = inner[len(candidate) :].lstrip(".")
            return form.places[candidate] + (f" {rest}" if rest else "")
        return f"{form.file}: {inner}" if inner else form.file
    if county_reader is not None:
        where, rest = county_reader.where(path)
        return _at(county_file, where) + (f" {rest}" if rest else "")
    return _at(county_file, path)


def summary(collected: Collected, lang: str = "zh") -> str:
    """How many schools came from which files, in one paragraph."""
    files = {file for _, file in collected.sources}
    folders: dict[str, int] = {}
    for file in files:
        folder = os.path.dirname(file) or "."  # noqa: PTH120 - the folder as spelled, not normalised
        folders[folder] = folders.get(folder, 0) + 1
    where = "、".join(f"{folder}（{count}）" for folder, count in sorted(folders.items()))
    return message(
        "form.collected",
        lang,
        schools=len(collected.sources),
        forms=len(files),
        where=where,
        county=collected.county_form,
    )

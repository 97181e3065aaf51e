"""The attributes the forms and the concessions need (issue 26, items 4–6), and old documents.

New optional fields (build year, migrant pupils, 举办者类型, L5's components, visiting PE/arts
teachers) are in the contract, the schema and the workbook; a through-school's whole-school
figures (``shared``) have a sheet of their own, so ``convert`` keeps them both ways; and a
document written before this change still loads and evaluates to the same bytes.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import edu_rules
from edu_rules import CountyDataError
from edu_rules.cli.entry import main
from edu_rules.io.serialization import unstructure

openpyxl = pytest.importorskip("openpyxl")
from edu_rules.io import excel  # noqa: E402

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
LUZHAI = next(path for path in EXAMPLES if path.name == "450223-luzhai.json")
NEW_SCHOOL_FIELDS = ("build_year", "migrant_students", "sponsor_type")
NEW_STAGE_FIELDS = (
    "visiting_pe_arts_teachers",
    "own_sports_ground_m2",
    "gymnasium_m2",
    "converted_sports_space_m2",
    "leased_sports_venue_m2",
)


def _document(path: Path = LUZHAI) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _with_new_fields_null(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    for school in changed["schools"]:
        school.update(dict.fromkeys(NEW_SCHOOL_FIELDS))
        for stage in (school.get("stages") or {}).values():
            if stage:
                stage.update(dict.fromkeys(NEW_STAGE_FIELDS))
    return changed


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_an_old_document_evaluates_to_the_same_bytes(path: Path) -> None:
    """The bundled example as written, and with every new field given as unknown: same bytes."""
    document = _document(path)
    as_written = edu_rules.to_json(edu_rules.evaluate(edu_rules.load_county(path)))
    with_nulls = edu_rules.to_json(
        edu_rules.evaluate(edu_rules.load_county(_with_new_fields_null(document)))
    )

    assert as_written == with_nulls


def test_the_new_fields_are_read_and_kept() -> None:
    document = _document()
    school = document["schools"][0]
    school.update(build_year=2012, migrant_students=37, sponsor_type=10)
    stage = next(stage for stage in school["stages"].values() if stage)
    stage.update(
        visiting_pe_arts_teachers=2,
        own_sports_ground_m2=3200.5,
        gymnasium_m2=800,
        converted_sports_space_m2=0,
        leased_sports_venue_m2=1500,
    )

    county = edu_rules.load_county(document)

    loaded = unstructure(county)["schools"][0]
    assert (loaded["build_year"], loaded["migrant_students"], loaded["sponsor_type"]) == (
        2012,
        37,
        10,
    )
    kept = next(stage for stage in loaded["stages"].values() if stage)
    assert kept["gymnasium_m2"] == 800
    assert kept["visiting_pe_arts_teachers"] == 2


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("sponsor_type", 11, "must be ≤ 10"),
        ("sponsor_type", 0, "must be ≥ 1"),
        ("build_year", 1800, "must be ≥ 1900"),
        ("migrant_students", -1, "must be ≥ 0"),
    ],
)
def test_the_new_school_fields_are_checked(field: str, value: int, said: str) -> None:
    document = _document()
    document["schools"][2][field] = value

    with pytest.raises(CountyDataError) as caught:
        edu_rules.load_county(document)

    (problem,) = caught.value.problems
    assert problem.path == f"schools[2].{field}"
    assert problem.reason.startswith(said)


def _with_shared() -> dict[str, Any]:
    document = _document()
    through = next(school for school in document["schools"] if school["kind"] == "nine_year")
    through["shared"] = {"teaching_room_area_m2": 5200.5, "pe_arts_teachers": 6}
    return document


def test_convert_keeps_shared_figures_both_ways(tmp_path: Path) -> None:
    """JSON → workbook → JSON keeps a through-school's shared figures (once dropped, exit 0)."""
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_with_shared(), ensure_ascii=False), encoding="utf-8")
    book, back = tmp_path / "county.xlsx", tmp_path / "back.json"

    assert main(["convert", str(source), str(book)]) == 0
    assert main(["convert", str(book), str(back)]) == 0

    original = unstructure(edu_rules.load_county(source))
    assert json.loads(back.read_text(encoding="utf-8")) == json.loads(json.dumps(original))
    sheet = openpyxl.load_workbook(book)[excel.SHARED_SHEET]
    assert [cell.value for cell in sheet[2]][:3] == [
        "id",
        "teachers_above_required_qualification",
        "key_teachers",
    ]


def test_a_shared_row_for_no_school_or_twice_is_named(tmp_path: Path) -> None:
    path = tmp_path / "county.xlsx"
    excel.write_county(path, edu_rules.load_county(_with_shared()))
    book = openpyxl.load_workbook(path)
    sheet = book[excel.SHARED_SHEET]
    first_id = sheet.cell(3, 1).value
    sheet.cell(4, 1).value = first_id
    sheet.cell(4, 5).value = 10
    sheet.cell(5, 1).value = "no-such-school"
    sheet.cell(5, 5).value = 10
    book.save(path)

    with pytest.raises(CountyDataError) as caught:
        excel.load_county(path)

    said = {
        problem.path.split(" ")[0] + " " + problem.path.split(" ")[1]: problem.text.spell("zh")
        for problem in caught.value.problems
        if problem.text
    }
    assert "已在第 3 行填写" in said[f"{excel.SHARED_SHEET}!A4"]
    assert "没有标识为 no-such-school 的学校" in said[f"{excel.SHARED_SHEET}!A5"]


def test_a_workbook_without_the_shared_sheet_still_reads(tmp_path: Path) -> None:
    """Workbooks written before the sheet existed have none: nothing is missing."""
    path = tmp_path / "county.xlsx"
    excel.write_county(path, edu_rules.load_county(LUZHAI))
    book = openpyxl.load_workbook(path)
    del book[excel.SHARED_SHEET]
    book.save(path)

    assert unstructure(excel.load_county(path)) == unstructure(edu_rules.load_county(LUZHAI))

"""Excel in and out: the template, a workbook filled by hand, and every bad cell located.

The template is filled programmatically the way a person would (codes or Chinese
labels, 是/否, rooms as ``96、100.5``), then evaluated; the verdict must be the
one the same county gets from JSON.  A workbook and a JSON document convert into
each other without loss.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")
from openpyxl.utils import get_column_letter  # noqa: E402

import edu_rules  # noqa: E402
from edu_rules import CountyDataError  # noqa: E402
from edu_rules._messages import message  # noqa: E402
from edu_rules._resources import load_schema  # noqa: E402
from edu_rules.io import excel  # noqa: E402
from edu_rules.io.serialization import unstructure  # noqa: E402
from tests._documents import full_county  # noqa: E402
from tests._passing import passing_county  # noqa: E402
from tests.plugins_for_tests import registry_with  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
_ROUND_TRIP_EXAMPLES = frozenset({"450202-chengzhong", "450203-yufeng", "450206-liujiang"})
_STAGE_LABELS = {"primary": "小学", "junior": "初中"}


def _example_or_full() -> dict[str, Any]:
    """An example county from ``examples/`` if there is one, else the full test document."""
    example = EXAMPLES / "450202-chengzhong.json"
    if example.is_file():
        return json.loads(example.read_text(encoding="utf-8"))
    return full_county()


def _canonical(document: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = unstructure(edu_rules.load_county(document))
    return result


def _columns(sheet: Any) -> dict[str, int]:
    """Column index by the English field name in row 2."""
    return {
        sheet.cell(2, index).value: index
        for index in range(1, sheet.max_column + 1)
        if sheet.cell(2, index).value
    }


def _field_rows(sheet: Any) -> dict[str, int]:
    """Row of each field on the county sheet (column B)."""
    return {
        sheet.cell(row, 2).value: row
        for row in range(3, sheet.max_row + 1)
        if sheet.cell(row, 2).value
    }


def _by_hand(value: Any) -> Any:
    """A value as a person types it: 是/否, rooms joined by 、, 无 for no rooms."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(item) for item in value) if value else "无"
    return value


def _fill_schools(sheet: Any, schools: list[dict[str, Any]]) -> None:
    columns = _columns(sheet)
    row = 3
    for school in schools:
        stages = [(name, stage) for name, stage in (school.get("stages") or {}).items() if stage]
        for name, stage in stages or [(None, {})]:
            fields = {key: _by_hand(value) for key, value in school.items() if key != "stages"}
            if name is not None:
                fields["stage"] = _STAGE_LABELS[name]
            for key, value in {**fields, **stage}.items():
                if value is not None:
                    sheet.cell(row, columns[key]).value = value
            row += 1


def _fill_county(sheet: Any, document: dict[str, Any]) -> None:
    for field, row in _field_rows(sheet).items():
        node: Any = document
        for part in field.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        sheet.cell(row, 3).value = None if node is None else _by_hand(node)
    headers = _columns(sheet)
    for row, entry in enumerate((document.get("quality") or {}).get("monitoring") or [], start=3):
        for key, value in entry.items():
            if value is not None:
                sheet.cell(row, headers[key]).value = value


def fill(path: Path, document: dict[str, Any]) -> None:
    """Fill the template at ``path`` with ``document``, cell by cell, as a person would."""
    workbook = openpyxl.load_workbook(path)
    _fill_schools(workbook[excel.SCHOOLS_SHEET], document["schools"])
    _fill_county(workbook[excel.COUNTY_SHEET], document)
    workbook.save(path)


@pytest.fixture(name="template")
def _template(tmp_path: Path) -> Path:
    path = tmp_path / "county.xlsx"
    excel.write_template(path, registry=registry_with())  # the core contract's columns only
    return path


@pytest.fixture(name="workbook")
def _workbook(tmp_path: Path) -> Any:
    """A workbook written from the full test document, opened for editing (see ``_save``)."""
    path = tmp_path / "full.xlsx"
    excel.write_county(path, full_county())
    book = openpyxl.load_workbook(path)
    book.path_on_disk = path
    return book


def _save(book: Any) -> Path:
    book.save(book.path_on_disk)
    return Path(book.path_on_disk)


def _problems(path: Path) -> tuple[edu_rules.Problem, ...]:
    with pytest.raises(CountyDataError) as caught:
        excel.load_county(path)
    return caught.value.problems


def _cell(book: Any, sheet: str, field: str, row: int) -> str:
    """``学校 Schools!N3 (在校生数 students)`` — the location the reader names for a cell."""
    index = _columns(book[sheet])[field]
    header = str(book[sheet].cell(1, index).value).split("（")[0]
    return f"{sheet}!{get_column_letter(index)}{row} ({header} {field})"


def _county_cell(book: Any, field: str) -> str:
    sheet = book[excel.COUNTY_SHEET]
    row = _field_rows(sheet)[field]
    return f"{excel.COUNTY_SHEET}!C{row} ({sheet.cell(row, 1).value} {field})"


class TestWriteTemplate:
    """``write_template``: the workbook people fill in, labelled from the county schema."""

    def test_three_sheets_in_order(self, template):
        """Schools, county figures, shared whole-school figures, instructions."""
        book = openpyxl.load_workbook(template)

        assert book.sheetnames == [
            excel.SCHOOLS_SHEET,
            excel.COUNTY_SHEET,
            excel.SHARED_SHEET,
            excel.HELP_SHEET,
        ]

    def test_the_schools_sheet_has_every_school_and_stage_field(self, template):
        """Row 2 names each School field, then ``stage``, then each Stage field, in schema order.

        (``extra`` is no column: each plugin data field gets its own, see test_datafields;
        nor ``shared``: a through-school's shared figures are given in JSON for now.)
        """
        defs = load_schema("county.schema.json")["$defs"]
        expected = [
            *(
                name
                for name in defs["School"]["properties"]
                if name not in {"stages", "extra", "shared"}
            ),
            "stage",
            *(name for name in defs["Stage"]["properties"] if name != "extra"),
        ]

        sheet = openpyxl.load_workbook(template)[excel.SCHOOLS_SHEET]

        assert list(_columns(sheet)) == expected

    def test_headers_are_the_schema_labels_with_units(self, template):
        """Row 1 is the Chinese label of the schema description, with its unit."""
        stage = load_schema("county.schema.json")["$defs"]["Stage"]["properties"]
        sheet = openpyxl.load_workbook(template)[excel.SCHOOLS_SHEET]
        columns = _columns(sheet)

        for field, spec in stage.items():
            if field == "extra":
                continue
            header = sheet.cell(1, columns[field]).value
            assert header.startswith(spec["description"].split(" — ")[0])
        assert sheet.cell(1, columns["students"]).value == "在校生数（人）"

    def test_enums_and_yes_no_have_drop_down_lists(self, template):
        """kind, ownership, area, stage and boarding offer their allowed values in a list."""
        sheet = openpyxl.load_workbook(template)[excel.SCHOOLS_SHEET]
        columns = _columns(sheet)
        lists = {
            str(rule.sqref).split(":")[0]: rule.formula1
            for rule in sheet.data_validations.dataValidation
            if rule.type == "list"
        }

        def offered(field: str) -> str:
            return lists[f"{get_column_letter(columns[field])}3"]

        assert offered("kind") == '"小学,初中,九年一贯制,十二年一贯制,完全中学,教学点,特殊教育学校"'
        assert offered("ownership") == '"公办,民办"'
        assert offered("area") == '"城区,镇区,乡村"'
        assert offered("stage") == '"小学,初中"'
        assert offered("boarding") == '"是,否"'

    def test_the_county_sheet_lists_every_county_field(self, template):
        """Every top-level figure and every field of guarantee, quality, declared, vetoes,
        procedure has its row; monitoring results have their own table."""
        schema = load_schema("county.schema.json")
        defs = schema["$defs"]
        expected = set()
        for name, spec in schema["properties"].items():
            if name in {"schools", "extra"}:
                continue
            ref = spec.get("$ref", "")
            if ref:
                target = defs[ref.rsplit("/", 1)[1]]["properties"]
                expected |= {f"{name}.{key}" for key in target if key != "monitoring"}
            else:
                expected.add(name)

        sheet = openpyxl.load_workbook(template)[excel.COUNTY_SHEET]

        assert set(_field_rows(sheet)) == expected
        assert {"subject", "level", "difference_rate"} <= set(_columns(sheet))

    def test_the_instructions_speak_both_languages(self, template):
        """The instruction sheet holds each step in Chinese and in English."""
        sheet = openpyxl.load_workbook(template)[excel.HELP_SHEET]
        texts = {cell.value for row in sheet.iter_rows() for cell in row if cell.value}

        assert message("xl.help.1", "zh") in texts
        assert message("xl.help.1", "en") in texts

    def test_an_unfilled_template_says_what_is_required(self, template):
        """Read back empty, the template names the missing code, name, year and schools."""
        book = openpyxl.load_workbook(template)

        problems = _problems(template)

        assert {str(p) for p in problems} >= {
            f"{_county_cell(book, 'code')}: is required",
            f"{_county_cell(book, 'name')}: is required",
            f"{excel.SCHOOLS_SHEET}: must list at least one school",
        }


class TestFilledTemplate:
    """A template filled by hand reads back as the county it describes."""

    def test_it_evaluates_as_the_json_does(self, template):
        """Same county, same result: the workbook and the JSON document agree to the byte."""
        document = _example_or_full()
        fill(template, document)

        from_workbook = edu_rules.evaluate(excel.load_county(template))
        from_json = edu_rules.evaluate(edu_rules.load_county(document))

        assert edu_rules.to_json(from_workbook) == edu_rules.to_json(from_json)

    def test_it_reads_as_the_canonical_document(self, template):
        """Codes, Chinese labels, 是/否 and room lists all come back as the contract spells them."""
        document = full_county()
        fill(template, document)

        assert excel.read_county(template) == _canonical(document)

    def test_an_empty_cell_is_unknown_not_zero(self, template):
        """Leaving key teachers empty makes them unknown, and the rules say so."""
        document = passing_county()
        document["schools"][0]["stages"]["primary"]["key_teachers"] = None
        fill(template, document)

        read = excel.read_county(template)
        result = edu_rules.evaluate(excel.load_county(template))

        assert read["schools"][0]["stages"]["primary"]["key_teachers"] is None
        assert any("key_teachers" in missing for f in result.not_evaluated for missing in f.missing)

    def test_a_through_school_is_merged_back_into_one(self, template):
        """The primary and junior rows of a nine-year school make one school with both stages."""
        document = full_county()
        fill(template, document)

        school = excel.read_county(template)["schools"][0]

        assert school["kind"] == "nine_year"
        assert set(school["stages"]) == {"primary", "junior"}
        assert school["stages"]["junior"]["teachers_above_required_qualification"] == 31.8

    def test_a_school_field_given_on_one_row_only_counts_for_the_school(self, template):
        """A through-school's name typed on its first row only is still its name."""
        fill(template, full_county())
        book = openpyxl.load_workbook(template)
        sheet = book[excel.SCHOOLS_SHEET]
        sheet.cell(4, _columns(sheet)["name"]).value = None
        book.save(template)

        assert (
            excel.read_county(template)["schools"][0]["name"] == full_county()["schools"][0]["name"]
        )


class TestCellValues:
    """``parse_cell``: what people type, read as the contract means it."""

    @pytest.fixture(name="columns")
    def _columns_by_field(self) -> dict[str, excel.Column]:
        return {column.field: column for column in excel.columns()}

    @pytest.mark.parametrize(
        ("field", "raw", "number_format", "expected"),
        [
            ("students", None, "General", excel.EMPTY),
            ("students", "   ", "General", excel.EMPTY),
            ("students", 0, "General", 0),
            ("students", "1,234", "General", 1234),
            ("students", "１２", "General", 12),
            ("guarantee.nearby_enrolment_junior_pct", 0.965, "0.0%", 96.5),
            ("guarantee.nearby_enrolment_junior_pct", "96.5%", "General", 96.5),
            ("guarantee.nearby_enrolment_junior_pct", 96.5, "General", 96.5),
            ("code", 450202, "General", "450202"),
            ("music_rooms_m2", "96;100.5", "@", [96, 100.5]),
            ("music_rooms_m2", "96、100.5；90", "@", [96, 100.5, 90]),
            ("music_rooms_m2", "无", "@", []),
            ("music_rooms_m2", 96, "General", [96]),
            ("boarding", "是", "General", True),
            ("boarding", "否", "General", False),
            ("boarding", "TRUE", "General", True),
            ("boarding", False, "General", False),
            ("kind", "九年一贯制", "General", "nine_year"),
            ("kind", "nine_year", "General", "nine_year"),
            ("stage", "初中", "General", "junior"),
            ("level", "Ⅲ", "General", 3),
        ],
    )
    def test_a_cell_reads_as_the_contract_means_it(
        self, columns, field, raw, number_format, expected
    ):
        """Empty is unknown; numbers typed as text, percentages, labels and lists are understood."""
        value, problem = excel.parse_cell(raw, columns[field], number_format)

        assert problem is None
        assert value == expected or (value is expected)

    @pytest.mark.parametrize(
        ("field", "raw", "words"),
        [
            ("students", "abc", "must be a number"),
            ("students", True, "must be a number"),
            ("boarding", "maybe", "must be 是 or 否"),
            ("kind", "高中", "must be one of: 小学 (primary)"),
            ("music_rooms_m2", "96;x", "is not a number"),
        ],
    )
    def test_a_cell_that_cannot_be_read_says_why(self, columns, field, raw, words):
        """A value of the wrong kind is refused with the reason and what was typed."""
        value, problem = excel.parse_cell(raw, columns[field])

        assert value is excel.EMPTY
        assert problem is not None
        assert words in problem


class TestProblems:
    """Every bad cell of a workbook, reported at once, each at its sheet, cell and column."""

    def test_every_bad_cell_is_named_with_its_reason(self, workbook):
        """Text in a number, a negative count, a bad yes/no, a code and a contract breach: all five."""
        schools = workbook[excel.SCHOOLS_SHEET]
        columns = _columns(schools)
        schools.cell(3, columns["students"]).value = "abc"
        schools.cell(4, columns["classes"]).value = -3
        schools.cell(3, columns["boarding"]).value = "maybe"
        county = workbook[excel.COUNTY_SHEET]
        fields = _field_rows(county)
        county.cell(fields["code"], 3).value = 45020
        county.cell(fields["guarantee.rotated_teachers"], 3).value = 500
        path = _save(workbook)

        problems = {str(p.path): p.reason for p in _problems(path)}

        assert set(problems) == {
            _cell(workbook, excel.SCHOOLS_SHEET, "students", 3),
            _cell(workbook, excel.SCHOOLS_SHEET, "classes", 4),
            _cell(workbook, excel.SCHOOLS_SHEET, "boarding", 3),
            _county_cell(workbook, "code"),
            _county_cell(workbook, "guarantee.rotated_teachers"),
        }
        assert (
            problems[_cell(workbook, excel.SCHOOLS_SHEET, "classes", 4)] == "must be ≥ 0 (got -3)"
        )
        assert (
            "more than rotation_eligible_teachers"
            in problems[_county_cell(workbook, "guarantee.rotated_teachers")]
        )

    def test_one_cell_one_problem(self, workbook):
        """Text in a required number is said once: not also "is required"."""
        schools = workbook[excel.SCHOOLS_SHEET]
        schools.cell(3, _columns(schools)["students"]).value = "abc"
        path = _save(workbook)

        problems = _problems(path)

        assert len(problems) == 1

    def test_rows_of_one_school_must_agree(self, workbook):
        """A through-school whose two rows give two names: the second row's cell is named."""
        schools = workbook[excel.SCHOOLS_SHEET]
        schools.cell(4, _columns(schools)["name"]).value = "另一个名字"
        path = _save(workbook)

        (problem,) = _problems(path)

        assert problem.path == _cell(workbook, excel.SCHOOLS_SHEET, "name", 4)
        assert "differs from row 3" in problem.reason

    def test_one_row_per_school_stage(self, workbook):
        """Two junior rows for one school are refused at the second one's stage cell."""
        schools = workbook[excel.SCHOOLS_SHEET]
        schools.cell(3, _columns(schools)["stage"]).value = "初中"
        path = _save(workbook)

        problems = {p.path: p.reason for p in _problems(path)}

        assert (
            "already has a 初中 (junior) row (row 3)"
            in problems[_cell(workbook, excel.SCHOOLS_SHEET, "stage", 4)]
        )

    def test_stage_figures_need_a_stage(self, workbook):
        """Students on a row whose stage is empty: the stage cell is named."""
        schools = workbook[excel.SCHOOLS_SHEET]
        schools.cell(5, _columns(schools)["students"]).value = 12
        path = _save(workbook)

        (problem,) = _problems(path)

        assert problem.path == _cell(workbook, excel.SCHOOLS_SHEET, "stage", 5)
        assert "students" in problem.reason

    def test_a_missing_stage_of_a_through_school_names_its_rows(self, workbook):
        """A nine-year school with only its primary row: the school's rows are named."""
        schools = workbook[excel.SCHOOLS_SHEET]
        schools.delete_rows(4)
        path = _save(workbook)

        (problem,) = _problems(path)

        assert problem.path == f"{excel.SCHOOLS_SHEET}!3:3 (school S001)"
        assert "nine_year" in problem.reason

    def test_an_unknown_column_or_field_is_named_with_a_hint(self, workbook):
        """A misspelt column header and a misspelt county field are both reported."""
        schools = workbook[excel.SCHOOLS_SHEET]
        extra = schools.max_column + 1
        schools.cell(2, extra).value = "studnets"
        county = workbook[excel.COUNTY_SHEET]
        row = county.max_row + 1
        county.cell(row, 2).value = "guarantee.teacher_avg_pay"
        county.cell(row, 3).value = 1
        path = _save(workbook)

        problems = {p.path: p.reason for p in _problems(path)}

        assert (
            'did you mean "students"'
            in problems[f"{excel.SCHOOLS_SHEET}!{get_column_letter(extra)}2 (studnets)"]
        )
        assert (
            "did you mean" in problems[f"{excel.COUNTY_SHEET}!B{row} (guarantee.teacher_avg_pay)"]
        )

    def test_a_formula_never_calculated_is_not_taken_for_unknown(self, workbook):
        """A formula without a cached value is refused, not read as an empty cell."""
        schools = workbook[excel.SCHOOLS_SHEET]
        schools.cell(3, _columns(schools)["key_teachers"]).value = "=1+1"
        path = _save(workbook)

        (problem,) = _problems(path)

        assert problem.path == _cell(workbook, excel.SCHOOLS_SHEET, "key_teachers", 3)
        assert "formula" in problem.reason

    def test_a_file_that_is_not_a_workbook(self, tmp_path):
        """A JSON file named .xlsx is refused with a reason, not a traceback."""
        path = tmp_path / "county.xlsx"
        path.write_text("{}", encoding="utf-8")

        (problem,) = _problems(path)

        assert "cannot read the workbook" in problem.reason

    def test_a_missing_sheet_is_named(self, workbook):
        """Without the county sheet the workbook cannot be a county document."""
        del workbook[excel.COUNTY_SHEET]
        path = _save(workbook)

        paths = [p.path for p in _problems(path)]

        assert excel.COUNTY_SHEET in paths

    def test_without_openpyxl_the_message_says_what_to_install(self, monkeypatch, tmp_path):
        """The optional dependency's absence is a clear error naming the extra."""
        monkeypatch.setitem(sys.modules, "openpyxl", None)

        with pytest.raises(excel.ExcelSupportMissingError, match=r"edu-rules\[excel\]"):
            excel.write_template(tmp_path / "county.xlsx")


class TestRoundTrip:
    """``write_county`` and ``read_county``: JSON → workbook → JSON gives the canonical document."""

    @pytest.mark.parametrize(
        "document",
        [full_county, passing_county],
        ids=["full", "passing"],
    )
    def test_json_to_workbook_to_json(self, tmp_path, document):
        """Every field, decimals and nulls included, survives the trip through Excel."""
        path = tmp_path / "county.xlsx"
        excel.write_county(path, document())

        assert excel.read_county(path) == _canonical(document())

    @pytest.mark.parametrize(
        "example",
        # through-schools, functional zones (柳东新区), unknown figures: one of each kind
        [path for path in sorted(EXAMPLES.glob("*.json")) if path.stem in _ROUND_TRIP_EXAMPLES],
        ids=lambda path: path.stem,
    )
    def test_the_examples_survive_the_trip(self, tmp_path, example):
        """Bundled examples convert to Excel and back unchanged."""
        document = json.loads(example.read_text(encoding="utf-8"))
        path = tmp_path / "county.xlsx"
        excel.write_county(path, document)

        assert excel.read_county(path) == _canonical(document)

    def test_workbook_to_json_to_workbook(self, template, tmp_path):
        """A workbook filled by hand, written out as JSON and back: the same county again."""
        fill(template, full_county())
        document = excel.read_county(template)
        again = tmp_path / "again.xlsx"

        excel.write_county(again, document)

        assert excel.read_county(again) == document

    def test_empty_and_unknown_lists_stay_apart(self, tmp_path):
        """No music rooms (``[]``) and unknown rooms (``null``) are different, and stay so."""
        document = full_county()
        document["schools"][0]["music_rooms_m2"] = []
        document["quality"]["monitoring"] = []
        path = tmp_path / "county.xlsx"
        excel.write_county(path, document)

        read = excel.read_county(path)

        assert read["schools"][0]["music_rooms_m2"] == []
        assert read["schools"][1]["music_rooms_m2"] is None
        assert read["quality"]["monitoring"] == []

    def test_an_invalid_document_is_not_written(self, tmp_path):
        """Writing checks the document first: a bad one raises and leaves no file."""
        document = full_county()
        document["schools"][0]["stages"]["primary"]["students"] = -1
        path = tmp_path / "county.xlsx"

        with pytest.raises(CountyDataError):
            excel.write_county(path, document)
        assert not path.exists()


class TestTheSameBytesEveryTime:
    """A workbook written today and one written tomorrow are the same file: no clock inside."""

    @pytest.mark.parametrize("write", ["template", "county"])
    def test_no_entry_carries_the_time_of_writing(self, tmp_path, write):
        import zipfile

        path = tmp_path / "out.xlsx"
        if write == "template":
            excel.write_template(path)
        else:
            excel.write_county(path, edu_rules.load_county(EXAMPLES / "450203-yufeng.json"))

        with zipfile.ZipFile(path) as archive:
            stamps = {info.date_time for info in archive.infolist()}
            core = archive.read("docProps/core.xml")
        assert stamps == {(1980, 1, 1, 0, 0, 0)}
        assert b"1980-01-01T00:00:00Z" in core

"""A workbook's reader speaks of cells, and takes no percentage written as a fraction.

An analyst who filled a workbook is told which cell to fill (sheet, cell and Chinese
column header), never a JSON path: for missing data in the reports, for errors, and for
a stage row that is not there.  A cell merged over rows is read as its first cell only
where a value stands for every row (a school's fields over a through-school's rows);
elsewhere it is refused, saying so.  A value between 0 and 1 in a percentage column is
refused ("0.95%: did you mean 95%?") unless the cell is formatted as a percentage (then
it is one) or typed as ``0.95%``; a JSON document whose percentages are all fractions
is refused too.  Each test starts from a bundled example converted to ``.xlsx`` and
edits cells with openpyxl, as a person would in Excel.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

import edu_rules  # noqa: E402
from edu_rules import CountyDataError  # noqa: E402
from edu_rules.cli.entry import main  # noqa: E402
from edu_rules.io import excel  # noqa: E402
from edu_rules.io.validation import validate_county_data  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
YUFENG = EXAMPLES / "450203-yufeng.json"  # S001 and S002 are nine-year schools, rows 3-6


@pytest.fixture(name="workbook", scope="module")
def _workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """鱼峰区 as the workbook ``edu-rules convert`` writes."""
    path = tmp_path_factory.mktemp("yufeng") / "yufeng.xlsx"
    assert main(["convert", str(YUFENG), str(path)]) == 0
    return path


def _edited(source: Path, target: Path, edit: Any) -> Path:
    book = openpyxl.load_workbook(source)
    edit(book[excel.SCHOOLS_SHEET], book[excel.COUNTY_SHEET])
    book.save(target)
    return target


def _column(sheet: Any, field: str) -> str:
    """The letter of a schools-sheet column, by its English name in row 2."""
    for cell in sheet[2]:
        if cell.value == field:
            return str(cell.column_letter)
    raise KeyError(field)


def _letter(workbook: Path, field: str) -> str:
    """The letter of a schools-sheet column in ``workbook``: the installed plugins' own
    columns come before the stage columns, so a letter is never written down in a test."""
    return _column(openpyxl.load_workbook(workbook)[excel.SCHOOLS_SHEET], field)


def _value_cell(sheet: Any, field: str) -> Any:
    """The value cell (column C) of a county-sheet field."""
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, 2).value == field:
            return sheet.cell(row, 3)
    raise KeyError(field)


def _problems(path: Path) -> list[str]:
    with pytest.raises(CountyDataError) as caught:
        excel.load_county(path)
    return [
        f"{problem.path}: {problem.reason_in('zh')} / {problem.reason}"
        for problem in caught.value.problems
    ]


class TestMissingDataNamesTheCell:
    def test_the_text_report_names_sheet_cell_and_header_not_the_path(
        self, workbook, tmp_path, capsys
    ):
        """An emptied key_teachers cell is reported where the analyst must fill it."""

        letter = ""

        def edit(schools: Any, _county: Any) -> None:
            nonlocal letter
            letter = _column(schools, "key_teachers")  # installed plugins' columns come first
            schools[f"{letter}7"] = None

        path = _edited(workbook, tmp_path / "blank.xlsx", edit)

        code = main(["evaluate", str(path)])
        out = capsys.readouterr().out

        assert code == 1
        assert f"缺少数据: 学校 Schools!{letter}7 (县级以上骨干教师数 key_teachers)" in out
        assert "schools[2].stages.junior.key_teachers" not in out

    def test_a_shortfall_names_the_row_its_figures_came_from(self, workbook, tmp_path, capsys):
        """A school stage short of a standard is named with its row, the row to correct."""

        def edit(schools: Any, _county: Any) -> None:
            schools[f"{_column(schools, 'pe_arts_teachers')}3"] = 0  # S001 primary, row 3

        path = _edited(workbook, tmp_path / "short.xlsx", edit)
        located = edu_rules.evaluate(excel.load_located(path)[0])
        _, cells = excel.load_located(path)
        assert cells is not None
        shown = cells.locate(located)

        finding = next(
            f
            for f in shown.findings
            if f.rule == "national.L3"
            and f.subject.school == "450203-S001"
            and f.subject.stage == "primary"
        )
        assert finding.outcome.value in {"shortfall", "tolerated"}
        assert finding.subject.name.endswith("（学校 Schools!3:3）")
        raw = next(
            f
            for f in located.findings
            if f.rule == finding.rule
            and f.subject.school == "450203-S001"
            and f.subject.stage == "primary"
        )
        assert "Schools" not in raw.subject.name  # the result itself keeps the name

        assert main(["evaluate", str(path)]) == 1
        assert "（学校 Schools!3:3）" in capsys.readouterr().out

    def test_the_json_result_keeps_field_paths(self, workbook, tmp_path, capsys):
        """The result document is the same contract for workbook and JSON input."""

        def edit(schools: Any, _county: Any) -> None:
            schools[f"{_column(schools, 'key_teachers')}7"] = None

        path = _edited(workbook, tmp_path / "blank.xlsx", edit)

        main(["evaluate", str(path), "--format", "json"])
        result = json.loads(capsys.readouterr().out)
        missing = {p for finding in result["findings"] for p in finding.get("missing") or ()}

        assert "schools[2].stages.junior.key_teachers" in missing
        assert not any("Schools!" in p for p in missing)

    def test_a_county_figure_left_empty_names_its_row(self, workbook):
        """The cell map names every field the reader placed, county rows included."""
        _, cells = excel.load_located(workbook)

        place = cells.place("procedure.municipal_review_passed")

        assert place.startswith("县级指标 County!C")
        assert place.endswith("(市级复核通过 procedure.municipal_review_passed)")

    def test_a_located_result_differs_only_in_its_missing_data(self, workbook):
        """locate() rewrites the missing fields' names; verdict and findings stay."""
        county, cells = excel.load_located(workbook)
        result = edu_rules.evaluate(county)

        located = cells.locate(result)

        assert result.status == located.status
        assert [f.rule for f in result.findings] == [f.rule for f in located.findings]
        assert [len(f.missing) for f in result.findings] == [
            len(f.missing) for f in located.findings
        ]
        assert all("!" in p or "County (" in p for f in located.findings for p in f.missing)


class TestMergedCells:
    def test_a_school_field_merged_over_a_through_school_counts_for_both_rows(
        self, workbook, tmp_path
    ):
        """Name and kind merged over S001's two rows read as the school's, once."""

        def edit(schools: Any, _county: Any) -> None:
            schools.merge_cells("B3:B4")
            schools.merge_cells("C3:C4")

        path = _edited(workbook, tmp_path / "merged.xlsx", edit)

        county = excel.load_county(path)

        assert edu_rules.load_county(YUFENG) == county

    def test_a_stage_cell_merged_over_two_rows_is_refused_saying_so(self, workbook, tmp_path):
        """学段 merged over S001's rows: the second row is told it is merged, and why."""

        def edit(schools: Any, _county: Any) -> None:
            schools.merge_cells(f"{_column(schools, 'stage')}3:{_column(schools, 'stage')}4")

        path = _edited(workbook, tmp_path / "merged.xlsx", edit)

        problems = _problems(path)

        assert len(problems) == 2
        assert problems[0].startswith(
            "学校 Schools!3:4 (school 450203-S001): “初中”学段行（junior） / the 初中 (junior) "
            "stage row"
        )
        assert "is required for a nine_year school" in problems[0]
        stage = _letter(workbook, "stage")
        assert problems[1].startswith(f"学校 Schools!{stage}4 (学段 stage): 是合并单元格的一部分")
        assert "unmerge the cells" in problems[1]

    def test_a_figure_merged_over_two_stages_is_refused_not_doubled(self, workbook, tmp_path):
        """Students merged over a primary and a junior row are no figure of the junior."""

        def edit(schools: Any, _county: Any) -> None:
            column = _column(schools, "students")
            schools.merge_cells(f"{column}5:{column}6")

        path = _edited(workbook, tmp_path / "merged.xlsx", edit)

        problems = _problems(path)

        students = _letter(workbook, "students")
        assert [p.split(": ")[0] for p in problems] == [
            f"学校 Schools!{students}6 (在校生数 students)"
        ]


class TestPercentSanity:
    @pytest.mark.parametrize(
        ("typed", "shown"),
        [(0.552, "0.552%：是否应为 55.2%？"), ("0.552", "0.552%：是否应为 55.2%？")],
    )
    def test_a_fraction_in_a_percent_column_is_refused(self, workbook, tmp_path, typed, shown):
        """0.552 typed (as a number or as text) where 55.2% is meant is never taken."""

        def edit(_schools: Any, county: Any) -> None:
            _value_cell(county, "guarantee.quota_allocation_pct").value = typed

        path = _edited(workbook, tmp_path / "fraction.xlsx", edit)

        problems = _problems(path)

        assert len(problems) == 1
        assert "(优质高中招生名额分配比例 guarantee.quota_allocation_pct): " + shown in problems[0]
        assert "did you mean 55.2%?" in problems[0]

    def test_a_cell_formatted_as_percent_is_read_as_a_percentage(self, workbook, tmp_path):
        """Excel holds 55.2% as 0.552 in a ``0.0%`` cell: it is 55.2."""

        def edit(_schools: Any, county: Any) -> None:
            cell = _value_cell(county, "guarantee.quota_allocation_pct")
            cell.value, cell.number_format = 0.552, "0.0%"

        path = _edited(workbook, tmp_path / "percent.xlsx", edit)

        county = excel.load_county(path)

        assert edu_rules.load_county(YUFENG) == county

    def test_a_genuinely_tiny_percentage_is_typed_with_its_sign(self, workbook, tmp_path):
        """``0.5%`` typed as text is 0.5%, taken as written (and it fails, never passes)."""

        def edit(_schools: Any, county: Any) -> None:
            _value_cell(county, "guarantee.quota_allocation_pct").value = "0.5%"

        path = _edited(workbook, tmp_path / "tiny.xlsx", edit)

        county = excel.load_county(path)

        assert county.guarantee.quota_allocation_pct == 0.5

    def test_a_literal_percent_sign_in_the_format_is_no_percent_format(self, workbook, tmp_path):
        """``0.0"%"`` shows a sign without scaling: 0.552 there is still a fraction."""

        def edit(_schools: Any, county: Any) -> None:
            cell = _value_cell(county, "guarantee.quota_allocation_pct")
            cell.value, cell.number_format = 0.552, '0.0"%"'

        path = _edited(workbook, tmp_path / "literal.xlsx", edit)

        assert "did you mean 55.2%?" in _problems(path)[0]


class TestPercentSanityInJson:
    @pytest.fixture(name="document")
    def _document(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(YUFENG.read_text(encoding="utf-8"))
        return result

    def test_a_document_of_fractions_is_refused_at_each_fraction(self, document):
        """Every percentage at most 1: each fraction is refused, saying what it would be."""
        for part in ("guarantee", "quality"):
            for key, value in document[part].items():
                if key.endswith("_pct") and value is not None:
                    document[part][key] = 1 if value == 100 else float(f"{value / 100:.4g}")
        document["social_recognition_pct"] = 0.904

        problems = validate_county_data(document)

        assert "social_recognition_pct" in [p.path for p in problems]
        assert any(
            p.path == "guarantee.quota_allocation_pct" and "did you mean 55.2%?" in p.reason
            for p in problems
        )
        assert all("did you mean" in p.reason for p in problems)
        with pytest.raises(CountyDataError):
            edu_rules.load_county(json.dumps(document).encode())  # the fast path agrees

    def test_a_lone_fraction_beside_real_percentages_is_taken(self, document):
        """One 0.552 among percentages such as 96.5 may be a real 0.552%: it only fails."""
        before = edu_rules.evaluate(edu_rules.load_county(document))
        document["guarantee"]["quota_allocation_pct"] = 0.552

        problems = validate_county_data(document)
        after = edu_rules.evaluate(edu_rules.load_county(document))
        gained = {f.rule for f in after.shortfalls} - {f.rule for f in before.shortfalls}

        assert problems == []
        assert len(gained) == 1
        assert [f.measured for f in after.shortfalls if f.rule in gained] == [0.552]


class TestTheWebReportNamesCellsToo:
    def test_an_uploaded_workbook_s_report_names_the_cell_and_its_json_the_path(
        self, workbook, tmp_path
    ):
        """The report page of an upload is ``evaluate``'s: cells shown, paths in the JSON."""
        pytest.importorskip("starlette")
        from starlette.testclient import TestClient

        from edu_rules.web import Settings, create_app

        def edit(schools: Any, _county: Any) -> None:
            schools[f"{_column(schools, 'key_teachers')}7"] = None

        path = _edited(workbook, tmp_path / "blank.xlsx", edit)
        with TestClient(create_app(Settings(workers=1))) as client:
            page = client.post("/report", files={"file": ("y.xlsx", path.read_bytes())}).text
            answer = client.post("/v1/evaluate", content=path.read_bytes()).json()

        missing = {p for finding in answer["findings"] for p in finding.get("missing") or ()}

        key_teachers = _letter(workbook, "key_teachers")
        assert f"学校 Schools!{key_teachers}7 (县级以上骨干教师数 key_teachers)" in page
        assert "schools[2].stages.junior.key_teachers" in missing

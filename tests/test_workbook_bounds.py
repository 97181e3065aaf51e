"""An input workbook is read within bounds, and never judged by a value it only claims.

Issue 23, items 7 and 8: a formula cell is refused (its cached value proves nothing:
``=1+1`` may be saved with 10); only the cells under the headers the reader knows are
stored, and a sheet holding millions of values beside them is refused at once, in
bounded memory.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")
from openpyxl.utils import get_column_letter  # noqa: E402

import edu_rules  # noqa: E402
from edu_rules import CountyDataError  # noqa: E402
from edu_rules._limits import MAX_IGNORED_CELLS  # noqa: E402
from edu_rules.cli.entry import main  # noqa: E402
from edu_rules.io import excel  # noqa: E402
from edu_rules.io.serialization import unstructure  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "450223-luzhai.json"


def _columns(sheet: Any) -> dict[str, int]:
    return {
        sheet.cell(2, index).value: index
        for index in range(1, sheet.max_column + 1)
        if sheet.cell(2, index).value
    }


@pytest.fixture(name="written")
def _written(tmp_path: Path) -> Path:
    path = tmp_path / "county.xlsx"
    excel.write_county(path, edu_rules.load_county(EXAMPLE))
    return path


def _schools_part(path: Path) -> str:
    """The zip member holding the schools sheet's XML."""
    book = openpyxl.load_workbook(path, read_only=True)
    index = book.sheetnames.index(excel.SCHOOLS_SHEET) + 1
    book.close()
    return f"xl/worksheets/sheet{index}.xml"


def _rewrite(path: Path, target: Path, part: str, edit: Any) -> Path:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item.filename, edit(data) if item.filename == part else data)
    return target


class TestFormulaCells:
    def test_a_formula_with_a_false_cached_value_is_refused_naming_every_cell(
        self, written: Path, tmp_path: Path
    ) -> None:
        """``=1+1`` saved with 10 is neither 10 nor 2: every formula cell read is named."""
        book = openpyxl.load_workbook(written)
        sheet = book[excel.SCHOOLS_SHEET]
        columns = _columns(sheet)
        sheet.cell(3, columns["key_teachers"]).value = "=1+1"
        sheet.cell(5, columns["students"]).value = "=SUM(100,200)"
        edited = tmp_path / "edited.xlsx"
        book.save(edited)
        part = _schools_part(edited)
        cached = _rewrite(
            edited,
            tmp_path / "cached.xlsx",
            part,
            lambda data: re.sub(rb"<f>1\+1</f>(<v\s*/>|<v></v>)?", b"<f>1+1</f><v>10</v>", data),
        )
        with zipfile.ZipFile(cached) as archive:
            assert b"<f>1+1</f><v>10</v>" in archive.read(part)

        with pytest.raises(CountyDataError) as caught:
            excel.load_county(cached)

        (problem,) = caught.value.problems
        said = problem.text.spell("zh") if problem.text is not None else problem.reason
        first = f"{excel.SCHOOLS_SHEET}!{get_column_letter(columns['key_teachers'])}3"
        second = f"{excel.SCHOOLS_SHEET}!{get_column_letter(columns['students'])}5"
        assert f"{first}、{second} 是公式，请粘贴为数值" in said

    def test_the_command_line_refuses_it_with_exit_2(
        self, written: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        book = openpyxl.load_workbook(written)
        sheet = book[excel.COUNTY_SHEET]
        row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 2).value == "name")
        sheet.cell(row, 3).value = '="鹿寨县"'
        edited = tmp_path / "edited.xlsx"
        book.save(edited)

        code = main(["evaluate", str(edited)])

        assert code == 2
        assert f"{excel.COUNTY_SHEET}!C{row} 是公式，请粘贴为数值" in capsys.readouterr().err


class TestBoundedReading:
    def test_millions_of_values_beside_the_headers_are_refused_fast(
        self, written: Path, tmp_path: Path
    ) -> None:
        """5.4 million numbers in columns AD–IV: refused in well under a second, not stored."""
        part = _schools_part(written)
        letters = [get_column_letter(column) for column in range(30, 257)]

        def widen(data: bytes) -> bytes:
            rows = "".join(
                f'<row r="{row}">'
                + "".join(f'<c r="{letter}{row}"><v>{row}</v></c>' for letter in letters)
                + "</row>"
                for row in range(1000, 1000 + 23_800)
            )
            return data.replace(b"</sheetData>", rows.encode() + b"</sheetData>")

        hostile = _rewrite(written, tmp_path / "wide.xlsx", part, widen)
        started = time.perf_counter()

        with pytest.raises(CountyDataError) as caught:
            excel.load_county(hostile)

        took = time.perf_counter() - started
        (problem,) = caught.value.problems
        assert problem.path.startswith(f"{excel.SCHOOLS_SHEET}!")
        assert f"{MAX_IGNORED_CELLS:,}" in problem.reason
        assert took < 10  # about 0.5 s here; it took 3 min 20 s and 0.97 GB before

    def test_a_note_beside_the_headers_is_ignored(self, written: Path, tmp_path: Path) -> None:
        """A few values under no header are skipped, not read into the county."""
        book = openpyxl.load_workbook(written)
        sheet = book[excel.SCHOOLS_SHEET]
        far = sheet.max_column + 3
        for row in range(3, 10):
            sheet.cell(row, far).value = "备注：已核对"
        edited = tmp_path / "noted.xlsx"
        book.save(edited)

        county = excel.load_county(edited)

        assert unstructure(county) == unstructure(edu_rules.load_county(EXAMPLE))

    def test_rows_out_of_order_are_refused(self, written: Path, tmp_path: Path) -> None:
        part = _schools_part(written)

        def reorder(data: bytes) -> bytes:
            return data.replace(
                b"</sheetData>", b'<row r="3"><c r="A3"><v>1</v></c></row></sheetData>'
            )

        forged = _rewrite(written, tmp_path / "forged.xlsx", part, reorder)

        with pytest.raises(CountyDataError) as caught:
            excel.load_county(forged)

        assert "not stored in order" in caught.value.problems[0].reason


def test_the_example_reads_back_the_same(written: Path) -> None:
    assert unstructure(excel.load_county(written)) == json.loads(
        json.dumps(unstructure(edu_rules.load_county(EXAMPLE)))
    )

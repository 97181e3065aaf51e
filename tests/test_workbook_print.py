"""Every workbook written is fit to work in and to print: read back with openpyxl, then printed.

The results workbook of the bundled examples, the monitoring workbook, the template
and a county's form are read back: each sheet prints A4 landscape, one page wide (so
no column is cut off), its header rows repeated; a header's column and row are large
enough for its Chinese words; a table keeps its header in view and filters by it;
numbers carry the display precision of the official forms (CVs 3 decimals, means and
school values 2).  Then LibreOffice prints the results workbook to PDF, where it is
installed (skipped, never failed, where it is not): at most two pages per unit.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import attrs
import pytest

openpyxl = pytest.importorskip("openpyxl")

from edu_rules.engine import evaluate  # noqa: E402 - after the skip
from edu_rules.io import excel  # noqa: E402
from edu_rules.io.excel.sheets import wrapped_lines  # noqa: E402
from edu_rules.io.validation import load_county  # noqa: E402
from edu_rules.model.result import Outcome  # noqa: E402
from edu_rules.reports import workbook  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
UNITS = sorted(EXAMPLES.glob("45*.json"))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
A4_LANDSCAPE = (841.89, 595.28)
"""297 × 210 mm in PDF points."""


@pytest.fixture(scope="module", name="results")
def _results() -> list:
    return [evaluate(load_county(path)) for path in UNITS]


@pytest.fixture(scope="module", name="results_book")
def _results_book(results: list) -> bytes:
    return workbook.render(results, "zh")


def _monitoring_book() -> bytes:
    from edu_rules.monitoring.monitor import load_panel, monitor
    from edu_rules.monitoring.report import render

    history = sorted((EXAMPLES / "history").glob("45020[23]-*.json"))
    made = render(monitor(load_panel(history), remedies=True), "xlsx", "zh")
    assert isinstance(made, bytes)
    return made


def _form_book(document: Path | None) -> bytes:
    out = io.BytesIO()
    if document is None:
        excel.write_template(out)
    else:
        excel.write_county(out, load_county(document))
    return out.getvalue()


def _head_row(sheet) -> int:
    """The header row: the last row the print repeats on every page."""
    repeated = sheet.print_title_rows
    assert repeated, sheet.title
    return int(repeated.rpartition(":")[2].lstrip("$"))


def _assert_printable(sheet) -> None:
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation) == (9, "landscape"), sheet.title
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title


def _assert_headers_fit(sheet, head_row: int) -> None:
    """Each header wraps within its column, and its row is tall enough for every line."""
    from openpyxl.utils import get_column_letter

    height = sheet.row_dimensions[head_row].height or 15
    for cell in sheet[head_row]:
        if not isinstance(cell.value, str):
            continue
        width = sheet.column_dimensions[get_column_letter(cell.column)].width
        assert cell.alignment.wrap_text, (sheet.title, cell.value)
        assert wrapped_lines(cell.value, width) * 15 <= height, (sheet.title, cell.value, width)
        assert width <= 44, (sheet.title, cell.value)


class TestTheResultsWorkbook:
    def test_every_sheet_prints_one_page_wide_with_its_header_repeated(
        self, results_book: bytes
    ) -> None:
        """A4 landscape, fitted to the width; the header in view, filtered, and fitting."""
        book = openpyxl.load_workbook(io.BytesIO(results_book))

        for sheet in book:
            _assert_printable(sheet)
            head_row = _head_row(sheet)
            assert sheet.freeze_panes is not None
            assert int(re.sub(r"[A-Z]+", "", sheet.freeze_panes)) == head_row + 1
            assert sheet.auto_filter.ref.split(":")[0] == f"A{head_row}"
            _assert_headers_fit(sheet, head_row)

    def test_numbers_show_the_forms_precision(self, results_book: bytes) -> None:
        """CVs with 3 decimals, means and school values with 2 (criteria §6)."""
        book = openpyxl.load_workbook(io.BytesIO(results_book))
        cv = book["差异系数"]
        head = [cell.value for cell in cv[1]]
        column = head.index("差异系数") + 1
        formats = {
            cv.cell(row=row, column=column).number_format
            for row in range(2, cv.max_row + 1)
            if isinstance(cv.cell(row=row, column=column).value, float)
        }
        assert formats
        assert all(re.fullmatch(r"#,##0\.000\d*", shape) for shape in formats)
        assert cv.cell(row=2, column=7).number_format == "#,##0.00"  # the county's mean
        schools = book["学校指标"]
        values = [
            cell.number_format
            for row in schools.iter_rows(min_row=3, min_col=6, max_col=12)
            for cell in row
            if isinstance(cell.value, float)
        ]
        assert values
        assert set(values) == {"#,##0.00"}

    def test_a_failing_value_beside_its_limit_shows_the_digits_that_differ(
        self, results: list
    ) -> None:
        """A CV of 0.50025 against ≤ 0.5 shows 0.5003 — never 0.500 against 0.500."""
        finding = next(
            f for r in results for f in r.shortfalls if f.family == "balance" and f.required
        )
        close = attrs.evolve(finding, measured=0.50025, required=0.5, outcome=Outcome.SHORTFALL)

        shape = workbook._shape(close)

        assert shape is not None
        decimals = len(shape.partition(".")[2])
        assert f"{0.50025:.{decimals}f}" != f"{0.5:.{decimals}f}"
        assert workbook._shape(attrs.evolve(close, measured=0.7)) == "#,##0.000"


def test_a_school_value_just_below_its_standard_never_looks_equal_to_it() -> None:
    """4.199 against a standard of 4.2 shows 4.199, not 4.20 beside 4.20; 4.3 shows 4.30."""
    from edu_rules import Title
    from edu_rules.reports import _model

    chart = _model.IndicatorChart(
        rule="national.L1",
        item="L1",
        title=Title(zh="每百名学生拥有高于规定学历教师数", en="teachers above the qualification"),
        stage="primary",
        unit=None,
        threshold=4.2,
        floor=0.85,
        bars=(),
        cv=None,
    )
    below = _model.Bar(school="s1", name=None, value=4.199, outcome=Outcome.SHORTFALL)
    above = _model.Bar(school="s2", name=None, value=4.3, outcome=Outcome.MET)

    formats = workbook._school_formats([below, above, None], [chart, chart, None])

    assert formats[5:] == ["#,##0.000", "#,##0.00", "#,##0.00"]


@pytest.mark.parametrize("which", ["monitoring", "template", "form"])
def test_the_other_workbooks_print_one_page_wide(which: str) -> None:
    """The monitoring workbook, the template and a county's form: A4 landscape, fitted."""
    made = {
        "monitoring": _monitoring_book,
        "template": lambda: _form_book(None),
        "form": lambda: _form_book(EXAMPLES / "450203-yufeng.json"),
    }[which]()
    book = openpyxl.load_workbook(io.BytesIO(made))

    for sheet in book:
        _assert_printable(sheet)
    if which != "monitoring":
        schools = book.worksheets[0]
        assert schools.freeze_panes == "C3"
        assert schools.auto_filter.ref.startswith("A2:")
        _assert_headers_fit(schools, 1)
        name = [cell.value for cell in schools[2]].index("name") + 1
        assert schools.column_dimensions[chr(ord("A") + name - 1)].width >= 30


def test_the_instructions_sheet_gives_each_row_the_height_of_its_lines() -> None:
    """说明: a cell of two lines (the Chinese and the English meaning) has a row of two lines."""
    book = openpyxl.load_workbook(io.BytesIO(_form_book(None)))
    sheet = book.worksheets[-1]
    from openpyxl.utils import get_column_letter

    checked = 0
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and "\n" in cell.value and cell.alignment.wrap_text:
                width = sheet.column_dimensions[get_column_letter(cell.column)].width
                height = sheet.row_dimensions[cell.row].height or 15
                assert wrapped_lines(cell.value, width) * 15 <= height
                checked += 1
    assert checked > 10


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_examples_in_at_most_two_pages_a_unit(
    results_book: bytes, tmp_path: Path
) -> None:
    """The ten bundled units' results print on A4 landscape pages, at most two a unit."""
    source = tmp_path / "results.xlsx"
    source.write_bytes(results_book)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    pdf = (tmp_path / "results.pdf").read_bytes()

    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert 5 <= len(pages) <= 2 * len(UNITS)  # a page at least for each of the five sheets
    boxes = {
        tuple(round(float(v)) for v in box.split()[2:])
        for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)
    }
    assert boxes == {tuple(round(v) for v in A4_LANDSCAPE)}


def test_the_examples_are_the_ten_units() -> None:
    """The page budget above is per unit: the examples are ten units."""
    assert len(UNITS) == 10
    assert all(json.loads(path.read_text(encoding="utf-8"))["code"] for path in UNITS)

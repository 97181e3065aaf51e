"""The command line for people: ``template``, ``convert``, and ``evaluate`` on workbooks and to files.

Exit codes as everywhere: 0 done (or the county passes), 1 evaluated but not
passing, 2 bad input or usage, and never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("openpyxl")

import edu_rules
from edu_rules.cli import main
from edu_rules.io import excel
from edu_rules.io.serialization import unstructure
from edu_rules.reports import render
from tests._documents import full_county
from tests._passing import passing_county


def _write_json(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _failing_document() -> dict[str, Any]:
    document = passing_county()
    document["schools"][0]["stages"]["primary"]["largest_class"] = 50
    return document


@pytest.fixture(name="passing_json")
def _passing_json(tmp_path: Path) -> Path:
    return _write_json(tmp_path / "passing.json", passing_county())


@pytest.fixture(name="failing_json")
def _failing_json(tmp_path: Path) -> Path:
    return _write_json(tmp_path / "failing.json", _failing_document())


@pytest.fixture(name="failing_xlsx")
def _failing_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "failing.xlsx"
    excel.write_county(path, _failing_document())
    return path


class TestTemplate:
    """``edu-rules template FILE.xlsx``."""

    def test_it_writes_the_workbook(self, tmp_path, capsys):
        """Exit 0 and a workbook with its four sheets."""
        path = tmp_path / "county.xlsx"

        code = main(["template", str(path)])

        assert code == 0
        assert "已写入" in capsys.readouterr().err
        import openpyxl

        assert openpyxl.load_workbook(path).sheetnames == [
            excel.SCHOOLS_SHEET,
            excel.COUNTY_SHEET,
            excel.SHARED_SHEET,
            excel.HELP_SHEET,
        ]

    def test_it_does_not_overwrite_without_force(self, tmp_path, capsys):
        """An existing file is kept (exit 2) unless ``--force`` is given."""
        path = tmp_path / "county.xlsx"
        path.write_bytes(b"keep me")

        refused = main(["template", str(path)])
        kept = path.read_bytes()
        forced = main(["template", str(path), "--force"])

        assert (refused, kept, forced) == (2, b"keep me", 0)
        assert "--force" in capsys.readouterr().err

    def test_a_file_name_that_is_not_xlsx_is_refused(self, tmp_path, capsys):
        """``template county.json`` is a mistake: exit 2, nothing written."""
        path = tmp_path / "county.json"

        assert main(["template", str(path)]) == 2
        assert not path.exists()
        assert ".xlsx" in capsys.readouterr().err


class TestConvert:
    """``edu-rules convert SOURCE TARGET``: JSON ↔ Excel without loss."""

    def test_json_to_xlsx_to_json_gives_the_canonical_document(self, tmp_path):
        """The JSON written back is the canonical form of the JSON read."""
        source = _write_json(tmp_path / "county.json", full_county())
        workbook = tmp_path / "county.xlsx"
        back = tmp_path / "back.json"

        codes = (
            main(["convert", str(source), str(workbook)]),
            main(["convert", str(workbook), str(back)]),
        )

        assert codes == (0, 0)
        canonical = unstructure(edu_rules.load_county(full_county()))
        assert json.loads(back.read_text(encoding="utf-8")) == canonical
        assert back.read_text(encoding="utf-8") == edu_rules.to_json(
            edu_rules.load_county(full_county())
        )

    def test_xlsx_to_json_to_xlsx_keeps_the_county(self, tmp_path, failing_xlsx):
        """A workbook converted to JSON and back reads as the same county."""
        as_json = tmp_path / "county.json"
        again = tmp_path / "again.xlsx"

        codes = (
            main(["convert", str(failing_xlsx), str(as_json)]),
            main(["convert", str(as_json), str(again)]),
        )

        assert codes == (0, 0)
        assert excel.read_county(again) == excel.read_county(failing_xlsx)

    def test_a_dash_prints_json(self, failing_xlsx, capsys):
        """``convert county.xlsx -`` prints the canonical JSON."""
        assert main(["convert", str(failing_xlsx), "-"]) == 0

        assert json.loads(capsys.readouterr().out) == excel.read_county(failing_xlsx)

    def test_an_unknown_suffix_is_refused(self, tmp_path, passing_json, capsys):
        """Only .json and .xlsx are converted."""
        assert main(["convert", str(passing_json), str(tmp_path / "county.csv")]) == 2
        assert "请使用 .json 或 .xlsx 文件" in capsys.readouterr().err

    def test_an_existing_target_needs_force(self, tmp_path, passing_json):
        """The target is not overwritten without ``--force``."""
        target = tmp_path / "out.json"
        target.write_text("old", encoding="utf-8")

        assert main(["convert", str(passing_json), str(target)]) == 2
        assert target.read_text(encoding="utf-8") == "old"
        assert main(["convert", str(passing_json), str(target), "--force"]) == 0

    def test_a_bad_workbook_names_the_cell(self, tmp_path, failing_xlsx, capsys):
        """A bad cell stops the conversion with exit 2 and its location on stderr."""
        import openpyxl

        book = openpyxl.load_workbook(failing_xlsx)
        sheet = book[excel.SCHOOLS_SHEET]
        column = next(
            c for c in range(1, sheet.max_column + 1) if sheet.cell(2, c).value == "students"
        )
        sheet.cell(3, column).value = "很多"
        book.save(failing_xlsx)

        code = main(["convert", str(failing_xlsx), str(tmp_path / "out.json")])

        assert code == 2
        err = capsys.readouterr().err
        assert f"{excel.SCHOOLS_SHEET}!" in err
        assert "students" in err
        assert "须为数字" in err  # Chinese by default
        assert not (tmp_path / "out.json").exists()


class TestEvaluateReports:
    """``edu-rules evaluate`` on workbooks, in every format, to a file."""

    def test_a_workbook_evaluates_like_its_json(self, failing_json, failing_xlsx, capsys):
        """Same exit code, same JSON result, whether the county comes as JSON or as Excel."""
        from_json = main(["evaluate", str(failing_json), "--format", "json"])
        json_out = capsys.readouterr().out
        from_xlsx = main(["evaluate", str(failing_xlsx), "--format", "json"])
        xlsx_out = capsys.readouterr().out

        assert (from_json, from_xlsx) == (1, 1)
        assert json_out == xlsx_out

    @pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_each_format_and_language_to_a_file(self, tmp_path, failing_json, capsys, fmt, lang):
        """``--output`` writes the report (UTF-8) and nothing goes to stdout."""
        output = tmp_path / f"report.{fmt}"

        code = main(
            ["evaluate", str(failing_json), "--format", fmt, "--lang", lang, "-o", str(output)]
        )

        assert code == 1
        assert capsys.readouterr().out == ""
        result = edu_rules.evaluate(edu_rules.load_county(_failing_document()))
        assert output.read_text(encoding="utf-8") == render(result, fmt, lang)

    def test_a_passing_county_exits_zero_in_html(self, passing_json, capsys):
        """The exit code does not depend on the format."""
        assert main(["evaluate", str(passing_json), "--format", "html"]) == 0
        assert capsys.readouterr().out.startswith("<!DOCTYPE html>")

    def test_several_files_make_one_html_page(self, passing_json, failing_xlsx, capsys):
        """A batch in HTML is one page with one h1 and a part per county; exit 1 as one fails."""
        code = main(["evaluate", str(passing_json), str(failing_xlsx), "--format", "html"])

        out = capsys.readouterr()
        assert code == 1
        assert out.out.count("<h1") == 1
        assert out.out.count("<article") == 2

    def test_no_progress_bar_when_piped(self, passing_json, failing_json, capsys):
        """Standard error is not a terminal under test: the batch writes nothing there."""
        main(["evaluate", str(passing_json), str(failing_json)])

        assert capsys.readouterr().err == ""

    def test_an_unknown_format_is_a_usage_error(self, passing_json, capsys):
        """``--format pdf`` exits 2 and lists the formats."""
        assert main(["evaluate", str(passing_json), "--format", "pdf"]) == 2
        assert "markdown" in capsys.readouterr().err

    def test_bad_workbooks_are_all_reported_before_any_report(self, tmp_path, passing_json, capsys):
        """A bad workbook in a batch: exit 2, its problems on stderr, no report."""
        bad = tmp_path / "bad.xlsx"
        excel.write_template(bad)

        code = main(["evaluate", str(passing_json), str(bad)])

        out = capsys.readouterr()
        assert code == 2
        assert out.out == ""
        assert "必填" in out.err  # Chinese by default

"""One front door for input: JSON and workbooks alike, folders and lists of either.

A workbook made from a bundled example by ``edu-rules convert`` must read back as
the same county through every entry point; the spreadsheet formats that are not
read (``.xls``, ``.csv``, ``.ods``) are refused with how to save them as ``.xlsx``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import edu_rules
from edu_rules import CountyDataError
from edu_rules.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
YUFENG = EXAMPLES / "450203-yufeng.json"
pytest.importorskip("openpyxl")


@pytest.fixture(name="workbook", scope="module")
def _workbook(tmp_path_factory):
    from edu_rules.io import excel

    path = tmp_path_factory.mktemp("book") / "鱼峰区.xlsx"
    excel.write_county(path, edu_rules.load_county(YUFENG))
    return path


class TestLoadCounty:
    def test_a_workbook_path_reads_as_the_same_county(self, workbook):
        """``edu_rules.load_county`` takes an ``.xlsx`` as it takes the JSON."""
        assert edu_rules.load_county(workbook) == edu_rules.load_county(YUFENG)

    def test_workbook_bytes_are_recognised(self, workbook):
        """An upload's bytes: a workbook is known by its first bytes, not its name."""
        assert edu_rules.load_county(workbook.read_bytes()) == edu_rules.load_county(YUFENG)

    @pytest.mark.parametrize(
        ("suffix", "hint"),
        [(".xls", "*.xlsx"), (".csv", "edu-rules template"), (".ods", "*.xlsx")],
    )
    def test_other_spreadsheets_are_refused_saying_how_to_save_them(self, tmp_path, suffix, hint):
        """``.xls``, ``.csv`` and ``.ods`` get the way to ``.xlsx``, in Chinese and English."""
        path = tmp_path / f"county{suffix}"
        path.write_bytes(b"anything")

        with pytest.raises(CountyDataError) as caught:
            edu_rules.load_county(path)

        problem = caught.value.problems[0]
        assert hint in problem.reason
        assert ".xlsx" in problem.reason
        assert "另存为" in problem.reason_in("zh") or "模板" in problem.reason_in("zh")

    def test_old_excel_bytes_are_refused_too(self):
        """The bytes of an ``.xls`` (an OLE2 file) are not mistaken for bad JSON."""
        with pytest.raises(CountyDataError, match=r"\.xls"):
            edu_rules.load_county(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)


class TestBatch:
    def test_a_folder_of_json_and_workbooks(self, tmp_path, workbook):
        """A folder contributes its ``.json`` and ``.xlsx`` files; Excel's lock files are skipped."""
        shutil.copy(EXAMPLES / "450202-chengzhong.json", tmp_path)
        shutil.copy(workbook, tmp_path / "yufeng.xlsx")
        (tmp_path / "~$yufeng.xlsx").write_bytes(b"lock")

        counties = edu_rules.load_batch([tmp_path])

        assert sorted(c.code for c in counties) == ["450202", "450203"]

    def test_a_list_mixing_both(self, workbook):
        """Files given one by one, JSON and workbook."""
        counties = edu_rules.load_batch([EXAMPLES / "450202-chengzhong.json", workbook])

        assert [c.name for c in counties] == ["城中区", "鱼峰区"]

    def test_a_panel_refuses_an_xls_among_its_files(self, tmp_path):
        """The monitoring panel reads through the same door."""
        old = tmp_path / "county.xls"
        old.write_bytes(b"x")

        with pytest.raises(CountyDataError, match="xlsx"):
            edu_rules.load_panel([old])


class TestCommands:
    def test_evaluate_takes_a_folder(self, capsys):
        """``edu-rules evaluate examples/`` evaluates every unit there."""
        code = main(["evaluate", str(EXAMPLES), "--summary", "--lang", "en"])

        out = capsys.readouterr().out
        assert code == 1
        assert "10 county-level units" in out

    @pytest.mark.parametrize(
        "extra",
        [["plan"], ["whatif", "--set", "guarantee.quota_allocation_pct=60"], ["evaluate"]],
        ids=["plan", "whatif", "evaluate"],
    )
    def test_every_command_reads_a_workbook(self, capsys, extra, workbook):
        """plan, whatif and evaluate take the ``.xlsx`` (they once said it was not UTF-8)."""
        code = main([extra[0], str(workbook), *extra[1:], "--format", "json"])

        captured = capsys.readouterr()
        assert code in {0, 1}, captured.err
        assert "UTF-8" not in captured.err

    def test_progress_reads_a_workbook(self, capsys, workbook):
        """``progress`` takes workbooks among its paths."""
        code = main(["progress", str(workbook), str(EXAMPLES / "450202-chengzhong.json")])

        assert code in {0, 1}
        assert "鱼峰区" in capsys.readouterr().out

    def test_an_xls_is_exit_2_with_the_hint(self, capsys, tmp_path):
        """Usage of an .xls: exit 2, no traceback, the way to save it."""
        old = tmp_path / "county.xls"
        old.write_bytes(b"x")

        code = main(["evaluate", str(old)])

        err = capsys.readouterr().err
        assert code == 2
        assert "另存为" in err
        assert "Traceback" not in err

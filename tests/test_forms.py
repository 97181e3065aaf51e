"""Per-school forms and the county form, collected into one county document (issue 26).

Acceptance: the bundled 鹿寨县 is built as per-school forms plus a county form with the
project's own template, filled as an analyst would (openpyxl), collected, and gives the
same county document and the same result bytes as the bundled JSON; every bundled
example makes the round trip ``template --school DIR --from X.json``, ``template
--county C.xlsx --from X.json``, ``collect DIR --county C.xlsx -o Y.json``; conflicts, a
missing roster school, a foreign form and a file that is not a form each give their
message, all at once.
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
from edu_rules.io.excel import forms  # noqa: E402
from edu_rules.io.excel.layout import COUNTY_SHEET  # noqa: E402
from edu_rules.io.serialization import to_json  # noqa: E402

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
LUZHAI = next(path for path in EXAMPLES if path.name == "450223-luzhai.json")
CHENGZHONG = next(path for path in EXAMPLES if path.name == "450202-chengzhong.json")


def _result_bytes(source: Path | dict[str, Any]) -> str:
    return edu_rules.to_json(edu_rules.evaluate(edu_rules.load_county(source)))


def _by_hand(value: Any) -> Any:
    """A value as an analyst types it: 是/否, rooms joined by 、, 无 for no rooms."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(item) for item in value) if value else "无"
    return value


def _get(node: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _fill_school_form(path: Path, school: dict[str, Any], code: str, year: int) -> None:
    """Fill a blank school form the way a school would: the value column, item by item."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    for row in range(3, sheet.max_row + 1):
        field = sheet.cell(row, 7).value
        if field == "code":
            value: Any = code
        elif field == "assessment_year":
            value = year
        else:
            value = _get(school, field)
        kind_labels = {"primary": "小学", "junior": "初中", "nine_year": "九年一贯制"}
        if field == "kind" and value in kind_labels:
            value = kind_labels[value]  # the drop-down list's label
        if value is not None:
            sheet.cell(row, 4).value = _by_hand(value)
    book.save(path)


def _fill_county_form(path: Path, document: dict[str, Any]) -> None:
    """Fill a blank county form: column C by field, the monitoring table, the roster."""
    book = openpyxl.load_workbook(path)
    county = book[COUNTY_SHEET]
    for row in range(3, county.max_row + 1):
        field = county.cell(row, 2).value
        if field:
            value = _get(document, field)
            if value is not None:
                county.cell(row, 3).value = _by_hand(value)
    headers = {county.cell(2, column).value: column for column in range(6, county.max_column + 1)}
    monitoring = (document.get("quality") or {}).get("monitoring")
    if monitoring is not None:
        if not monitoring:
            county.cell(3, headers["subject"]).value = "无"
        for offset, entry in enumerate(monitoring):
            for key, value in entry.items():
                if value is not None:
                    county.cell(3 + offset, headers[key]).value = value
    roster = book[forms.ROSTER_SHEET]
    for offset, school in enumerate(document["schools"]):
        roster.cell(3 + offset, 1).value = school["id"]
        roster.cell(3 + offset, 2).value = school["name"]
    book.save(path)


class TestAcceptance:
    def test_luzhai_filled_by_hand_collects_to_the_same_document_and_result(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        canonical = json.loads(to_json(edu_rules.load_county(LUZHAI)))
        blank = tmp_path / "blank.xlsx"
        assert main(["template", "--school", str(blank), "--code", canonical["code"]]) == 0
        assert main(["template", "--county", str(tmp_path / "county.xlsx")]) == 0
        folder = tmp_path / "forms"
        folder.mkdir()
        for school in canonical["schools"]:
            form = folder / forms.safe_file_name(school["id"])
            form.write_bytes(blank.read_bytes())
            _fill_school_form(form, school, canonical["code"], canonical["assessment_year"])
        _fill_county_form(tmp_path / "county.xlsx", canonical)
        out = tmp_path / "collected.json"
        capsys.readouterr()

        code = main(
            ["collect", str(folder), "--county", str(tmp_path / "county.xlsx"), "-o", str(out)]
        )

        assert code == 0, capsys.readouterr().err
        assert out.read_text(encoding="utf-8") == to_json(edu_rules.load_county(LUZHAI))
        assert _result_bytes(out) == _result_bytes(LUZHAI)
        said = capsys.readouterr().err
        assert f"已汇总 {len(canonical['schools'])} 所学校" in said

    @pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
    def test_every_example_makes_the_round_trip(
        self, example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder, county, out = tmp_path / "forms", tmp_path / "county.xlsx", tmp_path / "y.json"
        assert main(["template", "--school", str(folder), "--from", str(example)]) == 0
        assert main(["template", "--county", str(county), "--from", str(example)]) == 0

        assert main(["collect", str(folder), "--county", str(county), "-o", str(out)]) == 0, (
            capsys.readouterr().err
        )

        assert out.read_text(encoding="utf-8") == to_json(edu_rules.load_county(example))
        assert _result_bytes(out) == _result_bytes(example)

    def test_evaluate_takes_the_forms_directly(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder, county = tmp_path / "forms", tmp_path / "county.xlsx"
        main(["template", "--school", str(folder), "--from", str(CHENGZHONG)])
        main(["template", "--county", str(county), "--from", str(CHENGZHONG)])
        capsys.readouterr()

        code = main(["evaluate", str(folder), "--county", str(county), "--format", "json"])

        assert capsys.readouterr().out == _result_bytes(CHENGZHONG)
        assert code == (
            0 if edu_rules.evaluate(edu_rules.load_county(CHENGZHONG)).status.value == "pass" else 1
        )


@pytest.fixture(name="made")
def _made(tmp_path: Path) -> tuple[Path, Path]:
    folder, county = tmp_path / "forms", tmp_path / "county.xlsx"
    document = edu_rules.load_county(CHENGZHONG)
    forms.write_school_forms(folder, document)
    forms.write_county_form(county, document)
    return folder, county


def _set(path: Path, field: str, value: Any) -> int:
    book = openpyxl.load_workbook(path)
    sheet = book.active
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 7).value == field)
    sheet.cell(row, 4).value = value
    book.save(path)
    return row


def _said(folder: Path, county: Path, **options: Any) -> dict[str, str]:
    with pytest.raises(CountyDataError) as caught:
        forms.collect([folder], county, **options)
    return {problem.path: problem.reason_in("zh") for problem in caught.value.problems}


class TestEveryProblemAtOnce:
    def test_conflicts_a_missing_school_a_foreign_form_and_not_a_form(
        self, made: tuple[Path, Path]
    ) -> None:
        folder, county = made
        first, second, third = sorted(folder.iterdir())[:3]
        copy = folder / "copy-of-first.xlsx"
        copy.write_bytes(first.read_bytes())
        row = _set(copy, "stages.primary.students", 1)
        foreign_row = _set(second, "code", "450203")
        third.unlink()
        (folder / "notes.xlsx").write_bytes(county.read_bytes())  # a workbook, not a form

        said = _said(folder, county)

        sheet = forms.SCHOOL_FORM_SHEET
        differs = next(
            text for where, text in said.items() if where.startswith(f"{copy}: {sheet}!D{row}")
        )
        assert "两份填报表不一致：本表为 1" in differs
        assert f"{first}: {sheet}!D{row}" in differs
        foreign = next(
            text
            for where, text in said.items()
            if where.startswith(f"{second}: {sheet}!D{foreign_row}")
        )
        assert "本表属于另一个县级单位（'450203'）" in foreign
        missing = next(text for text in said.values() if "没有填报表" in text)
        assert third.stem in missing
        assert "不是学校填报表" in said[str(folder / "notes.xlsx")]

    def test_the_same_form_twice_and_a_roster_file(
        self, made: tuple[Path, Path], tmp_path: Path
    ) -> None:
        folder, county = made
        first = min(folder.iterdir())
        (folder / "again.xlsx").write_bytes(first.read_bytes())
        roster = tmp_path / "roster.txt"
        roster.write_text("450202-S001\n450202-S999,新学校\n", encoding="utf-8")

        said = _said(folder, county, roster=roster)

        assert any("已由" in text and "同一学校只能提交一份" in text for text in said.values())
        assert "名单中的学校 450202-S999 没有填报表" in said[str(roster)]
        assert any("不在名单中" in text for text in said.values())

    def test_a_contract_problem_is_named_by_file_and_cell(self, made: tuple[Path, Path]) -> None:
        folder, county = made
        form = min(folder.iterdir())
        row = _set(form, "stages.primary.students", 10**9)

        said = _said(folder, county)

        assert said == {
            f"{form}: {forms.SCHOOL_FORM_SHEET}!D{row} (在校生数 students)": "必须 ≤ 100000（实际为 1000000000）"
        }


class TestTheTemplate:
    def test_without_a_code_only_the_national_fields(self, tmp_path: Path) -> None:
        """Installed example layers (Capital's fields) never reach a template for no unit."""
        plain, capital = tmp_path / "plain.xlsx", tmp_path / "capital.xlsx"
        assert main(["template", "--school", str(plain)]) == 0
        assert main(["template", "--school", str(capital), "--code", "960101"]) == 0

        def fields(path: Path) -> list[str]:
            sheet = openpyxl.load_workbook(path).active
            return [sheet.cell(row, 7).value for row in range(3, sheet.max_row + 1)]

        assert not any(".extra." in field or field.startswith("extra.") for field in fields(plain))
        if forms.fields_for("960101"):  # the example layers are installed (the README's command)
            assert any("capital" in field for field in fields(capital))

    def test_the_whole_county_workbook_too(self, tmp_path: Path) -> None:
        path = tmp_path / "t.xlsx"
        assert main(["template", str(path)]) == 0
        sheet = openpyxl.load_workbook(path).worksheets[0]
        headers = [sheet.cell(2, column).value for column in range(1, sheet.max_column + 1)]
        assert not any("." in str(header) for header in headers)

    def test_a_folder_of_forms_needs_from(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["template", "--school", str(tmp_path / "forms")]) == 2
        assert "--from" in capsys.readouterr().err


def test_a_school_form_given_as_a_county_workbook_says_what_to_do(
    made: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = made
    form = min(folder.iterdir())

    assert main(["evaluate", str(form)]) == 2
    assert "这是一所学校的填报表" in capsys.readouterr().err

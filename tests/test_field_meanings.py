"""The template explains every field of the county contract in Chinese, the English beside it.

Each field's Chinese meaning lives in the message catalogue as ``field.<path>`` (a county
row: ``field.guarantee.teacher_avg_pay_yuan``; a column of the schools sheet or the
monitoring table: ``field.<level>.<key>``), next to its English meaning, which must be
the schema's description word for word — so a description changed in
``schemas/county.schema.json`` and not in the catalogue fails here instead of drifting.
The county sheet's 说明 column shows the Chinese meaning; a header's note shows it first and
the English on a line of its own; a plugin's field without a Chinese meaning keeps its own.
"""

from __future__ import annotations

import re
import zipfile

import pytest

from edu_rules._messages import MESSAGES, bilingual, message
from edu_rules.cli import main
from edu_rules.io.excel.layout import Column, columns
from edu_rules.io.excel.write import _note

openpyxl = pytest.importorskip("openpyxl")

_CJK = re.compile(r"[\u4e00-\u9fff]")
CONTRACT = tuple(column for column in columns() if not column.extra)
"""The county contract's columns: the schools sheet, the county rows, the monitoring table."""


def _template(tmp_path, capsys, name="t.xlsx"):
    path = tmp_path / name
    assert main(["template", str(path)]) == 0
    capsys.readouterr()
    return path


class TestTheCatalogue:
    """Every field of the contract has its meaning in both languages, the English the schema's."""

    @pytest.mark.parametrize("column", CONTRACT, ids=lambda column: column.meaning_key)
    def test_each_field_has_its_meaning(self, column):
        """The entry exists, its English is the schema's meaning and its Chinese is Chinese."""
        entry = MESSAGES.get(column.meaning_key)

        assert entry is not None, f"no catalogue entry {column.meaning_key}"
        assert entry["en"] == column.en
        assert _CJK.search(entry["zh"])
        assert entry["zh"] != entry["en"]

    def test_no_meaning_without_a_field(self):
        """No ``field.*`` entry outlives the field it explains."""
        keys = {key for key in MESSAGES if key.startswith("field.")}

        assert keys - {column.meaning_key for column in CONTRACT} == set()

    def test_the_keys_name_one_field_each(self):
        """A school's ``name`` and the unit's ``name`` are two entries, not one."""
        keys = [column.meaning_key for column in CONTRACT]

        assert len(keys) == len(set(keys))


class TestTheTemplate:
    """What the template shows of each field's meaning."""

    def test_the_county_sheet_explains_in_chinese(self, tmp_path, capsys):
        """The 说明 cell of each county row starts with the field's Chinese meaning."""
        sheet = openpyxl.load_workbook(_template(tmp_path, capsys)).worksheets[1]
        header = [cell.value for cell in sheet[1]]
        rows = {
            row[header.index("字段")]: row[header.index("说明")]
            for row in sheet.iter_rows(3, values_only=True)
            if row[header.index("字段")]
        }
        county = [column for column in CONTRACT if column.level == "county"]

        assert {column.field for column in county} <= set(rows)  # and a plugin's fields
        for column in county:
            assert rows[column.field] == f"{message(column.meaning_key, 'zh')}。{column.allowed}"

    def test_a_header_note_is_chinese_first(self, tmp_path, capsys):
        """A schools-sheet header's note: name — Chinese meaning, then the English meaning."""
        sheet = openpyxl.load_workbook(_template(tmp_path, capsys)).worksheets[0]
        notes = {
            sheet.cell(row=2, column=cell.column).value: cell.comment.text
            for cell in sheet[1]
            if cell.comment is not None
        }
        schools = [column for column in CONTRACT if column.level in {"school", "stage"}]

        assert {column.key for column in schools} <= set(notes)  # and a plugin's fields
        for column in schools:
            first, second = notes[column.key].splitlines()[:2]
            assert first == f"{column.zh} — {message(column.meaning_key, 'zh')}"
            assert second == f"{bilingual('xl.english')}: {column.en}"

    def test_a_plugin_field_keeps_its_own_meaning(self):
        """A plugin's field the catalogue does not know is explained by its own words, once."""
        column = Column(
            field="extra.someplace.build_year",
            level="school",
            kind="integer",
            zh="规划建设年份",
            en="the year the school was planned and built",
            unit="year",
            required=False,
        )

        note = _note(column).splitlines()

        assert column.meaning_zh == column.en
        assert note[0] == f"{column.zh} — {column.en}"
        assert not any(line.startswith(bilingual("xl.english")) for line in note)

    def test_written_twice_the_same_bytes(self, tmp_path, capsys):
        """The template is byte-stable: two runs give the same file, part by part."""
        first = _template(tmp_path, capsys, "a.xlsx").read_bytes()
        second = _template(tmp_path, capsys, "b.xlsx").read_bytes()

        assert first == second
        with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
            assert "xl/comments/comment1.xml" in archive.namelist()

"""The bounds of ``edu_rules._limits``, in process: data a caller passes, workbooks, exit codes.

The hostile files through every command, as real processes, are in
``tests/test_hostile_input.py``; this module holds what needs no process: Python
data that contains itself, fractions beyond the range, the contract's bounds
agreeing with the constants, merged workbook cells, and what ``cli.main`` answers
when a command fails inside edu-rules or a plugin.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

import edu_rules
from edu_rules import CountyDataError, _limits
from edu_rules.cli import schema as schema_command
from edu_rules.cli.entry import EXIT_FAILURE, main
from edu_rules.io.serialization import unstructure
from edu_rules.io.validation import county_schema, read_input_file
from edu_rules.model.errors import PluginError
from tests._passing import passing_county
from tests.test_fuzz import _bounded


def _problems(source: object, lang: str = "en") -> list[str]:
    """The problems as the command line shows them in ``lang``."""
    with _bounded(20), pytest.raises(CountyDataError) as caught:
        edu_rules.load_county(source)  # type: ignore[arg-type]
    return [problem.spell(lang) for problem in caught.value.problems]


class TestTheContractCarriesTheBounds:
    def test_text_and_list_bounds_are_the_constants(self):
        """maxLength and maxItems in the schema are the values _limits documents."""
        schema = county_schema()
        defs = schema["$defs"]

        assert schema["properties"]["name"]["maxLength"] == _limits.MAX_TEXT_CHARS
        assert defs["School"]["properties"]["id"]["maxLength"] == _limits.MAX_ID_CHARS
        assert defs["School"]["properties"]["name"]["maxLength"] == _limits.MAX_TEXT_CHARS
        assert defs["MonitoringResult"]["properties"]["subject"]["maxLength"] == (
            _limits.MAX_TEXT_CHARS
        )
        assert schema["properties"]["schools"]["maxItems"] == _limits.MAX_SCHOOLS
        assert defs["School"]["properties"]["music_rooms_m2"]["maxItems"] == _limits.MAX_LIST_ITEMS

    def test_a_name_at_the_bound_is_taken_and_one_more_character_is_not(self):
        document = passing_county(code="450202")
        at_bound = {**document, "name": "名" * _limits.MAX_TEXT_CHARS}

        assert edu_rules.load_county(json.dumps(at_bound).encode()).name == at_bound["name"]
        assert _problems({**document, "name": "名" * (_limits.MAX_TEXT_CHARS + 1)}, "zh") == [
            "name：文本过长（201 个字符，上限 200）"
        ]


class TestPythonDataThatCannotEnd:
    def test_a_dict_that_contains_itself_is_refused(self):
        """A cycle is named where it closes, instead of being walked for ever."""
        document = passing_county(code="450202")
        document["guarantee"]["again"] = document["guarantee"]

        problems = _problems(document, "zh")

        assert "guarantee.again：包含自身（循环引用），无法作为文档读取" in problems
        assert "guarantee.again: contains itself (a cycle); it cannot be a document" in _problems(
            document, "en"
        )

    def test_one_list_shared_into_two_to_the_32_places_is_refused(self):
        """32 levels of pairs of one list: 2³² paths, refused after a bounded walk."""
        shared: list[object] = [1]
        for _ in range(_limits.MAX_DEPTH - 2):
            shared = [shared, shared]
        document = {**passing_county(code="450202"), "extra": shared}

        problems = _problems(document, "zh")

        assert problems == [
            "（整个文档）：数据包含的值超过 1,000,000 个（列表或对象被多处共用？），不再检查"
        ]

    @pytest.mark.parametrize(
        "value", [Fraction(10**200), Fraction(1, 10**200), Fraction(1, 3 ** (10**6))]
    )
    def test_a_fraction_beyond_the_range_of_decimal_text_is_refused(self, value):
        document = passing_county(code="450202")
        document["guarantee"]["teacher_avg_pay_yuan"] = value

        (problem,) = _problems(document)

        assert problem.startswith("guarantee.teacher_avg_pay_yuan: is out of range")


class TestReadingFiles:
    def test_a_file_larger_than_the_bound_is_refused_from_its_size(self, tmp_path):
        path = tmp_path / "county.json"
        path.write_bytes(b"x" * 11)

        with pytest.raises(CountyDataError) as caught:
            read_input_file(path, "county.json", limit=10)

        assert "11 bytes" in str(caught.value)


class TestMergedCells:
    def test_a_school_id_merged_over_a_through_schools_rows_counts_for_both(self, tmp_path):
        """Read-only mode has no merged cells; they are read from the sheet's XML."""
        openpyxl = pytest.importorskip("openpyxl")
        from edu_rules.io import excel

        document = passing_county(code="450202")
        path = tmp_path / "county.xlsx"
        excel.write_county(path, document)
        book = openpyxl.load_workbook(path)
        sheet = book[excel.SCHOOLS_SHEET]
        rows = [row for row in range(3, sheet.max_row + 1) if sheet.cell(row, 1).value is not None]
        first = next(r for r in rows if sheet.cell(r, 1).value == sheet.cell(r + 1, 1).value)
        for column in range(1, 3):  # id and name, as a person merges them
            sheet.cell(first + 1, column).value = None
            sheet.merge_cells(
                start_row=first, start_column=column, end_row=first + 1, end_column=column
            )
        book.save(path)

        read = excel.read_county(path)

        assert read == unstructure(edu_rules.load_county(document))


class TestExitCodes:
    """``cli.main``: a failure inside edu-rules or a plugin is exit 3, said in one paragraph."""

    def test_an_error_in_a_plugin_module_names_the_module(self, monkeypatch, capsys):
        monkeypatch.setattr(
            schema_command, "run", _raiser("edu_rules_national.broken", KeyError("x"))
        )

        code = main(["schema"])

        err = capsys.readouterr().err
        assert code == EXIT_FAILURE
        assert "Traceback" not in err
        assert "内部错误（KeyError: 'x'）" in err
        assert "插件模块 edu_rules_national.broken" in err

    def test_debug_adds_the_traceback(self, monkeypatch, capsys):
        monkeypatch.setattr(schema_command, "run", _raiser("edu_rules.x", RecursionError()))

        code = main(["--debug", "schema"])

        err = capsys.readouterr().err
        assert code == EXIT_FAILURE
        assert "Traceback" in err
        assert "递归过深" in err

    @pytest.mark.parametrize("error", [PluginError("national: broken"), MemoryError()])
    def test_a_plugin_error_or_no_memory_is_exit_3_without_a_traceback(
        self, monkeypatch, capsys, error
    ):
        monkeypatch.setattr(schema_command, "run", _raiser("edu_rules.x", error))

        code = main(["schema"])

        assert (code, "Traceback" in capsys.readouterr().err) == (EXIT_FAILURE, False)

    def test_a_broken_pipe_is_quiet_and_never_0(self, monkeypatch, capsys):
        """The output was not delivered whole: exit 2 (a command knowing its verdict says it)."""
        monkeypatch.setattr(schema_command, "run", _raiser("edu_rules.x", BrokenPipeError()))

        assert (main(["schema"]), capsys.readouterr().err) == (2, "")


def _raiser(module: str, error: BaseException):
    """A command's ``run`` that raises ``error`` from code that belongs to ``module``."""
    namespace: dict[str, object] = {"__name__": module, "error": error}
    exec("def run(_args):\n    raise error\n", namespace)  # noqa: S102 - a frame in `module`
    return namespace["run"]

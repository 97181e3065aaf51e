"""Numbers that cannot mislead: the forms' precision, and a failing value never shown as met.

The official forms print percentages with 1 decimal, coefficients of variation with
3 and every other mean or per-school value with 2.  A value below its standard that
would round to its requirement is shown with every digit it has (4.49995 against
≥ 4.5, never ``4.5 · 差距 0``), in every format a person reads.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

import edu_rules
from edu_rules.model.result import Finding, Outcome
from edu_rules.reports import _format as fmt
from edu_rules.reports import render

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _close_call() -> tuple[edu_rules.Result, Finding]:
    """鱼峰区 with one school's room area 0.00005 m² a pupil short of ≥ 4.5 (L4)."""
    document: dict[str, Any] = json.loads((EXAMPLES / "450203-yufeng.json").read_text("utf-8"))
    school = next(s for s in document["schools"] if s["id"] == "450203-S044")
    school["stages"]["primary"]["students"] = 1000
    school["stages"]["primary"]["teaching_room_area_m2"] = 4499.95  # 4.49995 a pupil
    result = edu_rules.evaluate(edu_rules.load_county(document))
    finding = next(
        f
        for f in result.shortfalls
        if f.rule == "national.L4" and f.subject.school == "450203-S044"
    )
    return result, finding


def _excel_text(value: object, number_format: str) -> str:
    """A number as a spreadsheet shows it under a ``#,##0.00``-style format (General: all)."""
    if not isinstance(value, float):
        return str(value)
    found = re.search(r"\.(0+)", number_format)
    if number_format == "General" or not found:
        return repr(value)
    return f"{value:,.{len(found.group(1))}f}"


class TestAFailingValueNextToItsLimit:
    """4.49995 against ≥ 4.5: the measured and required numbers differ wherever shown."""

    def test_the_figures_differ_and_the_gap_is_not_zero(self):
        """The shown figures: all digits of the measured value, a gap that is not 0."""
        _, finding = _close_call()

        shown = fmt.figures(finding)

        assert abs(finding.required - finding.measured) < 1e-4
        assert (shown.measured, shown.required, shown.gap) == ("4.49995", "4.5", "0.00005")

    @pytest.mark.parametrize("form", ["text", "markdown", "html"])
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_every_report_shows_the_difference(self, form, lang):
        """Text, Markdown and HTML say 4.49995 and ≥ 4.5, and no gap of 0."""
        result, _ = _close_call()
        label_gap = "差距" if lang == "zh" else "gap"

        report = render(result, form, lang)

        assert "4.49995" in report
        assert "≥ 4.5" in report
        assert f"{label_gap} 0 " not in report
        assert "0.00005" in report

    def test_the_json_result_keeps_the_exact_figures(self):
        """The result document (the platforms' contract) holds both figures apart."""
        result, finding = _close_call()
        document = json.loads(edu_rules.to_json(result))

        (shown,) = [
            f
            for f in document["findings"]
            if f["rule"] == finding.rule and f["subject"]["school"] == finding.subject.school
        ]

        assert (shown["measured"], shown["required"]) == (4.49995, 4.5)
        assert shown["gap"] > 0

    def test_the_results_workbook_cells_read_differently(self):
        """The workbook's shortfall row: measured, required and gap as the cell shows them."""
        openpyxl = pytest.importorskip("openpyxl")
        from edu_rules.reports import workbook

        result, finding = _close_call()
        book = openpyxl.load_workbook(io.BytesIO(workbook.render([result], "zh")))
        sheet = book.worksheets[1]
        row = next(
            r
            for r in sheet.iter_rows(min_row=2)
            if r[2].value == finding.rule and str(finding.subject.school) in str(r[6].value)
        )

        measured, required, gap = (
            _excel_text(cell.value, cell.number_format) for cell in (row[8], row[10], row[11])
        )

        assert measured != required
        # The column keeps one number of decimals, enough for the failing value to differ.
        assert (measured, required, gap) == ("4.49995", "4.50000", "0.00005")


class TestThePrecisionOfTheForms:
    """Percentages 1 decimal, CVs 3, others 2; the school rule as indicators met."""

    @pytest.mark.parametrize(
        ("unit", "value", "shown"),
        [("pct", 85.26, "85.3"), ("cv", 0.41234, "0.412"), ("m2_per_student", 7.6543, "7.65")],
    )
    def test_a_met_value_is_rounded_as_the_forms_round_it(self, unit, value, shown):
        """A value that meets its standard: the forms' decimals, trailing zeros dropped."""
        _, finding = _close_call()
        met = attrs.evolve(
            finding,
            unit=unit,
            measured=value,
            required=0.0,
            comparator=">=",
            outcome=Outcome.MET,
            gap=0,
        )

        assert fmt.figures(met).measured == shown

    def test_the_school_rule_reads_as_indicators_met_against_the_floor(self):
        """鱼峰区's 雒容镇中心小学: 5 indicators met where at least 6 must be."""
        result = edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450203-yufeng.json"))
        finding = next(
            f
            for f in result.shortfalls
            if f.rule == "national.school_rule" and f.subject.school == "450203-S044"
        )

        report = render(result, "text", "zh")

        assert fmt.school_rule_counts(finding) == (5, 6)
        assert "5 项达标，要求至少 6 项" in report
        assert "1 (未达标)" not in report


class TestThePythonRepr:
    def test_a_failing_school_rule_does_not_read_as_met(self):
        """``repr`` of the school rule names what missed, never ``measured 1 <= required 1``."""
        result = edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450203-yufeng.json"))
        finding = next(
            f
            for f in result.shortfalls
            if f.rule == "national.school_rule" and f.subject.school == "450203-S003"
        )

        shown = repr(finding)

        assert "<=" not in shown
        assert "shortfall" in shown
        assert "below the floor: national.L5" in shown


class TestChartAxes:
    @pytest.mark.parametrize(
        ("high", "ticks"),
        [
            (8.971, (0, 2, 4, 6, 8, 10)),
            (4439.43, (0, 1000, 2000, 3000, 4000, 5000)),
            (0.55, (0, 0.2, 0.4, 0.6)),
        ],
    )
    def test_an_axis_ends_on_a_round_number(self, high, ticks):
        """The odd maxima of the examples (8.971, 4,439.43) end on 10 and 5,000."""
        from edu_rules.reports._svg import nice_ticks

        assert nice_ticks(high) == pytest.approx(ticks)

    def test_every_chart_of_the_examples_labels_round_ticks(self):
        """No axis label of 鱼峰区's charts has the digits of an odd maximum (8.971)."""
        result = edu_rules.evaluate(edu_rules.load_county(EXAMPLES / "450203-yufeng.json"))
        html = render(result, "html", "zh")
        labels = re.findall(r'<text x="46" y="[\d.]+" text-anchor="end">([\d,.]+)</text>', html)

        assert len(labels) > 14  # several on each of the 14 charts
        digits = {label: label.replace(",", "").replace(".", "").strip("0") for label in labels}

        assert [label for label, shown in digits.items() if len(shown) > 3] == []


class TestAnAuthorisedException:
    def test_a_finding_changed_by_an_exception_says_so_beside_it(self):
        """``details["exception"]`` (layer, citation, reason) is said with the finding."""
        _, finding = _close_call()
        exception = {
            "layer": "capital",
            "citation": "省会教督〔2021〕2号 · 第五条",
            "reason": "老城区",
        }
        excused = attrs.evolve(finding, details={**(finding.details or {}), "exception": exception})

        zh, en = fmt.exception_text(excused, "zh"), fmt.exception_text(excused, "en")

        assert (fmt.exception_text(finding, "zh"), fmt.exception_text(finding, "en")) == ("", "")
        assert zh == "按授权例外认定：老城区（capital · 省会教督〔2021〕2号 · 第五条）"
        assert en.startswith("judged under an authorised exception: 老城区")


class TestWrapping:
    def test_a_document_number_is_never_split_across_lines(self):
        """``桂教督委办〔2019〕1号`` stays whole on a line of the text report."""
        from edu_rules.reports._width import wrap

        line = "  - 省级: 广西壮族自治区县域义务教育优质均衡发展督导评估实施细则（试行） (桂教督委办〔2019〕1号)"

        lines = wrap(line, 80, "", "    ")

        assert any("(桂教督委办〔2019〕1号)" in piece for piece in lines)
        assert all(len(piece) <= 80 for piece in lines)


class TestNotesInTheReportsLanguage:
    def test_the_items_that_miss_are_said_in_chinese(self):
        """A finding failing on some items of a list (monitored subjects) says so in Chinese."""
        _, finding = _close_call()
        failing = attrs.evolve(
            finding, details={"failing": ["语文", "数学"]}, note="failing: 语文, 数学"
        )

        assert fmt.explanation(failing, "zh", 0.85) == "未达到要求：语文、数学"
        assert fmt.explanation(failing, "en", 0.85) == "failing: 语文, 数学"

"""The city summary and the results workbook: many units in one table, and the analyst's Excel.

The ten bundled Liuzhou units (``examples/*.json``) are the batch: they hold every
verdict (pass, fail, ineligible, incomplete), a CV over its limit (鱼峰区, junior L6),
a unit behind its plan and one whose worst CV is partly unknown (柳江区).  Every
expectation is read off the results themselves, never typed in.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import edu_rules
from edu_rules import Outcome, Status
from edu_rules._messages import message
from edu_rules.cli import main
from edu_rules.model.targets import ScheduleState
from edu_rules.reports import render_many, render_summary, summary, workbook
from tests.test_reports import _parse

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = sorted(str(path) for path in EXAMPLES.glob("*.json"))
openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(name="results", scope="module")
def _results():
    if len(FILES) < 10:
        pytest.skip("examples/*.json not generated")
    return [edu_rules.evaluate(edu_rules.load_county(path)) for path in FILES]


def _cv_findings(result, stage):
    kinds = {f.rule for f in result.findings if f.rule.split(".")[-2:-1] == ["cv"]}
    return [f for f in result.findings if f.rule in kinds and f.subject.stage == stage]


class TestRows:
    def test_one_row_per_unit_with_its_own_verdict_and_counts(self, results):
        """Each unit is one row carrying the verdict and binding count of its result."""
        made = summary.rows(results)

        assert [row.result for row in made] == sorted(results, key=lambda r: r.county.code)
        for row in made:
            assert row.binding == sum(1 for f in row.result.shortfalls if f.binding)
            assert sum(n for _, n in row.by_family) == row.binding

    def test_sort_by_verdict_puts_the_worst_first(self, results):
        """Ineligible, then fail, then incomplete, then pass; codes ascending within each."""
        rank = [Status.INELIGIBLE, Status.FAIL, Status.INCOMPLETE, Status.PASS]

        made = summary.rows(results, sort="verdict")

        keys = [(rank.index(row.result.status), row.code) for row in made]
        assert keys == sorted(keys)
        assert {row.result.status for row in made} == set(Status)

    def test_sort_by_shortfalls_puts_the_most_first(self, results):
        """The unit with most binding shortfalls leads."""
        made = summary.rows(results, sort="shortfalls")

        counts = [row.binding for row in made]
        assert counts == sorted(counts, reverse=True)
        assert counts[0] > 0

    def test_an_unknown_sort_is_refused(self, results):
        """A sort that does not exist is an error naming the choices."""
        with pytest.raises(ValueError, match="code, verdict, shortfalls"):
            summary.rows(results, sort="name")

    def test_the_worst_cv_is_the_one_furthest_over_its_limit(self, results):
        """Per stage, the CV with the highest ratio to its limit; over the limit it is marked."""
        for row in summary.rows(results):
            for stage, worst in row.worst_cv:
                known = [f for f in _cv_findings(row.result, stage) if f.measured is not None]
                if not known:
                    assert worst.finding is None
                    continue
                highest = max(f.measured / f.required for f in known)

                assert worst.finding.measured / worst.finding.required == highest
                over = worst.finding.outcome is Outcome.SHORTFALL
                assert (summary.cv_css(worst) == "shortfall") == over

    def test_an_unknown_cv_is_never_hidden_behind_a_met_one(self, results):
        """A stage with an unknown CV and none over its limit says that some is unknown."""
        flagged = 0
        for row in summary.rows(results):
            for stage, worst in row.worst_cv:
                findings = _cv_findings(row.result, stage)
                unknown = any(f.measured is None for f in findings)
                over = any(f.outcome is Outcome.SHORTFALL for f in findings)
                if unknown and not over:
                    flagged += 1
                    assert worst.unknown
                    assert "未知" in summary.cv_text(worst, "zh")

        assert flagged  # 柳江区 has one

    def test_schedule_comes_from_the_plan(self, results):
        """A unit not passing in or after its planned year is behind plan."""
        for row in summary.rows(results):
            if row.planned_year is None:
                assert row.schedule is ScheduleState.NO_PLAN
            elif not row.result.passed and row.planned_year <= row.result.assessment_year:
                assert row.schedule is ScheduleState.BEHIND

    def test_a_left_out_layer_is_shown_in_the_remarks(self):
        """With a layer blocked, the row says the assessment is not official and names it."""
        registry = edu_rules.load_registry(edu_rules.make_plugin_manager(blocked={"liuzhou"}))
        result = edu_rules.evaluate(
            edu_rules.load_county(EXAMPLES / "450203-yufeng.json"), registry=registry
        )

        (row,) = summary.rows([result], registry=registry)

        assert not result.official
        assert "liuzhou" in summary.remarks_text(row, "zh")
        assert "not official" in summary.remarks_text(row, "en")
        assert "liuzhou" in render_summary([result], "html", "zh", registry=registry)


class TestReports:
    def test_text_names_every_unit_once_in_the_sorted_order(self, results):
        """The text summary lists the units in the order asked, each line within 80 columns."""
        from edu_rules.reports._width import display_width

        text = render_summary(results, "text", "zh", sort="verdict")

        order = [row.result.county.name for row in summary.rows(results, sort="verdict")]
        positions = [text.index(f"{name} (") for name in order]
        assert positions == sorted(positions)
        assert max(display_width(line) for line in text.splitlines()) <= 80

    def test_the_html_summary_is_one_wellformed_page_with_a_chart(self, results):
        """One h1, a table row per unit, a chart naming every unit on its bars."""
        html = render_summary(results, "html", "en")
        page = _parse(html)

        assert page.errors == []
        assert page.counts["h1"] == 1
        svg = html[html.index("<svg") : html.index("</svg>")]
        for result in results:
            assert f"{result.county.name} ({result.county.code})</text>" in svg

    def test_a_markdown_batch_heads_each_unit_by_its_name(self, results):
        """Every county heading differs: it names its unit."""
        markdown = render_many(results[:3], "markdown", "zh")

        headings = [line for line in markdown.splitlines() if line.startswith("## ")]
        for result in results[:3]:
            assert f"## {result.county.name} ({result.county.code}) · 2025" in headings
        assert len(headings) == len(set(headings))

    def test_a_batch_report_opens_with_the_summary(self, results):
        """HTML and text batch reports start with the summary table, then each unit."""
        html = render_many(results[:2], "html", "zh")
        text = render_many(results[:2], "text", "zh")

        assert html.index('id="city-summary"') < html.index("<article")
        assert text.startswith(message("summary.title", "zh"))

    def test_summary_json_is_data_per_unit(self, results):
        """``--summary --format json`` gives one object per unit with its verdict and CVs."""
        import json

        data = json.loads(render_summary(results, "json", "zh"))

        assert [unit["code"] for unit in data] == sorted(r.county.code for r in results)
        by_code = {r.county.code: r for r in results}
        for unit in data:
            assert unit["status"] == by_code[unit["code"]].status.value
            assert set(unit["worst_cv"]) == {"primary", "junior"}


@pytest.fixture(name="book", scope="module")
def _book(results):
    return openpyxl.load_workbook(io.BytesIO(workbook.render(results, "zh")))


class TestWorkbook:
    def test_its_sheets(self, book):
        """Summary, shortfalls, school indicators, CVs and the items not evaluated."""
        assert book.sheetnames == ["汇总", "未达标项", "学校指标", "差异系数", "无法评估与人工核查"]

    def test_every_shortfall_is_a_row(self, book, results):
        """The shortfalls sheet has one row per shortfall of every unit, numbers as numbers."""
        sheet = book["未达标项"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))

        assert len(rows) == sum(len(r.shortfalls) for r in results)
        s1 = next(row for row in rows if row[2] == "national.S1")
        finding = next(f for r in results for f in r.shortfalls if f.rule == "national.S1")
        assert s1[8] == finding.measured
        assert s1[10] == finding.required

    def test_school_values_are_marked_against_the_standard_and_floor(self, book):
        """A value below 85% of its standard is red, below the standard amber, else green."""
        sheet = book["学校指标"]
        standard = floor = None
        checked = {"E8F5E9": 0, "FFF3C4": 0, "FFCDD2": 0}
        for row in sheet.iter_rows(min_row=1):
            label = row[4].value  # unit, code, stage, school id, then the name or the label
            if label == "标准":
                standard = [cell.value for cell in row[5:12]]
            elif label and str(label).endswith("%下限"):
                floor = [cell.value for cell in row[5:12]]
            elif standard and floor and isinstance(row[5].value, float | int):
                for cell, std, low in zip(row[5:12], standard, floor, strict=True):
                    if not isinstance(cell.value, float | int):
                        continue
                    colour = cell.fill.start_color.rgb[-6:]
                    expected = (
                        "E8F5E9"
                        if cell.value >= std
                        else "FFF3C4"
                        if cell.value >= low
                        else "FFCDD2"
                    )
                    assert colour == expected
                    checked[colour] += 1

        assert all(checked.values())  # every band occurs in the examples

    def test_the_cv_sheet_gives_mean_sd_cv_and_limit(self, book, results):
        """Standard deviation = CV × mean; one row per CV finding."""
        rows = list(book["差异系数"].iter_rows(min_row=2, values_only=True))

        known = [row for row in rows if isinstance(row[8], float)]
        assert known
        for row in known:
            assert row[7] == pytest.approx(row[8] * row[6])
        over = [row for row in rows if row[11] == "未达标"]
        assert {(row[1], row[3]) for row in over} == {
            (r.county.code, f.rule) for r in results for f in r.shortfalls if f.family == "balance"
        }

    def test_the_same_bytes_every_time(self, results):
        """Two renderings are byte-identical."""
        assert workbook.render(results[:2], "en") == workbook.render(results[:2], "en")


class TestCommand:
    def test_summary_sorted_by_verdict(self, capsys, results):
        """``evaluate FILES --summary --sort verdict`` prints the table alone; exit 1."""
        code = main(["evaluate", *FILES, "--summary", "--sort", "verdict", "--lang", "en"])

        out = capsys.readouterr().out
        assert code == 1
        assert out.startswith("Summary of the assessment")
        assert "Sorted by verdict (worst first)" in out

    def test_jobs_gives_the_same_report(self, capsys, results):
        """``--jobs 2`` changes nothing in the output."""
        main(["evaluate", *FILES[:4], "--format", "json"])
        alone = capsys.readouterr().out
        main(["evaluate", *FILES[:4], "--format", "json", "--jobs", "2"])

        assert capsys.readouterr().out == alone

    def test_xlsx_needs_an_output_file(self, capsys):
        """A workbook is not written to a terminal: exit 2 with the reason."""
        code = main(["evaluate", FILES[0], "--format", "xlsx"])

        assert code == 2
        assert "-o" in capsys.readouterr().err

    def test_xlsx_is_written(self, tmp_path, capsys):
        """``--format xlsx -o FILE`` writes the workbook; the exit code is the verdict's."""
        target = tmp_path / "results.xlsx"

        code = main(["evaluate", FILES[0], "--format", "xlsx", "-o", str(target)])

        assert code in {0, 1}
        assert openpyxl.load_workbook(target).sheetnames[0] == "汇总"

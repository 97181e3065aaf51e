"""Annual monitoring: a panel of years, each unit's course, and its projected readiness.

The bundled panel is ``examples/`` (2025) with ``examples/history/`` (2022–2024): the
ten synthetic Liuzhou units, generated so that some improve fast, some stall and one
slides back.  The projection's laws are checked on small hand-made gap series and, with
Hypothesis, on arbitrary ones; the report's formats on the bundled panel.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections import Counter
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import CountyDataError, Status
from edu_rules.cli import main
from edu_rules.io.serialization import to_json, unstructure
from edu_rules.monitoring.monitor import (
    GapPoint,
    GapTrend,
    MonitorResult,
    ReadinessState,
    Unprojectable,
    least_squares_slope,
    load_panel,
    monitor,
    monitor_data,
    project,
    readiness,
)
from edu_rules.monitoring.report import render

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HISTORY = EXAMPLES / "history"
SCHEMA = json.loads((ROOT / "schemas" / "monitor.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(name="panel", scope="module")
def _panel() -> list[edu_rules.County]:
    return load_panel([EXAMPLES, HISTORY])


@pytest.fixture(name="city", scope="module")
def _city(panel) -> MonitorResult:
    return monitor(panel, remedies=False)


def _points(*gaps: int | str | None, first: int = 2022) -> tuple[GapPoint, ...]:
    return tuple(
        GapPoint(first + index, None if gap is None else Fraction(gap), 1)
        for index, gap in enumerate(gaps)
    )


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _trend(points: tuple[GapPoint, ...]) -> GapTrend:
    pace, year, reason = project(points)
    return GapTrend(
        "national.G7", None, "guarantee", "yuan_per_student", points, pace, year, reason
    )


# --------------------------------------------------------------------------- the projection


class TestProject:
    def test_a_steady_pace_projects_the_year_the_gap_closes(self):
        """Gaps 3, 2, 1 close 1 a year: met in the latest year + 1, not a year later."""
        assert (Fraction(1), 2026, None) == project(_points(3, 2, 1, first=2023))

    def test_the_year_is_the_first_whole_year_at_or_past_zero(self):
        """Gaps 5, 3 close 2 a year: the 3 left after 2023 take a year and a half, so 2025."""
        assert (Fraction(2), 2025, None) == project(_points(5, 3, first=2022))

    def test_the_pace_is_exact(self):
        """Least squares in fractions: gaps 1, 0.9, 0.7 fall 3/20 a year exactly."""
        assert Fraction(-3, 20) == least_squares_slope(
            [(2023, Fraction(1)), (2024, Fraction("0.9")), (2025, Fraction("0.7"))]
        )

    @pytest.mark.parametrize(
        ("gaps", "reason"),
        [
            ((4,), Unprojectable.TOO_FEW_YEARS),
            ((None, None, 4), Unprojectable.TOO_FEW_YEARS),
            ((4, 4, 4), Unprojectable.NO_PROGRESS),
            ((0, 2, 4), Unprojectable.WORSENING),
            ((4, 2, None), Unprojectable.UNKNOWN),
        ],
    )
    def test_what_cannot_be_projected(self, gaps, reason):
        """Too few known years, no progress, a growing gap, unknown data now: no year."""
        _, year, why = project(_points(*gaps))

        assert (None, reason) == (year, why)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.fractions(min_value=0, max_value=1000, max_denominator=100)),
        min_size=1,
        max_size=6,
    ).filter(lambda gaps: gaps[-1] is None or gaps[-1] > 0)
)
def test_a_projection_needs_two_known_years_and_lies_ahead(gaps):
    """Never a year from fewer than two known gaps; a projected year is after the latest."""
    points = _points(*gaps)
    known = [p for p in points if p.gap is not None]

    pace, year, reason = project(points)

    if len(known) < 2 or points[-1].gap is None:
        assert year is None
        assert reason is not None
    if year is not None:
        assert year > points[-1].year
        assert pace is not None
        assert pace > 0
        assert points[-1].gap is not None
        assert (year - points[-1].year) * pace >= points[-1].gap  # closed by then …
        assert (year - 1 - points[-1].year) * pace < points[-1].gap  # … and not a year sooner


class TestReadiness:
    def _state(self, *trends, planned=2027, latest=2025, status=Status.FAIL, recognised=None):
        return readiness(
            trends,
            planned_year=planned,
            latest_year=latest,
            status=status,
            recognition_year=recognised,
        )

    @pytest.mark.parametrize(
        ("gaps", "planned", "state"),
        [
            ((3, 2, 1), 2027, ReadinessState.ON_TRACK),  # 2026 < 2027
            ((3, 2, 1), 2026, ReadinessState.AT_RISK),  # 2026 = 2026: no margin
            ((3, 2, 1), 2025, ReadinessState.OFF_TRACK),  # planned year passed
            ((4, 4, 4), 2027, ReadinessState.NOT_PROJECTABLE),
            ((4, 4, 4), 2025, ReadinessState.OFF_TRACK),  # late whatever the pace
        ],
    )
    def test_the_projected_year_against_the_planned_year(self, gaps, planned, state):
        """On track before the planned year, at risk in it, off track after it."""
        result = self._state(_trend(_points(*gaps, first=2023)), planned=planned)

        assert state is result.state

    def test_one_unprojectable_gap_decides(self):
        """A stalled rule beside a fast one: not projectable, and the stalled rule decides."""
        stalled = _trend(_points(4, 4, 4, first=2023))
        fast = _trend(_points(3, 2, 1, first=2023))

        result = self._state(fast, stalled)

        assert (ReadinessState.NOT_PROJECTABLE, None, (stalled,)) == (
            result.state,
            result.projected_year,
            result.deciding,
        )

    def test_a_pass_or_a_recognition_is_met(self):
        """Met, in the recognition year when one is on record."""
        assert ReadinessState.MET is self._state(status=Status.PASS).state
        assert self._state(recognised=2023).projected_year == 2023

    def test_no_open_gap_in_time_is_on_track(self):
        """Nothing projectable left open and the planned year still ahead: on track now."""
        result = self._state(status=Status.INCOMPLETE)

        assert (result.state, result.projected_year) == (ReadinessState.ON_TRACK, 2025)


# --------------------------------------------------------------------------- the panel


class TestLoadPanel:
    def test_the_bundled_panel_holds_ten_units_over_four_years(self, panel):
        """examples/ is 2025, examples/history/ 2022–2024: one document per unit-year."""
        years = Counter(county.assessment_year for county in panel)

        assert years == {2022: 10, 2023: 10, 2024: 10, 2025: 10}

    def test_a_unit_twice_in_a_year_is_refused_naming_both_files(self, tmp_path):
        """The same code, name and year from two files: one problem naming each file."""
        source = EXAMPLES / "450202-chengzhong.json"
        copy = tmp_path / "again.json"
        copy.write_bytes(source.read_bytes())

        with pytest.raises(CountyDataError) as caught:
            load_panel([source, copy])

        assert "again.json" in str(caught.value)
        assert "450202-chengzhong.json" in str(caught.value)

    def test_no_document_in_the_years_is_bad_input(self, panel):
        """--from/--to that leave nothing: a clear error, not an empty report."""
        with pytest.raises(CountyDataError, match="2030"):
            monitor(panel, from_year=2030, remedies=False)


class TestBundledCity:
    def test_each_year_is_judged_by_its_own_rules(self, city):
        """Every unit-year's rules are those in force on its 31 December."""
        assert all(year.as_of == f"{year.year}-12-31" for unit in city.units for year in unit.years)

    def test_the_report_shows_every_state_of_readiness(self, city):
        """Met, on track, at risk, off track and not projectable all occur in the city."""
        states = {unit.readiness.state for unit in city.units}

        assert set(ReadinessState) - {ReadinessState.NO_PLAN} == states

    def test_a_stalled_unit_is_not_projectable(self, city):
        """融安县's rotation gap is the same every year: no pace, so no projected year."""
        rongan = city.unit("450224").readiness

        assert ReadinessState.NOT_PROJECTABLE is rongan.state
        assert {Unprojectable.NO_PROGRESS} == {gap.unprojectable for gap in rongan.deciding}

    def test_a_unit_sliding_back_is_off_track_and_worsening(self, city):
        """鱼峰区 had no shortfall in 2022; by its planned year 2025 its gaps grow."""
        yufeng = city.unit("450203")

        assert yufeng.years[0].binding_shortfalls == 0
        assert ReadinessState.OFF_TRACK is yufeng.readiness.state
        assert Unprojectable.WORSENING in {gap.unprojectable for gap in yufeng.readiness.gaps}

    def test_at_risk_means_projected_for_the_planned_year_itself(self, city):
        """融水's social recognition rises 0.4 a year: 85 is reached only in 2029, its year."""
        rongshui = city.unit("450225").readiness

        assert ReadinessState.AT_RISK is rongshui.state
        assert rongshui.projected_year == rongshui.planned_year
        assert all(gap.projected_year == rongshui.planned_year for gap in rongshui.deciding)

    def test_the_cvs_are_the_balance_findings_of_each_year(self, city):
        """Each indicator's CV and mean are read off that year's result, not recomputed."""
        results = iter(city.results)
        for unit in city.units:
            for year in unit.years:
                result = next(results)
                cvs = {
                    (f.rule, f.subject.stage): f
                    for f in result.findings
                    if f.family == "balance" and f.subject.school is None
                }
                for indicator in year.indicators:
                    finding = cvs[(indicator.cv_rule, indicator.stage)]
                    assert _float(indicator.cv) == finding.measured
                    assert _float(indicator.mean) == (finding.details or {}).get("mean")

    def test_the_targets_count_each_years_recognitions_and_passes(self, city):
        """Each year's 50% target counts the units recognised by then or passing that year."""
        for target in (t for t in city.targets if t.id == "liuzhou.target.2025"):
            counted = sum(
                1
                for unit in city.units
                for year in unit.years
                if year.year == target.year
                and (year.status is Status.PASS or year.recognition_year is not None)
            )
            assert counted == target.reached

    def test_a_closed_shortfall_is_reported_the_year_it_closes(self, city):
        """柳北区 fixed a sports ground in 2023: the 2022 L5 shortfall is closed then."""
        liubei_2023 = city.unit("450205").years[1]

        assert "national.L5" in {change.rule for change in liubei_2023.changes.closed}
        assert Status.FAIL is liubei_2023.changes.status_before

    def test_the_order_of_the_documents_never_matters(self, panel, city):
        """The panel read backwards gives the same JSON bytes."""
        assert to_json(monitor_data(city)) == to_json(
            monitor_data(monitor(panel[::-1], remedies=False))
        )


class TestRemedies:
    def test_the_planner_prices_what_is_still_to_add(self):
        """鹿寨县's remedies are the plan's, at the plan's cost, year by year."""
        panel = load_panel([EXAMPLES / "450223-luzhai.json", HISTORY / "450223-luzhai-2024.json"])

        result = monitor(panel)

        plans = [edu_rules.plan(c, r) for c, r in zip(panel[::-1], result.results, strict=True)]
        remedies = [year.remedies for year in result.units[0].years]
        assert [p.total_cost for p in plans] == [r.cost for r in remedies]
        assert remedies[0].cost > remedies[1].cost > 0  # fewer rooms to build in 2025


class TestZones:
    def test_a_zone_document_is_folded_into_its_unit_each_year(self):
        """柳东新区's own documents fold into 鱼峰区's, year by year, as the batch does."""
        whole = load_panel([EXAMPLES / "450203-yufeng.json", HISTORY / "450203-yufeng-2024.json"])
        split = []
        for county in whole:
            zone = tuple(s for s in county.schools if s.administered_by == "柳东新区")
            rest = tuple(s for s in county.schools if s.administered_by != "柳东新区")
            split += [
                attrs.evolve(county, schools=rest),
                attrs.evolve(county, name="柳东新区", schools=zone),
            ]

        folded = monitor(split, remedies=False)

        assert [unit.code for unit in folded.units] == ["450203"]
        assert [note.year for note in folded.notes] == [2024, 2025]
        expected = monitor(whole, remedies=False).units[0].years
        assert [y.schools for y in expected] == [y.schools for y in folded.units[0].years]


# --------------------------------------------------------------------------- the report


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.counts: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        if tag not in {"meta", "circle", "rect", "line", "polyline"}:
            self.open.append(tag)
        self.counts[tag] += 1

    def handle_endtag(self, tag):
        if tag in {"circle", "rect", "line", "polyline"}:
            return
        assert self.open.pop() == tag


class TestReport:
    def test_the_html_is_well_formed_with_a_chart_per_indicator_and_stage(self, city):
        """One h1, every tag closed, one CV chart for each indicator and stage monitored."""
        tags = _Tags()
        tags.feed(render(city, "html"))

        charts = {(i.rule, i.stage) for u in city.units for y in u.years for i in y.indicators}
        assert tags.open == []
        assert tags.counts["h1"] == 1
        assert len(charts) == tags.counts["svg"]

    @pytest.mark.parametrize("fmt", ["html", "md", "json", "xlsx"])
    def test_every_format_is_byte_identical_twice(self, city, fmt):
        """The same panel gives the same bytes in every format."""
        assert render(city, fmt, "en") == render(city, fmt, "en")

    def test_the_json_follows_its_versioned_schema(self, city):
        """The platform contract: schemas/monitor.schema.json, schema_version 1."""
        data = json.loads(render(city, "json"))

        jsonschema.validate(data, SCHEMA)
        assert data["schema_version"] == 1

    def test_english_labels_come_from_the_catalogue(self, city):
        """--lang en speaks English in its headings; the states are named as defined."""
        text = render(city, "md", "en")

        assert "# High-quality balanced compulsory education: annual monitoring report" in text
        assert "at risk" in text
        assert "年度监测报告" not in text

    def test_the_workbook_has_a_sheet_per_section(self, city):
        """The Excel form holds the report's tables, a sheet per section."""
        openpyxl = pytest.importorskip("openpyxl")

        workbook = openpyxl.load_workbook(io.BytesIO(render(city, "xlsx", "en")))

        assert "Every unit by year" in workbook.sheetnames
        assert 4 + len(city.units) <= len(workbook.sheetnames)


class TestCommand:
    def test_monitoring_exits_zero_it_is_not_a_verdict(self, capsys):
        """Units failing in every year still give exit 0; --from narrows the years."""
        code = main(
            [
                "monitor",
                str(EXAMPLES),
                str(HISTORY),
                "--format",
                "json",
                "--from",
                "2024",
                "--no-remedies",
            ]
        )

        assert code == 0
        assert json.loads(capsys.readouterr().out)["years"] == [2024, 2025]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["nowhere/"], "没有这个文件或文件夹"),
            ([str(EXAMPLES), "--from", "2025", "--to", "2024"], "--from 2025 晚于 --to 2024"),
            ([str(EXAMPLES), "--format", "xlsx"], "-o FILE.xlsx"),
        ],
    )
    def test_bad_input_exits_two_with_a_message(self, capsys, args, message):
        """A missing path, an empty span, a workbook to the terminal: exit 2, no traceback."""
        code = main(["monitor", *args])

        assert code == 2
        err = capsys.readouterr().err
        assert message in err
        assert "Traceback" not in err


def test_the_generator_reproduces_the_examples_and_their_history(tmp_path):
    """``python examples/generate.py`` writes every bundled example byte for byte."""
    subprocess.run(
        [sys.executable, str(EXAMPLES / "generate.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )

    bundled = sorted(p.relative_to(EXAMPLES) for p in EXAMPLES.glob("**/4502*.json"))
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.glob("**/4502*.json"))
    assert bundled == written
    assert all((EXAMPLES / p).read_bytes() == (tmp_path / p).read_bytes() for p in bundled)


def test_the_result_is_plain_data_without_the_full_results(city):
    """monitor_data is the typed result unstructured, less the per-year results."""
    data = monitor_data(city)

    assert "results" not in data
    assert unstructure(city.units[0].readiness) == data["units"][0]["readiness"]


def test_the_readme_excerpt_is_what_the_report_prints(city):
    """The README's table under 'Annual monitoring' is the bundled report's, row for row."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Annual monitoring", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]

    assert len(rows) == 1 + len(city.units)
    assert all(row in render(city, "md").splitlines() for row in rows)

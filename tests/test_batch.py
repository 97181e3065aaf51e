"""The city and province view: loading a batch, folding zones, schedules and targets.

The bundled ``examples/`` (Liuzhou's ten units, synthetic, assessment year 2025)
are the main batch: 3 of the 10 pass in 2025 (城中区 recognised in 2023, 柳北区 and
柳南区 on their verdict), so the city's 50%-by-2025 target is missed.  Small
batches built from ``tests/_passing.py`` show the rest: a target met at exactly
50%, each schedule state, a functional zone folded into 鱼峰区, a failing plugin.
"""

from __future__ import annotations

import gc
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

import edu_rules
from edu_rules import County, CountyDataError, Status, hookimpl
from edu_rules.batch import (
    Basis,
    BatchResult,
    TargetProgress,
    evaluate_batch,
    load_batch,
    progress_data,
)
from edu_rules.cli import main
from edu_rules.io.serialization import to_json
from edu_rules.model.layers import Title
from edu_rules.model.targets import ScheduleState, Target, schedule_state, year_passed
from tests._passing import passing_county
from tests.plugins_for_tests import RaisingBatchLayer, fictional_layer, registry_with

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LIUZHOU_UNITS = 10


def _county(**changes: Any) -> County:
    """A passing county (see tests/_passing.py) with top-level ``changes``."""
    code = changes.pop("code", "110101")
    name = changes.pop("name", "东城区")
    document = passing_county(code=code, name=name, year=changes.pop("year", 2025))
    for path, value in changes.items():
        section, _, field = path.partition("__")
        if field:
            document[section][field] = value
        else:
            document[section] = value
    return edu_rules.load_county(document)


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _target(progress: BatchResult, target_id: str) -> TargetProgress:
    return next(p for p in progress.targets if p.target.id == target_id)


def _recognised(county: County, year: int) -> County:
    """``county`` with a national recognition year on record."""
    return attrs.evolve(
        county, procedure=attrs.evolve(county.procedure, national_recognition_year=year)
    )


@pytest.fixture(name="examples", scope="module")
def _examples() -> list[County]:
    if not any(EXAMPLES.glob("4502*.json")):
        pytest.skip("examples/*.json not generated")
    return load_batch([EXAMPLES])


@pytest.fixture(name="city", scope="module")
def _city(examples: list[County]) -> BatchResult:
    return evaluate_batch(examples)


class TestScheduleState:
    @pytest.mark.parametrize(
        ("planned", "assessed", "passed_in", "expected"),
        [
            (None, 2025, None, ScheduleState.NO_PLAN),
            (None, 2025, 2025, ScheduleState.NO_PLAN),
            (2027, 2025, None, ScheduleState.ON),
            (2025, 2025, None, ScheduleState.BEHIND),
            (2024, 2025, None, ScheduleState.BEHIND),
            (2027, 2025, 2025, ScheduleState.AHEAD),
            (2025, 2025, 2025, ScheduleState.PASSED),
            (2022, 2025, 2023, ScheduleState.PASSED),
        ],
    )
    def test_states(self, planned, assessed, passed_in, expected):
        """Passed before the planned year is ahead; unpassed from the planned year on is behind."""
        assert expected is schedule_state(planned, assessed, passed_in)


class TestYearPassed:
    @pytest.mark.parametrize(
        ("recognised", "status", "expected"),
        [
            (None, Status.PASS, 2025),
            (None, Status.FAIL, None),
            (None, Status.INCOMPLETE, None),
            (2023, Status.FAIL, 2023),
            (2023, Status.PASS, 2023),
        ],
    )
    def test_recognition_on_record_or_a_pass_now(self, recognised, status, expected):
        """A recognition year counts whatever today's verdict; otherwise only a pass does."""
        assert expected == year_passed(recognised, status, 2025)


class TestTarget:
    def _make(self, **changes: Any) -> Target:
        fields: dict[str, Any] = {
            "id": "test.target",
            "layer": "test",
            "title": Title(zh="测试目标", en="test target"),
            "citation": "虚构〔2099〕1号",
            "units": ("450202", "450203"),
            "share": Fraction(1, 2),
            "by_year": 2025,
        }
        return Target(**(fields | changes))

    def test_required_units_round_up(self):
        """20% of 111 units is 22.2: 23 units are required."""
        units = tuple(f"45{index:04d}" for index in range(111))

        assert self._make(units=units, share="1/5").required == 23

    @pytest.mark.parametrize("share", [0, Fraction(3, 2), -1])
    def test_a_share_outside_0_to_1_is_refused(self, share):
        """A share must be in (0, 1]."""
        with pytest.raises(ValueError, match="share"):
            self._make(share=share)

    def test_a_float_share_is_refused(self):
        """Shares are exact: a float is refused rather than approximated."""
        with pytest.raises(TypeError, match="share"):
            self._make(share=0.5)

    @pytest.mark.parametrize("units", [(), ("4502",), ("450202", "450202")])
    def test_units_must_be_distinct_division_codes(self, units):
        """No empty target, no short code, no unit twice."""
        with pytest.raises(ValueError, match="unit"):
            self._make(units=units)


class TestLoadBatch:
    def test_a_folder_loads_every_document_in_name_order(self, examples: list[County]):
        """examples/ holds the ten Liuzhou units, read in file-name order."""
        expected = sorted(path.name[:6] for path in EXAMPLES.glob("4502*.json"))

        assert expected == [county.code for county in examples]

    def test_a_json_array_file_holds_several_documents(self, tmp_path: Path):
        """A file whose top level is an array is a batch of its own."""
        path = _write(
            tmp_path / "batch.json",
            [passing_county("450202", "城中区"), passing_county("450205", "柳北区")],
        )

        assert [county.code for county in load_batch([path])] == ["450202", "450205"]

    def test_several_files_load_in_the_order_given(self, tmp_path: Path):
        """Paths may mix single documents and arrays."""
        first = _write(tmp_path / "b.json", passing_county("450205", "柳北区"))
        second = _write(tmp_path / "a.json", [passing_county("450202", "城中区")])

        assert [c.code for c in load_batch([first, second])] == ["450205", "450202"]

    def test_every_problem_in_every_file_is_reported_at_once(self, tmp_path: Path):
        """Two bad documents, in two files: one error naming both files and fields."""
        bad_school = passing_county("450202", "城中区")
        bad_school["schools"][0]["stages"]["primary"]["students"] = -3
        bad_year = passing_county("450205", "柳北区")
        bad_year["assessment_year"] = "2025"
        first = _write(tmp_path / "one.json", bad_school)
        second = _write(tmp_path / "two.json", [passing_county("450204", "柳南区"), bad_year])

        with pytest.raises(CountyDataError) as caught:
            load_batch([first, second])

        paths = [problem.path for problem in caught.value.problems]
        assert any(p.startswith(f"{first}: schools[0].stages.primary.students") for p in paths)
        assert any(p.startswith(f"{second}[1]: assessment_year") for p in paths)

    def test_the_same_unit_twice_is_an_error(self, tmp_path: Path):
        """The same code and name in two files: refused, naming both sources."""
        first = _write(tmp_path / "a.json", passing_county("450202", "城中区"))
        second = _write(tmp_path / "b.json", passing_county("450202", "城中区"))

        with pytest.raises(CountyDataError) as caught:
            load_batch([first, second])

        (problem,) = caught.value.problems
        assert str(second) in problem.path
        assert str(first) in problem.reason

    def test_a_zone_document_sharing_its_hosts_code_loads(self, tmp_path: Path):
        """柳东新区 carries 鱼峰区's code (450203) by contract: loading leaves it to the layers."""
        path = _write(
            tmp_path / "batch.json",
            [passing_county("450203", "鱼峰区"), passing_county("450203", "柳东新区")],
        )

        assert [county.name for county in load_batch([path])] == ["鱼峰区", "柳东新区"]

    @pytest.mark.parametrize(
        ("content", "reason"),
        [
            ("[", "not valid JSON"),
            ("[{}, ", "not valid JSON"),
            ("[]", "holds no county documents"),
        ],
    )
    def test_a_broken_array_is_reported_with_its_file(self, tmp_path: Path, content, reason):
        """Syntax errors and empty arrays name the file."""
        path = tmp_path / "batch.json"
        path.write_text(content, encoding="utf-8")

        with pytest.raises(CountyDataError) as caught:
            load_batch([path])

        assert reason in caught.value.problems[0].reason
        assert str(path) in caught.value.problems[0].path

    def test_a_file_that_is_not_utf8_is_reported(self, tmp_path: Path):
        """Bytes that are not UTF-8 are named, never silently replaced."""
        path = tmp_path / "batch.json"
        path.write_bytes(b'[{"name": "\xb3\xc7\xd6\xd0\xc7\xf8"}]')  # GBK, not UTF-8

        with pytest.raises(CountyDataError) as caught:
            load_batch([path])

        assert "not UTF-8" in caught.value.problems[0].reason

    def test_missing_paths_and_empty_folders_are_reported(self, tmp_path: Path):
        """Nothing to read is an error, not an empty batch."""
        empty = tmp_path / "empty"
        empty.mkdir()

        with pytest.raises(CountyDataError) as caught:
            load_batch([empty, tmp_path / "nowhere.json"])

        assert [str(empty), str(tmp_path / "nowhere.json")] == [
            p.path for p in caught.value.problems
        ]


class TestExamples:
    def test_each_unit_has_the_verdict_of_its_own_evaluation(self, examples, city):
        """The batch evaluates each unit exactly as evaluate() does on its own."""
        expected = [edu_rules.evaluate(county).status for county in examples[:2]]

        assert expected == [unit.status for unit in city.units[:2]]

    def test_schedule_states_of_the_example_units(self, city: BatchResult):
        """城中区 passed (recognised 2023, planned 2022); 鱼峰区 is due in 2025 and fails;
        柳江区 (planned 2027, incomplete) is on schedule with 2 years to go.
        """
        units = {unit.code: unit for unit in city.units}

        assert (
            units["450202"].schedule,
            units["450202"].planned_year,
            units["450202"].years,
        ) == (ScheduleState.PASSED, 2022, None)
        assert (units["450203"].schedule, units["450203"].years) == (ScheduleState.BEHIND, 0)
        assert (units["450206"].schedule, units["450206"].years) == (ScheduleState.ON, 2)

    def test_the_planned_years_are_the_plans(self, city: BatchResult):
        """Every unit's planned year comes from the Liuzhou schedule (criteria.md §3)."""
        expected = {
            "450202": 2022, "450205": 2022, "450204": 2024, "450203": 2025, "450223": 2025,
            "450206": 2027, "450224": 2027, "450222": 2028, "450225": 2029, "450226": 2029,
        }  # fmt: skip

        assert expected == {unit.code: unit.planned_year for unit in city.units}

    def test_the_city_misses_its_2025_target(self, city: BatchResult):
        """3 of 10 recognised by 2025 (30%) against 50%: due and not met."""
        progress = _target(city, "liuzhou.target.2025")

        assert (3, 5, Fraction(3, 10), False, True) == (
            progress.reached,
            progress.required,
            progress.share_reached,
            progress.met,
            progress.due,
        )
        assert not city.targets_due_met

    def test_each_counted_unit_names_its_basis(self, city: BatchResult):
        """城中区 counts on its 2023 recognition, 柳北区 and 柳南区 on their 2025 pass."""
        progress = _target(city, "liuzhou.target.2025")

        expected = {
            ("450202", Basis.RECOGNITION_YEAR, 2023),
            ("450205", Basis.PASS_VERDICT, 2025),
            ("450204", Basis.PASS_VERDICT, 2025),
        }
        assert expected == {(u.code, u.basis, u.year) for u in progress.counted}

    def test_in_2024_no_city_target_is_due(self, examples):
        """Reported for 2024, the 2025 and 2029 targets are not yet due: nothing is missed."""
        batch = evaluate_batch(examples[:1], year=2024)

        assert all(not progress.due for progress in batch.targets)
        assert batch.targets_due_met

    def test_the_guangxi_target_counts_units_missing_from_the_batch(self, city: BatchResult):
        """A Liuzhou batch holds 10 of Guangxi's 111 units; the 101 others count as not recognised."""
        progress = _target(city, "guangxi.target.2025")

        assert (
            len(progress.target.units),
            len(progress.missing),
            progress.required,
        ) == (111, 101, 23)
        assert progress.reached == len(progress.counted) == 3

    def test_the_progress_serialises_to_json(self, city: BatchResult):
        """The progress (all but the findings) is plain JSON data, the same bytes every time."""
        text = to_json(progress_data(city))

        assert text == to_json(progress_data(city))
        assert len(json.loads(text)["units"]) == LIUZHOU_UNITS
        targets = {t["target"]["id"]: t for t in json.loads(text)["targets"]}
        assert targets["liuzhou.target.2025"]["share_reached"] == 0.3


@pytest.fixture(name="small_city", scope="module")
def _small_city() -> list[County]:
    """Liuzhou's ten units as small passing documents, none recognised yet."""
    codes = ["450202", "450203", "450204", "450205", "450206",
             "450222", "450223", "450224", "450225", "450226"]  # fmt: skip
    return [_county(code=code, name=f"单位{code}") for code in codes]


class TestCityTargets:
    def _with_recognised(self, units: list[County], how_many: int, year: int) -> list[County]:
        """The first ``how_many`` units recognised in ``year``, the others failing now."""
        return [
            _recognised(unit, year)
            if index < how_many
            else attrs.evolve(unit, social_recognition_pct=50)
            for index, unit in enumerate(units)
        ]

    def test_exactly_half_meets_the_50_percent_target(self, small_city):
        """5 of 10 = 50% meets "50% by 2025" exactly."""
        batch = evaluate_batch(self._with_recognised(small_city, 5, 2024), year=2025)

        progress = _target(batch, "liuzhou.target.2025")
        assert (5, Fraction(1, 2), True) == (progress.reached, progress.share_reached, progress.met)

    def test_one_short_of_half_misses_it(self, small_city):
        """4 of 10 misses it."""
        batch = evaluate_batch(self._with_recognised(small_city, 4, 2024), year=2025)

        assert not _target(batch, "liuzhou.target.2025").met

    def test_a_recognition_after_the_target_year_does_not_count(self, small_city):
        """Assessed, passed and recognised in 2026: too late for 2025, in time for 2029."""
        later = [_recognised(attrs.evolve(unit, assessment_year=2026), 2026) for unit in small_city]

        batch = evaluate_batch(later, year=2029)

        assert (
            _target(batch, "liuzhou.target.2025").reached,
            _target(batch, "liuzhou.target.2029").reached,
        ) == (0, 10)
        assert (
            _target(batch, "liuzhou.target.2025").met,
            _target(batch, "liuzhou.target.2029").met,
        ) == (False, True)

    @pytest.mark.parametrize(
        ("year", "due", "all_due_met"),
        [(2024, [], True), (2025, ["liuzhou.target.2025"], True),
         (2029, ["liuzhou.target.2025", "liuzhou.target.2029"], False)],
    )  # fmt: skip
    def test_which_targets_are_due_depends_on_the_report_year(
        self, small_city, year, due, all_due_met
    ):
        """5 recognised in 2024: the 2025 target is met, the 2029 one (100%) is not."""
        batch = evaluate_batch(self._with_recognised(small_city, 5, 2024), year=year)

        liuzhou = [p for p in batch.targets if p.target.layer == "liuzhou"]
        assert due == [p.target.id for p in liuzhou if p.due]
        assert all_due_met == all(p.met for p in liuzhou if p.due)

    def test_every_unit_passing_meets_both_targets(self, small_city):
        """All ten passing in 2025 (their assessment year) meets 50% and 100%."""
        batch = evaluate_batch(small_city, year=2029)

        assert [p.met for p in batch.targets if p.target.layer == "liuzhou"] == [True, True]

    def test_units_missing_from_the_batch_count_as_not_recognised(self, small_city):
        """With 柳城县 and 三江 left out, all eight others passing make 80%: 2029 is missed."""
        present = [unit for unit in small_city if unit.code not in {"450222", "450226"}]

        progress = _target(evaluate_batch(present, year=2029), "liuzhou.target.2029")

        assert (
            progress.missing,
            progress.reached,
            progress.met,
        ) == (("450222", "450226"), 8, False)


class TestScheduleInTheBatch:
    def test_behind_on_ahead_and_passed(self):
        """柳南区 (2024) ineligible in 2025 is 1 year behind; 柳江区 (2027) passing is ahead;
        融安县 (2027) failing is on schedule; 城中区 (2022) passing is passed; 东城区 has no plan.
        """
        batch = evaluate_batch(
            [
                _county(code="450204", name="柳南区", vetoes__exam_admission=True),
                _county(code="450206", name="柳江区"),
                _county(code="450224", name="融安县", social_recognition_pct=50),
                _county(code="450202", name="城中区"),
                _county(),
            ]
        )

        expected = [
            ("450204", ScheduleState.BEHIND, 1),
            ("450206", ScheduleState.AHEAD, None),
            ("450224", ScheduleState.ON, 2),
            ("450202", ScheduleState.PASSED, None),
            ("110101", ScheduleState.NO_PLAN, None),
        ]
        assert expected == [(u.code, u.schedule, u.years) for u in batch.units]

    def test_the_schedule_finding_says_behind_plan(self):
        """The advisory finding: measured 2026, required 2024, gap 2; the verdict is unchanged."""
        county = _county(code="450204", name="柳南区", year=2026, vetoes__exam_admission=True)

        result = edu_rules.evaluate(county)

        (finding,) = [f for f in result.findings if f.rule == "liuzhou.schedule"]
        assert (
            finding.measured,
            finding.required,
            finding.gap,
            finding.note,
        ) == (
            2026,
            2024,
            2,
            "落后规划2年（规划2024年） / behind plan by 2 years (planned for 2024)",
        )
        without_city = edu_rules.load_registry(edu_rules.make_plugin_manager(blocked={"liuzhou"}))
        assert edu_rules.evaluate(county, registry=without_city).status is result.status
        assert not finding.binding

    def test_the_schedule_finding_says_how_many_years_remain(self):
        """Before its planned year a unit is met, with the years that remain."""
        county = _county(code="450225", name="融水苗族自治县", social_recognition_pct=50)

        (finding,) = [
            f for f in edu_rules.evaluate(county).findings if f.rule == "liuzhou.schedule"
        ]

        assert (finding.outcome.value, finding.note) == (
            "met",
            "距规划年份还有4年（规划2029年） / 4 years remain (planned for 2029)",
        )


class TestFunctionalZones:
    def _zone(self, name: str = "柳东新区", *school_ids: str, **changes: Any) -> County:
        county = _county(code="450203", name=name, **changes)
        schools = tuple(
            attrs.evolve(school, id=new_id)
            for school, new_id in zip(
                county.schools, school_ids or ("Z1", "Z2", "Z3", "Z4"), strict=False
            )
        )
        return attrs.evolve(county, schools=schools)

    def test_a_zone_document_is_folded_into_yufeng(self):
        """柳东新区's document: its schools join 鱼峰区's, and both the batch and the unit say so."""
        host = _county(code="450203", name="鱼峰区")
        zone = self._zone()

        batch = evaluate_batch([host, zone])

        assert [unit.name for unit in batch.units] == ["鱼峰区"]
        (result,) = batch.results
        assert [note.layer for note in batch.notes] == ["liuzhou"]
        assert result.notes[0] == batch.notes[0]
        assert "柳东新区's document (4 schools) folded into 鱼峰区" in batch.notes[0].en

    def test_folded_schools_are_evaluated_as_yufengs(self):
        """Every school of both documents is judged in 鱼峰区's result, the zone's as administered by it."""
        host = _county(code="450203", name="鱼峰区")
        zone = self._zone()

        (result,) = evaluate_batch([host, zone]).results

        schools = {f.subject.school for f in result.findings if f.rule == "national.G4"}
        assert {"P1", "J1", "N1", "Z1", "Z2", "Z3"} <= schools
        assert any("柳东新区4所" in note.zh for note in result.notes)

    @pytest.mark.parametrize("name", ["柳州市柳东新区", "阳和工业新区", "北部生态新区（阳和）"])
    def test_zone_documents_are_recognised_by_name(self, name):
        """A name containing a zone's name (or its alias) makes the document the zone's."""
        batch = evaluate_batch([_county(code="450203", name="鱼峰区"), self._zone(name)])

        assert [unit.code for unit in batch.units] == ["450203"]

    def test_a_document_naming_the_host_is_the_hosts(self):
        """A document named "鱼峰区（含柳东新区、阳和工业新区）" is 鱼峰区's own document, not a zone's."""
        batch = evaluate_batch([_county(code="450203", name="鱼峰区（含柳东新区、阳和工业新区）")])

        assert len(batch.units) == 1
        assert batch.notes == ()

    def test_duplicate_school_ids_across_folded_documents_are_an_error(self):
        """A 柳东新区 school with an id 鱼峰区 already uses: refused, naming both documents."""
        host = _county(code="450203", name="鱼峰区")
        zone = self._zone("柳东新区", "Z1", "P1")

        with pytest.raises(CountyDataError) as caught:
            evaluate_batch([host, zone])

        (problem,) = caught.value.problems
        assert problem.path == "柳东新区 (450203, 2025): schools[1].id"
        assert "'P1'" in problem.reason
        assert "鱼峰区" in problem.reason

    def test_a_zone_document_without_its_host_is_an_error(self):
        """柳东新区 alone: there is no 鱼峰区 document to fold it into."""
        with pytest.raises(CountyDataError, match="no 鱼峰区 document"):
            evaluate_batch([self._zone()])

    def test_a_zone_document_of_another_year_is_an_error(self):
        """The folded documents must describe the same assessment year."""
        with pytest.raises(CountyDataError, match="assessment year 2025"):
            evaluate_batch([_county(code="450203", name="鱼峰区"), self._zone(year=2024)])

    def test_the_same_unit_twice_under_two_names_is_an_error(self):
        """Two 城中区 documents under different names: no layer folds them, so it is refused."""
        with pytest.raises(CountyDataError, match="450202"):
            evaluate_batch(
                [
                    _county(code="450202", name="城中区"),
                    _county(code="450202", name="城中区（复核）"),
                ]
            )


class TestPluginFailure:
    def test_a_raising_prepare_batch_never_yields_pass(self):
        """A layer that fails to prepare the batch: its units are at best incomplete, with the fault."""
        registry = registry_with(("raising", RaisingBatchLayer()))
        governed = _county(code="980101", name="虚构区")
        other = _county()

        batch = evaluate_batch([governed, other], registry=registry)

        assert [unit.status for unit in batch.units] == [Status.INCOMPLETE, Status.PASS]
        assert [fault.plugin for fault in batch.faults] == ["raising"]
        assert [fault.plugin for fault in batch.results[0].faults] == ["raising"]
        assert "fictional failure" in batch.faults[0].error
        assert batch.results[0].summary.errors == 1
        assert batch.faulted_units == ("980101",)


class _ReachingLayer:
    """A fictional layer of ``98`` whose target also counts a Guangxi unit it does not govern."""

    layer = fictional_layer("reaching")

    @hookimpl
    def edu_rules_layer(self) -> edu_rules.Layer:
        return self.layer

    @hookimpl
    def edu_rules_targets(self) -> list[Target]:
        return [
            Target(
                id="reaching.target.2025",
                layer="reaching",
                title=Title(zh="越界目标", en="a target reaching beyond its layer"),
                citation="虚构〔2030〕1号",
                units=("980101", "450202"),
                share=Fraction(1, 2),
                by_year=2025,
            )
        ]


class TestTargetsStayInTheirJurisdiction:
    def test_a_target_counting_another_layers_unit_is_a_plugin_error(self):
        """No layer reports on a unit it does not govern: 450202 is Guangxi's, not 98's."""
        registry = registry_with(("reaching", _ReachingLayer()))
        batch = [_county(code="980101", name="虚构区"), _county(code="450202", name="城中区")]

        with pytest.raises(edu_rules.PluginError, match="outside its jurisdiction '98': 450202"):
            evaluate_batch(batch, registry=registry)


class TestWithoutResults:
    """``keep_results=False``: each result is reduced as it finishes; the progress is the same."""

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_the_progress_is_that_of_the_whole_results(self, small_city, jobs):
        whole = evaluate_batch(small_city, jobs=jobs)
        lean = evaluate_batch(small_city, jobs=jobs, keep_results=False)

        assert lean.results == ()
        assert progress_data(lean) == progress_data(whole)
        assert lean.faulted_units == whole.faulted_units == ()

    @pytest.mark.parametrize("jobs", [1, 2])
    def test_a_unit_a_plugin_failed_for_is_still_named(self, jobs):
        registry = registry_with(("raising", RaisingBatchLayer()))
        batch = [_county(code="980101", name="虚构区"), _county()]

        lean = evaluate_batch(batch, registry=registry, jobs=jobs, keep_results=False)

        assert lean.faulted_units == ("980101",)
        assert [unit.status for unit in lean.units] == [Status.INCOMPLETE, Status.PASS]

    def test_progress_exits_3_when_a_plugin_failed_for_a_unit(self, tmp_path, monkeypatch):
        """The command keeps no results, and its exit code still says a plugin failed."""
        registry = registry_with(("raising", RaisingBatchLayer()))
        (tmp_path / "a.json").write_text(to_json(_county(code="980101", name="虚构区")))
        monkeypatch.setattr("edu_rules.cli.progress.registry_from", lambda args: registry)

        assert main(["progress", str(tmp_path)]) == 3


class TestSerialisation:
    def test_a_batch_result_serialises_with_its_results(self, small_city):
        """The whole batch result, findings included, is plain JSON data."""
        batch = evaluate_batch(small_city[:2])

        data = json.loads(to_json(batch))

        assert [r["county"]["code"] for r in data["results"]] == ["450202", "450203"]
        assert "results" not in progress_data(batch)


class TestJobs:
    def test_two_workers_give_the_same_result_as_one(self, small_city):
        """jobs=2: identical results, in input order."""
        batch = small_city[:4]

        one = evaluate_batch(batch, jobs=1)
        two = evaluate_batch(batch, jobs=2)

        assert to_json(one) == to_json(two)

    def test_workers_use_the_registry_given(self):
        """A custom registry reaches the worker processes (a fault only it produces shows)."""
        registry = registry_with(("raising", RaisingBatchLayer()))
        batch = [_county(code="980101", name="虚构区"), _county(code="980102", name="虚构县")]

        one = evaluate_batch(batch, registry=registry, jobs=1)
        two = evaluate_batch(batch, registry=registry, jobs=2)

        assert to_json(one) == to_json(two)

    def test_jobs_below_one_is_refused(self, small_city):
        """jobs must be a positive number of processes."""
        with pytest.raises(ValueError, match="jobs"):
            evaluate_batch(small_city[:1], jobs=0)


class TestProgressCommand:
    @pytest.fixture(name="batch_file")
    def _batch_file(self, tmp_path: Path) -> Path:
        """Two Liuzhou units passing in 2025: 2 of 10 — the 50%-by-2025 target is missed."""
        return _write(
            tmp_path / "batch.json",
            [passing_county("450202", "城中区"), passing_county("450205", "柳北区")],
        )

    @pytest.mark.parametrize(("year", "code"), [(2024, 0), (2025, 1)])
    def test_the_exit_code_says_whether_due_targets_are_met(self, batch_file, capsys, year, code):
        """0 while no target is due; 1 once the missed 2025 target is due."""
        argv = ["progress", str(batch_file), "--year", str(year), "--target", "liuzhou.target.2025"]

        assert code == main(argv)
        assert "liuzhou.target.2025" in capsys.readouterr().out

    def test_the_text_report_lists_units_and_targets(self, batch_file, capsys):
        """One row per unit with status, planned year and schedule; one block per target."""
        main(["progress", str(batch_file)])
        out = capsys.readouterr().out
        main(["progress", str(batch_file), "--lang", "en"])
        english = capsys.readouterr().out

        assert re.search(r"450202 +城中区 +2025 +达标 +2022 +已达标", out)
        assert "已认定 2/10（20%）；要求 50%，即到 2025 年 5 个" in out
        assert re.search(r"450202 +城中区 +2025 +pass +2022 +passed", english)
        assert "2/10 recognised (20%); required 50% = 5 by 2025" in english

    def test_json_output_is_the_progress_without_findings(self, batch_file, capsys):
        """--format json prints units, targets, notes, faults and the layers left out."""
        main(["progress", str(batch_file), "--format", "json"])

        data = json.loads(capsys.readouterr().out)
        assert list(data) == ["year", "units", "targets", "notes", "faults", "left_out"]
        assert data["left_out"] == []
        assert [unit["code"] for unit in data["units"]] == ["450202", "450205"]

    def test_json_output_says_which_layer_was_left_out(self, batch_file, capsys):
        """A progress document computed without a layer says so: leaving one out is never silent."""
        main(
            ["progress", str(batch_file), "--format", "json", "--block", "liuzhou", "--unofficial"]
        )

        assert json.loads(capsys.readouterr().out)["left_out"] == ["liuzhou"]

    def test_bad_input_exits_2(self, tmp_path, capsys):
        """An unreadable batch is bad input: exit 2 and a message, no traceback."""
        assert main(["progress", str(tmp_path / "missing.json")]) == 2
        assert "没有这个文件或文件夹" in capsys.readouterr().err

    def test_an_unknown_target_exits_2(self, batch_file, capsys):
        """--target must name a target of the batch's layers."""
        assert main(["progress", str(batch_file), "--target", "nowhere.target"]) == 2
        assert "未知的 --target nowhere.target" in capsys.readouterr().err


class TestGarbage:
    """Evaluation makes no reference cycles, so pausing the cyclic collector loses nothing."""

    def test_a_batch_leaves_nothing_for_the_cyclic_collector(self, examples):
        """After a warm-up, evaluating the ten examples and dropping the results frees all."""
        evaluate_batch(examples)  # warm-up: plugins loaded, rule sets compiled and cached
        gc.collect()
        gc.disable()
        try:
            batch = evaluate_batch(examples)
            del batch
            left_over = gc.collect()
        finally:
            gc.enable()

        assert left_over == 0

    def test_the_collector_is_running_again_afterwards(self, examples):
        """evaluate_batch pauses the collector only while it works."""
        evaluate_batch(examples[:2])

        assert gc.isenabled()

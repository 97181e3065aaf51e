"""The remediation planner: the least whole-unit additions that make a county's schools pass.

Each case starts from a county that meets every national rule (``tests._passing``)
and breaks one thing, so the numbers can be checked by hand: 1000 primary pupils
need 42 qualified teachers (4.2 per 100), 9 PE/arts teachers (0.9), 4500 m² of
teaching rooms (4.5 per pupil), and may fall short on one indicator down to 85%.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

import edu_rules
from edu_rules import Level, Outcome, Status, to_json
from edu_rules.cli import main
from edu_rules.evaluators import weighted_cv_squared
from edu_rules.planner.arithmetic import least_whole_addition, water_fill
from edu_rules.planner.costs import CostModel
from edu_rules.planner.plan import apply_plan, plan
from edu_rules.planner.result import plan_to_data
from edu_rules.planner.whatif import apply_changes
from tests._helpers import evaluate_national, national_registry, only
from tests._passing import PRIMARY_RATES, passing_county, stage
from tests._plugins import RulePlugin, layer, registry_with, threshold_override

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))
PLANNED = ("resource", "balance")


@pytest.fixture(name="registry", scope="module")
def _registry():
    return national_registry()


def _set(document: dict, school: str, stage_name: str, **fields: object) -> dict:
    for entry in document["schools"]:
        if entry["id"] == school:
            entry["stages"][stage_name].update(fields)
    return document


def _planned_findings_not_met(result: edu_rules.Result) -> list[tuple[str, str | None, str | None]]:
    return [
        (f.rule, f.subject.school, f.subject.stage)
        for f in result.findings
        if f.family in PLANNED and f.outcome not in {Outcome.MET, Outcome.TOLERATED}
    ]


def _with(document: dict, changes: dict) -> edu_rules.Result:
    county = apply_changes(edu_rules.load_county(document), changes)
    return edu_rules.evaluate(county, registry=national_registry())


class TestLeastWholeAddition:
    """``least_whole_addition``: the smallest whole number of units that reaches a level."""

    def test_exactly_at_the_level_needs_nothing(self):
        """42 teachers for 1000 pupils is exactly 4.2 per 100: nothing to add."""
        assert least_whole_addition(42, 1000, 100, Fraction("4.2")) == 0

    def test_a_fraction_of_a_unit_short_is_a_whole_unit(self):
        """41.5 teachers (a part-time post counted as 0.5) still needs one whole teacher."""
        assert least_whole_addition(Fraction("41.5"), 1000, 100, Fraction("4.2")) == 1

    def test_area_is_rounded_up_to_whole_square_metres(self):
        """1001 pupils × 4.5 m² = 4504.5 m²; from 4400 m² that is 105 whole m², not 104.5."""
        assert least_whole_addition(4400, 1001, 1, Fraction("4.5")) == 105


class TestSchoolRulePlan:
    """``plan``: per stage, the cheapest additions that meet the school rule."""

    @pytest.fixture(name="two_misses")
    def _two_misses(self):
        # P1 primary, 1000 pupils: PE/arts 6 (0.6 per 100, below the 0.765 floor; 3 short of
        # 0.9) and teaching rooms 4400 m² (4.4 per pupil: 100 m² short, above the floor).
        return _set(
            passing_county(), "P1", "primary", pe_arts_teachers=6, teaching_room_area_m2=4400
        )

    def test_a_stage_needing_exactly_three_teachers_gets_three(self, two_misses, registry):
        """Three PE/arts teachers reach 0.9; the room area may stay at 4.4 (one miss ≥ 85%)."""
        county = edu_rules.load_county(two_misses)

        the_plan = plan(county, registry=registry)

        (stage_plan,) = the_plan.stages
        assert [(a.field, a.quantity, a.reason) for a in stage_plan.additions] == [
            ("pe_arts_teachers", 3, "standard")
        ]
        assert stage_plan.left_below == ("national.L4",)

    def test_one_teacher_fewer_does_not_pass(self, two_misses):
        """With two PE/arts teachers instead of three the stage still fails the school rule."""
        path = "schools[0].stages.primary.pe_arts_teachers"

        enough = _with(two_misses, {path: 9})
        one_fewer = _with(two_misses, {path: 8})

        assert (
            only(enough, "national.school_rule", school="P1", stage="primary").outcome
            is Outcome.MET
        )
        assert (
            only(one_fewer, "national.school_rule", school="P1", stage="primary").outcome
            is Outcome.SHORTFALL
        )

    def test_the_applied_plan_passes(self, two_misses, registry):
        """Evaluated again, the county with the plan applied passes outright."""
        county = edu_rules.load_county(two_misses)

        the_plan = plan(county, registry=registry)
        result = edu_rules.evaluate(apply_plan(county, the_plan), registry=registry)

        assert (
            the_plan.status_before,
            the_plan.status_after,
            result.status,
        ) == (Status.FAIL, Status.PASS, Status.PASS)

    def test_prices_decide_which_indicator_stays_below(self, two_misses, registry):
        """If room area is cheap, building 100 m² and adding only the 2 floor teachers is cheaper."""
        county = edu_rules.load_county(two_misses)
        cheap_rooms = CostModel.with_costs(teaching_room_area_m2=100)

        the_plan = plan(county, registry=registry, costs=cheap_rooms)

        (stage_plan,) = the_plan.stages
        assert {("teaching_room_area_m2", 100, "standard"), ("pe_arts_teachers", 2, "floor")} == {
            (a.field, a.quantity, a.reason) for a in stage_plan.additions
        }
        assert stage_plan.left_below == ("national.L3",)

    def test_below_the_floor_alone_is_raised_to_the_floor_only(self, registry):
        """One miss below 85% needs only the floor: PE/arts 6 → 8 (0.8 ≥ 0.765), not 9."""
        county = edu_rules.load_county(_set(passing_county(), "P1", "primary", pe_arts_teachers=6))

        the_plan = plan(county, registry=registry)

        assert [(a.quantity, a.reason) for a in the_plan.additions] == [(2, "floor")]

    def test_a_fractional_numerator_gets_whole_units(self, registry):
        """31.8 qualified teachers for 800 junior pupils (3.975 per 100) are below the floor
        (0.85 × 5.3 × 8 = 36.04 teachers): 5 whole teachers more, to 36.8, not 4.24."""
        document = _set(
            passing_county(), "J1", "junior", teachers_above_required_qualification=31.8
        )

        the_plan = plan(edu_rules.load_county(document), registry=registry)

        assert [(5, Fraction("36.8"), "floor")] == [
            (a.quantity, a.after, a.reason) for a in the_plan.additions
        ]

    def test_a_through_school_is_planned_stage_by_stage(self, registry):
        """A nine-year school failing in both stages gets additions at both stage paths."""
        document = passing_county()
        _set(document, "N1", "primary", sports_area_m2=3000, multimedia_classrooms=10)
        _set(document, "N1", "junior", sports_area_m2=3000, equipment_value_yuan=800_000)

        the_plan = plan(edu_rules.load_county(document), registry=registry)
        result = edu_rules.evaluate(
            apply_plan(edu_rules.load_county(document), the_plan), registry=registry
        )

        assert {"schools[2].stages.primary", "schools[2].stages.junior"} == {
            s.path for s in the_plan.stages
        }
        assert _planned_findings_not_met(result) == []

    def test_a_passing_county_needs_nothing(self, registry):
        """A county that passes gets an empty plan."""
        the_plan = plan(edu_rules.load_county(passing_county()), registry=registry)

        assert (
            the_plan.additions,
            the_plan.targets,
            the_plan.changes,
            the_plan.status_after,
        ) == ((), (), {}, Status.PASS)

    def test_a_provincial_override_is_honoured(self):
        """A province raising primary L3 to 1.0 per 100 makes the plan aim at 1.0, not 0.9."""
        tight = RulePlugin(
            layer("tight", Level.PROVINCIAL, "99"),
            [threshold_override("national.L3", {"threshold": {"primary": 1.0}})],
        )
        registry = registry_with(("tight", tight))
        document = _set(
            passing_county(code="990101"),
            "P1",
            "primary",
            pe_arts_teachers=6,
            teaching_room_area_m2=4400,
        )

        the_plan = plan(edu_rules.load_county(document), registry=registry)

        assert [(a.field, a.quantity, a.level) for a in the_plan.additions] == [
            ("pe_arts_teachers", 4, 1)
        ]


class TestWaterFill:
    """``water_fill``: the least whole additions that bring a CV within its limit."""

    def test_within_the_limit_needs_nothing(self):
        """Equal values (CV 0) need no addition and no level."""
        assert water_fill([(100, 10), (200, 20)], Fraction(1, 2)) == ([0, 0], None)

    def test_the_lowest_school_is_raised_first_and_no_unit_is_spare(self):
        """Of three schools, only the far-below one is raised; one unit less breaks the limit."""
        rows = [(100, 1), (100, 10), (100, 12)]
        limit = Fraction(1, 4)

        additions, level = water_fill(rows, limit)

        assert additions[0] > 0
        assert additions[1:] == [0, 0]
        assert level is not None
        fewer = [
            (p, n + a - (1 if i == 0 else 0))
            for i, ((p, n), a) in enumerate(zip(rows, additions, strict=True))
        ]
        cv_squared, _ = weighted_cv_squared(fewer)
        assert cv_squared > limit**2

    def test_the_result_meets_the_limit_exactly_checked(self):
        """Whatever the rounding, the CV after the additions is within the limit (exact CV²)."""
        rows = [(37, 3), (451, 40), (1203, 400), (88, 0)]
        limit = Fraction(9, 20)

        additions, _ = water_fill(rows, limit)

        cv_squared, _ = weighted_cv_squared(
            [(p, n + a) for (p, n), a in zip(rows, additions, strict=True)]
        )
        assert cv_squared <= limit**2


class TestBalancePlan:
    """``plan``: CV shortfalls are planned on top of the school additions, not beside them."""

    @pytest.fixture(name="unequal")
    def _unequal(self):
        # L6 (equipment per pupil): P1 at 2200, and a second big primary school at 12 000
        # yuan per pupil: the primary CV is far above 0.5 although every school meets 2000.
        document = passing_county()
        extra = dict(document["schools"][0])
        extra.update(id="P2", name="测试学校P2")
        extra["stages"] = {"primary": stage(1000, PRIMARY_RATES, equipment_value_yuan=12_000_000)}
        document["schools"].insert(1, extra)
        return document

    def test_the_cv_is_brought_within_its_limit(self, unequal, registry):
        """The county with the plan applied meets national.cv.L6 for the primary stage."""
        county = edu_rules.load_county(unequal)

        the_plan = plan(county, registry=registry)
        result = edu_rules.evaluate(apply_plan(county, the_plan), registry=registry)

        (balance,) = the_plan.balance
        assert (balance.rule, balance.stage) == ("national.cv.L6", "primary")
        assert balance.cv_after <= Fraction(1, 2) < balance.cv_before
        assert _planned_findings_not_met(result) == []

    def test_school_additions_come_first_and_are_not_counted_twice(self, unequal, registry):
        """P1 also below the L6 floor: its school addition and its balance addition add up."""
        _set(unequal, "P1", "primary", equipment_value_yuan=1_000_000, sports_area_m2=7000)
        county = edu_rules.load_county(unequal)

        the_plan = plan(county, registry=registry)

        path = "schools[0].stages.primary.equipment_value_yuan"
        on_path = [a for a in the_plan.additions if a.path == path]
        assert [(a.rule, a.reason) for a in on_path] == [
            ("national.L6", "floor"),
            ("national.cv.L6", "balance"),
        ]
        assert on_path[0].after == on_path[1].before
        assert 1_000_000 + sum(a.quantity for a in on_path) == the_plan.changes[path]

    def test_one_yuan_less_on_a_balance_addition_breaks_the_limit(self, unequal, registry):
        """The balance additions are trimmed: none can give back a single yuan."""
        county = edu_rules.load_county(unequal)
        the_plan = plan(county, registry=registry)

        for addition in the_plan.balance[0].additions:
            changes = dict(the_plan.changes)
            changes[addition.path] = addition.after - 1
            result = edu_rules.evaluate(apply_changes(county, changes), registry=registry)

            assert only(result, "national.cv.L6", stage="primary").outcome is Outcome.SHORTFALL


class TestTargetsAndActions:
    """``plan``: other families give figures to reach, or actions when no figure will do."""

    def test_missing_music_rooms_are_rooms_to_build_at_the_minimum_area(self, registry):
        """30 classes need 3 music rooms; with one, the plan builds 2 of 96 m²."""
        document = passing_county()
        document["schools"][0]["stages"]["primary"]["classes"] = 30
        document["schools"][0]["music_rooms_m2"] = [100]

        the_plan = plan(edu_rules.load_county(document), registry=registry)

        (target,) = the_plan.targets
        assert (target.rule, target.quantity, target.kind) == ("national.G3.music", 2, "rooms")
        assert target.changes == {"schools[0].music_rooms_m2": [100, 96, 96]}
        assert the_plan.totals_by_kind() == {"rooms": 2}

    def test_a_county_percentage_gets_its_figure_to_reach(self, registry):
        """Quota allocation 45% against 50%: the target is 50 and the applied county passes."""
        document = passing_county()
        document["guarantee"]["quota_allocation_pct"] = 45

        the_plan = plan(edu_rules.load_county(document), registry=registry)

        (target,) = the_plan.targets
        assert (
            target.before,
            target.required,
            target.changes,
        ) == (45, 50, {"guarantee.quota_allocation_pct": 50})
        assert Status.PASS is the_plan.status_after

    def test_rotation_is_counted_in_whole_teachers(self, registry):
        """39 of 400 eligible rotated (9.75%): one more whole teacher reaches 10%."""
        document = passing_county()
        document["guarantee"]["rotated_teachers"] = 39
        document["guarantee"]["rotated_key_teachers"] = 8

        the_plan = plan(edu_rules.load_county(document), registry=registry)

        assert {t.rule: t.quantity for t in the_plan.targets} == {"national.G11": 1}
        assert Status.PASS is the_plan.status_after

    def test_vetoes_and_declarations_are_actions_not_quantities(self, registry):
        """A veto that happened and a declared item that is false remain, as actions."""
        document = passing_county()
        document["vetoes"]["exam_admission"] = True
        document["declared"]["G1"] = False

        the_plan = plan(edu_rules.load_county(document), registry=registry)

        assert {("veto", "national.veto.exam_admission"), ("declare", "national.G1")} == {
            (a.what, a.rule) for a in the_plan.actions
        }
        assert (the_plan.targets, the_plan.status_after) == ((), Status.INELIGIBLE)

    def test_unknown_data_is_an_action_to_supply_it(self, registry):
        """An unknown numerator is never planned around: the plan asks for the figure."""
        document = _set(passing_county(), "P1", "primary", key_teachers=None)

        the_plan = plan(edu_rules.load_county(document), registry=registry)

        data = [a for a in the_plan.actions if a.what == "data"]
        assert "schools[0].stages.primary.key_teachers" in {m for a in data for m in a.missing}
        assert the_plan.additions == ()


class TestTotals:
    """``Plan.totals_by_kind`` and ``totals_by_school``: what the county adds, and where."""

    def test_totals_add_up_by_kind_and_school(self, registry):
        """Teachers at two schools and m² at one add up per kind and per school."""
        document = passing_county()
        _set(document, "P1", "primary", pe_arts_teachers=6, teaching_room_area_m2=4400)
        _set(document, "J1", "junior", key_teachers=6, sports_area_m2=8000)

        the_plan = plan(edu_rules.load_county(document), registry=registry)

        by_school = the_plan.totals_by_school()
        assert the_plan.totals_by_kind()["teachers"] == sum(
            kinds.get("teachers", 0) for kinds in by_school.values()
        )
        assert {"P1", "J1"} == set(by_school)
        assert the_plan.total_cost == sum(a.cost for a in the_plan.additions)


@pytest.mark.skipif(not EXAMPLES, reason="no example documents in examples/")
class TestExamples:
    """The example counties: each plan, applied, meets every resource and balance rule."""

    @pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
    def test_the_applied_plan_meets_resource_and_balance(self, path):
        """No resource or balance shortfall remains once the plan is applied."""
        county = edu_rules.load_county(path)

        the_plan = plan(county)

        planned_left = [f for f in the_plan.remaining if f.family in PLANNED]
        assert planned_left == []
        if the_plan.additions:
            result = edu_rules.evaluate(apply_plan(county, the_plan))
            assert not [f for f in result.shortfalls if f.family in PLANNED]


class TestPlanCommand:
    """``edu-rules plan``: the plan printed, and the fixed document written."""

    @pytest.fixture(name="county_file")
    def _county_file(self, tmp_path):
        document = _set(
            passing_county(), "P1", "primary", pe_arts_teachers=6, teaching_room_area_m2=4400
        )
        path = tmp_path / "county.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return path

    def test_apply_out_writes_a_document_that_passes(self, county_file, tmp_path, capsys):
        """The written document loads, and the plan in JSON names the 3 teachers; exit 0."""
        fixed = tmp_path / "fixed.json"

        code = main(["plan", str(county_file), "--format", "json", "--apply-out", str(fixed)])

        data = json.loads(capsys.readouterr().out)
        assert (code, data["totals"]["by_kind"]) == (0, {"teachers": 3})
        assert (
            evaluate_national(json.loads(fixed.read_text(encoding="utf-8"))).status is Status.PASS
        )

    @pytest.mark.parametrize("fmt", ["text", "markdown"])
    def test_reports_name_the_addition(self, county_file, capsys, fmt):
        """Text and Markdown both show the field, by its name, and the quantity."""
        from edu_rules.reports._format import field_name

        main(["plan", str(county_file), "--format", fmt, "--lang", "en"])

        out = capsys.readouterr().out
        assert field_name("pe_arts_teachers", "en") in out
        assert "pe_arts_teachers" not in out
        assert "3" in out

    @pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
    def test_the_cost_comes_with_its_basis(self, county_file, capsys, fmt):
        """Every format gives the unit prices used, their source and that it is no budget."""
        main(["plan", str(county_file), "--format", fmt])

        out = capsys.readouterr().out
        assert "估算，仅供比较，不是预算" in out
        if fmt == "json":
            model = json.loads(out)["cost_model"]
            assert (model["unit_costs"]["pe_arts_teachers"], model["given"]) == (100000, {})
        else:
            assert "每名体育艺术教师 100,000 元" in out
            assert "内置默认单价" in out

    def test_prices_from_a_file(self, county_file, capsys, tmp_path):
        """``--cost FILE``: a JSON object of prices; the plan names the file as their source."""
        prices = tmp_path / "prices.json"
        prices.write_text('{"pe_arts_teachers": 120000}', encoding="utf-8")
        lines = tmp_path / "prices.txt"
        lines.write_text("# local prices\npe_arts_teachers = 120000\n", encoding="utf-8")

        for source in (prices, lines):
            main(["plan", str(county_file), "--cost", str(source)])
            out = capsys.readouterr().out

            assert "120,000 元" in out
            assert f"来自 {source}" in out

    def test_a_price_file_that_is_no_list_of_prices_is_bad_input(self, county_file, capsys):
        """A price file that is neither JSON nor FIELD=YUAN lines: exit 2, naming the file."""
        code = main(["plan", str(county_file), "--cost", str(county_file.parent)])

        assert code == 2
        assert str(county_file.parent) in capsys.readouterr().err

    def test_a_bad_price_is_bad_input(self, county_file, capsys):
        """``--cost`` with an unknown field exits 2 with a message."""
        code = main(["plan", str(county_file), "--cost", "gold_bars=5"])

        assert code == 2
        assert "--cost" in capsys.readouterr().err

    def test_the_one_converter_writes_a_plan(self, county_file):
        """``to_json(plan)`` is the plan's document: the converter serves plans as results."""
        the_plan = plan(edu_rules.load_county(county_file), registry=national_registry())

        assert json.loads(to_json(the_plan)) == json.loads(json.dumps(plan_to_data(the_plan)))

    def test_plan_data_is_json(self, county_file):
        """``plan_to_data`` gives plain data that JSON can write."""
        the_plan = plan(edu_rules.load_county(county_file), registry=national_registry())

        assert json.loads(json.dumps(plan_to_data(the_plan)))["changes"] == {
            "schools[0].stages.primary.pe_arts_teachers": 9
        }

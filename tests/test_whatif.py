"""What-if: change figures at JSON paths, check the changed document, compare the verdicts."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

import edu_rules
from edu_rules import CountyDataError, Outcome, Status
from edu_rules.cli import main
from edu_rules.cli.whatif import parse_changes
from edu_rules.io.paths import parse_path
from edu_rules.io.serialization import unstructure
from edu_rules.planner.whatif import apply_changes, diff, diff_to_data, document
from tests._helpers import national_registry
from tests._passing import passing_county


@pytest.fixture(name="county")
def _county():
    return edu_rules.load_county(passing_county())


@pytest.fixture(name="registry", scope="module")
def _registry():
    return national_registry()


def _paths(error: CountyDataError) -> list[str]:
    return [problem.path for problem in error.problems]


class TestParsePath:
    """``parse_path``: dotted fields and bracketed indices."""

    def test_fields_and_indices(self):
        """``schools[3].stages.primary.key_teachers`` splits into five steps."""
        assert parse_path("schools[3].stages.primary.key_teachers") == (
            "schools",
            3,
            "stages",
            "primary",
            "key_teachers",
        )

    def test_a_leading_dollar_is_allowed(self):
        """``$.guarantee.quota_allocation_pct`` is the same path without the ``$.``."""
        assert parse_path("$.guarantee.quota_allocation_pct") == (
            "guarantee",
            "quota_allocation_pct",
        )

    @pytest.mark.parametrize("path", ["", "[0]", "a..b", "a[x]", "a b", "a[0]b", "a.[0]"])
    def test_anything_else_is_refused(self, path):
        """Empty paths, a leading index, empty names, non-numeric indices: all refused."""
        with pytest.raises(ValueError, match="path"):
            parse_path(path)


class TestDocument:
    """``document``: the canonical county document with exact numbers."""

    def test_it_has_the_shape_of_the_canonical_json(self, county):
        """Same keys and values as the converter's document once numbers are floats."""
        data = document(county)

        assert unstructure(county) == unstructure(edu_rules.load_county(data))

    def test_numbers_stay_exact(self):
        """31.8 teachers stay 159/5, not the nearest double."""
        raw = passing_county()
        raw["schools"][1]["stages"]["junior"]["teachers_above_required_qualification"] = 31.8

        data = document(edu_rules.load_county(raw))

        assert (
            Fraction("31.8")
            == data["schools"][1]["stages"]["junior"]["teachers_above_required_qualification"]
        )


class TestApplyChanges:
    """``apply_changes``: set values at paths; a bad change is a clear error."""

    def test_a_stage_numerator_and_a_county_figure(self, county):
        """Both changes land, and nothing else moves."""
        changed = apply_changes(
            county,
            {
                "schools[0].stages.primary.key_teachers": 12,
                "guarantee.quota_allocation_pct": 55.5,
            },
        )

        assert (12, Fraction("55.5")) == (
            changed.schools[0].stages.primary.key_teachers,
            changed.guarantee.quota_allocation_pct,
        )
        assert changed.schools[1:] == county.schools[1:]

    def test_a_whole_list_can_be_set(self, county):
        """Rooms are set as a list of areas."""
        changed = apply_changes(county, {"schools[0].music_rooms_m2": [96, 96]})

        assert changed.schools[0].music_rooms_m2 == (96, 96)

    def test_the_county_given_is_left_as_it_was(self, county):
        """The change builds a new county; the original keeps its figure."""
        before = county.schools[0].stages.primary.key_teachers

        apply_changes(county, {"schools[0].stages.primary.key_teachers": 0})

        assert before == county.schools[0].stages.primary.key_teachers

    def test_an_unknown_field_is_named_with_the_fields_there_are(self, county):
        """A misspelt field is refused, naming the path and the fields the object has."""
        with pytest.raises(CountyDataError) as caught:
            apply_changes(county, {"guarantee.quota_pct": 55})

        assert _paths(caught.value) == ["guarantee.quota_pct"]
        assert "quota_allocation_pct" in str(caught.value)

    def test_every_bad_path_is_reported_at_once(self, county):
        """An index out of range and a path through an absent stage: both reported."""
        with pytest.raises(CountyDataError) as caught:
            apply_changes(
                county,
                {
                    "schools[99].name": "x",
                    "schools[0].stages.junior.students": 10,
                    "schools[0].name": "fine",
                },
            )

        assert _paths(caught.value) == ["schools[99].name", "schools[0].stages.junior.students"]
        assert "out of range" in str(caught.value)
        assert "null" in str(caught.value)

    def test_a_value_the_contract_refuses_is_reported_at_its_path(self, county):
        """A negative student count fails validation of the changed document, at its path."""
        with pytest.raises(CountyDataError) as caught:
            apply_changes(county, {"schools[0].stages.primary.students": -5})

        assert "schools[0].stages.primary.students" in _paths(caught.value)
        assert "what-if" in str(caught.value)


class TestDiff:
    """``diff``: status and shortfalls added, removed and changed, matched by rule and subject."""

    def test_the_same_result_twice_is_an_empty_diff(self, county, registry):
        """Nothing moved."""
        result = edu_rules.evaluate(county, registry=registry)

        assert diff(result, result).empty

    def test_a_fix_removes_the_shortfall_and_changes_the_status(self, registry):
        """Quota allocation from 45% to 55%: G14 is removed (now met) and fail → pass."""
        raw = passing_county()
        raw["guarantee"]["quota_allocation_pct"] = 45
        county = edu_rules.load_county(raw)
        before = edu_rules.evaluate(county, registry=registry)
        after = edu_rules.evaluate(
            apply_changes(county, {"guarantee.quota_allocation_pct": 55}), registry=registry
        )

        result_diff = diff(before, after)

        assert (
            result_diff.status_before,
            result_diff.status_after,
            result_diff.status_changed,
        ) == (Status.FAIL, Status.PASS, True)
        (removed,) = result_diff.removed
        assert (
            removed.rule,
            removed.measured_before,
            removed.measured_after,
            removed.outcome_after,
        ) == ("national.G14", 45, 55, Outcome.MET)
        assert (result_diff.added, result_diff.changed) == ((), ())

    def test_a_break_adds_a_shortfall(self, county, registry):
        """Rotated teachers from 50 to 30 of 400: G11 is added (met before)."""
        before = edu_rules.evaluate(county, registry=registry)
        after = edu_rules.evaluate(
            apply_changes(county, {"guarantee.rotated_teachers": 30}), registry=registry
        )

        result_diff = diff(before, after)

        assert [c.rule for c in result_diff.added] == ["national.G11"]
        assert Outcome.MET is result_diff.added[0].outcome_before

    def test_a_shortfall_that_moves_is_changed(self, registry):
        """Quota allocation 40% → 45%: still short, measured 40 → 45."""
        raw = passing_county()
        raw["guarantee"]["quota_allocation_pct"] = 40
        county = edu_rules.load_county(raw)
        before = edu_rules.evaluate(county, registry=registry)
        after = edu_rules.evaluate(
            apply_changes(county, {"guarantee.quota_allocation_pct": 45}), registry=registry
        )

        result_diff = diff(before, after)

        assert [(c.rule, c.measured_before, c.measured_after) for c in result_diff.changed] == [
            ("national.G14", 40, 45)
        ]
        assert not result_diff.status_changed

    def test_stage_findings_are_matched_by_school_and_stage(self, registry):
        """Fixing P1's primary L3 removes that stage's shortfall only."""
        raw = passing_county()
        raw["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = 6
        county = edu_rules.load_county(raw)
        before = edu_rules.evaluate(county, registry=registry)
        after = edu_rules.evaluate(
            apply_changes(county, {"schools[0].stages.primary.pe_arts_teachers": 9}),
            registry=registry,
        )

        result_diff = diff(before, after)

        assert {("national.L3", "P1", "primary"), ("national.school_rule", "P1", "primary")} == {
            (c.rule, c.subject.school, c.subject.stage) for c in result_diff.removed
        }

    def test_diff_data_is_plain(self, registry):
        """``diff_to_data`` gives statuses as strings and each side's outcome."""
        raw = passing_county()
        raw["guarantee"]["quota_allocation_pct"] = 45
        county = edu_rules.load_county(raw)
        before = edu_rules.evaluate(county, registry=registry)
        after = edu_rules.evaluate(
            apply_changes(county, {"guarantee.quota_allocation_pct": 50}), registry=registry
        )

        data = diff_to_data(diff(before, after))

        assert (
            data["status_before"],
            data["status_after"],
            data["removed"][0]["after"]["outcome"],
        ) == ("fail", "pass", "met")


class TestWhatifCommand:
    """``edu-rules whatif FILE --set PATH=VALUE``: the diff printed; bad changes exit 2."""

    @pytest.fixture(name="county_file")
    def _county_file(self, tmp_path):
        raw = passing_county()
        raw["guarantee"]["quota_allocation_pct"] = 45
        path = tmp_path / "county.json"
        path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        return path

    def test_values_are_json_or_else_text(self):
        """``55.5`` is an exact decimal, ``null`` is unknown, ``[96,96]`` a list, text stays text."""
        changes = parse_changes(["a=55.5", "b=null", "c=[96,96]", "d=新名字"])

        assert {"a": Decimal("55.5"), "b": None, "c": [96, 96], "d": "新名字"} == changes

    def test_a_fix_prints_the_removed_shortfall_and_exits_0(self, county_file, capsys):
        """Setting quota allocation to 50 removes G14; the county passes."""
        code = main(
            [
                "whatif",
                str(county_file),
                "--set",
                "guarantee.quota_allocation_pct=50",
                "--format",
                "json",
            ]
        )

        data = json.loads(capsys.readouterr().out)
        assert (code, [entry["rule"] for entry in data["removed"]]) == (0, ["national.G14"])

    def test_an_unknown_path_exits_2_naming_it(self, county_file, capsys):
        """A misspelt path is bad input, named in the message."""
        code = main(["whatif", str(county_file), "--set", "guarantee.quota=50"])

        assert code == 2
        assert "guarantee.quota" in capsys.readouterr().err

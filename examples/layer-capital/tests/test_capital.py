"""Capital City's provisions on a realistic county: 融水's schools under the code 960102.

The document is the bundled example of 融水苗族自治县 (58 rural primary schools, 50
teaching points) with its code changed to the fictional 960102, which Capital City (9601)
and Northland (96) both govern.  Each test compares the county with and without the city
layer; each provision must change exactly what it says, and the finding must say which
branch or convention applied.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from pathlib import Path

import pytest

import edu_rules
from edu_rules import Outcome, testing

EXAMPLE = Path(__file__).resolve().parents[2] / "450225-rongshui.json"


def _document() -> dict:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["code"], data["name"] = "960102", "示例区（融水的学校）"
    for school in data["schools"]:
        school["id"] = school["id"].replace("450225", "960102")
    return data


def _both(document):
    return (
        testing.evaluate_document(document),
        testing.evaluate_document(document, registry=testing.registry_without("capital")),
    )


def _findings(result, rule):
    return {(f.subject.school, f.subject.stage): f for f in result.findings if f.rule == rule}


def _largest(school) -> int:
    return max(
        (stage or {}).get("largest_class") or 0 for stage in school["stages"].values() if stage
    )


@pytest.fixture(scope="module")
def document() -> dict:
    return _document()


@pytest.fixture(scope="module")
def rural_small(document) -> dict:
    """A rural teaching point whose largest class is under 30 (a primary-stage school)."""
    return next(
        s for s in document["schools"]
        if s["kind"] == "teaching_point" and s["area"] == "rural" and 0 < _largest(s) < 30
    )  # fmt: skip


def test_both_layers_govern_the_county(document):
    with_city, _ = _both(document)
    assert [layer.name for layer in with_city.layers] == ["national", "northland", "capital"]


def test_rural_small_schools_are_judged_by_the_smaller_room_standard(document, rural_small):
    changed = copy.deepcopy(document)
    school = next(s for s in changed["schools"] if s["id"] == rural_small["id"])
    school["music_rooms_m2"] = [60] * len(school.get("music_rooms_m2") or [60])

    with_city, without = _both(changed)
    ours = _findings(with_city, "national.G3.music")[(school["id"], None)]
    theirs = _findings(without, "national.G3.music")[(school["id"], None)]

    assert theirs.outcome is Outcome.SHORTFALL  # 60 m² is under the national 96 m²
    assert ours.outcome is Outcome.MET  # and over the city's 54 m² for such a school
    assert ours.details["min_area_m2"] == 54
    assert ours.details["branch"] == {
        "id": "rural_small_primary", "kind": "branch", "layer": "capital",
        "citation": "省会教督〔2021〕2号（虚构）· 附表2 注3（小学）",
    }  # fmt: skip


def test_other_schools_keep_the_national_standard(document):
    with_city, without = _both(document)
    ours, theirs = _findings(with_city, "national.G3.art"), _findings(without, "national.G3.art")
    by_id = {s["id"]: s for s in document["schools"]}
    for key, finding in ours.items():
        school = by_id[key[0]]
        small = school["area"] == "rural" and school["kind"] in {"primary", "teaching_point"} \
            and _largest(school) < 30  # fmt: skip
        if not small and school["kind"] != "junior":
            assert "branch" not in (finding.details or {})
            assert (finding.outcome, finding.measured) == (
                theirs[key].outcome,
                theirs[key].measured,
            )
            assert finding.details["min_area_m2"] == 90


def test_an_indicator_is_compared_after_rounding_to_two_decimals(document):
    changed = copy.deepcopy(document)
    school = next(s for s in changed["schools"] if s["kind"] == "junior" and s["area"] == "urban")
    stage = school["stages"]["junior"]
    stage["students"], stage["pe_arts_teachers"] = 2011, 18  # 0.8951 per 100: 0.90 when rounded
    stage["classes"] = min(stage["classes"], 2011)

    with_city, without = _both(changed)
    ours = _findings(with_city, "national.L3")[(school["id"], "junior")]
    theirs = _findings(without, "national.L3")[(school["id"], "junior")]

    assert theirs.outcome is not Outcome.MET  # 0.8951 < 0.9 exactly
    assert ours.outcome is Outcome.MET
    assert ours.details["rounded"]["compared"] == 0.9
    assert abs(ours.details["rounded"]["raw"] - 18 / 20.11) < 1e-12
    assert ours.details["rounded"]["provision"]["layer"] == "capital"


def test_rounding_never_turns_a_value_that_rounds_below_into_a_pass(document):
    changed = copy.deepcopy(document)
    school = next(s for s in changed["schools"] if s["kind"] == "junior" and s["area"] == "urban")
    stage = school["stages"]["junior"]
    stage["students"], stage["pe_arts_teachers"] = 2012, 18  # 0.8946…: 0.89 when rounded

    with_city, _ = _both(changed)
    ours = _findings(with_city, "national.L3")[(school["id"], "junior")]

    assert ours.outcome is not Outcome.MET
    assert ours.details["rounded"]["compared"] == 0.89


# --------------------------------------------------------------------------- data fields


def _school_of(document, kind, area=None):
    return next(
        s for s in document["schools"]
        if s["kind"] == kind and (area is None or s["area"] == area)
        and all(stage is None or stage["students"] > 0 for stage in s["stages"].values())
    )  # fmt: skip


def test_a_school_built_by_2016_is_judged_by_the_older_room_standard(document):
    changed = copy.deepcopy(document)
    school = _school_of(changed, "junior", "urban")
    school["music_rooms_m2"] = [80] * len(school.get("music_rooms_m2") or [80])
    school["extra"] = {"capital": {"build_year": 2015}}
    later = copy.deepcopy(changed)
    next(s for s in later["schools"] if s["id"] == school["id"])["extra"]["capital"][
        "build_year"
    ] = 2018

    older, _ = _both(changed)
    newer, _ = _both(later)
    old = _findings(older, "national.G3.music")[(school["id"], None)]
    new = _findings(newer, "national.G3.music")[(school["id"], None)]

    assert (old.outcome, old.details["min_area_m2"], old.details["branch"]["id"]) == (
        Outcome.MET, 73, "built_by_2016",
    )  # fmt: skip
    assert (new.outcome, new.details["min_area_m2"]) == (Outcome.SHORTFALL, 96)
    assert "branch" not in new.details


def test_visiting_teachers_count_under_l3_in_a_small_rural_school_only(document):
    changed = copy.deepcopy(document)
    small = next(
        s for s in changed["schools"]
        if s["area"] == "rural" and s["kind"] in {"primary", "teaching_point"}
        and 50 <= sum((st or {}).get("students", 0) for st in s["stages"].values()) < 100
    )  # fmt: skip
    big = _school_of(changed, "junior", "urban")
    for school in (small, big):
        for stage in school["stages"].values():
            if stage:  # a stage's data fields go on the stage
                stage["pe_arts_teachers"] = 0
                stage["extra"] = {"capital": {"visiting_pe_arts_teachers": 3}}

    with_city, without = _both(changed)
    ours = _findings(with_city, "national.L3")
    stage_name = next(name for name, stage in small["stages"].items() if stage)
    counted = ours[(small["id"], stage_name)]
    ignored = ours[(big["id"], "junior")]

    assert counted.measured > 0
    assert {c["field"]: c["value"] for c in counted.details["components"]} == {
        "pe_arts_teachers": 0, "stage.extra.capital.visiting_pe_arts_teachers": 3,
    }  # fmt: skip
    assert ignored.measured == 0  # a large urban school counts only its own teachers
    assert "components" not in (ignored.details or {})
    assert _findings(without, "national.L3")[(small["id"], stage_name)].measured == 0


def test_an_indoor_sports_room_moves_from_l4_to_l5(document):
    changed = copy.deepcopy(document)
    school = _school_of(changed, "junior", "urban")
    stage = school["stages"]["junior"]
    stage["extra"] = {"capital": {"indoor_sports_room_m2": 400, "rented_venue_m2": 100}}
    students = stage["students"]

    with_city, without = _both(changed)
    key = (school["id"], "junior")
    l4 = _findings(with_city, "national.L4")[key], _findings(without, "national.L4")[key]
    l5 = _findings(with_city, "national.L5")[key], _findings(without, "national.L5")[key]

    assert l4[0].measured == pytest.approx(l4[1].measured - 400 / students)
    assert l5[0].measured == pytest.approx(l5[1].measured + 500 / students)
    assert [c["sign"] for c in l4[0].details["components"]] == ["+", "-"]


# --------------------------------------------------------------------------- splits


def test_a_nine_year_schools_shared_figures_are_split_by_weighted_pupils(document):
    changed = copy.deepcopy(document)
    school = _school_of(changed, "nine_year")
    primary, junior = school["stages"]["primary"], school["stages"]["junior"]
    fields = ("teachers_above_required_qualification", "key_teachers", "pe_arts_teachers",
              "teaching_room_area_m2", "sports_area_m2", "equipment_value_yuan",
              "multimedia_classrooms")  # fmt: skip
    school["shared"] = {f: (primary[f] or 0) + (junior[f] or 0) for f in fields}
    for field in fields:
        primary[field] = junior[field] = None
    junior["sports_area_m2"] = 5000  # given for the stage: it wins over the split

    with_city, without = _both(changed)
    weighted = primary["students"] + Fraction(11, 10) * junior["students"]
    share = primary["students"] / weighted
    l6 = _findings(with_city, "national.L6")[(school["id"], "primary")]
    l5 = _findings(with_city, "national.L5")[(school["id"], "junior")]

    assert l6.measured == float(
        school["shared"]["equipment_value_yuan"] * share / primary["students"]
    )
    assert l5.measured == float(Fraction(5000, junior["students"]))
    assert (
        _findings(without, "national.L6")[(school["id"], "primary")].outcome
        is Outcome.NOT_EVALUABLE
    )
    [note] = [n for n in with_city.notes if school["id"] in n.en]
    assert note.layer == "capital"
    assert f"primary {share.numerator}/{share.denominator}" in note.en


# --------------------------------------------------------------------------- one measure, CVs


def _with_venues(document):
    """Every stage gives its indoor sports room (0 where none) and, in town, its rented venue."""
    changed = copy.deepcopy(document)
    for position, school in enumerate(changed["schools"]):
        for stage in school["stages"].values():
            if stage:
                figures = {"indoor_sports_room_m2": 0, "visiting_pe_arts_teachers": 0}
                if school["area"] == "urban":
                    figures["rented_venue_m2"] = 150 * (position % 4)
                stage["extra"] = {"capital": figures}
    return changed


def _weighted_cv(pairs):
    """The students-weighted CV of ``(students, per-student value)`` pairs, squared, exactly."""
    total = sum(students for students, _ in pairs)
    mean = sum(students * value for students, value in pairs) / total
    variance = sum(students * (value - mean) ** 2 for students, value in pairs) / total
    return variance / mean**2, mean


def test_the_l5_cv_reads_the_measure_the_l5_findings_read(document):
    changed = _with_venues(document)
    by_id = {s["id"]: s for s in changed["schools"]}

    with_city, without = _both(changed)
    ours = _findings(with_city, "national.cv.L5")[(None, "junior")]
    theirs = _findings(without, "national.cv.L5")[(None, "junior")]
    measures = []
    for (school_id, stage_name), finding in _findings(with_city, "national.L5").items():
        if stage_name == "junior" and finding.outcome is not Outcome.NOT_APPLICABLE:
            stage = by_id[school_id]["stages"]["junior"]
            figures = stage["extra"]["capital"]
            added = figures["indoor_sports_room_m2"] + figures.get("rented_venue_m2", 0)
            numerator = Fraction(str(stage["sports_area_m2"])) + added
            assert finding.measured == float(numerator / stage["students"])  # the same measure
            measures.append((stage["students"], numerator / stage["students"]))
    squared, mean = _weighted_cv(measures)

    assert ours.outcome is not Outcome.NOT_EVALUABLE
    assert ours.details["mean"] == pytest.approx(float(mean), rel=1e-12)
    assert ours.details["rounded"]["raw"] == pytest.approx(float(squared) ** 0.5, abs=1e-12)
    assert ours.details["mean"] > theirs.details["mean"]  # the rented venues count in the CV


def test_an_unknown_added_figure_leaves_the_cv_open_though_the_finding_is_judged(document):
    changed = _with_venues(document)
    school = next(s for s in changed["schools"] if s["area"] == "urban" and s["stages"]["junior"])
    del school["stages"]["junior"]["extra"]["capital"]["rented_venue_m2"]
    position = changed["schools"].index(school)

    with_city, _ = _both(changed)
    cv = _findings(with_city, "national.cv.L5")[(None, "junior")]
    finding = _findings(with_city, "national.L5")[(school["id"], "junior")]

    assert cv.outcome is Outcome.NOT_EVALUABLE  # more venue area could raise or lower the CV
    assert cv.missing == (f"schools[{position}].stages.junior.extra.capital.rented_venue_m2",)
    assert finding.outcome is not Outcome.NOT_EVALUABLE  # adding only helps the school's own


def test_each_cv_is_compared_to_three_decimals_and_shows_both_values(document):
    with_city, without = _both(_with_venues(document))

    for key, finding in _findings(with_city, "national.cv.L1").items():
        rounded = finding.details["rounded"]
        assert rounded["compared"] == round(rounded["raw"], 3)
        assert rounded["provision"]["id"] == "three_decimals"
        assert finding.measured == _findings(without, "national.cv.L1")[key].measured


# --------------------------------------------------------------------------- an indicator of its own


def test_a_school_of_300_pupils_or_more_needs_a_mental_health_teacher(document):
    changed = copy.deepcopy(document)
    big = [s for s in changed["schools"] if _pupils(s) >= 300 and s["kind"] != "special_education"]
    small = next(s for s in changed["schools"] if 0 < _pupils(s) < 300)
    for position, school in enumerate(big):
        school["extra"] = {"capital": {"mental_health_teachers": position % 2}}
    small["extra"] = {"capital": {"mental_health_teachers": 0}}

    with_city, without = _both(changed)
    ours = _findings(with_city, "capital.mental_health_teachers")

    assert {key[0] for key in ours} == {s["id"] for s in big}  # the small school is not asked
    for school in big:
        finding = ours[(school["id"], None)]
        teachers = school["extra"]["capital"]["mental_health_teachers"]
        assert finding.outcome is (Outcome.MET if teachers else Outcome.SHORTFALL)
        assert [(r.quantity, r.unit) for r in finding.remedies] == (
            [] if teachers else [(1, "teachers")]
        )
    assert not _findings(
        without, "capital.mental_health_teachers"
    )  # the national layer has no such rule


def test_a_school_that_does_not_say_is_not_evaluable(document):
    with_city, _ = _both(document)  # the bundled document gives no mental-health teachers
    ours = _findings(with_city, "capital.mental_health_teachers")

    assert ours
    assert {f.outcome for f in ours.values()} == {Outcome.NOT_EVALUABLE}
    assert all(
        f.missing[0].endswith(".extra.capital.mental_health_teachers") for f in ours.values()
    )


def _pupils(school) -> int:
    return sum((stage or {}).get("students", 0) for stage in school["stages"].values())


def test_the_plan_meets_the_indicators_as_the_city_measures_them(document):
    """An indoor sports room counted under L5 leaves L4: the plan adds L4's rooms for it."""
    changed = _with_venues(document)
    for school in changed["schools"]:
        for stage in school["stages"].values():
            if stage:
                stage["extra"]["capital"]["indoor_sports_room_m2"] = 300
    county = edu_rules.load_county(changed)

    the_plan = edu_rules.plan(county)
    after = edu_rules.evaluate(edu_rules.apply_plan(county, the_plan))

    assert any(a.field == "teaching_room_area_m2" for s in the_plan.stages for a in s.additions)
    assert not [f for f in after.shortfalls if f.family in {"resource", "balance"}]

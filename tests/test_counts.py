"""Counts where the official forms count (issue 26, item 3).

G9, G12, G14, G15, Q1, Q2 and the social-recognition survey may be given as the forms
count them; the rate is then computed exactly from the counts (85 of 100 is exactly 85%).
A percentage alone still works; both given must agree (to the decimals the percentage is
written with), and then the exact rate from the counts is the one judged, so a rounded
percentage cannot pass what its counts fail.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import edu_rules
from edu_rules import CountyDataError
from edu_rules.model.county import COUNTED_RATES, CountedRate

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
LUZHAI = next(path for path in EXAMPLES if path.name == "450223-luzhai.json")


def _document(path: Path = LUZHAI) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _get(document: dict[str, Any], path: str) -> Any:
    node: Any = document
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _set(document: dict[str, Any], path: str, value: Any) -> None:
    *parents, key = path.split(".")
    node = document
    for part in parents:
        node = node.setdefault(part, {})
        if node is None:
            return
    node[key] = value


def _as_counts(document: dict[str, Any], rate: CountedRate, pct: Any) -> None:
    """Replace the percentage by counts that give exactly it (96.5 → 965 of 1000)."""
    value = Decimal(str(pct))
    places = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
    numerator = int(value * 10**places)
    denominator = 100 * 10**places
    _set(document, rate.rate, None)
    _set(document, rate.numerators[0], numerator)
    _set(document, rate.denominators[0], denominator)
    for other in rate.numerators[1:]:
        _set(document, other, 0)
    for other in rate.denominators[1:]:
        _set(document, other, 0)


def _result(document: dict[str, Any] | Path) -> str:
    return edu_rules.to_json(edu_rules.evaluate(edu_rules.load_county(document)))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_counts_give_the_same_result_as_the_percentages(example: Path) -> None:
    """Every percentage of the example given as counts instead: the same result, byte for byte."""
    document = _document(example)
    replaced = 0
    for rate in COUNTED_RATES:
        pct = _get(document, rate.rate)
        if pct is not None:
            _as_counts(document, rate, pct)
            replaced += 1

    assert _result(document) == _result(example)
    assert replaced or example.stem  # some examples leave the percentages unknown


def _finding(document: dict[str, Any], rule: str) -> Any:
    result = edu_rules.evaluate(edu_rules.load_county(document))
    return next(finding for finding in result.findings if finding.rule == rule)


@pytest.mark.parametrize(("satisfied", "outcome"), [(850, "met"), (849, "shortfall")])
def test_85_of_100_is_exactly_85_percent(satisfied: int, outcome: str) -> None:
    document = _document()
    document["social_recognition_pct"] = None
    document["social_survey"] = {
        "valid_questionnaires": 900,
        "satisfied_questionnaires": satisfied - 50,
        "parent_questionnaires": 500,
        "parent_satisfied_questionnaires": 400,
        "field_visits": 100,
        "satisfied_field_visits": 50,
    }

    finding = _finding(document, "national.S1")

    assert finding.outcome.value == outcome
    assert finding.measured == satisfied / 10  # 849 of 1000 is 84.9, exactly


def test_a_rounded_percentage_cannot_pass_what_its_counts_fail() -> None:
    """85 beside 8,499 of 10,000: they agree to the percentage's decimals, and 84.99 is judged."""
    document = _document()
    document["social_recognition_pct"] = 85
    document["social_survey"] = {
        "valid_questionnaires": 10_000,
        "satisfied_questionnaires": 8_499,
        "field_visits": 0,
        "satisfied_field_visits": 0,
    }

    finding = _finding(document, "national.S1")

    assert finding.outcome.value == "shortfall"


def test_both_given_and_disagreeing_is_an_error() -> None:
    document = _document()
    document["guarantee"]["training_360h_completion_pct"] = 96
    document["guarantee"]["training_360h_completed_teachers"] = 850
    document["guarantee"]["training_360h_teachers"] = 1000

    with pytest.raises(CountyDataError) as caught:
        edu_rules.load_county(document)

    (problem,) = caught.value.problems
    assert problem.path == "guarantee.training_360h_completion_pct"
    assert problem.text is not None
    assert "与计数算出的 85（850 / 1000）不一致" in problem.text.spell("zh")


@pytest.mark.parametrize(
    ("changes", "path", "said"),
    [
        (
            {"quality.disabled_children_enrolled": 11, "quality.disabled_children": 10},
            "quality.disabled_children_enrolled",
            "11 is more than quality.disabled_children (10)",
        ),
        (
            {"guarantee.certified_teachers": 0, "guarantee.full_time_teachers": 0},
            "guarantee.full_time_teachers",
            "G12's denominator counts are 0",
        ),
        (
            {
                "social_survey.valid_questionnaires": 100,
                "social_survey.parent_questionnaires": 101,
            },
            "social_survey.parent_questionnaires",
            "101 is more than social_survey.valid_questionnaires (100)",
        ),
    ],
)
def test_counts_that_contradict_each_other(changes: dict[str, int], path: str, said: str) -> None:
    document = _document()
    for where, value in changes.items():
        _set(document, where, value)

    with pytest.raises(CountyDataError) as caught:
        edu_rules.load_county(document)

    reasons = {problem.path: problem.reason for problem in caught.value.problems}
    assert reasons[path].startswith(said)


def test_a_percentage_alone_still_works() -> None:
    document = _document()
    document["guarantee"]["certified_teachers_pct"] = 99.5

    county = edu_rules.load_county(document)

    assert county.guarantee.certified_teachers_pct == Decimal("99.5")
    assert county.guarantee.certified_teachers is None


def test_the_columnar_summary_reads_counts_as_the_reference_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A unit that gives counts is summarised with its computed rates (the reference's reading)."""
    from edu_rules.cli.entry import main

    counted = _document()
    for rate in COUNTED_RATES:
        pct = _get(counted, rate.rate)
        if pct is not None:
            _as_counts(counted, rate, pct)
    other = EXAMPLES[0]
    (tmp_path / "counted.json").write_text(
        json.dumps(counted, ensure_ascii=False), encoding="utf-8"
    )

    main(["evaluate", str(other), str(tmp_path / "counted.json"), "--summary", "--format", "json"])
    with_counts = capsys.readouterr().out
    main(["evaluate", str(other), str(LUZHAI), "--summary", "--format", "json"])
    with_percentages = capsys.readouterr().out

    assert with_counts == with_percentages

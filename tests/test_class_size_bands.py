"""Class sizes as the statistics' bands (issue 26, item 3): G5 judged from them where they decide.

Each stage may give its classes of ≤ 45, 46–50, 51–55, 56–65 and 66 and over pupils; the
largest class lies in the highest band that has a class, so G5 (primary ≤ 45, junior ≤
50) is met when that band's top is within the limit, short when its bottom is over it,
and not evaluable otherwise.  The bands give the same verdicts as ``largest_class`` on
every bundled example.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import edu_rules
from edu_rules import CountyDataError
from edu_rules.model.county import CLASS_SIZE_BANDS, largest_class_range

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
LUZHAI = next(path for path in EXAMPLES if path.name == "450223-luzhai.json")


def _bands_for(classes: int, largest: int) -> dict[str, int]:
    """Bands that hold ``classes`` classes, the largest of ``largest`` pupils."""
    bands = {field: 0 for field, _, _ in CLASS_SIZE_BANDS}
    top = next(field for field, low, high in CLASS_SIZE_BANDS if low <= largest <= high)
    first = CLASS_SIZE_BANDS[0][0]
    if top == first:
        bands[first] = classes
    else:
        bands[top], bands[first] = 1, classes - 1
    return bands


def _g5(document: dict[str, Any] | Path) -> dict[tuple[str | None, str | None], str]:
    result = edu_rules.evaluate(edu_rules.load_county(document))
    return {
        (finding.subject.school, finding.subject.stage): finding.outcome.value
        for finding in result.findings
        if finding.rule == "national.G5"
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_bands_give_the_verdicts_largest_class_gives(example: Path) -> None:
    document = json.loads(example.read_text(encoding="utf-8"))
    replaced = 0
    for school in document["schools"]:
        for stage in (school.get("stages") or {}).values():
            if stage and stage.get("largest_class") is not None and stage["classes"]:
                stage.update(_bands_for(stage["classes"], stage.pop("largest_class")))
                replaced += 1

    assert _g5(document) == _g5(example)
    assert replaced or not _g5(example)


@pytest.mark.parametrize(
    ("band", "outcome", "measured"),
    [
        ("classes_up_to_45", "met", 45),  # every class within 45: met, shown as at most 45
        ("classes_46_to_50", "shortfall", 46),  # some class of at least 46 pupils
    ],
)
def test_a_primary_stage_judged_from_its_bands(band: str, outcome: str, measured: int) -> None:
    document = json.loads(LUZHAI.read_text(encoding="utf-8"))
    index, school = next(
        (index, school)
        for index, school in enumerate(document["schools"])
        if school["kind"] == "primary" and school["stages"]["primary"]["students"]
    )
    stage = school["stages"]["primary"]
    stage.pop("largest_class", None)
    stage.update({field: 0 for field, _, _ in CLASS_SIZE_BANDS})
    stage["classes_up_to_45"] = stage["classes"] - 1
    stage[band] += 1

    result = edu_rules.evaluate(edu_rules.load_county(document))

    finding = next(
        f for f in result.findings if f.rule == "national.G5" and f.subject.school == school["id"]
    )
    assert (finding.outcome.value, finding.measured) == (outcome, measured)
    assert index >= 0


def test_the_range_of_the_largest_class() -> None:
    bands = {field: 0 for field, _, _ in CLASS_SIZE_BANDS}
    assert largest_class_range(bands) is None  # no class at all
    bands["classes_51_to_55"] = 2
    bands["classes_up_to_45"] = 7
    assert largest_class_range(bands) == (51, 55)
    del bands["classes_66_and_over"]
    assert largest_class_range(bands) is None  # a band unknown: nothing is decided


def test_bands_that_do_not_add_up_are_refused() -> None:
    document = json.loads(LUZHAI.read_text(encoding="utf-8"))
    stage = document["schools"][0]["stages"]["primary"]
    stage.update({field: 0 for field, _, _ in CLASS_SIZE_BANDS})
    stage["classes_up_to_45"] = stage["classes"] + 1

    with pytest.raises(CountyDataError) as caught:
        edu_rules.load_county(document)

    reasons = {problem.path: problem.reason for problem in caught.value.problems}
    classes = stage["classes"]
    assert reasons["schools[0].stages.primary.classes_up_to_45"] == (
        f"the class-size bands add up to {classes + 1} classes, not the stage's {classes}"
    )

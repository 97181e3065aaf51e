"""Every number of the county contract has a realistic maximum (issue 23, item 7).

A school's pupils, classes, rooms, teachers, areas and money cannot exceed what a real
school can; the schema says so (``maximum``, and its description), the model names the
same bounds (:data:`edu_rules.model.county.MAXIMA`), and each bound's message names the
field.  Exact arithmetic then stays bounded: 45-digit pupil counts once took 54 s and
2.6 GB in one coefficient of variation, and are now refused at once.
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest

import edu_rules
from edu_rules import CountyDataError
from edu_rules.io.validation import county_schema
from edu_rules.model.county import MAXIMA

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "450223-luzhai.json"
_PREFIX = {"Stage": "stages.primary", "School": "", "Shared": "shared"}


def _example() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return document


def _place(  # noqa: PLR0911 - one path per definition
    document: dict[str, Any], definition: str, field: str
) -> tuple[str, dict[str, Any]]:
    """The path of ``field`` of ``definition`` in the example, and the mapping holding it."""
    if definition == "Guarantee":
        return f"guarantee.{field}", document.setdefault("guarantee", {})
    if definition == "Quality":
        return f"quality.{field}", document.setdefault("quality", {})
    if definition == "SocialSurvey":
        return f"social_survey.{field}", document.setdefault("social_survey", {})
    if definition == "MonitoringResult":
        return f"quality.monitoring[0].{field}", document["quality"]["monitoring"][0]
    index, school = next(
        (index, school)
        for index, school in enumerate(document["schools"])
        if school["stages"].get("primary")
    )
    if definition == "School":
        return f"schools[{index}].{field}", school
    if definition == "Shared":
        shared = school.get("shared") or {}
        school["shared"] = shared
        return f"schools[{index}].shared.{field}", shared
    return f"schools[{index}].stages.primary.{field}", school["stages"]["primary"]


_BOUNDS = [
    (definition, field, top)
    for definition, fields in MAXIMA.items()
    for field, top in fields.items()
]


def test_the_schema_and_the_model_name_the_same_maxima() -> None:
    schema = county_schema()["$defs"]
    for definition, field, top in _BOUNDS:
        spec = schema[definition]["properties"][field]
        assert (spec.get("items") or spec)["maximum"] == top, (definition, field)
        assert "at most" in spec["description"], (definition, field)


@pytest.mark.parametrize(("definition", "field", "top"), _BOUNDS, ids=str)
def test_each_bound_is_refused_naming_the_field(definition: str, field: str, top: int) -> None:
    document = _example()
    path, holder = _place(document, definition, field)
    over = top * 10 + 1 if definition != "MonitoringResult" else 101
    holder[field] = [over] if field.endswith("rooms_m2") else over
    shown_path = path + ("[0]" if field.endswith("rooms_m2") else "")

    with pytest.raises(CountyDataError) as caught:
        edu_rules.load_county(document)

    problems = {problem.path: problem.reason for problem in caught.value.problems}
    assert problems[shown_path] == f"must be ≤ {top} (got {over})"


@pytest.mark.parametrize(("definition", "field", "top"), _BOUNDS, ids=str)
def test_each_bound_itself_is_accepted(definition: str, field: str, top: int) -> None:
    document = _example()
    _, holder = _place(document, definition, field)
    holder[field] = [top] if field.endswith("rooms_m2") else top
    for school in document["schools"]:  # the consistency checks compare some figures
        for stage in (school.get("stages") or {}).values():
            if stage and field == "students" and definition == "Stage":
                stage["classes"] = max(stage["classes"], 1)

    try:
        edu_rules.load_county(copy.deepcopy(document))
    except CountyDataError as error:  # only a consistency check may speak, never the bound
        problems = error.problems
    else:
        problems = ()
    assert all("must be ≤" not in problem.reason for problem in problems)


def test_a_45_digit_pupil_count_is_refused_at_once() -> None:
    document = _example()
    document["schools"][0]["stages"]["primary"]["students"] = 10**44 + 7
    started = time.perf_counter()

    with pytest.raises(CountyDataError) as caught:
        edu_rules.load_county(json.dumps(document).encode())

    assert time.perf_counter() - started < 5
    assert [problem.path for problem in caught.value.problems] == [
        "schools[0].stages.primary.students"
    ]


def test_a_ratio_given_as_a_percentage_is_caught() -> None:
    """15 in 校际差异率 is not a false shortfall: 15：是否应为 0.15？"""
    document = _example()
    document["quality"]["monitoring"][0]["difference_rate"] = 15

    with pytest.raises(CountyDataError) as caught:
        edu_rules.load_county(document)

    (problem,) = caught.value.problems
    assert problem.path == "quality.monitoring[0].difference_rate"
    assert problem.text is not None
    assert problem.text.spell("zh").startswith("15：是否应为 0.15？")

"""The consistency checks in columns refuse exactly the documents the reference refuses.

Law: for documents the schema accepts, ``columnar.checks.consistent`` says a unit is
consistent exactly when ``validation._consistency_findings`` finds nothing in its
document — on generated documents broken in every way those checks know (a stage with
no pupils but figures, pupils but no classes, a largest class above the stage's pupils,
a kind that contradicts the stages given, two schools with one id, a special school
without its count, more rotated teachers than eligible, percentages written as
fractions, a year after the assessment year), several units to a table.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import generate_national
from edu_rules import testing
from edu_rules.batch.columnar import checks
from edu_rules.batch.columnar.table import Table
from edu_rules.io import _fastvalidate, validation
from edu_rules.model.county import INDICATOR_FIELDS, SchoolKind

pytestmark = pytest.mark.property

Document = dict[str, Any]


def _stages(document: Document) -> list[dict[str, Any]]:
    return [
        stage
        for school in document["schools"]
        for stage in (school.get("stages") or {}).values()
        if stage is not None
    ]


def _no_pupils(document: Document, pick: int) -> None:
    stage = _stages(document)[pick % len(_stages(document))]
    stage["students"] = 0


def _no_classes(document: Document, pick: int) -> None:
    stage = _stages(document)[pick % len(_stages(document))]
    stage["classes"] = 0


def _figure_without_pupils(document: Document, pick: int) -> None:
    stage = _stages(document)[pick % len(_stages(document))]
    stage["students"] = 0
    stage["classes"] = 0
    stage["largest_class"] = None
    for field in INDICATOR_FIELDS:
        stage[field] = 0
    stage[INDICATOR_FIELDS[pick % len(INDICATOR_FIELDS)]] = 0.5


def _largest_class(document: Document, pick: int) -> None:
    stage = _stages(document)[pick % len(_stages(document))]
    stage["largest_class"] = stage["students"] + pick % 2


def _kind(document: Document, pick: int) -> None:
    school = document["schools"][pick % len(document["schools"])]
    school["kind"] = list(SchoolKind)[pick % len(SchoolKind)].value


def _drop_stage(document: Document, pick: int) -> None:
    school = document["schools"][pick % len(document["schools"])]
    stages = school.get("stages") or {}
    for name in ("primary", "junior")[pick % 2 :]:
        if stages.get(name) is not None:
            stages[name] = None
            return


def _no_stages(document: Document, pick: int) -> None:
    document["schools"][pick % len(document["schools"])].pop("stages", None)


def _same_id(document: Document, pick: int) -> None:
    schools = document["schools"]
    if len(schools) > 1:
        schools[-1]["id"] = schools[pick % (len(schools) - 1)]["id"]


def _special(document: Document, pick: int) -> None:
    school = document["schools"][pick % len(document["schools"])]
    school["kind"] = SchoolKind.SPECIAL_EDUCATION.value
    school["special_students"] = None if pick % 2 else 12


def _rotated(document: Document, pick: int) -> None:
    guarantee = document.setdefault("guarantee", {})
    guarantee["rotation_eligible_teachers"] = 100
    guarantee["rotated_teachers"] = 100 + pick % 3 - 1
    guarantee["rotated_key_teachers"] = 100 + pick % 2


def _fractions(document: Document, pick: int) -> None:
    for key in list(document):
        if key.endswith("_pct") and document[key] is not None:
            document[key] = [0.95, 1, 0.5][pick % 3]
    for group in ("guarantee", "quality"):
        for key in list(document.get(group) or {}):
            if key.endswith("_pct") and document[group][key] is not None:
                document[group][key] = [0.95, 1, 0.5][pick % 3]


def _late_year(document: Document, pick: int) -> None:
    document["basic_balance_year"] = document["assessment_year"] + pick % 2


BREAKS: tuple[Callable[[Document, int], None], ...] = (
    _no_pupils,
    _no_classes,
    _figure_without_pupils,
    _largest_class,
    _kind,
    _drop_stage,
    _no_stages,
    _same_id,
    _special,
    _rotated,
    _fractions,
    _late_year,
)


@st.composite
def broken(draw: st.DrawFn) -> Document:
    """A generated document, broken in zero to three of the ways the checks know."""
    document = copy.deepcopy(
        draw(testing.counties(draw(st.sampled_from(("110101", "450102"))), unknowns=True))
    )
    for mutate in draw(st.lists(st.sampled_from(BREAKS), max_size=3)):
        mutate(document, draw(st.integers(0, 50)))
    plain: Document = orjson.loads(orjson.dumps(document))
    return plain


def _reference(document: Document) -> bool:
    return next(iter(validation._consistency_findings(document, frozenset())), None) is None


@settings(max_examples=150, deadline=None)
@given(st.lists(broken(), min_size=1, max_size=4))
def test_the_checks_refuse_what_the_reference_refuses(documents: list[Document]) -> None:
    """Unit by unit, the columns' answer is the reference's."""
    accepted = [d for d in documents if _fastvalidate.schema_accepts(d, parsed=True)]
    if not accepted:
        return
    found = checks.consistent(Table(accepted)).tolist()
    assert found == [_reference(document) for document in accepted]


@pytest.mark.parametrize("mutate", BREAKS, ids=lambda mutate: mutate.__name__)
def test_each_break_is_seen(mutate: Callable[[Document, int], None]) -> None:
    """Each break makes a unit of the national batch inconsistent for some pick, both ways."""
    rng = random.Random("checks")  # noqa: S311 - a fixed document
    clean = generate_national.make_county(rng, "110101", "东城区", stages=12)
    assert _reference(clean)
    seen = 0
    for pick in range(6):
        document = copy.deepcopy(clean)
        mutate(document, pick)
        if not _fastvalidate.schema_accepts(document, parsed=True):
            continue
        expected = _reference(document)
        assert checks.consistent(Table([document, clean])).tolist() == [expected, True]
        seen += not expected
    assert seen

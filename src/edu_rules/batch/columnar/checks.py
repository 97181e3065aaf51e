"""The consistency checks of :mod:`edu_rules.io.validation`, for every unit of a table at once.

The schema cannot say that a stage with pupils has classes, or that a primary school
teaches no junior stage; ``validation._consistency_findings`` does, document by
document.  :func:`consistent` answers the one question the columnar path asks of it —
would it find anything? — for all units of a :class:`~.table.Table` at once, on
documents the schema accepted (so every value has its contract type).  It judges
only: a unit it refuses is read again by :func:`edu_rules.load_county`, whose
messages name every problem.  A differential test holds its answer to the
reference's on documents broken in each way the checks know.

The school and stage checks run as array operations; the county-wide ones (rotated
teachers, percentages written as fractions, years after the assessment year) are the
reference's own functions, run per unit — a handful of figures each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from edu_rules.io import validation
from edu_rules.model.county import INDICATOR_FIELDS, KIND_STAGES, STAGE_NAMES, SchoolKind

if TYPE_CHECKING:
    from edu_rules.batch.columnar.table import Table

_Mask = npt.NDArray[np.bool_]


def consistent(table: Table) -> _Mask:
    """Per unit: whether the reference consistency checks would find nothing in its document."""
    bad_schools = _school_problems(table)
    bad_stages = _stage_problems(table)
    bad = np.zeros(table.units, dtype=np.bool_)
    bad[table.school_unit[bad_schools]] = True
    bad[table.stage_unit[bad_stages]] = True
    read = validation.Reader(frozenset())
    for unit, document in enumerate(table.documents):
        if bad[unit]:
            continue
        bad[unit] = _county_problem(document, read) or _duplicate_id(document)
    return ~bad


def _school_problems(table: Table) -> _Mask:
    """Per school row: a kind that contradicts the stages given (``_kind_findings``)."""
    schools = len(table.school_dicts)
    has = [np.zeros(schools, dtype=np.bool_) for _ in STAGE_NAMES]
    for index, present in enumerate(has):
        present[table.stage_school[table.stage_name == index]] = True
    primary, junior = has
    kind = table.school_kind
    special = kind == SchoolKind.SPECIAL_EDUCATION.value
    missing_count = np.fromiter(
        (school.get("special_students") is None for school in table.school_dicts),
        dtype=np.bool_,
        count=schools,
    )
    bad = special & missing_count
    ordinary = ~special
    bad |= ordinary & ~primary & ~junior  # a school with no stage at all
    for name, present in zip(STAGE_NAMES, has, strict=True):
        needs = np.isin(kind, [k for k, stages in KIND_STAGES.items() if name in stages])
        bad |= ordinary & needs & ~present
    refused = {  # validation._STAGES_REFUSED
        "junior": (SchoolKind.PRIMARY.value, SchoolKind.TEACHING_POINT.value),
        "primary": (SchoolKind.JUNIOR.value,),
    }
    for name, present in zip(STAGE_NAMES, has, strict=True):
        bad |= ordinary & present & np.isin(kind, refused[name])
    found: _Mask = bad
    return found


def _stage_problems(table: Table) -> _Mask:
    """Per stage row: figures that contradict its students (``_stage_findings``)."""
    students = table.stage_students
    classes = table.stage_column("classes")
    empty = students == 0
    bad = ~empty & classes.known & (classes.num == 0)
    for field in ("classes", *INDICATOR_FIELDS):
        column = table.stage_column(field)
        bad |= empty & column.known & (column.num != 0)
    largest = table.stage_column("largest_class")
    # largest_class > students, in whole numbers: largest.num / scale > students
    over = largest.num > students * largest.scale
    bad |= largest.known & np.asarray(over, dtype=np.bool_)
    found: _Mask = bad
    return found


def _county_problem(document: Any, read: validation.Reader) -> bool:
    """The county-wide checks, by the reference's own function."""
    return next(iter(validation.county_findings(document, read)), None) is not None


def _duplicate_id(document: Any) -> bool:
    """Whether two schools of ``document`` share an id (``_duplicate_ids``)."""
    ids = [school.get("id") for school in document["schools"]]
    texts = [school_id for school_id in ids if isinstance(school_id, str)]
    return len(set(texts)) != len(texts)

"""Recognition targets, and where a unit stands against the year its plan schedules.

A layer sets :class:`Target` s ("50% of Liuzhou's 10 units by the end of 2025") through
``edu_rules_targets``; it reads them from a targets file with :func:`load_targets`, which
checks the file against ``schemas/targets.schema.json`` and names every problem.  A
layer's schedule evaluator places a unit with :func:`year_passed` and
:func:`schedule_state`.
"""

from __future__ import annotations

import enum
import functools
import json
import math
from collections import Counter
from collections.abc import Iterable
from fractions import Fraction
from importlib.resources.abc import Traversable
from pathlib import Path

import attrs
import jsonschema

from edu_rules._resources import load_schema
from edu_rules.model.errors import RuleDataError
from edu_rules.model.layers import Layer, Title
from edu_rules.model.result import Status
from edu_rules.model.rules import SourceStatus

_CODE_LENGTH = 6


# --------------------------------------------------------------------------- targets


def _to_fraction(value: Fraction | int | str) -> Fraction:
    """A share as an exact fraction: ``Fraction(1, 5)``, ``1`` or ``"1/5"``; never a float."""
    if isinstance(value, bool) or not isinstance(value, Fraction | int | str):
        raise TypeError(f"a target share must be a Fraction, an int or a str, not {value!r}")
    return Fraction(value)


def _to_codes(value: Iterable[str]) -> tuple[str, ...]:
    """Target units as a tuple, in the order given."""
    return tuple(value)


def _check_share(_instance: object, _attribute: object, value: Fraction) -> None:
    if not 0 < value <= 1:
        raise ValueError(f"a target share must be in (0, 1], not {value}")


def _check_units(_instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    if not value:
        raise ValueError("a target needs at least one unit")
    bad = [code for code in value if len(code) != _CODE_LENGTH or not code.isdigit()]
    if bad:
        raise ValueError(f"target units must be 6-digit division codes, not {bad}")
    repeated = sorted(code for code, count in Counter(value).items() if count > 1)
    if repeated:
        raise ValueError(f"target units repeat {repeated}")


@attrs.frozen
class Target:
    """A layer's recognition target: ``share`` of ``units`` recognised by the end of ``by_year``.

    ``share`` is exact (``Fraction(1, 2)``); 5 of 10 units meets a 50% target.
    """

    id: str
    layer: str
    title: Title
    citation: str
    units: tuple[str, ...] = attrs.field(converter=_to_codes, validator=_check_units)
    share: Fraction = attrs.field(converter=_to_fraction, validator=_check_share)
    by_year: int
    source_status: SourceStatus = SourceStatus.CONFIRMED

    @property
    def required(self) -> int:
        """How many units must be recognised: ``share × units``, rounded up."""
        return math.ceil(self.share * len(self.units))


# --------------------------------------------------------------------------- the schedule


class ScheduleState(enum.Enum):
    """Where a unit stands against the year its plan schedules it for."""

    AHEAD = "ahead"  # passed before its planned year
    PASSED = "passed"  # passed in or after its planned year
    ON = "on"  # not passed yet; its planned year is still to come
    BEHIND = "behind"  # its planned year has come (or gone) and it has not passed
    NO_PLAN = "no_plan"  # no layer schedules it


def year_passed(
    recognition_year: int | None, status: Status | None, assessment_year: int
) -> int | None:
    """The year a unit passed: its national recognition on record, else a ``pass`` now."""
    years = [recognition_year] if recognition_year is not None else []
    if status is Status.PASS:
        years.append(assessment_year)
    return min(years, default=None)


def schedule_state(
    planned_year: int | None, assessment_year: int, passed_in: int | None
) -> ScheduleState:
    """The unit's :class:`ScheduleState` in ``assessment_year``.

    :param planned_year: the year the plan schedules it for, or ``None``.
    :param passed_in: the year it passed (see :func:`year_passed`), or ``None``.
    """
    if planned_year is None:
        return ScheduleState.NO_PLAN
    if passed_in is not None:
        return ScheduleState.AHEAD if passed_in < planned_year else ScheduleState.PASSED
    return ScheduleState.ON if assessment_year < planned_year else ScheduleState.BEHIND


# --------------------------------------------------------------------------- the targets file


@functools.cache
def _targets_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema("targets.schema.json"))


def load_targets(
    source: Traversable | Path | str, *, layer: Layer, units: Iterable[str] = ()
) -> tuple[Target, ...]:
    """Read a layer's targets file (``schemas/targets.schema.json``), every problem at once.

    :param source: the file (``files(__package__) / "data" / "targets.json"``).
    :param layer: the layer the targets belong to; each target's id must start with its
        name and a dot.
    :param units: the units a target covers when it lists none of its own (the layer's
        county-level units).
    :raises RuleDataError: naming the file and, for each problem, ``reason @ path``.
    :returns: the targets, by target year and id.
    """
    name = str(source)
    try:
        entry = Path(source) if isinstance(source, str) else source
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RuleDataError(f"{name}: cannot read the targets file: {error}") from error
    problems = [
        f"{error.message} @ {'/'.join(str(p) for p in error.absolute_path) or '(file)'}"
        for error in sorted(
            _targets_validator().iter_errors(data), key=lambda e: list(e.absolute_path)
        )
    ]
    targets: list[Target] = []
    if not problems:
        default_units = tuple(units)
        for index, record in enumerate(data["targets"]):
            where = f"targets/{index}"
            if not record["id"].startswith(f"{layer.name}."):
                problems.append(f"the id must start with {layer.name + '.'!r} @ {where}/id")
                continue
            try:
                targets.append(
                    Target(
                        id=record["id"],
                        layer=layer.name,
                        title=Title(**record["title"]),
                        citation=record["citation"],
                        units=tuple(record.get("units", default_units)),
                        share=record["share"],
                        by_year=record["by_year"],
                        source_status=SourceStatus(record.get("source_status", "confirmed")),
                    )
                )
            except (TypeError, ValueError, ZeroDivisionError) as error:
                problems.append(f"{error} @ {where}")
    if problems:
        raise RuleDataError(f"{name}: the targets file is not valid: " + "; ".join(problems))
    return tuple(sorted(targets, key=lambda target: (target.by_year, target.id)))

"""What an evaluator receives and returns: the contract for rule logic.

An *evaluator* (:class:`edu_rules.evaluators.Evaluator`) judges with a small, general
function ``(rule, context) -> Iterable[Observation]``, named by rule data
(``"evaluator": "stage_indicator"``).  It reads the county through the :class:`Context`,
compares exactly, and returns one :class:`Observation` per subject it judged.  The
engine turns observations into findings, adding the rule's id, layer, citation, source
status and effective dates, so an evaluator never has to.

Two duties every evaluator shares:

- **Missing is not zero.**  An unknown input makes the observation
  :attr:`~edu_rules.Outcome.NOT_EVALUABLE` and lists the unknown fields in ``missing``,
  unless the shortfall holds whatever the unknown values are.
- **Exact at the boundary.**  Compare :data:`~edu_rules._numbers.Exact` values; never
  floats.  A value exactly at its threshold meets a ``>=`` rule.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from edu_rules._numbers import Exact
from edu_rules.model.county import County, School, Stage, StageName
from edu_rules.model.result import Outcome, Remedy, Status, Subject
from edu_rules.model.rules import Rule

COMPARATORS: Mapping[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
"""Comparators rule data may name, each applied as ``measured <op> required``."""


def compare(measured: Exact, comparator: str, required: Exact) -> bool:
    """Whether ``measured`` satisfies ``comparator required`` (exactly)."""
    return COMPARATORS[comparator](measured, required)


def gap_of(measured: Exact, comparator: str, required: Exact) -> Exact:
    """How far ``measured`` is from satisfying the rule, in the indicator's unit (≥ 0).

    For a strict comparator the gap is the distance to the boundary itself, which must
    then be crossed.
    """
    difference: Exact
    if comparator in {">=", ">"}:
        difference = required - measured
    elif comparator in {"<=", "<"}:
        difference = measured - required
    else:
        difference = measured - required if measured >= required else required - measured
    return max(0, difference)


@attrs.frozen
class Observation:
    """What an evaluator found for one subject; the engine adds the provenance."""

    subject: Subject
    outcome: Outcome
    measured: Exact | None = None
    required: Exact | None = None
    gap: Exact | None = None
    remedies: tuple[Remedy, ...] = ()
    missing: tuple[str, ...] = ()
    note: str | None = None
    details: Mapping[str, Any] | None = None
    rule: str | None = None  # set only when a group evaluator reports on a member rule


@attrs.frozen
class StageRow:
    """One school stage in the scope of the resource indicators."""

    index: int
    school: School
    stage_name: StageName
    stage: Stage

    @property
    def subject(self) -> Subject:
        """The finding subject for this row."""
        return Subject.of_stage(self.school.id, self.stage_name.value, self.school.name)

    @property
    def path(self) -> str:
        """The JSON path of this stage in the county document."""
        return f"schools[{self.index}].stages.{self.stage_name.value}"


@attrs.define
class Context:
    """Everything an evaluator may read for one county, with a cache shared by rules.

    ``rules`` holds every rule in force for this county (after overrides), by id, so a
    rule can read another's values (the school rule reads L1–L7's thresholds).
    ``provisional_status`` is set, for advisory rules only, to the verdict the binding
    rules produced.
    """

    county: County
    rules: Mapping[str, Rule]
    as_of: dt.date
    provisional_status: Status | None = None
    cache: dict[Any, Any] = attrs.Factory(dict)
    kernels: bool = True
    """Whether built-in evaluators may use their exact integer kernels (``False``: the
    reference object path, for differential tests)."""

    def county_subject(self) -> Subject:
        """The finding subject for the county as a whole."""
        return Subject.of_county(self.county.code, self.county.name)

    def value_at(self, path: str) -> Any:
        """The county field at a dotted path (``guarantee.rotated_teachers``), or ``None``.

        A plugin's county data field is ``extra.<layer>.<field>``; absent, it is unknown.
        """
        value: Any = self.county
        for part in path.split("."):
            if value is None:
                return None
            value = value.get(part) if isinstance(value, Mapping) else getattr(value, part)
        return value

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Compute a value once per county (keyed by ``key``) and share it across rules."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


EvaluatorFunction = Callable[[Rule, Context], Iterable[Observation]]
"""The signature of a judge: a rule in force and the county's context in, observations out.

The hook takes such a function or a :class:`edu_rules.evaluators.Evaluator` object,
which adds the remedy, boundaries and chart that the planner, the test kit and the
reports use."""

"""A province's own indicator as rule data: any figure of a school or a school stage.

Provincial documents add requirements the national measures lack — "every school of 300
pupils or more has at least one full-time mental-health teacher".  A layer declares the
figure as its own data field (``edu_rules_data_fields``, read from the county document
at ``extra.<layer>.<field>``) and writes the requirement as a rule judged by one of two
general evaluators:

- ``school_field`` — one finding per school in scope;
- ``stage_field`` — one finding per school stage with pupils (thresholds may be keyed
  by stage: ``{"primary": 1, "junior": 2}``).

Their ``params``:

``field``
    The figure judged: a field of the county contract (``public_funds_yuan`` on a school,
    ``pe_arts_teachers`` on a stage) or a plugin's declared field, ``extra.<layer>.<field>``
    (on the school for ``school_field``, on the stage for ``stage_field``).
``per`` and ``scale`` (optional)
    Judge the ratio ``field / per × scale`` instead (per 100 pupils:
    ``"per": "students", "scale": 100``); ``per`` is read like ``field``.
``where`` (optional)
    The schools (stages) the rule applies to: tests of the same form as a provision's
    ``when`` (``{"field": "students", "op": ">=", "value": 300}``), on the school's
    attributes, ``extra.<layer>.<field>`` and, for ``stage_field``, ``stage.*``.
``kinds`` / ``exclude_kinds`` (optional)
    School kinds in or out of scope, as for the other per-school rules.
``whole`` (optional)
    The remedy adds whole units (teachers, rooms).
``remedy_unit`` (optional)
    The remedy's unit as the message catalogue names it (``teachers``, ``m2``); by
    default the rule's ``unit`` for a count, and the field itself for a ratio (the plan
    names it by the unit the layer declares with the field).

Missing data never helps.  A figure the document leaves unknown, or a name that is
neither a contract field nor of the form ``extra.<layer>.<field>``, makes the finding
not evaluable, naming it.  Where whether a school is in scope (``where``) is unknown, a
value that meets the rule is met either way; one that does not is not evaluable.  The
evaluators apply scope provisions (``exclude`` / ``include``) and conditional values
(``branch``) like the other per-school rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from edu_rules._numbers import Exact, to_json_number
from edu_rules.evaluators._common import Left, _excluded, _judge, _unknown
from edu_rules.evaluators.base import Evaluator, Fix, Scene
from edu_rules.model.county import School, Stage, StageName
from edu_rules.model.datafields import value_of
from edu_rules.model.evaluation import Context, Observation
from edu_rules.model.provisions import (
    SCHOOL_FIELDS,
    STAGE_FIELDS,
    Provision,
    ProvisionKind,
    Test,
    branch_value,
    exclusion,
)
from edu_rules.model.result import Outcome, Remedy, Subject
from edu_rules.model.rules import Rule

__all__ = ["SCHOOL_FIELD", "STAGE_FIELD", "field_key", "readable"]

_EXTRA = "extra."
_SCHOOL_ATTRIBUTES = frozenset(attrs.fields_dict(School)) | {"students", "classes", "largest_class"}
_OPERATORS = frozenset({"==", "!=", "<", "<=", ">", ">=", "in", "not_in"})
_STAGE_ATTRIBUTES = frozenset(attrs.fields_dict(Stage))


def readable(field: str, target: str) -> bool:
    """Whether ``field`` names a figure of a ``target`` (``school`` or ``stage``) at all.

    A contract field of that object, or ``extra.<layer>.<field>`` (declared or not: an
    undeclared one is refused when the document is read, so its value is unknown here).
    """
    if field.startswith(_EXTRA):
        return field.count(".") == 2  # extra.<layer>.<field>
    return field in (_SCHOOL_ATTRIBUTES if target == "school" else _STAGE_ATTRIBUTES)


def field_key(field: str, target: str) -> str:
    """How the cost model and the declared data fields name ``field`` of a ``target``.

    A contract field keeps its name; a stage's plugin field is ``stage.extra.<layer>.<f>``
    (as a provision names it), a school's ``extra.<layer>.<f>``.
    """
    if field.startswith(_EXTRA) and target == "stage":
        return f"stage.{field}"
    return field


def _read(holder: Any, field: str) -> Any:
    if field.startswith(_EXTRA):
        return value_of(holder.extra, field.removeprefix(_EXTRA))
    return getattr(holder, field)


def _number(value: Any) -> Exact | None:
    """A figure as an exact number (``True`` is 1); ``None`` for unknown or not a number."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | Fraction):
        return value
    return None


@attrs.frozen
class _Where:
    """One subject's place in the rule: its document path, and what it reads."""

    path: str
    school: School
    stage: tuple[StageName, Stage] | None
    subject: Subject

    @property
    def holder(self) -> Any:
        return self.school if self.stage is None else self.stage[1]

    def field_path(self, field: str) -> str:
        """The document path of a ``where`` test's field for this subject."""
        if field.startswith("stage."):
            return f"{self.path}.{field.removeprefix('stage.')}"
        school_path = self.path.split(".stages.", 1)[0]
        return f"{school_path}.{field}"


def _testable(name: str, target: str) -> bool:
    """Whether a ``where`` test may name ``name`` on a rule about a ``target``."""
    if name in SCHOOL_FIELDS or (target == "stage" and name in STAGE_FIELDS):
        return True
    if target == "stage" and name.startswith("stage."):
        name = name.removeprefix("stage.")
    return name.startswith(_EXTRA) and name.count(".") == 2  # extra.<layer>.<field>


def _bad_names(rule: Rule, target: str) -> list[str]:
    """The names in ``params`` that name no figure: the finding cannot be judged."""
    names = [rule.params["field"]]
    if "per" in rule.params:
        names.append(rule.params["per"])
    bad = [str(name) for name in names if not readable(str(name), target)]
    for test in rule.params.get("where", ()):
        name = str(test.get("field", ""))
        if not _testable(name, target) or test.get("op") not in _OPERATORS:
            bad.append(name)
    return bad


def _where_tests(rule: Rule) -> tuple[Test, ...]:
    return tuple(
        Test(str(test["field"]), str(test["op"]), test["value"])
        for test in rule.params.get("where", ())
    )


def _in_where(tests: Sequence[Test], at: _Where) -> tuple[bool | None, tuple[str, ...]]:
    """Whether every ``where`` test holds: ``True``, ``False`` or ``None`` (unknown, with paths)."""
    unknown: list[str] = []
    for test in tests:
        answer = test.holds(at.school, at.stage)
        if answer is False:
            return False, ()
        if answer is None:
            unknown.append(at.field_path(test.field))
    return (None, tuple(unknown)) if unknown else (True, ())


def _subjects(rule: Rule, context: Context, target: str, left: list[Left]) -> Iterator[_Where]:
    """Every school (or stage with pupils) in the rule's scope by kind and provisions."""
    excluded = _excluded(rule)
    kinds = rule.params.get("kinds")
    for index, school in enumerate(context.county.schools):
        kind = school.kind.value
        by_kind = kind not in excluded and (kinds is None or kind in kinds)
        path = f"schools[{index}]"
        if target == "school":
            places = [
                _Where(path, school, None, Subject.of_school(school.id, school.name)),
            ]
        else:
            places = [
                _Where(
                    f"{path}.stages.{name.value}",
                    school,
                    (name, stage),
                    Subject.of_stage(school.id, name.value, school.name),
                )
                for name, stage in school.stages.items()
                if stage.students > 0
            ]
        for place in places:
            scope: Provision | bool | None = by_kind
            if rule.provisions:
                scope = exclusion(rule.provisions, school, place.stage, in_scope=by_kind)
            if scope is True:
                yield place
            elif isinstance(scope, Provision):
                left.append(Left(place.subject, scope))


def _required(rule: Rule, at: _Where) -> tuple[Exact | None, Provision | None]:
    """The threshold for this subject (by stage, or by school kind, when keyed), and its branch."""
    key = at.stage[0].value if at.stage is not None else at.school.kind.value
    base = rule.value.get("threshold")
    if isinstance(base, Mapping):
        if key not in base:
            return None, None
        base = base[key]
    if not rule.provisions:
        return base, None
    direction = rule.definition.stricter_directions().get("threshold")
    value, branch = branch_value(
        rule.provisions, base, "threshold", key, at.school, at.stage, direction
    )
    return value, branch


def _measure(rule: Rule, at: _Where) -> tuple[Exact | None, tuple[str, ...], str | None]:
    """The figure judged for ``at`` (``field``, or ``field / per × scale``).

    Returns the value, the unknown paths, and why it cannot be judged when it is known
    but undefined (a zero ``per``, a figure that is not a number).
    """
    field = rule.params["field"]
    value = _read(at.holder, field)
    number = _number(value)
    missing = [] if number is not None else [f"{at.path}.{field}"]
    if value is not None and number is None:
        return None, (), f"{at.path}.{field} is not a number"
    if "per" not in rule.params:
        return number, tuple(missing), None
    per_field = rule.params["per"]
    bottom = _number(_read(at.holder, per_field))
    if bottom is None:
        missing.append(f"{at.path}.{per_field}")
    if missing or number is None or bottom is None:
        return None, tuple(missing), None
    if bottom == 0:
        return None, (), f"undefined: {at.path}.{per_field} is 0"
    scale: Exact = rule.params.get("scale", 1)
    return Fraction(number) * scale / bottom, (), None


def _needed(rule: Rule, at: _Where, measured: Exact, required: Exact) -> Exact:
    """How much the field must grow for ``measured`` to reach ``required`` (``>=``)."""
    if "per" not in rule.params:
        return Fraction(required) - measured
    bottom = _number(_read(at.holder, rule.params["per"])) or 0
    scale: Exact = rule.params.get("scale", 1)
    return (Fraction(required) - measured) * bottom / scale


def _remedies(
    rule: Rule, at: _Where, measured: Exact, required: Exact, target: str
) -> tuple[Remedy, ...]:
    comparator = rule.definition.comparator or ">="
    if comparator not in {">=", ">"}:
        return ()
    amount = _needed(rule, at, measured, required)
    if amount < 0 or (amount == 0 and comparator == ">="):
        return ()
    whole = rule.params.get("whole", False)
    quantity: Exact = amount
    if whole:
        quantity = math.floor(amount) + 1 if comparator == ">" else math.ceil(amount)
    if quantity <= 0:
        return ()
    unit = rule.params.get("remedy_unit") or (
        rule.definition.unit
        if "per" not in rule.params
        else field_key(rule.params["field"], target)
    )
    return (Remedy(quantity=to_json_number(quantity), unit=unit),)


def _judge_field(rule: Rule, context: Context, target: str) -> Iterator[Observation]:
    bad = _bad_names(rule, target)
    left: list[Left] = []
    tests = _where_tests(rule) if not bad else ()
    comparator = rule.definition.comparator or ">="
    for at in _subjects(rule, context, target, left):
        if bad:
            note = (
                f"{', '.join(map(repr, bad))}: neither a field of the county contract nor "
                "a plugin's field extra.<layer>.<field> (or a where test of an unknown op)"
            )
            yield Observation(at.subject, Outcome.NOT_EVALUABLE, note=note)
            continue
        applies, unsure = _in_where(tests, at)
        if applies is False:
            continue
        required, branch = _required(rule, at)
        if required is None:
            continue  # the rule sets no value for this stage or kind
        details: dict[str, Any] = {"field": f"{at.path}.{rule.params['field']}"}
        if branch is not None:
            details["branch"] = branch.trace
        measured, missing, undefined = _measure(rule, at)
        if undefined is not None:
            yield Observation(
                at.subject, Outcome.NOT_EVALUABLE, required=required, note=undefined,
                details=details,
            )  # fmt: skip
            continue
        if measured is None:
            yield _unknown(at.subject, *missing, *unsure, required=required)
            continue
        outcome, gap = _judge(measured, comparator, required)
        if outcome is Outcome.SHORTFALL and applies is None:
            yield Observation(
                at.subject, Outcome.NOT_EVALUABLE, measured=measured, required=required,
                missing=unsure, details=details,
                note="below the requirement; whether the rule applies here depends on unknown data",
            )  # fmt: skip
            continue
        remedies = (
            _remedies(rule, at, measured, required, target) if outcome is Outcome.SHORTFALL else ()
        )
        yield Observation(
            at.subject, outcome, measured=measured, required=required, gap=gap,
            remedies=remedies, details=details,
        )  # fmt: skip
    yield from (out.observation() for out in left)


def school_field(rule: Rule, context: Context) -> Iterator[Observation]:
    """Each school's ``field`` (or ``field / per × scale``) against the threshold."""
    return _judge_field(rule, context, "school")


def stage_field(rule: Rule, context: Context) -> Iterator[Observation]:
    """Each school stage's ``field`` (or ``field / per × scale``) against its stage's threshold."""
    return _judge_field(rule, context, "stage")


# --------------------------------------------------------------------------- remedy


def _field_fix(rule: Rule, observation: Observation, scene: Scene, target: str) -> Fix:
    """Raise the field by the remedy's quantity, at the subject's own path in the document."""
    found = scene.school(observation)
    if found is None or not observation.remedies:
        return Fix()
    index, school = found
    field = rule.params["field"]
    holder: Any = school
    path = f"schools[{index}]"
    if target == "stage":
        name = observation.subject.stage or ""
        holder = getattr(school.stages, name, None)
        path = f"{path}.stages.{name}"
    current = _number(_read(holder, field)) if holder is not None else None
    if current is None:
        return Fix()
    quantity = observation.remedies[0].quantity
    amount = Fraction(str(quantity)) if isinstance(quantity, float) else Fraction(quantity)
    amount = Fraction(math.ceil(amount)) if rule.params.get("whole", False) else amount
    after = current + amount
    key = field_key(field, target)
    return Fix(
        quantity=amount.numerator if amount.denominator == 1 else amount,
        kind=scene.kind(key) or key,
        cost=scene.cost(key, amount),
        changes={f"{path}.{field}": after.numerator if after.denominator == 1 else after},
        unit=scene.unit(key),
    )


def _school_field_fix(rule: Rule, observation: Observation, scene: Scene) -> Fix:
    return _field_fix(rule, observation, scene, "school")


def _stage_field_fix(rule: Rule, observation: Observation, scene: Scene) -> Fix:
    return _field_fix(rule, observation, scene, "stage")


_PROVISIONS = frozenset({ProvisionKind.EXCLUDE, ProvisionKind.INCLUDE, ProvisionKind.BRANCH})

SCHOOL_FIELD = Evaluator(school_field, remedy=_school_field_fix, provisions=_PROVISIONS)
STAGE_FIELD = Evaluator(stage_field, remedy=_stage_field_fix, provisions=_PROVISIONS)

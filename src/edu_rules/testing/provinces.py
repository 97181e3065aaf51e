"""What the strategies add for a province: its own data fields and shared through-school figures.

A layer's provisions and own indicators read figures the national contract lacks — its
data fields (``extra.<layer>.<field>``) — and its ``split`` provisions read the figures a
through-school gives once (``shared``).  Documents generated for a code whose layers
declare fields or splits carry them, so the laws reach every branch, adjustment, split
and own indicator:

- each declared field of the county, a school or a stage gets a value (or, with
  ``unknowns``, is left out): a number or integer within its bounds, drawn around the
  values the rules in force test it against (a branch's ``build_year <= 2016``: 2015,
  2016, 2017) and the thresholds of the ``school_field`` / ``stage_field`` rules that
  judge it; a boolean, an enum code or a short text otherwise;
- about one through-school in three of a kind a ``split`` provision weighs gives its
  indicator figures once for the whole school, the stages' own left unknown (and, where
  the split weighs the senior stage, its pupils).

For a code whose layers declare neither (the national layer, Guangxi, Liuzhou), nothing
is added: the documents are those the core's own suite has always drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any

from edu_rules.model.county import INDICATOR_FIELDS
from edu_rules.model.datafields import DataField
from edu_rules.model.provisions import ProvisionKind
from edu_rules.model.rules import Rule
from edu_rules.testing.contract import CENT, Document, json_number
from edu_rules.testing.thresholds import Thresholds

Pick = Callable[[int, int], int]

_FIELD_EVALUATORS = frozenset({"school_field", "stage_field"})


def aimed_values(rules: Iterable[Rule]) -> dict[str, set[Fraction]]:
    """Per field, as a provision names it, the numbers the rules compare it with.

    From every ``when`` of a provision, every ``where`` of a field rule, and the threshold
    of a field rule on its ``field`` (``stage.extra.<layer>.<f>`` for a stage rule's).
    """
    found: dict[str, set[Fraction]] = {}

    def note(name: str, value: Any) -> None:
        if isinstance(value, int | Fraction) and not isinstance(value, bool):
            found.setdefault(name, set()).add(Fraction(value))

    for rule in rules:
        for provision in rule.provisions:
            for test in provision.when:
                note(test.field, test.value)
        if rule.definition.evaluator not in _FIELD_EVALUATORS:
            continue
        stage = rule.definition.evaluator == "stage_field"
        for test in rule.params.get("where", ()):
            note(str(test.get("field")), test.get("value"))
        field = str(rule.params.get("field", ""))
        name = f"stage.{field}" if stage and field.startswith("extra.") else field
        threshold = rule.value.get("threshold")
        for value in threshold.values() if isinstance(threshold, Mapping) else (threshold,):
            note(name, value)
    return found


def _number(pick: Pick, field: DataField, aims: set[Fraction]) -> int | float:
    schema = field.schema
    whole = field.kind == "integer"
    step = Fraction(1) if whole else CENT
    low = _exact(schema.get("minimum", 0))
    if "exclusiveMinimum" in schema:
        low = _exact(schema["exclusiveMinimum"]) + step
    high = _exact(schema.get("maximum", max(low, Fraction(0)) + 200))
    if "exclusiveMaximum" in schema:
        high = _exact(schema["exclusiveMaximum"]) - step
    candidates = sorted(_range(low, high, aims, step))
    if candidates and pick(0, 3) < 3:  # three in four aimed at a test
        value = candidates[pick(0, len(candidates) - 1)]
    else:
        steps = int((high - low) / step)
        value = low + step * pick(0, min(steps, 10_000))
    return json_number(value)


def _exact(value: Any) -> Fraction:
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def _range(low: Fraction, high: Fraction, aims: set[Fraction], step: Fraction) -> set[Fraction]:
    """The aimed values and their neighbours that lie within ``[low, high]``."""
    return {
        aim + shift * step
        for aim in aims
        for shift in (-1, 0, 1)
        if low <= aim + shift * step <= high
    }


def _value(pick: Pick, field: DataField, aims: set[Fraction]) -> Any:
    if field.numeric:
        return _number(pick, field, aims)
    if field.kind == "boolean":
        return pick(0, 1) == 1
    if field.kind == "enum":
        options = list(field.schema["enum"])
        return options[pick(0, len(options) - 1)]
    return "测试"


def _give(
    pick: Pick,
    holder: Document,
    fields: Iterable[DataField],
    aims: Mapping[str, set[Fraction]],
    *,
    unknowns: bool,
) -> None:
    """Put a value of each field into ``holder["extra"]`` (some left out, with ``unknowns``)."""
    extra: dict[str, dict[str, Any]] = {}
    for field in fields:
        if unknowns and pick(0, 7) == 7:  # about one in eight unknown
            continue
        value = _value(pick, field, aims.get(field.provision_name, set()))
        extra.setdefault(field.layer, {})[field.name] = value
    if extra:
        holder["extra"] = extra


def add_plugin_fields(
    pick: Pick, document: Document, around: Thresholds, *, unknowns: bool
) -> None:
    """Give the document the data fields the layers governing its code declare."""
    fields = around.data_fields
    if not fields:
        return
    aims = aimed_values(around.rules.values())
    _give(pick, document, fields.of("county"), aims, unknowns=unknowns)
    for school in document["schools"]:
        _give(pick, school, fields.of("school"), aims, unknowns=unknowns)
        for stage in (school.get("stages") or {}).values():
            if stage:
                _give(pick, stage, fields.of("stage"), aims, unknowns=unknowns)


def split_weights(around: Thresholds) -> dict[str, Mapping[str, Any]]:
    """Per school kind, the weights of the lowest layer's ``split`` provision in force."""
    found: dict[str, Mapping[str, Any]] = {}
    for rule in around.rules.values():
        for provision in rule.provisions:
            if provision.kind is ProvisionKind.SPLIT:
                found.update(provision.weights)
    return found


def share_figures(pick: Pick, document: Document, around: Thresholds) -> None:
    """Some through-schools of a kind a split weighs give their figures once, as ``shared``."""
    weights = split_weights(around)
    if not weights:
        return
    for school in document["schools"]:
        kind = school.get("kind")
        if kind not in weights or pick(0, 2) != 0:
            continue
        stages = [stage for stage in (school.get("stages") or {}).values() if stage]
        shared: dict[str, Any] = {}
        for field in INDICATOR_FIELDS:
            values = [stage.get(field) for stage in stages]
            if any(value is None for value in values):
                continue  # an unknown stays unknown: the stages keep theirs
            shared[field] = json_number(sum((Fraction(str(v)) for v in values), Fraction(0)))
            for stage in stages:
                stage[field] = None
        if "senior" in weights[kind]:
            shared["senior_students"] = pick(100, 1500)
        school["shared"] = shared

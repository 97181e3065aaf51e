"""The laws as checks: determinism, order, monotony, missing-never-helps, layering, round trips."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, TypeAlias

import attrs
import jsonschema

from edu_rules._numbers import exact
from edu_rules._resources import load_schema
from edu_rules.engine import evaluate, verdict
from edu_rules.evaluators import boundaries
from edu_rules.io import serialization
from edu_rules.io.paths import format_path
from edu_rules.io.validation import load_county
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError
from edu_rules.model.result import Outcome, Result, Status
from edu_rules.model.rules import Rule
from edu_rules.plugins import Registry
from edu_rules.testing.contract import (
    Path,
    bounds,
    county_schema,
    field_schema,
    get_path,
    is_decimal,
    json_number,
    set_path,
    types_of,
)
from edu_rules.testing.thresholds import Thresholds, thresholds

# --------------------------------------------------------------------------- evaluating


ShortfallKey: TypeAlias = tuple[str, str | None, str | None, str | None]
"""A shortfall's identity: ``(rule, county, school, stage)``."""

_RANK: Final = {Status.INELIGIBLE: 0, Status.FAIL: 1, Status.INCOMPLETE: 2, Status.PASS: 3}


def status_rank(status: Status) -> int:
    """Order verdicts from worst to best: ineligible 0, fail 1, incomplete 2, pass 3."""
    return _RANK[status]


def _as_county(document: Mapping[str, Any] | County, registry: Registry | None = None) -> County:
    """The county of ``document``, its plugin data fields declared by ``registry`` or installed.

    A registry of plugins registered in a test declares fields no installed plugin does;
    a registry that leaves an installed layer out (to compare with and without it) still
    reads a document giving that layer's fields.
    """
    if isinstance(document, County):
        return document
    if registry is not None:
        try:
            return load_county(document, registry=registry)
        except CountyDataError:
            pass  # read as the installed plugins read it, or refused naming every problem
    return load_county(document)


def evaluate_document(
    document: Mapping[str, Any] | County,
    *,
    registry: Registry | None = None,
    as_of: dt.date | None = None,
) -> Result:
    """Load (validating, against ``registry``'s data fields too) and evaluate a county document."""
    return evaluate(_as_county(document, registry), registry=registry, as_of=as_of)


def assessment_json(result: Result) -> str:
    """The result's JSON without the marks that say which installed plugins were left out.

    A result evaluated with a plugin blocked is marked as not official (``official``,
    ``left_out`` and a note); what the layers that did apply found is the rest, and this
    is what "a layer never touches a county elsewhere" compares.
    """
    notes = tuple(note for note in result.notes if note.layer != "edu_rules")
    return serialization.to_json(attrs.evolve(result, official=True, left_out=(), notes=notes))


def shortfall_keys(
    result: Result,
    *,
    families: Callable[[str], bool] | None = None,
    binding: bool = True,
) -> frozenset[ShortfallKey]:
    """The ``(rule, county, school, stage)`` of every shortfall, optionally of some families.

    :param binding: only shortfalls that can change the verdict (the default).
        Advisory findings comment on the verdict itself (a county "behind plan" is
        one that does not pass), so the laws of this module are about binding ones.
    """
    return frozenset(
        (f.rule, f.subject.county, f.subject.school, f.subject.stage)
        for f in result.findings
        if f.outcome is Outcome.SHORTFALL
        and (families is None or families(f.family))
        and (f.binding or not binding)
    )


def _describe_keys(keys: Iterable[ShortfallKey]) -> str:
    parts = []
    for rule, county, school, stage in sorted(keys, key=lambda k: tuple(str(x) for x in k)):
        subject = "/".join(str(x) for x in (school or county, stage) if x)
        parts.append(f"{rule} @ {subject}")
    return ", ".join(parts)


_INDEX = re.compile(r"schools\[(\d+)\]")


def comparable(result: Result, document: Mapping[str, Any] | County) -> str:
    """The result's JSON with school positions replaced by school ids, findings sorted.

    Two results of one document with its schools in different orders give the same
    text: ``schools[3].stages.primary.key_teachers`` becomes
    ``schools[id=S004].stages.primary.key_teachers``, and each finding's ``missing``
    paths (listed in document order) are sorted, as are the notes (one per school a
    layer's split divided, listed in document order, each naming its school).
    """
    county = _as_county(document)
    ids = [school.id for school in county.schools]
    data = serialization.unstructure(result)

    def rewrite(value: Any) -> Any:
        if isinstance(value, str):
            return _INDEX.sub(lambda m: f"schools[id={ids[int(m.group(1))]}]", value)
        if isinstance(value, list):
            return [rewrite(item) for item in value]
        if isinstance(value, dict):
            return {key: rewrite(item) for key, item in value.items()}
        return value

    data = rewrite(data)
    data["notes"] = sorted(data.get("notes") or [], key=lambda n: json.dumps(n, sort_keys=True))
    for key in ("findings", "shortfalls", "not_evaluated", "manual_checks"):
        for finding in data[key]:
            finding["missing"] = sorted(finding["missing"])
        data[key] = sorted(
            data[key],
            key=lambda f: (
                f["rule"],
                json.dumps(f["subject"], sort_keys=True),
                json.dumps(f, sort_keys=True),
            ),
        )
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)


# --------------------------------------------------------------------------- the checks


def check_determinism(
    document: Mapping[str, Any], *, registry: Registry | None = None, as_of: dt.date | None = None
) -> Result:
    """The same document, loaded and evaluated twice, gives byte-identical result JSON."""
    first = serialization.to_json(
        evaluate_document(copy.deepcopy(dict(document)), registry=registry, as_of=as_of)
    )
    result = evaluate_document(copy.deepcopy(dict(document)), registry=registry, as_of=as_of)
    second = serialization.to_json(result)
    if first != second:
        raise AssertionError(
            "evaluating one document twice gave different JSON: " + _first_difference(first, second)
        )
    return result


def check_order_invariance(
    document: Mapping[str, Any],
    *,
    orders: Iterable[Sequence[int]] | None = None,
    registry: Registry | None = None,
) -> None:
    """Listing the schools in another order changes nothing but the positions in paths.

    :param orders: permutations of the school indices to try; by default reversed
        and rotated by one.
    """
    original = list(document["schools"])
    count = len(original)
    tried = (
        list(orders)
        if orders is not None
        else [list(reversed(range(count))), [*range(1, count), 0][:count]]
    )
    reference = comparable(evaluate_document(document, registry=registry), document)
    for order in tried:
        shuffled = {**document, "schools": [original[index] for index in order]}
        text = comparable(evaluate_document(shuffled, registry=registry), shuffled)
        if text != reference:
            raise AssertionError(
                f"the result depends on the order of the schools: order {list(order)} differs "
                f"from the document's order\n{_first_difference(reference, text)}"
            )


def _first_difference(a: str, b: str) -> str:
    for number, (line_a, line_b) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False)):
        if line_a != line_b:
            return f"line {number}: {line_a.strip()!r} != {line_b.strip()!r}"
    return "one text is a prefix of the other"


def _non_balance(family: str) -> bool:
    return family != "balance"


def _restricted_status(result: Result, families: Callable[[str], bool]) -> Status:
    findings = [f for f in result.findings if families(f.family)]
    return verdict(findings, result.faults, result.summary.rules_applied)


def check_monotone(
    before: Mapping[str, Any] | County,
    after: Mapping[str, Any] | County,
    *,
    registry: Registry | None = None,
) -> None:
    """``after`` only improved figures of ``before`` in their good direction: nothing got worse.

    What is monotone: every binding finding outside the ``balance`` family (the
    per-stage indicators, the school rule, per-school rules, county figures) — no new
    shortfall — and the verdict restricted to those families.  The coefficients of
    variation (family ``balance``) are *not* monotone: raising one school's figure
    can widen the spread between schools, so they are left out; advisory findings
    comment on the verdict itself, and inherit that.
    """
    first = evaluate_document(before, registry=registry)
    second = evaluate_document(after, registry=registry)
    added = shortfall_keys(second, families=_non_balance) - shortfall_keys(
        first, families=_non_balance
    )
    if added:
        raise AssertionError(f"improving a figure added shortfalls: {_describe_keys(added)}")
    status_before = _restricted_status(first, _non_balance)
    status_after = _restricted_status(second, _non_balance)
    if status_rank(status_after) < status_rank(status_before):
        raise AssertionError(
            f"improving a figure worsened the verdict outside the balance family: "
            f"{status_before.value} -> {status_after.value}"
        )


def nullable_paths(document: Mapping[str, Any]) -> list[Path]:
    """Every path holding a known value that the contract allows to be unknown (``null``)."""
    found: list[Path] = []

    def walk(value: Any, path: Path) -> None:
        schema = field_schema(path) if path else county_schema()
        if path and value is not None and "null" in types_of(schema):
            found.append(path)
        if isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list) and "array" in types_of(schema) and "null" in types_of(schema):
            return
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(document, ())
    return found


def _threshold_for(document: Mapping[str, Any], path: Path, around: Thresholds) -> Fraction | None:
    """The value that puts the figure at ``path`` exactly at its rule's threshold, if known."""
    if len(path) == 5 and path[0] == "schools" and path[2] == "stages":
        stage_name, field = str(path[3]), str(path[4])
        students = get_path(document, (*path[:4], "students"))
        for indicator in around.indicators:
            if indicator.field == field and stage_name in indicator.thresholds and students:
                return indicator.at_threshold(stage_name, students)
    dotted = ".".join(str(p) for p in path)
    for rule in around.by_boundary(boundaries.CountyFigure):
        if rule.params["field"] == dotted:
            return boundaries.CountyFigure.at(rule)
    return None


def fill_values(
    document: Mapping[str, Any], path: Path, *, around: Thresholds | None = None
) -> list[Any]:
    """Ways to fill the figure at ``path``: low, high, and at its threshold if it has one."""
    schema = field_schema(path)
    types = types_of(schema)
    if "boolean" in types:
        return [True, False]
    if "array" in types:
        return [[], [Fraction(1000)]]
    if "string" in types:
        return ["填充"]
    low, high = bounds(path)
    current = get_path(document, path)
    known = isinstance(current, int | float) and not isinstance(current, bool)
    big = Fraction(exact(current)) * 3 + 100 if known else Fraction(10**6)
    values: list[Fraction] = [low, high if high is not None else big]
    at = _threshold_for(
        document,
        path,
        around or thresholds(str(document["code"]), year=int(document["assessment_year"])),
    )
    if at is not None and is_decimal(at):
        values.append(at)
    integer = "integer" in types
    return [
        int(value) if integer and Fraction(value).denominator == 1 else json_number(value)
        for value in values
        if not integer or Fraction(value).denominator == 1
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return json_number(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def check_missing_never_helps(
    document: Mapping[str, Any],
    paths: Iterable[Path],
    *,
    fillings: Iterable[Mapping[Path, Any]] | None = None,
    registry: Registry | None = None,
) -> None:
    """Making the figures at ``paths`` unknown never helps the county.

    With those figures unknown: (1) a county that does not pass with them known does
    not pass either; (2) every binding shortfall holds for every way of filling them —
    the document's own values, and each of ``fillings`` (by default: all low, all
    high, all exactly at threshold, from :func:`fill_values`).  A filling the
    contract refuses is no way of filling the unknowns and is skipped.
    """
    chosen = list(dict.fromkeys(tuple(path) for path in paths))
    unknown = copy.deepcopy(dict(document))
    for path in chosen:
        set_path(unknown, path, None)
    known_result = evaluate_document(document, registry=registry)
    unknown_result = evaluate_document(unknown, registry=registry)
    if known_result.status is not Status.PASS and unknown_result.status is Status.PASS:
        raise AssertionError(
            f"making {', '.join(format_path(p) for p in chosen)} unknown turned "
            f"{known_result.status.value} into pass"
        )
    claimed = shortfall_keys(unknown_result)
    if fillings is None:
        options = {path: fill_values(document, path) for path in chosen}
        fillings = [
            {
                path: values[min(index, len(values) - 1)]
                for path, values in options.items()
                if values
            }
            for index in range(3)
        ]
    candidates: list[tuple[str, Mapping[str, Any] | Result]] = [
        ("the document's own values", known_result)
    ]
    for number, filling in enumerate(fillings):
        filled = copy.deepcopy(unknown)
        for path, value in filling.items():
            set_path(filled, path, _plain(value))
        candidates.append((f"filling #{number}", filled))
    for label, candidate in candidates:
        if isinstance(candidate, Result):
            result = candidate
        else:
            try:
                result = evaluate_document(candidate, registry=registry)
            except CountyDataError:
                continue
        lost = claimed - shortfall_keys(result)
        if lost:
            raise AssertionError(
                f"with {', '.join(format_path(p) for p in chosen)} unknown the result claims "
                f"shortfalls that {label} does not have: {_describe_keys(lost)}"
            )


def _layer_names(registry: Registry, code: str) -> str:
    return " + ".join(loaded.layer.name for loaded in registry.chain(code))


def _exceptions(registry: Registry, code: str, rules: Mapping[str, Rule]) -> frozenset[str]:
    """Rules that a layer governing ``code`` loosens under an authorised exception.

    An override of a group rule (the school rule, whose ``indicators`` are its members)
    that leaves schools out of its scope narrows its members too — and the coefficients
    of variation measured over them — so those are loosened with it.
    """
    loosened = {
        override.overrides
        for loaded in registry.chain(code)
        for override in loaded.overrides
        if override.exception is not None
    }
    members = {
        member
        for rule_id in loosened
        if rule_id in rules
        for member in rules[rule_id].params.get("indicators", ())
    }
    measured = {
        rule.id
        for rule in rules.values()
        if rule.params.get("indicator") in members or rule.params.get("group") in loosened
    }
    return frozenset(loosened | members | measured)


def check_layering_only_tightens(
    document: Mapping[str, Any] | County,
    base_registry: Registry,
    stacked_registry: Registry,
    *,
    exempt: Iterable[str] = (),
) -> None:
    """Stacking layers on the base layers only adds shortfalls and never improves the verdict.

    Every ``(rule, subject)`` short under the base layers is short with the stacked
    ones, and the stacked verdict is no better, except for rules a stacked layer
    overrides under an authorised exception (``"exception": {...}`` in its rule data)
    and rules listed in ``exempt``.  An exception on a group rule (an ``exclude`` on
    ``national.school_rule``) covers its members (L1–L7) and their coefficients of
    variation, whose scope it narrows.

    :param exempt: rule ids whose shortfalls the stacked layers may remove for a reason
        the rule data does not show — a layer that folds units or prepares the county
        (``edu_rules_prepare_county``), say — each to be justified where it is passed.
        With any rule exempt or excepted, the verdict may improve too.
    """
    county = _as_county(document, stacked_registry)
    base = evaluate(county, registry=base_registry)
    stacked = evaluate(county, registry=stacked_registry)
    layers = tuple(loaded.layer.name for loaded in stacked_registry.chain(county.code))
    rules = stacked_registry.ruleset(layers, dt.date.fromisoformat(stacked.as_of)).rules
    allowed = _exceptions(stacked_registry, county.code, rules) | frozenset(exempt)
    lost = {key for key in shortfall_keys(base) - shortfall_keys(stacked) if key[0] not in allowed}
    if lost:
        raise AssertionError(
            f"stacking {_layer_names(stacked_registry, county.code)} removed shortfalls "
            f"the base layers find: {_describe_keys(lost)}"
        )
    if not allowed and status_rank(stacked.status) > status_rank(base.status):
        raise AssertionError(
            f"stacking layers improved the verdict: {base.status.value} -> {stacked.status.value}"
        )


def check_round_trips(document: Mapping[str, Any], *, registry: Registry | None = None) -> None:
    """Document → model → document, and result → JSON → result, are identities.

    The document's canonical form (:func:`edu_rules.io.serialization.unstructure` of the
    model) spells every field out; it keeps each value the document gives (numbers
    equal as exact decimals), loads back to the same model, and is its own canonical
    form.  The result's JSON structures back into an equal result.
    """
    county = load_county(document)
    canonical = serialization.unstructure(county)
    again = load_county(json.loads(json.dumps(canonical, ensure_ascii=False)))
    if again != county:
        raise AssertionError("the canonical form of the document loads into a different model")
    if serialization.unstructure(again) != canonical:
        raise AssertionError("the canonical form of the document is not its own canonical form")
    for path in _leaves(document):
        given, kept = get_path(document, path), get_path(canonical, path)
        if not _same_value(given, kept):
            raise AssertionError(
                f"{format_path(path)}: the document says {given!r}, its model says {kept!r}"
            )
    result = evaluate(county, registry=registry)
    text = serialization.to_json(result)
    back = serialization.structure(json.loads(text), Result)
    if back != result:
        raise AssertionError("the result's JSON does not structure back into the same result")
    if serialization.to_json(back) != text:
        raise AssertionError("the result's JSON is not stable through a round trip")


def _leaves(value: Any, path: Path = ()) -> Iterable[Path]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _same_value(given: Any, kept: Any) -> bool:
    if isinstance(given, bool) or isinstance(kept, bool) or given is None or kept is None:
        return given is kept or given == kept
    if isinstance(given, int | float) and isinstance(kept, int | float):
        return exact(given) == exact(kept)
    return bool(given == kept)


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _schema_errors(name: str, data: Any) -> list[str]:
    errors = sorted(
        _validator(name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
    )
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}" for e in errors]


def check_county_schema(document: Mapping[str, Any], *, registry: Registry | None = None) -> None:
    """The document validates against ``schemas/county.schema.json`` (plain jsonschema).

    Its ``extra`` objects validate against the data fields the plugins of ``registry``
    declare (by default the installed plugins'), as :func:`edu_rules.load_county` checks them.
    """
    from edu_rules.model.datafields import county_schema_with
    from edu_rules.plugins import fields_of

    fields = fields_of(registry)
    data = json.loads(json.dumps(document))
    if fields:
        schema = county_schema_with(load_schema("county.schema.json"), fields)
        found = sorted(
            jsonschema.Draft202012Validator(schema).iter_errors(data),
            key=lambda e: list(map(str, e.absolute_path)),
        )
        errors = [
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}" for e in found
        ]
    else:
        errors = _schema_errors("county.schema.json", data)
    if errors:
        raise AssertionError(
            "county document does not follow county.schema.json: " + "; ".join(errors[:10])
        )


def check_result_schema(result: Result) -> None:
    """The result's JSON validates against ``schemas/result.schema.json``."""
    errors = _schema_errors("result.schema.json", json.loads(serialization.to_json(result)))
    if errors:
        raise AssertionError("result does not follow result.schema.json: " + "; ".join(errors[:10]))


def _votes(around: Thresholds, rule: Rule) -> Iterable[tuple[str, int]]:
    """The figures ``rule`` reads and which way each helps it (0: no known direction).

    Its evaluator's boundaries say; an evaluator without them reads whatever its
    ``field``, ``numerator`` or ``value`` parameter names, with no known direction.
    """
    return (around.boundary(rule) or boundaries.Boundary()).reads(rule)


def good_directions(around: Thresholds) -> Mapping[str, int]:
    """Which way each figure helps (+1 higher, -1 lower), where every rule reading it agrees.

    Keys are ``"county:<dotted path>"``, ``"school:<field>"``, ``"stage:<field>"`` and
    ``"item:<list>.<field>"``; flags are not included (see the rules' ``expected``).
    A figure that helps one rule and hurts another (rotated teachers: numerator of
    G11, denominator of G11's key-teacher share) is left out.
    """
    seen: dict[str, set[int]] = {}
    for rule in around.rules.values():
        for key, direction in _votes(around, rule):
            seen.setdefault(key, set()).add(direction)
    return {
        key: next(iter(signs))
        for key, signs in sorted(seen.items())
        if len(signs) == 1 and 0 not in signs
    }

"""Law as data: rule definitions, their effective dates, and overrides between layers.

A plugin ships its rules as JSON files that follow ``schemas/ruleset.schema.json``
(OpenFisca's parameters are the model): every rule carries its id, citation,
source status and unit, and its numbers are keyed by the date they came into force.
The Python that applies a rule is a small, general *evaluator* named by the rule;
correcting a threshold or a citation is a one-line data edit.

:func:`load_rule_files` reads and validates a plugin's files;
:func:`select_version` picks the values in force on a date;
:func:`merge_override` and :func:`loosened` apply a lower layer's override and
check that it only tightens.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs
import jsonschema

from edu_rules._frozen import FrozenMap, freeze, frozen_exact
from edu_rules._resources import load_schema
from edu_rules.model.errors import RuleDataError
from edu_rules.model.layers import Layer, Title
from edu_rules.model.provisions import LOOSENING, Provision, ProvisionKind, parse_provisions


class Effect(enum.Enum):
    """What a rule's shortfall does to the verdict."""

    STANDARD = "standard"  # a shortfall makes the county fail
    ELIGIBILITY = "eligibility"  # a shortfall makes it ineligible to apply
    VETO = "veto"  # 一票否决: a shortfall makes it ineligible whatever else holds
    ADVISORY = "advisory"  # reported, never changes the verdict (a city's work programme)


class SubjectKind(enum.Enum):
    """What a rule is about: the county, each school, or each school stage."""

    COUNTY = "county"
    SCHOOL = "school"
    STAGE = "stage"


class SourceStatus(enum.Enum):
    """How sure the source of a rule is: its text was read (confirmed), or a report of it."""

    CONFIRMED = "confirmed"
    SECONDARY = "secondary"


STRICTER_DIRECTION = {">=": "higher", ">": "higher", "<=": "lower", "<": "lower"}
"""For a rule's ``threshold``: which way a number moves when the standard gets stricter."""


@attrs.frozen
class AuthorisedException:
    """An authorised exception: the citation that lets a lower layer loosen a rule.

    ``covers`` names what it excuses: value keys of the rule (``"threshold"``, or one entry
    ``"threshold.primary"``) and provisions of the override (``"provision:<id>"``).  A
    loosening it does not name is refused at load (:func:`uncovered`).
    """

    citation: str
    reason: str
    covers: tuple[str, ...] = ()

    def excuses(self, item: str) -> bool:
        """Whether ``covers`` names ``item`` (a value path, ``provision:<id>``) or a key above."""
        return any(item == c or item.startswith(f"{c}.") for c in self.covers)


_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


def visible(text: object) -> bool:
    """Whether ``text`` has a character a reader can see (not only white space or zero-width)."""
    import unicodedata

    return isinstance(text, str) and any(
        not ch.isspace() and unicodedata.category(ch) not in _INVISIBLE for ch in text
    )


@attrs.frozen
class RuleDef:
    """One rule as written in a plugin's data file, all versions included."""

    id: str
    family: str
    effect: Effect
    title: Title
    citation: str
    source_status: SourceStatus
    evaluator: str
    subject: SubjectKind
    unit: str
    values: tuple[tuple[dt.date, Mapping[str, Any]], ...]
    comparator: str | None = None
    params: Mapping[str, Any] = attrs.field(factory=dict)
    effective_to: dt.date | None = None
    stricter: Mapping[str, str] = attrs.field(factory=dict)
    note: str | None = None
    provisions: tuple[Provision, ...] = ()
    source_file: str | None = attrs.field(default=None, eq=False)

    @property
    def effective_from(self) -> dt.date:
        """The date the first version came into force."""
        return self.values[0][0]

    def stricter_directions(self) -> Mapping[str, str]:
        """Per value key, ``"higher"`` or ``"lower"``: the direction that tightens."""
        directions = dict(self.stricter)
        if self.comparator is not None and "threshold" not in directions:
            directions["threshold"] = STRICTER_DIRECTION[self.comparator]
        return directions


@attrs.frozen
class Override:
    """A lower layer's replacement of a higher layer's values for one rule, by its id.

    Only ``values`` change; what is measured stays the rule's own.  The values laid
    over the base rule's are deep-merged, so an override may change one stage's
    threshold and inherit the other's.
    """

    overrides: str
    citation: str
    source_status: SourceStatus
    values: tuple[tuple[dt.date, Mapping[str, Any]], ...]
    exception: AuthorisedException | None = None
    note: str | None = None
    provisions: tuple[Provision, ...] = ()
    source_file: str | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Provenance:
    """One document's part in a rule as applied: it defines, adopts or overrides it."""

    layer: str
    role: str  # "defines" | "adopts" | "overrides"
    citation: str


@attrs.frozen
class Rule:
    """A rule as it applies to one county on one date: layers stacked, one version chosen."""

    definition: RuleDef
    layer: Layer
    value: Mapping[str, Any]
    effective_from: dt.date
    effective_to: dt.date | None
    provenance: tuple[Provenance, ...]
    provisions: tuple[Provision, ...] = ()
    """The provisions in force: the defining layer's, then each overriding layer's."""

    @property
    def id(self) -> str:
        """The rule's id (an override keeps the id of the rule it replaces)."""
        return self.definition.id

    @property
    def citation(self) -> str:
        """The citation of the document whose wording is applied."""
        return self.definition.citation

    @property
    def params(self) -> Mapping[str, Any]:
        """Static parameters: what to measure, independent of dates."""
        return self.definition.params

    def threshold(self, key: str | None = None, name: str = "threshold") -> Any:
        """The value called ``name`` in force, or its entry for ``key`` (a stage, a kind)."""
        value = self.value[name]
        if key is not None and isinstance(value, Mapping):
            return value[key]
        return value


@functools.cache
def _ruleset_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema("ruleset.schema.json"))


def _versions(raw: Mapping[str, Any]) -> tuple[tuple[dt.date, Mapping[str, Any]], ...]:
    return tuple(
        sorted(
            ((dt.date.fromisoformat(day), frozen_exact(value)) for day, value in raw.items()),
            key=lambda version: version[0],
        )
    )


def parse_rule_data(
    data: Mapping[str, Any], *, source: str, layer: str | None = None
) -> list[RuleDef | Override]:
    """Validate one rule file's data and build its rules and overrides.

    :param layer: the layer whose file this is, recorded in its provisions; by default
        the first part of each rule's id (an override's is set when the layer loads).
    """
    errors = sorted(_ruleset_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        lines = "; ".join(
            f"{'/'.join(str(p) for p in error.absolute_path) or '(file)'}: {error.message}"
            for error in errors
        )
        raise RuleDataError(f"{source}: rule file does not follow ruleset.schema.json: {lines}")
    definitions: list[RuleDef | Override] = []
    for raw in data["rules"]:
        exception = raw.get("exception")
        if "overrides" in raw:
            definitions.append(
                Override(
                    overrides=raw["overrides"],
                    citation=raw["citation"],
                    source_status=SourceStatus(raw["source_status"]),
                    values=_versions(raw["values"]),
                    exception=(
                        AuthorisedException(
                            citation=exception["citation"],
                            reason=exception["reason"],
                            covers=tuple(exception.get("covers", ())),
                        )
                        if exception
                        else None
                    ),
                    note=raw.get("note"),
                    provisions=parse_provisions(raw.get("provisions", ()), layer=layer or ""),
                    source_file=source,
                )
            )
            continue
        definitions.append(
            RuleDef(
                id=raw["id"],
                family=raw["family"],
                effect=Effect(raw.get("effect", "standard")),
                title=Title(**raw["title"]),
                citation=raw["citation"],
                source_status=SourceStatus(raw["source_status"]),
                evaluator=raw["evaluator"],
                subject=SubjectKind(raw["subject"]),
                unit=raw["unit"],
                values=_versions(raw["values"]),
                comparator=raw.get("comparator"),
                params=frozen_exact(raw.get("params", {})),
                effective_to=(
                    dt.date.fromisoformat(raw["effective_to"]) if raw.get("effective_to") else None
                ),
                stricter=FrozenMap(raw.get("stricter", {})),
                note=raw.get("note"),
                provisions=parse_provisions(
                    raw.get("provisions", ()), layer=layer or raw["id"].split(".")[0]
                ),
                source_file=source,
            )
        )
    return definitions


def load_rule_files(folder: Traversable | Path | str) -> list[RuleDef | Override]:
    """Every rule in the ``*.json`` files of ``folder`` (a plugin's ``rules/``), in file order.

    Plugins call this from their ``edu_rules_rules`` hook with
    ``importlib.resources.files(__package__) / "rules"``.
    """
    root: Traversable = Path(folder) if isinstance(folder, str) else folder
    definitions: list[RuleDef | Override] = []
    for entry in sorted(root.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".json"):
            continue
        source = str(entry)
        try:
            data = json.loads(entry.read_text(encoding="utf-8"), parse_float=Decimal)
        except (ValueError, OSError) as error:
            raise RuleDataError(f"{source}: cannot read rule file: {error}") from error
        definitions.extend(parse_rule_data(data, source=source))
    return definitions


def select_version(definition: RuleDef, on: dt.date) -> tuple[dt.date, Mapping[str, Any]] | None:
    """The version of ``definition`` in force ``on`` a date, or ``None`` if none is."""
    if definition.effective_to is not None and on > definition.effective_to:
        return None
    return version_on(definition.values, on)


def deep_merge(base: Mapping[str, Any], change: Mapping[str, Any]) -> FrozenMap:
    """``base`` with ``change`` laid over it; nested mappings merge key by key; frozen."""
    merged = dict(base)
    for key, value in change.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = freeze(value)
    return FrozenMap(merged)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Fraction) and not isinstance(value, bool)


def _leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every leaf of a (possibly nested) value with its dotted path."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}")
    else:
        yield path, value


def looser_leaves(old: Any, new: Any, direction: str | None, path: str) -> Iterator[str]:
    """Where ``new`` is less strict than ``old``, leaf by leaf, in words (nothing if it is not).

    Shapes are normalised first: a plain number laid over a per-stage (or per-kind) map is
    compared with *every* entry of the map, and a map laid over a number compares each of
    its entries with that number.  A key the higher value does not have, a value that is
    not a number where the higher one is, or any change to a value whose tightening
    direction is unknown (``direction`` is ``None``: text, flags, ``==`` thresholds) counts
    as loosening: what cannot be shown to tighten may not pass as tightening.
    """
    if isinstance(new, Mapping) or isinstance(old, Mapping):
        yield from _looser_maps(old, new, direction, path)
        return
    if _is_number(old) and _is_number(new) and direction is not None:
        if new < old if direction == "higher" else new > old:
            yield f"{path}: {new} is less strict than {old} (stricter is {direction})"
        return
    if type(old) is type(new) and old == new:
        return
    if direction is None:
        yield f"{path}: {new!r} replaces {old!r}, and no direction says whether that tightens"
    else:
        yield f"{path}: {new!r} is not a number comparable with {old!r}"


def _looser_maps(old: Any, new: Any, direction: str | None, path: str) -> Iterator[str]:
    """:func:`looser_leaves` where either side is a mapping: shapes normalised, then leaves."""
    if isinstance(new, Mapping) and isinstance(old, Mapping):
        for key in new:
            if key not in old:
                yield f"{path}.{key}: the higher layer has no {key!r} here to tighten"
        for key, item in old.items():
            yield from looser_leaves(item, new.get(key, item), direction, f"{path}.{key}")
    elif isinstance(new, Mapping):  # a map over a plain value: each entry against it
        for leaf_path, leaf in _leaves(new, path):
            yield from looser_leaves(old, leaf, direction, leaf_path)
    else:  # a plain value over a map: against every entry
        for leaf_path, leaf in _leaves(old, path):
            yield from looser_leaves(leaf, new, direction, leaf_path)


def looser_values(
    old: Mapping[str, Any], new: Mapping[str, Any], directions: Mapping[str, str]
) -> list[str]:
    """Where the value set ``new`` (a merged override) loosens ``old``, leaf by leaf."""
    problems = [
        f"{key}: the higher layer has no value {key!r} to tighten" for key in new if key not in old
    ]
    for key, value in old.items():
        if key in new:
            problems.extend(looser_leaves(value, new[key], directions.get(key), key))
    return problems


def looser_provisions(
    provisions: Iterable[Provision], values: Mapping[str, Any], directions: Mapping[str, str]
) -> list[str]:
    """Where a lower layer's provisions loosen the rule, in words.

    Every exemption, addition to the measure and rounding does; a branch does where its
    values are looser than ``values``; a split does, for the weights belong to the layer
    whose rule declares them.
    """
    return [text for _, text in loosenings((), provisions, values, directions)]


def split_reference(rule: Any) -> dict[str, Any]:
    """The split weights in force for ``rule`` (a compiled rule): its own, then its layers'.

    The layer that defines a through-school split declares its weights as the rule's
    ``split_weights`` parameter (the national layer, on ``national.school_rule``); a lower
    layer's ``split`` may repeat them, and any other weights loosen the rule.
    """
    reference = dict(rule.params.get("split_weights", {}))
    for provision in rule.provisions:
        if provision.kind is ProvisionKind.SPLIT:
            reference.update(provision.weights)
    return reference


def loosenings(
    problems: Iterable[str],
    provisions: Iterable[Provision],
    values: Mapping[str, Any],
    directions: Mapping[str, str],
    split_weights: Mapping[str, Any] | None = None,
) -> list[tuple[str, str]]:
    """Each loosening of an override as ``(item, words)``; ``item`` is what covers must name.

    ``problems`` are :func:`looser_values`' words for the override's values (each starts
    with the value's dotted path); a provision's item is ``provision:<id>``.  A split
    loosens where its weights for a kind of school differ from ``split_weights``.
    """
    found = [(problem.split(":", 1)[0], problem) for problem in problems]
    reference = split_weights or {}
    for provision in provisions:
        item = f"provision:{provision.id}"
        if provision.kind is ProvisionKind.SPLIT:
            changed = sorted(k for k, w in provision.weights.items() if reference.get(k) != w)
            if changed:
                words = (
                    f"split {provision.id!r}: weights for {', '.join(changed)} differ from "
                    "the weights of the layer that defines the split"
                )
                found.append((item, words))
        elif provision.kind in LOOSENING:
            found.append(
                (
                    item,
                    f"provision {provision.id!r} ({provision.kind.value}) can only loosen the rule",
                )
            )
        elif provision.kind is ProvisionKind.BRANCH:
            found.extend(
                (item, f"branch {provision.id!r}: {problem}")
                for problem in looser_values(values, provision.values, directions)
            )
    return found


def uncovered(found: Iterable[tuple[str, str]], exception: AuthorisedException | None) -> list[str]:
    """The loosenings ``exception`` does not excuse, in words (all of them without one)."""
    return [text for item, text in found if exception is None or not exception.excuses(item)]


def _change_points(*histories: Iterable[tuple[dt.date, Any]]) -> list[dt.date]:
    return sorted({since for history in histories for since, _ in history})


def loosened(base: RuleDef, override: Override) -> list[str]:
    """Where ``override`` would make ``base`` less strict, in words (empty if it only tightens).

    The override laid over the base is compared, leaf by leaf (see :func:`looser_leaves`),
    with the base on every date either of them changes from the override's first version
    on: a base that tightens later is not loosened by an older override still in force.
    """
    directions = base.stricter_directions()
    problems: list[str] = []
    first = override.values[0][0]
    for day in _change_points(base.values, override.values):
        if day < first:
            continue
        change = version_on(override.values, day)
        in_force = select_version(base, day) or base.values[0]
        if change is None:
            continue
        merged = deep_merge(in_force[1], change[1])
        problems.extend(
            f"{problem} (from {day.isoformat()})"
            for problem in looser_values(in_force[1], merged, directions)
        )
    return problems


def version_on(
    values: Iterable[tuple[dt.date, Mapping[str, Any]]], day: dt.date
) -> tuple[dt.date, Mapping[str, Any]] | None:
    """The last of dated ``values`` in force on ``day`` (``None`` before the first)."""
    chosen = None
    for since, value in values:
        if since <= day:
            chosen = (since, value)
    return chosen

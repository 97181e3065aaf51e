"""Tighten-only, as a law on outcomes: a lower layer never makes a higher layer's finding better.

A lower layer (a province under the national layer, a city under its province) may tighten
the rules of the layers above it; it may loosen one only through an authorised exception
bound to that rule.  Checking the *form* of rule data cannot keep that promise: every new
kind of provision is a new route by which a finding can improve.  So the engine checks what
a layer *does*: for each prefix of a unit's chain of layers (national; national + province),
it judges the prefix's rules that the lower layers change again under the prefix alone, on
the same prepared data, and compares the two judgments rule by rule and subject by subject.

A finding that is better under the full chain — by the outcome ranking :data:`RANK`, a
shortfall worst, met best, a finding that disappears better than any — is

- **covered** when an exception of a lower layer is bound to that rule (or to a rule it
  takes its scope or measure from: an exclusion on the school rule narrows the seven
  indicators and their coefficients of variation).  The finding keeps its outcome and says
  so: ``details["exception"]`` names the layer, the citation, the reason, what it covers and
  the outcome without it; the result's summary counts the exceptions relied on.
- **uncovered** otherwise: a fault of the lower layer.  The finding becomes an ``error``
  naming the layer, rule, subject and both outcomes — never the improved outcome — and the
  verdict is at best ``incomplete``.

Only rules whose compiled form differs between the prefix and the full chain (their values
or provisions), the rules bound to them through their parameters (a group and its members,
an indicator and its CV), and — once any rule is touched — rules judged by a plugin's
evaluator are judged again.  The data are the same for every prefix: prepared by every
layer's hooks, which are held to their own law (:func:`edu_rules.engine.prepare_county`:
they may add schools, never drop or alter one), and with through-schools' shared figures
split by the weights in force, which no layer may change from the national weights without
an exception (checked at load).  Advisory rules never change a verdict and are not compared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from edu_rules._messages import message
from edu_rules.model.result import Block, Fault, Outcome, Row, Subject
from edu_rules.model.rules import AuthorisedException, Effect, Rule

RANK: Mapping[Outcome, int] = {
    Outcome.SHORTFALL: 0,
    Outcome.ERROR: 1,
    Outcome.NOT_EVALUABLE: 1,
    Outcome.MANUAL: 1,
    Outcome.TOLERATED: 2,
    Outcome.MET: 3,
    Outcome.NOT_APPLICABLE: 3,
}
"""How good an outcome is for the unit: a shortfall fails it, an unknown leaves it open, a
tolerated miss counts against the school rule's allowance, met and not applicable do not."""

GONE = 4
"""The rank of a finding that a lower layer made disappear: better than any outcome."""


@attrs.frozen
class Bound:
    """An authorised exception of a lower layer, bound to the rule its override names."""

    layer: str
    plugin: str
    rule: str
    exception: AuthorisedException

    def shown(self, before: str) -> dict[str, Any]:
        """As a finding's ``details["exception"]`` names it."""
        return {
            "layer": self.layer,
            "rule": self.rule,
            "citation": self.exception.citation,
            "reason": self.exception.reason,
            "covers": list(self.exception.covers),
            "without": before,
        }


@attrs.frozen
class Prefix:
    """One higher prefix of a chain, and what of it must be judged again.

    ``rules``: the prefix's binding rules to judge again, in its order (empty: no lower
    layer changes anything of the prefix, and nothing is compared).  ``touchers``: per
    rule id, the lower layers that change it or what it is bound to.  ``covers``: per rule
    id, the exceptions bound to it or to a rule it takes its scope or measure from.
    """

    names: tuple[str, ...]
    rules: tuple[Rule, ...]
    touchers: Mapping[str, tuple[str, ...]]
    covers: Mapping[str, tuple[Bound, ...]]


def _references(rule: Rule, ids: Iterable[str]) -> set[str]:
    """The rule ids named anywhere in ``rule``'s parameters (its group, indicator, members)."""
    known = set(ids)
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if value in known and value != rule.id:
                found.add(value)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)

    walk(rule.params)
    return found


def _reach(start: Iterable[str], edges: Mapping[str, set[str]]) -> set[str]:
    """``start`` and every rule reached from it along ``edges``, transitively."""
    seen = set(start)
    todo = list(seen)
    while todo:
        for other in edges.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _ancestors(rule_id: str, references: Mapping[str, set[str]]) -> set[str]:
    """``rule_id`` and every rule it takes its scope or measure from, transitively."""
    return _reach((rule_id,), references)


def _component(touched: set[str], references: Mapping[str, set[str]]) -> set[str]:
    """``touched`` with every rule bound to one of them through parameters, either way."""
    neighbours: dict[str, set[str]] = {}
    for rule_id, parents in references.items():
        for parent in parents:
            neighbours.setdefault(rule_id, set()).add(parent)
            neighbours.setdefault(parent, set()).add(rule_id)
    return _reach(touched, neighbours)


def plan_prefixes(
    chain: Sequence[tuple[str, str, Sequence[Any]]],
    full: Mapping[str, Rule],
    ruleset_of: Callable[[tuple[str, ...]], Mapping[str, Rule]],
    plugin_rule: Callable[[Rule], bool],
) -> tuple[Prefix, ...]:
    """What must be judged again under each higher prefix of ``chain``.

    :param chain: per layer, top down, its name, its plugin's name and its overrides.
    :param full: the rules in force under the whole chain.
    :param ruleset_of: the rules in force under a prefix (by layer names).
    :param plugin_rule: whether a rule is judged by a plugin's evaluator.
    """
    prefixes: list[Prefix] = []
    for cut in range(1, len(chain)):
        names = tuple(name for name, _, _ in chain[:cut])
        lower = chain[cut:]
        rules = ruleset_of(names)
        binding = [r for r in rules.values() if r.definition.effect is not Effect.ADVISORY]
        references = {r.id: _references(r, rules) for r in rules.values()}
        touched = {
            rule_id
            for rule_id, rule in rules.items()
            if rule_id in full
            and (full[rule_id].value != rule.value or full[rule_id].provisions != rule.provisions)
        }
        if touched:
            again = _component(touched, references) | {r.id for r in binding if plugin_rule(r)}
        else:
            again = set()
        overriders: dict[str, list[tuple[str, str, Any]]] = {}
        for name, plugin, overrides in lower:
            for override in overrides:
                overriders.setdefault(override.overrides, []).append((name, plugin, override))
        touchers: dict[str, tuple[str, ...]] = {}
        covers: dict[str, tuple[Bound, ...]] = {}
        for rule_id in sorted(again):
            bound_to = _ancestors(rule_id, references) | (
                _component({rule_id}, references) if rule_id in touched else set()
            )
            layers = {name for target in bound_to for name, _, _ in overriders.get(target, ())}
            touchers[rule_id] = tuple(name for name, _, _ in lower if name in layers) or tuple(
                name for name, _, _ in lower
            )
            covers[rule_id] = tuple(
                Bound(name, plugin, target, override.exception)
                for target in sorted(_ancestors(rule_id, references))
                for name, plugin, override in overriders.get(target, ())
                if override.exception is not None
            )
        prefixes.append(
            Prefix(
                names=names,
                rules=tuple(r for r in binding if r.id in again),
                touchers=touchers,
                covers=covers,
            )
        )
    return tuple(p for p in prefixes if p.rules)


def _key(subject: Subject) -> tuple[str, str, str]:
    return subject.sort_key


def _outcomes(rows: Iterable[Row]) -> dict[tuple[str, str, str], tuple[Subject, Outcome]]:
    """Per subject, the worst of its outcomes (a rule yields one finding per subject)."""
    found: dict[tuple[str, str, str], tuple[Subject, Outcome]] = {}
    for row in rows:
        key = _key(row[0])
        held = found.get(key)
        if held is None or RANK[row[1]] < RANK[held[1]]:
            found[key] = (row[0], row[1])
    return found


@attrs.frozen
class Judged:
    """What the law did to one unit's findings: the faults, the exceptions relied on."""

    faults: tuple[Fault, ...] = ()
    relied_on: tuple[Bound, ...] = ()
    rulesets: tuple[Any, ...] = ()
    """The prefixes' rule sets it judged with (checked for tampering with the unit's own)."""


def _words(key: str, **values: object) -> str:
    """A finding's note in both languages (``中文 / English``, the engine's convention)."""
    return f"{message(key, 'zh', **values)} / {message(key, 'en', **values)}"


def apply(
    prefixes: Sequence[Prefix],
    blocks: dict[str, Block],
    judge: Callable[[Prefix], tuple[Any, Mapping[str, Block]]],
    shared: Mapping[str, Mapping[str, Any]],
    plugins: Mapping[str, str],
) -> Judged:
    """Hold ``blocks`` (the full chain's binding findings) to the law; changed in place.

    ``judge`` judges a prefix's rules again and gives its rule set and their blocks;
    ``plugins`` names each layer's plugin (a fault names the plugin).  A subject already
    flagged under a higher prefix is not flagged again under a lower one.
    """
    faults: dict[tuple[str, str], list[str]] = {}
    relied: dict[tuple[str, str], Bound] = {}
    flagged: set[tuple[str, tuple[str, str, str]]] = set()
    used = []
    for prefix in prefixes:
        ruleset, before = judge(prefix)
        used.append(ruleset)
        for rule in prefix.rules:
            was = _outcomes(before.get(rule.id, ({}, []))[1])
            block = blocks.get(rule.id)
            if block is None:
                block = blocks[rule.id] = (shared[rule.id], [])
            rows = block[1]
            now = _outcomes(rows)
            for key, (subject, outcome) in was.items():
                held = now.get(key)
                rank = GONE if held is None else RANK[held[1]]
                if rank <= RANK[outcome] or (rule.id, key) in flagged:
                    continue
                flagged.add((rule.id, key))
                after = "gone" if held is None else held[1].value
                cover = prefix.covers.get(rule.id, ())
                if cover:  # a finding the exception took away has no row left to name it
                    if held is not None:
                        _mark(rows, key, cover[-1], outcome.value)
                    relied[(cover[-1].layer, cover[-1].rule)] = cover[-1]
                    continue
                layers = prefix.touchers.get(rule.id, ())
                note = _words(
                    "law.improved",
                    layers=", ".join(layers),
                    rule=rule.id,
                    subject=subject.name or subject.school or subject.county or "",
                    before=outcome.value,
                    after=after,
                    prefix=" + ".join(prefix.names),
                )
                _error(rows, key, subject, note, rule.id, layers, outcome.value, after)
                for layer in layers:
                    faults.setdefault((layer, rule.id), []).append(note)
    found = tuple(
        Fault(
            plugins.get(layer, layer),
            rule_id,
            "tighten_only",
            notes[0] + (f" (+{len(notes) - 1})" if len(notes) > 1 else ""),
        )
        for (layer, rule_id), notes in sorted(faults.items())
    )
    return Judged(
        faults=found, relied_on=tuple(relied[k] for k in sorted(relied)), rulesets=tuple(used)
    )


def _mark(rows: list[Row], key: tuple[str, str, str], bound: Bound, before: str) -> None:
    """Every row of the subject ``key`` names the exception it relies on."""
    for index, row in enumerate(rows):
        if _key(row[0]) == key:
            details = dict(row[8] or {})
            details["exception"] = bound.shown(before)
            rows[index] = (*row[:8], details)


def _error(  # noqa: PLR0913, PLR0917 - one finding's facts, named
    rows: list[Row],
    key: tuple[str, str, str],
    subject: Subject,
    note: str,
    rule_id: str,
    layers: Sequence[str],
    before: str,
    after: str,
) -> None:
    """The subject's finding becomes an error; a finding that disappeared comes back as one."""
    details = {
        "tighten_only": {"layers": list(layers), "rule": rule_id, "without": before, "with": after}
    }
    error: Row = (subject, Outcome.ERROR, None, None, None, (), (), note, details)
    kept = [row for row in rows if _key(row[0]) != key]
    at = next((i for i, row in enumerate(rows) if _key(row[0]) == key), len(kept))
    kept.insert(at, error)
    rows[:] = kept

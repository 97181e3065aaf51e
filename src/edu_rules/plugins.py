"""Finding, loading and checking plugins; compiling the rules that govern a county.

:func:`make_plugin_manager` builds the pluggy manager (never at import time);
:func:`load_registry` asks every plugin for its layer, rules, adoptions and
evaluators once, checks them all, and returns a :class:`Registry` that compiles the
rule set for a jurisdiction and date once and reuses it across counties.
Every load-time problem is a :class:`~edu_rules.PluginError` naming the plugin, its
distribution and version, the rule and the file.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import pluggy

from edu_rules import hookspecs
from edu_rules._evaluators import BUILTIN_EVALUATORS
from edu_rules.errors import PluginError
from edu_rules.evaluation import Evaluator
from edu_rules.layers import Layer, Level
from edu_rules.prepare import Adoption
from edu_rules.rules import (
    Effect,
    Override,
    Provenance,
    Rule,
    RuleDef,
    deep_merge,
    loosened,
    select_version,
)

ENTRY_POINT_GROUP = "edu_rules.plugins"
"""The entry-point group a plugin distribution registers itself in."""

hookimpl = pluggy.HookimplMarker(hookspecs.PROJECT_NAME)
"""The marker for hook implementations: ``@edu_rules.hookimpl``."""

_LAYER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def make_plugin_manager(
    *,
    load_entry_points: bool = True,
    blocked: Iterable[str] = (),
    plugins: Iterable[tuple[str, object]] = (),
) -> pluggy.PluginManager:
    """A plugin manager with the edu-rules hook specifications and the plugins installed.

    :param load_entry_points: load the ``edu_rules.plugins`` entry points (the
        installed plugin distributions).
    :param blocked: plugin names never to load (``{"liuzhou"}`` for a what-if without
        the city layer).
    :param plugins: extra ``(name, plugin)`` pairs to register, for tests and embedding.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    for name in blocked:
        manager.set_blocked(name)
    if load_entry_points:
        try:
            manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as error:
            raise PluginError(f"cannot load an edu_rules.plugins entry point: {error!r}") from error
    for name, plugin in plugins:
        if manager.is_blocked(name):
            continue
        manager.register(plugin, name=name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(f"plugin {error.plugin!r}: {error}") from error
    return manager


@attrs.frozen
class LoadedLayer:
    """A layer with everything its plugin contributed, checked."""

    layer: Layer
    plugin_name: str
    definitions: tuple[RuleDef, ...]
    overrides: tuple[Override, ...]
    adoptions: tuple[Adoption, ...]


@attrs.frozen
class RuleSet:
    """The rules in force for one chain of layers on one date, in evaluation order."""

    layers: tuple[LoadedLayer, ...]
    as_of: dt.date
    rules: Mapping[str, Rule]
    cache: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    """What the engine derives from the rules once and reuses for every county (rule sets
    are compiled once per chain and date, see :meth:`Registry.ruleset`)."""

    @property
    def binding(self) -> tuple[Rule, ...]:
        """Rules that can change the verdict, in order."""
        return tuple(r for r in self.rules.values() if r.definition.effect is not Effect.ADVISORY)

    @property
    def advisory(self) -> tuple[Rule, ...]:
        """Rules that are reported but never change the verdict."""
        return tuple(r for r in self.rules.values() if r.definition.effect is Effect.ADVISORY)


class Registry:
    """The checked contents of a plugin manager; compiles and caches rule sets."""

    def __init__(
        self,
        manager: pluggy.PluginManager,
        layers: Sequence[LoadedLayer],
        evaluators: Mapping[str, tuple[Evaluator, str]],
    ) -> None:
        """Hold checked layers (sorted top down) and evaluators; compile rule sets lazily."""
        self.manager = manager
        self.layers: tuple[LoadedLayer, ...] = tuple(sorted(layers, key=lambda x: x.layer.sort_key))
        self.evaluators = evaluators
        self._by_name = {loaded.layer.name: loaded for loaded in self.layers}
        self.ruleset = functools.lru_cache(maxsize=256)(self._compile)

    def chain(self, code: str) -> tuple[LoadedLayer, ...]:
        """The layers governing ``code``, top down."""
        return tuple(loaded for loaded in self.layers if loaded.layer.governs(code))

    def layer(self, name: str) -> LoadedLayer:
        """The loaded layer called ``name``."""
        return self._by_name[name]

    def evaluator(self, name: str) -> tuple[Evaluator, str]:
        """The evaluator called ``name`` and the plugin that provides it."""
        return self.evaluators[name]

    def plugin(self, loaded: LoadedLayer) -> object:
        """The plugin object that declared ``loaded``."""
        return self.manager.get_plugin(loaded.plugin_name)

    def _compile(self, chain: tuple[str, ...], as_of: dt.date) -> RuleSet:
        layers = tuple(self._by_name[name] for name in chain)
        compiled: dict[str, Rule] = {}
        bases: dict[str, RuleDef] = {}
        for loaded in layers:
            for definition in loaded.definitions:
                version = select_version(definition, as_of)
                if version is None:
                    continue
                bases[definition.id] = definition
                compiled[definition.id] = Rule(
                    definition=definition,
                    layer=loaded.layer,
                    value=version[1],
                    effective_from=version[0],
                    effective_to=definition.effective_to,
                    provenance=(Provenance(loaded.layer.name, "defines", definition.citation),),
                )
            for override in loaded.overrides:
                current = compiled.get(override.overrides)
                version = _select_override(override, as_of)
                if current is None or version is None:
                    continue
                compiled[override.overrides] = _apply_override(current, override, loaded, version)
            for adoption in loaded.adoptions:
                for rule_id, rule in compiled.items():
                    if rule.layer.name != loaded.layer.name and adoption.covers(rule_id):
                        compiled[rule_id] = attrs.evolve(
                            rule,
                            provenance=(
                                *rule.provenance,
                                Provenance(loaded.layer.name, "adopts", adoption.citation),
                            ),
                        )
        return RuleSet(layers=layers, as_of=as_of, rules=compiled)


def _select_override(
    override: Override, as_of: dt.date
) -> tuple[dt.date, Mapping[str, Any]] | None:
    chosen = None
    for since, value in override.values:
        if since <= as_of:
            chosen = (since, value)
    return chosen


def _apply_override(
    rule: Rule,
    override: Override,
    loaded: LoadedLayer,
    version: tuple[dt.date, Mapping[str, Any]],
) -> Rule:
    definition = attrs.evolve(
        rule.definition,
        citation=override.citation,
        source_status=override.source_status,
        note=override.note or rule.definition.note,
    )
    return Rule(
        definition=definition,
        layer=loaded.layer,
        value=deep_merge(rule.value, version[1]),
        effective_from=max(rule.effective_from, version[0]),
        effective_to=rule.effective_to,
        provenance=(
            *rule.provenance,
            Provenance(loaded.layer.name, "overrides", override.citation),
        ),
    )


def _call_one(manager: pluggy.PluginManager, hook: str, plugin: object, **kwargs: Any) -> Any:
    """Call ``hook`` on one plugin only (the others removed), through pluggy."""
    others = [p for p in manager.get_plugins() if p is not plugin]
    caller = manager.subset_hook_caller(hook, remove_plugins=others)
    return caller(**kwargs)


def _distributions(manager: pluggy.PluginManager) -> dict[int, tuple[str, str]]:
    found: dict[int, tuple[str, str]] = {}
    for plugin, dist in manager.list_plugin_distinfo():
        found[id(plugin)] = (dist.project_name, dist.version)
    return found


def _culprit(loaded_name: str, layer: Layer | None, source: str | None = None) -> str:
    parts = [f"plugin {loaded_name!r}"]
    if layer is not None and layer.distribution:
        parts.append(f"({layer.distribution} {layer.version})")
    if source:
        parts.append(f"file {source}")
    return " ".join(parts)


def load_registry(manager: pluggy.PluginManager | None = None) -> Registry:
    """Ask every plugin for its contributions, check them together, and build a registry."""
    manager = manager if manager is not None else make_plugin_manager()
    distributions = _distributions(manager)
    loaded_layers: list[LoadedLayer] = []
    evaluators: dict[str, tuple[Evaluator, str]] = {
        name: (function, "edu_rules") for name, function in BUILTIN_EVALUATORS.items()
    }
    for plugin in manager.get_plugins():
        if plugin is hookspecs:
            continue
        name = manager.get_name(plugin) or repr(plugin)
        provided = _call_one(manager, "edu_rules_evaluators", plugin) or []
        for mapping in provided:
            for evaluator_name, function in mapping.items():
                if evaluator_name in evaluators:
                    raise PluginError(
                        f"{_culprit(name, None)}: evaluator {evaluator_name!r} is already "
                        f"provided by {evaluators[evaluator_name][1]!r}"
                    )
                evaluators[evaluator_name] = (function, name)
        layer = _call_one(manager, "edu_rules_layer", plugin)
        if layer is None:
            continue
        if not isinstance(layer, Layer):
            raise PluginError(f"{_culprit(name, None)}: edu_rules_layer must return a Layer")
        dist = distributions.get(id(plugin))
        if dist is not None:
            layer = attrs.evolve(layer, distribution=dist[0], version=dist[1])
        _check_layer(name, layer)
        contributed = [
            item
            for batch in (_call_one(manager, "edu_rules_rules", plugin, layer=layer) or [])
            for item in batch
        ]
        adoptions = tuple(
            item
            for batch in (_call_one(manager, "edu_rules_adoptions", plugin, layer=layer) or [])
            for item in batch
        )
        loaded_layers.append(
            LoadedLayer(
                layer=layer,
                plugin_name=name,
                definitions=tuple(d for d in contributed if isinstance(d, RuleDef)),
                overrides=tuple(d for d in contributed if isinstance(d, Override)),
                adoptions=adoptions,
            )
        )
    _check_together(loaded_layers, evaluators)
    return Registry(manager, loaded_layers, evaluators)


def _check_layer(name: str, layer: Layer) -> None:
    where = _culprit(name, layer)
    if not _LAYER_NAME.match(layer.name):
        raise PluginError(
            f"{where}: layer name {layer.name!r} must be lower-case letters, digits, _"
        )
    if not isinstance(layer.level, Level):
        raise PluginError(f"{where}: layer level must be an edu_rules.Level")
    if not (layer.jurisdiction == "" or layer.jurisdiction.isdigit()) or (
        len(layer.jurisdiction) != layer.level.prefix_length
    ):
        raise PluginError(
            f"{where}: a {layer.level.value} layer governs a {layer.level.prefix_length}-digit "
            f"code prefix, not {layer.jurisdiction!r}"
        )


def _check_together(
    loaded_layers: Sequence[LoadedLayer], evaluators: Mapping[str, tuple[Evaluator, str]]
) -> None:
    _check_claims(loaded_layers)
    all_definitions = _check_definitions(loaded_layers, evaluators)
    _check_overrides(loaded_layers, all_definitions)
    _check_overridden_at_one_level(loaded_layers)


def _check_claims(loaded_layers: Sequence[LoadedLayer]) -> None:
    """Layer names are unique; one plugin per (level, jurisdiction)."""
    seen_names: dict[str, str] = {}
    seen_claims: dict[tuple[Level, str], str] = {}
    for loaded in loaded_layers:
        layer = loaded.layer
        if layer.name in seen_names:
            raise PluginError(
                f"{_culprit(loaded.plugin_name, layer)}: layer name {layer.name!r} is already "
                f"declared by plugin {seen_names[layer.name]!r}"
            )
        seen_names[layer.name] = loaded.plugin_name
        claim = (layer.level, layer.jurisdiction)
        if claim in seen_claims:
            raise PluginError(
                f"{_culprit(loaded.plugin_name, layer)}: plugin {seen_claims[claim]!r} already "
                f"claims the {layer.level.value} jurisdiction {layer.jurisdiction!r}"
            )
        seen_claims[claim] = loaded.plugin_name


def _check_definitions(
    loaded_layers: Sequence[LoadedLayer], evaluators: Mapping[str, tuple[Evaluator, str]]
) -> dict[str, tuple[RuleDef, LoadedLayer]]:
    """Own rules carry the layer's name, are defined once, and name a known evaluator."""
    all_definitions: dict[str, tuple[RuleDef, LoadedLayer]] = {}
    for loaded in loaded_layers:
        for definition in loaded.definitions:
            where = _culprit(loaded.plugin_name, loaded.layer, definition.source_file)
            if not definition.id.startswith(f"{loaded.layer.name}."):
                raise PluginError(
                    f"{where}: rule id {definition.id!r} must start with "
                    f"'{loaded.layer.name}.' (or use \"overrides\" to replace another layer's rule)"
                )
            if definition.id in all_definitions:
                raise PluginError(f"{where}: rule {definition.id!r} is defined twice")
            if definition.evaluator not in evaluators:
                raise PluginError(
                    f"{where}: rule {definition.id!r} names evaluator "
                    f"{definition.evaluator!r}, which no installed plugin provides"
                )
            all_definitions[definition.id] = (definition, loaded)
    return all_definitions


def _check_overrides(
    loaded_layers: Sequence[LoadedLayer],
    all_definitions: Mapping[str, tuple[RuleDef, LoadedLayer]],
) -> None:
    """Overrides name a known rule of a higher layer above them, once, and only tighten."""
    for loaded in loaded_layers:
        seen_overrides: set[str] = set()
        for override in loaded.overrides:
            where = _culprit(loaded.plugin_name, loaded.layer, override.source_file)
            target = all_definitions.get(override.overrides)
            if target is None:
                raise PluginError(f"{where}: overrides unknown rule {override.overrides!r}")
            base, base_layer = target
            if not (
                base_layer.layer.level.rank < loaded.layer.level.rank
                and loaded.layer.jurisdiction.startswith(base_layer.layer.jurisdiction)
            ):
                raise PluginError(
                    f"{where}: may override only a rule of a higher layer that governs it; "
                    f"{override.overrides!r} belongs to {base_layer.layer.name!r}"
                )
            if override.overrides in seen_overrides:
                raise PluginError(f"{where}: rule {override.overrides!r} is overridden twice")
            seen_overrides.add(override.overrides)
            problems = loosened(base, override)
            if problems and override.exception is None:
                raise PluginError(
                    f"{where}: override of {override.overrides!r} loosens a higher standard ("
                    + "; ".join(problems)
                    + '); an authorised exception must say so with "exception": '
                    '{"citation", "reason"}'
                )


def _check_overridden_at_one_level(loaded_layers: Sequence[LoadedLayer]) -> None:
    """Two layers of one level whose jurisdictions overlap may not both override a rule."""
    claims: dict[tuple[str, Level], list[LoadedLayer]] = {}
    for loaded in loaded_layers:
        for override in loaded.overrides:
            claims.setdefault((override.overrides, loaded.layer.level), []).append(loaded)
    for (rule_id, level), layers in claims.items():
        for index, first in enumerate(layers):
            for second in layers[index + 1 :]:
                a, b = first.layer.jurisdiction, second.layer.jurisdiction
                if a.startswith(b) or b.startswith(a):
                    raise PluginError(
                        f"rule {rule_id!r} is overridden twice at the {level.value} level, by "
                        f"{first.plugin_name!r} and {second.plugin_name!r}"
                    )


@functools.cache
def default_registry() -> Registry:
    """The registry of the installed plugins, built on first use and then shared."""
    return load_registry(make_plugin_manager())

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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import metadata
from typing import Any

import attrs
import pluggy

from edu_rules import hookspecs
from edu_rules._budget import reraise_interrupt
from edu_rules._frozen import FrozenMap, fingerprint
from edu_rules.evaluators import BUILTIN_EVALUATORS, Evaluator, as_evaluator
from edu_rules.model.county import _NO_EXTRA as _SHARED_EMPTY
from edu_rules.model.datafields import NO_FIELDS, DataFields, declared
from edu_rules.model.errors import PluginError, describe_error
from edu_rules.model.layers import Layer, Level
from edu_rules.model.prepare import Adoption
from edu_rules.model.provisions import Provision, provision_problems
from edu_rules.model.rules import (
    Effect,
    Override,
    Provenance,
    Rule,
    RuleDef,
    deep_merge,
    loosened,
    loosenings,
    looser_values,
    select_version,
    split_reference,
    uncovered,
    version_on,
    visible,
)

ENTRY_POINT_GROUP = "edu_rules.plugins"
"""The entry-point group a plugin distribution registers itself in."""

hookimpl = pluggy.HookimplMarker(hookspecs.PROJECT_NAME)
"""The marker for hook implementations: ``@edu_rules.hookimpl``."""

_LAYER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@attrs.frozen
class LeftOut:
    """An installed plugin that was not loaded: blocked by name, or not on the allow-list."""

    plugin: str
    distribution: str | None
    reason: str  # "blocked" | "not_allowed"


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering which distribution gave each plugin and what was left out."""

    def __init__(self) -> None:
        """A manager for the edu-rules hook specifications."""
        super().__init__(hookspecs.PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.origins: dict[str, tuple[str, str]] = {}
        """Plugin name → (distribution, version), for plugins from entry points."""
        self.left_out: tuple[LeftOut, ...] = ()


@attrs.frozen
class _Found:
    """An installed entry point and the distribution that declares it."""

    entry: Any
    distribution: str
    version: str


def _entry_points() -> dict[str, list[_Found]]:
    """The installed ``edu_rules.plugins`` entry points by name, one per distribution.

    Every distribution is read, so a second one claiming a name already taken is seen
    (pluggy's own loader would skip it silently: the first found would win).
    """
    found: dict[str, dict[str, _Found]] = {}
    for dist in metadata.distributions():
        name = dist.metadata["name"] or "(unknown distribution)"
        for entry in dist.entry_points:
            if entry.group == ENTRY_POINT_GROUP:
                found.setdefault(entry.name, {}).setdefault(
                    _normal(name), _Found(entry, name, dist.version)
                )
    return {name: list(by_dist.values()) for name, by_dist in sorted(found.items())}


def installed_plugins() -> dict[str, str]:
    """The installed plugins' names and the distributions that provide them (none loaded)."""
    return {
        name: ", ".join(item.distribution for item in items)
        for name, items in _entry_points().items()
    }


def make_plugin_manager(
    *,
    load_entry_points: bool = True,
    blocked: Iterable[str] = (),
    plugins: Iterable[tuple[str, object]] = (),
    allowed: Iterable[str] | None = None,
) -> PluginManager:
    """A plugin manager with the edu-rules hook specifications and the plugins installed.

    :param load_entry_points: load the ``edu_rules.plugins`` entry points (the
        installed plugin distributions).
    :param blocked: plugin names never to load (``{"liuzhou"}`` for a what-if without
        the city layer).  A name that is not installed is an error; every result then
        says that it is not an official assessment and which layers were left out.
    :param plugins: extra ``(name, plugin)`` pairs to register, for tests and embedding.
    :param allowed: when given, the only distributions whose plugins may load (for a
        platform that must pin what runs); the others are left out, and results say so.
    :raises PluginError: a plugin name given by two distributions, an unknown blocked
        name, or a plugin that cannot be imported — each naming the culprit.
    """
    manager = PluginManager()
    blocked = tuple(blocked)
    extra = tuple(plugins)
    allow = None if allowed is None else {_normal(name) for name in allowed}
    entry_points = _entry_points() if load_entry_points else {}
    known = set(entry_points) | {name for name, _ in extra}
    unknown = sorted(set(blocked) - known)
    if unknown:
        listing = ", ".join(sorted(known)) or "none"
        raise PluginError(
            f"cannot block {', '.join(map(repr, unknown))}: no such plugin is installed "
            f"(installed: {listing})"
        )
    left_out: list[LeftOut] = []
    for name, entries in entry_points.items():
        if len(entries) > 1:
            raise PluginError(
                f"plugin name {name!r} is claimed by more than one distribution: "
                + " and ".join(item.distribution for item in entries)
                + "; uninstall one of them"
            )
        entry, dist = entries[0].entry, entries[0].distribution
        if name in blocked:
            left_out.append(LeftOut(name, dist, "blocked"))
            continue
        if allow is not None and _normal(dist) not in allow:
            left_out.append(LeftOut(name, dist, "not_allowed"))
            continue
        try:
            plugin = entry.load()
        except BaseException as error:  # an import may raise anything, even SystemExit
            reraise_interrupt(error)
            raise PluginError(
                f"plugin {name!r} ({dist}) cannot be loaded: {describe_error(error)}; "
                f"leave it out with --block {name}"
            ) from error
        _register(manager, plugin, name)
        manager.origins[name] = (dist, entries[0].version)
    for name, plugin in extra:
        if name in blocked:
            left_out.append(LeftOut(name, None, "blocked"))
            continue
        _register(manager, plugin, name)
    manager.left_out = tuple(sorted(left_out, key=lambda item: item.plugin))
    return manager


def _normal(distribution: str) -> str:
    """A distribution name as packaging compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _register(manager: PluginManager, plugin: object, name: str) -> None:
    if manager.get_plugin(name) is not None:
        raise PluginError(f"plugin name {name!r} is registered twice")
    try:
        manager.register(plugin, name=name)
        manager.check_pending()
    except (pluggy.PluginValidationError, ValueError) as error:
        hint = ""
        if "{'layer'}" in str(error):
            hint = (
                "; since edu-rules 0.2 the hooks take no 'layer' argument (a plugin has "
                "one layer): remove it from the hook's parameters"
            )
        raise PluginError(f"plugin {name!r}: {error}{hint}") from error


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
    def names(self) -> tuple[str, ...]:
        """The layers' names, top down."""
        return tuple(loaded.layer.name for loaded in self.layers)

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
        data_fields: DataFields = NO_FIELDS,
    ) -> None:
        """Hold checked layers (sorted top down) and evaluators; compile rule sets lazily."""
        self.manager = manager
        self.layers: tuple[LoadedLayer, ...] = tuple(sorted(layers, key=lambda x: x.layer.sort_key))
        self.evaluators = evaluators
        self.data_fields = data_fields
        """The extra county, school and stage fields the plugins declare (see
        :mod:`edu_rules.model.datafields`)."""
        self.left_out: tuple[LeftOut, ...] = getattr(manager, "left_out", ())
        """Installed plugins that were not loaded: every result says so."""
        self._by_name = {loaded.layer.name: loaded for loaded in self.layers}
        self._definitions = {
            definition.id: definition for loaded in self.layers for definition in loaded.definitions
        }
        self.ruleset = functools.lru_cache(maxsize=256)(self._compile)
        self.plugin_runs = 0
        """How many times plugin code has run since load (hooks and evaluators); rule sets
        are checked against their fingerprints again only after it moved (:meth:`intact`)."""
        self.tampered: str | None = None
        """Set once rule data is found changed after load: every later unit is a fault."""
        self._source_print = fingerprint(self._sources())
        self._sources_checked_at = 0

    def _sources(self) -> tuple[Any, ...]:
        return tuple(
            (loaded.definitions, loaded.overrides, loaded.adoptions) for loaded in self.layers
        )

    def intact(self, ruleset: RuleSet) -> bool:
        """Whether ``ruleset``'s rules are as compiled (plugin code may have changed them).

        Also whether the one empty map of plugin data that every county, school and stage
        without any shares is still empty: a county is handed to hooks itself, so forcing
        a change into that map would reach every other unit.

        Read afresh only when plugin code ran since the last look; once a change is found,
        every rule set of this registry is suspect and this answers ``False`` for good.
        """
        if self.tampered is not None:
            return False
        if ruleset.cache.get("verified_at") == self.plugin_runs:
            return True
        if _rules_print(ruleset.rules) != ruleset.cache.get("print"):
            self.tampered = f"rules of {' + '.join(ruleset.names)} on {ruleset.as_of}"
            return False
        if len(_SHARED_EMPTY._data):  # noqa: SLF001 - read past the mapping's own methods
            self.tampered = "the empty plugin-data map every county shares"
            return False
        ruleset.cache["verified_at"] = self.plugin_runs
        return True

    def call(self, loaded: LoadedLayer, hook: str, **kwargs: Any) -> Any:
        """Call ``hook`` on the plugin of ``loaded`` alone; its answer (``None`` if it has none)."""
        self.plugin_runs += 1
        return call_plugin(self.manager, hook, self.plugin(loaded), **kwargs)

    def implements(self, loaded: LoadedLayer, hook: str) -> bool:
        """Whether the plugin of ``loaded`` implements ``hook``."""
        plugin = self.plugin(loaded)
        caller = getattr(self.manager.hook, hook)
        return any(impl.plugin is plugin for impl in caller.get_hookimpls())

    def chain(self, code: str) -> tuple[LoadedLayer, ...]:
        """The layers governing ``code``, top down."""
        return tuple(loaded for loaded in self.layers if loaded.layer.governs(code))

    def layer(self, name: str) -> LoadedLayer:
        """The loaded layer called ``name``."""
        return self._by_name[name]

    def evaluator(self, name: str) -> Evaluator:
        """The evaluator object called ``name``: its judge, remedy, boundaries and chart."""
        return self.evaluators[name][0]

    def provider(self, name: str) -> str:
        """The plugin that provides the evaluator called ``name`` (``"edu_rules"``: the core)."""
        return self.evaluators[name][1]

    def definition(self, rule_id: str) -> RuleDef | None:
        """The definition of the rule ``rule_id`` in any loaded layer, or ``None``."""
        return self._definitions.get(rule_id)

    def evaluator_of(self, rule_id: str) -> Evaluator | None:
        """The evaluator that applies the rule ``rule_id`` (on any date), or ``None`` if unknown.

        An override changes a rule's values, never its evaluator, so the definition
        tells.  Reports use this to know how a finding is drawn.
        """
        definition = self._definitions.get(rule_id)
        return None if definition is None else self.evaluator(definition.evaluator)

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
                    provisions=definition.provisions,
                )
            for override in loaded.overrides:
                current = compiled.get(override.overrides)
                version = version_on(override.values, as_of)
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
        return self._fingerprinted(RuleSet(layers=layers, as_of=as_of, rules=FrozenMap(compiled)))

    def _fingerprinted(self, ruleset: RuleSet) -> RuleSet:
        """``ruleset`` with the fingerprint of its rules, once the sources are seen intact."""
        if self._sources_checked_at != self.plugin_runs:
            if fingerprint(self._sources()) != self._source_print:
                self.tampered = "the loaded layers' rule data"
            self._sources_checked_at = self.plugin_runs
        ruleset.cache["print"] = _rules_print(ruleset.rules)
        ruleset.cache["verified_at"] = self.plugin_runs
        return ruleset


def _rules_print(rules: Mapping[str, Rule]) -> int:
    """The fingerprint of what a verdict depends on in ``rules`` (not titles or citations)."""
    return fingerprint(
        tuple(
            (
                rule_id,
                rule.definition.effect,
                rule.definition.comparator,
                rule.definition.evaluator,
                rule.definition.subject,
                rule.definition.family,
                rule.definition.params,
                rule.value,
                rule.provisions,
            )
            for rule_id, rule in rules.items()
        )
    )


def _apply_override(
    rule: Rule,
    override: Override,
    loaded: LoadedLayer,
    version: tuple[dt.date, Mapping[str, Any]],
) -> Rule:
    """``rule`` with ``override``'s values laid over it; never looser, unless excepted.

    The check here is the last word on tighten-only: it compares the values actually
    applied with the values of the layers above (their overrides included) on this
    date, leaf by leaf, so no shape of rule data and no stacking of layers loosens a
    higher standard without an authorised exception.
    """
    value = deep_merge(rule.value, version[1])
    directions = rule.definition.stricter_directions()
    found = loosenings(
        looser_values(rule.value, value, directions),
        override.provisions,
        value,
        directions,
        split_reference(rule),
    )
    problems = uncovered(found, override.exception)
    if problems:
        raise PluginError(
            f"{_culprit(loaded.plugin_name, loaded.layer, override.source_file)}: override "
            f"of {rule.id!r} loosens the standard of the layers above ({'; '.join(problems)})"
            f"{_EXCEPTION_HINT}{_items_of(found, override.exception)}"
        )
    definition = attrs.evolve(
        rule.definition,
        citation=override.citation,
        source_status=override.source_status,
        note=override.note or rule.definition.note,
    )
    return Rule(
        definition=definition,
        layer=loaded.layer,
        value=value,
        provisions=(*rule.provisions, *override.provisions),
        effective_from=max(rule.effective_from, version[0]),
        effective_to=rule.effective_to,
        provenance=(
            *rule.provenance,
            Provenance(loaded.layer.name, "overrides", override.citation),
        ),
    )


def call_plugin(manager: pluggy.PluginManager, hook: str, plugin: object, **kwargs: Any) -> Any:
    """Call ``hook`` on ``plugin`` alone, through pluggy; its one answer, or ``None``.

    For a ``firstresult`` hook pluggy gives the answer itself; for the others, a list of
    the plugin's answers (one, or none if the plugin does not implement the hook).
    """
    others = [p for p in manager.get_plugins() if p is not plugin]
    caller = manager.subset_hook_caller(hook, remove_plugins=others)
    answer = caller(**kwargs)
    if isinstance(answer, list) and not caller.spec.opts.get("firstresult"):  # type: ignore[union-attr]
        return answer[0] if answer else None
    return answer


def _culprit(loaded_name: str, layer: Layer | None, source: str | None = None) -> str:
    parts = [f"plugin {loaded_name!r}"]
    if layer is not None and layer.distribution:
        parts.append(f"({layer.distribution} {layer.version})")
    if source:
        parts.append(f"file {source}")
    return " ".join(parts)


def _asked(manager: pluggy.PluginManager, plugin: object, where: str, hook: str, **kw: Any) -> Any:
    """A load-time hook's answer; an exception in it is a :class:`PluginError` naming it."""
    try:
        answer = call_plugin(manager, hook, plugin, **kw)
        # An answer that is an iterator runs plugin code when read: read it here, guarded.
        if isinstance(answer, Iterator):
            answer = list(answer)
    except PluginError:
        raise
    except BaseException as error:  # a hook may raise anything, even SystemExit
        reraise_interrupt(error)
        raise PluginError(f"{where}: hook {hook} raised {describe_error(error)}") from error
    return answer


def _items(answer: Any, where: str, hook: str, kinds: tuple[type, ...], wanted: str) -> list[Any]:
    """The items of an iterable hook answer, each checked to be one of ``kinds``."""
    if answer is None:
        return []
    if isinstance(answer, str | bytes | Mapping) or not isinstance(answer, Iterable):
        raise PluginError(
            f"{where}: hook {hook} must return an iterable of {wanted}, not {answer!r}"
        )
    items = list(answer)
    for index, item in enumerate(items):
        if not isinstance(item, kinds):
            raise PluginError(
                f"{where}: hook {hook} returned item {index} of type {type(item).__name__} "
                f"({item!r:.80}); each must be {wanted} (a nested list is not flattened)"
            )
    return items


def _evaluators_of(
    manager: pluggy.PluginManager, plugin: object, where: str
) -> dict[str, Evaluator]:
    answer = _asked(manager, plugin, where, "edu_rules_evaluators")
    if answer is None:
        return {}
    if not isinstance(answer, Mapping):
        raise PluginError(
            f"{where}: hook edu_rules_evaluators must return a mapping of names to "
            f"evaluators, not {answer!r:.80}"
        )
    for name, function in answer.items():
        if not isinstance(name, str) or not callable(function):
            raise PluginError(
                f"{where}: hook edu_rules_evaluators: {name!r} must name a callable evaluator"
            )
    return {name: as_evaluator(function) for name, function in answer.items()}


def load_registry(manager: pluggy.PluginManager | None = None) -> Registry:
    """Ask every plugin for its contributions, check them together, and build a registry.

    Every hook's answer is checked against the type its specification declares; an
    exception in a hook, or an answer of the wrong type, is a :class:`PluginError`
    naming the plugin, its distribution, the hook and the item.
    """
    manager = manager if manager is not None else make_plugin_manager()
    origins: Mapping[str, tuple[str, str]] = getattr(manager, "origins", {})
    loaded_layers: list[LoadedLayer] = []
    data_fields = NO_FIELDS
    evaluators: dict[str, tuple[Evaluator, str]] = {
        name: (function, "edu_rules") for name, function in BUILTIN_EVALUATORS.items()
    }
    for plugin in manager.get_plugins():
        if plugin is hookspecs:
            continue
        name = manager.get_name(plugin) or repr(plugin)
        dist = origins.get(name)
        where = f"plugin {name!r}" + (f" ({dist[0]} {dist[1]})" if dist else "")
        for evaluator_name, function in _evaluators_of(manager, plugin, where).items():
            if evaluator_name in evaluators:
                raise PluginError(
                    f"{where}: evaluator {evaluator_name!r} is already "
                    f"provided by {evaluators[evaluator_name][1]!r}"
                )
            evaluators[evaluator_name] = (function, name)
        layer = _asked(manager, plugin, where, "edu_rules_layer")
        if layer is None:
            continue
        if not isinstance(layer, Layer):
            raise PluginError(f"{where}: edu_rules_layer must return a Layer, not {layer!r:.80}")
        if dist is not None:
            layer = attrs.evolve(layer, distribution=dist[0], version=dist[1])
        _check_layer(name, layer)
        contributed = _items(
            _asked(manager, plugin, where, "edu_rules_rules"),
            where, "edu_rules_rules", (RuleDef, Override), "a RuleDef or an Override",
        )  # fmt: skip
        adoptions = _items(
            _asked(manager, plugin, where, "edu_rules_adoptions"),
            where, "edu_rules_adoptions", (Adoption,), "an Adoption",
        )  # fmt: skip
        data_fields += _data_fields_of(manager, plugin, where, layer)
        loaded_layers.append(
            LoadedLayer(
                layer=layer,
                plugin_name=name,
                definitions=tuple(d for d in contributed if isinstance(d, RuleDef)),
                overrides=tuple(
                    _owned(d, layer.name) for d in contributed if isinstance(d, Override)
                ),
                adoptions=tuple(adoptions),
            )
        )
    _check_together(loaded_layers, evaluators, data_fields)
    registry = Registry(manager, loaded_layers, evaluators, data_fields)
    _check_stacking(registry)
    return registry


def _data_fields_of(
    manager: pluggy.PluginManager, plugin: object, where: str, layer: Layer
) -> DataFields:
    """The data fields a plugin declares for its layer, checked."""
    answer = _asked(manager, plugin, where, "edu_rules_data_fields")
    try:
        return declared(answer, layer.name)
    except ValueError as error:
        raise PluginError(f"{where}: hook edu_rules_data_fields: {error}") from error


def _owned(override: Override, layer: str) -> Override:
    """``override`` with its provisions recorded as the layer's own."""
    if not override.provisions:
        return override
    return attrs.evolve(
        override, provisions=tuple(attrs.evolve(p, layer=layer) for p in override.provisions)
    )


def _check_stacking(registry: Registry) -> None:
    """Compile every chain of layers on every date a rule changes: nothing may loosen.

    :func:`loosened` checks each override against the rule it names; stacked layers (a
    city over a province that tightened) are checked here, by compiling, so that an
    error comes at load time rather than in the middle of a batch.
    """
    days: set[dt.date] = set()
    for loaded in registry.layers:
        for definition in loaded.definitions:
            days.update(since for since, _ in definition.values)
        for override in loaded.overrides:
            days.update(since for since, _ in override.values)
    for loaded in registry.layers:
        if not loaded.overrides:
            continue
        chain = tuple(item.layer.name for item in registry.chain(loaded.layer.jurisdiction))
        for day in sorted(days):
            registry.ruleset(chain, day)


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
    loaded_layers: Sequence[LoadedLayer],
    evaluators: Mapping[str, tuple[Evaluator, str]],
    data_fields: DataFields,
) -> None:
    _check_claims(loaded_layers)
    all_definitions = _check_definitions(loaded_layers, evaluators)
    _check_overrides(loaded_layers, all_definitions)
    _check_provisions(loaded_layers, all_definitions, evaluators, data_fields)
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
            _check_exception(where, override)
            directions = base.stricter_directions()
            found = loosenings(loosened(base, override), (), {}, directions)
            problems = uncovered(found, override.exception)
            if problems:
                raise PluginError(
                    f"{where}: override of {override.overrides!r} loosens a higher standard ("
                    + "; ".join(problems)
                    + f"){_EXCEPTION_HINT}{_items_of(found, override.exception)}"
                )


_EXCEPTION_HINT = (
    '; an authorised exception must say so and name what it excuses: "exception": '
    '{"citation", "reason", "covers": [...]}'
)


def _items_of(found: Iterable[tuple[str, str]], exception: Any) -> str:
    """What ``covers`` would have to name, for the error message."""
    items = sorted({item for item, _ in found if exception is None or not exception.excuses(item)})
    return f" (covers would name: {', '.join(items)})" if items else ""


def _check_exception(where: str, override: Override) -> None:
    """An exception has a citation and a reason a reader can see, and names what it covers."""
    exception = override.exception
    if exception is None:
        return
    for name in ("citation", "reason"):
        if not visible(getattr(exception, name)):
            raise PluginError(
                f"{where}: the exception of the override of {override.overrides!r} has no "
                f"visible {name} (only white space or invisible characters)"
            )
    if not exception.covers:
        raise PluginError(
            f"{where}: the exception of the override of {override.overrides!r} must name "
            'what it excuses: "covers": ["threshold", "provision:<id>", ...]'
        )
    own = {f"provision:{p.id}" for p in override.provisions}
    for item in exception.covers:
        if item.startswith("provision:") and item not in own:
            raise PluginError(
                f"{where}: the exception of the override of {override.overrides!r} covers "
                f"{item!r}, which is not a provision of this override"
            )


def _check_provisions(
    loaded_layers: Sequence[LoadedLayer],
    all_definitions: Mapping[str, tuple[RuleDef, LoadedLayer]],
    evaluators: Mapping[str, tuple[Evaluator, str]],
    data_fields: DataFields,
) -> None:
    """Each provision tests known fields (data fields too) and suits its rule's evaluator."""
    for loaded in loaded_layers:
        entries: list[tuple[RuleDef, Sequence[Provision], str | None]] = [
            (d, d.provisions, d.source_file) for d in loaded.definitions
        ]
        entries += [
            (all_definitions[o.overrides][0], o.provisions, o.source_file) for o in loaded.overrides
        ]
        for definition, provisions, source in entries:
            if not provisions:
                continue
            where = _culprit(loaded.plugin_name, loaded.layer, source)
            function = evaluators[definition.evaluator][0]
            for problem in provision_problems(definition, provisions, function, data_fields):
                raise PluginError(f"{where}: rule {definition.id!r}: {problem}")


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


def fields_of(registry: Registry | None) -> DataFields:
    """The fields the plugins of ``registry`` declare; by default the installed plugins'."""
    if registry is None:
        registry = default_registry()
    return registry.data_fields


def layer_rows(registry: Registry) -> list[dict[str, Any]]:
    """One plain row per installed layer, top down (also what ``GET /v1/layers`` answers)."""
    return [
        {
            "name": loaded.layer.name,
            "level": loaded.layer.level.value,
            "jurisdiction": loaded.layer.jurisdiction,
            "citation": loaded.layer.citation,
            "title": {"zh": loaded.layer.title.zh, "en": loaded.layer.title.en},
            "distribution": loaded.layer.distribution,
            "version": loaded.layer.version,
            "rules": len(loaded.definitions),
            "overrides": len(loaded.overrides),
        }
        for loaded in registry.layers
    ]


_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]+[〔［\[]\d{4}[〕］\]]\d+号")


def citation_warnings(registry: Registry, lang: str = "zh") -> list[str]:
    """One warning per layer and foreign document its rules cite; never an error, never a verdict.

    A citation's document is the first document number it names (``示教督〔2020〕1号 · 资源配置
    · 第三条`` → ``示教督〔2020〕1号``), or else its first part.  A rule (or an override, or a
    provision of either) should cite its layer's document (``Layer.citation``) or one the
    layer lists in ``Layer.documents``; an override may also cite a document of a layer above
    that governs its codes, whose rule it replaces.  An authorised exception names whoever
    authorises it and is not checked.  What this catches: a copied plugin template whose
    rules still cite the template's document.
    """
    from edu_rules._messages import message

    def document(citation: str) -> str:
        found = _DOCUMENT_NUMBER.search(citation)
        return found.group() if found else citation.split(" · ", 1)[0].strip()

    def own(loaded: LoadedLayer) -> set[str]:
        layer = loaded.layer
        extra = layer.documents if isinstance(layer.documents, tuple) else ()
        return {document(layer.citation), *(document(d) for d in extra if isinstance(d, str))}

    lines = []
    for loaded in registry.layers:
        mine = own(loaded)
        above = set(mine)
        for higher in registry.chain(loaded.layer.jurisdiction):
            above |= own(higher)
        foreign: dict[str, list[str]] = {}
        entries: list[tuple[str, RuleDef | Override, set[str]]] = [
            (d.id, d, mine) for d in loaded.definitions
        ]
        entries += [(o.overrides, o, above) for o in loaded.overrides]
        for rule_id, item, allowed in entries:
            for citation in (item.citation, *(p.citation for p in item.provisions)):
                named = document(citation)
                if named not in allowed:
                    foreign.setdefault(named, []).append(rule_id)
        for named, rule_ids in foreign.items():
            shown = list(dict.fromkeys(rule_ids))
            lines.append(
                message(
                    "plugins.foreign_citation",
                    lang,
                    plugin=loaded.plugin_name,
                    layer=loaded.layer.name,
                    n=len(shown),
                    rules=", ".join(shown[:5]) + (" …" if len(shown) > 5 else ""),
                    cited=named,
                    document=document(loaded.layer.citation),
                )
            )
    return lines

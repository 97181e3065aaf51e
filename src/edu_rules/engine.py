"""The engine: stack the layers that govern a county, evaluate their rules, form the verdict.

``evaluate`` is deterministic: the same county gives the same result (and the same
JSON bytes), whatever the order plugins were installed in.  It never lets a failure
pass silently: a plugin that raises becomes a :class:`~edu_rules.model.result.Fault` and an
``error`` finding, and the status is then at best ``incomplete``.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from itertools import islice
from typing import Any

import attrs

from edu_rules._budget import reraise_interrupt, time_budget
from edu_rules._frozen import independent_copy
from edu_rules._limits import MAX_OBSERVATIONS
from edu_rules._messages import message
from edu_rules._version import version
from edu_rules.layering import Judged, Prefix, plan_prefixes
from edu_rules.layering import apply as apply_law
from edu_rules.model._columns import Row, row_of
from edu_rules.model.county import County
from edu_rules.model.errors import describe_error
from edu_rules.model.evaluation import Context, Observation
from edu_rules.model.layers import Title
from edu_rules.model.prepare import Prepared
from edu_rules.model.provisions import ProvisionKind, split_shared
from edu_rules.model.result import (
    RESULT_SCHEMA_VERSION,
    Block,
    CountyRef,
    Fault,
    Finding,
    FindingTable,
    LayerInfo,
    LeftOutLayer,
    Note,
    Outcome,
    ProvenanceRecord,
    Remedy,
    Result,
    Status,
    Subject,
    Summary,
)
from edu_rules.model.rules import Effect, Rule, SubjectKind, version_on, visible
from edu_rules.plugins import LoadedLayer, Registry, RuleSet, default_registry

FAMILY_ORDER = (
    "eligibility",
    "veto",
    "social",
    "resource",
    "balance",
    "guarantee",
    "quality",
    "procedure",
    "schedule",
    "measure",
)
"""The order families appear in results and reports."""

_UNKNOWN = (Outcome.NOT_EVALUABLE, Outcome.ERROR)
_UNRESOLVED = (*_UNKNOWN, Outcome.MANUAL)


def default_as_of(assessment_year: int) -> dt.date:
    """The date whose rules apply to an assessment year: its last day."""
    return dt.date(assessment_year, 12, 31)


def _rule_fields(rule: Rule) -> dict[str, Any]:
    """The fields every finding of ``rule`` shares: who made the rule, where it stands in law."""
    definition = rule.definition
    fields: dict[str, Any] = {
        "rule": rule.id,
        "family": definition.family,
        "effect": definition.effect.value,
        "title": definition.title,
        "layer": rule.layer.name,
        "citation": rule.citation,
        "source_status": definition.source_status.value,
        "effective_from": rule.effective_from.isoformat(),
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
        "provenance": tuple(
            ProvenanceRecord(layer=p.layer, role=p.role, citation=p.citation)
            for p in rule.provenance
        ),
        "comparator": definition.comparator,
        "unit": definition.unit,
    }
    fields["head"] = tuple(fields[name] for name in _FINDING_FIELDS[:10])
    return fields


_FINDING_FIELDS = (
    "rule", "family", "effect", "title", "layer", "citation", "source_status", "effective_from",
    "effective_to", "provenance", "subject", "outcome", "measured", "required", "comparator",
    "unit", "gap", "remedies", "missing", "note", "details",
)  # fmt: skip
"""The fields of :class:`Finding`, in its order: findings are built positionally, which
is measurably faster for the ~2,000 findings of a large county (a test keeps the two
in step)."""


def _shared_fields(ruleset: RuleSet) -> dict[str, dict[str, Any]]:
    """Every rule's shared finding fields, built once per rule set and kept with it."""
    fields: dict[str, dict[str, Any]] | None = ruleset.cache.get("finding_fields")
    if fields is None:
        fields = {rule_id: _rule_fields(rule) for rule_id, rule in ruleset.rules.items()}
        ruleset.cache["finding_fields"] = fields
    return fields


DEFAULT_RULE_SECONDS = 10.0
"""The time budget of one plugin evaluator (or preparation hook) for one county, in seconds."""


def copy_county(county: County) -> County:
    """A deep copy of ``county``: independent of the original even under ``object.__setattr__``.

    The engine hands the county itself to hooks; a platform that wants to give plugin
    code a county it will not see again may copy it with this.
    """
    copied: County = independent_copy(county)
    return copied


def _checked_prepared(prepared: object, county: County) -> Prepared | None:
    if prepared is None:
        return None
    if not isinstance(prepared, Prepared) or prepared.counties is not None:
        raise TypeError(
            f"edu_rules_prepare_county must return None or Prepared(note, county=…), "
            f"not {prepared!r:.80}"
        )
    if not isinstance(prepared.note, Title):
        raise TypeError("edu_rules_prepare_county: Prepared.note must be a Title(zh, en)")
    if prepared.county is not None and (
        not isinstance(prepared.county, County) or prepared.county.code != county.code
    ):
        raise TypeError(
            f"edu_rules_prepare_county must return the county it was given ({county.code}), "
            "adjusted, not another unit"
        )
    return prepared


def prepare_county(
    county: County,
    chain: Sequence[LoadedLayer],
    registry: Registry,
    *,
    seconds: float | None = DEFAULT_RULE_SECONDS,
) -> tuple[County, list[Note], list[Fault]]:
    """Let each layer of ``chain`` prepare ``county`` (``edu_rules_prepare_county``), top down.

    Returns the county as the rules will see it, the layers' notes on what they did,
    and a fault for each layer whose hook raised, ran past ``seconds`` or answered
    something else than its specification says (the county goes on unprepared by it;
    the fault keeps the verdict from being a pass).  ``county`` is deeply immutable
    (frozen attrs classes, tuples, exact numbers), so no hook can change it by accident; it
    is given to each hook itself, not copied (``edu_rules.testing`` checks at test time
    that a layer's hooks leave it as it was), and a hook returns an adjusted county.  The
    planner calls this too, so that it plans on exactly the data the rules judge.
    """
    notes: list[Note] = []
    faults: list[Fault] = []
    for loaded in chain:
        if not registry.implements(loaded, "edu_rules_prepare_county"):
            continue
        try:
            with time_budget(seconds):
                answer = registry.call(
                    loaded,
                    "edu_rules_prepare_county",
                    county=county,
                )
            prepared = _checked_prepared(answer, county)
            if prepared is not None and prepared.county is not None:
                only_adds(county, prepared.county, prepared.note)
        except BaseException as error:  # noqa: BLE001 - a plugin's failure is reported
            reraise_interrupt(error)
            faults.append(Fault(loaded.plugin_name, None, "prepare_county", describe_error(error)))
            continue
        if prepared is None:
            continue
        if prepared.county is not None:
            county = prepared.county
        notes.append(Note(layer=loaded.layer.name, zh=prepared.note.zh, en=prepared.note.en))
    return county, notes, faults


def only_adds(county: County, after: County, note: Title) -> None:
    """``after`` (a layer's preparation) keeps every school of ``county`` and every figure.

    A layer may add schools (Liuzhou folds a functional zone's schools into its host unit),
    saying why in its ``note``; dropping or altering what the document says would let a
    layer make a unit look better than its data.  Raises ``ValueError`` naming what changed.
    """
    if attrs.evolve(after, schools=county.schools) != county:
        changed = [
            field.name
            for field in attrs.fields(County)
            if field.name != "schools" and getattr(after, field.name) != getattr(county, field.name)
        ]
        raise ValueError(
            "edu_rules_prepare_county may add schools, never change the unit's own figures "
            f"(changed: {', '.join(changed)})"
        )
    kept = {school.id: school for school in after.schools}
    if len(kept) != len(after.schools):
        raise ValueError("edu_rules_prepare_county may not give two schools one id")
    for school in county.schools:
        if school.id not in kept:
            raise ValueError(
                f"edu_rules_prepare_county may add schools, never drop one (dropped: {school.id})"
            )
        if kept[school.id] != school:
            raise ValueError(
                f"edu_rules_prepare_county may add schools, never alter one (altered: {school.id})"
            )
    if len(after.schools) > len(county.schools) and not visible(note.zh):
        raise ValueError("edu_rules_prepare_county added schools without a note saying why")


def _is_exact(value: object) -> bool:
    return value is None or (isinstance(value, int | Fraction) and not isinstance(value, bool))


_OBSERVATION_CHECKS: tuple[tuple[str, Callable[[Observation], bool]], ...] = (
    ("subject is not a Subject", lambda o: isinstance(o.subject, Subject)),
    ("outcome is not an Outcome", lambda o: isinstance(o.outcome, Outcome)),
    ("measured is not an exact number (int or Fraction)", lambda o: _is_exact(o.measured)),
    ("required is not an exact number (int or Fraction)", lambda o: _is_exact(o.required)),
    ("gap is not an exact number (int or Fraction)", lambda o: _is_exact(o.gap)),
    (
        "remedies is not a tuple of Remedy",
        lambda o: isinstance(o.remedies, tuple) and all(isinstance(r, Remedy) for r in o.remedies),
    ),
    ("note is not text", lambda o: o.note is None or isinstance(o.note, str)),
    ("details is not a mapping", lambda o: o.details is None or isinstance(o.details, Mapping)),
    (
        "missing is not a tuple of field paths",
        lambda o: isinstance(o.missing, tuple) and all(isinstance(p, str) for p in o.missing),
    ),
)
"""What a plugin evaluator's observation must be; the built-in evaluators are tested instead."""


def _checked(observation: object, rule: Rule, context: Context) -> Observation:
    """``observation`` if it is one an evaluator may return for ``rule``; else a TypeError."""
    if not isinstance(observation, Observation):
        raise TypeError(f"an evaluator must yield Observation objects, not {observation!r:.80}")
    problems = [problem for problem, holds in _OBSERVATION_CHECKS if not holds(observation)]
    if observation.rule is not None:
        member = context.rules.get(observation.rule) if isinstance(observation.rule, str) else None
        if member is None or member.id.split(".")[0] != rule.id.split(".")[0]:
            problems.append(
                f"it reports on rule {observation.rule!r:.40}, which is not a rule of its own layer"
            )
    if problems:
        raise TypeError("an evaluator yielded a malformed Observation: " + "; ".join(problems))
    return observation


_NOT_APPLICABLE = "not applicable: no school or school stage of this county is in the rule's scope"
_NO_EVIDENCE = (
    "nothing to measure: no school stage of this county has pupils, so no resource or "
    "balance rule can be met by default"
)


def _nothing_in_scope(context: Context) -> Observation:
    """What a binding school or stage rule that judged nothing finds.

    *Not applicable* where the county has pupils but none in this rule's scope (G6 in a
    county with no small village school); *not evaluable* where the county has no pupils
    at all: a county with no resource evidence cannot pass by having nothing to measure.
    """
    has_pupils = context.memo(
        "has_pupils",
        lambda: any(
            stage.students > 0
            for school in context.county.schools
            for _, stage in school.stages.items()
        ),
    )
    if has_pupils:
        return Observation(context.county_subject(), Outcome.NOT_APPLICABLE, note=_NOT_APPLICABLE)
    return Observation(context.county_subject(), Outcome.NOT_EVALUABLE, note=_NO_EVIDENCE)


def _run_rules(  # noqa: PLR0913, PLR0917 - the run's inputs, named
    rules: Iterable[Rule],
    context: Context,
    registry: Registry,
    faults: list[Fault],
    shared: Mapping[str, Mapping[str, Any]],
    seconds: float | None,
    *,
    kernels: bool = True,
    blocks: dict[str, Block],
) -> None:
    """Every rule's findings, as rows added to ``blocks`` (by rule id, in run order).

    A rule whose evaluator fails yields an error finding.  The evaluator runs, and its
    observations are checked and turned into rows, under one guard: an exception, a
    run past ``seconds`` (plugin evaluators only) or a malformed observation becomes a
    fault and an ``error`` finding for that rule, while the other rules still run.  A
    binding school or stage rule that judges nothing is not met by default: it is not
    evaluable, and says why.  A built-in evaluator's integer kernel, where it has one
    for the rule, gives the rows directly (``kernels=False``: never; every rule is
    judged by its evaluator object).
    """

    def add(rule_id: str, rows: Iterable[Row]) -> None:
        block = blocks.get(rule_id)
        if block is None:
            block = blocks[rule_id] = (shared[rule_id], [])
        block[1].extend(rows)

    for rule in rules:
        evaluator = registry.evaluator(rule.definition.evaluator)
        provider = registry.provider(rule.definition.evaluator)
        budget = None if provider == "edu_rules" else seconds
        registry.plugin_runs += provider != "edu_rules"
        kernel = evaluator.rows if kernels and provider == "edu_rules" else None
        try:
            rows = kernel(rule, context) if kernel is not None else None
            members: list[Observation] = []
            if rows is None:
                observations = _observations(evaluator, rule, context, budget=budget)
                if provider != "edu_rules":
                    observations = [_checked(item, rule, context) for item in observations]
                rows = [row_of(item) for item in observations if not item.rule]
                members = [item for item in observations if item.rule]
                for item in members:
                    context.rules[str(item.rule)]  # a member rule must exist
        except BaseException as error:  # noqa: BLE001 - plugin code may raise anything; a fault
            reraise_interrupt(error, plugin_code=provider != "edu_rules")
            plugin = (
                provider if provider != "edu_rules" else registry.layer(rule.layer.name).plugin_name
            )
            message = describe_error(error)
            faults.append(Fault(plugin, rule.id, "evaluate", message))
            add(rule.id, [row_of(_error_observation(context, message))])
            continue
        if (
            not rows
            and not members
            and rule.definition.subject is not SubjectKind.COUNTY
            and rule.definition.effect is not Effect.ADVISORY
        ):
            rows = [row_of(_nothing_in_scope(context))]
        add(rule.id, rows)
        for item in members:
            add(str(item.rule), [row_of(item)])


def _observations(
    evaluator: Any, rule: Rule, context: Context, *, budget: float | None
) -> list[Observation]:
    """What ``evaluator`` finds for ``rule``, within its time budget and a bounded count."""
    with time_budget(budget):
        observations = list(islice(evaluator.judge(rule, context), MAX_OBSERVATIONS + 1))
    if len(observations) > MAX_OBSERVATIONS:
        message = f"the evaluator yielded more than {MAX_OBSERVATIONS} findings"
        raise ValueError(message)
    return observations


def _error_observation(context: Context, message: str) -> Observation:
    return Observation(subject=context.county_subject(), outcome=Outcome.ERROR, note=message)


def verdict(findings: Iterable[Finding], faults: Sequence[Fault], rules_applied: int) -> Status:
    """The county's status from its binding findings.

    ``ineligible`` if an eligibility or veto rule is short; else ``fail`` if any binding
    rule is short; else ``incomplete`` if anything could not be evaluated, a plugin
    failed, or no rule applied at all; else ``pass``.
    """
    return _status(((f.effect, (f.outcome,)) for f in findings), faults, rules_applied)


def _status(
    findings: Iterable[tuple[str, Iterable[Outcome]]], faults: Sequence[Fault], rules_applied: int
) -> Status:
    """:func:`verdict` on ``(effect, outcomes)`` pairs: the one place a verdict is formed.

    Each pair is an effect and the outcomes of some of its findings (a rule's run of
    findings: the outcomes of its rows).
    """
    advisory, shortfall = Effect.ADVISORY.value, Outcome.SHORTFALL
    short: set[str] = set()
    unresolved = False
    for effect, outcomes in findings:
        if effect == advisory:
            continue
        present = list(outcomes)  # searched by identity: an enum member hashes in Python
        if shortfall in present:
            short.add(effect)
        unresolved = unresolved or any(outcome in present for outcome in _UNRESOLVED)
    if short & {Effect.ELIGIBILITY.value, Effect.VETO.value}:
        return Status.INELIGIBLE
    if short:
        return Status.FAIL
    if faults or rules_applied == 0 or unresolved:
        return Status.INCOMPLETE
    return Status.PASS


_OUTCOME_OF_ROW = operator.itemgetter(1)


def _block_outcomes(blocks: Iterable[Block]) -> Iterator[tuple[str, Iterable[Outcome]]]:
    for fields, rows in blocks:
        yield fields["effect"], map(_OUTCOME_OF_ROW, rows)


def _order(blocks: dict[str, Block], rule_order: dict[str, int]) -> list[Block]:
    """Blocks by family (:data:`FAMILY_ORDER`), then rule order; rows by subject."""
    family_rank = {family: index for index, family in enumerate(FAMILY_ORDER)}
    ordered = sorted(
        blocks.items(),
        key=lambda item: (
            family_rank.get(item[1][0]["family"], len(FAMILY_ORDER)),
            rule_order.get(item[0], len(rule_order)),
        ),
    )
    for _, (_, rows) in ordered:
        if len(rows) > 1:
            rows.sort(key=_subject_key)
    return [block for _, block in ordered]


def _subject_key(row: Row) -> tuple[str, str, str]:
    return row[0].sort_key


def evaluate(  # noqa: PLR0913 - keyword-only options, each documented
    county: County,
    *,
    registry: Registry | None = None,
    as_of: dt.date | None = None,
    notes: Sequence[Note] = (),
    faults: Sequence[Fault] = (),
    rule_seconds: float | None = DEFAULT_RULE_SECONDS,
    kernels: bool = True,
) -> Result:
    """Evaluate ``county`` through every layer that governs it.

    :param county: a validated county (see :func:`edu_rules.load_county`).
    :param registry: the plugins to use; by default the installed ones.
    :param as_of: the date whose rules apply; by default the last day of the
        assessment year.
    :param notes: notes about what was done to the data before this call (a batch
        folding a functional zone's document into this unit); they come first in
        ``result.notes``.
    :param faults: failures of this unit's layers before this call (a batch hook that
        raised); they count in the verdict, which is then never ``pass``.
    :param rule_seconds: the time budget of each plugin evaluator and preparation hook
        (``None``: none); one that runs longer is a fault and an error finding.
    :param kernels: use the built-in evaluators' exact integer kernels where a rule has
        no provisions (the default); ``False`` judges every rule through its evaluator
        object, the reference path the kernels are tested against.  Both give equal results.
    """
    registry = registry if registry is not None else default_registry()
    as_of = as_of if as_of is not None else default_as_of(county.assessment_year)
    chain = registry.chain(county.code)
    if registry.tampered is not None:
        return unit_failure(
            county,
            registry=registry,
            notes=notes,
            faults=[Fault("edu_rules", None, "rule_data", _tampered(registry))],
        )
    prepared, county_notes, county_faults = prepare_county(
        county, chain, registry, seconds=rule_seconds
    )
    faults = [*faults, *county_faults]
    ruleset = registry.ruleset(tuple(loaded.layer.name for loaded in chain), as_of)
    prepared, split_notes = _split(prepared, ruleset)
    county_notes += split_notes
    context = Context(county=prepared, rules=ruleset.rules, as_of=as_of, kernels=kernels)

    shared = _shared_fields(ruleset)
    blocks: dict[str, Block] = {}
    _run_rules(
        ruleset.binding, context, registry, faults, shared, rule_seconds,
        kernels=kernels, blocks=blocks,
    )  # fmt: skip
    law = _hold_to_law(
        registry, chain, ruleset, prepared, blocks, shared, seconds=rule_seconds, kernels=kernels
    )
    faults += law.faults
    context.provisional_status = _status(
        _block_outcomes(blocks.values()), faults, len(ruleset.binding)
    )
    _run_rules(
        ruleset.advisory, context, registry, faults, shared, rule_seconds,
        kernels=kernels, blocks=blocks,
    )  # fmt: skip
    status = _status(_block_outcomes(blocks.values()), faults, len(ruleset.binding))
    if not all(registry.intact(rules) for rules in (ruleset, *law.rulesets)):
        return unit_failure(
            county,
            registry=registry,
            notes=notes,
            faults=[Fault("edu_rules", None, "rule_data", _tampered(registry))],
        )

    rule_order = {rule_id: index for index, rule_id in enumerate(ruleset.rules)}
    return _assemble(
        county,
        registry,
        chain,
        as_of,
        status=status,
        rules_applied=len(ruleset.rules),
        findings=FindingTable(_order(blocks, rule_order)),
        faults=faults,
        notes=(*notes, *county_notes),
        exceptions=len(law.relied_on),
    )


def _tampered(registry: Registry) -> str:
    return (
        f"rule data changed after load ({registry.tampered}): plugin code running in this "
        "process wrote into the rules; no unit is judged until the process starts afresh"
    )


def prefixes(
    registry: Registry, chain: Sequence[LoadedLayer], ruleset: RuleSet
) -> tuple[Prefix, ...]:
    """The higher prefixes of ``chain`` whose rules a lower layer changes (see :mod:`.layering`).

    Planned once per rule set and kept with it; empty where no lower layer changes a rule of
    the layers above it (the installed layers), so the law then costs nothing per unit.
    """
    planned: tuple[Prefix, ...] | None = ruleset.cache.get("prefixes")
    if planned is None:
        as_of = ruleset.as_of
        planned = ruleset.cache["prefixes"] = plan_prefixes(
            [
                (
                    loaded.layer.name,
                    loaded.plugin_name,
                    [o for o in loaded.overrides if version_on(o.values, as_of) is not None],
                )
                for loaded in chain
            ],
            ruleset.rules,
            lambda names: registry.ruleset(names, as_of).rules,
            lambda rule: registry.provider(rule.definition.evaluator) != "edu_rules",
        )
    return planned


def _hold_to_law(  # noqa: PLR0913, PLR0917 - the run's inputs, named
    registry: Registry,
    chain: Sequence[LoadedLayer],
    ruleset: RuleSet,
    county: County,
    blocks: dict[str, Block],
    shared: Mapping[str, Mapping[str, Any]],
    *,
    seconds: float | None,
    kernels: bool,
) -> Judged:
    """Tighten-only on outcomes: judge what lower layers change again under each prefix."""
    planned = prefixes(registry, chain, ruleset)
    if not planned:
        return Judged()

    def judge(prefix: Prefix) -> tuple[RuleSet, Mapping[str, Block]]:
        rules = registry.ruleset(prefix.names, ruleset.as_of)
        context = Context(county=county, rules=rules.rules, as_of=ruleset.as_of, kernels=kernels)
        found: dict[str, Block] = {}
        _run_rules(
            prefix.rules, context, registry, [], _shared_fields(rules), seconds,
            kernels=kernels, blocks=found,
        )  # fmt: skip
        return rules, found

    plugins = {loaded.layer.name: loaded.plugin_name for loaded in chain}
    return apply_law(planned, blocks, judge, shared, plugins)


def _split(county: County, ruleset: RuleSet) -> tuple[County, list[Note]]:
    """``county`` with its through-schools' shared figures split as a layer declares.

    The split provisions are collected from the rules in force once per rule set; a note
    per school says how its figures were divided, exactly, and under which citation.
    """
    provisions = ruleset.cache.get("splits")
    if provisions is None:
        provisions = ruleset.cache["splits"] = tuple(
            p for rule in ruleset.rules.values() for p in rule.provisions
            if p.kind is ProvisionKind.SPLIT
        )  # fmt: skip
    if not provisions or all(school.shared is None for school in county.schools):
        return county, []
    schools, splits = split_shared(county.schools, provisions)
    notes = [
        _note(
            split.provision.layer,
            "note.split",
            school=split.school.name,
            id=split.school.id,
            shares=", ".join(f"{stage} {_share(share)}" for stage, share in split.shares.items()),
            citation=split.provision.citation,
        )
        for split in splits
    ]
    return attrs.evolve(county, schools=schools), notes


def _share(share: Fraction) -> str:
    return f"{share.numerator}/{share.denominator} ≈ {float(share):.4f}"


def unit_failure(
    county: County,
    *,
    registry: Registry | None = None,
    notes: Sequence[Note] = (),
    faults: Sequence[Fault],
) -> Result:
    """The result of a unit whose evaluation could not finish (its worker died or hung).

    No finding, the faults that say why, and a verdict that is never ``pass``.
    """
    registry = registry if registry is not None else default_registry()
    status = verdict((), faults, 0)
    return _assemble(
        county,
        registry,
        registry.chain(county.code),
        default_as_of(county.assessment_year),
        status=status,
        rules_applied=0,
        findings=FindingTable(),
        faults=faults,
        notes=notes,
    )


def _assemble(  # noqa: PLR0913 - a result's parts, named
    county: County,
    registry: Registry,
    chain: Sequence[LoadedLayer],
    as_of: dt.date,
    *,
    status: Status,
    rules_applied: int,
    findings: FindingTable,
    faults: Sequence[Fault],
    notes: Sequence[Note],
    exceptions: int = 0,
) -> Result:
    counts: dict[Outcome, int] = dict.fromkeys(Outcome, 0)
    by_family: Counter[str] = Counter()
    by_layer: Counter[str] = Counter()
    binding_shortfalls = 0
    advisory, shortfall = Effect.ADVISORY.value, Outcome.SHORTFALL
    for effect, family, layer, outcomes in findings.counts():
        for outcome, count in outcomes.items():
            counts[outcome] += count
        short = outcomes[shortfall]
        if short:
            by_family[family] += short
            by_layer[layer] += short
            binding_shortfalls += short if effect != advisory else 0
    # Data the machine lacked, apart from what only a person can judge: an analyst acts on
    # the first (fill in the figures); the second is the supervisors' checklist.
    return Result(
        schema_version=RESULT_SCHEMA_VERSION,
        status=status,
        county=CountyRef(code=county.code, name=county.name),
        assessment_year=county.assessment_year,
        as_of=as_of.isoformat(),
        engine_version=version(),
        layers=tuple(
            LayerInfo(
                name=loaded.layer.name,
                level=loaded.layer.level.value,
                jurisdiction=loaded.layer.jurisdiction,
                title=loaded.layer.title,
                citation=loaded.layer.citation,
                distribution=loaded.layer.distribution,
                version=loaded.layer.version,
            )
            for loaded in chain
        ),
        official=not registry.left_out,
        left_out=tuple(
            LeftOutLayer(plugin=item.plugin, distribution=item.distribution, reason=item.reason)
            for item in registry.left_out
        ),
        summary=Summary(
            rules_applied=rules_applied,
            findings=len(findings),
            shortfalls=counts[Outcome.SHORTFALL],
            binding_shortfalls=binding_shortfalls,
            not_evaluated=sum(counts[outcome] for outcome in _UNKNOWN),
            manual_checks=counts[Outcome.MANUAL],
            errors=len(faults),
            shortfalls_by_family=dict(sorted(by_family.items())),
            shortfalls_by_layer=dict(sorted(by_layer.items())),
            exceptions=exceptions,
        ),
        faults=tuple(faults),
        notes=(*_left_out_notes(registry), *notes),
        findings=findings,
    )


def _left_out_notes(registry: Registry) -> tuple[Note, ...]:
    if not registry.left_out:
        return ()
    names = ", ".join(item.plugin for item in registry.left_out)
    return (_note("edu_rules", "note.left_out", names=names),)


def _note(layer: str, key: str, **values: object) -> Note:
    """A note in both languages, from the message catalogue."""
    return Note(layer=layer, zh=message(key, "zh", **values), en=message(key, "en", **values))

"""The engine: stack the layers that govern a county, evaluate their rules, form the verdict.

``evaluate`` is deterministic: the same county gives the same result (and the same
JSON bytes), whatever the order plugins were installed in.  It never lets a failure
pass silently: a plugin that raises becomes a :class:`~edu_rules.result.Fault` and an
``error`` finding, and the status is then at best ``incomplete``.
"""

from __future__ import annotations

import datetime as dt
import functools
import traceback
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from typing import Any

from edu_rules._numbers import Exact, to_json_number
from edu_rules.county import County
from edu_rules.evaluation import Context, Observation
from edu_rules.plugins import LoadedLayer, Registry, RuleSet, _call_one, default_registry
from edu_rules.prepare import Prepared
from edu_rules.result import (
    RESULT_SCHEMA_VERSION,
    CountyRef,
    Fault,
    Finding,
    LayerInfo,
    Note,
    Outcome,
    ProvenanceRecord,
    Result,
    Status,
    Subject,
    Summary,
)
from edu_rules.rules import Effect, Rule

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


@functools.cache
def _engine_version() -> str:
    try:
        return metadata.version("edu-rules")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


def _number(value: Exact | None) -> int | float | None:
    return None if value is None else to_json_number(value)


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


def _finding(
    rule: Rule, observation: Observation, fields: Mapping[str, Any] | None = None
) -> Finding:
    """The finding for ``observation``; ``fields`` are ``rule``'s shared ones, if already built."""
    if fields is None:
        fields = _rule_fields(rule)
    details = dict(observation.details) if observation.details is not None else None
    return Finding(  # type: ignore[call-arg]  # the head holds the first ten fields
        *fields["head"],
        observation.subject,
        observation.outcome,
        _number(observation.measured),
        _number(observation.required),
        fields["comparator"],
        fields["unit"],
        _number(observation.gap),
        observation.remedies,
        observation.missing,
        observation.note,
        details,
    )


def _shared_fields(ruleset: RuleSet) -> dict[str, dict[str, Any]]:
    """Every rule's shared finding fields, built once per rule set and kept with it."""
    fields: dict[str, dict[str, Any]] | None = ruleset.cache.get("finding_fields")
    if fields is None:
        fields = {rule_id: _rule_fields(rule) for rule_id, rule in ruleset.rules.items()}
        ruleset.cache["finding_fields"] = fields
    return fields


def _error_finding(rule: Rule, subject: Subject, message: str) -> Finding:
    return _finding(rule, Observation(subject=subject, outcome=Outcome.ERROR, note=message))


def describe_error(error: BaseException) -> str:
    """One line for a plugin's exception: its type, message and where it was raised."""
    frame = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    where = f" (at {frame[0].filename}:{frame[0].lineno})" if frame else ""
    return f"{type(error).__name__}: {error}{where}"


def prepare_county(
    county: County, chain: Sequence[LoadedLayer], registry: Registry
) -> tuple[County, list[Note], list[Fault]]:
    """Let each layer of ``chain`` prepare ``county`` (``edu_rules_prepare_county``), top down.

    Returns the county as the rules will see it, the layers' notes on what they did,
    and a fault for each layer whose hook raised (the county goes on unprepared by
    it; the fault keeps the verdict from being a pass).  The planner calls this too,
    so that it plans on exactly the data the rules judge.
    """
    notes: list[Note] = []
    faults: list[Fault] = []
    for loaded in chain:
        try:
            prepared: Prepared | None = _call_one(
                registry.manager,
                "edu_rules_prepare_county",
                registry.plugin(loaded),
                county=county,
                layer=loaded.layer,
            )
        except Exception as error:  # noqa: BLE001 - a plugin's failure is reported, not raised
            faults.append(Fault(loaded.plugin_name, None, "prepare_county", describe_error(error)))
            continue
        if prepared is None:
            continue
        if prepared.county is not None:
            county = prepared.county
        notes.append(Note(layer=loaded.layer.name, zh=prepared.note.zh, en=prepared.note.en))
    return county, notes, faults


def _run_rules(
    rules: Iterable[Rule],
    context: Context,
    registry: Registry,
    faults: list[Fault],
    shared: Mapping[str, Mapping[str, Any]],
) -> list[Finding]:
    findings: list[Finding] = []
    append = findings.append
    for rule in rules:
        evaluator, provider = registry.evaluator(rule.definition.evaluator)
        try:
            observations = list(evaluator(rule, context))
        except Exception as error:  # noqa: BLE001 - a plugin's failure is reported, not raised
            plugin = (
                provider if provider != "edu_rules" else registry.layer(rule.layer.name).plugin_name
            )
            message = describe_error(error)
            faults.append(Fault(plugin, rule.id, "evaluate", message))
            findings.append(_error_finding(rule, context.county_subject(), message))
            continue
        fields = shared.get(rule.id)
        for observation in observations:
            if observation.rule:
                target = context.rules[observation.rule]
                append(_finding(target, observation, shared.get(target.id)))
            else:
                append(_finding(rule, observation, fields))
    return findings


def verdict(findings: Iterable[Finding], faults: Sequence[Fault], rules_applied: int) -> Status:
    """The county's status from its binding findings.

    ``ineligible`` if an eligibility or veto rule is short; else ``fail`` if any binding
    rule is short; else ``incomplete`` if anything could not be evaluated, a plugin
    failed, or no rule applied at all; else ``pass``.
    """
    binding = [f for f in findings if f.binding]
    short = [f for f in binding if f.outcome is Outcome.SHORTFALL]
    if any(f.effect in {Effect.ELIGIBILITY.value, Effect.VETO.value} for f in short):
        return Status.INELIGIBLE
    if short:
        return Status.FAIL
    if faults or rules_applied == 0 or any(f.outcome in _UNRESOLVED for f in binding):
        return Status.INCOMPLETE
    return Status.PASS


def _order(findings: list[Finding], rule_order: dict[str, int]) -> list[Finding]:
    """Findings by family (:data:`FAMILY_ORDER`), then rule order, then subject."""
    family_rank = {family: index for index, family in enumerate(FAMILY_ORDER)}
    rank: dict[tuple[str, str], tuple[int, int]] = {}

    def key(finding: Finding) -> tuple[tuple[int, int], tuple[str, str, str]]:
        by_rule = rank.get((finding.family, finding.rule))
        if by_rule is None:
            by_rule = rank[finding.family, finding.rule] = (
                family_rank.get(finding.family, len(FAMILY_ORDER)),
                rule_order.get(finding.rule, len(rule_order)),
            )
        return by_rule, finding.subject.sort_key

    return sorted(findings, key=key)


def evaluate(
    county: County,
    *,
    registry: Registry | None = None,
    as_of: dt.date | None = None,
    notes: Sequence[Note] = (),
) -> Result:
    """Evaluate ``county`` through every layer that governs it.

    :param county: a validated county (see :func:`edu_rules.load_county`).
    :param registry: the plugins to use; by default the installed ones.
    :param as_of: the date whose rules apply; by default the last day of the
        assessment year.
    :param notes: notes about what was done to the data before this call (a batch
        folding a functional zone's document into this unit); they come first in
        ``result.notes``.
    """
    registry = registry if registry is not None else default_registry()
    as_of = as_of if as_of is not None else default_as_of(county.assessment_year)
    chain = registry.chain(county.code)
    prepared, county_notes, faults = prepare_county(county, chain, registry)
    ruleset = registry.ruleset(tuple(loaded.layer.name for loaded in chain), as_of)
    context = Context(county=prepared, rules=ruleset.rules, as_of=as_of)

    shared = _shared_fields(ruleset)
    findings = _run_rules(ruleset.binding, context, registry, faults, shared)
    provisional = verdict(findings, faults, len(ruleset.binding))
    context.provisional_status = provisional
    findings += _run_rules(ruleset.advisory, context, registry, faults, shared)
    status = verdict(findings, faults, len(ruleset.binding))

    rule_order = {rule_id: index for index, rule_id in enumerate(ruleset.rules)}
    findings = _order(findings, rule_order)
    shortfalls = tuple(f for f in findings if f.outcome is Outcome.SHORTFALL)
    # Data the machine lacked, apart from what only a person can judge: an analyst acts on
    # the first (fill in the figures); the second is the supervisors' checklist.
    not_evaluated = tuple(f for f in findings if f.outcome in _UNKNOWN)
    manual_checks = tuple(f for f in findings if f.outcome is Outcome.MANUAL)
    return Result(
        schema_version=RESULT_SCHEMA_VERSION,
        status=status,
        county=CountyRef(code=county.code, name=county.name),
        assessment_year=county.assessment_year,
        as_of=as_of.isoformat(),
        engine_version=_engine_version(),
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
        summary=Summary(
            rules_applied=len(ruleset.rules),
            findings=len(findings),
            shortfalls=len(shortfalls),
            binding_shortfalls=sum(1 for f in shortfalls if f.binding),
            not_evaluated=len(not_evaluated),
            manual_checks=len(manual_checks),
            errors=len(faults),
            shortfalls_by_family=dict(sorted(Counter(f.family for f in shortfalls).items())),
            shortfalls_by_layer=dict(sorted(Counter(f.layer for f in shortfalls).items())),
        ),
        shortfalls=shortfalls,
        not_evaluated=not_evaluated,
        manual_checks=manual_checks,
        faults=tuple(faults),
        notes=(*notes, *county_notes),
        findings=tuple(findings),
    )


def remedies_total(findings: Iterable[Finding]) -> dict[str, float]:
    """Sum of the real-world remedies of binding shortfalls, by unit (for summaries)."""
    totals: dict[str, float] = {}
    for finding in findings:
        if finding.outcome is Outcome.SHORTFALL and finding.binding:
            for remedy in finding.remedies:
                totals[remedy.unit] = totals.get(remedy.unit, 0) + remedy.quantity
    return dict(sorted(totals.items()))

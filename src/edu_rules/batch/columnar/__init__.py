"""The columnar batch path: a city's or province's summary without a County or a Finding.

``summary_rows(documents)`` gives, for parsed county documents, the rows of the summary
(``edu-rules evaluate --summary --format json``) that the per-unit path gives, equal
value for value; a document the schema or the consistency checks do not accept gets no
row (``load_county`` says what is wrong).  The units are grouped by the rule set that
governs them; each group's documents are laid out once as columns
(:class:`~.table.Table`), and each rule is judged for every unit of the group at once
by a *column kernel* (:func:`kernels`): per unit, how many findings of each outcome the
rule's evaluator would yield.  The verdict and the summary are formed from these counts
by the same law as :func:`edu_rules.engine.verdict`.

A group goes the per-unit path instead — evaluated by :func:`edu_rules.evaluate`,
exactly as without this module — whenever anything in it is not a column kernel's:
a layer of its chain that prepares counties or batches (Liuzhou's zones), a rule judged
by a plugin's evaluator, a rule with provisions or a shape a kernel does not know
(its kernel answers ``None``), a schedule rule (its planned year is read from a
finding), a lower layer that changes a higher layer's rule (the tighten-only law on
outcomes judges such rules again, unit by unit).  So this module can make a summary
faster, never other: a differential test holds every row to the per-unit path's, on
documents at and around every threshold and on the synthetic national batch.

It needs numpy (the ``fast`` extra); without it, :func:`available` is false and callers
take the per-unit path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from edu_rules.batch.columnar.table import Counted, CvCell, Kernel, Table
    from edu_rules.model.rules import Rule
    from edu_rules.plugins import LoadedLayer, Registry, RuleSet

_PREPARING_HOOKS = ("edu_rules_prepare_county", "edu_rules_prepare_batch")


def available() -> bool:
    """Whether the columnar path can run here (numpy is installed; it is imported when used)."""
    import importlib.util

    return importlib.util.find_spec("numpy") is not None


def kernels() -> Mapping[str, Kernel]:
    """Every column kernel, by the name of the built-in evaluator it mirrors."""
    from edu_rules.batch.columnar import county, resources, schools

    return {**resources.KERNELS, **schools.KERNELS, **county.KERNELS}


class Plan:
    """How one group of units (one chain, one date) is judged: its rule set, or why not."""

    def __init__(self, registry: Registry, chain: tuple[LoadedLayer, ...], as_of: dt.date) -> None:
        """Resolve the group's rule set and see whether every rule has a column kernel."""
        self.ruleset: RuleSet = registry.ruleset(
            tuple(loaded.layer.name for loaded in chain), as_of
        )
        self.reason = _why_not(registry, chain, self.ruleset)


def _why_not(registry: Registry, chain: Sequence[LoadedLayer], ruleset: RuleSet) -> str | None:
    """Why a group cannot go the columnar path (``None``: it can, as far as rules tell)."""
    from edu_rules.engine import prefixes

    if prefixes(registry, chain, ruleset):
        return "a lower layer changes rules of the layers above (the law on outcomes judges them)"
    for loaded in chain:
        for hook in _PREPARING_HOOKS:
            if registry.implements(loaded, hook):
                return f"{loaded.layer.name} implements {hook}"
    known = kernels()
    for rule in ruleset.rules.values():
        name = rule.definition.evaluator
        if registry.provider(name) != "edu_rules" or name not in known:
            return f"{rule.id}: no column kernel for evaluator {name}"
        if rule.provisions:
            return f"{rule.id}: has provisions"
        if rule.definition.family == "schedule":
            return f"{rule.id}: a schedule rule"
    return None


def _counted(plan: Plan, table: Table) -> dict[str, Counted] | None:
    """Every rule's counts for the group, with the engine's own finding where none; or ``None``.

    ``None`` — the group goes the per-unit path — when a kernel answers that the rule is
    not its to judge, raises, or answers counts of another shape than one row per unit
    and a count per outcome (and, for a CV, a cell per unit and stage): a kernel's
    failure can cost time, never a verdict.
    """
    from edu_rules.batch.columnar.table import OUTCOME_INDEX, Counted
    from edu_rules.model.result import Outcome
    from edu_rules.model.rules import Effect, SubjectKind

    known = kernels()
    found: dict[str, Counted] = {}
    rules: Mapping[str, Rule] = plan.ruleset.rules
    for rule in (*plan.ruleset.binding, *plan.ruleset.advisory):
        kernel = known[rule.definition.evaluator]
        try:
            counted = kernel(rule, table, rules)
        except Exception:  # noqa: BLE001 - the per-unit path judges it, and reports any fault
            return None
        if counted is None or not _well_formed(counted, table, rule):
            return None
        counts = counted.counts
        if (
            rule.definition.subject is not SubjectKind.COUNTY
            and rule.definition.effect is not Effect.ADVISORY
        ):  # engine._run_rules: a binding school or stage rule that judged nothing
            empty = counts.sum(axis=1) == 0
            if empty.any():
                counts = counts.copy()
                applicable = empty & table.has_pupils
                counts[applicable, OUTCOME_INDEX[Outcome.NOT_APPLICABLE]] += 1
                counts[empty & ~table.has_pupils, OUTCOME_INDEX[Outcome.NOT_EVALUABLE]] += 1
            counted = Counted(counts, counted.cv)
        found[rule.id] = counted
    return found


def _well_formed(counted: Counted, table: Table, rule: Rule) -> bool:
    """Whether a kernel's answer has the shape the summary reads (see :func:`_counted`)."""
    import numpy as np

    from edu_rules.batch.columnar.table import OUTCOMES
    from edu_rules.model.county import STAGE_NAMES

    counts = counted.counts
    if not (
        isinstance(counts, np.ndarray)
        and counts.shape == (table.units, len(OUTCOMES))
        and counts.dtype == np.int64
        and (counts >= 0).all()
    ):
        return False
    is_cv = rule.definition.evaluator == "coefficient_of_variation"
    if not is_cv:
        return counted.cv is None
    cells = counted.cv
    return cells is not None and all(
        len(cells.get(stage, ())) == table.units for stage in STAGE_NAMES
    )


def _rows_of_group(
    plan: Plan, table: Table, counted: Mapping[str, Counted], registry: Registry
) -> list[dict[str, Any]]:
    """The summary rows of a group's units, from its rules' counts.

    The verdict is :func:`edu_rules.engine.verdict`'s law on the counts: ``ineligible``
    if an eligibility or veto rule is short, else ``fail`` if any binding rule is short,
    else ``incomplete`` if a binding rule has a finding not evaluated, in error or to be
    checked by hand (or no binding rule applied), else ``pass``.  No fault can arise
    here: a kernel that raised left its group to the per-unit path (:func:`_counted`).
    """
    import numpy as np

    from edu_rules.batch.columnar.table import OUTCOME_INDEX
    from edu_rules.engine import FAMILY_ORDER
    from edu_rules.model.county import STAGE_NAMES
    from edu_rules.model.result import Outcome, Status
    from edu_rules.model.rules import Effect
    from edu_rules.model.targets import schedule_state, year_passed

    rules = plan.ruleset.rules
    family_rank = {family: index for index, family in enumerate(FAMILY_ORDER)}
    rule_order = {rule_id: index for index, rule_id in enumerate(rules)}
    ordered = sorted(  # the findings' order: by family, then rule order (engine._order)
        counted,
        key=lambda r: (
            family_rank.get(rules[r].definition.family, len(FAMILY_ORDER)),
            rule_order[r],
        ),
    )
    counts = np.stack([counted[rule_id].counts for rule_id in ordered])  # (rules, units, outcomes)
    effects = [rules[rule_id].definition.effect for rule_id in ordered]
    binding = np.array([effect is not Effect.ADVISORY for effect in effects], dtype=np.bool_)
    barring = np.array([effect in (Effect.ELIGIBILITY, Effect.VETO) for effect in effects])
    families = [rules[rule_id].definition.family for rule_id in ordered]

    def index(*outcomes: Outcome) -> list[int]:
        return [OUTCOME_INDEX[outcome] for outcome in outcomes]

    totals = counts.sum(axis=0)  # (units, outcomes)
    short = counts[:, :, OUTCOME_INDEX[Outcome.SHORTFALL]]  # (rules, units)
    binding_short = short[binding].sum(axis=0)
    barred = (short[binding & barring] > 0).any(axis=0)
    failed = (short[binding] > 0).any(axis=0)
    unknown = index(Outcome.NOT_EVALUABLE, Outcome.ERROR)
    open_items = counts[binding][:, :, [*unknown, *index(Outcome.MANUAL)]].sum(axis=2) > 0
    unresolved = open_items.any(axis=0) | (not binding.any())
    by_family = {  # binding shortfalls by family, in the reports' order
        family: short[binding & np.array([f == family for f in families])].sum(axis=0)
        for family in sorted(set(families), key=lambda f: (family_rank.get(f, 99), f))
    }
    statuses = np.where(
        barred,
        Status.INELIGIBLE.value,
        np.where(
            failed,
            Status.FAIL.value,
            np.where(unresolved, Status.INCOMPLETE.value, Status.PASS.value),
        ),
    ).tolist()
    not_evaluated = totals[:, unknown].sum(axis=1).tolist()
    manual = totals[:, OUTCOME_INDEX[Outcome.MANUAL]].tolist()
    not_applicable = totals[:, OUTCOME_INDEX[Outcome.NOT_APPLICABLE]].tolist()
    binding_list = binding_short.tolist()
    family_lists = {family: column.tolist() for family, column in by_family.items()}
    cv_rules = [
        (rule_id, rules[rule_id].definition.comparator, cells)
        for rule_id in ordered
        if (cells := counted[rule_id].cv)
    ]
    official = not registry.left_out
    left_out = [item.plugin for item in registry.left_out]
    rows: list[dict[str, Any]] = []
    for unit, document in enumerate(table.documents):
        status = Status(statuses[unit])
        year = int(document["assessment_year"])  # as the converter reads it: 2023.0 is 2023
        recognition = (document.get("procedure") or {}).get("national_recognition_year")
        recognition = None if recognition is None else int(recognition)
        state = schedule_state(None, year, year_passed(recognition, status, year))
        rows.append(
            {
                "code": document["code"],
                "name": document["name"],
                "assessment_year": year,
                "status": status.value,
                "official": official,
                "left_out": list(left_out),
                "binding_shortfalls": binding_list[unit],
                "binding_shortfalls_by_family": {
                    family: found[unit] for family, found in family_lists.items() if found[unit]
                },
                "not_evaluated": not_evaluated[unit],
                "manual_checks": manual[unit],
                "not_applicable": not_applicable[unit],
                "faults": 0,
                "worst_cv": {
                    stage: _worst(
                        (rule, comparator, cells[stage][unit])
                        for rule, comparator, cells in cv_rules
                    )
                    for stage in STAGE_NAMES
                },
                "planned_year": None,
                "schedule": state.value,
            }
        )
    return rows


def _worst(cells: Iterable[tuple[str, str | None, CvCell | None]]) -> dict[str, Any] | None:
    """The worst CV of one unit's stage, as ``reports.summary.row_data`` writes it.

    ``cells``: each CV rule's id, comparator and cell for the stage, in the findings' order.
    """
    from edu_rules.model.result import worst_cv

    found = [(c.measured, c.required, c.outcome, (r, op, c)) for r, op, c in cells if c is not None]
    worst, in_doubt = worst_cv(found)
    if worst is None:
        return {"unknown": True} if in_doubt else None
    rule, comparator, cell = worst
    return {
        "rule": rule,
        "cv": cell.measured,
        "comparator": comparator,
        "limit": cell.required,
        "outcome": cell.outcome.value,
        "others_unknown": in_doubt,
    }


@attrs.frozen
class Summaries:
    """What :func:`summary_rows` made of a batch's documents, one entry per document."""

    rows: list[dict[str, Any] | None]
    """Each document's summary row, or ``None`` where :attr:`per_unit` or :attr:`refused` has it."""
    per_unit: list[int]
    """The documents the columnar path leaves to the per-unit path, by index."""
    refused: list[int] = attrs.field(factory=list)
    """The documents the checks run here do not accept, by index: read each with
    :func:`edu_rules.load_county`, which says what is wrong (or, where only the
    reference can tell, accepts it: evaluate it by the per-unit path then)."""


def summary_rows(
    documents: Sequence[Mapping[str, Any]],
    *,
    registry: Registry | None = None,
    as_of: dt.date | None = None,
    schema: bool = True,
    consistency: bool = True,
) -> Summaries:
    """The summary row of each document the columnar path can judge, and which it cannot.

    :param documents: parsed county documents (plain JSON data, as orjson or ``json``
        returns it).
    :param schema: check each document against the county schema here (the compiled
        check; a document it does not accept is ``refused``); ``False`` where the
        caller has (``io.validation.schema_checked``, or ``validate_county_data``).
    :param consistency: run the consistency checks here, in columns (:mod:`~.checks`;
        a document they refuse is ``refused``); ``False`` where the caller has
        (``validate_county_data``).
    :returns: one row per document, in order — ``reports.summary.row_data`` of its
        per-unit result, equal value for value — or ``None`` where the unit must go the
        per-unit path (listed in ``per_unit``) or was refused.
    """
    from edu_rules import engine
    from edu_rules.plugins import default_registry

    registry = registry if registry is not None else default_registry()
    rows: list[dict[str, Any] | None] = [None] * len(documents)
    refused: list[int] = []
    groups: dict[tuple[tuple[str, ...], dt.date], list[int]] = {}
    chains: dict[tuple[str, ...], tuple[LoadedLayer, ...]] = {}
    for index, document in enumerate(documents):
        if schema and not _schema_accepts(document, registry):
            refused.append(index)
            continue
        chain = registry.chain(document["code"])
        names = tuple(loaded.layer.name for loaded in chain)
        chains[names] = chain
        year = int(document["assessment_year"])
        date = as_of if as_of is not None else engine.default_as_of(year)
        groups.setdefault((names, date), []).append(index)
    for (names, date), members in groups.items():
        if names:
            plan = Plan(registry, chains[names], date)
            if plan.reason is None:
                judged, bad = _judge_group(
                    plan, documents, members, registry, consistency=consistency
                )
                refused.extend(bad)
                for index, row in judged.items():
                    rows[index] = row
    left = set(refused)
    per_unit = [index for index, row in enumerate(rows) if row is None and index not in left]
    return Summaries(rows, per_unit, sorted(refused))


def _schema_accepts(document: object, registry: Registry) -> bool:
    """Whether the compiled schema check proves ``document`` valid (``False``: not proven)."""
    from edu_rules.io import validation

    return validation.schema_accepts(document, registry=registry)


def _judge_group(
    plan: Plan,
    documents: Sequence[Mapping[str, Any]],
    members: list[int],
    registry: Registry,
    *,
    consistency: bool,
) -> tuple[dict[int, dict[str, Any]], list[int]]:
    """The rows of one group's documents (``members``: their places), and those refused."""
    import numpy as np  # imported only once some unit can be judged in columns

    from edu_rules.batch.columnar import checks
    from edu_rules.batch.columnar.table import Table

    table = Table([documents[index] for index in members])
    refused: list[int] = []
    if consistency:
        good = checks.consistent(table)
        if not good.all():
            refused = [members[unit] for unit in np.flatnonzero(~good).tolist()]
            members = [members[unit] for unit in np.flatnonzero(good).tolist()]
            table = Table([documents[index] for index in members])
    counted = _counted(plan, table)
    if counted is None:
        return {}, refused
    made = _rows_of_group(plan, table, counted, registry)
    return dict(zip(members, made, strict=True)), refused

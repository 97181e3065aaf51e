"""The county column kernels count the findings the reference county evaluators give.

Laws:

- **Same counts.**  For every county-level rule of the national, Guangxi and Liuzhou rule
  sets, each unit's counts by outcome from the column kernel
  (:data:`edu_rules.batch.columnar.county.KERNELS`) equal the outcomes of that rule's
  findings in ``evaluate(load_county(document))``: on generated documents with figures
  at, below and above every threshold and unknown values, several units (of several
  assessment years) to a table; on hand-made edge cases (every school boarding, boarding
  unknown, a zero denominator, an empty list, floats that are not their binary value);
  and on a slice of the synthetic national batch, one table, where every kernel but
  ``manual`` finds both a met and a short unit.
- **Whatever the comparator.**  A rule that compares the other way, strictly or for
  equality, or whose threshold is moved 5 % (or a flag that expects the other answer),
  gets the counts of its evaluator's observations on the reference path.
- **Never a guess.**  A kernel answers for every plain rule of those rule sets, and
  declines (``None``) a rule with a parameter or comparator it does not know, a field
  the county model does not have, or a threshold that is not a number.
"""

from __future__ import annotations

import copy
import functools
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import edu_rules
from benchmarks import generate_national
from edu_rules import engine, testing
from edu_rules._frozen import FrozenMap
from edu_rules.batch.columnar import table as columns
from edu_rules.batch.columnar.county import KERNELS
from edu_rules.model.result import Outcome
from edu_rules.model.rules import Rule
from tests.columnar import _reference

pytestmark = pytest.mark.property

NATIONAL, GUANGXI, LIUZHOU = "110101", "450102", "450202"
"""A unit of the national layer only (a municipality's district: its municipal review is
not applicable), a Guangxi unit outside Liuzhou, and a Liuzhou unit (its advisory
measures are county items too, ``manual`` among them)."""

COMPARATORS = (">=", ">", "<=", "<", "==")

Document = dict[str, Any]


@functools.cache
def _rule_set(code: str, year: int) -> tuple[tuple[Rule, ...], Mapping[str, Rule]]:
    """The rules the reference runs for ``code`` in ``year`` whose evaluator has a kernel here."""
    registry = edu_rules.default_registry()
    layers = tuple(loaded.layer.name for loaded in registry.chain(code))
    ruleset = registry.ruleset(layers, engine.default_as_of(year))
    mine = tuple(
        rule
        for rule in (*ruleset.binding, *ruleset.advisory)
        if rule.definition.evaluator in KERNELS
    )
    return mine, ruleset.rules


def _judged_alike(rules: Sequence[Rule]) -> tuple[Any, ...]:
    """What a kernel reads of each rule: its definition, values and provisions (not its layer)."""
    return tuple((rule.definition, rule.value, rule.provisions) for rule in rules)


def _counts(outcomes: Counter[Outcome]) -> list[int]:
    return [outcomes[outcome] for outcome in columns.OUTCOMES]


def _kernel_counts(rule: Rule, table: columns.Table, rules: Mapping[str, Rule]) -> list[list[int]]:
    counted = KERNELS[rule.definition.evaluator](rule, table, rules)
    assert counted is not None, f"{rule.id}: the kernel declined a plain rule"
    assert counted.counts.shape == (table.units, len(columns.OUTCOMES))
    assert counted.counts.dtype == np.int64
    assert counted.cv is None
    rows: list[list[int]] = counted.counts.tolist()
    return rows


def assert_same_counts(documents: Sequence[Document]) -> Counter[tuple[str, Outcome]]:
    """Each rule's kernel counts equal ``evaluate``'s findings, unit by unit.

    Every document is of one rule set (the code, and years whose rule sets agree).
    Returns how many units got each outcome, by evaluator name.
    """
    year = documents[0]["assessment_year"]
    rules, by_id = _rule_set(documents[0]["code"], year)
    for document in documents:
        others = _rule_set(document["code"], document["assessment_year"])[0]
        assert _judged_alike(others) == _judged_alike(rules)
    table = columns.build([copy.deepcopy(document) for document in documents])
    results = [edu_rules.evaluate(edu_rules.load_county(document)) for document in documents]
    seen: Counter[tuple[str, Outcome]] = Counter()
    for rule in rules:
        expected = [
            _counts(Counter(f.outcome for f in result.findings if f.rule == rule.id))
            for result in results
        ]
        assert _kernel_counts(rule, table, by_id) == expected, rule.id
        for row in expected:
            seen.update(
                {(rule.definition.evaluator, columns.OUTCOMES[i]): n for i, n in enumerate(row)}
            )
    return seen


def _reference_counts(
    rule: Rule, counties: Sequence[edu_rules.County], rules: Mapping[str, Rule]
) -> list[list[int]]:
    """Per unit, the outcome counts of the evaluator's observations (the object path)."""
    judged = _reference.observations(rule, rules, counties)
    return [_counts(Counter(item.outcome for item in found)) for found in judged]


def _variants(rule: Rule) -> list[Rule]:
    """The rule with each comparator, or its threshold moved 5 %; a flag expecting the other."""
    definition = rule.definition
    if definition.evaluator == "flag":
        expected = bool(rule.params.get("expected", True))
        params = FrozenMap({**rule.params, "expected": not expected})
        return [attrs.evolve(rule, definition=attrs.evolve(definition, params=params))]
    if definition.evaluator == "manual":
        return []
    threshold = rule.threshold()
    moved = [
        attrs.evolve(rule, value=FrozenMap({**rule.value, "threshold": threshold * factor}))
        for factor in (Fraction(19, 20), Fraction(21, 20))
    ]
    return [
        *moved,
        *(
            attrs.evolve(rule, definition=attrs.evolve(definition, comparator=comparator))
            for comparator in COMPARATORS
        ),
    ]


def assert_same_whatever_the_comparator(documents: Sequence[Document]) -> None:
    """Each variant of each rule: kernel counts equal the evaluator's observations."""
    rules, by_id = _rule_set(documents[0]["code"], documents[0]["assessment_year"])
    table = columns.build(documents)
    counties = [edu_rules.load_county(document) for document in documents]
    for original in rules:
        for rule in _variants(original):
            label = f"{rule.id} {rule.definition.comparator} {rule.value} {rule.params}"
            expected = _reference_counts(rule, counties, by_id)
            assert _kernel_counts(rule, table, by_id) == expected, label


def _units(code: str) -> st.SearchStrategy[list[Document]]:
    """One to four documents of ``code`` around every threshold, of assessment years 2021-27."""
    one = st.integers(2021, 2027).flatmap(
        lambda year: testing.counties(code, year=year, unknowns=True, schools=st.integers(2, 20))
    )
    return st.lists(one, min_size=1, max_size=4)


AROUND_THRESHOLDS = st.sampled_from((NATIONAL, GUANGXI, LIUZHOU)).flatmap(_units)


class TestAroundEveryThreshold:
    @given(AROUND_THRESHOLDS)
    def test_counts_are_the_reference_findings(self, documents: list[Document]) -> None:
        """Several units to a table, figures at and around each threshold: equal counts."""
        assert_same_counts(documents)

    @given(AROUND_THRESHOLDS)
    def test_whatever_the_comparator(self, documents: list[Document]) -> None:
        """Every comparator (a flag: either expected answer): the evaluator's counts."""
        assert_same_whatever_the_comparator(documents)


# --------------------------------------------------------------------------- the national batch


@functools.cache
def _national_slice(size: int = 30) -> tuple[Document, ...]:
    """``size`` units spread over the synthetic national batch, Liuzhou's left out."""
    rng = random.Random(generate_national.DEFAULT_SEED)  # noqa: S311 - the batch's seed
    codes = generate_national.unit_codes(generate_national.DEFAULT_UNITS, rng)
    chosen = [unit for unit in codes if not unit[0].startswith("4502")][:: len(codes) // size]
    documents = []
    for code, name in chosen[:size]:
        unit_rng = random.Random(f"{generate_national.DEFAULT_SEED}-{code}")  # noqa: S311
        stages = generate_national.stage_count(unit_rng)
        documents.append(generate_national.make_county(unit_rng, code, name, stages=stages))
    return tuple(documents)


def _by_rule_set(documents: Sequence[Document]) -> list[list[Document]]:
    """``documents`` grouped by the rules of theirs that have kernels here."""
    groups: dict[tuple[Any, ...], list[Document]] = {}
    for document in documents:
        rules = _rule_set(document["code"], document["assessment_year"])[0]
        groups.setdefault(_judged_alike(rules), []).append(document)
    return list(groups.values())


class TestNationalSlice:
    def test_one_table_counts_the_reference_findings(self) -> None:
        """Thirty units, one table per rule set: equal counts; each kernel met and short."""
        documents = _national_slice()
        seen: Counter[tuple[str, Outcome]] = Counter()
        for group in _by_rule_set(documents):
            seen += assert_same_counts(group)
        judged = {name for name, outcome in seen if outcome is Outcome.MET} & {
            name for name, outcome in seen if outcome is Outcome.SHORTFALL
        }
        assert judged == set(KERNELS) - {"manual"}

    def test_mixed_units_in_one_table(self) -> None:
        """Units of the national and the Guangxi rule sets in one table: each rule's counts."""
        documents = list(_national_slice())
        guangxi = [d for d in documents if d["code"].startswith("45")]
        national = [d for d in documents if not d["code"].startswith("45")]
        assert guangxi
        assert national
        # their county rules are the same ones, so one table answers for both
        assert _judged_alike(_rule_set(guangxi[0]["code"], 2025)[0]) == _judged_alike(
            _rule_set(national[0]["code"], 2025)[0]
        )
        assert_same_counts([*national[:3], *guangxi, *national[3:6]])


# --------------------------------------------------------------------------- edge cases


EDGE_CODES = ("130102", "370203", "450102")
"""Small units (eight school stages, a special-education school) to edit into edge cases."""


def _edited(change: Callable[[Document], None]) -> list[Document]:
    """The small units of :data:`EDGE_CODES`, each changed by ``change``."""
    documents = []
    for code in EDGE_CODES:
        rng = random.Random(f"edge-{code}")  # noqa: S311 - made-up figures
        document = generate_national.make_county(rng, code, "测试县", stages=8)
        change(document)
        documents.append(document)
    return documents


def _set(path: str, value: Any) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        *inner, last = path.split(".")
        node = document
        for key in inner:
            node = node[key]
        node[last] = value

    return change


_KEEP: Any = object()


def _boarding(*, every: bool | None, first: Any = _KEEP) -> Callable[[Document], None]:
    """Every school's boarding set to ``every`` (the first school's to ``first`` if given)."""

    def change(document: Document) -> None:
        for school in document["schools"]:
            school["boarding"] = every
        if first is not _KEEP:
            document["schools"][0]["boarding"] = first

    return change


def _no_pupils(stage: str) -> Callable[[Document], None]:
    """Every ``stage`` of every school left with no pupils (and so no resources)."""

    def change(document: Document) -> None:
        for school in document["schools"]:
            found = school["stages"].get(stage)
            if found is not None:
                for field in found:
                    found[field] = 0
                found["largest_class"] = None

    return change


def _only_special_schools(document: Document) -> None:
    document["schools"] = [s for s in document["schools"] if s["kind"] == "special_education"]


def _all(*changes: Callable[[Document], None]) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        for each in changes:
            each(document)

    return change


EDGES: dict[str, Callable[[Document], None]] = {
    "every school boards": _boarding(every=True),
    "every school boards, the first's unknown": _boarding(every=True, first=None),
    "boarding unknown everywhere, figures short": _all(
        _boarding(every=None),
        _set("guarantee.nearby_enrolment_primary_pct", 50),
        _set("guarantee.nearby_enrolment_junior_pct", 94.9),
    ),
    "boarding unknown everywhere, figures met": _all(
        _boarding(every=None),
        _set("guarantee.nearby_enrolment_primary_pct", 100),
        _set("guarantee.nearby_enrolment_junior_pct", 95.0),
    ),
    "one day school among unknowns, figures short": _all(
        _boarding(every=None, first=False),
        _set("guarantee.nearby_enrolment_primary_pct", 99.99),
        _set("guarantee.nearby_enrolment_junior_pct", 10),
    ),
    "only special-education schools": _only_special_schools,
    "no junior pupils, boarding unknown": _all(_no_pupils("junior"), _boarding(every=None)),
    "no primary pupils, every school a day school": _all(
        _no_pupils("primary"), _boarding(every=False)
    ),
    "a zero denominator": _all(
        _set("guarantee.rotation_eligible_teachers", 0),
        _set("guarantee.rotated_teachers", 0),
        _set("guarantee.rotated_key_teachers", 0),
    ),
    "zero rotated teachers": _all(
        _set("guarantee.rotated_teachers", 0.0), _set("guarantee.rotated_key_teachers", 0)
    ),
    "an unknown denominator": _set("guarantee.rotated_teachers", None),
    "a ratio exactly at its threshold": _all(
        _set("guarantee.rotation_eligible_teachers", 300),
        _set("guarantee.rotated_teachers", 30),
        _set("guarantee.rotated_key_teachers", 6),
    ),
    "a ratio of decimals at its threshold": _all(
        _set("guarantee.rotation_eligible_teachers", 0.3),
        _set("guarantee.rotated_teachers", 0.03),
        _set("guarantee.rotated_key_teachers", 0.006),
    ),
    "an empty monitoring list": _set("quality.monitoring", []),
    "no monitoring list": _set("quality.monitoring", None),
    "a monitoring item unknown, the others met": _set(
        "quality.monitoring",
        [
            {"subject": "数学", "level": None, "difference_rate": 0.1},
            {"subject": "语文", "level": 3, "difference_rate": None},
        ],
    ),
    "a monitoring item unknown, another failing": _set(
        "quality.monitoring",
        [
            {"subject": "数学", "level": None, "difference_rate": 0.15},
            {"subject": "语文", "level": 2, "difference_rate": None},
        ],
    ),
    "floats that are not their binary value": _all(
        _set("guarantee.teacher_avg_pay_yuan", 0.1 + 0.2),
        _set("guarantee.civil_servant_avg_pay_yuan", 0.3),
        _set("quality.junior_retention_pct", 94.99999999999999),
        _set("quality.disabled_enrolment_pct", 95.00000000000001),
        _set("guarantee.quota_allocation_pct", 50.0),
    ),
    "pay exactly at the civil servants'": _all(
        _set("guarantee.teacher_avg_pay_yuan", 98765.43),
        _set("guarantee.civil_servant_avg_pay_yuan", 98765.43),
    ),
    "huge and tiny figures": _all(
        _set("guarantee.teacher_avg_pay_yuan", 10**12 - 1),  # the contract's largest sums
        _set("guarantee.civil_servant_avg_pay_yuan", 1e12),
        _set("guarantee.rotation_eligible_teachers", 3e-30),
        _set("guarantee.rotated_teachers", 3e-31),
        _set("guarantee.rotated_key_teachers", 6e-32),
        _set("social_recognition_pct", 85.00000000001),
    ),
    "balanced this year, three and four years ago": _set("basic_balance_year", 2025),
    "balanced exactly three years ago": _set("basic_balance_year", 2022),
    "flags unknown or false": _all(
        _set("declared.G1", None),
        _set("declared.G2", False),
        _set("vetoes.exam_admission", True),
        _set("vetoes.falsified_data", None),
        _set("procedure.municipal_review_passed", True),
    ),
    "sections left out": _all(
        lambda document: document.pop("guarantee"),
        lambda document: document.pop("declared"),
        lambda document: document.pop("quality"),
        lambda document: document.pop("basic_balance_year"),
    ),
}


class TestEdgeCases:
    @pytest.mark.parametrize("name", sorted(EDGES))
    def test_counts_are_the_reference_findings(self, name: str) -> None:
        """Each edge case, in small units to one table: equal counts, whatever the comparator."""
        documents = _edited(EDGES[name])
        assert_same_counts(documents)
        assert_same_whatever_the_comparator(documents)

    def test_a_municipal_district_is_excused_its_municipal_review(self) -> None:
        """``110101`` starts with a municipality's prefix: not applicable, never unknown."""
        documents = _edited(_set("code", NATIONAL))
        rules, by_id = _rule_set(NATIONAL, 2025)
        (review,) = [rule for rule in rules if rule.id == "national.procedure.municipal_review"]
        counted = _kernel_counts(review, columns.build(documents), by_id)
        assert all(row[columns.OUTCOME_INDEX[Outcome.NOT_APPLICABLE]] == 1 for row in counted)
        assert_same_counts(documents)


# --------------------------------------------------------------------------- declining


def _changed(rule: Rule, **changes: Any) -> Rule:
    params = changes.pop("params", None)
    definition = rule.definition
    if params is not None:
        definition = attrs.evolve(definition, params=FrozenMap({**rule.params, **params}))
    definition = attrs.evolve(definition, **changes)
    return attrs.evolve(rule, definition=definition)


class TestDeclining:
    def test_what_a_kernel_does_not_know(self) -> None:
        """An unknown parameter, comparator, field or threshold: ``None``, never a guess."""
        rules, by_id = _rule_set(NATIONAL, 2025)
        table = columns.build(_edited(lambda _document: None))
        by_evaluator = {rule.definition.evaluator: rule for rule in rules}
        declined: list[Rule] = []
        for name, rule in by_evaluator.items():
            declined.append(_changed(rule, params={"surprise": 1}))
            if name in {"flag", "years_since", "county_value"}:
                declined.append(_changed(rule, params={"field": "guarantee.no_such_field"}))
                declined.append(_changed(rule, params={"field": "extra.guangxi.x"}))
            if name not in {"flag", "manual"}:
                declined.append(_changed(rule, comparator="!="))
                declined.append(attrs.evolve(rule, value=FrozenMap({"threshold": True})))
                declined.append(attrs.evolve(rule, value=FrozenMap()))
                declined.append(
                    attrs.evolve(rule, value=FrozenMap({"threshold": FrozenMap({"a": 1})}))
                )
        by_id_rule = {rule.id: rule for rule in rules}
        declined.append(_changed(by_id_rule["national.G13.primary"], params={"schools": {}}))
        declined.append(
            _changed(by_id_rule["national.G13.primary"], params={"schools": {"stage": "senior"}})
        )
        declined.append(_changed(by_id_rule["national.G11"], params={"scale": 0}))
        declined.append(_changed(by_id_rule["national.G11"], params={"scale": Fraction(1, 10**40)}))
        declined.append(_changed(by_id_rule["national.Q9.level"], params={"item": "subject"}))
        declined.append(_changed(by_id_rule["national.Q9.level"], params={"label": "grade"}))
        declined.append(_changed(by_id_rule["national.Q9.level"], params={"list": "schools"}))
        declined.append(
            _changed(by_id_rule["national.G1"], params={"field": "social_recognition_pct"})
        )
        for rule in declined:
            assert KERNELS[rule.definition.evaluator](rule, table, by_id) is None, rule

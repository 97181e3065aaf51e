"""The resource-allocation column kernels count what the reference evaluators find.

Laws:

- **Same counts.**  For every rule judged by ``stage_indicator``, ``school_rule`` or
  ``coefficient_of_variation`` in a unit's rule set, the kernel's count of each
  outcome for the unit equals the count among the findings of
  ``edu_rules.evaluate(load_county(document))`` for that rule (the engine's own
  "nothing in scope" finding aside, which the columnar framework adds), on documents
  with figures at, below and above every threshold and unknown values — several units
  to one table — and on a slice of the synthetic national batch in one table.
- **Same CV numbers.**  Each CV cell carries the measured and required JSON numbers
  and the outcome of the reference's finding for that unit and stage (number type for
  number type), and there is a cell exactly where there is a finding.
- **Whatever the values.**  With another ``max_misses`` or ``floor``, or a CV judged by
  any comparator against tighter limits, the counts and CV numbers are those of the
  evaluator objects on the reference path (Fractions); so is every product too large
  for ``int64`` (numerators of 10¹⁵ times their size, or with many decimals).
- **The float pass decides only what is certain.**  Where the CV's first pass in
  doubles decides a unit, its shown CV and its side of the limit are the exact ones
  (random and adversarial schools, a CV exactly at its limit); on the national slice
  it decides most units.
- **Never a guess.**  A rule with provisions, or whose group or indicators have any,
  gets ``None``, as does a param, a ``per`` or a numerator the kernels do not know;
  on the national slice each indicator and the school rule are met and short
  somewhere, each CV met (the batch has no CV over its limit: the tighter limits
  above make each CV short).
"""

from __future__ import annotations

import copy
import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import edu_rules
from benchmarks import generate_national
from edu_rules import engine, testing
from edu_rules.batch.columnar import resources, table
from edu_rules.batch.columnar.table import OUTCOME_INDEX, OUTCOMES, Counted
from edu_rules.evaluators.balance import _cv_parts
from edu_rules.model._columns import Row, row_of
from edu_rules.model.county import INDICATOR_FIELDS, SchoolKind
from edu_rules.model.result import Outcome
from edu_rules.model.rules import Rule, SubjectKind
from tests.columnar import _reference

pytestmark = pytest.mark.property

NATIONAL, GUANGXI = "110101", "450102"
"""A unit of the national layer only, and a Guangxi unit outside Liuzhou."""

EXAMPLE_LAYERS = "960101"
"""A unit of the two example layers, whose resource rules carry provisions."""


TINY = st.sampled_from(
    [SchoolKind.SPECIAL_EDUCATION, SchoolKind.TEACHING_POINT, SchoolKind.PRIMARY, SchoolKind.JUNIOR]
)
"""School kinds for tiny counties: some with nothing in a group's scope."""


def _ruleset(code: str, year: int) -> tuple[Mapping[str, Rule], list[Rule]]:
    """The rule set the reference uses for ``code`` in ``year``: by id, and ours in run order."""
    registry = edu_rules.default_registry()
    layers = tuple(loaded.layer.name for loaded in registry.chain(code))
    ruleset = registry.ruleset(layers, engine.default_as_of(year))
    ours = [
        rule
        for rule in (*ruleset.binding, *ruleset.advisory)
        if rule.definition.evaluator in resources.KERNELS
    ]
    return ruleset.rules, ours


def _tagged(value: Any) -> Any:
    """A JSON number with its type: ``1`` and ``1.0`` are different findings."""
    return None if value is None else (type(value).__name__, repr(value))


def _check_units(
    documents: Sequence[Mapping[str, Any]], units: Sequence[int], built: table.Table
) -> Counter[tuple[str, Outcome]]:
    """The kernels' counts (and CV cells) of ``units`` equal the reference's, rule by rule.

    ``units`` share one chain and assessment year (one rule set).  Returns how many
    findings of each outcome each rule had there.
    """
    first = documents[units[0]]
    rules, ours = _ruleset(first["code"], first["assessment_year"])
    results = [edu_rules.evaluate(edu_rules.load_county(dict(documents[u]))) for u in units]
    seen: Counter[tuple[str, Outcome]] = Counter()
    for rule in ours:
        counted = resources.KERNELS[rule.definition.evaluator](rule, built, rules)
        assert counted is not None, f"{rule.id}: the kernel declined a plain rule"
        assert isinstance(counted, Counted)
        assert counted.counts.shape == (built.units, len(OUTCOMES))
        is_cv = rule.definition.evaluator == "coefficient_of_variation"
        assert (counted.cv is not None) is is_cv, rule.id
        for unit, result in zip(units, results, strict=True):
            findings = [f for f in result.findings if f.rule == rule.id]
            if rule.definition.subject is not SubjectKind.COUNTY:
                extra = [f for f in findings if f.subject.school is None]
                findings = [f for f in findings if f.subject.school is not None]
                assert not extra or not findings, rule.id  # the engine's "nothing in scope"
            expected = Counter(f.outcome for f in findings)
            got = {
                outcome: int(counted.counts[unit, OUTCOME_INDEX[outcome]])
                for outcome in OUTCOMES
                if counted.counts[unit, OUTCOME_INDEX[outcome]]
            }
            assert got == dict(expected), (rule.id, documents[unit]["code"], unit)
            seen.update({(rule.id, outcome): n for outcome, n in expected.items()})
            if counted.cv is not None:
                _check_cells(rule, counted, unit, findings)
    return seen


def _check_cells(rule: Rule, counted: Counted, unit: int, findings: Sequence[Any]) -> None:
    """The CV cells of ``unit`` are its findings' numbers and outcomes, stage by stage."""
    assert counted.cv is not None
    by_stage = {f.subject.stage: f for f in findings}
    assert len(by_stage) == len(findings), rule.id
    for stage, cells in counted.cv.items():
        cell = cells[unit]
        finding = by_stage.pop(stage, None)
        if finding is None:
            assert cell is None, (rule.id, stage)
            continue
        assert cell is not None, (rule.id, stage)
        assert (cell.outcome, _tagged(cell.measured), _tagged(cell.required)) == (
            finding.outcome,
            _tagged(finding.measured),
            _tagged(finding.required),
        ), (rule.id, stage)
    assert not by_stage, rule.id


def _check_table(documents: Sequence[Mapping[str, Any]]) -> Counter[tuple[str, Outcome]]:
    """One table of ``documents``; each group of units sharing a rule set checked on it."""
    built = table.build(documents)
    registry = edu_rules.default_registry()
    groups: dict[tuple[tuple[str, ...], int], list[int]] = {}
    for index, document in enumerate(documents):
        layers = tuple(loaded.layer.name for loaded in registry.chain(document["code"]))
        groups.setdefault((layers, document["assessment_year"]), []).append(index)
    seen: Counter[tuple[str, Outcome]] = Counter()
    for units in groups.values():
        seen += _check_units(documents, units, built)
    return seen


def _units(code: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Lists of one to four documents of ``code`` around every threshold, unknowns allowed."""
    return st.lists(
        testing.counties(code, unknowns=True, schools=st.integers(2, 20)), min_size=1, max_size=4
    )


class TestSameCounts:
    @given(_units(NATIONAL))
    def test_national_units_around_every_threshold(self, documents: list[dict[str, Any]]) -> None:
        """Several national units in one table: each rule's counts are the reference's."""
        _check_table(documents)

    @given(_units(GUANGXI))
    def test_guangxi_units_around_every_threshold(self, documents: list[dict[str, Any]]) -> None:
        """Several Guangxi units (outside Liuzhou) in one table: the same counts."""
        _check_table(documents)

    @given(st.lists(st.sampled_from([NATIONAL, GUANGXI]), min_size=2, max_size=3).flatmap(
        lambda codes: st.tuples(*(testing.counties(c, schools=st.integers(1, 4), kinds=TINY)
                                  for c in codes))
    ))  # fmt: skip
    def test_mixed_units_and_tiny_counties(self, documents: tuple[dict[str, Any], ...]) -> None:
        """Units of two rule sets in one table, tiny ones (nothing in scope, a single school
        of a stage, no pupils): the same counts."""
        _check_table(list(documents))

    def test_on_a_slice_of_the_national_batch(self) -> None:
        """Thirty units of the synthetic national batch in one table: the same counts and
        cells, and every rule is both met and short somewhere (the comparisons are real)."""
        documents = _national_slice(30)
        seen = _check_table(documents)
        rules, ours = _ruleset(documents[0]["code"], documents[0]["assessment_year"])
        del rules
        for rule in ours:
            assert seen[(rule.id, Outcome.MET)], rule.id
            if rule.definition.evaluator != "coefficient_of_variation":
                assert seen[(rule.id, Outcome.SHORTFALL)], rule.id
            # no CV of the synthetic batch is over its limit: TestWhateverTheValues
            # judges the CVs against tighter limits, where each is both met and short
        kinds = {rule.definition.evaluator for rule in ours}
        assert kinds == set(resources.KERNELS)


COMPARATORS = (">=", ">", "<=", "<", "==")

CV_LIMITS = (None, Fraction(1, 10), Fraction(1, 4), Fraction(3, 10))
"""The limits a CV is also judged against (``None``: its own): most units then fall short."""

SCHOOL_RULES = ((1, Fraction(17, 20)), (0, Fraction(17, 20)), (2, Fraction(19, 20)), (1, 1))
"""``(max_misses, floor)`` variants of the school rule."""


def _with(rule: Rule, comparator: str | None = None, **values: Any) -> Rule:
    """``rule`` comparing by ``comparator`` and with ``values`` in force, changed."""
    definition = rule.definition
    if comparator is not None:
        definition = attrs.evolve(definition, comparator=comparator)
    return attrs.evolve(rule, definition=definition, value={**rule.value, **values})


def _reference_rows(
    rule: Rule, rules: Mapping[str, Rule], counties: Sequence[edu_rules.County]
) -> list[list[Row]]:
    """Per unit, the rows of ``rule``'s evaluator object on the reference path (Fractions)."""
    judged = _reference.observations(rule, rules, counties)
    return [[row_of(item) for item in found] for found in judged]


def _assert_rows(counted: Counted | None, expected: Sequence[Sequence[Row]], label: str) -> None:
    """``counted`` has the counts of ``expected`` (and, for a CV, its numbers), unit by unit."""
    assert counted is not None, label
    for unit, rows in enumerate(expected):
        want = Counter(row[1] for row in rows)
        got = {o: int(counted.counts[unit, OUTCOME_INDEX[o]]) for o in OUTCOMES}
        assert got == {o: want.get(o, 0) for o in OUTCOMES}, (label, unit)
        if counted.cv is None:
            continue
        cells: dict[str | None, Any] = {stage: counted.cv[stage][unit] for stage in counted.cv}
        for row in rows:
            cell = cells.pop(row[0].stage)
            assert cell is not None, (label, unit)
            assert (cell.outcome, _tagged(cell.measured), _tagged(cell.required)) == (
                row[1], _tagged(row[2]), _tagged(row[3]),
            ), (label, unit)  # fmt: skip
        assert all(cell is None for cell in cells.values()), (label, unit)


@pytest.fixture(scope="module")
def units() -> tuple[list[dict[str, Any]], list[edu_rules.County], table.Table]:
    """Twelve units of the national batch (national-only ones), and their one table."""
    documents = [d for d in _national_slice(30) if not d["code"].startswith("45")][:12]
    counties = [edu_rules.load_county(dict(document)) for document in documents]
    return documents, counties, table.build(documents)


class TestWhateverTheValues:
    """The kernels against the evaluator objects, with a rule's values or comparator changed."""

    def test_the_cv_whatever_its_limit_and_comparator(
        self, units: tuple[list[dict[str, Any]], list[edu_rules.County], table.Table]
    ) -> None:
        """Each comparator against the CV's own and tighter limits: counts and numbers."""
        _, counties, built = units
        rules, ours = _ruleset(NATIONAL, counties[0].assessment_year)
        outcomes: Counter[tuple[str, Outcome]] = Counter()
        judged = 0
        for rule in ours:
            if rule.definition.evaluator != "coefficient_of_variation":
                continue
            for comparator in COMPARATORS:
                for limit in CV_LIMITS:
                    values = {} if limit is None else {"threshold": limit}
                    changed = _with(rule, comparator, **values)
                    expected = _reference_rows(changed, rules, counties)
                    counted = resources.coefficient_of_variation(changed, built, rules)
                    _assert_rows(counted, expected, f"{rule.id} {comparator} {limit}")
                    outcomes.update((rule.id, row[1]) for rows in expected for row in rows)
                    judged += 1
        assert judged == 7 * len(COMPARATORS) * len(CV_LIMITS)
        for rule_id in {rule_id for rule_id, _ in outcomes}:
            assert outcomes[(rule_id, Outcome.MET)], rule_id
            assert outcomes[(rule_id, Outcome.SHORTFALL)], rule_id

    @pytest.mark.parametrize(("max_misses", "floor"), SCHOOL_RULES)
    def test_indicators_and_school_rule_whatever_its_values(
        self,
        units: tuple[list[dict[str, Any]], list[edu_rules.County], table.Table],
        max_misses: int,
        floor: Fraction | int,
    ) -> None:
        """Another ``max_misses`` or ``floor``: the school rule and each indicator."""
        _, counties, built = units
        rules, ours = _ruleset(NATIONAL, counties[0].assessment_year)
        group = _with(rules["national.school_rule"], max_misses=max_misses, floor=floor)
        changed = {**rules, group.id: group}
        for rule in [group, *(r for r in ours if r.definition.evaluator == "stage_indicator")]:
            expected = _reference_rows(rule, changed, counties)
            counted = resources.KERNELS[rule.definition.evaluator](rule, built, changed)
            _assert_rows(counted, expected, f"{rule.id} {max_misses} {floor}")


class TestNeverAGuess:
    @settings(max_examples=3)
    @given(testing.counties(EXAMPLE_LAYERS))
    def test_rules_with_provisions_are_declined(self, document: dict[str, Any]) -> None:
        """The example layers' resource rules (provisions on the group and the indicators)."""
        built = table.build([document])
        rules, ours = _ruleset(EXAMPLE_LAYERS, document["assessment_year"])
        assert ours
        for rule in ours:
            assert resources.KERNELS[rule.definition.evaluator](rule, built, rules) is None

    @settings(max_examples=3)
    @given(testing.counties(NATIONAL))
    def test_unknown_params_and_inexact_values_are_declined(self, document: dict[str, Any]) -> None:
        """A param the kernels do not know, or a float ``per``: ``None``, never a guess."""
        built = table.build([document])
        rules, ours = _ruleset(NATIONAL, 2025)
        indicator = rules["national.L1"]
        odd = {
            "extra param": {**indicator.params, "weight": 2},
            "float per": {**indicator.params, "per": 100.0},
            "other field": {**indicator.params, "numerator": "students"},
        }
        for params in odd.values():
            changed = attrs.evolve(
                indicator, definition=attrs.evolve(indicator.definition, params=params)
            )
            assert resources.stage_indicator(changed, built, rules) is None
            with_changed = {**rules, changed.id: changed}
            assert resources.school_rule(rules["national.school_rule"], built, with_changed) is None
        assert ours


def _exact_cv(pairs: Sequence[tuple[int, int]]) -> tuple[int, int, int]:
    """The reference's ``(cv_top, cv_bottom, ⌊CV · 10¹²⌋)`` of ``(students, a)`` pairs."""
    found = _cv_parts((students, a) for students, a in pairs)
    assert found is not None
    cv_top, cv_bottom, _, _ = found
    return cv_top, cv_bottom, math.isqrt(cv_top * 10**24 // cv_bottom)


SCHOOLS = st.lists(
    st.tuples(
        st.integers(1, 10**6),
        st.one_of(st.integers(0, 300), st.integers(0, 10**12), st.integers(0, 2**61)),
    ),
    min_size=2,
    max_size=40,
)
"""One unit's ``(students, a)`` of a stage: small, large and int64-sized numerators."""

PROPORTIONAL = st.lists(st.integers(1, 5000), min_size=2, max_size=30).flatmap(
    lambda students: st.integers(1, 10**6).map(lambda k: [(p, k * p) for p in students])
)
"""Every school at the mean: the CV is exactly 0, on a boundary of the shown digits."""

LIMITS = st.one_of(
    st.fractions(min_value=0, max_value=3, max_denominator=10**6),
    st.sampled_from([Fraction(1, 2), Fraction(9, 20), Fraction(0), Fraction(1, 10**12)]),
)


class TestTheFloatPass:
    @given(st.lists(st.one_of(SCHOOLS, PROPORTIONAL), min_size=1, max_size=6), LIMITS)
    @example([[(1, 1), (1, 3)], [(2, 1), (2, 3)]], Fraction(1, 2))  # CV = 0.5 exactly
    @example([[(3, 5), (3, 5), (7, 0)]], Fraction(3, 10))
    def test_what_it_decides_is_exact(
        self, units: list[list[tuple[int, int]]], limit: Fraction
    ) -> None:
        """Where the float pass decides a unit, the shown CV and the side of the limit are
        the exact ones; a CV exactly at its limit is never decided."""
        students = np.array([p for unit in units for p, _ in unit], dtype=np.int64)
        numerators = np.array([a for unit in units for _, a in unit], dtype=np.int64)
        owner = np.array([i for i, unit in enumerate(units) for _ in unit], dtype=np.int64)
        stage = resources._layout(np.arange(owner.size), owner, students, len(units))
        sums = resources._unit_sums(numerators, stage.starts)
        candidates = np.asarray(sums != 0, dtype=np.bool_)
        limit_parts = (limit.numerator, limit.denominator)
        found = resources._float_pass(numerators, stage, sums, limit_parts, candidates)
        for index, unit in enumerate(units):
            if not found.decided[index]:
                continue
            assert sum(a for _, a in unit) != 0
            cv_top, cv_bottom, shown = _exact_cv(unit)
            assert int(found.shown[index]) == shown
            left, right = cv_top * limit.denominator**2, limit.numerator**2 * cv_bottom
            assert left != right
            assert bool(found.below[index]) is (left < right)

    def test_it_decides_most_units_of_the_national_slice(self) -> None:
        """The point of it: on real-looking data most CVs need no exact computation."""
        documents = _national_slice(30)
        built = table.build(documents)
        kinds = frozenset({"special_education"})
        decided = candidates = 0
        for field in INDICATOR_FIELDS:
            for stage in range(2):
                rows_of = resources._stage(built, kinds, stage)
                column = built.stage_column(field)
                rows = resources._scope(built, kinds).rows[rows_of.positions]
                numerators = column.num[rows]
                sums = resources._unit_sums(numerators, rows_of.starts)
                open_ = (rows_of.sizes >= 2) & np.asarray(sums != 0, dtype=np.bool_)
                found = resources._float_pass(numerators, rows_of, sums, (1, 2), open_)
                decided += int(found.decided.sum())
                candidates += int(open_.sum())
        assert decided > 0.8 * candidates


def _scaled(document: dict[str, Any], field: str, factor: float) -> dict[str, Any]:
    """``document`` with ``field`` of every stage multiplied by ``factor`` (unknowns kept)."""
    copied = copy.deepcopy(document)
    for school in copied["schools"]:
        for stage in school["stages"].values():
            if stage is not None and stage.get(field) is not None:
                stage[field] = stage[field] * factor
    return copied


class TestHugeAndTinyNumbers:
    def test_products_beyond_int64_are_compared_as_python_ints(self) -> None:
        """Numerators of 10⁴ times their size beside ones with many decimals (the contract's
        maxima allow no more): the scaled products overflow ``int64``, and the counts and CV
        numbers stay the reference's."""
        documents = _national_slice(30)[:6]
        changed = [
            # within the contract's maxima: large sums beside many decimals
            _scaled(documents[0], "equipment_value_yuan", 10**4),
            _scaled(documents[1], "equipment_value_yuan", 1.23456789e-7),
            _scaled(documents[2], "sports_area_m2", 1e-6),
            _scaled(_scaled(documents[3], "key_teachers", 1e-9), "multimedia_classrooms", 1e-11),
            *documents[4:],
        ]
        built = table.build(changed)
        assert built.stage_column("equipment_value_yuan").huge
        _check_table(changed)


def _national_slice(count: int) -> list[dict[str, Any]]:
    """``count`` units spread over the synthetic national batch, Liuzhou's left out."""
    rng = random.Random(generate_national.DEFAULT_SEED)  # noqa: S311 - the batch's seed
    codes = [
        unit
        for unit in generate_national.unit_codes(generate_national.DEFAULT_UNITS, rng)
        if not unit[0].startswith("4502")
    ]
    documents = []
    for chosen in codes[:: len(codes) // count][:count]:
        unit_rng = random.Random(f"{generate_national.DEFAULT_SEED}-{chosen[0]}")  # noqa: S311
        documents.append(
            generate_national.make_county(
                unit_rng, *chosen, stages=generate_national.stage_count(unit_rng)
            )
        )
    return documents

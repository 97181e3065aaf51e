"""The per-school column kernels count the findings the reference gives, unit by unit.

Laws:

- **Counts equal the reference.**  For every rule of the six per-school evaluators in
  the national and Guangxi rule sets, the kernel's counts per unit and outcome equal
  the outcomes of that rule's findings in ``edu_rules.evaluate`` (less the engine's own
  "nothing in scope" finding, which the batch framework adds), on generated documents
  around every threshold with unknown values (several units in one table) and on a
  slice of the synthetic national batch, where each rule is met and short somewhere.
- **Variants too.**  The same rules with other comparators, fractional thresholds, a
  wider G6 scope reaching through-schools (two stages, one baseline perhaps unknown):
  the counts equal those of the evaluator object, and a kernel answers ``None`` exactly
  where the object fails on some unit.
- **It declines what it does not know.**  A rule with provisions or an unknown
  parameter: ``None``.
"""

from __future__ import annotations

import copy
import functools
import random
import typing
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import edu_rules
from benchmarks import generate_national
from edu_rules import engine, testing
from edu_rules._numbers import Exact, exact
from edu_rules.batch.columnar import schools as kernels
from edu_rules.batch.columnar.table import OUTCOMES, Counted, Table, build
from edu_rules.evaluators import BUILTIN_EVALUATORS
from edu_rules.model.county import Guarantee, Quality, School
from edu_rules.model.evaluation import Context
from edu_rules.model.provisions import Provision
from edu_rules.model.result import Outcome
from edu_rules.model.rules import Rule
from edu_rules.plugins import RuleSet

pytestmark = pytest.mark.property

CODES = ("110101", "450102")
"""A unit of the national layer only, and a Guangxi unit outside Liuzhou."""

Document = Mapping[str, Any]
Counts = Counter[Outcome]


# --------------------------------------------------------------------------- helpers


def _ruleset(document: Document) -> tuple[RuleSet, Any]:
    """The rule set the reference applies to ``document``, and its date."""
    registry = edu_rules.default_registry()
    as_of = engine.default_as_of(document["assessment_year"])
    return registry.ruleset(_layers(document), as_of), as_of


def _layers(document: Document) -> tuple[str, ...]:
    registry = edu_rules.default_registry()
    return tuple(loaded.layer.name for loaded in registry.chain(document["code"]))


def _own_rules(ruleset: RuleSet) -> list[Rule]:
    rules = [r for r in ruleset.rules.values() if r.definition.evaluator in kernels.KERNELS]
    assert {r.definition.evaluator for r in rules} == set(kernels.KERNELS)
    return rules


def _unit_counts(counted: Counted, unit: int) -> Counts:
    row = counted.counts[unit]
    return Counter({o: int(row[i]) for i, o in enumerate(OUTCOMES) if row[i]})


def _kernel(rule: Rule, table: Table, ruleset: RuleSet) -> Counted | None:
    return kernels.KERNELS[rule.definition.evaluator](rule, table, ruleset.rules)


def _against_results(documents: Sequence[Document]) -> Counter[tuple[str, Outcome]]:
    """Every own rule's kernel counts against ``evaluate`` for each unit; what was seen."""
    table = build(documents)
    seen: Counter[tuple[str, Outcome]] = Counter()
    groups: dict[tuple[tuple[str, ...], int], list[int]] = {}
    for unit, document in enumerate(documents):
        groups.setdefault((_layers(document), document["assessment_year"]), []).append(unit)
    for units in groups.values():
        ruleset, _ = _ruleset(documents[units[0]])
        results = {u: edu_rules.evaluate(edu_rules.load_county(documents[u])) for u in units}
        for rule in _own_rules(ruleset):
            counted = _kernel(rule, table, ruleset)
            assert counted is not None, rule.id
            for unit, result in results.items():
                findings = [f for f in result.findings if f.rule == rule.id]
                assert not [fault for fault in result.faults if fault.rule == rule.id]
                mine = _unit_counts(counted, unit)
                if not mine:  # the engine's own finding: nothing of the rule's scope here
                    assert len(findings) == 1, (rule.id, unit)
                    assert findings[0].subject.school is None
                    assert findings[0].outcome in {Outcome.NOT_APPLICABLE, Outcome.NOT_EVALUABLE}
                    continue
                assert Counter(f.outcome for f in findings) == mine, (rule.id, unit)
                seen.update({(rule.id, outcome): n for outcome, n in mine.items()})
    return seen


def _judged(rule: Rule, county: edu_rules.County, ruleset: RuleSet, as_of: Any) -> Counts | None:
    """The evaluator object's outcomes for ``rule`` on one unit; ``None`` where it fails."""
    context = Context(county=county, rules=ruleset.rules, as_of=as_of, kernels=False)
    try:
        observations = list(BUILTIN_EVALUATORS[rule.definition.evaluator].judge(rule, context))
    except Exception:  # noqa: BLE001 - the engine turns it into an error finding
        return None
    return Counter(observation.outcome for observation in observations)


def _against_objects(documents: Sequence[Document], variant: Callable[[Rule], Rule | None]) -> int:
    """Changed own rules' counts against the evaluator objects; how many rules were judged."""
    table = build(documents)
    ruleset, as_of = _ruleset(documents[0])
    counties = [edu_rules.load_county(document) for document in documents]
    judged = 0
    for rule in _own_rules(ruleset):
        changed = variant(rule)
        if changed is None:
            continue
        counted = _kernel(changed, table, ruleset)
        references = [_judged(changed, county, ruleset, as_of) for county in counties]
        assert (counted is None) == any(ref is None for ref in references), changed.id
        if counted is None:
            continue
        judged += 1
        for unit, reference in enumerate(references):
            assert reference == _unit_counts(counted, unit), (changed.id, unit)
    return judged


def _evolve(rule: Rule, *, comparator: str | None = None, **changes: Any) -> Rule:
    """``rule`` with other values (``value_<name>=``), params (``param_<name>=``), comparator."""
    value = dict(rule.value)
    params = dict(rule.params)
    for key, item in changes.items():
        target = value if key.startswith("value_") else params
        target[key.split("_", 1)[1]] = item
    definition = attrs.evolve(
        rule.definition, params=params, comparator=comparator or rule.definition.comparator
    )
    return attrs.evolve(rule, definition=definition, value=value)


def _with_comparator(comparator: str) -> Callable[[Rule], Rule | None]:
    def change(rule: Rule) -> Rule | None:
        if rule.definition.evaluator not in {"school_size", "class_size", "school_ratio"}:
            return None
        return _evolve(rule, comparator=comparator)

    return change


WIDE_SCOPE = (
    {"kinds": ["teaching_point"]},
    {"kinds": ["primary", "nine_year", "twelve_year"], "areas": ["rural", "town"]},
)


def _fractional(rule: Rule) -> Rule | None:
    """Fractional thresholds, other scopes and scales: the less common arithmetic."""
    name = rule.definition.evaluator
    if name == "school_rooms":
        return _evolve(
            rule, value_min_area=Fraction(191, 2), value_min_rooms=2, param_classes_per_room=5
        )
    if name == "school_size":
        return _evolve(rule, value_threshold={**rule.threshold(), "primary": Fraction(3001, 3)})
    if name == "class_size":
        return _evolve(rule, value_threshold={"primary": Fraction(89, 2), "junior": 50})
    if name == "school_ratio":
        return _evolve(rule, param_scale=Fraction(1000, 3), value_threshold=Fraction(33, 2))
    if name == "per_student_funding":
        return _evolve(rule, value_threshold=Fraction(12001, 2), param_kinds=None)
    return _evolve(rule, value_floor_students=Fraction(201, 2), param_in_scope=WIDE_SCOPE)


def _without_a_junior_baseline(documents: Sequence[Document]) -> list[Document]:
    """The documents with the junior baseline unknown in every other unit."""
    changed: list[Document] = []
    for index, document in enumerate(documents):
        guarantee = dict(document.get("guarantee") or {})
        if index % 2 == 0:
            guarantee["funding_baseline_junior_yuan"] = None
        changed.append({**document, "guarantee": guarantee})
    return changed


# --------------------------------------------------------------------------- documents

AROUND_THRESHOLDS = st.sampled_from(CODES).flatmap(
    lambda code: st.lists(
        testing.counties(code, unknowns=True, schools=st.integers(2, 20)), min_size=1, max_size=4
    )
)
"""Several units of one code, figures at, below and above each threshold, some unknown."""


@functools.cache
def _national_slice() -> tuple[Document, ...]:
    """About 30 units of the synthetic national batch, spread over it (Liuzhou left out)."""
    rng = random.Random(generate_national.DEFAULT_SEED)  # noqa: S311 - the batch's seed
    codes = generate_national.unit_codes(generate_national.DEFAULT_UNITS, rng)
    chosen = [unit for unit in codes if not unit[0].startswith("4502")][::95]
    documents = []
    for code, name in chosen:
        unit_rng = random.Random(f"{generate_national.DEFAULT_SEED}-{code}")  # noqa: S311
        stages = generate_national.stage_count(unit_rng)
        documents.append(generate_national.make_county(unit_rng, code, name, stages=stages))
    return tuple(documents)


# --------------------------------------------------------------------------- tests


class TestCountsEqualTheReference:
    @given(AROUND_THRESHOLDS)
    def test_on_documents_around_every_threshold(self, documents: list[Document]) -> None:
        """Units around every threshold, in one table: the counts of ``evaluate``."""
        _against_results(documents)

    def test_on_a_slice_of_the_national_batch(self) -> None:
        """About 30 units in one table: equal counts, and each rule met and short somewhere."""
        documents = _national_slice()
        assert len(documents) >= 25
        assert any(document["code"].startswith("45") for document in documents)
        seen = _against_results(documents)
        ruleset, _ = _ruleset(documents[0])
        for rule in _own_rules(ruleset):
            assert seen[rule.id, Outcome.MET], rule.id
            assert seen[rule.id, Outcome.SHORTFALL], rule.id


class TestVariantsEqualTheObjects:
    @given(st.sampled_from((">=", ">", "<=", "<", "==")), AROUND_THRESHOLDS)
    def test_whatever_the_comparator(self, comparator: str, documents: list[Document]) -> None:
        """Another comparator: the counts of the evaluator objects."""
        assert _against_objects(documents, _with_comparator(comparator)) == 3

    @given(AROUND_THRESHOLDS)
    def test_fractional_thresholds_and_a_wider_scope(self, documents: list[Document]) -> None:
        """Fractions, a wider G6 scope, a junior baseline sometimes unknown: the objects' counts."""
        _against_objects(_without_a_junior_baseline(documents), _fractional)

    def test_variants_on_the_national_slice(self) -> None:
        """The variants on the national slice: all seven rules judged, none declined."""
        documents = _national_slice()
        assert _against_objects(_without_a_junior_baseline(documents), _fractional) == 7
        for comparator in (">", "=="):
            assert _against_objects(documents, _with_comparator(comparator)) == 3


def _wide_g6(rule: Rule) -> Rule | None:
    """G6 reaching rural and town through-schools below 300.5 pupils; no other rule."""
    if rule.definition.evaluator != "small_school_funding":
        return None
    return _evolve(rule, value_floor_students=Fraction(601, 2), param_in_scope=WIDE_SCOPE)


def _through_school(juniors: int, funds: float | None, baseline: float | None) -> list[Document]:
    """Two units; in the second a rural nine-year school of 60 primary pupils and ``juniors``.

    Its ``funds``, and the unit's junior baseline ``baseline`` (the primary one is 720).
    """
    document = copy.deepcopy(dict(_national_slice()[0]))
    document["guarantee"].update(
        funding_baseline_primary_yuan=720, funding_baseline_junior_yuan=baseline
    )
    school = next(school for school in document["schools"] if school["kind"] == "nine_year")
    school.update(area="rural", public_funds_yuan=funds)
    school["stages"]["primary"].update(students=60, classes=6, largest_class=12)
    junior = school["stages"]["junior"]
    if juniors:
        junior.update(students=juniors, classes=1, largest_class=juniors)
    else:
        junior.update(dict.fromkeys(junior, None), students=0, classes=0)
    return [dict(_national_slice()[1]), document]


def _wide_g6_counts(documents: Sequence[Document]) -> Counts:
    """The wide G6's counts in the second unit, once equal to the object's (or ``None``)."""
    assert _against_objects(documents, _wide_g6) == 1
    ruleset, _ = _ruleset(documents[0])
    rule = next(r for r in map(_wide_g6, _own_rules(ruleset)) if r is not None)
    counted = _kernel(rule, build(documents), ruleset)
    assert counted is not None
    return _unit_counts(counted, 1)


class TestThroughSchoolsInAWiderG6:
    def test_both_baselines_known_the_floor_is_weighted(self) -> None:
        """Floor 300.5 · (720·60 + 940·30) / 90 = 238396.67 (rounded up): short, then met."""
        below = _wide_g6_counts(_through_school(30, 238396.66, 940))
        above = _wide_g6_counts(_through_school(30, 238396.67, 940))
        assert above[Outcome.MET] == below[Outcome.MET] + 1
        assert above[Outcome.SHORTFALL] == below[Outcome.SHORTFALL] - 1

    def test_a_stage_with_pupils_and_no_baseline_is_not_evaluable(self) -> None:
        """The junior baseline unknown, juniors taught: not evaluable, as the object says."""
        counts = _wide_g6_counts(_through_school(30, 238396.67, None))
        assert counts[Outcome.NOT_EVALUABLE] >= 1

    def test_a_stage_without_pupils_weighs_nothing_known_or_not(self) -> None:
        """No juniors, their baseline unknown: the floor is the primary one, met or short.

        (The object path once failed here, ``Fraction(None)``, and gave an error finding.)
        """
        assert _against_objects(_through_school(0, 100000.0, None), _wide_g6) == 1
        below = _wide_g6_counts(_through_school(0, 216359.99, None))
        above = _wide_g6_counts(_through_school(0, 216360.0, None))
        assert above[Outcome.MET] == below[Outcome.MET] + 1

    def test_where_the_funds_are_unknown_too_it_counts(self) -> None:
        """The funds unknown as well: not evaluable, as the object says, and counted."""
        counts = _wide_g6_counts(_through_school(0, None, None))
        assert counts[Outcome.NOT_EVALUABLE] >= 1


class TestDeclines:
    def _rules(self) -> tuple[list[Rule], Table, RuleSet]:
        documents = _national_slice()[:2]
        ruleset, _ = _ruleset(documents[0])
        return _own_rules(ruleset), build(documents), ruleset

    def test_an_unknown_parameter(self) -> None:
        rules, table, ruleset = self._rules()
        for rule in rules:
            assert _kernel(_evolve(rule, param_boarding=True), table, ruleset) is None

    def test_a_field_the_model_lacks_or_an_unknown_comparator(self) -> None:
        rules, table, ruleset = self._rules()
        by_name = {rule.definition.evaluator: rule for rule in rules}
        rooms = _evolve(by_name["school_rooms"], param_rooms="rooms")
        assert _kernel(rooms, table, ruleset) is None
        ratio = _evolve(by_name["school_ratio"], param_numerator="students")
        assert _kernel(ratio, table, ruleset) is None
        assert _kernel(_evolve(by_name["class_size"], comparator="!="), table, ruleset) is None
        baselines = {"primary": "guarantee.performance_pay_fully_set", "junior": "name"}
        small = _evolve(by_name["small_school_funding"], param_baselines=baselines)
        assert _kernel(small, table, ruleset) is None

    def test_a_rule_with_provisions(self) -> None:
        rules, table, ruleset = self._rules()
        for rule in rules:
            provided = attrs.evolve(rule, provisions=(typing.cast("Provision", object()),))
            assert _kernel(provided, table, ruleset) is None


def test_the_field_lists_match_the_model() -> None:
    """The fields the kernels accept are exactly the model's number and room-list fields."""
    school = typing.get_type_hints(School)
    numbers = {name for name, hint in school.items() if hint in (Exact | None, int | None)}
    rooms = {name for name, hint in school.items() if hint == tuple[Exact, ...] | None}
    assert numbers == kernels.NUMBER_FIELDS
    assert rooms == kernels.ROOM_FIELDS
    paths = {
        f"{part}.{name}"
        for part, model in (("guarantee", Guarantee), ("quality", Quality))
        for name, hint in typing.get_type_hints(model).items()
        if hint == Exact | None
    }
    assert paths == kernels.COUNTY_NUMBER_PATHS


def test_room_areas_read_as_the_reference_reads_them() -> None:
    """Areas read at once or one by one: each is :func:`exact` of its JSON number."""
    cases: list[list[list[Any] | None]] = [
        [[96, 95.9], None, [], [0.1, 120.25]],
        [[1e-12, 3.0], [96]],
        [[10**30, 96.5], None],
        [[2**53 + 1, 0.3]],
    ]
    for lists in cases:
        values = [value for rooms in lists if rooms for value in rooms]
        column = kernels._areas(lists, len(values))
        assert [column.exact(row) for row in range(len(values))] == [exact(v) for v in values]

"""The exact integer kernels give the findings the reference object path gives.

Laws:

- **Kernels agree with the reference.**  For every county, ``evaluate(county)`` (the
  built-in per-stage evaluators' integer kernels, wherever a rule has no provisions)
  equals ``evaluate(county, kernels=False)`` (every rule judged by its evaluator
  object, in Fractions), finding for finding and byte for byte as JSON.  Checked on
  generated documents with figures at and around every threshold in force, with
  unknown values, for a Liuzhou unit (three layers), a unit of the national layer
  only and the two example provision layers (whose rules take the traced path), and on
  a slice of the synthetic national batch of ``benchmarks/generate_national.py``.
- **Each kernel agrees with its evaluator.**  For every rule a kernel judges, its rows
  equal the rows of the evaluator's observations on the reference path, field for
  field and number type for number type, on the same documents, whatever comparator
  the rule names; on the bundled examples and the national slice every kernel finds
  both a met and a short subject (so each comparison is a real one).  A kernel leaves
  a rule to the object path only where the rule has provisions (or, for small
  schools' funding, a baseline is unknown; for a CV, its indicator adjusts its measure).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import edu_rules
from benchmarks import generate_national
from edu_rules import engine, testing
from edu_rules.evaluators import BUILTIN_EVALUATORS
from edu_rules.evaluators.measures import adjusts_measure
from edu_rules.io.serialization import to_json
from edu_rules.model._columns import row_of
from edu_rules.model.evaluation import Context
from edu_rules.model.result import Outcome
from edu_rules.model.rules import Rule

pytestmark = pytest.mark.property

CODES = ("450202", "450223", "110101", "960101", "960102")
"""Liuzhou (three layers), national only, and the two example layers with provisions."""

AROUND_THRESHOLDS = st.sampled_from(CODES).flatmap(
    lambda code: testing.county_models(code, unknowns=True, schools=st.integers(2, 20))
)
"""Documents of those units with figures at, just below and just above each threshold."""


def _assert_same(county: edu_rules.County) -> None:
    fast = edu_rules.evaluate(county)
    reference = edu_rules.evaluate(county, kernels=False)

    assert reference.findings == fast.findings
    assert reference == fast
    assert to_json(reference) == to_json(fast)


class TestKernelsAgreeWithTheReference:
    @given(AROUND_THRESHOLDS)
    def test_on_documents_around_every_threshold(self, county: edu_rules.County) -> None:
        """Figures at, just below and just above each threshold: every finding is equal."""
        _assert_same(county)

    @pytest.mark.parametrize("index", [0, 1, 2, 3])
    def test_on_a_slice_of_the_national_batch(self, index: int) -> None:
        """Units of the synthetic national batch (a Liuzhou unit among them): equal results."""
        _assert_same(_national_unit(index))


# --------------------------------------------------------------------------- kernel by kernel

KERNELS = frozenset(name for name, evaluator in BUILTIN_EVALUATORS.items() if evaluator.rows)
"""The built-in evaluators with an integer kernel (every per-school and per-stage one)."""

EXAMPLES = sorted(Path(__file__).parents[2].joinpath("examples").glob("*.json"))

COMPARATORS = (">=", ">", "<=", "<", "==")


def _exactly(value: Any) -> Any:
    """``value`` with every number tagged by its type: ``1`` and ``1.0`` write differently."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return (type(value).__name__, repr(value))
    if isinstance(value, tuple | list):
        return [_exactly(item) for item in value]
    if isinstance(value, dict):
        return {key: _exactly(item) for key, item in value.items()}
    return value


def _contexts(county: edu_rules.County) -> tuple[list[Rule], Context, Context]:
    """The rules in force for ``county`` in run order, and a kernel and a reference context."""
    registry = edu_rules.default_registry()
    as_of = engine.default_as_of(county.assessment_year)
    layers = tuple(loaded.layer.name for loaded in registry.chain(county.code))
    ruleset = registry.ruleset(layers, as_of)
    return (
        [*ruleset.binding, *ruleset.advisory],
        Context(county=county, rules=ruleset.rules, as_of=as_of),
        Context(county=county, rules=ruleset.rules, as_of=as_of, kernels=False),
    )


def _may_decline(rule: Rule, context: Context) -> bool:
    """Where a kernel may leave a rule to the object path: provisions, an unknown baseline.

    A CV whose indicator adjusts its measure (``add`` / ``subtract``) reads that measure,
    which only the object path computes.
    """
    if rule.provisions:
        return True
    if rule.definition.evaluator == "coefficient_of_variation":
        return adjusts_measure(context.rules[rule.params["indicator"]])
    if rule.definition.evaluator != "small_school_funding":
        return False
    return any(context.value_at(path) is None for path in rule.params["baselines"].values())


def _compare_kernels(
    county: edu_rules.County, change: Callable[[Rule], Rule] | None = None
) -> Counter[tuple[str, Outcome]]:
    """Each kernel's rows equal its evaluator's observations' rows, field for field and type.

    Rules run in the engine's order, so the memos the kernels share are built as they are
    in an evaluation.  Returns how many rows of each outcome each kernel gave.
    """
    rules, fast, reference = _contexts(county)
    seen: Counter[tuple[str, Outcome]] = Counter()
    for original in rules:
        name = original.definition.evaluator
        if name not in KERNELS:
            continue
        rule = change(original) if change is not None else original
        evaluator = BUILTIN_EVALUATORS[name]
        assert evaluator.rows is not None
        rows = evaluator.rows(rule, fast)
        expected = [row_of(item) for item in evaluator.judge(rule, reference)]
        if rows is None:
            assert _may_decline(rule, fast), f"{rule.id}: the kernel declined a plain rule"
            continue

        assert [_exactly(row) for row in expected] == [_exactly(row) for row in rows], rule.id
        seen.update((name, row[1]) for row in rows)
    return seen


def _with_comparator(comparator: str) -> Callable[[Rule], Rule]:
    def change(rule: Rule) -> Rule:
        return attrs.evolve(rule, definition=attrs.evolve(rule.definition, comparator=comparator))

    return change


def _national_unit(index: int) -> edu_rules.County:
    """The ``index``-th unit of a slice of the synthetic national batch (a Liuzhou one first)."""
    rng = random.Random(generate_national.DEFAULT_SEED)  # noqa: S311 - the batch's seed
    codes = generate_national.unit_codes(generate_national.DEFAULT_UNITS, rng)
    liuzhou = [unit for unit in codes if unit[0].startswith("4502")][:1]
    chosen = [*liuzhou, *codes[:: len(codes) // 3]][index]
    unit_rng = random.Random(f"{generate_national.DEFAULT_SEED}-{chosen[0]}")  # noqa: S311
    document = generate_national.make_county(
        unit_rng, *chosen, stages=generate_national.stage_count(unit_rng)
    )
    return edu_rules.load_county(document)


class TestEachKernelAgreesWithItsEvaluator:
    @given(AROUND_THRESHOLDS)
    def test_on_documents_around_every_threshold(self, county: edu_rules.County) -> None:
        """Figures at, just below and just above each threshold: every row is the same."""
        _compare_kernels(county)

    @given(
        st.sampled_from(COMPARATORS),
        testing.county_models("450202", unknowns=True, schools=st.integers(2, 12)),
    )
    def test_whatever_the_comparator(self, comparator: str, county: edu_rules.County) -> None:
        """A rule that compares the other way (or strictly, or for equality): the same rows."""
        _compare_kernels(county, _with_comparator(comparator))

    def test_on_the_bundled_examples_and_a_national_slice(self) -> None:
        """Ten Liuzhou units and four national ones: each kernel is met and short somewhere."""
        seen: Counter[tuple[str, Outcome]] = Counter()
        for path in EXAMPLES:
            seen += _compare_kernels(edu_rules.load_county(path.read_bytes()))
        for index in range(4):
            seen += _compare_kernels(_national_unit(index))

        judged = {name for name, outcome in seen if outcome is Outcome.MET} & {
            name for name, outcome in seen if outcome is Outcome.SHORTFALL
        }
        assert judged == KERNELS

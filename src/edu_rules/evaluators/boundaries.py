"""Where an evaluator's thresholds put the figures it reads: what :mod:`edu_rules.testing` aims at.

An evaluator's ``boundaries`` is one of these kinds.  Each says which figures a rule
of that evaluator reads (by the rule parameters that name them), which way a higher
figure moves the rule, and the value that sits exactly at the threshold; the test
kit draws documents around those values.  A plugin evaluator that reads its figures
the way a core one does declares the same kind and gets generated test data
without further code.
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

import attrs

from edu_rules._numbers import Exact
from edu_rules.model.rules import Rule

Vote = tuple[str, int]
"""A figure a rule reads (``"county:<path>"``, ``"school:<field>"``, ``"stage:<field>"``,
``"item:<list>.<field>"``) and which way it helps (+1 higher, -1 lower, 0 unknown)."""


def _direction(comparator: str | None) -> int:
    """+1 when a higher figure helps the rule, -1 when a lower one does."""
    return -1 if comparator in {"<=", "<"} else 1


@attrs.frozen
class Boundary:
    """A kind of boundary; ``reads`` lists the figures a rule reads and which way each helps.

    ``figures`` holds ``(scope, parameter, way)``: the rule parameter naming a figure
    in ``scope`` and whether it helps (+1) or hurts (-1) under a ``>=`` comparator.
    A kind without ``figures`` reads whatever its ``field``, ``numerator`` or
    ``value`` parameter names, with no known direction.
    """

    figures: ClassVar[tuple[tuple[str, str, int], ...]] = ()

    def reads(self, rule: Rule) -> list[Vote]:
        """The figures ``rule`` reads and which way each helps it."""
        params = rule.params
        if not self.figures:
            return [
                (f"county:{params[key]}", 0)
                for key in ("field", "numerator", "value")
                if isinstance(params.get(key), str)
            ]
        sign = _direction(rule.definition.comparator)
        return [(f"{scope}:{params[key]}", sign * way) for scope, key, way in self.figures]


@attrs.frozen
class CountyFlag(Boundary):
    """A yes/no county item at ``params.field`` that must equal ``params.expected``."""


@attrs.frozen
class YearsSince(Boundary):
    """Years from the year at ``params.field`` to the assessment year, against the threshold."""

    figures = (("county", "field", -1),)


@attrs.frozen
class CountyFigure(Boundary):
    """A county figure at ``params.field`` against the threshold itself."""

    figures = (("county", "field", 1),)

    @staticmethod
    def at(rule: Rule) -> Fraction:
        """The figure exactly at the threshold."""
        return Fraction(rule.threshold())


@attrs.frozen
class CountyComparison(Boundary):
    """A county figure (``params.value``) against another (``params.reference``) × threshold."""

    figures = (("county", "value", 1), ("county", "reference", -1))

    @staticmethod
    def at(rule: Rule, reference: Exact) -> Fraction:
        """The value exactly at the threshold for a given reference figure."""
        return Fraction(reference) * Fraction(rule.threshold())


@attrs.frozen
class CountyRatio(Boundary):
    """``params.numerator / params.denominator × params.scale`` of county figures."""

    figures = (("county", "numerator", 1), ("county", "denominator", -1))


@attrs.frozen
class EachItem(Boundary):
    """Every item of the county list ``params.list`` meets the threshold on ``params.item``."""

    def reads(self, rule: Rule) -> list[Vote]:
        """The items' field, in the rule's direction."""
        params = rule.params
        return [(f"item:{params['list']}.{params['item']}", _direction(rule.definition.comparator))]


@attrs.frozen
class StageIndicator(Boundary):
    """A per-student indicator: ``params.numerator`` of a stage × ``params.per`` / students."""

    figures = (("stage", "numerator", 1),)


@attrs.frozen
class CoefficientOfVariation(Boundary):
    """The spread between schools of the indicator rule named by ``params.indicator``."""


@attrs.frozen
class ClassLimit(Boundary):
    """Each stage's largest class against the stage's limit."""

    def reads(self, rule: Rule) -> list[Vote]:
        """The largest class: lower helps."""
        del rule
        return [("stage:largest_class", -1)]


@attrs.frozen
class SchoolRooms(Boundary):
    """Rooms of at least ``min_area`` m² in the school list ``params.rooms``."""


@attrs.frozen
class PerStudentFunding(Boundary):
    """A school's ``params.funds`` per ``params.students`` against the threshold."""

    figures = (("school", "funds", 1), ("school", "students", -1))


@attrs.frozen
class SmallSchoolFunding(Boundary):
    """A small school's public funds against the per-stage baselines × ``floor_students``."""

    def reads(self, rule: Rule) -> list[Vote]:
        """Public funds help; the county baselines raise what is asked."""
        return [("school:public_funds_yuan", 1)] + [
            (f"county:{field}", -1) for field in rule.params["baselines"].values()
        ]


@attrs.frozen
class SchoolRatio(Boundary):
    """A school's ``params.numerator / params.denominator × params.scale``."""

    figures = (("school", "numerator", 1), ("school", "denominator", -1))


__all__ = [
    "Boundary",
    "ClassLimit",
    "CoefficientOfVariation",
    "CountyComparison",
    "CountyFigure",
    "CountyFlag",
    "CountyRatio",
    "EachItem",
    "PerStudentFunding",
    "SchoolRatio",
    "SchoolRooms",
    "SmallSchoolFunding",
    "StageIndicator",
    "Vote",
    "YearsSince",
]

"""What every family of evaluators shares: judging a comparison, unknowns, remedies, ratios."""

from __future__ import annotations

from fractions import Fraction

import attrs

from edu_rules._numbers import Exact, ceil_whole, to_json_number
from edu_rules.model.evaluation import Observation, compare, gap_of
from edu_rules.model.provisions import Provision
from edu_rules.model.result import Outcome, Remedy, Subject
from edu_rules.model.rules import Rule


def _judge(measured: Exact, comparator: str, required: Exact) -> tuple[Outcome, Exact]:
    if compare(measured, comparator, required):
        return Outcome.MET, 0  # what gap_of gives whenever the rule is met
    return Outcome.SHORTFALL, gap_of(measured, comparator, required)


def _unknown(subject: Subject, *missing: str, required: Exact | None = None) -> Observation:
    return Observation(
        subject=subject, outcome=Outcome.NOT_EVALUABLE, required=required, missing=missing
    )


def _remedy(rule: Rule, amount: Exact) -> tuple[Remedy, ...]:
    """The real-world quantity that closes a gap, whole units rounded up."""
    unit = rule.params.get("remedy_unit")
    if unit is None or amount <= 0:
        return ()
    quantity: Exact = ceil_whole(amount) if rule.params.get("whole", False) else amount
    return (Remedy(quantity=to_json_number(quantity), unit=unit),)


def _excluded(rule: Rule) -> frozenset[str]:
    return frozenset(rule.params.get("exclude_kinds", ()))


def _ratio_observation(
    rule: Rule,
    subject: Subject,
    numerator: tuple[str, Exact | None],
    denominator: tuple[str, Exact | None],
    scale: Exact,
) -> Observation:
    """``numerator / denominator × scale`` against the threshold; each input is ``(path, value)``.

    The remedy is the numerator still needed: ``threshold × denominator / scale − numerator``.
    """
    required = rule.threshold()
    top, bottom = numerator[1], denominator[1]
    if top is None or bottom is None:
        missing = tuple(path for path, value in (numerator, denominator) if value is None)
        return _unknown(subject, *missing, required=required)
    if bottom == 0:
        return Observation(
            subject,
            Outcome.NOT_EVALUABLE,
            required=required,
            note=f"undefined: {denominator[0]} is 0",
        )
    # top × scale / bottom, normalised once (the same Fraction as three operations)
    measured = Fraction(
        top.numerator * scale.numerator * bottom.denominator,
        top.denominator * scale.denominator * bottom.numerator,
    )
    outcome, gap = _judge(measured, rule.definition.comparator or ">=", required)
    remedies: tuple[Remedy, ...] = ()
    if outcome is Outcome.SHORTFALL:
        remedies = _remedy(rule, Fraction(required) * bottom / scale - top)
    return Observation(
        subject,
        outcome,
        measured=measured,
        required=required,
        gap=gap,
        remedies=remedies,
    )


def _below(value: Exact, limit: Exact) -> bool:
    """``value < limit`` for exact rationals by cross-multiplying (denominators are positive).

    The same answer as ``<``, without Fraction's generic numeric-tower dispatch.
    """
    return value.numerator * limit.denominator < limit.numerator * value.denominator


@attrs.frozen
class Left:
    """A subject a scope provision leaves out of a rule."""

    subject: Subject
    provision: Provision

    def observation(self) -> Observation:
        """Not applicable, saying which provision of which layer leaves it out, and why."""
        provision = self.provision
        reason = provision.reason.en if provision.reason else provision.id
        return Observation(
            self.subject,
            Outcome.NOT_APPLICABLE,
            note=f"left out by {provision.layer} ({provision.citation}): {reason}",
            details={"provision": provision.trace},
        )

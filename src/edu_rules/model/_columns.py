"""A finding as a row: what one observation adds to its rule's shared fields.

The engine keeps, per rule, the fields every finding of that rule shares (id, layer,
citation…) once, and per finding only a :data:`Row`: the subject, the outcome, the
three numbers already in their JSON form, the remedies, the missing fields, the note
and the details.  Built-in kernels (:mod:`edu_rules.evaluators._kernels`) produce rows
directly; any other evaluator's observations become rows through :func:`row_of`.
"""

from __future__ import annotations

from edu_rules._numbers import to_json_number
from edu_rules.model.evaluation import Observation
from edu_rules.model.result import Row

__all__ = ["Row", "row_of"]


def row_of(observation: Observation) -> Row:
    """The row of an observation (numbers turned into JSON numbers, details copied)."""
    measured, required, gap = observation.measured, observation.required, observation.gap
    details = observation.details
    return (
        observation.subject,
        observation.outcome,
        None if measured is None else to_json_number(measured),
        None if required is None else to_json_number(required),
        None if gap is None else to_json_number(gap),
        observation.remedies,
        observation.missing,
        observation.note,
        dict(details) if details is not None else None,
    )

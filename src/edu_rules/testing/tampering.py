"""The check that a layer's code leaves the county it is handed as it was.

The preparation hooks and the evaluators are given the county itself, frozen (attrs frozen
classes, tuples, exact numbers): no accident can change it.  Python still lets determined
code force a change (``object.__setattr__``, a frozen map's insides), and a copy would stop
neither that nor a hook that reaches its caller's frame, so the engine does not pay for one
on every unit.  The guarantee is checked here, when a layer's own tests run: every hook and
evaluator of the installed layers runs on the county, and the county must be the same,
byte for byte, afterwards.
"""

from __future__ import annotations

import pickle
from typing import Any

from edu_rules.engine import evaluate
from edu_rules.io.inputs import load_county
from edu_rules.model.county import County
from edu_rules.plugins import Registry, default_registry


def check_hooks_leave_county_unchanged(
    document: dict[str, Any] | County, registry: Registry | None = None
) -> None:
    """Check that no hook or evaluator changes the county it is given.

    ``document`` (a county document, or a loaded county) is evaluated with ``registry``
    (by default the installed layers).

    :raises AssertionError: naming the county, if its pickled form changed.
    """
    county = document if isinstance(document, County) else load_county(document)
    before = pickle.dumps(county)
    evaluate(county, registry=registry if registry is not None else default_registry())
    if pickle.dumps(county) != before:
        message = (
            f"a hook or evaluator changed the county {county.code} it was given "
            "(they get the county itself, frozen: force no change into it)"
        )
        raise AssertionError(message)

"""A plan's JSON as people and platforms receive it: its data, and its cost's basis.

``edu-rules plan --format json`` and ``POST /v1/plan`` both answer this: the plan's
data (:func:`edu_rules.planner.result.plan_to_data`), its ``cost_model`` saying which
unit prices were given and from where, and that the cost is an estimate for
comparison, not a budget (in the language asked for).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from edu_rules._messages import message

if TYPE_CHECKING:
    from edu_rules.planner.result import Plan


def plan_json(the_plan: Plan, lang: str = "zh", given: Mapping[str, str] | None = None) -> str:
    """The plan's JSON; ``given`` maps each priced field to its file (``""``: the command line)."""
    from edu_rules.io.serialization import to_json
    from edu_rules.planner.result import plan_to_data

    data = plan_to_data(the_plan)
    data["cost_model"]["given"] = {
        field: place or "command line" for field, place in sorted((given or {}).items())
    }
    data["cost_model"]["note"] = message("plan.cost.caveat", lang)
    return to_json(data)

"""Deprecated home of the core evaluators, kept for one release: use :mod:`edu_rules.evaluators`.

``BUILTIN_EVALUATORS`` now maps names to evaluator objects (callable, as the
functions were); the helpers other code imported are re-exported unchanged.
"""

from __future__ import annotations

from edu_rules.evaluators import (
    BUILTIN_EVALUATORS,
    indicator_value,
    per_student,
    resource_rows,
    weighted_cv_squared,
)

__all__ = [
    "BUILTIN_EVALUATORS",
    "indicator_value",
    "per_student",
    "resource_rows",
    "weighted_cv_squared",
]

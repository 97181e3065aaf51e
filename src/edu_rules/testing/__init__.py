"""Test kit for plugin authors: Hypothesis strategies for county documents, and invariant checks.

A plugin changes what the rules say, never how they behave: a stricter layer only
adds shortfalls, unknown data never helps, the order of schools in a document does
not matter, a result survives its own JSON.  This module turns those laws into a few
lines of test code.  The strategies generate *valid* county documents (plain dicts, as
an analyst would write them) whose figures sit around the thresholds **of the rules in
force** for the code and year asked for — read from the compiled rule set, never
hard-coded — with values exactly at a threshold among them.  The checks raise
:class:`AssertionError` with a message that names the rule and the subject.

Hypothesis is a test dependency (``pip install edu-rules[test]``): ``import edu_rules``
never imports this module.  A plugin's test, run with pytest (an example evaluates a
whole county, so switch Hypothesis' 200 ms deadline off)::

    import edu_rules
    from edu_rules import testing
    from hypothesis import given, settings

    NATIONAL = testing.registry_without("exampleland")

    @settings(deadline=None)
    @given(testing.counties(code="990101"))
    def test_exampleland_only_tightens(document):
        testing.check_layering_only_tightens(
            document, base_registry=NATIONAL, stacked_registry=edu_rules.default_registry()
        )

    @settings(deadline=None)
    @given(testing.counties(code="990101", unknowns=True))
    def test_results_are_deterministic_and_well_formed(document):
        testing.check_order_invariance(document)
        testing.check_round_trips(document)

The strategies: :func:`counties` (documents; :func:`county_models` for
:class:`~edu_rules.County` objects), :func:`schools`, :func:`stages`.  The thresholds
they aim at: :func:`thresholds`.  The checks: :func:`check_determinism`,
:func:`check_order_invariance`, :func:`check_monotone`, :func:`check_missing_never_helps`,
:func:`check_layering_only_tightens`, :func:`check_round_trips`,
:func:`check_county_schema`, :func:`check_result_schema`,
:func:`check_hooks_leave_county_unchanged`.
"""

from __future__ import annotations

from edu_rules.plugins import citation_warnings
from edu_rules.testing.checks import (
    ShortfallKey,
    assessment_json,
    check_county_schema,
    check_determinism,
    check_layering_only_tightens,
    check_missing_never_helps,
    check_monotone,
    check_order_invariance,
    check_result_schema,
    check_round_trips,
    comparable,
    evaluate_document,
    fill_values,
    good_directions,
    nullable_paths,
    shortfall_keys,
    status_rank,
)
from edu_rules.testing.contract import (
    get_path,
    json_number,
    set_path,
)
from edu_rules.testing.strategies import (
    counties,
    county_models,
    schools,
    stages,
)
from edu_rules.testing.tampering import check_hooks_leave_county_unchanged
from edu_rules.testing.thresholds import (
    Indicator,
    Thresholds,
    registry_without,
    thresholds,
)

__all__ = [
    "Indicator",
    "ShortfallKey",
    "Thresholds",
    "assessment_json",
    "check_county_schema",
    "check_determinism",
    "check_hooks_leave_county_unchanged",
    "check_layering_only_tightens",
    "check_missing_never_helps",
    "check_monotone",
    "check_order_invariance",
    "check_result_schema",
    "check_round_trips",
    "citation_warnings",
    "comparable",
    "counties",
    "county_models",
    "evaluate_document",
    "fill_values",
    "get_path",
    "good_directions",
    "json_number",
    "nullable_paths",
    "registry_without",
    "schools",
    "set_path",
    "shortfall_keys",
    "stages",
    "status_rank",
    "thresholds",
]

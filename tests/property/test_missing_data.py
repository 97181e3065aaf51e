"""Missing data never helps: an unknown value is not zero, and not a pass either.

Laws, for any document and any set of its known figures made unknown (``null``):

- **No pass from ignorance.**  If the document does not pass with those figures
  known, it does not pass with them unknown.
- **Shortfalls are certain.**  Every shortfall ``(rule, subject)`` reported with the
  figures unknown is also reported for every way of filling them in: the document's
  own values, all of them low (0 or false), all high, all exactly at their threshold,
  and any mix of those.  (A filling the data contract refuses is not a way of filling
  them and is skipped.)
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from edu_rules import CountyDataError, load_county, testing

pytestmark = pytest.mark.property

CODES = ("450202", "110101")
DOCUMENTS = st.sampled_from(CODES).flatmap(testing.counties)


def _assume_valid_when_unknown(document: dict, paths: list) -> None:
    """Some figures cannot be unknown (a special school needs its pupils or a stage)."""
    unknown = copy.deepcopy(document)
    for path in paths:
        testing.set_path(unknown, path, None)
    try:
        load_county(unknown)
    except CountyDataError:
        assume(False)


class TestMakingFiguresUnknown:
    """``check_missing_never_helps`` on generated documents."""

    @given(data=st.data(), document=DOCUMENTS)
    def test_unknown_figures_never_turn_a_non_pass_into_a_pass_nor_invent_shortfalls(
        self, data, document
    ):
        """Figures made unknown: no new pass; each shortfall holds for drawn fillings."""
        candidates = testing.nullable_paths(document)
        assume(candidates)
        paths = data.draw(
            st.lists(st.sampled_from(candidates), min_size=1, max_size=6, unique=True),
            label="unknown",
        )
        _assume_valid_when_unknown(document, paths)
        options = {path: testing.fill_values(document, path) for path in paths}
        fillings = data.draw(
            st.lists(
                st.fixed_dictionaries(
                    {path: st.sampled_from(values) for path, values in options.items() if values}
                ),
                min_size=1,
                max_size=3,
            ),
            label="fillings",
        )

        testing.check_missing_never_helps(document, paths, fillings=fillings)

    @given(data=st.data(), document=testing.counties("450202", passing=True))
    def test_stage_figures_made_unknown_keep_every_shortfall_at_low_high_and_threshold(
        self, data, document
    ):
        """Indicator numerators made unknown; the default fillings: all low, all high, all at threshold."""
        candidates = [
            path
            for path in testing.nullable_paths(document)
            if path[0] == "schools" and "stages" in path
        ]
        assume(candidates)
        paths = data.draw(
            st.lists(st.sampled_from(candidates), min_size=1, max_size=8, unique=True),
            label="unknown",
        )
        _assume_valid_when_unknown(document, paths)

        testing.check_missing_never_helps(document, paths)


class TestTheCheckItself:
    """``check_missing_never_helps`` can fail."""

    def test_a_document_whose_unknowns_would_pass_is_caught(self, monkeypatch):
        """An engine that passed unknown data would be caught: the check is not vacuous."""
        from edu_rules import Status
        from tests._passing import passing_county

        document = passing_county()
        document["guarantee"]["training_360h_completion_pct"] = 90
        real = testing.evaluate_document

        def lenient(doc, **kwargs):
            result = real(doc, **kwargs)
            if doc["guarantee"]["training_360h_completion_pct"] is None:
                import attrs

                return attrs.evolve(result, status=Status.PASS)
            return result

        monkeypatch.setattr(testing.checks, "evaluate_document", lenient)

        with pytest.raises(AssertionError, match="into pass"):
            testing.check_missing_never_helps(
                document, [("guarantee", "training_360h_completion_pct")]
            )

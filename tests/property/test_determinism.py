"""Determinism: a county document has one result, whatever else happens to vary.

Laws:

- **Repeatable.**  Loading and evaluating the same document twice gives byte-identical
  result JSON.
- **School order does not matter.**  Listing a document's schools in any other order
  gives the same result, once the positions that name an input (``schools[3]`` in a
  ``missing`` path) are read as the school they point at; findings are ordered by
  family, rule and subject, never by the order of the input.
- **Plugin registration order does not matter.**  The same plugins registered in the
  opposite order give byte-identical result JSON: layers stack by level and code
  prefix, never by the order pluggy happens to call them.

Documents are generated for a Liuzhou unit (national, Guangxi and Liuzhou layers when
installed) and for a unit governed by the national layer alone.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import edu_rules
from edu_rules import testing
from edu_rules.io.serialization import to_json

pytestmark = pytest.mark.property

CODES = ("450202", "110101")
"""A Liuzhou district (every installed layer for 4502) and a unit under the national layer only."""

DOCUMENTS = st.sampled_from(CODES).flatmap(
    lambda code: testing.counties(code, unknowns=True, year=st.integers(2019, 2030))
)


def _registry_in_order(names: list[str]) -> edu_rules.Registry:
    """The installed plugins, registered by hand in the order ``names`` gives."""
    installed = dict(edu_rules.make_plugin_manager().list_name_plugin())
    manager = edu_rules.make_plugin_manager(
        load_entry_points=False, plugins=[(name, installed[name]) for name in names]
    )
    return edu_rules.load_registry(manager)


@pytest.fixture(name="registries", scope="module")
def _registries() -> tuple[edu_rules.Registry, edu_rules.Registry]:
    names = sorted(name for name, _ in edu_rules.make_plugin_manager().list_name_plugin() if name)
    return _registry_in_order(names), _registry_in_order(names[::-1])


class TestSameDocumentSameResult:
    """``evaluate`` on one document, repeated."""

    @given(document=DOCUMENTS)
    def test_evaluating_a_document_twice_gives_byte_identical_json(self, document):
        """Two loads and evaluations of one document write the same bytes."""
        testing.check_determinism(document)


class TestSchoolOrder:
    """``evaluate`` on one document with its schools listed in different orders."""

    @given(data=st.data(), document=DOCUMENTS)
    def test_the_order_of_the_schools_does_not_change_the_result(self, data, document):
        """Any permutation of the schools gives the same result, positions read as school ids."""
        order = data.draw(st.permutations(range(len(document["schools"]))), label="order")

        testing.check_order_invariance(document, orders=[order])

    def test_the_check_notices_a_result_that_depends_on_position(self):
        """The comparison reads positions as ids: a finding naming a swapped index would differ."""
        document = {
            "schema_version": 1,
            "code": "110101",
            "name": "测试县",
            "assessment_year": 2025,
            "schools": [
                {
                    "id": sid,
                    "name": sid,
                    "kind": "primary",
                    "ownership": "public",
                    "area": "urban",
                    "stages": {"primary": {"students": 100, "classes": 3}},
                }
                for sid in ("A", "B")
            ],
        }
        result = testing.evaluate_document(document)
        swapped = {**document, "schools": document["schools"][::-1]}

        same = testing.comparable(result, document)
        mislabelled = testing.comparable(result, swapped)

        assert same != mislabelled


class TestPluginOrder:
    """``load_registry`` with the same plugins registered in different orders."""

    @given(document=DOCUMENTS)
    def test_the_order_plugins_are_registered_in_does_not_change_the_result(
        self, document, registries
    ):
        """Plugins registered forwards and backwards give byte-identical JSON."""
        forwards, backwards = registries
        county = edu_rules.load_county(document)

        expected = to_json(edu_rules.evaluate(county, registry=forwards))
        actual = to_json(edu_rules.evaluate(county, registry=backwards))

        assert expected == actual

"""The plugin template (``examples/plugin-template``), installed, is picked up for its codes only.

``edu-rules-exampleland`` is a fictional province (code prefix 99) that a provincial
developer copies.  Installed like any plugin (``pip install --no-deps -e
examples/plugin-template``), the core finds it through its entry point and applies it
to 99xxxx counties — and to no other: a Guangxi county evaluates to the same bytes
with or without it.
"""

from __future__ import annotations

from importlib import metadata

import pytest

import edu_rules
from edu_rules import Level, Outcome, testing
from tests._passing import passing_county

try:
    metadata.distribution("edu-rules-exampleland")
except metadata.PackageNotFoundError:  # pragma: no cover - depends on the environment
    pytest.skip(
        "the template plugin is not installed: pip install --no-deps -e examples/plugin-template",
        allow_module_level=True,
    )

WITHOUT = testing.registry_without("exampleland")


@pytest.fixture(name="registry", scope="module")
def _registry() -> edu_rules.Registry:
    return edu_rules.load_registry(edu_rules.make_plugin_manager())


def _layers(result: edu_rules.Result) -> list[str]:
    return [layer.name for layer in result.layers]


class TestDiscovery:
    """``load_registry`` with the installed entry points."""

    def test_the_entry_point_declares_a_provincial_layer_for_99(self, registry):
        """Layer ``exampleland``: provincial, jurisdiction 99, from its own distribution."""
        loaded = registry.layer("exampleland")

        expected = ("exampleland", Level.PROVINCIAL, "99", "edu-rules-exampleland")
        actual = (
            loaded.layer.name,
            loaded.layer.level,
            loaded.layer.jurisdiction,
            loaded.layer.distribution,
        )
        assert expected == actual

    def test_it_can_be_blocked_by_name(self):
        """``--block exampleland`` (``blocked={"exampleland"}``) leaves it out."""
        assert "exampleland" not in [loaded.layer.name for loaded in WITHOUT.layers]


class TestReach:
    """``evaluate`` on counties in and out of Exampleland."""

    def test_a_99_county_gets_the_national_layer_and_exampleland(self, registry):
        """990101: national, then exampleland — and Exampleland's own rule is applied."""
        result = edu_rules.evaluate(
            edu_rules.load_county(passing_county(code="990101")), registry=registry
        )

        assert _layers(result) == ["national", "exampleland"]
        assert any(f.rule == "exampleland.key_teacher_rotation" for f in result.findings)

    def test_an_overridden_rule_names_exampleland_and_keeps_the_national_provenance(self, registry):
        """``national.L3`` on a 99 county: Exampleland's wording, both documents in provenance."""
        result = edu_rules.evaluate(
            edu_rules.load_county(passing_county(code="990101")), registry=registry
        )

        finding = next(f for f in result.findings if f.rule == "national.L3")
        assert finding.layer == "exampleland"
        assert [(p.layer, p.role) for p in finding.provenance] == [
            ("national", "defines"),
            ("exampleland", "overrides"),
        ]

    @pytest.mark.parametrize("code", ["450202", "450226", "110101", "980101"])
    def test_a_county_elsewhere_is_unaffected(self, registry, code):
        """Same JSON bytes with or without the plugin installed; no exampleland layer or rule."""
        county = edu_rules.load_county(passing_county(code=code))

        with_it = edu_rules.evaluate(county, registry=registry)
        without_it = edu_rules.evaluate(county, registry=WITHOUT)

        assert "exampleland" not in _layers(with_it)
        assert edu_rules.to_json(with_it) == testing.assessment_json(without_it)

    def test_the_tightened_threshold_changes_a_99_verdict_the_nation_would_accept(self, registry):
        """0.95 PE/arts teachers per 100 in every stage: met nationally, short in Exampleland."""
        document = passing_county(code="990101")
        for school in document["schools"]:
            for stage in school["stages"].values():
                if stage:
                    stage["pe_arts_teachers"] = stage["students"] * 0.95 / 100
                    stage["key_teachers"] = (
                        0  # a second miss: the school rule no longer tolerates L3
                    )
        county = edu_rules.load_county(document)

        national = edu_rules.evaluate(county, registry=WITHOUT)
        stacked = edu_rules.evaluate(county, registry=registry)

        def l3(result):
            return {f.outcome for f in result.findings if f.rule == "national.L3"}

        assert (l3(national), Outcome.SHORTFALL in l3(stacked)) == ({Outcome.MET}, True)

"""Which layers govern a unit, and how each layer shows in its findings.

A Liuzhou unit is governed by the national measures, Guangxi's implementation rules
and Liuzhou's plan, in that order; a Nanning unit by the first two; a Beijing unit
by the national layer alone.  Guangxi adopts every national rule with a cited
record, adds the municipal review, and a (fictional, test-only) provincial layer
shows that a change to a national number is an override, tightened or authorised.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

import pytest

import edu_rules
from edu_rules import Outcome, PluginError, Result, Status
from tests._helpers import only
from tests._passing import passing_county
from tests.plugins_for_tests import FICTIONAL_CITATION, FileLayer, registry_with

GUANGXI = "桂教督委办〔2019〕1号"
LIUZHOU = "柳教督导〔2021〕16号"


def _evaluate(document: dict[str, Any], registry: edu_rules.Registry | None = None) -> Result:
    return edu_rules.evaluate(edu_rules.load_county(document), registry=registry)


@pytest.fixture(name="chengzhong", scope="module")
def _chengzhong() -> Result:
    return _evaluate(passing_county(code="450202", name="城中区"))


@pytest.fixture(name="nanning", scope="module")
def _nanning() -> Result:
    return _evaluate(passing_county(code="450102", name="兴宁区"))


@pytest.fixture(name="beijing", scope="module")
def _beijing() -> Result:
    return _evaluate(passing_county(code="110101", name="东城区"))


class TestLayerStack:
    def test_liuzhou_unit_is_governed_by_three_layers_top_down(self, chengzhong: Result):
        """450202 gets national, guangxi, liuzhou — in that order, with their packages."""
        expected = [
            ("national", "national", "", "edu-rules-national"),
            ("guangxi", "provincial", "45", "edu-rules-guangxi"),
            ("liuzhou", "municipal", "4502", "edu-rules-liuzhou"),
        ]

        actual = [(x.name, x.level, x.jurisdiction, x.distribution) for x in chengzhong.layers]
        assert expected == actual

    def test_layer_versions_are_the_installed_distributions(self, chengzhong: Result):
        """Each layer names the version of the package that provided it."""
        expected = [metadata.version(layer.distribution or "") for layer in chengzhong.layers]

        assert expected == [layer.version for layer in chengzhong.layers]

    def test_layers_cite_their_documents(self, chengzhong: Result):
        """The result names each layer's policy document."""
        expected = ["教督〔2017〕6号", GUANGXI, LIUZHOU]

        assert expected == [layer.citation for layer in chengzhong.layers]

    def test_nanning_unit_is_governed_by_national_and_guangxi(self, nanning: Result):
        """450102 (南宁市兴宁区) is in Guangxi, not in Liuzhou."""
        assert [layer.name for layer in nanning.layers] == ["national", "guangxi"]

    def test_beijing_unit_is_governed_by_national_only(self, beijing: Result):
        """110101 (北京市东城区) is outside Guangxi: no provincial or municipal rule applies."""
        assert [layer.name for layer in beijing.layers] == ["national"]
        assert {"national"} == {finding.layer for finding in beijing.findings}


class TestLiuzhouCitations:
    def test_every_liuzhou_finding_cites_the_plan(self, chengzhong: Result):
        """Schedule, measure and whole-unit findings carry 柳教督导〔2021〕16号 and its part."""
        findings = [f for f in chengzhong.findings if f.layer == "liuzhou"]

        assert findings
        assert all(f.citation.startswith(f"{LIUZHOU} · ") for f in findings)
        assert {"schedule", "measure", "procedure"} == {f.family for f in findings}

    def test_liuzhou_findings_are_advisory_and_dated(self, chengzhong: Result):
        """The plan's findings never bind (but the whole-unit check), and run from its issue to 2030."""
        findings = [f for f in chengzhong.findings if f.layer == "liuzhou"]

        assert all(not f.binding for f in findings if f.rule != "liuzhou.procedure.whole_unit")
        assert {("2021-08-23", "2030-12-31")} == {
            (f.effective_from, f.effective_to) for f in findings
        }

    def test_the_schedule_finding_names_the_planned_year(self, chengzhong: Result):
        """城中区 is planned for 2022 (四、分步规划)."""
        finding = only(chengzhong, "liuzhou.schedule")

        assert f"{LIUZHOU} · 四、分步规划" == finding.citation
        assert (finding.details or {})["planned_year"] == 2022

    def test_a_passing_liuzhou_unit_still_passes_with_the_city_layer(self, chengzhong: Result):
        """The plan's advisory findings do not change a passing verdict."""
        assert Status.PASS is chengzhong.status


class TestAdoptions:
    def test_every_national_finding_of_a_guangxi_unit_records_the_adoption(self, nanning: Result):
        """Each national finding's provenance says Guangxi adopts it under 桂教督委办〔2019〕1号."""
        national = [f for f in nanning.findings if f.layer == "national"]

        assert national
        for finding in national:
            roles = [(p.layer, p.role, p.citation) for p in finding.provenance]
            assert ("guangxi", "adopts", GUANGXI) in roles, finding.rule

    def test_national_findings_of_a_liuzhou_unit_record_the_adoption(self, chengzhong: Result):
        """The adoption reaches the city's units too: they are Guangxi units."""
        national = [f for f in chengzhong.findings if f.layer == "national"]

        assert all(
            any(p.layer == "guangxi" and p.role == "adopts" for p in f.provenance) for f in national
        )

    def test_a_unit_outside_guangxi_has_no_adoption_record(self, beijing: Result):
        """A Beijing unit's national findings are defined nationally and adopted by nobody."""
        assert all([p.role for p in f.provenance] == ["defines"] for f in beijing.findings)


class TestMunicipalReview:
    @pytest.mark.parametrize(
        ("passed", "outcome", "status"),
        [
            (True, Outcome.MET, Status.PASS),
            (False, Outcome.SHORTFALL, Status.FAIL),
            (None, Outcome.NOT_EVALUABLE, Status.INCOMPLETE),
        ],
    )
    def test_the_municipal_review_decides(self, passed, outcome, status):
        """Passed → met; not passed → the county fails; unknown → at best incomplete."""
        document = passing_county(code="450102", name="兴宁区")
        document["procedure"]["municipal_review_passed"] = passed

        result = _evaluate(document)

        finding = only(result, "national.procedure.municipal_review")
        assert (outcome, status) == (finding.outcome, result.status)
        assert finding.citation.startswith("国教督办函〔2019〕30号")
        assert ("guangxi", "adopts", GUANGXI) in [
            (p.layer, p.role, p.citation) for p in finding.provenance
        ]

    def test_the_review_is_national_outside_guangxi_too(self):
        """A Hebei unit without a municipal review on record is at best incomplete."""
        document = passing_county(code="130102", name="长安区")
        document["procedure"]["municipal_review_passed"] = None

        result = _evaluate(document)

        assert result.status is Status.INCOMPLETE
        assert only(result, "national.procedure.municipal_review").outcome is Outcome.NOT_EVALUABLE

    def test_a_district_of_beijing_has_no_city_to_review_it(self):
        """No city stands between a Beijing district and the municipality: not applicable."""
        document = passing_county()
        document["procedure"]["municipal_review_passed"] = None

        result = _evaluate(document)

        assert result.status is Status.PASS
        finding = only(result, "national.procedure.municipal_review")
        assert finding.outcome is Outcome.NOT_APPLICABLE
        assert "municipality directly under the central government" in (finding.note or "")


class TestZoneSchoolsInOneDocument:
    def test_a_yufeng_document_with_zone_schools_says_nothing_moves(self):
        """Schools run by 柳东新区 in 鱼峰区's own document are noted, not moved."""
        document = passing_county(code="450203", name="鱼峰区")
        document["schools"][0]["administered_by"] = "柳东新区"
        document["schools"][1]["administered_by"] = "柳州市阳和工业新区"

        result = _evaluate(document)

        notes = [note for note in result.notes if note.layer == "liuzhou"]
        assert len(notes) == 1
        assert "柳东新区1所" in notes[0].zh
        assert "阳和工业新区1所" in notes[0].zh
        assert "nothing moves" in notes[0].en

    def test_zone_schools_in_another_units_document_are_flagged(self):
        """A 柳南区 document listing a 柳东新区 school is told the plan counts it in 鱼峰区."""
        document = passing_county(code="450204", name="柳南区")
        document["schools"][0]["administered_by"] = "柳东新区"

        result = _evaluate(document)

        assert [note.layer for note in result.notes] == ["liuzhou"]
        assert "鱼峰区 (450203)" in result.notes[0].en

    def test_no_zone_schools_no_note(self, chengzhong: Result):
        """A document without zone schools gets no note."""
        assert chengzhong.notes == ()


def _l3_primary(result: Result) -> tuple[Any, Outcome]:
    finding = only(result, "national.L3", school="P1", stage="primary")
    return finding.required, finding.outcome


@pytest.fixture(name="fictional_county")
def _fictional_county() -> dict[str, Any]:
    """A county of the fictional province 98 whose school P1 has exactly 0.9 PE/arts per 100."""
    document = passing_county(code="980101", name="虚构区")
    document["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = 9  # 1000 pupils
    return document


class TestProvincialOverride:
    def test_without_the_fictional_layer_09_meets_the_national_standard(self, fictional_county):
        """Under the national layer alone, 0.9 per 100 is exactly the standard: met."""
        assert _l3_primary(_evaluate(fictional_county)) == (0.9, Outcome.MET)

    def test_a_tightening_override_applies_its_threshold(self, fictional_county):
        """The fictional province raises primary L3 to 1.0: 0.9 now misses (the one allowed miss)."""
        registry = registry_with(("tighten", FileLayer("tighten")))

        result = _evaluate(fictional_county, registry)

        assert _l3_primary(result) == (1, Outcome.TOLERATED)

    def test_a_tightening_override_keeps_the_other_stage(self, fictional_county):
        """Only the primary threshold changes; the junior one is inherited from the national rule."""
        registry = registry_with(("tighten", FileLayer("tighten")))

        result = _evaluate(fictional_county, registry)

        assert only(result, "national.L3", school="J1", stage="junior").required == 0.9

    def test_an_override_shows_both_citations(self, fictional_county):
        """The finding cites the overriding document; its provenance names both."""
        registry = registry_with(("tighten", FileLayer("tighten")))

        finding = only(_evaluate(fictional_county, registry), "national.L3", school="P1")

        expected = [
            ("national", "defines", "教督〔2017〕6号 · 资源配置 · 第(3)项"),
            ("tighten", "overrides", finding.citation),
        ]
        assert expected == [(p.layer, p.role, p.citation) for p in finding.provenance]
        assert finding.citation.startswith(FICTIONAL_CITATION)

    def test_the_override_stays_in_its_jurisdiction(self):
        """Installing the fictional province changes nothing for a Guangxi unit."""
        registry = registry_with(("tighten", FileLayer("tighten")))
        document = passing_county(code="450102", name="兴宁区")

        result = _evaluate(document, registry)

        assert _l3_primary(result) == (0.9, Outcome.MET)

    def test_a_loosening_override_is_refused_at_load(self):
        """Lowering L3 without an authorised exception: PluginError naming plugin, rule, file."""
        with pytest.raises(PluginError) as caught:
            registry_with(("loosen", FileLayer("loosen")))

        message = str(caught.value)
        assert "'loosen'" in message
        assert "national.L3" in message
        assert "loosen/l3.json" in message.replace("\\", "/")

    def test_a_loosening_override_with_an_authorised_exception_is_accepted(self, fictional_county):
        """With "exception": {citation, reason} the lower threshold (0.8) applies."""
        registry = registry_with(("authorised_exception", FileLayer("authorised_exception")))
        fictional_county["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = 8

        result = _evaluate(fictional_county, registry)

        assert _l3_primary(result) == (0.8, Outcome.MET)

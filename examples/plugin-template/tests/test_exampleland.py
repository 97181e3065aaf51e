"""This plugin's layer: who it says it is, its numbers, its reach, the laws every layer obeys.

Nothing below names the layer: its package is the one folder under ``src/``, and the
layer, its codes and its document are what that package declares.  So in a copy the
tests test the copy — and a copy that renamed its package but still declares the
template's layer, its fictional codes 99xxxx or its fictional document fails here,
loudly, in :class:`TestWhoItSaysItIs`.

The tests load this package beside the national layer straight from its source (the
installed entry point is checked on its own), and skip if the package cannot be
imported at all (``pip install -e ".[test]"`` first).  Thresholds are read from the
compiled rules (``testing.thresholds``), never written here twice.
"""

from __future__ import annotations

import copy
import functools
import importlib
import json
import tomllib
from fractions import Fraction
from importlib import metadata
from pathlib import Path

import edu_rules
import pytest
from edu_rules import Outcome, testing
from hypothesis import given
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parents[1]  # pyproject.toml, src/, tests/
PROJECT = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
(PACKAGE,) = sorted(p.name for p in (HERE / "src").iterdir() if (p / "__init__.py").is_file())
INSTALL = 'pip install -e ".[test]"'
plugin = pytest.importorskip(PACKAGE, reason=f"{PACKAGE} is not installed: {INSTALL}")
edu_rules_national = pytest.importorskip("edu_rules_national", reason="needs the national layer")

LAYER: edu_rules.Layer = plugin.edu_rules_layer()
NAME = LAYER.name
CODE = (LAYER.jurisdiction + "0101")[:6]  # a county of the layer
ELSEWHERE = "450202" if not CODE.startswith("45") else "110101"  # a county of another province

# What only the template itself may be: a copy keeps none of it.
TEMPLATE_PACKAGE = "edu_rules_exampleland"
TEMPLATE_JURISDICTION = "99"
TEMPLATE_DOCUMENT = "示教督〔2020〕1号"
FICTION_MARKS = ("虚构", "fictional", "FICTIONAL")


@functools.cache
def ours() -> edu_rules.Registry:
    """The national layer and this package's layer, loaded from the source."""
    manager = edu_rules.make_plugin_manager(
        load_entry_points=False, plugins=[("national", edu_rules_national), (NAME, plugin)]
    )
    return edu_rules.load_registry(manager)


@functools.cache
def national() -> edu_rules.Registry:
    """The national layer alone."""
    manager = edu_rules.make_plugin_manager(
        load_entry_points=False, plugins=[("national", edu_rules_national)]
    )
    return edu_rules.load_registry(manager)


def _rules() -> list[edu_rules.RuleDef | edu_rules.Override]:
    loaded = ours().layer(NAME)
    return [*loaded.definitions, *loaded.overrides]


def _citations() -> list[str]:
    return [LAYER.citation] + [rule.citation for rule in _rules()]


def _county(**changes) -> dict:
    """A small valid county of this layer: one primary school of 1000 pupils."""
    document = {
        "schema_version": 1,
        "code": CODE,
        "name": "示例县",
        "assessment_year": 2025,
        "schools": [
            {
                "id": "S1",
                "name": "示例县第一小学",
                "kind": "primary",
                "ownership": "public",
                "area": "urban",
                "stages": {"primary": {"students": 1000, "classes": 24, "pe_arts_teachers": 10}},
            }
        ],
        "guarantee": {
            "rotation_eligible_teachers": 400,
            "rotated_teachers": 60,
            "rotated_key_teachers": 12,
        },
    }
    document.update(changes)
    return document


def _finding(result: edu_rules.Result, rule: str, **subject: str) -> edu_rules.Finding:
    found = [
        f
        for f in result.findings
        if f.rule == rule
        and all(getattr(f.subject, key) == value for key, value in subject.items())
    ]
    assert len(found) == 1, found
    return found[0]


class TestWhoItSaysItIs:
    """The package, the distribution, the entry point and the layer agree; a copy is its own."""

    def test_the_tests_import_this_folders_package(self):
        """Not another package of the same name: installed editable or not, it is this code."""
        imported = Path(plugin.__file__).resolve().parent
        source = HERE / "src" / PACKAGE
        files = sorted(path.relative_to(source) for path in source.rglob("*.py"))
        assert files, f"no Python source under {source}"
        different = [
            str(name)
            for name in files
            if (imported / name).read_bytes() != (source / name).read_bytes()
        ]
        assert different == [], f"{imported} is not the package under {source}: {different}"

    def test_the_layer_is_named_after_the_package(self):
        """Package ``edu_rules_<name>`` declares layer ``<name>``: rename ``LAYER.name``."""
        assert f"edu_rules_{NAME}" == PACKAGE, (
            f"package {PACKAGE} declares the layer {NAME!r}: in __init__.py set "
            f"LAYER.name = {PACKAGE.removeprefix('edu_rules_')!r}"
        )

    def test_the_distribution_and_the_entry_point_carry_the_layer_name(self):
        """pyproject.toml: ``edu-rules-<name>``, entry point ``<name>``, wheel ``src/<package>``."""
        entry_points = PROJECT["entry-points"]["edu_rules.plugins"]
        wheel = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
        packages = wheel["hatch"]["build"]["targets"]["wheel"]["packages"]

        expected = (f"edu-rules-{NAME.replace('_', '-')}", {NAME: PACKAGE}, [f"src/{PACKAGE}"])

        assert (PROJECT["name"], entry_points, packages) == expected, (
            f"the layer is {NAME!r}: pyproject.toml names its distribution, entry point and "
            "package after it (and the layer is named after the package)"
        )

    def test_a_copy_keeps_nothing_of_the_templates_fiction(self):
        """Only the template governs the fictional 99xxxx and cites 示教督〔2020〕1号 (虚构)."""
        is_template = PACKAGE == TEMPLATE_PACKAGE
        texts = [*_citations(), LAYER.title.zh, LAYER.title.en]

        assert (LAYER.jurisdiction == TEMPLATE_JURISDICTION) == is_template, (
            f"{PACKAGE} governs the codes {LAYER.jurisdiction!r}: set LAYER.jurisdiction to "
            "your division-code prefix (a province 2 digits, a city 4)"
        )
        assert [TEMPLATE_DOCUMENT in text for text in _citations()] == [is_template] * len(
            _citations()
        ), f"{PACKAGE}: replace every citation of the template's {TEMPLATE_DOCUMENT}"
        assert [any(mark in text for mark in FICTION_MARKS) for text in texts] == [
            is_template
        ] * len(texts), f"{PACKAGE}: a real layer's title and citations are not fictional"

    def test_every_rule_cites_the_layers_document(self):
        """No rule (or override) rests on a document the layer does not declare."""
        assert testing.citation_warnings(ours(), "en") == []

    def test_it_loads_over_the_national_layer(self):
        """The core's load checks pass: rule files, ids, tighten-only overrides."""
        assert [loaded.layer.name for loaded in ours().chain(CODE)] == ["national", NAME]

    def test_the_installed_entry_point_is_this_package(self):
        """``pip install -e .`` registers the layer under its name (skipped until installed)."""
        try:
            distribution = metadata.distribution(PROJECT["name"])
        except metadata.PackageNotFoundError:
            pytest.skip(f"{PROJECT['name']} is not installed: pip install -e .")
        (entry_point,) = [p for p in distribution.entry_points if p.group == "edu_rules.plugins"]

        assert (entry_point.name, entry_point.load()) == (NAME, importlib.import_module(PACKAGE))
        assert NAME in [loaded.layer.name for loaded in edu_rules.default_registry().layers]


class TestTheSampleCounty:
    """``examples/<code>-*.json``: a county of this layer to evaluate and to copy from."""

    @staticmethod
    def sample() -> Path:
        (path,) = sorted((HERE / "examples").glob(f"{CODE}-*.json"))
        return path

    def test_it_follows_the_county_schema(self):
        """It validates against ``schemas/county.schema.json``."""
        testing.check_county_schema(json.loads(self.sample().read_text(encoding="utf-8")))

    def test_it_passes_nationally_and_fails_only_on_this_layers_rules(self):
        """The national layer alone: pass.  With this layer: its own rules' shortfalls only."""
        county = edu_rules.load_county(self.sample())

        alone = edu_rules.evaluate(county, registry=national())
        stacked = edu_rules.evaluate(county, registry=ours())

        assert alone.status is edu_rules.Status.PASS
        assert stacked.status is edu_rules.Status.FAIL
        assert {shortfall.layer for shortfall in stacked.shortfalls} == {NAME}


class TestItsReach:
    """Where the layer applies."""

    def test_it_governs_its_codes_on_top_of_the_national_layer(self):
        """A county of the layer: national, then this layer."""
        result = testing.evaluate_document(_county(), registry=ours())

        assert [layer.name for layer in result.layers] == ["national", NAME]

    def test_it_never_touches_a_county_elsewhere(self):
        """A county of another province evaluates to the same bytes with or without it."""
        document = _county(code=ELSEWHERE)
        with_it = edu_rules.to_json(testing.evaluate_document(document, registry=ours()))
        without_it = edu_rules.to_json(testing.evaluate_document(document, registry=national()))

        assert with_it == without_it


class TestTightenedL3:
    """``national.L3`` as the layer overrides it."""

    def test_the_override_is_stricter_and_cites_the_layer(self):
        """The threshold in force is above the national one; the finding names both documents."""
        theirs = testing.thresholds(CODE, registry=national()).rules["national.L3"]
        mine = testing.thresholds(CODE, registry=ours()).rules["national.L3"]

        assert mine.threshold("primary") > theirs.threshold("primary")
        assert [p.role for p in mine.provenance] == ["defines", "overrides"]
        assert mine.layer.name == NAME

    def test_exactly_at_the_threshold_meets_it_and_one_teacher_fewer_misses_it(self):
        """1000 pupils: threshold × 10 teachers meets L3; one teacher fewer does not."""
        rule = testing.thresholds(CODE, registry=ours()).rules["national.L3"]
        at = int(Fraction(rule.threshold("primary")) * 1000 / 100)
        document = _county()
        below = copy.deepcopy(document)
        document["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = at
        below["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = at - 1

        met = _finding(testing.evaluate_document(document, registry=ours()), "national.L3")
        missed = _finding(testing.evaluate_document(below, registry=ours()), "national.L3")

        assert (met.outcome, met.layer) == (Outcome.MET, NAME)
        assert missed.outcome is not Outcome.MET

    def test_a_value_the_nation_accepts_can_miss_here(self):
        """9.5 teachers per 1000 pupils: 0.95 per 100 meets 0.9 nationally, misses 1.0 here."""
        document = _county()
        document["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = 9.5

        theirs = _finding(testing.evaluate_document(document, registry=national()), "national.L3")
        mine = _finding(testing.evaluate_document(document, registry=ours()), "national.L3")

        assert (theirs.outcome, mine.outcome is Outcome.MET) == (Outcome.MET, False)


class TestKeyTeacherRotation:
    """``<layer>.key_teacher_rotation``: key teachers rotated ≥ 3% of the eligible."""

    RULE = f"{NAME}.key_teacher_rotation"

    def test_exactly_three_percent_meets_it_and_one_key_teacher_fewer_misses_it(self):
        """400 eligible teachers: 12 key teachers rotated meet it, 11 fall short by one."""
        threshold = Fraction(testing.thresholds(CODE, registry=ours()).rules[self.RULE].threshold())
        at = int(threshold * 400 / 100)
        document, below = _county(), _county()
        document["guarantee"]["rotated_key_teachers"] = at
        below["guarantee"]["rotated_key_teachers"] = at - 1

        met = _finding(testing.evaluate_document(document, registry=ours()), self.RULE)
        missed = _finding(testing.evaluate_document(below, registry=ours()), self.RULE)

        assert (met.outcome, missed.outcome) == (Outcome.MET, Outcome.SHORTFALL)
        assert missed.remedies[0].quantity == 1

    def test_unknown_figures_are_not_evaluable(self):
        """Missing is not zero: no rotation figures, no verdict on the rule."""
        document = _county(guarantee={})

        finding = _finding(testing.evaluate_document(document, registry=ours()), self.RULE)

        assert finding.outcome is Outcome.NOT_EVALUABLE


def _counties(**options) -> st.SearchStrategy[dict]:
    """Counties of this layer around its own thresholds (the registry is loaded when drawn)."""
    return st.deferred(lambda: testing.counties(CODE, registry=ours(), **options))


class TestTheLawsEveryLayerObeys:
    """``edu_rules.testing`` checks on counties generated around the layer's own thresholds."""

    @given(document=_counties(unknowns=True, year=st.integers(2020, 2030)))
    def test_it_only_tightens_the_national_rules(self, document):
        """No national shortfall disappears, and no county passes that fails nationally."""
        testing.check_layering_only_tightens(document, national(), ours())

    @given(document=_counties(unknowns=True))
    def test_results_do_not_depend_on_school_order_and_survive_json(self, document):
        """Order invariance, document and result round trips."""
        testing.check_order_invariance(document, registry=ours())
        testing.check_round_trips(document, registry=ours())

    @given(document=_counties(schools=st.integers(2, 5)))
    def test_every_result_follows_the_result_schema(self, document):
        """What platforms code against holds for the layer's findings too."""
        testing.check_result_schema(testing.evaluate_document(document, registry=ours()))

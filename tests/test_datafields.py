"""Plugin data fields: a layer declares the figures its document needs; documents carry them.

The FICTIONAL provincial layer ``midland`` (jurisdiction ``98``, see
:mod:`tests.plugins_for_tests`) declares a school's ``build_year``, a stage's
``visiting_pe_arts_teachers`` and the county's ``plan_status``, and uses the first two in
provisions: schools built by 2016 may have music rooms of 73 m² (national: 96 m²), and
small rural schools count visiting PE and arts teachers under L3.
"""

from __future__ import annotations

import copy
import io
import json
from fractions import Fraction
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import edu_rules
from edu_rules import Status
from edu_rules.io import _fastvalidate, excel, serialization, validation
from edu_rules.model.county import County
from edu_rules.model.errors import CountyDataError, PluginError
from edu_rules.model.result import Outcome
from tests._helpers import reference_only
from tests._passing import JUNIOR_RATES, passing_county, stage
from tests.plugins_for_tests import MIDLAND_FIELDS, MidlandLayer, registry_with

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(name="registry", scope="module")
def _registry() -> edu_rules.Registry:
    return registry_with(("midland", MidlandLayer()))


def midland_county(
    *, build_year: Any = None, visiting: Any = None, plan: Any = None
) -> dict[str, Any]:
    """A passing county of jurisdiction 98 whose primary school P1 has 80 m² music rooms and
    whose junior school J1 is a small rural one (80 pupils) with no PE or arts teacher of its
    own; the extra values given are set (``None`` leaves them out)."""
    document = passing_county(code="980101", name="虚构县")
    primary, junior = document["schools"][0], document["schools"][1]
    primary["music_rooms_m2"] = [80] * len(primary["music_rooms_m2"])
    junior.update(area="rural", music_rooms_m2=[100], art_rooms_m2=[100])
    junior["stages"]["junior"] = stage(80, JUNIOR_RATES, pe_arts_teachers=0)
    if build_year is not None:
        primary["extra"] = {"midland": {"build_year": build_year}}
    if visiting is not None:
        junior["stages"]["junior"]["extra"] = {"midland": {"visiting_pe_arts_teachers": visiting}}
    if plan is not None:
        document["extra"] = {"midland": {"plan_status": plan}}
    return document


def problems_of(document: Any, registry: edu_rules.Registry) -> list[str]:
    try:
        validation.load_county(document, registry=registry)
    except CountyDataError as error:
        return [f"{problem.path}: {problem.reason}" for problem in error.problems]
    return []


# --------------------------------------------------------------------------- declaring


class TestDeclaring:
    def test_the_declared_fields_are_in_the_registry(self, registry):
        """Each declared field is known by layer, target and name, as a provision names it."""
        expected = {
            ("county", "extra.midland.plan_status"),
            ("school", "extra.midland.build_year"),
            ("stage", "stage.extra.midland.visiting_pe_arts_teachers"),
        }

        assert expected == {(f.target, f.provision_name) for f in registry.data_fields.fields}

    @pytest.mark.parametrize(
        ("answer", "says"),
        [
            (["build_year"], "must return a mapping"),
            ({"teacher": {}}, "'teacher' is not one of"),
            ({"school": {"BuildYear": {"type": "integer"}}}, "lower-case letters"),
            ({"school": {"x": {"type": "object"}}}, '"type" must be one of'),
            ({"school": {"x": {"$ref": "#/$defs/Stage"}}}, '"type" must be one of'),
            ({"school": {"x": {"type": "integer", "items": {}}}}, "keyword 'items'"),
            ({"school": {"x": {"type": "integer", "minimum": "low"}}}, "not a valid JSON Schema"),
            ({"school": {"x": {"enum": [1, 2]}}}, "list of strings"),
            ({"school": {"x": {"type": "string", "maxLength": 10_000}}}, '"maxLength"'),
            (
                {"school": {"x": {"type": "integer"}}, "stage": {"x": {"type": "number"}}},
                "already declared for 'school'",
            ),
        ],
    )
    def test_a_wrong_answer_is_a_load_error_naming_plugin_and_hook(self, answer, says):
        """A wrong shape or a fragment of another kind is refused when the plugins load."""
        with pytest.raises(PluginError) as raised:
            registry_with(("midland", MidlandLayer(answer)))

        message = str(raised.value)
        assert "plugin 'midland'" in message
        assert "edu_rules_data_fields" in message
        assert says in message

    def test_a_provision_on_an_undeclared_field_is_a_load_error(self):
        """Without the declarations, the midland's provisions name fields nobody declares."""
        with pytest.raises(PluginError) as raised:
            registry_with(("midland", MidlandLayer(None)))

        message = str(raised.value)
        assert "plugin 'midland'" in message
        assert "provisions.json" in message
        assert "condition on undeclared field 'extra.midland.build_year'" in message

    def test_a_stage_field_is_no_component_unless_numeric(self):
        """An ``add`` may count a numeric stage data field only."""
        fields = copy.deepcopy(MIDLAND_FIELDS)
        fields["stage"]["visiting_pe_arts_teachers"] = {"type": "boolean"}

        with pytest.raises(PluginError, match="is not a measured field of a stage"):
            registry_with(("midland", MidlandLayer(fields)))


# --------------------------------------------------------------------------- validation


class TestValidation:
    def test_a_document_without_extra_needs_no_plugins(self):
        """No ``extra`` anywhere: the plugins are not even loaded to check it."""
        with mock.patch("edu_rules.plugins.default_registry", side_effect=AssertionError):
            county = validation.load_county(midland_county())

        assert county.schools[0].extra == {}

    def test_a_document_with_every_field_loads_exactly(self, registry):
        """Values land on the county, school and stage, numbers exact."""
        county = validation.load_county(
            midland_county(build_year=2014, visiting=1.5, plan="adopted"), registry=registry
        )

        assert county.extra == {"midland": {"plan_status": "adopted"}}
        assert county.schools[0].extra == {"midland": {"build_year": 2014}}
        junior = county.schools[1].stages.junior
        assert junior is not None
        assert junior.extra["midland"]["visiting_pe_arts_teachers"] == Fraction(3, 2)

    def test_null_is_unknown_like_absent(self, registry):
        """``null`` is accepted and means the same as leaving the field out."""
        document = midland_county(build_year=2014)
        document["schools"][0]["extra"]["midland"]["build_year"] = None

        assert validation.load_county(document, registry=registry) == validation.load_county(
            midland_county(), registry=registry
        )

    def test_an_unknown_field_is_refused_naming_its_path(self, registry):
        """A field the layer does not declare is refused, with a hint."""
        document = midland_county(build_year=2014)
        document["schools"][0]["extra"]["midland"]["build_yaer"] = 2014

        (problem,) = problems_of(document, registry)

        assert problem.startswith("schools[0].extra.midland.build_yaer: ")
        assert "build_year" in problem

    def test_an_unknown_layer_is_refused_naming_its_path(self, registry):
        """A layer no loaded plugin declares fields for is refused."""
        document = midland_county(visiting=1)
        document["schools"][1]["stages"]["junior"]["extra"]["hebei"] = {"x": 1}

        (problem,) = problems_of(document, registry)

        assert problem.startswith('schools[1].stages.junior.extra.hebei: unknown layer "hebei"')

    def test_the_installed_plugins_declare_none_of_them(self):
        """By default the installed plugins decide; none declares the midland's fields."""
        (problem,) = problems_of(midland_county(build_year=2014), None)  # type: ignore[arg-type]

        assert problem.startswith("schools[0].extra.midland: ")

    @pytest.mark.parametrize(
        ("value", "says"),
        [("2014", "must be a whole number"), (1850, "must be ≥ 1900"), (2014.5, "whole number")],
    )
    def test_a_bad_value_is_refused_as_its_fragment_says(self, registry, value, says):
        """The declared fragment's type and range apply."""
        (problem,) = problems_of(midland_county(build_year=value), registry)

        assert problem.startswith("schools[0].extra.midland.build_year: ")
        assert says in problem


class TestModel:
    def test_round_trip_is_lossless(self, registry):
        """unstructure → JSON text → load gives the same county, extra included."""
        county = validation.load_county(
            midland_county(build_year=2014, visiting=0.5, plan="draft"), registry=registry
        )

        again = validation.load_county(
            serialization.to_json(county).encode("utf-8"), registry=registry
        )

        assert county == again
        assert serialization.structure(serialization.unstructure(county), County) == county

    def test_extra_is_frozen(self, registry):
        """Nobody can write into a loaded county's extra."""
        county = validation.load_county(midland_county(build_year=2014), registry=registry)

        with pytest.raises(TypeError):
            county.schools[0].extra["midland"]["build_year"] = 1990  # type: ignore[index]


# --------------------------------------------------------------------------- provisions


def _findings(document: dict[str, Any], registry: edu_rules.Registry) -> dict[Any, Any]:
    result = edu_rules.evaluate(
        validation.load_county(document, registry=registry), registry=registry
    )
    return {(f.rule, f.subject.school, f.subject.stage): f for f in result.findings}


class TestProvisions:
    def test_the_build_year_branch_changes_only_that_schools_music_rooms(self, registry):
        """Built in 2014: 80 m² rooms count (73 m² branch); nothing else changes."""
        before = _findings(midland_county(visiting=1), registry)
        after = _findings(midland_county(visiting=1, build_year=2014), registry)

        changed = {key for key in before if before[key] != after[key]}

        assert {("national.G3.music", "P1", None)} == changed
        # No build year given: the 73 m² branch may hold, so the shortfall is not certain.
        assert before[("national.G3.music", "P1", None)].outcome is Outcome.NOT_EVALUABLE
        finding = after[("national.G3.music", "P1", None)]
        assert finding.outcome is Outcome.MET
        assert finding.details["branch"]["id"] == "built_by_2016"
        assert finding.details["min_area_m2"] == 73

    def test_a_later_build_year_keeps_the_national_size(self, registry):
        """Built after 2016: rooms must be 96 m², so 80 m² rooms do not count."""
        findings = _findings(midland_county(visiting=1, build_year=2017), registry)

        finding = findings[("national.G3.music", "P1", None)]
        assert finding.outcome is Outcome.SHORTFALL
        assert finding.details["min_area_m2"] == 96

    def test_an_unknown_build_year_leaves_the_rooms_open_naming_it(self, registry):
        """Unknown: 96 m² is the requirement shown, but the 73 m² branch might hold, and
        then the 80 m² rooms would do; the finding is not evaluable and names the field."""
        findings = _findings(midland_county(visiting=1, build_year=None), registry)

        finding = findings[("national.G3.music", "P1", None)]
        assert finding.outcome is Outcome.NOT_EVALUABLE
        assert finding.details["min_area_m2"] == 96
        assert any("build_year" in path for path in finding.missing)

    def test_visiting_teachers_count_under_l3_and_the_county_passes(self, registry):
        """One visiting teacher for 80 pupils is 1.25 per 100 ≥ 0.9; the components are listed."""
        without = edu_rules.evaluate(
            validation.load_county(midland_county(build_year=2014), registry=registry),
            registry=registry,
        )
        document = midland_county(build_year=2014, visiting=1)
        result = edu_rules.evaluate(
            validation.load_county(document, registry=registry), registry=registry
        )

        assert without.status is Status.FAIL
        assert {("national.L3", "J1"), ("national.school_rule", "J1")} == {
            (f.rule, f.subject.school) for f in without.shortfalls
        }
        assert result.status is Status.PASS
        (l3,) = [f for f in result.findings if f.rule == "national.L3" and f.subject.school == "J1"]
        assert l3.measured == 1.25
        assert [c["field"] for c in l3.details["components"]] == [
            "pe_arts_teachers",
            "stage.extra.midland.visiting_pe_arts_teachers",
        ]

    def test_visiting_teachers_change_nothing_outside_their_scope(self, registry):
        """The same teachers at the 1000-pupil urban school P1 are not counted."""
        document = midland_county(build_year=2014)
        document["schools"][0]["stages"]["primary"]["pe_arts_teachers"] = 5
        base = copy.deepcopy(document)
        document["schools"][0]["stages"]["primary"]["extra"] = {
            "midland": {"visiting_pe_arts_teachers": 5}
        }

        before, after = _findings(base, registry), _findings(document, registry)

        assert before == after
        assert after[("national.L3", "P1", "primary")].outcome is Outcome.SHORTFALL


# --------------------------------------------------------------------------- the fast path

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 2200),
    st.floats(-1, 3000, allow_nan=False),
    st.sampled_from(("adopted", "draft", "2014", "")),
)
_NAMES = st.sampled_from(
    ("build_year", "visiting_pe_arts_teachers", "plan_status", "build_yaer", "x")
)
_LAYERS = st.sampled_from(("midland", "midland", "midland", "hebei"))
_EXTRAS = st.dictionaries(_LAYERS, st.dictionaries(_NAMES, _VALUES, max_size=3), max_size=2)


@st.composite
def extra_documents(draw: st.DrawFn) -> dict[str, Any]:
    """The midland county with extras drawn at each of the three places, valid or not."""
    document = midland_county()
    places = [document, document["schools"][0], document["schools"][2]["stages"]["junior"]]
    for place in places:
        if draw(st.booleans()):
            place["extra"] = draw(_EXTRAS)
    if draw(st.booleans()):
        document["schools"][1]["extra"] = draw(st.sampled_from(([], "x", None, 1)))
    return document


@pytest.mark.skipif(
    _fastvalidate.validator_name() == "none" or _fastvalidate.PARSER == "none",
    reason="the fast extra is not installed",
)
class TestFastPathAgrees:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(document=extra_documents())
    def test_same_problems_and_county_either_way(self, registry, document):
        """With plugin data fields, the fast path gives the reference's verdict, word for word."""
        raw = json.dumps(document, ensure_ascii=False).encode("utf-8")

        def load() -> Any:
            try:
                return validation.load_county(raw, registry=registry)
            except CountyDataError as error:
                return error.problems

        with reference_only():
            expected = load()

        assert expected == load()
        fast = _fastvalidate.schema_accepts(document, registry.data_fields)
        reference = not any(validation._validator(registry.data_fields).iter_errors(document))
        assert reference == fast


# --------------------------------------------------------------------------- Excel


def _row2(sheet: Any) -> list[Any]:
    return [sheet.cell(2, index).value for index in range(1, sheet.max_column + 1)]


class TestExcel:
    def test_the_template_has_a_column_per_field(self, registry):
        """Schools sheet: layer.field after the school and the stage fields; county: a row."""
        out = io.BytesIO()
        excel.write_template(out, registry=registry)
        workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))

        headers = _row2(workbook[excel.SCHOOLS_SHEET])
        fields = [row[1].value for row in workbook[excel.COUNTY_SHEET].iter_rows(min_row=3)]

        assert headers.index("midland.build_year") < headers.index("stage")
        assert headers[-1] == "midland.visiting_pe_arts_teachers"
        assert "extra.midland.plan_status" in fields
        column = headers.index("midland.build_year") + 1
        assert workbook[excel.SCHOOLS_SHEET].cell(1, column).value == "建校年份（年份）"

    def test_the_template_without_a_declaring_layer_has_no_such_column(self):
        """Without a layer that declares fields, the template is the core contract's."""
        assert not any(column.extra for column in excel.columns(registry=registry_with()))

    def test_json_to_workbook_to_json_keeps_every_value(self, registry):
        """A document with extras survives the workbook, exactly."""
        county = validation.load_county(
            midland_county(build_year=2014, visiting=1.5, plan="adopted"), registry=registry
        )
        out = io.BytesIO()

        excel.write_county(out, county, registry=registry)

        assert excel.load_county(out.getvalue(), registry=registry) == county

    def test_a_bad_cell_is_named_by_sheet_and_cell(self, registry):
        """A build year of 1850 is refused at its cell, with the fragment's words."""
        out = io.BytesIO()
        excel.write_county(out, midland_county(build_year=2014), registry=registry)
        workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
        sheet = workbook[excel.SCHOOLS_SHEET]
        column = _row2(sheet).index("midland.build_year") + 1
        sheet.cell(3, column).value = 1850
        edited = io.BytesIO()
        workbook.save(edited)

        with pytest.raises(CountyDataError) as raised:
            excel.load_county(edited.getvalue(), registry=registry)

        (problem,) = raised.value.problems
        letter = openpyxl.utils.get_column_letter(column)
        assert problem.path.startswith(f"{excel.SCHOOLS_SHEET}!{letter}3")
        assert "must be ≥ 1900" in problem.reason
